import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Report
import Scenario
import Testing
@testable import Workbench

/// The workbench's inputs as a reader looks for them (issue 16 §5): under the actor,
/// mechanism or schedule they belong to, by their human names, with ranges in words.
struct WorkbenchInputGroupsTests {
    /// The page's groups: title, then each row's path, label and range text.
    func groups(_ body: String) -> [(title: String, rows: [(path: String, label: String, range: String)])] {
        body.components(separatedBy: "<tbody class=\"group\">").dropFirst().map { chunk in
            let g = String(chunk[..<chunk.range(of: "</tbody>")!.lowerBound])
            let title = String(g[g.range(of: "<th colspan=\"3\">")!.upperBound...].prefix { $0 != "<" }).trimmingCharacters(in: .whitespaces)
            let re = try! NSRegularExpression(pattern: #"data-path="([^"]+)"><td><div class="label">([^<]*)</div>.*?range <span class="range">([^<]*)</span>"#)
            let rows = re.matches(in: g, range: NSRange(g.startIndex..., in: g)).map { m in
                let s = { (i: Int) in String(g[Range(m.range(at: i), in: g)!]) }
                return (s(1), s(2), s(3))
            }
            return (title, rows)
        }
    }

    func page(_ directory: URL?) async throws -> String {
        let app = Workbench.application(jobs: try ToyBench.jobs())
        let q = directory.map { "?scenario=" + $0.path.addingPercentEncoding(withAllowedCharacters: .alphanumerics)! } ?? ""
        return try await app.test(.router) { client in
            try await client.execute(uri: "/\(q)", method: .get) { r in
                #expect(r.status == .ok)
                return String(buffer: r.body)
            }
        }
    }

    /// The built-in Idlib scenario and the toy: every uncertain input once, under the group
    /// of its actor (by name), its mechanism or its schedule (by description); labelled in
    /// words, not by its path; its range "A to B" with true minus signs.
    @Test(arguments: [nil, ToyBench.directory])
    func inputsAreGroupedByActorMechanismAndSchedule(_ directory: URL?) async throws {
        let scenario = try #require(Scenario.validate(directory: directory ?? Scenario.builtInDirectory).scenario)
        let shown = groups(try await page(directory))
        let rows = shown.flatMap { g in g.rows.map { (group: g.title, row: $0) } }
        #expect(rows.map(\.row.path) == InputGroups(scenario).groups.flatMap { $0.items.map(\.input.path) })
        #expect(Set(rows.map(\.row.path)) == Set(scenario.uncertainInputs.map(\.path)))
        #expect(rows.count == scenario.uncertainInputs.count)
        let actors = Dictionary(uniqueKeysWithValues: scenario.actors.map { ($0.id, $0.name) })
        let schedules = Dictionary(uniqueKeysWithValues: scenario.schedules.map { ($0.id, $0.description) })
        var byOwner = 0
        for (group, row) in rows {
            let parts = row.path.split(separator: ".").map(String.init)
            switch parts[0] {
            case "preferences", "actors": #expect(group == escapeXMLForTest(actors[parts[1]]!), "\(row.path)"); byOwner += 1
            case "issues": #expect(group == escapeXMLForTest(actors[parts[2]]!), "\(row.path)"); byOwner += 1
            case "mechanisms": #expect(group.lowercased() == parts[1].replacingOccurrences(of: "_", with: " "), "\(row.path)"); byOwner += 1
            case "conflict_schedules": #expect(group == escapeXMLForTest(schedules[parts[1]]!), "\(row.path)"); byOwner += 1
            default: break
            }
            #expect(!row.label.isEmpty && !row.label.contains(row.path) && !row.label.contains("_"), "\(row.path): '\(row.label)'")
            let input = scenario.uncertainInputs.first { $0.path == row.path }!
            let (lo, hi) = Pages.sliderRange(input.distribution)
            #expect(row.range == NumberFormat.range(lo, hi))
            #expect(row.range.contains(" to ") && !row.range.contains("-") && !row.range.contains("–"), "\(row.path): '\(row.range)'")
            if lo < 0 { #expect(row.range.hasPrefix("−")) }
        }
        #expect(byOwner > rows.count / 2)
        // Groups are not repeated: each actor, mechanism or schedule appears once.
        #expect(Set(shown.map(\.title)).count == shown.count)
    }

    /// The example of the issue: Russia's weight on territory regained reads as such.
    @Test func theBuiltInScenarioNamesItsInputs() async throws {
        let body = try await page(nil)
        let russia = try #require(groups(body).first { $0.title == "Russia" })
        let row = try #require(russia.rows.first { $0.path == "preferences.russia.territory_regained" })
        #expect(row.label == "Weight on territory regained")
        // Some input of the built-in scenario has a range below zero, written with minus signs.
        #expect(groups(body).flatMap(\.rows).contains { $0.range.hasPrefix("−") && $0.range.contains(" to −") })
    }
}
