import ArgumentParser
import Crisis
import Foundation
import Scenario

/// `fulcrum-bench calibrate`: what `fulcrum calibrate` costs on the built-in Idlib scenario
/// at its default settings, beside the budget of issue 15 (under 10 minutes on 2 cores).
/// No peer tool calibrates this model, so there is no ratio to take: it prints the cost,
/// the simulations it took and their rate, and the cost of one episode simulation.
struct CalibrationBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "calibrate", abstract: "Calibration (ABC-SMC) on the built-in Idlib scenario: time, simulations, rate.")

    @Option(help: "Particles per generation (fulcrum calibrate's default).")
    var particles: Int = ABCSettings().particles

    @Option(help: "Generations after the prior's, at most (fulcrum calibrate's default).")
    var generations: Int = ABCSettings().maxGenerations

    @Option(help: "Threads (default: every core).")
    var threads: Int?

    func run() throws {
        let scenario = try Scenario.builtIn(prior: true)
        let threads = self.threads ?? defaultThreadCount
        let calibrated = scenario.uncertainInputs.filter(\.calibrate).map(\.path)
        print("Idlib 2018: \(scenario.episodes.count) episode(s), \(calibrated.count) calibrated inputs; \(particles) particles, ≤ \(generations) generations, \(threads) threads")

        let one = try CrisisBench.time { _ = try Backtest.run(scenario, options: .init(samples: 100, threads: 1)) }
        print("  one episode simulation (backtest of 100 samples on 1 thread ÷ 100): \(CrisisBench.format(one.wall * 10)) ms wall")

        var result: CalibrationResult?
        let cost = try CrisisBench.time {
            result = try Calibration.run(scenario, options: CalibrationOptions(
                seed: 1, threads: threads, sampler: ABCSettings(particles: particles, maxGenerations: generations),
                backtestSamples: 200, date: "bench"))
        }
        let simulations = result?.generations.reduce(0) { $0 + $1.simulations } ?? 0
        print("  calibration: \(CrisisBench.format(cost.wall)) s wall, \(CrisisBench.format(cost.cpu)) s CPU, "
              + "\(result?.generations.count ?? 0) generations, \(simulations) simulations "
              + "(\(CrisisBench.format(Double(simulations) / max(cost.wall, 1e-9))) a second), both backtests included")
        print("  budget: under 600 s on 2 cores; \(cost.wall < 600 ? "within" : "OVER") it here (\(CrisisBench.format(cost.wall / 600 * 100))% of it)")
    }
}
