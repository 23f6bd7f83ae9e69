/// A subgame-perfect equilibrium of a perfect-information tree, as backward induction finds it.
public struct SubgamePerfectEquilibrium: Sendable, Hashable {
    /// The equilibrium strategies (pure at every information set).
    public var profile: BehaviorProfile<Rational>
    /// Each player's expected payoff, exact.
    public var payoffs: [Rational]
    /// The equilibrium play: every node reached with positive probability, in preorder,
    /// with its reach probability and (for decision nodes) the action taken.
    public var path: [PathStep]

    public var payoffsDouble: [Double] { payoffs.map(\.doubleValue) }
}

/// One node on the equilibrium path.
public struct PathStep: Sendable, Hashable {
    public var node: Int
    public var label: String
    /// 0 for chance, 1...n for players, nil for a terminal node.
    public var player: Int?
    /// The action label chosen (players) — nil at chance and terminal nodes, whose branches all continue.
    public var action: String?
    public var actionIndex: Int?
    /// Probability the play reaches this node (chance only makes it less than 1).
    public var probability: Rational
}

public enum BackwardInduction {
    /// All subgame-perfect equilibria of a perfect-information game (every information set a
    /// single node), by backward induction in exact arithmetic. When a mover is indifferent
    /// between actions, each optimal action yields its own equilibrium, and every combination of
    /// such choices across the tree is listed (up to `limit`, and to 5,000,000 stored choices in all;
    /// `truncated` is set if more exist).
    /// Guarantee: exact; complete when not truncated; each result has Nash regret exactly 0 in
    /// every subgame.
    public static func solveAll(_ game: ExtensiveGame, limit: Int = 10_000) throws -> (equilibria: [SubgamePerfectEquilibrium], truncated: Bool) {
        guard game.isPerfectInformation else {
            throw GameError.unsupported("backward induction needs perfect information (use --method spe for imperfect information)")
        }
        var truncated = false
        // Every listed equilibrium holds a choice per decision node: the list is also bounded in memory.
        let decisionNodes = game.nodes.reduce(0) { $0 + ($1.children.isEmpty ? 0 : 1) }
        let limit = min(limit, max(1, 5_000_000 / max(1, decisionNodes)))
        // A partial solution: chosen action per decision node in the subtree, and the subtree's value.
        struct Partial { var choices: [(Int, Int)]; var value: [Rational] }
        let n = game.playerCount
        var memo = [[Partial]?](repeating: nil, count: game.nodes.count)
        for k in stride(from: game.nodes.count - 1, through: 0, by: -1) {
            let own = game.nodePayoffs[k]
            let node = game.nodes[k]
            guard let i = node.infoset else { memo[k] = [Partial(choices: [], value: own)]; continue }
            let s = game.infosets[i]
            try SolveBudget.check("backward induction: node \(k)")
            // Cartesian product of the children's solutions.
            var combos: [[Int]] = [[]]
            for c in node.children {
                var next: [[Int]] = []
                for combo in combos {
                    for j in 0..<memo[c]!.count {
                        next.append(combo + [j])
                        if next.count > limit { truncated = true; break }
                    }
                    if next.count > limit { break }
                }
                combos = next
            }
            var out: [Partial] = []
            for combo in combos {
                let kids = combo.enumerated().map { memo[node.children[$0.offset]]![$0.element] }
                let childChoices = kids.flatMap(\.choices)
                if s.player == 0 {
                    var v = own
                    for (a, kid) in kids.enumerated() where !s.probabilities[a].isZero {
                        for p in 0..<n { v[p] += s.probabilities[a] * kid.value[p] }
                    }
                    out.append(Partial(choices: childChoices, value: v))
                } else {
                    let mover = s.player - 1
                    let best = kids.map { $0.value[mover] }.max()!
                    for (a, kid) in kids.enumerated() where kid.value[mover] == best {
                        var v = own
                        for p in 0..<n { v[p] += kid.value[p] }
                        out.append(Partial(choices: childChoices + [(k, a)], value: v))
                        if out.count >= limit { truncated = true; break }
                    }
                }
                if out.count >= limit { break }
            }
            memo[k] = out
            for c in node.children { memo[c] = nil }
        }
        let results = memo[0]!.map { part -> SubgamePerfectEquilibrium in
            var choice = [Int: Int]()
            for (node, a) in part.choices { choice[node] = a }
            return equilibrium(game, choice: choice, payoffs: part.value)
        }
        return (results, truncated)
    }

    /// One subgame-perfect equilibrium (ties broken towards the first action), in time linear
    /// in the tree. Exact. This is the fast path for solving the same small game many times.
    public static func solve(_ game: ExtensiveGame) throws -> SubgamePerfectEquilibrium {
        guard game.isPerfectInformation else {
            throw GameError.unsupported("backward induction needs perfect information (use --method spe for imperfect information)")
        }
        let n = game.playerCount
        var value = [[Rational]](repeating: [], count: game.nodes.count)
        var choice = [Int: Int]()
        for k in stride(from: game.nodes.count - 1, through: 0, by: -1) {
            var v = game.nodePayoffs[k]
            let node = game.nodes[k]
            if let i = node.infoset {
                let s = game.infosets[i]
                if s.player == 0 {
                    for (a, c) in node.children.enumerated() where !s.probabilities[a].isZero {
                        for p in 0..<n { v[p] += s.probabilities[a] * value[c][p] }
                    }
                } else {
                    var best = 0
                    for a in 1..<node.children.count where value[node.children[a]][s.player - 1] > value[node.children[best]][s.player - 1] { best = a }
                    choice[k] = best
                    for p in 0..<n { v[p] += value[node.children[best]][p] }
                }
            }
            value[k] = v
        }
        return equilibrium(game, choice: choice, payoffs: value[0])
    }

    static func equilibrium(_ game: ExtensiveGame, choice: [Int: Int], payoffs: [Rational]) -> SubgamePerfectEquilibrium {
        var probs = (1...game.playerCount).map { p in game.actionCounts(player: p).map { [Rational](repeating: .zero, count: $0) } }
        for (node, a) in choice {
            let s = game.infosets[game.nodes[node].infoset!]
            probs[s.player - 1][s.number][a] = .one
        }
        let profile = BehaviorProfile(probs)
        return SubgamePerfectEquilibrium(profile: profile, payoffs: payoffs, path: equilibriumPath(game, profile))
    }

    /// The nodes a behaviour profile reaches with positive probability, in preorder.
    public static func equilibriumPath<T: GameNumber>(_ game: ExtensiveGame, _ profile: BehaviorProfile<T>) -> [PathStep] {
        let reach = game.realizationProbabilities(profile.exactOrRounded)
        var steps: [PathStep] = []
        for k in 0..<game.nodes.count where !reach[k].isZero {
            let node = game.nodes[k]
            var step = PathStep(node: k, label: node.label, player: game.player(of: k), action: nil, actionIndex: nil, probability: reach[k])
            if let i = node.infoset, game.infosets[i].player > 0 {
                let s = game.infosets[i]
                let dist = profile.probabilities[s.player - 1][s.number]
                if let a = dist.firstIndex(where: { $0 == T.one }) { step.action = s.actions[a]; step.actionIndex = a }
            }
            steps.append(step)
        }
        return steps
    }
}

extension BehaviorProfile {
    /// The profile in exact rationals (doubles converted exactly).
    public var exactOrRounded: BehaviorProfile<Rational> {
        if let r = self as? BehaviorProfile<Rational> { return r }
        return BehaviorProfile<Rational>(probabilities.map { $0.map { $0.map { Rational(exactly: $0.doubleValue) } } })
    }
}
