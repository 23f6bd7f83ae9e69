/// An extensive-form (tree) game: chance nodes, players' decision nodes grouped in
/// information sets, outcomes on any node (a play's payoff is the sum of the outcomes
/// on its path, as in Gambit).
///
/// Nodes are stored in preorder (the root is node 0, children follow their parent's
/// subtree order), so every subtree is a contiguous index range. Information sets are
/// numbered in order of first appearance in preorder, per player, as Gambit numbers them.
public struct ExtensiveGame: Sendable, Equatable {
    public struct Node: Sendable, Hashable {
        public var label: String
        /// Index into `infosets`, or nil for a terminal node.
        public var infoset: Int?
        /// Index into `outcomes`, or nil for none.
        public var outcome: Int?
        public var children: [Int]
        public var parent: Int?
        /// Which action of the parent's information set leads here.
        public var actionFromParent: Int
    }

    public struct Infoset: Sendable, Hashable {
        /// 0 for chance, 1...n for the players.
        public var player: Int
        public var label: String
        public var actions: [String]
        /// Chance probabilities (empty for players' sets).
        public var probabilities: [Rational]
        public var nodes: [Int]
        /// Position within the player's own list (0-based), Gambit's infoset number minus 1.
        public var number: Int
    }

    public var title: String
    public var comment: String
    public var players: [String]
    public private(set) var nodes: [Node]
    public private(set) var infosets: [Infoset]
    public var outcomes: [Outcome]
    /// playerInfosets[p]: indices into `infosets` of player p's sets (p = 0 is chance) in order.
    public private(set) var playerInfosets: [[Int]]
    /// last[n]: the largest node index in n's subtree.
    public private(set) var subtreeEnd: [Int]
    /// Node payoff contributions (the node's own outcome), per player, exact and in doubles.
    public private(set) var nodePayoffs: [[Rational]]
    public private(set) var nodePayoffsDouble: [[Double]]
    /// Perfect recall: every node of an information set has the same own history for its
    /// player, and no node of a set lies below another (no absent-mindedness).
    public private(set) var hasPerfectRecall = true
    /// For each information set (perfect recall only): its player's last own move before it,
    /// nil at the player's first move. This is the set's parent sequence in the sequence form.
    public private(set) var parentMove: [OwnMove?] = []

    /// A player's choice of an action at one of their information sets (indices into `infosets`
    /// and into its actions).
    public struct OwnMove: Sendable, Hashable {
        public var infoset: Int
        public var action: Int
    }

    public var playerCount: Int { players.count }
    public var root: Int { 0 }

    public static func == (a: ExtensiveGame, b: ExtensiveGame) -> Bool {
        a.title == b.title && a.comment == b.comment && a.players == b.players && a.nodes == b.nodes
            && a.infosets == b.infosets && a.outcomes == b.outcomes
    }

    /// Builds a game from nodes in preorder (node 0 = root). Validates shape, chance
    /// probabilities (non-negative, summing exactly to 1) and payoff counts.
    public init(title: String = "", comment: String = "", players: [String], nodes: [Node],
                infosets: [Infoset], outcomes: [Outcome]) throws {
        guard !nodes.isEmpty else { throw GameError.invalid("a game tree needs a root") }
        guard !players.isEmpty else { throw GameError.invalid("a game needs at least one player") }
        for o in outcomes where o.payoffs.count != players.count {
            throw GameError.invalid("outcome '\(o.label)' has \(o.payoffs.count) payoffs for \(players.count) players")
        }
        for (k, s) in infosets.enumerated() {
            guard s.player >= 0 && s.player <= players.count else { throw GameError.invalid("information set \(k + 1) has player \(s.player)") }
            guard !s.actions.isEmpty else { throw GameError.invalid("information set '\(s.label)' has no actions") }
            if s.player == 0 {
                guard s.probabilities.count == s.actions.count else { throw GameError.invalid("chance set '\(s.label)' needs one probability per action") }
                guard s.probabilities.allSatisfy({ $0.signum >= 0 }) else { throw GameError.invalid("chance set '\(s.label)' has a negative probability") }
                guard s.probabilities.reduce(Rational.zero, +) == .one else { throw GameError.invalid("chance probabilities of '\(s.label)' do not sum to 1") }
            }
        }
        for (k, n) in nodes.enumerated() {
            if let i = n.infoset {
                guard i < infosets.count, infosets[i].actions.count == n.children.count else {
                    throw GameError.invalid("node \(k) has \(n.children.count) children but its information set has a different number of actions")
                }
            } else if !n.children.isEmpty { throw GameError.invalid("node \(k) has children but no information set") }
            if let o = n.outcome, o >= outcomes.count { throw GameError.invalid("node \(k) names a missing outcome") }
        }
        // Preorder: each node's children follow it, each child's subtree right after the previous one.
        var end = Array(0..<nodes.count)
        for k in stride(from: nodes.count - 1, through: 0, by: -1) {
            var next = k + 1
            for (a, c) in nodes[k].children.enumerated() {
                guard c == next, nodes[c].parent == k, nodes[c].actionFromParent == a else {
                    throw GameError.invalid("node \(k)'s children are not its subtree in preorder")
                }
                next = end[c] + 1
            }
            end[k] = next - 1
        }
        guard end[0] == nodes.count - 1, nodes[0].parent == nil else { throw GameError.invalid("the nodes are not one tree in preorder") }
        self.title = title
        self.comment = comment
        self.players = players
        self.nodes = nodes
        self.infosets = infosets
        self.outcomes = outcomes
        playerInfosets = []
        subtreeEnd = []
        nodePayoffs = []
        nodePayoffsDouble = []
        finish()
    }

