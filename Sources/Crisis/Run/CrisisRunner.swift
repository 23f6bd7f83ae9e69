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
    /// `--set PATH=VALUE` what-ifs, applied before anything is drawn.
    public var overrides: [String: Double]

    public init(samples: Int = 1000, seed: UInt64 = 1, horizon: Int? = nil, threads: Int? = nil,
                sweepSteps: Int = 8, overrides: [String: Double] = [:]) {
        self.samples = samples; self.seed = seed; self.horizon = horizon; self.threads = threads
        self.sweepSteps = sweepSteps; self.overrides = overrides
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
        guard options.samples >= 1 else { throw CrisisError.invalidOption("--samples must be at least 1") }
        let scenario = try base.fixing(options.overrides)
        let horizon = options.horizon ?? scenario.metadata.horizonDays
        guard horizon >= 1 else { throw CrisisError.invalidOption("--horizon must be at least 1 day") }
        let threads = options.threads ?? defaultThreadCount
        guard threads >= 1 else { throw CrisisError.invalidOption("--threads must be at least 1") }

        let model = CrisisModel(scenario: scenario, horizon: horizon, seed: options.seed)
        let nominal = try model.evaluate(model.nominalScenario, displacementSeed: model.nominalSeed)

        let sweepCount = model.gameInputs.count
        let total = options.samples + sweepCount
        let counter = ProgressCounter(total: total, report: progress)
        let samples = try deterministicMap(count: options.samples, threads: threads) { i in
            defer { counter.step() }
            return Result { try model.sample(i) }
        }.map { try $0.get() }
        let sweeps = try deterministicMap(count: sweepCount, threads: threads) { j in
            defer { counter.step() }
            return Result { try model.sweep(input: j, nominal: nominal, steps: options.sweepSteps) }
        }.map { try $0.get() }

        return try Aggregation(model: model, nominal: nominal, samples: samples, sweeps: sweeps,
                               options: options).result()
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
