import Foundation
import Testing
@testable import Bargaining

@Suite struct BDMTests {
    static let eu = try! BDMTableReader.read(path: Fixtures.data("bdm-eu-emissions.csv"))
    static func index(_ name: String) -> Int { eu.actors.firstIndex { $0.name == name }! }

    /// Two actors, worked by hand (masad2013, Q = T = 1, dx = 100):
    /// A at 0 (c 3, s 1), B at 100 (c 1, s 0.2). Votes for A over B: A +3, B −0.2, so
    /// P_AB = 2.8/3.2 = 0.875 and P_BA = 0. With r = 1 (U_s = 2, U_f = −2, U_sq = 0):
    /// EU_A(A→B) = 0.2(0.875·2 − 0.125·2) + 0.8·2 = 1.9; EU_B(B→A) = −2. So S_A = −2,
    /// S_B = 1.9, R = (−1, +1), r = (2, 0.5). Final pass: U_sq(A) = 2 − 4·0.25 = 1, so
    /// EU_A(A→B) = 1.9 − 1 = 0.9 > 0: A offers. B's own EU_B(B→A) = −2 − (2 − 4·√0.5)
    /// = −1.171573; |E_rec| > E_snd, so B capitulates to 0. Then nobody moves.
    @Test func twoActorCapitulation() throws {
        let p = BargainingProblem(dimensions: ["x"], actors: [
            .init(name: "A", capability: 3, positions: [0], saliences: [100]),
            .init(name: "B", capability: 1, positions: [100], saliences: [20]),
        ])
        let r = try BDMModel.run(p)
        let r1 = r.rounds[0]
        #expect(abs(r1.riskExponents[0] - 2) < 1e-12 && abs(r1.riskExponents[1] - 0.5) < 1e-12)
        #expect(r1.moves.count == 1)
        let m = try #require(r1.moves.first)
        #expect(m.receiver == 1 && m.sender == 0 && m.kind == .capitulation && m.to == 0)
        #expect(abs(m.senderEU - 0.9) < 1e-12)
        #expect(abs(m.receiverEU - (-2 + (4 * 0.5.squareRoot() - 2))) < 1e-12)
        #expect(r.converged && r.rounds.count == 3)
        #expect(r.forecast == 0)
    }

    /// Three actors, worked by hand (masad2013): A 0 (c 1, s .9), B 40 (c 1, s .3),
    /// C 100 (c 2, s .6); dx = 100. Votes for C over B: A −0.54, B −0.18, C +0.72, net 0,
    /// so P_CB = 0. The r = 1 dangers S_i = Σ_j EU_j(j→i) give R = (−1, +1, −0.2632) and
    /// r = (1 − R/3)/(1 + R/3) = (2, 0.5, 1.192308). Final pass: the only offer is C→B,
    /// E_snd = 0.3·(2 − 4·0.8^r_C) + 0.7·(2 − 4·0.2^r_C) − (2 − 4·0.5^r_C) = 0.419801 and
    /// B's E_rec = EU_B(B→C) with r_B = 0.5: −0.033740; |E_rec| < E_snd, so B compromises to
    /// 40 + 60·(0.033740/0.419801) = 44.8223.
    @Test func threeActorCompromise() throws {
        let p = BargainingProblem(dimensions: ["x"], actors: [
            .init(name: "A", capability: 1, positions: [0], saliences: [90]),
            .init(name: "B", capability: 1, positions: [40], saliences: [30]),
            .init(name: "C", capability: 2, positions: [100], saliences: [60]),
        ])
        var v = BDMVariants.masad2013
        v.maxRounds = 1
        let r = try BDMModel.run(p, variants: v)
        let r1 = r.rounds[0]
        #expect(abs(r1.riskExponents[0] - 2) < 1e-9)
        #expect(abs(r1.riskExponents[1] - 0.5) < 1e-9)
        #expect(abs(r1.riskExponents[2] - 1.1923076923076925) < 1e-9)
        // Hand value of E_snd from the formula in the comment:
        let rc = 1.1923076923076925
        let eSnd = 0.3 * (2 - 4 * pow(0.8, rc)) + 0.7 * (2 - 4 * pow(0.2, rc)) - (2 - 4 * pow(0.5, rc))
        #expect(abs(eSnd - 0.41980092450515083) < 1e-9)
        #expect(r1.moves.count == 1)
        let m = try #require(r1.moves.first)
        #expect(m.receiver == 1 && m.sender == 2 && m.kind == .compromise)
        #expect(abs(m.senderEU - eSnd) < 1e-9)
        #expect(abs(m.receiverEU - (-0.03373988645354076)) < 1e-9)
        #expect(abs(m.to - (40 + 60 * 0.03373988645354076 / eSnd)) < 1e-9)
    }

