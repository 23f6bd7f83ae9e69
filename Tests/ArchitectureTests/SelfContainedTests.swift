import Foundation
import Testing

/// The repository stands alone: no file under Sources/, Tests/ or docs/ cites a section of a
/// reference text its users do not have ("reference §N") or the shared data folder beside the
/// clone by a relative path; no document names a path into that folder at all. Rules are
/// stated where they are used, or cited from docs/.
struct SelfContainedTests {
    static let root = ImportRulesTests.root
    static let folders = ["Sources", "Tests", "docs"]
    static let everywhere = ["reference §", "../shared"]
    static let inDocs = ["shared/"]

    /// Every forbidden citation, as `path:line: "text"`.
    static func violations(files: [(path: String, text: String)]) -> [String] {
        files.flatMap { f -> [String] in
            let forbidden = everywhere + (f.path.hasPrefix("docs/") ? inDocs : [])
            return f.text.split(separator: "\n", omittingEmptySubsequences: false).enumerated().flatMap { n, line in
                forbidden.filter { line.contains($0) }.map { "\(f.path):\(n + 1): \"\($0)\"" }
            }
        }
    }

    static func files() throws -> [(path: String, text: String)] {
        let me = URL(fileURLWithPath: #filePath).standardizedFileURL.path
        var out: [(String, String)] = []
        for folder in folders {
            let base = root.appendingPathComponent(folder)
            guard let walker = FileManager.default.enumerator(atPath: base.path) else { continue }
            for case let relative as String in walker {
                let url = base.appendingPathComponent(relative)
                var isDir: ObjCBool = false
                guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDir), !isDir.boolValue,
                      url.standardizedFileURL.path != me else { continue }
                // Decoded leniently: a file that is not valid UTF-8 is still searched.
                out.append(("\(folder)/\(relative)", String(decoding: try Data(contentsOf: url), as: UTF8.self)))
            }
        }
        return out
    }

    @Test func noFileCitesWhatUsersDoNotHave() throws {
        let files = try Self.files()
        #expect(files.count > 300)
        #expect(files.contains { $0.path == "docs/displacement.md" })
        #expect(Self.violations(files: files) == [])
    }

    @Test func theCheckFindsEachForm() {
        let files: [(path: String, text: String)] = [
            ("Sources/A.swift", "/// Travel (reference §7).\nlet x = 1\n"),
            ("Tests/B.swift", "let ok = \"docs/displacement.md\"\n// from ../shared/reference\n"),
            ("docs/c.md", "Data in shared/reference/games.\n"),
            ("Sources/D.swift", "let path = \"shared/reference\"  // code may name the test data's folder\n"),
        ]
        #expect(Self.violations(files: files) == [
            "Sources/A.swift:1: \"reference §\"",
            "Tests/B.swift:2: \"../shared\"",
            "docs/c.md:1: \"shared/\"",
        ])
    }
}
