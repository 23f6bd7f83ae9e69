import BoundedInput
import Crisis
import Foundation
import Testing
@testable import Report

/// Where `fulcrum run` and `fulcrum merge` put a run, as a library call in a scratch folder:
/// what each destination holds, that paths are refused before any work, and that the report
/// is drawn only when something takes it.
struct RunDestinationTests {
    let tmp: URL
    init() throws {
        tmp = FileManager.default.temporaryDirectory.appendingPathComponent("run-destination-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: tmp, withIntermediateDirectories: true)
    }
    func text(_ u: URL) throws -> String { try String(contentsOf: u, encoding: .utf8) }
    var context: CrisisContext { CrisisContext(Toy.scenario, overrides: Toy.result.run.overrides) }

    @Test func runWritesItsTablesAndTheReportIntoTheFolderAndTheReportFile() throws {
        defer { try? FileManager.default.removeItem(at: tmp) }
        let out = tmp.appendingPathComponent("out"), report = tmp.appendingPathComponent("r.html")
        var notes: [[String]] = [], warnings: [[String]] = []
        let d = try RunDestination(out: out.path, report: report.path, writtenBy: "fulcrum run", inputs: [Toy.directory.path], force: false) { notes.append($0) }
        #expect(notes == [[]])   // a new folder: nothing found to put right
        try d.write(Toy.result, context: context) { warnings.append($0) }
        #expect(warnings == [[]])
        let names = try FileManager.default.contentsOfDirectory(atPath: out.path).sorted()
        #expect(names == (try RunTables.files(Toy.result, report: "").map(\.name) + ["fulcrum-output.json"]).sorted())
        #expect(try text(out.appendingPathComponent("results.json")) == (try RunTables.json(Toy.result)) + "\n")
        #expect(try text(out.appendingPathComponent("report.html")) == Toy.html)
        #expect(try text(report) == Toy.html)
    }

    @Test func mergeWritesNoReportAndNothingTakesNoReport() throws {
        defer { try? FileManager.default.removeItem(at: tmp) }
        let out = tmp.appendingPathComponent("merged")
        try RunDestination(out: out.path, writtenBy: "fulcrum merge", inputs: [], force: false) { _ in }.write(Toy.result, context: nil) { _ in }
        #expect(FileManager.default.fileExists(atPath: out.appendingPathComponent("results.json").path))
        #expect(!FileManager.default.fileExists(atPath: out.appendingPathComponent("report.html").path))
        // With no folder and no report file the report is never drawn (it is the costly part).
        var drawn = false
        func drawing() -> CrisisContext? { drawn = true; return context }
        try RunDestination(out: nil, writtenBy: "fulcrum run", inputs: [], force: false) { _ in }.write(Toy.result, context: drawing()) { _ in }
        #expect(!drawn)
        #expect(try FileManager.default.contentsOfDirectory(atPath: tmp.path) == ["merged"])
    }

    @Test func badPathsAreRefusedWhenTheDestinationIsMadeBeforeAnyWork() throws {
        defer { try? FileManager.default.removeItem(at: tmp) }
        let file = tmp.appendingPathComponent("file.txt")
        try Data("mine".utf8).write(to: file)
        #expect(throws: OutputError(file.path, "is a file; a folder output never replaces a file")) {
            try RunDestination(out: file.path, writtenBy: "fulcrum run", inputs: [], force: false) { _ in }
        }
        // The folder is checked first, the report file after it.
        let missing = tmp.appendingPathComponent("nowhere/r.html").path
        #expect(throws: OutputError.self) {
            try RunDestination(out: tmp.appendingPathComponent("out").path, report: missing, writtenBy: "fulcrum run", inputs: [], force: false) { _ in }
        }
        #expect(try text(file) == "mine")
    }

    @Test func aShardGoesIntoItsFolderMadeIfMissing() throws {
        defer { try? FileManager.default.removeItem(at: tmp) }
        let shards = tmp.appendingPathComponent("a/shards")
        let f = try RunDestination.shard(in: shards.path, 2, of: 3)
        #expect(f.path == shards.appendingPathComponent("shard-2-of-3.json").path)
        try f.write(Data("{}".utf8))
        #expect(try text(shards.appendingPathComponent("shard-2-of-3.json")) == "{}")
    }

    @Test func calibrateSaysEachGenerationOnOneLine() throws {
        let g0 = try JSONOutput.decode(ABCGeneration.self, from: Data(#"{"index": 0, "tolerance": "inf", "simulations": 400, "acceptance": 1, "effectiveSampleSize": 400}"#.utf8))
        #expect(BacktestSummary.progressLine(g0) == "generation 0: tolerance ∞, 400 simulations, acceptance 100%")
        let g3 = try JSONOutput.decode(ABCGeneration.self, from: Data(#"{"index": 3, "tolerance": 0.12345, "simulations": 1711, "acceptance": 0.2338, "effectiveSampleSize": 371.2}"#.utf8))
        #expect(BacktestSummary.progressLine(g3) == "generation 3: tolerance 0.123, 1711 simulations, acceptance 23%")
    }
}
