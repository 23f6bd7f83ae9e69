import Crisis
import Foundation
import Report
import Scenario
import Store

/// The workbench's pages: plain HTML forms that work without JavaScript (a few lines
/// of script only keep a slider and its number field in step and refresh progress).
enum Pages {
    static func e(_ s: String) -> String { escapeXML(s) }

    static func page(_ title: String, _ body: String, refresh: Int? = nil) -> String {
        """
        <!DOCTYPE html>
        <html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
        \(refresh.map { "<meta http-equiv=\"refresh\" content=\"\($0)\">" } ?? "")
        <title>\(e(title)) — Fulcrum workbench</title>
        <style>\(css)</style></head>
        <body><header class="wb"><a href="/"><b>Fulcrum workbench</b></a> · <a href="/">New run</a> · <a href="/runs">Runs</a></header>
        <main>\(body)</main></body></html>
        """
    }

    static let css = """
    body { font: 15px/1.45 -apple-system, "Segoe UI", Roboto, "DejaVu Sans", sans-serif; margin: 0; color: #1d2430; background: #fafbfc; }
    header.wb { background: #1d2430; color: #fff; padding: 8px 20px; } header.wb a { color: #fff; text-decoration: none; margin-right: 6px; }
    main { max-width: 1180px; margin: 0 auto; padding: 10px 24px 40px; background: #fff; }
    table { border-collapse: collapse; font-size: 14px; } th, td { border-bottom: 1px solid #d5d9e0; padding: 5px 8px; text-align: left; vertical-align: top; }
    th { background: #f1f3f6; } td.num { text-align: right; font-variant-numeric: tabular-nums; }
    .input-row td { padding: 8px; } input[type=range] { width: 260px; vertical-align: middle; } input[type=number] { width: 130px; }
    .prov { color: #5b6472; font-size: 12.5px; max-width: 420px; } .path { font-family: monospace; font-size: 13px; }
    .input-row .path { font-size: 11.5px; color: #5b6472; word-break: break-all; } .input-row .label { font-weight: 600; }
    tr.group-head th { background: #e4e9f1; font-size: 15px; padding-top: 14px; } .group-note { font-weight: normal; color: #5b6472; font-size: 12.5px; }
    .changed { background: #fff4d6; } button, .button { background: #1f5fa8; color: #fff; border: 0; padding: 8px 16px; border-radius: 4px; font-size: 15px; cursor: pointer; text-decoration: none; }
    button.cancel { background: #c0392b; } progress { width: 420px; height: 18px; } .error { color: #c0392b; white-space: pre-wrap; }
    .side { display: flex; gap: 12px; } .side iframe { flex: 1; height: 1400px; border: 1px solid #d5d9e0; }
    td.whatif { word-break: break-all; max-width: 360px; font-size: 12px; }
    .delta-pos { color: #b03a2e; } .delta-neg { color: #1e7d4f; }
    """

    // Slider bounds and values are written to seven significant digits: a browser reads
    // and writes them with fewer digits than a Double has, and a 17-digit maximum can read
    // back just below the slider's own value at that maximum, which blocks the form.

    /// The slider range of an uncertain input: its 1% and 99% quantiles (the support
    /// for bounded distributions whose quantiles coincide with it).
    static func sliderRange(_ d: Distribution) -> (Double, Double) {
        var lo = d.quantile(0.01), hi = d.quantile(0.99)
        if !(lo.isFinite && hi.isFinite) || lo >= hi { lo = d.support.lowerBound; hi = d.support.upperBound }
        if !(lo.isFinite && hi.isFinite) || lo >= hi { lo = d.nominal * 0.5; hi = d.nominal * 1.5 + 1 }
        return (lo, hi)
    }

    static func num(_ x: Double) -> String {
        // Shortest text that reads back as the same Double, so an untouched field round-trips exactly.
        x == x.rounded() && abs(x) < 1e15 ? String(Int64(x)) : String(x)
    }

