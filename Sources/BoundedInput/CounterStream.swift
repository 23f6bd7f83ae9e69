import Foundation

/// SplitMix64's output function (Steele, Lea & Flood 2014): a bijective 64-bit mixer
/// with good avalanche.
@inlinable @inline(__always)
public func mix64(_ z0: UInt64) -> UInt64 {
    var z = z0
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
}

/// The one counter-based random stream of the project: draw j (1-based) of a stream
/// that starts at state x is mix64(x + j·γ), γ = 0x9E3779B97F4A7C15 (a SplitMix64
/// sequence, which passes BigCrush). A stream's draws are a pure function of its key,
/// so they can be produced on any thread in any order: results never depend on the
/// thread count or the order of evaluation. The constructors differ only in how the
/// starting state is derived from what names the stream.
@frozen
public struct CounterStream: RandomNumberGenerator, Sendable {
    public var state: UInt64

    /// The displacement engine's derivation: one stream per (seed, purpose, day, entity).
    @inlinable @inline(__always)
    public init(seed: UInt64, purpose: UInt64, day: Int, entity: Int) {
        var k = mix64(seed &+ 0x9E37_79B9_7F4A_7C15 &* purpose)
        k = mix64(k ^ (UInt64(bitPattern: Int64(day)) &* 0xD6E8_FEB8_6659_FD93))
        state = mix64(k ^ (UInt64(bitPattern: Int64(entity)) &* 0xA076_1D64_78BD_642F))
    }

    /// The Monte Carlo runner's derivation: stream `stream` of `seed`.
    @inlinable
    public init(seed: UInt64, stream: UInt64) {
        state = mix64(mix64(seed) ^ (stream &* 0xD1B5_4A32_D192_ED03))
    }

    /// A generator continuing from a raw state (sequential streams).
    @inlinable
    public init(state: UInt64) { self.state = state }

    /// The key shared by every entity's stream for one (seed, purpose, day).
    @inlinable @inline(__always)
    public static func phaseKey(seed: UInt64, purpose: UInt64, day: Int) -> UInt64 {
        mix64(mix64(seed &+ 0x9E37_79B9_7F4A_7C15 &* purpose) ^ (UInt64(bitPattern: Int64(day)) &* 0xD6E8_FEB8_6659_FD93))
    }

    /// Entity `entity`'s stream under a phase key: a SplitMix64 sequence started at a
    /// distinct point, so draw j of entity i is mix64(key + i·C + j·γ). One mixing
    /// per draw, no set-up cost (the agent-mode hot path).
    @inlinable @inline(__always)
    public init(phaseKey: UInt64, entity: Int) {
        state = phaseKey &+ UInt64(bitPattern: Int64(entity)) &* 0xD1B5_4A32_D192_ED03
    }