    /// The masad2013 reference trajectory (Masad 2013's code on the EU case; docs/bargaining.md): exponents of rounds 1 and 2, four rounds of moves,
    /// the median and mean columns, and Luxembourg's 4 ↔ 10 oscillation.
    @Test func euMasad2013Trajectory() throws {
        let r = try BDMModel.run(Self.eu, variants: .masad2013)
        #expect(r.initialMedian == 7)
        let exp1 = [1.1272, 0.7809, 0.5000, 1.1272, 1.0779, 1.0779, 2.0000, 0.5248, 1.4717, 1.1405]
        let exp2 = [1.2742, 0.7949, 0.5175, 1.2742, 1.1146, 1.1146, 2.0000, 0.5000, 1.8751, 1.2342]
        for i in 0..<10 {
            #expect(abs(r.rounds[0].riskExponents[i] - exp1[i]) <= 5e-5)
            #expect(abs(r.rounds[1].riskExponents[i] - exp2[i]) <= 5e-5)
        }
        let lu = Self.index("Luxembourg"), ie = Self.index("Ireland")
        let fr = Self.index("France"), nl = Self.index("Netherlands")
        let expected: [(lu: Double, luSender: Int, ie: Double, ieSender: Int, median: Double, mean: Double)] = [
            (10, fr, 7.188, fr, 10.0, 7.4445), (4, nl, 7.124, nl, 7.124, 7.3909),
            (10, fr, 6.967, nl, 10.0, 7.4429), (4, nl, 7.154, fr, 7.154, 7.3911),
        ]
        for (t, e) in expected.enumerated() {
            let rd = r.rounds[t]
            #expect(rd.moves.count == 2, "round \(t + 1): only Luxembourg and Ireland move")
            #expect(rd.moves.contains { $0.receiver == lu && $0.sender == e.luSender && $0.kind == .confrontation })
            #expect(rd.moves.contains { $0.receiver == ie && $0.sender == e.ieSender && $0.kind == .compromise })
            #expect(abs(rd.positions[lu] - e.lu) < 5e-4 && abs(rd.positions[ie] - e.ie) < 5e-4)
            #expect(abs(rd.median - e.median) < 5e-4 && abs(rd.weightedMean - e.mean) < 5e-5)
        }
        #expect(!r.converged)
        #expect(r.cycles == [BDMCycle(actor: lu, period: 2)])
        // Not converged: the forecast is the median averaged over the last 10 rounds.
        let tail = r.rounds.suffix(10).map(\.median)
        #expect(abs(r.forecast - tail.reduce(0, +) / 10) < 1e-12)
        #expect(r.rounds.count == 100)
        // Luxembourg keeps alternating to the end.
        #expect(Set(r.rounds.suffix(10).map { $0.positions[lu] }) == [4, 10])
    }

    /// The jmckibScholz reference trajectory (jmckib's code on the EU case): six rounds of Belgium, Luxembourg and Ireland.
    @Test func euJmckibScholzTrajectory() throws {
        var v = BDMVariants.jmckibScholz
        v.maxRounds = 6
        let r = try BDMModel.run(Self.eu, variants: v)
        let be = Self.index("Belgium"), lu = Self.index("Luxembourg"), ie = Self.index("Ireland")
        let expected: [(be: Double, lu: Double, ie: Double, median: Double, mean: Double)] = [
            (8.416, 7.0, 4.0, 8.416, 7.4613), (9.611, 8.416, 7.0, 9.611, 7.5525),
            (9.962, 9.611, 8.416, 9.962, 7.5901), (4.801, 9.962, 9.611, 9.962, 7.3581),
            (5.524, 4.801, 9.962, 9.962, 7.3492), (7.472, 5.524, 5.524, 7.472, 7.4149),
        ]
        for (t, e) in expected.enumerated() {
            let x = r.rounds[t].positions
            #expect(abs(x[be] - e.be) < 5e-4 && abs(x[lu] - e.lu) < 5e-4 && abs(x[ie] - e.ie) < 5e-4, "round \(t + 1)")
            #expect(abs(r.rounds[t].median - e.median) < 5e-4)
            #expect(abs(r.rounds[t].weightedMean - e.mean) < 5e-5)
        }
        // Round 4: Belgium compromises with the Netherlands (Scholz's compromise rule).
        #expect(r.rounds[3].moves.contains { $0.receiver == be && $0.sender == Self.index("Netherlands") && $0.kind == .compromise })
        #expect(!r.rounds.flatMap(\.moves).contains { $0.kind == .capitulation })
    }

    @Test func switchesBySetting() throws {
        var v = BDMVariants.masad2013
        try v.set("q", "0.5")
        try v.set("offerSelection", "minMoveThenMaxEU")
        try v.set("resistedOffersCompete", "false")
        #expect(v.q == 0.5 && v.offerSelection == .minMoveThenMaxEU && !v.resistedOffersCompete && v.preset == "custom")
        #expect(throws: BargainingError.self) { try v.set("offerSelection", "best") }
        #expect(throws: BargainingError.self) { try v.set("q", "2") }
        #expect(throws: BargainingError.self) { try v.set("nonsense", "1") }
        // Switching masad2013's selection rule off "resisted offers compete" lets Belgium move
        // in round 1 (compromise with France), which the reference trajectory rules out.
        var w = BDMVariants.masad2013
        w.maxRounds = 1
        try w.set("resistedOffersCompete", "false")
        let r = try BDMModel.run(Self.eu, variants: w)
        #expect(r.rounds[0].moves.contains { $0.receiver == Self.index("Belgium") && $0.kind == .compromise })
    }

    /// Every variant runs on the Iran table and keeps positions inside the initial range.
    @Test func iranAllVariantSwitchesRun() throws {
        let iran = try BDMTableReader.read(path: Fixtures.data("bdm-iran-1984.csv"))
        #expect(iran.actorCount == 27)
        var variants: [BDMVariants] = [.masad2013, .jmckibScholz]
        var v = BDMVariants.masad2013
        v.q = 0.5; v.t = 0.8; v.statusQuoTerm = .paper; v.betterWorseDistance = .alterToMedian
        v.riskBaseline = .ownAlternativePositions; v.offerSelection = .minMoveThenMaxEU
        v.probNumerator = .positiveVotesOnly; v.medianRule = .weightedMedian; v.medianRecompute = .perRound
        v.maxRounds = 10
        variants.append(v)
        for v in variants {
            let r = try BDMModel.run(iran, variants: v)
            for rd in r.rounds { #expect(rd.positions.allSatisfy { (0...100).contains($0) }) }
            #expect((0...100).contains(r.forecast))
        }
    }
}
