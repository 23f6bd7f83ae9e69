import CLISupport
import Foundation
import Testing
@testable import Scenario

/// What a newcomer hit writing a scenario from the docs (issue 16 §3), one test each.
@Suite("Issue 16 §3: what the newcomer hit")
struct NewcomerRegressionTests {
    @Test("1. a sidecar distance with its own source has provenance")
    func distanceWithItsOwnSource() throws {
        let f = try Fixture([("scenario.yaml", "  source: \"assumption: made-up places\"\n", ""),
                             ("scenario.yaml", "    Hilltown: {population_weight: 2}", "    Hilltown: {population_weight: 2, source: story:P3}"),
                             ("scenario.yaml", "    Rivertown: {population_weight: 1}", "    Rivertown: {population_weight: 1, source: story:P3}"),
                             ("scenario.yaml", "    Valley_camp: {capacity:", "    Ford: {source: story:P3}\n    Border_camp: {source: story:P3}\n    Valley_camp: {source: story:P3, capacity:"),
                             ("scenario.yaml", "    Hilltown--Rivertown: {great_circle: true}", "    Hilltown--Rivertown: {great_circle: true, source: story:P3}\n    Rivertown--Ford: {distance: {value: 8, source: story:P3}}\n    Ford--Valley_camp: {distance: {value: 6, source: story:P3}}\n    Valley_camp--Border_camp: {distance: {value: 11, source: story:P3}}")])
        defer { f.cleanup() }
        let r = f.validate()
        #expect(r.diagnostics.isEmpty, "\(r.diagnostics)")
        let s = try #require(r.scenario)
        #expect(s.geography.routes.first { $0.from == "Rivertown" }?.provenance.description == "story:P3")
        #expect(s.valuePaths.contains("geography.distance.Rivertown--Ford"))
    }

