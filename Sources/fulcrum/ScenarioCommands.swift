import ArgumentParser
import BoundedInput
import Crisis
import Foundation
import Report
import Scenario
import Store
import Workbench

struct RunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run", abstract: "Run a scenario: branches, the game, Monte Carlo, the pivot analysis and the bargaining forecast.",
        discussion: "With no DIR, runs the built-in Idlib (7 September 2018) scenario. What it computes and writes: docs/crisis-runner.md.")
    @Argument(help: "Scenario folder (default: the built-in Idlib 2018 scenario).") var directory: String?
    @Option(help: "Monte Carlo samples of the uncertain inputs.") var samples: Int = 1000
    @Option(help: "Days to simulate (default: the scenario's horizon).") var horizon: Int?
    @OptionGroup var whatIf: WhatIfOptions
    @Option(help: "Write results.json and CSV tables into this folder (replaced whole, never half-written; see --force).") var out: String?
    @Flag(help: ArgumentHelp(forceHelp)) var force = false
    @Option(help: ArgumentHelp("Compute only shard K of M (1-based) and write it into --out as shard-K-of-M.json; combine the shards with 'fulcrum merge', which records the merged run in the run store (shards are not recorded).", valueName: "K/M")) var shard: String?
    @Option(help: "Write the self-contained HTML report to this file (--out DIR also writes DIR/report.html).") var report: String?
    @OptionGroup var store: StoreOptions
    @Flag(help: "Do not record this run in the run store.") var noStore = false
    @Flag(help: "Ignore the scenario's calibration (posterior.json) and use its prior distributions.") var prior = false
    @OptionGroup var common: CommonOptions

    func validate() throws {
        if let why = CrisisRunOptions.refusal(samples: samples, horizon: horizon) { throw ValidationError(why) }
        if prior && shard != nil { throw ValidationError("--prior cannot be used with --shard: 'fulcrum merge' combines shards with the scenario as it is, calibration included") }
        if force && (out == nil || shard != nil) {
            throw ValidationError(shard == nil ? "--force has no effect without --out" : "--force has no effect with --shard: shards are added to the --out folder, which is never replaced")
        }
    }

    func run() throws {
        let scenario = try loadScenario(directory, priorAsked: prior)
        // The file's horizon bounds its zones' days; a shorter --horizon must say what it cuts.
        if let h = horizon, h < scenario.metadata.horizonDays { say(scenario.zonesBeyond(horizon: h), as: "warning") }
        let options = CrisisRunOptions(samples: samples, seed: common.seed, horizon: horizon, threads: common.threads, overrides: try whatIf.values())
        if let shard {
            guard case let (k, m)? = CrisisShard.index(shard) else { throw ValidationError("--shard '\(shard)': expected K/M with 1 ≤ K ≤ M, e.g. --shard 3/8") }
            guard let out else { throw ValidationError("--shard needs --out DIR, the folder that collects the shards") }
            let file = try RunDestination.shard(in: out, k, of: m)
            let part = try withSettingErrors { try ProgressLine.showing("running") {
                try CrisisRunner.shard(scenario, options: options, index: k, of: m, directory: directory.map(Scenario.sourceName), progress: $0)
            } }
            try file.write(Data(try RunTables.shardText(part).utf8))
            return print("wrote \(file.path)")
        }
        let destination = try RunDestination(out: out, report: report, writtenBy: "fulcrum run", inputs: [Scenario.directory(forArgument: directory).path],
                                             force: force) { say($0) }
        let startedAt = Date()
        let result = try withSettingErrors { try ProgressLine.showing("running") { try CrisisRunner.run(scenario, options: options, progress: $0) } }
        say(result.warnings ?? [], as: "warning")
        try destination.write(result, context: CrisisContext(scenario, overrides: result.run.overrides)) { say($0, as: "warning") }
        // One transaction once the run is done: a run killed before this leaves no record.
        if !noStore { store.record("the run", result, origin: "cli", folder: directory, scenario: scenario, startedAt: startedAt) }
        try emit(result, common.format, text: RunSummary.text(result))
    }
}

