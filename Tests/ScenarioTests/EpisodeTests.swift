import Foundation
import Testing
@testable import Scenario

@Suite struct EpisodeTests {
    /// The toy's own episode (as_of 2020-01-01).
    @Test("an episode loads with its schedule, settings, observations and day indices")
    func episodeLoads() throws {
        let f = try Fixture(); defer { f.cleanup() }
        let r = f.validate()
        #expect(r.diagnostics.isEmpty, "\(r.diagnostics)")
        let e = try #require(r.scenario?.episode("raid_2019"))
        #expect(e.start == "2019-10-01" && e.days == 20)
        #expect(e.schedule.zones.map(\.location) == ["Hilltown"])
        #expect(e.schedule.bombardment.map(\.location) == ["Rivertown"])
        #expect(e.settings.map(\.path) == ["geography.population_total"])
        // Day indices counted by hand: 1 Oct is day 0, so 10 Oct is day 9 and 20 Oct day 19.
        #expect(e.observations.map(\.day) == [9, 19, 19, 19])
        #expect(e.observations[2].measure == .presentInArea(area: "South"))
        #expect(e.observations[3].measure == .present(place: "Valley_camp"))
        #expect(e.observations[3].provenance.citations.map(\.description)
                == ["story:P4", "assumption: the camp's register counts the people staying there, not those passing through"])
        #expect(e.observations[0].provenance.description == "story:P4")
    }

    @Test("a present count in a country names a value of the country column")
    func countryCount() throws {
        let f = try Fixture([(file: "scenario.yaml", old: "area: South, present: 4300", new: "country: Neighbourland, present: 700")])
        defer { f.cleanup() }
        let e = try #require(f.validate().scenario?.episode("raid_2019"), "\(f.validate().diagnostics)")
        #expect(e.observations[2].measure == .presentInCountry(country: "Neighbourland"))
        #expect(e.observations[2].measure.destination == "Neighbourland" && e.observations[2].value == 700)
    }

    @Test("an episode's inputs are its own, apart from the forecast's")
    func episodeInputsAreApart() throws {
        let f = try Fixture(); defer { f.cleanup() }
        let s = try #require(f.validate().scenario)
        #expect(!s.uncertainInputs.contains { $0.path.hasPrefix("episodes.") })
        #expect(s.uncertainInputs(ofEpisode: "raid_2019").map(\.path) == ["episodes.raid_2019.Hilltown.until_day"])
        #expect(s.valuePaths.contains("episodes.raid_2019.bombardment.Rivertown.from_day"))
        #expect(s.valuePaths.contains("episodes.raid_2019.set.geography.population_total"))
        let fixed = try s.setting(path: "episodes.raid_2019.Hilltown.until_day", to: 7)
        #expect(fixed.episode("raid_2019")?.schedule.zones[0].untilDay?.nominal == 7)
    }

    @Test("bombardment in a named schedule has its own value paths and counts as violence")
    func bombardmentInSchedules() throws {
        let f = try Fixture([(file: "scenario.yaml", old: "      - {location: Hilltown, from_day: 0, until_day: 14, intensity: 0.5}",
                              new: "      - {location: Hilltown, from_day: 0, until_day: 14, intensity: 0.5}\n    bombardment:\n      - {location: Rivertown, from_day: 0, until_day: 9, intensity: 0.25}")])
        defer { f.cleanup() }
        let s = try #require(f.validate().scenario, "\(f.validate().diagnostics)")
        let stalled = try #require(s.schedule("stalled_assault"))
        #expect(stalled.bombardment.count == 1)
        #expect(s.valuePaths.contains("conflict_schedules.stalled_assault.bombardment.Rivertown.intensity"))
        // until_day is exclusive: days 0–13 at 0.5 and days 0–8 at 0.25, 14 × 0.5 + 9 × 0.25 = 7 + 2.25.
        #expect(stalled.intensityDays(horizon: 30) == 9.25)
    }

    struct Broken: CustomStringConvertible, Sendable {
        var name: String, old: String, new: String, kind: Diagnostic.Kind, path: String
        var description: String { name }
    }

    static let broken: [Broken] = [
        .init(name: "observation after as_of", old: "{date: 2019-10-20, displaced: 4700}", new: "{date: 2020-01-05, displaced: 4700}",
              kind: .outOfRange, path: "episodes.raid_2019.observations[1].date"),
        .init(name: "observation after the simulated days", old: "{date: 2019-10-20, displaced: 4700}", new: "{date: 2019-10-21, displaced: 4700}",
              kind: .outOfRange, path: "episodes.raid_2019.observations[1].date"),
        .init(name: "episode starting after as_of", old: "start: 2019-10-01", new: "start: 2020-02-01", kind: .outOfRange, path: "episodes.raid_2019.start"),
        .init(name: "episode running into the forecast", old: "days: 20", new: "days: 200", kind: .outOfRange, path: "episodes.raid_2019.days"),
        .init(name: "not a real date", old: "{date: 2019-10-10, displaced: 4600}", new: "{date: 2019-09-31, displaced: 4600}",
              kind: .wrongType, path: "episodes.raid_2019.observations[0].date"),
        .init(name: "unknown area", old: "area: South", new: "area: Sout", kind: .unresolvedReference, path: "episodes.raid_2019.observations[2].area"),
        .init(name: "unknown place", old: "place: Valley_camp", new: "place: Valley_cmp", kind: .unresolvedReference,
              path: "episodes.raid_2019.observations[3].place"),
        .init(name: "two counts in one observation", old: "{date: 2019-10-10, displaced: 4600}", new: "{date: 2019-10-10, displaced: 4600, returned: 10}",
              kind: .missingField, path: "episodes.raid_2019.observations[0]"),
        .init(name: "present without where", old: "area: South, present: 4300", new: "present: 4300", kind: .missingField,
              path: "episodes.raid_2019.observations[2]"),
        .init(name: "present in two wheres", old: "area: South, present: 4300", new: "area: South, country: Valleyland, present: 4300",
              kind: .missingField, path: "episodes.raid_2019.observations[2]"),
        .init(name: "unknown country", old: "area: South, present: 4300", new: "country: Neighborland, present: 4300",
              kind: .unresolvedReference, path: "episodes.raid_2019.observations[2].country"),
        .init(name: "negative count", old: "displaced: 4600", new: "displaced: -4", kind: .negativeValue, path: "episodes.raid_2019.observations[0].displaced"),
        .init(name: "unknown value path in set", old: "geography.population_total: {value: 55000", new: "geography.population_totl: {value: 55000",
              kind: .unresolvedReference, path: "episodes.raid_2019.set.geography.population_totl"),
        .init(name: "schedule naming an unknown place", old: "{location: Rivertown, from_day: 2", new: "{location: Rivertwn, from_day: 2",
              kind: .unresolvedReference, path: "episodes.raid_2019.schedule.bombardment[0].location"),
    ]

    @Test("a broken episode is reported with its field path", arguments: broken)
    func brokenEpisodes(_ c: Broken) throws {
        // The edit must land in the episode: its text occurs once in the toy, after `episodes:`.
        let toy = try String(contentsOf: toyDirectory.appendingPathComponent("scenario.yaml"), encoding: .utf8)
        #expect(toy.components(separatedBy: c.old).count == 2)
        #expect(try #require(toy.range(of: c.old)).lowerBound > #require(toy.range(of: "\nepisodes:\n")).lowerBound)
        let f = try Fixture([(file: "scenario.yaml", old: c.old, new: c.new)]); defer { f.cleanup() }
        let r = f.validate()
        #expect(r.scenario == nil)
        #expect(r.diagnostics.contains { $0.kind == c.kind && $0.path == c.path }, "\(r.diagnostics.map(\.description))")
    }

    @Test("as_of must be a real date")
    func asOfMustBeARealDate() throws {
        let f = try Fixture([(file: "scenario.yaml", old: "as_of: 2020-01-01", new: "as_of: 2020-02-30")]); defer { f.cleanup() }
        #expect(f.validate().diagnostics.contains { $0.kind == .wrongType && $0.path == "metadata.as_of" })
    }

    @Test("calibrate: true needs a distribution to start from")
    func calibrateNeedsAPrior() throws {
        let f = try Fixture([(file: "scenario.yaml", old: "      territory_full: 0.9", new: "      territory_full: {value: 0.9, calibrate: true}")])
        defer { f.cleanup() }
        #expect(f.validate().diagnostics.contains { $0.kind == .inconsistent && $0.path == "mechanisms.territory.territory_full.calibrate" })
        let g = try Fixture([(file: "scenario.yaml", old: "viability_without_air: {distribution: uniform, min: 0, max: 0.2}",
                              new: "viability_without_air: {distribution: uniform, min: 0, max: 0.2, calibrate: true}")])
        defer { g.cleanup() }
        let s = try #require(g.validate().scenario)
        #expect(s.uncertainInputs.filter(\.calibrate).map(\.path)
                == ["mechanisms.territory.viability_without_air", "displacement.spawn_rules.conflict_driven_spawning.displaced_per_conflict_day"])
    }

    @Test("days between dates, by hand across a leap day and a year end")
    func dayArithmetic() {
        #expect(daysBetween("2017-12-15", "2018-01-16") == 32)
        #expect(daysBetween("2020-02-28", "2020-03-01") == 2)
        #expect(daysBetween("2019-02-28", "2019-03-01") == 1)
        #expect(daysBetween("2018-09-07", "2018-09-07") == 0)
        #expect(daysBetween("2018-02-30", "2018-03-01") == nil)
    }
}

