import ArgumentParser
import BoundedInput
import Crisis
import Foundation
import Report
import Scenario

/// `fulcrum calibrate [DIR]`: fit the inputs the episodes inform, write posterior.json.
struct CalibrateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "calibrate",
        abstract: "Fit the scenario's calibrated inputs to its past episodes; write posterior.json beside scenario.yaml.",
        discussion: """
            Fits the inputs marked 'calibrate: true' (and any --input) by approximate Bayesian computation with
            sequential Monte Carlo (ABC-SMC, adaptive tolerance), starting from the scenario's own distributions
            (its prior; an existing posterior.json is ignored). Writes the weighted joint draws to posterior.json,
            which run, backtest, forecast, the report and the workbench then use (--prior ignores it), and prints
            the backtest before and after. Method and scores: docs/calibration.md.
            """
    )

    @Argument(help: "Scenario folder to calibrate (its posterior.json is written there).") var directory: String?
    @Option(help: "Particles per generation.") var particles: Int = ABCSettings().particles
    @Option(help: "Generations after the prior's, at most.") var generations: Int = ABCSettings().maxGenerations
    @Option(name: .customLong("input"), help: "Also calibrate this value path (repeatable).") var inputs: [String] = []
    @Option(name: .customLong("episode"), help: "Fit only this episode (repeatable).") var episodes: [String] = []
    @OptionGroup var whatIf: WhatIfOptions
    @Option(help: "Monte Carlo samples of the backtests printed before and after.") var backtestSamples: Int = 200
    @Option(help: "Write the posterior to this file instead of DIR/posterior.json.") var out: String?
    @OptionGroup var common: CommonOptions

    func validate() throws {
        if !(2...100_000).contains(particles) { throw ValidationError("--particles must be 2 to 100000") }
        if !(0...100).contains(generations) { throw ValidationError("--generations must be 0 to 100") }
        if !(1...ScenarioLimits.maxSamples).contains(backtestSamples) { throw ValidationError("--backtest-samples must be 1 to \(ScenarioLimits.maxSamples)") }
        if directory == nil && out == nil {
            throw ValidationError("the built-in scenario is read-only: give its folder (a copy) as DIR, or --out FILE for the posterior")
        }
    }

    func run() throws {
        let scenario = try loadScenario(directory, prior: true)
        let values = try whatIf.values()
        let target = out.map { URL(fileURLWithPath: $0) } ?? Scenario.directory(forArgument: directory).appendingPathComponent("posterior.json")
        let file = try checkOutput { () throws(OutputError) in try OutputFile(target.path) }   // before the fit, not after
        let started = Date()
        let result = try withSettingErrors {
            try Calibration.run(scenario, options: CalibrationOptions(
                seed: common.seed, threads: common.threads, sampler: ABCSettings(particles: particles, maxGenerations: generations),
                inputs: inputs, episodes: episodes, overrides: values, backtestSamples: backtestSamples,
                date: CivilDate(dayNumber: Int((started.timeIntervalSince1970 / 86_400).rounded(.down))).description),
                progress: { g in
                    printError("generation \(g.index): tolerance \(g.tolerance.isFinite ? String(format: "%.3f", g.tolerance) : "∞"), \(g.simulations) simulations, acceptance \(Int((g.acceptance * 100).rounded()))%")
                })
        }
        let data = Data(try JSONOutput.text(result.posterior).utf8)
        try checkOutput { () throws(OutputError) in try file.write(data) }
        printError("wrote \(target.path) in \(Int(Date().timeIntervalSince(started).rounded())) s")
        switch common.format {
        case .json: print(try JSONOutput.text(result))
        case .text: print(BacktestSummary.text(result), terminator: "")
        }
    }
}
