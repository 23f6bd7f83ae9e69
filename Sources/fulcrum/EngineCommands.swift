import ArgumentParser
import Bargaining
import BoundedInput
import Crisis
import Displacement
import Foundation
import Games
import Report

extension SimulationMode: ExpressibleByArgument {}
extension Compatibility: ExpressibleByArgument {}
extension SolveMethod: ExpressibleByArgument {}
extension NFGLayout: ExpressibleByArgument {}

struct DisplaceCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "displace", abstract: "Run the displacement model on a Flee-format instance.",
        discussion: "INPUT_DIR is a Flee input directory, or an instance folder holding input/, validation/ and simsetting.yml. What it reads and writes: docs/displacement.md, \"Running it\".")
    @Argument(help: "Flee input directory, or an instance folder with input/ and validation/.") var inputDir: String
    @Option(help: "Validation directory (data_layout.csv and the series it names).") var validation: String?
    @Option(help: "simsetting.yml (default: the instance's simsetting.yml, if any).") var settings: String?
    @Option(help: "Days to simulate (default: Length in conflict_period.csv).") var days: Int?
    @Option(help: "agent (one record per person) or cohort (multinomial groups).") var mode: SimulationMode = .agent
    @Option(name: .customLong("compat"), help: "fulcrum (default, 3.1 bugs fixed) or flee-3.1 (reproduce Flee 3.1's statistics).") var compatibility: Compatibility = .fulcrum
    @Option(help: "Folder to write out.csv, population.csv and out.meta.json into (replaced whole, never half-written; see --force).") var out: String?
    @Flag(help: ArgumentHelp(forceHelp)) var force = false
    @OptionGroup var common: CommonOptions

    func validate() throws { if force && out == nil { throw ValidationError("--force has no effect without --out") } }

    func run() throws {
        do {
            let run = try FleeRun(FleeInstancePaths(locating: inputDir, validation: validation, settings: settings), days: days, mode: mode,
                                  compatibility: compatibility, threads: common.threads)
            let folder = try out.map { try OutputFolder($0, writtenBy: "fulcrum displace", inputs: [inputDir] + run.inputs, force: force) }
            say(folder?.notes ?? [])
            let done = try ProgressLine.showing(common.format == .text ? "simulating" : nil) { bar in
                try run.simulate(seed: common.seed, engine: "fulcrum \(CrisisRunner.version)", progress: { bar?($0, $1) })
            }
            say(done.warnings, as: "warning")
            if let folder { say(try folder.write(texts: try done.files()), as: "warning") }
            switch common.format {
            case .json: try done.writeJSON { print($0, terminator: "") }
            case .text: print(done.text(wrote: out), terminator: "")
            }
        } catch let e as DisplacementInputError { throw failure("\(e)") } catch let e as DisplacementRunError { throw failure("\(e)") }
    }
}

struct ForecastCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "forecast", abstract: "Bargaining forecast of contested issues (KTAB SMP or BDM expected utility), with baselines.",
        discussion: "Forecasts a KTAB file, an actor table, a problem as JSON, or a scenario's issues; options a file or scenario input does not use are refused. See docs/bargaining.md, \"Command line\".")
    @Argument(help: "Scenario folder whose issues to forecast (default, when no file option is given: the built-in Idlib 2018 scenario).") var directory: String?
    @Option(name: .customLong("ktab"), help: "KTAB scenario file (.csv or .xml).") var ktab: String?
    @Option(name: .customLong("table"), help: "One-issue actor table (CSV: actor, capability, position, salience).") var table: String?
    @Option(name: .customLong("problem"), help: "A bargaining problem as JSON (Fulcrum's BargainingProblem: dimensions, actors with capability, positions, saliences).") var problemJSON: String?
    @Option(help: "Model: smp (KTAB Spatial Model of Politics) or bdm (Bueno de Mesquita expected utility).") var model: String = "smp"
    @Option(help: "SMP parameters as KTAB's 9-integer vector VPM,PCEM,STM,VR,BigRAdjust,BigRRange,TPC,IVB,BargnModel.") var params: String?
    @Option(name: .customLong("smp-set"), help: "Override one SMP parameter or KTAB compatibility switch, NAME=VALUE (repeatable), e.g. VotingRule=Cubic or ktabPositionProbabilityLastMatch=false.") var smpSet: [String] = []
    @Option(name: .customLong("bdm-preset"), help: "BDM variant preset: masad2013 (default) or jmckibScholz.") var bdmPreset: String = "masad2013"
    @Option(name: .customLong("bdm-set"), help: "Override one BDM switch, NAME=VALUE (repeatable), e.g. q=0.5 or offerSelection=minMoveThenMaxEU.") var bdmSet: [String] = []
    @Option(help: "Monte Carlo draws (0 = a single deterministic forecast).") var samples: Int = 0
    @Option(help: "Monte Carlo: uncertain inputs (CSV: actor,field,dimension,distribution,p1,p2,p3).") var uncertainty: String?
    @Option(help: "Monte Carlo without --uncertainty: every position triangular(x − spread, x, x + spread) (default 10; on a scenario, only when given, for the positions it fixes).") var spread: Double?
    @Option(help: "Monte Carlo: report the probability that the forecast is at least this value (0–100; default 50).") var threshold: Double?
    @Option(name: .customLong("csv"), help: "Also write PREFIX-forecast.csv and PREFIX-trajectory.csv (and PREFIX-montecarlo.csv).") var csvPrefix: String?
    @OptionGroup var common: CommonOptions

    func input() throws(ForecastUsageError) -> ForecastInput? {
        try ForecastInput.named(ktab: ktab, table: table, problem: problemJSON, scenarioGiven: directory != nil)
    }
    func validate() throws { do throws(ForecastUsageError) { _ = try input() } catch { throw ValidationError(error.message) } }

    func run() throws {
        do {
            let request = ForecastRequest(input: try input(), model: model, params: params, smpSet: smpSet, bdmPreset: bdmPreset, bdmSet: bdmSet,
                                          samples: samples, uncertainty: uncertainty, spread: spread, threshold: threshold, csvPrefix: csvPrefix,
                                          seed: common.seed, threads: common.threads)
            let kind = try request.checkedModel()
            guard let input = request.input else {
                let scenario = try loadScenario(directory)
                let forecasts = try BargainingBridge.forecast(scenario, samples: samples, seed: common.seed, threads: common.threads,
                                                              options: try request.options(kind, file: nil), spread: spread)
                return try emit(forecasts, common.format, text: RunSummary.forecastText(
                    forecasts, title: scenario.metadata.title, model: kind == .smp ? "KTAB SMP" : "BDM", samples: samples, spread: spread,
                    certain: BargainingBridge.certainIssues(scenario)))
            }
            let problem = try input.read()
            let csv = try request.csvFiles()   // checked before the work, written with the rest at the end
            let run = try request.run(problem)
            let stdout = common.format == .json ? try run.json() : run.text
            try run.write(tables: csv)
            print(stdout, terminator: "")
        } catch let e as ForecastUsageError { throw ValidationError(e.message) } catch let e as BargainingError { throw failure(e.description) }
    }
}

