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
    /// max(|re|, |im|): within √2 of `abs`, for comparisons and tolerances (no square root).
    var norm1: Double { Swift.max(Swift.abs(re), Swift.abs(im)) }
    func pow(_ k: Int) -> Complex { var r = Complex.one; for _ in 0..<max(0, k) { r = r * self }; return r }
    static func unit(_ angle: Double) -> Complex { Complex(cos(angle), sin(angle)) }
}

/// Solves a complex linear system (rows of `a`) by Gaussian elimination with partial pivoting.
func solveComplex(_ a: [[Complex]], _ b: [Complex]) -> [Complex]? {
    var flat = a.flatMap { $0 }, x = b
    return solveComplexInPlace(&flat, &x, b.count) ? x : nil
}

/// Solves a·x = b in place (a row-major n × n, overwritten; b becomes x) by Gaussian
/// elimination with partial pivoting; false when singular.
func solveComplexInPlace(_ a: inout [Complex], _ b: inout [Complex], _ n: Int) -> Bool {
    for c in 0..<n {
        var p = c, best = a[c * n + c].norm1
        for i in (c + 1)..<n { let v = a[i * n + c].norm1; if v > best { p = i; best = v } }
        if best < 1e-300 { return false }
        if p != c {
            for j in 0..<n { a.swapAt(p * n + j, c * n + j) }
            b.swapAt(p, c)
        }
        let pivot = a[c * n + c]
        for i in (c + 1)..<n {
            let f = a[i * n + c] / pivot
            if f.re == 0 && f.im == 0 { continue }
            for j in c..<n { a[i * n + j] = a[i * n + j] - f * a[c * n + j] }
            b[i] = b[i] - f * b[c]
        }
    }
    for i in stride(from: n - 1, through: 0, by: -1) {
        var s = b[i]
        for j in (i + 1)..<n { s = s - a[i * n + j] * b[j] }
        b[i] = s / a[i * n + i]
    }
    return true
}
