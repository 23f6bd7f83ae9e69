import CLISupport
import Foundation
import Testing

/// No command deletes what it was not given (issue 18): `--out`, `--report`, `--csv` and
/// the rest, end to end, each in a scratch folder. Every refusal leaves the scratch folder
/// byte for byte as it was.
@Suite("Outputs: nothing deleted that was not given", .enabled(if: fulcrumBinary != nil, "the fulcrum binary is built beside the tests"))
struct OutputSafetyTests {
    /// A scratch folder with a copy of toy-valley holding the user's own notes.
    struct Scratch {
        let root: URL
        var toy: URL { root.appendingPathComponent("toy") }
        init() throws {
            root = try tempFolder()
            try FileManager.default.copyItem(at: toyValley, to: root.appendingPathComponent("toy"))
            try Data("my notes\n".utf8).write(to: root.appendingPathComponent("toy/NOTES.md"))
        }
        func url(_ p: String) -> URL { root.appendingPathComponent(p) }
        func remove() { try? FileManager.default.removeItem(at: root) }
    }

    static let quick = ["--samples", "5", "--no-store"]
    static let runFiles: Set<String> = ["results.json", "branches.csv", "displaced_by_day.csv", "locations.csv", "population_by_day.csv",
                                        "routes.csv", "game.efg", "report.html", "fulcrum-output.json"]

    func kind(_ path: String) -> mode_t? {
        var st = stat()
        return lstat(path, &st) == 0 ? st.st_mode & S_IFMT : nil
    }

    func names(_ u: URL) -> Set<String> { Set((try? FileManager.default.contentsOfDirectory(atPath: u.path)) ?? []) }

    /// D1: the scenario folder, the current folder and their parents, and a file are refused,
    /// --force or not, before any work; nothing in the scratch folder changes.
    @Test func outRefusesTheInputTheCurrentFolderTheirParentsAndFiles() throws {
        let s = try Scratch(); defer { s.remove() }
        let cwd = s.url("a/b")
        try FileManager.default.createDirectory(at: cwd, withIntermediateDirectories: true)
        try Data("mine\n".utf8).write(to: cwd.appendingPathComponent("mine.txt"))
        try Data("keep\n".utf8).write(to: s.url("file.txt"))
        let before = try snapshot(s.root)
        let cases: [(args: [String], dir: URL?, needle: String)] = [
            (["run", s.toy.path, "--out", s.toy.path], nil, "is the input \(s.toy.path)"),
            (["run", s.toy.path, "--out", s.toy.path + "/.."], nil, "holds the input \(s.toy.path)"),
            (["run", "../../toy", "--out", "."], cwd, ".: is the current folder"),
            (["run", "../../toy", "--out", ".."], cwd, "..: holds the current folder"),
            (["run", s.toy.path, "--out", s.url("file.txt").path], nil, "is a file; a folder output never replaces a file"),
        ]
        for c in cases {
            for force in [false, true] {
                let r = try fulcrum(c.args + Self.quick + (force ? ["--force"] : []), directory: c.dir)
                #expect(r.status == 1, "\(c.args): \(r.err)")
                #expect(r.err.contains(c.needle), "\(c.args): \(r.err)")
                #expect(try snapshot(s.root) == before, "\(c.args)")
            }
        }
    }

    /// D1: a home folder (and what holds it) is refused.
    @Test func outRefusesAHomeFolder() throws {
        let s = try Scratch(); defer { s.remove() }
        let home = s.url("users/me")
        try FileManager.default.createDirectory(at: home, withIntermediateDirectories: true)
        try Data("profile\n".utf8).write(to: home.appendingPathComponent(".profile"))
        let before = try snapshot(s.root)
        for target in [home, s.url("users")] {
            let r = try fulcrum(["run", s.toy.path, "--out", target.path, "--force"] + Self.quick, environment: ["HOME": home.path])
            #expect(r.status == 1 && r.err.contains("the home folder \(home.path)"), "\(r.err)")
        }
        #expect(try snapshot(s.root) == before)
    }