struct MergeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "merge", abstract: "Combine the shards of 'fulcrum run --shard K/M' into the result of the whole run.",
        discussion: "The result is bit-identical to the unsharded run; which scenario it reads and what it records: docs/crisis-runner.md, \"Sharding\".")
    @Argument(help: "Shard files, or folders of shard-*.json files.") var shards: [String]
    @Option(help: "The scenario folder the shards were computed from.") var scenario: String?
    @Option(help: "Write results.json and CSV tables into this folder, as 'fulcrum run --out' does (see --force).") var out: String?
    @Flag(help: ArgumentHelp(forceHelp)) var force = false
    @OptionGroup var store: StoreOptions
    @Flag(help: "Do not record the merged run in the run store.") var noStore = false
    @OptionGroup var common: CommonOptions

    func validate() throws { if force && out == nil { throw ValidationError("--force has no effect without --out") } }

    func run() throws {
        let startedAt = Date()
        do {
            let parts = try CrisisShard.read(shards)
            let folder = self.scenario ?? parts[0].scenarioDirectory
            let scenario = try loadScenario(folder)
            let destination = try RunDestination(out: out, writtenBy: "fulcrum merge", inputs: shards + [Scenario.directory(forArgument: folder).path],
                                                 force: force) { say($0) }
            let result = try CrisisRunner.merge(scenario, shards: parts)
            try destination.write(result, context: nil) { say($0, as: "warning") }
            // Recorded once (origin merge); its timings are the merge's own, as the shards ran elsewhere.
            if !noStore { store.record("the merged run", result, origin: "merge", folder: folder, scenario: scenario, startedAt: startedAt, once: true) }
            try emit(result, common.format, text: RunSummary.text(result))
        } catch let e as ShardFileError { throw failure(e.message) } catch let e as CrisisError { throw failure(e.description) }
    }
}

struct BacktestCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "backtest", abstract: "Score the model on the scenario's past episodes (observed displacement before its as_of date).",
        discussion: "Uses the scenario's calibration (posterior.json) unless --prior. The scores and how they are computed: docs/calibration.md.")
    @Argument(help: "Scenario folder (default: the built-in Idlib 2018 scenario).") var directory: String?
    @Option(help: "Monte Carlo samples per episode.") var samples: Int = 200
    @Option(name: .customLong("episode"), help: "Score only this episode (repeatable).") var episodes: [String] = []
    @OptionGroup var whatIf: WhatIfOptions
    @Flag(help: "Ignore the scenario's calibration (posterior.json) and use its prior distributions.") var prior = false
    @OptionGroup var common: CommonOptions

    func validate() throws { if samples < 1 || samples > ScenarioLimits.maxSamples { throw ValidationError("--samples must be 1 to \(ScenarioLimits.maxSamples)") } }

    func run() throws {
        let scenario = try loadScenario(directory, priorAsked: prior)
        let options = BacktestOptions(samples: samples, seed: common.seed, threads: common.threads, overrides: try whatIf.values(), episodes: episodes)
        let result = try withSettingErrors { try ProgressLine.showing("backtest") { try Backtest.run(scenario, options: options, progress: $0) } }
        try emit(result, common.format, text: BacktestSummary.text(result))
    }
}

struct CalibrateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "calibrate", abstract: "Fit the scenario's calibrated inputs to its past episodes; write posterior.json beside scenario.yaml.",
        discussion: "Fits the inputs marked 'calibrate: true' (and any --input) by ABC-SMC from the scenario's own distributions, and prints the backtest before and after. Method and scores: docs/calibration.md.")
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
        if let why = CalibrationOptions.refusal(particles: particles, generations: generations, backtestSamples: backtestSamples) { throw ValidationError(why) }
        if directory == nil && out == nil { throw ValidationError("the built-in scenario is read-only: give its folder (a copy) as DIR, or --out FILE for the posterior") }
    }

    func run() throws {
        let scenario = try loadScenario(directory, prior: true)
        let values = try whatIf.values()
        let target = out.map { URL(fileURLWithPath: $0) } ?? Scenario.posteriorURL(in: Scenario.directory(forArgument: directory))
        let file = try OutputFile(target.path)   // before the fit, not after
        let started = Date()
        let result = try withSettingErrors {
            try Calibration.run(scenario, options: CalibrationOptions(
                seed: common.seed, threads: common.threads, sampler: ABCSettings(particles: particles, maxGenerations: generations), inputs: inputs,
                episodes: episodes, overrides: values, backtestSamples: backtestSamples, date: CivilDate(started).description),
                progress: { printError(BacktestSummary.progressLine($0)) })
        }
        try file.write(Data(try JSONOutput.text(result.posterior).utf8))
        printError("wrote \(target.path) in \(Int(Date().timeIntervalSince(started).rounded())) s")
        try emit(result, common.format, text: BacktestSummary.text(result))
    }
}

