import ArgumentParser
import BoundedInput
import Crisis
import Bargaining
import Foundation
import Report

/// `fulcrum forecast`: where contested issues settle, by KTAB's SMP or the BDM model, with the
/// weighted-mean and weighted-median baselines beside every forecast, optionally with Monte
/// Carlo over uncertain inputs. Parses and prints only; the work is `Forecaster`/`MonteCarlo`.
struct ForecastCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "forecast",
        abstract: "Bargaining forecast of contested issues (KTAB SMP or BDM expected utility), with baselines.",
        discussion: """
            Input: a KTAB scenario (--ktab FILE.csv|FILE.xml, read unchanged), a one-issue actor \
            table (--table FILE.csv with actor/name, capability, position, salience columns), or a \
            problem as JSON (--problem FILE.json). \
            XML model parameters are used unless --params overrides them.
            With --samples N, runs N Monte Carlo draws: inputs from --uncertainty FILE.csv \
            (actor,field,dimension,distribution,p1,p2,p3), or else every position triangular ±--spread.
            On a scenario folder, --samples N draws the scenario's own uncertain inputs (as 'fulcrum run' \
            does); --spread S also gives every position the scenario fixes a triangular spread of ±S \
            (within 0–100). --uncertainty, --threshold and --csv apply to the file inputs only.
            """
    )

    @Argument(help: "Scenario folder whose issues to forecast (default, when no file option is given: the built-in Idlib 2018 scenario).")
    var directory: String?

    @Option(name: .customLong("ktab"), help: "KTAB scenario file (.csv or .xml).")
    var ktab: String?

    @Option(name: .customLong("table"), help: "One-issue actor table (CSV: actor, capability, position, salience).")
    var table: String?

    @Option(name: .customLong("problem"), help: "A bargaining problem as JSON (Fulcrum's BargainingProblem: dimensions, actors with capability, positions, saliences).")
    var problemJSON: String?

    @Option(help: "Model: smp (KTAB Spatial Model of Politics) or bdm (Bueno de Mesquita expected utility).")
    var model: String = "smp"

    @Option(help: "SMP parameters as KTAB's 9-integer vector VPM,PCEM,STM,VR,BigRAdjust,BigRRange,TPC,IVB,BargnModel.")
    var params: String?

    @Option(name: .customLong("smp-set"), help: "Override one SMP parameter or KTAB compatibility switch, NAME=VALUE (repeatable), e.g. VotingRule=Cubic or ktabPositionProbabilityLastMatch=false.")
    var smpSet: [String] = []

    @Option(name: .customLong("bdm-preset"), help: "BDM variant preset: masad2013 (default) or jmckibScholz.")
    var bdmPreset: String = "masad2013"

    @Option(name: .customLong("bdm-set"), help: "Override one BDM switch, NAME=VALUE (repeatable), e.g. q=0.5 or offerSelection=minMoveThenMaxEU.")
    var bdmSet: [String] = []

    @Option(help: "Monte Carlo draws (0 = a single deterministic forecast).")
    var samples: Int = 0

    @Option(help: "Monte Carlo: uncertain inputs (CSV: actor,field,dimension,distribution,p1,p2,p3).")
    var uncertainty: String?

    @Option(help: "Monte Carlo without --uncertainty: every position triangular(x − spread, x, x + spread) (default 10; on a scenario, only when given, for the positions it fixes).")
    var spread: Double?

    @Option(help: "Monte Carlo: report the probability that the forecast is at least this value (0–100; default 50).")
    var threshold: Double?

    @Option(name: .customLong("csv"), help: "Also write PREFIX-forecast.csv and PREFIX-trajectory.csv (and PREFIX-montecarlo.csv).")
    var csvPrefix: String?

    @OptionGroup var common: CommonOptions

    func run() throws {
        do { try execute() } catch let e as BargainingError { throw failure(e.description) }
    }

    func execute() throws {
        guard let kind = BargainingModelKind(rawValue: model.lowercased()) else {
            throw ValidationError("--model must be smp or bdm, got '\(model)'")
        }
        guard samples >= 0 else { throw ValidationError("--samples must be ≥ 0") }
        if let s = spread, !(s > 0 && s.isFinite) { throw ValidationError("--spread must be a positive number of scale points, got \(s)") }
        let problem: BargainingProblem
        if let path = ktab {
            problem = try KTABReader.read(path: path)
        } else if let path = table {
            problem = try BDMTableReader.read(path: path)
        } else if let path = problemJSON {
            problem = try BargainingProblem.readJSON(path: path)
        } else {
            // Options that only a file input uses are refused rather than silently ignored.
            for (given, name) in [(uncertainty != nil, "--uncertainty"), (threshold != nil, "--threshold"), (csvPrefix != nil, "--csv")] where given {
                throw ValidationError("\(name) applies to --ktab, --table and --problem inputs; a scenario's uncertainty is its own distributions (and --spread)")
            }
            if spread != nil && samples == 0 { throw ValidationError("--spread needs --samples N (it spreads positions over Monte Carlo draws)") }
            try forecastScenario(kind, options: try options(kind, file: nil))
            return
        }
        // The --csv files are checked before the work, and written together at the end.
        let csvFiles = try csvPrefix.map { prefix in
            try checkOutput { () throws(OutputError) in
                var files: [OutputFile] = []
                for table in samples > 0 ? ["forecast", "trajectory", "montecarlo"] : ["forecast", "trajectory"] {
                    files.append(try OutputFile("\(prefix)-\(table).csv"))
                }
                return files
            }
        }
        var options = try options(kind, file: problem)
        var notes: [String] = []
        if problem.fileParameters != nil && kind == .smp {
            notes.append(params == nil ? "SMP parameters from the file's ModelParameters"
                                       : "--params overrides the file's ModelParameters")
        }
        if let fs = problem.fileSeed, (kind == .smp && options.smp.stateTransitions == .stochastic) || samples > 0 {
            notes.append("seed \(common.seed) from --seed is used, not the file's prngSeed \(fs)")
        }
        options.smp.seed = common.seed
        try finish(problem, options: options, notes: notes, csvFiles: csvFiles)
    }

    /// The model options: the file's SMP parameters (if any), then --params, --smp-set, --bdm-preset and --bdm-set.
    func options(_ kind: BargainingModelKind, file problem: BargainingProblem?) throws -> ForecastOptions {
        var options = ForecastOptions(model: kind)
        options.smp = problem?.fileParameters ?? SMPParameters()
        if let p = params {
            let ints = p.split(separator: ",").map { Int($0.trimmingCharacters(in: .whitespaces)) }
            guard ints.allSatisfy({ $0 != nil }) else { throw ValidationError("--params must be 9 comma-separated integers") }
            let compat = options.smp.compatibility
            options.smp = try SMPParameters(ktabVector: ints.map { $0! })
            options.smp.compatibility = compat
        }
        for assignment in smpSet {
            let parts = assignment.split(separator: "=", maxSplits: 1).map(String.init)
            guard parts.count == 2 else { throw ValidationError("--smp-set takes NAME=VALUE, got '\(assignment)'") }
            do { try options.smp.set(parts[0], parts[1]) } catch let e as BargainingError { throw ValidationError("--smp-set: \(e)") }
        }
        options.smp.seed = common.seed
        guard let preset = BDMVariants.preset(named: bdmPreset) else {
            throw ValidationError("--bdm-preset must be masad2013 or jmckibScholz")
        }
        options.bdm = preset
        for assignment in bdmSet {
            let parts = assignment.split(separator: "=", maxSplits: 1).map(String.init)
            guard parts.count == 2 else { throw ValidationError("--bdm-set takes NAME=VALUE, got '\(assignment)'") }
            do { try options.bdm.set(parts[0], parts[1]) } catch let e as BargainingError { throw ValidationError("--bdm-set: \(e)") }
        }
        return options
    }

    func finish(_ problem: BargainingProblem, options: ForecastOptions, notes: [String], csvFiles: [OutputFile]?) throws {
        let forecast = try Forecaster.forecast(problem, options: options)
        var mc: MonteCarloResult? = nil
        if samples > 0 {
            let uncertain = try uncertainty.map { try UncertaintyReader.read(path: $0, problem: problem) }
                ?? MonteCarloSpec.positionSpread(problem, spread: spread ?? 10)
            let spec = MonteCarloSpec(problem: problem, uncertain: uncertain, samples: samples, seed: common.seed,
                                      options: options, thresholds: Array(repeating: threshold ?? 50, count: problem.dimensionCount),
                                      threads: common.threads)
            mc = try MonteCarlo.run(spec)
        }
        // Render everything before writing anything, so a failure leaves no partial output.
        var files: [(file: OutputFile, data: Data)] = []
        if let csvFiles {
            let tables = [ForecastOutput.summaryCSV(forecast), ForecastOutput.trajectoryCSV(forecast)] + (mc.map { [ForecastOutput.monteCarloCSV($0)] } ?? [])
            files = zip(csvFiles, tables).map { ($0, Data($1.utf8)) }
        }
        let stdout: String
        switch common.format {
        case .json:
            stdout = try ForecastOutput.json(ForecastReport(forecast: forecast, monteCarlo: mc, notes: notes)) + "\n"
        case .text:
            stdout = ForecastOutput.text(forecast, problem: problem, monteCarlo: mc, notes: notes)
        }
        try checkOutput { () throws(OutputError) in try OutputFile.write(files) }
        print(stdout, terminator: "")
    }

    /// The scenario's issues, each forecast on its own, with their distribution over the
    /// scenario's uncertain inputs when --samples is given (the draws `fulcrum run` makes).
    func forecastScenario(_ kind: BargainingModelKind, options: ForecastOptions) throws {
        let scenario = try loadScenario(directory)
        var options = options
        options.smp.seed = common.seed
        let forecasts = try BargainingBridge.forecast(scenario, samples: samples, seed: common.seed,
                                                       threads: common.threads, options: options, spread: spread)
        switch common.format {
        case .json:
            print(try JSONOutput.text(forecasts))
        case .text:
            print("\(scenario.metadata.title): bargaining forecast (\(kind == .smp ? "KTAB SMP" : "BDM"), 0–100)")
            print(RunSummary.bargainingLines(forecasts, samples: samples).joined(separator: "\n"))
            // An interval of zero width is no claim of certainty: nothing about that issue was drawn.
            let still = scenario.issues.filter { i in
                !i.stances.contains { $0.position.isUncertain || $0.salience.isUncertain || scenario.actor($0.actor)?.capability.isUncertain == true }
            }
            if samples > 0 && spread == nil && !still.isEmpty {
                print("note: nothing about \(still.map(\.id).joined(separator: ", ")) is uncertain in the scenario, so its interval has no width; "
                      + "--spread S gives the positions it fixes a triangular spread of ±S")
            }
        }
    }
}

