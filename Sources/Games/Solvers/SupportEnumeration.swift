import Foundation

/// Result of the n-player support enumeration.
public struct SupportEnumerationResult: Sendable {
    public var equilibria: [MixedProfile<Double>]
    /// Supports skipped because their equations are degenerate (a continuum of solutions).
    public var degenerateSupports: Int
    public var notes: [String]
}

public enum SupportEnumeration {
    /// Every isolated Nash equilibrium of a strategic game with any number of players.
    ///
    /// Method: enumerate support profiles (skipping those where some support strategy is
    /// conditionally dominated); on each, the indifference conditions form a polynomial
    /// system, multilinear in the other players' probabilities. Linear systems (two players)
    /// are solved directly; otherwise every isolated complex solution is found by a
    /// linear-product homotopy matching the multilinear structure (one path per root of the
    /// start system, i.e. the multihomogeneous Bézout number; fixed pseudo-random coefficients
    /// and γ, so runs are deterministic — the probability-one guarantee of homotopy methods
    /// holds for all but a measure-zero set of coefficients), tracked with predictor–corrector
    /// steps and refined by Newton's method. Real solutions inside the simplex are kept if no strategy
    /// outside the support does better: the max regret of each returned profile is at most
    /// `maxRegret × payoff range` (certified by recomputing regret). Supports whose system
    /// has a continuum of solutions are counted in `degenerateSupports`, not solved, so on
    /// degenerate games only isolated equilibria are listed.
    public static func solve(_ game: NormalFormGame, maxRegret: Double = 1e-8, maxPathsPerSupport: Int = 100_000) throws -> SupportEnumerationResult {
        let counts = game.strategyCounts
        let table = game.payoffTableDouble
        let range = max(game.payoffRange.doubleValue, 1e-300)
        var found: [MixedProfile<Double>] = []
        var degenerate = 0
        // Support profiles: Π (2^c − 1), counted before any is listed; they are then generated
        // one at a time, never stored.
        let total = counts.reduce(1.0) { $0 * (pow(2, Double($1)) - 1) }
        guard total <= maxSupportProfiles else {
            throw GameError.tooLarge("\(counts.map(String.init).joined(separator: " × ")) strategies have \(String(format: "%.3g", total)) support profiles, more than 10^12")
        }
        // Player 1's support varies fastest; each player's supports small first, then in order of
        // their bit masks (co-lexicographic).
        var supports = counts.map { _ in [0] }
        var visited = 0
        repeat {
            visited += 1
            try SolveBudget.check("support profile \(visited) of \(String(format: "%.0f", total)), \(found.count) equilibria so far")
            if conditionallyDominated(game, supports) { continue }
            let sys = SupportSystem(game: game, table: table, supports: supports)
            let sols: [[Double]]
            switch try sys.solveAll(maxPaths: maxPathsPerSupport) {
            case .solutions(let s): sols = s
            case .degenerate: degenerate += 1; continue
            }
            for x in sols {
                guard let prof = sys.profile(x) else { continue }
                guard game.maxRegret(prof) <= maxRegret * range else { continue }
                if !found.contains(where: { close($0, prof) }) { found.append(prof) }
            }
        } while advance(&supports, counts)
        var notes: [String] = []
        if degenerate > 0 { notes.append("\(degenerate) supports have a continuum of solutions (degenerate game); their components are not listed") }
        return SupportEnumerationResult(equilibria: found, degenerateSupports: degenerate, notes: notes)
    }

    /// More support profiles than this are refused before the search starts (each costs at
    /// least microseconds; the time budget bounds the rest).
    public static let maxSupportProfiles = 1e12

    /// The next support profile (player 1 fastest); false after the last.
    static func advance(_ supports: inout [[Int]], _ counts: [Int]) -> Bool {
        for p in 0..<counts.count {
            if nextSupport(&supports[p], counts[p]) { return true }
            supports[p] = [0]
        }
        return false
    }

    /// The next subset of 0..<c in the order of (size, bit mask): the next combination of the same
    /// size in co-lexicographic order, else the first of the next size; false after the full set.
    static func nextSupport(_ s: inout [Int], _ c: Int) -> Bool {
        let k = s.count
        for j in 0..<k where s[j] + 1 < (j + 1 < k ? s[j + 1] : c) {
            s[j] += 1
            for i in 0..<j { s[i] = i }
            return true
        }
        guard k < c else { return false }
        s = Array(0...k)
        return true
    }

