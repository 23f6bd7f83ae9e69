import ArgumentParser
import BoundedInput
import Crisis
import Foundation
import Scenario
import Store

/// The `fulcrum` command: one subcommand per job. Commands only parse and print;
/// the work is a library call that tests can make directly.
@main
struct Fulcrum: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fulcrum", abstract: "Model a political–humanitarian crisis: who decides, what it costs, which way it tips.",
        discussion: "With no scenario folder, commands use the built-in Idlib (7 September 2018) scenario. The scenario format: docs/scenario-format.md.",
        version: CrisisRunner.version,
        subcommands: [RunCommand.self, MergeCommand.self, BacktestCommand.self, CalibrateCommand.self, NewCommand.self, ValidateCommand.self,
                      SchemaCommand.self, DescribeCommand.self, DisplaceCommand.self, ForecastCommand.self, GameCommand.self,
                      RunsCommand.self, ServeCommand.self]
    )

    /// One exit status for every failure, 1: a usage error (ArgumentParser's 64) keeps its message
    /// and usage line; an output path refused (`OutputError`) or a run not stored is a `failure`.
    static func main() {
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch let code as ExitCode {
            exit(withError: code)
        } catch let error where error is OutputError || error is StoreError {
            exit(withError: failure("\(error)"))
        } catch {
            if exitCode(for: error) == .success { exit(withError: error) }
            let message = fullMessage(for: error)
            if !message.isEmpty { printError(message) }
            exit(withError: ExitCode.failure)
        }
    }
}

extension OutputFormat: ExpressibleByArgument {}

/// Options every subcommand shares, pulled in with `@OptionGroup`.
struct CommonOptions: ParsableArguments {
    @Option(help: "Output format: text for people, json for machines.") var format: OutputFormat = .text
    @Option(help: "Seed for every random stream; the same seed gives bit-identical results.") var seed: UInt64 = 1
    @Option(help: "Worker threads (default: all cores). Results do not depend on it.") var threads: Int?

    /// Most worker threads any command starts: each costs a stack and a share of the work.
    static let maxThreads = 4096

    func validate() throws {
        if let t = threads, t < 1 { throw ValidationError("--threads must be at least 1") }
        if let t = threads, t > Self.maxThreads { throw ValidationError("--threads \(t) is more than \(Self.maxThreads)") }
    }
}

/// `--set PATH=VALUE`, the what-ifs of run, backtest and calibrate: `Scenario.assignments`.
struct WhatIfOptions: ParsableArguments {
    @Option(name: .customLong("set"), parsing: .singleValue, help: ArgumentHelp("Override a scenario value: PATH=VALUE (repeatable).", valueName: "PATH=VALUE"))
    var overrides: [String] = []

    func values() throws -> [String: Double] { try withSettingErrors { try Scenario.assignments(overrides) } }
}

/// The run store's location, shared by `run`, `merge`, `runs` and `serve`.
struct StoreOptions: ParsableArguments {
    @Option(help: ArgumentHelp("The run store (SQLite).", discussion: "Default: ~/.fulcrum/runs.sqlite, or $FULCRUM_STORE.", valueName: "PATH")) var store: String?

    var path: String { store ?? RunStore.defaultPath }
    func open() throws -> RunStore {
        do { return try RunStore(path: path) } catch { throw failure("cannot open the run store \(path): \(error)") }
    }

    /// Records a finished run (`once`: unless it is there already); a store that cannot be written only warns.
    func record(_ what: String, _ result: CrisisResult, origin: String, folder: String?, scenario: Scenario, startedAt: Date, once: Bool = false) {
        do {
            let s = try RunStore(path: path)  // not open(): a store that fails here warns, it is not the run's error
            let run = try RunStore.record(result, origin: origin, scenarioSource: Scenario.sourceName(folder), scenarioHash: scenario.sourceDigest,
                                          startedAt: startedAt, finishedAt: Date())
            let (id, new) = once ? try s.saveOnce(run, scenarioFiles: scenario.sourceFiles) : (try s.save(run, scenarioFiles: scenario.sourceFiles), true)
            printError(new ? "recorded as run \(id) in \(path)" : "already recorded as run \(id) in \(path)")
        } catch {
            printError("warning: \(what) was not recorded in the run store \(path): \(error)")
        }
    }
}

/// The one way a command fails on bad input, `throw failure(message)`: `error: message`, exit 1.
func failure(_ message: String) -> ExitCode { printError("error: \(message)"); return ExitCode(1) }

/// `--set` errors are usage errors: say so the way ArgumentParser does.
func withSettingErrors<T>(_ body: () throws -> T) throws -> T {
    do { return try body() } catch let e as SettingError { throw ValidationError("--set \(e.description)") }
}

/// A valid scenario folder (or the built-in one), else every diagnostic (`then` after the count) and exit 1.
/// `prior`: without its calibration; `priorAsked`: so because `--prior` asked, which says so where there is none.
func loadScenario(_ directory: String?, prior: Bool = false, priorAsked: Bool = false, then: String = "") throws -> Scenario {
    let url = Scenario.directory(forArgument: directory)
    let result = Scenario.validate(directory: url, prior: prior || priorAsked)
    guard let scenario = result.scenario else {
        for d in result.diagnostics { printError(d.description) }
        printError("\(result.diagnostics.count) error(s) in \(url.path)\(then)")
        throw ExitCode(1)
    }
    for w in result.warnings { printError(w.description) }
    if priorAsked && !Scenario.hasPosterior(in: url) { printError("warning: --prior has no effect: the scenario has no posterior.json") }
    return scenario
}

/// --force's help, the same for every command with --out.
let forceHelp = "With --out: replace a non-empty folder that is not an earlier Fulcrum output (its content is deleted). Never needed for an earlier output; never replaces a file, a device, an input, the current folder or a home folder."

/// Prints a result for machines (`--format json`, `JSONOutput`) or for people (`text`).
func emit<T: Encodable>(_ value: T, _ format: OutputFormat, text: @autoclosure () throws -> String) throws {
    if format == .json { print(try JSONOutput.text(value)) } else { print(try text(), terminator: "") }
}

/// Prints what the output writer found and put right (`note`) or could not tidy (`warning`).
func say(_ notes: [String], as kind: String = "note") { for n in notes { printError("\(kind): \(n)") } }

/// `print` with control characters shown (`Terminal.safe`): it shadows the standard library's in this module.
func print(_ items: Any..., separator: String = " ", terminator: String = "\n") {
    Swift.print(Terminal.safe(items.map { "\($0)" }.joined(separator: separator)), terminator: terminator)
}

/// A line on standard error, control characters shown.
func printError(_ s: String) { FileHandle.standardError.write(Data((Terminal.safe(s) + "\n").utf8)) }
