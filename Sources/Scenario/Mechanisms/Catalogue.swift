/// The closed catalogue of mechanisms a scenario may use, chosen by name
/// (`kind:`) with typed parameters. New rules are added here, in code, with a
/// schema and a pure evaluation function, never as free-form code in a file.
public enum MechanismKind: String, Sendable, Hashable, CaseIterable, Codable {
    case offensiveViability = "offensive_viability"
    case conflictDeaths = "conflict_deaths"
    case displacementTotals = "displacement_totals"
    case processCollapse = "process_collapse"
    case oppositionExit = "opposition_exit"
    case donorThreshold = "donor_threshold"
    case credibilityLoss = "credibility_loss"

    public var schema: MechanismSchema {
        switch self {
        case .offensiveViability:
            return MechanismSchema(
                summary: "territory regained, from the offensive's scope and whether Russia gives air support",
                parameters: [
                    .init("territory_limited", 0...1, "share of the zone a viable limited offensive regains"),
                    .init("territory_full", 0...1, "share a viable full offensive regains"),
                    .init("viability_without_air", 0...1, "share of the prize achieved without air support"),
                    .init("territory_surrender", 0...1, "share regained by a negotiated surrender that holds", default: 0),
                ],
                facts: [
                    .init("offensive", labels: OffensiveScope.allCases.map(\.rawValue)),
                    .init("air_support", default: .bool(false)),
                    .init("negotiated_surrender", default: .bool(false)),
                ],
                inputs: [], outputs: ["territory"])
        case .conflictDeaths:
            return MechanismSchema(
                summary: "civilian deaths per day of conflict, and among people beyond shelter capacity",
                parameters: [
                    .init("deaths_per_intensity_day", 0...Double.infinity, "civilian deaths per location-day of conflict at intensity 1"),
                    .init("fight_to_death_factor", 1...Double.infinity, "multiplier for a fight to the death", default: 1),
                    .init("deaths_per_thousand_overload_days", 0...Double.infinity, "deaths per 1,000 person-days beyond capacity", default: 0),
                ],
                facts: [], inputs: [], outputs: ["deaths"])
        case .displacementTotals:
            return MechanismSchema(
                summary: "people displaced and person-days over capacity, from the displacement model",
                parameters: [], facts: [], inputs: [], outputs: ["displaced", "overload"])
        case .processCollapse:
            return MechanismSchema(
                summary: "probability the political process survives: 0 if the guarantor leaves, else falls past a deaths threshold",
                parameters: [
                    .init("threshold", 0...Double.infinity, "deaths at which survival is one half", positive: true),
                    .init("sharpness", 0...Double.infinity, "steepness of the fall around the threshold", default: 4, positive: true),
                ],
                facts: [.init("guarantor_in_process")],
                inputs: ["deaths"], outputs: ["survival"])
        case .oppositionExit:
            return MechanismSchema(
                summary: "the opposition's engagement, and the process's legitimacy with or without it",
                parameters: [
                    .init("violence_threshold", 0...Double.infinity, "deaths at which engagement is one half", positive: true),
                    .init("sharpness", 0...Double.infinity, "steepness of the fall", default: 4, positive: true),
                    .init("legitimacy_with_opposition", 0...1, "legitimacy of a surviving process with the opposition engaged"),
                    .init("legitimacy_without_opposition", 0...1, "legitimacy without it"),
                ],
                facts: [.init("opposition_in_talks")],
                inputs: ["deaths", "survival"], outputs: ["engaged", "legitimacy"])
        case .donorThreshold:
            return MechanismSchema(
                summary: "reconstruction funds and organised return, only above donors' minimum legitimacy and without carnage",
                parameters: [
                    .init("minimum_legitimacy", 0...1, "the legitimacy donors demand"),
                    .init("carnage_deaths", 0...Double.infinity, "deaths beyond which donors will not fund", positive: true),
                    .init("funds", 0...Double.infinity, "money committed if the conditions hold"),
                ],
                facts: [.init("donors_fund")],
                inputs: ["legitimacy", "deaths"], outputs: ["funds", "organised_return"])
        case .credibilityLoss:
            return MechanismSchema(
                summary: "credibility of the stabilisation claim, halved at a given death toll",
                parameters: [
                    .init("baseline", 0...Double.infinity, "credibility with no deaths", default: 1),
                    .init("deaths_halving", 0...Double.infinity, "deaths that halve credibility", positive: true),
                ],
                facts: [], inputs: ["deaths"], outputs: ["credibility"])
        }
    }
}

/// What a mechanism kind accepts: used by validation and by `fulcrum describe`.
public struct MechanismSchema: Sendable {
    public struct ParameterSpec: Sendable {
        public var name: String
        public var range: ClosedRange<Double>
        /// Zero excluded (a divisor).
        public var positive: Bool
        public var description: String
        /// Nil means required.
        public var defaultValue: Double?
        init(_ name: String, _ range: ClosedRange<Double>, _ description: String, default d: Double? = nil, positive: Bool = false) {
            self.name = name
            self.range = range
            self.description = description
            self.defaultValue = d
            self.positive = positive
        }
    }
    /// A situation fact the mechanism reads from the terminal branch.
    public struct FactSpec: Sendable {
        public var name: String
        /// Nil: a boolean fact; otherwise the allowed labels.
        public var labels: [String]?
        /// Nil means every terminal must set it.
        public var defaultValue: SituationValue?
        init(_ name: String, labels: [String]? = nil, default d: SituationValue? = nil) {
            self.name = name
            self.labels = labels
            self.defaultValue = d
        }
    }
    public var summary: String
    public var parameters: [ParameterSpec]
    public var facts: [FactSpec]
    /// Consequences read (all required).
    public var inputs: [String]
    /// Consequences written (each optional; at least one must be mapped).
    public var outputs: [String]
}
