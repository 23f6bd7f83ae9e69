import BoundedInput
import Foundation
import Testing
@testable import Scenario

/// Flee users bring their tables unchanged: the peer's shipped instances load as
/// a scenario's geography with no edits, given a table-wide `geography.source`.
@Suite("Flee's own tables")
struct FleeTablesTests {
    static let instances = ["mali2012", "syria2013", "test_input_csv"]

    /// The smallest scenario around a Flee instance's tables: one actor, one
    /// branch, no conflict, and a table-wide provenance for the tables.
    /// (Inline rather than a fixture file: the test target declares no resources.)
    static let scenarioYAML = """
metadata: {id: flee-tables, title: A Flee instance's tables used unchanged, as_of: 2012-02-29, horizon_days: 300, source: "flee:instance"}
sources:
  flee: {title: Flee instance tables copied beside this file by the test, file: locations.csv}
actors:
  government: {name: Government, kind: state, capability: 1, source: "assumption: placeholder"}
consequences:
  displaced: {unit: people, scale: 1000, source: "assumption: unit"}
preferences:
  government: {source: "assumption: placeholder", weights: {displaced: -1}}
tree:
  root: start
  source: "assumption: one-branch tree"
  nodes:
    start:
      player: government
      actions:
        wait: {label: Wait, schedule: calm}
conflict_schedules:
  calm: {zones: [], source: "assumption: placeholder"}
mechanisms:
  displacement: {kind: displacement_totals, source: "assumption: placeholder", outputs: {displaced: displaced}}
geography:
  source: "flee:instance"
"""

    @Test("a shipped Flee instance's tables validate unchanged", arguments: instances)
    func instance(_ name: String) throws {
        let input = sharedDirectory.appendingPathComponent("reference/displacement/instances/\(name)/input")
        let fm = FileManager.default
        let dir = fm.temporaryDirectory.appendingPathComponent("fulcrum-flee-\(UUID().uuidString)")
        try fm.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? fm.removeItem(at: dir) }
        try Self.scenarioYAML.write(to: dir.appendingPathComponent("scenario.yaml"), atomically: true, encoding: .utf8)
        for t in ["locations.csv", "routes.csv", "closures.csv"] {
            try fm.copyItem(at: input.appendingPathComponent(t), to: dir.appendingPathComponent(t))
        }
        let r = Scenario.validate(directory: dir)
        #expect(r.diagnostics.isEmpty, "\(r.diagnostics.map(\.description))")
        let g = try #require(r.scenario?.geography)
        // Independent count of the tables' data rows: non-empty, first cell not starting
        // with '#' (Mali's header is quoted: "#name",…).
        func rows(_ t: String) throws -> Int {
            // Lines end in LF or CRLF (Mali's closures.csv is CRLF, and read as no closure at all
            // before the one CSV reader): split on either.
            try String(contentsOf: input.appendingPathComponent(t), encoding: .utf8).components(separatedBy: .newlines)
                .filter { !$0.trimmingCharacters(in: .whitespaces).isEmpty && !$0.hasPrefix("#") && !$0.hasPrefix("\"#") }.count
        }
        #expect(g.locations.count == (try rows("locations.csv")))
        #expect(g.routes.count == (try rows("routes.csv")))
        #expect(g.closures.count == (try rows("closures.csv")))
        // Written back, the tables carry the same numbers.
        let again = CSV.records(g.fleeRoutesCSV()).filter { !$0.isEmptyLine }.dropFirst()
        for (route, row) in zip(g.routes, again) { #expect(Double(row.cells[2]) == g.distance(of: route)) }
    }
}
