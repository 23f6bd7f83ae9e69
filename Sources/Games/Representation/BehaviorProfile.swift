/// A behaviour-strategy profile: for each player (0-based, chance excluded), for each of
/// their information sets in order, a probability for each action.
public struct BehaviorProfile<T: GameNumber>: Sendable, Hashable, CustomStringConvertible {
    public var probabilities: [[[T]]]
    public init(_ probabilities: [[[T]]]) { self.probabilities = probabilities }

    /// Uniform play at every information set.
    public static func uniform(_ game: ExtensiveGame) -> BehaviorProfile {
        BehaviorProfile((1...game.playerCount).map { p in game.actionCounts(player: p).map { [T](repeating: T.one / T($0), count: $0) } })
    }

    /// Gambit's printed form: `[[[1,0],[1/3,2/3]],[[2/3,1/3]]]`.
    public var description: String {
        "[" + probabilities.map { pl in "[" + pl.map { "[" + $0.map(\.gambitText).joined(separator: ",") + "]" }.joined(separator: ",") + "]" }
            .joined(separator: ",") + "]"
    }
    /// Gambit command-line form: `NE,` then every probability.
    public var gambitLine: String { "NE," + probabilities.flatMap { $0.flatMap { $0.map(\.gambitText) } }.joined(separator: ",") }

    public var doubles: BehaviorProfile<Double> { BehaviorProfile<Double>(probabilities.map { $0.map { $0.map(\.doubleValue) } }) }
}

extension ExtensiveGame {
    /// Probability of action `a` at node `n` (chance probabilities come from the game).
    @inlinable public func actionProbability<T: GameNumber>(_ profile: BehaviorProfile<T>, node n: Int, action a: Int) -> T {
        let s = infosets[nodes[n].infoset!]
        if s.player == 0 { return T(s.probabilities[a]) }
        return profile.probabilities[s.player - 1][s.number][a]
    }

    /// Probability of reaching each node under `profile` (chance included).
    public func realizationProbabilities<T: GameNumber>(_ profile: BehaviorProfile<T>) -> [T] {
        var r = [T](repeating: .zero, count: nodes.count)
        r[0] = .one
        for k in 0..<nodes.count where !isTerminal(k) {
            for (a, c) in nodes[k].children.enumerated() { r[c] = r[k] * actionProbability(profile, node: k, action: a) }
        }
        return r
    }

    /// Expected payoff to each player from each node on (the node's own outcome included).
    public func nodeValues<T: GameNumber>(_ profile: BehaviorProfile<T>) -> [[T]] {
        var v = [[T]](repeating: [], count: nodes.count)
        for k in stride(from: nodes.count - 1, through: 0, by: -1) {
            var acc = payoffs(T.self, node: k)
            for (a, c) in nodes[k].children.enumerated() {
                let pr = actionProbability(profile, node: k, action: a)
                if pr == .zero { continue }
                for p in 0..<playerCount { acc[p] += pr * v[c][p] }
            }
            v[k] = acc
        }
        return v
    }

    /// Each player's expected payoff.
    public func expectedPayoffs<T: GameNumber>(_ profile: BehaviorProfile<T>) -> [T] { nodeValues(profile)[0] }

    /// Agent-form regret of each player: the most any single information set's agent gains by
    /// switching to one action, others fixed (ex-ante). Zero for agent-form equilibria.
    public func agentRegrets<T: GameNumber>(_ profile: BehaviorProfile<T>) -> [T] {
        let r = realizationProbabilities(profile), v = nodeValues(profile)
        var out = [T](repeating: .zero, count: playerCount)
        for s in infosets where s.player > 0 {
            let p = s.player - 1
            var gains = [T](repeating: .zero, count: s.actions.count)
            for n in s.nodes where r[n] != .zero {
                var cur = T.zero
                for (a, c) in nodes[n].children.enumerated() { cur += profile.probabilities[p][s.number][a] * v[c][p] }
                for (a, c) in nodes[n].children.enumerated() { gains[a] += r[n] * (v[c][p] - cur) }
            }
            out[p] = max(out[p], gains.max()!)
        }
        return out
    }

    /// Nash regret of each player: best-response payoff against the others' behaviour minus the
    /// current payoff. Exact for perfect-recall games (best responses are found by backward
    /// induction over the player's own information sets).
    public func regrets<T: GameNumber>(_ profile: BehaviorProfile<T>) -> [T] {
        let current = expectedPayoffs(profile)
        return (1...playerCount).map { p in bestResponse(profile, player: p).value - current[p - 1] }
    }

    public func maxRegret<T: GameNumber>(_ profile: BehaviorProfile<T>) -> T { regrets(profile).max()! }

    /// A pure best response of player `p` (an action per information set; sets the response
    /// makes unreachable keep action 0) and its payoff.
    public func bestResponse<T: GameNumber>(_ profile: BehaviorProfile<T>, player p: Int) -> (actions: [Int], value: T) {
        // Reach probability through chance and the other players only.
        var rOthers = [T](repeating: .zero, count: nodes.count)
        rOthers[0] = .one
        for k in 0..<nodes.count where !isTerminal(k) {
            let own = player(of: k) == p
            for (a, c) in nodes[k].children.enumerated() { rOthers[c] = own ? rOthers[k] : rOthers[k] * actionProbability(profile, node: k, action: a) }
        }
        let mine = playerInfosets[p]
        var choice = [Int?](repeating: nil, count: mine.count)
        // Subtree values with own play fixed where decided (undecided own sets, which only occur
        // without perfect recall, use the profile), bottom-up over preorder ranges: no recursion.
        // With perfect recall every own set below a set's nodes is decided before it, so a
        // subtree's value never changes once computed and each node is evaluated once.
        var val = [T](repeating: .zero, count: nodes.count)
        var done = [Bool](repeating: false, count: nodes.count)
        let memo = hasPerfectRecall
        var order: [Int] = []
        func evaluate(_ k: Int) {
            order.removeAll(keepingCapacity: true)
            var m = k
            while m <= subtreeEnd[k] {
                if done[m] { m = subtreeEnd[m] + 1; continue }
                order.append(m)
                m += 1
            }
            for m in order.reversed() {
                var acc = nodePayoffs(T.self, m, p)
                if !isTerminal(m) {
                    let s = infosets[nodes[m].infoset!]
                    if s.player == p, let a = choice[s.number] {
                        acc = acc + val[nodes[m].children[a]]
                    } else {
                        for (a, c) in nodes[m].children.enumerated() {
                            let pr = actionProbability(profile, node: m, action: a)
                            if pr != .zero { acc += pr * val[c] }
                        }
                    }
                }
                val[m] = acc
                if memo { done[m] = true }
            }
        }
        for j in stride(from: mine.count - 1, through: 0, by: -1) {
            let s = infosets[mine[j]]
            var best = 0, bestV: T? = nil
            for a in 0..<s.actions.count {
                var t = T.zero
                for n in s.nodes where rOthers[n] != .zero {
                    let c = nodes[n].children[a]
                    evaluate(c)
                    t += rOthers[n] * val[c]
                }
                if bestV == nil || t > bestV! { best = a; bestV = t }
            }
            choice[j] = best
        }
        evaluate(0)
        return (choice.map { $0 ?? 0 }, val[0])
    }

    @inlinable func nodePayoffs<T: GameNumber>(_: T.Type, _ k: Int, _ p: Int) -> T {
        if T.self == Double.self { return nodePayoffsDouble[k][p - 1] as! T }
        return T(nodePayoffs[k][p - 1])
    }
}
