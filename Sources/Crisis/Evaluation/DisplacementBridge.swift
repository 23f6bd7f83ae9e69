import Displacement
import Scenario

/// What one conflict schedule did to the population in one sample: the figures the
/// mechanisms read, and the series the report draws.
public struct ScheduleRun: Sendable, Codable {
    public var summary: DisplacementSummary
    /// Location names, in the geography's order.
    public var locations: [String]
    /// People displaced so far (everyone who has left home), per day.
    public var displacedByDay: [Double]
    /// People beyond capacity per location, summed over days.
    public var overloadByLocation: [Double]
    /// People who arrived at each location over the run.
    public var arrivalsByLocation: [Double]
    /// The days (0-based indices into `displacedByDay`) at which the people present are
    /// recorded: every `k`-th day from day 0 plus the last, at most about 31 points.
    public var gridDays: [Int]
    /// Locations (indices into `locations`, ascending) holding people on some grid day;
    /// every other location holds nobody on every grid day.
    public var presentLocations: [Int]
    /// People present at each of `presentLocations` on each grid day, flat:
    /// `[k * gridDays.count + g]`. 32-bit, to halve what every sample keeps (1,000 Idlib
    /// samples hold 5 schedules × ~25 places × 31 days): exact up to 16,777,216 people at
    /// one place, within 1 in 16 million beyond.
    public var presentOnGrid: [Float]
    /// People on the roads at the end of each grid day (32-bit, as `presentOnGrid`).
    public var inTransitOnGrid: [Float]

    /// The people present at `presentLocations[k]` on each grid day.
    public func present(_ k: Int) -> [Double] {
        let n = gridDays.count
        return presentOnGrid[(k * n)..<((k + 1) * n)].map(Double.init)
    }
    /// People who travelled each route, per direction, over the run (routes nobody took
    /// are left out), sorted by (from, to).
    public var routeFlows: [RouteFlow]

    public struct RouteFlow: Sendable, Codable, Equatable {
        /// Location indices.
        public var from: Int
        public var to: Int
        public var people: Double
    }

    /// The grid days of a run of `days` days: 0, k, 2k, … and the last day, with k the
    /// smallest step giving at most 30 intervals.
    static func grid(days: Int) -> [Int] {
        guard days > 0 else { return [] }
        let k = max(1, (days + 29) / 30)
        var g = Array(stride(from: 0, to: days, by: k))
        if g.last != days - 1 { g.append(days - 1) }
        return g
    }
}

/// Turns a concrete scenario's geography, displacement settings and conflict
/// schedules into the displacement engine's inputs, and its results into a `ScheduleRun`.
struct DisplacementBridge {
    let geography: Displacement.Geography
    let settings: SimulationSettings
    let horizon: Int

    /// Reads the concrete (fixed-valued) scenario's geography and settings.
    /// Throws with the scenario's own field names when the engine rejects them.
    init(_ scenario: Scenario, horizon: Int) throws {
        self.horizon = horizon
        geography = try Self.geography(scenario.geography)
        do {
            settings = try SimulationSettings.parse(yaml: scenario.displacement.fleeSettingsYAML(),
                                                    file: "scenario.yaml (displacement.settings)")
        } catch {
            throw CrisisError.invalidScenario("displacement settings: \(error)")
        }
    }

    static func geography(_ g: ScenarioGeography) throws -> Displacement.Geography {
        var index: [String: Int] = [:]
        let amounts = g.amounts
        let locations = g.locations.enumerated().map { i, l -> Displacement.Location in
            index[l.name] = i
            let kind = Displacement.LocationKind(rawValue: l.kind.rawValue) ?? .town
            let amount = Int(amounts[i].rounded())
            return Displacement.Location(
                name: l.name, region: l.region, country: l.country, latitude: l.latitude, longitude: l.longitude,
                kind: kind, conflictDate: l.conflictDate ?? 0,
                population: l.isCamp ? 0 : amount, capacity: l.isCamp ? (amount > 0 ? amount : -1) : -1,
                attributes: l.attributes,
                conflictIntensity: l.attributes["conflict_intensity"].flatMap(Double.init) ?? 1,
                deactivationProbability: l.attributes["deactivation_probability"].flatMap(Double.init) ?? 0)
        }
        let distances = g.distances
        let routes = try g.routes.enumerated().map { j, r -> Displacement.Route in
            guard let a = index[r.from], let b = index[r.to] else {
                throw CrisisError.invalidScenario("route \(r.from)–\(r.to) names a place not in locations.csv")
            }
            return Displacement.Route(from: a, to: b, distance: distances[j],
                                      forcedRedirection: Int(r.forcedRedirection) ?? 0, attributes: r.attributes)
        }
        let closures = try g.closures.map { (c: ScenarioClosure) -> Displacement.Closure in
            guard let kind = Displacement.Closure.Kind(rawValue: c.type.rawValue) else {
                throw CrisisError.invalidScenario("closure type '\(c.type.rawValue)' is not one of Flee's")
            }
            return Displacement.Closure(kind: kind, name1: c.name1, name2: c.name2, start: c.startDay, end: c.endDay)
        }
        return Displacement.Geography(locations: locations, routes: routes, closures: closures)
    }

