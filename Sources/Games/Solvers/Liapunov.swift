import Foundation

/// Lyapunov function minimisation (McKelvey 1991; McKelvey and McLennan 1996, §5.1).
public enum Liapunov {
    /// One approximate Nash equilibrium of a strategic game, found by minimising McKelvey's
    /// Lyapunov function L(σ) = Σ_players Σ_strategies max(0, u(s, σ₋ᵢ) − u(σ))², which is zero
    /// exactly at Nash equilibria, plus quadratic penalties for leaving the product of simplices
    /// (a negative probability, probabilities not summing to 1), by quasi-Newton descent (BFGS
    /// with a backtracking line search, the gradient in closed form) from `start` (default: the
    /// centroid) for at most `maxIterations` steps. The minimum's support is then solved exactly
    /// for the indifference conditions by Newton's method (the end game the logit tracer uses).
    ///
    /// Guarantee: floating point; the returned profile has max regret ≤ `maxRegret × payoff
    /// range`. A local minimum that is not an equilibrium throws `GameError.failed` (the method
    /// finds at most one equilibrium per start and may find none). Deterministic: no randomness.
    public static func solve(_ game: NormalFormGame, start: MixedProfile<Double>? = nil, maxRegret: Double = 1e-8,
                             maxIterations: Int = 1_000) throws -> MixedProfile<Double> {
        let sys = StrategicLogit(game: game)
        let sizes = game.strategyCounts
        let x0 = start.map { $0.probabilities.flatMap { $0 } } ?? sizes.flatMap { c in [Double](repeating: 1 / Double(c), count: c) }
        let tol = maxRegret * game.payoffRange.doubleValue
        if game.maxRegret(sys.profile(x0)) <= tol { return sys.profile(x0) }
        let x = try minimise(x0, sizes: sizes, maxIterations: maxIterations) { x in lyapunov(sys, x, sizes) }
        let p = normalised(x, sizes)
        return try accept(sys, p, tol, sizes) { game.maxRegret(sys.profile($0)) }.map(sys.profile)
            ?? { throw GameError.failed("stopped at a local minimum of the Lyapunov function with regret \(game.maxRegret(sys.profile(p))) (not an equilibrium); another start may find one") }()
    }

    /// One approximate agent-form equilibrium of a tree in behaviour strategies: the same
    /// function over every information set's actions, with each action's value its expected
    /// payoff to the mover conditional on reaching the set (beliefs from the profile; uniform
    /// where it is unreached), the gradient by forward differences. The result is an agent-form
    /// equilibrium (no information set gains from one deviation) within `maxRegret × payoff
    /// range`; it need not be a Nash equilibrium. Otherwise as the strategic version.
    public static func solveAgent(_ game: ExtensiveGame, start: BehaviorProfile<Double>? = nil, maxRegret: Double = 1e-8,
                                  maxIterations: Int = 1_000) throws -> BehaviorProfile<Double> {
        let sys = AgentLogit(game)
        let sizes = sys.groupSizes
        let x0 = start.map { s in sys.sets.flatMap { i in s.probabilities[game.infosets[i].player - 1][game.infosets[i].number] } }
            ?? sizes.flatMap { c in [Double](repeating: 1 / Double(c), count: c) }
        let tol = maxRegret * game.payoffRange.doubleValue
        func agentRegret(_ x: [Double]) -> Double { game.agentRegrets(sys.profile(x)).max() ?? 0 }
        if agentRegret(x0) <= tol { return sys.profile(x0) }
        let x = try minimise(x0, sizes: sizes, maxIterations: maxIterations) { x in
            let f = lyapunov(sys, x, sizes, derivatives: false)
            var g = [Double](repeating: 0, count: x.count)
            for k in 0..<x.count {
                var y = x
                let h = 1e-7 * max(1, abs(x[k]))
                y[k] += h
                g[k] = (lyapunov(sys, y, sizes, derivatives: false).value - f.value) / h
            }
            return (f.value, g)
        }
        let p = normalised(x, sizes)
        return try accept(sys, p, tol, sizes, regret: agentRegret).map(sys.profile)
            ?? { throw GameError.failed("stopped at a local minimum of the Lyapunov function with agent regret \(agentRegret(p)) (not an equilibrium); another start may find one") }()
    }

    /// The minimum itself when within tolerance, else its support solved exactly, else nil.
    static func accept<S: LogitSystem>(_ sys: S, _ p: [Double], _ tol: Double, _ sizes: [Int], regret: ([Double]) -> Double) throws -> [Double]? {
        for th in [1e-3, 1e-2, 1e-5, 0.1] {
            if let q = LogitQRE.polish(sys, p, threshold: th), regret(q) <= tol { return q }
        }
        return regret(p) <= tol ? p : nil
    }

