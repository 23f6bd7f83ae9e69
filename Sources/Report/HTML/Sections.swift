import Crisis
import Foundation

extension ReportBuilder {
    mutating func displacement() {
        html += "<section id=\"displacement\"><h2>People displaced over time</h2>\n"
        html += "<p>Cumulative people displaced by the end of each day, one chart per conflict schedule, each on its own scale (a schedule that displaces a few thousand would be a flat line on the scale of one that displaces millions): the line is the median across samples, the shaded band the 90% interval (5th–95th percentile). The table compares the schedules.</p>\n<div class=\"maps\">\n"
        for (i, s) in orderedSchedules.enumerated() {
            let series = [LineChart.Series(name: "median", x: s.displacedByDay.indices.map(Double.init), y: s.displacedByDay.map(\.median),
                                           band: (s.displacedByDay.map(\.p05), s.displacedByDay.map(\.p95)), colour: i)]
            var chart = LineChart(title: "People displaced by day: \(s.id)", series: series, xLabel: "day", yLabel: "people displaced (cumulative)")
            chart.width = 560; chart.height = 280; chart.wholeY = true
            html += "<figure><figcaption><b>\(e(s.id))</b>: \(e(s.description))</figcaption>" + chart.render(id: "displaced-\(s.id)") + "</figure>\n"
        }
        html += "</div>\n"
        html += "<div class=\"scroll\"><table class=\"schedules\"><tr><th>Schedule</th><th>Description</th><th>Branches</th><th>Displaced by day \(result.scenario.horizonDays) (median)</th><th>90% interval</th><th>Person-days over capacity (median)</th></tr>\n"
        for s in orderedSchedules {
            let n = result.branches.filter { $0.schedule == s.id }.count
            let last = s.displacedByDay.last
            html += "<tr><td><code>\(e(s.id))</code></td><td>\(e(s.description))</td><td class=\"num\">\(n)</td>"
            html += "<td class=\"num\">\(last.map { figure("schedules.\(s.id).displacedByDay.last.median", $0.median, NumberFormat.count($0.median)) } ?? "")</td>"
            html += "<td class=\"num\">\(last.map { "\(NumberFormat.count($0.p05)) – \(NumberFormat.count($0.p95))" } ?? "")</td>"
            html += "<td class=\"num\">\(figure("schedules.\(s.id).overloadPersonDays.median", s.overloadPersonDays.median, NumberFormat.count(s.overloadPersonDays.median)))</td></tr>\n"
        }
        html += "</table></div>\n"
        presentOverTime()
        if result.schedules.contains(where: { $0.populationByLocation != nil }) { peakPresent() } else { arrivalEvents() }
        html += "</section>\n"
    }

    /// The most people present at each destination, per schedule, each chart on its own
    /// scale. The engine counts arrivals as completed journeys (a town people pass through
    /// counts them each time), not the people who reached a place at least once, which it
    /// does not record: people present are what it can tell, and never exceed the
    /// scenario's people.
    mutating func peakPresent() {
        html += "<h3 id=\"peak\">The most people at each destination at once</h3>\n"
        html += "<p>For each place people fled to, the largest median number of displaced people present there on any recorded day, with the 90% interval on that day as a whisker. \(gridStepText) These are people present at the same time, so no place shows more people than the scenario has. The engine does not record how many different people reached a place at least once; the arrivals it counts are journeys ending there, a person passing through a town counting each time (they are in locations.csv and the hover text of the maps, as journeys).</p>\n<div class=\"maps\">\n"
        for s in orderedSchedules {
            guard let days = s.populationDays, !days.isEmpty else { continue }
            let rows = destinations(s).map { d -> (name: String, peak: Double, low: Double, high: Double, day: Int) in
                let k = d.band.median.indices.max { (d.band.median[$0], -$0) < (d.band.median[$1], -$1) } ?? 0
                return (d.name, d.band.median[k], d.band.p05[k], d.band.p95[k], days[k])
            }.sorted { ($0.peak, $1.name) > ($1.peak, $0.name) }
            guard !rows.isEmpty else { continue }
            var chart = BarChart(title: "The most people present at once: \(s.id)", bars: rows.map { r in
                BarChart.Bar(label: r.name.replacingOccurrences(of: "_", with: " "), value: r.peak, interval: (r.low, r.high),
                             hover: "\(r.name): median \(NumberFormat.count(r.peak)) present on day \(r.day + 1), 90% \(NumberFormat.count(r.low))–\(NumberFormat.count(r.high))")
            }, xLabel: "people present (the peak of the median)")
            chart.width = 560; chart.labelWidth = 150; chart.noteWidth = 60; chart.rowHeight = 20; chart.wholeX = true
            chart.xDomain = LinearScale(domain: (0, max(rows.map(\.high).max() ?? 1, 1)), range: (0, 1), wholeNumbers: true).niced(4).domain
            html += "<figure><figcaption><b>\(e(s.id))</b></figcaption>" + chart.render(id: "peak-\(s.id)") + "</figure>\n"
        }
        html += "</div>\n"
    }

