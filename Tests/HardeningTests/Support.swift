import CLISupport
import Foundation
import Testing

let testsRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
let packageRoot = testsRoot.deletingLastPathComponent().deletingLastPathComponent()
let toyValley = packageRoot.appendingPathComponent("docs/examples/toy-valley")
let twoBranch = packageRoot.appendingPathComponent("Tests/CrisisTests/Fixtures/two-branch")
let fleeValley = testsRoot.appendingPathComponent("Fixtures/flee-valley")

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

/// Runs `validate` and `run --out` on a bad folder: both fail with the message,
/// and the --out folder is never created.
func expectRefused(_ folder: URL, _ needle: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) throws {
    let v = try fulcrum(["validate", folder.path], timeout: 60)
    #expect(v.status == 1, sourceLocation: sourceLocation)
    // validate lists its diagnostics on stdout (they are its result); run on stderr.
    #expect(v.out.contains(needle), "\(v.out.prefix(600))", sourceLocation: sourceLocation)
    let out = folder.deletingLastPathComponent().appendingPathComponent("results")
    let r = try fulcrum(["run", folder.path, "--samples", "5", "--out", out.path], timeout: 60)
    #expect(r.status == 1, sourceLocation: sourceLocation)
    #expect(r.err.contains(needle), "\(r.err.prefix(600))", sourceLocation: sourceLocation)
    #expect(!FileManager.default.fileExists(atPath: out.path), sourceLocation: sourceLocation)
    let leftovers = try FileManager.default.contentsOfDirectory(atPath: folder.deletingLastPathComponent().path)
    #expect(leftovers == [folder.lastPathComponent], "\(leftovers)", sourceLocation: sourceLocation)
}
