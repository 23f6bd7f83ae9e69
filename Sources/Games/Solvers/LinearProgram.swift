/// Result of solving a two-player constant-sum game by linear programming.
public struct ConstantSumSolution: Sendable {
    /// Maximin strategies of both players.
    public var profile: MixedProfile<Rational>
    /// Player 1's payoff in every equilibrium (the game's value).
    public var value: Rational
}

public enum LinearProgramSolver {
    /// A Nash equilibrium and the value of a two-player constant-sum strategic game, by the
    /// simplex method in exact arithmetic (Bland's rule, so it cannot cycle). Both strategies
    /// come from one optimal tableau: the column player's from the primal, the row player's
    /// from the dual prices. Guarantee: exact; the result is a vertex of the equilibrium set
    /// and has regret exactly 0. Throws for games that are not constant-sum.
    public static func solve(_ game: NormalFormGame) throws -> ConstantSumSolution {
        guard game.playerCount == 2 else { throw GameError.unsupported("lp needs a two-player game") }
        guard game.isConstantSum else { throw GameError.unsupported("Method only valid for constant-sum games") }
        let m = game.strategyCounts[0], n = game.strategyCounts[1]
        var a = [[Rational]](repeating: [Rational](repeating: .zero, count: n), count: m)
        for i in 0..<m { for j in 0..<n { a[i][j] = game.payoff([i, j], player: 0) } }
        let lo = a.flatMap { $0 }.min()!
        let shift = Rational.one - lo
        a = a.map { $0.map { $0 + shift } }
        // Column player: max Σ w_j s.t. A w ≤ 1, w ≥ 0. Variables w (0..<n), slacks (n..<n+m).
        // Row m is the objective row: reduced costs (-1 for every w at the start).
        var rows = [[Rational]](repeating: [Rational](repeating: .zero, count: n + m), count: m + 1)
        for i in 0..<m { for j in 0..<n { rows[i][j] = a[i][j] }; rows[i][n + i] = .one }
        for j in 0..<n { rows[m][j] = -1 }
        var t = Tableau(rows: rows, rhs: [Rational](repeating: .one, count: m) + [.zero], basis: (0..<m).map { n + $0 } + [-1])
        var pivots = 0
        while true {
            try SolveBudget.check("simplex: \(pivots) pivots")
            pivots += 1
            guard let c = (0..<(n + m)).first(where: { t.sign(m, $0) < 0 }) else { break }
            // Bland: smallest ratio, ties to the smallest basic variable index.
            let cands = t.minRatioRows(column: c, rows: 0..<m)
            guard let r = cands.min(by: { t.basis[$0] < t.basis[$1] }) else { throw GameError.failed("unbounded LP (cannot happen for positive payoffs)") }
            t.pivot(row: r, column: c)
        }
        let total = t.rhs(m)          // optimal Σ w = 1 / (shifted value)
        let v = total.reciprocal
        var y = [Rational](repeating: .zero, count: n)
        for (r, b) in t.basis.enumerated() where b >= 0 && b < n { y[b] = t.rhs(r) * v }
        let x = (0..<m).map { t.coefficient(m, n + $0) * v }
        let profile = MixedProfile([x, y])
        guard game.maxRegret(profile).isZero else { throw GameError.failed("LP solution failed its regret check") }
        return ConstantSumSolution(profile: profile, value: v - shift)
    }

    /// The same for a two-player constant-sum tree: solved on the reduced strategic form and
    /// returned as behaviour strategies (exact; regret exactly 0).
    public static func solve(_ game: ExtensiveGame) throws -> (profile: BehaviorProfile<Rational>, value: Rational) {
        guard game.isConstantSum else { throw GameError.unsupported("Method only valid for constant-sum games") }
        let (nf, strategies) = try game.reducedNormalForm()
        let s = try solve(nf)
        return (game.behavior(from: s.profile, strategies: strategies), s.value)
    }
}