    @inlinable @inline(__always)
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        return mix64(state)
    }

    /// Uniform on [0, 1) with 53 random bits.
    @inlinable @inline(__always)
    public mutating func uniform() -> Double {
        Double(next() >> 11) * 0x1.0p-53
    }

    /// Uniform on (0, 1): 53 random bits offset by half a step, so inverse CDFs never see 0 or 1.
    @inlinable @inline(__always)
    public mutating func openUniform() -> Double {
        (Double(next() >> 11) + 0.5) * 0x1.0p-53
    }

    @inlinable
    public mutating func normal() -> Double {
        // Marsaglia polar method.
        while true {
            let u = 2 * uniform() - 1, v = 2 * uniform() - 1
            let s = u * u + v * v
            if s > 0 && s < 1 { return u * (-2 * log(s) / s).squareRoot() }
        }
    }

    /// Gamma(shape a, scale 1) by Marsaglia–Tsang (exact), with the a < 1 boost.
    @inlinable
    public mutating func gamma(_ a: Double) -> Double {
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

    /// Binomial(n, p), exact: Bernoulli trials for n ≤ 12, inversion when n·min(p, 1−p) < 14,
    /// otherwise Hörmann's BTRD (transformed rejection with decomposition, 1993), whose
    /// expected cost does not grow with n.
    @inlinable
    public mutating func binomial(_ n: Int, _ p: Double) -> Int {
        if n <= 0 || p <= 0 { return 0 }
        if p >= 1 { return n }
        if n <= 12 {
            // A few Bernoulli trials are cheaper than the pow() of inversion.
            var k = 0
            for _ in 0..<n where uniform() < p { k += 1 }
            return k
        }
        let flip = p > 0.5
        let q = flip ? 1 - p : p
        let k = Double(n) * q < 14 ? binomialInversion(n, q) : btrd(n, q)
        return flip ? n - k : k
    }

    /// Stirling-series correction fc(k) = ln k! − ((k + ½) ln(k + 1) − (k + 1) + ½ ln 2π).
    @inlinable @inline(__always) static func stirlingCorrection(_ k: Int) -> Double {
        let table: [Double] = [0.08106146679532726, 0.04134069595540929, 0.02767792568499834, 0.02079067210376509,
                               0.01664469118982119, 0.01387612882307075, 0.01189670994589177, 0.01041126526197209,
                               0.009255462182712733, 0.008330563433362871]
        if k < 10 { return table[k] }
        let kp1 = Double(k + 1), r = 1 / (kp1 * kp1)
        return (1.0 / 12 - (1.0 / 360 - r / 1260) * r) / kp1
    }

    @inlinable mutating func btrd(_ n: Int, _ p: Double) -> Int {
        let nd = Double(n)
        let m = floor((nd + 1) * p)
        let r = p / (1 - p), nr = (nd + 1) * r, npq = nd * p * (1 - p)
        let sq = npq.squareRoot()
        let b = 1.15 + 2.53 * sq
        let a = -0.0873 + 0.0248 * b + 0.01 * p
        let c = nd * p + 0.5
        let alpha = (2.83 + 5.1 / b) * sq
        let vr = 0.92 - 4.2 / b
        let urvr = 0.86 * vr
        while true {
            var v = uniform()
            var u: Double
            if v <= urvr {
                u = v / vr - 0.43
                return Int(floor((2 * a / (0.5 - abs(u)) + b) * u + c))
            }
            if v >= vr {
                u = uniform() - 0.5
            } else {
                u = v / vr - 0.93
                u = (u < 0 ? -0.5 : 0.5) - u
                v = uniform() * vr
            }
            let us = 0.5 - abs(u)
            let kd = floor((2 * a / us + b) * u + c)
            if kd < 0 || kd > nd { continue }
            let k = Int(kd)
            v = v * alpha / (a / (us * us) + b)
            let km = abs(kd - m)
            if km <= 15 {
                var f = 1.0
                let mi = Int(m)
                if mi < k { var i = mi; repeat { i += 1; f *= nr / Double(i) - r } while i != k }
                else if mi > k { var i = k; repeat { i += 1; v *= nr / Double(i) - r } while i != mi }
                if v <= f { return k }
                continue
            }
            v = log(v)
            let rho = (km / npq) * (((km / 3 + 0.625) * km + 1.0 / 6) * km / npq + 0.5)
            let t = -km * km / (2 * npq)
            if v < t - rho { return k }
            if v > t + rho { continue }
            let nm = nd - m + 1
            let h = (m + 0.5) * log((m + 1) / (r * nm)) + Self.stirlingCorrection(Int(m)) + Self.stirlingCorrection(n - Int(m))
            let nk = nd - kd + 1
            if v <= h + (nd + 1) * log(nm / nk) + (kd + 0.5) * log(nk * r / (kd + 1)) - Self.stirlingCorrection(k) - Self.stirlingCorrection(n - k) {
                return k
            }
        }
    }

    /// Inversion by sequential search; expected cost O(n q).
    @inlinable @inline(__always) mutating func binomialInversion(_ n: Int, _ q: Double) -> Int {
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
    @inlinable
    public mutating func poisson(_ lam: Double) -> Int {
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
