import Displacement
import Foundation
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

/// Turns a scenario's geography, displacement settings and conflict schedules into the
/// displacement engine's inputs, and its results into a `ScheduleRun`. Built once per
/// scenario: the location and route indices, the closures and the settings' keys and
/// origins do not change between samples; each sample only puts in its own values
/// (populations, capacities, distances, setting values).
struct DisplacementBridge: Sendable {
    let horizon: Int
    /// The engine's geography at the scenario's nominal values (names, kinds, closures
    /// and route endpoints are the same in every sample).
    private let base: Displacement.Geography
    /// Route endpoints as location indices, in `ScenarioGeography.routes` order.
    private let routeEnds: [(from: Int, to: Int)]
    /// Each setting's key and where it was written, in `DisplacementRules.settings` order.
    private let settingFields: [(key: String, origin: SettingEntry.Origin)]
    /// The settings at nominal values, with what the engine says about them.
    let nominalSettings: SimulationSettings
    /// The engine's warnings about the settings and the run's set-up (unused keys with
    /// where they were written, settings without effect), settings ones first.
    let warnings: [String]

    /// Reads the scenario's geography and settings once. Throws with the scenario's own
    /// field names when the engine rejects them.
    init(_ scenario: Scenario, horizon: Int) throws {
        self.horizon = horizon
        var index: [String: Int] = [:]
        for (i, l) in scenario.geography.locations.enumerated() { index[l.name] = i }
        routeEnds = try scenario.geography.routes.map { r in
            guard let a = index[r.from], let b = index[r.to] else {
                throw CrisisError.invalidScenario("route \(r.from)–\(r.to) names a place not in locations.csv")
            }
            return (a, b)
        }
        settingFields = scenario.displacement.settings.map { setting in
            let origin = SettingEntry.Origin(file: setting.origin?.file ?? "scenario.yaml", line: setting.origin?.line,
                                             field: "displacement.settings.\(setting.key)")
            return (setting.key, origin)
        }
        let closures = try scenario.geography.closures.map { (c: ScenarioClosure) -> Displacement.Closure in
            guard let kind = Displacement.Closure.Kind(rawValue: c.type.rawValue) else {
                throw CrisisError.invalidScenario("closure type '\(c.type.rawValue)' is not one of Flee's")
            }
            return Displacement.Closure(kind: kind, name1: c.name1, name2: c.name2, start: c.startDay, end: c.endDay)
        }
        base = Self.values(scenario.geography, into: Displacement.Geography(locations: [], routes: [], closures: closures),
                               routeEnds: routeEnds)
        nominalSettings = try Self.settings(scenario.displacement, fields: settingFields)
        // A run of no days checks what every run would refuse and collects the set-up warnings.
        do {
            let check = try simulate(geography: base, conflicts: .none, settings: nominalSettings, days: 0, seed: 0, mode: .cohort)
            var seen = Set<String>()
            warnings = (nominalSettings.warnings + check.warnings).filter { seen.insert($0).inserted }
        } catch {
            throw CrisisError.invalidScenario("displacement model: \(error)")
        }
    }

