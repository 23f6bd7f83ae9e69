import CLISupport
import Bargaining
import BoundedInput
import Foundation
import Testing
import Scenario

/// The one bounded reader every input goes through (`BoundedFile`): pipes and
/// devices are read in chunks and refused one byte past the limit, directories
/// and sockets are refused, regular files over the limit are refused unread.
@Suite struct BoundedReaderTests {
    @Test func aPipeIsReadWhole() throws {
        let p = Pipe()
        let bytes = Data((0..<5000).map { UInt8(truncatingIfNeeded: $0 &* 7) })
        p.fileHandleForWriting.write(bytes)
        try p.fileHandleForWriting.close()
        let path = "/dev/fd/\(p.fileHandleForReading.fileDescriptor)"
        #expect(try BoundedFile.data(path: path, limit: 5000) == bytes)
    }

    @Test func aPipePastTheLimitIsRefusedWithoutReadingOn() throws {
        // The writer keeps the pipe open: a reader that asked for more than
        // limit + 1 bytes (or waited for the end) would block here.
        let p = Pipe()
        p.fileHandleForWriting.write(Data(repeating: 65, count: 2000))
        let path = "/dev/fd/\(p.fileHandleForReading.fileDescriptor)"
        let done = DispatchSemaphore(value: 0)
        nonisolated(unsafe) var result: Result<Data, InputFileError>?
        DispatchQueue.global().async {
            result = Result { () throws(InputFileError) -> Data in try BoundedFile.data(path: path, limit: 1000) }
            done.signal()
        }
        let returned = done.wait(timeout: .now() + 10) == .success
        try p.fileHandleForWriting.close()   // unblocks a faulty reader
        if !returned { _ = done.wait(timeout: .now() + 10) }
        #expect(returned, "the reader waited for more than limit + 1 bytes")
        #expect(result.map { if case .failure(let e) = $0 { return e == .tooLarge(size: nil, limit: 1000) } else { return false } } == true)
        // Exactly limit + 1 bytes were taken: the rest are still in the pipe.
        #expect(p.fileHandleForReading.readDataToEndOfFile().count == 2000 - 1001)
    }

    @Test func aNamedPipeAndDevices() throws {
        let dir = try tempFolder(); defer { try? FileManager.default.removeItem(at: dir) }
        let fifo = dir.appendingPathComponent("fifo").path
        #expect(mkfifo(fifo, 0o600) == 0)
        let writer = Thread {
            if let h = FileHandle(forWritingAtPath: fifo) { h.write(Data("a,b\n1,2\n".utf8)); try? h.close() }
        }
        writer.start()
        #expect(try BoundedFile.text(path: fifo, limit: 100) == "a,b\n1,2\n")
        // /dev/zero never ends: refused one byte past the limit, not read forever.
        #expect(throws: InputFileError.tooLarge(size: nil, limit: 4096)) { try BoundedFile.data(path: "/dev/zero", limit: 4096) }
        #expect(try BoundedFile.data(path: "/dev/null", limit: 10) == Data())
    }

