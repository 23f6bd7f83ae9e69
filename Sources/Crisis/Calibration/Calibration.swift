import Foundation
import Scenario

/// How to calibrate.
public struct CalibrationOptions: Sendable {
    public var seed: UInt64
    public var threads: Int?
    public var sampler: ABCSettings
    /// Value paths to calibrate besides those marked `calibrate: true` (`--input`).
    public var inputs: [String]
    /// Episode ids to fit (empty: every episode).
    public var episodes: [String]
    /// `--set PATH=VALUE` what-ifs applied first.
    public var overrides: [String: Double]
    /// Samples of the backtests run before and after.
    public var backtestSamples: Int
    /// The date written into the posterior (ISO); the CLI passes today's.
    public var date: String
    public var isCancelled: (@Sendable () -> Bool)?

    public init(seed: UInt64 = 1, threads: Int? = nil, sampler: ABCSettings = ABCSettings(), inputs: [String] = [],
                episodes: [String] = [], overrides: [String: Double] = [:], backtestSamples: Int = 200,
                date: String, isCancelled: (@Sendable () -> Bool)? = nil) {
        self.seed = seed; self.threads = threads; self.sampler = sampler; self.inputs = inputs
        self.episodes = episodes; self.overrides = overrides; self.backtestSamples = backtestSamples
        self.date = date; self.isCancelled = isCancelled
    }

    /// Why `fulcrum calibrate`'s sampler sizes are refused before any work, or nil.
    public static func refusal(particles: Int, generations: Int, backtestSamples: Int) -> String? {
        if !(2...100_000).contains(particles) { return "--particles must be 2 to 100000" }
        if !(0...100).contains(generations) { return "--generations must be 0 to 100" }
        if !(1...ScenarioLimits.maxSamples).contains(backtestSamples) { return "--backtest-samples must be 1 to \(ScenarioLimits.maxSamples)" }
        return nil
    }
}

/// What `fulcrum calibrate` found.
public struct CalibrationResult: Codable, Sendable {
    public struct InputChange: Codable, Sendable, Equatable {
        public var path: String
        public var prior: Summary
        public var posterior: Summary
    }
    public var posterior: Posterior
    public var generations: [ABCGeneration]
    /// Each calibrated input: its prior and posterior medians and intervals.
    public var inputs: [InputChange]
    /// The backtests with the prior and with the posterior, same seed and samples.
    public var before: BacktestResult
    public var after: BacktestResult
}

public enum Calibration {
    /// The distance of a simulation to an episode's observations: the root mean square of
    /// log((model + 1) / (observed + 1)) over them, so a count twice too large and one
    /// half too small are equally far, whatever their size.
    static func distance(_ figures: [Double], _ observations: [Observation]) -> Double {
        var sum = 0.0
        for (x, o) in zip(figures, observations) {
            let r = Foundation.log((max(0, x) + 1) / (o.value + 1))
            sum += r * r
        }
        return (sum / Double(max(1, observations.count))).squareRoot()
    }

    /// Fits the inputs marked `calibrate: true` (and `options.inputs`) of `prior` — a
    /// scenario read without its posterior — to its episodes, and returns the posterior
    /// with the backtests before and after. Deterministic for a seed, whatever the threads.
    public static func run(_ prior: Scenario, options: CalibrationOptions,
                           progress: (@Sendable (ABCGeneration) -> Void)? = nil) throws -> CalibrationResult {
        guard prior.posterior == nil else {
            throw CrisisError.invalidOption("calibrate from the prior: load the scenario without its posterior (--prior)")
        }
        let scenario = try prior.fixing(options.overrides)
        let all = scenario.uncertainInputs
        var paths = all.filter(\.calibrate).map(\.path)
        for p in options.inputs where !paths.contains(p) {
            guard all.contains(where: { $0.path == p }) else {
                throw CrisisError.invalidOption("--input \(p): not an uncertain input of this scenario"
                    + (closestMatch(p, in: all.map(\.path)).map { "; did you mean '\($0)'?" } ?? ""))
            }
            paths.append(p)
        }
        guard !paths.isEmpty else {
            throw CrisisError.invalidOption("nothing to calibrate: mark inputs 'calibrate: true' in scenario.yaml or name them with --input")
        }
        let ids = options.episodes.isEmpty ? scenario.episodes.map(\.id) : options.episodes
        guard !ids.isEmpty else { throw CrisisError.invalidOption("the scenario has no episodes to calibrate on") }
        let models = try ids.map { try EpisodeModel(scenario, episode: $0, seed: options.seed) }
        let calibrated = paths.map { p in all.first { $0.path == p }! }
        let nuisance = all.filter { !paths.contains($0.path) }
        let threads = options.threads ?? defaultThreadCount
        let sampler = ABCSMC(
            dimension: calibrated.count, settings: options.sampler, seed: options.seed, threads: threads,
            distance: { z, rng in
                var values: [String: Double] = [:]
                for (input, zj) in zip(calibrated, z) { values[input.path] = value(of: input, at: zj) }
                for input in nuisance { values[input.path] = input.distribution.quantile(rng.uniform()) }
                var sum = 0.0, count = 0
                for m in models {
                    var v = values
                    for input in m.ownInputs { v[input.path] = input.distribution.quantile(rng.uniform()) }
                    let run = try m.observe(v, seed: rng.next())
                    let d = distance(run.figures, m.episode.observations)
                    sum += d * d * Double(m.episode.observations.count)
                    count += m.episode.observations.count
                }
                return (sum / Double(max(1, count))).squareRoot()
            },
            isCancelled: options.isCancelled ?? { false })
        let fit = try sampler.run(progress: progress)
        let draws = fit.z.map { z in zip(calibrated, z).map { value(of: $0, at: $1) } }
        let last = fit.generations.last!
        let method = "ABC-SMC (\(options.sampler.particles) particles, \(fit.generations.count - 1) generations, final tolerance "
            + String(format: "%.3g", last.tolerance) + " in RMS log ratio, seed \(options.seed))"
        let posterior = Posterior(scenarioDigest: prior.sourceDigest, method: method, written: options.date,
                                  episodes: ids, paths: paths, draws: draws, weights: fit.weights)
        let backtest = BacktestOptions(samples: options.backtestSamples, seed: options.seed, threads: options.threads,
                                       overrides: options.overrides, episodes: ids, isCancelled: options.isCancelled)
        let before = try Backtest.run(prior, options: backtest)
        let fitted = try prior.calibrated(by: posterior)
        let after = try Backtest.run(fitted, options: backtest)
        let changes = calibrated.enumerated().map { j, input -> CalibrationResult.InputChange in
            let priorDraws = (1...999).map { input.distribution.quantile(Double($0) / 1000) }
            let sample = WeightedSample(values: draws.map { $0[j] }, weights: fit.weights)!
            let posteriorDraws = (1...999).map { sample.quantile(Double($0) / 1000) }
            return .init(path: input.path, prior: Summary(priorDraws), posterior: Summary(posteriorDraws))
        }
        return CalibrationResult(posterior: posterior, generations: fit.generations, inputs: changes, before: before, after: after)
    }

    /// A calibrated input's value at standard-normal coordinate z: its prior quantile at Φ(z).
    static func value(of input: UncertainInput, at z: Double) -> Double {
        let u = Distribution.normal(mean: 0, sd: 1, min: -.infinity, max: .infinity).cdf(z)
        return input.distribution.quantile(min(max(u, 1e-12), 1 - 1e-12))
    }
}