struct NewCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "new", abstract: "Write a complete scenario folder that validates and runs, to change into your own crisis.",
        discussion: "DIR must not exist or must be empty; the folder is written whole or not at all. What each template holds: docs/scenario-format.md §8.")
    @Argument(help: "The folder to create (must not exist, or be empty).") var directory: String
    @Option(help: "minimal, toy, idlib or mali.") var template: String = "minimal"

    func run() throws {
        let written: (folder: URL, files: [String])
        do { written = try Scenario.writeTemplate(template, to: directory) } catch {
            if case .refused(let message) = error { throw ValidationError(message) }
            throw failure(error.description)
        }
        let s = try loadScenario(written.folder.path)
        print("wrote \(written.folder.path) (\(written.files.joined(separator: ", "))): \(s.metadata.title), valid")
        print("next: edit scenario.yaml and the tables; fulcrum validate \(directory); fulcrum validate --fix \(directory); fulcrum run \(directory)")
    }
}

struct ValidateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate", abstract: "Check a scenario folder and report every problem at once.",
        discussion: "Each problem names its file, line, column and field; exit 1 when there are errors. What is checked and what --fix writes: docs/scenario-format.md §8.")
    @Argument(help: "Scenario folder, or its scenario.yaml (default: the built-in Idlib 2018 scenario).") var directory: String?
    @Flag(help: "Write the table values scenario.yaml determines into the CSV tables (atomically), then validate again.") var fix = false
    @OptionGroup var common: CommonOptions

    func run() throws {
        if fix && directory == nil { throw ValidationError("--fix needs a scenario folder: the built-in one is read-only (copy it with 'fulcrum new DIR --template idlib')") }
        let report: ValidationReport
        do { report = try DisplacementCheck.report(Scenario.directory(forArgument: directory), fix: fix) }
        catch let e as TableFixError { throw failure("--fix wrote nothing: \(e)") }
        try emit(report, common.format, text: report.text)
        if !report.valid { throw ExitCode(1) }
    }
}

struct DescribeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "describe", abstract: "Show a scenario: actors, preferences, issues, the decision tree, mechanisms and geography.",
        discussion: "Loads and validates DIR as 'fulcrum validate' does, then prints it; --catalogue lists instead everything a scenario can name. See docs/scenario-format.md.")
    @Argument(help: "Scenario folder, or its scenario.yaml (default: the built-in Idlib 2018 scenario).") var directory: String?
    @Option(name: .customLong("set"), help: ArgumentHelp(
        "Fix one value before describing, as PATH=VALUE (repeatable), e.g. --set geography.road_factor=1.5.", valueName: "PATH=VALUE"))
    var assignments: [String] = []
    @Flag(help: "List the building blocks, functions, fact types, displacement results and settings instead.") var catalogue = false
    @OptionGroup var common: CommonOptions

    func run() throws {
        if catalogue {
            if directory != nil || !assignments.isEmpty { throw ValidationError("--catalogue describes the language and library, not a scenario: give no folder and no --set") }
            let c = Catalogue.make()
            return try emit(c, common.format, text: c.text)
        }
        let scenario = try loadScenario(directory, then: "; nothing to describe")
        let changed: Scenario
        do { changed = try scenario.applying(assignments: assignments) } catch let e as SettingError { throw failure("\(e)") }
        let description = changed.describe()
        try emit(description, common.format, text: description.text)
    }
}

struct SchemaCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "schema", abstract: "Print the JSON Schema of scenario.yaml, for editors that complete keys and flag mistakes while typing.",
        discussion: "Save it (fulcrum schema > scenario.schema.json) and point your editor at it: docs/scenario-format.md §8.")

    func run() throws { print(Format.jsonSchema(), terminator: "") }
}

