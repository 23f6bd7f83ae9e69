import BoundedInput
import CLISupport
import Foundation
import Testing
@testable import Crisis
import Scenario

/// C6 (issue 18): --shard with M = Int.max overflowed computing the shard's samples.
@Suite("Shard ranges", .enabled(if: fulcrumBinary != nil, "the fulcrum binary is built beside the tests"))
struct ShardRangeTests {
    /// C6: --shard K/M with M = Int.max overflowed computing the shard's samples.
    @Test func aHugeShardCountDoesNotOverflow() throws {
        let out = try tempFolder()
        let r = try fulcrum(["run", twoBranch.path, "--samples", "3", "--shard", "9223372036854775807/9223372036854775807", "--out", out.path], timeout: 120)
        #expect(r.status == 0, "\(r.err.prefix(300))")
        #expect(CrisisShard.sampleRange(samples: 1_000_000, index: .max, count: .max) == 999_999..<1_000_000)
        #expect(CrisisShard.sampleRange(samples: 1_000_000, index: 1, count: .max) == 0..<0)
        #expect(CrisisShard.sampleRange(samples: 10, index: 2, count: 3) == 3..<6)
    }
}

/// C7: merge trusted shard files.
@Suite("Trust: merging shards", .enabled(if: fulcrumBinary != nil, "the fulcrum binary is built beside the tests"))
struct ShardTrustTests {
    func shards() throws -> (URL, [URL]) {
        let dir = try tempFolder()
        for k in 1...2 {
            let r = try fulcrum(["run", twoBranch.path, "--samples", "10", "--shard", "\(k)/2", "--out", dir.path], timeout: 120)
            #expect(r.status == 0, "\(r.err)")
        }
        return (dir, [1, 2].map { dir.appendingPathComponent("shard-\($0)-of-2.json") })
    }

    func edit(_ file: URL, _ body: (inout [String: Any]) -> Void) throws {
        var json = try JSONSerialization.jsonObject(with: Data(contentsOf: file)) as! [String: Any]
        body(&json)
        try JSONSerialization.data(withJSONObject: json).write(to: file)
    }

    /// Header fields are changed in every shard (else main's "run with different options"
    /// caught them), a shard's contents in one: on main, count 0 trapped (1...0), a horizon
    /// of 10^9 aborted allocating, and a cut shard merged into a smaller run with exit 0.
    @Test func damagedShardsAreRefused() throws {
        let cases: [(String, Bool, (inout [String: Any]) -> Void, String)] = [
            ("count 0", true, { $0["count"] = 0 }, "is one of 0 shards"),
            ("horizon 10^9", true, { $0["horizon"] = 1_000_000_000 }, "its horizon is 1000000000 days"),
            ("outcomes cut", false, { j in j["outcomes"] = Array((j["outcomes"] as! [Any]).prefix(1)) }, "it holds samples 5…5, not 5…9 of 10"),
            ("index 3 of 2", false, { $0["index"] = 3 }, "it is shard 3 of 2"),
            ("a sample's forced choices", false, { j in
                var o = j["outcomes"] as! [[String: Any]]
                o[0]["forced"] = [] as [Any]
                j["outcomes"] = o
            }, "does not fit this run: sample 5: 0 forced choices"),
        ]
        for (what, every, change, needle) in cases {
            let (_, files) = try shards()
            for f in every ? files : [files[1]] { try edit(f, change) }
            let r = try fulcrum(["merge"] + files.map(\.path) + ["--scenario", twoBranch.path, "--no-store"], timeout: 120)
            #expect(r.status == 1, "\(what): \(r.status) \(r.err.prefix(300))")
            #expect(r.err.contains(needle), "\(what): \(r.err.prefix(400))")
        }
        // Undamaged, the same shards merge.
        let (_, files) = try shards()
        let ok = try fulcrum(["merge"] + files.map(\.path) + ["--scenario", twoBranch.path, "--no-store"], timeout: 120)
        #expect(ok.status == 0 && ok.out.contains("10 samples"), "\(ok.err)")
    }

    @Test func shardFilesAreReadThroughTheBoundedReader() throws {
        let (dir, files) = try shards()
        let big = dir.appendingPathComponent("shard-3-of-2.json")
        FileManager.default.createFile(atPath: big.path, contents: nil)
        let h = try FileHandle(forWritingTo: big); try h.truncate(atOffset: UInt64(CrisisShard.maxFileBytes) + 1); try h.close()
        let r = try fulcrum(["merge", files[0].path, big.path, "--scenario", twoBranch.path, "--no-store"], timeout: 60)
        #expect(r.status == 1 && r.err.contains("larger than the 1.0 GiB limit"), "\(r.err.prefix(300))")
    }
}
