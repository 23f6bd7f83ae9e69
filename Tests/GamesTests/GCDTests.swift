import BigInt
import Testing
@testable import Games

/// Lehmer's gcd (`Rational.gcd`) against the binary gcd `BigUInt` ships, on pairs built to
/// share large factors (so the answer is not usually 1) and on the edge cases of the method:
/// zero, one, equal values, one operand a single word, powers of two, consecutive Fibonacci
/// numbers (Euclid's worst case: every quotient 1).
struct GCDTests {
    /// A fixed sequence (the solvers' SplitMix64), so every run checks the same pairs.
    struct Numbers {
        var rng: SplitMix
        init(seed: UInt64) { rng = SplitMix(seed: seed) }
        mutating func next() -> UInt64 { rng.next() }
        mutating func big(words: Int) -> BigUInt {
            var b = BigUInt(words: (0..<words).map { _ in UInt(next()) })
            b >>= Int(next() % 64)       // not always a whole number of words
            return b
        }
    }

    @Test func agreesWithTheBinaryGCD() {
        var r = Numbers(seed: 2018)
        for _ in 0..<400 {
            let g = r.big(words: Int(r.next() % 6))
            let a = r.big(words: Int(r.next() % 30)) * g, b = r.big(words: Int(r.next() % 30)) * g
            #expect(Rational.gcd(a, b) == a.greatestCommonDivisor(with: b), "\(a) \(b)")
            #expect(Rational.gcd(b, a) == a.greatestCommonDivisor(with: b))
        }
    }

    @Test func edgeCases() {
        let big = BigUInt(3).power(500)
        #expect(Rational.gcd(BigUInt(0), BigUInt(0)) == 0)
        #expect(Rational.gcd(big, BigUInt(0)) == big && Rational.gcd(BigUInt(0), big) == big)
        #expect(Rational.gcd(big, BigUInt(1)) == 1)
        #expect(Rational.gcd(big, big) == big)
        #expect(Rational.gcd(big * 20, BigUInt(126)) == 18)     // 2²·5·3⁵⁰⁰ and 2·3²·7
        #expect(Rational.gcd(BigUInt(1) << 4000, BigUInt(1) << 2500) == BigUInt(1) << 2500)
        #expect(Rational.gcd(BigUInt(10).power(1000), BigUInt(2).power(700) * BigUInt(3).power(400)) == BigUInt(2).power(700))
        var (f0, f1) = (BigUInt(0), BigUInt(1))
        for _ in 0..<3000 { (f0, f1) = (f1, f0 + f1) }
        #expect(Rational.gcd(f1, f0) == 1)
        #expect(Rational.gcd(f1 * big, f0 * big) == big)
    }
}
