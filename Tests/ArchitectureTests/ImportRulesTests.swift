import Foundation
import Testing

/// docs/architecture.md's table of what each module may import, checked against every
/// `import` line under Sources/: a forbidden import (Report reading Scenario, one engine
/// importing another) fails here, as does a module the table does not list.
struct ImportRulesTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let platform: Set<String> = ["Foundation", "FoundationXML", "FoundationEssentials", "Dispatch", "Glibc", "Darwin"]

    /// The table between `<!-- imports -->` and `<!-- /imports -->`: module → modules it may import.
    static func allowed(in markdown: String) -> [String: Set<String>] {
        guard let start = markdown.range(of: "<!-- imports -->"), let end = markdown.range(of: "<!-- /imports -->") else { return [:] }
        var table: [String: Set<String>] = [:]
        for line in markdown[start.upperBound..<end.lowerBound].split(separator: "\n") where line.hasPrefix("| `") {
            let cells = line.split(separator: "|", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
            guard cells.count >= 4 else { continue }
            let names = { (cell: String) in Set(cell.split(separator: ",").map { $0.trimmingCharacters(in: CharacterSet(charactersIn: " `")) }.filter { !$0.isEmpty }) }
            table[cells[1].trimmingCharacters(in: CharacterSet(charactersIn: "`"))] = names(cells[cells.count - 2])
        }
        return table
    }

    /// The modules a Swift file imports (`import X`, `@testable import X`, `import struct X.Y`).
    static func imports(in source: String) -> [String] {
        source.split(separator: "\n").compactMap { raw in
            var words = raw.trimmingCharacters(in: .whitespaces).split(separator: " ").map(String.init)
            while let w = words.first, w.hasPrefix("@") { words.removeFirst() }
            guard words.first == "import", words.count >= 2 else { return nil }
            let kinds: Set<String> = ["struct", "class", "enum", "protocol", "func", "var", "let", "typealias"]
            let name = kinds.contains(words[1]) && words.count >= 3 ? words[2] : words[1]
            return String(name.split(separator: ".")[0])
        }
    }

    /// Every import that breaks the table, as `Module/file.swift imports X`.
    static func violations(_ table: [String: Set<String>], files: [(module: String, path: String, text: String)]) -> [String] {
        files.flatMap { f -> [String] in
            guard let allowed = table[f.module] else { return ["\(f.path): module \(f.module) is not in docs/architecture.md's table"] }
            return imports(in: f.text).filter { !allowed.contains($0) && !platform.contains($0) && $0 != f.module }
                .map { "\(f.path) imports \($0), which docs/architecture.md does not allow \(f.module)" }
        }
    }

    static func sourceFiles() throws -> [(module: String, path: String, text: String)] {
        let sources = root.appendingPathComponent("Sources")
        var out: [(String, String, String)] = []
        for module in try FileManager.default.contentsOfDirectory(atPath: sources.path).sorted() where !module.hasPrefix(".") {
            guard let walker = FileManager.default.enumerator(atPath: sources.appendingPathComponent(module).path) else { continue }
            for case let relative as String in walker where relative.hasSuffix(".swift") {
                let path = "Sources/\(module)/\(relative)"
                out.append((module, path, try String(contentsOf: root.appendingPathComponent(path), encoding: .utf8)))
            }
        }
        return out
    }

    @Test func everyImportIsAllowedByTheDocument() throws {
        let doc = try String(contentsOf: Self.root.appendingPathComponent("docs/architecture.md"), encoding: .utf8)
        let table = Self.allowed(in: doc)
        let files = try Self.sourceFiles()
        #expect(table["Report"] == ["BoundedInput", "Crisis"])
        #expect(Set(files.map(\.module)) == Set(table.keys))   // every module has a row, every row a module
        #expect(files.count > 100)
        #expect(Self.violations(table, files: files) == [])
    }

    /// The checker itself finds what it must: an engine importing another, Report
    /// importing Scenario, a module missing from the table; and lets the allowed through.
    @Test func theCheckCatchesForbiddenImports() {
        let table = Self.allowed(in: """
            <!-- imports -->
            | Module | What | May import |
            |---|---|---|
            | `Report` | views | `BoundedInput`, `Crisis` |
            | `Games` | solvers | `BoundedInput`, `BigInt` |
            <!-- /imports -->
            """)
        #expect(table == ["Report": ["BoundedInput", "Crisis"], "Games": ["BoundedInput", "BigInt"]])
        let files: [(module: String, path: String, text: String)] = [
            ("Report", "Sources/Report/A.swift", "import Crisis\nimport Foundation\n@preconcurrency import Scenario\n"),
            ("Games", "Sources/Games/B.swift", "import BigInt\nimport struct Displacement.World\n// import Bargaining\n"),
            ("Store", "Sources/Store/C.swift", "import Crisis\n"),
        ]
        #expect(Self.violations(table, files: files) == [
            "Sources/Report/A.swift imports Scenario, which docs/architecture.md does not allow Report",
            "Sources/Games/B.swift imports Displacement, which docs/architecture.md does not allow Games",
            "Sources/Store/C.swift: module Store is not in docs/architecture.md's table",
        ])
    }
}
