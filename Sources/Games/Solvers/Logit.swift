import Foundation

/// A point on the logit quantal-response branch.
public struct LogitPoint<Profile: Sendable>: Sendable {
    public var lambda: Double
    public var profile: Profile
    /// Largest Nash regret of `profile` (in payoff units).
    public var maxRegret: Double
    /// Path-following steps taken.
    public var steps: Int
}

/// Options for logit path following.
public struct LogitOptions: Sendable {
    /// Follow the branch to this λ and stop there (nil: follow towards the Nash limit).
    public var targetLambda: Double?
    /// Relative regret tolerance for the limit: stop when max regret ≤ tolerance × payoff range.
    public var maxRegret: Double = 1e-8
    /// Give up (and report failure) after this many steps.
    public var maxSteps: Int = 5_000
    public var initialStep: Double = 0.03
    public var maxLambda: Double = 1e12
    public init(targetLambda: Double? = nil, maxRegret: Double = 1e-8) {
        self.targetLambda = targetLambda
        self.maxRegret = maxRegret
    }
}

/// The logit QRE system of equations in log-probabilities, over groups of alternatives:
/// a player's strategies (strategic form) or an information set's actions (agent form).
protocol LogitSystem {
    var groupSizes: [Int] { get }
    /// The payoff values of each alternative for its owner at profile `sigma` (flat, grouped).
    func values(_ sigma: [Double]) -> [Double]
    func maxRegret(_ sigma: [Double]) -> Double
    var payoffRange: Double { get }
    /// ∂values/∂σ (row: alternative, column: probability) where known in closed form; nil
    /// means forward differences.
    func valueDerivatives(_ sigma: [Double]) -> [[Double]]?
}

extension LogitSystem {
    func valueDerivatives(_ sigma: [Double]) -> [[Double]]? { nil }
}

struct StrategicLogit: LogitSystem {
    let game: NormalFormGame
    var groupSizes: [Int] { game.strategyCounts }
    var payoffRange: Double { game.payoffRange.doubleValue }
    func profile(_ s: [Double]) -> MixedProfile<Double> {
        var out: [[Double]] = [], k = 0
        for c in groupSizes { out.append(Array(s[k..<(k + c)])); k += c }
        return MixedProfile(out)
    }
    func values(_ s: [Double]) -> [Double] {
        let p = profile(s)
        return (0..<game.playerCount).flatMap { game.strategyValues(p, player: $0) }
    }
    func maxRegret(_ s: [Double]) -> Double { game.maxRegret(profile(s)) }

    /// Exact, in one pass over the profiles: values are multilinear, so ∂v(p, j)/∂σ(q, k) for
    /// q ≠ p is p's expected payoff with p on j and q on k and the others mixed (0 for q = p).
    func valueDerivatives(_ s: [Double]) -> [[Double]]? {
        let players = game.playerCount, counts = game.strategyCounts
        var offset: [Int] = [], k = 0
        for c in counts { offset.append(k); k += c }
        var d = [[Double]](repeating: [Double](repeating: 0, count: s.count), count: s.count)
        var profile = [Int](repeating: 0, count: players)
        let table = game.payoffTableDouble
        for _ in 0..<game.profileCount {
            let base = game.index(of: profile) * players
            for p in 0..<players {
                let u = table[base + p]
                if u == 0 { continue }
                for q in 0..<players where q != p {
                    var w = u
                    for r in 0..<players where r != p && r != q { w *= s[offset[r] + profile[r]] }
                    d[offset[p] + profile[p]][offset[q] + profile[q]] += w
                }
            }
            NormalFormGame.advance(&profile, counts)
        }
        return d
    }
}