    /// Puts a geography's values (locations, route distances) into `geography`, whose
    /// closures are kept.
    private static func values(_ g: ScenarioGeography, into geography: Displacement.Geography,
                               routeEnds: [(from: Int, to: Int)]) -> Displacement.Geography {
        var out = geography
        let amounts = g.amounts   // one pass over the places, not one per place
        out.locations = g.locations.enumerated().map { i, l -> Displacement.Location in
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
        out.routes = zip(g.routes.indices, routeEnds).map { j, ends in
            let r = g.routes[j]
            return Displacement.Route(from: ends.from, to: ends.to, distance: distances[j],
                               forcedRedirection: Int(r.forcedRedirection) ?? 0, attributes: r.attributes)
        }
        return out
    }

    /// The engine's settings from a scenario's displacement rules at their current values.
    private static func settings(_ rules: DisplacementRules, fields: [(key: String, origin: SettingEntry.Origin)]) throws -> SimulationSettings {
        guard rules.settings.count == fields.count else {
            throw CrisisError.invalidScenario("displacement settings: a sample has \(rules.settings.count) settings, the scenario \(fields.count)")
        }
        let entries = try zip(rules.settings, fields).map { setting, field -> SettingEntry in
            guard setting.key == field.key else {
                throw CrisisError.invalidScenario("displacement settings: a sample has '\(setting.key)' where the scenario has '\(field.key)'")
            }
            let value: SettingEntry.Value
            switch setting.value {
            case .number(let q): value = .number(q.nominal)
            case .flag(let b): value = .flag(b)
            case .text(let t): value = .text(t)
            }
            return SettingEntry(key: field.key, value: value, origin: field.origin)
        }
        do { return try SimulationSettings(entries: entries) } catch {
            throw CrisisError.invalidScenario("displacement settings: \(error)")
        }
    }

    /// The engine's inputs for one concrete (fixed-valued) scenario: its geography and settings.
    func inputs(_ concrete: Scenario) throws -> (geography: Displacement.Geography, settings: SimulationSettings) {
        (Self.values(concrete.geography, into: base, routeEnds: routeEnds),
         try Self.settings(concrete.displacement, fields: settingFields))
    }

    /// A scenario schedule at its current values, as the engine's conflict spells: its
    /// zones are ground fighting, its `bombardment:` entries bombardment spells.
    func conflicts(_ s: ScenarioSchedule) -> Displacement.ConflictSchedule {
        func spell(_ z: ScenarioSchedule.Zone, _ kind: Displacement.ConflictSchedule.Spell.Kind) -> Displacement.ConflictSchedule.Spell {
            .init(location: z.location, from: z.days.from, until: z.days.until, intensity: z.intensity.nominal, kind: kind)
        }
        return Displacement.ConflictSchedule(spells: s.zones.map { spell($0, .ground) } + s.bombardment.map { spell($0, .bombardment) })
    }

    /// Simulates one schedule of a concrete scenario in cohort mode. Deterministic given `seed`.
    func run(_ schedule: ScenarioSchedule, geography: Displacement.Geography, settings: SimulationSettings,
             seed: UInt64) throws -> ScheduleRun {
        var observer = ScheduleObserver()
        do {
            let spells = conflicts(schedule)
            try RunBounds.check(geography: geography, conflicts: spells, settings: settings, days: horizon)
            _ = try simulate(geography: geography, conflicts: spells, settings: settings, days: horizon, seed: seed,
                             options: RunOptions(mode: .cohort), observer: &observer)
        } catch {
            throw CrisisError.invalidScenario("displacement model, schedule '\(schedule.id)': \(error)")
        }
        return observer.run(schedule: schedule, horizon: horizon)
    }
}

/// What the crisis runner keeps of a displacement run, recorded day by day instead of the
/// engine's full per-day table: the cumulative displaced, people present on the grid
/// days, person-days over capacity and arrivals per location, and the route flows.
struct ScheduleObserver: DisplacementObserver {
    private var facts: RunFacts?
    private var scale = 1.0
    private var grid: [Int] = []
    private var nextGridPoint = 0
    private var cumulative = 0.0
    private var returnedSoFar = 0.0
    private var displacedByDay: [Double] = []
    private var overload: [Int] = []
    private var arrivals: [Int] = []
    /// `[location * grid.count + point]`, people (scaled).
    private var onGrid: [Float] = []
    private var inTransitOnGrid: [Float] = []
    private var linkTraversals: [Int] = []
    /// People present at each location and in transit on the last day (people, scaled).
    private var presentAtEnd: [Double] = []
    private var inTransitAtEnd = 0.0

    mutating func begin(_ facts: RunFacts) {
        self.facts = facts
        scale = Double(facts.peoplePerAgent)
        grid = ScheduleRun.grid(days: facts.days)
        displacedByDay.reserveCapacity(facts.days)
        overload = Array(repeating: 0, count: facts.locationCount)
        arrivals = Array(repeating: 0, count: facts.locationCount)
        onGrid = Array(repeating: 0, count: facts.locationCount * grid.count)
        linkTraversals = Array(repeating: 0, count: facts.linkFrom.count)
    }

    mutating func observe(_ day: DayView) {
        // Everyone who left home today (equal to the day's spawning without flight_rules).
        var left = 0
        for people in day.left { left += people }
        var returned = 0
        for people in day.returned { returned += people }
        cumulative += Double(left) * scale
        returnedSoFar += Double(returned) * scale
        displacedByDay.append(cumulative)
        let capacities = facts!.capacities
        for location in 0..<day.population.count {
            let present = day.population[location]
            let capacity = capacities[location]
            if capacity >= 1 { overload[location] += max(0, present - capacity) }
            arrivals[location] += day.arrivals[location]
        }
        if nextGridPoint < grid.count && grid[nextGridPoint] == day.day {
            for location in 0..<day.population.count {
                onGrid[location * grid.count + nextGridPoint] = Float(Double(day.population[location]) * scale)
            }
            inTransitOnGrid.append(Float(Double(day.inTransit) * scale))
            nextGridPoint += 1
        }
        if day.day == facts!.days - 1 {
            linkTraversals = Array(day.linkCompletions)
            presentAtEnd = day.population.map { Double($0) * scale }
            inTransitAtEnd = Double(day.inTransit) * scale
        }
    }

