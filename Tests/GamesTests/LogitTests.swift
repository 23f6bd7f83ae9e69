import Testing
import Foundation
@testable import Games

@Suite struct LogitTests {
    static let games = Reference.sampleNames.filter { !["montyhal.efg", "holdout7.efg", "condjury.efg"].contains($0) }

    /// Every sample game: the limit point has regret within the tolerance, and where Gambit's
    /// principal branch reached an equilibrium, ours ends at the same one (6 decimals).
    @Test(arguments: games) func logitLimitIsAnEquilibrium(_ name: String) throws {
        let ref = Reference.row(name, name.hasSuffix(".nfg") ? "logit/strategy" : "logit/behavior")?.equilibria.first
        switch try Reference.game(name) {
        case .normal(let g):
            let tol = 1e-8 * g.payoffRange.doubleValue
            do {
                let r = try LogitQRE.solve(g)
                #expect(r.maxRegret <= tol, "\(name) regret \(r.maxRegret)")
                // 2x2x2: Gambit stopped at a bifurcation (regret 0.213). sh3: Gambit ends at the mixed
                // (1/6,1/3,1/2) pair, our continuation at (1/3,2/3,0) — both equilibria; the pygambit
                // comparison script reports this branch difference.
                if let ref, !["2x2x2.nfg", "sh3.nfg"].contains(name) {
                    let refP = parseMixed(ref).flatMap { $0.map(\.doubleValue) }
                    let ours = r.profile.probabilities.flatMap { $0 }
                    #expect(zip(refP, ours).allSatisfy { abs($0 - $1) < 2e-6 }, "\(name): \(r.profile) vs \(ref)")
                }
            } catch let e as GameError {
                // Allowed only as an honest failure report, never a wrong answer.
                Issue.record("\(name): \(e)")
            }
        case .extensive(let g):
            do {
                let r = try LogitQRE.solve(g)
                #expect(r.maxRegret <= 1e-8 * g.payoffRange.doubleValue, "\(name) regret \(r.maxRegret)")
            } catch let e as GameError {
                // vd.efg: the branch approaches its limit only like 1/λ (Gambit stops there with
                // regret 3.7e-4); doubles underflow first, so we report failure instead of a point.
                #expect(name == "vd.efg", "\(name): \(e)")
            }
        }
    }

    /// The closed-form payoff derivatives of a strategic game equal central differences of
    /// the values (which are exact for a function linear in each probability).
    @Test func strategicDerivativesMatchDifferences() throws {
        for name in ["2x2x2.nfg", "8x8.nfg", "2x2x2x2x2.nfg"] {
            let sys = StrategicLogit(game: try Reference.nfg(name))
            var sigma: [Double] = []
            for c in sys.groupSizes { let raw = (0..<c).map { Double($0 + 2) }; sigma += raw.map { $0 / raw.reduce(0, +) } }
            let d = try #require(sys.valueDerivatives(sigma))
            for col in sigma.indices {
                var up = sigma, down = sigma
                up[col] += 1e-3; down[col] -= 1e-3
                let (vu, vd) = (sys.values(up), sys.values(down))
                for row in sigma.indices {
                    #expect(abs((vu[row] - vd[row]) / 2e-3 - d[row][col]) < 1e-8, "\(name) (\(row), \(col))")
                }
            }
        }
    }

    /// At a fixed λ the QRE equations hold: each probability is the logit response to the others.
    @Test func fixedLambdaSatisfiesLogitEquations() throws {
        let g = try Reference.nfg("2x2.nfg")
        let r = try LogitQRE.solve(g, options: LogitOptions(targetLambda: 1.5))
        #expect(r.lambda == 1.5)
        for p in 0..<2 {
            let v = g.strategyValues(r.profile, player: p)
            let w = v.map { exp(1.5 * $0) }
            let z = w.reduce(0, +)
            for s in 0..<2 { #expect(abs(r.profile[p][s] - w[s] / z) < 1e-9) }
        }
    }

    /// Matching pennies with a twist: the QRE limit is the unique mixed equilibrium.
    @Test func treeLogitOnPoker() throws {
        let g = try Reference.efg("poker.efg")
        let r = try LogitQRE.solve(g)
        let p = r.profile.probabilities
        #expect(abs(p[0][1][0] - 1.0 / 3) < 1e-6 && abs(p[1][0][0] - 2.0 / 3) < 1e-6)
    }

    /// The agent form's payoff derivatives in closed form equal forward differences of the
    /// values (every tree, at an interior profile away from the centroid).
    @Test(arguments: Reference.sampleNames.filter { $0.hasSuffix(".efg") } + ["examples/deterrence.efg"])
    func agentDerivativesMatchDifferences(_ name: String) throws {
        let g = try Reference.efg(name)
        let sys = AgentLogit(g)
        var rng = SplitMix(seed: 42)
        var x: [Double] = []
        for c in sys.groupSizes {
            let w = (0..<c).map { _ in 0.2 + Double(rng.next() % 1000) / 1000 }
            x += w.map { $0 / w.reduce(0, +) }
        }
        let d = try #require(sys.valueDerivatives(x))
        let v = sys.values(x)
        let scale = max(1, v.map(abs).max() ?? 1)
        for col in 0..<x.count {
            var y = x
            let h = 1e-6
            y[col] += h
            let v2 = sys.values(y)
            for row in 0..<x.count {
                let difference: Double = (v2[row] - v[row]) / h
                let error: Double = abs(difference - d[row][col])
                #expect(error < 1e-4 * scale, "\(name) [\(row)][\(col)]")
            }
        }
    }
}
