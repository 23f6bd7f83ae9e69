import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Running the built `fulcrum` binary from tests: one way to find it and one way to run it,
/// shared by every test target that checks the command line end to end.

/// The package's root folder.
private let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .deletingLastPathComponent().deletingLastPathComponent()

/// The `fulcrum` binary `swift build`/`swift test` put beside the test bundle, else the
/// package's debug build; nil when neither exists (suites that need it are then skipped).
public let fulcrumBinary: URL? = {
    var dir = URL(fileURLWithPath: CommandLine.arguments.first ?? "").deletingLastPathComponent()
    for _ in 0..<3 {
        let candidate = dir.appendingPathComponent("fulcrum")
        if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
        dir = dir.deletingLastPathComponent()
    }
    let fromRoot = packageRoot.appendingPathComponent(".build/debug/fulcrum")
    return FileManager.default.isExecutableFile(atPath: fromRoot.path) ? fromRoot : nil
}()

public struct CLIError: Error, CustomStringConvertible { public var description: String }

/// Runs the CLI with a wall-clock bound (a hang is a failure, not a stuck suite), with
/// `input` on its standard input through a pipe when given. Output goes to files, so a
/// chatty process never blocks on a full pipe. With `maxMemoryMB` the process runs under that
/// address-space limit (`ulimit -v`), so an input that would make it allocate without bound
/// fails the test instead of the machine.
/// `directory`: the working folder to run in; `environment`: variables to set or override.
public func fulcrum(_ args: [String], stdin input: Data? = nil, timeout: TimeInterval = 60, directory: URL? = nil,
                    environment: [String: String] = [:], maxMemoryMB: Int? = nil) throws -> (status: Int32, out: String, err: String) {
    guard let exe = fulcrumBinary else { throw CLIError(description: "the fulcrum binary is not built") }
    let p = Process()
    if let mb = maxMemoryMB {
        p.executableURL = URL(fileURLWithPath: "/bin/sh")
        p.arguments = ["-c", "ulimit -v \(mb * 1024) && exec \"$0\" \"$@\"", exe.path] + args
    } else {
        p.executableURL = exe
        p.arguments = args
    }
    if let directory { p.currentDirectoryURL = directory }
    if !environment.isEmpty { p.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 } }
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("fulcrum-cli-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: dir) }
    let outURL = dir.appendingPathComponent("out"), errURL = dir.appendingPathComponent("err")
    _ = FileManager.default.createFile(atPath: outURL.path, contents: nil)
    _ = FileManager.default.createFile(atPath: errURL.path, contents: nil)
    p.standardOutput = try FileHandle(forWritingTo: outURL)
    p.standardError = try FileHandle(forWritingTo: errURL)
    let inPipe = input.map { _ in Pipe() }
    if let inPipe { p.standardInput = inPipe }
    try p.run()
    if let input, let inPipe {
        // Write from another thread: a refusing reader may close the pipe early.
        let writer = Thread {
            signal(SIGPIPE, SIG_IGN)
            try? inPipe.fileHandleForWriting.write(contentsOf: input)
            try? inPipe.fileHandleForWriting.close()
        }
        writer.start()
    }
    let deadline = Date().addingTimeInterval(timeout)
    while p.isRunning && Date() < deadline { usleep(20_000) }
    if p.isRunning { p.terminate(); p.waitUntilExit(); throw CLIError(description: "fulcrum \(args) ran past \(timeout) s") }
    p.waitUntilExit()
    return (p.terminationStatus, (try? String(contentsOf: outURL, encoding: .utf8)) ?? "",
            (try? String(contentsOf: errURL, encoding: .utf8)) ?? "")
}
