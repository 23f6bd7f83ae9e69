import BoundedInput
import Foundation

/// How people are represented.
public enum SimulationMode: String, Sendable, CaseIterable, Codable {
    /// One record per person (struct-of-arrays), multi-core.
    case agent
    /// Groups of exchangeable people moved by multinomial draws; cost independent of population.
    case cohort
}

/// Which semantics the model follows.
public enum Compatibility: String, Sendable, CaseIterable, Codable {
    /// The reference algorithm with Flee 3.1's bugs fixed (docs/displacement.md).
    case fulcrum
    /// Reproduces Flee 3.1's statistics: sequential in-place updates, re-roll at every stop, quirks.
    case flee31 = "flee-3.1"
}

/// Everything a run produces, per day and per location. Counts are in agents; multiply by
/// `peoplePerAgent` (the `hasten` setting) for people.
public struct DisplacementResult: Sendable, Codable {
    public let locationNames: [String]
    /// Capacity per location after `hasten` (-1 for locations without one).
    public let capacities: [Int]
    /// Indices of the locations that were camps at setup (the out.csv columns).
    public let camps: [Int]
    public let days: Int
    public let seed: UInt64
    public let mode: SimulationMode
    public let compatibility: Compatibility
    public let peoplePerAgent: Int
    /// People physically at each location at the end of each day: `[day * locations + loc]`.
    public let population: [Int]
    /// Link completions ending at each location on each day (people passing through count): `[day * locations + loc]`.
    public let arrivals: [Int]
    /// People in the simulation at the end of each day (Flee's "total refugees (simulation)").
    public let displaced: [Int]
    /// People on links at the end of each day.
    public let inTransit: [Int]
    /// New people created on each day (spawned; day 0 also counts day-0 insertion and preset agents).
    public let spawned: [Int]
    /// People removed by camp sinks on each day.
    public let deactivated: [Int]
    /// Flee's "raw UNHCR refugee count" (T(t)) and spawning debt after each day.
    public let rawTotal: [Int]
    public let debt: [Int]
    public let warnings: [String]
    /// Bytes of per-person state in agent mode (0 in cohort mode).
    public let bytesPerPerson: Int
    /// The directed links people travel, as location indices: every route gives one link
    /// each way (Flee's forced-redirection copies included), in the network's link order.
    public let linkFrom: [Int]
    public let linkTo: [Int]
    /// People who completed each directed link over the run (a person passing through
    /// counts on every link they finish; people turned back by a closure do not count).
    /// Into each location, these sum to its total arrivals.
    public let linkTraversals: [Int]

    public var locationCount: Int { locationNames.count }

    /// Index of a location by name (the geography's order).
    public func index(of name: String) -> Int? { locationNames.firstIndex(of: name) }

    public func population(of loc: Int, day t: Int) -> Int { population[t * locationCount + loc] }
    public func arrivals(at loc: Int, day t: Int) -> Int { arrivals[t * locationCount + loc] }

    /// People beyond capacity at a location on a day (0 where there is no capacity).
    public func overCapacity(of loc: Int, day t: Int) -> Int {
        let c = capacities[loc]
        return c >= 1 ? max(0, population(of: loc, day: t) - c) : 0
    }

    /// Person-days over capacity per location, summed over the run.
    public var personDaysOverCapacity: [Int] {
        (0..<locationCount).map { l in (0..<days).reduce(0) { $0 + overCapacity(of: l, day: $1) } }
    }

    /// Total arrivals per location over the run.
    public var arrivalsByDestination: [Int] {
        (0..<locationCount).map { l in (0..<days).reduce(0) { $0 + arrivals(at: l, day: $1) } }
    }

    /// People who travelled each route, both directions apart, summed over the run: one
    /// entry per (from, to) pair of locations with at least one completion, sorted by
    /// (from, to). Duplicate links (Flee 3.1's forced-redirection copies) are added up.
    public var routeFlows: [(from: Int, to: Int, people: Int)] {
        var byPair: [Int: Int] = [:]
        for (l, k) in linkTraversals.enumerated() where k > 0 { byPair[linkFrom[l] * locationCount + linkTo[l], default: 0] += k }
        return byPair.keys.sorted().map { (from: $0 / locationCount, to: $0 % locationCount, people: byPair[$0]!) }
    }

    /// Agent-days: people in the simulation summed over days (Flee's throughput unit).
    public var agentDays: Int { displaced.reduce(0, +) }
}

