/// A reduced pure strategy of one player in a tree: an action for each of the player's
/// information sets (in order), or nil where the player's own earlier choices make the set
/// unreachable. Strategies that differ only at such sets are one reduced strategy.
public typealias ReducedStrategy = [Int?]

extension ExtensiveGame {
    /// Player p's reduced strategies in Gambit's order: information sets in order of first
    /// appearance, the first varying slowest, actions in file order; unreachable sets skipped.
    /// Unbounded: `reducedStrategyCount(player:)` says how many there are first.
    public func reducedStrategies(player p: Int) -> [ReducedStrategy] {
        (try? reducedStrategies(player: p, limit: .max)) ?? []
    }

    /// How many reduced strategies player p has, computed without listing them (saturating at
    /// `Int.max`). With perfect recall a player's sets form a tree of sequences: the strategies
    /// below a sequence are the product over the sets it leads to of the sum over their actions.
    /// Without perfect recall they are counted by listing, stopping past `cap`.
    public func reducedStrategyCount(player p: Int, cap: Int = .max) throws -> Int {
        let mine = playerInfosets[p]
        guard hasPerfectRecall else { return try reducedStrategies(player: p, limit: cap)?.count ?? (cap == .max ? .max : cap + 1) }
        // product[j][a]: strategies below sequence (j, a); root: below the empty sequence.
        var product = mine.map { [Int](repeating: 1, count: infosets[$0].actions.count) }
        var root = 1
        for j in stride(from: mine.count - 1, through: 0, by: -1) {
            let sum = product[j].reduce(0) { $0.addingReportingOverflow($1).overflow ? .max : $0 + $1 }
            if let up = parentMove[mine[j]] {
                let q = infosets[up.infoset].number
                product[q][up.action] = saturatingProduct(product[q][up.action], sum)
            } else {
                root = saturatingProduct(root, sum)
            }
        }
        return root
    }

    /// Player p's reduced strategies, or nil when there are more than `limit`. Listed by an
    /// iterative depth-first walk over the player's sets (a deep tree has thousands), so no
    /// recursion; with perfect recall a set is reachable when its parent move is chosen,
    /// otherwise when one of its nodes' own histories agrees with the choices so far.
    func reducedStrategies(player p: Int, limit: Int) throws -> [ReducedStrategy]? {
        let mine = playerInfosets[p]
        let m = mine.count
        var result: [ReducedStrategy] = []
        var current = ReducedStrategy(repeating: nil, count: m)
        func reachable(_ j: Int) -> Bool {
            let s = infosets[mine[j]]
            if hasPerfectRecall {
                guard let up = parentMove[mine[j]] else { return true }
                return current[infosets[up.infoset].number] == up.action
            }
            return s.nodes.contains { n in
                var c = n
                while let par = nodes[c].parent {
                    if let i = nodes[par].infoset, infosets[i].player == p, current[infosets[i].number] != nodes[c].actionFromParent { return false }
                    c = par
                }
                return true
            }
        }
        // tried[j]: the action set j is on (-1: skipped as unreachable; nil: not entered yet).
        var tried = [Int?](repeating: nil, count: m + 1)
        var j = 0
        while j >= 0 {
            if j == m {
                result.append(current)
                if result.count > limit { return nil }
                try SolveBudget.check("\(result.count) reduced strategies of player \(p) listed")
                j -= 1
                continue
            }
            if let t = tried[j] {
                if t >= 0 && t + 1 < infosets[mine[j]].actions.count {
                    tried[j] = t + 1; current[j] = t + 1; j += 1
                } else {
                    tried[j] = nil; current[j] = nil; j -= 1
                }
            } else if reachable(j) {
                tried[j] = 0; current[j] = 0; j += 1
            } else {
                tried[j] = -1; j += 1
            }
        }
        return result
    }

    /// Gambit 16.7's label for a reduced strategy: one action number per set, `*` for unreachable.
    public static func strategyLabel(_ s: ReducedStrategy) -> String {
        s.map { $0.map { String($0 + 1) } ?? "*" }.joined()
    }

    /// The number of profiles of the reduced strategic form (saturating), without building it.
    public func reducedProfileCount() throws -> Int {
        var total = 1
        for p in 1...playerCount {
            total = saturatingProduct(total, try reducedStrategyCount(player: p, cap: NormalFormGame.maxProfiles))
        }
        return total
    }

    /// The reduced strategic form: one strategy per reduced strategy of each player, payoffs the
    /// exact expected payoffs (chance averaged, outcomes summed along plays). Refused, before
    /// anything is built, beyond the `.nfg` reader's own limit of `NormalFormGame.maxProfiles`.
    public func reducedNormalForm() throws -> (game: NormalFormGame, strategies: [[ReducedStrategy]]) {
        let total = try reducedProfileCount()
        guard total <= NormalFormGame.maxProfiles else {
            let counts = try (1...playerCount).map { try reducedStrategyCount(player: $0, cap: NormalFormGame.maxProfiles) }
            let shown = counts.map { $0 > NormalFormGame.maxProfiles && !hasPerfectRecall ? "over \(NormalFormGame.maxProfiles)" : String($0) }
            throw GameError.tooLarge("the reduced strategic form would have \(shown.joined(separator: " × ")) strategies, more than the \(NormalFormGame.maxProfiles) profiles the .nfg reader accepts")
        }
        let strategies = try (1...playerCount).map { try reducedStrategies(player: $0, limit: NormalFormGame.maxProfiles)! }
        let counts = strategies.map(\.count)
        let n = playerCount
        var outs: [Outcome] = []
        outs.reserveCapacity(total)
        var choice = [Int](repeating: 0, count: n)
        var pay = [Rational](repeating: .zero, count: n)
        var stack: [(node: Int, weight: Rational)] = []
        for k in 0..<total {
            if k & 255 == 0 { try SolveBudget.check("reduced strategic form: \(k) of \(total) profiles") }
            for p in 0..<n { pay[p] = .zero }
            // The plays this profile induces: every chance branch, each player's chosen action.
            stack.append((0, .one))
            while let (node, w) = stack.popLast() {
                if let o = nodes[node].outcome { for p in 0..<n { pay[p] += w * outcomes[o].payoffs[p] } }
                guard let i = nodes[node].infoset else { continue }
                let s = infosets[i]
                if s.player == 0 {
                    for (a, c) in nodes[node].children.enumerated().reversed() where !s.probabilities[a].isZero {
                        stack.append((c, w * s.probabilities[a]))
                    }
                } else {
                    let a = strategies[s.player - 1][choice[s.player - 1]][s.number] ?? 0
                    stack.append((nodes[node].children[a], w))
                }
            }
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

/// a × b, or `Int.max` when it overflows (sizes compared against limits, never used as counts past them).
func saturatingProduct(_ a: Int, _ b: Int) -> Int {
    let (r, o) = a.multipliedReportingOverflow(by: b)
    return o ? .max : r
}