struct AgentLogit: LogitSystem {
    let game: ExtensiveGame
    let sets: [Int]   // infoset indices of the players, in profile order
    /// For each node: the offset of its information set's first action in the flat profile
    /// (players' nodes), or -1 (chance and terminal nodes); chance probabilities as doubles.
    let offset: [Int]
    let chance: [[Double]]
    let groupSizes: [Int]
    let payoffRange: Double
    init(_ game: ExtensiveGame) {
        self.game = game
        sets = (1...game.playerCount).flatMap { game.playerInfosets[$0] }
        var start = [Int](repeating: -1, count: game.infosets.count), k = 0
        for i in sets { start[i] = k; k += game.infosets[i].actions.count }
        offset = game.nodes.map { $0.infoset.map { start[$0] } ?? -1 }
        chance = game.nodes.map { n in n.infoset.map { i in game.infosets[i].probabilities.map(\.doubleValue) } ?? [] }
        groupSizes = sets.map { game.infosets[$0].actions.count }
        payoffRange = game.payoffRange.doubleValue
    }
    func profile(_ s: [Double]) -> BehaviorProfile<Double> {
        var probs = (1...game.playerCount).map { p in game.actionCounts(player: p).map { [Double](repeating: 0, count: $0) } }
        var k = 0
        for i in sets {
            let st = game.infosets[i]
            probs[st.player - 1][st.number] = Array(s[k..<(k + st.actions.count)])
            k += st.actions.count
        }
        return BehaviorProfile(probs)
    }

    @inline(__always) func probability(_ s: [Double], _ node: Int, _ a: Int) -> Double {
        offset[node] >= 0 ? s[offset[node] + a] : chance[node][a]
    }

    /// Reach probabilities and node values (flat: node × players + player), in the same
    /// operations and order as `realizationProbabilities` and `nodeValues`, without nested arrays.
    func evaluate(_ s: [Double]) -> (r: [Double], v: [Double]) {
        let nodes = game.nodes, players = game.playerCount
        var r = [Double](repeating: 0, count: nodes.count)
        r[0] = 1
        for k in 0..<nodes.count where !nodes[k].children.isEmpty {
            for (a, c) in nodes[k].children.enumerated() { r[c] = r[k] * probability(s, k, a) }
        }
        var v = [Double](repeating: 0, count: nodes.count * players)
        for k in stride(from: nodes.count - 1, through: 0, by: -1) {
            let own = game.nodePayoffsDouble[k]
            for p in 0..<players { v[k * players + p] = own[p] }
            for (a, c) in nodes[k].children.enumerated() {
                let pr = probability(s, k, a)
                if pr == 0 { continue }
                for p in 0..<players { v[k * players + p] += pr * v[c * players + p] }
            }
        }
        return (r, v)
    }

    /// Conditional action values at each information set (beliefs from the reach probabilities).
    func values(_ s: [Double]) -> [Double] {
        let (r, v) = evaluate(s)
        return conditionalValues(r, v)
    }

    func conditionalValues(_ r: [Double], _ v: [Double]) -> [Double] {
        let players = game.playerCount
        var out: [Double] = []
        out.reserveCapacity(offset.count)
        for i in sets {
            let st = game.infosets[i], p = st.player - 1
            var vals = [Double](repeating: 0, count: st.actions.count)
            var tot = 0.0
            for n in st.nodes { tot += r[n] }
            for n in st.nodes {
                let w = tot > 0 ? r[n] / tot : 1.0 / Double(st.nodes.count)
                for (a, c) in game.nodes[n].children.enumerated() { vals[a] += w * v[c * players + p] }
            }
            out += vals
        }
        return out
    }