    /// D1: a non-empty folder Fulcrum did not write is refused; --force replaces it; an
    /// earlier output is replaced without asking, unless the user has added to it.
    @Test func outReplacesOnlyEarlierOutputsUnlessForced() throws {
        let s = try Scratch(); defer { s.remove() }
        let out = s.url("results")
        try FileManager.default.createDirectory(at: out, withIntermediateDirectories: true)
        try Data("mine\n".utf8).write(to: out.appendingPathComponent("mine.txt"))
        let refused = try fulcrum(["run", s.toy.path, "--out", out.path] + Self.quick)
        #expect(refused.status == 1 && refused.err.contains("is a folder Fulcrum did not write (it holds mine.txt"), "\(refused.err)")
        #expect(refused.err.contains("--force to replace it whole"))
        #expect(names(out) == ["mine.txt"])
        let forced = try fulcrum(["run", s.toy.path, "--out", out.path, "--force"] + Self.quick)
        #expect(forced.status == 0, "\(forced.err)")
        #expect(names(out) == Self.runFiles)
        let again = try fulcrum(["run", s.toy.path, "--out", out.path] + Self.quick)
        #expect(again.status == 0, "\(again.err)")
        try Data("notes\n".utf8).write(to: out.appendingPathComponent("notes.md"))
        let added = try fulcrum(["run", s.toy.path, "--out", out.path] + Self.quick)
        #expect(added.status == 1 && added.err.contains("is an earlier Fulcrum output, but it also holds notes.md"), "\(added.err)")
        #expect(names(out) == Self.runFiles.union(["notes.md"]))
        #expect(names(s.root) == ["toy", "results"])
        let useless = try fulcrum(["run", s.toy.path, "--force"] + Self.quick)
        #expect(useless.status == 1 && useless.err.contains("--force has no effect without --out"), "\(useless.err)")
    }

    /// D1 for `merge --out` and `displace --out`: the same rules.
    @Test func mergeAndDisplaceOutFollowTheSameRules() throws {
        let s = try Scratch(); defer { s.remove() }
        let shards = s.url("shards")
        for k in 1...2 {
            let r = try fulcrum(["run", s.toy.path, "--samples", "6", "--shard", "\(k)/2", "--out", shards.path])
            #expect(r.status == 0, "\(r.err)")
        }
        let before = try snapshot(s.root)
        for target in [shards, s.toy, s.root] {
            let r = try fulcrum(["merge", shards.path, "--out", target.path, "--no-store", "--force"])
            #expect(r.status == 1 && r.err.contains("the input"), "\(r.err)")
        }
        #expect(try snapshot(s.root) == before)
        let merged = try fulcrum(["merge", shards.path, "--out", s.url("merged").path, "--no-store"])
        #expect(merged.status == 0, "\(merged.err)")
        #expect(names(s.url("merged")) == Self.runFiles.subtracting(["report.html"]))

        let flee = s.url("flee")
        try FileManager.default.copyItem(at: fleeValley, to: flee)
        let fleeBefore = try snapshot(flee)
        for target in [flee, s.root] {
            let r = try fulcrum(["displace", flee.path, "--days", "5", "--out", target.path, "--force"])
            #expect(r.status == 1 && r.err.contains("the input"), "\(r.err)")
        }
        let foreign = try fulcrum(["displace", flee.path, "--days", "5", "--out", s.url("shards").path])
        #expect(foreign.status == 1 && foreign.err.contains("is a folder Fulcrum did not write"), "\(foreign.err)")
        #expect(try snapshot(flee) == fleeBefore)
        let ok = try fulcrum(["displace", flee.path, "--days", "5", "--out", s.url("d").path])
        #expect(ok.status == 0, "\(ok.err)")
        #expect(names(s.url("d")) == ["population.csv", "out.meta.json", "fulcrum-output.json"])
    }

