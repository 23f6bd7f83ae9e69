import BoundedInput
import Foundation

/// A mistake in how a forecast was asked for (an unknown model, a malformed `NAME=VALUE`, an
/// option the input does not use), as opposed to bad input data (`BargainingError`): a
/// command shows it as it shows a malformed option, with its usage line.
public struct ForecastUsageError: Error, CustomStringConvertible, Equatable, Sendable {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

/// Where a forecast's problem comes from.
public enum ForecastInput: Sendable, Equatable {
    /// A KTAB scenario file (.csv or .xml), read unchanged.
    case ktab(String)
    /// A one-issue actor table (actor, capability, position, salience).
    case table(String)
    /// A `BargainingProblem` as JSON.
    case problem(String)

    /// The input the command line names by `--ktab`, `--table` or `--problem`, or nil for a
    /// scenario's issues; two of them, or one beside a scenario folder, are refused.
    public static func named(ktab: String?, table: String?, problem: String?, scenarioGiven: Bool) throws(ForecastUsageError) -> ForecastInput? {
        let files = [("--ktab", ktab), ("--table", table), ("--problem", problem)].filter { $0.1 != nil }.map(\.0)
        if files.count > 1 || (scenarioGiven && !files.isEmpty) {
            throw ForecastUsageError("\(((scenarioGiven ? ["a scenario folder"] : []) + files).joined(separator: " and ")) each name the problem: give one")
        }
        return ktab.map(ForecastInput.ktab) ?? table.map(ForecastInput.table) ?? problem.map(ForecastInput.problem)
    }

    public func read() throws -> BargainingProblem {
        switch self {
        case .ktab(let path): return try KTABReader.read(path: path)
        case .table(let path): return try BDMTableReader.read(path: path)
        case .problem(let path): return try BargainingProblem.readJSON(path: path)
        }
    }
}

/// A forecast as `fulcrum forecast` asks for it, in the command line's terms: the model and
/// its settings as text, the Monte Carlo study and the CSV prefix. Without an `input` the
/// problem is a scenario's issues (forecast by the crisis runner with `options`), and the
/// options only a file input uses are refused rather than silently ignored.
public struct ForecastRequest: Sendable {
    public var input: ForecastInput?
    /// `smp` or `bdm` (any case).
    public var model: String
    /// KTAB's nine-integer vector `VPM,PCEM,STM,VR,BigRAdjust,BigRRange,TPC,IVB,BargnModel`.
    public var params: String?
    /// `NAME=VALUE` settings of `SMPParameters.set` and `BDMVariants.set`, in order.
    public var smpSet: [String], bdmPreset: String, bdmSet: [String]
    public var samples: Int
    /// Monte Carlo inputs (a file for `UncertaintyReader`), or else every position ± `spread` (default 10).
    public var uncertainty: String?, spread: Double?, threshold: Double?
    /// Writes PREFIX-forecast.csv, PREFIX-trajectory.csv (and PREFIX-montecarlo.csv).
    public var csvPrefix: String?
    public var seed: UInt64, threads: Int?

    public init(input: ForecastInput?, model: String = "smp", params: String? = nil, smpSet: [String] = [], bdmPreset: String = "masad2013",
                bdmSet: [String] = [], samples: Int = 0, uncertainty: String? = nil, spread: Double? = nil, threshold: Double? = nil,
                csvPrefix: String? = nil, seed: UInt64 = 1, threads: Int? = nil) {
        self.input = input; self.model = model; self.params = params; self.smpSet = smpSet; self.bdmPreset = bdmPreset
        self.bdmSet = bdmSet; self.samples = samples; self.uncertainty = uncertainty; self.spread = spread
        self.threshold = threshold; self.csvPrefix = csvPrefix; self.seed = seed; self.threads = threads
    }

    /// The model, once the request is checked: a known model, samples ≥ 0, a positive spread;
    /// for a scenario no option that only a file input uses and no spread without draws; for a
    /// file no Monte Carlo option without draws, and not both --uncertainty and --spread.
    public func checkedModel() throws -> BargainingModelKind {
        guard let kind = BargainingModelKind(rawValue: model.lowercased()) else {
            throw ForecastUsageError("--model must be smp or bdm, got '\(model)'")
        }
        guard samples >= 0 else { throw ForecastUsageError("--samples must be ≥ 0") }
        if let s = spread, !(s > 0 && s.isFinite) { throw ForecastUsageError("--spread must be a positive number of scale points, got \(s)") }
        if input == nil {
            for (given, name) in [(uncertainty != nil, "--uncertainty"), (threshold != nil, "--threshold"), (csvPrefix != nil, "--csv")] where given {
                throw ForecastUsageError("\(name) applies to --ktab, --table and --problem inputs; a scenario's uncertainty is its own distributions (and --spread)")
            }
            if spread != nil && samples == 0 { throw ForecastUsageError("--spread needs --samples N (it spreads positions over Monte Carlo draws)") }
        } else if samples == 0 {
            for (given, name) in [(uncertainty != nil, "--uncertainty"), (spread != nil, "--spread"), (threshold != nil, "--threshold")] where given {
                throw ForecastUsageError("\(name) needs --samples N (it applies to the Monte Carlo draws)")
            }
        } else if uncertainty != nil && spread != nil {
            throw ForecastUsageError("--spread applies without --uncertainty: the file gives the draws' distributions")
        }
        return kind
    }