    @Test("2. a zone that can end before it starts is refused, in the file and by --set; a --horizon that cuts zones says so")
    func zoneOrderAndHorizon() throws {
        let fixed = try Fixture([("scenario.yaml", "location: Hilltown, from_day: 0, until_day: 14", "location: Hilltown, from_day: 10, until_day: 4")])
        defer { fixed.cleanup() }
        let d = try #require(fixed.validate().diagnostics.first { $0.kind == .impossibleBounds })
        #expect(d.path == "conflict_schedules.stalled_assault.zones[0].until_day" && d.message.contains("ends (day 4) before it starts (day 10)"))
        let overlap = try Fixture([("scenario.yaml", "location: Hilltown, from_day: 0, until_day: 14",
                                    "location: Hilltown, from_day: {distribution: uniform, min: 5, max: 20}, until_day: 14")])
        defer { overlap.cleanup() }
        let o = try #require(overlap.validate().diagnostics.first { $0.kind == .impossibleBounds })
        #expect(o.message.contains("can end before it starts"))
        let s = try Scenario.load(directory: toyDirectory)
        #expect(throws: SettingError.self) { try s.setting(path: "conflict_schedules.stalled_assault.Hilltown.from_day", to: 20) }
        // until_day 14 is exclusive: starting on day 14 leaves no day, day 13 leaves one.
        #expect { try s.setting(path: "conflict_schedules.stalled_assault.Hilltown.from_day", to: 14) } throws: {
            "\($0)".contains("ends on the day it starts (day 14)")
        }
        #expect(try s.setting(path: "conflict_schedules.stalled_assault.Hilltown.from_day", to: 13).schedules.count == 3)
        // An episode's zones are checked too (raid_2019: Hilltown from day 0).
        #expect { try s.setting(path: "episodes.raid_2019.Hilltown.until_day", to: 0) } throws: {
            "\($0)".contains("episodes.raid_2019.Hilltown") && "\($0)".contains("ends on the day it starts (day 0)")
        }
        // Rivertown's front opens between days 5 and 10: a 8-day run may miss it, a 4-day run always does.
        #expect(s.zonesBeyond(horizon: 30).isEmpty)
        #expect(s.zonesBeyond(horizon: 8).count == 1 && s.zonesBeyond(horizon: 8)[0].contains("may start as late as day 10"))
        #expect(s.zonesBeyond(horizon: 4).contains { $0.contains("Rivertown starts on day 5 or later") && $0.contains("never happens") })
    }

    @Test("a zone whose until_day equals its from_day covers no day (until_day is exclusive) and is refused where it is written")
    func zeroDayZone() throws {
        let f = try Fixture([("scenario.yaml", "location: Hilltown, from_day: 0, until_day: 14", "location: Hilltown, from_day: 14, until_day: 14")])
        defer { f.cleanup() }
        let r = f.validate()
        #expect(r.scenario == nil)
        let d = try #require(r.diagnostics.first { $0.kind == .impossibleBounds }, "\(r.diagnostics)")
        #expect(r.diagnostics.count == 1, "\(r.diagnostics)")
        let at = try f.position(of: "until_day: 14", after: "stalled_assault:")
        #expect(d.file.hasSuffix("scenario.yaml") && d.line == at.line && d.column == at.column + "until_day: ".count)
        #expect(d.path == "conflict_schedules.stalled_assault.zones[0].until_day" && d.severity == .error)
        #expect(d.message.contains("ends on the day it starts (day 14)"), "\(d.message)")
        // Days are rounded when used: 13.6 and 14.4 are both day 14.
        let rounded = try Fixture([("scenario.yaml", "location: Hilltown, from_day: 0, until_day: 14", "location: Hilltown, from_day: 13.6, until_day: 14.4")])
        defer { rounded.cleanup() }
        #expect(rounded.validate().diagnostics.contains { $0.kind == .impossibleBounds && $0.message.contains("day 14") })
        // One day is a zone.
        let oneDay = try Fixture([("scenario.yaml", "location: Hilltown, from_day: 0, until_day: 14", "location: Hilltown, from_day: 13, until_day: 14")])
        defer { oneDay.cleanup() }
        let s = try #require(oneDay.validate().scenario, "\(oneDay.validate().diagnostics)")
        #expect(s.schedule("stalled_assault")?.intensityDays(horizon: 30) == 0.5)
    }

    @Test("ranges that touch are accepted: a draw at the edge is a sample without the zone, a what-if at it is refused")
    func touchingRanges() throws {
        let f = try Fixture([("scenario.yaml", "location: Hilltown, from_day: 0, until_day: 14",
                              "location: Hilltown, from_day: {distribution: uniform, min: 4, max: 14}, until_day: {distribution: uniform, min: 14, max: 20}")])
        defer { f.cleanup() }
        let s = try #require(f.validate().scenario, "\(f.validate().diagnostics)")
        // u = 1 for from_day and 0 for until_day: both day 14, a zone of no day. Monte Carlo
        // and calibration draw through `sampled`/`fixing(draw:)`; neither may stop a run on it.
        let edge = try s.sampled { $0.path.hasSuffix("from_day") ? 1 : 0 }
        let zone = try #require(edge.schedule("stalled_assault")?.zones.first { $0.location == "Hilltown" })
        #expect(zone.days.isEmpty)
        #expect(edge.schedule("stalled_assault")?.intensityDays(horizon: 30) == 0)
        #expect { try s.fixing(["conflict_schedules.stalled_assault.Hilltown.from_day": 14,
                                "conflict_schedules.stalled_assault.Hilltown.until_day": 14]) } throws: {
            "\($0)".contains("ends on the day it starts (day 14)")
        }
    }

    @Test("until_day may be the horizon (the zone covers the last day), not beyond")
    func untilTheHorizon() throws {
        // The toy runs 30 days (0–29).
        let last = try Fixture([("scenario.yaml", "location: Hilltown, from_day: 0, until_day: 14", "location: Hilltown, from_day: 20, until_day: 30")])
        defer { last.cleanup() }
        let s = try #require(last.validate().scenario, "\(last.validate().diagnostics)")
        let sched = try #require(s.schedule("stalled_assault"))
        #expect(sched.intensity(at: "Hilltown", day: 29) == 0.5 && sched.intensity(at: "Hilltown", day: 19) == 0)
        #expect(sched.intensityDays(horizon: 30) == 5)   // days 20–29 at 0.5
        #expect(try s.setting(path: "conflict_schedules.stalled_assault.Hilltown.until_day", to: 30).schedules.count == 3)
        #expect(throws: SettingError.self) { try s.setting(path: "conflict_schedules.stalled_assault.Hilltown.until_day", to: 31) }
        let beyond = try Fixture([("scenario.yaml", "location: Hilltown, from_day: 0, until_day: 14", "location: Hilltown, from_day: 20, until_day: 31")])
        defer { beyond.cleanup() }
        #expect(beyond.validate().diagnostics.contains { $0.kind == .outOfRange && $0.path == "conflict_schedules.stalled_assault.zones[0].until_day" })
    }

    @Test("3. one misspelt required key is one error, with its suggestion")
    func oneTypoOneError() throws {
        let f = try Fixture([("scenario.yaml", "capability: 60", "capabilty: 60")])
        defer { f.cleanup() }
        let r = f.validate()
        #expect(r.diagnostics.count == 1, "\(r.diagnostics)")
        #expect(r.diagnostics.first?.suggestion == "capability")
    }

    @Test("4. an unquoted 'source: assumption: reason' says where and to quote it")
    func unquotedColon() throws {
        let f = try Fixture([("scenario.yaml", "    source: \"assumption: toy death rates\"", "    source: assumption: toy death rates")])
        defer { f.cleanup() }
        let d = try #require(f.validate().diagnostics.first)
        #expect(d.kind == .syntax && d.path == "mechanisms.deaths.source")
        #expect(d.line == (try f.position(of: "source: assumption: toy").line))
        #expect(d.expected?.contains("quotes") == true && d.message.contains("must be quoted"))
        #expect(ScenarioParser.keyPath(atLine: 3, in: "a:\n  b:\n    c: 1\n") == "a.b.c")
        #expect(ScenarioParser.keyPath(atLine: 4, in: "a:\n  b: 1\n  # note\n  c:\n") == "a.c")
    }

    @Test("5. 'expected' is the value alone; a cell with a wrong value is not also called empty")
    func expectedValues() throws {
        let f = try Fixture([("locations.csv", "town,,20000", "town,,25000")])
        defer { f.cleanup() }
        let d = try #require(f.validate().diagnostics.first { $0.path == "locations.csv:Rivertown.population" })
        // population_total 60,000 shared 2 : 1 between Hilltown and Rivertown.
        #expect(d.expected == "20000")
        let g = try Fixture([("locations.csv", "town,,20000", "town,,20000.5")])
        defer { g.cleanup() }
        let r = g.validate().diagnostics.filter { $0.path == "locations.csv:Rivertown.population" }
        #expect(r.count == 1 && r[0].kind == .wrongType, "\(r)")
        let distance = try Fixture([("routes.csv", "Hilltown,Rivertown,20.1", "Hilltown,Rivertown,25")])
        defer { distance.cleanup() }
        let dd = try #require(distance.validate().diagnostics.first { $0.kind == .inconsistent })
        #expect(Double(dd.expected ?? "") != nil, "\(dd)")
    }
}

