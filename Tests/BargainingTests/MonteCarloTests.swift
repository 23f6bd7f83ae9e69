import BoundedInput
import Foundation
import Testing
@testable import Bargaining

@Suite struct MonteCarloTests {
    static func spec(threads: Int, seed: UInt64 = 7, samples: Int = 24) -> MonteCarloSpec {
        let p = Fixtures.dummy3Dim
        var u = MonteCarloSpec.positionSpread(p, spread: 8)
        u.append(UncertainInput(actor: 2, field: .capability, distribution: .uniform(low: 60, high: 200)))
        u.append(UncertainInput(actor: 5, field: .salience(dimension: 1), distribution: .normal(mean: 39, sd: 10)))
        return MonteCarloSpec(problem: p, uncertain: u, samples: samples, seed: seed, thresholds: [75, 40, 70], threads: threads)
    }

    /// Same seed, same bits, whatever the thread count.
    @Test func bitIdenticalAcrossThreadCounts() throws {
        let one = try MonteCarlo.run(Self.spec(threads: 1))
        let two = try MonteCarlo.run(Self.spec(threads: 2))
        let five = try MonteCarlo.run(Self.spec(threads: 5))
        #expect(one == two && one == five)
        let other = try MonteCarlo.run(Self.spec(threads: 2, seed: 8))
        #expect(other.dimensions[0].median != one.dimensions[0].median)
        let d = one.dimensions[0]
        #expect(d.p5 <= d.p10 && d.p10 <= d.median && d.median <= d.p90 && d.p90 <= d.p95)
        #expect(d.sensitivity.count == 10 && d.mostInfluentialInput != nil)
    }

    /// With every input fixed, every draw is the deterministic forecast: zero-width intervals.
    @Test func fixedInputsReproduceTheForecast() throws {
        let p = Fixtures.dummy3Dim
        let f = try Forecaster.forecast(p)
        let u = [UncertainInput(actor: 0, field: .capability, distribution: .fixed(p.actors[0].capability))]
        let r = try MonteCarlo.run(MonteCarloSpec(problem: p, uncertain: u, samples: 5, thresholds: [f.dimensions[0].forecast]))
        for k in 0..<3 {
            #expect(r.dimensions[k].p5 == f.dimensions[k].forecast && r.dimensions[k].p95 == f.dimensions[k].forecast)
        }
        #expect(r.dimensions[0].probabilityAtLeastThreshold == 1)
        #expect(r.dimensions[0].mostInfluentialInput == nil)
    }

    /// One input with a wide spread and the rest fixed: it must be named the most influential,
    /// with a positive swing (a higher position pulls a one-dimension forecast up).
    @Test func sensitivityFindsTheDrivingInput() throws {
        let p = BargainingProblem(dimensions: ["x"], actors: [
            .init(name: "A", capability: 50, positions: [20], saliences: [80]),
            .init(name: "B", capability: 30, positions: [50], saliences: [60]),
            .init(name: "C", capability: 40, positions: [70], saliences: [50]),
            .init(name: "D", capability: 20, positions: [90], saliences: [40]),
        ])
        let u = [UncertainInput(actor: 0, field: .position(dimension: 0), distribution: .uniform(low: 0, high: 60)),
                 UncertainInput(actor: 3, field: .salience(dimension: 0), distribution: .fixed(40))]
        let r = try MonteCarlo.run(MonteCarloSpec(problem: p, uncertain: u, samples: 60, seed: 3))
        #expect(r.dimensions[0].mostInfluentialInput == "A position on x")
        #expect(r.dimensions[0].sensitivity[0].swing > 0)
    }

    /// The samplers' means and ranges match their distributions (100,000 draws, fixed seed).
    @Test func samplersMatchTheirDistributions() {
        var rng = CounterStream(seed: 42, stream: 0)
        let n = 100_000
        var tri = 0.0, uni = 0.0, nor = 0.0, nor2 = 0.0
        var triMin = Double.infinity, triMax = -Double.infinity
        for _ in 0..<n {
            let t = InputDistribution.triangular(low: 10, mode: 20, high: 60).sample(&rng)
            tri += t; triMin = min(triMin, t); triMax = max(triMax, t)
            uni += InputDistribution.uniform(low: -1, high: 3).sample(&rng)
            let z = InputDistribution.normal(mean: 5, sd: 2).sample(&rng)
            nor += z; nor2 += z * z
        }
        #expect(abs(tri / Double(n) - 30) < 0.2)
        #expect(triMin >= 10 && triMax <= 60)
        #expect(abs(uni / Double(n) - 1) < 0.02)
        let m = nor / Double(n)
        #expect(abs(m - 5) < 0.03 && abs((nor2 / Double(n) - m * m).squareRoot() - 2) < 0.03)
    }

