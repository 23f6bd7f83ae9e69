import Foundation

extension ExtensiveGame {
    /// Reads a Gambit `.efg` file (version 2). Every number is read exactly. Errors carry
    /// the file, line and column. Unlike Gambit 16.7, duplicate node or information-set
    /// labels are accepted (they are not needed to define the game). The exact arithmetic
    /// reading takes is bounded (`TokenStream.maxArithmetic`).
    public init(efg source: String, file: String? = nil) throws {
        try self.init(efg: source, file: file, arithmeticBudget: TokenStream.maxArithmetic)
    }

    init(efg source: String, file: String?, arithmeticBudget: Int) throws {
        var ts = try TokenStream(source, file: file, arithmeticBudget: arithmeticBudget)
        let (title, players) = try ts.prologue(tag: "EFG", version: "2")
        guard !players.isEmpty else { throw ts.error("an extensive-form game needs at least one player") }
        var comment = ""
        if ts.peek?.kind == .text { comment = try ts.text("description") }

        var nodes: [Node] = []
        var infosets: [Infoset] = []
        var outcomes: [Outcome] = []
        var chanceIds: [Int: Int] = [:]
        var playerIds: [Int: [Int: Int]] = [:]
        var outcomeIds: [Int: Int] = [:]

        func readOutcome() throws -> Int? {
            let idTok = try ts.peek.map { _ in ts.tokens[ts.pos] } ?? { throw ts.error("expected outcome number") }()
            let id = try ts.integer("outcome number")
            if id == 0 { return nil }
            if ts.peek?.kind == .text {
                let label = try ts.text("outcome label")
                _ = try ts.expect(.lbrace, "'{' opening the payoffs")
                var pay: [Rational] = []
                while !ts.accept(.rbrace) {
                    if !pay.isEmpty { _ = ts.accept(.comma) }
                    if ts.accept(.rbrace) { break }
                    pay.append(try ts.number("payoff"))
                }
                guard pay.count == players.count else {
                    throw ts.error("outcome \(id) has \(pay.count) payoffs for \(players.count) players", at: idTok)
                }
                let o = Outcome(label: label, payoffs: pay)
                if let k = outcomeIds[id] {
                    guard outcomes[k] == o else { throw ts.error("outcome \(id) redefined differently", at: idTok) }
                    return k
                }
                outcomeIds[id] = outcomes.count
                outcomes.append(o)
                return outcomes.count - 1
            }
            guard let k = outcomeIds[id] else { throw ts.error("outcome \(id) used before it is defined", at: idTok) }
            return k
        }

        // Iterative preorder construction: a stack of (node, next child slot) to fill.
        var pending: [(node: Int, remaining: Int)] = []
        repeat {
            let parent = pending.last
            let kindTok = try ts.expect(.symbol, "node type 'c', 'p' or 't'")
            guard ["c", "p", "t"].contains(kindTok.text) else {
                throw ts.error("expected node type 'c', 'p' or 't', found '\(kindTok.text)'", at: kindTok)
            }
            let label = try ts.text("node label")
            let me = nodes.count
            var node = Node(label: label, infoset: nil, outcome: nil, children: [], parent: parent?.node,
                            actionFromParent: parent.map { nodes[$0.node].children.count } ?? 0)
            var arity = 0
            switch kindTok.text {
            case "c", "p":
                var player = 0
                if kindTok.text == "p" {
                    let pt = ts.peek
                    player = try ts.integer("player number")
                    guard player >= 1 && player <= players.count else { throw ts.error("player \(player) does not exist (\(players.count) players)", at: pt) }
                }
                let idTok = ts.peek
                let id = try ts.integer("information set number")
                var def: Infoset?
                if ts.peek?.kind == .text {
                    let slabel = try ts.text("information set label")
                    _ = try ts.expect(.lbrace, "'{' opening the actions")
                    var actions: [String] = [], probs: [Rational] = []
                    while !ts.accept(.rbrace) {
                        actions.append(try ts.text("action label or '}'"))
                        if player == 0 {
                            let pt = ts.peek
                            let pr = try ts.number("chance probability")
                            guard pr.signum >= 0 else { throw ts.error("negative chance probability", at: pt) }
                            probs.append(pr)
                        }
                    }
                    guard !actions.isEmpty else { throw ts.error("information set \(id) has no actions", at: idTok) }
                    if player == 0 {
                        var sum = Rational.zero
                        for p in probs {
                            try ts.charge(sum.bigWords + p.bigWords, at: idTok)
                            sum += p
                        }
                        if sum != .one {
                            // Each conversion of a long fraction is costly (the decimal text quadratic): once each.
                            let exact = sum.description, approx = sum.doubleValue
                            let shown = exact.count <= 40 ? exact
                                : approx.isFinite ? "about \(approx)" : "more than \(Double.greatestFiniteMagnitude)"
                            throw ts.error("chance probabilities of information set \(id) sum to \(shown), not exactly 1", at: idTok)
                        }
                    }
                    def = Infoset(player: player, label: slabel, actions: actions, probabilities: probs, nodes: [], number: 0)
                }
                let existing = player == 0 ? chanceIds[id] : playerIds[player]?[id]
                let index: Int
                if let k = existing {
                    if let def, def.label != infosets[k].label || def.actions != infosets[k].actions || def.probabilities != infosets[k].probabilities {
                        throw ts.error("information set \(id) redefined differently", at: idTok)
                    }
                    index = k
                } else {
                    guard let def else { throw ts.error("information set \(id) used before it is defined", at: idTok) }
                    index = infosets.count
                    infosets.append(def)
                    if player == 0 { chanceIds[id] = index } else { playerIds[player, default: [:]][id] = index }
                }
                infosets[index].nodes.append(me)
                node.infoset = index
                arity = infosets[index].actions.count
            case "t":
                break
            default:
                throw ts.error("expected node type 'c', 'p' or 't', found '\(kindTok.text)'", at: kindTok)
            }
            node.outcome = try readOutcome()
            nodes.append(node)
            if let parent = pending.last { nodes[parent.node].children.append(me) }
            if !pending.isEmpty {
                pending[pending.count - 1].remaining -= 1
            }
            if arity > 0 { pending.append((me, arity)) }
            while let last = pending.last, last.remaining == 0 { pending.removeLast() }
        } while !pending.isEmpty
        if let t = ts.peek { throw ts.error("unexpected '\(t.text)' after the last node of the tree", at: t) }
        do {
            try self.init(title: title, comment: comment, players: players, nodes: nodes, infosets: infosets, outcomes: outcomes)
        } catch let e as GameError {
            throw GameFileError(file: file, line: 1, column: 1, message: e.description)
        }
    }

