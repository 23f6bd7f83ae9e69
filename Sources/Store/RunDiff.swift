import Crisis
import Foundation

/// What changed between two runs: in the inputs (scenario, overrides, seed, samples,
/// version) and in the outcome (equilibrium path shares, expected consequences,
/// displacement, the fulcrum, the bargaining forecasts). Every change lists both values.
public struct RunDiff: Codable, Sendable {
    public struct Change: Codable, Sendable, Equatable {
        public var name: String
        public var a: String
        public var b: String
        /// b − a for numbers; nil for text.
        public var delta: Double?
    }
    public var a: Int64
    public var b: Int64
    public var inputs: [Change]
    public var outcome: [Change]

    public init(_ ra: RunRecord, _ rb: RunRecord) throws {
        a = ra.id ?? 0; b = rb.id ?? 0
        var inputs: [Change] = []
        func text(_ name: String, _ x: String, _ y: String) { if x != y { inputs.append(Change(name: name, a: x, b: y, delta: nil)) } }
        text("scenario", ra.scenarioID, rb.scenarioID)
        text("scenario content hash", String(ra.scenarioHash.prefix(12)), String(rb.scenarioHash.prefix(12)))
        text("seed", ra.seed, rb.seed)
        text("samples", String(ra.samples), String(rb.samples))
        text("version", ra.version, rb.version)
        let oa = ra.overrideValues, ob = rb.overrideValues
        for key in Set(oa.keys).union(ob.keys).sorted() where oa[key] != ob[key] {
            inputs.append(Change(name: "set \(key)", a: oa[key].map(fmt) ?? "(scenario value)", b: ob[key].map(fmt) ?? "(scenario value)",
                                 delta: oa[key].flatMap { x in ob[key].map { $0 - x } }))
        }
        self.inputs = inputs

        let x = try ra.result(), y = try rb.result()
        var out: [Change] = []
        func num(_ name: String, _ u: Double?, _ v: Double?) {
            guard u != v else { return }
            out.append(Change(name: name, a: u.map(fmt) ?? "—", b: v.map(fmt) ?? "—", delta: u.flatMap { p in v.map { $0 - p } }))
        }
        func pathText(_ p: CrisisResult.PathShare?) -> String { p.map { $0.steps.map(\.label).joined(separator: " → ") } ?? "—" }
        if x.paths.first?.key != y.paths.first?.key {
            out.append(Change(name: "most likely path", a: pathText(x.paths.first), b: pathText(y.paths.first), delta: nil))
        }
        let px = Dictionary(x.paths.map { ($0.key, $0) }, uniquingKeysWith: { a, _ in a })
        let py = Dictionary(y.paths.map { ($0.key, $0) }, uniquingKeysWith: { a, _ in a })
        for key in (x.paths.map(\.key) + y.paths.map(\.key).filter { px[$0] == nil }) {
            num("share of samples: \(pathText(px[key] ?? py[key]))", px[key]?.probability ?? 0, py[key]?.probability ?? 0)
        }
        for c in x.consequences.map(\.id) { num("expected \(c) (median)", x.equilibriumConsequences[c]?.median, y.equilibriumConsequences[c]?.median) }
        let sy = Dictionary(y.schedules.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        for s in x.schedules { num("displaced under \(s.id) (median)", s.displaced.median, sy[s.id]?.displaced.median) }
        let fx = x.pivot.ranking.first.map { $0.kind == "player" ? "choice of \($0.name)" : $0.name } ?? "—"
        let fy = y.pivot.ranking.first.map { $0.kind == "player" ? "choice of \($0.name)" : $0.name } ?? "—"
        if fx != fy { out.append(Change(name: "fulcrum", a: fx, b: fy, delta: nil)) }
        let by = Dictionary(y.bargaining.map { ($0.issue, $0) }, uniquingKeysWith: { a, _ in a })
        for f in x.bargaining { num("forecast: \(f.title)", f.forecast, by[f.issue]?.forecast) }
        outcome = out
    }

    public var text: String {
        var s = "run \(a) → run \(b)\ninputs:\n"
        s += inputs.isEmpty ? "  (the same)\n" : inputs.map { "  \($0.name): \($0.a) → \($0.b)\n" }.joined()
        s += "outcome:\n"
        s += outcome.isEmpty ? "  (the same)\n" : outcome.map { c in
            "  \(c.name): \(c.a) → \(c.b)" + (c.delta.map { " (\($0 >= 0 ? "+" : "")\(fmt($0)))" } ?? "") + "\n"
        }.joined()
        return s
    }
}

func fmt(_ x: Double) -> String {
    guard x.isFinite else { return String(x) }
    if x == x.rounded() && abs(x) < 1e15 { return String(Int64(x)) }
    return String(format: "%.6g", x)
}