/// Inputs of one run besides the geography and conflicts.
public struct RunOptions: Sendable {
    public var mode: SimulationMode
    public var compatibility: Compatibility
    /// Worker threads for agent mode (default: all cores). Results do not depend on it.
    public var threads: Int?
    /// Data-driven spawning and day-0 insertion (Flee's validation directory).
    public var validation: ValidationData?
    /// People present at locations before day 0 (e.g. Flee's agents.csv), by location index.
    public var initialPeople: [Int: Int]
    /// Age and gender tables, needed by `ChildrenAvoidHazards` / `BoysTakeRisk` (agent mode).
    public var demographics: Demographics
    /// Individually listed people present before day 0 (Flee's agents.csv), after `initialPeople`.
    public var presetPeople: [PresetPerson]
    public init(mode: SimulationMode = .cohort, compatibility: Compatibility = .fulcrum, threads: Int? = nil,
                validation: ValidationData? = nil, initialPeople: [Int: Int] = [:], demographics: Demographics = Demographics(),
                presetPeople: [PresetPerson] = []) {
        self.mode = mode; self.compatibility = compatibility; self.threads = threads
        self.validation = validation; self.initialPeople = initialPeople; self.demographics = demographics
        self.presetPeople = presetPeople
    }
}

/// Runs the displacement model for `days` days. A pure function of its arguments: safe to call
/// from several threads at once (e.g. one Monte Carlo sample per thread).
///
/// Guarantees: conservation (spawned − deactivated = people at locations + on links, every
/// day); the same inputs, settings, seed, mode and compatibility give bit-identical
/// results on any machine and with any `threads`. Random: every draw comes from
/// counter-based streams keyed by `seed` (default mode) or one sequential stream seeded
/// by `seed` (Flee 3.1 mode). Exact model, stochastic outcome: agent and cohort modes
/// sample the same distribution.
///
/// People appear either from `settings.conflictDrivenSpawning` (conflict zones produce
/// people each day) or, when `options.validation` is given, from its `total` series as
/// Flee does. Throws `DisplacementRunError` or `DisplacementInputError` for unusable input.
public func simulate(geography: Geography, conflicts: ConflictSchedule, settings: SimulationSettings, days: Int,
                     seed: UInt64, options: RunOptions = RunOptions(),
                     progress: ((Int, Int) -> Void)? = nil) throws -> DisplacementResult {
    var run = try DailyDriver(geography: geography, conflicts: conflicts, settings: settings, days: days, seed: seed, options: options)
    return try run.run(progress: progress)
}

/// Convenience for the crisis runner: cohort mode, default semantics.
public func simulate(geography: Geography, conflicts: ConflictSchedule, settings: SimulationSettings, days: Int,
                     seed: UInt64, mode: SimulationMode) throws -> DisplacementResult {
    try simulate(geography: geography, conflicts: conflicts, settings: settings, days: days, seed: seed, options: RunOptions(mode: mode))
}

/// The order of operations of one day (reference §11), independent of the representation.
struct DailyDriver {
    let geography: Geography
    let s: SimulationSettings
    let days: Int
    let seed: UInt64
    let options: RunOptions
    let compat: Bool
    let network: Network
    let state: DayState
    let engine: PopulationEngine
    let conflictColumns: [Int]
    let conflicts: ConflictSchedule
    var warnings: [String] = []

