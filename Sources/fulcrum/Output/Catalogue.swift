import Displacement
import Foundation
import Scenario

/// `fulcrum describe --catalogue`: everything a scenario can name without writing it
/// itself (the library's building blocks, the formula functions, the kinds of fact, the
/// displacement results a formula reads and the displacement model's settings), each
/// with its meaning, unit and default.
struct Catalogue: Encodable {
    struct Parameter: Encodable { var name, unit, range, description: String; var defaultValue: Double? }
    struct Input: Encodable { var name, type, description: String; var binding: String?; var fallback: String? }
    struct Output: Encodable { var name, formula, description: String; var output: Bool }
    struct BlockRow: Encodable { var name, summary: String; var parameters: [Parameter]; var inputs: [Input]; var definitions: [Output] }
    struct Entry: Encodable { var name, unit, meaning: String; var defaultValue: String? }

    var blocks: [BlockRow]
    var functions: [Entry]
    var factTypes: [Entry]
    var displacementResults: [Entry]
    var displacementSettings: [Entry]

    static func make() -> Catalogue {
        func range(_ r: ClosedRange<Double>, positive: Bool) -> String {
            func f(_ x: Double) -> String { x.isInfinite ? (x > 0 ? "∞" : "−∞") : (x == x.rounded() ? String(Int64(x)) : String(x)) }
            if r.lowerBound == -.infinity && r.upperBound == .infinity { return "any number" }
            return positive ? "> \(f(r.lowerBound))" + (r.upperBound.isFinite ? ", ≤ \(f(r.upperBound))" : "")
                            : (r.upperBound.isFinite ? "[\(f(r.lowerBound)), \(f(r.upperBound))]" : "≥ \(f(r.lowerBound))")
        }
        let blocks = Library.blocks.map { b in
            BlockRow(name: b.name, summary: b.summary,
                     parameters: b.parameters.map { .init(name: $0.name, unit: $0.unit.isEmpty ? "the scenario's" : $0.unit,
                                                          range: range($0.range, positive: $0.positive), description: $0.description,
                                                          defaultValue: $0.defaultValue) },
                     inputs: b.inputs.map { i in
                         let type: String
                         switch i.type {
                         case .number(let u): type = u.isEmpty ? "number" : "number (\(u))"
                         case .bool: type = "true/false"
                         case .labels(let l): type = l.joined(separator: " | ")
                         }
                         return .init(name: i.name, type: type, description: i.description, binding: i.binding, fallback: i.fallback?.description)
                     },
                     definitions: b.definitions.map { .init(name: $0.name, formula: $0.formula.split(whereSeparator: \.isNewline)
                        .map { $0.trimmingCharacters(in: .whitespaces) }.joined(separator: " "), description: $0.description, output: $0.isOutput) })
        }
        return Catalogue(
            blocks: blocks,
            functions: Function.allCases.map { .init(name: $0.signature, unit: "", meaning: $0.meaning) },
            factTypes: [
                .init(name: "bool", unit: "", meaning: "true or false (e.g. air_support)", defaultValue: "none: every branch whose mechanisms read it sets it"),
                .init(name: "number", unit: "its `unit:`", meaning: "a plain number set by actions (e.g. troops_moved: 3000)", defaultValue: "none"),
                .init(name: "[label, …]", unit: "", meaning: "one of the listed labels (e.g. offensive: [none, limited, full])", defaultValue: "none"),
            ],
            displacementResults: DisplacementName.plain.map { .init(name: $0.name, unit: $0.unit, meaning: $0.meaning) }
                + DisplacementName.indexed.map { .init(name: $0.form, unit: $0.unit, meaning: $0.meaning) },
            displacementSettings: SimulationSettings.catalogue.map { .init(name: $0.key, unit: $0.unit, meaning: $0.meaning, defaultValue: $0.defaultValue) })
    }

    var text: String {
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
