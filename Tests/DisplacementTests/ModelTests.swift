import BoundedInput
import Foundation
import Testing
@testable import Displacement

@Suite struct ModelTests {
    /// A conflict zone A joined to camp B by one road of `km`.
    func oneLink(_ km: Double) -> Geography {
        Geography(locations: [loc("A", .conflictZone, pop: 1000), loc("B", .camp, cap: 100_000)],
                  routes: [Route(from: 0, to: 1, distance: km)])
    }

    func firstArrivalDay(_ r: DisplacementResult, _ l: Int) -> Int? {
        (0..<r.days).first { r.population(of: l, day: $0) > 0 }
    }

    @Test(arguments: [(199.0, 0), (200.0, 1), (201.0, 1), (999.0, 4), (1000.0, 5), (1001.0, 5)])
    func singleLinkArrivalDay(km: Double, day: Int) throws {
        var s = quietSettings(); s.maxMoveSpeed = 200
        for (mode, compat) in allModes {
            let r = try run(oneLink(km), s, days: 8, mode: mode, compat: compat, people: ["A": 50])
            #expect(firstArrivalDay(r, 1) == day, "\(mode) \(compat) \(km) km")
            // Everyone leaves A (move chance 1) on day 0 and arrives together.
            #expect(r.population(of: 1, day: day) == 50)
        }
    }

    @Test func sameDayContinuationThroughMarker() throws {
        // 100 km then 150 km at 200 km/day: both links completed on day 0.
        let g = Geography(locations: [loc("A", .conflictZone), loc("M", .marker), loc("C", .camp, cap: 1000)],
                          routes: [Route(from: 0, to: 1, distance: 100), Route(from: 1, to: 2, distance: 150)])
        var s = quietSettings(); s.maxMoveSpeed = 200
        for (mode, compat) in allModes {
            let r = try run(g, s, days: 2, mode: mode, compat: compat, people: ["A": 20])
            #expect(r.population(of: 2, day: 0) == 20, "\(mode) \(compat)")
            #expect(r.arrivals(at: 1, day: 0) == 20 && r.arrivals(at: 2, day: 0) == 20)
        }
    }

    @Test func moveChanceZeroKeepsEveryoneHome() throws {
        let g = Geography(locations: [loc("A", .town, pop: 10), loc("B", .town), loc("C", .camp, cap: 10)],
                          routes: [Route(from: 0, to: 1, distance: 10), Route(from: 1, to: 2, distance: 10)])
        var s = quietSettings(); s.defaultMovechance = 0; s.conflictMovechance = 0
        for (mode, compat) in allModes {
            let r = try run(g, s, days: 30, mode: mode, compat: compat, people: ["A": 500, "B": 70])
            for t in 0..<30 {
                #expect(r.population(of: 0, day: t) == 500 && r.population(of: 1, day: t) == 70 && r.population(of: 2, day: t) == 0)
            }
            #expect(r.arrivalsByDestination == [0, 0, 0])
        }
    }

