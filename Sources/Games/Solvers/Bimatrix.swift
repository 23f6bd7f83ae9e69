/// The two best-response polytopes of a bimatrix game (A, B shifted to be positive):
/// P = {x ≥ 0 : Bᵀx ≤ 1} and Q = {y ≥ 0 : Ay ≤ 1}. In both tableaux variable k carries
/// label k: in P, x_i is variable i and the slack of column j is variable m+j; in Q, the slack
/// of row i is variable i and y_j is variable m+j.
struct BimatrixPolytopes {
    let m: Int, n: Int
    let p: Tableau, q: Tableau

    init(_ game: NormalFormGame) throws {
        guard game.playerCount == 2 else { throw GameError.unsupported("this method needs a two-player game (\(game.playerCount) players)") }
        m = game.strategyCounts[0]
        n = game.strategyCounts[1]
        let (m, n) = (self.m, self.n)
        var a = [[Rational]](repeating: [Rational](repeating: .zero, count: n), count: m), b = a
        for i in 0..<m { for j in 0..<n { a[i][j] = game.payoff([i, j], player: 0); b[i][j] = game.payoff([i, j], player: 1) } }
        a = shiftedPositive(a)
        b = shiftedPositive(b)
        // P: rows j (n of them): Σ_i B[i][j] x_i + s_j = 1.
        var prow = [[Rational]](repeating: [Rational](repeating: .zero, count: m + n), count: n)
        for j in 0..<n { for i in 0..<m { prow[j][i] = b[i][j] }; prow[j][m + j] = .one }
        p = Tableau(rows: prow, rhs: [Rational](repeating: .one, count: n), basis: (0..<n).map { m + $0 })
        // Q: rows i (m of them): r_i + Σ_j A[i][j] y_j = 1.
        var qrow = [[Rational]](repeating: [Rational](repeating: .zero, count: m + n), count: m)
        for i in 0..<m { qrow[i][i] = .one; for j in 0..<n { qrow[i][m + j] = a[i][j] } }
        q = Tableau(rows: qrow, rhs: [Rational](repeating: .one, count: m), basis: Array(0..<m))
    }

    /// Normalised strategy from a tableau: variables `range` scaled to sum to 1 (nil if all zero).
    static func strategy(_ t: Tableau, _ range: Range<Int>) -> [Rational]? {
        var v = [Rational](repeating: .zero, count: range.count)
        for (r, b) in t.basis.enumerated() where range.contains(b) { v[b - range.lowerBound] = t.rhs(r) }
        let s = v.reduce(Rational.zero, +)
        if s.isZero { return nil }
        return v.map { $0 / s }
    }
}

public enum EnumMixed {
    /// All extreme Nash equilibria of a two-player strategic game, in exact rationals.
    ///
    /// Method: enumerate every vertex of both best-response polytopes by a depth-first walk
    /// over all feasible bases (exact pivoting, so degenerate vertices are handled), then keep
    /// the completely labelled vertex pairs. Guarantee: exact and complete — every extreme
    /// point of every component of the equilibrium set is listed once (Avis, Rosenberg, Savani
    /// and von Stengel 2010). `limit` bounds the number of bases visited per polytope;
    /// exceeding it throws rather than returning a partial list.
    public static func solve(_ game: NormalFormGame, limit: Int = 5_000_000) throws -> [MixedProfile<Rational>] {
        let poly = try BimatrixPolytopes(game)
        let (m, n) = (poly.m, poly.n)
        let vp = try vertices(poly.p, strategyRange: 0..<m, limit: limit)
        let vq = try vertices(poly.q, strategyRange: m..<(m + n), limit: limit)
        let full = m + n
        var seen = Set<MixedProfile<Rational>>()
        var out: [MixedProfile<Rational>] = []
        for (i, x) in vp.enumerated() {
            try SolveBudget.check("pairing vertices: \(i) of \(vp.count) × \(vq.count), \(out.count) equilibria")
            for y in vq where (x.labels | y.labels).nonzeroBitCount == full || labelsCover(x.labelSet, y.labelSet, full) {
                let prof = MixedProfile([x.strategy, y.strategy])
                if seen.insert(prof).inserted { out.append(prof) }
            }
        }
        return out
    }

    private static func labelsCover(_ a: Set<Int>, _ b: Set<Int>, _ full: Int) -> Bool {
        full > 64 && a.union(b).count == full
    }

    struct Vertex { var strategy: [Rational]; var labels: UInt64; var labelSet: Set<Int> }

