import Foundation
import Testing
@testable import Displacement

/// Agent and cohort modes are two representations of one model: over many seeds, the
/// per-location daily counts must have the same means and variances.
@Suite struct CohortAgreementTests {
    @Test func meansAndVariancesAgree() throws {
        // Conflict zone A, town T (move chance 0.3), camps C1 (small, fills up) and C2; a marker on
        // the way to C2; walking on one road; awareness 2.
        let g = Geography(
            locations: [loc("A", .conflictZone, pop: 1000), loc("T", .town, pop: 100), loc("M", .marker),
                        loc("C1", .camp, cap: 150), loc("C2", .camp, cap: 5000)],
            routes: [Route(from: 0, to: 1, distance: 120), Route(from: 1, to: 3, distance: 90, walkProbability: 0.3),
                     Route(from: 0, to: 2, distance: 150), Route(from: 2, to: 4, distance: 250), Route(from: 1, to: 4, distance: 400)])
        var s = SimulationSettings()
        s.maxMoveSpeed = 200; s.awarenessLevel = 2; s.campMovechance = 0.01
        s.conflictDrivenSpawning = ConflictDrivenSpawning(mode: .constant, displacedPerConflictDay: 60)
        let days = 12, seeds = 60
        let probes = [(1, 3), (3, 3), (4, 3), (1, 11), (3, 11), (4, 11)]  // (location, day)
        func stats(_ mode: SimulationMode) throws -> [(mean: Double, variance: Double)] {
            var samples = Array(repeating: [Double](), count: probes.count + 1)
            for seed in 0..<seeds {
                let r = try simulate(geography: g, conflicts: .fromLocations(g), settings: s, days: days, seed: UInt64(seed),
                                     options: RunOptions(mode: mode, threads: 1))
                for (j, p) in probes.enumerated() { samples[j].append(Double(r.population(of: p.0, day: p.1))) }
                samples[probes.count].append(Double(r.inTransit[5]))
            }
            return moments(samples)
        }
        let a = try stats(.agent), c = try stats(.cohort)
        expectSameMeans(agent: a, cohort: c, seeds: seeds)
        for j in a.indices {
            if a[j].variance > 4 {
                let ratio = c[j].variance / a[j].variance
                #expect(ratio > 0.4 && ratio < 2.5, "probe \(j): variance ratio \(ratio)")
            }
        }
        // The probes are not trivial: the small camp fills and there is spread.
        #expect(a[4].mean > 100 && a[1].variance > 1)
    }
}
