import Foundation
import Testing
@testable import Displacement

/// Fulcrum's flight and return rules (docs/displacement.md, "Flight and return rules")
/// against their closed forms, in agent and cohort modes.
@Suite struct FlightRulesTests {
    static let modes: [SimulationMode] = [.agent, .cohort]
    /// 1° of latitude in great-circle km (R = 6371 km).
    static let kmPerDegree = 6371 * Double.pi / 180

    /// A town A (10,000 residents) and a camp C 10 km away that nobody leaves.
    func townAndCamp(_ extra: [Location] = [], routes extraRoutes: [Route] = []) -> Geography {
        Geography(locations: [loc("A", .town, pop: 10_000), loc("C", .camp, cap: 1_000_000, lat: 0.09)] + extra,
                  routes: [Route(from: 0, to: 1, distance: 10)] + extraRoutes)
    }

    func settings(onset: Double = 0.3, days: Double = 2, daily: Double = 0, anticipation: Double = 0, km: Double = 0) -> SimulationSettings {
        var s = quietSettings()
        s.takeFromPopulation = true
        var f = FlightRules()
        f.onsetShare = onset; f.onsetDays = days; f.dailyShare = daily; f.anticipationShare = anticipation; f.anticipationKm = km
        s.flightRules = f
        return s
    }

    func simulateRun(_ g: Geography, _ s: SimulationSettings, spells: [ConflictSchedule.Spell], days: Int, seed: UInt64,
                     mode: SimulationMode, threads: Int = 1) throws -> DisplacementResult {
        try simulate(geography: g, conflicts: ConflictSchedule(spells: spells), settings: s, days: days, seed: seed,
                     options: RunOptions(mode: mode, threads: threads))
    }

    /// Mean and standard error over seeds.
    func meanAndError(_ x: [Double]) -> (mean: Double, error: Double) {
        let (m, v) = moments([x])[0]
        return (m, (v / Double(x.count)).squareRoot())
    }

    /// Expected share still at home after each day when the onset pressure follows B1 and
    /// the threat is `intensity(t)`: exp(−Σ hazard).
    func survival(days: Int, onset: Double, onsetDays: Double, daily: Double, intensity: (Int) -> Double) -> [Double] {
        let decay = exp(-1 / onsetDays), k0 = -log(1 - onset) * (1 - decay), kInf = -log(1 - daily)
        var pressure = 0.0, peak = 0.0, cumulative = 0.0, out: [Double] = []
        for t in 0..<days {
            let i = intensity(t)
            if i > 0 {
                pressure = pressure * decay + k0 * max(0, i - peak)
                peak = max(peak, i)
            } else {
                pressure = 0; peak = 0
            }
            cumulative += pressure + kInf * i
            out.append(exp(-cumulative))
        }
        return out
    }

    @Test("the onset wave takes 1 − (1 − s)^I of the residents, front-loaded with e-folding time D, in both modes",
          arguments: modes)
    func onsetWave(mode: SimulationMode) throws {
        let g = townAndCamp()
        for intensity in [1.0, 0.5] {
            let s = settings(onset: 0.3, days: 2)
            let expected = survival(days: 30, onset: 0.3, onsetDays: 2, daily: 0) { _ in intensity }
            #expect(abs((1 - expected[29]) - (1 - pow(0.7, intensity))) < 2e-3)   // the closed form's total
            var byDay = Array(repeating: [Double](), count: 30)
            for seed in 0..<30 {
                let r = try simulateRun(g, s, spells: [.init(location: "A", from: 0, intensity: intensity, kind: .bombardment)],
                                        days: 30, seed: UInt64(seed), mode: mode)
                for t in 0..<30 { byDay[t].append(Double(r.everDisplaced(day: t))) }
            }
            for t in [0, 1, 2, 4, 8, 29] {
                let (mean, error) = meanAndError(byDay[t])
                let want = 10_000 * (1 - expected[t])
                #expect(abs(mean - want) <= 4 * error + 1, "\(mode) I=\(intensity) day \(t): \(mean) vs \(want)")
            }
        }
    }

