import BigInt

/// An exact rational number, always in lowest terms with a positive denominator.
///
/// Values whose numerator and denominator fit in `Int` are kept inline and use
/// overflow-checked machine arithmetic; anything larger moves to `BigInt`
/// transparently, so results are always exact.
public struct Rational: Sendable, Hashable, Comparable, CustomStringConvertible {
    @usableFromInline enum Storage: Sendable, Hashable {
        case small(Int, Int)          // numerator, denominator > 0, reduced
        case big(BigInt, BigInt)      // numerator, denominator > 0, reduced, not representable as small
    }
    @usableFromInline var storage: Storage

    @inlinable init(storage: Storage) { self.storage = storage }

    public static let zero = Rational(0)
    public static let one = Rational(1)

    public init(_ n: Int) { storage = .small(n, 1) }

    /// `n / d`, reduced. `d` must be non-zero.
    public init(_ n: Int, _ d: Int) {
        precondition(d != 0, "Rational with zero denominator")
        if n == Int.min || d == Int.min {
            self = Rational(big: BigInt(n), BigInt(d))
            return
        }
        var n = n, d = d
        if d < 0 { n = -n; d = -d }
        let g = Rational.gcd(Swift.abs(n), d)
        storage = .small(n / g, d / g)
    }

    public init(_ n: BigInt) { self = Rational(big: n, 1) }

    /// `n / d` for big integers, reduced. `d` must be non-zero.
    public init(big n: BigInt, _ d: BigInt) {
        precondition(!d.isZero, "Rational with zero denominator")
        // Machine-sized parts (most numbers read from files) reduce with the machine gcd.
        if let sn = Int(exactly: n), let sd = Int(exactly: d), sn != .min, sd != .min { self = Rational(sn, sd); return }
        var n = n, d = d
        if d.sign == .minus { n = -n; d = -d }
        let g = BigInt(Rational.gcd(n.magnitude, d.magnitude))
        if g != 1 { n /= g; d /= g }
        self = Rational.normalised(n, d)
    }

    @inlinable static func normalised(_ n: BigInt, _ d: BigInt) -> Rational {
        if let sn = Int(exactly: n), let sd = Int(exactly: d), sn != Int.min {
            return Rational(storage: .small(sn, sd))
        }
        return Rational(storage: .big(n, d))
    }

    /// The exact value of a finite double (every double is a dyadic rational).
    public init(exactly x: Double) {
        precondition(x.isFinite, "Rational from a non-finite double")
        if x == 0 { self = .zero; return }
        if x == x.rounded(), Swift.abs(x) < 9.0e18 { self = Rational(Int(x)); return }
        let e = x.exponent               // x = significand * 2^e, 1 <= |significand| < 2
        let sig = x.significandBitPattern | (1 << 52)
        let shift = Int(e) - 52
        var n = BigInt(sig)
        if x < 0 { n = -n }
        if shift >= 0 { self = Rational(big: n << shift, 1) } else { self = Rational(big: n, BigInt(1) << (-shift)) }
    }

    public var numerator: BigInt {
        switch storage { case .small(let n, _): return BigInt(n); case .big(let n, _): return n }
    }
    public var denominator: BigInt {
        switch storage { case .small(_, let d): return BigInt(d); case .big(_, let d): return d }
    }

    public var isZero: Bool { if case .small(0, _) = storage { return true }; return false }
    public var isInteger: Bool {
        switch storage { case .small(_, let d): return d == 1; case .big(_, let d): return d == 1 }
    }
    public var signum: Int {
        switch storage {
        case .small(let n, _): return n.signum()
        case .big(let n, _): return n.isZero ? 0 : (n.sign == .minus ? -1 : 1)
        }
    }

    /// 64-bit words in the numerator and denominator of a value held beyond machine size (0
    /// for a machine-sized one): what exact arithmetic on it costs.
    public var bigWords: Int {
        switch storage {
        case .small: return 0
        case .big(let n, let d): return n.magnitude.words.count + d.magnitude.words.count
        }
    }

    public var doubleValue: Double {
        switch storage {
        case .small(let n, let d): return Double(n) / Double(d)
        case .big(let n, let d):
            // Scale so the quotient keeps full precision even when both parts overflow Double.
            let nb = n.magnitude.bitWidth, db = d.bitWidth
            let shift = nb - db - 60
            let q: BigInt = shift > 0 ? n / (d << shift) : (n << -shift) / d
            return Double(q) * pow2(shift)
        }
    }

