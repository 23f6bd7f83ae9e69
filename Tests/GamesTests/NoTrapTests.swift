import Testing
import Foundation
@testable import Games

/// Every method on every sample game and on generated degenerate games (ties, zero payoffs,
/// dominated actions, single-action players, players who never move, one player): each call
/// returns profiles that are equilibria by the method's own guarantee, or throws a `GameError`
/// naming the method and why, within a time budget. A trap ends the whole test run.
@Suite struct NoTrapTests {
    /// Short: a debug build under load; what is checked is that the budget is honoured.
    static let budget = 1.0
    /// The budget plus slack for a loaded machine: a solver that ignores the budget exceeds it.
    static let bound = 30.0

    static let samples: [String] = Reference.sampleNames.map { "games/" + $0 }
        + ["examples/deterrence.efg", "examples/alliance_payoff.nfg", "examples/holdfold_outcome.nfg"].map { "games/" + $0 }

    static func game(_ name: String) throws -> AnyGame {
        if let g = try degenerate[name]?() { return g }
        return try AnyGame.read(path: Reference.path(name))
    }

    static func zeros(_ m: Int, _ n: Int) -> [[Rational]] { Array(repeating: Array(repeating: .zero, count: n), count: m) }

    /// Degenerate games built in code, by name.
    static let degenerate: [String: @Sendable () throws -> AnyGame] = [
        "all-zero 2x2": { .normal(try .bimatrix(zeros(2, 2), zeros(2, 2))) },
        "column ties 3x3": { .normal(try .bimatrix([[1, 1, 0], [1, 1, 2], [1, 1, 1]], [[0, 0, 0], [1, 1, 1], [2, 2, 2]])) },
        "dominated 3x3": { .normal(try .bimatrix([[3, 2, 1], [1, 0, -1], [2, 3, 0]], [[2, 1, 0], [1, 3, -2], [0, 2, -1]])) },
        "single strategy 1x3": { .normal(try .bimatrix([[1, 2, 3]], [[3, 3, 1]])) },
        "single strategy 1x1": { .normal(try .bimatrix([[5]], [[-5]])) },
        "three players 1x2x1": { .normal(try NormalFormGame(players: ["a", "b", "c"], strategies: [["x"], ["l", "r"], ["y"]]) { s in
            [Rational(s[1]), 1, Rational(-s[1])] }) },
        "three players all-zero 2x2x2": { .normal(try NormalFormGame(players: ["a", "b", "c"], strategies: [["0", "1"], ["0", "1"], ["0", "1"]]) { _ in
            [.zero, .zero, .zero] }) },
        "one player 3": { .normal(try NormalFormGame(players: ["solo"], strategies: [["a", "b", "c"]]) { s in [s[0] == 2 ? 1 : 2] }) },
        "tree all-zero": { .extensive(try ExtensiveGame(players: ["A", "B"], tree: .decision(player: 1, actions: [
            ("l", .decision(player: 2, infoset: "h", actions: [("x", .leaf([0, 0])), ("y", .leaf([0, 0]))])),
            ("r", .decision(player: 2, infoset: "h", actions: [("x", .leaf([0, 0])), ("y", .leaf([0, 0]))])),
        ]))) },
        "tree one player and chance": { .extensive(try ExtensiveGame(players: ["A"], tree: .nature("c", [
            ("u", 0.5, .decision(player: 1, infoset: "i", actions: [("a", .leaf([1])), ("b", .leaf([1]))])),
            ("d", 0.5, .decision(player: 1, infoset: "i", actions: [("a", .leaf([0])), ("b", .leaf([2]))])),
        ]))) },
        "tree player who never moves": { .extensive(try ExtensiveGame(players: ["A", "B"], tree: .decision(player: 1, actions: [
            ("a", .leaf([1, 0])), ("b", .leaf([1, 3])),
        ]))) },
        "tree single-action sets": { .extensive(try ExtensiveGame(players: ["A", "B"], tree: .decision(player: 1, actions: [
            ("only", .decision(player: 2, actions: [("only", .leaf([2, -1]))])),
        ]))) },
        "tree zero-probability chance and inner outcomes": { .extensive(try ExtensiveGame(players: ["A", "B"], tree: .chance(label: "c", actions: [
            ("never", .zero, .decision(player: 1, infoset: "i", actions: [("a", .leaf([9, 9])), ("b", .leaf([-9, 9]))])),
            ("always", .one, .decision(player: 1, infoset: "i", actions: [
                ("a", .decision(player: 2, actions: [("x", .leaf([0, 1])), ("y", .leaf([1, 0]))], payoffs: [1, 1])),
                ("b", .leaf([1, 1])),
            ])),
        ]))) },
        "tree chain with ties": { .extensive(try ExtensiveGame(players: ["A", "B"], tree: chain(12))) },
    ]