    private mutating func finish() {
        var per = [[Int]](repeating: [], count: players.count + 1)
        for (k, s) in infosets.enumerated() { per[s.player].append(k) }
        for p in 0..<per.count { for (j, k) in per[p].enumerated() { infosets[k].number = j } }
        playerInfosets = per
        var end = Array(0..<nodes.count)
        for k in stride(from: nodes.count - 1, through: 0, by: -1) {
            if let last = nodes[k].children.last { end[k] = end[last] }
        }
        subtreeEnd = end
        let zero = [Rational](repeating: .zero, count: players.count)
        nodePayoffs = nodes.map { n in n.outcome.map { outcomes[$0].payoffs } ?? zero }
        nodePayoffsDouble = nodePayoffs.map { $0.map(\.doubleValue) }
        findParentMoves()
    }

    /// For every decision node, its player's nearest own move above it (one preorder pass with a
    /// stack of own nodes per player, so deep trees cost linear time and no recursion). With
    /// every set's nodes agreeing on it, each set's whole own history is its parent set's plus
    /// that move, so this one comparison per node decides perfect recall; absent-mindedness
    /// fails it too (the upper node of a set has a different last move from the lower).
    private mutating func findParentMoves() {
        var last = [OwnMove?](repeating: nil, count: nodes.count)
        var own = [[Int]](repeating: [], count: players.count + 1)
        var path: [Int] = []
        for k in 0..<nodes.count {
            while let top = path.last, subtreeEnd[top] < k {
                path.removeLast()
                if let p = player(of: top), p > 0 { own[p].removeLast() }
            }
            guard let i = nodes[k].infoset else { continue }
            let p = infosets[i].player
            if p > 0 {
                if let a = own[p].last {
                    let ch = nodes[a].children
                    var lo = 0, hi = ch.count - 1
                    while lo < hi { let mid = (lo + hi + 1) / 2; if ch[mid] <= k { lo = mid } else { hi = mid - 1 } }
                    last[k] = OwnMove(infoset: nodes[a].infoset!, action: lo)
                }
                own[p].append(k)
            }
            path.append(k)
        }
        parentMove = infosets.map { s in s.player > 0 ? last[s.nodes[0]] : nil }
        hasPerfectRecall = infosets.allSatisfy { s in s.player == 0 || s.nodes.allSatisfy { last[$0] == last[s.nodes[0]] } }
    }

    public func player(of node: Int) -> Int? { nodes[node].infoset.map { infosets[$0].player } }
    public func isTerminal(_ node: Int) -> Bool { nodes[node].children.isEmpty }

    @inlinable public func payoffs<T: GameNumber>(_: T.Type, node: Int) -> [T] {
        if T.self == Double.self { return nodePayoffsDouble[node] as! [T] }
        if T.self == Rational.self { return nodePayoffs[node] as! [T] }
        return nodePayoffs[node].map(T.init)
    }

    /// Total payoff of the play ending at (or passing through) `node`: the sum of outcomes from the root.
    public func pathPayoffs(to node: Int) -> [Rational] {
        var acc = nodePayoffs[node]
        var n = nodes[node].parent
        while let m = n { for p in 0..<playerCount { acc[p] += nodePayoffs[m][p] }; n = nodes[m].parent }
        return acc
    }

    /// Number of actions at each information set of player p (1-based player).
    public func actionCounts(player p: Int) -> [Int] { playerInfosets[p].map { infosets[$0].actions.count } }

    /// True when every information set is a single node.
    public var isPerfectInformation: Bool { infosets.allSatisfy { $0.player == 0 || $0.nodes.count == 1 } }