    static func close(_ a: MixedProfile<Double>, _ b: MixedProfile<Double>) -> Bool {
        zip(a.probabilities, b.probabilities).allSatisfy { zip($0, $1).allSatisfy { Swift.abs($0 - $1) < 1e-7 } }
    }

    /// True if some strategy in a support is strictly dominated by another strategy of the same
    /// player against every profile of the others' supports (then no equilibrium has this support).
    static func conditionallyDominated(_ g: NormalFormGame, _ supports: [[Int]]) -> Bool {
        let n = g.playerCount, counts = g.strategyCounts
        for p in 0..<n {
            let others = (0..<n).filter { $0 != p }
            var profiles: [[Int]] = [[Int](repeating: 0, count: n)]
            for q in others {
                profiles = profiles.flatMap { pr in supports[q].map { s in var c = pr; c[q] = s; return c } }
            }
            for s in supports[p] {
                for t in 0..<counts[p] where t != s {
                    var dominated = true
                    for var pr in profiles {
                        pr[p] = s
                        let us = g.payoffTable[g.index(of: pr) * n + p]
                        pr[p] = t
                        if !(g.payoffTable[g.index(of: pr) * n + p] > us) { dominated = false; break }
                    }
                    if dominated { return true }
                }
            }
        }
        return false
    }
}

/// The indifference system on one support profile. Unknowns: for each player, the
/// probabilities of their support strategies after the first (the first takes the rest).
struct SupportSystem {
    let game: NormalFormGame
    let table: [Double]
    let supports: [[Int]]
    let vars: [(player: Int, strategy: Int)]
    let eqs: [(player: Int, strategy: Int)]
    let degrees: [Int]
    let data: [EquationData]
    /// Each player's unknowns are vars[blockStart[p]..<blockEnd[p]].
    let blockStart: [Int], blockEnd: [Int]

    enum Outcome { case solutions([[Double]]), degenerate }

    init(game: NormalFormGame, table: [Double], supports: [[Int]]) {
        self.game = game
        self.table = table
        self.supports = supports
        var v: [(Int, Int)] = []
        for (p, s) in supports.enumerated() { for st in s.dropFirst() { v.append((p, st)) } }
        vars = v
        eqs = v
        let mixed = supports.map { $0.count >= 2 }
        degrees = v.map { e in (0..<supports.count).filter { $0 != e.0 && mixed[$0] }.count }
        data = SupportSystem.equationData(game, table, supports, v)
        var bs: [Int] = [], be: [Int] = []
        for p in 0..<supports.count {
            bs.append(v.firstIndex { $0.0 == p } ?? 0)
            be.append((v.lastIndex { $0.0 == p }).map { $0 + 1 } ?? 0)
        }
        blockStart = bs
        blockEnd = be
    }

    /// Probability vectors (complex) from the unknowns.
    func sigma(_ x: [Complex]) -> [[Complex]] {
        var s = game.strategyCounts.map { [Complex](repeating: .zero, count: $0) }
        for (p, sup) in supports.enumerated() { s[p][sup[0]] = .one }
        for (k, v) in vars.enumerated() {
            s[v.player][v.strategy] = x[k]
            s[v.player][supports[v.player][0]] = s[v.player][supports[v.player][0]] - x[k]
        }
        return s
    }

    /// For each equation: the payoff differences u_p(k, s₋p) − u_p(base, s₋p) over the others'
    /// support profiles, with those profiles (strategy per player; p's own entry unused).
    struct EquationData {
        var player: Int; var tuples: [[Int]]; var diffs: [Double]
        /// codes[t * n + q]: the unknown that is q's probability of its strategy in tuple t, or -1
        /// for q's first support strategy (1 minus q's unknowns), -2 for the equation's own player.
        var codes: [Int]
    }

    static func equationData(_ game: NormalFormGame, _ table: [Double], _ supports: [[Int]], _ eqs: [(player: Int, strategy: Int)]) -> [EquationData] {
        let n = game.playerCount
        var perPlayer: [Int: [[Int]]] = [:]
        return eqs.map { e in
            let p = e.player
            let tuples: [[Int]] = perPlayer[p] ?? {
                var t: [[Int]] = [[Int](repeating: 0, count: n)]
                for q in 0..<n where q != p { t = t.flatMap { pr in supports[q].map { s in var c = pr; c[q] = s; return c } } }
                perPlayer[p] = t
                return t
            }()
            let diffs = tuples.map { tu -> Double in
                var a = tu, b = tu
                a[p] = e.strategy; b[p] = supports[p][0]
                return table[game.index(of: a) * n + p] - table[game.index(of: b) * n + p]
            }
            var codes = [Int](repeating: -2, count: tuples.count * n)
            for (t, tu) in tuples.enumerated() {
                for q in 0..<n where q != p {
                    codes[t * n + q] = tu[q] == supports[q][0] ? -1 : eqs.firstIndex { $0.player == q && $0.strategy == tu[q] }!
                }
            }
            return EquationData(player: p, tuples: tuples, diffs: diffs, codes: codes)
        }
    }

