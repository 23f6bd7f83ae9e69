/// A value-type description of a game tree, for building games in code.
///
/// ```swift
/// let game = try ExtensiveGame(title: "Entry", players: ["Entrant", "Incumbent"], tree:
///     .decision(player: 1, actions: [
///         ("stay out", .leaf([0, 2])),
///         ("enter", .decision(player: 2, actions: [
///             ("fight", .leaf([-1, -1])),
///             ("accommodate", .leaf([1, 1]))])),
///     ]))
/// ```
///
/// Decision nodes with the same `infoset` key (per player) form one information set;
/// a nil key makes a singleton set (perfect information). Payoffs may be given as
/// doubles (converted exactly to rationals) or rationals.
public indirect enum GameTree: Sendable {
    case chance(label: String = "", infoset: String? = nil, actions: [(String, Rational, GameTree)], payoffs: [Rational]? = nil)
    case decision(player: Int, infoset: String? = nil, label: String = "", actions: [(String, GameTree)], payoffs: [Rational]? = nil)
    case terminal(label: String = "", payoffs: [Rational])

    /// A terminal node with double payoffs (each converted exactly).
    public static func leaf(_ payoffs: [Double], label: String = "") -> GameTree {
        .terminal(label: label, payoffs: payoffs.map { Rational(exactly: $0) })
    }
    /// A terminal node with exact payoffs.
    public static func leaf(exact payoffs: [Rational], label: String = "") -> GameTree {
        .terminal(label: label, payoffs: payoffs)
    }
    /// A chance node with double probabilities; they are converted exactly and must sum to 1
    /// (use `chance(label:infoset:actions:payoffs:)` with rationals for thirds and the like).
    public static func nature(_ label: String = "", _ actions: [(String, Double, GameTree)]) -> GameTree {
        .chance(label: label, actions: actions.map { ($0.0, Rational(exactly: $0.1), $0.2) })
    }
}

extension ExtensiveGame {
    /// Builds a game from a `GameTree`. Throws if nodes sharing an information-set key
    /// disagree on player or actions, or if probabilities or payoff counts are wrong.
    public init(title: String = "", comment: String = "", players: [String], tree: GameTree) throws {
        var nodes: [Node] = []
        var infosets: [Infoset] = []
        var outcomes: [Outcome] = []
        var keyed: [String: Int] = [:]

        func infosetIndex(player: Int, key: String?, label: String, actions: [String], probs: [Rational]) throws -> Int {
            if let key {
                let full = "\(player)\u{1}\(key)"
                if let i = keyed[full] {
                    guard infosets[i].actions == actions, infosets[i].probabilities == probs else {
                        throw GameError.invalid("nodes in information set '\(key)' of player \(player) have different actions")
                    }
                    return i
                }
                keyed[full] = infosets.count
            }
            infosets.append(Infoset(player: player, label: key ?? label, actions: actions, probabilities: probs, nodes: [], number: 0))
            return infosets.count - 1
        }

        func add(_ t: GameTree, parent: Int?, action: Int) throws {
            let me = nodes.count
            func outcome(_ pay: [Rational]?, _ label: String) -> Int? {
                guard let pay else { return nil }
                outcomes.append(Outcome(label: label, payoffs: pay))
                return outcomes.count - 1
            }
            switch t {
            case .terminal(let label, let pay):
                nodes.append(Node(label: label, infoset: nil, outcome: outcome(pay, label), children: [], parent: parent, actionFromParent: action))
            case .chance(let label, let key, let acts, let pay):
                let i = try infosetIndex(player: 0, key: key, label: label, actions: acts.map(\.0), probs: acts.map(\.1))
                infosets[i].nodes.append(me)
                nodes.append(Node(label: label, infoset: i, outcome: outcome(pay, label), children: [], parent: parent, actionFromParent: action))
                for (a, act) in acts.enumerated() {
                    nodes[me].children.append(nodes.count)
                    try add(act.2, parent: me, action: a)
                }
            case .decision(let player, let key, let label, let acts, let pay):
                guard player >= 1 && player <= players.count else { throw GameError.invalid("decision node for player \(player) of \(players.count)") }
                let i = try infosetIndex(player: player, key: key, label: label, actions: acts.map(\.0), probs: [])
                infosets[i].nodes.append(me)
                nodes.append(Node(label: label, infoset: i, outcome: outcome(pay, label), children: [], parent: parent, actionFromParent: action))
                for (a, act) in acts.enumerated() {
                    nodes[me].children.append(nodes.count)
                    try add(act.1, parent: me, action: a)
                }
            }
        }
        try add(tree, parent: nil, action: 0)
        try self.init(title: title, comment: comment, players: players, nodes: nodes, infosets: infosets, outcomes: outcomes)
    }
}