    /// ∂values/∂σ in closed form. With val(I,a) = N(I,a)/R_I, N = Σ_{n∈I} r(n) v_p(child_a(n)),
    /// R_I = Σ_{n∈I} r(n), and derivatives in ℓ = log σ (σ > 0 on the logit path):
    /// ∂r(n)/∂ℓ(J,b) = r(n) per edge (J,b) on n's path, and
    /// r(n)·∂v_p(child_a(n))/∂ℓ(J,b) = Σ over nodes k of J below that child of r(k) σ(J,b) v_p(child_b(k)) / σ(I,a).
    /// One walk up from every node and action: O(actions × depth). Nil where a set is unreached
    /// (its beliefs are uniform, not Bayes': differences are used then).
    func valueDerivatives(_ s: [Double]) -> [[Double]]? {
        let (r, v) = evaluate(s)
        let vals = conditionalValues(r, v)
        let nodes = game.nodes, players = game.playerCount, n = s.count
        var reach = [Double](repeating: 0, count: game.infosets.count)
        for i in sets { for k in game.infosets[i].nodes { reach[i] += r[k] } }
        guard sets.allSatisfy({ reach[$0] > 0 }), s.allSatisfy({ $0 > 0 }) else { return nil }
        var dN = [[Double]](repeating: [Double](repeating: 0, count: n), count: n)
        var dR = [[Double]](repeating: [Double](repeating: 0, count: n), count: game.infosets.count)
        // Value terms: every player-node k and action b, up through the players' edges above it.
        for k in 0..<nodes.count where offset[k] >= 0 {
            if r[k] == 0 { continue }
            for (b, cb) in nodes[k].children.enumerated() {
                let col = offset[k] + b
                var child = k
                while let up = nodes[child].parent {
                    if offset[up] >= 0 {
                        let i = nodes[up].infoset!, a = nodes[child].actionFromParent, p = game.infosets[i].player - 1
                        dN[offset[up] + a][col] += r[k] * s[col] * v[cb * players + p] / s[offset[up] + a]
                    }
                    child = up
                }
            }
        }
        // Reach terms: every node of every set, through the players' edges above it.
        for i in sets {
            let st = game.infosets[i], p = st.player - 1
            for m in st.nodes where r[m] > 0 {
                var child = m
                while let up = nodes[child].parent {
                    if offset[up] >= 0 {
                        let col = offset[up] + nodes[child].actionFromParent
                        dR[i][col] += r[m]
                        for (a, c) in nodes[m].children.enumerated() { dN[offset[m] + a][col] += r[m] * v[c * players + p] }
                    }
                    child = up
                }
            }
        }
        var d = [[Double]](repeating: [Double](repeating: 0, count: n), count: n)
        for i in sets {
            let o = offset[game.infosets[i].nodes[0]]
            for a in 0..<game.infosets[i].actions.count {
                for col in 0..<n { d[o + a][col] = (dN[o + a][col] - vals[o + a] * dR[i][col]) / reach[i] / s[col] }
            }
        }
        return d
    }
    func maxRegret(_ s: [Double]) -> Double { game.maxRegret(profile(s)) }
}

public enum LogitQRE {
    /// The principal branch of the logit quantal-response correspondence of a strategic game
    /// with any number of players, traced from the centroid (λ = 0) by arc-length
    /// predictor–corrector continuation, so the path passes turning points (where λ must
    /// decrease for a while). With `targetLambda` it returns the QRE at that λ; otherwise it
    /// follows λ → ∞ until the profile's max regret is at most `maxRegret × payoff range`.
    /// Guarantee: floating point; the returned point satisfies the QRE equations to 1e-9, and
    /// in limit mode its regret is within the stated tolerance — otherwise it throws rather
    /// than return a non-equilibrium. Deterministic (no randomness).
    public static func solve(_ game: NormalFormGame, options: LogitOptions = LogitOptions()) throws -> LogitPoint<MixedProfile<Double>> {
        let sys = StrategicLogit(game: game)
        let (lambda, sigma, steps) = try trace(sys, options)
        return LogitPoint(lambda: lambda, profile: sys.profile(sigma), maxRegret: sys.maxRegret(sigma), steps: steps)
    }

    /// The agent logit QRE of a tree (behaviour strategies, one logit choice per information set,
    /// beliefs from Bayes' rule), traced the same way. Same guarantees as the strategic version.
    public static func solve(_ game: ExtensiveGame, options: LogitOptions = LogitOptions()) throws -> LogitPoint<BehaviorProfile<Double>> {
        let sys = AgentLogit(game)
        let (lambda, sigma, steps) = try trace(sys, options)
        return LogitPoint(lambda: lambda, profile: sys.profile(sigma), maxRegret: sys.maxRegret(sigma), steps: steps)
    }

