import Crisis
import Foundation
import GRDB
import Scenario
import Testing
@testable import Store

/// A run of the documented toy scenario, shared by the store tests.
enum ToyRun {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    /// The documented toy example, used as it is.
    static let directory = root.appendingPathComponent("docs/examples/toy-valley")
    static let scenario = Scenario.validate(directory: directory).scenario!
    static let a: CrisisResult = try! CrisisRunner.run(scenario, options: CrisisRunOptions(samples: 8, seed: 3, sweepSteps: 3))
    static let b: CrisisResult = try! CrisisRunner.run(scenario, options: CrisisRunOptions(
        samples: 8, seed: 3, sweepSteps: 3, overrides: ["parameters.p_truce_holds": 0.95]))
}

func tempStorePath() -> String {
    FileManager.default.temporaryDirectory.appendingPathComponent("fulcrum-store-\(UUID().uuidString)/runs.sqlite").path
}

struct RunStoreTests {
    @Test func migratesInWALModeAndRoundTripsARun() throws {
        let path = tempStorePath()
        let store = try RunStore(path: path)
        #expect(try store.journalMode() == "wal")
        #expect(try store.appliedMigrations() == ["v1: runs", "v2: scenario files"])
        let start = Date(timeIntervalSince1970: 1_800_000_000)
        let id = try store.save(ToyRun.a, origin: "cli", scenarioSource: ToyRun.directory.path, scenarioHash: "abc123",
                                startedAt: start, finishedAt: start.addingTimeInterval(2.5))
        let r = try #require(try store.run(id))
        #expect(r.durationSeconds == 2.5)
        #expect(r.seed == "3" && r.samples == 8 && r.version == CrisisRunner.version)
        #expect(r.scenarioHash == "abc123" && r.origin == "cli")
        #expect(r.modalProbability == ToyRun.a.paths[0].probability)
        // The stored results decode to the same result, byte for byte when re-encoded.
        let enc = JSONEncoder(); enc.outputFormatting = .sortedKeys
        #expect(try enc.encode(r.result()) == enc.encode(ToyRun.a))
        // Reopening (a second process) sees it; migrations are not re-run.
        let again = try RunStore(path: path)
        #expect(try again.count() == 1)
        #expect(try again.appliedMigrations() == ["v1: runs", "v2: scenario files"])
    }

    /// `runs show`, `diff` and `report` ask for a run by id: one the store does not hold is an
    /// error naming the id and the store.
    @Test func aMissingRunIsAnErrorNamingTheStore() throws {
        let path = tempStorePath()
        let store = try RunStore(path: path)
        let start = Date(timeIntervalSince1970: 1_800_000_000)
        let id = try store.save(ToyRun.a, origin: "cli", scenarioSource: "built-in", scenarioHash: "abc", startedAt: start, finishedAt: start)
        #expect(try store.existingRun(id) == store.run(id))
        #expect(throws: StoreError("no run \(id + 1) in \(path)")) { try store.existingRun(id + 1) }
        try store.delete(id)
        #expect(throws: StoreError("no run \(id) in \(path)")) { try store.existingRun(id) }
    }

    /// U4: a run keeps the files its scenario was read from (once per digest), so its report
    /// can be drawn as it ran; files whose digest is not the run's are never stored under it.
    @Test func aRunKeepsItsScenariosFilesOncePerDigest() throws {
        let store = try RunStore(path: tempStorePath())
        let scenario = try #require(Scenario.validate(directory: ToyRun.directory).scenario)
        let start = Date(timeIntervalSince1970: 1_800_000_000)
        for _ in 0..<2 {
            try store.save(ToyRun.a, origin: "cli", scenarioSource: ToyRun.directory.path, scenarioHash: scenario.sourceDigest,
                           scenarioFiles: scenario.sourceFiles, startedAt: start, finishedAt: start)
        }
        let files = try store.scenarioFiles(hash: scenario.sourceDigest)
        #expect(files == scenario.sourceFiles)
        #expect(files["scenario.yaml"] == (try Data(contentsOf: ToyRun.directory.appendingPathComponent("scenario.yaml"))))
        #expect(Scenario.validate(files: files).scenario?.sourceDigest == scenario.sourceDigest)
        // Under another digest the files are not kept.
        try store.save(ToyRun.a, origin: "cli", scenarioSource: "elsewhere", scenarioHash: "not-their-digest",
                       scenarioFiles: scenario.sourceFiles, startedAt: start, finishedAt: start)
        #expect(try store.scenarioFiles(hash: "not-their-digest").isEmpty)
    }

    @Test func listShowAndRemove() throws {
        let store = try RunStore(path: tempStorePath())
        let now = Date()
        let a = try store.save(ToyRun.a, origin: "cli", scenarioSource: "x", scenarioHash: "h", startedAt: now, finishedAt: now)
        let b = try store.save(ToyRun.b, origin: "workbench", scenarioSource: "x", scenarioHash: "h", startedAt: now, finishedAt: now)
        let rows = try store.list()
        #expect(rows.map(\.id) == [b, a])                   // newest first
        #expect(rows[0].overrides == "{\"parameters.p_truce_holds\":0.95}")
        #expect(try store.list(limit: 1).map(\.id) == [b])
        #expect(try store.delete(a))
        #expect(try !store.delete(a))
        #expect(try store.run(a) == nil)
        #expect(try store.count() == 1)
    }

    @Test func aFailedWriteLeavesNoRecord() throws {
        let store = try RunStore(path: tempStorePath())
        var record = try RunStore.record(ToyRun.a, origin: "cli", scenarioSource: "x", scenarioHash: "h", startedAt: Date(), finishedAt: Date())
        struct Killed: Error {}
        // Everything a run writes is one transaction: interrupted after the insert, nothing remains.
        #expect(throws: Killed.self) {
            try store.db.write { db in
                try record.insert(db)
                throw Killed()
            }
        }
        #expect(try store.count() == 0)
    }

    @Test func diffNamesChangedInputsAndOutcome() throws {
        let store = try RunStore(path: tempStorePath())
        let now = Date()
        let a = try store.save(ToyRun.a, origin: "cli", scenarioSource: "x", scenarioHash: "h", startedAt: now, finishedAt: now)
        let b = try store.save(ToyRun.b, origin: "cli", scenarioSource: "x", scenarioHash: "h", startedAt: now, finishedAt: now)
        let d = try RunDiff(try store.run(a)!, try store.run(b)!)
        #expect(d.inputs == [RunDiff.Change(name: "set parameters.p_truce_holds", a: "(scenario value)", b: "0.95", delta: nil)])
        // The outcome rows carry the two results' own figures.
        for s in ToyRun.a.schedules {
            let other = ToyRun.b.schedules.first { $0.id == s.id }!
            let row = d.outcome.first { $0.name == "displaced under \(s.id) (median)" }
            if s.displaced.median != other.displaced.median {
                #expect(row?.delta == other.displaced.median - s.displaced.median)
            } else { #expect(row == nil) }
        }
        let same = try RunDiff(try store.run(a)!, try store.run(a)!)
        #expect(same.inputs.isEmpty && same.outcome.isEmpty)
        #expect(same.text.contains("(the same)"))
    }
}