    /// Results stored before people present were recorded: the journeys ending at each
    /// place, said to be journeys (a person passing through counts each time).
    mutating func arrivalEvents() {
        html += "<h3>Journeys ending at each place</h3>\n<p>This result does not record the people present at each place, only the journeys that ended there over the horizon (median, with the 90% interval as a whisker; each chart on its own scale). A person passing through a town counts each time they arrive, so these are not people: they can exceed the number displaced.</p>\n<div class=\"maps\">\n"
        for s in orderedSchedules {
            let rows = s.arrivalsByLocation.filter { $0.value.p95 > 0 }.sorted { ($0.value.median, $1.key) > ($1.value.median, $0.key) }
            guard !rows.isEmpty else { continue }
            var chart = BarChart(title: "Journeys ending at each place: \(s.id)", bars: rows.map { name, a in
                BarChart.Bar(label: name.replacingOccurrences(of: "_", with: " "), value: a.median, interval: (a.p05, a.p95),
                             hover: "\(name): median \(NumberFormat.count(a.median)) journeys, 90% \(NumberFormat.count(a.p05))–\(NumberFormat.count(a.p95))")
            }, xLabel: "journeys ending there (a person may count many times)")
            chart.width = 560; chart.labelWidth = 150; chart.noteWidth = 60; chart.rowHeight = 20; chart.wholeX = true
            chart.xDomain = LinearScale(domain: (0, max(rows.map(\.value.p95).max() ?? 1, 1)), range: (0, 1), wholeNumbers: true).niced(4).domain
            html += "<figure><figcaption><b>\(e(s.id))</b></figcaption>" + chart.render(id: "arrivals-\(s.id)") + "</figure>\n"
        }
        html += "</div>\n"
    }

    /// The places people fled to under a schedule (not its conflict zones), most people
    /// present at their peak first.
    func destinations(_ s: CrisisResult.ScheduleResult) -> [(name: String, band: CrisisResult.BandSeries)] {
        let conflict = zones(s.id)
        return (s.populationByLocation ?? [:]).filter { !conflict.contains($0.key) && ($0.value.p95.max() ?? 0) > 0 }
            .map { (name: $0.key, band: $0.value) }
            .sorted { ($0.band.median.max() ?? 0, $1.name) > ($1.band.median.max() ?? 0, $0.name) }
    }

