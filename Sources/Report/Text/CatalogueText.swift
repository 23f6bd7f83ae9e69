import Crisis
import Foundation

extension Catalogue {
    /// The catalogue for people (`fulcrum describe --catalogue`).
    public var text: String {
        var o = ""
        func line(_ s: String = "") { o += s + "\n" }
        line("BUILDING BLOCKS (mechanisms: use: BLOCK; docs/scenario-format.md §5)")
        for b in blocks {
            line()
            line("  \(b.name): \(b.summary)")
            for p in b.parameters {
                line("    parameter \(p.name) (\(p.unit); \(p.range)" + (p.defaultValue.map { "; default \(fmtNumber($0))" } ?? "; required") + "): \(p.description)")
            }
            for i in b.inputs {
                let binding = i.binding.map { "reads \($0) unless bound" + (i.fallback.map { ", else \($0)" } ?? "") } ?? "must be bound"
                line("    input \(i.name) (\(i.type); \(binding)): \(i.description)")
            }
            for d in b.definitions {
                line("    \(d.output ? "output" : "local") \(d.name) = \(d.formula)")
            }
        }
        line()
        line("FUNCTIONS")
        for f in functions { line("  \(f.name): \(f.meaning)") }
        line()
        line("FACT TYPES (facts: NAME: {type: …, default: …, description: …, source: …})")
        for f in factTypes { line("  \(f.name): \(f.meaning)" + (f.unit.isEmpty ? "" : "; unit: \(f.unit)")) }
        line()
        line("DISPLACEMENT RESULTS a formula reads (at the horizon; also as displacement.NAME)")
        for r in displacementResults { line("  \(r.name) (\(r.unit)): \(r.meaning)") }
        line()
        line("DISPLACEMENT SETTINGS (displacement.settings: SECTION: {KEY: …}, Flee's simsetting.yml; docs/displacement.md)")
        for s in displacementSettings {
            line("  \(s.name) = \(s.defaultValue ?? "")" + (s.unit.isEmpty ? "" : " (\(s.unit))") + ": \(s.meaning)")
        }
        return o
    }
}

private func fmtNumber(_ x: Double) -> String { x == x.rounded() && abs(x) < 1e15 ? String(Int64(x)) : String(x) }
