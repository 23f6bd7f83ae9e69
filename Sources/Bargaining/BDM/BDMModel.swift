import Foundation

/// One actor's move in a BDM round.
public struct BDMMove: Sendable, Codable, Hashable {
    public enum Kind: String, Sendable, Codable { case confrontation, compromise, capitulation }
    public var receiver: Int
    public var sender: Int
    public var kind: Kind
    public var from: Double
    public var to: Double
    /// The sender's and receiver's expected utilities used to classify the offer.
    public var senderEU: Double
    public var receiverEU: Double
}

/// One BDM round: the exponents used, the moves made, and the state after it.
public struct BDMRound: Sendable, Codable, Hashable {
    public var riskExponents: [Double]
    public var moves: [BDMMove]
    /// Positions after the round.
    public var positions: [Double]
    /// `medianRule` applied to the positions after the round (the model's forecast line).
    public var median: Double
    public var weightedMean: Double
}

public struct BDMCycle: Sendable, Codable, Hashable {
    public var actor: Int
    public var period: Int
}

public struct BDMResult: Sendable, Codable, Hashable {
    public var actors: [String]
    public var dimension: String
    public var variants: BDMVariants
    public var initialPositions: [Double]
    public var initialMedian: Double
    public var rounds: [BDMRound]
    /// True when the largest move stayed below epsilon·dx for `stableRounds` rounds.
    public var converged: Bool
    /// When not converged: the actors whose positions repeat with a period > 1 over the last
    /// rounds (e.g. Luxembourg's 4 ↔ 10 oscillation on the EU case).
    public var cycles: [BDMCycle]

    public var finalPositions: [Double] { rounds.last?.positions ?? initialPositions }
    /// The BDM forecast: the median (by `medianRule`) of the final positions. Without
    /// convergence, the median averaged over the last 10 rounds (the run has not settled, so
    /// no single round speaks for it; `converged` and `cycles` say so).
    public var forecast: Double {
        guard let last = rounds.last else { return initialMedian }
        if !converged {
            let tail = rounds.suffix(10).map(\.median)
            return tail.reduce(0, +) / Double(tail.count)
        }
        return last.median
    }
}

/// Bueno de Mesquita's expected-utility model in the open reconstructions of Scholz et al.
/// (2011), as coded by Masad 2013 and jmckib (sources: docs/bargaining.md), every disputed point
/// a switch of `BDMVariants`.
///
/// Guarantees: deterministic (no randomness); all moves of a round are applied together;
/// offers are considered in ascending sender index and ties go to the lowest sender. Stops
/// when the largest move is below epsilon·dx for `stableRounds` consecutive rounds, or at
/// `maxRounds`, reporting any cycle. Cost per round O(n²) (O(n³) with the all-triples
/// denominator or the own-alternative-positions risk baseline).
public enum BDMModel {
    /// Runs dimension `dimension` of `problem` (saliences 0–100 are divided by 100).
    public static func run(_ problem: BargainingProblem, dimension: Int = 0,
                           variants: BDMVariants = .masad2013) throws -> BDMResult {
        try problem.validate()
        guard dimension >= 0 && dimension < problem.dimensionCount else {
            throw BargainingError.invalidParameter("dimension \(dimension) does not exist")
        }
        let x0 = problem.actors.map { $0.positions[dimension] }
        let c = problem.actors.map(\.capability)
        let s = problem.actors.map { $0.saliences[dimension] / 100 }
        var engine = BDMEngine(c: c, s: s, x0: x0, v: variants)
        let (rounds, converged, cycles) = engine.run()
        return BDMResult(actors: problem.actors.map(\.name), dimension: problem.dimensions[dimension], variants: variants,
                         initialPositions: x0, initialMedian: engine.median(x0, rule: variants.medianRule),
                         rounds: rounds, converged: converged, cycles: cycles)
    }
}

struct BDMEngine {
    let n: Int
    let c: [Double], s: [Double], x0: [Double]
    let v: BDMVariants
    let dx: Double
    let xmin: Double

