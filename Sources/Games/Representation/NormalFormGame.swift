/// A payoff vector with a label, as Gambit's outcomes are.
public struct Outcome: Sendable, Hashable {
    public var label: String
    public var payoffs: [Rational]
    public init(label: String = "", payoffs: [Rational]) {
        self.label = label
        self.payoffs = payoffs
    }
}

/// A strategic-form game with any number of players and exact payoffs.
///
/// Pure-strategy profiles are indexed as in Gambit's files: player 1's strategy
/// changes fastest. Each profile maps to an outcome (or to the null outcome, all
/// payoffs zero), so both body layouts of `.nfg` files round-trip.
public struct NormalFormGame: Sendable, Equatable {
    public var title: String
    public var comment: String
    public var players: [String]
    public var strategies: [[String]]
    public var outcomes: [Outcome]
    /// For each pure profile (player 1 fastest), the index into `outcomes`, or nil for the null outcome.
    public var cells: [Int?]

    public let strides: [Int]
    /// payoffs[profile * playerCount + player], exact.
    public let payoffTable: [Rational]
    /// The same table in doubles, for floating methods.
    public let payoffTableDouble: [Double]

    public var playerCount: Int { players.count }
    public var strategyCounts: [Int] { strategies.map(\.count) }
    public var profileCount: Int { cells.count }

    public static func == (a: NormalFormGame, b: NormalFormGame) -> Bool {
        a.title == b.title && a.comment == b.comment && a.players == b.players && a.strategies == b.strategies
            && a.outcomes == b.outcomes && a.cells == b.cells
    }

    public init(title: String = "", comment: String = "", players: [String], strategies: [[String]],
                outcomes: [Outcome], cells: [Int?]) throws {
        let counts = strategies.map(\.count)
        guard !players.isEmpty, players.count == strategies.count else {
            throw GameError.invalid("need one strategy list per player (\(players.count) players, \(strategies.count) lists)")
        }
        guard counts.allSatisfy({ $0 > 0 }) else { throw GameError.invalid("every player needs at least one strategy") }
        let total = counts.reduce(1, *)
        guard cells.count == total else {
            throw GameError.invalid("expected \(total) profiles, got \(cells.count)")
        }
        for o in outcomes where o.payoffs.count != players.count {
            throw GameError.invalid("outcome '\(o.label)' has \(o.payoffs.count) payoffs for \(players.count) players")
        }
        for c in cells { if let c, c < 0 || c >= outcomes.count { throw GameError.invalid("outcome index \(c + 1) out of range") } }
        self.title = title
        self.comment = comment
        self.players = players
        self.strategies = strategies
        self.outcomes = outcomes
        self.cells = cells
        var s = [Int](repeating: 1, count: counts.count)
        for p in 1..<max(1, counts.count) { s[p] = s[p - 1] * counts[p - 1] }
        strides = s
        let n = players.count
        var table = [Rational](repeating: .zero, count: total * n)
        for (k, c) in cells.enumerated() {
            if let c { for p in 0..<n { table[k * n + p] = outcomes[c].payoffs[p] } }
        }
        payoffTable = table
        payoffTableDouble = table.map(\.doubleValue)
    }

    /// A game from a payoff function, one unnamed outcome per profile (as Gambit reads the payoff layout).
    public init(title: String = "", players: [String], strategies: [[String]],
                payoff: ([Int]) -> [Rational]) throws {
        let counts = strategies.map(\.count)
        let total = counts.reduce(1, *)
        var outs: [Outcome] = []
        outs.reserveCapacity(total)
        var profile = [Int](repeating: 0, count: counts.count)
        for _ in 0..<total {
            outs.append(Outcome(payoffs: payoff(profile)))
            NormalFormGame.advance(&profile, counts)
        }
        try self.init(title: title, players: players, strategies: strategies, outcomes: outs, cells: Array((0..<total).map { Optional($0) }))
    }

    /// Two-player game from payoff matrices A (row player) and B (column player).
    public static func bimatrix(_ a: [[Rational]], _ b: [[Rational]], title: String = "") throws -> NormalFormGame {
        let m = a.count, n = a.first?.count ?? 0
        return try NormalFormGame(title: title, players: ["Player 1", "Player 2"],
                                  strategies: [(1...m).map(String.init), (1...n).map(String.init)]) { s in [a[s[0]][s[1]], b[s[0]][s[1]]] }
    }

    /// Next profile in Gambit order (player 1 fastest); wraps to all zeros.
    @inlinable public static func advance(_ profile: inout [Int], _ counts: [Int]) {
        for p in 0..<counts.count {
            profile[p] += 1
            if profile[p] < counts[p] { return }
            profile[p] = 0
        }
    }

    public func index(of profile: [Int]) -> Int {
        var k = 0
        for p in 0..<profile.count { k += profile[p] * strides[p] }
        return k
    }

    public func payoff(_ profile: [Int], player: Int) -> Rational { payoffTable[index(of: profile) * playerCount + player] }

    /// Payoff table in the requested arithmetic.
    @inlinable public func table<T: GameNumber>(_: T.Type) -> [T] {
        if T.self == Double.self { return payoffTableDouble as! [T] }
        if T.self == Rational.self { return payoffTable as! [T] }
        return payoffTable.map(T.init)
    }

    /// Largest minus smallest payoff in the game (Gambit's scale for relative regret).
    public var payoffRange: Rational {
        guard let lo = payoffTable.min(), let hi = payoffTable.max() else { return .zero }
        return hi - lo
    }

    /// True when the sum of payoffs is the same in every profile.
    public var isConstantSum: Bool {
        let n = playerCount
        var first: Rational?
        for k in 0..<profileCount {
            var s = Rational.zero
            for p in 0..<n { s += payoffTable[k * n + p] }
            if let f = first { if f != s { return false } } else { first = s }
        }
        return true
    }
}

/// Errors in building or using a game (file errors are `GameFileError`).
public enum GameError: Error, CustomStringConvertible, Equatable {
    case invalid(String)
    case unsupported(String)
    case failed(String)
    /// The game is past a size the method can hold in memory (checked before allocating).
    case tooLarge(String)
    /// The time budget ran out.
    case outOfTime(String)
    /// One of the above from a named method.
    indirect case method(String, GameError)
    public var description: String {
        switch self {
        case .invalid(let s): return "invalid game: \(s)"
        case .unsupported(let s): return "unsupported: \(s)"
        case .failed(let s): return "solver failed: \(s)"
        case .tooLarge(let s): return "too large: \(s)"
        case .outOfTime(let s): return s
        case .method(let m, let e): return "\(m): \(e)"
        }
    }
}
