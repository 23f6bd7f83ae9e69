import Displacement
import Foundation
import Scenario
import Testing
@testable import Crisis

/// The bridge from a scenario to the displacement engine: built once per scenario, filled
/// with each sample's values, and the engine's warnings carried to `run` and `validate`.
@Suite struct DisplacementBridgeTests {
    /// The toy scenario copied to a temporary folder with `old` replaced by `new` in scenario.yaml.
    func toyValley(replacing old: String, with new: String) throws -> (dir: URL, line: Int) {
        let fm = FileManager.default
        let dir = fm.temporaryDirectory.appendingPathComponent("fulcrum-bridge-\(UUID().uuidString)")
        try fm.copyItem(at: Fixtures.packageRoot.appendingPathComponent("docs/examples/toy-valley"), to: dir)
        let url = dir.appendingPathComponent("scenario.yaml")
        let text = try String(contentsOf: url, encoding: .utf8)
        let edited = text.replacingOccurrences(of: old, with: new)
        #expect(edited != text)
        try edited.write(to: url, atomically: true, encoding: .utf8)
        let line = edited.components(separatedBy: "\n").firstIndex { $0.contains(new) }! + 1
        return (dir, line)
    }

    @Test func eachSampleGetsWhatAFullConversionGives() throws {
        let scenario = try Fixtures.toyValley()
        let model = try CrisisModel(scenario: scenario, horizon: 60, seed: 4)
        for i in 0..<5 {
            let concrete = try model.draws.draw(scenario, sample: i).scenario
            let perSample = try model.bridge.inputs(concrete)
            let whole = try DisplacementBridge(concrete, horizon: 60).inputs(concrete)
            #expect(perSample.geography == whole.geography)
            #expect(perSample.settings == whole.settings)
        }
        // The samples differ (the rate is uncertain), so values really are put in.
        let a = try model.bridge.inputs(try model.draws.draw(scenario, sample: 0).scenario).settings
        let b = try model.bridge.inputs(try model.draws.draw(scenario, sample: 1).scenario).settings
        #expect(a.conflictDrivenSpawning != b.conflictDrivenSpawning)
    }

    /// docs/scenario-format.md §4: `until_day` is the day the zone ends (exclusive).
    @Test func untilDayIsTheDayTheZoneEnds() throws {
        let scenario = try Fixtures.toyValley()
        let stalled = try #require(scenario.schedule("stalled_assault"))   // Hilltown from day 0 until day 14 at 0.5
        #expect(stalled.zones.map(\.location) == ["Hilltown"] && stalled.zones[0].untilDay?.nominal == 14)
        let bridge = try DisplacementBridge(scenario, horizon: 30)
        let inputs = try bridge.inputs(scenario)
        let spells = bridge.conflicts(stalled)
        let hill = try #require(spells.columns.firstIndex(of: "Hilltown"))
        #expect(spells.intensity(column: hill, day: 13) == 0.5 && spells.intensity(column: hill, day: 14) == 0)
        let r = try simulate(geography: inputs.geography, conflicts: spells, settings: inputs.settings, days: 30, seed: 1, mode: .cohort)
        // pop_ratio with take_from_population, by hand: int(rate × residents left × 0.5) on each of days 0–13.
        let rate = try #require(inputs.settings.conflictDrivenSpawning?.displacedPerConflictDay)
        var left = try #require(inputs.geography.locations.first { $0.name == "Hilltown" }).population
        var expected: [Int] = []
        for _ in 0..<14 { let k = Int(rate * Double(left) * 0.5); expected.append(k); left -= k }
        #expect(expected[13] > 0)
        #expect(Array(r.spawned[0..<14]) == expected)
        #expect(r.spawned[14...].allSatisfy { $0 == 0 })
    }

    /// Σ over days and places of the intensities the engine is given, fronts and bombardment.
    static func engineIntensityDays(_ spells: Displacement.ConflictSchedule, days: Int) -> Double {
        var sum = 0.0
        for d in 0..<days {
            for j in spells.columns.indices { sum += spells.intensity(column: j, day: d) + spells.bombardment(column: j, day: d) }
        }
        return sum
    }

