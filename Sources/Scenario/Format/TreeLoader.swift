import Yams

/// A node as written in the file, before expansion into the tree.
private struct NodeDef {
    enum Kind { case decision(String), chance }
    struct BranchDef {
        var id: String
        var label: String
        var next: String?
        var nextNode: Node?
        var set: Situation
        var consequences: [(String, Quantity)]
        var schedule: String?
        var probability: Probability?
        var provenance: Provenance
        var node: Node
    }
    var name: String
    var kind: Kind
    var infoset: String?
    var branches: [BranchDef]
    var provenance: Provenance
    var node: Node
}

extension ScenarioParser {
    static let maxTreeNodes = 200_000

    /// `requiredFacts`: facts a mechanism reads that have no default, so every terminal
    /// branch must set them; `readFacts`: every fact a mechanism or schedule reads.
    func parseTree(_ node: Node, players: Set<String>, allActors: Set<String>, parameters: [Parameter],
                   schedules: [ConflictSchedule], facts: [FactDeclaration], requiredFacts: [(fact: String, mechanism: String)],
                   readFacts: Set<String>, consequences: [String]) -> DecisionTree? {
        guard let f = y.fields(node, "tree", Format.tree) else { return nil }
        let treeProv = y.provenance(f["source"], "tree.source", inherited: .none)
        let lambda = f["logit_lambda"].flatMap {
            y.quantity($0, "tree.logit_lambda", inherited: treeProv, range: 0...Double.infinity, positive: true)
        }
        // Facts a branch may set: the declared ones; in a file that declares none, those
        // a mechanism or schedule reads (a fact nothing reads is a typo or a dead end).
        let factTable = Dictionary(facts.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
        let declared = facts.contains { $0.declared }
        let knownFacts = declared ? Set(factTable.keys) : readFacts
        var branchConsequences: [BranchConsequence] = []
        let scheduleIDs = schedules.map(\.id)
        let paramByID = Dictionary(parameters.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })

        // The checks below (and the expansion) walk the tree recursively, one
        // frame per level: a 60,000-node chain overflowed the stack (found by
        // hostile-input testing). Real crisis trees have tens of nodes.
        if case .mapping(let m)? = f["nodes"], m.count > ScenarioLimits.maxTreeNodes {
            y.report(.outOfRange, f["nodes"], "tree.nodes", "\(m.count) tree nodes, more than \(ScenarioLimits.maxTreeNodes)",
                     expected: "at most \(ScenarioLimits.maxTreeNodes) nodes")
            return nil
        }
        var defs: [String: NodeDef] = [:]
        var order: [String] = []
        for (name, _, v) in y.entries(f["nodes"], "tree.nodes", what: "tree nodes") {
            let p = "tree.nodes.\(name)"
            guard let nf = y.fields(v, p, Format.node) else { continue }
            let prov = y.provenance(nf["source"], "\(p).source", inherited: treeProv)
            var kind: NodeDef.Kind?
            let isChance = nf["chance"].flatMap { y.bool($0, "\(p).chance") } ?? false
            if let pl = nf["player"] {
                if isChance { y.report(.inconsistent, pl, "\(p).player", "a node is either a decision (player) or a chance node, not both") }
                if let who = y.string(pl, "\(p).player") {
                    if players.contains(who) { kind = .decision(who) }
                    else if allActors.contains(who) {
                        y.report(.unresolvedReference, pl, "\(p).player", "'\(who)' is not a player (its 'player' is false)",
                                 expected: "one of: \(players.sorted().joined(separator: ", "))")
                    } else { _ = resolve(who, pl, "\(p).player", among: players, what: "player") }
                }
            } else if isChance {
                kind = .chance
            } else {
                y.report(.missingField, v, "\(p).player", "a node needs 'player: ACTOR' (decision) or 'chance: true'")
            }
            let branchKey = isChance ? "outcomes" : "actions"
            let wrongKey = isChance ? "actions" : "outcomes"
            if let w = nf[wrongKey] {
                y.report(.unknownKey, w, "\(p).\(wrongKey)", "a \(isChance ? "chance" : "decision") node lists '\(branchKey)', not '\(wrongKey)'",
                         expected: branchKey, suggestion: branchKey)
            }
            var branches: [NodeDef.BranchDef] = []
            let bnode = nf[branchKey]
            for (bid, _, bv) in y.entries(bnode, "\(p).\(branchKey)", what: branchKey) {
                let bp = "\(p).\(bid)"
                guard let bf = y.fields(bv, bp, isChance ? Format.outcome : Format.action) else { continue }
                let bprov = y.provenance(bf["source"], "\(bp).source", inherited: prov)
                y.requireProvenance(bprov, bv, bp, what: "branch '\(bid)'")
                var set: Situation = [:]
                if let sn = bf["set"] {
                    set = parseSituation(sn, "\(bp).set")
                    if case .mapping(let m) = sn {
                        for (k, val) in m {
                            guard let key = k.string else { continue }
                            if !knownFacts.contains(key) {
                                y.report(.unknownKey, k, "\(bp).set.\(key)",
                                         declared ? "no fact '\(key)' is declared under 'facts:'" : "no mechanism or schedule reads the fact '\(key)'",
                                         expected: "one of: \(knownFacts.sorted().joined(separator: ", "))",
                                         suggestion: closestMatch(key, in: knownFacts))
                            } else if let decl = factTable[key], let value = set[key], !decl.accepts(value) {
                                var labels: [String] = []
                                if case .labels(let l) = decl.kind { labels = l }
                                y.report(labels.isEmpty ? .wrongType : .outOfRange, val, "\(bp).set.\(key)", "'\(value)' is not a value of '\(key)'",
                                         expected: decl.typeText, suggestion: closestMatch(value.description, in: labels))
                            }
                        }
                    }
                }
                var carried: [(String, Quantity)] = []
                for (c, cKey, qv) in y.entries(bf["consequences"], "\(bp).consequences", what: "numbers by consequence") {
                    let cp = "tree.nodes.\(name).\(bid).consequences.\(c)"
                    guard resolve(c, cKey, cp, among: consequences, what: "consequence") != nil else { continue }
                    if let q = y.quantity(qv, cp, inherited: bprov, what: "consequence") {
                        carried.append((c, q))
                        branchConsequences.append(BranchConsequence(node: name, branch: bid, consequence: c, value: q))
                    }
                }
                var schedule: String?
                if let sn = bf["schedule"] { schedule = resolve(y.string(sn, "\(bp).schedule"), sn, "\(bp).schedule", among: scheduleIDs, what: "conflict schedule") }
                var probability: Probability?
                if isChance, let pn = bf["probability"] {
                    if case .scalar = pn, pn.tagName == Tag.Name.str.rawValue, let s = pn.string {
                        if s == "rest" { probability = .rest }
                        else if let param = paramByID[s] {
                            let sup = param.value.distribution.support
                            if sup.lowerBound < 0 || sup.upperBound > 1 {
                                y.report(.outOfRange, pn, "\(bp).probability", "parameter '\(s)' can take values outside [0, 1]",
                                         expected: "a parameter whose distribution lies within [0, 1]")
                            }
                            probability = .parameter(s)
                        } else {
                            y.report(.unresolvedReference, pn, "\(bp).probability", "no parameter '\(s)'",
                                     expected: "a number, 'rest', or one of the parameters: \(paramByID.keys.sorted().joined(separator: ", "))",
                                     suggestion: closestMatch(s, in: Array(paramByID.keys) + ["rest"]))
                        }
                    } else if let q = y.quantity(pn, "\(bp).probability", inherited: bprov, range: 0...1, what: "probability") {
                        probability = .value(q)
                    }
                }
                let next = bf["next"].flatMap { y.string($0, "\(bp).next") }
                branches.append(.init(id: bid, label: y.string(bf["label"], "\(bp).label") ?? bid, next: next, nextNode: bf["next"],
                                      set: set, consequences: carried, schedule: schedule, probability: probability,
                                      provenance: bprov, node: bv))
            }
            if branches.isEmpty && bnode == nil {
                y.report(.childlessNode, v, "\(p).\(branchKey)", "node '\(name)' has no \(branchKey)", expected: "at least one of its \(branchKey)")
            } else if branches.isEmpty, let bnode {
                y.report(.childlessNode, bnode, "\(p).\(branchKey)", "node '\(name)' has no \(branchKey)", expected: "at least one of its \(branchKey)")
            }
            if isChance && !branches.isEmpty { checkProbabilities(branches, node: bnode ?? v, path: "\(p).outcomes", parameters: paramByID) }
            guard let kind else { continue }
            defs[name] = NodeDef(name: name, kind: kind, infoset: nf["infoset"].flatMap { y.string($0, "\(p).infoset") },
                                 branches: branches, provenance: prov, node: v)
            order.append(name)
        }
        // References between nodes (a node whose body has errors still counts as defined).
        let allNames = rawKeys(f["nodes"])
        for d in defs.values {
            for b in d.branches { if let n = b.next, defs[n] == nil, !allNames.contains(n) {
                _ = resolve(n, b.nextNode, "tree.nodes.\(d.name).\(b.id).next", among: allNames, what: "tree node")
            } }
        }
        guard let rootNode = f["root"], let rootName = y.string(rootNode, "tree.root") else { return nil }
        guard defs[rootName] != nil else {
            if !allNames.contains(rootName) { _ = resolve(rootName, rootNode, "tree.root", among: allNames, what: "tree node") }
            return nil
        }
        // Reachability and cycles, on the definitions (expansion would not terminate on a cycle).
        var reached = Set<String>(), onStack = Set<String>(), cyclic = false
        func visit(_ n: String) {
            guard let d = defs[n] else { return }
            if onStack.contains(n) { return }
            if reached.contains(n) { return }
            reached.insert(n); onStack.insert(n)
            for b in d.branches {
                guard let next = b.next, defs[next] != nil else { continue }
                if onStack.contains(next) {
                    cyclic = true
                    y.report(.cycle, b.nextNode, "tree.nodes.\(n).\(b.id).next", "'\(next)' leads back to itself: a game tree cannot loop")
                } else { visit(next) }
            }
            onStack.remove(n)
        }
        visit(rootName)
        // Depth bound (iterative, longest path from the root): the game builder
        // and solvers recurse once per level, and a 1,000-level chain overflowed
        // `fulcrum run`'s stack in a debug build.
        if !cyclic {
            var depthOf: [String: Int] = [:]
            var stack: [(name: String, expanded: Bool)] = [(rootName, false)]
            while let (n, expanded) = stack.popLast() {
                guard let d = defs[n], depthOf[n] == nil else { continue }
                let kids = d.branches.compactMap(\.next).filter { defs[$0] != nil }
                if expanded {
                    depthOf[n] = 1 + (kids.map { depthOf[$0] ?? 0 }.max() ?? 0)
                } else {
                    stack.append((n, true))
                    for k in kids where depthOf[k] == nil { stack.append((k, false)) }
                }
            }
            if let depth = depthOf[rootName], depth > ScenarioLimits.maxTreeDepth {
                y.report(.outOfRange, rootNode, "tree.root", "the tree is \(depth) decisions deep, more than \(ScenarioLimits.maxTreeDepth)",
                         expected: "at most \(ScenarioLimits.maxTreeDepth) levels from the root to a terminal branch")
                return nil
            }
        }
        for name in order where !reached.contains(name) {
            y.report(.unreachableNode, defs[name]!.node, "tree.nodes.\(name)", "node '\(name)' cannot be reached from the root '\(rootName)'")
        }
        if cyclic { return nil }
        // Infosets: same player, same actions.
        var infosets: [String: NodeDef] = [:]
        for name in order { let d = defs[name]!; if let i = d.infoset {
            if let first = infosets[i] {
                var samePlayer = false
                if case .decision(let a) = first.kind, case .decision(let b) = d.kind { samePlayer = a == b }
                if !samePlayer || first.branches.map(\.id) != d.branches.map(\.id) {
                    y.report(.inconsistent, d.node, "tree.nodes.\(name).infoset",
                             "nodes in information set '\(i)' must belong to one player and offer the same actions", expected: "the player and actions of '\(first.name)'")
                }
            } else { infosets[i] = d }
        } }

        // Expand into a tree.
        var count = 0
        var tooBig = false
        func expand(_ name: String, path: [String], labels: [String], situation: Situation,
                    schedule: String?, provs: [Provenance], steps: [BranchStep]) -> TreeNode {
            let d = defs[name]!
            count += 1
            var branches: [Branch] = []
            if count > Self.maxTreeNodes { tooBig = true }
            if !tooBig {
                for b in d.branches {
                    var sit = situation
                    sit.merge(b.set) { _, new in new }
                    let sched = b.schedule ?? schedule
                    let p2 = path + [b.id], l2 = labels + [b.label], pr2 = provs + [b.provenance]
                    let s2 = steps + [BranchStep(node: name, branch: b.id)]
                    let child: TreeNode
                    if let next = b.next, defs[next] != nil {
                        child = expand(next, path: p2, labels: l2, situation: sit, schedule: sched, provs: pr2, steps: s2)
                    } else {
                        child = makeTerminal(path: p2, labels: l2, situation: sit, schedule: sched, provs: pr2, branch: b, steps: s2)
                    }
                    branches.append(Branch(id: b.id, label: b.label, probability: b.probability, provenance: b.provenance, child: child))
                }
            }
            let kind: TreeNode.Kind
            switch d.kind {
            case .decision(let p): kind = .decision(player: p)
            case .chance: kind = .chance
            }
            return TreeNode(path: path.joined(separator: "/"), name: name, kind: kind, infoset: d.infoset,
                            branches: branches, terminal: nil, provenance: d.provenance)
        }
        func makeTerminal(path: [String], labels: [String], situation: Situation, schedule: String?,
                          provs: [Provenance], branch: NodeDef.BranchDef, steps: [BranchStep]) -> TreeNode {
            count += 1
            // A declared fact's default is the value of a branch that does not set it.
            var situation = situation
            for f in facts where f.declared && situation[f.name] == nil { if let d = f.defaultValue { situation[f.name] = d } }
            let id = path.joined(separator: "/")
            let bp = "tree.terminal \(id)"
            for r in requiredFacts where situation[r.fact] == nil {
                y.report(.missingField, branch.node, bp, "the branch ending here does not set '\(r.fact)', which mechanism '\(r.mechanism)' reads",
                         expected: "'set: {\(r.fact): …}' on this action or one above it, or a 'default:' for the fact")
            }
            var sched = schedule
            if sched == nil {
                let matches = schedules.filter { s in !s.when.isEmpty && s.when.allSatisfy { situation[$0.key] == $0.value } }
                if matches.count == 1 { sched = matches[0].id }
                else {
                    let facts = situation.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: ", ")
                    y.report(.scheduleMatch, branch.node, bp,
                             matches.isEmpty ? "no conflict schedule's 'when' matches this branch (\(facts))"
                                             : "several conflict schedules match this branch: \(matches.map(\.id).joined(separator: ", "))",
                             expected: "exactly one schedule whose 'when' facts all hold, or 'schedule:' on an action")
                }
            }
            var seen = Set<Provenance.Citation>(), cites: [Provenance.Citation] = []
            for p in provs { for c in p.citations where !seen.contains(c) { seen.insert(c); cites.append(c) } }
            let t = TerminalBranch(id: id, actions: path, labels: labels, situation: situation,
                                   schedule: sched ?? "", provenance: Provenance(cites), steps: steps)
            return TreeNode(path: id, name: "terminal", kind: .terminal, infoset: nil, branches: [], terminal: t,
                            provenance: Provenance(cites))
        }
        let root = expand(rootName, path: [], labels: [], situation: [:], schedule: nil, provs: [], steps: [])
        if tooBig {
            y.report(.outOfRange, rootNode, "tree", "the expanded tree has more than \(Self.maxTreeNodes) nodes", expected: "a smaller tree")
            return nil
        }
        var tree = DecisionTree(root: root, logitLambda: lambda)
        tree.branchConsequences = branchConsequences
        // The pivot analysis solves the whole game once for every choice a player can be
        // forced to, in every sample: the product of the two grows with the square of a
        // wide tree (one node of 10,000 actions took 141 s a sample).
        let nodes = tree.nodes
        var forcible = Set<String>()
        for n in nodes { if case .decision(let player) = n.kind { for b in n.branches { forcible.insert("\(player)\u{1}\(b.id)") } } }
        if forcible.count * nodes.count > ScenarioLimits.maxPivotWork {
            y.report(.outOfRange, rootNode, "tree", "\(forcible.count) choices a player can be forced to × \(nodes.count) nodes is more than \(ScenarioLimits.maxPivotWork): the pivot analysis solves the game once for each of them in every sample",
                     expected: "fewer actions, or a narrower tree")
            return nil
        }
        return tree
    }

    private func checkProbabilities(_ branches: [NodeDef.BranchDef], node: Node, path: String, parameters: [String: Parameter]) {
        let rests = branches.filter { $0.probability == .rest }
        if rests.count > 1 {
            y.report(.probabilitySum, rests[1].node, path, "only one outcome may have probability 'rest'")
            return
        }
        var sumNominal = 0.0, sumMax = 0.0, uncertain = false
        for b in branches {
            switch b.probability {
            case .value(let q)?:
                sumNominal += q.nominal; sumMax += q.distribution.support.upperBound; uncertain = uncertain || q.isUncertain
            case .parameter(let id)?:
                guard let q = parameters[id]?.value else { return }
                sumNominal += q.nominal; sumMax += q.distribution.support.upperBound; uncertain = uncertain || q.isUncertain
            case .rest?: break
            case nil: return  // already reported
            }
        }
        if rests.isEmpty {
            if uncertain {
                y.report(.probabilitySum, node, path, "with an uncertain probability the outcomes cannot be guaranteed to sum to 1",
                         expected: "'probability: rest' on one outcome")
            } else if abs(sumNominal - 1) > 1e-9 {
                y.report(.probabilitySum, node, path, "probabilities sum to \(sumNominal)", expected: "a sum of 1 (or 'rest' on one outcome)")
            }
        } else if sumMax > 1 + 1e-9 {
            y.report(.probabilitySum, node, path, "the other outcomes' probabilities can reach \(sumMax), leaving 'rest' negative",
                     expected: "probabilities that sum to at most 1 before 'rest'")
        }
    }
}
