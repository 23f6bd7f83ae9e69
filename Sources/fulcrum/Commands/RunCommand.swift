import ArgumentParser
import BoundedInput
import Crisis
import Foundation
import Report
import Scenario
import Store

/// `fulcrum run [DIR]`: the main job.
struct RunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run a scenario: branches, the game, Monte Carlo, the pivot analysis and the bargaining forecast.",
        discussion: """
            Simulates every branch of the scenario's decision tree, solves the crisis game, draws the
            uncertain inputs --samples times, and ranks what decides the outcome (the fulcrum).
            With no DIR, runs the built-in Idlib (7 September 2018) scenario.
            A what-if is one flag away: --set preferences.turkey.process_survival=2 (paths as listed
            by 'fulcrum describe --format json' or in an error's suggestions).
            """
    )

    @Argument(help: "Scenario folder (default: the built-in Idlib 2018 scenario).")
    var directory: String?

    @Option(help: "Monte Carlo samples of the uncertain inputs.")
    var samples: Int = 1000

    @Option(help: "Days to simulate (default: the scenario's horizon).")
    var horizon: Int?

    @Option(name: .customLong("set"), parsing: .singleValue,
            help: ArgumentHelp("Override a scenario value: PATH=VALUE (repeatable).", valueName: "PATH=VALUE"))
    var overrides: [String] = []

    @Option(help: "Write results.json and CSV tables into this folder (replaced whole, never half-written; see --force).")
    var out: String?

    @Flag(help: ArgumentHelp(forceHelp))
    var force = false

    @Option(help: ArgumentHelp("Compute only shard K of M (1-based) and write it into --out as shard-K-of-M.json; combine the shards with 'fulcrum merge', which records the merged run in the run store (shards are not recorded).", valueName: "K/M"))
    var shard: String?

    // Report and run store (issue 7).
    @Option(help: "Write the self-contained HTML report to this file (--out DIR also writes DIR/report.html).")
    var report: String?

    @OptionGroup var store: StoreOptions

    @Flag(help: "Do not record this run in the run store.")
    var noStore = false

    @OptionGroup var common: CommonOptions

    func validate() throws {
        // Checked before any work so an absurd request fails at once rather than
        // in an allocation (each sample and each day keeps a value).
        if samples > ScenarioLimits.maxSamples {
            throw ValidationError("--samples \(samples) is more than \(ScenarioLimits.maxSamples); split the run into several seeds")
        }
        if let h = horizon, h > ScenarioLimits.maxHorizonDays {
            throw ValidationError("--horizon \(h) days is longer than \(ScenarioLimits.maxHorizonDays) (100 years)")
        }
        if force && (out == nil || shard != nil) {
            throw ValidationError(shard == nil ? "--force has no effect without --out" : "--force has no effect with --shard: shards are added to the --out folder, which is never replaced")
        }
    }

    func run() throws {
        let scenario = try loadScenario(directory)
        // The file's horizon bounds its zones' days; a shorter --horizon must say what it cuts.
        if let h = horizon, h < scenario.metadata.horizonDays { for w in scenario.zonesBeyond(horizon: h) { printError("warning: \(w)") } }
        let values = try withSettingErrors { try Scenario.assignments(overrides) }
        let options = CrisisRunOptions(samples: samples, seed: common.seed, horizon: horizon,
                                       threads: common.threads, overrides: values)
        let bar = ProgressLine(label: "running")
        var progress: (@Sendable (Int, Int) -> Void)? = nil
        if let bar { progress = { done, total in bar.update(done, total) } }
        if let shard {
            let (k, m) = try parseShard(shard)
            guard let out else { throw ValidationError("--shard needs --out DIR, the folder that collects the shards") }
            let file = try checkOutput { () throws(OutputError) in
                try OutputFile(URL(fileURLWithPath: out).appendingPathComponent(RunTables.shardName(k, of: m)).path, createFolder: true)
            }
            let part = try withSettingErrors {
                defer { bar?.finish() }
                return try CrisisRunner.shard(scenario, options: options, index: k, of: m,
                                              directory: directory.map { URL(fileURLWithPath: $0).standardizedFileURL.path },
                                              progress: progress)
            }
            let text = try RunTables.shardText(part)
            try checkOutput { () throws(OutputError) in try file.write(Data(text.utf8)) }
            print("wrote \(file.path)")
            return
        }
        // Every output path is checked (and --out locked) before the work, not after it.
        let outFolder = try out.map { try outputFolder($0, writtenBy: "fulcrum run", inputs: [Scenario.directory(forArgument: directory).path], force: force) }
        let reportFile = try report.map { path in try checkOutput { () throws(OutputError) in try OutputFile(path) } }
        let startedAt = Date()
        let result = try withSettingErrors {
            defer { bar?.finish() }
            return try CrisisRunner.run(scenario, options: options, progress: progress)
        }
        for warning in result.warnings ?? [] { printError("warning: \(warning)") }
        let reportHTML = (out != nil || report != nil) ? HTMLReport.render(result, context: CrisisContext(scenario, overrides: result.run.overrides)) : nil
        if let outFolder { try writeOutput(try RunTables.files(result, report: reportHTML), to: outFolder) }
        if let reportFile { try checkOutput { () throws(OutputError) in try reportFile.write(Data(reportHTML!.utf8)) } }
        if !noStore { recordRun(result, scenario: scenario, startedAt: startedAt) }
        switch common.format {
        case .json: print(try RunTables.json(result))
        case .text: print(RunSummary.text(result), terminator: "")
        }
    }
}