    static func index(source: ScenarioSource, scenario: Result<Scenario, Error>, samples: Int, seed: UInt64, recent: [RunStore.Row],
                      folders: [(path: String, title: String?)] = [], root: String? = nil) -> String {
        var b = "<h1>Try an assumption</h1>\n"
        b += "<form method=\"get\" action=\"/\" class=\"pick\"><label>Scenario: <input type=\"text\" name=\"scenario\" size=\"60\" value=\"\(e(source.text))\" placeholder=\"built-in or a scenario folder path\"></label> <button type=\"submit\">Load</button> <span class=\"prov\">“built-in” is the Idlib (7 September 2018) scenario; or give a scenario folder \(root.map { "inside <code>\(e($0))</code> (its name or path)" } ?? "on this machine").</span></form>\n"
        if !folders.isEmpty {
            // A scenario is named by its title; the folder is said beside it, since two may share a title.
            b += "<p class=\"prov\">Scenarios here: <a href=\"/\">\(e(Scenario.title(directory: Scenario.builtInDirectory) ?? "built-in")) (built-in)</a>" + folders.map { f in
                var allowed = CharacterSet.alphanumerics; allowed.insert(charactersIn: "-._~/")
                let folder = (f.path as NSString).lastPathComponent
                return " · <a href=\"/?scenario=\(f.path.addingPercentEncoding(withAllowedCharacters: allowed) ?? "")\">\(e(f.title ?? folder))</a> <span class=\"folder\">(\(e(folder)))</span>"
            }.joined() + "</p>\n"
        }
        switch scenario {
        case .failure(let error):
            b += "<p class=\"error\">\(e(String(describing: error)))</p>"
        case .success(let s):
            b += "<h2>\(e(s.metadata.title))</h2><p>\(e(s.metadata.description))</p>\n"
            b += "<form method=\"post\" action=\"/runs\" id=\"run-form\" novalidate><input type=\"hidden\" name=\"scenario\" value=\"\(e(source.text))\">\n"
            b += "<p><label>Monte Carlo samples <input type=\"number\" name=\"samples\" min=\"1\" value=\"\(samples)\"></label> <label>Seed <input type=\"number\" name=\"seed\" min=\"0\" value=\"\(seed)\"></label> <button type=\"submit\" id=\"run\">Run</button></p>\n"
            b += "<p>Each uncertain input starts at its median. Move a slider or type a value to fix it for this run (a what-if); inputs left at their median keep their full uncertainty in the Monte Carlo.</p>\n"
            b += "<table class=\"inputs\"><tr><th>Input</th><th>Value</th><th>Distribution and source</th></tr>\n"
            for group in InputGroups(s).groups {
                b += "<tbody class=\"group\"><tr class=\"group-head\"><th colspan=\"3\">\(e(group.title)) <span class=\"group-note\">\(e(group.note))</span></th></tr>\n"
                for item in group.items {
                    let (k, input) = (item.index, item.input)
                    let (lo, hi) = sliderRange(input.distribution)
                    let nominal = input.distribution.nominal
                    // Seven significant digits: within the server's "untouched" tolerance of the median.
                    let shown = String(format: "%.7g", nominal)
                    b += "<tr class=\"input-row\" data-path=\"\(e(input.path))\"><td><div class=\"label\">\(e(item.label))</div><div class=\"path\">\(e(input.path))</div></td><td>"
                    b += "<input type=\"range\" id=\"s\(k)\" name=\"s.\(e(input.path))\" min=\"\(String(format: "%.7g", lo))\" max=\"\(String(format: "%.7g", hi))\" step=\"any\" value=\"\(shown)\" data-nominal=\"\(shown)\" oninput=\"document.getElementById('v\(k)').value=this.value;mark(this)\" aria-label=\"\(e(group.title)): \(e(item.label))\"> "
                    b += "<input type=\"number\" id=\"v\(k)\" name=\"v.\(e(input.path))\" step=\"any\" value=\"\(shown)\" data-nominal=\"\(shown)\" oninput=\"document.getElementById('s\(k)').value=this.value;mark(this)\">"
                    b += "</td><td><div>\(e(input.distribution.name)) · median \(e(NumberFormat.value(nominal))) · range <span class=\"range\">\(e(NumberFormat.range(lo, hi)))</span></div><div class=\"prov\">\(e(input.provenance.description))</div></td></tr>\n"
                }
                b += "</tbody>\n"
            }
            b += "</table>\n<p><label>Other what-ifs, one <code>PATH=VALUE</code> a line (any value of the scenario, as listed by <code>fulcrum describe</code>):<br><textarea name=\"extra\" rows=\"3\" cols=\"70\"></textarea></label></p>\n"
            b += "<p><button type=\"submit\">Run</button></p></form>\n"
            b += "<script>function mark(el){el.closest('tr').classList.toggle('changed', el.value!==el.dataset.nominal)}</script>\n"
        }
        if !recent.isEmpty {
            b += "<h2>Recent runs</h2>" + runsTable(recent)
        }
        return page("New run", b)
    }

