import Displacement
import Scenario

/// One episode of a scenario prepared for repeated simulation: which inputs it draws
/// (the forecast's, plus its own), how a set of values becomes a concrete scenario, and
/// how a displacement run becomes the figures its observations count.
///
/// Random: sample `i` draws the forecast's inputs exactly as `fulcrum run`'s sample `i`
/// does (`InputDraws`, calibration included), the episode's own inputs from counter stream
/// `episodeStream(i)`, and seeds the displacement model from that stream too; so a
/// backtest is bit-identical for a seed whatever the thread count.
struct EpisodeModel: Sendable {
    let scenario: Scenario
    let episode: Episode
    let index: Int
    let draws: InputDraws
    let ownInputs: [UncertainInput]
    /// Observation k's location indices (for present counts) in the geography's order.
    private let observed: [[Int]]
    /// The engine's view of the scenario, built once: samples change values, not structure.
    private let bridge: DisplacementBridge

    init(_ scenario: Scenario, episode id: String, seed: UInt64) throws {
        guard let index = scenario.episodes.firstIndex(where: { $0.id == id }) else {
            throw CrisisError.invalidOption("no episode '\(id)' in this scenario (it has: \(scenario.episodes.map(\.id).joined(separator: ", ")))")
        }
        self.scenario = scenario
        self.index = index
        episode = scenario.episodes[index]
        draws = InputDraws(scenario, seed: seed)
        ownInputs = scenario.uncertainInputs(ofEpisode: id)
        bridge = try DisplacementBridge(scenario, horizon: episode.days)
        let locations = scenario.geography.locations
        observed = episode.observations.map { o in
            switch o.measure {
            case .present(let place): return locations.indices.filter { locations[$0].name == place }
            case .presentInArea(let area): return locations.indices.filter { locations[$0].region == area }
            case .presentInCountry(let country): return locations.indices.filter { locations[$0].country == country }
            case .displaced, .returned: return []
            }
        }
    }

    /// The counter stream of sample `i`'s own episode draws: far from `fulcrum run`'s
    /// streams (2i, 2i + 1) and from other episodes'.
    func episodeStream(_ i: Int) -> CounterRandom {
        CounterRandom(seed: draws.seed, stream: (1 << 62) | (UInt64(index) << 40) | UInt64(i))
    }

    /// Sample `i`'s values of every input (forecast and episode) and its displacement seed.
    func draw(_ i: Int) -> (values: [String: Double], seed: UInt64) {
        var values = Dictionary(uniqueKeysWithValues: zip(draws.inputs.map(\.path), draws.values(i)))
        var rng = episodeStream(i)
        for input in ownInputs { values[input.path] = input.distribution.quantile(rng.uniform()) }
        return (values, rng.next())
    }

    /// The episode's scenario at `values` (a value per uncertain input; the episode's
    /// `set:` values override the forecast's).
    func concrete(_ values: [String: Double]) throws -> Scenario {
        let fixed = try scenario.fixing(values, draw: true)
        guard let e = fixed.episodes.first(where: { $0.id == episode.id }) else { return fixed }
        let overrides = Dictionary(e.settings.map { ($0.path, $0.value.nominal) }, uniquingKeysWith: { _, b in b })
        return overrides.isEmpty ? fixed : try fixed.fixing(overrides)
    }

    /// Simulates the episode at `values` and returns the model's figure for each observation.
    func observe(_ values: [String: Double], seed: UInt64) throws -> EpisodeRun {
        let world = try concrete(values)
        guard let schedule = world.episodes.first(where: { $0.id == episode.id })?.schedule else {
            throw CrisisError.invalidScenario("episode '\(episode.id)' vanished from its own scenario")
        }
        let inputs = try bridge.inputs(world)
        let r: DisplacementResult
        do {
            let conflicts = bridge.conflicts(schedule)
            try RunBounds.check(geography: inputs.geography, conflicts: conflicts, settings: inputs.settings, days: episode.days)
            r = try simulate(geography: inputs.geography, conflicts: conflicts, settings: inputs.settings,
                             days: episode.days, seed: seed, mode: .cohort)
        } catch {
            throw CrisisError.invalidScenario("displacement model, episode '\(episode.id)': \(error)")
        }
        let scale = Double(r.peoplePerAgent)
        let displaced = EpisodeRun.everDisplaced(r).map { $0 * scale }
        let returned = EpisodeRun.returned(r).map { $0 * scale }
        let figures = episode.observations.enumerated().map { k, o -> Double in
            switch o.measure {
            case .displaced: return displaced[o.day]
            case .returned: return returned[o.day]
            case .present, .presentInArea, .presentInCountry: return observed[k].reduce(0) { $0 + Double(r.population(of: $1, day: o.day)) } * scale
            }
        }
        return EpisodeRun(figures: figures, displacedByDay: displaced)
    }
}

/// What one simulation of an episode gives: the model's figure for each observation (in
/// the episode's order) and people displaced so far by day.
struct EpisodeRun: Sendable, Codable {
    var figures: [Double]
    var displacedByDay: [Double]

    /// People displaced so far (everyone who has left home; a person who went back and
    /// fled again counts twice), per day: the running sum of the engine's `left`.
    static func everDisplaced(_ r: DisplacementResult) -> [Double] { runningTotal(r.left, locations: r.locationCount) }

    /// People back home so far, per day: the running sum of the engine's `returned`.
    static func returned(_ r: DisplacementResult) -> [Double] { runningTotal(r.returned, locations: r.locationCount) }

    /// The running total over days of a `[day * locations + location]` series.
    private static func runningTotal(_ series: [Int], locations: Int) -> [Double] {
        guard locations > 0 else { return [] }
        var total = 0.0
        return stride(from: 0, to: series.count, by: locations).map { start in
            for l in 0..<locations { total += Double(series[start + l]) }
            return total
        }
    }
}
