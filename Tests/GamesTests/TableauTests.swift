import Testing
@testable import Games

/// The fraction-free tableau against plain Gauss–Jordan in rationals: after every pivot of a
/// random sequence, each entry and right-hand side must be the same rational number. Covers
/// integer rows, rows with fractions (scaled on entry) and entries past 64-bit products.
struct TableauTests {
    struct GaussJordan {
        var a: [[Rational]]
        var rhs: [Rational]
        mutating func pivot(_ r: Int, _ c: Int) {
            let inv = a[r][c].reciprocal
            a[r] = a[r].map { $0 * inv }
            rhs[r] = rhs[r] * inv
            for i in 0..<a.count where i != r {
                let f = a[i][c]
                if f.isZero { continue }
                for j in 0..<a[i].count { a[i][j] = a[i][j] - f * a[r][j] }
                rhs[i] = rhs[i] - f * rhs[r]
            }
        }
    }

    @Test func fractionFreePivotsMatchGaussJordan() {
        var state: UInt64 = 12345
        func rnd(_ n: Int) -> Int {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Int((state >> 33) % UInt64(n))
        }
        for trial in 0..<150 {
            let rows = 2 + rnd(6), cols = rows + 2 + rnd(6)
            var a = [[Rational]](repeating: [Rational](repeating: .zero, count: cols), count: rows)
            var rhs = [Rational](repeating: .zero, count: rows)
            for i in 0..<rows {
                a[i][i] = .one
                for j in rows..<cols where rnd(3) > 0 {
                    let v = rnd(200) - 100
                    switch trial % 3 {
                    case 0: a[i][j] = Rational(v * 1_000_000_007)     // products overflow Int
                    case 1: a[i][j] = Rational(v, 1 + rnd(12))       // fractions
                    default: a[i][j] = Rational(v)
                    }
                }
                rhs[i] = trial % 3 == 1 ? Rational(rnd(50) - 25, 1 + rnd(7)) : Rational(rnd(50) - 25)
            }
            var t = Tableau(rows: a, rhs: rhs, basis: Array(0..<rows))
            var ref = GaussJordan(a: a, rhs: rhs)
            for _ in 0..<30 {
                let r = rnd(rows), c = rnd(cols)
                if ref.a[r][c].isZero || t.isBasic(c) { continue }
                ref.pivot(r, c)
                t.pivot(row: r, column: c)
                for i in 0..<rows {
                    #expect(t.rhs(i) == ref.rhs[i], "trial \(trial), row \(i)")
                    for j in 0..<cols where t.coefficient(i, j) != ref.a[i][j] {
                        Issue.record("trial \(trial): entry (\(i), \(j)) is \(t.coefficient(i, j)), Gauss–Jordan gives \(ref.a[i][j])")
                        return
                    }
                }
            }
        }
    }
}
