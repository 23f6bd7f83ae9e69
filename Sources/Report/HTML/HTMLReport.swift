import BoundedInput
import Crisis
import Foundation

/// The self-contained HTML report of one run: inline SVG and CSS, nothing fetched,
/// readable without JavaScript. Every figure shown comes from the `CrisisResult`
/// (or, for what the result does not carry — actors, the tree's shape, coordinates,
/// provenance — from its `CrisisContext`, the scenario with the run's overrides).
public enum HTMLReport {
    /// The report's HTML. Deterministic: same inputs, same bytes.
    public static func render(_ result: CrisisResult, context: CrisisContext) -> String {
        var b = ReportBuilder(result: result, context: context)
        return b.build()
    }

    /// Writes the report to `url` through `OutputFile`: a regular file is replaced
    /// atomically, a device or pipe written as it is.
    public static func write(_ result: CrisisResult, context: CrisisContext, to url: URL) throws(OutputError) {
        let file = try OutputFile(url.path)
        try file.write(Data(render(result, context: context).utf8))
    }
}

struct ReportBuilder {
    let result: CrisisResult
    let context: CrisisContext
    var html = ""

    init(result: CrisisResult, context: CrisisContext) { self.result = result; self.context = context }

    func actorName(_ id: String) -> String { context.actor(id)?.name ?? id }
    func unit(_ consequence: String) -> String { result.consequences.first { $0.id == consequence }?.unit ?? "" }

    mutating func build() -> String {
        html += "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
        html += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
        html += "<title>\(e(result.scenario.title)) — Fulcrum report</title>\n<style>\n\(ReportStyle.css)</style>\n</head>\n<body>\n<main>\n"
        header()
        summary()
        actors()
        tree()
        maps()
        displacement()
        backtest()
        pivot()
        bargaining()
        provenance()
        html += "<footer>Fulcrum \(e(result.run.version)) · \(result.run.samples) samples · seed \(result.run.seed). Self-contained: this file fetches nothing.</footer>\n"
        html += "</main>\n</body>\n</html>\n"
        return html
    }

    func e(_ s: String) -> String { escapeXML(s) }

    /// A figure with its number in a `data-value` attribute, so tests (and scripts)
    /// can check every number shown against results.json.
    func figure(_ key: String, _ value: Double, _ text: String) -> String {
        "<span class=\"fig\" data-key=\"\(e(key))\" data-value=\"\(value)\">\(e(text))</span>"
    }

    mutating func header() {
        html += "<header><h1>\(e(result.scenario.title))</h1>\n"
        html += "<p class=\"meta\">As of \(e(result.scenario.asOf)) · horizon \(result.scenario.horizonDays) days · \(result.run.samples) Monte Carlo samples · seed \(result.run.seed) · Fulcrum \(e(result.run.version))</p>\n"
        if !result.run.overrides.isEmpty {
            html += "<p class=\"overrides\">What-if: " + result.run.overrides.keys.sorted().map {
                "<code>\(e($0)) = \(e(NumberFormat.value(result.run.overrides[$0]!)))</code>"
            }.joined(separator: ", ") + "</p>\n"
        }
        html += "<p class=\"meta\">" + (result.run.calibration.map { "Calibrated inputs: \(e($0))." }
            ?? "No calibration: every input is at the scenario's own distribution.") + "</p>\n"
        var sections = [("summary", "Summary"), ("actors", "Actors"), ("tree", "Decision tree"), ("map", "Map"), ("displacement", "Displacement")]
        if result.backtest != nil { sections.append(("backtest", "Backtest")) }
        sections += [("pivot", "Pivots"), ("bargaining", "Bargaining"), ("provenance", "Provenance")]
        html += "<nav>" + sections.map { "<a href=\"#\($0.0)\">\($0.1)</a>" }.joined(separator: " · ") + "</nav>\n"
        html += "</header>\n"
    }

