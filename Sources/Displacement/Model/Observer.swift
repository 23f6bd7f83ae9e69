/// What is fixed for a whole run, given to an observer before day 0.
public struct RunFacts: Sendable, Codable {
    public let locationNames: [String]
    /// Capacity per location after `hasten` (-1 for locations without one).
    public let capacities: [Int]
    /// Indices of the locations that were camps at setup (the out.csv columns).
    public let camps: [Int]
    public let days: Int
    public let seed: UInt64
    public let mode: SimulationMode
    public let compatibility: Compatibility
    /// The `hasten` setting: counts are in agents, each standing for this many people.
    public let peoplePerAgent: Int
    /// Bytes of per-person state in agent mode (0 in cohort mode).
    public let bytesPerPerson: Int
    /// The directed links people travel, as location indices: every route gives one link
    /// each way (Flee's forced-redirection copies included), in the network's link order.
    public let linkFrom: [Int]
    public let linkTo: [Int]
    /// Each location's region column (the admin area) and country, and the geography's
    /// home country (its first location's); people in another country are refugees.
    public let regions: [String]
    public let countries: [String]
    public let homeCountry: String

    public var locationCount: Int { locationNames.count }

    /// People who travelled each route, both directions apart, from per-link completions:
    /// one entry per (from, to) pair of locations with at least one completion, sorted by
    /// (from, to). Duplicate links (Flee 3.1's forced-redirection copies) are added up.
    public func routeFlows(_ completions: some Sequence<Int>) -> [(from: Int, to: Int, people: Int)] {
        let n = locationCount
        var byPair: [Int: Int] = [:]
        for (link, people) in completions.enumerated() where people > 0 {
            byPair[linkFrom[link] * n + linkTo[link], default: 0] += people
        }
        return byPair.keys.sorted().map { (from: $0 / n, to: $0 % n, people: byPair[$0]!) }
    }
}

/// One day as the daily driver ends it (after travel and camp sinks), for an observer to
/// read. The buffers belong to the engine and are valid only during `observe(_:)`: copy
/// what you keep.
public struct DayView {
    public let day: Int
    /// People physically at each location.
    public let population: UnsafeBufferPointer<Int>
    /// Link completions ending at each location today (people passing through count).
    public let arrivals: UnsafeBufferPointer<Int>
    /// People in the simulation (Flee's "total refugees (simulation)").
    public let displaced: Int
    /// People on links.
    public let inTransit: Int
    /// People created today (day 0 also counts day-0 insertion and preset people).
    public let spawned: Int
    /// People removed by camp sinks today.
    public let deactivated: Int
    /// Flee's "raw UNHCR refugee count" and the spawning debt.
    public let rawTotal: Int
    public let debt: Int
    /// People who completed each directed link since day 0 (`RunFacts.linkFrom` order).
    public let linkCompletions: UnsafeBufferPointer<Int>
    /// Residents of each location who left home today (day 0 also counts the people
    /// placed before it), and people who went back home to each location today.
    public let left: UnsafeBufferPointer<Int>
    public let returned: UnsafeBufferPointer<Int>
}

/// Collects what a caller wants from a run, day by day, as Agents.jl separates data
/// collection from stepping: the driver steps, the observer records. `ResultRecorder`
/// keeps everything (`DisplacementResult`); a caller that needs less passes its own.
public protocol DisplacementObserver {
    /// Called once, before day 0.
    mutating func begin(_ facts: RunFacts)
    /// Called at the end of every day, in order.
    mutating func observe(_ day: DayView)
}