    static func runsTable(_ rows: [RunStore.Row]) -> String {
        var b = "<form method=\"get\" action=\"/compare\"><table class=\"runs\"><tr><th>A</th><th>B</th><th>Run</th><th>Started (UTC)</th><th>Scenario</th><th>Samples</th><th>Seed</th><th>What-ifs</th><th>Most likely path</th><th>Share</th></tr>\n"
        for (i, r) in rows.enumerated() {
            b += "<tr><td><input type=\"radio\" name=\"a\" value=\"\(r.id)\"\(i == 1 ? " checked" : "")></td><td><input type=\"radio\" name=\"b\" value=\"\(r.id)\"\(i == 0 ? " checked" : "")></td>"
            b += "<td><a href=\"/runs/\(r.id)\">run \(r.id)</a></td><td>\(e(String(r.startedAt.prefix(19)).replacingOccurrences(of: "T", with: " ")))</td><td>\(e(r.scenarioTitle)) <span class=\"folder\">(\(e(r.scenarioID)))</span></td>"
            b += "<td class=\"num\">\(r.samples)</td><td class=\"num\">\(e(r.seed))</td><td class=\"path whatif\">\(whatIfs(r.overrides))</td><td>\(e(r.modalPath))</td><td class=\"num\">\(e(NumberFormat.percent(r.modalProbability)))</td></tr>\n"
        }
        b += "</table><p><button type=\"submit\">Compare A and B side by side</button></p></form>\n"
        return b
    }

    /// Overrides as `path = value` lines.
    static func whatIfs(_ json: String) -> String {
        guard let d = try? JSONDecoder().decode([String: Double].self, from: Data(json.utf8)), !d.isEmpty else { return "—" }
        return d.keys.sorted().map { "\(e($0)) = \(e(NumberFormat.value(d[$0]!)))" }.joined(separator: "<br>")
    }

    static func job(_ j: JobStatus) -> String {
        var b = "<h1>Run \(j.id): \(j.state.rawValue)</h1>\n"
        b += "<p>Scenario <code>\(e(j.request.scenario))</code> · \(j.request.samples) samples · seed \(j.request.seed)"
        if !j.request.overrides.isEmpty {
            b += " · what-if: " + j.request.overrides.keys.sorted().map { "<code>\(e($0)) = \(e(num(j.request.overrides[$0]!)))</code>" }.joined(separator: ", ")
        }
        b += "</p>\n"
        switch j.state {
        case .queued, .running:
            b += "<p><progress id=\"progress\" max=\"\(max(1, j.total))\" value=\"\(j.done)\"></progress> <span id=\"count\">\(j.done) / \(j.total)</span> samples and sweeps</p>\n"
            b += "<p>The run goes on if you close this tab; find it later under <a href=\"/runs\">Runs</a>.</p>\n"
            b += "<form method=\"post\" action=\"/jobs/\(j.id)/cancel\"><button class=\"cancel\" type=\"submit\" id=\"cancel\">Cancel</button></form>\n"
        case .done:
            b += "<p>Finished and stored as <a id=\"report-link\" href=\"/runs/\(j.runID!)\">run \(j.runID!)</a>.</p>\n"
        case .failed:
            b += "<p class=\"error\">\(e(j.error ?? "failed"))</p>\n"
        case .cancelled:
            b += "<p>Cancelled; nothing was stored.</p>\n"
        }
        let live = j.state == .queued || j.state == .running
        return page("Run \(j.id)", b, refresh: live ? 1 : nil).replacingOccurrences(
            of: "</main>", with: j.state == .done ? "<script>location.replace('/runs/\(j.runID!)')</script></main>" : "</main>")
    }

    static func compare(_ a: RunRecord, _ b: RunRecord, _ diff: RunDiff) -> String {
        func rows(_ changes: [RunDiff.Change]) -> String {
            if changes.isEmpty { return "<tr><td colspan=\"4\">(the same)</td></tr>" }
            return changes.map { c in
                let d = c.delta.map { "<span class=\"\($0 > 0 ? "delta-pos" : "delta-neg")\">\($0 >= 0 ? "+" : "")\(e(NumberFormat.value($0)))</span>" } ?? ""
                func show(_ t: String) -> String { Double(t).map { NumberFormat.value($0) } ?? t }
                return "<tr><td>\(e(c.name))</td><td class=\"num\">\(e(show(c.a)))</td><td class=\"num\">\(e(show(c.b)))</td><td class=\"num\">\(d)</td></tr>"
            }.joined(separator: "\n")
        }
        var body = "<h1>Run \(a.id!) and run \(b.id!)</h1>\n"
        body += "<h2>What changed in the inputs</h2><table class=\"diff-inputs\"><tr><th>Input</th><th>Run \(a.id!)</th><th>Run \(b.id!)</th><th>Change</th></tr>\(rows(diff.inputs))</table>\n"
        body += "<h2>What changed in the outcome</h2><table class=\"diff-outcome\"><tr><th>Figure</th><th>Run \(a.id!)</th><th>Run \(b.id!)</th><th>Change</th></tr>\(rows(diff.outcome))</table>\n"
        body += "<h2>The two reports</h2><div class=\"side\"><iframe title=\"run \(a.id!)\" src=\"/runs/\(a.id!)\"></iframe><iframe title=\"run \(b.id!)\" src=\"/runs/\(b.id!)\"></iframe></div>\n"
        return page("Compare", body)
    }
}
