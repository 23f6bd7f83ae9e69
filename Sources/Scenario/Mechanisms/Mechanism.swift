import Foundation

/// What the displacement model (and the branch's conflict schedule) tell the
/// mechanisms about one branch. The runner fills it from its simulation.
public struct DisplacementSummary: Sendable, Hashable, Codable {
    /// People who left their home location at least once by the horizon.
    public var displaced: Double
    /// Σ over capacity-limited locations and days of max(0, occupants − capacity).
    public var overloadPersonDays: Double
    /// Σ over locations and days of conflict intensity (see `ConflictSchedule.intensityDays`).
    public var conflictIntensityDays: Double

    public init(displaced: Double, overloadPersonDays: Double, conflictIntensityDays: Double) {
        self.displaced = displaced
        self.overloadPersonDays = overloadPersonDays
        self.conflictIntensityDays = conflictIntensityDays
    }

    public static let none = DisplacementSummary(displaced: 0, overloadPersonDays: 0, conflictIntensityDays: 0)
}

/// One use of a catalogue mechanism in a scenario: its kind, its parameters, and
/// which consequence variables it reads and writes.
public struct Mechanism: Sendable, Hashable {
    public var id: String
    public var kind: MechanismKind
    public var description: String
    /// By the kind's parameter names; every required one is present after loading.
    public var parameters: [String: Quantity]
    /// Input slot → consequence id it reads (written by an earlier mechanism).
    public var inputs: [String: String]
    /// Output slot → consequence id it writes.
    public var outputs: [String: String]
    public var provenance: Provenance

    /// The parameter's current value (fixed value or median), or the schema default.
    public func parameter(_ name: String) -> Double {
        if let q = parameters[name] { return q.nominal }
        return kind.schema.parameters.first { $0.name == name }?.defaultValue ?? .nan
    }

    /// Runs the mechanism on one branch. Pure and deterministic: uses the current
    /// (fixed or median) parameter values, so fix a sampled scenario first.
    /// Returns consequence id → value for each mapped output.
    public func evaluate(situation: Situation, displacement: DisplacementSummary,
                         consequences: [String: Double]) -> [String: Double] {
        func input(_ slot: String) -> Double { inputs[slot].flatMap { consequences[$0] } ?? 0 }
        func fact(_ name: String) -> SituationValue? {
            situation[name] ?? kind.schema.facts.first { $0.name == name }?.defaultValue
        }
        func flag(_ name: String) -> Bool { if case .bool(let b)? = fact(name) { return b }; return false }
        func label(_ name: String) -> String { if case .label(let s)? = fact(name) { return s }; return "" }
        let p = parameter
        var slots: [String: Double] = [:]
        switch kind {
        case .offensiveViability:
            slots["territory"] = Mechanisms.territoryRegained(
                offensive: OffensiveScope(rawValue: label("offensive")) ?? .none,
                airSupport: flag("air_support"), negotiatedSurrender: flag("negotiated_surrender"),
                territoryLimited: p("territory_limited"), territoryFull: p("territory_full"),
                viabilityWithoutAir: p("viability_without_air"), territorySurrender: p("territory_surrender"))
        case .conflictDeaths:
            slots["deaths"] = Mechanisms.civilianDeaths(
                conflictIntensityDays: displacement.conflictIntensityDays,
                overloadPersonDays: displacement.overloadPersonDays,
                deathsPerIntensityDay: p("deaths_per_intensity_day"),
                fightToDeathFactor: p("fight_to_death_factor"),
                deathsPerThousandOverloadDays: p("deaths_per_thousand_overload_days"))
        case .displacementTotals:
            slots["displaced"] = displacement.displaced
            slots["overload"] = displacement.overloadPersonDays
        case .processCollapse:
            slots["survival"] = Mechanisms.processSurvival(
                guarantorInProcess: flag("guarantor_in_process"), deaths: input("deaths"),
                threshold: p("threshold"), sharpness: p("sharpness"))
        case .oppositionExit:
            let r = Mechanisms.oppositionAndLegitimacy(
                oppositionInTalks: flag("opposition_in_talks"), deaths: input("deaths"),
                processSurvival: input("survival"), violenceThreshold: p("violence_threshold"),
                sharpness: p("sharpness"), legitimacyWithOpposition: p("legitimacy_with_opposition"),
                legitimacyWithoutOpposition: p("legitimacy_without_opposition"))
            slots["engaged"] = r.engaged
            slots["legitimacy"] = r.legitimacy
        case .donorThreshold:
            let r = Mechanisms.reconstruction(
                donorsFund: flag("donors_fund"), legitimacy: input("legitimacy"), deaths: input("deaths"),
                minimumLegitimacy: p("minimum_legitimacy"), carnageDeaths: p("carnage_deaths"),
                funds: p("funds"))
            slots["funds"] = r.funds
            slots["organised_return"] = r.organisedReturn ? 1 : 0
        case .credibilityLoss:
            slots["credibility"] = Mechanisms.credibility(
                deaths: input("deaths"), baseline: p("baseline"), deathsHalving: p("deaths_halving"))
        }
        var out: [String: Double] = [:]
        for (slot, consequence) in outputs { if let v = slots[slot] { out[consequence] = v } }
        return out
    }
}

