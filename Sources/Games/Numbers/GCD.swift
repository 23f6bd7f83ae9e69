import BigInt

extension Rational {
    /// The greatest common divisor of two big integers, by Lehmer's method (Knuth, TAOCP vol. 2,
    /// §4.5.2, Algorithm L): the quotients of Euclid's algorithm are found from the leading 62
    /// bits in machine arithmetic, and the big numbers are updated once per run of them (about
    /// 30 bits), instead of once per bit as in the binary method `BigUInt` provides. Reducing
    /// fractions is most of the time exact arithmetic takes, in the solvers and the readers.
    static func gcd(_ u: BigUInt, _ v: BigUInt) -> BigUInt {
        var a = u, b = v
        if a < b { swap(&a, &b) }
        while b.words.count > 1 {
            // x, y: a and b cut to a's leading 62 bits, so the cofactor sums below stay in range.
            let shift = a.bitWidth - 62
            var x = Int((a >> shift).words.first ?? 0), y = Int((b >> shift).words.first ?? 0)
            var A = 1, B = 0, C = 0, D = 1
            while y + C != 0 && y + D != 0 {
                let q = (x + A) / (y + C)
                guard q == (x + B) / (y + D) else { break }
                let (qC, o1) = q.multipliedReportingOverflow(by: C), (qD, o2) = q.multipliedReportingOverflow(by: D)
                let (qy, o3) = q.multipliedReportingOverflow(by: y)
                if o1 || o2 || o3 { break }
                (A, C) = (C, A - qC)
                (B, D) = (D, B - qD)
                (x, y) = (y, x - qy)
            }
            if B == 0 {
                (a, b) = (b, a % b)          // no quotient settled from the leading bits: one full step
            } else {
                let ia = BigInt(a), ib = BigInt(b)
                (a, b) = ((BigInt(A) * ia + BigInt(B) * ib).magnitude, (BigInt(C) * ia + BigInt(D) * ib).magnitude)
            }
        }
        guard let w = b.words.first, w != 0 else { return a }
        var (p, q) = (w, (a % b).words.first ?? 0)
        while q != 0 { (p, q) = (q, p % q) }
        return BigUInt(p)
    }
}
