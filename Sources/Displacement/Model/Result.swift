/// Everything a run produces, per day and per location. Counts are in agents; multiply by
/// `peoplePerAgent` (the `hasten` setting) for people.
public struct DisplacementResult: Sendable, Codable {
    /// What is fixed for the run (names, capacities, camps, days, seed, mode, links, regions …).
    public let facts: RunFacts
    public var locationNames: [String] { facts.locationNames }
    public var capacities: [Int] { facts.capacities }
    public var camps: [Int] { facts.camps }
    public var days: Int { facts.days }
    public var seed: UInt64 { facts.seed }
    public var mode: SimulationMode { facts.mode }
    public var compatibility: Compatibility { facts.compatibility }
    public var peoplePerAgent: Int { facts.peoplePerAgent }
    public var bytesPerPerson: Int { facts.bytesPerPerson }
    public var linkFrom: [Int] { facts.linkFrom }
    public var linkTo: [Int] { facts.linkTo }
    public var regions: [String] { facts.regions }
    public var countries: [String] { facts.countries }
    public var homeCountry: String { facts.homeCountry }
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
    /// People who completed each directed link over the run (a person passing through
    /// counts on every link they finish; people turned back by a closure do not count).
    /// Into each location, these sum to its total arrivals.
    public let linkTraversals: [Int]
    /// Residents of each place who left home each day: `[day * locations + loc]` (day 0
    /// also counts the people placed before it). Summed, the people ever displaced from
    /// it (a person who goes back and flees again counts twice). Without `flight_rules`,
    /// the day's spawning by place.
    public let left: [Int]
    /// People who went back home to each place each day (`return_rules`): `[day * locations + loc]`.
    public let returned: [Int]

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

    /// People who left home by the end of `day` (every displacement counts).
    public func everDisplaced(day: Int) -> Int {
        var total = 0
        for t in 0...day { for l in 0..<locationCount { total += left[t * locationCount + l] } }
        return total
    }

    /// People who went back home by the end of `day`.
    public func returnedTotal(day: Int) -> Int {
        var total = 0
        for t in 0...day { for l in 0..<locationCount { total += returned[t * locationCount + l] } }
        return total
    }

    /// People away from home at the end of `day`: ever displaced − returned (those removed
    /// by camp sinks included, as they never went back).
    public func currentlyDisplaced(day: Int) -> Int { everDisplaced(day: day) - returnedTotal(day: day) }

    /// Displaced people present at locations at the end of `day`, by region.
    public func presentByRegion(day: Int) -> [String: Int] { present(day: day, by: regions) }

    /// Displaced people present at locations at the end of `day`, by country; those in a
    /// country other than `homeCountry` are its refugees.
    public func presentByCountry(day: Int) -> [String: Int] { present(day: day, by: countries) }

    /// Refugees at the end of `day`: people present in a country other than the home country.
    public func refugees(day: Int) -> Int {
        presentByCountry(day: day).filter { $0.key != homeCountry }.values.reduce(0, +)
    }

    private func present(day: Int, by key: [String]) -> [String: Int] {
        var out: [String: Int] = [:]
        for l in 0..<locationCount { out[key[l], default: 0] += population(of: l, day: day) }
        return out
    }

    /// Agent-days: people in the simulation summed over days (Flee's throughput unit).
    public var agentDays: Int { displaced.reduce(0, +) }
}

/// The default observer: records every day in full, as `DisplacementResult` holds it.
public struct ResultRecorder: DisplacementObserver {
    private var facts: RunFacts?
    private var population: [Int] = [], arrivals: [Int] = []
    private var displaced: [Int] = [], inTransit: [Int] = [], spawned: [Int] = [], deactivated: [Int] = []
    private var rawTotal: [Int] = [], debt: [Int] = []
    private var linkTraversals: [Int] = []
    private var left: [Int] = [], returned: [Int] = []

    public init() {}

    public mutating func begin(_ facts: RunFacts) {
        self.facts = facts
        population.reserveCapacity(facts.days * facts.locationCount)
        arrivals.reserveCapacity(facts.days * facts.locationCount)
        left.reserveCapacity(facts.days * facts.locationCount)
        returned.reserveCapacity(facts.days * facts.locationCount)
        linkTraversals = Array(repeating: 0, count: facts.linkFrom.count)
    }

    public mutating func observe(_ day: DayView) {
        population.append(contentsOf: day.population)
        arrivals.append(contentsOf: day.arrivals)
        left.append(contentsOf: day.left)
        returned.append(contentsOf: day.returned)
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
            facts: f, population: population, arrivals: arrivals, displaced: displaced, inTransit: inTransit, spawned: spawned,
            deactivated: deactivated, rawTotal: rawTotal, debt: debt, warnings: warnings, linkTraversals: linkTraversals,
            left: left, returned: returned)
    }
}
