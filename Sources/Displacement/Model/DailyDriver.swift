import BoundedInput
import Foundation

/// The order of operations of one day (Flee 3.1's), independent of the representation
/// of people: conflicts, new people, closures, the engine's decisions and travel, camp
/// sinks, then the observer.
struct DailyDriver {
    let geography: Geography
    let settings: SimulationSettings
    let days: Int
    let seed: UInt64
    let options: RunOptions
    let compat: Bool
    let network: Network
    let state: DayState
    let engine: PopulationEngine
    let conflicts: ConflictSchedule
    /// The location of each of the schedule's columns.
    let conflictLocations: [Int]
    let hasBombardment: Bool
    var warnings: [String] = []

    /// Flight and return rules' state (inert when both are off).
    private var response: ThreatResponse
    /// Today's threat intensity and flight hazard per location.
    private var threat: [Double]
    private var hazard: [Double]
    /// Residents of each location who left home today (every way people are created) and
    /// people who went back home to each location today.
    private var left: [Int]
    private var returned: [Int]

    // Running totals of data-driven spawning: a fall of the validation total is a debt
    // paid back before new people appear.
    private var debt = 0
    private var previousTotal = 0
    private var spawnedSoFar = 0

    init(geography: Geography, conflicts: ConflictSchedule, settings given: SimulationSettings, days: Int, seed: UInt64,
         options: RunOptions) throws {
        let settings = given.effective
        compat = options.compatibility == .flee31
        guard days >= 0 else { throw DisplacementRunError("days must be ≥ 0") }
        warnings = given.warnings + (try Self.check(settings, geography: geography, options: options, compat: compat))
        var byName: [String: Int] = [:]
        for (i, location) in geography.locations.enumerated() where byName[location.name] == nil { byName[location.name] = i }
        conflictLocations = try conflicts.columns.map { name in
            guard let i = byName[name] else { throw DisplacementRunError("conflict schedule names '\(name)', which is not a location") }
            return i
        }
        if let tableDays = conflicts.tableDays, tableDays < days {
            throw DisplacementRunError("conflicts.csv has \(tableDays) data rows but the run needs \(days) days")
        }
        self.geography = geography
        self.settings = settings
        self.days = days
        self.seed = seed
        self.options = options
        self.conflicts = conflicts
        hasBombardment = conflicts.hasBombardment
        network = Network(geography: geography, settings: settings, compat: compat)
        state = DayState(network: network, geography: geography, settings: settings, compat: compat)
        response = ThreatResponse(settings: settings, network: network)
        threat = Array(repeating: 0, count: network.locationCount)
        hazard = Array(repeating: 0, count: network.locationCount)
        left = Array(repeating: 0, count: network.locationCount)
        returned = Array(repeating: 0, count: network.locationCount)
        let routes = RouteTable(network: network)
        switch options.mode {
        case .agent:
            engine = AgentEngine(network: network, state: state, routes: routes, seed: seed,
                                 threads: options.threads ?? ProcessInfo.processInfo.activeProcessorCount, sequential: compat,
                                 demographics: settings.childrenAvoidHazards ? options.demographics : nil)
        case .cohort:
            engine = CohortEngine(network: network, state: state, routes: routes, seed: seed)
        }
    }