    @Test("an escalation adds a wave for the increase only", arguments: modes)
    func escalation(mode: SimulationMode) throws {
        let g = townAndCamp()
        let s = settings(onset: 0.3, days: 1)
        let spells: [ConflictSchedule.Spell] = [.init(location: "A", from: 0, until: 10, intensity: 0.5, kind: .bombardment),
                                                .init(location: "A", from: 10, intensity: 1, kind: .bombardment)]
        let expected = survival(days: 30, onset: 0.3, onsetDays: 1, daily: 0) { $0 < 10 ? 0.5 : 1 }
        // Before the escalation the wave has died out at 1 − 0.7^0.5; the increase adds the rest of 1 − 0.7.
        #expect(abs(expected[9] - pow(0.7, 0.5)) < 1e-3 && abs(expected[29] - 0.7) < 1e-3)
        var before: [Double] = [], after: [Double] = []
        for seed in 0..<30 {
            let r = try simulateRun(g, s, spells: spells, days: 30, seed: UInt64(seed), mode: mode)
            before.append(Double(r.everDisplaced(day: 9)))
            after.append(Double(r.everDisplaced(day: 29)))
        }
        for (x, want) in [(before, 10_000 * (1 - expected[9])), (after, 10_000 * (1 - expected[29]))] {
            let (mean, error) = meanAndError(x)
            #expect(abs(mean - want) <= 4 * error + 1, "\(mode): \(mean) vs \(want)")
        }
    }

    @Test("anticipation tapers linearly: half the rate at R/2, none beyond R or across a border", arguments: modes)
    func anticipationTaper(mode: SimulationMode) throws {
        let radius = 2 * Self.kmPerDegree
        // T is bombarded (it has no residents); H at R/2, F beyond R, X at R/2 in another country.
        let g = Geography(
            locations: [loc("T", .town, pop: 0), loc("C", .camp, cap: 1_000_000, lat: -0.09),
                        loc("H", .town, pop: 10_000, lat: 1), loc("F", .town, pop: 10_000, lat: 2.5),
                        loc("X", .town, country: "Y", pop: 10_000, lon: 1)],
            routes: [Route(from: 0, to: 1, distance: 10), Route(from: 2, to: 1, distance: 20), Route(from: 3, to: 1, distance: 20),
                     Route(from: 4, to: 1, distance: 20)])
        let s = settings(onset: 0, daily: 0, anticipation: 0.01, km: radius)
        let rate = -log(1 - 0.01) * 0.5
        var nearby: [Double] = []
        for seed in 0..<30 {
            let r = try simulateRun(g, s, spells: [.init(location: "T", from: 0, kind: .bombardment)], days: 20, seed: UInt64(seed), mode: mode)
            let left = { (place: Int) in (0..<20).reduce(0) { $0 + r.left[$1 * r.locationCount + place] } }
            nearby.append(Double(left(2)))
            #expect(left(3) == 0 && left(4) == 0)
        }
        let (mean, error) = meanAndError(nearby)
        let want = 10_000 * (1 - exp(-20 * rate))
        #expect(abs(mean - want) <= 4 * error + 1, "\(mode): \(mean) vs \(want)")
    }

    @Test("bombardment displaces without making the place a conflict zone; people who fled move on at once", arguments: modes)
    func bombardmentAndMovingOn(mode: SimulationMode) throws {
        let g = townAndCamp()
        var s = settings(onset: 0.3, days: 2, daily: 0.01)
        s.defaultMovechance = 0   // a town nobody leaves, unless it were a conflict zone (move chance 1)
        let r = try simulateRun(g, s, spells: [.init(location: "A", from: 0, kind: .bombardment)], days: 10, seed: 3, mode: mode)
        for t in 0..<10 {
            #expect(r.population(of: 0, day: t) == 0)   // everyone who fled left the same day
            #expect(r.population(of: 1, day: t) == r.everDisplaced(day: t))
        }
        #expect(r.everDisplaced(day: 9) > 2000)
        // Without flight rules the bombarded town keeps its move chance 0: people placed there stay.
        var plain = quietSettings()
        plain.defaultMovechance = 0
        let kept = try simulate(geography: g, conflicts: ConflictSchedule(spells: [.init(location: "A", from: 0, kind: .bombardment)]),
                                settings: plain, days: 5, seed: 1, options: RunOptions(mode: mode, initialPeople: [0: 100]))
        #expect(kept.population(of: 0, day: 4) == 100)
        let fought = try simulate(geography: g, conflicts: ConflictSchedule(spells: [.init(location: "A", from: 0)]),
                                  settings: plain, days: 5, seed: 1, options: RunOptions(mode: mode, initialPeople: [0: 100]))
        #expect(fought.population(of: 0, day: 4) == 0)   // a ground conflict zone: move chance 1
    }