    @Test func conservationEveryDay() throws {
        let t = try instance("test_input_csv")
        var s = t.settings
        s.campsAreSinks = true
        var g = t.geography
        g.locations[4].deactivationProbability = 0.01
        for (mode, compat) in allModes {
            let r = try simulate(geography: g, conflicts: t.conflicts, settings: s, days: 10, seed: 3,
                                 options: RunOptions(mode: mode, compatibility: compat, validation: t.validation))
            var alive = 0
            for d in 0..<r.days {
                alive += r.spawned[d] - (compat == .flee31 ? 0 : r.deactivated[d])
                let here = (0..<r.locationCount).reduce(0) { $0 + r.population(of: $1, day: d) }
                #expect(here + r.inTransit[d] == r.displaced[d], "\(mode) \(compat) day \(d)")
                #expect(alive == r.displaced[d])
            }
            #expect(r.displaced.last! > 10_000)
            if compat == .fulcrum { #expect(r.deactivated.reduce(0, +) > 0) }
        }
    }

    /// A and B in country X, camp C in country Y; B also reaches the camp.
    func border() -> Geography {
        Geography(locations: [loc("A", .conflictZone, pop: 100), loc("B", .town, pop: 10), loc("C", .camp, country: "Y", cap: 1_000_000)],
                  routes: [Route(from: 0, to: 2, distance: 50), Route(from: 0, to: 1, distance: 50), Route(from: 1, to: 2, distance: 50)])
    }

    @Test func closedBorderIsNeverCrossed() throws {
        var s = quietSettings(); s.defaultMovechance = 1
        for kind in [Closure(kind: .country, name1: "X", name2: "Y", start: 0, end: -1),
                     Closure(kind: .location, name1: "C", start: 0, end: -1)] {
            var g = border(); g.closures = [kind]
            for (mode, compat) in allModes {
                let r = try run(g, s, days: 20, mode: mode, compat: compat, people: ["A": 300])
                #expect((0..<20).allSatisfy { r.population(of: 2, day: $0) == 0 }, "\(kind.kind) \(mode) \(compat)")
                #expect(r.arrivalsByDestination[2] == 0)
                #expect(r.arrivalsByDestination[1] > 0)  // people do move inside X
            }
        }
    }

    @Test func linkClosureClosesBothDirectionsAndReopens() throws {
        var g = border()
        g.closures = [Closure(kind: .link, name1: "C", name2: "A", start: 0, end: 6), Closure(kind: .link, name1: "B", name2: "C", start: 0, end: 6)]
        var s = quietSettings(); s.defaultMovechance = 1
        for (mode, compat) in allModes {
            let r = try run(g, s, days: 12, mode: mode, compat: compat, people: ["A": 300])
            #expect((0..<6).allSatisfy { r.arrivals(at: 2, day: $0) == 0 }, "\(mode) \(compat)")
            #expect(r.population(of: 2, day: 11) == 300)  // camp move chance 0: all end there
        }
    }

    @Test func agentsOnAClosedLinkReturnToItsStart() throws {
        // 1000 km road: people are mid-way when the border closes on day 2; they go back to A.
        var g = Geography(locations: [loc("A", .conflictZone), loc("C", .camp, country: "Y", cap: 1000)],
                          routes: [Route(from: 0, to: 1, distance: 1000)])
        g.closures = [Closure(kind: .country, name1: "X", name2: "Y", start: 2, end: -1)]
        var s = quietSettings(); s.maxMoveSpeed = 200; s.conflictMovechance = 0.0
        var sA = s; sA.conflictMovechance = 1
        // A is a conflict zone on day 0 only (everyone leaves), then a town nobody leaves.
        let conflicts = ConflictSchedule(spells: [.init(location: "A", from: 0, until: 1)])
        var s2 = sA; s2.defaultMovechance = 0
        for (mode, compat) in allModes {
            let r = try run(g, s2, days: 8, mode: mode, compat: compat, people: ["A": 40], conflicts: conflicts)
            // Progress passes 1000 km on day 5 (6 × 200 = 1200): back at A, never at C.
            #expect((0..<5).allSatisfy { r.population(of: 0, day: $0) == 0 }, "\(mode) \(compat)")
            #expect(r.population(of: 0, day: 5) == 40 && r.population(of: 0, day: 7) == 40)
            #expect((0..<8).allSatisfy { r.population(of: 1, day: $0) == 0 })
        }
    }

    @Test func capacityOnTwoCamps() throws {
        // Camps equally far: the small one stops attracting people as it fills; the full-camp
        // rule stops departures towards it once capMult < 0.5, i.e. beyond 95 people.
        let g = Geography(locations: [loc("A", .conflictZone, pop: 1000), loc("Small", .camp, cap: 100), loc("Big", .camp, cap: 100_000)],
                          routes: [Route(from: 0, to: 1, distance: 20), Route(from: 0, to: 2, distance: 20)])
        var s = quietSettings()
        s.conflictDrivenSpawning = ConflictDrivenSpawning(mode: .constant, displacedPerConflictDay: 20)
        for (mode, compat) in allModes {
            let r = try run(g, s, days: 40, mode: mode, compat: compat, people: [:])
            let small = r.population(of: 1, day: 39), big = r.population(of: 2, day: 39)
            let waiting = r.population(of: 0, day: 39)
            #expect(small + big + waiting == 800 && waiting <= 20, "\(mode) \(compat)")
            #expect(small >= 95 && small <= 95 + 20, "small camp holds \(small)")
            let over = (0..<40).reduce(0) { $0 + max(0, r.population(of: 1, day: $1) - 100) }
            #expect(r.personDaysOverCapacity[1] == over && r.personDaysOverCapacity[2] == 0)
        }
    }

    @Test func awarenessTwoSumsPathsAndMarkersAreNotEndpoints() throws {
        // O—A—D and O—B—D: at awareness 2, D is reachable by two paths; A and B are candidates.
        let g = Geography(locations: [loc("O", .town), loc("A", .town), loc("B", .town), loc("D", .camp, cap: 10), loc("M", .marker), loc("E", .town)],
                          routes: [Route(from: 0, to: 1, distance: 10), Route(from: 0, to: 2, distance: 10), Route(from: 1, to: 3, distance: 10),
                                   Route(from: 2, to: 3, distance: 10), Route(from: 0, to: 4, distance: 5), Route(from: 4, to: 5, distance: 5)])
        var s = SimulationSettings(); s.awarenessLevel = 2
        let network = Network(geography: g, settings: s, compat: false)
        let w = RouteTable(network: network)
        w.update(DayState(network: network, geography: g, settings: s, compat: false), awarenessLevel: s.awarenessLevel)
        let ends = (w.candidateStart[0]..<w.candidateStart[1]).map { network.names[Int(w.candidateEnd[$0])] }
        #expect(ends.filter { $0 == "D" }.count == 2)
        #expect(ends.contains("A") && ends.contains("B") && !ends.contains("M") && ends.contains("E"))
        // E through the marker: 10 km and only one awareness step used, so E's neighbours are not reached.
        let k = (w.candidateStart[0]..<w.candidateStart[1]).first { network.names[Int(w.candidateEnd[$0])] == "E" }!
        #expect(w.candidateKm[k] == 10)
    }

    @Test func resultsDoNotDependOnThreadCount() throws {
        let t = try instance("test_input_csv")
        var s = t.settings; s.hasten = 1
        var v = try ValidationData.load(directory: instancesDir + "/test_input_csv/validation", start: t.period!.startDate, hasten: 1)
        v.series["total"] = [DatedSeries(days: [0, 4], values: [0, 40_000])]
        let runs = try [1, 2, 3].map { th in
            try simulate(geography: t.geography, conflicts: t.conflicts, settings: s, days: 6, seed: 9,
                         options: RunOptions(mode: .agent, threads: th, validation: v))
        }
        #expect(runs[0].displaced.last! > 3 * 16384)  // several chunks
        for r in runs.dropFirst() { #expect(r.population == runs[0].population && r.arrivals == runs[0].arrivals) }
        let other = try simulate(geography: t.geography, conflicts: t.conflicts, settings: s, days: 6, seed: 10,
                                 options: RunOptions(mode: .agent, threads: 2, validation: v))
        #expect(other.population != runs[0].population)
    }

    @Test func spawnDebtIsPaidBackBeforeNewPeopleAppear() throws {
        let g = Geography(locations: [loc("A", .conflictZone, pop: 100), loc("C", .camp, cap: 100)], routes: [Route(from: 0, to: 1, distance: 10)])
        let start = CivilDate(year: 2020, month: 1, day: 1)!
        // total: 100, 100, 70 (decline of 30), 90 (+20, still in debt), 130 (+40 → 30 paid, 10 new)
        let total = DatedSeries(days: [0, 1, 2, 3, 4], values: [100, 100, 70, 90, 130])
        let v = ValidationData(start: start, series: ["total": [total], "C": [DatedSeries(days: [0], values: [0])]], names: ["total", "C"])
        var s = quietSettings(); s.insertDay0 = false
        let r = try simulate(geography: g, conflicts: .fromLocations(g), settings: s, days: 5, seed: 1, options: RunOptions(mode: .cohort, validation: v))
        #expect(r.spawned == [100, 0, 0, 0, 30])
        #expect(r.debt == [0, 0, 30, 10, 0])
    }

    @Test func awarenessZeroIsRejectedByDefault() throws {
        var s = quietSettings(); s.awarenessLevel = 0
        #expect(throws: DisplacementRunError.self) { try run(oneLink(10), s, days: 2, mode: .agent, people: ["A": 5]) }
        let r = try run(oneLink(10), s, days: 3, mode: .agent, compat: .flee31, people: ["A": 5])
        #expect(r.population(of: 0, day: 2) == 5)
        #expect(r.warnings.contains { $0.contains("awareness_level 0") })
    }
}

@Suite struct DemographicsTests {
    /// O (everyone leaves) between a conflict zone X (score 0.25) and a town T (score 1), 10 km each.
    func choice(ages: [Int], male: Bool, boys: Bool, compat: Compatibility) throws -> Double {
        let g = Geography(locations: [loc("O", .town), loc("X", .conflictZone), loc("T", .town)],
                          routes: [Route(from: 0, to: 1, distance: 10), Route(from: 0, to: 2, distance: 10)])
        var s = quietSettings()
        s.defaultMovechance = 1; s.conflictMovechance = 0; s.conflictWeight = 0.25; s.maxMoveSpeed = 5  // stay on the first link
        s.childrenAvoidHazards = true; s.boysTakeRisk = boys
        let d = Demographics(tables: [
            "age": .init(values: ages.map(String.init), defaultWeights: ages.map { _ in 1 }, byLocation: [:]),
            "gender": .init(values: [male ? "male" : "female"], defaultWeights: [1], byLocation: [:]),
        ])
        // Everyone leaves O on day 0 at 5 km/day and arrives on day 2 (15 km > 10 km).
        let r = try simulate(geography: g, conflicts: .none, settings: s, days: 3, seed: 2,
                             options: RunOptions(mode: .agent, compatibility: compat, initialPeople: [0: 20_000], demographics: d))
        #expect(r.arrivals(at: 1, day: 2) + r.arrivals(at: 2, day: 2) == 20_000)
        return Double(r.arrivals(at: 1, day: 2)) / 20_000
    }

    @Test func childrenAvoidHazardsAndBoysTakeRisk() throws {
        func near(_ x: Double, _ p: Double) -> Bool { abs(x - p) < 4 * (p * (1 - p) / 20_000).squareRoot() }
        let adult = 0.25 / 1.25, child = 0.0625 / 1.0625
        for compat in [Compatibility.fulcrum, .flee31] {
            #expect(near(try choice(ages: [30], male: false, boys: false, compat: compat), adult))
            #expect(near(try choice(ages: [10], male: false, boys: false, compat: compat), child))
            #expect(near(try choice(ages: [16], male: true, boys: true, compat: compat), 0.5))
        }
        // Adult men: S' = 1 in Flee 3.1 (Q22), their own score by default.
        #expect(near(try choice(ages: [30], male: true, boys: true, compat: .fulcrum), adult))
        #expect(near(try choice(ages: [30], male: true, boys: true, compat: .flee31), 0.5))
    }
}

@Suite struct ShortStintTests {
    /// avoid_short_stints forces people who have barely travelled today on out of a town.
    @Test func avoidShortStintsForcesContinuation() throws {
        let g = Geography(locations: [loc("O", .conflictZone), loc("T", .town), loc("C", .camp, cap: 100_000)],
                          routes: [Route(from: 0, to: 1, distance: 10), Route(from: 1, to: 2, distance: 10)])
        var s = quietSettings(); s.maxMoveSpeed = 200; s.defaultMovechance = 0.01
        for compat in [Compatibility.fulcrum, .flee31] {
            let plain = try run(g, s, days: 1, mode: .agent, compat: compat, people: ["O": 4000])
            var a = s; a.avoidShortStints = true
            let forced = try run(g, a, days: 1, mode: .agent, compat: compat, people: ["O": 4000])
            #expect(plain.population(of: 1, day: 0) > 3800, "\(compat)")
            #expect(forced.population(of: 1, day: 0) < 200 && forced.population(of: 2, day: 0) > 3500, "\(compat)")
        }
        #expect(throws: DisplacementRunError.self) {
            var a = s; a.avoidShortStints = true
            _ = try run(g, a, days: 1, mode: .cohort, people: ["O": 10])
        }
    }
}
