import BigInt

/// A dense exact simplex tableau: row i reads `Σ_j a[i][j]·x_j = rhs[i]` with the basic
/// variable `basis[i]` having a unit column. Shared by Lemke–Howson, Lemke's algorithm,
/// vertex enumeration and the simplex method; exact, so pivoting never drifts.
struct Tableau {
    var a: [[Rational]]
    var rhs: [Rational]
    var basis: [Int]
    let columns: Int

    init(rows: [[Rational]], rhs: [Rational], basis: [Int]) {
        a = rows
        self.rhs = rhs
        self.basis = basis
        columns = rows.first?.count ?? 0
    }

    var rowCount: Int { a.count }

    /// Pivots variable `c` into the basis on row `r` (Gauss–Jordan); returns the variable that left.
    @discardableResult
    mutating func pivot(row r: Int, column c: Int) -> Int {
        let p = a[r][c]
        precondition(!p.isZero, "zero pivot")
        if p != .one {
            let inv = p.reciprocal
            for j in 0..<columns where !a[r][j].isZero { a[r][j] = a[r][j] * inv }
            rhs[r] = rhs[r] * inv
        }
        let prow = a[r]
        let nz = (0..<columns).filter { !prow[$0].isZero }
        for i in 0..<a.count where i != r {
            let f = a[i][c]
            if f.isZero { continue }
            for j in nz { a[i][j] = a[i][j] - f * prow[j] }
            rhs[i] = rhs[i] - f * rhs[r]
        }
        let leaving = basis[r]
        basis[r] = c
        return leaving
    }

    /// Rows achieving the minimum ratio rhs/a[i][c] over a[i][c] > 0 (exact ties all returned).
    func minRatioRows(column c: Int, rows: Range<Int>? = nil) -> [Int] {
        var best: [Int] = []
        var bestRatio: Rational?
        for i in rows ?? 0..<a.count where a[i][c].signum > 0 {
            let r = rhs[i] / a[i][c]
            if bestRatio == nil || r < bestRatio! { best = [i]; bestRatio = r } else if r == bestRatio! { best.append(i) }
        }
        return best
    }

    /// The lexicographic minimum-ratio row (ties broken by the columns `lex`, which must form
    /// an invertible matrix, such as the initial basis), so degenerate paths never cycle.
    func lexMinRatioRow(column c: Int, lex: [Int], rows: Range<Int>? = nil) -> Int? {
        var cand = minRatioRows(column: c, rows: rows)
        var k = 0
        while cand.count > 1 && k < lex.count {
            let col = lex[k]
            var best: [Int] = []
            var bestR: Rational?
            for i in cand {
                let r = a[i][col] / a[i][c]
                if bestR == nil || r < bestR! { best = [i]; bestR = r } else if r == bestR! { best.append(i) }
            }
            cand = best
            k += 1
        }
        return cand.first
    }

    /// Value of variable v in the current basic solution.
    func value(of v: Int) -> Rational {
        if let r = basis.firstIndex(of: v) { return rhs[r] }
        return .zero
    }

    func isBasic(_ v: Int) -> Bool { basis.contains(v) }
}

/// Scales a rational matrix to positive integers-with-shift form used by the bimatrix methods:
/// adds a constant so every entry is at least 1 (equilibria are unchanged by adding a constant).
/// Also scales by the common denominator so the entries are integers: best responses, hence
/// equilibria, are unchanged by a positive affine map of one player's payoffs, and integer
/// tableaux keep the exact pivots far smaller.
func shiftedPositive(_ m: [[Rational]]) -> [[Rational]] {
    var scale = BigInt(1)
    for row in m { for v in row { let d = v.denominator; scale = scale / BigInt(scale.magnitude.greatestCommonDivisor(with: d.magnitude)) * d } }
    let s = Rational(scale)
    let scaled = m.map { $0.map { $0 * s } }
    let lo = scaled.flatMap { $0 }.min() ?? .zero
    let shift = Rational.one - lo
    return scaled.map { $0.map { $0 + shift } }
}
