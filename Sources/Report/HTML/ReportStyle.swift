/// The report's stylesheet, inline so the file stands alone. Colours are from a
/// colour-blind-safe palette (Okabe–Ito) and print legibly in greyscale.
enum ReportStyle {
    static let css = """
    :root { --ink:#1d2430; --muted:#5b6472; --line:#d5d9e0; --accent:#c0392b; --path:#d35400; }
    body { font: 15px/1.45 -apple-system, "Segoe UI", Roboto, "DejaVu Sans", sans-serif; color: var(--ink); margin: 0; background: #fafbfc; }
    main { max-width: 1180px; margin: 0 auto; padding: 12px 28px 40px; background: #fff; }
    h1 { font-size: 26px; margin: 12px 0 4px; } h2 { font-size: 20px; border-bottom: 2px solid var(--line); padding-bottom: 4px; margin-top: 34px; }
    h3 { font-size: 16px; margin-top: 22px; }
    .meta, .sub, footer, .legend { color: var(--muted); font-size: 13px; }
    nav a { color: #1f5fa8; text-decoration: none; } nav { font-size: 14px; margin: 6px 0; }
    .overrides code { word-break: break-all; }
    .overrides { background: #fff4d6; padding: 6px 10px; border-left: 4px solid #e0a800; }
    .headline { font-size: 17px; } .fulcrum { font-size: 16px; background: #f3f6fa; padding: 6px 10px; border-left: 4px solid var(--path); }
    table { border-collapse: collapse; margin: 10px 0; font-size: 13.5px; }
    caption { text-align: left; font-weight: 600; padding: 4px 0; }
    th, td { border-bottom: 1px solid var(--line); padding: 4px 8px; text-align: left; vertical-align: top; }
    th { background: #f1f3f6; } td.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
    td.prov { color: var(--muted); font-size: 12.5px; max-width: 420px; }
    tr.uncertain td:first-child { border-left: 3px solid #0072b2; } tr.overridden { background: #fff4d6; }
    code { font-size: 12.5px; }
    svg.chart { max-width: 100%; height: auto; display: block; margin: 8px 0; font-size: 12px; }
    svg text { fill: var(--ink); } .tick { fill: var(--muted); font-size: 11px; } .axis-label { font-size: 12px; fill: var(--muted); }
    .axis { stroke: #8a93a0; stroke-width: 1; } .grid { stroke: #eceef2; stroke-width: 1; }
    .line { fill: none; stroke-width: 2.2; } .line.dashed { stroke-dasharray: 5 4; stroke-width: 1.5; }
    .observed { fill: #fff; stroke: #000; stroke-width: 2; } tr.miss td { background: #fdecea; }
    svg.pair .model { fill: #3b6fb6; } svg.pair .record { fill: #333; }
    .band { stroke: none; opacity: 0.18; } .reference { stroke: #333; stroke-dasharray: 6 4; stroke-width: 1.3; }
    .ref-label, .note { font-size: 11.5px; fill: var(--muted); }
    .series-0 { stroke:#d55e00; fill:#d55e00; } .series-1 { stroke:#0072b2; fill:#0072b2; } .series-2 { stroke:#009e73; fill:#009e73; }
    .series-3 { stroke:#cc79a7; fill:#cc79a7; } .series-4 { stroke:#e69f00; fill:#e69f00; } .series-5 { stroke:#56b4e9; fill:#56b4e9; }
    .series-6 { stroke:#7f6d00; fill:#7f6d00; } .series-7 { stroke:#777; fill:#777; }
    path.line { fill: none; } text.series-label { stroke: none; font-size: 11.5px; }
    .bar { fill: #7a9cc6; } .bar.highlight { fill: var(--accent); } .bar-label { font-size: 12px; } .bar-value { font-size: 11px; fill: var(--muted); }
    .whisker { stroke: #333; stroke-width: 1.2; }
    .edge { fill: none; stroke: #b8bec8; stroke-width: 1.3; } .edge.on-path { stroke: var(--path); stroke-width: 4; }
    .edge-label { font-size: 11px; fill: var(--muted); } .edge-label.on-path { fill: var(--path); font-weight: 600; }
    .node { stroke: #fff; stroke-width: 1.5; } .node.decision { fill: #1f5fa8; } .node.chance { fill: #7f6d00; } .node.leaf { fill: #8a93a0; }
    .node.leaf.on-path { fill: var(--path); } .node-label { font-size: 11px; font-weight: 600; }
    .leaf-note { font-size: 11px; fill: var(--muted); } .leaf-note.on-path { fill: var(--path); font-weight: 600; }
    .route { stroke: #c9ced6; stroke-width: 1.5; } .flow { stroke: #0072b2; stroke-opacity: 0.6; stroke-linecap: butt; }
    .arrowhead { fill: #0072b2; fill-opacity: 0.8; } .place { fill: #5b6472; stroke: #fff; } .place.conflict { fill: var(--accent); }
    .camp { stroke: #333; stroke-width: 1; } .cap-ok { fill: #ffffff; background: #fff; } .cap-1 { fill: #fdd49e; background: #fdd49e; }
    .cap-2 { fill: #fc8d59; background: #fc8d59; } .cap-3 { fill: #b30000; background: #b30000; } .conflict { background: var(--accent); }
    .place-label { font-size: 10.5px; paint-order: stroke; stroke: #fff; stroke-width: 3px; }
    .scalebar { stroke: #333; stroke-width: 2; } .leader { stroke: #8a93a0; stroke-width: 0.8; }
    .sw { display: inline-block; width: 11px; height: 11px; border: 1px solid #333; margin: 0 3px 0 10px; vertical-align: -1px; }
    .maps { display: flex; flex-wrap: wrap; gap: 12px 24px; } .maps > figure { min-width: 0; max-width: 100%; } figure { margin: 0; } figcaption { font-size: 13.5px; max-width: 560px; } figure.map figcaption { max-width: none; }
    .sweep { stroke: #8a93a0; stroke-width: 3; } .nominal { fill: #1f5fa8; } .tip { stroke: var(--accent); stroke-width: 3; } .tip-label { fill: var(--accent); font-size: 11px; }
    .scroll { overflow-x: auto; max-width: 100%; } th.wide, td.wide { min-width: 320px; }
    .leaf-note.folded { font-style: italic; } details { margin: 8px 0; } summary { cursor: pointer; color: #1f5fa8; }
    .fig { font-weight: 600; } .scenario-text { font-size: 16px; max-width: 900px; }
    @media print { main { max-width: none; } nav { display: none; } }

    """
}