    /// Reads a `.efg` file from disk.
    public init(contentsOf path: String) throws {
        try self.init(efg: try GameFileError.readText(path), file: path)
    }

    /// Writes the game in Gambit's `.efg` layout: information sets and outcomes renumbered in
    /// order of first appearance, definitions repeated at every use, payoffs separated by `, `.
    public func efgText() -> String {
        var out = "EFG 2 R \(quote(title)) { \(players.map(quote).joined(separator: " ")) }\n\(quote(comment))\n\n"
        var outcomeNumber: [Int: Int] = [:]
        func outcomeText(_ o: Int?) -> String {
            guard let o else { return "0" }
            if outcomeNumber[o] == nil { outcomeNumber[o] = outcomeNumber.count + 1 }
            let oc = outcomes[o]
            return "\(outcomeNumber[o]!) \(quote(oc.label)) { \(oc.payoffs.map(\.description).joined(separator: ", ")) }"
        }
        for n in nodes {
            if let i = n.infoset {
                let s = infosets[i]
                if s.player == 0 {
                    let acts = zip(s.actions, s.probabilities).map { "\(quote($0)) \($1)" }.joined(separator: " ")
                    out += "c \(quote(n.label)) \(s.number + 1) \(quote(s.label)) { \(acts) } \(outcomeText(n.outcome))\n"
                } else {
                    out += "p \(quote(n.label)) \(s.player) \(s.number + 1) \(quote(s.label)) { \(s.actions.map(quote).joined(separator: " ")) } \(outcomeText(n.outcome))\n"
                }
            } else {
                out += "t \(quote(n.label)) \(outcomeText(n.outcome))\n"
            }
        }
        return out
    }
}