    /// People present at each destination over time, one chart per schedule (the six
    /// busiest destinations, with 90% bands), and a table of every destination.
    mutating func presentOverTime() {
        guard result.schedules.contains(where: { $0.populationByLocation != nil }) else { return }
        let perChart = 6
        html += "<h3 id=\"present\">People present at each destination over time</h3>\n"
        html += "<p>Displaced people at each place they fled to (camps, towns, crossings; not the conflict zones) at the end of the day, one chart per conflict schedule: the line is the median across samples, the band the 90% interval. Each chart shows the \(perChart) places with the most people at their peak; the table under it lists every place. \(gridStepText)</p>\n<div class=\"maps\">\n"
        for s in orderedSchedules {
            guard let days = s.populationDays, !days.isEmpty else { continue }
            let all = destinations(s)
            html += "<figure class=\"present\"><figcaption><b>\(e(s.id))</b>: \(e(s.description))</figcaption>\n"
            if all.isEmpty {
                html += "<p class=\"sub\">Nobody reaches any destination under this schedule.</p></figure>\n"
                continue
            }
            let shown = all.prefix(perChart)
            let series = shown.enumerated().map { i, d in
                LineChart.Series(name: d.name.replacingOccurrences(of: "_", with: " "), x: days.map(Double.init), y: d.band.median,
                                 band: (d.band.p05, d.band.p95), colour: i)
            }
            var chart = LineChart(title: "People present by destination: \(s.id)", series: series, xLabel: "day", yLabel: "people present")
            chart.width = 560; chart.height = 320; chart.wholeY = true
            html += chart.render(id: "present-\(s.id)") + "\n"
            if all.count > perChart {
                html += "<p class=\"sub\">\(all.count - perChart) more places hold fewer people (in the table).</p>\n"
            }
            let last = days.last!
            html += "<details><summary>Every destination (\(all.count))</summary><div class=\"scroll\"><table class=\"present\"><tr><th>Place</th><th>Day \(last + 1), median</th><th>90% interval</th><th>Peak of the median</th></tr>\n"
            for d in all {
                let end = d.band.median.last ?? 0
                let peak = d.band.median.max() ?? 0
                let peakDay = days[d.band.median.firstIndex(of: peak) ?? 0]
                html += "<tr><td>\(e(d.name.replacingOccurrences(of: "_", with: " ")))</td>"
                html += "<td class=\"num\">\(figure("schedules.\(s.id).populationByLocation.\(d.name).last.median", end, NumberFormat.count(end)))</td>"
                html += "<td class=\"num\">\(e(NumberFormat.count(d.band.p05.last ?? 0))) – \(e(NumberFormat.count(d.band.p95.last ?? 0)))</td>"
                html += "<td class=\"num\">\(e(NumberFormat.count(peak))) on day \(peakDay + 1)</td></tr>\n"
            }
            html += "</table></div></details></figure>\n"
        }
        html += "</div>\n"
    }

    /// How often the curves are recorded, from the result's grid of days.
    var gridStepText: String {
        guard let d = result.schedules.compactMap(\.populationDays).first, d.count > 2, d[1] - d[0] > 1 else {
            return "Figures are recorded every day."
        }
        return "Figures are recorded every \(d[1] - d[0]) days from day 1, and on the last day."
    }

    mutating func pivot() {
        html += "<section id=\"pivot\"><h2>What tips it: the pivot analysis</h2>\n"
        html += "<p>Each bar is how much of each consequence's range across branches an input or a choice moves (0–1, the mean normalised swing). Red bars can flip the equilibrium path. The first is the fulcrum.</p>\n"
        let entries = Array(result.pivot.ranking.prefix(20))
        let sweeps = Dictionary(result.pivot.sweeps.map { ($0.input, $0) }, uniquingKeysWith: { a, _ in a })
        var chart = BarChart(title: "Pivot ranking (tornado)", bars: entries.map { en in
            let sw = sweeps[en.name]
            var note = en.flipsPath ? "flips the path" : ""
            if let sw, !sw.tippingPoints.isEmpty { note = "tips at " + sw.tippingPoints.map { NumberFormat.value($0.value) }.joined(separator: ", ") }
            let name = pivotName(en)
            return BarChart.Bar(label: name, value: en.score, highlight: en.flipsPath, note: note,
                                hover: "\(name): score \(NumberFormat.value(en.score))" + (sw.map { "\n\($0.input)\nsource: \($0.provenance)" } ?? ""))
        }, xLabel: "normalised swing of the expected consequences")
        chart.xDomain = (0, max(0.0001, LinearScale(domain: (0, entries.map(\.score).max() ?? 1), range: (0, 1)).niced(5).domain.1))
        chart.valueText = NumberFormat.value
        chart.width = 1000; chart.labelWidth = 340; chart.noteWidth = 260
        html += chart.render(id: "tornado") + "\n"

        let tipping = result.pivot.sweeps.filter { !$0.tippingPoints.isEmpty }
        html += "<h3>Tipping points</h3>\n"
        if tipping.isEmpty {
            html += "<p>No input, swept alone across its 2–98% range with the others at their medians, changes the equilibrium path.</p>\n"
        } else {
            html += "<p>Each input swept alone over its 2–98% range (others at their medians). The dot is the median; red ticks are tipping points, where the equilibrium path changes.</p>\n"
            html += tippingSVG(tipping)
            html += "<div class=\"scroll\"><table class=\"tipping\"><tr><th>Input</th><th>Range swept</th><th>Median</th><th>Tipping point</th><th>Below it (only the steps that differ)</th><th>Above it</th><th>Source</th></tr>\n"
            for s in tipping {
                for (k, t) in s.tippingPoints.enumerated() {
                    html += "<tr><td>\(s.label.map { e($0) + "<br>" } ?? "")<code>\(e(s.input))</code></td><td class=\"num\">\(e(NumberFormat.value(s.low))) – \(e(NumberFormat.value(s.high)))</td><td class=\"num\">\(e(NumberFormat.value(s.nominal)))</td>"
                    html += "<td class=\"num\">\(figure("pivot.sweeps.\(s.input).tippingPoints.\(k).value", t.value, NumberFormat.value(t.value)))</td>"
                    let (below, above) = pathDifference(pathText(t.below), pathText(t.above))
                    html += "<td title=\"\(e(pathText(t.below)))\">\(e(below))</td><td title=\"\(e(pathText(t.above)))\">\(e(above))</td><td class=\"prov\">\(e(s.provenance))</td></tr>\n"
                }
            }
            html += "</table></div>\n"
        }
        if !result.pivot.players.isEmpty {
            html += "<h3>Forcing each actor's choice</h3>\n<div class=\"scroll\"><table class=\"forcing\"><tr><th>Actor</th><th>Forced choice</th><th>Changes the path in</th>"
            for c in result.consequences { html += "<th>\(e(c.id.replacingOccurrences(of: "_", with: " ")))<div class=\"sub\">median</div></th>" }
            html += "</tr>\n"
            for p in result.pivot.players {
                for o in p.options {
                    html += "<tr><td>\(e(actorName(p.player)))</td><td>\(e(o.label))</td><td class=\"num\">\(e(NumberFormat.percent(o.changesPath)))</td>"
                    for c in result.consequences { html += "<td class=\"num\">\(o.expectedConsequences[c.id].map { e(NumberFormat.compact($0.median)) } ?? "")</td>" }
                    html += "</tr>\n"
                }
            }
            html += "</table></div>\n"
        }
        html += "</section>\n"
    }

