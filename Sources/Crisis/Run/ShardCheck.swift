import Scenario

/// A shard is a file anyone can edit, and merging indexes every array in it: each is
/// checked against what the run's scenario and options imply before anything is summed,
/// so a damaged or hostile shard is an error naming it, never a trap or a silently
/// smaller run.
extension CrisisShard {
    /// Why this shard cannot be one of a run with `options`' header, or nil. Checked on the
    /// header alone, before the scenario is prepared.
    func headerProblem() -> String? {
        guard count >= 1 else { return "it is one of \(count) shards" }
        guard (1...count).contains(index) else { return "it is shard \(index) of \(count)" }
        guard (1...ScenarioLimits.maxSamples).contains(samples) else { return "it is of a run of \(samples) samples" }
        if let h = horizon, !(1...ScenarioLimits.maxHorizonDays).contains(h) { return "its horizon is \(h) days" }
        guard (1...CrisisRunOptions.maxSweepSteps).contains(sweepSteps) else { return "it sweeps in \(sweepSteps) steps" }
        let range = Self.sampleRange(samples: samples, index: index, count: count)
        guard firstSample == range.lowerBound, outcomes.count == range.count else {
            return "it holds samples \(firstSample)…\(firstSample + outcomes.count - 1), not \(range.lowerBound)…\(range.upperBound - 1) of \(samples)"
        }
        return nil
    }

    /// Why this shard's contents do not fit the prepared run, or nil: every sample and sweep
    /// has the lengths the scenario gives, and its own sweeps are exactly the inputs it owns.
    func contentProblem(_ model: CrisisModel, options: CrisisRunOptions) -> String? {
        let own = Set(model.gameInputs.indices.filter { $0 % count == index - 1 })
        guard Set(sweeps.keys) == own else { return "it holds the sweeps of inputs \(sweeps.keys.sorted()), not \(own.sorted())" }
        for (j, s) in sweeps {
            guard s.grid.count == options.sweepSteps + 1, s.grid.allSatisfy({ $0.count == model.scenario.consequences.count }) else {
                return "the sweep of input \(j) has the wrong number of points or consequences"
            }
        }
        for (k, o) in outcomes.enumerated() {
            if let why = o.problem(model) { return "sample \(firstSample + k): \(why)" }
        }
        return nil
    }
}

extension SampleOutcome {
    /// Why this sample does not have the shape the prepared run gives every sample, or nil.
    func problem(_ model: CrisisModel) -> String? {
        let s = model.scenario
        let terminals = s.tree.terminals.count, consequences = s.consequences.count
        guard inputs.count == model.gameInputs.count else { return "\(inputs.count) input values, not \(model.gameInputs.count)" }
        guard world.expected.count == consequences,
              world.evaluation.consequences.count == terminals,
              world.evaluation.consequences.allSatisfy({ $0.count == consequences }),
              world.solution.terminalProbabilities.count == terminals,
              world.solution.expectedUtilities.count == model.players.count else {
            return "its consequences, branch probabilities or utilities do not match the scenario's branches"
        }
        guard forced.count == model.forcings.count, forced.allSatisfy({ $0.expected.count == consequences }) else {
            return "\(forced.count) forced choices, not \(model.forcings.count)"
        }
        guard bargaining.count == s.issues.count else { return "\(bargaining.count) bargaining forecasts, not \(s.issues.count)" }
        let grid = ScheduleRun.grid(days: model.horizon)
        let places = s.geography.locations.map(\.name)
        for group in s.terminalsBySchedule {
            guard let r = world.evaluation.runs[group.schedule] else { return "no displacement run of schedule '\(group.schedule)'" }
            let n = r.locations.count
            guard r.locations == places, r.displacedByDay.count == model.horizon, r.arrivalsByLocation.count == n,
                  r.overloadByLocation.count == n, r.gridDays == grid, r.inTransitOnGrid.count == grid.count,
                  r.presentOnGrid.count == r.presentLocations.count * grid.count,
                  zip(r.presentLocations, r.presentLocations.dropFirst()).allSatisfy({ $0 < $1 }),
                  r.presentLocations.allSatisfy({ (0..<n).contains($0) }) else {
                return "the displacement run of schedule '\(group.schedule)' does not match the scenario's places and days"
            }
            var flows = Set<[Int]>()
            for f in r.routeFlows {
                guard (0..<n).contains(f.from), (0..<n).contains(f.to), flows.insert([f.from, f.to]).inserted else {
                    return "the route flows of schedule '\(group.schedule)' name unknown or repeated routes"
                }
            }
        }
        return nil
    }
}
