import Foundation

/// The scalar machinery of KTAB's SMP (Steps 1–5 of KTAB's model): utility of distance,
/// voting rules, coalitions, victory probabilities and probabilistic Condorcet elections.
/// All functions are exact transcriptions of KTAB's equations in Double arithmetic,
/// with sums accumulated in ascending index order (docs/bargaining.md's canonical order).
enum SMPMath {
    /// u(δ, r): (1 − δ)(1 + δ·r) for δ ≤ 1, else (1 − δ)(1 + r).
    @inline(__always)
    static func utility(_ delta: Double, _ r: Double) -> Double {
        delta <= 1 ? (1 - delta) * (1 + delta * r) : (1 - delta) * (1 + r)
    }

    @inline(__always)
    static func binaryTerm(_ delta: Double) -> Double {
        Swift.min(1, Swift.max(-1, delta / 1e-8))
    }

    /// V(w, Δ) of Step 2.
    @inline(__always)
    static func vote(_ rule: VotingRule, _ w: Double, _ d: Double) -> Double {
        switch rule {
        case .binary: return w * binaryTerm(d)
        case .propBin: return w * (0.8 * d + 0.2 * binaryTerm(d))
        case .prop: return w * d
        case .propCbc: return w * (0.5 * d + 0.5 * d * d * d)
        case .cubic: return w * (d * d * d)
        case .asymProsp:
            if d < 0 { return w * d }
            if d > 0 { return (2.0 / 3.0) * w * d }
            return 0
        }
    }

    /// Coalition strengths C (N × N, row-major) of Step 3. `util[v * N + o]` is voter v's
    /// utility for option o. Only i > j is voted on (KTAB's lower triangle).
    static func coalitions(options N: Int, voters: Int, util: [Double], weights: [Double], rule: VotingRule) -> [Double] {
        var C = [Double](repeating: 0, count: N * N)
        // For each option i, the sums over voters for all j < i advance together (voter loop
        // outside, j loop inside): every sum still runs over voters in ascending order, so the
        // values are those of the pair-by-pair loop, but the inner loop is vectorisable.
        var plus = [Double](repeating: 0, count: N), minus = plus
        util.withUnsafeBufferPointer { u in
            weights.withUnsafeBufferPointer { w in
                plus.withUnsafeMutableBufferPointer { pl in
                    minus.withUnsafeMutableBufferPointer { mi in
                        C.withUnsafeMutableBufferPointer { c in
                            for i in 0..<N {
                                c[i * N + i] = 1e-8
                                guard i > 0 else { continue }
                                for j in 0..<i { pl[j] = 0; mi[j] = 0 }
                                for k in 0..<voters {
                                    let row = u.baseAddress! + k * N
                                    let uki = row[i], wk = w[k]
                                    if rule == .prop {
                                        for j in 0..<i {
                                            let v = wk * (uki - row[j])
                                            pl[j] += Swift.max(v, 0)
                                            mi[j] += Swift.max(-v, 0)
                                        }
                                    } else {
                                        for j in 0..<i {
                                            let v = vote(rule, wk, uki - row[j])
                                            if v > 0 { pl[j] += v } else { mi[j] -= v }
                                        }
                                    }
                                }
                                for j in 0..<i {
                                    c[i * N + j] = 1e-8 + pl[j]
                                    c[j * N + i] = 1e-8 + mi[j]
                                }
                            }
                        }
                    }
                }
            }
        }
        return C
    }

    /// P[i ≻ j] (N × N) of Step 4 from coalition strengths.
    static func victoryProbabilities(_ C: [Double], options N: Int, model: VictoryProbModel) -> [Double] {
        var P = [Double](repeating: 0.5, count: N * N)
        for i in 0..<N {
            for j in 0..<N where j != i {
                let a = C[i * N + j], b = C[j * N + i]
                var fa: Double, fb: Double
                switch model {
                case .linear: fa = a; fb = b
                case .square: fa = a * a; fb = b * b
                case .quartic: fa = a * a; fa *= fa; fb = b * b; fb *= fb
                case .octic: fa = a * a; fa *= fa; fa *= fa; fb = b * b; fb *= fb; fb *= fb
                case .binary:
                    let thresh = 1.1
                    if a >= thresh * b { fa = 1; fb = 1e-6 }
                    else if b >= thresh * a { fa = 1e-6; fb = 1 }
                    else {
                        let r = a / (a + b)
                        let p = (r * (thresh + 1) - 1) / (thresh - 1)
                        fa = p; fb = 1 - p
                    }
                }
                P[i * N + j] = fa / (fa + fb)
            }
        }
        return P
    }