    @Test func quantilesAreType7() {
        #expect(MonteCarlo.quantile([1, 2, 3, 4], 0.5) == 2.5)
        #expect(MonteCarlo.quantile([1, 2, 3, 4, 5], 0.1) == 1.4)
    }

    @Test func rejectsBadSpecs() {
        let p = Fixtures.dummy3Dim
        #expect(throws: BargainingError.self) {
            try MonteCarlo.run(MonteCarloSpec(problem: p, uncertain: [UncertainInput(actor: 9, field: .capability, distribution: .fixed(1))], samples: 2))
        }
        #expect(throws: BargainingError.self) { try MonteCarlo.run(MonteCarloSpec(problem: p, uncertain: [], samples: 0)) }
    }

    /// When every draw's model run fails, the failure is the error (no empty statistics).
    @Test func allDrawsFailingIsAnError() {
        var opts = ForecastOptions()
        opts.smp.bigRAdjust = .full
        opts.smp.compatibility.ktabRejectBigRFull = true
        let p = Fixtures.dummy3Dim
        #expect(throws: BargainingError.self) {
            try MonteCarlo.run(MonteCarloSpec(problem: p, uncertain: MonteCarloSpec.positionSpread(p, spread: 5), samples: 4, options: opts))
        }
        let ok = try? MonteCarlo.run(MonteCarloSpec(problem: p, uncertain: MonteCarloSpec.positionSpread(p, spread: 5), samples: 4))
        #expect(ok?.failedDraws == 0 && ok?.firstFailure == nil)
    }

    @Test func uncertaintyFile() throws {
        let text = "actor,field,dimension,distribution,p1,p2,p3\nSActor-00,position,Pstn2,triangular,0,6.37,20\nSActor-01,capability,,uniform,40,60\n"
        let u = try UncertaintyReader.parse(text, file: "u.csv", problem: Fixtures.dummy3Dim)
        #expect(u == [UncertainInput(actor: 0, field: .position(dimension: 1), distribution: .triangular(low: 0, mode: 6.37, high: 20)),
                      UncertainInput(actor: 1, field: .capability, distribution: .uniform(low: 40, high: 60))])
        #expect(throws: BargainingError.input(file: "u.csv", line: 2, field: "dimension",
                                              message: "no dimension named 'Pstn9' (dimensions: Pstn1, Pstn2, Pstn3)")) {
            try UncertaintyReader.parse(text.replacingOccurrences(of: "Pstn2", with: "Pstn9"), file: "u.csv", problem: Fixtures.dummy3Dim)
        }
    }
}

@Suite struct StochasticSMPTests {
    /// K5: one draw per queue in owner order from a seeded stream, so a seed fixes the run.
    @Test func seededAndReproducible() throws {
        var p = SMPParameters()
        p.stateTransitions = .stochastic
        p.seed = 11
        let a = try SMPModel.run(Fixtures.dummy3Dim, parameters: p)
        let b = try SMPModel.run(Fixtures.dummy3Dim, parameters: p)
        #expect(a == b)
        var differs = false
        for s in 12..<20 {
            p.seed = UInt64(s)
            if try SMPModel.run(Fixtures.dummy3Dim, parameters: p).positions != a.positions { differs = true; break }
        }
        #expect(differs)
    }

    /// Statistical validation of the stochastic pick: frequencies match the PCE probabilities.
    @Test func stochasticPickFollowsProbabilities() {
        var params = SMPParameters()
        params.stateTransitions = .stochastic
        var e = SMPEngine(problem: Fixtures.dummy3Dim, parameters: params)
        let p = [0.2, 0.5, 0.3]
        var counts = [0, 0, 0]
        let n = 60_000
        for _ in 0..<n { counts[e.pick(p)] += 1 }
        for i in 0..<3 { #expect(abs(Double(counts[i]) / Double(n) - p[i]) < 0.01) }
    }
}
