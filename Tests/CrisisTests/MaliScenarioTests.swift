import Foundation
import Scenario
import Testing
@testable import Crisis

/// The second shipped scenario (northern Mali, 13 March 2012): it loads clean, cites
/// nothing dated after its as_of, its branches run the schedules their choices imply, a
/// short run keeps its counts inside the people who exist, and its episode scores.
@Suite("Shipped scenario: northern Mali 2012")
struct MaliScenarioTests {
    let scenario: Scenario
    init() throws { scenario = try Scenario.load(directory: Scenario.maliDirectory) }

    @Test("validates with no error or warning; nothing it cites is dated on or after as_of")
    func loadsClean() throws {
        let r = Scenario.validate(directory: Scenario.maliDirectory)
        #expect(r.diagnostics.isEmpty && r.warnings.isEmpty, "\(r.diagnostics) \(r.warnings)")
        #expect(scenario.metadata.asOf == "2012-03-13")
        #expect(Scenario.templateDirectory("mali") == Scenario.maliDirectory)
        // Every source but the geography's is a dated text from before as_of.
        for src in scenario.sources where src.id != "flee" {
            let date = String(try #require(src.date, "\(src.id)").prefix(10))
            #expect(date.count == 10 && date < scenario.metadata.asOf, "\(src.id) \(date)")
        }
        for e in scenario.episodes { for o in e.observations { #expect(o.date < scenario.metadata.asOf) } }
        for (path, q) in scenario.quantities { #expect(!q.provenance.isEmpty, "\(path)") }
    }

    @Test("each terminal runs the schedule its choices imply (worked out from the tree by hand)")
    func schedulesMatchBranches() {
        let expected = [
            "hold/counter": "desert_war", "hold/talks/holds": "quiet", "hold/talks/fails": "desert_war",
            "advance/counter": "contested_advance", "advance/talks/holds": "advance_halted", "advance/talks/fails": "towns_fall",
        ]
        let got = Dictionary(uniqueKeysWithValues: scenario.tree.terminals.map { ($0.id, $0.schedule) })
        #expect(got == expected)
    }

    @Test("a short run: refugees by country and IDPs stay within Mali's population; army losses only where the army counter-attacks; no fighting, no flight")
    func shortRun() throws {
        let r = try CrisisRunner.run(scenario, options: .init(samples: 6, seed: 3, threads: 2, sweepSteps: 2))
        #expect(r.branches.count == 6)
        let people = scenario.geography.locations.filter { $0.country == "Mali" }.reduce(0.0) { sum, l in
            if case .value(let q) = l.amount { return sum + q.nominal } else { return sum }
        }
        #expect(people > 2_000_000)
        for b in r.branches {
            let c = b.consequences
            let refugees = ["refugees_mauritania", "refugees_niger", "refugees_burkina"].map { c[$0]!.p95 }
            for x in refugees { #expect(x >= 0) }
            #expect(c["idps"]!.p05 >= 0)
            // Refugees and IDPs are the people away from home, who are at most Mali's population.
            #expect(refugees.reduce(0, +) + c["idps"]!.p95 <= people)
            #expect(c["election_held"]!.p05 >= 0 && c["election_held"]!.p95 <= 1)
            #expect(c["territory"]!.p05 >= 0.2 && c["territory"]!.p95 <= 1)
            // Only the counter-offensive carries the army's losses (triangular 30–300).
            let losses = c["army_losses"]!
            if b.id.hasSuffix("counter") { #expect(losses.p05 >= 30 && losses.p95 <= 300) } else { #expect(losses.p95 == 0) }
        }
        // No fighting, no one displaced: the quiet schedule displaces nobody and sends nobody abroad.
        let quiet = try #require(r.branches.first { $0.schedule == "quiet" })
        #expect(quiet.consequences["idps"]!.p95 == 0 && quiet.consequences["refugees_niger"]!.p95 == 0)
        #expect(quiet.consequences["deaths"]!.p95 == 0)
        for s in r.schedules { #expect(s.displaced.p95 <= people) }
    }

    @Test("the episode's seven observations resolve to the model's counts, ordered as the counts are; the scenario runs on its priors")
    func episodeResolves() throws {
        let b = try Backtest.run(scenario, options: BacktestOptions(samples: 6, seed: 2, threads: 2))
        #expect(!b.calibrated)
        let e = try #require(b.episodes.first)
        #expect(e.id == "rising_2012" && e.observations.count == 7)
        for o in e.observations { #expect(o.median.isFinite && o.crps.isFinite && o.p05 <= o.p95 && o.p05 >= 0) }
        // Displaced people are counted cumulatively: the 17 Feb count is at least the 8 Feb one.
        let displaced = e.observations.filter { $0.measure == "displaced" }
        #expect(displaced.count == 2 && displaced[0].median <= displaced[1].median)
        // People present in a camp on 29 Feb are among those displaced by then.
        let finalDisplaced = try #require(e.displacedByDay.last?.p95)
        for o in e.observations where o.measure.hasPrefix("present") { #expect(o.p95 <= finalDisplaced) }
        // Niger's three national counts (ktar P8, icrc P1, irin P8) are counts of a country's places.
        let niger = e.observations.filter { $0.measure == "present in country Niger" }
        #expect(niger.count == 3)
    }
}
