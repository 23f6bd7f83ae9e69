import BoundedInput
import Foundation

/// The global Newton method of Govindan and Wilson (2003), on a strategic game with any number
/// of players.
public enum GlobalNewton {
    /// Nash equilibria met along one path of the structure theorem's homotopy.
    ///
    /// Method. Payoffs are scaled to a range of 1. The perturbation b (default: 1 on each
    /// player's first strategy, 0 elsewhere; it must have a unique largest entry per player) is
    /// scaled to unit length. By Kohlberg and Mertens' structure theorem the equilibria of the
    /// games G + λb are the points z with H(z) = z − r(z) − V(r(z)) = λb, where r retracts onto
    /// the product of simplices (Euclidean projection per player) and V(σ) gives every strategy's
    /// payoff against σ. For large λ the only equilibrium plays each player's largest entry of b;
    /// the method follows the curve H(z) = λb from there by arc-length predictor–corrector steps
    /// (the Jacobian in closed form, piecewise by support; orientation kept by the sign of the
    /// augmented Jacobian's determinant), and every crossing of λ = 0 is an equilibrium of the
    /// game: corrected by Newton's method at λ = 0, its support then solved exactly for the
    /// indifference conditions. It stops once λ is below `endLambda`.
    ///
    /// Guarantee: floating point; each returned profile has max regret ≤ `maxRegret × payoff
    /// range` (crossings that do not refine that far are dropped and counted in `notes`). Not
    /// complete: the equilibria on one path (an odd number for a regular game and a generic
    /// perturbation). Deterministic. A path that yields no equilibrium (step limit, lost branch)
    /// throws; with the default perturbation, a generic one (entries drawn once from a fixed
    /// stream) is followed first, and the notes say so (on Shapley's sh3.nfg our tracker stalls
    /// on the default path near λ = √2, cause not found; docs/games.md, Known limits).
    public static func solve(_ game: NormalFormGame, perturbation: [[Double]]? = nil, maxRegret: Double = 1e-8,
                             endLambda: Double = -10, maxSteps: Int = 100_000) throws -> (equilibria: [MixedProfile<Double>], notes: [String]) {
        if let perturbation { return try follow(game, perturbation, maxRegret: maxRegret, endLambda: endLambda, maxSteps: maxSteps) }
        let counts = game.strategyCounts
        do {
            return try follow(game, counts.map { c in (0..<c).map { $0 == 0 ? 1.0 : 0.0 } },
                              maxRegret: maxRegret, endLambda: endLambda, maxSteps: maxSteps)
        } catch GameError.failed(let why) {
            var stream = CounterStream(seed: 1, stream: 0x676E_6D)
            let generic = counts.map { c in (0..<c).map { _ in 0.1 + 0.9 * stream.uniform() } }
            var result = try follow(game, generic, maxRegret: maxRegret, endLambda: endLambda, maxSteps: maxSteps)
            result.notes.insert("the default perturbation's path gave no equilibrium (\(why)); followed a generic perturbation instead", at: 0)
            return result
        }
    }