    mutating func summary() {
        html += "<section id=\"summary\"><h2>The crisis and the forecast</h2>\n"
        html += "<p class=\"scenario-text\">\(e(context.description))</p>\n"
        let top = result.paths[0]
        html += "<p class=\"headline\">Most likely course (the equilibrium in \(figure("paths.0.probability", top.probability, NumberFormat.percent(top.probability))) of samples): "
        html += top.steps.map { "<b>\(e(actorName($0.player)))</b>: \(e($0.label))" }.joined(separator: " → ") + ".</p>\n"
        if result.paths.count > 1 {
            html += "<div class=\"scroll\"><table class=\"paths\"><caption>Equilibrium paths across the samples</caption><tr><th>Share of samples</th><th>Path</th></tr>\n"
            for (i, p) in result.paths.prefix(8).enumerated() {
                html += "<tr><td class=\"num\">\(figure("paths.\(i).probability", p.probability, NumberFormat.percent(p.probability)))</td><td>"
                html += p.steps.map { "\(e(actorName($0.player))): \(e($0.label))" }.joined(separator: " → ") + "</td></tr>\n"
            }
            html += "</table></div>\n"
        }
        if let fulcrum = result.pivot.ranking.first {
            html += "<p class=\"fulcrum\">The fulcrum — what moves the outcome most: <b>\(e(pivotName(fulcrum)))</b>"
            html += fulcrum.flipsPath ? " (it can flip the equilibrium path)." : "."
            html += "</p>\n"
        }
        html += "<div class=\"scroll\"><table class=\"consequences\"><caption>Expected consequences under the equilibrium (median and 90% interval across samples)</caption>"
        html += "<tr><th>Consequence</th><th>Unit</th><th>Median</th><th>90% interval</th></tr>\n"
        for c in result.consequences {
            guard let s = result.equilibriumConsequences[c.id] else { continue }
            html += "<tr><td title=\"\(e(c.description))\">\(e(c.id))<div class=\"sub\">\(e(c.description))</div></td><td>\(e(c.unit))</td>"
            html += "<td class=\"num\">\(figure("equilibriumConsequences.\(c.id).median", s.median, NumberFormat.value(s.median)))</td>"
            html += "<td class=\"num\">\(figure("equilibriumConsequences.\(c.id).p05", s.p05, NumberFormat.value(s.p05))) – \(figure("equilibriumConsequences.\(c.id).p95", s.p95, NumberFormat.value(s.p95)))</td></tr>\n"
        }
        html += "</table></div>\n</section>\n"
    }

    /// A ranking entry in words: an actor's choice, or a swept input by its name in words
    /// (its path where the result has none).
    func pivotName(_ entry: PivotResult.Entry) -> String {
        if entry.kind == "player" { return "the choice of \(actorName(entry.name))" }
        return result.pivot.sweeps.first { $0.input == entry.name }?.label ?? entry.name
    }

    mutating func actors() {
        html += "<section id=\"actors\"><h2>Actors</h2>\n<div class=\"scroll\"><table class=\"actors\"><tr><th>Actor</th><th>Kind</th><th>Decides in the game</th><th>Capability</th><th>Role</th><th>Source</th></tr>\n"
        for a in context.actors {
            html += "<tr title=\"\(e(a.provenance))\"><td><b>\(e(a.name))</b> <code>\(e(a.id))</code></td><td>\(e(a.kind))</td>"
            html += "<td>\(a.isPlayer ? "yes" : "—")</td><td class=\"num\">\(e(NumberFormat.value(a.capability)))</td>"
            html += "<td>\(e(a.description))</td><td class=\"prov\">\(e(a.provenance))</td></tr>\n"
        }
        html += "</table></div>\n</section>\n"
    }