    /// H(ℓ, λ): per group, ℓ_j − ℓ_0 − λ(v_j − v_0) for j ≥ 1, and Σ exp ℓ − 1.
    static func residual<S: LogitSystem>(_ sys: S, _ x: [Double]) -> [Double] {
        let n = x.count - 1, lambda = x[n]
        let sigma = x[0..<n].map { exp($0) }
        let v = sys.values(Array(sigma))
        var h = [Double](repeating: 0, count: n)
        var k = 0
        for c in sys.groupSizes {
            var s = 0.0
            for j in 0..<c { s += sigma[k + j] }
            h[k] = s - 1
            for j in 1..<max(c, 1) where c > 1 { h[k + j] = x[k + j] - x[k] - lambda * (v[k + j] - v[k]) }
            k += c
        }
        return h
    }

    /// Jacobian of H (n × (n+1)); payoff derivatives from the system in closed form where it
    /// has them, otherwise by forward differences in σ.
    static func jacobian<S: LogitSystem>(_ sys: S, _ x: [Double]) throws -> [[Double]] {
        let n = x.count - 1, lambda = x[n]
        let sigma = x[0..<n].map { exp($0) }
        let v = sys.values(Array(sigma))
        var jac = [[Double]](repeating: [Double](repeating: 0, count: n + 1), count: n)
        let groups = sys.groupSizes
        var owner = [Int](repeating: 0, count: n), start = [Int](repeating: 0, count: groups.count)
        var k = 0
        for (g, c) in groups.enumerated() { start[g] = k; for j in 0..<c { owner[k + j] = g }; k += c }
        let exact = sys.valueDerivatives(Array(sigma))
        for col in 0..<n {
            if exact == nil { try SolveBudget.check("logit path: Jacobian column \(col) of \(n) at λ = \(String(format: "%.4g", lambda))") }
            // Derivatives in ℓ = log σ: ∂v/∂ℓ = σ ∂v/∂σ (a relative step when differencing, so
            // tiny probabilities are handled at their scale).
            let dv: [Double]
            if let exact {
                dv = (0..<n).map { exact[$0][col] * sigma[col] }
            } else {
                var s2 = Array(sigma)
                let eps = 1e-7
                s2[col] += eps * sigma[col]
                let v2 = sys.values(s2)
                dv = (0..<n).map { (v2[$0] - v[$0]) / eps }
            }
            for g in 0..<groups.count {
                let st = start[g], c = groups[g]
                if g == owner[col] { jac[st][col] = sigma[col] }
                for j in 1..<max(c, 1) where c > 1 {
                    var d = -lambda * (dv[st + j] - dv[st])
                    if col == st + j { d += 1 }
                    if col == st { d -= 1 }
                    jac[st + j][col] = d
                }
            }
        }
        for g in 0..<groups.count {
            let st = start[g]
            for j in 1..<max(groups[g], 1) where groups[g] > 1 { jac[st + j][n] = -(v[st + j] - v[st]) }
        }
        return jac
    }

    /// End game: guesses the limit's support from the current point (alternatives whose
    /// probability is at least 1% of their group's largest) and solves the Nash conditions on it
    /// by Newton's method — equal values across each group's support, zero elsewhere. Returns
    /// nil unless Newton converges to a probability vector; the caller checks its regret.
    static func polish<S: LogitSystem>(_ sys: S, _ start: [Double], threshold: Double = 0.01) -> [Double]? {
        let groups = sys.groupSizes
        let n = start.count
        var support = [Bool](repeating: false, count: n)
        var k = 0
        for c in groups {
            let mx = start[k..<(k + c)].max()!
            for j in 0..<c where start[k + j] >= threshold * mx { support[k + j] = true }
            k += c
        }
        var s = start.enumerated().map { support[$0.offset] ? $0.element : 0 }
        k = 0
        for c in groups { let t = s[k..<(k + c)].reduce(0, +); for j in 0..<c { s[k + j] /= t }; k += c }
        func eqs(_ s: [Double]) -> [Double] {
            let v = sys.values(s)
            var out = [Double](repeating: 0, count: n)
            var k = 0
            for c in groups {
                let first = (0..<c).first { support[k + $0] }!
                out[k + first] = (0..<c).reduce(0) { $0 + (support[k + $1] ? s[k + $1] : 0) } - 1
                for j in 0..<c where j != first { out[k + j] = support[k + j] ? v[k + j] - v[k + first] : s[k + j] }
                k += c
            }
            return out
        }
        for _ in 0..<40 {
            let f = eqs(s)
            if f.reduce(0, { max($0, abs($1)) }) < 1e-13 { break }
            var jac = [[Double]](repeating: [Double](repeating: 0, count: n), count: n)
            for col in 0..<n {
                var s2 = s
                let eps = 1e-7
                s2[col] += eps
                let f2 = eqs(s2)
                for r in 0..<n { jac[r][col] = (f2[r] - f[r]) / eps }
            }
            guard let d = solveLinear(jac, f.map { -$0 }) else { return nil }
            for i in 0..<n { s[i] += d[i] }
        }
        guard eqs(s).reduce(0, { max($0, abs($1)) }) < 1e-9, s.allSatisfy({ $0 > -1e-9 }) else { return nil }
        s = s.map { max(0, $0) }
        k = 0
        for c in groups { let t = s[k..<(k + c)].reduce(0, +); for j in 0..<c { s[k + j] /= t }; k += c }
        return s
    }

