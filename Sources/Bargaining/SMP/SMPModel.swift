import BoundedInput
import Foundation

/// KTAB's Spatial Model of Politics, implemented from KTAB's documentation and checked against
/// its binary (sources: docs/bargaining.md).
///
/// Guarantees: with deterministic transitions the run is a pure function of the problem and
/// parameters (docs/bargaining.md's canonical order: no dependence on threads or containers). With
/// stochastic transitions one uniform draw is taken per queue, in ascending owner order, from
/// `CounterStream(seed: parameters.seed, stream: 0)`, so the same seed gives the same trajectory.
/// Cost per turn is O(n³·d) (KTAB's O(n⁴) perspective sweep only with `logAllPerspectives`).
/// Arithmetic is Double, matching KTAB's binary to print precision on the golden cases.
public enum SMPModel {
    public static func run(_ problem: BargainingProblem, parameters: SMPParameters = SMPParameters()) throws -> SMPResult {
        try problem.validate()
        var engine = SMPEngine(problem: problem, parameters: parameters)
        return try engine.run()
    }
}

struct SMPEngine {
    let n: Int, d: Int
    let cap: [Double]
    /// Saliences on 0–1, flat [i * d + k].
    let sal: [Double]
    let salSq: [Double]
    let salSqSum: [Double]
    /// Total salience S_i.
    let salTotal: [Double]
    /// c_i·S_i, the challenge-step vote weight.
    let capSal: [Double]
    let affinity: [[Double]]?
    let params: SMPParameters
    let problem: BargainingProblem
    var rng: CounterStream
    /// Stop the target scan early when no remaining target can win (exact; off in tests
    /// that compare it with the exhaustive scan).
    var pruneTargets = true

    init(problem: BargainingProblem, parameters: SMPParameters) {
        self.problem = problem
        params = parameters
        n = problem.actors.count
        d = problem.dimensions.count
        cap = problem.actors.map(\.capability)
        var s = [Double](), sq = [Double]()
        var sqSum = [Double](), tot = [Double]()
        for a in problem.actors {
            var ss = 0.0, t = 0.0
            for k in 0..<a.saliences.count {
                let v = a.saliences[k] / 100
                s.append(v); sq.append(v * v); ss += v * v; t += v
            }
            sqSum.append(ss); tot.append(t)
        }
        sal = s; salSq = sq; salSqSum = sqSum; salTotal = tot
        capSal = zip(cap, tot).map { $0 * $1 }
        affinity = problem.affinity
        rng = CounterStream(seed: parameters.seed, stream: 0)
        pruneTargets = !parameters.exhaustiveTargetScan
    }

    /// δ from actor a's ideal (flat θ) to a point y (offset into flat buffer).
    @inline(__always)
    func distance(_ a: Int, ideals theta: UnsafeBufferPointer<Double>, _ y: UnsafeBufferPointer<Double>, _ yOff: Int) -> Double {
        let den = salSqSum[a]
        if den <= 0 { return 0 }
        var num = 0.0
        for k in 0..<d {
            let t = theta[a * d + k] - y[yOff + k]
            num += salSq[a * d + k] * t * t
        }
        return (num / den).squareRoot()
    }

    /// δ_ij for all i, j (n × n, row = judging actor).
    func distances(x: [Double], theta: [Double]) -> [Double] {
        var D = [Double](repeating: 0, count: n * n)
        theta.withUnsafeBufferPointer { th in
            x.withUnsafeBufferPointer { xb in
                for i in 0..<n {
                    for j in 0..<n { D[i * n + j] = distance(i, ideals: th, xb, j * d) }
                }
            }
        }
        return D
    }

    /// Step 6: risk attitudes from the risk-neutral election over all n positions.
    func riskAttitudes(_ D: [Double]) throws -> [Double] {
        let u0 = D.map { 1 - $0 }
        let p = try SMPMath.election(options: n, voters: n, util: u0, weights: cap, rule: params.votingRule,
                                     vpm: params.victoryProbModel, pcem: params.pceModel)
        let pmin = p.min()!, pmax = p.max()!
        let span = pmax - pmin
        guard span > 0 else { return [Double](repeating: 0, count: n) }
        switch params.bigRRange {
        case .min: return p.map { ($0 - pmin) / span }
        case .mid: return p.map { (3 * $0 - pmax - 2 * pmin) / (2 * span) }
        case .max: return p.map { (2 * $0 - pmax - pmin) / span }
        }
    }