    /// The path from perturbation `perturbation` (see `solve`).
    private static func follow(_ game: NormalFormGame, _ perturbation: [[Double]], maxRegret: Double,
                               endLambda: Double, maxSteps: Int) throws -> (equilibria: [MixedProfile<Double>], notes: [String]) {
        let counts = game.strategyCounts
        let n = counts.reduce(0, +)
        let range = game.payoffRange.doubleValue
        var b = perturbation
        guard b.count == counts.count, zip(b, counts).allSatisfy({ $0.count == $1 }) else {
            throw GameError.invalid("the perturbation needs one number per strategy")
        }
        let norm = sqrt(b.flatMap { $0 }.reduce(0) { $0 + $1 * $1 })
        guard norm > 0 else { throw GameError.invalid("the perturbation is zero") }
        b = b.map { $0.map { $0 / norm } }
        var top: [Int] = [], minGap = Double.infinity
        for row in b {
            let order = row.indices.sorted { row[$0] > row[$1] }
            if row.count > 1 {
                let gap = row[order[0]] - row[order[1]]
                guard gap > 0 else { throw GameError.invalid("the perturbation must have a unique largest entry for each player") }
                minGap = min(minGap, gap)
            }
            top.append(order[0])
        }
        let pure = MixedProfile<Double>.pure(top, counts: counts)
        guard range > 0 else { return ([pure], []) }
        let sys = Scaled(game: game, scale: 1 / range, counts: counts)
        let bf = b.flatMap { $0 }
        // λ₀ makes each player's top entry of b strictly dominant (scaled payoffs differ by ≤ 1).
        let lambda0 = minGap.isFinite ? 2 / minGap + 1 : 1
        var x = zip(pure.probabilities.flatMap { $0 }, sys.values(pure.probabilities.flatMap { $0 })).map { $0 + $1 }
        for k in 0..<n { x[k] += lambda0 * bf[k] }
        x.append(lambda0)

        var found: [MixedProfile<Double>] = []
        var dropped = 0
        let tol = maxRegret * range
        // The support cell: within it the retraction is affine and H smooth; the path is followed
        // cell by cell, landing exactly on each boundary it crosses.
        var cell = sys.retract(Array(x[0..<n])).support
        let (jac0, _) = sys.jacobian(x, bf, cell)
        guard var t = tangent(jac0, previous: [Double](repeating: 0, count: n) + [-1]) else {
            throw GameError.failed("singular Jacobian at the start of the path")
        }
        if t[n] > 0 { t = t.map { -$0 } }
        var h = 0.05
        var steps = 0, returned = false
        while x[n] > endLambda {
            steps += 1
            guard steps <= maxSteps else { break }
            try SolveBudget.check("global Newton: step \(steps), λ = \(String(format: "%.4g", x[n])), \(found.count) equilibria")
            var next: [Double]?
            var tries = 0
            while next == nil {
                tries += 1
                guard tries <= 60, h > 1e-14 else { throw GameError.failed("path step size collapsed at λ = \(x[n]) after \(found.count) equilibria") }
                if let y = sys.correct(x.indices.map { x[$0] + h * t[$0] }, bf, cell, along: t, h),
                   let tn = tangent(sys.jacobian(y, bf, cell).jacobian, previous: t), zip(tn, t).reduce(0, { $0 + $1.0 * $1.1 }) > 0.5 {
                    next = y
                    if sys.slack(y, cell).min()! >= -1e-12 { t = tn; if tries == 1 { h = min(h * 1.5, 1) } }
                } else { h /= 2 }
            }
            var y = next!
            let gx = sys.slack(x, cell), gy = sys.slack(y, cell)
            if let worst = gy.indices.filter({ gy[$0] < -1e-12 }).min(by: { gx[$0] / (gx[$0] - gy[$0]) < gx[$1] / (gx[$1] - gy[$1]) }) {
                // The step left the cell: land on the boundary where constraint `worst` is 0, then
                // move into the neighbouring cell (the strategy enters or leaves the support).
                let f = max(0, gx[worst] / (gx[worst] - gy[worst]))
                guard let b0 = sys.land(x.indices.map { x[$0] + f * (y[$0] - x[$0]) }, bf, cell, on: worst) else {
                    h /= 2
                    continue
                }
                y = b0
                cell[worst].toggle()
                guard var tn = tangent(sys.jacobian(y, bf, cell).jacobian, previous: t) else {
                    throw GameError.failed("singular Jacobian crossing a support boundary at λ = \(y[n])")
                }
                // Into the new cell: an entering strategy's probability grows, a leaving one's slack grows.
                if sys.slackDerivative(y, cell, worst, tn) < 0 { tn = tn.map { -$0 } }
                t = tn
            }
            let prev = x
            x = y
            // The path from λ = +∞ never returns there (the large-λ equilibrium is unique): a
            // climb past the start means the tracker jumped branches.
            if x[n] > 2 * lambda0 { returned = true; break }
            if (prev[n] > 0) != (x[n] > 0) {
                if let eq = crossing(sys, game, prev, x, bf, cell, tol) {
                    if !found.contains(where: { SupportEnumeration.close($0, eq) }) { found.append(eq) }
                } else { dropped += 1 }
            }
        }
        var notes: [String] = []
        if dropped > 0 { notes.append("\(dropped) crossings of λ = 0 did not refine to the regret tolerance and were dropped") }
        if steps > maxSteps { notes.append("stopped after \(maxSteps) path steps at λ = \(x[n])") }
        if returned { notes.append("the path turned back towards λ = +∞ (the tracker left it); stopped there") }
        // An empty answer is a failure, not a game without equilibria.
        if found.isEmpty {
            throw GameError.failed("no equilibrium on the path: " + (notes.isEmpty ? "no crossing of λ = 0 before λ = \(endLambda)" : notes.joined(separator: "; ")))
        }
        return (found, notes)
    }

