import ArgumentParser
import BoundedInput
import Crisis
import Foundation
import Report
import Scenario

/// `fulcrum backtest [DIR]`: the model against what happened before the scenario's date.
struct BacktestCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "backtest",
        abstract: "Score the model on the scenario's past episodes (observed displacement before its as_of date).",
        discussion: """
            Runs every episode of the scenario (its 'episodes:' section) over the scenario's uncertainty and
            compares the simulations with what was observed: the median and 50%/90% intervals of each observed
            count, the CRPS, coverage, bias (median ÷ observed), Flee's averaged relative difference (ARD) and
            the destination shares. Uses the scenario's calibration (posterior.json) unless --prior.
            Method: docs/calibration.md.
            """
    )

    @Argument(help: "Scenario folder (default: the built-in Idlib 2018 scenario).") var directory: String?
    @Option(help: "Monte Carlo samples per episode.") var samples: Int = 200
    @Option(name: .customLong("episode"), help: "Score only this episode (repeatable).") var episodes: [String] = []
    @OptionGroup var whatIf: WhatIfOptions
    @Flag(help: "Ignore the scenario's calibration (posterior.json) and use its prior distributions.") var prior = false
    @OptionGroup var common: CommonOptions

    func validate() throws {
        if samples < 1 || samples > ScenarioLimits.maxSamples { throw ValidationError("--samples must be 1 to \(ScenarioLimits.maxSamples)") }
    }

    func run() throws {
        let scenario = try loadScenario(directory, prior: prior)
        let options = BacktestOptions(samples: samples, seed: common.seed, threads: common.threads, overrides: try whatIf.values(), episodes: episodes)
        let bar = ProgressLine(label: "backtest")
        let result = try withSettingErrors {
            defer { bar?.finish() }
            return try Backtest.run(scenario, options: options, progress: bar?.counts)
        }
        switch common.format {
        case .json: print(try JSONOutput.text(result))
        case .text: print(BacktestSummary.text(result), terminator: "")
        }
    }
}