    /// r^h_i of Step 7.
    @inline(__always)
    func perceivedRisk(_ R: [Double], h: Int, i: Int) -> Double {
        switch params.bigRAdjust {
        case .none: return R[h]
        case .oneThird: return (2 * R[h] + R[i]) / 3
        case .half: return (R[h] + R[i]) / 2
        case .twoThirds: return (R[h] + 2 * R[i]) / 3
        case .full: return R[i]
        }
    }

    /// U^h stored by column: U[b * n + a] = U^h(a, b) = u(δ_ab, r^h_a), so that the challenge
    /// loop over third parties a reads contiguous memory.
    func perceivedUtilities(_ D: [Double], _ R: [Double], h: Int, into U: inout [Double]) {
        for a in 0..<n {
            let r = perceivedRisk(R, h: h, i: a)
            for b in 0..<n { U[b * n + a] = SMPMath.utility(D[a * n + b], r) }
        }
    }

    /// Step 8, probEduChlg(h, k, i, j) with U = U^h (column-major, see `perceivedUtilities`):
    /// (P that i beats j, ΔEU for k).
    func challenge(_ U: UnsafeBufferPointer<Double>, diag: UnsafeBufferPointer<Double>, k: Int, i: Int, j: Int) -> (Double, Double) {
        let rule = params.votingRule
        let ci = i * n, cj = j * n
        let a = SMPMath.vote(rule, cap[i] * salTotal[i], U[ci + i] - U[cj + i])
        let b = SMPMath.vote(rule, cap[j] * salTotal[j], U[ci + j] - U[cj + j])
        let cp0 = 1e-10 + Swift.max(a, 0) + Swift.max(b, 0)
        let cm0 = 1e-10 + Swift.max(-a, 0) + Swift.max(-b, 0)
        var cp = cp0, cm = cm0
        if rule == .prop && params.thirdPartyCommit == .semiCommit {
            // The default parameters, written out branch-free: same operations in the same
            // order as the general path below, so the results are bit-identical.
            capSal.withUnsafeBufferPointer { w in
                for t in 0..<n where t != i && t != j {
                    let uti = U[ci + t], utj = U[cj + t], utt = diag[t]
                    let v0 = w[t] * (uti - utj)
                    // v0 > 0: (cp0 + v0)/((cp0 + v0) + cm0); v0 ≤ 0: cp0/((cp0 + cm0) − v0), exactly,
                    // since adding a zero is exact.
                    let num = cp0 + Swift.max(v0, 0)
                    let den = (num + cm0) + Swift.max(-v0, 0)
                    let pi = num / den
                    let euI = pi * (2 * uti + utt) + (1 - pi) * (3 * utj)
                    let euJ = pi * (3 * uti) + (1 - pi) * (2 * utj + utt)
                    let v = w[t] * (euI - euJ)
                    cp += Swift.max(v, 0)
                    cm += Swift.max(-v, 0)
                }
            }
        } else {
            for t in 0..<n where t != i && t != j {
                let w = capSal[t]
                let uti = U[ci + t], utj = U[cj + t], utt = diag[t]
                let v0 = SMPMath.vote(rule, w, uti - utj)
                let pi: Double
                if v0 > 0 { pi = (cp0 + v0) / (cp0 + v0 + cm0) }
                else if v0 < 0 { pi = cp0 / (cp0 + cm0 - v0) }
                else { pi = cp0 / (cp0 + cm0) }
                let joinIWin, joinILose, joinJIWin, joinJLose: Double
                switch params.thirdPartyCommit {
                case .semiCommit:
                    joinIWin = 2 * uti + utt; joinILose = 3 * utj; joinJIWin = 3 * uti; joinJLose = 2 * utj + utt
                case .fullCommit:
                    joinIWin = 3 * uti; joinILose = 3 * utj; joinJIWin = 3 * uti; joinJLose = 3 * utj
                case .noCommit:
                    joinIWin = 2 * uti + utt; joinILose = 2 * utj + utt; joinJIWin = 2 * uti + utt; joinJLose = 2 * utj + utt
                }
                let euI = pi * joinIWin + (1 - pi) * joinILose
                let euJ = pi * joinJIWin + (1 - pi) * joinJLose
                let v = SMPMath.vote(rule, w, euI - euJ)
                if v > 0 { cp += v } else { cm -= v }
            }
        }
        let P = cp / (cp + cm)
        let uki = U[ci + k], ukj = U[cj + k]
        let euSQ = uki + ukj
        let euVict = 2 * uki
        let euCntst = P * 2 * uki + (1 - P) * 2 * ukj
        let sj = salTotal[j]
        let euChlg = (1 - sj) * euVict + sj * euCntst
        return (P, euChlg - euSQ)
    }