    /// F and its Jacobian in one pass (F is multilinear in the other players' probabilities).
    /// Per tuple of the others' strategies: the product of their probabilities, and for each
    /// other player the product without them (prefix and suffix products), which is the
    /// derivative along that player's unknowns (+ for the tuple's strategy, − for every unknown
    /// when it is the first support strategy, whose probability is 1 minus the rest).
    func fj(_ x: [Complex]) -> ([Complex], [[Complex]]) {
        let m = vars.count
        var fv = [Complex](repeating: .zero, count: m), jac = [Complex](repeating: .zero, count: m * m)
        var scratch = Scratch(players: game.playerCount)
        fj(x, &fv, &jac, &scratch)
        return (fv, (0..<m).map { Array(jac[($0 * m)..<($0 * m + m)]) })
    }

    /// Work arrays for `fj`, allocated once per path.
    struct Scratch {
        var base, factor, prefix, suffix: [Complex]
        init(players n: Int) { base = [Complex](repeating: .one, count: n); factor = base; prefix = base; suffix = base }
    }

    /// F into `fv` and its Jacobian into `jac` (row-major m × m), without allocating.
    func fj(_ x: [Complex], _ fv: inout [Complex], _ jac: inout [Complex], _ scratch: inout Scratch) {
        scratch.base.withUnsafeMutableBufferPointer { base in
        scratch.factor.withUnsafeMutableBufferPointer { factor in
        scratch.prefix.withUnsafeMutableBufferPointer { prefix in
        scratch.suffix.withUnsafeMutableBufferPointer { suffix in
        fv.withUnsafeMutableBufferPointer { fv in
        jac.withUnsafeMutableBufferPointer { jac in
            fj(x, fv, jac, base, factor, prefix, suffix)
        } } } } } }
    }

    private func fj(_ x: [Complex], _ fv: UnsafeMutableBufferPointer<Complex>, _ jac: UnsafeMutableBufferPointer<Complex>,
                    _ base: UnsafeMutableBufferPointer<Complex>, _ factor: UnsafeMutableBufferPointer<Complex>,
                    _ prefix: UnsafeMutableBufferPointer<Complex>, _ suffix: UnsafeMutableBufferPointer<Complex>) {
        let m = vars.count, n = game.playerCount
        for q in 0..<n { base[q] = .one }
        for (k, v) in vars.enumerated() { base[v.player] = base[v.player] - x[k] }
        for i in 0..<m { fv[i] = .zero }
        for i in 0..<(m * m) { jac[i] = .zero }
        for (e, d) in data.enumerated() {
            let p = d.player
            for ti in 0..<d.diffs.count {
                let diff = d.diffs[ti]
                if diff == 0 { continue }
                let row = ti * n
                for q in 0..<n {
                    let c = d.codes[row + q]
                    factor[q] = c >= 0 ? x[c] : (c == -1 ? base[q] : .one)
                }
                var acc = Complex.one
                for q in 0..<n { prefix[q] = acc; acc = acc * factor[q] }
                fv[e] = fv[e] + diff * acc
                acc = .one
                for q in stride(from: n - 1, through: 0, by: -1) { suffix[q] = acc; acc = acc * factor[q] }
                for q in 0..<n where q != p && blockStart[q] < blockEnd[q] {
                    let wq = diff * (prefix[q] * suffix[q])
                    let c = d.codes[row + q]
                    if c >= 0 {
                        jac[e * m + c] = jac[e * m + c] + wq
                    } else {
                        for k in blockStart[q]..<blockEnd[q] { jac[e * m + k] = jac[e * m + k] - wq }
                    }
                }
            }
        }
    }

    func f(_ x: [Complex]) -> [Complex] { fj(x).0 }
    func jacobian(_ x: [Complex]) -> [[Complex]] { fj(x).1 }

