/// One bargain of a turn: initiator i challenged receiver j and proposed these positions.
public struct SMPBargain: Sendable, Codable, Hashable {
    /// Index of this bargain in its turn's list (ascending initiator order).
    public var id: Int
    public var initiator: Int
    public var receiver: Int
    /// The initiator's estimate (h = k = i) of the probability that it wins the challenge.
    public var probability: Double
    /// The initiator's expected-utility gain from the challenge (twice KTAB's EU, as KTAB logs).
    public var expectedGain: Double
    /// Proposed positions on 0–100, per dimension.
    public var initiatorPosition: [Double]
    public var receiverPosition: [Double]
}

/// One evaluation of a challenge from a perspective (KTAB's UtilChlg/TPProbVictLoss rows),
/// kept only when `logAllPerspectives` is on.
public struct SMPPerspective: Sendable, Codable, Hashable {
    public var h: Int, k: Int, initiator: Int, receiver: Int
    public var probability: Double
    public var expectedGain: Double
}

/// What happened in one turn (from state t to t + 1).
public struct SMPTurn: Sendable, Codable, Hashable {
    public var bargains: [SMPBargain]
    /// For each actor, the id of the bargain it adopted, or nil if it kept its position
    /// (KTAB's Mover_BargnId: why did this actor move?).
    public var adopted: [Int?]
    /// Stopping-rule ratio after this turn (KTAB's "Fractional change compared to first step").
    public var fractionalChange: Double
    public var perspectives: [SMPPerspective]?
}

/// The full record of an SMP run. Positions are on KTAB's 0–100 input scale.
public struct SMPResult: Sendable, Codable, Hashable {
    public var actors: [String]
    public var dimensions: [String]
    public var parameters: SMPParameters
    /// positions[state][actor][dimension], states 0 … stateCount − 1.
    public var positions: [[[Double]]]
    /// ideals[state][actor][dimension].
    public var ideals: [[[Double]]]
    /// Reported winning probability of each actor's position, per state ([state][actor]);
    /// only the final state's when `reportProbabilitiesEachTurn` is off.
    public var winProbabilities: [[Double]]
    /// Risk attitudes R per state ([state][actor]).
    public var riskAttitudes: [[Double]]
    public var turns: [SMPTurn]

    public var stateCount: Int { positions.count }
    public var fractionalChanges: [Double] { turns.map(\.fractionalChange) }
    public var finalPositions: [[Double]] { positions[positions.count - 1] }
    public var finalWinProbabilities: [Double] { winProbabilities[winProbabilities.count - 1] }
    /// True when the stopping rule fired before the turn limit.
    public var converged: Bool { turns.count < parameters.maxTurns }

    /// The final probabilistic Condorcet election over distinct positions: the actor holding
    /// each distinct position (first in file order) and that position's probability.
    public var finalDistinctHolders: [Int]
    public var finalDistinctProbabilities: [Double]

    /// The forecast for dimension k: the expected outcome of the final probabilistic Condorcet
    /// election, Σ over distinct final positions of (probability × position). Actors sharing a
    /// position (within 1e-3 on 0–1) count once, as in KTAB's reported probabilities.
    public func forecast(dimension k: Int) -> Double {
        var s = 0.0, total = 0.0
        for (r, p) in zip(finalDistinctHolders, finalDistinctProbabilities) {
            s += p * finalPositions[r][k]; total += p
        }
        return total > 0 ? s / total : finalPositions[0][k]
    }

    /// The most probable final position (KTAB's winning position), per dimension.
    public var modalPosition: [Double] {
        var best = 0
        for u in finalDistinctProbabilities.indices where finalDistinctProbabilities[u] > finalDistinctProbabilities[best] { best = u }
        return finalPositions[finalDistinctHolders[best]]
    }
}
