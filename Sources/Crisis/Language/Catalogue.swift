import Displacement
import Foundation
import Scenario

/// `fulcrum describe --catalogue`: everything a scenario can name without writing it
/// itself (the library's building blocks, the formula functions, the kinds of fact, the
/// displacement results a formula reads and the displacement model's settings), each
/// with its meaning, unit and default.
public struct Catalogue: Encodable, Sendable {
    public struct Parameter: Encodable, Sendable { public var name, unit, range, description: String; public var defaultValue: Double? }
    public struct Input: Encodable, Sendable { public var name, type, description: String; public var binding: String?; public var fallback: String? }
    public struct Output: Encodable, Sendable { public var name, formula, description: String; public var output: Bool }
    public struct BlockRow: Encodable, Sendable { public var name, summary: String; public var parameters: [Parameter]; public var inputs: [Input]; public var definitions: [Output] }
    public struct Entry: Encodable, Sendable { public var name, unit, meaning: String; public var defaultValue: String? }

    public var blocks: [BlockRow]
    public var functions: [Entry]
    public var factTypes: [Entry]
    public var displacementResults: [Entry]
    public var displacementSettings: [Entry]

    public static func make() -> Catalogue {
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
}