    func profile(_ x: [Double]) -> MixedProfile<Double>? {
        let sig = sigma(x.map { Complex($0) })
        var out: [[Double]] = []
        for row in sig {
            var r = row.map(\.re)
            guard r.allSatisfy({ $0 > -1e-9 && $0 < 1 + 1e-9 }) else { return nil }
            r = r.map { min(1, max(0, $0)) }
            let s = r.reduce(0, +)
            out.append(r.map { $0 / s })
        }
        return MixedProfile(out)
    }

    /// Newton's method on F from `x`; returns the refined point if it converges.
    func newton(_ x0: [Complex], iterations: Int = 30) -> [Complex]? {
        var x = x0
        for _ in 0..<iterations {
            let (fx, jx) = fj(x)
            guard let d = solveComplex(jx, fx.map { -$0 }) else { return nil }
            for i in 0..<x.count { x[i] = x[i] + d[i] }
            let dn = d.reduce(0) { Swift.max($0, $1.abs) }
            if dn < 1e-13 * Swift.max(1, x.reduce(0) { Swift.max($0, $1.abs) }) { break }
        }
        let res = f(x).reduce(0) { Swift.max($0, $1.abs) }
        return res < 1e-9 ? x : nil
    }

    func solveAll(maxPaths: Int) throws -> Outcome {
        let m = vars.count
        if m == 0 { return .solutions([[]]) }
        // A player with unknowns but no mixing opponent has constant equations.
        let constant = degrees.indices.filter { degrees[$0] == 0 }
        if !constant.isEmpty {
            let f0 = f([Complex](repeating: .zero, count: m))
            if constant.contains(where: { f0[$0].abs > 1e-12 }) { return .solutions([]) }
            return .degenerate
        }
        if degrees.allSatisfy({ $0 == 1 }) {
            // Linear: one Newton step from the origin is exact when the system is non-singular.
            let zero = [Complex](repeating: .zero, count: m)
            guard let d = solveComplex(jacobian(zero), f(zero).map { -$0 }) else { return .degenerate }
            guard let x = newton(d, iterations: 3) else { return .degenerate }
            return .solutions([x.map(\.re)].filter { _ in x.allSatisfy { Swift.abs($0.im) < 1e-9 } })
        }
        return .solutions(try linearProductHomotopy(maxPaths: maxPaths))
    }

    /// Linear-product start system matching F's multilinear structure: equation e of player p is
    /// G_e(x) = Π over other mixed players q of (a_eq·x_q + b_eq), with fixed pseudo-random complex
    /// coefficients. Its roots (one per way of assigning each equation a factor so that every
    /// player's block of unknowns gets as many equations as it has unknowns) number the
    /// multihomogeneous Bézout bound — 44 for five two-strategy players instead of 4⁵ = 1024
    /// total-degree paths — and each path is tracked to a root of F.
    func linearProductHomotopy(maxPaths: Int) throws -> [[Double]] {
        let m = vars.count, n = game.playerCount
        var rng = SplitMix(seed: 0x5EED_F00D)
        var blockVars = [[Int]](repeating: [], count: n)
        for (k, v) in vars.enumerated() { blockVars[v.player].append(k) }
        // factors[e] = other mixed players q; a[e][q] = coefficients over block q, b[e][q] constant.
        let factors: [[Int]] = eqs.map { e in (0..<n).filter { $0 != e.player && !blockVars[$0].isEmpty } }
        var a = [[[Complex]]](repeating: [[Complex]](repeating: [], count: n), count: m)
        var b = [[Complex]](repeating: [Complex](repeating: .zero, count: n), count: m)
        for e in 0..<m {
            for q in factors[e] {
                a[e][q] = blockVars[q].map { _ in rng.unitComplex() }
                b[e][q] = rng.unitComplex()
            }
        }
        /// The start system G and its Jacobian (row-major) into the given arrays.
        func gAll(_ x: [Complex], _ g: inout [Complex], _ gx: inout [Complex]) {
            for i in 0..<(m * m) { gx[i] = .zero }
            var vals = [Complex](repeating: .zero, count: n)
            for e in 0..<m {
                var prod = Complex.one
                for q in factors[e] {
                    var s = b[e][q]
                    for (j, k) in blockVars[q].enumerated() { s = s + a[e][q][j] * x[k] }
                    vals[q] = s
                    prod = prod * s
                }
                g[e] = prod
                for q in factors[e] {
                    var rest = Complex.one
                    for r in factors[e] where r != q { rest = rest * vals[r] }
                    for (j, k) in blockVars[q].enumerated() { gx[e * m + k] = gx[e * m + k] + rest * a[e][q][j] }
                }
            }
        }
        // Enumerate assignments of equations to factor blocks with block counts = block sizes.
        var starts: [[Complex]] = []
        var assign = [Int](repeating: -1, count: m)
        var load = [Int](repeating: 0, count: n)
        func rec(_ e: Int) {
            if starts.count >= maxPaths { return }
            if e == m {
                var x = [Complex](repeating: .zero, count: m)
                for q in 0..<n where !blockVars[q].isEmpty {
                    let rows = (0..<m).filter { assign[$0] == q }
                    let mat = rows.map { a[$0][q] }
                    guard let sol = solveComplex(mat, rows.map { -b[$0][q] }) else { return }
                    for (j, k) in blockVars[q].enumerated() { x[k] = sol[j] }
                }
                starts.append(x)
                return
            }
            for q in factors[e] where load[q] < blockVars[q].count {
                assign[e] = q; load[q] += 1
                rec(e + 1)
                load[q] -= 1; assign[e] = -1
            }
        }
        rec(0)
        let gamma = Complex.unit(0.8213)
        var results: [[Double]] = []
        for start in starts {
            guard let end = try track(start, gamma, start: gAll) else { continue }
            guard let x = newton(end) else { continue }
            if x.allSatisfy({ Swift.abs($0.im) < 1e-8 }) { results.append(x.map(\.re)) }
        }
        return results
    }

