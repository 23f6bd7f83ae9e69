import Foundation
import Scenario

/// How to run a crisis.
public struct CrisisRunOptions: Sendable {
    /// Monte Carlo samples of the uncertain inputs.
    public var samples: Int
    public var seed: UInt64
    /// Days simulated; nil uses the scenario's horizon.
    public var horizon: Int?
    /// Worker threads (nil: every core). Results do not depend on it.
    public var threads: Int?
    /// Grid intervals of each one-at-a-time sweep before bisection.
    public var sweepSteps: Int
    /// Most grid intervals a sweep may take (each is a full evaluation of the scenario).
    public static let maxSweepSteps = 1_000
    /// `--set PATH=VALUE` what-ifs, applied before anything is drawn.
    public var overrides: [String: Double]
    /// Asked before each Monte Carlo sample and each sweep (from worker threads); once it
    /// answers true the run stops and throws `CrisisError.cancelled`. It never changes a
    /// result that completes.
    public var isCancelled: (@Sendable () -> Bool)?

    public init(samples: Int = 1000, seed: UInt64 = 1, horizon: Int? = nil, threads: Int? = nil,
                sweepSteps: Int = 8, overrides: [String: Double] = [:], isCancelled: (@Sendable () -> Bool)? = nil) {
        self.samples = samples; self.seed = seed; self.horizon = horizon; self.threads = threads
        self.sweepSteps = sweepSteps; self.overrides = overrides; self.isCancelled = isCancelled
    }

    /// Why `fulcrum run --samples`/`--horizon` is refused before any work (an absurd request
    /// fails at once rather than in an allocation), or nil.
    public static func refusal(samples: Int, horizon: Int?) -> String? {
        if samples > ScenarioLimits.maxSamples {
            return "--samples \(samples) is more than \(ScenarioLimits.maxSamples); split the run into several seeds"
        }
        if let h = horizon, h > ScenarioLimits.maxHorizonDays {
            return "--horizon \(h) days is longer than \(ScenarioLimits.maxHorizonDays) (100 years)"
        }
        return nil
    }
}

/// Turns a scenario into a forecast: every branch's consequences, the game and its
/// equilibrium, Monte Carlo over the uncertain inputs, the pivot analysis, and the
/// bargaining forecast beside it.
///
/// Random: sample `i` draws its inputs from counter stream `2i` and seeds the
/// displacement model from stream `2i + 1` of `seed` (the same displacement seed for
/// every branch of the sample: common random numbers). Results are bit-identical for
/// the same scenario, options and seed whatever the thread count.
public enum CrisisRunner {
    public static let version = "0.1.0"

    public static func run(_ base: Scenario, options: CrisisRunOptions = CrisisRunOptions(),
                           progress: (@Sendable (_ done: Int, _ total: Int) -> Void)? = nil) throws -> CrisisResult {
        let whole = try shard(base, options: options, index: 1, of: 1, progress: progress)
        if options.isCancelled?() == true { throw CrisisError.cancelled }
        return try merge(base, shards: [whole])
    }

    /// Computes shard `index` of `count` (1-based): samples in a contiguous block and every
    /// `count`-th input sweep. Shards run anywhere (array jobs) and `merge` combines them.
    public static func shard(_ base: Scenario, options: CrisisRunOptions, index: Int, of count: Int,
                             directory: String? = nil,
                             progress: (@Sendable (_ done: Int, _ total: Int) -> Void)? = nil) throws -> CrisisShard {
        guard count >= 1, (1...count).contains(index) else {
            throw CrisisError.invalidOption("--shard must be K/M with 1 ≤ K ≤ M, got \(index)/\(count)")
        }
        let model = try prepare(base, options: options)
        let range = CrisisShard.sampleRange(samples: options.samples, index: index, count: count)
        let sweepIndices = model.gameInputs.indices.filter { $0 % count == index - 1 }
        let threads = options.threads ?? defaultThreadCount
        let counter = ProgressCounter(total: range.count + sweepIndices.count, report: progress)
        // Cancellation is checked before each work item: a cancelled run ends within one
        // sample's (or sweep's) time per worker; the remaining items return at once.
        let cancelled = options.isCancelled ?? { false }
        if cancelled() { throw CrisisError.cancelled }
        let nominal = try model.evaluate(model.nominalScenario, displacementSeed: model.nominalSeed)
        let outcomes = try deterministicMap(count: range.count, threads: threads) { k -> Result<SampleOutcome, Error> in
            if cancelled() { return .failure(CrisisError.cancelled) }
            defer { counter.step() }
            return Result { try model.sample(range.lowerBound + k) }
        }.map { try $0.get() }
        let sweeps = try deterministicMap(count: sweepIndices.count, threads: threads) { k -> Result<SweepOutcome, Error> in
            if cancelled() { return .failure(CrisisError.cancelled) }
            defer { counter.step() }
            return Result { try model.sweep(input: sweepIndices[k], nominal: nominal, steps: options.sweepSteps) }
        }.map { try $0.get() }
        return CrisisShard(
            scenarioDigest: base.sourceDigest, scenarioDirectory: directory, samples: options.samples,
            seed: options.seed, horizon: options.horizon, sweepSteps: options.sweepSteps, overrides: options.overrides,
            index: index, count: count, firstSample: range.lowerBound, outcomes: outcomes,
            sweeps: Dictionary(uniqueKeysWithValues: zip(sweepIndices, sweeps)))
    }

