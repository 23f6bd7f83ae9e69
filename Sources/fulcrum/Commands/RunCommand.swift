import ArgumentParser
import BoundedInput
import Crisis
import Foundation
import Report
import Scenario

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
            """)

    @Argument(help: "Scenario folder (default: the built-in Idlib 2018 scenario).") var directory: String?
    @Option(help: "Monte Carlo samples of the uncertain inputs.") var samples: Int = 1000
    @Option(help: "Days to simulate (default: the scenario's horizon).") var horizon: Int?
    @OptionGroup var whatIf: WhatIfOptions
    @Option(help: "Write results.json and CSV tables into this folder (replaced whole, never half-written; see --force).") var out: String?
    @Flag(help: ArgumentHelp(forceHelp)) var force = false
    @Option(help: ArgumentHelp("Compute only shard K of M (1-based) and write it into --out as shard-K-of-M.json; combine the shards with 'fulcrum merge', which records the merged run in the run store (shards are not recorded).", valueName: "K/M"))
    var shard: String?
    @Option(help: "Write the self-contained HTML report to this file (--out DIR also writes DIR/report.html).") var report: String?
    @OptionGroup var store: StoreOptions
    @Flag(help: "Do not record this run in the run store.") var noStore = false
    @OptionGroup var common: CommonOptions

    func validate() throws {
        // Checked before any work so an absurd request fails at once rather than in an allocation.
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
        let options = CrisisRunOptions(samples: samples, seed: common.seed, horizon: horizon, threads: common.threads, overrides: try whatIf.values())
        let bar = ProgressLine(label: "running")
        if let shard {
            guard case let (k, m)? = CrisisShard.index(shard) else { throw ValidationError("--shard '\(shard)': expected K/M with 1 ≤ K ≤ M, e.g. --shard 3/8") }
            guard let out else { throw ValidationError("--shard needs --out DIR, the folder that collects the shards") }
            let file = try checkOutput { () throws(OutputError) in
                try OutputFile(URL(fileURLWithPath: out).appendingPathComponent(RunTables.shardName(k, of: m)).path, createFolder: true)
            }
            let part = try withSettingErrors {
                defer { bar?.finish() }
                return try CrisisRunner.shard(scenario, options: options, index: k, of: m, directory: directory.map(storeSource), progress: bar?.counts)
            }
            let text = try RunTables.shardText(part)
            try checkOutput { () throws(OutputError) in try file.write(Data(text.utf8)) }
            return print("wrote \(file.path)")
        }
        // Every output path is checked (and --out locked) before the work, not after it.
        let outFolder = try out.map { try outputFolder($0, writtenBy: "fulcrum run", inputs: [Scenario.directory(forArgument: directory).path], force: force) }
        let reportFile = try report.map { path in try checkOutput { () throws(OutputError) in try OutputFile(path) } }
        let startedAt = Date()
        let result = try withSettingErrors {
            defer { bar?.finish() }
            return try CrisisRunner.run(scenario, options: options, progress: bar?.counts)
        }
        for warning in result.warnings ?? [] { printError("warning: \(warning)") }
        let html = out != nil || report != nil ? HTMLReport.render(result, context: CrisisContext(scenario, overrides: result.run.overrides)) : nil
        if let outFolder { try writeOutput(try RunTables.files(result, report: html), to: outFolder) }
        if let reportFile, let html { try checkOutput { () throws(OutputError) in try reportFile.write(Data(html.utf8)) } }
        // One transaction once the run is done: a run killed before this leaves no record.
        if !noStore {
            store.record("the run") { s in
                (try s.save(result, origin: "cli", scenarioSource: storeSource(directory), scenarioHash: scenario.sourceDigest,
                            scenarioFiles: scenario.sourceFiles, startedAt: startedAt, finishedAt: Date()), true)
            }
        }
        switch common.format {
        case .json: print(try RunTables.json(result))
        case .text: print(RunSummary.text(result), terminator: "")
        }
    }
}
