/// The crisis as a game tree, expanded from the file's named nodes.
///
/// In the file, nodes are defined once by name and actions point to the next
/// node by name; a node reached from several places (e.g. the responses that
/// follow every offensive option) is copied at each, so the result is a true
/// tree. Each node is identified by its path: the action ids from the root,
/// joined by `/` (the root's path is empty). Facts set by actions (`situation:`)
/// accumulate down the path and end up on the terminal branch.
public struct DecisionTree: Sendable {
    public var root: TreeNode
    /// How rational the players are when the tree has information sets: the logit
    /// quantal-response precision λ (0 plays uniformly at random; large λ approaches a
    /// Nash equilibrium). Nil means the limit λ → ∞. Unused for perfect-information trees.
    public var logitLambda: Quantity?
    /// Consequences carried directly by actions and outcomes (a sanction's cost), by
    /// definition: a branch reached along several paths carries the same value on each.
    public var branchConsequences: [BranchConsequence] = []

    /// Every terminal branch, left to right.
    public var terminals: [TerminalBranch] {
        var out: [TerminalBranch] = []
        func walk(_ n: TreeNode) {
            if let t = n.terminal { out.append(t) }
            for b in n.branches { walk(b.child) }
        }
        walk(root)
        return out
    }

    /// Every node, depth first, root first.
    public var nodes: [TreeNode] {
        var out: [TreeNode] = []
        func walk(_ n: TreeNode) {
            out.append(n)
            for b in n.branches { walk(b.child) }
        }
        walk(root)
        return out
    }

    public func node(path: String) -> TreeNode? { nodes.first { $0.path == path } }
}

public struct TreeNode: Sendable {
    public enum Kind: Sendable, Hashable {
        case decision(player: String)
        case chance
        case terminal
    }
    /// Action ids from the root joined by `/`; "" for the root.
    public var path: String
    /// The name of the node definition in the file (`damascus`), or `terminal`.
    public var name: String
    public var kind: Kind
    /// Optional information-set label: decision nodes sharing one are
    /// indistinguishable to their player. Nil means a singleton set.
    public var infoset: String?
    public var branches: [Branch]
    public var terminal: TerminalBranch?
    public var provenance: Provenance
}

public struct Branch: Sendable {
    /// Action or outcome id, unique within its node.
    public var id: String
    public var label: String
    /// Chance nodes only.
    public var probability: Probability?
    public var provenance: Provenance
    public var child: TreeNode
}

/// A consequence an action or outcome carries directly (`consequences: {sanctions_cost: 2.5}`),
/// added to that consequence on every terminal branch whose path takes it.
public struct BranchConsequence: Sendable, Hashable {
    /// The node definition's name and the branch's id in it.
    public var node: String
    public var branch: String
    public var consequence: String
    public var value: Quantity
}

/// One branch on a path, by definition: the node's name and the branch's id.
public struct BranchStep: Sendable, Hashable {
    public var node: String
    public var branch: String
}

/// A chance branch's probability.
public enum Probability: Sendable, Hashable {
    case value(Quantity)
    /// The value of a named scenario parameter.
    case parameter(String)
    /// One minus the node's other probabilities.
    case rest
}

/// A leaf of the game: the facts its path implies and the conflict schedule it runs.
public struct TerminalBranch: Sendable, Hashable {
    /// The path, e.g. `air_support/full/stay/stay/fund`.
    public var id: String
    public var actions: [String]
    /// The actions' labels, root first.
    public var labels: [String]
    public var situation: Situation
    /// The name of a `ConflictSchedule`; branches sharing one share its simulation.
    public var schedule: String
    /// The provenance of every action on the path, root first, deduplicated.
    public var provenance: Provenance
    /// The branch definitions on the path, root first.
    public var steps: [BranchStep] = []
}

extension Scenario {
    /// A chance branch's probability at the current values (the fixed value, or
    /// the median of an uncertain one); `rest` resolved against its siblings.
    public func probabilities(at node: TreeNode) -> [Double] {
        guard node.kind == .chance else { return [] }
        var ps: [Double?] = node.branches.map { b in
            switch b.probability {
            case .value(let q)?: return q.nominal
            case .parameter(let id)?: return parameter(id)?.value.nominal ?? 0
            case .rest?, nil: return nil
            }
        }
        let known = ps.compactMap { $0 }.reduce(0, +)
        for i in ps.indices where ps[i] == nil { ps[i] = max(0, 1 - known) }
        return ps.map { $0! }
    }

    /// The terminal branches that share each conflict schedule, so a runner
    /// simulates each schedule once.
    public var terminalsBySchedule: [(schedule: String, terminals: [TerminalBranch])] {
        var order: [String] = []
        var groups: [String: [TerminalBranch]] = [:]
        for t in tree.terminals {
            if groups[t.schedule] == nil { order.append(t.schedule) }
            groups[t.schedule, default: []].append(t)
        }
        return order.map { ($0, groups[$0]!) }
    }
}
