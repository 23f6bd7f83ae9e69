import BoundedInput
import Foundation
import Scenario

/// One shard of a crisis run: a contiguous block of the Monte Carlo samples and every
/// M-th input sweep, with what is needed to check that shards belong together.
/// `CrisisRunner.merge` combines the M shards of a run into the result the unsharded
/// run gives, bit for bit: every sample and sweep is a pure function of the scenario,
/// the options and its own index, and merging consumes them in index order.
public struct CrisisShard: Codable, Sendable {
    /// The scenario's `sourceDigest` (SHA-256 of the files it was read from).
    public var scenarioDigest: String
    /// Where the scenario was read from, if known (to find it again when merging).
    public var scenarioDirectory: String?
    public var samples: Int
    public var seed: UInt64
    public var horizon: Int?
    public var sweepSteps: Int
    public var overrides: [String: Double]
    /// This shard is `index` of `count` (1-based).
    public var index: Int
    public var count: Int
    /// Samples `firstSample ..< firstSample + outcomes.count`.
    var firstSample: Int
    var outcomes: [SampleOutcome]
    /// Sweeps by input index (inputs `j` with `j % count == index - 1`).
    var sweeps: [Int: SweepOutcome]

    /// Largest shard file read: a whole run within `ScenarioLimits.maxSampleDays` is about
    /// 600 MB of JSON at most.
    public static let maxFileBytes = 1 << 30

    var options: CrisisRunOptions {
        CrisisRunOptions(samples: samples, seed: seed, horizon: horizon, sweepSteps: sweepSteps, overrides: overrides)
    }

    /// The samples shard `index` of `count` computes: a contiguous block. The products are
    /// taken in full width: `index` and `count` may be anything up to `Int.max`.
    static func sampleRange(samples: Int, index: Int, count: Int) -> Range<Int> {
        func share(_ k: Int) -> Int { count.dividingFullWidth(samples.multipliedFullWidth(by: k)).quotient }
        return share(index - 1)..<share(index)
    }
}

/// A shard file that cannot be found or read, or is not a shard; the message names the path.
public struct ShardFileError: Error, CustomStringConvertible, Sendable {
    public var message: String
    public var description: String { message }
}

extension CrisisShard {
    /// The shard `K/M` names (1 ≤ K ≤ M, as `fulcrum run --shard` takes it); nil for anything else.
    public static func index(_ text: String) -> (index: Int, count: Int)? {
        let parts = text.split(separator: "/").map { Int($0.trimmingCharacters(in: .whitespaces)) }
        guard parts.count == 2, let k = parts[0], let m = parts[1], m >= 1, (1...m).contains(k) else { return nil }
        return (k, m)
    }

    /// The shard files `paths` name: each a file, or a folder whose `shard-*.json` files are
    /// taken in name order. Throws `ShardFileError` for a missing path or when none is found.
    public static func files(_ paths: [String]) throws -> [URL] {
        let fm = FileManager.default
        var files: [URL] = []
        for path in paths {
            var isDirectory: ObjCBool = false
            guard fm.fileExists(atPath: path, isDirectory: &isDirectory) else { throw ShardFileError(message: "\(path): no such file or folder") }
            if isDirectory.boolValue {
                let names = try fm.contentsOfDirectory(atPath: path).filter { $0.hasPrefix("shard-") && $0.hasSuffix(".json") }.sorted()
                files += names.map { URL(fileURLWithPath: path).appendingPathComponent($0) }
            } else {
                files.append(URL(fileURLWithPath: path))
            }
        }
        guard !files.isEmpty else { throw ShardFileError(message: "no shard-*.json files in \(paths.joined(separator: ", "))") }
        return files
    }

    /// Reads the shards `paths` name (see `files`), at most `maxFileBytes` each.
    public static func read(_ paths: [String]) throws -> [CrisisShard] {
        try files(paths).map { file in
            let data: Data
            do { data = try BoundedFile.data(path: file.path, limit: maxFileBytes) }
            catch { throw ShardFileError(message: "\(file.path): \(error)") }
            do { return try JSONOutput.decode(CrisisShard.self, from: data) }
            catch { throw ShardFileError(message: "\(file.path): not a shard written by 'fulcrum run --shard' (\(error))") }
        }
    }
}
