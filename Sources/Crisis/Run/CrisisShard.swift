import Scenario

/// One shard of a crisis run: a contiguous block of the Monte Carlo samples and every
/// M-th input sweep, with what is needed to check that shards belong together.
/// `CrisisRunner.merge` combines the M shards of a run into the result the unsharded
/// run gives, bit for bit: every sample and sweep is a pure function of the scenario,
/// the options and its own index, and merging consumes them in index order.
public struct CrisisShard: Codable, Sendable {
    /// The scenario's `sourceDigest` (SHA-256 of the files it was read from).
    public var scenarioDigest: String
    /// Where the scenario was read from, if known (to find it again when merging).
    public var scenarioDirectory: String?
    public var samples: Int
    public var seed: UInt64
    public var horizon: Int?
    public var sweepSteps: Int
    public var overrides: [String: Double]
    /// This shard is `index` of `count` (1-based).
    public var index: Int
    public var count: Int
    /// Samples `firstSample ..< firstSample + outcomes.count`.
    var firstSample: Int
    var outcomes: [SampleOutcome]
    /// Sweeps by input index (inputs `j` with `j % count == index - 1`).
    var sweeps: [Int: SweepOutcome]

    /// Largest shard file read: a whole run within `ScenarioLimits.maxSampleDays` is about
    /// 600 MB of JSON at most.
    public static let maxFileBytes = 1 << 30

    var options: CrisisRunOptions {
        CrisisRunOptions(samples: samples, seed: seed, horizon: horizon, sweepSteps: sweepSteps, overrides: overrides)
    }

    /// The samples shard `index` of `count` computes: a contiguous block. The products are
    /// taken in full width: `index` and `count` may be anything up to `Int.max`.
    static func sampleRange(samples: Int, index: Int, count: Int) -> Range<Int> {
        func share(_ k: Int) -> Int { count.dividingFullWidth(samples.multipliedFullWidth(by: k)).quotient }
        return share(index - 1)..<share(index)
    }
}
