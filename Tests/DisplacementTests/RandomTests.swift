import BoundedInput
import Foundation
import Testing
@testable import Displacement

/// The samplers cohort mode relies on, against exact probability mass functions.
@Suite struct RandomTests {
    /// Pearson chi-square over bins with expected count ≥ 5 (tails pooled); returns (statistic, degrees of freedom).
    func chiSquare(_ draws: [Int], pmf: (Int) -> Double, support: ClosedRange<Int>) -> (Double, Int) {
        var observed: [Int: Int] = [:]
        for d in draws { observed[d, default: 0] += 1 }
        let n = Double(draws.count)
        var stat = 0.0, bins = 0, poolE = 0.0, poolO = 0
        for k in support {
            let e = n * pmf(k), o = observed[k] ?? 0
            poolE += e; poolO += o
            if poolE >= 5 { stat += (Double(poolO) - poolE) * (Double(poolO) - poolE) / poolE; bins += 1; poolE = 0; poolO = 0 }
        }
        if poolE > 0 { stat += (Double(poolO) - poolE) * (Double(poolO) - poolE) / max(poolE, 1e-9); bins += 1 }
        return (stat, bins - 1)
    }

    func logChoose(_ n: Int, _ k: Int) -> Double { lgamma(Double(n + 1)) - lgamma(Double(k + 1)) - lgamma(Double(n - k + 1)) }

    @Test(arguments: [(20, 0.3), (200, 0.05), (1000, 0.3), (100_000, 0.5), (3_000_000, 0.001), (60, 0.93)])
    func binomialMatchesItsPMF(n: Int, p: Double) {
        var rng = CounterStream(seed: 42, purpose: .cohortDecide, day: n, entity: Int(p * 1000))
        let draws = (0..<20_000).map { _ in rng.binomial(n, p) }
        let mean = Double(n) * p, sd = (Double(n) * p * (1 - p)).squareRoot()
        let lo = max(0, Int(mean - 7 * sd) - 2), hi = min(n, Int(mean + 7 * sd) + 2)
        let (stat, df) = chiSquare(draws, pmf: { k in exp(self.logChoose(n, k) + Double(k) * log(p) + Double(n - k) * log1p(-p)) }, support: lo...hi)
        // 99.99th percentile of chi-square(df) ≈ df + 3.72·sqrt(2·df) + 9 (generous Wilson–Hilferty bound).
        #expect(stat < Double(df) + 3.72 * (2 * Double(df)).squareRoot() + 9, "n \(n) p \(p): χ² \(stat) on \(df) df")
        #expect(draws.allSatisfy { (0...n).contains($0) })
    }

    @Test(arguments: [3.0, 40.0, 5000.0])
    func poissonMatchesItsPMF(lambda: Double) {
        var rng = CounterStream(seed: 7, purpose: .conflictSpawn, day: 0, entity: Int(lambda))
        let draws = (0..<20_000).map { _ in rng.poisson(lambda) }
        let sd = lambda.squareRoot()
        let (stat, df) = chiSquare(draws, pmf: { k in exp(Double(k) * log(lambda) - lambda - lgamma(Double(k + 1))) },
                                   support: max(0, Int(lambda - 8 * sd))...Int(lambda + 8 * sd) + 10)
        #expect(stat < Double(df) + 3.72 * (2 * Double(df)).squareRoot() + 9, "λ \(lambda): χ² \(stat) on \(df) df")
    }

    @Test func streamsAreCounterBased() {
        var a = CounterStream(phaseKey: 99, entity: 5), b = CounterStream(phaseKey: 99, entity: 5), c = CounterStream(phaseKey: 99, entity: 6)
        let x = (0..<4).map { _ in a.next() }, y = (0..<4).map { _ in b.next() }, z = (0..<4).map { _ in c.next() }
        #expect(x == y && x != z)
    }
}