    @inline(__always)
    static func rnd4(_ x: Double) -> Double { (0.5 + 1e4 * x).rounded(.down) / 1e4 }

    /// Step 10: the bargain between i and j given i's win probability P (0–1 positions).
    func bargain(x: [Double], i: Int, j: Int, P: Double) -> ([Double], [Double]) {
        var bi = [Double](repeating: 0, count: d), bj = bi
        switch params.interVecBrgn {
        case .s2p2, .s1p1:
            let sq = params.interVecBrgn == .s2p2
            for k in 0..<d {
                let si = sal[i * d + k], sj = sal[j * d + k]
                let wi = sq ? si * si * P * P : si * P
                let wj = sq ? sj * sj * (1 - P) * (1 - P) : sj * (1 - P)
                let xi = x[i * d + k], xj = x[j * d + k]
                bi[k] = Self.rnd4(((wi + 1e-6) * xi + wj * xj) / (wi + 1e-6 + wj))
                bj[k] = Self.rnd4((wi * xi + (wj + 1e-6) * xj) / (wi + wj + 1e-6))
            }
        case .s2pMax:
            let pi = P, pj = 1 - P
            let di = Swift.max(0, pj - pi), dj = Swift.max(0, pi - pj)
            for k in 0..<d {
                let si2 = salSq[i * d + k], sj2 = salSq[j * d + k]
                let dik = di * sj2 / (di * sj2 + 1e-6 + (1 - di) * si2)
                let djk = dj * si2 / (dj * si2 + 1e-6 + (1 - dj) * sj2)
                let xi = x[i * d + k], xj = x[j * d + k]
                bi[k] = xi + dik * (xj - xi)
                bj[k] = xj + djk * (xi - xj)
            }
        }
        return (bi, bj)
    }

    /// A target in scan order: decreasing bound, then increasing index.
    struct Candidate: Comparable {
        var bound: Double
        var index: Int
        static func < (a: Candidate, b: Candidate) -> Bool {
            a.bound > b.bound || (a.bound == b.bound && a.index < b.index)
        }
    }

    struct Proposal {
        var initiator: Int, receiver: Int
        var P: Double, gain: Double
        var bi: [Double], bj: [Double]
    }