@Suite("Issue 16 §3: the command line", .enabled(if: fulcrumBinary != nil, "the fulcrum binary is built beside the tests"))
struct NewcomerCommandLineTests {
    @Test("6. forecast on a scenario: --spread spreads the fixed positions; options that change nothing are refused")
    func forecastSpread() throws {
        let plain = try fulcrum(["forecast", toyDirectory.path, "--samples", "40", "--format", "json"])
        let spread = try fulcrum(["forecast", toyDirectory.path, "--samples", "40", "--spread", "20", "--format", "json"])
        #expect(plain.status == 0 && spread.status == 0, "\(plain.err)\(spread.err)")
        func width(_ text: String) throws -> Double {
            let a = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [[String: Any]])
            let d = try #require(a.first?["distribution"] as? [String: Double])
            return try #require(d["p95"]) - (try #require(d["p05"]))
        }
        // The toy's only uncertain bargaining input is the neighbour's salience; spreading every
        // fixed position by ±20 can only widen the interval.
        #expect(try width(spread.out) > width(plain.out))
        let text = try fulcrum(["forecast", packageRoot.appendingPathComponent("Tests/ScenarioTests/Fixtures/toy-valley-v1").path, "--samples", "5"])
        #expect(text.status == 0)
        for bad in [["--csv", "x"], ["--threshold", "40"], ["--uncertainty", "x.csv"], ["--spread", "0"]] {
            let r = try fulcrum(["forecast", toyDirectory.path, "--samples", "5"] + bad)
            #expect(r.status == 1, "\(bad)")
        }
        #expect(try fulcrum(["forecast", toyDirectory.path, "--spread", "5"]).status == 1)   // no draws to spread over
    }

    @Test("7. run takes DIR/scenario.yaml as validate does")
    func runTakesTheYAMLFile() throws {
        let out = FileManager.default.temporaryDirectory.appendingPathComponent("fulcrum-run-yaml-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: out) }
        let r = try fulcrum(["run", toyDirectory.appendingPathComponent("scenario.yaml").path, "--samples", "4", "--no-store",
                             "--format", "json"], timeout: 300)
        #expect(r.status == 0, "\(r.err)")
        #expect(r.out.contains("\"toy-valley\""))
    }
}
