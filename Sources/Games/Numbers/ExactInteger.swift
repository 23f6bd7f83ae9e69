import BigInt

/// An exact integer for fraction-free pivoting: machine `Int` while the value fits, `BigInt`
/// beyond. Pivoting with it needs no gcd at all (the divisions are exact by Bareiss's
/// identity), which is where exact rational tableaux spend most of their time.
enum ExactInteger: Sendable, Hashable {
    case small(Int)
    case big(BigInt)    // never representable as `small`

    init(_ v: BigInt) {
        if let s = Int(exactly: v) { self = .small(s) } else { self = .big(v) }
    }

    static let zero = ExactInteger.small(0)
    static let one = ExactInteger.small(1)

    var bigValue: BigInt {
        switch self { case .small(let v): return BigInt(v); case .big(let v): return v }
    }

    var isZero: Bool { if case .small(0) = self { return true }; return false }

    var signum: Int {
        switch self {
        case .small(let v): return v.signum()
        case .big(let v): return v.sign == .minus ? -1 : 1
        }
    }

    static prefix func - (a: ExactInteger) -> ExactInteger {
        if case .small(let v) = a, v != .min { return .small(-v) }
        return ExactInteger(-a.bigValue)
    }

    static func * (a: ExactInteger, b: ExactInteger) -> ExactInteger {
        if case .small(let x) = a, case .small(let y) = b {
            let (p, o) = x.multipliedReportingOverflow(by: y)
            if !o { return .small(p) }
        }
        return ExactInteger(a.bigValue * b.bigValue)
    }

    /// `(a·p − f·r) / d`, where the caller guarantees that `d` divides the numerator exactly
    /// (the Bareiss update).
    static func bareiss(_ a: ExactInteger, _ p: ExactInteger, _ f: ExactInteger, _ r: ExactInteger,
                                   _ d: ExactInteger) -> ExactInteger {
        if case .small(let a) = a, case .small(let p) = p, case .small(let f) = f, case .small(let r) = r,
           case .small(let d) = d {
            let (x, o1) = a.multipliedReportingOverflow(by: p)
            let (y, o2) = f.multipliedReportingOverflow(by: r)
            if !o1 && !o2 {
                let (z, o3) = x.subtractingReportingOverflow(y)
                if !o3 { return .small(z / d) }
            }
        }
        return ExactInteger((a.bigValue * p.bigValue - f.bigValue * r.bigValue) / d.bigValue)
    }

    /// `a·p / d` with `d` dividing the product exactly.
    static func scaled(_ a: ExactInteger, _ p: ExactInteger, _ d: ExactInteger) -> ExactInteger {
        if case .small(let a) = a, case .small(let p) = p, case .small(let d) = d {
            let (x, o) = a.multipliedReportingOverflow(by: p)
            if !o { return .small(x / d) }
        }
        return ExactInteger(a.bigValue * p.bigValue / d.bigValue)
    }

    /// The sign of `a·b − c·d`, without overflow.
    static func compareProducts(_ a: ExactInteger, _ b: ExactInteger, _ c: ExactInteger, _ d: ExactInteger) -> Int {
        if case .small(let a) = a, case .small(let b) = b, case .small(let c) = c, case .small(let d) = d {
            let x = a.multipliedFullWidth(by: b), y = c.multipliedFullWidth(by: d)
            if x.high != y.high { return x.high < y.high ? -1 : 1 }
            return x.low == y.low ? 0 : (x.low < y.low ? -1 : 1)
        }
        let diff = a.bigValue * b.bigValue - c.bigValue * d.bigValue
        return diff.isZero ? 0 : (diff.sign == .minus ? -1 : 1)
    }

    /// `self / d` as a reduced rational (`d` non-zero).
    func over(_ d: ExactInteger) -> Rational {
        if case .small(let n) = self, case .small(let dd) = d, n != .min, dd != .min { return Rational(n, dd) }
        return Rational(big: bigValue, d.bigValue)
    }
}