    /// Refuses what the run cannot do and returns the warnings about what it does differently.
    private static func check(_ settings: SimulationSettings, geography: Geography, options: RunOptions, compat: Bool) throws -> [String] {
        var warnings: [String] = []
        if settings.awarenessLevel < 1 {
            if !compat { throw DisplacementRunError("move_rules.awareness_level is \(settings.awarenessLevel): it must be at least 1 (Flee 3.1 silently keeps every agent in place at 0; use --compat flee-3.1 to reproduce that)") }
            warnings.append(settings.awarenessLevel == 0 ? "awareness_level 0: every agent stays in place, as in Flee 3.1" : "awareness_level \(settings.awarenessLevel) is treated as 1, as in Flee 3.1")
        }
        if settings.boysTakeRisk && !settings.childrenAvoidHazards {
            warnings.append("BoysTakeRisk has no effect without ChildrenAvoidHazards (as in Flee 3.1)")
        }
        if settings.childrenAvoidHazards {
            if options.mode == .cohort { throw DisplacementRunError("ChildrenAvoidHazards depends on each person's age and gender: use --mode agent") }
            guard let ages = options.demographics.tables["age"] else { throw DisplacementRunError("ChildrenAvoidHazards needs demographics_age.csv in the input directory") }
            if settings.boysTakeRisk && options.demographics.tables["gender"] == nil { throw DisplacementRunError("BoysTakeRisk needs demographics_gender.csv in the input directory") }
            for value in ages.values where Int(value) == nil {
                throw DisplacementRunError("demographics_age.csv: value '\(value)' is not an integer age")
            }
        }
        if !compat && (settings.matchCampEthnicity || settings.matchTownEthnicity || settings.matchConflictEthnicity) {
            throw DisplacementRunError("Match*Ethnicity: Flee 3.1 implements these as a stub (×10 per class of endpoint); Fulcrum has no ethnicity data model. Use --compat flee-3.1 to reproduce 3.1")
        }
        let fulcrumRules = [settings.flightRules.map { _ in "flight_rules" }, settings.returnRules.map { _ in "return_rules" }].compactMap { $0 }
        if !fulcrumRules.isEmpty {
            let named = fulcrumRules.joined(separator: " and ")
            if compat { throw DisplacementRunError("\(named): Fulcrum's rules, which Flee 3.1 does not have; remove them or drop --compat flee-3.1") }
            if !settings.takeFromPopulation {
                throw DisplacementRunError("\(named) need spawn_rules.take_from_population: true (people who flee leave their home's residents\(settings.returnRules == nil ? "" : ", and people who go back rejoin them"))")
            }
        }
        if settings.flightRules != nil && settings.conflictDrivenSpawning != nil {
            throw DisplacementRunError("flight_rules replaces spawn_rules.conflict_driven_spawning: give one or the other")
        }
        if settings.flightRules != nil, let validation = options.validation, validation.has("total") {
            warnings.append("flight_rules: people flee by the flight rules; the validation data's 'total' series is not used for spawning")
        }
        if compat, settings.conflictDrivenSpawning?.mode == .poisson {
            throw DisplacementRunError("spawn_mode Poisson is not recognised by Flee 3.1 (it stops at the first spawn); Fulcrum's default mode supports it")
        }
        if settings.movechancePopScaleFactor < 0,
           let bad = geography.locations.first(where: { max($0.population, $0.capacity) / settings.hasten <= 0 }) {
            throw DisplacementRunError("movechance_pop_scale_factor < 0 with '\(bad.name)' having neither population nor capacity (division by zero)")
        }
        if options.mode == .cohort {
            if compat { throw DisplacementRunError("--compat flee-3.1 reproduces 3.1's sequential per-agent updates and needs --mode agent") }
            if let why = CohortEngine.unsupported(settings) { throw DisplacementRunError(why) }
        }
        for closure in geography.closures {
            if closure.kind == .link && compat { warnings.append("link closure \(closure.name1)–\(closure.name2): Flee 3.1 ignores link closures (Q1); Fulcrum closes both directions") }
            if closure.kind == .removeForcedRedirection { warnings.append("closure type remove_forced_redirection has no effect (ignored)") }
        }
        if settings.conflictDrivenSpawning == nil && settings.flightRules == nil && options.validation == nil
            && options.initialPeople.isEmpty && options.presetPeople.isEmpty {
            throw DisplacementRunError("no source of displaced people: give validation data (Flee's data-driven spawning), spawn_rules.conflict_driven_spawning or flight_rules")
        }
        if let validation = options.validation {
            if settings.conflictDrivenSpawning == nil && settings.flightRules == nil && !validation.has("total") { throw DisplacementRunError("validation data has no 'total' series (data_layout.csv row 'total,…')") }
            for location in geography.locations where location.isCamp && !validation.has(location.name) {
                throw DisplacementRunError("camp '\(location.name)' has no row in data_layout.csv")
            }
        }
        return warnings
    }