    /// The run as the crisis runner keeps it; locations holding nobody on every grid day are left out.
    func run(schedule: ScenarioSchedule, horizon: Int) -> ScheduleRun {
        let facts = facts!
        let overloadByLocation = overload.map { Double($0) * scale }
        // What the mechanisms' formulas read at the horizon.
        var presentByPlace: [String: Double] = [:]
        var stillAway = 0.0
        if facts.days > 0 {
            for (location, people) in presentAtEnd.enumerated() where people > 0 {
                presentByPlace[facts.locationNames[location]] = people
                stillAway += people
            }
            stillAway += inTransitAtEnd
        }
        let summary = DisplacementSummary(
            displaced: displacedByDay.last ?? 0,
            overloadPersonDays: overloadByLocation.reduce(0, +),
            conflictIntensityDays: schedule.intensityDays(horizon: horizon),
            currentlyDisplaced: stillAway, returned: returnedSoFar, presentByPlace: presentByPlace)
        var present: [Int] = [], presentOnGrid: [Float] = []
        for location in 0..<facts.locationCount {
            let curve = onGrid[(location * grid.count)..<((location + 1) * grid.count)]
            if curve.contains(where: { $0 > 0 }) {
                present.append(location)
                presentOnGrid += curve
            }
        }
        let flows = facts.routeFlows(linkTraversals).map { ScheduleRun.RouteFlow(from: $0.from, to: $0.to, people: Double($0.people) * scale) }
        return ScheduleRun(summary: summary, locations: facts.locationNames, displacedByDay: displacedByDay,
                           overloadByLocation: overloadByLocation, arrivalsByLocation: arrivals.map { Double($0) * scale },
                           gridDays: grid, presentLocations: present, presentOnGrid: presentOnGrid,
                           inTransitOnGrid: inTransitOnGrid, routeFlows: flows)
    }
}

/// What the displacement engine says about a valid scenario before any run (for
/// `fulcrum validate`): its warnings about the settings, each with where it was written
/// (e.g. a misspelt key under `displacement.settings`), and its other set-up warnings.
/// Throws `CrisisError.invalidScenario` with the reason every run would stop.
public struct DisplacementCheck: Sendable {
    public var settingWarnings: [SettingWarning]
    public var otherWarnings: [String]

    public init(_ scenario: Scenario) throws {
        let bridge = try DisplacementBridge(scenario, horizon: scenario.metadata.horizonDays)
        settingWarnings = bridge.nominalSettings.settingWarnings
        let known = Set(bridge.nominalSettings.warnings)
        otherWarnings = bridge.warnings.filter { !known.contains($0) }
    }

    /// `fulcrum validate`: the folder's report with the engine's findings beside the loader's.
    /// With `fix`, the table values scenario.yaml determines are written first (every table or
    /// none; `TableFixError` otherwise) and the folder read again.
    public static func report(_ folder: URL, fix: Bool) throws -> ValidationReport {
        var result = Scenario.validate(directory: folder)
        var fixed: [TableFix] = []
        if fix && !result.fixes.isEmpty {
            fixed = try Scenario.apply(result.fixes, in: folder)
            result = Scenario.validate(directory: folder)
        }
        let engine = result.scenario.map(findings) ?? (errors: [], warnings: [])
        return ValidationReport(result, folder: folder, fixed: fix ? fixed : nil, moreErrors: engine.errors, moreWarnings: engine.warnings)
    }

    /// A loaded scenario's findings as `validate` reports them, beside the loader's: the
    /// engine's refusal as an error, its warnings at the file and field they name.
    public static func findings(_ scenario: Scenario) -> (errors: [Diagnostic], warnings: [Diagnostic]) {
        do {
            let check = try DisplacementCheck(scenario)
            let settings = check.settingWarnings.map { w in
                Diagnostic(file: w.file, line: w.line ?? 0, column: 0, path: w.field, kind: .unknownKey, message: w.message, severity: .warning)
            }
            let others = check.otherWarnings.map {
                Diagnostic(file: "scenario.yaml", line: 0, column: 0, path: "displacement.settings", kind: .unused, message: $0, severity: .warning)
            }
            return ([], settings + others)
        } catch {
            return ([Diagnostic(file: "scenario.yaml", line: 0, column: 0, path: "displacement", kind: .inconsistent,
                                message: "the displacement model refuses it: \(error)")], [])
        }
    }
}
