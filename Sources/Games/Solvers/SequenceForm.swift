/// The sequence form of a two-player perfect-recall tree (Koller, Megiddo and von Stengel 1996):
/// each player's sequences (the empty sequence, then one per information-set action), the
/// constraint matrices E x = e, F y = f, and payoff matrices A, B over sequence pairs
/// (chance-weighted total payoffs of the plays each pair leads to).
struct SequenceForm {
    let game: ExtensiveGame
    /// seqIndex[p][setNumber][action] for p in 0, 1; sequence 0 is the empty sequence.
    var seqIndex: [[[Int]]] = [[], []]
    var parentSeq: [[Int]] = [[], []]
    var count = [1, 1]
    var a: [[Rational]] = [], b: [[Rational]] = []
    var e: [[Rational]] = [], f: [[Rational]] = []
    /// Largest |payoff| of any play after the shift that makes all payoffs negative.
    var maxPayoffMagnitude = Rational.zero

    init(_ game: ExtensiveGame) throws {
        guard game.playerCount == 2 else { throw GameError.unsupported("the sequence form needs a two-player game") }
        guard game.hasPerfectRecall else { throw GameError.unsupported("the sequence form needs perfect recall") }
        self.game = game
        // The dense LCP tableau has (sequences + sets) rows and twice as many columns: bounded before allocating.
        let sizes = (1...2).map { p in game.playerInfosets[p].reduce(1 + game.playerInfosets[p].count) { $0 + game.infosets[$1].actions.count } }
        guard sizes[0] + sizes[1] <= SequenceForm.maxSize else {
            throw GameError.tooLarge("the sequence form has \(sizes[0]) + \(sizes[1]) sequences and information sets, more than \(SequenceForm.maxSize) (its dense tableau would not fit in memory)")
        }
        for p in 0..<2 {
            for i in game.playerInfosets[p + 1] {
                let k = game.infosets[i].actions.count
                seqIndex[p].append(Array(count[p]..<(count[p] + k)))
                count[p] += k
            }
        }
        // Parent sequence of each information set: the player's last own action before it.
        for p in 0..<2 {
            parentSeq[p] = game.playerInfosets[p + 1].map { i in
                guard let last = game.parentMove[i] else { return 0 }
                return seqIndex[p][game.infosets[last.infoset].number][last.action]
            }
        }
        let (n1, n2) = (count[0], count[1])
        a = [[Rational]](repeating: [Rational](repeating: .zero, count: n2), count: n1)
        b = a
        // Shift payoffs so every play pays at least 1 less than zero... (strictly negative costs for Lemke).
        var hi = Rational.zero
        var leaves: [(Int, Int, Rational, [Rational])] = []
        // Every play with positive chance probability, by an explicit stack (deep trees).
        var stack: [(k: Int, s1: Int, s2: Int, w: Rational, acc: [Rational])] = [(0, 0, 0, .one, [.zero, .zero])]
        while let (k, s1, s2, w, acc) = stack.popLast() {
            var pay = acc
            for p in 0..<2 { pay[p] += game.nodePayoffs[k][p] }
            guard let i = game.nodes[k].infoset else {
                leaves.append((s1, s2, w, pay))
                hi = max(hi, pay.max()!)
                continue
            }
            let s = game.infosets[i]
            for (act, c) in game.nodes[k].children.enumerated().reversed() {
                switch s.player {
                case 0: if !s.probabilities[act].isZero { stack.append((c, s1, s2, w * s.probabilities[act], pay)) }
                case 1: stack.append((c, seqIndex[0][s.number][act], s2, w, pay))
                default: stack.append((c, s1, seqIndex[1][s.number][act], w, pay))
                }
            }
        }
        let shift = hi + 1
        var lo = Rational.zero
        for (_, _, _, pay) in leaves { lo = min(lo, pay.min()! - shift) }
        maxPayoffMagnitude = lo.magnitude
        for (s1, s2, w, pay) in leaves {
            a[s1][s2] += w * (pay[0] - shift)
            b[s1][s2] += w * (pay[1] - shift)
        }
        func constraints(_ p: Int) -> [[Rational]] {
            var m = [[Rational]](repeating: [Rational](repeating: .zero, count: count[p]), count: 1 + game.playerInfosets[p + 1].count)
            m[0][0] = .one
            for (j, seqs) in seqIndex[p].enumerated() {
                m[j + 1][parentSeq[p][j]] = -1
                for s in seqs { m[j + 1][s] = .one }
            }
            return m
        }
        e = constraints(0)
        f = constraints(1)
    }

    /// Behaviour strategies from realisation plans (uniform where the plan never reaches a set).
    /// The most rows (sequences and information sets of both players) the dense tableau may have:
    /// 2,000 rows of 4,001 exact entries.
    static let maxSize = 2_000

    func behavior(x: [Rational], y: [Rational]) -> BehaviorProfile<Rational> {
        BehaviorProfile((0..<2).map { p in
            let plan = p == 0 ? x : y
            return seqIndex[p].enumerated().map { j, seqs in
                let parent = plan[parentSeq[p][j]]
                if parent.isZero { return [Rational](repeating: Rational(1, seqs.count), count: seqs.count) }
                return seqs.map { plan[$0] / parent }
            }
        })
    }
}