    /// Steps 9–10: every actor's best challenge and the bargains it puts in the queues.
    func proposals(x: [Double], D: [Double], R: [Double]) -> [Proposal] {
        var out: [Proposal] = []
        var UR = [Double](repeating: 0, count: n * n)
        // Scratch buffers for the target scan (hot loop: no bounds checks).
        let U = UnsafeMutableBufferPointer<Double>.allocate(capacity: n * n)
        let bound = UnsafeMutableBufferPointer<Double>.allocate(capacity: n)
        let rh = UnsafeMutableBufferPointer<Double>.allocate(capacity: n)
        let diag = UnsafeMutableBufferPointer<Double>.allocate(capacity: n)
        var order: [Candidate] = []
        order.reserveCapacity(n)
        U.initialize(repeating: 0); bound.initialize(repeating: 0); rh.initialize(repeating: 0)
        diag.initialize(repeating: 0)
        defer { U.deallocate(); bound.deallocate(); rh.deallocate(); diag.deallocate() }
        for i in 0..<n {
            var best = -1
            var bestGain = 1e-5, bestP = 0.0
            D.withUnsafeBufferPointer { Dp in
                // Only the columns of U^i that the scan reads are computed: column i, the
                // diagonal, and column j of each target evaluated (same formula, same bits).
                for a in 0..<n { rh[a] = perceivedRisk(R, h: i, i: a) }
                for t in 0..<n { diag[t] = SMPMath.utility(Dp[t * n + t], rh[t]) }
                func fillColumn(_ b: Int) {
                    for a in 0..<n { U[b * n + a] = SMPMath.utility(Dp[a * n + b], rh[a]) }
                }
                fillColumn(i)
                // With k = i, ΔEU = (a − b)(1 − 2 S_j (1 − P)) where a = U(i,i), b = U(i,j) and
                // P ∈ [0, 1], so ΔEU ≤ bound_j = a ≥ b ? a − b : (b − a)(2 S_j − 1). Scanning
                // targets by decreasing bound, the scan stops once no remaining target could
                // beat the best (with a 1e-12 margin for rounding). Ties still go to the lowest
                // index, so the choice is exactly that of KTAB's ascending scan, at a fraction of
                // the O(n) evaluations.
                let a = U[i * n + i]
                for j in 0..<n where j != i {
                    let b = SMPMath.utility(Dp[i * n + j], rh[i])
                    bound[j] = a >= b ? a - b : (b - a) * (2 * salTotal[j] - 1)
                }
                order.removeAll(keepingCapacity: true)
                for j in 0..<n where j != i { order.append(Candidate(bound: bound[j], index: j)) }
                order.sort()
                for cand in order {
                    let j = cand.index
                    if pruneTargets && cand.bound < bestGain - 1e-12 { break }
                    fillColumn(j)
                    let (P, g) = challenge(UnsafeBufferPointer(U), diag: UnsafeBufferPointer(diag), k: i, i: i, j: j)
                    if g > 1e-5 && (best < 0 || g > bestGain || (g == bestGain && j < best)) {
                        best = j; bestGain = g; bestP = P
                    }
                }
            }
            guard best >= 0 else { continue }
            let j = best
            let (bi, bj) = bargain(x: x, i: i, j: j, P: bestP)
            switch params.bargnModel {
            case .initOnlyInterp:
                out.append(Proposal(initiator: i, receiver: j, P: bestP, gain: bestGain, bi: bi, bj: bj))
            case .initRcvrInterp, .pwCompInterp:
                perceivedUtilities(D, R, h: j, into: &UR)
                let (pj, gj) = UR.withUnsafeBufferPointer { u in
                    let dg = (0..<n).map { u[$0 * n + $0] }
                    return dg.withUnsafeBufferPointer { challenge(u, diag: $0, k: i, i: i, j: j) }
                }
                let receiverP = params.compatibility.ktabReceiverProbabilityIsGain ? gj : pj
                let (ri, rj) = bargain(x: x, i: i, j: j, P: receiverP)
                if params.bargnModel == .initRcvrInterp {
                    out.append(Proposal(initiator: i, receiver: j, P: bestP, gain: bestGain, bi: bi, bj: bj))
                    out.append(Proposal(initiator: i, receiver: j, P: bestP, gain: bestGain, bi: ri, bj: rj))
                } else {
                    let wi = cap[i] * salTotal[i]
                    let wj = (params.compatibility.ktabPairwiseWeightUsesInitiatorCapability ? cap[i] : cap[j]) * salTotal[j]
                    var ci = bi, cj = bj
                    for k in 0..<d {
                        ci[k] = (wi * bi[k] + wj * ri[k]) / (wi + wj)
                        cj[k] = (wi * bj[k] + wj * rj[k]) / (wi + wj)
                    }
                    out.append(Proposal(initiator: i, receiver: j, P: bestP, gain: bestGain, bi: ci, bj: cj))
                }
            }
        }
        return out
    }