extension Scenario {
    /// Every consequence of one terminal branch: runs the mechanisms in file order,
    /// each reading what earlier ones wrote. Pure; uses current (fixed or median)
    /// values, so call it on a concrete scenario (`fixing(_:)`) when sampling.
    public func consequences(of terminal: TerminalBranch, displacement: DisplacementSummary) -> [String: Double] {
        var values: [String: Double] = [:]
        for m in mechanisms {
            values.merge(m.evaluate(situation: terminal.situation, displacement: displacement,
                                    consequences: values)) { _, new in new }
        }
        return values
    }

    /// Each actor's utility of a branch's consequences (see `ActorPreferences.utility`).
    public func utilities(of values: [String: Double]) -> [String: Double] {
        let scales = Dictionary(uniqueKeysWithValues: consequences.map { ($0.id, $0.scale.nominal) })
        var out: [String: Double] = [:]
        for p in preferences { out[p.actor] = p.utility(values, scales: scales) }
        return out
    }
}

public enum OffensiveScope: String, Sendable, CaseIterable { case none, limited, full }

/// The catalogue's evaluation functions, each small, pure and exact (no randomness).
public enum Mechanisms {
    /// Share of the contested zone regained (0–1). A negotiated surrender that holds
    /// yields `territorySurrender`. Otherwise the offensive's scope sets the prize
    /// (`territoryLimited` or `territoryFull`, 0 for none), and without air
    /// support only the share `viabilityWithoutAir` of it is achieved: air power
    /// decides whether a ground offensive is viable (seed P2).
    public static func territoryRegained(offensive: OffensiveScope, airSupport: Bool, negotiatedSurrender: Bool,
                                         territoryLimited: Double, territoryFull: Double,
                                         viabilityWithoutAir: Double, territorySurrender: Double) -> Double {
        if negotiatedSurrender { return territorySurrender }
        let prize: Double
        switch offensive {
        case .none: prize = 0
        case .limited: prize = territoryLimited
        case .full: prize = territoryFull
        }
        return prize * (airSupport ? 1 : viabilityWithoutAir)
    }

    /// Civilian deaths: a rate per intensity-weighted location-day of conflict,
    /// multiplied by the fight-to-the-death factor (≥ 1: irreconcilables make it
    /// bloodier, seed P4), plus deaths among people held beyond shelter capacity.
    public static func civilianDeaths(conflictIntensityDays: Double, overloadPersonDays: Double,
                                      deathsPerIntensityDay: Double, fightToDeathFactor: Double,
                                      deathsPerThousandOverloadDays: Double) -> Double {
        conflictIntensityDays * deathsPerIntensityDay * fightToDeathFactor
            + overloadPersonDays * deathsPerThousandOverloadDays / 1000
    }

    /// Probability the joint political process survives: 0 if the guarantor leaves it;
    /// otherwise a smooth threshold in deaths, 1 / (1 + (deaths/threshold)^sharpness),
    /// which is ½ at the threshold and steeper as sharpness grows (seed P7).
    public static func processSurvival(guarantorInProcess: Bool, deaths: Double,
                                       threshold: Double, sharpness: Double) -> Double {
        guard guarantorInProcess else { return 0 }
        return logisticSurvival(deaths, threshold, sharpness)
    }

    /// The opposition's engagement and the process's legitimacy. Engagement is 0 if
    /// it leaves the talks, otherwise falls with violence as process survival does
    /// (seed P7: no reason to go on if Idlib ends in violence). Legitimacy is the
    /// process's survival times a mix of its legitimacy with and without the
    /// opposition, weighted by engagement.
    public static func oppositionAndLegitimacy(oppositionInTalks: Bool, deaths: Double, processSurvival: Double,
                                               violenceThreshold: Double, sharpness: Double,
                                               legitimacyWithOpposition: Double,
                                               legitimacyWithoutOpposition: Double) -> (engaged: Double, legitimacy: Double) {
        let engaged = oppositionInTalks ? logisticSurvival(deaths, violenceThreshold, sharpness) : 0
        let legitimacy = processSurvival * (legitimacyWithOpposition * engaged + legitimacyWithoutOpposition * (1 - engaged))
        return (engaged, legitimacy)
    }

    /// Reconstruction money and organised return: the full `funds` only if donors
    /// choose to fund, the process meets their minimum legitimacy, and deaths stay
    /// below what they would call carnage (seed P3, P7); otherwise nothing.
    public static func reconstruction(donorsFund: Bool, legitimacy: Double, deaths: Double,
                                      minimumLegitimacy: Double, carnageDeaths: Double,
                                      funds: Double) -> (funds: Double, organisedReturn: Bool) {
        let ok = donorsFund && legitimacy >= minimumLegitimacy && deaths < carnageDeaths
        return (ok ? funds : 0, ok)
    }

    /// Credibility of the "Syria is stabilising" claim: baseline / (1 + deaths/halving),
    /// halved once deaths reach `deathsHalving` (seed P7).
    public static func credibility(deaths: Double, baseline: Double, deathsHalving: Double) -> Double {
        baseline / (1 + max(0, deaths) / deathsHalving)
    }

    static func logisticSurvival(_ x: Double, _ threshold: Double, _ k: Double) -> Double {
        guard x > 0 else { return 1 }
        return 1 / (1 + Foundation.pow(x / threshold, k))
    }
}
