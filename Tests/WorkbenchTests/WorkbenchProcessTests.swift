import CLISupport
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Store
import Testing

struct ProcessFailure: Error, CustomStringConvertible { var description: String }

/// A `fulcrum` process whose output goes to files (read while it runs).
final class FulcrumProcess: @unchecked Sendable {
    let process = Process()
    let out: URL, err: URL

    init(_ args: [String]) throws {
        guard let exe = fulcrumBinary else { throw ProcessFailure(description: "the fulcrum binary is not built") }
        let tmp = FileManager.default.temporaryDirectory
        out = tmp.appendingPathComponent("fulcrum-wbp-out-\(UUID().uuidString)")
        err = tmp.appendingPathComponent("fulcrum-wbp-err-\(UUID().uuidString)")
        FileManager.default.createFile(atPath: out.path, contents: nil)
        FileManager.default.createFile(atPath: err.path, contents: nil)
        process.executableURL = exe
        process.arguments = args
        process.standardOutput = try FileHandle(forWritingTo: out)
        process.standardError = try FileHandle(forWritingTo: err)
        try process.run()
    }

    var stderr: String { (try? String(contentsOf: err, encoding: .utf8)) ?? "" }
    var stdout: String { (try? String(contentsOf: out, encoding: .utf8)) ?? "" }

    /// Waits for the end, killing the process past `timeout` (a hang is a failure).
    func finish(timeout: TimeInterval = 60) throws -> Int32 {
        let deadline = Date().addingTimeInterval(timeout)
        while process.isRunning && Date() < deadline { usleep(20_000) }
        if process.isRunning { kill(process.processIdentifier, SIGKILL); process.waitUntilExit(); throw ProcessFailure(description: "ran past \(timeout) s: \(stderr)") }
        process.waitUntilExit()
        return process.terminationStatus
    }

    deinit {
        if process.isRunning { kill(process.processIdentifier, SIGKILL); process.waitUntilExit() }
        try? FileManager.default.removeItem(at: out); try? FileManager.default.removeItem(at: err)
    }
}

/// A tiny loopback HTTP client for a server started as a process.
struct Loopback {
    let port: Int
    let session: URLSession = {
        let c = URLSessionConfiguration.ephemeral
        c.connectionProxyDictionary = [:]
        c.timeoutIntervalForRequest = 30
        return URLSession(configuration: c)
    }()

    func get(_ path: String) async throws -> (Int, Data) {
        let (data, response) = try await session.data(from: URL(string: "http://127.0.0.1:\(port)\(path)")!)
        return ((response as! HTTPURLResponse).statusCode, data)
    }

    func post(_ path: String, form: String) async throws -> (Int, Data) {
        var r = URLRequest(url: URL(string: "http://127.0.0.1:\(port)\(path)")!)
        r.httpMethod = "POST"
        r.setValue("application/x-www-form-urlencoded", forHTTPHeaderField: "Content-Type")
        r.httpBody = Data(form.utf8)
        let (data, response) = try await session.data(for: r)
        return ((response as! HTTPURLResponse).statusCode, data)
    }

    struct Job: Decodable { var state: String; var done: Int; var total: Int; var runID: Int64? }

    func job(_ id: Int) async throws -> Job {
        let (status, data) = try await get("/api/jobs/\(id)")
        guard status == 200 else { throw ProcessFailure(description: "job \(id): HTTP \(status)") }
        return try JSONDecoder().decode(Job.self, from: data)
    }

    /// Polls a job until `until` holds (or 60 s pass).
    func wait(_ id: Int, until: (Job) -> Bool) async throws -> Job {
        let deadline = Date().addingTimeInterval(60)
        while Date() < deadline {
            let j = try await job(id)
            if until(j) { return j }
            try await Task.sleep(nanoseconds: 50_000_000)
        }
        throw ProcessFailure(description: "job \(id) did not reach the expected state")
    }
}