    /// Combines every shard of one run (any order) into its result. Throws if a shard is
    /// missing or repeated, or if the shards disagree on the scenario or the options.
    public static func merge(_ base: Scenario, shards: [CrisisShard]) throws -> CrisisResult {
        guard let first = shards.first else { throw CrisisError.invalidOption("no shards to merge") }
        let digest = base.sourceDigest
        for s in shards {
            if let why = s.headerProblem() {
                throw CrisisError.invalidOption("shard \(s.index)/\(s.count) is damaged: \(why)")
            }
        }
        guard shards.count >= first.count else {
            let have = Set(shards.map(\.index))
            let missing = Array((1...first.count).lazy.filter { !have.contains($0) }.prefix(20))
            throw CrisisError.invalidOption("missing shard(s) \(missing.map { "\($0)/\(first.count)" }.joined(separator: ", "))\(first.count - shards.count > 20 ? " …" : "")")
        }
        for s in shards {
            guard s.scenarioDigest == digest else {
                throw CrisisError.invalidOption("shard \(s.index)/\(s.count) was computed from a different scenario (digest \(s.scenarioDigest), this one is \(digest))")
            }
            guard s.count == first.count, s.samples == first.samples, s.seed == first.seed, s.horizon == first.horizon,
                  s.sweepSteps == first.sweepSteps, s.overrides == first.overrides else {
                throw CrisisError.invalidOption("shard \(s.index)/\(s.count) was run with different options from shard \(first.index)/\(first.count)")
            }
        }
        let ordered = shards.sorted { $0.index < $1.index }
        guard ordered.map(\.index) == Array(1...first.count) else {
            let have = Set(shards.map(\.index))
            let missing = (1...first.count).filter { !have.contains($0) }
            throw CrisisError.invalidOption(missing.isEmpty
                ? "a shard appears more than once" : "missing shard(s) \(missing.map { "\($0)/\(first.count)" }.joined(separator: ", "))")
        }
        let options = first.options
        let model = try prepare(base, options: options)
        for s in ordered {
            if let why = s.contentProblem(model, options: options) {
                throw CrisisError.invalidOption("shard \(s.index)/\(s.count) does not fit this run: \(why)")
            }
        }
        let nominal = try model.evaluate(model.nominalScenario, displacementSeed: model.nominalSeed)
        let samples = ordered.flatMap(\.outcomes)
        var sweepsByIndex: [Int: SweepOutcome] = [:]
        for s in ordered { sweepsByIndex.merge(s.sweeps) { a, _ in a } }
        let sweeps = try model.gameInputs.indices.map { j -> SweepOutcome in
            guard let s = sweepsByIndex[j] else { throw CrisisError.invalidOption("the shards lack the sweep of input \(j)") }
            return s
        }
        return try Aggregation(model: model, nominal: nominal, samples: samples, sweeps: sweeps,
                               options: options).result()
    }

    /// Checks the options and prepares the scenario (what-ifs applied) for evaluation.
    static func prepare(_ base: Scenario, options: CrisisRunOptions) throws -> CrisisModel {
        guard options.samples >= 1 else { throw CrisisError.invalidOption("--samples must be at least 1") }
        guard options.samples <= ScenarioLimits.maxSamples else {
            throw CrisisError.invalidOption("--samples \(options.samples) is more than \(ScenarioLimits.maxSamples); split the run into several seeds")
        }
        if let t = options.threads, t < 1 { throw CrisisError.invalidOption("--threads must be at least 1") }
        guard (1...CrisisRunOptions.maxSweepSteps).contains(options.sweepSteps) else {
            throw CrisisError.invalidOption("sweeps take 1 to \(CrisisRunOptions.maxSweepSteps) steps, not \(options.sweepSteps)")
        }
        let scenario = try base.fixing(options.overrides)
        let horizon = options.horizon ?? scenario.metadata.horizonDays
        guard horizon >= 1 else { throw CrisisError.invalidOption("--horizon must be at least 1 day") }
        guard horizon <= ScenarioLimits.maxHorizonDays else {
            throw CrisisError.invalidOption("--horizon \(horizon) days is longer than \(ScenarioLimits.maxHorizonDays) (100 years)")
        }
        // Every sample keeps each schedule's displaced people per day, for the report's bands.
        let schedules = max(1, scenario.terminalsBySchedule.count)
        let seriesValues = Double(options.samples) * Double(horizon) * Double(schedules)
        guard seriesValues <= Double(ScenarioLimits.maxSampleDays) else {
            throw CrisisError.invalidOption("\(options.samples) samples × \(horizon) days × \(schedules) conflict schedules is more than \(ScenarioLimits.maxSampleDays) daily figures to keep; use fewer samples or a shorter --horizon")
        }
        return try CrisisModel(scenario: scenario, horizon: horizon, seed: options.seed)
    }
}

/// Counts finished work items across threads for the progress bar.
final class ProgressCounter: @unchecked Sendable {
    private let lock = NSLock()
    private var done = 0
    let total: Int
    let report: (@Sendable (Int, Int) -> Void)?
    init(total: Int, report: (@Sendable (Int, Int) -> Void)?) { self.total = total; self.report = report }
    func step() {
        guard let report else { return }
        lock.lock(); done += 1; let d = done; lock.unlock()
        report(d, total)
    }
}
