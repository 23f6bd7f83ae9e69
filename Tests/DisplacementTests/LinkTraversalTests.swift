import Foundation
import Testing
@testable import Displacement

/// Cohort mode counts the people completing each directed link.
@Suite struct LinkTraversalTests {
    /// A → M → C at 200 km/day over 100 + 150 km: all 20 people finish both links on day 0
    /// and nobody goes back, so exactly 20 travel A→M and 20 travel M→C.
    @Test func chainThroughAMarkerByHand() throws {
        let g = Geography(locations: [loc("A", .conflictZone), loc("M", .marker), loc("C", .camp, cap: 1000)],
                          routes: [Route(from: 0, to: 1, distance: 100), Route(from: 1, to: 2, distance: 150)])
        var s = quietSettings(); s.maxMoveSpeed = 200
        let r = try run(g, s, days: 3, mode: .cohort, people: ["A": 20])
        #expect(r.linkTraversals.count == 4)  // one link each way per route
        #expect(r.routeFlows.map { "\($0.from)>\($0.to):\($0.people)" } == ["0>1:20", "1>2:20"])
        // Agent mode does not count them.
        #expect(try run(g, s, days: 3, mode: .agent, people: ["A": 20]).linkTraversals.isEmpty)
    }

    /// On Flee's test instance (a real graph with back-and-forth moves): into every
    /// location, the link completions add up to its arrivals; and people arrive only by links.
    @Test func completionsIntoEachPlaceAreItsArrivals() throws {
        let t = try instance("test_input_csv")
        let r = try simulate(geography: t.geography, conflicts: t.conflicts, settings: t.settings, days: 10, seed: 5,
                             options: RunOptions(mode: .cohort, validation: t.validation))
        var into = [Int](repeating: 0, count: r.locationCount)
        var out = [Int](repeating: 0, count: r.locationCount)
        for (l, k) in r.linkTraversals.enumerated() { into[r.linkTo[l]] += k; out[r.linkFrom[l]] += k }
        #expect(into == r.arrivalsByDestination)
        #expect(into.reduce(0, +) > 100)
        // Nobody leaves a place more often than they were there: out ≤ arrivals + people placed there.
        let placed = r.spawned.reduce(0, +)
        for l in 0..<r.locationCount { #expect(out[l] <= into[l] + placed) }
        // routeFlows is the same count by (from, to).
        #expect(r.routeFlows.reduce(0) { $0 + $1.people } == into.reduce(0, +))
    }
}
