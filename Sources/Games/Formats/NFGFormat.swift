import Foundation

/// The two body layouts of `.nfg` files.
public enum NFGLayout: String, Sendable, CaseIterable {
    /// One payoff per player per profile.
    case payoffs
    /// A list of labelled outcomes, then one outcome index per profile.
    case outcomes
}

extension NormalFormGame {
    /// The most strategy profiles (cells) a table read from a file may have: a million
    /// cells of payoffs is far past any game the solvers can treat, and far short of
    /// what would exhaust memory.
    public static let maxProfiles = 1_000_000

    /// Reads a Gambit `.nfg` file (version 1, either body layout, either strategy block form).
    /// Numbers are exact. Errors carry the file, line and column.
    public init(nfg source: String, file: String? = nil) throws {
        try self.init(nfg: source, file: file, arithmeticBudget: TokenStream.maxArithmetic)
    }

    init(nfg source: String, file: String?, arithmeticBudget: Int) throws {
        var ts = try TokenStream(source, file: file, arithmeticBudget: arithmeticBudget)
        let (title, players) = try ts.prologue(tag: "NFG", version: "1")
        guard !players.isEmpty else { throw ts.error("a normal-form game needs at least one player") }
        let open = try ts.expect(.lbrace, "'{' opening the strategies")
        var strategies: [[String]] = []
        if ts.peek?.kind == .lbrace {
            while !ts.accept(.rbrace) {
                _ = try ts.expect(.lbrace, "'{' opening a player's strategy labels")
                var labels: [String] = []
                while !ts.accept(.rbrace) { labels.append(try ts.text("strategy label or '}'")) }
                strategies.append(labels)
            }
        } else {
            while !ts.accept(.rbrace) {
                let t = ts.peek
                let c = try ts.integer("number of strategies")
                guard c > 0 else { throw ts.error("a player needs at least one strategy", at: t) }
                guard c <= Self.maxProfiles else {
                    throw ts.error("\(c) strategies is more than the \(Self.maxProfiles) profiles a table may have", at: t)
                }
                strategies.append((1...c).map(String.init))
            }
        }
        guard strategies.count == players.count, strategies.allSatisfy({ !$0.isEmpty }) else {
            throw ts.error("\(strategies.count) strategy lists for \(players.count) players (each needs at least one strategy)", at: open)
        }
        var comment = ""
        if ts.peek?.kind == .text { comment = try ts.text("description") }
        let n = players.count
        // Every profile gets a cell: refuse tables too large to hold before allocating them
        // (the product of strategy counts overflows or exhausts memory otherwise).
        var total = 1
        for list in strategies {
            let (product, overflow) = total.multipliedReportingOverflow(by: list.count)
            guard !overflow, product <= Self.maxProfiles else {
                throw ts.error("the table has more than \(Self.maxProfiles) strategy profiles", at: open)
            }
            total = product
        }
        var outcomes: [Outcome] = []
        var cells: [Int?] = []
        if ts.peek?.kind == .lbrace {
            _ = try ts.expect(.lbrace, "'{'")
            while !ts.accept(.rbrace) {
                let ot = try ts.expect(.lbrace, "'{' opening an outcome or '}'")
                let label = try ts.text("outcome label")
                var pay: [Rational] = []
                while !ts.accept(.rbrace) {
                    if !pay.isEmpty { _ = ts.accept(.comma) }
                    if ts.accept(.rbrace) { break }
                    pay.append(try ts.number("payoff"))
                }
                guard pay.count == n else { throw ts.error("outcome \(outcomes.count + 1) has \(pay.count) payoffs for \(n) players", at: ot) }
                outcomes.append(Outcome(label: label, payoffs: pay))
            }
            for _ in 0..<total {
                let t = ts.peek
                let k = try ts.integer("outcome index")
                guard k <= outcomes.count else { throw ts.error("outcome index \(k) but only \(outcomes.count) outcomes", at: t) }
                cells.append(k == 0 ? nil : k - 1)
            }
        } else {
            for k in 0..<total {
                var pay: [Rational] = []
                for _ in 0..<n {
                    guard !ts.atEnd else {
                        throw ts.error("payoff list ends after \(k * n + pay.count) numbers; \(total) profiles × \(n) players need \(total * n)")
                    }
                    pay.append(try ts.number("payoff"))
                }
                outcomes.append(Outcome(payoffs: pay))
                cells.append(k)
            }
        }
        if let t = ts.peek { throw ts.error("unexpected '\(t.text)' after the end of the game", at: t) }
        do {
            try self.init(title: title, comment: comment, players: players, strategies: strategies, outcomes: outcomes, cells: cells)
        } catch let e as GameError {
            throw GameFileError(file: file, line: 1, column: 1, message: e.description)
        }
    }

    public init(contentsOf path: String) throws {
        try self.init(nfg: try GameFileError.readText(path), file: path)
    }

    /// Writes the game in Gambit's `.nfg` layout (labelled strategies; outcome body by default).
    public func nfgText(layout: NFGLayout = .outcomes) -> String {
        var out = "NFG 1 R \(quote(title)) { \(players.map(quote).joined(separator: " ")) }\n\n{ "
        out += strategies.map { "{ " + $0.map(quote).joined(separator: " ") + " }" }.joined(separator: "\n") + "\n}\n"
        out += quote(comment) + "\n\n"
        switch layout {
        case .outcomes:
            out += "{\n"
            for o in outcomes { out += "{ \(quote(o.label)) \(o.payoffs.map(\.description).joined(separator: ", ")) }\n" }
            out += "}\n"
            out += cells.map { $0.map { String($0 + 1) } ?? "0" }.joined(separator: " ") + "\n"
        case .payoffs:
            let n = playerCount
            var parts: [String] = []
            for k in 0..<profileCount { for p in 0..<n { parts.append(payoffTable[k * n + p].description) } }
            out += parts.joined(separator: " ") + "\n"
        }
        return out
    }
}

/// A game read from either format.
public enum AnyGame: Sendable {
    case normal(NormalFormGame)
    case extensive(ExtensiveGame)

    /// Reads `.efg` or `.nfg` by the file's first token.
    public static func read(path: String) throws -> AnyGame {
        try parse(try GameFileError.readText(path), file: path)
    }

    public static func parse(_ text: String, file: String? = nil) throws -> AnyGame {
        let trimmed = text.drop(while: { $0.isWhitespace })
        if trimmed.hasPrefix("EFG") { return .extensive(try ExtensiveGame(efg: text, file: file)) }
        if trimmed.hasPrefix("NFG") { return .normal(try NormalFormGame(nfg: text, file: file)) }
        var ts = try TokenStream(text, file: file)
        let t = try ts.next("'EFG' or 'NFG'")
        throw ts.error("not a Gambit game: expected 'EFG' or 'NFG', found '\(t.text)'", at: t)
    }
}