    @Test func directoriesSocketsAndBigFilesAreRefused() throws {
        let dir = try tempFolder(); defer { try? FileManager.default.removeItem(at: dir) }
        #expect(throws: InputFileError.notAFile(kind: "directory")) { try BoundedFile.data(path: dir.path, limit: 10) }
        #expect(throws: InputFileError.missing) { try BoundedFile.data(path: dir.path + "/none", limit: 10) }
        // A Unix socket bound at a path.
        let sock = dir.appendingPathComponent("s").path
        let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var addr = sockaddr_un(); addr.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &addr.sun_path) { raw in for (i, b) in sock.utf8.enumerated() { raw[i] = b } }
        let bound = withUnsafePointer(to: &addr) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) } }
        #expect(bound == 0)
        #expect(throws: InputFileError.notAFile(kind: "socket")) { try BoundedFile.data(path: sock, limit: 10) }
        // A sparse 1 GiB file is refused on its size, before any read.
        let big = dir.appendingPathComponent("big")
        _ = FileManager.default.createFile(atPath: big.path, contents: nil)
        let h = try FileHandle(forWritingTo: big); try h.truncate(atOffset: 1 << 30); try h.close()
        #expect(throws: InputFileError.tooLarge(size: 1 << 30, limit: 1 << 20)) { try BoundedFile.data(path: big.path, limit: 1 << 20) }
        #expect("\(InputFileError.tooLarge(size: 1 << 30, limit: 1 << 20))" == "is 1.0 GiB, larger than the 1.0 MiB limit")
    }

    /// Confined reading judges the file it opened: a link out of the root is refused
    /// wherever it sits on the path (the file itself, or a folder on the way), a link
    /// that stays inside is followed, and a root that is a prefix of another folder's
    /// name does not admit that folder.
    @Test func confinedReadingRefusesWhatLeadsOutOfTheRoot() throws {
        let made = try tempFolder()
        defer { try? FileManager.default.removeItem(at: made) }
        // Resolved, as the workbench's root is (macOS's temporary folder is behind a link).
        let base = URL(fileURLWithPath: try #require(realpath(made.path, nil).map { p in defer { free(p) }; return String(cString: p) }))
        let fm = FileManager.default
        let root = base.appendingPathComponent("root"), sibling = base.appendingPathComponent("root-sibling")
        try fm.createDirectory(at: root.appendingPathComponent("sub"), withIntermediateDirectories: true)
        try fm.createDirectory(at: sibling, withIntermediateDirectories: true)
        try Data("inside".utf8).write(to: root.appendingPathComponent("sub/a.csv"))
        try Data("outside".utf8).write(to: sibling.appendingPathComponent("b.csv"))
        try fm.createSymbolicLink(atPath: root.appendingPathComponent("in-link.csv").path, withDestinationPath: root.appendingPathComponent("sub/a.csv").path)
        try fm.createSymbolicLink(atPath: root.appendingPathComponent("out-link.csv").path, withDestinationPath: sibling.appendingPathComponent("b.csv").path)
        try fm.createSymbolicLink(atPath: root.appendingPathComponent("out-dir").path, withDestinationPath: sibling.path)
        let r = root.path
        #expect(try BoundedFile.data(path: r + "/sub/a.csv", limit: 100, within: r) == Data("inside".utf8))
        #expect(try BoundedFile.data(path: r + "/in-link.csv", limit: 100, within: r) == Data("inside".utf8))
        #expect(try BoundedFile.data(path: r + "/out-link.csv", limit: 100) == Data("outside".utf8))
        #expect(throws: InputFileError.outside(root: r)) { try BoundedFile.data(path: r + "/out-link.csv", limit: 100, within: r) }
        #expect(throws: InputFileError.outside(root: r)) { try BoundedFile.data(path: r + "/out-dir/b.csv", limit: 100, within: r) }
        #expect(throws: InputFileError.outside(root: r)) { try BoundedFile.data(path: r + "/../root-sibling/b.csv", limit: 100, within: r) }
        #expect("\(InputFileError.outside(root: r))" == "leads outside \(r)")
    }

    @Test func aScenarioTableMayBeANamedPipe() throws {
        let f = try editedCopy(of: toyValley)
        let table = f.appendingPathComponent("locations.csv")
        let text = try Data(contentsOf: table)
        try FileManager.default.removeItem(at: table)
        #expect(mkfifo(table.path, 0o600) == 0)
        let writer = Thread { if let h = FileHandle(forWritingAtPath: table.path) { h.write(text); try? h.close() } }
        writer.start()
        let r = Scenario.validate(directory: f)
        #expect(r.scenario != nil, "\(r.diagnostics)")
        // /dev/zero as a table: refused at the (here lowered) size limit.
        try FileManager.default.removeItem(at: table)
        try FileManager.default.createSymbolicLink(atPath: table.path, withDestinationPath: "/dev/zero")
        var limits = ScenarioLimits(); limits.maxTableBytes = 1 << 16
        let z = Scenario.validate(directory: f, limits: limits).diagnostics
        #expect(z.contains { $0.file == "locations.csv" && $0.message == "locations.csv is larger than the 64.0 KiB limit" }, "\(z)")
    }
}

@Suite("Piped input through the CLI", .enabled(if: fulcrumBinary != nil, "the fulcrum binary is built beside the tests"))
struct PipedCLITests {
    @Test func gameFromStandardInput() throws {
        let file = packageRoot.appendingPathComponent("Fuzz/corpus/gambit/e05.efg")
        let direct = try fulcrum(["game", "solve", file.path])
        let piped = try fulcrum(["game", "solve", "/dev/stdin"], stdin: try Data(contentsOf: file))
        #expect(direct.status == 0 && piped.status == 0, "\(piped.err)")
        #expect(piped.out == direct.out && !direct.out.isEmpty)
        let bad = try fulcrum(["game", "solve", "/dev/stdin"], stdin: Data("EFG 2 R \"x\" { \"a\" \"b\" }\nq nonsense\n".utf8))
        #expect(bad.status == 1 && bad.err.contains("/dev/stdin:2:1: expected node type"), "\(bad.err)")
    }

