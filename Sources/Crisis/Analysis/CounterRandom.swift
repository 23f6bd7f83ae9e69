/// A counter-based random stream: the k-th draw of stream `s` under `seed` is a pure
/// function of `(seed, s, k)`. Monte Carlo sample `i` uses stream `i`, so what a sample
/// draws never depends on which thread evaluates it or in what order, and a sharded run
/// draws exactly what the whole run would.
///
/// The mixing function is the SplitMix64 finaliser (Steele, Lea & Flood 2014), applied to a
/// Weyl sequence keyed by seed and stream; it passes BigCrush as a counter-mode generator.
public struct CounterRandom: RandomNumberGenerator, Sendable {
    public let key: UInt64
    public private(set) var counter: UInt64 = 0

    public init(seed: UInt64, stream: UInt64) {
        key = Self.mix(Self.mix(seed) ^ (stream &* 0xD1B5_4A32_D192_ED03))
    }

    public mutating func next() -> UInt64 {
        counter &+= 1
        return Self.mix(key &+ counter &* 0x9E37_79B9_7F4A_7C15)
    }

    /// A uniform draw strictly inside (0, 1): 53 random bits, offset by half a step, so
    /// inverse CDFs never see 0 or 1.
    public mutating func uniform() -> Double {
        (Double(next() >> 11) + 0.5) * 0x1p-53
    }

    @inline(__always)
    static func mix(_ x: UInt64) -> UInt64 {
        var z = x
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