    /// L(x) (with the penalties) and its gradient; x is every player's (or set's) probabilities, flat.
    static func lyapunov<S: LogitSystem>(_ sys: S, _ x: [Double], _ sizes: [Int], derivatives: Bool = true) -> (value: Double, gradient: [Double]) {
        let n = x.count
        let v = sys.values(x)
        var f = 0.0
        var g = [Double](repeating: 0, count: n)
        // r[k] = max(0, v_k − u_group): the group's gain from switching to alternative k.
        var r = [Double](repeating: 0, count: n)
        var k = 0
        for c in sizes {
            var u = 0.0
            for h in 0..<c { u += x[k + h] * v[k + h] }
            for h in 0..<c { r[k + h] = max(0, v[k + h] - u) ; f += r[k + h] * r[k + h] }
            var s = -1.0
            for h in 0..<c { s += x[k + h] }
            f += s * s
            for h in 0..<c {
                if x[k + h] < 0 { f += x[k + h] * x[k + h]; g[k + h] += 2 * x[k + h] }
                g[k + h] += 2 * s
            }
            k += c
        }
        guard derivatives, let d = sys.valueDerivatives(x) else { return (f, g) }
        // ∂L/∂x_m = Σ_k 2 r_k (∂v_k/∂x_m − ∂u_{group(k)}/∂x_m), with ∂u_G/∂x_m = [m ∈ G] v_m + Σ_{h∈G} x_h ∂v_h/∂x_m.
        k = 0
        for c in sizes {
            let rs = (0..<c).reduce(0.0) { $0 + r[k + $1] }
            if rs > 0 {
                for m in 0..<n {
                    var du = 0.0
                    for h in 0..<c { du += x[k + h] * d[k + h][m] }
                    if m >= k && m < k + c { du += v[m] }
                    var acc = 0.0
                    for h in 0..<c where r[k + h] > 0 { acc += r[k + h] * (d[k + h][m] - du) }
                    g[m] += 2 * acc
                }
            }
            k += c
        }
        return (f, g)
    }

    /// Clamped at zero and rescaled per group.
    static func normalised(_ x: [Double], _ sizes: [Int]) -> [Double] {
        var p = x.map { max(0, $0) }
        var k = 0
        for c in sizes {
            let s = p[k..<(k + c)].reduce(0, +)
            for h in 0..<c { p[k + h] = s > 0 ? p[k + h] / s : 1 / Double(c) }
            k += c
        }
        return p
    }

    /// BFGS with an Armijo backtracking line search; stops when the gradient or the step vanishes.
    static func minimise(_ x0: [Double], sizes: [Int], maxIterations: Int,
                         _ fg: ([Double]) -> (value: Double, gradient: [Double])) throws -> [Double] {
        let n = x0.count
        var x = x0
        var (f, g) = fg(x)
        var hInv = (0..<n).map { i in (0..<n).map { $0 == i ? 1.0 : 0.0 } }
        for it in 0..<maxIterations {
            try SolveBudget.check("Lyapunov minimisation: iteration \(it), L = \(String(format: "%.3g", f))")
            if f < 1e-30 { break }
            var dir = (0..<n).map { i in -(0..<n).reduce(0.0) { $0 + hInv[i][$1] * g[$1] } }
            var slope = zip(dir, g).reduce(0.0) { $0 + $1.0 * $1.1 }
            if slope >= 0 {  // not a descent direction: restart from steepest descent
                hInv = (0..<n).map { i in (0..<n).map { $0 == i ? 1.0 : 0.0 } }
                dir = g.map { -$0 }
                slope = -g.reduce(0) { $0 + $1 * $1 }
            }
            if slope > -1e-32 { break }
            var step = 1.0
            var xn = x, fn = f, gn = g
            var found = false
            for _ in 0..<60 {
                xn = zip(x, dir).map { $0 + step * $1 }
                (fn, gn) = fg(xn)
                if fn <= f + 1e-4 * step * slope { found = true; break }
                step /= 2
            }
            if !found { break }
            let s = zip(xn, x).map { $0 - $1 }, y = zip(gn, g).map { $0 - $1 }
            let sy = zip(s, y).reduce(0.0) { $0 + $1.0 * $1.1 }
            x = xn; f = fn; g = gn
            if s.reduce(0.0, { max($0, abs($1)) }) < 1e-15 { break }
            if sy > 1e-300 {
                // H ← (I − ρ s yᵀ) H (I − ρ y sᵀ) + ρ s sᵀ
                let rho = 1 / sy
                let hy = (0..<n).map { i in (0..<n).reduce(0.0) { $0 + hInv[i][$1] * y[$1] } }
                let yhy = zip(y, hy).reduce(0.0) { $0 + $1.0 * $1.1 }
                for i in 0..<n {
                    for j in 0..<n {
                        hInv[i][j] += -rho * (hy[i] * s[j] + s[i] * hy[j]) + (rho * rho * yhy + rho) * s[i] * s[j]
                    }
                }
            }
        }
        return x
    }
}
