import Foundation
import Testing
@testable import Scenario

/// Flee users bring their tables unchanged: the peer's shipped instances load as
/// a scenario's geography with no edits, given a table-wide `geography.source`.
@Suite("Flee's own tables")
struct FleeTablesTests {
    static let instances = ["mali2012", "syria2013", "test_input_csv"]

    @Test("a shipped Flee instance's tables validate unchanged", arguments: instances)
    func instance(_ name: String) throws {
        let input = sharedDirectory.appendingPathComponent("reference/displacement/instances/\(name)/input")
        let fm = FileManager.default
        let dir = fm.temporaryDirectory.appendingPathComponent("fulcrum-flee-\(UUID().uuidString)")
        try fm.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? fm.removeItem(at: dir) }
        let fixture = packageRoot.appendingPathComponent("Tests/ScenarioTests/Fixtures/flee-tables/scenario.yaml")
        try fm.copyItem(at: fixture, to: dir.appendingPathComponent("scenario.yaml"))
        for t in ["locations.csv", "routes.csv", "closures.csv"] {
            try fm.copyItem(at: input.appendingPathComponent(t), to: dir.appendingPathComponent(t))
        }
        let r = Scenario.validate(directory: dir)
        #expect(r.diagnostics.isEmpty, "\(r.diagnostics.map(\.description))")
        let g = try #require(r.scenario?.geography)
        // Independent count of the tables' data rows: non-empty, first cell not starting
        // with '#' (Mali's header is quoted: "#name",…).
        func rows(_ t: String) throws -> Int {
            try String(contentsOf: input.appendingPathComponent(t), encoding: .utf8).split(separator: "\n")
                .filter { !$0.trimmingCharacters(in: .whitespaces).isEmpty && !$0.hasPrefix("#") && !$0.hasPrefix("\"#") }.count
        }
        #expect(g.locations.count == (try rows("locations.csv")))
        #expect(g.routes.count == (try rows("routes.csv")))
        #expect(g.closures.count == (try rows("closures.csv")))
        // Written back, the tables carry the same numbers.
        let again = parseCSV(g.fleeRoutesCSV()).dropFirst()
        for (route, row) in zip(g.routes, again) { #expect(Double(row.cells[2]) == g.distance(of: route)) }
    }
}