    /// The model options: the file's SMP parameters (if any), then `params`, `smpSet`,
    /// `bdmPreset` and `bdmSet`; the SMP stream seeded by `seed`.
    public func options(_ kind: BargainingModelKind, file problem: BargainingProblem?) throws -> ForecastOptions {
        var options = ForecastOptions(model: kind)
        options.smp = problem?.fileParameters ?? SMPParameters()
        if let p = params {
            let ints = p.split(separator: ",").map { Int($0.trimmingCharacters(in: .whitespaces)) }
            guard ints.allSatisfy({ $0 != nil }) else { throw ForecastUsageError("--params must be 9 comma-separated integers") }
            let compat = options.smp.compatibility
            options.smp = try SMPParameters(ktabVector: ints.map { $0! })
            options.smp.compatibility = compat
        }
        try Self.assign(smpSet, "--smp-set") { try options.smp.set($0, $1) }
        options.smp.seed = seed
        guard let preset = BDMVariants.preset(named: bdmPreset) else {
            throw ForecastUsageError("--bdm-preset must be masad2013 or jmckibScholz")
        }
        options.bdm = preset
        try Self.assign(bdmSet, "--bdm-set") { try options.bdm.set($0, $1) }
        return options
    }

    /// `NAME=VALUE` settings, split at the first `=`, each given to `set`.
    private static func assign(_ settings: [String], _ option: String, _ set: (String, String) throws -> Void) throws {
        for assignment in settings {
            let parts = assignment.split(separator: "=", maxSplits: 1).map(String.init)
            guard parts.count == 2 else { throw ForecastUsageError("\(option) takes NAME=VALUE, got '\(assignment)'") }
            do { try set(parts[0], parts[1]) } catch let e as BargainingError { throw ForecastUsageError("\(option): \(e)") }
        }
    }

    /// The files `csvPrefix` names, in the order of `ForecastRun.tables`.
    public var csvPaths: [String] {
        guard let prefix = csvPrefix else { return [] }
        return (samples > 0 ? ["forecast", "trajectory", "montecarlo"] : ["forecast", "trajectory"]).map { "\(prefix)-\($0).csv" }
    }

    /// The files `csvPaths` names, each checked (a writable place, not a folder) before the work.
    public func csvFiles() throws(OutputError) -> [OutputFile] {
        var files: [OutputFile] = []
        for path in csvPaths { files.append(try OutputFile(path)) }
        return files
    }

    /// Forecasts a file's problem, with the Monte Carlo study when `samples` > 0.
    public func run(_ problem: BargainingProblem) throws -> ForecastRun {
        let kind = try checkedModel()
        var options = try options(kind, file: problem)
        var notes: [String] = []
        if problem.fileParameters != nil && kind == .smp {
            notes.append(params == nil ? "SMP parameters from the file's ModelParameters" : "--params overrides the file's ModelParameters")
        }
        if let fs = problem.fileSeed, (kind == .smp && options.smp.stateTransitions == .stochastic) || samples > 0 {
            notes.append("seed \(seed) from --seed is used, not the file's prngSeed \(fs)")
        }
        options.smp.seed = seed
        let forecast = try Forecaster.forecast(problem, options: options)
        var mc: MonteCarloResult? = nil
        if samples > 0 {
            let uncertain = try uncertainty.map { try UncertaintyReader.read(path: $0, problem: problem) }
                ?? MonteCarloSpec.positionSpread(problem, spread: spread ?? 10)
            mc = try MonteCarlo.run(MonteCarloSpec(problem: problem, uncertain: uncertain, samples: samples, seed: seed, options: options,
                                                   thresholds: Array(repeating: threshold ?? 50, count: problem.dimensionCount), threads: threads))
        }
        return ForecastRun(problem: problem, forecast: forecast, monteCarlo: mc, notes: notes)
    }
}

/// A file's forecast and what is printed and written of it.
public struct ForecastRun: Sendable {
    public var problem: BargainingProblem
    public var forecast: Forecast
    public var monteCarlo: MonteCarloResult?
    public var notes: [String]

    /// The CSV tables: the forecast, the trajectory and, with Monte Carlo, its summary.
    public var tables: [String] {
        [ForecastOutput.summaryCSV(forecast), ForecastOutput.trajectoryCSV(forecast)] + (monteCarlo.map { [ForecastOutput.monteCarloCSV($0)] } ?? [])
    }

    /// Writes `tables` into `files` (from `ForecastRequest.csvFiles`), all of them or none.
    public func write(tables files: [OutputFile]) throws(OutputError) {
        try OutputFile.write(zip(files, tables).map { ($0, Data($1.utf8)) })
    }

    public func json() throws -> String {
        try JSONOutput.text(ForecastReport(forecast: forecast, monteCarlo: monteCarlo, notes: notes)) + "\n"
    }

    public var text: String { ForecastOutput.text(forecast, problem: problem, monteCarlo: monteCarlo, notes: notes) }
}
