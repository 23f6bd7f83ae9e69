import Displacement
import Foundation
import Scenario
import Testing
@testable import Crisis

/// The toy valley, with its past episode `raid_2019` and its flight rate marked
/// `calibrate: true`, in a fresh folder.
struct ToyEpisode {
    static let rate = "displacement.spawn_rules.conflict_driven_spawning.displaced_per_conflict_day"
    let dir: URL

    init() throws {
        dir = FileManager.default.temporaryDirectory.appendingPathComponent("fulcrum-episode-\(UUID().uuidString)")
        try FileManager.default.copyItem(at: Fixtures.packageRoot.appendingPathComponent("docs/examples/toy-valley"), to: dir)
    }

    func scenario(prior: Bool = false) throws -> Scenario { try Scenario.load(directory: dir, prior: prior) }
    func cleanup() { try? FileManager.default.removeItem(at: dir) }
}

/// Sample 0 of `model`'s episode, observed and also simulated directly through the bridge
/// (the engine's own run, apart from `observe`'s figures).
struct DirectEpisodeRun {
    let values: [String: Double]
    let run: EpisodeRun
    let world: Scenario
    let settings: SimulationSettings
    let result: DisplacementResult

    init(_ model: EpisodeModel, episode: String) throws {
        let (values, seed) = model.draw(0)
        self.values = values
        run = try model.observe(values, seed: seed)
        world = try model.concrete(values)
        let e = try #require(world.episode(episode))
        let bridge = try DisplacementBridge(world, horizon: e.days)
        let inputs = try bridge.inputs(world)
        settings = inputs.settings
        result = try simulate(geography: inputs.geography, conflicts: bridge.conflicts(e.schedule), settings: inputs.settings,
                              days: e.days, seed: seed, mode: .cohort)
    }
}

@Suite struct EpisodeRunTests {
    @Test("an episode's figures are the displacement model's own counts at the observed days")
    func figuresAreTheModelsCounts() throws {
        let toy = try ToyEpisode(); defer { toy.cleanup() }
        let s = try toy.scenario()
        // The same world, simulated directly.
        let d = try DirectEpisodeRun(try EpisodeModel(s, episode: "raid_2019", seed: 4), episode: "raid_2019")
        let (run, world, r) = (d.run, d.world, d.result)
        #expect(world.geography.populationTotal?.nominal == 55000)   // the episode's `set:`
        let spawnedBy = { (d: Int) in Double(r.spawned[0...d].reduce(0, +)) }
        let south = r.locationNames.indices.filter { world.geography.locations[$0].region == "South" }
        #expect(run.figures[0] == spawnedBy(9) && run.figures[1] == spawnedBy(19))
        #expect(run.figures[2] == Double(south.reduce(0) { $0 + r.population(of: $1, day: 19) }))
        #expect(run.figures[3] == Double(r.population(of: r.index(of: "Valley_camp")!, day: 19)))
        #expect(run.figures[3] <= run.figures[2] && run.figures[2] <= run.figures[1])
    }

    @Test("a country count is the displaced people at that country's places, summed from the run itself")
    func countryCountIsTheSumOfItsPlaces() throws {
        let toy = try ToyEpisode(); defer { toy.cleanup() }
        let url = toy.dir.appendingPathComponent("scenario.yaml")
        let text = try String(contentsOf: url, encoding: .utf8)
        try text.replacingOccurrences(of: "area: South, present: 4300", with: "country: Valleyland, present: 4300")
            .replacingOccurrences(of: "place: Valley_camp, present: 3600", with: "country: Neighbourland, present: 600")
            .write(to: url, atomically: true, encoding: .utf8)
        let d = try DirectEpisodeRun(try EpisodeModel(try toy.scenario(), episode: "raid_2019", seed: 4), episode: "raid_2019")
        let (run, r) = (d.run, d.result)
        // Valleyland is Hilltown, Rivertown, Ford and Valley_camp; Neighbourland is Border_camp alone.
        let valley = ["Hilltown", "Rivertown", "Ford", "Valley_camp"].map { r.population(of: r.index(of: $0)!, day: 19) }.reduce(0, +)
        let across = r.population(of: r.index(of: "Border_camp")!, day: 19)
        #expect(run.figures[2] == Double(valley) && run.figures[3] == Double(across))
        // Everyone displaced is somewhere: the two countries hold at most the people displaced by then.
        #expect(run.figures[2] + run.figures[3] <= run.figures[1] && run.figures[2] > 0)
    }

    @Test("a backtest is the same whatever the thread count")
    func backtestIsDeterministic() throws {
        let toy = try ToyEpisode(); defer { toy.cleanup() }
        let s = try toy.scenario()
        let a = try Backtest.run(s, options: BacktestOptions(samples: 24, seed: 2, threads: 1))
        let b = try Backtest.run(s, options: BacktestOptions(samples: 24, seed: 2, threads: 3))
        #expect(a == b)
        #expect(a.episodes[0].observations.count == 4 && !a.calibrated)
    }

    /// Synthetic truth: the record is what the model itself gives at a flight rate of
    /// 0.03 a day (every other input at its median); calibrating on it must put 0.03 inside
    /// the posterior's 90% interval, narrow the prior, and improve the backtest.
    @Test("calibration recovers a synthetic truth and run then uses the posterior")
    func calibrationRecoversASyntheticTruth() throws {
        let toy = try ToyEpisode(); defer { toy.cleanup() }
        var s = try toy.scenario(prior: true)
        let model = try EpisodeModel(s, episode: "raid_2019", seed: 1)
        var truth = Dictionary(uniqueKeysWithValues: (s.uncertainInputs + model.ownInputs).map { ($0.path, $0.distribution.nominal) })
        truth[ToyEpisode.rate] = 0.03
        let record = try model.observe(truth, seed: 99).figures
        for k in s.episodes[0].observations.indices { s.episodes[0].observations[k].value = record[k].rounded() }
        let result = try Calibration.run(s, options: CalibrationOptions(
            seed: 5, threads: 2, sampler: ABCSettings(particles: 80, maxGenerations: 4), backtestSamples: 40, date: "2020-01-01"))
        let change = try #require(result.inputs.first)
        #expect(change.path == ToyEpisode.rate)
        #expect(change.posterior.p05 <= 0.03 && 0.03 <= change.posterior.p95, "\(change.posterior)")
        #expect(change.posterior.p95 - change.posterior.p05 < change.prior.p95 - change.prior.p05)
        #expect(result.after.episodes[0].relativeCRPS < result.before.episodes[0].relativeCRPS)
        // The posterior, applied, drives run: every sample's rate is one of its draws.
        let calibrated = try s.calibrated(by: result.posterior)
        let run = try CrisisRunner.run(calibrated, options: CrisisRunOptions(samples: 12, seed: 3, threads: 2, sweepSteps: 2))
        #expect(run.run.calibration?.hasPrefix("fitted to episode raid_2019 by ABC-SMC") == true)
        #expect(run.backtest?.calibrated == true)
        let draws = Set(result.posterior.draws.map { $0[0] })
        let model2 = try CrisisRunner.prepare(calibrated, options: CrisisRunOptions(samples: 12, seed: 3))
        let column = try #require(model2.inputs.firstIndex { $0.path == ToyEpisode.rate })
        for i in 0..<12 { #expect(draws.contains(model2.draws.values(i)[column])) }
    }
}
