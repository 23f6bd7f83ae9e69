import Foundation
import Testing
@testable import Displacement

/// The library surface the crisis runner uses: a geography loaded once, adjusted per draw,
/// and a branch's conflict schedule.
@Suite struct RunnerAPITests {
    @Test func geographyAdjustmentsAndSpells() throws {
        let base = try Geography.load(directory: instancesDir + "/test_input_csv/input")
        var g = base
        try g.setPopulation(10_000, of: "A")
        try g.setCapacity(500, of: "F")
        #expect(throws: DisplacementRunError.self) { try g.setCapacity(5, of: "A") }
        g.scaleRouteDistances(by: 2)
        #expect(g.routes[0].distance == 2 * base.routes[0].distance && base.locations[0].population == 200_000_000)

        var s = SimulationSettings()
        s.conflictDrivenSpawning = ConflictDrivenSpawning(mode: .popRatio, displacedPerConflictDay: 0.1)
        s.takeFromPopulation = true
        // A is a front line on days 0–9 only.
        let schedule = ConflictSchedule(spells: [.init(location: "A", from: 0, until: 10)])
        let r = try simulate(geography: g, conflicts: schedule, settings: s, days: 30, seed: 5, mode: .cohort)
        // pop_ratio with take_from_population: 10% of what is left, each day: 10,000 × (1 − 0.9^10).
        var left = 10_000, expected = 0
        for _ in 0..<10 { let k = Int(0.1 * Double(left)); expected += k; left -= k }
        #expect(r.displaced.last == expected)
        #expect(r.spawned[10...].allSatisfy { $0 == 0 })
        let f = g.index(of: "F")!
        let over = (0..<30).reduce(0) { $0 + r.overCapacity(of: f, day: $1) }
        #expect(r.personDaysOverCapacity[f] == over)
        #expect(r.arrivalsByDestination.reduce(0, +) >= expected - r.population(of: 0, day: 29) - r.inTransit[29])
        // Same draw, same seed: identical; the runner can rely on it.
        let again = try simulate(geography: g, conflicts: schedule, settings: s, days: 30, seed: 5, mode: .cohort)
        #expect(again.population == r.population)
    }

    @Test func unknownScheduleLocationIsAnError() throws {
        let g = try Geography.load(directory: instancesDir + "/test_input_csv/input")
        var s = SimulationSettings()
        s.conflictDrivenSpawning = ConflictDrivenSpawning(mode: .constant)
        #expect(throws: DisplacementRunError.self) {
            try simulate(geography: g, conflicts: ConflictSchedule(spells: [.init(location: "Atlantis", from: 0)]), settings: s, days: 3, seed: 1, mode: .cohort)
        }
    }
}
