import BoundedInput
import Foundation
import Testing
@testable import Bargaining

/// `fulcrum forecast` as a library call: the request's checks, its model options and what a
/// file's forecast prints and writes.
@Suite("Forecast requests")
struct ForecastRequestTests {
    static let file = ForecastInput.table("t.csv")

    func usage(_ body: () throws -> Any) -> String? {
        do { _ = try body(); return nil } catch { return (error as? ForecastUsageError)?.message }
    }

    @Test("a request is checked before any input is read: the model, the draws, the spread, and what a scenario cannot use")
    func checks() throws {
        #expect(try ForecastRequest(input: Self.file, model: "BDM").checkedModel() == .bdm)
        #expect(usage { try ForecastRequest(input: Self.file, model: "nash").checkedModel() } == "--model must be smp or bdm, got 'nash'")
        #expect(usage { try ForecastRequest(input: Self.file, samples: -1).checkedModel() } == "--samples must be ≥ 0")
        #expect(usage { try ForecastRequest(input: Self.file, spread: 0).checkedModel() } == "--spread must be a positive number of scale points, got 0.0")
        // A file takes them all; a scenario refuses what only a file uses, and a spread with nothing to spread over.
        #expect(try ForecastRequest(input: Self.file, samples: 5, uncertainty: "u.csv", threshold: 40, csvPrefix: "x").checkedModel() == .smp)
        for r in [ForecastRequest(input: nil, samples: 5, uncertainty: "u.csv"), ForecastRequest(input: nil, samples: 5, threshold: 40),
                  ForecastRequest(input: nil, samples: 5, csvPrefix: "x")] {
            #expect(usage { try r.checkedModel() }?.hasSuffix("applies to --ktab, --table and --problem inputs; a scenario's uncertainty is its own distributions (and --spread)") == true)
        }
        #expect(usage { try ForecastRequest(input: nil, spread: 5).checkedModel() } == "--spread needs --samples N (it spreads positions over Monte Carlo draws)")
        #expect(try ForecastRequest(input: nil, samples: 5, spread: 5).checkedModel() == .smp)
        // A file's Monte Carlo options mean nothing without draws, and a spread nothing beside the file's distributions.
        #expect(usage { try ForecastRequest(input: Self.file, threshold: 40).checkedModel() } == "--threshold needs --samples N (it applies to the Monte Carlo draws)")
        #expect(usage { try ForecastRequest(input: Self.file, spread: 3).checkedModel() } == "--spread needs --samples N (it applies to the Monte Carlo draws)")
        #expect(usage { try ForecastRequest(input: Self.file, uncertainty: "u.csv").checkedModel() } == "--uncertainty needs --samples N (it applies to the Monte Carlo draws)")
        #expect(usage { try ForecastRequest(input: Self.file, samples: 5, uncertainty: "u.csv", spread: 3).checkedModel() }
                == "--spread applies without --uncertainty: the file gives the draws' distributions")
        #expect(try ForecastRequest(input: Self.file, samples: 5, spread: 3, threshold: 40).checkedModel() == .smp)
    }

    @Test("options: the file's parameters, then --params, --smp-set, the BDM preset and --bdm-set, in that order")
    func options() throws {
        let xml = Fixtures.smpExample   // ModelParameters with VotingRule PropCbc
        #expect(try ForecastRequest(input: Self.file).options(.smp, file: xml).smp.votingRule == .propCbc)
        let vector = try ForecastRequest(input: Self.file, params: "0, 1,0,4,1,1,1,1,0").options(.smp, file: xml).smp
        #expect(vector.ktabVector == [0, 1, 0, 4, 1, 1, 1, 1, 0] && vector.votingRule == .cubic)
        let set = try ForecastRequest(input: Self.file, params: "0,1,0,4,1,1,1,1,0", smpSet: ["VotingRule=Binary"], bdmSet: ["q=0.5"], seed: 9)
            .options(.bdm, file: nil)
        #expect(set.model == .bdm && set.smp.votingRule == .binary && set.smp.seed == 9)
        #expect(set.bdm.q == 0.5 && set.bdm.preset == "custom")
        #expect(try ForecastRequest(input: Self.file, bdmPreset: "jmckibScholz").options(.bdm, file: nil).bdm == .jmckibScholz)
        #expect(usage { try ForecastRequest(input: Self.file, params: "1,x").options(.smp, file: nil) } == "--params must be 9 comma-separated integers")
        #expect(usage { try ForecastRequest(input: Self.file, smpSet: ["VotingRule"]).options(.smp, file: nil) } == "--smp-set takes NAME=VALUE, got 'VotingRule'")
        #expect(usage { try ForecastRequest(input: Self.file, bdmSet: ["q=2"]).options(.smp, file: nil) } == "--bdm-set: invalid parameter: q must be in 0–1")
        #expect(usage { try ForecastRequest(input: Self.file, bdmPreset: "nope").options(.smp, file: nil) } == "--bdm-preset must be masad2013 or jmckibScholz")
        // A vector of the wrong length is bad data for the model, not a malformed option.
        #expect(throws: BargainingError.invalidParameter("KTAB parameter vector needs 9 integers, got 2")) {
            try ForecastRequest(input: Self.file, params: "1,2").options(.smp, file: nil)
        }
    }

    @Test("a file's forecast: the baselines by hand, the notes, and the tables --csv writes")
    func run() throws {
        // Capability × salience weights 10×50 and 30×50: mean (500·20 + 1500·80) / 2000 = 65; median 80.
        let problem = BargainingProblem(dimensions: ["d"], actors: [
            .init(name: "A", capability: 10, positions: [20], saliences: [50]), .init(name: "B", capability: 30, positions: [80], saliences: [50]),
        ])
        let plain = try ForecastRequest(input: Self.file, csvPrefix: "p").run(problem)
        #expect(plain.forecast.dimensions[0].weightedMean == 65 && plain.forecast.dimensions[0].weightedMedian == 80)
        #expect(plain.monteCarlo == nil && plain.notes.isEmpty && plain.tables.count == 2)
        #expect(ForecastRequest(input: Self.file, csvPrefix: "p").csvPaths == ["p-forecast.csv", "p-trajectory.csv"])
        let drawn = ForecastRequest(input: Self.file, samples: 20, csvPrefix: "p", seed: 4)
        #expect(drawn.csvPaths == ["p-forecast.csv", "p-trajectory.csv", "p-montecarlo.csv"])
        let mc = try drawn.run(problem)
        #expect(mc.monteCarlo?.samples == 20 && mc.tables.count == 3 && mc.tables[2].hasPrefix("dimension,samples,"))
        #expect(mc.text.hasPrefix("Bargaining forecast: problem\n"))
        // The XML file carries its own parameters and seed; both are named when not used as given.
        let xml = try ForecastRequest(input: Self.file, samples: 2, seed: 4).run(Fixtures.smpExample)
        #expect(xml.notes == ["SMP parameters from the file's ModelParameters", "seed 4 from --seed is used, not the file's prngSeed 3507583219545544127"])
        #expect(try xml.json().contains("\"notes\" : [\n    \"SMP parameters from the file's ModelParameters\""))
    }

    @Test("the input is the one file option given, or a scenario's issues; two, or one beside a folder, are refused")
    func inputs() throws {
        #expect(try ForecastInput.named(ktab: nil, table: nil, problem: nil, scenarioGiven: false) == nil)
        #expect(try ForecastInput.named(ktab: nil, table: nil, problem: nil, scenarioGiven: true) == nil)
        #expect(try ForecastInput.named(ktab: "k.csv", table: nil, problem: nil, scenarioGiven: false) == .ktab("k.csv"))
        #expect(try ForecastInput.named(ktab: nil, table: "t.csv", problem: nil, scenarioGiven: false) == .table("t.csv"))
        #expect(try ForecastInput.named(ktab: nil, table: nil, problem: "p.json", scenarioGiven: false) == .problem("p.json"))
        #expect(usage { try ForecastInput.named(ktab: "k.csv", table: "t.csv", problem: nil, scenarioGiven: false) as Any }
                == "--ktab and --table each name the problem: give one")
        #expect(usage { try ForecastInput.named(ktab: nil, table: nil, problem: "p.json", scenarioGiven: true) as Any }
                == "a scenario folder and --problem each name the problem: give one")
    }

    @Test("--csv: every file checked before the work, then written together with the forecast's tables")
    func csvFiles() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("forecast-csv-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let problem = BargainingProblem(dimensions: ["d"], actors: [
            .init(name: "A", capability: 10, positions: [20], saliences: [50]), .init(name: "B", capability: 30, positions: [80], saliences: [50]),
        ])
        let request = ForecastRequest(input: Self.file, samples: 5, csvPrefix: dir.appendingPathComponent("p").path, seed: 2)
        let files = try request.csvFiles()
        #expect(files.map(\.path) == request.csvPaths)
        let run = try request.run(problem)
        try run.write(tables: files)
        for (path, table) in zip(request.csvPaths, run.tables) { #expect(try String(contentsOfFile: path, encoding: .utf8) == table) }
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted() == ["p-forecast.csv", "p-montecarlo.csv", "p-trajectory.csv"])
        // A prefix in a folder that does not exist is refused before any forecast is made.
        #expect(throws: OutputError.self) { try ForecastRequest(input: Self.file, csvPrefix: dir.appendingPathComponent("no/p").path).csvFiles() }
        #expect(ForecastRequest(input: Self.file).csvPaths.isEmpty)
        #expect(try ForecastRequest(input: Self.file).csvFiles().isEmpty)
    }
}