struct RunsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "runs", abstract: "List, show, compare and remove the runs kept in the run store.",
        subcommands: [List.self, Show.self, Diff.self, Remove.self, ReportFile.self])

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "list", abstract: "List stored runs, newest first.")
        @OptionGroup var store: StoreOptions
        @Option(help: "Output format: text or json.") var format: OutputFormat = .text
        @Option(help: "Show at most this many runs.") var limit: Int?

        func run() throws {
            let rows = try store.open().list(limit: limit)
            try emit(rows, format, text: RunStore.listText(rows, store: store.path))
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "show", abstract: "Show one run: its inputs and its results (--format json prints results.json).")
        @OptionGroup var store: StoreOptions
        @Option(help: "Output format: text or json.") var format: OutputFormat = .text
        @Argument(help: "Run id.") var id: Int64

        func run() throws {
            let r = try store.open().existingRun(id)
            if format == .json { print(r.results) } else { print(r.text, terminator: "") }
        }
    }

    struct Diff: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "diff", abstract: "What changed between two runs, in the inputs and in the outcome.")
        @OptionGroup var store: StoreOptions
        @Option(help: "Output format: text or json.") var format: OutputFormat = .text
        @Argument(help: "First run id.") var a: Int64
        @Argument(help: "Second run id.") var b: Int64

        func run() throws {
            let s = try store.open()
            let d = try RunDiff(try s.existingRun(a), try s.existingRun(b))
            try emit(d, format, text: d.text)
        }
    }

    struct Remove: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "rm", abstract: "Remove a run from the store.")
        @OptionGroup var store: StoreOptions
        @Argument(help: "Run id.") var id: Int64

        func run() throws {
            guard try store.open().delete(id) else { throw failure("no run \(id) in \(store.path)") }
            print("removed run \(id)")
        }
    }

    struct ReportFile: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "report", abstract: "Write the HTML report of a stored run.")
        @OptionGroup var store: StoreOptions
        @Argument(help: "Run id.") var id: Int64
        @Option(help: "The HTML file to write.") var out: String

        func run() throws {
            let file = try OutputFile(out)
            let s = try store.open()
            let r = try s.existingRun(id)
            // Drawn from the files stored with the run; a run stored without them, from its folder as it is now.
            let (scenario, changed) = try Scenario.stored(files: try s.scenarioFiles(hash: r.scenarioHash), digest: r.scenarioHash) {
                try loadScenario(r.scenarioSource == "built-in" ? nil : r.scenarioSource)
            }
            if changed {
                printError("warning: run \(id) was stored without its scenario's files, and the scenario at \(r.scenarioSource) has changed since; the report's scenario text, map and provenance are today's")
            }
            let result = try r.result()
            try file.write(Data(HTMLReport.render(result, context: CrisisContext(scenario, overrides: result.run.overrides)).utf8))
        }
    }
}

struct ServeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve", abstract: "Start the local workbench: change assumptions, run in the background, compare runs.",
        discussion: "Serves on 127.0.0.1 (this machine only) unless --host says otherwise: the workbench has no authentication. What it accepts and its limits: docs/report.md, \"The workbench\".")
    @Option(help: "Port to listen on.") var port: Int = 8080
    @Option(help: "Address to listen on (default: loopback only).") var host: String = "127.0.0.1"
    @Option(help: "Default Monte Carlo samples offered on the form.") var samples: Int = 200
    @Option(help: "Worker threads per run (default: all cores).") var threads: Int?
    @Option(help: ArgumentHelp("Only scenario folders inside this folder may be opened (default: any folder holding scenario.yaml).", valueName: "ROOT")) var scenarios: String?
    @OptionGroup var store: StoreOptions

    func run() throws {
        let settings: ServeSettings
        do { settings = try ServeSettings(host: host, port: port, samples: samples, threads: threads, maxThreads: CommonOptions.maxThreads, scenarios: scenarios) }
        catch { throw ValidationError(String(describing: error)) }
        if let w = settings.warning { printError(w) }
        let jobs = try JobManager(store: try store.open(), threads: threads, folders: settings.folders)
        let storePath = store.path
        try Workbench.serve(jobs: jobs, host: host, port: port, defaultSamples: samples) { printError(settings.listeningLine(port: $0, store: storePath)) }
    }
}