struct GameCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "game", abstract: "Solve and convert Gambit .efg/.nfg games.", subcommands: [Solve.self, Convert.self])

    struct Solve: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "solve", abstract: "Print the equilibria of a game as Gambit prints them (fractions where exact).",
            discussion: "Each file is solved in turn; one that fails is named on standard error and the exit status is 1. The methods, and the default for each kind of game: docs/games.md.")
        @Argument(help: "One or more .efg or .nfg files.") var files: [String]
        @Option(help: "Equilibrium method.") var method: SolveMethod?
        @Option(help: "Logit: stop at this λ instead of following the branch to its limit.") var lambda: Double?
        @Option(help: "Relative regret tolerance for floating methods.") var maxRegret: Double = 1e-8
        @Option(help: "Stop a solve that runs longer than this many seconds (exit 1, naming the method); default: no limit.") var maxSeconds: Double?
        @OptionGroup var common: CommonOptions

        func validate() throws {
            if let s = maxSeconds, !(s > 0) || !s.isFinite { throw ValidationError("--max-seconds must be a positive number of seconds") }
            if let t = common.threads { printError("warning: --threads \(t) has no effect on game solve (the solvers are single-threaded)") }
            if common.seed != 1 { printError("warning: --seed \(common.seed) has no effect on game solve (no method draws random numbers)") }
        }

        func run() throws {
            var line: ProgressLine?
            let solved = try SolveFiles.run(files, method: method, options: SolveOptions(lambda: lambda, maxRegret: maxRegret, maxSeconds: maxSeconds),
                                            json: common.format == .json, progress: { m in line = ProgressLine(label: "\(m.rawValue): "); return line?.statusText },
                                            out: { line?.finish(); print($0, terminator: ""); fflush(nil) }, err: { line?.finish(); printError($0) })
            if !solved { throw ExitCode(1) }
        }
    }

    struct Convert: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "convert", abstract: "Convert between .efg and .nfg (a tree becomes its reduced strategic form; a table becomes a simultaneous-move tree).")
        @Argument(help: "Input .efg or .nfg file.") var input: String
        @Argument(help: "Output file (its extension picks the format), or - for standard output.") var output: String
        @Option(help: "Output format when writing to standard output: efg or nfg.") var to: String?
        @Option(help: "Body layout for .nfg output.") var layout: NFGLayout = .outcomes
        @OptionGroup var common: CommonOptions

        func run() throws {
            guard let format = to.map(GameFileFormat.init(rawValue:)) ?? GameFileFormat(fileName: output) else {
                throw failure("cannot tell the output format: use a .efg/.nfg name or --to efg|nfg")
            }
            let file = try output == "-" ? nil : OutputFile(output)
            let text: String
            do { text = try AnyGame.read(path: input).text(format, layout: layout) }
            catch let e as GameFileError { throw failure("\(e)") } catch let e as GameError { throw failure("\(input): \(e)") }
            guard let file else { return print(text, terminator: "") }
            try file.write(Data(text.utf8))
        }
    }
}
