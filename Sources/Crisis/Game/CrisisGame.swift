import Games
import Scenario

/// One decision on the equilibrium path: who chose what, where.
public struct PathStep: Codable, Hashable, Sendable {
    /// The node's path in the scenario tree ("" for the root).
    public var node: String
    public var player: String
    public var action: String
    public var label: String
    /// Probability the node is reached under the equilibrium (chance included).
    public var reach: Double
}

/// The solved crisis game for one concrete scenario.
struct GameSolution: Sendable, Codable {
    /// Decisions at every node reached with positive probability, in tree order.
    var path: [PathStep]
    /// Probability of each terminal branch under the equilibrium.
    var terminalProbabilities: [Double]
    /// Each player's expected utility.
    var expectedUtilities: [Double]

    /// A stable name for the path, e.g. `russia:withhold damascus:none …`.
    var key: String { path.map { "\($0.player):\($0.action)" }.joined(separator: " ") }
}

/// The scenario's decision tree as a game: players are the scenario's actors that
/// make choices (in file order); payoffs are their utilities of each terminal branch.
struct CrisisGame {
    let scenario: Scenario
    let players: [String]
    /// Each decision's action labels by node path and action id, looked up once: a lookup
    /// by path walks the whole tree, and the path is followed once per forcing.
    let actionLabels: [String: [String: String]]

    init(_ scenario: Scenario) {
        self.scenario = scenario
        players = scenario.actors.filter(\.isPlayer).map(\.id)
        var labels: [String: [String: String]] = [:]
        for n in scenario.tree.nodes where !n.branches.isEmpty {
            labels[n.path] = Dictionary(n.branches.map { ($0.id, $0.label) }, uniquingKeysWith: { a, _ in a })
        }
        actionLabels = labels
    }

    /// The extensive-form game. `forcing` restricts a player to one action
    /// wherever that action is available (the pivot's "force its choice").
    /// Leaves are labelled with their terminal index and decision nodes with their
    /// scenario path, so solutions map back to the scenario.
    func game(utilities: [[Double]], forcing: (player: String, action: String)? = nil) throws -> ExtensiveGame {
        let playerIndex = Dictionary(uniqueKeysWithValues: players.enumerated().map { ($1, $0 + 1) })
        /// `first` is the index of the node's first terminal branch in tree order.
        func build(_ node: TreeNode, first: Int) throws -> GameTree {
            var offsets: [Int] = []
            var next = first
            for b in node.branches { offsets.append(next); next += b.child.terminalCount }
            switch node.kind {
            case .terminal:
                return .leaf(utilities[first], label: String(first))
            case .chance:
                let ps = scenario.probabilities(at: node)
                var exact = ps.dropLast().map { Rational(exactly: $0) }
                let last = exact.reduce(Rational.one, -)
                guard last >= .zero else {
                    throw CrisisError.invalidScenario("chance node '\(node.path)': probabilities sum to more than 1")
                }
                exact.append(last)
                return .chance(label: node.path, actions: try node.branches.indices.map { i in
                    (node.branches[i].id, exact[i], try build(node.branches[i].child, first: offsets[i]))
                })
            case .decision(let player):
                guard let index = playerIndex[player] else {
                    throw CrisisError.invalidScenario("node '\(node.path)' is decided by '\(player)', who is not a player")
                }
                var kept = Array(node.branches.indices)
                if let forcing, forcing.player == player,
                   let only = node.branches.firstIndex(where: { $0.id == forcing.action }) {
                    kept = [only]
                }
                return .decision(player: index, infoset: node.infoset, label: node.path, actions: try kept.map { i in
                    (node.branches[i].id, try build(node.branches[i].child, first: offsets[i]))
                })
            }
        }
        return try ExtensiveGame(title: scenario.metadata.title, players: players, tree: build(scenario.tree.root, first: 0))
    }

    /// Solves the game. A perfect-information tree (every decision node its own
    /// information set): the subgame-perfect equilibrium by backward induction, exact,
    /// ties broken towards the first action in file order. Otherwise: the logit
    /// quantal-response equilibrium at the scenario's `tree.logit_lambda` (its limit as
    /// λ grows when none is given), by path following, to a stated regret tolerance.
    /// The path follows each player's most probable action (all of them when pure) and
    /// both continuations of every chance node.
    func solve(utilities: [[Double]], forcing: (player: String, action: String)? = nil) throws -> GameSolution {
        let g = try game(utilities: utilities, forcing: forcing)
        let solved = try Solve.solve(.extensive(g), method: g.isPerfectInformation ? .backward : .logit,
                                     options: SolveOptions(lambda: scenario.tree.logitLambda?.nominal, stopAfter: 1))
        let profile: BehaviorProfile<Double>
        let payoffs: [Double]
        switch solved.profiles.first {
        case .behavior(let exact)?: profile = exact.doubles; payoffs = g.expectedPayoffs(exact).map(\.doubleValue)
        case .behaviorApprox(let approx)?: profile = approx; payoffs = g.expectedPayoffs(approx)
        default: throw GameError.failed("\(solved.method.rawValue) returned no behaviour profile")
        }
        let reach = g.realizationProbabilities(profile)
        var terminalProbabilities = [Double](repeating: 0, count: utilities.count)
        for k in 0..<g.nodes.count where g.isTerminal(k) && reach[k] > 0 {
            if let t = Int(g.nodes[k].label) { terminalProbabilities[t] += reach[k] }
        }
        var path: [PathStep] = []
        func follow(_ k: Int, _ p: Double) {
            guard !g.isTerminal(k), p > 0 else { return }
            let n = g.nodes[k]
            let probs = (0..<n.children.count).map { g.actionProbability(profile, node: k, action: $0) }
            guard let player = g.player(of: k), player > 0 else {
                for (a, c) in n.children.enumerated() { follow(c, p * probs[a]) }
                return
            }
            let a = probs.indices.max { probs[$0] < probs[$1] }!
            let actionID = g.infosets[n.infoset!].actions[a]
            let label = actionLabels[n.label]?[actionID] ?? actionID
            path.append(PathStep(node: n.label, player: players[player - 1], action: actionID, label: label, reach: p))
            follow(n.children[a], p)
        }
        follow(g.root, 1)
        return GameSolution(path: path, terminalProbabilities: terminalProbabilities, expectedUtilities: payoffs)
    }
}

extension TreeNode {
    var terminalCount: Int {
        kind == .terminal ? 1 : branches.reduce(0) { $0 + $1.child.terminalCount }
    }
}
