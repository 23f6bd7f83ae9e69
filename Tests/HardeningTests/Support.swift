import Foundation

let testsRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
let packageRoot = testsRoot.deletingLastPathComponent().deletingLastPathComponent()
let toyValley = packageRoot.appendingPathComponent("docs/examples/toy-valley")
let twoBranch = packageRoot.appendingPathComponent("Tests/CrisisTests/Fixtures/two-branch")
let fleeValley = testsRoot.appendingPathComponent("Fixtures/flee-valley")

struct HardeningFixtureError: Error { var message: String }

/// The `fulcrum` binary `swift build`/`swift test` put beside the test bundle.
let fulcrumBinary: URL? = {
    var dir = URL(fileURLWithPath: CommandLine.arguments.first ?? "").deletingLastPathComponent()
    for _ in 0..<3 {
        let candidate = dir.appendingPathComponent("fulcrum")
        if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
        dir = dir.deletingLastPathComponent()
    }
    let fromRoot = packageRoot.appendingPathComponent(".build/debug/fulcrum")
    return FileManager.default.isExecutableFile(atPath: fromRoot.path) ? fromRoot : nil
}()

/// Runs the CLI with a wall-clock bound (a hang is a failure, not a stuck suite), with
/// `input` on its standard input through a pipe when given.
func fulcrum(_ args: [String], stdin input: Data? = nil, timeout: TimeInterval = 60) throws -> (status: Int32, out: String, err: String) {
    guard let exe = fulcrumBinary else { throw HardeningFixtureError(message: "the fulcrum binary is not built") }
    let p = Process()
    p.executableURL = exe
    p.arguments = args
    let dir = try tempFolder(); defer { try? FileManager.default.removeItem(at: dir) }
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
    if p.isRunning { p.terminate(); p.waitUntilExit(); throw HardeningFixtureError(message: "fulcrum \(args) ran past \(timeout) s") }
    p.waitUntilExit()
    return (p.terminationStatus, (try? String(contentsOf: outURL, encoding: .utf8)) ?? "",
            (try? String(contentsOf: errURL, encoding: .utf8)) ?? "")
}

/// A fresh temporary folder, removed by the caller.
func tempFolder() throws -> URL {
    let u = FileManager.default.temporaryDirectory.appendingPathComponent("fulcrum-hardening-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: u, withIntermediateDirectories: true)
    return u
}

/// A copy of a fixture folder with text edits applied to its files.
func editedCopy(of folder: URL, _ edits: [String: (String) -> String] = [:]) throws -> URL {
    let dst = try tempFolder().appendingPathComponent(folder.lastPathComponent)
    try FileManager.default.copyItem(at: folder, to: dst)
    for (name, edit) in edits {
        let f = dst.appendingPathComponent(name)
        let text = (try? String(contentsOf: f, encoding: .utf8)) ?? ""
        try edit(text).write(to: f, atomically: true, encoding: .utf8)
    }
    return dst
}

/// Every regular file under a folder, by relative path, with its bytes.
func snapshot(_ folder: URL) throws -> [String: Data] {
    var out: [String: Data] = [:]
    let fm = FileManager.default
    for name in try fm.subpathsOfDirectory(atPath: folder.path).sorted() {
        let u = folder.appendingPathComponent(name)
        var isDir: ObjCBool = false
        if fm.fileExists(atPath: u.path, isDirectory: &isDir), !isDir.boolValue { out[name] = try Data(contentsOf: u) }
    }
    return out
}

/// A YAML "billion laughs": ten anchors, each a list of nine aliases of the last.
func aliasBomb(levels: Int = 9) -> String {
    var lines = ["a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    for i in 1...levels {
        lines.append("a\(i): &a\(i) [" + Array(repeating: "*a\(i - 1)", count: 9).joined(separator: ", ") + "]")
    }
    return lines.joined(separator: "\n") + "\n"
}