    /// The equilibrium where the path crosses λ = 0 between `a` and `b` (both in `cell`).
    static func crossing(_ sys: Scaled, _ game: NormalFormGame, _ a: [Double], _ b: [Double], _ bf: [Double], _ cell: [Bool], _ tol: Double) -> MixedProfile<Double>? {
        let n = bf.count
        let f = a[n] / (a[n] - b[n])
        var y = zip(a, b).map { $0 + f * ($1 - $0) }
        y[n] = 0
        for _ in 0..<30 {
            let (j, hy) = sys.jacobian(y, bf, cell)
            if hy.reduce(0, { max($0, abs($1)) }) < 1e-14 { break }
            guard let d = LogitQRE.solveLinear(j.map { Array($0[0..<n]) }, hy.map { -$0 }) else { break }
            for i in 0..<n { y[i] += d[i] }
        }
        let sigma = sys.retract(Array(y[0..<n])).sigma
        let logit = sys.logit
        for th in [1e-3, 1e-6, 1e-2] {
            if let p = LogitQRE.polish(logit, sigma, threshold: th), game.maxRegret(logit.profile(p)) <= tol { return logit.profile(p) }
        }
        return game.maxRegret(logit.profile(sigma)) <= tol ? logit.profile(sigma) : nil
    }

    static func tangent(_ jac: [[Double]], previous: [Double]) -> [Double]? {
        guard let t = LogitQRE.solveLinear(jac + [previous], [Double](repeating: 0, count: jac.count) + [1]) else { return nil }
        let norm = sqrt(t.reduce(0) { $0 + $1 * $1 })
        return t.map { $0 / norm }
    }

    /// The game with payoffs scaled, and the structure theorem's map H in closed form.
    struct Scaled {
        let logit: StrategicLogit
        let scale: Double
        let counts: [Int]
        init(game: NormalFormGame, scale: Double, counts: [Int]) {
            logit = StrategicLogit(game: game)
            self.scale = scale
            self.counts = counts
        }
        func values(_ s: [Double]) -> [Double] { logit.values(s).map { $0 * scale } }

        /// Euclidean projection of each player's block onto the simplex, and each block's support.
        func retract(_ z: [Double]) -> (sigma: [Double], support: [Bool]) {
            var sigma = [Double](repeating: 0, count: z.count), support = [Bool](repeating: false, count: z.count)
            var k = 0
            for c in counts {
                let block = Array(z[k..<(k + c)])
                let sorted = block.sorted(by: >)
                var sum = 0.0, v = 0.0
                for (i, u) in sorted.enumerated() {
                    sum += u
                    let candidate = (sum - 1) / Double(i + 1)
                    if u - candidate > 0 { v = candidate }
                }
                for h in 0..<c where block[h] - v > 0 { sigma[k + h] = block[h] - v; support[k + h] = true }
                k += c
            }
            return (sigma, support)
        }

        /// The cell's affine retraction: on each player's support S, σ = z − (Σ_S z − 1)/|S|.
        func affine(_ z: [Double], _ cell: [Bool]) -> (sigma: [Double], shift: [Double]) {
            var sigma = [Double](repeating: 0, count: z.count), shift: [Double] = []
            var k = 0
            for c in counts {
                var sum = 0.0, size = 0
                for h in k..<(k + c) where cell[h] { sum += z[h]; size += 1 }
                let v = size > 0 ? (sum - 1) / Double(size) : 0
                shift.append(v)
                for h in k..<(k + c) where cell[h] { sigma[h] = z[h] - v }
                k += c
            }
            return (sigma, shift)
        }

        /// The cell's constraints, each ≥ 0 inside it: σ_h on the support, v_j − z_h off it.
        func slack(_ x: [Double], _ cell: [Bool]) -> [Double] {
            let n = counts.reduce(0, +)
            let (sigma, shift) = affine(Array(x[0..<n]), cell)
            var out = [Double](repeating: 0, count: n), k = 0
            for (j, c) in counts.enumerated() {
                for h in k..<(k + c) { out[h] = cell[h] ? sigma[h] : shift[j] - x[h] }
                k += c
            }
            return out
        }

