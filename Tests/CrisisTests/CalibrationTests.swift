import Foundation
import Scenario
import Testing
@testable import Crisis

@Suite struct ScoreTests {
    /// CRPS from its definition, E|X − y| − ½ E|X − X'|, in O(n²).
    func crpsByDefinition(_ xs: [Double], _ y: Double) -> Double {
        let n = Double(xs.count)
        let a = xs.reduce(0) { $0 + abs($1 - y) } / n
        var b = 0.0
        for x in xs { for x2 in xs { b += abs(x - x2) } }
        return a - b / (2 * n * n)
    }

    @Test("the O(n log n) CRPS equals the definition, and a point forecast scores its absolute error")
    func crpsMatchesItsDefinition() {
        var rng = CounterRandom(seed: 5, stream: 0)
        for n in [1, 2, 7, 50] {
            let xs = (0..<n).map { _ in rng.uniform() * 100 - 20 }
            for y in [-30.0, 0, 17.5, 90] {
                #expect(abs(ForecastScore.crps(xs, observed: y) - crpsByDefinition(xs, y)) < 1e-9)
            }
        }
        #expect(ForecastScore.crps([3, 3, 3], observed: 7) == 4)
        #expect(ForecastScore.crps([0, 1], observed: 0) == 0.25)
    }

    @Test("the CRPS of a fine sample of N(0, 1) at 0 approaches the closed form 2φ(0) − 1/√π")
    func crpsOfANormal() {
        let n = 20_000
        let normal = Distribution.normal(mean: 0, sd: 1, min: -.infinity, max: .infinity)
        let xs = (0..<n).map { normal.quantile((Double($0) + 0.5) / Double(n)) }
        let exact = 2 / (2 * Double.pi).squareRoot() - 1 / Double.pi.squareRoot()
        #expect(abs(ForecastScore.crps(xs, observed: 0) - exact) < 1e-3)
    }

    @Test("interval coverage uses the type-7 quantiles")
    func coverage() {
        let xs = (0...100).map(Double.init)
        #expect(ForecastScore.covers(xs, 25, level: 0.5) && ForecastScore.covers(xs, 75, level: 0.5))
        #expect(!ForecastScore.covers(xs, 24.9, level: 0.5) && !ForecastScore.covers(xs, 75.1, level: 0.5))
        #expect(ForecastScore.covers(xs, 5, level: 0.9) && !ForecastScore.covers(xs, 4.9, level: 0.9))
    }

    @Test("destination shares and ARD of an episode, by hand")
    func sharesAndARD() throws {
        let obs = [
            Observation(date: "2018-01-16", day: 2, measure: .displaced, value: 100, provenance: .none),
            Observation(date: "2018-01-16", day: 2, measure: .presentInArea(area: "A"), value: 50, provenance: .none),
            Observation(date: "2018-01-16", day: 2, measure: .presentInArea(area: "B"), value: 20, provenance: .none),
        ]
        let e = Episode(id: "e", title: "e", start: "2018-01-14", days: 3, settings: [],
                        schedule: ConflictSchedule(id: "e", description: "", when: [:], zones: [], provenance: .none),
                        observations: obs, provenance: .none)
        // One run: 80 displaced by day 2, 40 in A, 8 in B.
        let runs = [EpisodeRun(figures: [80, 40, 8], displacedByDay: [10, 50, 80])]
        let score = Backtest.score(e, runs)
        // ARD: (|40 − 50| + |8 − 20|) / 100.
        #expect(abs(score.ard! - 0.22) < 1e-12)
        let d = try #require(score.destinations)
        #expect(d.shares.map { $0.destination } == ["A", "B", "elsewhere"])
        #expect(d.shares.map { $0.predicted } == [0.5, 0.1, 0.4])
        #expect(d.shares.map { $0.observed } == [0.5, 0.2, 0.30000000000000004])
        #expect(abs(d.totalVariation - 0.1) < 1e-12)
        #expect(score.observations[0].bias == 0.8 && score.observations[0].crps == 20)
        #expect(score.coverage90 == 0)   // a one-point sample covers only an exact hit
    }

    @Test("destination shares prefer a date that counts the displaced; without one they are shares of the group's own counts")
    func sharesWithoutATotal() throws {
        func episode(_ obs: [Observation]) -> Episode {
            Episode(id: "e", title: "e", start: "2018-01-14", days: 4, settings: [],
                    schedule: ConflictSchedule(id: "e", description: "", when: [:], zones: [], provenance: .none),
                    observations: obs, provenance: .none)
        }
        // Day 1 has a country count alone; day 3 a place count and the displaced: day 3 is scored.
        let e = episode([
            Observation(date: "2018-01-15", day: 1, measure: .presentInCountry(country: "N"), value: 30, provenance: .none),
            Observation(date: "2018-01-17", day: 3, measure: .displaced, value: 100, provenance: .none),
            Observation(date: "2018-01-17", day: 3, measure: .present(place: "P"), value: 40, provenance: .none),
        ])
        let d = try #require(Backtest.score(e, [EpisodeRun(figures: [20, 90, 45], displacedByDay: [0, 25, 60, 90])]).destinations)
        #expect(d.date == "2018-01-17" && d.shares.map(\.destination) == ["P", "elsewhere"])
        #expect(d.shares.map(\.predicted) == [0.5, 0.5] && d.shares.map(\.observed) == [0.4, 0.6])
        // Two country counts and no displaced count: 30/(30+10) observed, 18/(18+12) predicted.
        let f = episode([
            Observation(date: "2018-01-15", day: 1, measure: .presentInCountry(country: "N"), value: 30, provenance: .none),
            Observation(date: "2018-01-15", day: 1, measure: .presentInCountry(country: "M"), value: 10, provenance: .none),
        ])
        let g = try #require(Backtest.score(f, [EpisodeRun(figures: [18, 12], displacedByDay: [0, 50, 60, 70])]).destinations)
        #expect(g.shares.map(\.destination) == ["N", "M"])
        #expect(g.shares.map(\.observed) == [0.75, 0.25] && g.shares.map(\.predicted) == [0.6, 0.4])
        #expect(abs(g.totalVariation - 0.15) < 1e-12)
    }
}