    /// Conflict onsets and ends for a day (docs/displacement.md, Q17: the default follows
    /// the file's intensity; Flee 3.1 mode keeps the onset value). Returns whether any happened.
    func applyConflicts(day: Int) -> Bool {
        var changed = false
        for (column, location) in conflictLocations.enumerated() {
            let intensity = conflicts.intensity(column: column, day: day)
            let before = day > 0 ? conflicts.intensity(column: column, day: day - 1) : 0
            if intensity > 1e-6 {
                if day == 0 || before < 1e-6 {
                    state.beginConflict(at: location, intensity: intensity, day: day)
                    changed = true
                } else if !compat && state.conflict[location] > 0 {
                    state.conflict[location] = intensity  // Q17: the default mode follows the file daily
                }
            } else if intensity < 1e-6 && day > 0 && (compat ? before == 1 : before >= 1e-6) {
                state.endConflict(at: location)
                changed = true
            }
            if hasBombardment { state.bombardment[location] = conflicts.bombardment(column: column, day: day) }
        }
        return changed
    }

    /// People present before day 0: initial counts, preset people, day-0 insertion. Returns
    /// how many, and adds them to `left` where they were placed.
    private mutating func placeInitialPeople(camps: [Int]) throws -> Int {
        var created = 0
        for (location, count) in options.initialPeople.sorted(by: { $0.key < $1.key }) {
            engine.place(location, count: count, day: 0)
            left[location] += count
            created += count
        }
        for preset in options.presetPeople {
            guard (0..<network.locationCount).contains(preset.location) else {
                throw DisplacementRunError("preset person at location index \(preset.location), which does not exist")
            }
            engine.placePreset(preset)
            left[preset.location] += 1
            created += 1
        }
        if let validation = options.validation, settings.insertDay0 {
            for camp in camps {
                let count = max(0, validation.value(network.names[camp], day: 0))
                engine.place(camp, count: count, day: 0)
                left[camp] += count
                created += count
            }
        }
        return created
    }

    /// Conflict-driven spawning (`spawn_rules.conflict_driven_spawning`): each conflict zone
    /// produces people.
    /// Returns the people created and Flee's raw total.
    private mutating func spawnFromConflicts(_ rule: ConflictDrivenSpawning, day: Int) throws -> (created: Int, rawTotal: Int) {
        var stream = CounterStream(seed: seed, purpose: .conflictSpawn, day: day, entity: 0)
        var created = 0
        for i in 0..<network.locationCount where state.conflict[i] > 0 {
            var count: Int
            switch rule.mode {
            case .constant: count = Int(rule.displacedPerConflictDay * state.conflict[i])
            case .popRatio: count = Int(rule.displacedPerConflictDay * Double(state.residents[i]) * state.conflict[i])
            case .poisson: count = stream.poisson(rule.displacedPerConflictDay * state.conflict[i])
            }
            if settings.takeFromPopulation {
                if !compat {
                    count = min(count, state.residents[i])
                } else if count > 0 && state.residents[i] <= 0 {
                    throw DisplacementRunError("day \(day): spawning at '\(network.names[i])', whose population is already 0 (take_from_population)")
                }
                state.residents[i] = max(0, state.residents[i] - count)
            }
            if count > 0 {
                engine.place(i, count: count, day: day)
                left[i] += count
                created += count
            }
        }
        spawnedSoFar += created
        return (created, options.validation.map { $0.value("total", day: day) } ?? spawnedSoFar)
    }

    /// Data-driven spawning: the day's increase of the validation total,
    /// less any debt, spread over conflict zones. Returns the people created and the raw total.
    private mutating func spawnFromData(_ validation: ValidationData, day: Int, conflictsChanged: Bool) throws -> (created: Int, rawTotal: Int) {
        let total = validation.value("total", day: day)
        let increase = day == 0 ? total : total - previousTotal
        previousTotal = total
        var count = increase - debt
        if settings.insertDay0 && day == 0 { count = 0 }
        if count < 0 {
            debt = -count
            count = 0
        } else if debt > 0 {
            debt = 0
        }
        guard count > 0 else { return (0, total) }
        let weights = state.spawnWeights(day: compat ? (conflictsChanged ? day : max(0, day - 1)) : day)  // Q24
        guard weights.contains(where: { $0 > 0 }) else {
            throw DisplacementRunError("day \(day): \(count) people to spawn but no conflict zone with population > 0")
        }
        let landed = engine.spawn(count, weights: weights, day: day)
        for i in 0..<network.locationCount { left[i] += landed[i] }
        if settings.takeFromPopulation {
            for i in 0..<network.locationCount where landed[i] > 0 {
                if landed[i] > state.residents[i] {
                    throw DisplacementRunError("day \(day): spawned \(landed[i]) at '\(network.names[i])', more than its remaining population \(state.residents[i]) (take_from_population)")
                }
                state.residents[i] -= landed[i]
            }
        }
        return (count, total)
    }

