/// Subgame-perfect equilibria of trees with imperfect information, by solving subgames
/// bottom-up: each minimal subgame is solved with a chosen equilibrium method, then replaced
/// by a terminal node carrying its equilibrium payoffs, until the root is solved.
public enum SubgamePerfect {
    /// One subgame-perfect equilibrium. `solver` finds a Nash equilibrium of each (reduced)
    /// subgame in behaviour strategies; the result restricted to every subgame is that
    /// subgame's equilibrium, so it is subgame perfect whenever each call returns an exact
    /// Nash equilibrium (sequence-form LCP, backward induction) and approximately so for
    /// floating methods (logit). Deterministic.
    public static func solve<T: GameNumber>(_ game: ExtensiveGame,
                                            solver: (ExtensiveGame) throws -> BehaviorProfile<T>) throws -> BehaviorProfile<T> {
        let roots = game.subgameRoots()
        var probs = (1...game.playerCount).map { p in game.actionCounts(player: p).map { [T](repeating: .zero, count: $0) } }
        var solvedValue: [Int: [Rational]] = [:]
        for (done, r) in roots.sorted(by: >).enumerated() {
            try SolveBudget.check("subgame \(done + 1) of \(roots.count)")
            // The subtree at r with already-solved subgames below it collapsed to terminal values.
            let (sub, infosetMap) = try collapsed(game, r, solvedValue)
            let eq = try solver(sub)
            for (j, s) in sub.infosets.enumerated() where s.player > 0 {
                let o = game.infosets[infosetMap[j]]
                probs[o.player - 1][o.number] = eq.probabilities[s.player - 1][s.number]
            }
            solvedValue[r] = sub.expectedPayoffs(eq).map(exactValue)
        }
        return BehaviorProfile(probs)
    }

    /// Exact subgame-perfect equilibrium of a two-player tree: each subgame by backward
    /// induction when it has perfect information, else by the sequence-form LCP.
    public static func solveExact(_ game: ExtensiveGame) throws -> BehaviorProfile<Rational> {
        try solve(game) { sub in
            if sub.isPerfectInformation { return try BackwardInduction.solve(sub).profile }
            return try SequenceFormLCP.solve(sub)
        }
    }

    /// Subgame-perfect (logit-limit) equilibrium of a tree with any number of players, every
    /// subgame solved by the logit QRE limit (floating; each subgame within the tolerance).
    public static func solveLogit(_ game: ExtensiveGame, options: LogitOptions = LogitOptions()) throws -> BehaviorProfile<Double> {
        try solve(game) { sub in
            if sub.isPerfectInformation { return try BackwardInduction.solve(sub).profile.doubles }
            return try LogitQRE.solve(sub, options: options).profile
        }
    }

    /// The subtree at `root` as a game, each solved subgame below it replaced by a terminal node
    /// paying its value; also the original index of each of its information sets. Built over
    /// the preorder range (no recursion, so deep trees are fine).
    static func collapsed(_ game: ExtensiveGame, _ root: Int, _ values: [Int: [Rational]]) throws -> (ExtensiveGame, [Int]) {
        var nodes: [ExtensiveGame.Node] = [], infosets: [ExtensiveGame.Infoset] = [], outcomes: [Outcome] = []
        var newIndex: [Int: Int] = [:], infosetNew: [Int: Int] = [:], infosetMap: [Int] = []
        let zero = [Rational](repeating: .zero, count: game.playerCount)
        var k = root
        while k <= game.subtreeEnd[root] {
            let old = game.nodes[k], me = nodes.count
            newIndex[k] = me
            let parent = k == root ? nil : newIndex[old.parent!]
            var node = ExtensiveGame.Node(label: old.label, infoset: nil, outcome: nil, children: [], parent: parent,
                                          actionFromParent: k == root ? 0 : old.actionFromParent)
            if let parent { nodes[parent].children.append(me) }
            let solved = k == root ? nil : values[k]
            let pay = solved ?? old.outcome.map { game.outcomes[$0].payoffs } ?? (old.infoset == nil ? zero : nil)
            if let pay { outcomes.append(Outcome(label: old.label, payoffs: pay)); node.outcome = outcomes.count - 1 }
            if solved == nil, let i = old.infoset {
                if infosetNew[i] == nil {
                    infosetNew[i] = infosets.count
                    infosetMap.append(i)
                    var s = game.infosets[i]
                    s.nodes = []
                    infosets.append(s)
                }
                node.infoset = infosetNew[i]
                infosets[infosetNew[i]!].nodes.append(me)
            }
            nodes.append(node)
            k = solved == nil ? k + 1 : game.subtreeEnd[k] + 1
        }
        let g = try ExtensiveGame(title: game.title, players: game.players, nodes: nodes, infosets: infosets, outcomes: outcomes)
        return (g, infosetMap)
    }

    static func exactValue<T: GameNumber>(_ v: T) -> Rational {
        if let r = v as? Rational { return r }
        return Rational(exactly: v.doubleValue)
    }
}
