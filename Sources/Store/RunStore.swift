import BoundedInput
import Crisis
import Foundation
import GRDB

/// One recorded run: its inputs (scenario content hash, overrides, seed, samples,
/// version), its timings and its full results.json.
public struct RunRecord: Codable, Sendable, Equatable, FetchableRecord, MutablePersistableRecord {
    public static let databaseTableName = "run"
    public var id: Int64?
    /// ISO 8601, UTC.
    public var startedAt: String
    public var finishedAt: String
    public var durationSeconds: Double
    /// `cli`, `workbench` or `merge` (a merged sharded run).
    public var origin: String
    public var scenarioID: String
    public var scenarioTitle: String
    /// Where the scenario came from: a folder path, or `built-in`.
    public var scenarioSource: String
    /// The scenario's `sourceDigest`: SHA-256 over the files it was read from.
    public var scenarioHash: String
    /// The `--set` overrides as a JSON object (sorted keys).
    public var overrides: String
    /// The seed as decimal text (a UInt64 does not fit SQLite's signed integers).
    public var seed: String
    public var samples: Int
    public var version: String
    /// The most probable equilibrium path's key and share, for listings.
    public var modalPath: String
    public var modalProbability: Double
    /// The first entry of the pivot ranking.
    public var fulcrum: String
    /// results.json (sorted keys), exactly as `fulcrum run --out` writes it.
    public var results: String

    public mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }

    /// The decoded results.
    public func result() throws -> CrisisResult {
        try JSONDecoder().decode(CrisisResult.self, from: Data(results.utf8))
    }

    public var overrideValues: [String: Double] {
        (try? JSONDecoder().decode([String: Double].self, from: Data(overrides.utf8))) ?? [:]
    }
}

/// A run asked for that the store does not hold; the message names the store.
public struct StoreError: Error, Equatable, Sendable, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}

/// The run store: every run in one SQLite database through GRDB, in WAL mode, with
/// versioned migrations. A run is written in one transaction once it has finished,
/// so a run killed midway leaves no record at all.
public final class RunStore: Sendable {
    public let path: String
    let db: DatabasePool

    /// `~/.fulcrum/runs.sqlite` (or `$FULCRUM_STORE` when set).
    public static var defaultPath: String {
        if let p = ProcessInfo.processInfo.environment["FULCRUM_STORE"], !p.isEmpty { return p }
        return FileManager.default.homeDirectoryForCurrentUser.appendingPathComponent(".fulcrum/runs.sqlite").path
    }

    /// Opens (creating if needed, with its folder) and migrates the store at `path`.
    public init(path: String) throws {
        self.path = path
        let dir = URL(fileURLWithPath: path).deletingLastPathComponent()
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        var config = Configuration()
        config.busyMode = .timeout(10)
        db = try DatabasePool(path: path, configuration: config)   // a pool is always in WAL mode
        try Self.migrator.migrate(db)
    }