    /// H(x,t) = (1-t)γG(x) + tF(x). Tracks a root of G from t = 0 to t = 1 by Euler predictor and
    /// Newton corrector steps, in work arrays allocated once per path.
    func track(_ start: [Complex], _ gamma: Complex, start g0: ([Complex], inout [Complex], inout [Complex]) -> Void) throws -> [Complex]? {
        let m = start.count
        var fv = [Complex](repeating: .zero, count: m), jf = [Complex](repeating: .zero, count: m * m)
        var gv = fv, jg = jf, hx = jf, rhs = fv
        var scratch = Scratch(players: game.playerCount)
        /// ∂H/∂x into hx; H (or ∂H/∂t with `derivative`) negated into rhs.
        func all(_ x: [Complex], _ t: Double, derivative: Bool) {
            fj(x, &fv, &jf, &scratch)
            g0(x, &gv, &jg)
            let s = 1 - t
            for i in 0..<(m * m) { hx[i] = t * jf[i] + s * (gamma * jg[i]) }
            for i in 0..<m { rhs[i] = derivative ? gamma * gv[i] - fv[i] : -(s * (gamma * gv[i]) + t * fv[i]) }
        }
        var x = start, y = start, t = 0.0, dt = 0.05
        var steps = 0
        while t < 1 {
            steps += 1
            if steps > 20_000 || dt < 1e-13 { return nil }
            if steps & 7 == 0 { try SolveBudget.check("homotopy path at t = \(String(format: "%.3f", t)) on a support of \(supports.map(\.count)) strategies") }
            let step = Swift.min(dt, 1 - t)
            all(x, t, derivative: true)
            guard solveComplexInPlace(&hx, &rhs, m) else { return nil }
            for i in 0..<m { y[i] = x[i] + step * rhs[i] }
            let t1 = t + step
            var ok = false
            for _ in 0..<4 {
                all(y, t1, derivative: false)
                guard solveComplexInPlace(&hx, &rhs, m) else { break }
                var dn = 0.0, yn = 1.0
                for i in 0..<m { y[i] = y[i] + rhs[i]; dn = Swift.max(dn, rhs[i].norm1); yn = Swift.max(yn, y[i].norm1) }
                // On the path to 1e-8 (the end point is refined by Newton's method afterwards).
                if dn < 1e-8 * yn { ok = true; break }
            }
            if ok {
                swap(&x, &y); t = t1
                if x.reduce(0, { Swift.max($0, $1.norm1) }) > 1e6 { return nil }   // diverging: solution at infinity
                dt = Swift.min(dt * 2, 0.5)
            } else { dt /= 2 }
        }
        return x
    }
}

/// SplitMix64: a tiny deterministic generator for the homotopy's fixed random coefficients.
struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    mutating func unitComplex() -> Complex { Complex.unit(Double(next() >> 11) / Double(1 << 53) * 2 * Double.pi) }
}