    /// One reading of until_day (exclusive) throughout: the intensity-days the deaths mechanism
    /// reads are the engine's intensities summed day by day, and the Flee export's rows are the
    /// engine's fronts. Checked on every schedule and episode of the shipped scenarios, whose zones
    /// end on uncertain days (some overlap at one place, one lasts a single day), at several draws.
    @Test func intensityDaysAreWhatTheEngineIsGiven() throws {
        func check(_ schedule: ScenarioSchedule, days: Int, bridge: DisplacementBridge, _ what: String) {
            let spells = bridge.conflicts(schedule)
            let engine = Self.engineIntensityDays(spells, days: days)
            let ours = schedule.intensityDays(horizon: days)
            #expect(abs(ours - engine) <= 1e-9 * max(1, engine), "\(what): \(ours) vs \(engine)")
            let rows = schedule.fleeConflictsCSV(locations: spells.columns, days: days).split(separator: "\n").dropFirst()
            #expect(rows.count == days)
            for (d, row) in rows.enumerated() {
                let cells = row.split(separator: ",", omittingEmptySubsequences: false).dropFirst().map { Double($0) }
                #expect(cells == spells.columns.indices.map { spells.intensity(column: $0, day: d) }, "\(what) day \(d)")
            }
        }
        var ended = 0
        for base in [try Scenario.builtIn(), try Scenario.load(directory: Scenario.maliDirectory), try Fixtures.toyValley()] {
            let bridge = try DisplacementBridge(base, horizon: base.metadata.horizonDays)
            // Days from the ends of their ranges to the middle, other values at their medians.
            for u in [0, 0.3, 0.5, 1] {
                func draw(_ i: UncertainInput) -> Double { i.path.hasSuffix("_day") ? u : 0.5 }
                var values: [String: Double] = [:]
                for e in base.episodes { for i in base.uncertainInputs(ofEpisode: e.id) { values[i.path] = i.distribution.quantile(draw(i)) } }
                let s = try base.fixing(values).sampled(draw)
                for sched in s.schedules { check(sched, days: s.metadata.horizonDays, bridge: bridge, "\(s.metadata.title) \(sched.id) u=\(u)") }
                for e in s.episodes { check(e.schedule, days: e.days, bridge: bridge, "\(e.id) u=\(u)") }
                ended += (s.schedules.map(\.self) + s.episodes.map(\.schedule)).reduce(0) { $0 + ($1.zones + $1.bombardment).filter { $0.untilDay != nil }.count }
            }
        }
        #expect(ended > 100)

        // Through a run to the mechanism, on the toy: stalled_assault is Hilltown at 0.5 from day 0
        // until day 14, so days 0–13: 14 × 0.5 = 7 intensity-days, 70 deaths at 10 a day.
        let toy = try Fixtures.toyValley().fixing(["mechanisms.deaths.deaths_per_intensity_day": 10])
        let bridge = try DisplacementBridge(toy, horizon: 30)
        let inputs = try bridge.inputs(toy)
        let stalled = try #require(toy.schedule("stalled_assault"))
        let run = try bridge.run(stalled, geography: inputs.geography, settings: inputs.settings, seed: 1)
        #expect(run.summary.conflictIntensityDays == 7)
        #expect(Self.engineIntensityDays(bridge.conflicts(stalled), days: 30) == 7)
        let terminal = try #require(toy.tree.terminals.first { $0.schedule == "stalled_assault" })
        #expect(try toy.consequences(of: terminal, displacement: run.summary)["deaths"] == 70)
        // The toy's episode with Hilltown's front ending on day 7: days 0–6 at 1, and Rivertown
        // bombarded from day 2 until day 6 at 0.5, days 2–5: 7 + 2 = 9.
        let raid = try #require(try toy.setting(path: "episodes.raid_2019.Hilltown.until_day", to: 7).episode("raid_2019"))
        #expect(raid.schedule.intensityDays(horizon: raid.days) == 9)
        #expect(Self.engineIntensityDays(bridge.conflicts(raid.schedule), days: raid.days) == 9)
    }

    @Test func aMisspeltSettingIsAWarningWithItsLineInRunAndValidate() throws {
        let (dir, line) = try toyValley(replacing: "max_move_speed: 40", with: "max_move_sped: 40")
        defer { try? FileManager.default.removeItem(at: dir) }
        let scenario = try Scenario.load(directory: dir)
        let expected = "scenario.yaml:\(line): displacement.settings.move_rules.max_move_sped is not used by Fulcrum (ignored)"
        let check = try DisplacementCheck(scenario)
        #expect(check.settingWarnings.map(\.description) == [expected])
        #expect(check.otherWarnings.isEmpty)
        let result = try CrisisRunner.run(scenario, options: .init(samples: 3, seed: 1, horizon: 20, sweepSteps: 2))
        #expect(result.warnings == [expected])
        // Stored results from before the field existed still load.
        var object = try #require(try JSONSerialization.jsonObject(with: Fixtures.json(result)) as? [String: Any])
        object["warnings"] = nil
        let old = try JSONDecoder().decode(CrisisResult.self, from: JSONSerialization.data(withJSONObject: object))
        #expect(old.warnings == nil)
        // Without the typo there is nothing to say.
        #expect(try DisplacementCheck(try Fixtures.toyValley()).settingWarnings.isEmpty)
    }

    @Test func aSettingTheEngineRefusesStopsTheCheck() throws {
        // 0 is within the loader's bound for the key; the engine wants a positive speed.
        let (dir, _) = try toyValley(replacing: "max_move_speed: 40", with: "max_move_speed: 0")
        defer { try? FileManager.default.removeItem(at: dir) }
        let scenario = try Scenario.load(directory: dir)
        #expect { try DisplacementCheck(scenario) } throws: { "\($0)".contains("displacement.settings.move_rules.max_move_speed") }
    }
}
