/// A reduced pure strategy of one player in a tree: an action for each of the player's
/// information sets (in order), or nil where the player's own earlier choices make the set
/// unreachable. Strategies that differ only at such sets are one reduced strategy.
public typealias ReducedStrategy = [Int?]

extension ExtensiveGame {
    /// Player p's reduced strategies in Gambit's order: information sets in order of first
    /// appearance, the first varying slowest, actions in file order; unreachable sets skipped.
    public func reducedStrategies(player p: Int) -> [ReducedStrategy] {
        let mine = playerInfosets[p]
        // For each own set, the own histories of its nodes (as set-number/action pairs).
        let histories: [[[(Int, Int)]]] = mine.map { i in
            infosets[i].nodes.map { n in ownHistory(of: n, player: p).map { (infosets[$0.infoset].number, $0.action) } }
        }
        var result: [ReducedStrategy] = []
        var current = ReducedStrategy(repeating: nil, count: mine.count)
        func go(_ j: Int) {
            if j == mine.count { result.append(current); return }
            let reachable = histories[j].contains { h in h.allSatisfy { current[$0.0] == $0.1 } }
            if reachable {
                for a in 0..<infosets[mine[j]].actions.count { current[j] = a; go(j + 1) }
                current[j] = nil
            } else { go(j + 1) }
        }
        go(0)
        return result
    }

    /// Gambit 16.7's label for a reduced strategy: one action number per set, `*` for unreachable.
    public static func strategyLabel(_ s: ReducedStrategy) -> String {
        s.map { $0.map { String($0 + 1) } ?? "*" }.joined()
    }

    /// The reduced strategic form: one strategy per reduced strategy of each player, payoffs the
    /// exact expected payoffs (chance averaged, outcomes summed along plays).
    public func reducedNormalForm() throws -> (game: NormalFormGame, strategies: [[ReducedStrategy]]) {
        let strategies = (1...playerCount).map { reducedStrategies(player: $0) }
        let counts = strategies.map(\.count)
        let n = playerCount
        let total = counts.reduce(1, *)
        guard total <= 50_000_000 else { throw GameError.unsupported("reduced strategic form has \(total) profiles") }
        var outs: [Outcome] = []
        outs.reserveCapacity(total)
        var choice = [Int](repeating: 0, count: n)
        var pay = [Rational](repeating: .zero, count: n)
        func walk(_ k: Int, _ w: Rational) {
            if let o = nodes[k].outcome { for p in 0..<n { pay[p] += w * outcomes[o].payoffs[p] } }
            guard let i = nodes[k].infoset else { return }
            let s = infosets[i]
            if s.player == 0 {
                for (a, c) in nodes[k].children.enumerated() where !s.probabilities[a].isZero { walk(c, w * s.probabilities[a]) }
            } else {
                let a = strategies[s.player - 1][choice[s.player - 1]][s.number] ?? 0
                walk(nodes[k].children[a], w)
            }
        }
        for _ in 0..<total {
            for p in 0..<n { pay[p] = .zero }
            walk(0, .one)
            outs.append(Outcome(payoffs: pay))
            NormalFormGame.advance(&choice, counts)
        }
        let labels = strategies.map { $0.map(ExtensiveGame.strategyLabel) }
        let g = try NormalFormGame(title: title, comment: comment, players: players, strategies: labels,
                                   outcomes: outs, cells: (0..<total).map { Optional($0) })
        return (g, strategies)
    }

    /// Behaviour strategies equivalent to a mixed profile over reduced strategies (Kuhn):
    /// the conditional probability of each action given the set is not excluded by the
    /// player's own play. Sets the mixture never reaches get the uniform distribution.
    public func behavior<T: GameNumber>(from mixed: MixedProfile<T>, strategies: [[ReducedStrategy]]) -> BehaviorProfile<T> {
        BehaviorProfile((1...playerCount).map { p in
            playerInfosets[p].enumerated().map { j, i in
                let m = infosets[i].actions.count
                var w = [T](repeating: .zero, count: m)
                var tot = T.zero
                for (k, s) in strategies[p - 1].enumerated() {
                    if let a = s[j] { w[a] += mixed.probabilities[p - 1][k]; tot += mixed.probabilities[p - 1][k] }
                }
                if tot == .zero { return [T](repeating: T.one / T(m), count: m) }
                return w.map { $0 / tot }
            }
        })
    }

    /// The mixed profile over reduced strategies that a behaviour profile induces (perfect recall).
    public func mixed<T: GameNumber>(from behavior: BehaviorProfile<T>, strategies: [[ReducedStrategy]]) -> MixedProfile<T> {
        MixedProfile((1...playerCount).map { p in
            strategies[p - 1].map { s in
                var w = T.one
                for (j, a) in s.enumerated() { if let a { w = w * behavior.probabilities[p - 1][j][a] } }
                return w
            }
        })
    }
}
