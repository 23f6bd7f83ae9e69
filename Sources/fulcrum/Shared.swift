import ArgumentParser
import BoundedInput
import Foundation
import Scenario
import Store

/// How a command prints its result: for people, or for machines.
enum OutputFormat: String, ExpressibleByArgument, CaseIterable, Sendable {
    case text, json
}

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
    @Option(name: .customLong("set"), parsing: .singleValue,
            help: ArgumentHelp("Override a scenario value: PATH=VALUE (repeatable).", valueName: "PATH=VALUE"))
    var overrides: [String] = []

    func values() throws -> [String: Double] { try withSettingErrors { try Scenario.assignments(overrides) } }
}

/// The run store's location, shared by `run`, `merge`, `runs` and `serve`.
struct StoreOptions: ParsableArguments {
    @Option(help: ArgumentHelp("The run store (SQLite).", discussion: "Default: ~/.fulcrum/runs.sqlite, or $FULCRUM_STORE.", valueName: "PATH"))
    var store: String?

    var path: String { store ?? RunStore.defaultPath }
    func open() throws -> RunStore {
        do { return try RunStore(path: path) } catch { throw failure("cannot open the run store \(path): \(error)") }
    }

    /// Stored run `id`, or `error: no run ID in PATH`.
    func run(_ id: Int64, in store: RunStore) throws -> RunRecord {
        guard let r = try store.run(id) else { throw failure("no run \(id) in \(path)") }
        return r
    }

    /// Records a finished run in one transaction (`save` gives its id and whether it is new).
    /// A store that cannot be written warns but does not fail the command.
    func record(_ what: String, _ save: (RunStore) throws -> (id: Int64, new: Bool)) {
        do {
            let (id, new) = try save(try open())
            printError(new ? "recorded as run \(id) in \(path)" : "already recorded as run \(id) in \(path)")
        } catch {
            printError("warning: \(what) was not recorded in the run store: \(error)")
        }
    }
}

/// How a stored run names the scenario folder it was given: the folder's standardized path, or `built-in`.
func storeSource(_ folder: String?) -> String { folder.map { URL(fileURLWithPath: $0).standardizedFileURL.path } ?? "built-in" }

/// The one way a command fails on bad input, `throw failure(message)`: `error: message` on
/// standard error, exit 1. (A usage mistake is ArgumentParser's `ValidationError`; see `Fulcrum.main`.)
func failure(_ message: String) -> ExitCode {
    printError("error: \(message)")
    return ExitCode(1)
}

/// `--set` errors are usage errors: say so the way ArgumentParser does.
func withSettingErrors<T>(_ body: () throws -> T) throws -> T {
    do { return try body() } catch let e as SettingError { throw ValidationError("--set \(e.description)") }
}

/// Loads and validates a scenario folder (or the built-in one), printing every diagnostic
/// (and `then` after the count) and exiting 1 when it is not valid.
func loadScenario(_ directory: String?, prior: Bool = false, then: String = "") throws -> Scenario {
    let url = Scenario.directory(forArgument: directory)
    let result = Scenario.validate(directory: url, prior: prior)
    guard let scenario = result.scenario else {
        for d in result.diagnostics { printError(d.description) }
        printError("\(result.diagnostics.count) error(s) in \(url.path)\(then)")
        throw ExitCode(1)
    }
    for w in result.warnings { printError(w.description) }
    return scenario
}

/// --force's help, the same for every command with --out.
let forceHelp = "With --out: replace a non-empty folder that is not an earlier Fulcrum output (its content is deleted). Never needed for an earlier output; never replaces a file, a device, an input, the current folder or a home folder."

/// Output paths are checked before any work and written through `BoundedInput`'s one
/// writer; a refusal or a failed write is an error like bad input: the message names the
/// path and why, exit 1.
func checkOutput<T>(_ body: () throws(OutputError) -> T) throws -> T {
    do { return try body() } catch { throw failure(error.description) }
}

/// The --out folder, checked and locked before any work; says what it found and put right
/// (the leftovers of an interrupted earlier write).
func outputFolder(_ path: String, writtenBy: String, inputs: [String], force: Bool) throws -> OutputFolder {
    let folder = try checkOutput { () throws(OutputError) in try OutputFolder(path, writtenBy: writtenBy, inputs: inputs, force: force) }
    for n in folder.notes { printError("note: \(n)") }
    return folder
}

/// Writes the folder's files (UTF-8 text) all at once, replacing what was there.
func writeOutput(_ files: [(name: String, text: String)], to folder: OutputFolder) throws {
    let seen = folder.notes.count
    try checkOutput { () throws(OutputError) in try folder.write(files.map { ($0.name, Data($0.text.utf8)) }) }
    for n in folder.notes.dropFirst(seen) { printError("warning: \(n)") }
}
