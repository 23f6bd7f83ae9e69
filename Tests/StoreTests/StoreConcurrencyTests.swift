import Crisis
import Foundation
import Testing
@testable import Store

struct StoreConcurrencyTests {
    /// 8 concurrent tasks, half sharing one store and half each opening their own (as separate
    /// processes do), write 25 runs each into one file: SQLite's check passes and every run is
    /// there exactly once, under a distinct id.
    @Test func concurrentWritersKeepTheStoreSound() async throws {
        let path = tempStorePath()
        let shared = try RunStore(path: path)
        let template = try RunStore.record(ToyRun.a, origin: "cli", scenarioSource: "x", scenarioHash: "h",
                                           startedAt: Date(), finishedAt: Date())
        let ids = try await withThrowingTaskGroup(of: [Int64].self) { group in
            for w in 0..<8 {
                group.addTask {
                    let store = w % 2 == 0 ? shared : try RunStore(path: path)
                    var ids: [Int64] = []
                    for k in 0..<25 {
                        var r = template
                        r.scenarioSource = "task-\(w)-run-\(k)"
                        ids.append(try store.save(r))
                        if k % 5 == 0 { _ = try store.list(limit: 3) }   // readers interleave with writers
                    }
                    return ids
                }
            }
            var all: [Int64] = []
            for try await part in group { all += part }
            return all
        }
        #expect(ids.count == 200 && Set(ids).count == 200)
        let reopened = try RunStore(path: path)
        #expect(try reopened.integrityCheck() == ["ok"])
        #expect(try reopened.journalMode() == "wal")
        #expect(try reopened.count() == 200)
        var seen: [String: Int] = [:]
        for id in ids { seen[try #require(try reopened.run(id)).scenarioSource, default: 0] += 1 }
        #expect(seen.count == 200 && seen.values.allSatisfy { $0 == 1 })
    }

    /// Merging the same shards twice records the run once.
    @Test func saveOnceRecordsAResultOnce() throws {
        let store = try RunStore(path: tempStorePath())
        let a = try RunStore.record(ToyRun.a, origin: "merge", scenarioSource: "x", scenarioHash: "h", startedAt: Date(), finishedAt: Date())
        let first = try store.saveOnce(a)
        let again = try store.saveOnce(a)
        #expect(first.new && !again.new && again.id == first.id)
        let b = try RunStore.record(ToyRun.b, origin: "merge", scenarioSource: "x", scenarioHash: "h", startedAt: Date(), finishedAt: Date())
        #expect(try store.saveOnce(b).new)
        #expect(try store.count() == 2)
    }
}