    /// The probabilistic Condorcet election of Step 5: a distribution over N options.
    static func condorcet(_ P: [Double], _ C: [Double], options N: Int, model: PCEModel) throws -> [Double] {
        switch model {
        case .conditional:
            var p = [Double](repeating: 1, count: N)
            var anyZero = false
            for i in 0..<N {
                var prod = 1.0
                for j in 0..<N { prod *= P[i * N + j] }
                p[i] = prod
            }
            var s = p.reduce(0, +)
            if !(s > 0) || !s.isFinite { anyZero = true }
            if anyZero {
                // Products underflowed (large N): the same distribution computed in logs.
                var lp = [Double](repeating: 0, count: N)
                for i in 0..<N {
                    var l = 0.0
                    for j in 0..<N { l += log(P[i * N + j]) }
                    lp[i] = l
                }
                let m = lp.max() ?? 0
                p = lp.map { exp($0 - m) }
                s = p.reduce(0, +)
            }
            return p.map { $0 / s }
        case .markovUniform:
            var p = [Double](repeating: 1.0 / Double(N), count: N)
            var q = p
            for _ in 0..<100_000 {
                var change = 0.0
                for i in 0..<N {
                    var acc = 0.0
                    for j in 0..<N { acc += P[i * N + j] * (p[i] + p[j]) }
                    q[i] = acc / Double(N)
                    change = Swift.max(change, abs(q[i] - p[i]))
                }
                for i in 0..<N { p[i] = (p[i] + q[i]) / 2 }
                if change <= 1e-6 { break }
            }
            return p
        case .markovIncentive:
            // n(i→j) = C(i,j)·P[i≻j] (+1e-10 on the diagonal); Pc(i→j) = n(i→j) / Σ_a n(a→j).
            var inc = [Double](repeating: 0, count: N * N)
            for i in 0..<N {
                for j in 0..<N {
                    inc[i * N + j] = C[i * N + j] * P[i * N + j] + (i == j ? 1e-10 : 0)
                }
            }
            var pc = inc
            for j in 0..<N {
                var s = 0.0
                for a in 0..<N { s += inc[a * N + j] }
                for i in 0..<N { pc[i * N + j] = inc[i * N + j] / s }
            }
            var p = [Double](repeating: 1.0 / Double(N), count: N)
            var q = p
            var converged = false
            for _ in 0..<1000 {
                var change = 0.0
                for i in 0..<N {
                    var acc = 0.0
                    for j in 0..<N {
                        // ct(i,j) = p_i·Pc(j→i); ct(j,i) = p_j·Pc(i→j)
                        acc += P[i * N + j] * (p[i] * pc[j * N + i] + p[j] * pc[i * N + j])
                    }
                    q[i] = acc
                    change = Swift.max(change, abs(q[i] - p[i]))
                }
                for i in 0..<N { p[i] = (p[i] + q[i]) / 2 }
                if change <= 1e-8 { converged = true; break }
            }
            if !converged { throw BargainingError.ktab("MarkovIncentive PCE did not converge in 1000 iterations") }
            return p
        }
    }

    /// Steps 3–5 together.
    static func election(options N: Int, voters: Int, util: [Double], weights: [Double],
                         rule: VotingRule, vpm: VictoryProbModel, pcem: PCEModel) throws -> [Double] {
        if N == 1 { return [1] }
        let C = coalitions(options: N, voters: voters, util: util, weights: weights, rule: rule)
        let P = victoryProbabilities(C, options: N, model: vpm)
        return try condorcet(P, C, options: N, model: pcem)
    }
}