    /// Two readable paths with the steps they share at the same place left out.
    func pathDifference(_ a: String, _ b: String) -> (String, String) {
        let x = a.components(separatedBy: " → "), y = b.components(separatedBy: " → ")
        guard x.count == y.count, x.count > 1 else { return (a, b) }
        let keep = x.indices.filter { x[$0] != y[$0] }
        if keep.isEmpty { return (a, b) }
        return (keep.map { x[$0] }.joined(separator: " → "), keep.map { y[$0] }.joined(separator: " → "))
    }

    /// A path key (action ids joined) made readable with the tree's labels where possible.
    func pathText(_ key: String) -> String {
        if let br = result.branches.first(where: { $0.id == key }) { return br.labels.joined(separator: " → ") }
        if let p = result.paths.first(where: { $0.key == key }) { return p.steps.map(\.label).joined(separator: " → ") }
        // A path key lists `player:action` choices; name them with the tree's labels.
        let labels = Dictionary(context.nodes.flatMap { n -> [(String, String)] in
            guard let player = n.player else { return [] }
            return n.branches.map { ("\(player):\($0.id)", $0.label) }
        }, uniquingKeysWith: { a, _ in a })
        let parts = key.split(separator: " ").map(String.init)
        guard !parts.isEmpty, parts.allSatisfy({ labels[$0] != nil }) else { return key }
        return parts.map { "\(actorName(String($0.split(separator: ":")[0]))): \(labels[$0]!)" }.joined(separator: " → ")
    }

