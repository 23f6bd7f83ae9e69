import BoundedInput
import Foundation
import Testing
@testable import Bargaining

/// Each KTAB quirk switch matters exactly where the golden data depend on it (the cases listed in
/// docs/bargaining.md): turning it to the corrected behaviour must break those cases (so the default really is
/// the quirk), and the corrected runs must still be well-formed.
@Suite struct SMPCompatibilityTests {
    /// Largest deviation from a golden case, in positions (0–100) and probabilities.
    static func deviation(_ index: Int, _ tweak: (inout SMPCompatibility) -> Void) throws -> (Double, Double, Bool) {
        let c = Fixtures.oracles.cases[index]
        var params = try SMPParameters(ktabVector: c.param_ints)
        tweak(&params.compatibility)
        let r = try SMPModel.run(Fixtures.problem(for: c.input), parameters: params)
        var pos = 0.0, prob = 0.0
        let T = min(r.stateCount, c.n_states)
        for i in c.positions_0_100.indices {
            for k in c.positions_0_100[i].indices { for t in 0..<T { pos = max(pos, abs(r.positions[t][i][k] - c.positions_0_100[i][k][t])) } }
            for t in 0..<T { prob = max(prob, abs(r.winProbabilities[t][i] - c.win_prob[i][t])) }
        }
        return (pos, prob, r.stateCount == c.n_states)
    }

    static func breaks(_ d: (Double, Double, Bool)) -> Bool { d.0 > 0.05 || d.1 > 5e-5 || !d.2 }

    @Test(arguments: [20, 21, 23, 24, 25, 31, 32])
    func k1ReceiverGainMatters(_ index: Int) throws {
        #expect(Self.breaks(try Self.deviation(index) { $0.ktabReceiverProbabilityIsGain = false }))
    }

    @Test(arguments: [21, 23, 31])
    func k2InitiatorCapabilityMatters(_ index: Int) throws {
        #expect(Self.breaks(try Self.deviation(index) { $0.ktabPairwiseWeightUsesInitiatorCapability = false }))
    }

    @Test func k6LastMatchMatters() throws {
        let d = try Self.deviation(10) { $0.ktabPositionProbabilityLastMatch = false }
        #expect(d.1 > 5e-5)
        #expect(d.0 <= 0.05) // only the reported probability changes, not the trajectory
    }

    @Test func k3BigRFull() throws {
        var p = SMPParameters()
        p.bigRAdjust = .full
        let r = try SMPModel.run(Fixtures.dummy3Dim, parameters: p)
        #expect(r.stateCount >= 2)
        p.compatibility.ktabRejectBigRFull = true
        #expect(throws: BargainingError.self) { try SMPModel.run(Fixtures.dummy3Dim, parameters: p) }
    }

    /// K10: the full perspective table has n² rows per proposed challenge, and its h = k = i
    /// rows agree with the challenge each initiator chose.
    @Test func k10Perspectives() throws {
        var p = SMPParameters()
        p.compatibility.logAllPerspectives = true
        p.maxTurns = 1
        let r = try SMPModel.run(Fixtures.dummy3Dim, parameters: p)
        let t = r.turns[0]
        let rows = try #require(t.perspectives)
        #expect(rows.count == 49 * t.bargains.count)
        for b in t.bargains {
            let own = try #require(rows.first { $0.h == b.initiator && $0.k == b.initiator && $0.initiator == b.initiator && $0.receiver == b.receiver })
            #expect(own.probability == b.probability)
            #expect(own.expectedGain == b.expectedGain)
        }
        // Without logging, the trajectory is identical.
        var q = p
        q.compatibility.logAllPerspectives = false
        #expect(try SMPModel.run(Fixtures.dummy3Dim, parameters: q).positions == r.positions)
    }
}

@Suite struct SMPTargetSearchTests {
    /// The bounded target scan chooses exactly what the exhaustive ascending scan chooses.
    @Test func prunedScanEqualsExhaustiveScan() throws {
        var rng = CounterStream(seed: 99, stream: 0)
        for trial in 0..<12 {
            let n = 5 + trial * 3, d = 1 + trial % 3
            let actors = (0..<n).map { i in
                BargainingProblem.Actor(name: "A\(i)", capability: 10 + 190 * rng.uniform(),
                                        positions: (0..<d).map { _ in 100 * rng.uniform() },
                                        saliences: (0..<d).map { _ in 90 / Double(d) * rng.uniform() })
            }
            let p = BargainingProblem(dimensions: (0..<d).map { "D\($0)" }, actors: actors)
            var params = SMPParameters()
            params.votingRule = trial % 2 == 0 ? .prop : .propCbc
            let fast = SMPEngine(problem: p, parameters: params)
            var slow = fast
            slow.pruneTargets = false
            var x = [Double]()
            for a in actors { x += a.positions.map { $0 / 100 } }
            let D = fast.distances(x: x, theta: x)
            let R = try fast.riskAttitudes(D)
            let a = fast.proposals(x: x, D: D, R: R), b = slow.proposals(x: x, D: D, R: R)
            #expect(a.map(\.initiator) == b.map(\.initiator))
            #expect(a.map(\.receiver) == b.map(\.receiver))
            #expect(a.map(\.gain) == b.map(\.gain))
            #expect(a.map(\.bi) == b.map(\.bi))
        }
    }
}