    /// The (information set, action) choices of player `p` on the path from the root to `node`, root first.
    public func ownHistory(of node: Int, player p: Int) -> [(infoset: Int, action: Int)] {
        var h: [(Int, Int)] = []
        var c = node
        while let par = nodes[c].parent {
            if let i = nodes[par].infoset, infosets[i].player == p { h.append((i, nodes[c].actionFromParent)) }
            c = par
        }
        return h.reversed()
    }

    /// Nodes that root a subgame: a singleton information set (or chance/terminal) whose
    /// subtree contains every information set it touches entirely. The root is always one.
    public func subgameRoots() -> [Int] {
        let count = nodes.count
        // Span of each information set in preorder.
        var lo = [Int](repeating: Int.max, count: infosets.count), hi = [Int](repeating: -1, count: infosets.count)
        for (i, s) in infosets.enumerated() { for n in s.nodes { lo[i] = min(lo[i], n); hi[i] = max(hi[i], n) } }
        var minSpan = [Int](repeating: Int.max, count: count), maxSpan = [Int](repeating: -1, count: count)
        for k in stride(from: count - 1, through: 0, by: -1) {
            var a = Int.max, b = -1
            if let i = nodes[k].infoset, infosets[i].player > 0 { a = lo[i]; b = hi[i] }
            for c in nodes[k].children { a = min(a, minSpan[c]); b = max(b, maxSpan[c]) }
            minSpan[k] = a; maxSpan[k] = b
        }
        return (0..<count).filter { k in
            !isTerminal(k) && (k == 0 || (minSpan[k] >= k && (maxSpan[k] == -1 || maxSpan[k] <= subtreeEnd[k])))
        }
    }

    /// The subtree at `node` as a game of its own (same players; outcomes above it are dropped,
    /// so payoffs in the subgame are relative to reaching `node`). Also returns the map from
    /// new node index to original node index and from new infoset index to original.
    public func subgame(at node: Int) throws -> (game: ExtensiveGame, nodeMap: [Int], infosetMap: [Int]) {
        let range = node...subtreeEnd[node]
        var newIndex = [Int: Int]()
        for (j, k) in range.enumerated() { newIndex[k] = j }
        var infosetNew = [Int: Int](), infosetMap: [Int] = []
        var newInfosets: [Infoset] = []
        var newNodes: [Node] = []
        var outcomeNew = [Int: Int](), newOutcomes: [Outcome] = []
        for k in range {
            var n = nodes[k]
            if let i = n.infoset {
                if infosetNew[i] == nil {
                    guard infosets[i].nodes.allSatisfy({ range.contains($0) }) else {
                        throw GameError.invalid("node \(node) does not root a subgame (information set '\(infosets[i].label)' leaves it)")
                    }
                    infosetNew[i] = newInfosets.count
                    infosetMap.append(i)
                    var s = infosets[i]; s.nodes = []
                    newInfosets.append(s)
                }
                n.infoset = infosetNew[i]
                newInfosets[infosetNew[i]!].nodes.append(newIndex[k]!)
            }
            if let o = n.outcome {
                if outcomeNew[o] == nil { outcomeNew[o] = newOutcomes.count; newOutcomes.append(outcomes[o]) }
                n.outcome = outcomeNew[o]
            }
            n.children = n.children.map { newIndex[$0]! }
            n.parent = k == node ? nil : newIndex[n.parent!]
            if k == node { n.actionFromParent = 0 }
            newNodes.append(n)
        }
        let g = try ExtensiveGame(title: title, comment: comment, players: players, nodes: newNodes, infosets: newInfosets, outcomes: newOutcomes)
        return (g, Array(range), infosetMap)
    }

    /// Total payoffs of the plays ending at each terminal node (one preorder pass).
    func terminalPayoffs() -> [(node: Int, payoffs: [Rational])] {
        var acc = [[Rational]](repeating: [], count: nodes.count)
        var out: [(Int, [Rational])] = []
        for k in 0..<nodes.count {
            var a = nodePayoffs[k]
            if let par = nodes[k].parent { for p in 0..<playerCount { a[p] += acc[par][p] } }
            if isTerminal(k) { out.append((k, a)) } else { acc[k] = a }
        }
        return out
    }

    /// Payoff range over all plays (largest minus smallest total payoff at a terminal node).
    public var payoffRange: Rational {
        var lo: Rational?, hi: Rational?
        for (_, a) in terminalPayoffs() {
            for v in a { lo = lo.map { min($0, v) } ?? v; hi = hi.map { max($0, v) } ?? v }
        }
        return (hi ?? .zero) - (lo ?? .zero)
    }

    /// True when the total payoffs of every play sum to the same constant.
    public var isConstantSum: Bool {
        var first: Rational?
        for (_, a) in terminalPayoffs() {
            let s = a.reduce(Rational.zero, +)
            if let f = first { if f != s { return false } } else { first = s }
        }
        return true
    }
}