    init(c: [Double], s: [Double], x0: [Double], v: BDMVariants) {
        self.c = c; self.s = s; self.x0 = x0; self.v = v
        n = c.count
        xmin = x0.min() ?? 0
        let span = (x0.max() ?? 0) - xmin
        dx = span > 0 ? span : 1
    }

    var curved: Bool { v.probNumerator == .positiveRiskCurvedVotes }

    /// Voter k's vote for position a over position b.
    @inline(__always)
    func vote(_ k: Int, _ a: Double, _ b: Double, _ x: [Double], _ r: [Double]) -> Double {
        let w = c[k] * s[k]
        if curved {
            return w * (pow(abs(x[k] - b) / dx, r[k]) - pow(abs(x[k] - a) / dx, r[k]))
        }
        return w * (abs(x[k] - b) - abs(x[k] - a)) / dx
    }

    /// Σ over all ordered (k, a, b) of |vote| — the all-triples denominator.
    func triplesDenominator(_ x: [Double], _ r: [Double]) -> Double {
        var total = 0.0
        for k in 0..<n {
            let w = c[k] * s[k]
            let dk = (0..<n).map { a in curved ? pow(abs(x[k] - x[a]) / dx, r[k]) : abs(x[k] - x[a]) / dx }
            for a in 0..<n { for b in 0..<n { total += abs(w * (dk[b] - dk[a])) } }
        }
        return total
    }

    /// P_ij: the probability that i beats j.
    func probability(_ i: Int, _ j: Int, _ x: [Double], _ r: [Double], triples: Double) -> Double {
        if x[i] == x[j] { return 0 }
        var net = 0.0, pos = 0.0, absSum = 0.0
        for k in 0..<n {
            let vk = vote(k, x[i], x[j], x, r)
            net += vk
            if vk > 0 { pos += vk }
            absSum += abs(vk)
        }
        let num: Double
        switch v.probNumerator {
        case .clippedNetSum: num = max(0, net)
        case .positiveVotesOnly, .positiveRiskCurvedVotes: num = pos
        }
        let den = v.probDenominator == .pairAbsoluteVotes ? absSum : triples
        return den > 0 ? num / den : 0
    }

    @inline(__always)
    func u(_ base: Double, _ r: Double) -> Double { 2 - 4 * pow(max(0, base), r) }

    /// EU_i(i → j) evaluated with exponent `r`.
    func expectedUtility(_ i: Int, _ j: Int, _ x: [Double], r: Double, P: Double, mu: Double) -> Double {
        let dist = abs(x[i] - x[j]) / dx
        let us = u(0.5 - 0.5 * dist, r), uf = u(0.5 + 0.5 * dist, r)
        let usq = u(0.5, r)
        var sq = v.q * usq
        if v.statusQuoTerm != .statusQuoOnly && v.q < 1 {
            let D = v.betterWorseDistance == .selfToAlter ? abs(x[i] - x[j]) : abs(x[j] - mu)
            let spread = 0.25 * (abs(x[i] - mu) + D) / dx
            let ub = u(0.5 - spread, r), uw = u(0.5 + spread, r)
            let change = v.t * ub + (1 - v.t) * uw
            sq += (v.statusQuoTerm == .paper ? 1 : -1) * (1 - v.q) * change
        }
        return s[j] * (P * us + (1 - P) * uf) + (1 - s[j]) * us - sq
    }

    func median(_ x: [Double], rule: BDMVariants.MedianRule) -> Double {
        let ones = [Double](repeating: 1, count: n)
        switch rule {
        case .weightedMean, .weightedMedian:
            let b = Baselines(positions: x, capabilities: c, saliences: s)
            return rule == .weightedMean ? b.weightedMean : b.weightedMedian
        case .largestPairwiseMargin:
            var best = -Double.infinity, at = x[0]
            for j in 0..<n {
                for l in 0..<n where l != j {
                    var m = 0.0
                    for k in 0..<n { m += c[k] * s[k] * (abs(x[k] - x[l]) - abs(x[k] - x[j])) / dx }
                    if m > best { best = m; at = x[j] }
                }
            }
            return at
        case .sequentialPairwise:
            let distinct = Array(Set(x)).sorted()
            var incumbent = distinct[0]
            for ch in distinct.dropFirst() {
                var m = 0.0
                for k in 0..<n { m += vote(k, ch, incumbent, x, ones) }
                if m > 0 { incumbent = ch }
            }
            return incumbent
        }
    }