    @Test("a bombarded place attracts like a conflict zone of that intensity", arguments: modes)
    func bombardmentLowersTheScore(mode: SimulationMode) throws {
        // Two camps 10 km from S; B is bombarded at intensity 1: weight conflict_weight (0.25) against 1.
        let g = Geography(locations: [loc("S", .town), loc("B", .camp, cap: 1_000_000), loc("Q", .camp, cap: 1_000_000)],
                          routes: [Route(from: 0, to: 1, distance: 10), Route(from: 0, to: 2, distance: 10)])
        var s = quietSettings()
        s.conflictWeight = 0.25
        s.defaultMovechance = 1
        let r = try simulate(geography: g, conflicts: ConflictSchedule(spells: [.init(location: "B", from: 0, kind: .bombardment)]),
                             settings: s, days: 1, seed: 5, options: RunOptions(mode: mode, initialPeople: [0: 20_000]))
        let share = Double(r.population(of: 1, day: 0)) / 20_000
        #expect(abs(share - 0.2) < 4 * (0.2 * 0.8 / 20_000).squareRoot(), "\(mode): \(share)")
    }

    @Test("returns start exactly delay_days after the home is safe, then decay geometrically at daily_share", arguments: modes)
    func returns(mode: SimulationMode) throws {
        let g = townAndCamp()
        var s = settings(onset: 0.5, days: 1, daily: 0.05)
        var back = ReturnRules()
        back.delayDays = 3; back.dailyShare = 0.2
        s.returnRules = back
        // Threat on days 0–4; safe from day 5; returns from day 8.
        let spells: [ConflictSchedule.Spell] = [.init(location: "A", from: 0, until: 5, kind: .bombardment)]
        var ratios = Array(repeating: [Double](), count: 6)
        for seed in 0..<30 {
            let r = try simulateRun(g, s, spells: spells, days: 14, seed: UInt64(seed), mode: mode)
            #expect(r.returnedTotal(day: 7) == 0)
            #expect(r.returnedTotal(day: 8) > 0)
            let away = Double(r.currentlyDisplaced(day: 7))
            for k in 0..<6 { ratios[k].append(Double(r.returnedTotal(day: 8 + k)) / away) }
            for t in 0..<14 {
                // Conservation: who is in the simulation is who left, less who went back.
                #expect(r.displaced[t] == r.everDisplaced(day: t) - r.returnedTotal(day: t))
                #expect((0..<r.locationCount).reduce(0) { $0 + r.population(of: $1, day: t) } + r.inTransit[t] == r.displaced[t])
            }
        }
        for k in 0..<6 {
            let (mean, error) = meanAndError(ratios[k])
            let want = 1 - pow(0.8, Double(k + 1))
            #expect(abs(mean - want) <= 4 * error + 1e-3, "\(mode) day \(8 + k): \(mean) vs \(want)")
        }
    }

    @Test("people who went back may flee again and count again; refugees ≤ currently displaced")
    func fleeAgain() throws {
        let g = townAndCamp([loc("Abroad", .camp, country: "Y", cap: 1_000_000, lat: -0.09)], routes: [Route(from: 0, to: 2, distance: 10)])
        var s = settings(onset: 0.5, days: 1)
        var back = ReturnRules()
        back.delayDays = 0; back.dailyShare = 0.5
        s.returnRules = back
        let spells: [ConflictSchedule.Spell] = [.init(location: "A", from: 0, until: 5, kind: .bombardment),
                                                .init(location: "A", from: 15, kind: .bombardment)]
        for mode in Self.modes {
            let r = try simulateRun(g, s, spells: spells, days: 25, seed: 9, mode: mode)
            #expect(r.returnedTotal(day: 14) > 0)
            #expect(r.everDisplaced(day: 24) > r.everDisplaced(day: 14))
            for t in 0..<25 {
                let refugees = r.presentByCountry(day: t)["Y"] ?? 0
                #expect(refugees == r.refugees(day: t) && refugees <= r.currentlyDisplaced(day: t))
            }
            #expect(r.refugees(day: 4) > 0)
        }
    }