@Suite struct ABCSMCTests {
    /// y₁…y₁₀ ~ N(θ, 1) with θ ~ N(0, 1) and observed mean 0.8: the posterior is
    /// N(10 · 0.8 / 11, 1/11) (conjugate normal); the mean is sufficient, so ABC on
    /// |simulated mean − 0.8| targets exactly that posterior as the tolerance shrinks.
    @Test("ABC-SMC recovers a conjugate normal posterior")
    func conjugateNormal() throws {
        let sampler = ABCSMC(dimension: 1, settings: ABCSettings(particles: 600, maxGenerations: 8, minAcceptance: 0.02),
                             seed: 3, threads: 2, distance: { z, rng in
                                 let mean = (0..<10).reduce(0.0) { acc, _ in acc + z[0] + standardNormal(&rng) } / 10
                                 return abs(mean - 0.8)
                             }, isCancelled: { false })
        let r = try sampler.run()
        let mean = zip(r.z, r.weights).reduce(0) { $0 + $1.0[0] * $1.1 }
        let variance = zip(r.z, r.weights).reduce(0) { $0 + ($1.0[0] - mean) * ($1.0[0] - mean) * $1.1 }
        #expect(abs(mean - 8.0 / 11) < 0.04, "posterior mean \(mean)")
        #expect(abs(variance.squareRoot() / (1 / 11.0).squareRoot() - 1) < 0.12, "posterior sd \(variance.squareRoot())")
        #expect(r.generations.count >= 5)
        let tolerances = r.generations.dropFirst().map(\.tolerance)
        #expect(zip(tolerances, tolerances.dropFirst()).allSatisfy { $0 > $1 } && tolerances.last! < 0.05, "\(tolerances)")
    }

    @Test("the sampler gives the same particles whatever the thread count")
    func threadCountDoesNotMatter() throws {
        func run(_ threads: Int) throws -> [[Double]] {
            try ABCSMC(dimension: 2, settings: ABCSettings(particles: 50, maxGenerations: 3), seed: 9, threads: threads,
                       distance: { z, rng in abs(z[0] + z[1] + standardNormal(&rng) - 1) }, isCancelled: { false }).run().z
        }
        #expect(try run(1) == run(3))
    }

    /// Simulation-based calibration (Talts et al. 2018): draw a true share from the prior,
    /// simulate noisy cumulative flight from it, calibrate on that, and count how often the
    /// truth falls in the posterior's central 50% and 90% intervals. A calibrated method
    /// covers at about those rates; ABC's tolerance can only widen the posterior, so the
    /// rates may run a little high, never far low.
    @Test("simulation-based calibration: the truth falls in the 50% and 90% intervals at about those rates")
    func simulationBasedCalibration() throws {
        let prior = Distribution.beta(alpha: 2, beta: 5, min: 0, max: 1)
        let normal = Distribution.normal(mean: 0, sd: 1, min: -.infinity, max: .infinity)
        @Sendable func share(_ z: Double) -> Double { prior.quantile(min(max(normal.cdf(z), 1e-12), 1 - 1e-12)) }
        @Sendable func simulate(_ s: Double, _ rng: inout CounterRandom) -> [Double] {
            (1...5).map { t in 10_000 * (1 - pow(1 - s, Double(t))) * Foundation.exp(0.05 * standardNormal(&rng)) }
        }
        let reps = 48
        var inside50 = 0, inside90 = 0
        for rep in 0..<reps {
            var truthRNG = CounterRandom(seed: 77, stream: UInt64(rep))
            let truth = prior.quantile(truthRNG.uniform())
            let observed = simulate(truth, &truthRNG)
            let r = try ABCSMC(dimension: 1, settings: ABCSettings(particles: 120, maxGenerations: 6), seed: UInt64(rep), threads: 2,
                               distance: { z, rng in
                                   let x = simulate(share(z[0]), &rng)
                                   return (zip(x, observed).reduce(0) { $0 + pow(Foundation.log($1.0 / $1.1), 2) } / 5).squareRoot()
                               }, isCancelled: { false }).run()
            let w = try #require(WeightedSample(values: r.z.map { share($0[0]) }, weights: r.weights))
            if w.quantile(0.25) <= truth && truth <= w.quantile(0.75) { inside50 += 1 }
            if w.quantile(0.05) <= truth && truth <= w.quantile(0.95) { inside90 += 1 }
        }
        // Binomial(48, p) standard deviations: 7.2 points at 50%, 4.3 at 90%.
        print("simulation-based calibration: 50% interval covered \(inside50)/\(reps), 90% interval \(inside90)/\(reps)")
        #expect((0.3...0.8).contains(Double(inside50) / Double(reps)), "50% interval covered \(inside50)/\(reps)")
        #expect((0.78...1).contains(Double(inside90) / Double(reps)), "90% interval covered \(inside90)/\(reps)")
    }
}
