import Foundation

/// Simplicial subdivision: the variable-dimension restart algorithm of van der Laan and Talman
/// on the product of the players' simplices (van der Laan, Talman and van der Heyden 1987), with
/// grid refinement.
public enum SimplicialSubdivision {
    /// One approximate Nash equilibrium of a strategic game with any number of players.
    ///
    /// Method. Each (player j, strategy h) is a label and a direction q(j,h): moving probability
    /// δ from j's previous strategy (cyclically) to h. A grid point's label is the (player,
    /// strategy) with the largest gain u_j(h, σ₋ⱼ) − u_j(σ) over all players (first on ties);
    /// a point off the product of simplices is labelled with its first negative coordinate,
    /// which points back in. From the start v the algorithm follows adjacent simplices of the
    /// regions A(T) = {v + Σ_{(j,h)∈T} λ_{jh} q(j,h), λ ≥ 0} (T leaves at least one label of each
    /// player out), triangulated by the Freudenthal triangulation in λ with mesh δ, each simplex
    /// carrying every label of T: a new label outside T raises the dimension, a vertex on a face
    /// λ_{jh} = 0 lowers it, a repeated label moves the other vertex with that label (replacement
    /// steps). It stops when some player's labels are all present: every strategy of that player
    /// then has gain close to the largest gain of all, which is therefore close to 0, so the
    /// simplex's best vertex is an approximate equilibrium. Then the grid is refined (δ divided by
    /// `refine`) and the walk restarts from that vertex, until its max regret is at most
    /// `maxRegret × payoff range`.
    ///
    /// Guarantee: the result is a grid point with exact rational probabilities (not an exact
    /// equilibrium) whose max regret, computed exactly, is within the tolerance. Started at
    /// `start` (default: the centroid) with mesh 1/8; deterministic. Throws if the mesh falls
    /// below 10⁻¹⁵ first (floating labels stop resolving it).
    public static func solve(_ game: NormalFormGame, start: MixedProfile<Rational>? = nil, maxRegret: Double = 1e-8,
                             refine: Int = 2) throws -> MixedProfile<Rational> {
        guard refine >= 2 else { throw GameError.invalid("simpdiv's grid refinement factor must be at least 2") }
        let counts = game.strategyCounts
        var v = start ?? MixedProfile<Rational>.uniform(counts)
        let tol = Rational(exactly: maxRegret) * game.payoffRange
        var delta = Rational(1, 8)
        var stage = 0
        while true {
            if game.maxRegret(v) <= tol { return v }
            guard delta.doubleValue > 1e-15 else {
                throw GameError.failed("the grid reached mesh \(delta.doubleValue) with max regret \(game.maxRegret(v).doubleValue), above the tolerance")
            }
            stage += 1
            v = try walk(game, from: v, mesh: delta, stage: stage)
            delta = delta / Rational(refine)
        }
    }

