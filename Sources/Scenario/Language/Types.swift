import Foundation

/// A unit of measure as the checker sees it: a product of named base units with
/// integer exponents (`person`, `person·day`, `person / (intensity·day)`).
///
/// Units are read from free text (`people`, `person-days`, `USD bn`, `share`): a hyphen
/// or `·`, `*`, `×` multiplies, `/` or ` per ` divides, `^2` raises; `people`/`persons`
/// are `person` and plurals lose their `s`. Shares, probabilities, indices and yes/no
/// indicators are dimensionless. Two kinds of number carry no unit of their own: a
/// literal (`1000`) fits any unit where units must agree and is dimensionless in a
/// product, and a number whose unit is not given (`unknown`) makes products unknown too,
/// so the checker flags only what it can be sure of.
public struct MeasureUnit: Sendable, Hashable, CustomStringConvertible {
    enum Kind: Sendable, Hashable { case literal, unknown, known([String: Int]) }
    var kind: Kind

    public static let literal = MeasureUnit(kind: .literal)
    public static let unknown = MeasureUnit(kind: .unknown)
    public static let dimensionless = MeasureUnit(kind: .known([:]))
    static func base(_ name: String) -> MeasureUnit { MeasureUnit(kind: .known([name: 1])) }

    /// Reads a unit written by a person; never fails (an unreadable unit is a base unit named by its text).
    public init(parsing text: String) {
        let t = text.trimmingCharacters(in: .whitespaces).lowercased()
        if t.isEmpty || t == "1" || Self.dimensionlessWords.contains(where: { t.hasPrefix($0) }) { kind = .known([:]); return }
        var dims: [String: Int] = [:]
        let normalised = t.replacingOccurrences(of: " per ", with: "/")
        let halves = normalised.split(separator: "/", maxSplits: 1, omittingEmptySubsequences: false)
        for (h, sign) in zip(halves, [1, -1]) {
            let cleaned = h.replacingOccurrences(of: "(", with: " ").replacingOccurrences(of: ")", with: " ")
            for factor in cleaned.split(whereSeparator: { "·*×".contains($0) }) {
                for part in factor.split(separator: "-") {
                    var name = part.trimmingCharacters(in: .whitespaces)
                    var exponent = 1
                    if let caret = name.firstIndex(of: "^"), let e = Int(name[name.index(after: caret)...]) {
                        exponent = e; name = String(name[..<caret])
                    }
                    name = Self.canonical(name)
                    if name.isEmpty || name == "1" { continue }
                    dims[name, default: 0] += sign * exponent
                }
            }
        }
        kind = .known(dims.filter { $0.value != 0 })
    }

    init(kind: Kind) { self.kind = kind }

    static let dimensionlessWords = ["share", "probability", "index", "yes/no", "indicator", "ratio", "fraction",
                                     "dimensionless", "none", "%", "percent"]

    static func canonical(_ name: String) -> String {
        switch name {
        case "people", "persons", "person": return "person"
        case "": return ""
        default:
            if name.count > 3, name.hasSuffix("s"), !name.hasSuffix("ss") { return String(name.dropLast()) }
            return name
        }
    }

    public var description: String {
        switch kind {
        case .literal: return "a plain number"
        case .unknown: return "no stated unit"
        case .known(let d):
            if d.isEmpty { return "dimensionless" }
            let up = d.filter { $0.value > 0 }.sorted { $0.key < $1.key }.map { $0.value == 1 ? $0.key : "\($0.key)^\($0.value)" }
            let down = d.filter { $0.value < 0 }.sorted { $0.key < $1.key }.map { $0.value == -1 ? $0.key : "\($0.key)^\(-$0.value)" }
            let num = up.isEmpty ? "1" : up.joined(separator: "·")
            if down.isEmpty { return num }
            return num + " / " + (down.count == 1 ? down[0] : "(" + down.joined(separator: "·") + ")")
        }
    }

    var isKnown: Bool { if case .known = kind { return true }; return false }

    /// The unit two values must share (sums, comparisons, min/max, the branches of an `if`);
    /// nil when both are known and differ.
    func agreeing(with other: MeasureUnit) -> MeasureUnit? {
        switch (kind, other.kind) {
        case (.known(let a), .known(let b)): return a == b ? self : nil
        case (.known, _): return self
        case (_, .known): return other
        case (.unknown, _), (_, .unknown): return .unknown
        default: return .literal
        }
    }

    func times(_ other: MeasureUnit, exponent: Int = 1) -> MeasureUnit {
        switch (kind, other.kind) {
        case (.literal, .literal): return .literal
        case (.unknown, _), (_, .unknown): return .unknown
        case (.literal, .known(let b)): return MeasureUnit(kind: .known(b.mapValues { $0 * exponent }).filtered)
        case (.known, .literal): return self
        case (.known(let a), .known(let b)):
            var d = a
            for (k, v) in b { d[k, default: 0] += v * exponent }
            return MeasureUnit(kind: Kind.known(d).filtered)
        }
    }

    func power(_ n: Int) -> MeasureUnit {
        guard case .known(let d) = kind else { return self }
        return MeasureUnit(kind: Kind.known(d.mapValues { $0 * n }).filtered)
    }
}

extension MeasureUnit.Kind {
    var filtered: MeasureUnit.Kind {
        if case .known(let d) = self { return .known(d.filter { $0.value != 0 }) }
        return self
    }
}

/// The type of a value in a formula.
public enum ValueType: Sendable, Hashable, CustomStringConvertible {
    case number(MeasureUnit)
    case bool
    /// One of a fixed set of labels (a fact such as `offensive: none | limited | full`,
    /// or a place's country); nil labels: any text.
    case label([String]?)
    /// A place or an area bound by a sum.
    case place, area

    public var description: String {
        switch self {
        case .number(let u): return u.isKnown ? "a number in \(u)" : "a number"
        case .bool: return "true or false"
        case .label(let l?): return "one of " + l.joined(separator: ", ")
        case .label(nil): return "a text"
        case .place: return "a place"
        case .area: return "an area"
        }
    }

    var isNumber: Bool { if case .number = self { return true }; return false }
}

/// A value while a formula is evaluated.
public enum FormulaValue: Sendable, Hashable, CustomStringConvertible {
    case number(Double)
    case bool(Bool)
    case text(String)

    public var description: String {
        switch self {
        case .number(let v): return fmt(v)
        case .bool(let b): return b ? "true" : "false"
        case .text(let s): return s
        }
    }

    var number: Double { if case .number(let v) = self { return v }; return .nan }
    var bool: Bool { if case .bool(let b) = self { return b }; return false }
    var text: String { if case .text(let s) = self { return s }; return "" }

    init(_ fact: SituationValue) {
        switch fact {
        case .bool(let b): self = .bool(b)
        case .label(let s): self = .text(s)
        case .number(let v): self = .number(v)
        }
    }
}