    /// Each swept input on its own line, the median as a dot, each tipping point as a red
    /// tick with its value. The values are placed by `LabelPlacement` around their ticks,
    /// clear of each other, the lines, the dots and the other text, so two tipping points
    /// close together never overprint; a value with no room is left to the tick's hover
    /// text and the table below.
    func tippingSVG(_ sweeps: [PivotResult.Sweep]) -> String {
        let w = 1000.0, row = 40.0, left = 380.0, right = 40.0, top = 30.0
        let height = top + row * Double(sweeps.count)
        var c = SVGCanvas(width: w, height: height, title: "Tipping points of the swept inputs")
        var placer = LabelPlacement(width: w, height: height)
        placer.charWidth = Self.tipCharWidth
        func box(_ x: Double, _ baseline: Double, _ text: String, anchor: String, charWidth: Double = Self.tipCharWidth) -> LabelPlacement.Box {
            let width = Double(text.count) * charWidth
            let x0 = anchor == "end" ? x - width : anchor == "middle" ? x - width / 2 : x
            return .init(x0: x0, y0: baseline + placer.descent - placer.lineHeight, x1: x0 + width, y1: baseline + placer.descent)
        }
        var obstacles: [LabelPlacement.Box] = []
        var labels: [LabelPlacement.Label] = []
        for (i, s) in sweeps.enumerated() {
            let y = top + Double(i) * row
            let lo = min(s.low, s.high), hi = max(s.low, s.high)
            let x = LinearScale(domain: (lo, hi == lo ? lo + 1 : hi), range: (left, w - right))
            let fit = Int((left - 14) / 6.6)
            // Words read from the start; a path (an older stored result) from its end.
            let name = s.label.map { $0.count > fit ? String($0.prefix(fit - 1)) + "…" : $0 }
                ?? (s.input.count > fit ? "…" + String(s.input.suffix(fit - 1)) : s.input)
            c.text(left - 10, y + 4, name, cls: "bar-label", anchor: "end", hover: "\(s.label.map { $0 + "\n" } ?? "")\(s.input)\nsource: \(s.provenance)")
            c.line(x(lo), y, x(hi), y, cls: "sweep")
            let ends = [(x(lo), NumberFormat.value(lo)), (x(hi), NumberFormat.value(hi))]
            for (ex, text) in ends { c.text(ex, y + 16, text, cls: "tick", anchor: "middle") }
            c.circle(x(s.nominal), y, 4, cls: "nominal", hover: "median \(NumberFormat.value(s.nominal))")
            obstacles += [box(left - 10, y + 4, name, anchor: "end", charWidth: 6.6), .init(x0: x(lo), y0: y - 1.5, x1: x(hi), y1: y + 1.5),
                          .init(x0: x(s.nominal) - 4, y0: y - 4, x1: x(s.nominal) + 4, y1: y + 4)]
            obstacles += ends.map { box($0.0, y + 16, $0.1, anchor: "middle") }
            for t in s.tippingPoints {
                c.line(x(t.value), y - 9, x(t.value), y + 9, cls: "tip", hover: "tips at \(NumberFormat.value(t.value)): \(pathText(t.below)) → \(pathText(t.above))",
                       extra: [("data-input", s.input), ("data-value", String(t.value))])
                labels.append(.init(x: x(t.value), y: y, text: NumberFormat.value(t.value), radius: 9))
            }
        }
        for (l, placed) in zip(labels, placer.place(labels, obstacles: obstacles)) {
            guard let placed else { continue }
            if placed.leader {
                let b = placed.box
                c.line(l.x, l.y, min(max(l.x, b.x0), b.x1), min(max(l.y, b.y0), b.y1), cls: "leader")
            }
            c.text(placed.x, placed.y, l.text, cls: "tip-label", anchor: placed.anchor)
        }
        return c.render(id: "tipping-chart") + "\n"
    }

    /// The width the tipping chart allows a character of its 11 px labels (errs wide).
    static let tipCharWidth = 6.5

    mutating func bargaining() {
        html += "<section id=\"bargaining\"><h2>Bargaining forecasts</h2>\n"
        guard !result.bargaining.isEmpty else { html += "<p>This scenario has no contested issues.</p>\n</section>\n"; return }
        html += "<p>Each contested issue on a 0–100 scale between its anchors. Lines: each actor's position, round by round, in the bargaining model at the median inputs (with this run's what-ifs applied); dashed: the forecast; grey band: the forecast's 90% interval across the Monte Carlo samples.</p>\n<div class=\"maps\">\n"
        for f in result.bargaining {
            html += "<figure class=\"issue\"><figcaption><b>\(e(f.title))</b> — forecast \(figure("bargaining.\(f.issue).forecast", f.forecast, NumberFormat.value(f.forecast))) (90%: \(figure("bargaining.\(f.issue).p05", f.distribution.p05, NumberFormat.value(f.distribution.p05)))–\(figure("bargaining.\(f.issue).p95", f.distribution.p95, NumberFormat.value(f.distribution.p95)))), weighted mean \(e(NumberFormat.value(f.weightedMean))), model \(e(f.model))</figcaption>\n"
            var series: [LineChart.Series] = []
            if let r = f.rounds {
                for (k, actor) in r.actors.enumerated() {
                    series.append(.init(name: { let n = actorName(actor); return n.count <= 18 ? n : actor }(), x: r.positions.indices.map(Double.init), y: r.positions.map { $0[k] }, colour: k))
                }
            } else {
                series.append(.init(name: "forecast", x: [0, 1], y: [f.forecast, f.forecast], colour: 0))
            }
            let n = Double(max(1, (f.rounds?.positions.count ?? 2) - 1))
            series.insert(.init(name: "90% of samples", x: [0, n], y: [f.distribution.median, f.distribution.median],
                                band: ([f.distribution.p05, f.distribution.p05], [f.distribution.p95, f.distribution.p95]), colour: 7, dashed: true), at: 0)
            var chart = LineChart(title: "Positions by round: \(f.title)", series: series, xLabel: "round", yLabel: "position (0–100)")
            chart.yDomain = (0, 100)
            chart.width = 580; chart.height = 300
            chart.references = [.init(y: f.forecast, label: "forecast \(NumberFormat.value(f.forecast))")]
            html += chart.render(id: "issue-\(f.issue)")
            let anchors = f.anchors.keys.sorted { (Double($0) ?? 0) < (Double($1) ?? 0) }.map { "\($0): \(f.anchors[$0]!)" }
            html += "<p class=\"sub\">\(e(anchors.joined(separator: " · ")))</p></figure>\n"
        }
        html += "</div>\n</section>\n"
    }