    /// One run of the restart algorithm at mesh `delta` from `v`; returns the best vertex (inside
    /// the product of simplices) of the terminal simplex.
    static func walk(_ game: NormalFormGame, from v: MixedProfile<Rational>, mesh delta: Rational, stage: Int) throws -> MixedProfile<Rational> {
        let counts = game.strategyCounts
        var offset: [Int] = [], player: [Int] = []
        for (j, c) in counts.enumerated() { offset.append(player.count); player += [Int](repeating: j, count: c) }
        let dims = player.count
        // pred[k]: the strategy direction k takes probability from (cyclically the previous one).
        var pred = [Int](repeating: 0, count: dims)
        for k in 0..<dims {
            let first: Int = offset[player[k]]
            pred[k] = k == first ? first + counts[player[k]] - 1 : k - 1
        }
        let vd = v.probabilities.flatMap { $0.map(\.doubleValue) }, dd = delta.doubleValue
        let sys = StrategicLogit(game: game)

        /// A vertex: integer coefficients per direction.
        func point(_ a: [Int]) -> [Double] {
            var x = vd
            for k in 0..<dims where a[k] != 0 { x[k] += dd * Double(a[k]); x[pred[k]] -= dd * Double(a[k]) }
            return x
        }
        func label(_ a: [Int]) -> Int {
            let x = point(a)
            if let out = x.indices.first(where: { x[$0] < -1e-12 }) { return out }
            let values = sys.values(x)
            var best = -1, bestGain = 0.0
            for j in 0..<counts.count {
                var u = 0.0
                for h in 0..<counts[j] { u += x[offset[j] + h] * values[offset[j] + h] }
                for h in 0..<counts[j] where best < 0 || values[offset[j] + h] - u > bestGain + 1e-15 * max(1, abs(bestGain)) {
                    best = offset[j] + h; bestGain = values[offset[j] + h] - u
                }
            }
            return best
        }

        // The current simplex: base coefficients `base`, steps `perm` (the directions of T in order);
        // vertex i is base + e(perm[0]) + … + e(perm[i-1]); labels[i] is vertex i's label.
        // Invariant: base is 0 outside T, and the vertices carry every label of T.
        var base = [Int](repeating: 0, count: dims)
        var perm: [Int] = []
        var inT = [Bool](repeating: false, count: dims)
        var perPlayer = [Int](repeating: 0, count: counts.count)   // |T_j|
        func vertex(_ i: Int) -> [Int] { var a = base; for s in perm.prefix(i) { a[s] += 1 }; return a }
        enum Step { case raise(Int), replace(Int) }
        /// After vertex `nv` is new: replace the other vertex with its label, or raise with a new label.
        func next(_ nv: Int) -> Step {
            let l = labels[nv]
            if let other = labels.indices.first(where: { labels[$0] == l && $0 != nv }) { return .replace(other) }
            return .raise(l)
        }
        var labels = [label(base)]
        var step = Step.raise(labels[0])
        var steps = 0
        walk: while true {
            steps += 1
            if steps & 15 == 0 { try SolveBudget.check("simplicial subdivision: stage \(stage), mesh \(dd), \(steps) steps, dimension \(perm.count)") }
            switch step {
            case .raise(let k):
                // Some player's labels all present: the simplex is an approximate equilibrium.
                if perPlayer[player[k]] + 1 == counts[player[k]] { break walk }
                inT[k] = true; perPlayer[player[k]] += 1
                perm.append(k)
                labels.append(label(vertex(perm.count)))
                step = next(perm.count)
            case .replace(let i):
                let t = perm.count
                guard t > 0 else { throw GameError.failed("the path returned to its start (cannot happen with consistent labels)") }
                if i == 0 {
                    base[perm[0]] += 1
                    perm.append(perm.removeFirst())
                    labels.removeFirst()
                    labels.append(label(vertex(t)))
                    step = next(t)
                } else if i < t {
                    perm.swapAt(i - 1, i)
                    labels[i] = label(vertex(i))
                    step = next(i)
                } else if base[perm[t - 1]] > 0 {
                    let s = perm.removeLast()
                    base[s] -= 1
                    perm.insert(s, at: 0)
                    labels.removeLast()
                    labels.insert(label(base), at: 0)
                    step = next(0)
                } else {
                    // The facet opposite the last vertex lies on the face λ_s = 0: drop s from T;
                    // the facet carries label s, whose vertex is replaced next.
                    let s = perm.removeLast()
                    inT[s] = false; perPlayer[player[s]] -= 1
                    labels.removeLast()
                    step = .replace(labels.firstIndex(of: s)!)
                }
            }
        }
        // The vertex of the terminal simplex with the least max gain, among those inside.
        var bestVertex = base, bestRegret = Double.infinity
        for i in 0...perm.count {
            let a = vertex(i), x = point(a)
            guard x.allSatisfy({ $0 >= -1e-12 }) else { continue }
            let r = game.maxRegret(sys.profile(x))
            if r < bestRegret { bestRegret = r; bestVertex = a }
        }
        var exact = v.probabilities.flatMap { $0 }
        for k in 0..<dims where bestVertex[k] != 0 {
            let m = delta * Rational(bestVertex[k])
            exact[k] += m
            exact[pred[k]] -= m
        }
        var probs: [[Rational]] = []
        for (j, c) in counts.enumerated() { probs.append(exact[offset[j]..<(offset[j] + c)].map { max($0, .zero) }) }
        return MixedProfile(probs.map { row in let s = row.reduce(Rational.zero, +); return row.map { $0 / s } })
    }
}