    /// Danger to each actor: S_i = Σ_{j≠i} EU_j(j→i) with r = 1.
    func dangers(_ x: [Double], mu: Double) -> [Double] {
        let ones = [Double](repeating: 1, count: n)
        let tri = v.probDenominator == .allTriplesAbsoluteVotes ? triplesDenominator(x, ones) : 0
        var S = [Double](repeating: 0, count: n)
        for i in 0..<n {
            for j in 0..<n where j != i {
                let P = probability(j, i, x, ones, triples: tri)
                S[i] += expectedUtility(j, i, x, r: 1, P: P, mu: mu)
            }
        }
        return S
    }

    /// S_i alone (O(n²), or O(n³) with the all-triples denominator).
    func danger(to i: Int, _ x: [Double], mu: Double) -> Double {
        let ones = [Double](repeating: 1, count: n)
        let tri = v.probDenominator == .allTriplesAbsoluteVotes ? triplesDenominator(x, ones) : 0
        var S = 0.0
        for j in 0..<n where j != i {
            S += expectedUtility(j, i, x, r: 1, P: probability(j, i, x, ones, triples: tri), mu: mu)
        }
        return S
    }

    func riskExponents(_ x: [Double], mu: Double) -> [Double] {
        var R = [Double](repeating: 0, count: n)
        switch v.riskBaseline {
        case .acrossActors:
            let S = dangers(x, mu: mu)
            let smax = S.max()!, smin = S.min()!
            if smax > smin { R = S.map { (2 * $0 - smax - smin) / (smax - smin) } }
        case .ownAlternativePositions:
            let S = dangers(x, mu: mu)
            for i in 0..<n {
                var lo = S[i], hi = S[i]
                for m in 0...10 {
                    var y = x
                    y[i] = xmin + dx * Double(m) / 10
                    let Si = danger(to: i, y, mu: mu)
                    lo = min(lo, Si); hi = max(hi, Si)
                }
                if hi > lo { R[i] = (2 * S[i] - hi - lo) / (hi - lo) }
            }
        }
        return R.map { (1 - $0 / 3) / (1 + $0 / 3) }
    }

    struct Offer { var sender: Int; var kind: BDMMove.Kind?; var to: Double; var eSnd: Double; var eRec: Double }