@Suite struct SMPEdgeCaseTests {
    /// Degenerate inputs run to a well-formed result instead of dividing by zero.
    @Test func degenerateProblems() throws {
        let two = BargainingProblem(dimensions: ["x"], actors: [
            .init(name: "A", capability: 1, positions: [10], saliences: [50]),
            .init(name: "B", capability: 2, positions: [90], saliences: [50]),
        ])
        let same = BargainingProblem(dimensions: ["x", "y"], actors: (0..<4).map {
            .init(name: "A\($0)", capability: Double($0 + 1), positions: [40, 60], saliences: [30, 30])
        })
        let indifferent = BargainingProblem(dimensions: ["x"], actors: [
            .init(name: "A", capability: 1, positions: [0], saliences: [0]),
            .init(name: "B", capability: 1, positions: [50], saliences: [80]),
            .init(name: "C", capability: 1, positions: [100], saliences: [80]),
        ])
        for p in [two, same, indifferent] {
            for model in BargainingModelKind.allCases {
                let f = try Forecaster.forecast(p, options: ForecastOptions(model: model))
                for d in f.dimensions {
                    #expect(d.forecast.isFinite && d.weightedMean.isFinite && d.weightedMedian.isFinite)
                }
            }
        }
        // Everyone already agrees: nobody moves and the forecast is the shared position.
        let f = try Forecaster.forecast(same)
        #expect(f.dimensions.map(\.forecast) == [40, 60])
        #expect(f.smp!.turns.allSatisfy { $0.bargains.isEmpty })
    }

    @Test func invalidProblemsAreRejected() {
        let bad = BargainingProblem(dimensions: ["x", "y"], actors: [
            .init(name: "A", capability: 1, positions: [10, 20], saliences: [60, 50]),
            .init(name: "B", capability: 1, positions: [10, 20], saliences: [10, 10]),
        ])
        #expect(throws: BargainingError.invalidProblem("actor 'A': saliences sum to 110.0, more than 100")) {
            try Forecaster.forecast(bad)
        }
        let fixed = bad.normalizingSaliences()
        #expect(abs(fixed.actors[0].saliences[0] - 6000 / 110.0) < 1e-12 && fixed.actors[1].saliences == [10, 10])
        #expect(throws: Never.self) { try Forecaster.forecast(fixed) }
        let neg = BargainingProblem(dimensions: ["x"], actors: [
            .init(name: "A", capability: 0, positions: [10], saliences: [60]),
            .init(name: "B", capability: 1, positions: [10], saliences: [10]),
        ])
        #expect(throws: BargainingError.self) { try SMPModel.run(neg) }
    }
}

@Suite struct SMPExhaustiveScanTests {
    /// The public `exhaustiveTargetScan` switch changes the cost, never the result.
    @Test func sameResultsEitherWay() throws {
        for p in [Fixtures.dummy3Dim, Fixtures.soePolComp] {
            var params = SMPParameters()
            let a = try SMPModel.run(p, parameters: params)
            params.exhaustiveTargetScan = true
            var b = try SMPModel.run(p, parameters: params)
            b.parameters.exhaustiveTargetScan = false
            #expect(a == b)
        }
    }
}

@Suite struct SMPSetByNameTests {
    @Test func setByName() throws {
        var p = SMPParameters()
        try p.set("VotingRule", "Cubic")
        try p.set("ktabPositionProbabilityLastMatch", "false")
        try p.set("maxTurns", "7")
        #expect(p.votingRule == .cubic && !p.compatibility.ktabPositionProbabilityLastMatch && p.maxTurns == 7)
        #expect(throws: BargainingError.self) { try p.set("VotingRule", "Loud") }
        #expect(throws: BargainingError.self) { try p.set("ktabRejectBigRFull", "maybe") }
        #expect(throws: BargainingError.self) { try p.set("Nonsense", "1") }
    }
}