    private func pow2(_ e: Int) -> Double { Double(sign: .plus, exponent: e, significand: 1) }

    public var description: String {
        switch storage {
        case .small(let n, let d): return d == 1 ? "\(n)" : "\(n)/\(d)"
        case .big(let n, let d): return d == 1 ? "\(n)" : "\(n)/\(d)"
        }
    }

    /// Decimal text with `digits` places after the point (rounded half away from zero).
    public func decimalString(digits: Int) -> String {
        let scale = BigInt(10).power(digits)
        let n = numerator, d = denominator
        var q = (n.magnitude * scale.magnitude * 2 + d.magnitude) / (d.magnitude * 2)
        if q == 0 && n.sign == .minus { q = 0 }
        var s = String(q)
        if digits > 0 {
            while s.count <= digits { s = "0" + s }
            s.insert(".", at: s.index(s.endIndex, offsetBy: -digits))
        }
        return (n.sign == .minus && q != 0 ? "-" : "") + s
    }

    /// Binary (Stein) gcd of non-negative values; 1 when both are zero so callers can divide.
    @usableFromInline static func gcd(_ a: Int, _ b: Int) -> Int {
        if a == 0 { return b == 0 ? 1 : b }
        if b == 0 { return a }
        if a == 1 || b == 1 { return 1 }
        var u = UInt(a), v = UInt(b)
        let shift = (u | v).trailingZeroBitCount
        u >>= u.trailingZeroBitCount
        repeat {
            v >>= v.trailingZeroBitCount
            if u > v { swap(&u, &v) }
            v -= u
        } while v != 0
        return Int(u << shift)
    }

    @inlinable var bigParts: (BigInt, BigInt) {
        switch storage {
        case .small(let n, let d): return (BigInt(n), BigInt(d))
        case .big(let n, let d): return (n, d)
        }
    }

    public static func + (a: Rational, b: Rational) -> Rational {
        if case .small(let an, let ad) = a.storage, case .small(let bn, let bd) = b.storage {
            if ad == 1 && bd == 1 {
                let (s, o) = an.addingReportingOverflow(bn)
                if !o && s != Int.min { return Rational(storage: .small(s, 1)) }
            } else {
                let g = gcd(ad, bd)
                let (x, o1) = an.multipliedReportingOverflow(by: bd / g)
                let (y, o2) = bn.multipliedReportingOverflow(by: ad / g)
                let (s, o3) = x.addingReportingOverflow(y)
                let (dd, o4) = ad.multipliedReportingOverflow(by: bd / g)
                if !(o1 || o2 || o3 || o4) && s != Int.min {
                    let h = gcd(Swift.abs(s), dd)
                    return Rational(storage: .small(s / h, dd / h))
                }
            }
        }
        let (an, ad) = a.bigParts, (bn, bd) = b.bigParts
        return Rational(big: an * bd + bn * ad, ad * bd)
    }

    public static prefix func - (a: Rational) -> Rational {
        switch a.storage {
        case .small(let n, let d): return Rational(storage: .small(-n, d))
        case .big(let n, let d): return normalised(-n, d)
        }
    }

    public static func - (a: Rational, b: Rational) -> Rational { a + (-b) }

    public static func * (a: Rational, b: Rational) -> Rational {
        if case .small(let an, let ad) = a.storage, case .small(let bn, let bd) = b.storage {
            if ad == 1 && bd == 1 {
                let (p, o) = an.multipliedReportingOverflow(by: bn)
                if !o && p != Int.min { return Rational(storage: .small(p, 1)) }
            } else {
                let g1 = gcd(Swift.abs(an), bd), g2 = gcd(Swift.abs(bn), ad)
                let (n, o1) = (an / g1).multipliedReportingOverflow(by: bn / g2)
                let (d, o2) = (ad / g2).multipliedReportingOverflow(by: bd / g1)
                if !(o1 || o2) && n != Int.min { return Rational(storage: .small(n, d)) }
            }
        }
        let (an, ad) = a.bigParts, (bn, bd) = b.bigParts
        return Rational(big: an * bn, ad * bd)
    }

    public static func / (a: Rational, b: Rational) -> Rational {
        precondition(!b.isZero, "Rational division by zero")
        return a * b.reciprocal
    }

    public var reciprocal: Rational {
        switch storage {
        case .small(let n, let d):
            precondition(n != 0, "reciprocal of zero")
            return n < 0 ? Rational(storage: .small(-d, -n)) : Rational(storage: .small(d, n))
        case .big(let n, let d):
            return n.sign == .minus ? Rational.normalised(-d, -n) : Rational.normalised(d, n)
        }
    }

