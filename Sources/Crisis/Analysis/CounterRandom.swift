import BoundedInput

/// The Monte Carlo runner's random numbers: stream `stream` of `seed` of the project's
/// one counter-based generator (`CounterStream`), so the k-th draw is a pure function of
/// `(seed, stream, k)`. Sample `i` draws its inputs from stream `2i` and its displacement
/// seed from stream `2i + 1` (`InputDraws`); the nominal world's seed comes from stream
/// `UInt64.max`. What a sample draws never depends on which thread evaluates it or in
/// what order, and a sharded run draws exactly what the whole run would.
public struct CounterRandom: RandomNumberGenerator, Sendable {
    private var stream: CounterStream

    public init(seed: UInt64, stream: UInt64) {
        self.stream = CounterStream(seed: seed, stream: stream)
    }

    public mutating func next() -> UInt64 { stream.next() }

    /// A uniform draw strictly inside (0, 1): 53 random bits, offset by half a step, so
    /// inverse CDFs never see 0 or 1.
    public mutating func uniform() -> Double { stream.openUniform() }
}
