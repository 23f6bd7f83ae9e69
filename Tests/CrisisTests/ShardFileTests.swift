import BoundedInput
import Foundation
import Scenario
import Testing
@testable import Crisis

/// `fulcrum merge` as a library call: finding shard files, reading them, merging them.
struct ShardFileTests {
    static func folder() throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("fulcrum-shard-files-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir
    }

    @Test("a folder's shard-*.json files, in name order, read and merged, give the unsharded run")
    func folderOfShardsMergesToTheRun() throws {
        let scenario = try Fixtures.twoBranch()
        let options = CrisisRunOptions(samples: 40, seed: 5, threads: 2)
        let dir = try Self.folder()
        defer { try? FileManager.default.removeItem(at: dir) }
        for k in [2, 1] {   // written out of order
            let shard = try CrisisRunner.shard(scenario, options: options, index: k, of: 2)
            try JSONOutput.text(shard, compact: true).write(to: dir.appendingPathComponent("shard-\(k)-of-2.json"), atomically: true, encoding: .utf8)
        }
        try "{}".write(to: dir.appendingPathComponent("notes.json"), atomically: true, encoding: .utf8)   // not a shard's name: not read
        #expect(try CrisisShard.files([dir.path]).map(\.lastPathComponent) == ["shard-1-of-2.json", "shard-2-of-2.json"])
        let shards = try CrisisShard.read([dir.path])
        #expect(shards.map(\.index) == [1, 2])
        let merged = try CrisisRunner.merge(scenario, shards: shards)
        #expect(try Fixtures.json(merged) == Fixtures.json(try CrisisRunner.run(scenario, options: options)))
        // A shard named by itself is read too; one shard of two does not merge.
        let one = try CrisisShard.read([dir.appendingPathComponent("shard-2-of-2.json").path])
        #expect(one.map(\.index) == [2])
        #expect(throws: CrisisError.self) { try CrisisRunner.merge(scenario, shards: one) }
    }

    @Test("a missing path, a folder without shards and a file that is no shard are each named")
    func badPathsAreNamed() throws {
        let dir = try Self.folder()
        defer { try? FileManager.default.removeItem(at: dir) }
        func message(_ paths: [String]) -> String? {
            do { _ = try CrisisShard.read(paths); return nil } catch { return (error as? ShardFileError)?.message }
        }
        #expect(message([dir.path + "/nothing"]) == "\(dir.path)/nothing: no such file or folder")
        #expect(message([dir.path]) == "no shard-*.json files in \(dir.path)")
        let notAShard = dir.appendingPathComponent("shard-1-of-1.json")
        try "{\"samples\": 3}".write(to: notAShard, atomically: true, encoding: .utf8)
        #expect(message([dir.path])?.hasPrefix("\(notAShard.path): not a shard written by 'fulcrum run --shard' (") == true)
    }
}

struct ShardIndexTests {
    @Test func anIndexIsKOfMWithKFromOneToM() {
        #expect(CrisisShard.index("3/8")! == (3, 8) && CrisisShard.index(" 1 / 1 ")! == (1, 1))
        for bad in ["0/3", "4/3", "1/0", "3", "1/2/3", "a/b", "-1/2", ""] { #expect(CrisisShard.index(bad) == nil, "\(bad)") }
    }
}
