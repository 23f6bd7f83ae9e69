import Foundation
import Testing
@testable import Displacement

/// Both engines count the people completing each directed link.
@Suite struct LinkTraversalTests {
    /// A → M → C at 200 km/day over 100 + 150 km: all 20 people finish both links on day 0
    /// and nobody goes back, so exactly 20 travel A→M and 20 travel M→C.
    @Test func chainThroughAMarkerByHand() throws {
        let g = Geography(locations: [loc("A", .conflictZone), loc("M", .marker), loc("C", .camp, cap: 1000)],
                          routes: [Route(from: 0, to: 1, distance: 100), Route(from: 1, to: 2, distance: 150)])
        var s = quietSettings(); s.maxMoveSpeed = 200
        for (mode, compat) in allModes {
            let r = try run(g, s, days: 3, mode: mode, compat: compat, people: ["A": 20])
            #expect(r.linkTraversals.count == 4, "\(mode) \(compat)")  // one link each way per route
            #expect(r.routeFlows.map { "\($0.from)>\($0.to):\($0.people)" } == ["0>1:20", "1>2:20"], "\(mode) \(compat)")
        }
    }

    /// On Flee's test instance (a real graph with back-and-forth moves), in both engines (agent
    /// mode on 2 threads, so per-worker counts are summed): into every
    /// location, the link completions add up to its arrivals; and people arrive only by links.
    @Test(arguments: [SimulationMode.cohort, .agent])
    func completionsIntoEachPlaceAreItsArrivals(mode: SimulationMode) throws {
        let t = try instance("test_input_csv")
        let r = try simulate(geography: t.geography, conflicts: t.conflicts, settings: t.settings, days: 10, seed: 5,
                             options: RunOptions(mode: mode, threads: 2, validation: t.validation))
        var into = [Int](repeating: 0, count: r.locationCount)
        var out = [Int](repeating: 0, count: r.locationCount)
        for (l, k) in r.linkTraversals.enumerated() { into[r.linkTo[l]] += k; out[r.linkFrom[l]] += k }
        #expect(into == r.arrivalsByDestination)
        #expect(into.reduce(0, +) > 100)
        // Nobody leaves a place more often than they were there: out ≤ arrivals + people placed there.
        let placed = r.spawned.reduce(0, +)
        for l in 0..<r.locationCount { #expect(out[l] <= into[l] + placed) }
        // Whatever the thread count, the same counts.
        let one = try simulate(geography: t.geography, conflicts: t.conflicts, settings: t.settings, days: 10, seed: 5,
                               options: RunOptions(mode: mode, threads: 1, validation: t.validation))
        #expect(one.linkTraversals == r.linkTraversals)
        // routeFlows is the same count by (from, to).
        #expect(r.routeFlows.reduce(0) { $0 + $1.people } == into.reduce(0, +))
    }
}