    @Test func bargainingInputsFromStandardInput() throws {
        let ktab = packageRoot.appendingPathComponent("scripts/bargaining/data/dummyData_3Dim.csv")
        let direct = try fulcrum(["forecast", "--ktab", ktab.path])
        let piped = try fulcrum(["forecast", "--ktab", "/dev/stdin"], stdin: try Data(contentsOf: ktab))
        #expect(direct.status == 0 && piped.status == 0, "\(piped.err)")
        #expect(piped.out.replacingOccurrences(of: "/dev/stdin", with: ktab.path) == direct.out)
        let problem = #"{"name": "p", "dimensions": ["d"], "actors": [{"name": "A", "capability": 10, "positions": [20], "saliences": [0.5]}, {"name": "B", "capability": 30, "positions": [80], "saliences": [0.6]}]}"#
        let p = try fulcrum(["forecast", "--problem", "/dev/stdin"], stdin: Data(problem.utf8))
        #expect(p.status == 0, "\(p.err)")
    }

    @Test func anOversizedPipeIsRefused() throws {
        // 64 MiB + 1 of spaces: past the bargaining and game limits.
        let big = Data(repeating: 0x20, count: (64 << 20) + 1)
        let k = try fulcrum(["forecast", "--problem", "/dev/stdin"], stdin: big)
        #expect(k.status == 1 && k.err.contains("/dev/stdin") && k.err.contains("larger than the 64.0 MiB limit"), "\(k.err)")
        let g = try fulcrum(["game", "solve", "/dev/stdin"], stdin: big)
        #expect(g.status == 1 && g.err.contains("larger than the 64.0 MiB limit"), "\(g.err)")
    }
}

/// `forecast --problem` is read like every other bargaining input.
@Suite struct ProblemJSONLimitTests {
    @Test func aProblemFileOverTheLimitIsRefusedUnread() throws {
        let dir = try tempFolder(); defer { try? FileManager.default.removeItem(at: dir) }
        let big = dir.appendingPathComponent("problem.json")
        _ = FileManager.default.createFile(atPath: big.path, contents: nil)
        let h = try FileHandle(forWritingTo: big); try h.truncate(atOffset: 1 << 30); try h.close()
        do { _ = try BargainingProblem.readJSON(path: big.path); Issue.record("expected an error") } catch {
            #expect("\(error)".contains("problem.json") && "\(error)".contains("is 1.0 GiB, larger than the 64.0 MiB limit"), "\(error)")
        }
        do { _ = try BargainingProblem.readJSON(path: dir.path); Issue.record("expected an error") } catch {
            #expect("\(error)".contains("is a directory"), "\(error)")
        }
    }
}

/// Every failure exits 1, usage errors included; help and version exit 0.
@Suite("Exit status", .enabled(if: fulcrumBinary != nil, "the fulcrum binary is built beside the tests"))
struct ExitStatusTests {
    @Test(arguments: [
        (["run", "--bogus"], "Unknown option '--bogus'"),
        (["run", "--samples"], "Missing value for '--samples"),
        (["run", "--samples", "many"], "The value 'many' is invalid for '--samples"),
        (["run", "--samples", "1000000000000"], "is more than 1000000"),
        (["game", "solve"], "Missing expected argument"),
        (["nosuchcommand"], "Unexpected argument 'nosuchcommand'"),
        (["forecast", "--ktab", "/nonexistent/x.csv"], "/nonexistent/x.csv"),
    ])
    func usageAndInputErrorsExitOne(args: [String], needle: String) throws {
        let r = try fulcrum(args, timeout: 30)
        #expect(r.status == 1, "\(args): \(r.status) \(r.err)")
        #expect(r.err.contains(needle), "\(args): \(r.err)")
    }

    @Test func helpAndVersionExitZero() throws {
        for args in [["--help"], ["--version"], ["run", "--help"], ["help", "game"]] {
            let r = try fulcrum(args, timeout: 30)
            #expect(r.status == 0 && !r.out.isEmpty, "\(args): \(r.status) \(r.err)")
        }
    }
}