public enum SequenceFormLCP {
    /// One Nash equilibrium of a two-player perfect-recall tree in behaviour strategies, by
    /// Lemke's algorithm on the sequence-form linear complementarity problem (Koller, Megiddo
    /// and von Stengel 1996), in exact arithmetic with lexicographic pivoting.
    /// Guarantee: the result is an exact Nash equilibrium (regret exactly 0); behaviour at
    /// information sets the equilibrium never reaches is uniform (a convention).
    public static func solve(_ game: ExtensiveGame) throws -> BehaviorProfile<Rational> {
        let sf = try SequenceForm(game)
        let (n1, n2) = (sf.count[0], sf.count[1])
        let (k1, k2) = (sf.e.count, sf.f.count)
        // LCP (after KMvS with payoffs made negative): z = (x, y, p', q') with the duals shifted
        // by K so they are non-negative at every solution (|dual| ≤ largest |payoff| < K), hence
        // strictly positive, which forces Ex = e and Fy = f through complementarity:
        //   w_x = -A y + Eᵀp' - K Eᵀ1 ⊥ x,  w_y = -Bᵀx + Fᵀq' - K Fᵀ1 ⊥ y,
        //   w_p = e - E x ⊥ p',             w_q = f - F y ⊥ q'.
        let sizes = [n1, n2, k1, k2]
        let offs = sizes.indices.map { sizes[..<$0].reduce(0, +) }
        let nz = sizes.reduce(0, +)
        var mRows = [[Rational]](repeating: [Rational](repeating: .zero, count: nz), count: nz)
        var q = [Rational](repeating: .zero, count: nz)
        let (ox, oy, op, oq) = (offs[0], offs[1], offs[2], offs[3])
        let kShift = sf.maxPayoffMagnitude + 1
        for i in 0..<n1 {
            for j in 0..<n2 { mRows[ox + i][oy + j] = -sf.a[i][j] }
            var colSum = Rational.zero
            for r in 0..<k1 { mRows[ox + i][op + r] = sf.e[r][i]; colSum += sf.e[r][i] }
            q[ox + i] = -kShift * colSum
        }
        for j in 0..<n2 {
            for i in 0..<n1 { mRows[oy + j][ox + i] = -sf.b[i][j] }
            var colSum = Rational.zero
            for r in 0..<k2 { mRows[oy + j][oq + r] = sf.f[r][j]; colSum += sf.f[r][j] }
            q[oy + j] = -kShift * colSum
        }
        for r in 0..<k1 {
            for i in 0..<n1 { mRows[op + r][ox + i] = -sf.e[r][i] }
            q[op + r] = r == 0 ? 1 : 0
        }
        for r in 0..<k2 {
            for j in 0..<n2 { mRows[oq + r][oy + j] = -sf.f[r][j] }
            q[oq + r] = r == 0 ? 1 : 0
        }
        let z = try Lemke.solve(m: mRows, q: q, maxPivots: 20 * nz + 1000)
        let x = Array(z[ox..<(ox + n1)]), y = Array(z[oy..<(oy + n2)])
        let profile = sf.behavior(x: x, y: y)
        guard game.maxRegret(profile).isZero else { throw GameError.failed("sequence-form solution failed its regret check") }
        return profile
    }
}

/// Lemke's algorithm for the linear complementarity problem w = q + Mz, w, z ≥ 0, wᵀz = 0,
/// with covering vector of ones and lexicographic ratio tests, in exact arithmetic.
enum Lemke {
    static func solve(m: [[Rational]], q: [Rational], maxPivots: Int = 1_000_000) throws -> [Rational] {
        let n = q.count
        if q.allSatisfy({ $0.signum >= 0 }) { return [Rational](repeating: .zero, count: n) }
        // Variables: w_0..w_{n-1} (0..<n), z_0..z_{n-1} (n..<2n), z0 (2n). Row i: w_i - Σ M_ij z_j - z0 = q_i.
        let z0 = 2 * n
        var rows = [[Rational]](repeating: [Rational](repeating: .zero, count: 2 * n + 1), count: n)
        for i in 0..<n {
            rows[i][i] = .one
            for j in 0..<n where !m[i][j].isZero { rows[i][n + j] = -m[i][j] }
            rows[i][z0] = -1
        }
        var t = Tableau(rows: rows, rhs: q, basis: Array(0..<n))
        let lex = Array(0..<n)
        // z0 enters at the row with the most negative q (lexicographic tie-break).
        var r = 0
        for i in 1..<n where q[i] < q[r] || (q[i] == q[r] && lexLess(t, i, r, lex)) { r = i }
        var leaving = t.pivot(row: r, column: z0)
        for k in 0..<maxPivots {
            try SolveBudget.check("Lemke's algorithm: \(k) pivots")
            let entering = leaving < n ? leaving + n : leaving - n
            guard let row = t.lexMinRatioRow(column: entering, lex: lex) else {
                throw GameError.failed("Lemke's algorithm ended on a ray")
            }
            leaving = t.pivot(row: row, column: entering)
            if leaving == z0 {
                return (0..<n).map { t.value(of: n + $0) }
            }
        }
        throw GameError.failed("Lemke's algorithm exceeded \(maxPivots) pivots")
    }

    /// For the initial z0 pivot (column of -1s): the leaving row is the lexicographically smallest (q_i, row_i).
    private static func lexLess(_ t: Tableau, _ i: Int, _ j: Int, _ lex: [Int]) -> Bool {
        for c in lex where t.coefficient(i, c) != t.coefficient(j, c) { return t.coefficient(i, c) < t.coefficient(j, c) }
        return false
    }
}