@Suite struct PosteriorTests {
    static let path = "mechanisms.territory.viability_without_air"

    func write(_ p: Posterior, into f: Fixture) throws {
        let encoder = JSONEncoder()
        try encoder.encode(p).write(to: f.dir.appendingPathComponent("posterior.json"))
    }

    func posterior(for f: Fixture, draws: [[Double]] = [[0.05], [0.1], [0.15]], weights: [Double] = [1, 2, 1]) throws -> Posterior {
        let s = try #require(Scenario.validate(directory: f.dir, prior: true).scenario)
        return Posterior(scenarioDigest: s.sourceDigest, method: "test", written: "2020-01-02", episodes: ["raid"],
                         paths: [Self.path], draws: draws, weights: weights)
    }

    @Test("a posterior replaces the input's distribution by its weighted draws, and --prior ignores it")
    func posteriorIsApplied() throws {
        let f = try Fixture(); defer { f.cleanup() }
        let prior = try #require(f.validate().scenario)
        try write(try posterior(for: f), into: f)
        let s = try #require(f.validate().scenario, "\(f.validate().diagnostics)")
        let q = try #require(s.quantities.first { $0.path == Self.path }?.quantity)
        guard case .empirical(let w) = q.distribution else { Issue.record("not empirical: \(q.distribution)"); return }
        // Weights 1, 2, 1: the CDF is 0.25, 0.75, 1; the median is the middle draw.
        #expect(w.values == [0.05, 0.1, 0.15] && w.cumulative == [0.25, 0.75, 1])
        #expect(q.nominal == 0.1)
        #expect(q.provenance.citations.last?.description.hasPrefix("calibration: fitted to episode raid") == true)
        #expect(s.posterior != nil && s.sourceDigest != prior.sourceDigest)
        let ignored = try #require(Scenario.validate(directory: f.dir, prior: true).scenario)
        #expect(ignored.posterior == nil && ignored.sourceDigest == prior.sourceDigest)
    }