    /// Where the path cannot continue (floating-point underflow far out on the branch), tries
    /// the end-game polish with several support thresholds; only a point within tolerance is returned.
    static func lastChance<S: LogitSystem>(_ sys: S, _ sg: [Double], _ tol: Double) -> [Double]? {
        for th in [0.01, 1e-3, 1e-5, 0.1] {
            if let p = polish(sys, sg, threshold: th), sys.maxRegret(p) <= tol, zip(p, sg).allSatisfy({ abs($0 - $1) < 1e-2 }) { return p }
        }
        return nil
    }

    /// Solves the square system a·x = b by Gaussian elimination with partial pivoting.
    static func solveLinear(_ a: [[Double]], _ b: [Double]) -> [Double]? {
        var m = a, r = b
        let n = b.count
        for c in 0..<n {
            var p = c
            for i in (c + 1)..<n where abs(m[i][c]) > abs(m[p][c]) { p = i }
            if abs(m[p][c]) < 1e-300 { return nil }
            if p != c { m.swapAt(p, c); r.swapAt(p, c) }
            for i in (c + 1)..<n {
                let f = m[i][c] / m[c][c]
                if f == 0 { continue }
                for j in c..<n { m[i][j] -= f * m[c][j] }
                r[i] -= f * r[c]
            }
        }
        var x = [Double](repeating: 0, count: n)
        for i in stride(from: n - 1, through: 0, by: -1) {
            var s = r[i]
            for j in (i + 1)..<n { s -= m[i][j] * x[j] }
            x[i] = s / m[i][i]
        }
        return x
    }

    static func tangent(_ jac: [[Double]], previous: [Double]) -> [Double]? {
        guard var t = solveLinear(jac + [previous], [Double](repeating: 0, count: jac.count) + [1]) else { return nil }
        let norm = sqrt(t.reduce(0) { $0 + $1 * $1 })
        t = t.map { $0 / norm }
        if zip(t, previous).reduce(0, { $0 + $1.0 * $1.1 }) < 0 { t = t.map { -$0 } }
        return t
    }

    /// The most alternatives (strategies, or actions over all information sets) the path
    /// follower takes: it solves dense n × n systems.
    public static let maxAlternatives = 2_000