    mutating func provenance() {
        html += "<section id=\"provenance\"><h2>Where every number comes from</h2>\n"
        html += "<p>Every input of the scenario with its value (the median when uncertain), its distribution and its source: a paragraph of a source text, a public figure, or a stated assumption. Uncertain inputs are the ones the Monte Carlo draws.</p>\n"
        html += "<div class=\"scroll\"><table class=\"provenance\"><tr><th>Input</th><th>Value</th><th>Distribution</th><th>Source</th></tr>\n"
        for q in context.inputs {
            let overridden = result.run.overrides[q.path] != nil
            html += "<tr class=\"\(q.isUncertain ? "uncertain" : "fixed")\(overridden ? " overridden" : "")\" title=\"\(e(q.provenance))\"><td><code>\(e(q.path))</code></td>"
            // A fixed value as the scenario states it; an uncertain one's median is computed.
            let value = q.isUncertain ? "<td class=\"num\">\(e(NumberFormat.value(q.value)))" : "<td class=\"num stated\">\(e(NumberFormat.stated(q.value)))"
            html += "\(value)\(overridden ? " <b>(what-if)</b>" : "")</td><td>\(e(distributionText(q.distribution)))</td><td class=\"prov\">\(e(q.provenance))</td></tr>\n"
        }
        html += "</table></div>\n"
        if !context.sources.isEmpty {
            html += "<h3>Sources</h3>\n<ul class=\"sources\">\n"
            for s in context.sources {
                html += "<li><code>\(e(s.id))</code>: \(e(s.title))\(s.date.map { " (\(e($0)))" } ?? "")\(s.url.map { " — \(e($0))" } ?? "")</li>\n"
            }
            html += "</ul>\n"
        }
        html += "</section>\n"
    }

    func distributionText(_ d: CrisisContext.Distribution) -> String {
        let v = NumberFormat.stated, p = d.parameters
        switch (d.kind, p.count) {
        case ("uniform", 2): return "uniform \(v(p[0]))–\(v(p[1]))"
        case ("triangular", 3): return "triangular \(v(p[0])), mode \(v(p[1])), \(v(p[2]))"
        case ("normal", 4): return "normal(\(v(p[0])), sd \(v(p[1])))" + (p[2].isFinite || p[3].isFinite ? " in [\(v(p[2])), \(v(p[3]))]" : "")
        case ("beta", 4): return "beta(\(v(p[0])), \(v(p[1]))) on [\(v(p[2])), \(v(p[3]))]"
        case ("lognormal", 2): return "lognormal(μ \(v(p[0])), σ \(v(p[1])))"
        case ("empirical", 3): return "calibrated: \(Int(p[0])) posterior draws, 90% \(NumberFormat.range(p[1], p[2]))"
        default: return d.kind
        }
    }
}