    /// A scenario schedule at its current values, as the engine's conflict spells.
    func conflicts(_ s: ScenarioSchedule) -> Displacement.ConflictSchedule {
        Displacement.ConflictSchedule(spells: s.zones.map { z in
            .init(location: z.location, from: Int(z.fromDay.nominal.rounded()),
                  until: z.untilDay.map { Int($0.nominal.rounded()) }, intensity: z.intensity.nominal)
        })
    }

    /// The engine's cohort-mode run of these conflicts, once their people are known to
    /// stay within `ValueBounds.peoplePerRun`. Deterministic given `seed`.
    func simulate(_ conflicts: Displacement.ConflictSchedule, days: Int, seed: UInt64) throws -> DisplacementResult {
        try RunBounds.check(geography: geography, conflicts: conflicts, settings: settings, days: days)
        return try Displacement.simulate(geography: geography, conflicts: conflicts, settings: settings,
                                         days: days, seed: seed, mode: .cohort)
    }

    /// Simulates one schedule in cohort mode. Deterministic given `seed`.
    func run(_ schedule: ScenarioSchedule, seed: UInt64) throws -> ScheduleRun {
        let r: DisplacementResult
        do {
            r = try simulate(conflicts(schedule), days: horizon, seed: seed)
        } catch {
            throw CrisisError.invalidScenario("displacement model, schedule '\(schedule.id)': \(error)")
        }
        let scale = Double(r.peoplePerAgent)
        var cumulative = 0.0
        let displacedByDay = r.spawned.map { s -> Double in cumulative += Double(s) * scale; return cumulative }
        let overload = r.personDaysOverCapacity.map { Double($0) * scale }
        let arrivals = r.arrivalsByDestination.map { Double($0) * scale }
        // What the mechanisms' formulas read at the horizon (the engine reports no
        // returns yet, so `returned` stays 0 and `refugees` is derived from the places).
        var presentAtEnd: [String: Double] = [:]
        var stillAway = 0.0
        if r.days > 0 {
            for l in 0..<r.locationCount {
                let n = Double(r.population(of: l, day: r.days - 1)) * scale
                if n > 0 { presentAtEnd[r.locationNames[l]] = n; stillAway += n }
            }
            stillAway += Double(r.inTransit[r.days - 1]) * scale
        }
        let summary = DisplacementSummary(
            displaced: displacedByDay.last ?? 0,
            overloadPersonDays: overload.reduce(0, +),
            conflictIntensityDays: schedule.intensityDays(horizon: horizon),
            currentlyDisplaced: stillAway, presentByPlace: presentAtEnd)
        let grid = ScheduleRun.grid(days: r.days)
        var present: [Int] = [], onGrid: [Float] = []
        for l in 0..<r.locationCount {
            let curve = grid.map { Float(Double(r.population(of: l, day: $0)) * scale) }
            if curve.contains(where: { $0 > 0 }) { present.append(l); onGrid += curve }
        }
        let flows = r.routeFlows.map { ScheduleRun.RouteFlow(from: $0.from, to: $0.to, people: Double($0.people) * scale) }
        return ScheduleRun(summary: summary, locations: r.locationNames, displacedByDay: displacedByDay,
                           overloadByLocation: overload,
                           arrivalsByLocation: arrivals,
                           gridDays: grid, presentLocations: present, presentOnGrid: onGrid,
                           inTransitOnGrid: grid.map { Float(Double(r.inTransit[$0]) * scale) },
                           routeFlows: flows)
    }
}
