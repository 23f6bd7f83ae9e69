import Foundation
import Testing
@testable import Crisis

struct AnalysisTests {
    /// Ishigami function: analytic first-order indices S1 = 0.3139, S2 = 0.4424, S3 = 0
    /// (Ishigami & Homma 1990; Saltelli et al., Global Sensitivity Analysis, 2008, §4.6).
    @Test func firstOrderIndicesMatchIshigami() {
        let n = 20_000
        var rng = CounterRandom(seed: 42, stream: 0)
        var x: [[Double]] = [[], [], []]
        var y: [Double] = []
        for _ in 0..<n {
            let v = (0..<3).map { _ in (rng.uniform() * 2 - 1) * Double.pi }
            for j in 0..<3 { x[j].append(v[j]) }
            y.append(sin(v[0]) + 7 * pow(sin(v[1]), 2) + 0.1 * pow(v[2], 4) * sin(v[0]))
        }
        let s = firstOrderIndices(inputs: x, output: y)
        #expect(abs(s[0] - 0.3139) < 0.02)
        #expect(abs(s[1] - 0.4424) < 0.02)
        #expect(abs(s[2] - 0.0) < 0.02)
    }

    @Test func tippingPointOfAStepIsFound() {
        let points = tippingPoints(over: 0...10, steps: 7) { $0 < Double.pi ? "hold" : "attack" }
        #expect(points.count == 1)
        #expect(abs(points[0].value - Double.pi) < 1e-3)
        #expect(points[0].below == "hold" && points[0].above == "attack")
    }

    @Test func tippingPointsFindBothFlipsOfABand() {
        let points = tippingPoints(over: 0...1, steps: 20) { (0.3...0.6).contains($0) }
        #expect(points.map { ($0.value * 100).rounded() / 100 } == [0.3, 0.6])
    }

    @Test func quantilesMatchTypeSeven() {
        // numpy.quantile([1, 2, 3, 4, 10], [0.05, 0.5, 0.95]) = [1.2, 3.0, 8.8]
        let s = Summary([4, 1, 10, 3, 2])
        #expect(abs(s.p05 - 1.2) < 1e-12)
        #expect(s.median == 3)
        #expect(abs(s.p95 - 8.8) < 1e-12)
        #expect(s.mean == 4)
    }

    @Test func counterStreamsDependOnlyOnSeedStreamAndCounter() {
        var a = CounterRandom(seed: 7, stream: 3)
        var b = CounterRandom(seed: 7, stream: 3)
        var c = CounterRandom(seed: 7, stream: 4)
        let da = (0..<5).map { _ in a.next() }
        #expect(da == (0..<5).map { _ in b.next() })
        #expect(da != (0..<5).map { _ in c.next() })
        // Uniform draws stay strictly inside (0, 1) and average one half.
        var r = CounterRandom(seed: 1, stream: 0)
        let u = (0..<100_000).map { _ in r.uniform() }
        #expect(u.allSatisfy { $0 > 0 && $0 < 1 })
        #expect(abs(u.reduce(0, +) / 1e5 - 0.5) < 0.005)
    }

    @Test func deterministicMapIsIndependentOfThreadCount() {
        let work: @Sendable (Int) -> Double = { i in
            var r = CounterRandom(seed: 9, stream: UInt64(i))
            return (0..<100).reduce(0) { acc, _ in acc + r.uniform() }
        }
        let one = deterministicMap(count: 257, threads: 1, work)
        let four = deterministicMap(count: 257, threads: 4, work)
        #expect(one == four)
        #expect(one.count == 257)
    }
}