extension ReportBuilder {
    /// The scenario's episodes against what was observed: bands of people displaced with
    /// the observed counts on them, each count's interval and scores, and destination
    /// shares side by side.
    mutating func backtest() {
        guard let b = result.backtest else { return }
        html += "<section id=\"backtest\"><h2>The model against the record</h2>\n"
        html += "<p>Each episode is a past event before \(e(result.scenario.asOf)), re-run \(b.samples) times over the scenario's uncertainty "
        html += b.calibrated ? "with its calibrated inputs (\(e(b.calibration ?? "posterior.json"))). " : "with every input at its own distribution (no calibration). "
        html += "Points are what was counted; the line and band are the model's median and 90% interval. Scores: docs/calibration.md.</p>\n"
        for (k, ep) in b.episodes.enumerated() {
            html += "<h3>\(e(ep.title)) <span class=\"sub\">from \(e(ep.start)), \(ep.days) days</span></h3>\n"
            var chart = LineChart(title: "People displaced by day: \(ep.title)", series: [
                LineChart.Series(name: "model", x: ep.displacedByDay.indices.map(Double.init), y: ep.displacedByDay.map(\.median),
                                 band: (ep.displacedByDay.map(\.p05), ep.displacedByDay.map(\.p95)), colour: 0),
            ], xLabel: "day of the episode", yLabel: "people displaced (cumulative)")
            chart.points = ep.observations.filter { $0.measure == "displaced" }.map {
                LineChart.Point(x: Double($0.day), y: $0.observed, label: "observed \($0.date): \(NumberFormat.count($0.observed))")
            }
            chart.width = 700; chart.height = 280; chart.wholeY = true
            html += chart.render(id: "backtest-\(k)") + "\n"
            html += "<div class=\"scroll\"><table class=\"backtest\"><tr><th>Date</th><th>Counted</th><th>Observed</th><th>Model median</th><th>50% interval</th><th>90% interval</th><th>CRPS</th><th>Median ÷ observed</th><th>Source</th></tr>\n"
            for (j, o) in ep.observations.enumerated() {
                let key = "backtest.episodes.\(k).observations.\(j)"
                html += "<tr\(o.inside90 ? "" : " class=\"miss\"")><td>\(e(o.date))</td><td>\(e(o.measure))</td>"
                html += "<td class=\"num\">\(figure("\(key).observed", o.observed, NumberFormat.count(o.observed)))</td>"
                html += "<td class=\"num\">\(figure("\(key).median", o.median, NumberFormat.count(o.median)))</td>"
                html += "<td class=\"num\">\(NumberFormat.count(o.p25)) – \(NumberFormat.count(o.p75))</td>"
                html += "<td class=\"num\">\(NumberFormat.count(o.p05)) – \(NumberFormat.count(o.p95))</td>"
                html += "<td class=\"num\">\(NumberFormat.count(o.crps))</td><td class=\"num\">\(o.bias.map { NumberFormat.value($0) } ?? "—")</td>"
                html += "<td class=\"sub\">\(e(o.source))</td></tr>\n"
            }
            html += "</table></div>\n"
            var scores = ["relative CRPS \(NumberFormat.value(ep.relativeCRPS))",
                          "\(NumberFormat.percent(ep.coverage50)) of counts inside the 50% interval, \(NumberFormat.percent(ep.coverage90)) inside the 90%"]
            if let a = ep.ard { scores.insert("ARD \(NumberFormat.value(a))", at: 0) }
            html += "<p>Scores: " + scores.map(e).joined(separator: " · ") + ".</p>\n"
            if let d = ep.destinations {
                html += "<div class=\"scroll\"><table class=\"shares\"><caption>Where the displaced were on \(e(d.date)): share of the people displaced by then (total variation \(NumberFormat.value(d.totalVariation)))</caption>"
                html += "<tr><th>Place or area</th><th>Model</th><th>Observed</th><th></th></tr>\n"
                for s in d.shares {
                    html += "<tr><td>\(e(s.destination))</td><td class=\"num\">\(NumberFormat.percent(s.predicted))</td><td class=\"num\">\(NumberFormat.percent(s.observed))</td>"
                    html += "<td><svg class=\"pair\" width=\"160\" height=\"14\"><rect class=\"model\" x=\"0\" y=\"0\" width=\"\(px(160 * min(1, s.predicted)))\" height=\"6\"/><rect class=\"record\" x=\"0\" y=\"8\" width=\"\(px(160 * min(1, s.observed)))\" height=\"6\"/></svg></td></tr>\n"
                }
                html += "</table></div>\n"
            }
        }
        html += "</section>\n"
    }
}
