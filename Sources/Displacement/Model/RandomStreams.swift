import Foundation

/// SplitMix64's output function: a bijective 64-bit mixer with good avalanche.
@inline(__always) func mix64(_ z0: UInt64) -> UInt64 {
    var z = z0
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
}

/// Why a stream is drawn; part of every stream key, so purposes never share draws.
enum StreamPurpose: UInt64 {
    case decide = 1, travel, spawn, sink, cohortDecide, cohortTravel, cohortSpawn, cohortSink, sequentialMove, sequentialSpawn, conflictSpawn
}

/// A counter-based random stream: draw i is a pure function of (seed, purpose, day,
/// entity, i). Any agent's or location's draws can be produced on any thread in any
/// order, which is what makes results independent of the thread count.
struct CounterStream {
    @usableFromInline var state: UInt64

    @inline(__always)
    init(seed: UInt64, purpose: StreamPurpose, day: Int, entity: Int) {
        var k = mix64(seed &+ 0x9E37_79B9_7F4A_7C15 &* purpose.rawValue)
        k = mix64(k ^ (UInt64(bitPattern: Int64(day)) &* 0xD6E8_FEB8_6659_FD93))
        state = mix64(k ^ (UInt64(bitPattern: Int64(entity)) &* 0xA076_1D64_78BD_642F))
    }

    /// A generator continuing from a raw state (sequential streams).
    init(state: UInt64) { self.state = state }

    /// The key shared by every entity's stream for one (seed, purpose, day).
    @inline(__always) static func phaseKey(seed: UInt64, purpose: StreamPurpose, day: Int) -> UInt64 {
        mix64(mix64(seed &+ 0x9E37_79B9_7F4A_7C15 &* purpose.rawValue) ^ (UInt64(bitPattern: Int64(day)) &* 0xD6E8_FEB8_6659_FD93))
    }

    /// Entity `entity`'s stream under a phase key: a SplitMix64 sequence started at a
    /// distinct point, so draw j of entity i is mix64(key + i·C + (j+1)·γ). One mixing
    /// per draw, no set-up cost (the agent-mode hot path).
    @inline(__always) init(phaseKey: UInt64, entity: Int) {
        state = phaseKey &+ UInt64(bitPattern: Int64(entity)) &* 0xD1B5_4A32_D192_ED03
    }

    @inline(__always) mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        return mix64(state)
    }

    /// Uniform on [0, 1) with 53 random bits.
    @inline(__always) mutating func uniform() -> Double {
        Double(next() >> 11) * 0x1.0p-53
    }

    /// Uniform on (0, 1).
    @inline(__always) mutating func openUniform() -> Double {
        (Double(next() >> 11) + 0.5) * 0x1.0p-53
    }

    mutating func normal() -> Double {
        // Marsaglia polar method.
        while true {
            let u = 2 * uniform() - 1, v = 2 * uniform() - 1
            let s = u * u + v * v
            if s > 0 && s < 1 { return u * (-2 * log(s) / s).squareRoot() }
        }
    }

    /// Gamma(shape a, scale 1) by Marsaglia–Tsang (exact), with the a < 1 boost.
    mutating func gamma(_ a: Double) -> Double {
        if a < 1 {
            let g = gamma(a + 1)
            return g * pow(openUniform(), 1 / a)
        }
        let d = a - 1.0 / 3.0, c = 1 / (9 * d).squareRoot()
        while true {
            var x = 0.0, v = 0.0
            repeat { x = normal(); v = 1 + c * x } while v <= 0
            v = v * v * v
            let u = openUniform()
            if u < 1 - 0.0331 * x * x * x * x { return d * v }
            if log(u) < 0.5 * x * x + d * (1 - v + log(v)) { return d * v }
        }
    }

    /// Binomial(n, p), exact. Small means use inversion; large n is split recursively
    /// through a Beta-distributed order statistic (Knuth, TAOCP 3.4.1), so the cost is
    /// O(log n) gamma draws however large the cohort.
    mutating func binomial(_ n0: Int, _ p0: Double) -> Int {
        var n = n0, p = p0, acc = 0
        if n <= 0 || p <= 0 { return 0 }
        if p >= 1 { return n }
        while true {
            if n <= 12 {
                // A few Bernoulli trials are cheaper than the pow() of inversion.
                var k = 0
                for _ in 0..<n where uniform() < p { k += 1 }
                return acc + k
            }
            let flip = p > 0.5
            let q = flip ? 1 - p : p
            if Double(n) * q < 24 {
                let k = binomialInversion(n, q)
                return acc + (flip ? n - k : k)
            }
            // The i-th smallest of n uniforms is Beta(i, n + 1 - i).
            let i = n / 2 + 1
            let ga = gamma(Double(i)), gb = gamma(Double(n + 1 - i))
            let x = ga / (ga + gb)
            if x >= p {
                // Count below p among the i-1 uniforms smaller than x.
                n = i - 1
                p = p / x
            } else {
                acc += i
                n = n - i
                p = (p - x) / (1 - x)
            }
            if n <= 0 || p <= 0 { return acc }
            if p >= 1 { return acc + n }
        }
    }

    /// Inversion by sequential search; expected cost O(n q).
    @inline(__always) private mutating func binomialInversion(_ n: Int, _ q: Double) -> Int {
        let s = q / (1 - q)
        let a = Double(n + 1) * s
        var r = pow(1 - q, Double(n))
        var u = uniform()
        var x = 0
        while u > r {
            u -= r
            x += 1
            if x > n { return n }
            r *= a / Double(x) - s
            if r <= 0 { return x }
        }
        return x
    }

    /// Poisson(λ), exact: inversion for small λ, Hörmann's PTRS otherwise.
    mutating func poisson(_ lam: Double) -> Int {
        if lam <= 0 { return 0 }
        if lam < 12 {
            let enlam = exp(-lam)
            var x = 0
            var prod = uniform()
            while prod > enlam { prod *= uniform(); x += 1 }
            return x
        }
        let slam = lam.squareRoot(), loglam = log(lam)
        let b = 0.931 + 2.53 * slam, a = -0.059 + 0.02483 * b
        let invalpha = 1.1239 + 1.1328 / (b - 3.4), vr = 0.9277 - 3.6224 / (b - 2)
        while true {
            let u = uniform() - 0.5, v = uniform()
            let us = 0.5 - abs(u)
            let k = floor((2 * a / us + b) * u + lam + 0.43)
            if us >= 0.07 && v <= vr { return Int(k) }
            if k < 0 || (us < 0.013 && v > us) { continue }
            if log(v) + log(invalpha) - log(a / (us * us) + b) <= -lam + k * loglam - lgamma(k + 1) { return Int(k) }
        }
    }
}