    @Test("agent mode with flight and return rules gives the same bytes whatever the thread count")
    func threadCount() throws {
        let g = townAndCamp()
        var s = settings(onset: 0.4, days: 2, daily: 0.02)
        s.returnRules = ReturnRules()
        let spells: [ConflictSchedule.Spell] = [.init(location: "A", from: 0, until: 6, kind: .bombardment)]
        let one = try simulateRun(g, s, spells: spells, days: 30, seed: 4, mode: .agent, threads: 1)
        let three = try simulateRun(g, s, spells: spells, days: 30, seed: 4, mode: .agent, threads: 3)
        #expect(one.population == three.population && one.left == three.left && one.returned == three.returned)
    }

    @Test("without the new rules, left is the day's spawning by place and returned is zero")
    func leftIsSpawning() throws {
        let g = Geography(locations: [loc("A", .conflictZone, pop: 5000), loc("C", .camp, cap: 100_000)],
                          routes: [Route(from: 0, to: 1, distance: 50)])
        var s = quietSettings()
        s.conflictDrivenSpawning = ConflictDrivenSpawning(mode: .constant, displacedPerConflictDay: 40)
        for mode in Self.modes {
            let r = try run(g, s, days: 10, mode: mode, people: ["C": 7])
            for t in 0..<10 {
                let row = (0..<2).map { r.left[t * 2 + $0] }
                #expect(row.reduce(0, +) == r.spawned[t])
                #expect(row[0] == 40 && row[1] == (t == 0 ? 7 : 0))
            }
            #expect(r.returned.allSatisfy { $0 == 0 })
        }
    }

    @Test("the rules are refused under --compat flee-3.1, beside conflict_driven_spawning, and without take_from_population")
    func refusals() throws {
        let g = townAndCamp()
        let spells: [ConflictSchedule.Spell] = [.init(location: "A", from: 0, kind: .bombardment)]
        let s = settings()
        #expect(throws: DisplacementRunError.self) {
            try simulate(geography: g, conflicts: ConflictSchedule(spells: spells), settings: s, days: 2, seed: 1,
                         options: RunOptions(mode: .agent, compatibility: .flee31))
        }
        var both = s
        both.conflictDrivenSpawning = ConflictDrivenSpawning(mode: .popRatio)
        #expect(throws: DisplacementRunError.self) { try simulateRun(g, both, spells: spells, days: 2, seed: 1, mode: .cohort) }
        var notTaken = s
        notTaken.takeFromPopulation = false
        #expect(throws: DisplacementRunError.self) { try simulateRun(g, notTaken, spells: spells, days: 2, seed: 1, mode: .cohort) }
        var returnsOnly = quietSettings()
        returnsOnly.returnRules = ReturnRules()
        #expect(throws: DisplacementRunError.self) {
            try simulate(geography: g, conflicts: .none, settings: returnsOnly, days: 2, seed: 1,
                         options: RunOptions(mode: .cohort, initialPeople: [1: 5]))
        }
    }

    @Test("flight_rules and return_rules are read from simsetting.yml with their defaults; bad values name the key")
    func parsing() throws {
        let s = try SimulationSettings.parse(yaml: """
            spawn_rules:
              take_from_population: True
            flight_rules:
              onset_share: 0.25
              anticipation_km: 0
            return_rules:
              delay_days: 10
            """)
        #expect(s.flightRules?.onsetShare == 0.25 && s.flightRules?.anticipationKm == 0 && s.flightRules?.onsetDays == 2)
        #expect(s.returnRules?.delayDays == 10 && s.returnRules?.dailyShare == 0.05)
        #expect(s.warnings.isEmpty)
        #expect(try SimulationSettings.parse(yaml: "move_rules:\n  max_move_speed: 10\n").flightRules == nil)
        do {
            _ = try SimulationSettings.parse(yaml: "flight_rules:\n  onset_days: 0\n", file: "s.yml")
            Issue.record("onset_days 0 accepted")
        } catch let e as DisplacementInputError {
            #expect("\(e)".contains("s.yml:2") && "\(e)".contains("flight_rules.onset_days"))
        }
    }
}