    /// Distinct non-zero vertices of a polytope tableau, with their label sets.
    static func vertices(_ start: Tableau, strategyRange: Range<Int>, limit: Int) throws -> [Vertex] {
        var t = start
        let vars = t.columns
        var visited = Set<[Int]>()
        var found = [ [Rational]: Vertex ]()
        var order: [[Rational]] = []
        func record() {
            var raw = [Rational](repeating: .zero, count: vars)
            for (r, b) in t.basis.enumerated() { raw[b] = t.rhs(r) }
            let xs = Array(raw[strategyRange])
            let s = xs.reduce(Rational.zero, +)
            guard !s.isZero else { return }
            let strat = xs.map { $0 / s }
            if found[strat] != nil { return }
            var mask: UInt64 = 0
            var set = Set<Int>()
            for v in 0..<vars where raw[v].isZero { set.insert(v); if v < 64 { mask |= 1 << UInt64(v) } }
            found[strat] = Vertex(strategy: strat, labels: vars <= 64 ? mask : 0, labelSet: set)
            order.append(strat)
        }
        func moves() -> [(Int, Int)] {
            var mv: [(Int, Int)] = []
            let basic = Set(t.basis)
            for c in 0..<vars where !basic.contains(c) { for r in t.minRatioRows(column: c) { mv.append((r, c)) } }
            return mv
        }
        visited.insert(t.basis.sorted())
        record()
        // Iterative depth-first search with undo pivots (exact pivots are reversible).
        var stack: [(moves: [(Int, Int)], next: Int, undo: (Int, Int)?)] = [(moves(), 0, nil)]
        while !stack.isEmpty {
            let top = stack.count - 1
            if stack[top].next < stack[top].moves.count {
                let (r, c) = stack[top].moves[stack[top].next]
                stack[top].next += 1
                try SolveBudget.check("vertex enumeration: \(visited.count) bases visited, \(order.count) vertices")
                let leaving = t.pivot(row: r, column: c)
                if visited.insert(t.basis.sorted()).inserted {
                    // Each visited basis is kept (its row count in integers): bounded in memory too.
                    guard visited.count <= min(limit, 50_000_000 / max(1, t.rowCount)) else {
                        throw GameError.tooLarge("more than \(visited.count - 1) bases of a polytope with \(t.rowCount) rows; stopped")
                    }
                    record()
                    stack.append((moves(), 0, (r, leaving)))
                } else {
                    t.pivot(row: r, column: leaving)
                }
            } else {
                let frame = stack.removeLast()
                if let (r, c) = frame.undo { t.pivot(row: r, column: c) }
            }
        }
        return order.map { found[$0]! }
    }
}

public enum LemkeHowson {
    /// Equilibria of a two-player strategic game found by Lemke–Howson complementary pivoting,
    /// exact. With `all` (Gambit's default) it follows the path for every initial dropped label
    /// from the artificial equilibrium and then from every equilibrium found, returning all
    /// equilibria reachable this way; otherwise it returns the first equilibrium (label 0).
    /// Guarantee: every result is an exact Nash equilibrium (lexicographic pivoting handles
    /// degenerate games); not complete — equilibria unreachable by these paths are not found.
    public static func solve(_ game: NormalFormGame, all: Bool = true) throws -> [MixedProfile<Rational>] {
        let poly = try BimatrixPolytopes(game)
        let (m, n) = (poly.m, poly.n)
        let k = m + n
        let lexP = (0..<n).map { m + $0 }, lexQ = Array(0..<m)
        var out: [MixedProfile<Rational>] = []
        var seenProfiles = Set<MixedProfile<Rational>>()
        var seenBases = Set<[[Int]]>()
        var queue: [(Tableau, Tableau)] = []

        func run(_ p0: Tableau, _ q0: Tableau, drop label: Int) throws -> (Tableau, Tableau)? {
            var p = p0, q = q0
            var entering = label
            var inP = !p.isBasic(label)   // the dropped label's variable is non-basic in exactly one tableau
            for k in 0..<100_000 {
                try SolveBudget.check("Lemke–Howson: \(out.count) equilibria found, dropping label \(label), pivot \(k)")
                if inP {
                    guard let r = p.lexMinRatioRow(column: entering, lex: lexP) else { return nil }
                    let leaving = p.pivot(row: r, column: entering)
                    if leaving == label { return (p, q) }
                    entering = leaving; inP = false
                } else {
                    guard let r = q.lexMinRatioRow(column: entering, lex: lexQ) else { return nil }
                    let leaving = q.pivot(row: r, column: entering)
                    if leaving == label { return (p, q) }
                    entering = leaving; inP = true
                }
            }
            throw GameError.failed("Lemke–Howson path did not end")
        }

        func consider(_ pq: (Tableau, Tableau)?) {
            guard let (p, q) = pq, let x = BimatrixPolytopes.strategy(p, 0..<m), let y = BimatrixPolytopes.strategy(q, m..<k) else { return }
            let key = [p.basis.sorted(), q.basis.sorted()]
            guard seenBases.insert(key).inserted else { return }
            let prof = MixedProfile([x, y])
            if seenProfiles.insert(prof).inserted { out.append(prof) }
            queue.append((p, q))
        }

        for label in 0..<(all ? k : 1) {
            consider(try run(poly.p, poly.q, drop: label))
            if !all && !out.isEmpty { return out }
        }
        var head = 0
        while all && head < queue.count {
            let (p, q) = queue[head]; head += 1
            for label in 0..<k { consider(try run(p, q, drop: label)) }
        }
        return out
    }
}
