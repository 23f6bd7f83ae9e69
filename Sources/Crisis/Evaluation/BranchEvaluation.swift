import Scenario

/// Every terminal branch of one concrete scenario (all inputs fixed) evaluated:
/// its consequences and each player's utility.
struct BranchEvaluation: Sendable, Codable {
    /// `[terminal][consequence]`, consequences in scenario order.
    var consequences: [[Double]]
    /// `[terminal][player]`.
    var utilities: [[Double]]
    /// The displacement run of each conflict schedule, by schedule id.
    var runs: [String: ScheduleRun]
}

extension BranchEvaluation {
    /// Runs each distinct conflict schedule once through the displacement model
    /// (through `bridge`, built once for the scenario these values were drawn from;
    /// cohort mode, seeded by `seed`, the same seed for every schedule so that
    /// branch differences are not sampling noise), then the mechanisms on every
    /// terminal branch. `reuse` supplies runs already known for this scenario's
    /// values (the pivot sweeps pass the nominal runs when the swept input cannot
    /// change them). Deterministic.
    init(_ scenario: Scenario, players: [String], bridge: DisplacementBridge, seed: UInt64,
         reuse: [String: ScheduleRun] = [:]) throws {
        var runs = reuse
        let needed = scenario.terminalsBySchedule.map(\.schedule).filter { runs[$0] == nil }
        if !needed.isEmpty {
            let inputs = try bridge.inputs(scenario)
            for id in needed {
                guard let schedule = scenario.schedule(id) else {
                    throw CrisisError.invalidScenario("a terminal branch names schedule '\(id)', which is not defined")
                }
                runs[id] = try bridge.run(schedule, geography: inputs.geography, settings: inputs.settings, seed: seed)
            }
        }
        let ids = scenario.consequences.map(\.id)
        consequences = try scenario.tree.terminals.map { t in
            let values: [String: Double]
            do { values = try scenario.consequences(of: t, displacement: runs[t.schedule]!.summary) } catch let e as MechanismError {
                throw CrisisError.invalidScenario(e.description)
            }
            return ids.map { values[$0] ?? 0 }
        }
        utilities = Crisis.utilities(of: scenario, consequences: consequences, players: players)
        self.runs = runs
    }
}