    static var migrator: DatabaseMigrator {
        var m = DatabaseMigrator()
        m.registerMigration("v1: runs") { db in
            try db.create(table: "run") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("startedAt", .text).notNull()
                t.column("finishedAt", .text).notNull()
                t.column("durationSeconds", .double).notNull()
                t.column("origin", .text).notNull()
                t.column("scenarioID", .text).notNull()
                t.column("scenarioTitle", .text).notNull()
                t.column("scenarioSource", .text).notNull()
                t.column("scenarioHash", .text).notNull().indexed()
                t.column("overrides", .text).notNull()
                t.column("seed", .text).notNull()
                t.column("samples", .integer).notNull()
                t.column("version", .text).notNull()
                t.column("modalPath", .text).notNull()
                t.column("modalProbability", .double).notNull()
                t.column("fulcrum", .text).notNull()
                t.column("results", .text).notNull()
            }
        }
        // The files a scenario was read from, once per content digest, so a run's report can
        // be drawn as it ran after its folder has changed or gone.
        m.registerMigration("v2: scenario files") { db in
            try db.create(table: "scenarioFile") { t in
                t.column("scenarioHash", .text).notNull()
                t.column("name", .text).notNull()
                t.column("content", .blob).notNull()
                t.primaryKey(["scenarioHash", "name"])
            }
        }
        return m
    }

    /// The journal mode SQLite reports (`wal` for a store).
    public func journalMode() throws -> String {
        try db.read { try String.fetchOne($0, sql: "PRAGMA journal_mode") ?? "" }
    }

    /// The migrations applied, in order.
    public func appliedMigrations() throws -> [String] {
        try db.read { try Self.migrator.appliedMigrations($0) }
    }

    /// Makes the record of a finished run (nothing is written).
    public static func record(_ result: CrisisResult, origin: String, scenarioSource: String, scenarioHash: String,
                              startedAt: Date, finishedAt: Date) throws -> RunRecord {
        let results = try JSONOutput.text(result)
        let overrides = try JSONOutput.text(result.run.overrides, compact: true)
        let iso = ISO8601DateFormatter()
        iso.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        let top = result.paths.first
        let fulcrum = result.pivot.ranking.first.map { $0.kind == "player" ? "choice of \($0.name)" : $0.name } ?? ""
        return RunRecord(id: nil, startedAt: iso.string(from: startedAt), finishedAt: iso.string(from: finishedAt),
                         durationSeconds: finishedAt.timeIntervalSince(startedAt), origin: origin,
                         scenarioID: result.scenario.id, scenarioTitle: result.scenario.title, scenarioSource: scenarioSource,
                         scenarioHash: scenarioHash, overrides: overrides, seed: String(result.run.seed), samples: result.run.samples,
                         version: result.run.version, modalPath: top.map { $0.steps.map(\.label).joined(separator: " → ") } ?? "",
                         modalProbability: top?.probability ?? 0, fulcrum: fulcrum, results: results)
    }

    /// Stores a finished run, and the scenario files it was read from (`Scenario.sourceFiles`,
    /// kept once per digest), in one transaction; returns its id.
    @discardableResult
    public func save(_ record: RunRecord, scenarioFiles: [String: Data] = [:]) throws -> Int64 {
        var r = record
        r.id = nil
        try db.write { db in
            try r.insert(db)
            try Self.insert(scenarioFiles, hash: r.scenarioHash, db)
        }
        return r.id!
    }

    /// Convenience: `record` then `save`.
    @discardableResult
    public func save(_ result: CrisisResult, origin: String, scenarioSource: String, scenarioHash: String,
                     scenarioFiles: [String: Data] = [:], startedAt: Date, finishedAt: Date) throws -> Int64 {
        try save(Self.record(result, origin: origin, scenarioSource: scenarioSource, scenarioHash: scenarioHash,
                             startedAt: startedAt, finishedAt: finishedAt), scenarioFiles: scenarioFiles)
    }

    static func insert(_ files: [String: Data], hash: String, _ db: Database) throws {
        // Only files whose digest is the run's: a scenario's files, never anything else.
        guard !files.isEmpty, contentDigest(files: files) == hash else { return }
        for (name, content) in files {
            try db.execute(sql: "INSERT OR IGNORE INTO scenarioFile (scenarioHash, name, content) VALUES (?, ?, ?)",
                           arguments: [hash, name, content])
        }
    }

    /// The files of the scenario with this digest, by name (none if no run stored them).
    public func scenarioFiles(hash: String) throws -> [String: Data] {
        try db.read { db in
            var out: [String: Data] = [:]
            for row in try GRDB.Row.fetchAll(db, sql: "SELECT name, content FROM scenarioFile WHERE scenarioHash = ?", arguments: [hash]) {
                out[row["name"]] = row["content"]
            }
            return out
        }
    }

    /// Listing rows: every column but the results, newest first.
    public struct Row: Codable, Sendable, FetchableRecord {
        public var id: Int64
        public var startedAt: String
        public var durationSeconds: Double
        public var origin: String
        public var scenarioID: String
        public var scenarioTitle: String
        public var scenarioHash: String
        public var overrides: String
        public var seed: String
        public var samples: Int
        public var version: String
        public var modalPath: String
        public var modalProbability: Double
        public var fulcrum: String
    }

    public func list(limit: Int? = nil) throws -> [Row] {
        try db.read { db in
            var sql = "SELECT id, startedAt, durationSeconds, origin, scenarioID, scenarioTitle, scenarioHash, overrides, seed, samples, version, modalPath, modalProbability, fulcrum FROM run ORDER BY id DESC"
            if let limit { sql += " LIMIT \(max(0, limit))" }
            return try Row.fetchAll(db, sql: sql)
        }
    }

    public func run(_ id: Int64) throws -> RunRecord? {
        try db.read { try RunRecord.fetchOne($0, key: id) }
    }

    /// Run `id`, or `StoreError` naming the store when there is none.
    public func existingRun(_ id: Int64) throws -> RunRecord {
        guard let r = try run(id) else { throw StoreError("no run \(id) in \(path)") }
        return r
    }

    /// Deletes a run; false when there was none with that id.
    @discardableResult
    public func delete(_ id: Int64) throws -> Bool {
        try db.write { try RunRecord.deleteOne($0, key: id) }
    }

    public func count() throws -> Int {
        try db.read { try RunRecord.fetchCount($0) }
    }

    /// SQLite's own consistency check of the whole file: `["ok"]` when sound.
    public func integrityCheck() throws -> [String] {
        try db.read { try String.fetchAll($0, sql: "PRAGMA integrity_check") }
    }

    /// Stores `record` unless a run with the same scenario content, options and results is
    /// already stored (so merging the same shards twice records the run once); one transaction.
    /// Returns the run's id and whether it was new.
    public func saveOnce(_ record: RunRecord, scenarioFiles: [String: Data] = [:]) throws -> (id: Int64, new: Bool) {
        var r = record
        r.id = nil
        return try db.write { db in
            if let id = try Int64.fetchOne(db, sql: """
                SELECT id FROM run WHERE scenarioHash = ? AND seed = ? AND samples = ? AND overrides = ? AND version = ? AND results = ?
                ORDER BY id LIMIT 1
                """, arguments: [r.scenarioHash, r.seed, r.samples, r.overrides, r.version, r.results]) {
                return (id, false)
            }
            try r.insert(db)
            try Self.insert(scenarioFiles, hash: r.scenarioHash, db)
            return (r.id!, true)
        }
    }
}