    mutating func tree() {
        html += "<section id=\"tree\"><h2>Decision tree</h2>\n"
        let highlighted = result.paths.first?.steps ?? result.nominal.path
        html += "<p>Thick orange lines: the most likely equilibrium path (the equilibrium in \(NumberFormat.percent(result.paths.first?.probability ?? 1)) of samples); chance outcomes after it are all highlighted, with their probabilities at the median inputs. At each leaf: the branch's probability under the equilibrium (mean over samples), then its median consequences. Hover an edge for its source.</p>\n"
        if let top = result.paths.first, top.key != result.nominal.key {
            html += "<p class=\"sub\">With every uncertain input at its median the equilibrium is instead: " + e(result.nominal.path.map { "\(actorName($0.player)): \($0.label)" }.joined(separator: " → ")) + ".</p>\n"
        }
        let onPath = Set(highlighted.map { "\($0.node)|\($0.action)" })
        let branchByID = Dictionary(result.branches.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        let keyConsequences = result.consequences.prefix(2)
        let minor = 0.005
        // The largest equilibrium probability of any leaf under each node, to fold away
        // subtrees the equilibrium never reaches (the branch table below keeps them all).
        func maxLeaf(_ n: CrisisContext.Node) -> Double {
            if let t = n.terminal { return branchByID[t]?.probability ?? 0 }
            return n.branches.map { maxLeaf($0.child) }.max() ?? 0
        }
        func leafCount(_ n: CrisisContext.Node) -> Int { n.terminal != nil ? 1 : n.branches.map { leafCount($0.child) }.reduce(0, +) }
        func shortName(_ player: String) -> String {
            let name = actorName(player)
            return name.count <= 14 ? name : player
        }
        func convert(_ n: CrisisContext.Node, edge: CrisisContext.Edge?, parent: CrisisContext.Node?, highlighted: Bool) -> TreeDiagram.Node {
            let kind = n.kind, label = n.player.map(shortName) ?? (kind == "chance" ? "chance" : "")
            var edgeLabel = edge?.label ?? ""
            if edgeLabel.count > 36 { edgeLabel = String(edgeLabel.prefix(35)) + "…" }
            if let parent, let edge, parent.kind == "chance", let i = parent.branches.firstIndex(where: { $0.id == edge.id }) {
                let ps = parent.probabilities
                if i < ps.count { edgeLabel += " (\(NumberFormat.percent(ps[i])))" }
            }
            var note = ""
            if let t = n.terminal, let br = branchByID[t] {
                note = "p = \(NumberFormat.percent(br.probability))"
                for c in keyConsequences {
                    if let s = br.consequences[c.id] { note += " · \(c.id) \(NumberFormat.compact(s.median))" }
                }
            }
            let id = n.path.isEmpty ? "root" : n.path
            let hover = edge.map { "\($0.label) — source: \($0.provenance)" } ?? ""
            if n.terminal == nil, parent != nil, !highlighted, maxLeaf(n) < minor {
                let k = leafCount(n)
                let folded = TreeDiagram.Node(id: id, label: "", kind: "folded", edgeLabel: edgeLabel, edgeHover: hover,
                                              edgeHighlighted: false, leafNote: "\(k) branches, each under 0.5% (folded)")
                folded.folded = k
                return folded
            }
            let node = TreeDiagram.Node(id: id, label: label, kind: kind, edgeLabel: edgeLabel, edgeHover: hover,
                                        edgeHighlighted: highlighted, leafNote: note)
            if let player = n.player { node.hover = actorName(player) }
            node.children = n.branches.map { b in
                let reached: Bool
                if n.kind == "chance" { reached = highlighted } else { reached = highlighted && onPath.contains("\(n.path)|\(b.id)") }
                return convert(b.child, edge: b, parent: n, highlighted: reached)
            }
            return node
        }
        let root = convert(context.tree, edge: nil, parent: nil, highlighted: true)
        html += "<div class=\"scroll\">" + TreeDiagram(title: "Decision tree of \(result.scenario.title)", root: root).render(id: "tree-diagram") + "</div>"
        let shown = result.branches.filter { $0.probability >= minor }.sorted { $0.probability > $1.probability }
        let rest = result.branches.filter { $0.probability < minor }
        html += "\n<div class=\"scroll\">" + branchTable(shown, caption: "Branches the equilibrium reaches: probability and consequences (median, 90% interval)") + "</div>\n"
        if !rest.isEmpty {
            html += "<details><summary>The other \(rest.count) branches (each under 0.5% under the equilibrium)</summary><div class=\"scroll\">"
            html += branchTable(rest, caption: "Branches off the equilibrium path") + "</div></details>\n"
        }
        html += "</section>\n"
    }

    func branchTable(_ rows: [CrisisResult.BranchResult], caption: String) -> String {
        var h = "<table class=\"branches\"><caption>\(e(caption))</caption><tr><th class=\"wide\">Branch</th><th>Schedule</th><th>Probability</th>"
        for c in result.consequences { h += "<th>\(e(c.id.replacingOccurrences(of: "_", with: " ")))<div class=\"sub\">\(e(c.unit))</div></th>" }
        h += "</tr>\n"
        for br in rows {
            h += "<tr><td class=\"wide\">\(e(br.labels.joined(separator: " → ")))</td><td><code>\(e(br.schedule))</code></td>"
            h += "<td class=\"num\">\(figure("branches.\(br.id).probability", br.probability, NumberFormat.percent(br.probability)))</td>"
            for c in result.consequences {
                if let s = br.consequences[c.id] {
                    h += "<td class=\"num\">\(figure("branches.\(br.id).\(c.id).median", s.median, NumberFormat.compact(s.median)))<div class=\"sub\">\(e(NumberFormat.compact(s.p05)))–\(e(NumberFormat.compact(s.p95)))</div></td>"
                } else { h += "<td></td>" }
            }
            h += "</tr>\n"
        }
        return h + "</table>"
    }
}