    func round(_ x: [Double]) -> ([Double], [Double], [BDMMove]) {
        let mu1 = median(x, rule: v.medianRule)
        let r = riskExponents(x, mu: mu1)
        let mu = v.medianRecompute == .perPass ? median(x, rule: v.finalPassMedianRule) : mu1
        let tri = v.probDenominator == .allTriplesAbsoluteVotes ? triplesDenominator(x, r) : 0
        var P = [Double](repeating: 0, count: n * n)
        for i in 0..<n { for j in 0..<n where j != i { P[i * n + j] = probability(i, j, x, r, triples: tri) } }
        // EU[o][i][j]: EU_i(i→j) as evaluated by o; only o ∈ {i, j} is needed.
        func eu(_ i: Int, _ j: Int, by o: Int) -> Double {
            let exponent = v.riskExponentOwner == .own ? r[i] : r[o]
            return expectedUtility(i, j, x, r: exponent, P: P[i * n + j], mu: mu)
        }
        var newX = x
        var moves: [BDMMove] = []
        for j in 0..<n {
            var offers: [Offer] = []
            for i in 0..<n where i != j {
                let sent = eu(i, j, by: i)
                if v.offerSending == .senderExpectsGain { guard sent > 0 else { continue } }
                let eSnd: Double, eRec: Double
                switch v.offerClassification {
                case .senderVersusReceiver: eSnd = sent; eRec = eu(j, i, by: j)
                case .receiverComputesBoth: eSnd = eu(i, j, by: j); eRec = eu(j, i, by: j)
                }
                let capitulations = v.capitulationTest == .standard
                if eRec > 0 && eRec < eSnd {
                    offers.append(Offer(sender: i, kind: .confrontation, to: x[i], eSnd: eSnd, eRec: eRec))
                } else if eRec < 0 && eSnd > 0 && abs(eRec) < eSnd {
                    offers.append(Offer(sender: i, kind: .compromise, to: x[j] + (x[i] - x[j]) * abs(eRec / eSnd), eSnd: eSnd, eRec: eRec))
                } else if capitulations && eRec < 0 && eSnd > 0 && abs(eRec) > eSnd {
                    offers.append(Offer(sender: i, kind: .capitulation, to: x[i], eSnd: eSnd, eRec: eRec))
                } else if eSnd > 0 && v.resistedOffersCompete {
                    offers.append(Offer(sender: i, kind: nil, to: x[j], eSnd: eSnd, eRec: eRec))
                }
            }
            guard !offers.isEmpty else { continue }
            let chosen: Offer
            func move(_ o: Offer) -> Double { abs(o.to - x[j]) }
            switch v.offerSelection {
            case .maxEUThenMinMove:
                chosen = offers.dropFirst().reduce(offers[0]) { b, o in
                    (o.eSnd > b.eSnd || (o.eSnd == b.eSnd && move(o) < move(b))) ? o : b
                }
            case .minMoveThenMaxEU:
                chosen = offers.dropFirst().reduce(offers[0]) { b, o in
                    (move(o) < move(b) || (move(o) == move(b) && o.eSnd > b.eSnd)) ? o : b
                }
            case .scholzCompromiseRule:
                func smallest(_ list: [Offer]) -> Offer { list.dropFirst().reduce(list[0]) { move($1) < move($0) ? $1 : $0 } }
                let conf = offers.filter { $0.kind == .confrontation }
                let comp = offers.filter { $0.kind == .compromise }
                if !conf.isEmpty { chosen = smallest(conf) }
                else if !comp.isEmpty {
                    func key(_ o: Offer) -> Double {
                        (abs(o.eRec) * x[j] + abs(o.eSnd) * x[o.sender]) / (abs(o.eRec) + abs(o.eSnd))
                    }
                    chosen = comp.dropFirst().reduce(comp[0]) { key($1) < key($0) ? $1 : $0 }
                } else { chosen = smallest(offers) }
            }
            guard let kind = chosen.kind else { continue }
            newX[j] = chosen.to
            moves.append(BDMMove(receiver: j, sender: chosen.sender, kind: kind, from: x[j], to: chosen.to,
                                 senderEU: chosen.eSnd, receiverEU: chosen.eRec))
        }
        return (newX, r, moves)
    }

    mutating func run() -> ([BDMRound], Bool, [BDMCycle]) {
        var x = x0
        var rounds: [BDMRound] = []
        var stable = 0
        var history: [[Double]] = [x0]
        for _ in 0..<v.maxRounds {
            let (nx, r, moves) = round(x)
            var biggest = 0.0
            for i in 0..<n { biggest = max(biggest, abs(nx[i] - x[i])) }
            x = nx
            history.append(x)
            rounds.append(BDMRound(riskExponents: r, moves: moves, positions: x, median: median(x, rule: v.medianRule),
                                   weightedMean: Baselines(positions: x, capabilities: c, saliences: s).weightedMean))
            stable = biggest < v.epsilon * dx ? stable + 1 : 0
            if stable >= v.stableRounds { return (rounds, true, []) }
        }
        // Not converged: per actor, the shortest period p > 1 with x_t = x_{t−p} over the last
        // 2p rounds (and not stationary).
        let tol = max(v.epsilon * dx, 1e-12)
        var cycles: [BDMCycle] = []
        let T = history.count - 1
        for i in 0..<n {
            for p in 2...6 where T >= 3 * p {
                let repeats = (0..<(2 * p)).allSatisfy { abs(history[T - $0][i] - history[T - $0 - p][i]) <= tol }
                let moves = (0..<p).contains { abs(history[T - $0][i] - history[T - $0 - 1][i]) > tol }
                if repeats && moves { cycles.append(BDMCycle(actor: i, period: p)); break }
            }
        }
        return (rounds, false, cycles)
    }
}
