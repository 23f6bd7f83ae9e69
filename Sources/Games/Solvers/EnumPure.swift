/// Pure-strategy equilibria by enumeration.
public enum EnumPure {
    /// Every pure-strategy Nash equilibrium of a strategic game with any number of players,
    /// in Gambit's profile order. Exact and complete: each profile is checked against every
    /// unilateral pure deviation in exact arithmetic.
    public static func solve(_ game: NormalFormGame) throws -> [[Int]] {
        let n = game.playerCount, counts = game.strategyCounts, t = game.payoffTable
        var result: [[Int]] = []
        var profile = [Int](repeating: 0, count: n)
        for k in 0..<game.profileCount {
            if k & 1023 == 0 { try SolveBudget.check("\(k) of \(game.profileCount) profiles checked") }
            var ok = true
            for p in 0..<n where ok {
                let own = t[k * n + p]
                let base = k - profile[p] * game.strides[p]
                for s in 0..<counts[p] where s != profile[p] {
                    if t[(base + s * game.strides[p]) * n + p] > own { ok = false; break }
                }
            }
            if ok { result.append(profile) }
            NormalFormGame.advance(&profile, counts)
        }
        return result
    }

    /// Every pure Nash equilibrium of a tree, over reduced strategies, as mixed profiles.
    /// The payoff of each pure profile comes from walking only the play it induces (chance
    /// branches), so a tree such as Monty Hall (6,144 profiles) takes milliseconds. Exact, complete.
    public static func solve(_ game: ExtensiveGame) throws -> (equilibria: [MixedProfile<Rational>], strategies: [[ReducedStrategy]]) {
        let (nf, strategies) = try game.reducedNormalForm()
        let eqs = try solve(nf).map { MixedProfile<Rational>.pure($0, counts: nf.strategyCounts) }
        return (eqs, strategies)
    }

    /// Every pure agent-form equilibrium of a tree: behaviour profiles in which no single
    /// information set's agent gains (ex ante) by switching actions. These need not be Nash
    /// equilibria. Exact and complete; profiles in order with the last information set varying fastest
    /// in each player's list and player 1 slowest.
    public static func solveAgent(_ game: ExtensiveGame, limit: Int = 5_000_000) throws -> [BehaviorProfile<Rational>] {
        let sets = (1...game.playerCount).flatMap { p in game.playerInfosets[p].map { (p, game.infosets[$0].number, game.infosets[$0].actions.count) } }
        let total = sets.reduce(1) { saturatingProduct($0, $1.2) }
        guard total <= limit else {
            let exact = sets.reduce(1.0) { $0 * Double($1.2) }
            throw GameError.tooLarge("\(total == .max ? String(format: "%.3g", exact) : String(total)) pure behaviour profiles, more than the limit of \(limit)")
        }
        var choice = [Int](repeating: 0, count: sets.count)
        var out: [BehaviorProfile<Rational>] = []
        for k in 0..<total {
            if k & 63 == 0 { try SolveBudget.check("\(k) of \(total) pure behaviour profiles checked, \(out.count) equilibria") }
            var probs = (1...game.playerCount).map { p in game.actionCounts(player: p).map { [Rational](repeating: .zero, count: $0) } }
            for (k, s) in sets.enumerated() { probs[s.0 - 1][s.1][choice[k]] = .one }
            let profile = BehaviorProfile(probs)
            if game.agentRegrets(profile).allSatisfy({ $0.isZero }) { out.append(profile) }
            // Odometer with the last set fastest.
            var k = sets.count - 1
            while k >= 0 { choice[k] += 1; if choice[k] < sets[k].2 { break }; choice[k] = 0; k -= 1 }
        }
        return out
    }
}
