import Foundation
import Testing
@testable import Displacement

/// Cohort mode with `return_rules`: a group's people may come from several homes (a mix);
/// groups merge and draw as without homes, and a splitting group's homes are shared out in
/// proportion (docs/displacement.md, "Cohort mode").
@Suite struct CohortHomeTests {
    /// Towns A and B under threat, a junction town J where their people mix, camps C1 (some
    /// walk there) and C2 beyond it. Apart on the map, or a threat at one town would
    /// count as next to the other (anticipation_km 0 covers places at distance 0).
    func twoTowns(population: Int) -> Geography {
        Geography(locations: [loc("A", .town, pop: population), loc("B", .town, pop: population, lat: 0.13),
                              loc("J", .town, pop: 1000, lat: 0.2), loc("C1", .camp, cap: 1_000_000, lat: 0.45),
                              loc("C2", .camp, cap: 1_000_000, lat: 0.6)],
                  routes: [Route(from: 0, to: 2, distance: 20), Route(from: 1, to: 2, distance: 25), Route(from: 0, to: 1, distance: 15),
                           Route(from: 2, to: 3, distance: 30, walkProbability: 0.3), Route(from: 2, to: 4, distance: 45)])
    }

    func settings(returns: ReturnRules?) -> SimulationSettings {
        var s = SimulationSettings()
        s.takeFromPopulation = true
        s.maxMoveSpeed = 40
        s.campMovechance = 0.05
        var f = FlightRules()
        f.onsetShare = 0.6; f.onsetDays = 2; f.dailyShare = 0.01; f.anticipationShare = 0; f.anticipationKm = 0
        s.flightRules = f
        s.returnRules = returns
        return s
    }

    let spells: [ConflictSchedule.Spell] = [.init(location: "A", from: 0, until: 8, kind: .bombardment),
                                            .init(location: "B", from: 3, kind: .bombardment)]

    @Test("with homes that never become safe in time, the counts at every place are those of a run without homes, draw for draw")
    func bundlesDrawAsOneGroup() throws {
        var never = ReturnRules()
        never.delayDays = 1000
        let g = twoTowns(population: 20_000)
        for seed: UInt64 in [1, 2, 3] {
            let homes = try simulate(geography: g, conflicts: ConflictSchedule(spells: spells), settings: settings(returns: never),
                                     days: 30, seed: seed, options: RunOptions(mode: .cohort))
            let none = try simulate(geography: g, conflicts: ConflictSchedule(spells: spells), settings: settings(returns: nil),
                                    days: 30, seed: seed, options: RunOptions(mode: .cohort))
            #expect(homes.population == none.population)
            #expect(homes.inTransit == none.inTransit)
            #expect(homes.returned.allSatisfy { $0 == 0 })
            // Not trivial: people of both towns reach the junction and the camps.
            #expect(homes.population(of: 3, day: 29) > 1000 && homes.left[4 * 5 + 1] > 0)
        }
    }

    @Test("returns to a home agree between agent mode (each person's own home) and cohort mode (homes shared out)")
    func returnsAgreeWithAgents() throws {
        var back = ReturnRules()
        back.delayDays = 2; back.dailyShare = 0.2
        let g = twoTowns(population: 3000)
        let s = settings(returns: back)
        let seeds = 40
        // (returned to A by day 20, people at J on day 12, at C1 on day 20, at C2 on day 20)
        func stats(_ mode: SimulationMode) throws -> [(mean: Double, variance: Double)] {
            var samples = Array(repeating: [Double](), count: 4)
            for seed in 0..<seeds {
                let r = try simulate(geography: g, conflicts: ConflictSchedule(spells: spells), settings: s, days: 21,
                                     seed: UInt64(seed), options: RunOptions(mode: mode, threads: 1))
                samples[0].append(Double((0...20).reduce(0) { $0 + r.returned[$1 * 5 + 0] }))
                samples[1].append(Double(r.population(of: 2, day: 12)))
                samples[2].append(Double(r.population(of: 3, day: 20)))
                samples[3].append(Double(r.population(of: 4, day: 20)))
                #expect((1...20).allSatisfy { r.returned[$0 * 5 + 1] == 0 }, "B is never safe")
            }
            return moments(samples)
        }
        let a = try stats(.agent), c = try stats(.cohort)
        expectSameMeans(agent: a, cohort: c, seeds: seeds)
        #expect(a[0].mean > 100, "people go back to A")
    }
}