    /// Steps 11–12: each actor resolves its own queue and takes its side of the winner.
    mutating func resolveQueues(x: [Double], theta: [Double], D: [Double], R: [Double],
                                proposals: [Proposal]) throws -> ([Double], [Int?]) {
        // U^a(a, q) = u(δ_aq, R_a) and ua(b) for every voter and bargain side, computed once.
        var UR = [Double](repeating: 0, count: n * n)
        for a in 0..<n { for q in 0..<n { UR[a * n + q] = SMPMath.utility(D[a * n + q], R[a]) } }
        let m = proposals.count
        var uInit = [Double](repeating: 0, count: n * m), uRcvr = uInit
        theta.withUnsafeBufferPointer { th in
            for (b, p) in proposals.enumerated() {
                p.bi.withUnsafeBufferPointer { bi in
                    p.bj.withUnsafeBufferPointer { bj in
                        for a in 0..<n {
                            uInit[a * m + b] = SMPMath.utility(distance(a, ideals: th, bi, 0), R[a])
                            uRcvr[a * m + b] = SMPMath.utility(distance(a, ideals: th, bj, 0), R[a])
                        }
                    }
                }
            }
        }
        // Row sums give U_a(SQ); a bargain's utility for voter a replaces the initiator's and
        // receiver's terms, the same for every queue it sits in (O(1) per voter and bargain).
        var rowSum = [Double](repeating: 0, count: n)
        for a in 0..<n {
            var s = 0.0
            for q in 0..<n { s += UR[a * n + q] }
            rowSum[a] = s
        }
        let invN = 1.0 / Double(n)
        var bargainUtil = [Double](repeating: 0, count: n * m)
        for (b, p) in proposals.enumerated() {
            for a in 0..<n {
                let s = rowSum[a] - UR[a * n + p.initiator] - UR[a * n + p.receiver] + uInit[a * m + b] + uRcvr[a * m + b]
                bargainUtil[a * m + b] = s * invN
            }
        }
        var queues = [[Int]](repeating: [], count: n)
        for (b, p) in proposals.enumerated() {
            queues[p.initiator].append(b)
            queues[p.receiver].append(b)
        }
        var newX = x
        var adopted = [Int?](repeating: nil, count: n)
        for owner in 0..<n {
            let entries = queues[owner]
            let q = entries.count + 1
            var choice = 0
            if q > 1 {
                var util = [Double](repeating: 0, count: n * q)
                for a in 0..<n {
                    util[a * q] = rowSum[a] * invN
                    for (e, b) in entries.enumerated() { util[a * q + e + 1] = bargainUtil[a * m + b] }
                }
                let p = try SMPMath.election(options: q, voters: n, util: util, weights: cap, rule: params.votingRule,
                                             vpm: params.victoryProbModel, pcem: params.pceModel)
                choice = pick(p)
            } else if params.stateTransitions == .stochastic {
                _ = rng.uniform()
            }
            if choice > 0 {
                let b = entries[choice - 1]
                let prop = proposals[b]
                let side = prop.initiator == owner ? prop.bi : prop.bj
                for k in 0..<d { newX[owner * d + k] = side[k] }
                adopted[owner] = b
            }
        }
        return (newX, adopted)
    }

    /// Deterministic: the first entry of maximal probability. Stochastic: a cumulative pick
    /// with one uniform draw.
    mutating func pick(_ p: [Double]) -> Int {
        switch params.stateTransitions {
        case .deterministic:
            var best = 0
            for i in 1..<p.count where p[i] > p[best] { best = i }
            return best
        case .stochastic:
            let u = rng.uniform()
            var acc = 0.0
            for i in 0..<p.count {
                acc += p[i]
                if u < acc { return i }
            }
            return p.count - 1
        }
    }

    /// The reported winning probability of each actor's position (PCE over distinct positions).
    func positionProbabilities(x: [Double], D: [Double], R: [Double]) throws -> (perActor: [Double], holders: [Int], probs: [Double]) {
        func same(_ a: Int, _ b: Int) -> Bool {
            var s = 0.0
            for k in 0..<d { let t = x[a * d + k] - x[b * d + k]; s += t * t }
            return s.squareRoot() < 1e-3
        }
        var reps: [Int] = []
        var cls = [Int](repeating: 0, count: n)
        for i in 0..<n {
            if let u = reps.firstIndex(where: { same(i, $0) }) { cls[i] = u } else { cls[i] = reps.count; reps.append(i) }
        }
        let N = reps.count
        var util = [Double](repeating: 0, count: n * N)
        for v in 0..<n { for (o, r) in reps.enumerated() { util[v * N + o] = SMPMath.utility(D[v * n + r], R[v]) } }
        let p = try SMPMath.election(options: N, voters: n, util: util, weights: cap, rule: params.votingRule,
                                     vpm: params.victoryProbModel, pcem: params.pceModel)
        var per = [Double](repeating: 0, count: n)
        for i in 0..<n {
            if params.compatibility.ktabPositionProbabilityLastMatch, let u = reps.lastIndex(where: { same(i, $0) }) {
                per[i] = p[u]
            } else {
                per[i] = p[cls[i]]
            }
        }
        return (per, reps, p)
    }