    public static func += (a: inout Rational, b: Rational) { a = a + b }
    public static func -= (a: inout Rational, b: Rational) { a = a - b }
    public static func *= (a: inout Rational, b: Rational) { a = a * b }
    public static func /= (a: inout Rational, b: Rational) { a = a / b }

    public static func < (a: Rational, b: Rational) -> Bool {
        if case .small(let an, let ad) = a.storage, case .small(let bn, let bd) = b.storage {
            let (x, o1) = an.multipliedReportingOverflow(by: bd)
            let (y, o2) = bn.multipliedReportingOverflow(by: ad)
            if !(o1 || o2) { return x < y }
        }
        let (an, ad) = a.bigParts, (bn, bd) = b.bigParts
        return an * bd < bn * ad
    }

    public var magnitude: Rational { signum < 0 ? -self : self }

    /// Parses Gambit number text exactly: integers, `a/b`, decimals and exponents.
    /// Returns nil for anything else (including a leading `+`, `1/0`, a signed denominator).
    public init?(gambitText s: String) {
        guard !s.isEmpty, !s.hasPrefix("+") else { return nil }
        if let slash = s.firstIndex(of: "/") {
            let a = s[..<slash], b = s[s.index(after: slash)...]
            guard let n = Rational.parseInteger(a), let d = Rational.parseInteger(b, allowSign: false), !d.isZero
            else { return nil }
            self = Rational(big: n, d)
            return
        }
        var body = Substring(s)
        var negative = false
        if body.hasPrefix("-") { negative = true; body = body.dropFirst() }
        var exponent = 0
        if let e = body.firstIndex(where: { $0 == "e" || $0 == "E" }) {
            let expText = body[body.index(after: e)...]
            var t = expText
            var eneg = false
            if t.hasPrefix("-") { eneg = true; t = t.dropFirst() } else if t.hasPrefix("+") { t = t.dropFirst() }
            guard !t.isEmpty, t.allSatisfy({ $0.isASCII && $0.isNumber }), t.count < 7, let ev = Int(t),
                  ev <= Rational.maxTextDigits else { return nil }
            exponent = eneg ? -ev : ev
            body = body[..<e]
        }
        var intPart = body, fracPart: Substring = ""
        if let dot = body.firstIndex(of: ".") {
            intPart = body[..<dot]
            fracPart = body[body.index(after: dot)...]
        }
        guard !(intPart.isEmpty && fracPart.isEmpty), intPart.count + fracPart.count <= Rational.maxTextDigits,
              intPart.allSatisfy({ $0.isASCII && $0.isNumber }),
              fracPart.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
        guard let digits = BigInt(String(intPart) + String(fracPart), radix: 10) ?? (intPart.isEmpty && fracPart.isEmpty ? nil : BigInt(0))
        else { return nil }
        let scale = exponent - fracPart.count
        var n = negative ? -digits : digits
        var d = BigInt(1)
        if scale >= 0 { n *= BigInt(10).power(scale) } else { d = BigInt(10).power(-scale) }
        self = Rational(big: n, d)
    }

    /// Longest digit string and largest decimal exponent accepted in a game file: far past any
    /// real payoff (doubles stop at 17 digits and 10^308), and short of the numbers whose exact
    /// arithmetic would take minutes (a fuzzed `2E243000` did).
    public static let maxTextDigits = 1000

    private static func parseInteger(_ s: Substring, allowSign: Bool = true) -> BigInt? {
        var t = s
        var neg = false
        if allowSign, t.hasPrefix("-") { neg = true; t = t.dropFirst() }
        guard !t.isEmpty, t.count <= Rational.maxTextDigits, t.allSatisfy({ $0.isASCII && $0.isNumber }),
              let v = BigInt(String(t), radix: 10) else { return nil }
        return neg ? -v : v
    }
}

extension Rational: ExpressibleByIntegerLiteral {
    public init(integerLiteral value: Int) { self.init(value) }
}

extension Rational: Codable {
    public init(from decoder: Decoder) throws {
        let c = try decoder.singleValueContainer()
        let s = try c.decode(String.self)
        guard let r = Rational(gambitText: s) else {
            throw DecodingError.dataCorruptedError(in: c, debugDescription: "not a rational: \(s)")
        }
        self = r
    }
    public func encode(to encoder: Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(description)
    }
}