extension RunCommand {
    /// Records the finished run in one transaction (a run killed before this leaves no
    /// record). A store that cannot be written warns but does not fail the run.
    func recordRun(_ result: CrisisResult, scenario: Scenario, startedAt: Date) {
        do {
            let id = try store.open().save(result, origin: "cli", scenarioSource: directory.map { URL(fileURLWithPath: $0).standardizedFileURL.path } ?? "built-in",
                                           scenarioHash: scenario.sourceDigest, scenarioFiles: scenario.sourceFiles,
                                           startedAt: startedAt, finishedAt: Date())
            printError("recorded as run \(id) in \(store.path)")
        } catch {
            printError("warning: the run was not recorded in the run store: \(error)")
        }
    }
}

/// --force's help, the same for every command with --out.
let forceHelp = "With --out: replace a non-empty folder that is not an earlier Fulcrum output (its content is deleted). Never needed for an earlier output; never replaces a file, a device, an input, the current folder or a home folder."

/// Loads and validates a scenario folder (or the built-in one), printing every
/// diagnostic and exiting 1 when it is not valid.
func loadScenario(_ directory: String?, prior: Bool = false) throws -> Scenario {
    let url = Scenario.directory(forArgument: directory)
    let result = Scenario.validate(directory: url, prior: prior)
    guard let scenario = result.scenario else {
        for d in result.diagnostics { printError(d.description) }
        printError("\(result.diagnostics.count) error(s) in \(url.path)")
        throw ExitCode(1)
    }
    for w in result.warnings { printError(w.description) }
    return scenario
}

/// `--set` errors are usage errors: say so the way ArgumentParser does.
func withSettingErrors<T>(_ body: () throws -> T) throws -> T {
    do { return try body() } catch let e as SettingError { throw ValidationError("--set \(e.description)") }
}

/// `K/M` with 1 ≤ K ≤ M.
func parseShard(_ text: String) throws -> (Int, Int) {
    let parts = text.split(separator: "/").map { Int($0.trimmingCharacters(in: .whitespaces)) }
    guard parts.count == 2, let k = parts[0], let m = parts[1], m >= 1, (1...m).contains(k) else {
        throw ValidationError("--shard '\(text)': expected K/M with 1 ≤ K ≤ M, e.g. --shard 3/8")
    }
    return (k, m)
}