    func unflatten(_ v: [Double]) -> [[Double]] {
        (0..<n).map { i in (0..<d).map { v[i * d + $0] * 100 } }
    }

    mutating func run() throws -> SMPResult {
        if params.bigRAdjust == .full && params.compatibility.ktabRejectBigRFull {
            throw BargainingError.ktab("Estimate of change in utility by h out of valid range (BigRAdjust = Full)")
        }
        var x = [Double]()
        for a in problem.actors { for k in 0..<d { x.append(a.positions[k] / 100) } }
        var theta = x
        var positions: [[[Double]]] = [], ideals: [[[Double]]] = []
        var probs: [[Double]] = [], risks: [[Double]] = []
        var turns: [SMPTurn] = []
        var firstD = 0.0
        var t = 0
        var holders: [Int] = [], holderProbs: [Double] = []
        while true {
            let D = distances(x: x, theta: theta)
            let R = try riskAttitudes(D)
            positions.append(unflatten(x)); ideals.append(unflatten(theta))
            risks.append(R)
            var stop = t >= params.maxTurns
            if let last = turns.last, t >= 2 && last.fractionalChange < 0.02 { stop = true }
            if params.reportProbabilitiesEachTurn || stop {
                let (per, reps, ps) = try positionProbabilities(x: x, D: D, R: R)
                probs.append(per)
                holders = reps; holderProbs = ps
            }
            if stop { break }
            let props = proposals(x: x, D: D, R: R)
            var perspectives: [SMPPerspective]? = nil
            if params.compatibility.logAllPerspectives {
                perspectives = allPerspectives(props, D: D, R: R)
            }
            let (newX, adopted) = try resolveQueues(x: x, theta: theta, D: D, R: R, proposals: props)
            // Step 13: ideals drift toward the new positions through the affinity matrix.
            var newTheta = newX
            if let A = affinity {
                for i in 0..<n {
                    let rowSum = A[i].reduce(0, +)
                    for k in 0..<d {
                        var s = 0.0
                        for j in 0..<n { s += A[i][j] * newX[j * d + k] }
                        newTheta[i * d + k] = s + (1 - rowSum) * theta[i * d + k]
                    }
                }
            }
            // Step 14: stopping rule on the summed Euclidean moves.
            var moved = 0.0
            for i in 0..<n {
                var s = 0.0
                for k in 0..<d { let v = newX[i * d + k] - x[i * d + k]; s += v * v }
                moved += s.squareRoot()
            }
            t += 1
            if t == 1 { firstD = moved }
            let ratio = moved / (firstD + 1e-4)
            let bargains = props.enumerated().map { b, p in
                SMPBargain(id: b, initiator: p.initiator, receiver: p.receiver, probability: p.P, expectedGain: p.gain,
                           initiatorPosition: p.bi.map { $0 * 100 }, receiverPosition: p.bj.map { $0 * 100 })
            }
            turns.append(SMPTurn(bargains: bargains, adopted: adopted, fractionalChange: ratio, perspectives: perspectives))
            x = newX; theta = newTheta
        }
        return SMPResult(actors: problem.actors.map(\.name), dimensions: problem.dimensions, parameters: params,
                         positions: positions, ideals: ideals, winProbabilities: probs, riskAttitudes: risks,
                         turns: turns, finalDistinctHolders: holders, finalDistinctProbabilities: holderProbs)
    }

    /// K10: every (h, k) perspective on each proposed challenge (O(n⁴) per turn).
    func allPerspectives(_ props: [Proposal], D: [Double], R: [Double]) -> [SMPPerspective] {
        var out: [SMPPerspective] = []
        var U = [Double](repeating: 0, count: n * n)
        for h in 0..<n {
            perceivedUtilities(D, R, h: h, into: &U)
            let dg = (0..<n).map { U[$0 * n + $0] }
            U.withUnsafeBufferPointer { u in
                for p in props {
                    for k in 0..<n {
                        let (P, g) = dg.withUnsafeBufferPointer { challenge(u, diag: $0, k: k, i: p.initiator, j: p.receiver) }
                        out.append(SMPPerspective(h: h, k: k, initiator: p.initiator, receiver: p.receiver, probability: P, expectedGain: g))
                    }
                }
            }
        }
        return out
    }
}