/// Starts `fulcrum serve --port 0` and reads the port it listens on from its standard error.
func startServer(store: String, extra: [String] = []) async throws -> (FulcrumProcess, Loopback) {
    let server = try FulcrumProcess(["serve", "--port", "0", "--store", store, "--threads", "1"] + extra)
    // Generous, and checked once more after the deadline: under a full parallel test run the
    // busy cooperative pool can resume this loop long after the server printed its port.
    let deadline = Date().addingTimeInterval(180)
    while true {
        let text = server.stderr
        if let r = text.range(of: #"listening on http://127\.0\.0\.1:(\d+)/"#, options: .regularExpression) {
            let port = Int(text[r].split(separator: ":").last!.dropLast())!
            return (server, Loopback(port: port))
        }
        if !server.process.isRunning { throw ProcessFailure(description: "serve exited: \(server.stderr)") }
        if Date() >= deadline { break }
        try await Task.sleep(nanoseconds: 50_000_000)
    }
    throw ProcessFailure(description: "serve did not start: \(server.stderr)")
}

func tempDirectory() throws -> URL {
    let u = FileManager.default.temporaryDirectory.appendingPathComponent("fulcrum-wbp-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: u, withIntermediateDirectories: true)
    return u
}

@Suite("Workbench and store across processes", .enabled(if: fulcrumBinary != nil, "the fulcrum binary is built beside the tests"))
struct WorkbenchProcessTests {
    /// SIGKILL while a run executes: the run finished before is intact, the killed one left nothing.
    @Test func killingTheServerMidRunLosesNoFinishedRun() async throws {
        let dir = try tempDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let store = dir.appendingPathComponent("runs.sqlite").path
        let (server, client) = try await startServer(store: store)
        let toy = ToyBench.directory.path.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!
        let (s1, _) = try await client.post("/runs", form: "scenario=\(toy)&samples=4&seed=5")
        #expect(s1 == 200)   // the redirect to the job page is followed
        let first = try await client.wait(1) { $0.state != "queued" && $0.state != "running" }
        #expect(first.state == "done")
        let runID = try #require(first.runID)
        let (sr, stored) = try await client.get("/api/runs/\(runID)")
        #expect(sr == 200)
        // A long run (100,000 samples, ~15 minutes): killed once it is well under way.
        _ = try await client.post("/runs", form: "scenario=\(toy)&samples=100000&seed=6")
        let second = try await client.wait(2) { $0.state == "running" && $0.done >= 3 }
        #expect(second.done < second.total)
        kill(server.process.processIdentifier, SIGKILL)
        server.process.waitUntilExit()
        #expect(server.process.terminationReason == .uncaughtSignal)

        let reopened = try RunStore(path: store)
        #expect(try reopened.integrityCheck() == ["ok"])
        #expect(try reopened.count() == 1)
        let r = try #require(try reopened.run(runID))
        #expect(Data(r.results.utf8) == stored)
        #expect(r.samples == 4 && r.seed == "5")
        #expect(try reopened.list().allSatisfy { $0.samples != 100_000 })
    }

    /// Several `fulcrum run` processes and many in-process writers on one store at once.
    @Test func concurrentWritersFromSeveralProcessesNeverCorruptTheStore() async throws {
        let dir = try tempDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let store = dir.appendingPathComponent("runs.sqlite").path
        // A first run creates and migrates the store (the writers race on rows, not on the
        // schema) and gives the in-process writers a real record to copy.
        let firstRun = try FulcrumProcess(["run", ToyBench.directory.path, "--samples", "2", "--threads", "1", "--store", store])
        #expect(try firstRun.finish() == 0)
        let template = try #require(try RunStore(path: store).run(1))
        let seeds = 1...4
        let processes = try seeds.map { seed in
            try FulcrumProcess(["run", ToyBench.directory.path, "--samples", "3", "--seed", "\(seed)", "--threads", "1",
                                "--store", store, "--format", "json"])
        }
        // Meanwhile 4 writers in this process, each with its own connection pool, write runs
        // for as long as any of those processes runs (at least 15 each, at most 400).
        let failures = Counter()
        let written = (0..<4).map { _ in Counter() }
        DispatchQueue.concurrentPerform(iterations: 4) { w in
            do {
                let s = try RunStore(path: store)
                var k = 0
                while k < 400 && (k < 15 || processes.contains(where: { $0.process.isRunning })) {
                    var r = template
                    r.origin = "test"
                    r.scenarioSource = "writer-\(w)-run-\(k)"
                    try s.save(r)
                    written[w].add()
                    k += 1
                    usleep(2_000)   // leave the processes' single writes room under SQLite's busy timeout
                }
            } catch { failures.add() }
        }
        for p in processes { #expect(try p.finish() == 0, "\(p.stderr)") }
        #expect(failures.value == 0)
        let s = try RunStore(path: store)
        #expect(try s.integrityCheck() == ["ok"])
        let total = written.map(\.value).reduce(0, +)
        #expect(try s.count() == 1 + 4 + total)
        let all = try s.list()
        #expect(Set(all.map(\.id)).count == all.count)
        let sources = try all.map { try #require(try s.run($0.id)).scenarioSource }
        let counts = Dictionary(sources.map { ($0, 1) }, uniquingKeysWith: +)
        for w in 0..<4 {
            #expect(written[w].value >= 15)
            for k in 0..<written[w].value { #expect(counts["writer-\(w)-run-\(k)"] == 1) }
        }
        let cli = all.filter { $0.origin == "cli" && $0.id != 1 }
        #expect(cli.map(\.seed).sorted() == seeds.map(String.init))
        #expect(cli.allSatisfy { $0.samples == 3 })
    }

    /// Sharded runs are recorded once, merged, with their options; the shards are not.
    @Test func mergedRunsAreRecordedOnceAndShardsAreNot() throws {
        let dir = try tempDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let store = dir.appendingPathComponent("runs.sqlite").path
        let shards = dir.appendingPathComponent("shards").path
        for k in 1...2 {
            let p = try FulcrumProcess(["run", ToyBench.directory.path, "--samples", "5", "--seed", "7", "--threads", "1",
                                        "--set", "parameters.p_truce_holds=0.8", "--shard", "\(k)/2", "--out", shards, "--store", store])
            #expect(try p.finish() == 0, "\(p.stderr)")
        }
        let shardRecords = FileManager.default.fileExists(atPath: store) ? try RunStore(path: store).count() : 0
        #expect(shardRecords == 0)
        let merge = try FulcrumProcess(["merge", shards, "--store", store, "--format", "json"])
        #expect(try merge.finish() == 0, "\(merge.stderr)")
        #expect(merge.stderr.contains("recorded as run 1"))
        let again = try FulcrumProcess(["merge", shards, "--store", store, "--format", "json"])
        #expect(try again.finish() == 0)
        #expect(again.stderr.contains("already recorded as run 1"))
        let other = dir.appendingPathComponent("other.sqlite").path
        let none = try FulcrumProcess(["merge", shards, "--store", other, "--no-store"])
        #expect(try none.finish() == 0)
        #expect(!FileManager.default.fileExists(atPath: other))
        // The recorded merge is the unsharded run, with its options.
        let single = try FulcrumProcess(["run", ToyBench.directory.path, "--samples", "5", "--seed", "7", "--threads", "1",
                                         "--set", "parameters.p_truce_holds=0.8", "--store", store])
        #expect(try single.finish() == 0)
        let s = try RunStore(path: store)
        #expect(try s.count() == 2)
        let merged = try #require(try s.run(1)), whole = try #require(try s.run(2))
        #expect(merged.origin == "merge" && whole.origin == "cli")
        #expect(merged.samples == 5 && merged.seed == "7" && merged.overrides == "{\"parameters.p_truce_holds\":0.8}")
        #expect(merged.scenarioHash == whole.scenarioHash)
        #expect(merged.results == whole.results)
    }

    /// `--host` beyond loopback prints the warning before anything listens.
    @Test func aNonLoopbackHostPrintsAWarning() throws {
        let dir = try tempDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        // 192.0.2.1 (TEST-NET-1) is not on this machine: the bind fails after the warning, so no
        // socket is ever opened beyond loopback.
        let p = try FulcrumProcess(["serve", "--host", "192.0.2.1", "--port", "0", "--store", dir.appendingPathComponent("r.sqlite").path])
        #expect(try p.finish(timeout: 30) != 0)
        #expect(p.stderr.contains("warning: listening on 192.0.2.1, not loopback"))
        let q = try FulcrumProcess(["serve", "--port", "0", "--store", dir.appendingPathComponent("r.sqlite").path,
                                    "--scenarios", dir.appendingPathComponent("nope").path])
        #expect(try q.finish(timeout: 30) != 0)
        #expect(q.stderr.contains("--scenarios"))
    }
}

final class Counter: @unchecked Sendable {
    private let lock = NSLock()
    private var n = 0
    func add() { lock.lock(); n += 1; lock.unlock() }
    var value: Int { lock.lock(); defer { lock.unlock() }; return n }
}
