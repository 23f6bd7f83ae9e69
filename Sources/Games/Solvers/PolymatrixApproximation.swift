import Foundation

/// Iterated polymatrix approximation (Govindan and Wilson 2004), on a strategic game with any
/// number of players.
public enum PolymatrixApproximation {
    /// One approximate Nash equilibrium.
    ///
    /// Method. At the current profile σ every player's payoff is replaced by its first-order
    /// expansion in each opponent separately, u_j(h, τ₋ⱼ) ≈ u_j(h, σ₋ⱼ) + Σ_{i≠j} Σ_k
    /// ∂u_j(h, σ₋ⱼ)/∂σ_ik (τ_ik − σ_ik): a polymatrix game, exact at σ (two-player games are
    /// polymatrix games, so there the first step is exact). Its equilibrium τ is found by
    /// Lemke's algorithm on its linear complementarity problem (each player's probabilities
    /// sum to 1 through a value variable shifted positive, as in the sequence form), started
    /// from the perturbation's ray: the covering vector gives each player's largest entry of the
    /// perturbation (default: the first strategy) a bonus, so the path starts where those
    /// strategies are dominant. Then σ moves to τ (halving the step whenever the distance
    /// stops shrinking) until σ is an equilibrium of its own approximation, which makes it an
    /// equilibrium of the game; its support is then solved exactly for the indifference
    /// conditions by Newton's method.
    ///
    /// Guarantee: floating point; the result has max regret ≤ `maxRegret × payoff range`. The
    /// iteration can stall (Govindan and Wilson: on a set of codimension 1); it then throws
    /// `GameError.failed` rather than return a non-equilibrium. Starts at `start` (default: the
    /// centroid); deterministic.
    public static func solve(_ game: NormalFormGame, start: MixedProfile<Double>? = nil, perturbation: [[Double]]? = nil,
                             maxRegret: Double = 1e-8, maxIterations: Int = 500) throws -> MixedProfile<Double> {
        let counts = game.strategyCounts
        let n = counts.reduce(0, +), players = counts.count
        let range = game.payoffRange.doubleValue
        let logit = StrategicLogit(game: game)
        let tol = maxRegret * range
        var sigma = start?.probabilities.flatMap { $0 } ?? counts.flatMap { c in [Double](repeating: 1 / Double(c), count: c) }
        if game.maxRegret(logit.profile(sigma)) <= tol { return logit.profile(sigma) }
        let b = perturbation ?? counts.map { c in (0..<c).map { $0 == 0 ? 1.0 : 0.0 } }
        guard b.count == players, zip(b, counts).allSatisfy({ $0.count == $1 }) else { throw GameError.invalid("the perturbation needs one number per strategy") }
        // Covering vector: 1 everywhere but a little less on each player's favoured strategy, so
        // that strategy's row is the first to become tight as the artificial variable falls.
        var cover = [Double](repeating: 1, count: n + players)
        var k = 0
        for row in b {
            let top = row.indices.max { row[$0] < row[$1] }!
            guard row.filter({ $0 == row[top] }).count == 1 else { throw GameError.invalid("the perturbation must have a unique largest entry for each player") }
            cover[k + top] = 0.5
            k += row.count
        }
        var alpha = 1.0, lastDistance = Double.infinity
        for it in 0..<maxIterations {
            try SolveBudget.check("polymatrix approximation: iteration \(it), step \(alpha)")
            guard let tau = try polymatrixEquilibrium(logit, sigma, counts, scale: range > 0 ? 1 / range : 1, cover: cover) else {
                throw GameError.failed("Lemke's algorithm ended on a ray for the polymatrix approximation at iteration \(it)")
            }
            let distance = zip(tau, sigma).reduce(0) { max($0, abs($1.0 - $1.1)) }
            if distance < 1e-12 { break }
            if distance >= lastDistance { alpha = max(alpha / 2, 1.0 / 1024) }
            lastDistance = distance
            sigma = zip(sigma, tau).map { $0 + alpha * ($1 - $0) }
            if game.maxRegret(logit.profile(sigma)) <= tol { return logit.profile(sigma) }
        }
        for th in [1e-3, 1e-6, 1e-2] {
            if let p = LogitQRE.polish(logit, sigma, threshold: th), game.maxRegret(logit.profile(p)) <= tol { return logit.profile(p) }
        }
        throw GameError.failed("the iteration stalled at max regret \(game.maxRegret(logit.profile(sigma))) (not an equilibrium within the tolerance)")
    }

