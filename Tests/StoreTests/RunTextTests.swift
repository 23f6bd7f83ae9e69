import Crisis
import Foundation
import Testing
@testable import Store

/// `fulcrum runs list` and `runs show` as library text.
struct RunTextTests {
    @Test func listIsATableNewestFirstAndShowIsTheRunsInputsAndOutcome() throws {
        let path = tempStorePath()
        let store = try RunStore(path: path)
        #expect(RunStore.listText(try store.list(), store: path) == "No runs in \(path).\n")
        let start = Date(timeIntervalSince1970: 1_800_000_000)   // 2027-01-15 08:00:00 UTC
        let a = try store.save(ToyRun.a, origin: "cli", scenarioSource: "x", scenarioHash: "h", startedAt: start, finishedAt: start.addingTimeInterval(2.5))
        _ = try store.save(ToyRun.b, origin: "cli", scenarioSource: "x", scenarioHash: "h", startedAt: start, finishedAt: start.addingTimeInterval(12))
        let path0 = ToyRun.a.paths[0], share = Int((path0.probability * 100).rounded())
        let lines = RunStore.listText(try store.list(), store: path).split(separator: "\n").map(String.init)
        #expect(lines.count == 3)
        #expect(lines[0] == "ID   STARTED (UTC)        SCENARIO        SAMPLES SEED  SECONDS  MOST LIKELY PATH (SHARE) · OVERRIDES")
        #expect(lines[1].hasPrefix("2    2027-01-15 08:00:00  toy-valley      8       3     12.0     ")
                && lines[1].hasSuffix(" · set {\"parameters.p_truce_holds\":0.95}"))
        let record = try #require(try store.run(a))
        #expect(lines[2] == "1    2027-01-15 08:00:00  toy-valley      8       3     2.5      \(record.modalPath) (\(share)%)")
        let show = record.text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        #expect(show.count == 6 && show[5] == "")
        #expect(show[0] == "run \(a) · cli · started \(record.startedAt) · 2.5 s")
        #expect(show[1] == "scenario toy-valley (\(record.scenarioTitle)) from x, content SHA-256 h")
        #expect(show[2] == "samples 8 · seed 3 · Fulcrum \(CrisisRunner.version) · overrides {}")
        #expect(show[3] == "most likely path (\(share)% of samples): \(record.modalPath)")
    }
}
