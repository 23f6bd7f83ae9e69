import BigInt

/// A dense exact simplex tableau: row i reads `Σ_j a[i][j]·x_j = rhs[i]` with the basic
/// variable `basis[i]` having a unit column. Shared by Lemke–Howson, Lemke's algorithm,
/// vertex enumeration and the simplex method; exact, so pivoting never drifts.
///
/// Stored fraction-free (integer pivoting, as in Edmonds and Bareiss): an integer matrix
/// equal to `det` times the rational tableau, where `det` is the determinant of the current
/// basis. Every pivot's division is exact, so no gcd is ever taken and the entries stay
/// minors of the starting matrix (polynomially bounded), unlike reduced fractions whose
/// normalisation dominates the cost of exact rational pivoting.
struct Tableau {
    private(set) var basis: [Int]
    let columns: Int
    private var m: [[ExactInteger]]
    private var b: [ExactInteger]
    private var det = ExactInteger.one
    /// A starting row with fractions is multiplied by the lcm of its denominators; its basic
    /// variable is then counted in units of 1/σ so its column stays a unit column. σ is 1
    /// for every other variable. Ratio tests compare within one column, so σ cancels.
    private let sigma: [ExactInteger]

    /// Rows whose basic variable is -1 (an objective row) must have integer entries.
    init(rows: [[Rational]], rhs: [Rational], basis: [Int]) {
        self.basis = basis
        columns = rows.first?.count ?? 0
        var sigma = [ExactInteger](repeating: .one, count: columns)
        var m: [[ExactInteger]] = []
        var b: [ExactInteger] = []
        for (i, row) in rows.enumerated() {
            let scale = commonDenominator(row + [rhs[i]])
            precondition(scale == .one || basis[i] >= 0, "an objective row must have integer entries")
            var ints = row.map { ExactInteger(($0 * scale).numerator) }
            if basis[i] >= 0 { ints[basis[i]] = .one; sigma[basis[i]] = ExactInteger(scale.numerator) }
            m.append(ints)
            b.append(ExactInteger((rhs[i] * scale).numerator))
        }
        self.m = m
        self.b = b
        self.sigma = sigma
    }

    var rowCount: Int { m.count }

    private func rowScale(_ i: Int) -> ExactInteger { basis[i] >= 0 ? sigma[basis[i]] : .one }

    /// The entry of row i, column j of the rational tableau.
    func coefficient(_ i: Int, _ j: Int) -> Rational { (m[i][j] * sigma[j]).over(det * rowScale(i)) }

    /// The sign of the entry of row i, column j.
    func sign(_ i: Int, _ j: Int) -> Int { m[i][j].signum }

    /// The right-hand side of row i: the value of its basic variable.
    func rhs(_ i: Int) -> Rational { b[i].over(det * rowScale(i)) }

    /// Pivots variable `c` into the basis on row `r`; returns the variable that left.
    @discardableResult
    mutating func pivot(row r: Int, column c: Int) -> Int {
        let p = m[r][c]
        precondition(!p.isZero, "zero pivot")
        let prow = m[r], pb = b[r]
        let nz = (0..<columns).filter { !prow[$0].isZero }
        let unchanged = p == det
        for i in 0..<m.count where i != r {
            let f = m[i][c]
            if f.isZero {
                if unchanged { continue }
                for j in 0..<columns where !m[i][j].isZero { m[i][j] = .scaled(m[i][j], p, det) }
                b[i] = .scaled(b[i], p, det)
                continue
            }
            if !unchanged { for j in 0..<columns where !m[i][j].isZero && prow[j].isZero { m[i][j] = .scaled(m[i][j], p, det) } }
            for j in nz { m[i][j] = .bareiss(m[i][j], p, f, prow[j], det) }
            b[i] = .bareiss(b[i], p, f, pb, det)
        }
        det = p
        if p.signum < 0 {
            // Keep det positive so signs read directly as the rational tableau's signs.
            for i in 0..<m.count { for j in 0..<columns where !m[i][j].isZero { m[i][j] = -m[i][j] }; b[i] = -b[i] }
            det = -p
        }
        let leaving = basis[r]
        basis[r] = c
        return leaving
    }

    /// Rows achieving the minimum ratio rhs/a[i][c] over a[i][c] > 0 (exact ties all returned).
    func minRatioRows(column c: Int, rows: Range<Int>? = nil) -> [Int] {
        var best: [Int] = []
        for i in rows ?? 0..<m.count where m[i][c].signum > 0 {
            guard let k = best.first else { best = [i]; continue }
            // b_i/m_ic against b_k/m_kc, both denominators positive.
            switch ExactInteger.compareProducts(b[i], m[k][c], b[k], m[i][c]) {
            case -1: best = [i]
            case 0: best.append(i)
            default: break
            }
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
            for i in cand {
                guard let h = best.first else { best = [i]; continue }
                switch ExactInteger.compareProducts(m[i][col], m[h][c], m[h][col], m[i][c]) {
                case -1: best = [i]
                case 0: best.append(i)
                default: break
                }
            }
            cand = best
            k += 1
        }
        return cand.first
    }

    /// Value of variable v in the current basic solution.
    func value(of v: Int) -> Rational {
        if let r = basis.firstIndex(of: v) { return rhs(r) }
        return .zero
    }

    func isBasic(_ v: Int) -> Bool { basis.contains(v) }
}

/// The least common multiple of the denominators of `values`: the smallest positive integer
/// that makes every one of them an integer.
func commonDenominator<S: Sequence>(_ values: S) -> Rational where S.Element == Rational {
    var scale = BigInt(1)
    for v in values where !v.isInteger {
        let d = v.denominator
        scale = scale / BigInt(Rational.gcd(scale.magnitude, d.magnitude)) * d
    }
    return Rational(scale)
}

func commonDenominator(_ m: [[Rational]]) -> Rational { commonDenominator(m.joined()) }

/// Scales a rational matrix to positive integers-with-shift form used by the bimatrix methods:
/// adds a constant so every entry is at least 1 (equilibria are unchanged by adding a constant).
/// Also scales by the common denominator so the entries are integers: best responses, hence
/// equilibria, are unchanged by a positive affine map of one player's payoffs, and integer
/// tableaux keep the exact pivots far smaller.
func shiftedPositive(_ m: [[Rational]]) -> [[Rational]] {
    let s = commonDenominator(m)
    let scaled = m.map { $0.map { $0 * s } }
    let lo = scaled.flatMap { $0 }.min() ?? .zero
    let shift = Rational.one - lo
    return scaled.map { $0.map { $0 + shift } }
}
