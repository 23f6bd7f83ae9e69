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
            var x = leading(a, shift), y = leading(b, shift)
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
                (a, b) = (combine(A, a, B, b), combine(C, a, D, b))
            }
        }
        guard let w = b.words.first, w != 0 else { return a }
        var (p, q) = (w, (a % b).words.first ?? 0)
        while q != 0 { (p, q) = (q, p % q) }
        return BigUInt(p)
    }

    /// `n / 2^shift`, for a `shift` that leaves at most 62 bits.
    private static func leading(_ n: BigUInt, _ shift: Int) -> Int {
        let w = shift / 64, o = shift % 64, words = n.words
        let lo = w < words.count ? words[w] >> o : 0
        let hi = o > 0 && w + 1 < words.count ? words[w + 1] << (64 - o) : 0
        return Int(lo | hi)
    }

    /// `p·x + q·y` for cofactors Lehmer's method keeps of opposite signs (one may be zero),
    /// whose sum it guarantees is not negative: two multiplications by a word and one
    /// subtraction, instead of signed big products.
    private static func combine(_ p: Int, _ x: BigUInt, _ q: Int, _ y: BigUInt) -> BigUInt {
        let px = x.multiplied(byWord: p.magnitude), qy = y.multiplied(byWord: q.magnitude)
        switch (p < 0, q < 0) {
        case (false, false): return px + qy
        case (false, true): return px - qy
        case (true, false): return qy - px
        case (true, true): preconditionFailure("Lehmer cofactors of one sign")
        }
    }
}
