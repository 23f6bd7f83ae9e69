import Foundation

/// Minimal complex arithmetic for polynomial homotopy continuation.
struct Complex: Sendable, Equatable {
    var re: Double, im: Double
    init(_ re: Double, _ im: Double = 0) { self.re = re; self.im = im }
    static let zero = Complex(0), one = Complex(1)
    static func + (a: Complex, b: Complex) -> Complex { Complex(a.re + b.re, a.im + b.im) }
    static func - (a: Complex, b: Complex) -> Complex { Complex(a.re - b.re, a.im - b.im) }
    static prefix func - (a: Complex) -> Complex { Complex(-a.re, -a.im) }
    static func * (a: Complex, b: Complex) -> Complex { Complex(a.re * b.re - a.im * b.im, a.re * b.im + a.im * b.re) }
    static func * (a: Double, b: Complex) -> Complex { Complex(a * b.re, a * b.im) }
    static func / (a: Complex, b: Complex) -> Complex {
        let d = b.re * b.re + b.im * b.im
        return Complex((a.re * b.re + a.im * b.im) / d, (a.im * b.re - a.re * b.im) / d)
    }
    var abs: Double { hypot(re, im) }
    func pow(_ k: Int) -> Complex { var r = Complex.one; for _ in 0..<max(0, k) { r = r * self }; return r }
    static func unit(_ angle: Double) -> Complex { Complex(cos(angle), sin(angle)) }
}

/// Solves a complex linear system by Gaussian elimination with partial pivoting.
func solveComplex(_ a: [[Complex]], _ b: [Complex]) -> [Complex]? {
    var m = a, r = b
    let n = b.count
    for c in 0..<n {
        var p = c
        for i in (c + 1)..<n where m[i][c].abs > m[p][c].abs { p = i }
        if m[p][c].abs < 1e-300 { return nil }
        if p != c { m.swapAt(p, c); r.swapAt(p, c) }
        for i in (c + 1)..<n {
            let f = m[i][c] / m[c][c]
            if f.re == 0 && f.im == 0 { continue }
            for j in c..<n { m[i][j] = m[i][j] - f * m[c][j] }
            r[i] = r[i] - f * r[c]
        }
    }
    var x = [Complex](repeating: .zero, count: n)
    for i in stride(from: n - 1, through: 0, by: -1) {
        var s = r[i]
        for j in (i + 1)..<n { s = s - m[i][j] * x[j] }
        x[i] = s / m[i][i]
    }
    return x
}
