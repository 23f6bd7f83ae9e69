import Foundation
@testable import Scenario

/// The package root, derived from this file's path (CI clones the repo with shared/ beside it).
let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
let toyDirectory = packageRoot.appendingPathComponent("docs/examples/toy-valley")

/// A copy of the toy scenario in a fresh temp folder, with edits applied, for
/// malformed-input tests. Each edit replaces the first occurrence of `old` (which
/// must exist) in `file`.
struct Fixture {
    let dir: URL

    init(_ edits: [(file: String, old: String, new: String)] = [], remove: [String] = []) throws {
        let fm = FileManager.default
        dir = fm.temporaryDirectory.appendingPathComponent("fulcrum-scn-\(UUID().uuidString)")
        try fm.createDirectory(at: dir, withIntermediateDirectories: true)
        for name in ["scenario.yaml", "locations.csv", "routes.csv", "closures.csv", "story.txt"] where !remove.contains(name) {
            try fm.copyItem(at: toyDirectory.appendingPathComponent(name), to: dir.appendingPathComponent(name))
        }
        for e in edits {
            let url = dir.appendingPathComponent(e.file)
            var text = try String(contentsOf: url, encoding: .utf8)
            guard let r = text.range(of: e.old) else { throw FixtureError(message: "'\(e.old)' not in \(e.file)") }
            text.replaceSubrange(r, with: e.new)
            try text.write(to: url, atomically: true, encoding: .utf8)
        }
    }

    func text(_ file: String) throws -> String { try String(contentsOf: dir.appendingPathComponent(file), encoding: .utf8) }

    /// 1-based line and column of the first occurrence of `token` in `file` (after
    /// the first line containing `anchor`, if given), found by plain text search,
    /// independently of the validator.
    func position(of token: String, in file: String = "scenario.yaml", after anchor: String? = nil) throws -> (line: Int, column: Int) {
        let lines = try text(file).components(separatedBy: "\n")
        var started = anchor == nil
        for (i, l) in lines.enumerated() {
            if !started, let anchor, l.contains(anchor) { started = true; if !l.contains(token) { continue } }
            if started, let r = l.range(of: token) { return (i + 1, l.distance(from: l.startIndex, to: r.lowerBound) + 1) }
        }
        throw FixtureError(message: "'\(token)' not in \(file)")
    }

    func validate() -> Scenario.LoadResult { Scenario.validate(directory: dir) }

    func cleanup() { try? FileManager.default.removeItem(at: dir) }
}

struct FixtureError: Error { var message: String }