    @Test("a posterior of an edited scenario is refused, not silently used")
    func stalePosteriorIsRefused() throws {
        let f = try Fixture(); defer { f.cleanup() }
        try write(try posterior(for: f), into: f)
        var text = try f.text("scenario.yaml")
        text = text.replacingOccurrences(of: "capability: 60", with: "capability: 61")
        try text.write(to: f.dir.appendingPathComponent("scenario.yaml"), atomically: true, encoding: .utf8)
        let r = f.validate()
        #expect(r.scenario == nil)
        #expect(r.diagnostics.contains { $0.kind == .inconsistent && $0.message.contains("another version") })
    }

    @Test("posterior draws outside the value's range or unusable weights are refused")
    func badPosteriors() throws {
        let f = try Fixture(); defer { f.cleanup() }
        try write(try posterior(for: f, draws: [[0.1], [1.5]], weights: [1, 1]), into: f)
        #expect(f.validate().diagnostics.contains { $0.message.contains("outside the allowed range") })
        try write(try posterior(for: f, weights: [0, 0, 0]), into: f)
        #expect(f.validate().diagnostics.contains { $0.message.contains("sum to 0") })
        try "{\"format\": 3}".write(to: f.dir.appendingPathComponent("posterior.json"), atomically: true, encoding: .utf8)
        #expect(f.validate().diagnostics.contains { $0.message.contains("not a Fulcrum posterior") })
    }

    @Test("weighted empirical quantiles and CDF, by hand")
    func weightedSample() throws {
        let w = try #require(WeightedSample(values: [3, 1, 2, 2], weights: [1, 1, 1, 1]))
        #expect(w.values == [1, 2, 3] && w.cumulative == [0.25, 0.75, 1])
        #expect(w.quantile(0.25) == 1 && w.quantile(0.26) == 2 && w.quantile(0.75) == 2 && w.quantile(0.76) == 3)
        #expect(Distribution.empirical(w).cdf(2) == 0.75 && Distribution.empirical(w).cdf(0.5) == 0)
        #expect(Distribution.empirical(w).mean == 2)
        #expect(WeightedSample(values: [1], weights: [-1]) == nil)
    }
}
