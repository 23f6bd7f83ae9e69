import Foundation
import Testing
@testable import Bargaining

/// The 34 cases of smp-oracles.json (expected outputs checked against KTAB's binary) at the
/// reference tolerances: positions ±0.05 on 0–100, probabilities, R and ratios ±5e-5.
@Suite struct SMPGoldenTests {
    static let caseIndices = Array(0..<34)

    @Test(arguments: caseIndices)
    func oracleCase(_ index: Int) throws {
        let c = Fixtures.oracles.cases[index]
        let problem = Fixtures.problem(for: c.input)
        let params = try SMPParameters(ktabVector: c.param_ints)
        let r = try SMPModel.run(problem, parameters: params)
        #expect(r.stateCount == c.n_states, "case \(index): states")
        for (t, f) in c.fractional_change.enumerated() where t < r.turns.count {
            #expect(abs(r.turns[t].fractionalChange - f) <= 5e-5, "case \(index) turn \(t + 1): ratio \(r.turns[t].fractionalChange) vs \(f)")
        }
        for (i, rr) in c.first_turn_inferred_R.enumerated() {
            #expect(abs(r.riskAttitudes[0][i] - rr) <= 5e-5, "case \(index) R[\(i)]")
        }
        var worstPos = 0.0, worstProb = 0.0
        var where_ = ""
        for i in c.positions_0_100.indices {
            for k in c.positions_0_100[i].indices {
                for (t, v) in c.positions_0_100[i][k].enumerated() where t < r.stateCount {
                    let e = abs(r.positions[t][i][k] - v)
                    if e > worstPos { worstPos = e; where_ = "actor \(i) dim \(k) turn \(t): \(r.positions[t][i][k]) vs \(v)" }
                }
            }
            for (t, v) in c.win_prob[i].enumerated() where t < r.stateCount {
                worstProb = max(worstProb, abs(r.winProbabilities[t][i] - v))
            }
        }
        #expect(worstPos <= 0.05 + 1e-9, "case \(index): worst position error \(worstPos) at \(where_)")
        #expect(worstProb <= 5e-5, "case \(index): worst probability error \(worstProb)")
    }
}

@Suite struct SMPTurnZeroTests {
    /// Oracle 1's turn-0 unit checks: risk-neutral utilities, R, actor 0's challenge.
    @Test func dummyDataTurnZero() throws {
        let p = Fixtures.dummy3Dim
        let r = try SMPModel.run(p)
        let expectedU: [[Double]] = [
            [1.000, 0.903, 0.639, 0.870, 0.929, 0.882, 0.890],
            [0.675, 1.000, 0.635, 0.825, 0.858, 0.767, 0.746],
            [0.556, 0.636, 1.000, 0.603, 0.573, 0.485, 0.465],
            [0.642, 0.802, 0.570, 1.000, 0.896, 0.800, 0.811],
            [0.805, 0.862, 0.622, 0.839, 1.000, 0.913, 0.872],
            [0.766, 0.665, 0.453, 0.807, 0.890, 1.000, 0.935],
            [0.813, 0.725, 0.422, 0.816, 0.866, 0.913, 1.000],
        ]
        let engine = SMPEngine(problem: p, parameters: SMPParameters())
        var x = [Double]()
        for a in p.actors { x += a.positions.map { $0 / 100 } }
        let D = engine.distances(x: x, theta: x)
        for i in 0..<7 { for j in 0..<7 { #expect(abs((1 - D[i * 7 + j]) - expectedU[i][j]) <= 0.0005 + 1e-12) } }
        let R = try engine.riskAttitudes(D)
        let expectedR = [-0.500, -0.459, -0.499, -0.274, 1.000, -0.232, -0.430]
        for i in 0..<7 { #expect(abs(R[i] - expectedR[i]) <= 0.0005 + 1e-12) }
        let b0 = try #require(r.turns[0].bargains.first { $0.initiator == 0 })
        #expect(b0.receiver == 6)
        #expect(abs(b0.probability - 0.7643) <= 0.00005 + 1e-12)
        #expect(abs(b0.expectedGain - 0.0947) <= 0.00005 + 1e-12)
        let expI = [75.61, 24.78, 71.95], expJ = [75.61, 24.79, 71.95]
        for k in 0..<3 {
            #expect(abs(b0.initiatorPosition[k] - expI[k]) <= 0.005 + 1e-9)
            #expect(abs(b0.receiverPosition[k] - expJ[k]) <= 0.005 + 1e-9)
        }
        // Actor 6 adopts its side of actor 0's bargain at turn 1; actor 0 picks another.
        #expect(r.turns[0].adopted[6] == b0.id)
        #expect(r.turns[0].adopted[0] != b0.id)
    }
}

@Suite struct SMPScalingDataTests {
    /// KTAB's synthetic scaling files: KTAB's binary took 21 states on a040 and 18 on a080
    /// (docs/bargaining.md, "Benchmark"); the a080 cross-check also matched KTAB's probabilities.
    @Test(arguments: [("dummyData-a040.csv", 21), ("dummyData-a080.csv", 18)])
    func stateCountsMatchKTAB(_ file: String, _ states: Int) throws {
        let p = try KTABReader.read(path: Fixtures.data(file))
        #expect(p.actorCount == (file.contains("a040") ? 40 : 80))
        var params = SMPParameters()
        params.reportProbabilitiesEachTurn = false
        let r = try SMPModel.run(p, parameters: params)
        #expect(r.stateCount == states)
        #expect(r.winProbabilities.count == 1)
    }
}