        /// The rate of change of constraint `i` (of `cell`) along `t`.
        func slackDerivative(_ x: [Double], _ cell: [Bool], _ i: Int, _ t: [Double]) -> Double {
            var k = 0, j = 0
            while k + counts[j] <= i { k += counts[j]; j += 1 }
            let support = (k..<(k + counts[j])).filter { cell[$0] }
            let dv = support.reduce(0) { $0 + t[$1] } / Double(max(1, support.count))
            return cell[i] ? t[i] - dv : dv - t[i]
        }

        /// H(z) − λb in the cell and its Jacobian [I − R − DR | −b] at x = (z, λ).
        func jacobian(_ x: [Double], _ b: [Double], _ cell: [Bool]) -> (jacobian: [[Double]], residual: [Double]) {
            let n = b.count, lambda = x[n]
            let z = Array(x[0..<n])
            let sigma = affine(z, cell).sigma
            let v = values(sigma)
            let d = logit.valueDerivatives(sigma)!
            var res = [Double](repeating: 0, count: n)
            for k in 0..<n { res[k] = z[k] - sigma[k] - v[k] - lambda * b[k] }
            // R: within a block's support S, δ − 1/|S|; zero elsewhere.
            var block = [Int](repeating: 0, count: n), start: [Int] = [], size = [Int](repeating: 0, count: counts.count)
            var k = 0
            for (j, c) in counts.enumerated() {
                start.append(k)
                for h in 0..<c { block[k + h] = j; if cell[k + h] { size[j] += 1 } }
                k += c
            }
            var jac = [[Double]](repeating: [Double](repeating: 0, count: n + 1), count: n)
            for col in 0..<n {
                let j = block[col]
                guard cell[col] else { jac[col][col] = 1; continue }
                let inv = 1 / Double(size[j])
                for r in 0..<n {
                    var dr = 0.0
                    for c in start[j]..<(start[j] + counts[j]) where cell[c] { dr += d[r][c] * ((c == col ? 1 : 0) - inv) }
                    let rr = block[r] == j && cell[r] ? (r == col ? 1 : 0) - inv : 0
                    jac[r][col] = (r == col ? 1 : 0) - rr - dr * scale
                }
            }
            for r in 0..<n { jac[r][n] = -b[r] }
            return (jac, res)
        }

        /// Newton's method from the predicted point y on H = 0 with the arc-length condition
        /// t·(y − y₀) fixed; nil unless it converges quickly.
        func correct(_ y0: [Double], _ b: [Double], _ cell: [Bool], along t: [Double], _ h: Double) -> [Double]? {
            var y = y0
            let n = b.count
            for _ in 0..<10 {
                let (j, r) = jacobian(y, b, cell)
                guard let d = LogitQRE.solveLinear(j + [t], r.map { -$0 } + [0]) else { return nil }
                for i in 0...n { y[i] += d[i] }
                let dn = sqrt(d.reduce(0) { $0 + $1 * $1 })
                if dn < 1e-12 * max(1, h) { return y }
                if dn > 0.3 * h + 1e-9 { return nil }
            }
            return nil
        }

        /// Newton's method on H = 0 together with constraint `i` = 0 (the cell's boundary).
        func land(_ y0: [Double], _ b: [Double], _ cell: [Bool], on i: Int) -> [Double]? {
            var y = y0
            let n = b.count
            var k = 0, j = 0
            while k + counts[j] <= i { k += counts[j]; j += 1 }
            let support = (k..<(k + counts[j])).filter { cell[$0] }
            // Gradient of constraint i in (z, λ).
            var grad = [Double](repeating: 0, count: n + 1)
            for s in support { grad[s] -= 1 / Double(support.count) }
            if cell[i] { grad[i] += 1 } else { grad = grad.map { -$0 }; grad[i] -= 1 }
            for _ in 0..<30 {
                let (jm, r) = jacobian(y, b, cell)
                let g = slack(y, cell)[i]
                if r.reduce(0, { max($0, abs($1)) }) < 1e-13 && abs(g) < 1e-14 { return y }
                guard let d = LogitQRE.solveLinear(jm + [grad], r.map { -$0 } + [-g]) else { return nil }
                for q in 0...n { y[q] += d[q] }
            }
            return residual(y, b, cell) < 1e-10 ? y : nil
        }

        func residual(_ x: [Double], _ b: [Double], _ cell: [Bool]) -> Double {
            let n = b.count
            let sigma = affine(Array(x[0..<n]), cell).sigma
            let v = values(sigma)
            return (0..<n).reduce(0) { max($0, abs(x[$1] - sigma[$1] - v[$1] - x[n] * b[$1])) }
        }
    }
}