    /// D2: a named pipe (the stand-in for a device node a test may make) given as --report
    /// is written into and stays a pipe; given as --out it is refused and stays a pipe.
    /// /dev/null, or as root a `mknod` copy of it, stays a character device.
    @Test func devicesAndPipesAreWrittenDirectlyOrRefusedNeverReplaced() throws {
        let s = try Scratch(); defer { s.remove() }
        let pipe = s.url("pipe")
        #expect(mkfifo(pipe.path, 0o600) == 0)
        // A reader on the other end, as `--report pipe | less` would have.
        let reader = PipeReader(pipe.path)
        let r = try fulcrum(["run", s.toy.path, "--report", pipe.path] + Self.quick)
        #expect(r.status == 0, "\(r.err)")
        let html = reader.finish()
        #expect(kind(pipe.path) == S_IFIFO)
        #expect(html.hasPrefix("<!DOCTYPE html>") && html.hasSuffix("</html>\n"), "\(html.prefix(100))")
        let out = try fulcrum(["run", s.toy.path, "--out", pipe.path, "--force"] + Self.quick)
        #expect(out.status == 1 && out.err.contains("is a named pipe, not a folder"), "\(out.err)")
        #expect(kind(pipe.path) == S_IFIFO)

        var device = "/dev/null"
        if getuid() == 0 {
            // Root could replace the real /dev/null: use a copy made in the scratch folder.
            device = s.url("null").path
            let mknod = Process()
            mknod.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            mknod.arguments = ["mknod", "-m", "666", device, "c", "1", "3"]
            try mknod.run(); mknod.waitUntilExit()
            // No CAP_MKNOD, or a nodev scratch file system: the pipe above stands in.
            let fd = mknod.terminationStatus == 0 ? open(device, O_WRONLY) : -1
            guard fd >= 0 else { return }
            close(fd)
        }
        let report = try fulcrum(["run", s.toy.path, "--report", device] + Self.quick)
        #expect(report.status == 0, "\(report.err)")
        #expect(kind(device) == S_IFCHR)
        let folder = try fulcrum(["run", s.toy.path, "--out", device, "--force"] + Self.quick)
        #expect(folder.status == 1 && folder.err.contains("is a character device, not a folder"), "\(folder.err)")
        #expect(kind(device) == S_IFCHR)
    }

    /// U5: every output path is checked before the run: a report in a missing folder fails
    /// at once, and --out is not written.
    @Test func outputPathsAreCheckedBeforeTheRun() throws {
        let s = try Scratch(); defer { s.remove() }
        let r = try fulcrum(["run", s.toy.path, "--out", s.url("out").path, "--report", s.url("missing/r.html").path] + Self.quick)
        #expect(r.status == 1, "\(r.err)")
        #expect(r.err.contains("\(s.url("missing/r.html").path): cannot be written: the folder \(s.url("missing").path) does not exist"), "\(r.err)")
        #expect(!r.err.contains("partial"))
        #expect(names(s.root) == ["toy"])
        let dir = try fulcrum(["run", s.toy.path, "--report", s.toy.path] + Self.quick)
        #expect(dir.status == 1 && dir.err.contains("is a folder; a file output never replaces a folder"), "\(dir.err)")
        let csv = try fulcrum(["forecast", "--table", packageRoot.appendingPathComponent("scripts/bargaining/data/bdm-eu-emissions.csv").path,
                               "--csv", s.url("missing/f").path])
        #expect(csv.status == 1 && csv.err.contains("the folder \(s.url("missing").path) does not exist"), "\(csv.err)")
        #expect(names(s.root) == ["toy"])
    }

    /// U5: several runs writing the same --out at once: each either succeeds, or fails
    /// before computing with a clear message; the folder ends complete, nothing left beside it.
    @Test func concurrentWritersOfOneOutEachSucceedOrFailCleanly() throws {
        let s = try Scratch(); defer { s.remove() }
        let out = s.url("same")
        let logs = (0..<6).map { s.url("err-\($0)") }
        let runs = try logs.map { log -> Process in
            let p = Process()
            p.executableURL = fulcrumBinary
            p.arguments = ["run", s.toy.path, "--samples", "40", "--no-store", "--out", out.path]
            _ = FileManager.default.createFile(atPath: log.path, contents: nil)
            p.standardError = try FileHandle(forWritingTo: log)
            p.standardOutput = FileHandle.nullDevice
            return p
        }
        for p in runs { try p.run() }
        for p in runs { p.waitUntilExit() }
        var succeeded = 0
        for (p, log) in zip(runs, logs) {
            let err = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
            if p.terminationStatus == 0 { succeeded += 1 } else {
                #expect(p.terminationStatus == 1)
                #expect(err.contains("\(out.path): another Fulcrum process is writing this output now"), "\(err)")
            }
        }
        #expect(succeeded >= 1)
        #expect(names(out) == Self.runFiles)
        #expect(names(s.root) == Set(["toy", "same"] + logs.map(\.lastPathComponent)))
    }

