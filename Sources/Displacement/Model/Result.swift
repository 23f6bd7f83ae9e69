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
    public var routeFlows: [(from: Int, to: Int, people: Int)] { facts.routeFlows(linkTraversals) }

    /// Agent-days: people in the simulation summed over days (Flee's throughput unit).
    public var agentDays: Int { displaced.reduce(0, +) }

    /// The run's fixed facts.
    public var facts: RunFacts {
        RunFacts(locationNames: locationNames, capacities: capacities, camps: camps, days: days, seed: seed, mode: mode,
                 compatibility: compatibility, peoplePerAgent: peoplePerAgent, bytesPerPerson: bytesPerPerson,
                 linkFrom: linkFrom, linkTo: linkTo)
    }
}

/// The default observer: records every day in full, as `DisplacementResult` holds it.
public struct ResultRecorder: DisplacementObserver {
    private var facts: RunFacts?
    private var population: [Int] = [], arrivals: [Int] = []
    private var displaced: [Int] = [], inTransit: [Int] = [], spawned: [Int] = [], deactivated: [Int] = []
    private var rawTotal: [Int] = [], debt: [Int] = []
    private var linkTraversals: [Int] = []

    public init() {}

    public mutating func begin(_ facts: RunFacts) {
        self.facts = facts
        population.reserveCapacity(facts.days * facts.locationCount)
        arrivals.reserveCapacity(facts.days * facts.locationCount)
        linkTraversals = Array(repeating: 0, count: facts.linkFrom.count)
    }

    public mutating func observe(_ day: DayView) {
        population.append(contentsOf: day.population)
        arrivals.append(contentsOf: day.arrivals)
        displaced.append(day.displaced)
        inTransit.append(day.inTransit)
        spawned.append(day.spawned)
        deactivated.append(day.deactivated)
        rawTotal.append(day.rawTotal)
        debt.append(day.debt)
        if day.day == (facts?.days ?? 0) - 1 { linkTraversals = Array(day.linkCompletions) }
    }

    /// The recorded run (after `simulate` returned), with its warnings.
    public func result(warnings: [String]) -> DisplacementResult {
        let f = facts!
        return DisplacementResult(
            locationNames: f.locationNames, capacities: f.capacities, camps: f.camps, days: f.days, seed: f.seed,
            mode: f.mode, compatibility: f.compatibility, peoplePerAgent: f.peoplePerAgent,
            population: population, arrivals: arrivals, displaced: displaced, inTransit: inTransit, spawned: spawned,
            deactivated: deactivated, rawTotal: rawTotal, debt: debt, warnings: warnings,
            bytesPerPerson: f.bytesPerPerson, linkFrom: f.linkFrom, linkTo: f.linkTo, linkTraversals: linkTraversals)
    }
}
