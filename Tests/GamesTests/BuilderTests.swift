import Testing
import Foundation
@testable import Games

/// The programmatic path the crisis runner uses: build a tree in code with double payoffs and
/// chance, solve by backward induction, read the path and utilities, write .efg.
@Suite struct BuilderTests {
    /// Entry deterrence with a chance move on the incumbent's cost (low 1/4, high 3/4), solved
    /// by hand in `backwardInductionPathAndUtilities`.
    static func game() throws -> ExtensiveGame {
        func incumbent(_ fight: [Double], _ accommodate: [Double]) -> GameTree {
            .decision(player: 2, actions: [("fight", .leaf(fight)), ("accommodate", .leaf(accommodate))])
        }
        return try ExtensiveGame(title: "Entry", players: ["Entrant", "Incumbent"], tree:
            .nature("cost", [
                ("low", 0.25, .decision(player: 1, actions: [("out", .leaf([0, 4])), ("in", incumbent([-1, 2], [1, 1]))])),
                ("high", 0.75, .decision(player: 1, actions: [("out", .leaf([0, 4])), ("in", incumbent([-1, -1], [1.5, 0.5]))])),
            ]))
    }

    @Test func backwardInductionPathAndUtilities() throws {
        let g = try Self.game()
        let eq = try BackwardInduction.solve(g)
        // Low cost: incumbent fights (2 > 1), so entrant stays out (0 > −1). High: accommodates, entrant enters.
        #expect(eq.payoffs == [Rational(9, 8), Rational(1) + Rational(3, 8)])
        #expect(eq.payoffsDouble == [1.125, 1.375])
        let chosen = eq.path.compactMap(\.action)
        #expect(chosen == ["out", "in", "accommodate"])
        #expect(eq.path.first!.probability == 1)
        #expect(eq.path.last!.probability == Rational(3, 4))
        #expect(g.maxRegret(eq.profile).isZero)
        // Written and read back, the same game.
        #expect(try ExtensiveGame(efg: g.efgText()) == g)
    }

    @Test func logitOnImperfectInformation() throws {
        // The entrant does not see the cost: one information set over both decision nodes.
        let inc = { (f: [Double], a: [Double]) -> GameTree in .decision(player: 2, actions: [("fight", .leaf(f)), ("accommodate", .leaf(a))]) }
        let g = try ExtensiveGame(players: ["Entrant", "Incumbent"], tree: .nature("cost", [
            ("low", 0.25, .decision(player: 1, infoset: "E", actions: [("out", .leaf([0, 4])), ("in", inc([-1, 2], [1, 1]))])),
            ("high", 0.75, .decision(player: 1, infoset: "E", actions: [("out", .leaf([0, 4])), ("in", inc([-1, -1], [1.5, 0.5]))])),
        ]))
        #expect(!g.isPerfectInformation)
        #expect(throws: GameError.self) { try BackwardInduction.solve(g) }
        let q = try LogitQRE.solve(g, options: LogitOptions(targetLambda: 2))
        #expect(q.lambda == 2)
        let limit = try LogitQRE.solve(g)
        #expect(limit.maxRegret <= 1e-8 * g.payoffRange.doubleValue)
        // Entering pays 0.25·(−1) + 0.75·1.5 = 0.875 > 0: the entrant enters.
        #expect(limit.profile.probabilities[0][0][1] > 0.999)
        let spe = try SubgamePerfect.solveExact(g)
        #expect(g.maxRegret(spe).isZero)
    }

    @Test func mismatchedInformationSetIsRejected() {
        #expect(throws: GameError.self) {
            try ExtensiveGame(players: ["A"], tree: .nature("c", [
                ("x", 0.5, .decision(player: 1, infoset: "I", actions: [("a", .leaf([0])), ("b", .leaf([1]))])),
                ("y", 0.5, .decision(player: 1, infoset: "I", actions: [("a", .leaf([0]))])),
            ]))
        }
        #expect(throws: GameError.self) { try ExtensiveGame(players: ["A"], tree: .nature("c", [("x", 0.5, .leaf([0])), ("y", 0.6, .leaf([1]))])) }
    }
}
