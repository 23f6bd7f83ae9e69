/// The displacement model's settings for this scenario, in the shape of Flee's
/// `simsetting.yml` (sections such as `spawn_rules` and `move_rules`, then keys),
/// so a Flee user recognises every key. Unlike simsetting.yml, every number here
/// carries provenance and may be a distribution, so spawning rates and move
/// speeds take part in the Monte Carlo and the pivot analysis like any other input.
///
/// The Scenario module does not interpret the keys: the crisis runner hands each
/// setting (dotted key, value, origin) to the displacement engine's typed settings
/// constructor, which is the one place that knows them.
public struct DisplacementRules: Sendable, Hashable {
    public enum Value: Sendable, Hashable {
        case number(Quantity)
        case flag(Bool)
        case text(String)
    }

    public struct Setting: Sendable, Hashable {
        /// Dotted key as in simsetting.yml, e.g. `spawn_rules.conflict_driven_spawning.spawn_mode`.
        public var key: String
        public var value: Value
        public var provenance: Provenance
        /// Where the key was written, for errors the engine reports about it.
        public var origin: SourceLocation?
    }

    public var settings: [Setting]
    public var provenance: Provenance

    public init(settings: [Setting] = [], provenance: Provenance = .none) {
        self.settings = settings
        self.provenance = provenance
    }
}