    init(geography g: Geography, conflicts: ConflictSchedule, settings: SimulationSettings, days: Int, seed: UInt64, options: RunOptions) throws {
        let s = settings.effective
        compat = options.compatibility == .flee31
        guard days >= 0 else { throw DisplacementRunError("days must be ≥ 0") }
        var warnings = settings.warnings
        if s.awarenessLevel < 1 {
            if !compat { throw DisplacementRunError("move_rules.awareness_level is \(s.awarenessLevel): it must be at least 1 (Flee 3.1 silently keeps every agent in place at 0; use --compat flee-3.1 to reproduce that)") }
            warnings.append(s.awarenessLevel == 0 ? "awareness_level 0: every agent stays in place, as in Flee 3.1" : "awareness_level \(s.awarenessLevel) is treated as 1, as in Flee 3.1")
        }
        if s.boysTakeRisk && !s.childrenAvoidHazards {
            warnings.append("BoysTakeRisk has no effect without ChildrenAvoidHazards (as in Flee 3.1)")
        }
        if s.childrenAvoidHazards {
            if options.mode == .cohort { throw DisplacementRunError("ChildrenAvoidHazards depends on each person's age and gender: use --mode agent") }
            if options.demographics.tables["age"] == nil { throw DisplacementRunError("ChildrenAvoidHazards needs demographics_age.csv in the input directory") }
            if s.boysTakeRisk && options.demographics.tables["gender"] == nil { throw DisplacementRunError("BoysTakeRisk needs demographics_gender.csv in the input directory") }
            for v in options.demographics.tables["age"]!.values where Int(v) == nil {
                throw DisplacementRunError("demographics_age.csv: value '\(v)' is not an integer age")
            }
        }
        if !compat && (s.matchCampEthnicity || s.matchTownEthnicity || s.matchConflictEthnicity) {
            throw DisplacementRunError("Match*Ethnicity: Flee 3.1 implements these as a stub (×10 per class of endpoint); Fulcrum has no ethnicity data model. Use --compat flee-3.1 to reproduce 3.1")
        }
        if compat, s.conflictDrivenSpawning?.mode == .poisson {
            throw DisplacementRunError("spawn_mode Poisson is not recognised by Flee 3.1 (it stops at the first spawn); Fulcrum's default mode supports it")
        }
        if s.movechancePopScaleFactor < 0, let bad = g.locations.first(where: { max($0.population, $0.capacity) / s.hasten <= 0 }) {
            throw DisplacementRunError("movechance_pop_scale_factor < 0 with '\(bad.name)' having neither population nor capacity (division by zero)")
        }
        if options.mode == .cohort {
            if compat { throw DisplacementRunError("--compat flee-3.1 reproduces 3.1's sequential per-agent updates and needs --mode agent") }
            if let why = CohortEngine.unsupported(s) { throw DisplacementRunError(why) }
        }
        for c in g.closures {
            if c.kind == .link && compat { warnings.append("link closure \(c.name1)–\(c.name2): Flee 3.1 ignores link closures (Q1); Fulcrum closes both directions") }
            if c.kind == .removeForcedRedirection { warnings.append("closure type remove_forced_redirection has no effect (ignored)") }
        }
        if s.conflictDrivenSpawning == nil && options.validation == nil && options.initialPeople.isEmpty && options.presetPeople.isEmpty {
            throw DisplacementRunError("no source of displaced people: give validation data (Flee's data-driven spawning) or set spawn_rules.conflict_driven_spawning")
        }
        if let v = options.validation {
            if s.conflictDrivenSpawning == nil && !v.has("total") { throw DisplacementRunError("validation data has no 'total' series (data_layout.csv row 'total,…')") }
            for l in g.locations where l.isCamp && !v.has(l.name) {
                throw DisplacementRunError("camp '\(l.name)' has no row in data_layout.csv")
            }
        }
        var cols: [Int] = []
        var byName: [String: Int] = [:]
        for (i, l) in g.locations.enumerated() where byName[l.name] == nil { byName[l.name] = i }
        for name in conflicts.columns {
            guard let i = byName[name] else { throw DisplacementRunError("conflict schedule names '\(name)', which is not a location") }
            cols.append(i)
        }
        if let td = conflicts.tableDays, td < days {
            throw DisplacementRunError("conflicts.csv has \(td) data rows but the run needs \(days) days")
        }
        self.geography = g; self.s = s; self.days = days; self.seed = seed; self.options = options
        self.conflicts = conflicts; conflictColumns = cols
        network = Network(geography: g, settings: s, compat: compat)
        state = DayState(network: network, geography: g, settings: s, compat: compat)
        let routes = RouteTable(network: network)
        switch options.mode {
        case .agent:
            engine = AgentEngine(network: network, state: state, routes: routes, seed: seed,
                                 threads: options.threads ?? ProcessInfo.processInfo.activeProcessorCount, sequential: compat,
                                 demographics: s.childrenAvoidHazards ? options.demographics : nil)
        case .cohort:
            engine = CohortEngine(network: network, state: state, routes: routes, seed: seed)
        }
        self.warnings = warnings
    }

    /// Conflict onsets and ends for day t (reference §9). Returns whether any happened.
    func applyConflicts(day t: Int) -> Bool {
        var changed = false
        for (j, i) in conflictColumns.enumerated() {
            let c = conflicts.intensity(column: j, day: t)
            let prev = t > 0 ? conflicts.intensity(column: j, day: t - 1) : 0
            if c > 1e-6 {
                if t == 0 || prev < 1e-6 { state.beginConflict(at: i, intensity: c, day: t); changed = true }
                else if !compat && state.conflict[i] > 0 { state.conflict[i] = c }
            } else if c < 1e-6 && t > 0 && (compat ? prev == 1 : prev >= 1e-6) {
                state.endConflict(at: i); changed = true
            }
        }
        return changed
    }

