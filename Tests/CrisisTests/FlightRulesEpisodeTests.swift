import Displacement
import Foundation
import Scenario
import Testing
@testable import Crisis

/// The toy valley's episode with `flight_rules` instead of conflict-driven spawning, its
/// onset share marked `calibrate: true`, and `return_rules`.
struct ToyFlightEpisode {
    static let onset = "displacement.flight_rules.onset_share"
    let toy: ToyEpisode

    init() throws {
        toy = try ToyEpisode()
        let url = toy.dir.appendingPathComponent("scenario.yaml")
        var lines = try String(contentsOf: url, encoding: .utf8).components(separatedBy: "\n")
        // Drop the conflict_driven_spawning block (its line and the two under it).
        let start = try #require(lines.firstIndex { $0.trimmingCharacters(in: .whitespaces) == "conflict_driven_spawning:" })
        lines.removeSubrange(start...(start + 2))
        let moveRules = try #require(lines.firstIndex { $0 == "    move_rules:" })
        lines.insert(contentsOf: [
            "    flight_rules:",
            "      onset_share: {distribution: uniform, min: 0.05, max: 0.5, calibrate: true, source: \"assumption: a test prior\"}",
            "      daily_share: 0.01",
            "      anticipation_km: 15",
            "    return_rules:",
            "      delay_days: 2",
            "      daily_share: 0.1",
        ], at: moveRules)
        try lines.joined(separator: "\n").write(to: url, atomically: true, encoding: .utf8)
    }

    func scenario(prior: Bool = false) throws -> Scenario { try toy.scenario(prior: prior) }
    func cleanup() { toy.cleanup() }
}

@Suite struct FlightRulesEpisodeTests {
    @Test("a scenario's flight_rules and return_rules reach the engine: no warnings, displaced is Σ left, returned is Σ returned")
    func rulesReachTheEngine() throws {
        let toy = try ToyFlightEpisode(); defer { toy.cleanup() }
        let s = try toy.scenario()
        let check = try DisplacementCheck(s)
        #expect(check.settingWarnings.isEmpty, "\(check.settingWarnings)")
        let d = try DirectEpisodeRun(try EpisodeModel(s, episode: "raid_2019", seed: 4), episode: "raid_2019")
        let (run, r) = (d.run, d.result)
        #expect(d.settings.flightRules?.onsetShare == d.values[ToyFlightEpisode.onset])
        #expect(d.settings.returnRules?.delayDays == 2)
        #expect(run.figures[0] == Double(r.everDisplaced(day: 9)) && run.figures[1] == Double(r.everDisplaced(day: 19)))
        #expect(r.everDisplaced(day: 19) > 0 && r.returnedTotal(day: 19) > 0)
        #expect(EpisodeRun.returned(r)[19] == Double(r.returnedTotal(day: 19)))
        #expect(r.spawned.reduce(0, +) == r.everDisplaced(day: 19))
    }

    @Test("calibration fits a flight_rules setting marked calibrate: true")
    func calibrationFitsOnsetShare() throws {
        let toy = try ToyFlightEpisode(); defer { toy.cleanup() }
        let s = try toy.scenario(prior: true)
        let result = try Calibration.run(s, options: CalibrationOptions(
            seed: 5, threads: 2, sampler: ABCSettings(particles: 24, maxGenerations: 2), backtestSamples: 10, date: "2020-01-01"))
        let change = try #require(result.inputs.first)
        #expect(change.path == ToyFlightEpisode.onset)
        #expect(change.posterior.p05 >= 0.05 && change.posterior.p95 <= 0.5)
    }
}