    static func trace<S: LogitSystem>(_ sys: S, _ opt: LogitOptions) throws -> (Double, [Double], Int) {
        let sizes = sys.groupSizes
        let n = sizes.reduce(0, +)
        guard n <= maxAlternatives else {
            throw GameError.tooLarge("\(n) strategies or actions to follow; the path follower's dense Jacobian takes at most \(maxAlternatives)")
        }
        var x: [Double] = sizes.flatMap { [Double](repeating: -log(Double($0)), count: $0) } + [0]
        let range = max(sys.payoffRange, 1e-300)
        let tol = opt.maxRegret * range
        func sigma(_ x: [Double]) -> [Double] { x[0..<n].map { exp($0) } }
        if let target = opt.targetLambda, target <= 0 { return (0, sigma(x), 0) }
        if opt.targetLambda == nil && sys.maxRegret(sigma(x)) <= tol { return (0, sigma(x), 0) }
        var t = [Double](repeating: 0, count: n) + [1]
        var h = opt.initialStep
        var steps = 0
        var nextCheck = 1.0 / range
        while steps < opt.maxSteps {
            steps += 1
            try SolveBudget.check("logit path: step \(steps), λ = \(String(format: "%.4g", x[n]))")
            let jac = try jacobian(sys, x)
            guard let tan = tangent(jac, previous: t) else { throw GameError.failed("logit path: singular Jacobian at λ = \(x[n])") }
            t = tan
            // Predictor–corrector with step control.
            var accepted: [Double]?
            var tries = 0
            while accepted == nil {
                tries += 1
                if tries > 60 || h < 1e-14 {
                    if opt.targetLambda == nil, let p = lastChance(sys, sigma(x), tol) { return (x[n], p, steps) }
                    throw GameError.failed("logit path: step size collapsed at λ = \(x[n]) (regret \(sys.maxRegret(sigma(x))))")
                }
                var y = zip(x, t).map { $0 + h * $1 }
                var ok = false
                var iters = 0
                for _ in 0..<8 {
                    iters += 1
                    let hres = residual(sys, y)
                    let jy = try jacobian(sys, y)
                    guard let d = solveLinear(jy + [t], hres.map { -$0 } + [0]) else { break }
                    for i in 0...n { y[i] += d[i] }
                    let dn = sqrt(d.reduce(0) { $0 + $1 * $1 })
                    if dn < 1e-10 * max(1, h) { ok = true; break }
                    // A large first correction means the predictor left the branch's neighbourhood
                    // (where it could jump to another branch): shorten the step instead.
                    if dn > 0.3 * h + 1e-8 { break }
                }
                let res = residual(sys, y).reduce(0) { max($0, abs($1)) }
                var turn = 1.0
                if ok, let tn = tangent(try jacobian(sys, y), previous: t) { turn = zip(tn, t).reduce(0) { $0 + $1.0 * $1.1 } }
                if ok && res < 1e-9 && y[n].isFinite && turn > 0.95 {
                    accepted = y
                    if iters <= 3 { h = min(h * 2, 1e6) }
                } else { h /= 2 }
            }
            let prev = x
            x = accepted!
            if let target = opt.targetLambda, x[n] >= target {
                // Land exactly on λ = target: Newton in ℓ with λ fixed, from the interpolated point.
                let f = (target - prev[n]) / (x[n] - prev[n])
                var y = zip(prev, x).map { $0 + f * ($1 - $0) }
                y[n] = target
                for _ in 0..<50 {
                    let hres = residual(sys, y)
                    if hres.reduce(0, { max($0, abs($1)) }) < 1e-12 { break }
                    let jy = try jacobian(sys, y).map { Array($0[0..<n]) }
                    guard let d = solveLinear(jy, hres.map { -$0 }) else { break }
                    for i in 0..<n { y[i] += d[i] }
                }
                guard residual(sys, y).reduce(0, { max($0, abs($1)) }) < 1e-9 else { throw GameError.failed("logit: could not land on λ = \(target)") }
                return (target, sigma(y), steps)
            }
            if opt.targetLambda == nil && x[n] >= nextCheck {
                nextCheck = max(x[n] * 1.3, nextCheck + 0.5 / range)
                let sg = sigma(x)
                let reg = sys.maxRegret(sg)
                if reg <= tol { return (x[n], sg, steps) }
                // Polish only once the branch is close to its limit, and accept only a nearby point,
                // so the answer is the limit of this branch, not some other equilibrium.
                if reg <= 1e-3 * range, let p = polish(sys, sg), sys.maxRegret(p) <= tol,
                   zip(p, sg).allSatisfy({ abs($0 - $1) < 1e-2 }) { return (x[n], p, steps) }
            }
            if x[n] > opt.maxLambda { break }
        }
        if opt.targetLambda == nil, let p = lastChance(sys, sigma(x), tol) { return (x[n], p, steps) }
        throw GameError.failed("logit path did not reach regret ≤ \(opt.maxRegret) × range within \(opt.maxSteps) steps (λ = \(x[n]), regret \(sys.maxRegret(sigma(x))))")
    }
}