    /// A perfect-information chain of `n` moves, players alternating: end (payoffs tied) or go on.
    static func chain(_ n: Int) -> GameTree {
        var tree = GameTree.leaf([1, 1])
        for i in stride(from: n - 1, through: 0, by: -1) {
            tree = .decision(player: 1 + i % 2, actions: [("end", .leaf([Double(i % 2), Double(i % 2)])), ("go", tree)])
        }
        return tree
    }

    static let names = samples + degenerate.keys.sorted()

    @Test(arguments: names) func everyMethodAnswersOrSaysWhy(_ name: String) throws {
        let game = try Self.game(name)
        for method in SolveMethod.allCases {
            let options = SolveOptions(maxSeconds: Self.budget)
            // Solving, then solving and formatting (payoffs and regrets), each within the bound.
            for formatted in [false, true] {
                let t0 = Date()
                do {
                    if formatted { _ = try Solve.run(game, method: method, options: options); continue }
                    let r = try Solve.solve(game, method: method, options: options)
                    #expect(Date().timeIntervalSince(t0) < Self.bound, "\(name) \(method.rawValue) took \(Date().timeIntervalSince(t0)) s")
                    try checkRegrets(game, r, options, "\(name) \(method.rawValue)")
                } catch let e as GameError {
                    #expect(e.description.hasPrefix("\(method.rawValue): "), "\(name): \(e)")
                }
                #expect(formatted == false || Date().timeIntervalSince(t0) < Self.bound, "\(name) \(method.rawValue) report took \(Date().timeIntervalSince(t0)) s")
            }
        }
    }

    /// Exact profiles have regret exactly 0 (agent-form regret for agent-form methods); floating
    /// ones are within the relative tolerance. The first 20 of each list (the exact methods' full
    /// lists are compared with Gambit's in ExactSolverTests).
    func checkRegrets(_ game: AnyGame, _ r: SolveResult, _ o: SolveOptions, _ what: String) throws {
        for p in r.profiles.prefix(20) {
            switch (p, game) {
            case (.mixed(let m), _):
                // Exact methods give exact equilibria; simpdiv, exact grid points within tolerance.
                let g = r.strategicForm!
                if r.exact { #expect(g.maxRegret(m).isZero, "\(what): \(m)") }
                else { #expect(g.maxRegret(m).doubleValue <= o.maxRegret * g.payoffRange.doubleValue, "\(what): \(m)") }
            case (.mixedApprox(let m), _):
                let g = r.strategicForm!
                #expect(g.maxRegret(m) <= o.maxRegret * g.payoffRange.doubleValue, "\(what): \(m)")
            case (.behavior(let b), .extensive(let g)):
                if r.agentForm { #expect(g.agentRegrets(b).allSatisfy { $0.isZero }, "\(what): \(b)") }
                else { #expect(g.maxRegret(b).isZero, "\(what): \(b)") }
            case (.behaviorApprox(let b), .extensive(let g)):
                let tol = o.maxRegret * g.payoffRange.doubleValue
                if r.agentForm { #expect(g.agentRegrets(b).allSatisfy { $0 <= tol }, "\(what): \(b)") }
                else { #expect(g.maxRegret(b) <= tol, "\(what): \(b)") }
            default:
                Issue.record("\(what): a behaviour profile for a strategic game")
            }
        }
    }
}