    /// An equilibrium of the polymatrix approximation at σ, by Lemke's algorithm on
    ///   w_jh = −c_jh − Σ_{i≠j,k} D_{jh,ik} τ_ik − p_j ≥ 0 ⊥ τ_jh ≥ 0,   w'_j = Σ_h τ_jh − 1 ≥ 0 ⊥ p_j ≥ 0,
    /// with every payoff c + Dτ shifted to at most −1 per player, so p_j ≥ 1 at a solution and
    /// complementarity makes each τ_j a probability vector.
    static func polymatrixEquilibrium(_ logit: StrategicLogit, _ sigma: [Double], _ counts: [Int], scale: Double, cover: [Double]) throws -> [Double]? {
        let n = sigma.count, players = counts.count
        let v = logit.values(sigma).map { $0 * scale }
        let d = logit.valueDerivatives(sigma)!.map { $0.map { $0 * scale } }
        var owner: [Int] = []
        for (j, c) in counts.enumerated() { owner += [Int](repeating: j, count: c) }
        var c = [Double](repeating: 0, count: n)
        for r in 0..<n {
            var s = v[r]
            for col in 0..<n where owner[col] != owner[r] { s -= d[r][col] * sigma[col] }
            c[r] = s
        }
        // Upper bound of each payoff over the product of simplices, then the per-player shift.
        var shift = [Double](repeating: -Double.infinity, count: players)
        var k = 0
        for (j, cj) in counts.enumerated() {
            for r in k..<(k + cj) {
                var ub = c[r], k2 = 0
                for (i, ci) in counts.enumerated() {
                    if i != j { ub += (k2..<(k2 + ci)).map { d[r][$0] }.max()! }
                    k2 += ci
                }
                shift[j] = max(shift[j], ub + 1)
            }
            k += cj
        }
        let size = n + players
        var m = [[Double]](repeating: [Double](repeating: 0, count: size), count: size)
        var q = [Double](repeating: 0, count: size)
        for r in 0..<n {
            q[r] = -(c[r] - shift[owner[r]])
            for col in 0..<n where owner[col] != owner[r] { m[r][col] = -d[r][col] }
            m[r][n + owner[r]] = -1
            m[n + owner[r]][r] = 1
        }
        for j in 0..<players { q[n + j] = -1 }
        guard let z = try FloatingLemke.solve(m: m, q: q, cover: cover) else { return nil }
        var tau = Array(z[0..<n])
        k = 0
        for cj in counts {
            let s = tau[k..<(k + cj)].reduce(0, +)
            for h in 0..<cj { tau[k + h] = s > 0 ? max(0, tau[k + h]) / s : 1 / Double(cj) }
            k += cj
        }
        return tau
    }
}

/// Lemke's algorithm for w = q + Mz + z₀d, w, z ≥ 0, wᵀz = 0 in floating point, with the
/// lexicographic ratio test (on the basis inverse) against degenerate cycling.
enum FloatingLemke {
    static func solve(m: [[Double]], q: [Double], cover d: [Double], maxPivots: Int = 100_000) throws -> [Double]? {
        let n = q.count
        if q.allSatisfy({ $0 >= 0 }) { return [Double](repeating: 0, count: n) }
        // Columns: w (0..<n), z (n..<2n), z0 (2n), rhs (2n+1). Row i: w_i − Σ M_ij z_j − d_i z0 = q_i.
        let z0 = 2 * n, rhs = 2 * n + 1
        var t = [[Double]](repeating: [Double](repeating: 0, count: 2 * n + 2), count: n)
        for i in 0..<n {
            t[i][i] = 1
            for j in 0..<n { t[i][n + j] = -m[i][j] }
            t[i][z0] = -d[i]
            t[i][rhs] = q[i]
        }
        var basis = Array(0..<n)
        func pivot(_ r: Int, _ c: Int) -> Int {
            let p = t[r][c]
            for j in 0..<(2 * n + 2) { t[r][j] /= p }
            for i in 0..<n where i != r && t[i][c] != 0 {
                let f = t[i][c]
                for j in 0..<(2 * n + 2) where t[r][j] != 0 { t[i][j] -= f * t[r][j] }
            }
            let leaving = basis[r]
            basis[r] = c
            return leaving
        }
        /// Lexicographic minimum ratio over rows with a positive entry in column c (nil: a ray).
        func ratioRow(_ c: Int) -> Int? {
            var best: Int?
            for i in 0..<n where t[i][c] > 1e-12 {
                guard let b = best else { best = i; continue }
                let lhs = t[i][rhs] / t[i][c], rhsv = t[b][rhs] / t[b][c]
                if lhs < rhsv - 1e-12 * max(1, abs(rhsv)) { best = i; continue }
                if lhs > rhsv + 1e-12 * max(1, abs(rhsv)) { continue }
                for col in 0..<n {
                    let a = t[i][col] / t[i][c], bb = t[b][col] / t[b][c]
                    if abs(a - bb) > 1e-12 { if a < bb { best = i }; break }
                }
            }
            return best
        }
        // z0 enters where q_i / d_i is most negative (ties: the last row, the lexicographic minimum).
        var r = 0
        for i in 1..<n where q[i] / d[i] <= q[r] / d[r] { r = i }
        var leaving = pivot(r, z0)
        for k in 0..<maxPivots {
            if k & 31 == 0 { try SolveBudget.check("Lemke's algorithm (floating): \(k) pivots") }
            let entering = leaving < n ? leaving + n : leaving - n
            guard let row = ratioRow(entering) else { return nil }
            leaving = pivot(row, entering)
            if leaving == z0 {
                var z = [Double](repeating: 0, count: n)
                for (i, b) in basis.enumerated() where b >= n && b < 2 * n { z[b - n] = t[i][rhs] }
                return z
            }
        }
        throw GameError.failed("Lemke's algorithm exceeded \(maxPivots) pivots")
    }
}
