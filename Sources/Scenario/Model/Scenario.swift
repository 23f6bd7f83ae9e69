import Foundation

/// A crisis scenario: who the actors are, what they want, the choices that make
/// up the crisis, the rules that turn each outcome into consequences, the
/// geography of the people caught in it, and where every number comes from.
///
/// Load one with `Scenario.load(directory:)` or `Scenario.builtIn()`. A loaded
/// scenario has passed validation: ids resolve, probabilities sum to 1, every
/// number has provenance.
public struct Scenario: Sendable {
    public var metadata: Metadata
    public var sources: [Source]
    /// Named numbers referenced elsewhere (e.g. a chance node's probability).
    public var parameters: [Parameter]
    /// The facts branches set and mechanisms and schedules read (declared, or inferred
    /// from an older file), in file order.
    public var facts: [FactDeclaration] = []
    public var actors: [Actor]
    public var consequences: [ConsequenceVariable]
    public var preferences: [ActorPreferences]
    public var issues: [Issue]
    public var tree: DecisionTree
    public var schedules: [ConflictSchedule]
    /// In evaluation order (dependency order, file order where free): a mechanism reads
    /// only consequences written by mechanisms before it.
    public var mechanisms: [Mechanism]
    public var geography: Geography
    /// The geography's places and areas as formulas see them.
    public internal(set) var places = PlaceTable.empty
    /// The displacement model's settings (Flee's simsetting.yml keys, with provenance).
    public var displacement = DisplacementRules()
    /// Past events to hold the model against (`fulcrum backtest`, `fulcrum calibrate`).
    public var episodes: [Episode] = []
    /// The calibration read from `posterior.json` beside scenario.yaml, if any and not
    /// ignored (`--prior`). Already applied to the calibrated inputs' distributions.
    public internal(set) var posterior: Posterior?
    /// The scenario's identity: `contentDigest(files:)` of every file it was read from
    /// (scenario.yaml and its tables), so the same files give the same digest on any
    /// machine. Run records and shards carry it; what-ifs are recorded beside it.
    public internal(set) var sourceDigest = ""
    /// The bytes of those files, by name: what `validate(files:)` reads back into this same
    /// scenario when the folder has changed or is gone (a stored run keeps them).
    public internal(set) var sourceFiles: [String: Data] = [:]

    public func actor(_ id: String) -> Actor? { actors.first { $0.id == id } }
    public func consequence(_ id: String) -> ConsequenceVariable? { consequences.first { $0.id == id } }
    public func schedule(_ id: String) -> ConflictSchedule? { schedules.first { $0.id == id } }
    public func parameter(_ id: String) -> Parameter? { parameters.first { $0.id == id } }
    public func mechanism(_ id: String) -> Mechanism? { mechanisms.first { $0.id == id } }
    public func fact(_ name: String) -> FactDeclaration? { facts.first { $0.name == name } }
    public func preferences(of actor: String) -> ActorPreferences? { preferences.first { $0.actor == actor } }
}

public struct Metadata: Sendable, Hashable {
    public var id: String
    public var title: String
    /// ISO date (YYYY-MM-DD) the scenario describes.
    public var asOf: String
    /// Days simulated after `asOf`.
    public var horizonDays: Int
    public var description: String
    public var provenance: Provenance
}

/// A cited document: `seed:P2` cites paragraph 2 of the source with id `seed`.
public struct Source: Sendable, Hashable {
    public var id: String
    public var title: String
    public var date: String?
    public var url: String?
    public var file: String?
    /// If set, locators must be `P1` … `Pn`.
    public var paragraphs: Int?
}

public struct Parameter: Sendable, Hashable {
    public var id: String
    public var description: String
    public var value: Quantity
}

public enum ActorKind: String, Sendable, Hashable, CaseIterable, Codable {
    case state
    case armedGroup = "armed_group"
    case donorBloc = "donor_bloc"
    case politicalGroup = "political_group"
    case population
}

public struct Actor: Sendable, Hashable {
    public var id: String
    public var name: String
    public var kind: ActorKind
    /// Relative power in the bargaining model (any positive scale).
    public var capability: Quantity
    public var description: String
    /// False for a population that suffers the outcome but makes no choice in the game.
    public var isPlayer: Bool
    public var provenance: Provenance
}

/// Something a branch produces, computed by mechanisms (and carried by actions).
public struct ConsequenceVariable: Sendable, Hashable {
    public var id: String
    public var unit: String
    public var description: String
    /// A display unit only, kept so older files load: utilities are swing-weighted
    /// (docs/crisis-runner.md §2) and never use it; the loader warns when it is given.
    public var scale: Quantity?
    public var provenance: Provenance
}

/// What one actor wants: swing weights on consequences, some terms counting only
/// when a condition holds. The utilities themselves are the runner's (docs/crisis-runner.md §2).
public struct ActorPreferences: Sendable, Hashable {
    public var actor: String
    public var terms: [PreferenceTerm]
    public var provenance: Provenance
}

public struct PreferenceTerm: Sendable, Hashable {
    public var consequence: String
    /// Positive for goods, negative for bads.
    public var weight: Quantity
    /// The threshold form: this term counts only if the condition holds.
    public var condition: PreferenceCondition?
    public var provenance: Provenance
}

/// "Only counts if legitimacy ≥ X".
public struct PreferenceCondition: Sendable, Hashable {
    public enum Comparison: String, Sendable, Hashable { case atLeast = "at_least", atMost = "at_most" }
    public var consequence: String
    public var comparison: Comparison
    public var threshold: Quantity

    public func holds(_ values: [String: Double]) -> Bool {
        let v = values[consequence] ?? 0
        switch comparison {
        case .atLeast: return v >= threshold.nominal
        case .atMost: return v <= threshold.nominal
        }
    }
}

/// A contested issue for the bargaining model, on a 0–100 scale.
public struct Issue: Sendable, Hashable {
    public struct Anchor: Sendable, Hashable {
        public var position: Double
        public var label: String
    }
    public struct Stance: Sendable, Hashable {
        public var actor: String
        /// 0–100 on the issue's scale.
        public var position: Quantity
        /// 0–1: how much the issue matters to the actor.
        public var salience: Quantity
        public var provenance: Provenance
    }
    public var id: String
    public var title: String
    public var description: String
    public var anchors: [Anchor]
    public var stances: [Stance]
    public var provenance: Provenance
}

/// A branch's facts, set by the actions on its path (e.g. `offensive: full`,
/// `air_support: true`, `troops: 3000`); mechanisms read them and conflict schedules match on them.
public enum SituationValue: Sendable, Hashable, CustomStringConvertible, Codable {
    case bool(Bool)
    case label(String)
    case number(Double)

    public var description: String {
        switch self {
        case .bool(let b): return b ? "true" : "false"
        case .label(let s): return s
        case .number(let v): return fmt(v)
        }
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.singleValueContainer()
        switch self {
        case .bool(let b): try c.encode(b)
        case .label(let s): try c.encode(s)
        case .number(let v): try c.encode(v)
        }
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.singleValueContainer()
        if let b = try? c.decode(Bool.self) { self = .bool(b) }
        else if let v = try? c.decode(Double.self) { self = .number(v) }
        else { self = .label(try c.decode(String.self)) }
    }
}

public typealias Situation = [String: SituationValue]
