import Testing
import Foundation
@testable import Games

/// Reference equilibrium sets as canonical strings (exact rationals), order-insensitive.
func referenceSet(_ game: String, _ solver: String) -> Set<String>? {
    guard let row = Reference.row(game, solver), row.count != nil else { return nil }
    if solver.hasSuffix("/behavior") { return Set(row.equilibria.map { BehaviorProfile(parseBehavior($0)).description }) }
    return Set(row.equilibria.map { MixedProfile(parseMixed($0)).description })
}

@Suite struct ExactSolverTests {
    static let normalGames = Reference.sampleNames.filter { $0.hasSuffix(".nfg") }
    static let trees = Reference.sampleNames.filter { $0.hasSuffix(".efg") }

    @Test(arguments: normalGames) func enumPureMatchesGambitOnNormalForms(_ name: String) throws {
        let g = try Reference.nfg(name)
        let ours = try EnumPure.solve(g).map { MixedProfile<Rational>.pure($0, counts: g.strategyCounts) }
        for e in ours { #expect(g.maxRegret(e).isZero) }
        #expect(Set(ours.map(\.description)) == referenceSet(name, "enumpure/strategy"))
    }

    @Test(arguments: trees) func enumPureMatchesGambitOnTrees(_ name: String) throws {
        let g = try Reference.efg(name)
        let (eqs, strategies) = try EnumPure.solve(g)
        let (nf, _) = try g.reducedNormalForm()
        for e in eqs {
            #expect(nf.maxRegret(e).isZero)
            #expect(g.maxRegret(g.behavior(from: e, strategies: strategies)).isZero)
        }
        if let ref = referenceSet(name, "enumpure/strategy") { #expect(Set(eqs.map(\.description)) == ref) }
        else { #expect(name == "montyhal.efg") }
    }

    @Test(arguments: trees) func agentEnumPureMatchesGambit(_ name: String) throws {
        let g = try Reference.efg(name)
        guard name != "montyhal.efg" else { return }  // 2^16·3^… profiles; Gambit timed out too
        let eqs = try EnumPure.solveAgent(g)
        for e in eqs { #expect(g.agentRegrets(e).allSatisfy { $0.isZero }) }
        if name == "holdout7.efg" {
            let text = try String(contentsOfFile: Reference.path("reference_large/holdout7.efg.enumpure_agent.txt"), encoding: .utf8)
            let ref = Set(text.split(separator: "\n").filter { $0.hasPrefix("[") }.map { BehaviorProfile(parseBehavior(String($0))).description })
            #expect(Set(eqs.map(\.description)) == ref)
        } else {
            #expect(Set(eqs.map(\.description)) == referenceSet(name, "enumpure_agent/behavior"))
        }
    }

    @Test func badgameAgentEquilibriumIsNotNash() throws {
        let g = try Reference.efg("badgame1.efg")
        let eqs = try EnumPure.solveAgent(g)
        #expect(eqs.map { g.maxRegret($0) }.max() == 98)
    }

    static let twoPlayer: [String] = normalGames.filter { (try? Reference.nfg($0).playerCount) == 2 }
        + trees.filter { (try? Reference.efg($0).playerCount) == 2 && $0 != "montyhal.efg" }

    @Test(arguments: twoPlayer) func enumMixedMatchesGambit(_ name: String) throws {
        let (nf, _) = try strategic(name)
        let eqs = try EnumMixed.solve(nf)
        for e in eqs { #expect(nf.maxRegret(e).isZero) }
        #expect(Set(eqs.map(\.description)) == referenceSet(name, "enummixed/strategy"))
    }

    @Test(arguments: twoPlayer) func lemkeHowsonFindsExactEquilibria(_ name: String) throws {
        let (nf, isTree) = try strategic(name)
        let eqs = try LemkeHowson.solve(nf)
        #expect(!eqs.isEmpty)
        for e in eqs { #expect(nf.maxRegret(e).isZero) }
        let ref = referenceSet(name, isTree ? "lcp_strategic/strategy" : "lcp/strategy")
        if let ref, !isTree, !["winkels.nfg", "csg1.nfg"].contains(name) {
            // Non-degenerate games: the reachable set is determined; compare exactly. (Reduced forms of trees are degenerate: which equilibria are reached depends on tie-breaking.)
            #expect(Set(eqs.map(\.description)) == ref, "\(name)")
        }
        let first = try LemkeHowson.solve(nf, all: false)
        #expect(first.count == 1 && nf.maxRegret(first[0]).isZero)
    }

    func strategic(_ name: String) throws -> (NormalFormGame, Bool) {
        switch try Reference.game(name) {
        case .normal(let g): return (g, false)
        case .extensive(let g): return (try g.reducedNormalForm().game, true)
        }
    }
}

@Suite struct SequenceFormAndLPTests {
    static let twoPlayerTrees = ExactSolverTests.trees.filter { (try? Reference.efg($0).playerCount) == 2 }

    @Test(arguments: twoPlayerTrees) func sequenceFormLemkeIsExactEquilibrium(_ name: String) throws {
        let g = try Reference.efg(name)
        let eq = try SequenceFormLCP.solve(g)
        #expect(g.maxRegret(eq).isZero, "\(name): \(eq)")
    }

    @Test func pokerMatchesGambitAndMyerson() throws {
        let g = try Reference.efg("poker.efg")
        let eq = try SequenceFormLCP.solve(g)
        // Unique equilibrium: raise with the King, bluff 1/3 with the Queen, Bob meets 2/3.
        #expect(eq.description == "[[[1,0],[1/3,2/3]],[[2/3,1/3]]]")
        let lp = try LinearProgramSolver.solve(g)
        #expect(g.maxRegret(lp.profile).isZero)
        #expect(lp.value == g.expectedPayoffs(eq)[0])
    }

    @Test func constantSumLP() throws {
        let g = try Reference.nfg("csg1.nfg")
        let s = try LinearProgramSolver.solve(g)
        #expect(g.maxRegret(s.profile).isZero)
        let ref = referenceSet("csg1.nfg", "lp/strategy")!
        let refProfile = MixedProfile(parseMixed(ref.first!))
        #expect(g.expectedPayoffs(refProfile)[0] == s.value)
        #expect(throws: GameError.self) { try LinearProgramSolver.solve(try Reference.nfg("pd.nfg")) }
    }

    /// Matching pennies: value 0, both mix 1/2.
    @Test func matchingPennies() throws {
        let g = try NormalFormGame.bimatrix([[1, -1], [-1, 1]], [[-1, 1], [1, -1]])
        let s = try LinearProgramSolver.solve(g)
        #expect(s.value == 0 && s.profile.description == "[[1/2,1/2],[1/2,1/2]]")
    }
}

@Suite struct SubgamePerfectTests {
    /// On perfect-information trees, backward induction's equilibria are subgame perfect: every
    /// subgame's restriction has regret exactly 0. Gambit's enumpure Nash set contains them.
    @Test(arguments: ["cent6.efg", "badgame1.efg", "selten1975_fig2.efg"]) func backwardInductionIsSubgamePerfect(_ name: String) throws {
        let g = try Reference.efg(name)
        let (all, truncated) = try BackwardInduction.solveAll(g)
        #expect(!truncated && !all.isEmpty)
        for e in all {
            #expect(g.maxRegret(e.profile).isZero)
            for r in g.subgameRoots() {
                let (sub, _, map) = try g.subgame(at: r)
                let restricted = BehaviorProfile<Rational>((1...g.playerCount).map { p in sub.playerInfosets[p].map { j in
                    let o = g.infosets[map[j]]
                    return e.profile.probabilities[o.player - 1][o.number]
                } })
                #expect(sub.maxRegret(restricted).isZero, "\(name) subgame at \(r)")
            }
            #expect(e.payoffs == g.expectedPayoffs(e.profile))
        }
        let one = try BackwardInduction.solve(g)
        #expect(all.contains(one))
    }

    /// Centipede: the unique SPE stops at once (Gambit's unique pure Nash outcome).
    @Test func centipedeStopsImmediately() throws {
        let g = try Reference.efg("cent6.efg")
        let (all, _) = try BackwardInduction.solveAll(g)
        #expect(all.count == 1)
        #expect(all[0].path.count == 2)   // root, then the terminal node after "take"
    }

    /// Ties: a mover indifferent between two actions gives two equilibria.
    @Test func tiesGiveEveryEquilibrium() throws {
        let g = try ExtensiveGame(players: ["A", "B"], tree: .decision(player: 1, actions: [
            ("l", .decision(player: 2, actions: [("x", .leaf([1, 1])), ("y", .leaf([0, 1]))])),
            ("r", .leaf([1, 0])),
        ]))
        let (all, _) = try BackwardInduction.solveAll(g)
        // B indifferent (x, y); after x A is indifferent (l, r): (l,x), (r,x), (r,y).
        #expect(all.count == 3)
        #expect(Set(all.map(\.profile.description)) == ["[[[1,0]],[[1,0]]]", "[[[0,1]],[[1,0]]]", "[[[0,1]],[[0,1]]]"])
    }

    @Test(arguments: ["e13.efg", "vd.efg", "e17.efg", "entry_accommodation.efg", "holdout7.efg", "poker.efg"])
    func bottomUpSPEIsNashInEverySubgame(_ name: String) throws {
        let g = try Reference.efg(name)
        let eq = try SubgamePerfect.solveExact(g)
        #expect(g.maxRegret(eq).isZero)
        for r in g.subgameRoots() {
            let (sub, _, map) = try g.subgame(at: r)
            let restricted = BehaviorProfile<Rational>((1...g.playerCount).map { p in sub.playerInfosets[p].map { j in
                let o = g.infosets[map[j]]
                return eq.probabilities[o.player - 1][o.number]
            } })
            #expect(sub.maxRegret(restricted).isZero, "\(name) subgame at \(r)")
        }
    }

    @Test func logitSPEOnThreePlayers() throws {
        let g = try Reference.efg("e05.efg")
        let eq = try SubgamePerfect.solveLogit(g)
        #expect(g.maxRegret(eq) <= 1e-6 * g.payoffRange.doubleValue)
    }
}
