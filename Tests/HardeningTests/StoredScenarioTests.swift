import BoundedInput
import CLISupport
import Foundation
import Testing
/// U4 (issue 18): a stored run is drawn against the files it ran on.
@Suite("Stored runs' scenarios", .enabled(if: fulcrumBinary != nil, "the fulcrum binary is built beside the tests"))
struct StoredScenarioTests {
    /// U4: `runs report ID` drew a stored run against its folder as it is now (after an edit,
    /// silently), and failed once the folder was gone; the run now keeps its scenario's files.
    @Test func aStoredRunsReportNeedsNoFolder() throws {
        let f = try editedCopy(of: toyValley)
        let store = f.deletingLastPathComponent().appendingPathComponent("runs.sqlite").path
        let r = try fulcrum(["run", f.path, "--samples", "2", "--store", store], timeout: 120)
        #expect(r.status == 0, "\(r.err)")
        let yaml = f.appendingPathComponent("scenario.yaml")
        try (try String(contentsOf: yaml, encoding: .utf8)).replacingOccurrences(of: "title: The valley standoff (toy example)", with: "title: Edited afterwards")
            .write(to: yaml, atomically: true, encoding: .utf8)
        let edited = f.deletingLastPathComponent().appendingPathComponent("edited.html")
        let e = try fulcrum(["runs", "report", "1", "--store", store, "--out", edited.path], timeout: 120)
        #expect(e.status == 0 && !e.err.contains("warning"), "\(e.err)")
        let html = try String(contentsOf: edited, encoding: .utf8)
        #expect(html.contains("The valley standoff (toy example)") && !html.contains("Edited afterwards"))
        try FileManager.default.removeItem(at: f)
        let gone = f.deletingLastPathComponent().appendingPathComponent("gone.html")
        let g = try fulcrum(["runs", "report", "1", "--store", store, "--out", gone.path], timeout: 120)
        #expect(g.status == 0, "\(g.err)")
        #expect(try String(contentsOf: gone, encoding: .utf8) == html)
    }

    /// `run` uses the scenario's posterior.json and says so; `--prior` ignores it (issue 15 §4).
    @Test func runUsesThePosteriorUnlessPrior() throws {
        let f = try editedCopy(of: toyValley)
        defer { try? FileManager.default.removeItem(at: f) }
        let c = try fulcrum(["calibrate", f.path, "--particles", "20", "--generations", "1", "--backtest-samples", "4"], timeout: 120)
        #expect(c.status == 0, "\(c.err)")
        #expect(FileManager.default.fileExists(atPath: f.appendingPathComponent("posterior.json").path))
        func calibration(_ extra: [String]) throws -> String? {
            let r = try fulcrum(["run", f.path, "--samples", "2", "--no-store", "--format", "json"] + extra, timeout: 120)
            #expect(r.status == 0, "\(r.err)")
            let run = try #require((try JSONSerialization.jsonObject(with: Data(r.out.utf8)) as? [String: Any])?["run"] as? [String: Any])
            return run["calibration"] as? String
        }
        #expect(try calibration([])?.contains("ABC-SMC (20 particles") == true)
        #expect(try calibration(["--prior"]) == nil)
        // Without a posterior.json, --prior changes nothing and says so.
        try FileManager.default.removeItem(at: f.appendingPathComponent("posterior.json"))
        let none = try fulcrum(["backtest", f.path, "--samples", "2", "--prior"], timeout: 120)
        #expect(none.status == 0 && none.err.contains("warning: --prior has no effect: the scenario has no posterior.json"), "\(none.err)")
        let s = try fulcrum(["run", f.path, "--prior", "--shard", "1/2", "--out", f.appendingPathComponent("shards").path])
        #expect(s.status != 0 && s.err.contains("--prior cannot be used with --shard"), "\(s.err)")
    }

    /// A run whose store cannot be opened still gives its result: one warning naming the store,
    /// exit 0 (it printed "error: …" and then "not recorded: ExitCode(rawValue: 1)").
    @Test func anUnwritableStoreOnlyWarns() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("fulcrum-store-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let r = try fulcrum(["run", toyValley.path, "--samples", "2", "--store", dir.path], timeout: 120)
        #expect(r.status == 0, "\(r.err)")
        #expect(r.out.contains("Predicted path"), "\(r.out)")
        #expect(r.err.contains("warning: the run was not recorded in the run store \(dir.path): "), "\(r.err)")
        #expect(!r.err.contains("error:") && !r.err.contains("ExitCode"), "\(r.err)")
    }
}
