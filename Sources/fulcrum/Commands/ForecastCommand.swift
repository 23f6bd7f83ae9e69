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
    @Option(name: .customLong("ktab"), help: "KTAB scenario file (.csv or .xml).") var ktab: String?
    @Option(name: .customLong("table"), help: "One-issue actor table (CSV: actor, capability, position, salience).") var table: String?
    @Option(name: .customLong("problem"), help: "A bargaining problem as JSON (Fulcrum's BargainingProblem: dimensions, actors with capability, positions, saliences).")
    var problemJSON: String?
    @Option(help: "Model: smp (KTAB Spatial Model of Politics) or bdm (Bueno de Mesquita expected utility).") var model: String = "smp"
    @Option(help: "SMP parameters as KTAB's 9-integer vector VPM,PCEM,STM,VR,BigRAdjust,BigRRange,TPC,IVB,BargnModel.") var params: String?
    @Option(name: .customLong("smp-set"), help: "Override one SMP parameter or KTAB compatibility switch, NAME=VALUE (repeatable), e.g. VotingRule=Cubic or ktabPositionProbabilityLastMatch=false.")
    var smpSet: [String] = []
    @Option(name: .customLong("bdm-preset"), help: "BDM variant preset: masad2013 (default) or jmckibScholz.") var bdmPreset: String = "masad2013"
    @Option(name: .customLong("bdm-set"), help: "Override one BDM switch, NAME=VALUE (repeatable), e.g. q=0.5 or offerSelection=minMoveThenMaxEU.")
    var bdmSet: [String] = []
    @Option(help: "Monte Carlo draws (0 = a single deterministic forecast).") var samples: Int = 0
    @Option(help: "Monte Carlo: uncertain inputs (CSV: actor,field,dimension,distribution,p1,p2,p3).") var uncertainty: String?
    @Option(help: "Monte Carlo without --uncertainty: every position triangular(x − spread, x, x + spread) (default 10; on a scenario, only when given, for the positions it fixes).")
    var spread: Double?
    @Option(help: "Monte Carlo: report the probability that the forecast is at least this value (0–100; default 50).") var threshold: Double?
    @Option(name: .customLong("csv"), help: "Also write PREFIX-forecast.csv and PREFIX-trajectory.csv (and PREFIX-montecarlo.csv).")
    var csvPrefix: String?
    @OptionGroup var common: CommonOptions

    func validate() throws {
        let files = [("--ktab", ktab), ("--table", table), ("--problem", problemJSON)].filter { $0.1 != nil }.map(\.0)
        if files.count > 1 || (directory != nil && !files.isEmpty) {
            throw ValidationError("\(((directory != nil ? ["a scenario folder"] : []) + files).joined(separator: " and ")) each name the problem: give one")
        }
    }

    func run() throws {
        let input = ktab.map(ForecastInput.ktab) ?? table.map(ForecastInput.table) ?? problemJSON.map(ForecastInput.problem)
        let request = ForecastRequest(input: input, model: model, params: params, smpSet: smpSet, bdmPreset: bdmPreset, bdmSet: bdmSet,
                                      samples: samples, uncertainty: uncertainty, spread: spread, threshold: threshold, csvPrefix: csvPrefix,
                                      seed: common.seed, threads: common.threads)
        do {
            let kind = try request.checkedModel()
            guard let input else { return try forecastScenario(kind, options: try request.options(kind, file: nil)) }
            let problem = try input.read()
            // The --csv files are checked before the work, rendered with the rest, and written together at the end.
            let csv = try checkOutput { () throws(OutputError) in
                var files: [OutputFile] = []
                for path in request.csvPaths { files.append(try OutputFile(path)) }
                return files
            }
            let run = try request.run(problem)
            let stdout = common.format == .json ? try run.json() : run.text
            try checkOutput { () throws(OutputError) in try OutputFile.write(zip(csv, run.tables).map { ($0, Data($1.utf8)) }) }
            print(stdout, terminator: "")
        } catch let e as ForecastUsageError { throw ValidationError(e.message) } catch let e as BargainingError { throw failure(e.description) }
    }

    /// The scenario's issues, each forecast on its own, with their distribution over the
    /// scenario's uncertain inputs when --samples is given (the draws `fulcrum run` makes).
    func forecastScenario(_ kind: BargainingModelKind, options: ForecastOptions) throws {
        let scenario = try loadScenario(directory)
        let forecasts = try BargainingBridge.forecast(scenario, samples: samples, seed: common.seed, threads: common.threads, options: options, spread: spread)
        switch common.format {
        case .json: print(try JSONOutput.text(forecasts))
        case .text: print(RunSummary.forecastText(forecasts, title: scenario.metadata.title, model: kind == .smp ? "KTAB SMP" : "BDM", samples: samples, spread: spread,
                                                  certain: BargainingBridge.certainIssues(scenario)), terminator: "")
        }
    }
}
