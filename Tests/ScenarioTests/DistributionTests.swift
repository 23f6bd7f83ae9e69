import Foundation
import Testing
@testable import Scenario

@Suite("Distributions")
struct DistributionTests {
    @Test("standard normal quantiles match published values")
    func normalQuantiles() {
        let n = Distribution.normal(mean: 0, sd: 1, min: -.infinity, max: .infinity)
        // Values from standard normal tables (to 15 digits).
        let known: [(Double, Double)] = [(0.5, 0), (0.975, 1.959963984540054), (0.95, 1.644853626951472),
                                         (0.001, -3.090232306167813), (0.841344746068543, 1.0), (1e-9, -5.997807015007686)]
        for (u, z) in known { #expect(abs(n.quantile(u) - z) < 1e-9, "u=\(u)") }
    }

    @Test("a normal truncated at its mean has the half-normal's quantiles")
    func truncatedNormal() {
        let half = Distribution.normal(mean: 0, sd: 1, min: 0, max: .infinity)
        // Median of the half-normal is Φ⁻¹(0.75).
        #expect(abs(half.quantile(0.5) - 0.6744897501960817) < 1e-9)
        #expect(half.quantile(0) == 0)
        let boxed = Distribution.normal(mean: 10, sd: 2, min: 8, max: 12)
        #expect(abs(boxed.quantile(0.5) - 10) < 1e-12)
        for u in stride(from: 0.0, through: 1.0, by: 0.05) { #expect((8...12).contains(boxed.quantile(u))) }
        // Mean of a normal truncated symmetrically is its centre.
        #expect(abs(boxed.mean - 10) < 1e-12)
    }

    @Test("beta quantiles match closed forms")
    func betaQuantiles() {
        // Beta(1, b): F(x) = 1 − (1 − x)^b, so Q(u) = 1 − (1 − u)^(1/b).
        let b13 = Distribution.beta(alpha: 1, beta: 3, min: 0, max: 1)
        for u in [0.01, 0.3, 0.5, 0.9, 0.999] { #expect(abs(b13.quantile(u) - (1 - pow(1 - u, 1.0 / 3))) < 1e-11, "u=\(u)") }
        // Beta(2, 2): F(x) = 3x² − 2x³.
        let b22 = Distribution.beta(alpha: 2, beta: 2, min: 0, max: 1)
        for x in [0.1, 0.25, 0.5, 0.8] { #expect(abs(b22.cdf(x) - (3 * x * x - 2 * x * x * x)) < 1e-12) }
        #expect(abs(b22.quantile(0.5) - 0.5) < 1e-11)
        // Rescaled to [10, 20].
        let scaled = Distribution.beta(alpha: 1, beta: 3, min: 10, max: 20)
        #expect(abs(scaled.quantile(0.3) - (10 + 10 * (1 - pow(0.7, 1.0 / 3)))) < 1e-9)
    }

    @Test("triangular, uniform and lognormal quantiles are exact")
    func closedForms() {
        let t = Distribution.triangular(min: 0, mode: 1, max: 4)
        #expect(abs(t.quantile(0.25) - 1) < 1e-12)            // F(mode) = (c − a)/(b − a) = 1/4
        #expect(abs(t.quantile(1) - 4) < 1e-12)
        #expect(abs(t.quantile(0.5) - (4 - (4 * 3 * 0.5).squareRoot())) < 1e-12)
        let u = Distribution.uniform(min: 2, max: 6)
        #expect(u.quantile(0.25) == 3)
        let ln = Distribution.lognormal(mu: log(300), sigma: 0.5)
        #expect(abs(ln.quantile(0.5) - 300) < 1e-9)
        #expect(abs(ln.quantile(0.975) - 300 * exp(0.5 * 1.959963984540054)) < 1e-6)
    }

    @Test("quantile inverts the CDF for every family", arguments: [
        Distribution.uniform(min: -1, max: 3), .triangular(min: 0, mode: 0.2, max: 1),
        .normal(mean: 5, sd: 2, min: 1, max: 12), .beta(alpha: 2, beta: 8, min: 0, max: 1),
        .beta(alpha: 0.5, beta: 0.5, min: 0, max: 1), .lognormal(mu: 1, sigma: 0.7),
    ])
    func roundTrip(_ d: Distribution) {
        var last = -Double.infinity
        for u in stride(from: 0.01, through: 0.99, by: 0.02) {
            let x = d.quantile(u)
            #expect(abs(d.cdf(x) - u) < 1e-9, "\(d) u=\(u)")
            #expect(x >= last)
            last = x
            #expect(d.support.contains(x))
        }
    }

    @Test("the stated mean is the integral of the quantile function", arguments: [
        Distribution.uniform(min: -1, max: 3), .triangular(min: 0, mode: 0.2, max: 1),
        .normal(mean: 5, sd: 2, min: 1, max: 12), .normal(mean: 0, sd: 1, min: 0, max: .infinity),
        .beta(alpha: 2, beta: 8, min: 10, max: 20), .lognormal(mu: 1, sigma: 0.5),
    ])
    func means(_ d: Distribution) {
        // E[X] = ∫₀¹ Q(u) du, by the midpoint rule on 20,000 cells.
        let n = 20_000
        var sum = 0.0
        for i in 0..<n { sum += d.quantile((Double(i) + 0.5) / Double(n)) }
        #expect(abs(sum / Double(n) - d.mean) < 1e-3 * max(1, abs(d.mean)), "\(d)")
    }

    @Test("impossible distributions are named")
    func impossible() {
        #expect(Distribution.uniform(min: 2, max: 1).impossibility != nil)
        #expect(Distribution.triangular(min: 0, mode: 5, max: 4).impossibility != nil)
        #expect(Distribution.normal(mean: 0, sd: 0, min: -1, max: 1).impossibility != nil)
        #expect(Distribution.normal(mean: 0, sd: 1, min: 100, max: 200).impossibility != nil)
        #expect(Distribution.beta(alpha: -1, beta: 2, min: 0, max: 1).impossibility != nil)
        #expect(Distribution.lognormal(mu: 0, sigma: 0).impossibility != nil)
        #expect(Distribution.uniform(min: 1, max: 2).impossibility == nil)
    }
}