    mutating func run(progress: ((Int, Int) -> Void)?) throws -> DisplacementResult {
        let n = network.locationCount
        let campsAtSetup = (0..<n).filter { state.isCamp[$0] }
        var population = [Int](), arrivals = [Int]()
        population.reserveCapacity(days * n); arrivals.reserveCapacity(days * n)
        var displaced = [Int](), transit = [Int](), spawned = [Int](), deactivated = [Int](), rawTotal = [Int](), debts = [Int]()
        var created = 0
        for (loc, c) in options.initialPeople.sorted(by: { $0.key < $1.key }) { engine.place(loc, count: c, day: 0); created += c }
        for p in options.presetPeople {
            guard (0..<n).contains(p.location) else { throw DisplacementRunError("preset person at location index \(p.location), which does not exist") }
            engine.placePreset(p); created += 1
        }
        let v = options.validation
        if let v, s.insertDay0 {
            for c in campsAtSetup {
                let k = v.value(network.names[c], day: 0)
                engine.place(c, count: max(0, k), day: 0); created += max(0, k)
            }
        }
        var debt = 0, prevT = 0, cumulative = 0
        var arrToday = Array(repeating: 0, count: n)
        for t in 0..<days {
            let changed = applyConflicts(day: t)
            var newPeople = 0
            var raw = 0
            if let cds = s.conflictDrivenSpawning {
                var rng = CounterStream(seed: seed, purpose: .conflictSpawn, day: t, entity: 0)
                for i in 0..<n where state.conflict[i] > 0 {
                    var k: Int
                    switch cds.mode {
                    case .constant: k = Int(cds.displacedPerConflictDay * state.conflict[i])
                    case .popRatio: k = Int(cds.displacedPerConflictDay * Double(state.residents[i]) * state.conflict[i])
                    case .poisson: k = rng.poisson(cds.displacedPerConflictDay * state.conflict[i])
                    }
                    if s.takeFromPopulation {
                        if !compat { k = min(k, state.residents[i]) }
                        else if k > 0 && state.residents[i] <= 0 { throw DisplacementRunError("day \(t): spawning at '\(network.names[i])', whose population is already 0 (take_from_population)") }
                        state.residents[i] = max(0, state.residents[i] - k)
                    }
                    if k > 0 { engine.place(i, count: k, day: t); newPeople += k }
                }
                cumulative += newPeople
                raw = v.map { $0.value("total", day: t) } ?? cumulative
            } else if let v {
                let total = v.value("total", day: t)
                let r = t == 0 ? total : total - prevT
                prevT = total
                raw = total
                var k = r - debt
                if s.insertDay0 && t == 0 { k = 0 }
                if k < 0 { debt = -k; k = 0 } else if debt > 0 { debt = 0 }
                if k > 0 {
                    let weights = state.spawnWeights(day: compat ? (changed ? t : max(0, t - 1)) : t)
                    guard weights.contains(where: { $0 > 0 }) else {
                        throw DisplacementRunError("day \(t): \(k) people to spawn but no conflict zone with population > 0")
                    }
                    let landed = engine.spawn(k, weights: weights, day: t)
                    if s.takeFromPopulation {
                        for i in 0..<n where landed[i] > 0 {
                            if landed[i] > state.residents[i] { throw DisplacementRunError("day \(t): spawned \(landed[i]) at '\(network.names[i])', more than its remaining population \(state.residents[i]) (take_from_population)") }
                            state.residents[i] -= landed[i]
                        }
                    }
                    newPeople += k
                }
            }
            for c in geography.closures {
                if t == c.start { state.enact(c, close: true) }
                if t == c.end { state.enact(c, close: false) }
            }
            for i in 0..<n { arrToday[i] = 0 }
            engine.agentPhase(day: t, arrivals: &arrToday)
            let gone = engine.sinks(day: t)
            population.append(contentsOf: state.count)
            arrivals.append(contentsOf: arrToday)
            displaced.append(engine.alive); transit.append(engine.inTransit)
            spawned.append(newPeople + (t == 0 ? created : 0)); deactivated.append(gone)
            rawTotal.append(raw); debts.append(debt)
            progress?(t + 1, days)
        }
        return DisplacementResult(
            locationNames: network.names, capacities: network.capacity, camps: campsAtSetup, days: days, seed: seed,
            mode: options.mode, compatibility: options.compatibility, peoplePerAgent: s.hasten,
            population: population, arrivals: arrivals, displaced: displaced, inTransit: transit, spawned: spawned,
            deactivated: deactivated, rawTotal: rawTotal, debt: debts, warnings: warnings + state.warnings,
            bytesPerPerson: engine.bytesPerPerson,
            linkFrom: network.linkFrom.array.map { Int($0) }, linkTo: network.linkTo.array.map { Int($0) },
            linkTraversals: Array(engine.linkCompletions))
    }
}