    /// Today's threat at every location, and the places whose home is safe.
    private mutating func assessThreats() {
        for i in 0..<network.locationCount { threat[i] = state.threat(i) }
        if settings.returnRules != nil { response.updateSafety(threat: threat) }
    }

    /// Flight from threatened places (B1, B2 in docs/displacement.md): each place's
    /// residents leave with probability 1 − e^(−hazard), a binomial draw per place.
    private mutating func fleeFromThreats(day: Int) -> (created: Int, rawTotal: Int) {
        response.hazards(threat: threat, into: &hazard)
        var created = 0
        for i in 0..<network.locationCount where hazard[i] > 0 && state.residents[i] > 0 {
            var stream = CounterStream(seed: seed, purpose: .flight, day: day, entity: i)
            let count = stream.binomial(state.residents[i], -expm1(-hazard[i]))
            guard count > 0 else { continue }
            state.residents[i] -= count
            engine.placeFled(i, count: count, day: day)
            left[i] += count
            created += count
        }
        spawnedSoFar += created
        return (created, spawnedSoFar)
    }

    /// Returns (B3): displaced people whose home has been safe long enough go back.
    private mutating func returnHome(day: Int) {
        guard let rules = settings.returnRules else { return }
        let response = self.response
        engine.returnHome(day: day, mayReturn: { response.mayReturn(to: $0) }, share: rules.dailyShare, returned: &returned)
        for i in 0..<network.locationCount { state.residents[i] += returned[i] }
    }

    mutating func run<Observer: DisplacementObserver>(observer: inout Observer, progress: ((Int, Int) -> Void)?) throws {
        let n = network.locationCount
        let camps = (0..<n).filter { state.isCamp[$0] }
        observer.begin(RunFacts(locationNames: network.names, capacities: network.capacity, camps: camps, days: days, seed: seed,
                                mode: options.mode, compatibility: options.compatibility, peoplePerAgent: settings.hasten,
                                bytesPerPerson: engine.bytesPerPerson,
                                linkFrom: network.linkFrom.array.map { Int($0) }, linkTo: network.linkTo.array.map { Int($0) },
                                regions: geography.locations.map(\.region), countries: network.country,
                                homeCountry: geography.homeCountry))
        let createdBeforeDay0 = try placeInitialPeople(camps: camps)
        let fulcrumRules = settings.flightRules != nil || settings.returnRules != nil
        var arrivals = Array(repeating: 0, count: n)
        for day in 0..<days {
            if day > 0 { for i in 0..<n { left[i] = 0 } }  // day 0 keeps the people placed before it
            for i in 0..<n { returned[i] = 0 }
            let conflictsChanged = applyConflicts(day: day)
            if fulcrumRules { assessThreats() }
            var created = 0
            var rawTotal = 0
            if settings.flightRules != nil {
                (created, rawTotal) = fleeFromThreats(day: day)
            } else if let rule = settings.conflictDrivenSpawning {
                (created, rawTotal) = try spawnFromConflicts(rule, day: day)
            } else if let validation = options.validation {
                (created, rawTotal) = try spawnFromData(validation, day: day, conflictsChanged: conflictsChanged)
            }
            for closure in geography.closures {
                if day == closure.start { state.enact(closure, close: true) }
                if day == closure.end { state.enact(closure, close: false) }
            }
            for i in 0..<n { arrivals[i] = 0 }
            engine.agentPhase(day: day, arrivals: &arrivals)
            returnHome(day: day)
            let deactivated = engine.sinks(day: day)
            let spawned = created + (day == 0 ? createdBeforeDay0 : 0)
            state.count.withUnsafeBufferPointer { population in
                arrivals.withUnsafeBufferPointer { arrived in
                    left.withUnsafeBufferPointer { leftToday in
                        returned.withUnsafeBufferPointer { returnedToday in
                            observer.observe(DayView(day: day, population: population, arrivals: arrived, displaced: engine.alive,
                                                     inTransit: engine.inTransit, spawned: spawned, deactivated: deactivated,
                                                     rawTotal: rawTotal, debt: debt, linkCompletions: engine.linkCompletions,
                                                     left: leftToday, returned: returnedToday))
                        }
                    }
                }
            }
            progress?(day + 1, days)
        }
    }
}
