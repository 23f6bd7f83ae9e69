import Foundation
import Testing
@testable import Scenario

/// The validator must never crash or accept a broken file silently: deleting any
/// one line of the toy scenario either leaves a valid scenario (a comment, a
/// description, an optional key) or yields diagnostics, each with a location.
@Suite("Robustness")
struct RobustnessTests {
    @Test("deleting any single line of scenario.yaml or a table")
    func lineDeletions() throws {
        for file in ["scenario.yaml", "locations.csv", "routes.csv", "closures.csv"] {
            let lines = try String(contentsOf: toyDirectory.appendingPathComponent(file), encoding: .utf8).components(separatedBy: "\n")
            var invalid = 0
            for i in lines.indices where !lines[i].trimmingCharacters(in: .whitespaces).isEmpty {
                let f = try Fixture([(file, lines.joined(separator: "\n"), lines.enumerated().filter { $0.offset != i }.map(\.element).joined(separator: "\n"))])
                defer { f.cleanup() }
                let r = f.validate()
                if r.scenario == nil {
                    invalid += 1
                    #expect(!r.diagnostics.isEmpty)
                    for d in r.diagnostics where d.kind != .missingFile {
                        #expect(d.line > 0, "\(file) without line \(i + 1): \(d)")
                    }
                }
            }
            #expect(invalid > 0, "\(file)")
        }
    }

    @Test("truncating scenario.yaml at every line")
    func truncations() throws {
        let lines = try String(contentsOf: toyDirectory.appendingPathComponent("scenario.yaml"), encoding: .utf8).components(separatedBy: "\n")
        // Only the optional sections at the end (geography, displacement, episodes) may be cut cleanly.
        let optional = try #require(lines.firstIndex(of: "geography:"))
        for n in stride(from: 0, to: lines.count, by: 3) {
            let full = lines.joined(separator: "\n")
            let f = try Fixture([("scenario.yaml", full, lines.prefix(n).joined(separator: "\n"))])
            defer { f.cleanup() }
            let r = f.validate()
            #expect(r.scenario == nil || n > optional, "truncated at \(n) lines but valid")
            #expect(r.scenario != nil || !r.diagnostics.isEmpty)
        }
    }
}
