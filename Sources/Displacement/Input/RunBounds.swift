import BoundedInput

/// The check that keeps a run's counts far from `Int.max`: every input value is bounded
/// when read (`ValueBounds`), but spawning adds people every day at every conflict zone,
/// so their product with the days is bounded too, before any simulation starts.
public enum RunBounds {
    /// Throws when a run of `days` could hold more than `ValueBounds.peoplePerRun` people:
    /// the residents, the people placed at the start, and every day the most each conflict
    /// zone can spawn (at most the residents when spawning takes from the population), or
    /// the peak of the validation data's total (data-driven spawning). In agent mode, where
    /// every person (every `hasten` people) is a record, at most `ValueBounds.agentsPerRun`.
    public static func check(geography g: Geography, conflicts: ConflictSchedule, settings s: SimulationSettings,
                             days: Int, options: RunOptions = RunOptions()) throws {
        var residents = 0.0
        var population: [String: Double] = [:]
        for l in g.locations {
            residents += Double(max(0, l.population))
            population[l.name] = Double(max(0, l.population))
        }
        var daily = 0.0
        if let cds = s.conflictDrivenSpawning {
            var intensity: [String: Double] = [:]
            for l in g.locations where l.kind == .conflictZone { intensity[l.name] = l.conflictIntensity }
            for (name, m) in conflicts.maxIntensities { intensity[name] = max(intensity[name] ?? 0, m) }
            for (name, m) in intensity {
                let mean = cds.mode == .popRatio ? cds.displacedPerConflictDay * (population[name] ?? 0) * m
                                                 : cds.displacedPerConflictDay * m
                // A Poisson draw may pass its mean; 10 standard deviations never happen.
                daily += cds.mode == .poisson ? mean + 10 * mean.squareRoot() + 20 : mean
            }
        }
        var spawned = Double(max(0, days)) * daily
        if s.takeFromPopulation { spawned = min(spawned, residents) }
        if let v = options.validation, v.has("total") {
            var peak = 0.0
            for t in 0..<max(0, days) { peak = max(peak, Double(v.value("total", day: t))) }
            spawned += peak * Double(s.hasten)
        }
        let placed = Double(options.initialPeople.values.reduce(0) { $0 + max(0, $1) } + options.presetPeople.count)
        let total = residents + placed + spawned
        if !(total <= ValueBounds.peoplePerRun) {
            throw DisplacementRunError(String(format: "%.3g residents and up to %.3g people spawned over %d days could make %.3g people, more than the %.0e one run may hold; lower displaced_per_conflict_day, the intensities or the days",
                                              residents, spawned, days, total, ValueBounds.peoplePerRun))
        }
        let agents = (placed + spawned) / Double(max(1, s.hasten))
        if options.mode == .agent && !(agents <= ValueBounds.agentsPerRun) {
            throw DisplacementRunError(String(format: "up to %.3g people to follow one by one in agent mode, more than %.0e; use --mode cohort, or optimisations.hasten to follow one in every N people",
                                              agents, ValueBounds.agentsPerRun))
        }
    }
}
