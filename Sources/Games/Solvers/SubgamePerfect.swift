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
        var solvedValue: [Int: [T]] = [:]
        for r in roots.sorted(by: >) {
            // The subtree at r with already-solved subgames below it collapsed to terminal values.
            let tree = collapsed(game, r, solvedValue)
            let sub = try ExtensiveGame(title: game.title, players: game.players, tree: tree)
            let eq = try solver(sub)
            for (j, s) in sub.infosets.enumerated() where s.player > 0 {
                let orig = Int(s.label)!
                let o = game.infosets[orig]
                probs[o.player - 1][o.number] = eq.probabilities[s.player - 1][sub.infosets[j].number]
            }
            solvedValue[r] = sub.expectedPayoffs(eq)
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

    static func collapsed<T: GameNumber>(_ game: ExtensiveGame, _ root: Int, _ values: [Int: [T]]) -> GameTree {
        func build(_ k: Int) -> GameTree {
            if k != root, let v = values[k] {
                return .terminal(label: game.nodes[k].label, payoffs: v.map(exactValue))
            }
            let node = game.nodes[k]
            let own = node.outcome.map { game.outcomes[$0].payoffs }
            guard let i = node.infoset else { return .terminal(label: node.label, payoffs: own ?? [Rational](repeating: .zero, count: game.playerCount)) }
            let s = game.infosets[i]
            let kids = node.children.map(build)
            if s.player == 0 {
                return .chance(label: node.label, infoset: "\(i)", actions: zip(s.actions, s.probabilities).enumerated().map { ($0.element.0, $0.element.1, kids[$0.offset]) }, payoffs: own)
            }
            return .decision(player: s.player, infoset: "\(i)", label: node.label, actions: zip(s.actions, kids).map { ($0, $1) }, payoffs: own)
        }
        return build(root)
    }

    static func exactValue<T: GameNumber>(_ v: T) -> Rational {
        if let r = v as? Rational { return r }
        return Rational(exactly: v.doubleValue)
    }
}