    /// D3: the staging and previous folders an interrupted write left are found by the next
    /// run to the same --out: the complete output is put back and named, the rest deleted.
    @Test func theNextRunCleansUpAfterAnInterruptedOne() throws {
        let s = try Scratch(); defer { s.remove() }
        let first = try fulcrum(["run", s.toy.path, "--out", s.url("first").path] + Self.quick)
        #expect(first.status == 0, "\(first.err)")
        // As a kill between the two renames leaves it: the new output complete under the
        // staging name, the old half-deleted under the previous name, nothing at the target.
        let staging = s.url(".out.fulcrum-staging-999999"), previous = s.url(".out.fulcrum-previous-999998")
        try FileManager.default.moveItem(at: s.url("first"), to: staging)
        try FileManager.default.createDirectory(at: previous, withIntermediateDirectories: true)
        try Data("half".utf8).write(to: previous.appendingPathComponent("results.json"))
        let out = s.url("out")
        let r = try fulcrum(["run", s.toy.path, "--out", out.path] + Self.quick)
        #expect(r.status == 0, "\(r.err)")
        #expect(r.err.contains("note: restored \(out.path) from \(staging.path), the complete output an interrupted Fulcrum left there"), "\(r.err)")
        #expect(r.err.contains("note: deleted \(previous.path), left by an interrupted Fulcrum"), "\(r.err)")
        #expect(names(s.root) == ["toy", "out"])
        #expect(names(out) == Self.runFiles)
    }

    /// U3: a location named `Ford, the crossing` is one quoted field in population.csv.
    @Test func displaceQuotesCSVFields() throws {
        let s = try Scratch(); defer { s.remove() }
        let flee = try editedCopy(of: fleeValley, [
            "locations.csv": { $0.replacingOccurrences(of: "\nFord,", with: "\n\"Ford, the crossing\",") },
            "routes.csv": { $0.replacingOccurrences(of: ",Ford,", with: ",\"Ford, the crossing\",").replacingOccurrences(of: "\nFord,", with: "\n\"Ford, the crossing\",") },
        ])
        defer { try? FileManager.default.removeItem(at: flee.deletingLastPathComponent()) }
        let out = s.url("d")
        let r = try fulcrum(["displace", flee.path, "--days", "5", "--out", out.path])
        #expect(r.status == 0, "\(r.err)")
        let header = try String(contentsOf: out.appendingPathComponent("population.csv"), encoding: .utf8).split(separator: "\n")[0]
        #expect(header.contains(",\"Ford, the crossing\","), "\(header)")
        let rows = try String(contentsOf: out.appendingPathComponent("population.csv"), encoding: .utf8).split(separator: "\n")
        // Every row has as many fields as the header once the quoted one is read as one.
        let fields = header.replacingOccurrences(of: "\"Ford, the crossing\"", with: "F").split(separator: ",").count
        #expect(rows.dropFirst().allSatisfy { $0.split(separator: ",").count == fields })
    }
}

/// Reads a named pipe on a thread, its end open (non-blocking) before `init` returns,
/// until `finish` is called and the pipe has no writer left; `finish` returns what came through.
final class PipeReader: @unchecked Sendable {
    private let lock = NSLock()
    private var data = Data()
    private var stop = false, done = false

    init(_ path: String) {
        let opened = DispatchSemaphore(value: 0)
        Thread { [self] in
            let fd = open(path, O_RDONLY | O_NONBLOCK)
            opened.signal()
            var buffer = [UInt8](repeating: 0, count: 1 << 16)
            while fd >= 0 {
                let n = read(fd, &buffer, buffer.count)
                if n > 0 { lock.withLock { data.append(contentsOf: buffer[0..<n]) }; continue }
                // 0: no writer has the pipe open (none yet, or it has closed); -1: a writer, no data yet.
                if n == 0 && lock.withLock({ stop }) { break }
                usleep(2_000)
            }
            if fd >= 0 { close(fd) }
            lock.withLock { done = true }
        }.start()
        opened.wait()
    }

    func finish() -> String {
        lock.withLock { stop = true }
        let end = Date().addingTimeInterval(10)
        while !lock.withLock({ done }) && Date() < end { usleep(2_000) }
        return lock.withLock { String(decoding: data, as: UTF8.self) }
    }
}
