/// A mixed-strategy profile: for each player, a probability for each of their strategies.
public struct MixedProfile<T: GameNumber>: Sendable, Hashable, CustomStringConvertible {
    public var probabilities: [[T]]
    public init(_ probabilities: [[T]]) { self.probabilities = probabilities }

    /// Every player mixing uniformly.
    public static func uniform(_ counts: [Int]) -> MixedProfile {
        MixedProfile(counts.map { c in [T](repeating: T.one / T(c), count: c) })
    }

    /// A pure profile as a degenerate mixed profile.
    public static func pure(_ choice: [Int], counts: [Int]) -> MixedProfile {
        MixedProfile(counts.enumerated().map { p, c in (0..<c).map { $0 == choice[p] ? T.one : T.zero } })
    }

    public subscript(player: Int) -> [T] { probabilities[player] }

    /// Gambit's printed form: `[[1/2,1/2],[1/3,2/3]]`.
    public var description: String {
        "[" + probabilities.map { "[" + $0.map(\.gambitText).joined(separator: ",") + "]" }.joined(separator: ",") + "]"
    }

    /// Gambit command-line form: `NE,1/2,1/2,1/3,2/3`.
    public var gambitLine: String { "NE," + probabilities.flatMap { $0.map(\.gambitText) }.joined(separator: ",") }

    public var doubles: MixedProfile<Double> { MixedProfile<Double>(probabilities.map { $0.map(\.doubleValue) }) }
}

extension NormalFormGame {
    /// Each player's expected payoff under `profile`.
    public func expectedPayoffs<T: GameNumber>(_ profile: MixedProfile<T>) -> [T] {
        let n = playerCount, counts = strategyCounts
        let table = self.table(T.self)
        var result = [T](repeating: .zero, count: n)
        var choice = [Int](repeating: 0, count: n)
        for k in 0..<profileCount {
            var w = T.one
            for p in 0..<n { w = w * profile.probabilities[p][choice[p]]; if w == .zero { break } }
            if w != .zero { for p in 0..<n { result[p] += w * table[k * n + p] } }
            NormalFormGame.advance(&choice, counts)
        }
        return result
    }

    /// Player `player`'s expected payoff from each of their pure strategies against the others' mixture.
    public func strategyValues<T: GameNumber>(_ profile: MixedProfile<T>, player: Int) -> [T] {
        let n = playerCount, counts = strategyCounts
        let table = self.table(T.self)
        var values = [T](repeating: .zero, count: counts[player])
        var choice = [Int](repeating: 0, count: n)
        for k in 0..<profileCount {
            var w = T.one
            for p in 0..<n where p != player { w = w * profile.probabilities[p][choice[p]]; if w == .zero { break } }
            if w != .zero { values[choice[player]] += w * table[k * n + player] }
            NormalFormGame.advance(&choice, counts)
        }
        return values
    }

    /// Each player's regret: best pure-strategy payoff against the others minus their current payoff.
    /// Zero for every player exactly when `profile` is a Nash equilibrium.
    public func regrets<T: GameNumber>(_ profile: MixedProfile<T>) -> [T] {
        (0..<playerCount).map { p in
            let v = strategyValues(profile, player: p)
            var cur = T.zero
            for (s, x) in v.enumerated() { cur += x * profile.probabilities[p][s] }
            return v.max()! - cur
        }
    }

    /// The largest regret over players.
    public func maxRegret<T: GameNumber>(_ profile: MixedProfile<T>) -> T { regrets(profile).max()! }
}
