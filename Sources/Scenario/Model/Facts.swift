/// A fact about a branch, declared by the scenario (`facts:`): its name, what values
/// it takes, its default and where it comes from. Actions and outcomes set facts,
/// conflict schedules match on them and mechanisms read them; the engine knows none
/// by name. A `fulcrum-scenario/1` file without `facts:` has its facts inferred from
/// what its branches set, its schedules match on and its library blocks read.
public struct FactDeclaration: Sendable, Hashable {
    public enum Kind: Sendable, Hashable {
        case bool
        /// A number, with its unit when given.
        case number(MeasureUnit?)
        /// One of these labels.
        case labels([String])
    }
    public var name: String
    public var kind: Kind
    /// The value a branch that does not set the fact has; nil: every branch whose
    /// mechanisms read it must set it.
    public var defaultValue: SituationValue?
    public var description: String
    public var provenance: Provenance
    /// False for a fact inferred from an older file that declares none.
    public var declared: Bool

    /// `bool`, `number`, `number (people)` or `one of: a, b, c`.
    public var typeText: String {
        switch kind {
        case .bool: return "bool"
        case .number(let u?): return "number (\(u))"
        case .number(nil): return "number"
        case .labels(let l): return "one of: " + l.joined(separator: ", ")
        }
    }

    /// Whether `value` is one this fact takes.
    func accepts(_ value: SituationValue) -> Bool {
        switch (kind, value) {
        case (.bool, .bool), (.number, .number): return true
        case (.labels(let l), .label(let s)): return l.contains(s)
        default: return false
        }
    }
}
