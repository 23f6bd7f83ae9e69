import Foundation
import Scenario

/// How to backtest.
public struct BacktestOptions: Sendable {
    /// Monte Carlo samples of the scenario's (and each episode's) uncertain inputs.
    public var samples: Int
    public var seed: UInt64
    /// Worker threads (nil: every core). Results do not depend on it.
    public var threads: Int?
    /// `--set PATH=VALUE` what-ifs, applied before anything is drawn.
    public var overrides: [String: Double]
    /// Episode ids to score (empty: every episode).
    public var episodes: [String]
    public var isCancelled: (@Sendable () -> Bool)?

    public init(samples: Int = 200, seed: UInt64 = 1, threads: Int? = nil, overrides: [String: Double] = [:],
                episodes: [String] = [], isCancelled: (@Sendable () -> Bool)? = nil) {
        self.samples = samples; self.seed = seed; self.threads = threads; self.overrides = overrides
        self.episodes = episodes; self.isCancelled = isCancelled
    }
}

/// How well the model's predictive distribution fits what was observed in each episode.
public struct BacktestResult: Codable, Sendable, Equatable {
    public var scenario: String
    public var samples: Int
    public var seed: UInt64
    /// Whether the scenario's calibration (posterior.json) was used.
    public var calibrated: Bool
    public var calibration: String?
    public var episodes: [EpisodeScore]
}

/// One episode's scores.
public struct EpisodeScore: Codable, Sendable, Equatable {
    public var id: String
    public var title: String
    public var start: String
    public var days: Int
    public var observations: [ObservationScore]
    /// Flee's averaged relative difference on the destinations: for each date with
    /// destination counts (places and areas apart), Σ |median − observed| over the places or
    /// areas counted, divided by the people displaced by that date (observed, else the sum
    /// of the counts), averaged. Nil when no destination was counted.
    public var ard: Double?
    /// Mean CRPS over the observations, each divided by its observed value (a relative,
    /// unit-free score; 0 is perfect).
    public var relativeCRPS: Double
    /// Share of the observations inside the predictive 50% and 90% intervals.
    public var coverage50: Double
    public var coverage90: Double
    /// Destination shares on the date with the most destination counts (places or areas,
    /// whichever were counted more; never both, which overlap): predicted
    /// (median over samples of each place's share of the people displaced by then) beside
    /// observed, plus "elsewhere"; and their total variation distance.
    public var destinations: DestinationShares?
    /// Median across samples of people displaced so far, with 5% and 95%, by day.
    public var displacedByDay: [CrisisResult.Band]
}

public struct ObservationScore: Codable, Sendable, Equatable {
    public var date: String
    public var day: Int
    /// What was counted, e.g. "displaced" or "present in Dana".
    public var measure: String
    public var observed: Double
    public var median: Double
    public var p05: Double, p25: Double, p75: Double, p95: Double
    public var crps: Double
    /// median ÷ observed (1 is unbiased; nil when nothing was observed).
    public var bias: Double?
    public var inside50: Bool
    public var inside90: Bool
    public var source: String
}

public struct DestinationShares: Codable, Sendable, Equatable {
    public struct Share: Codable, Sendable, Equatable {
        public var destination: String
        public var predicted: Double
        public var observed: Double
    }
    public var date: String
    /// The counted destinations in the episode's order, then "elsewhere".
    public var shares: [Share]
    /// ½ Σ |predicted − observed| over the shares.
    public var totalVariation: Double
}

public enum Backtest {
    /// Scores every episode (or those named) of `base` over its uncertainty. Deterministic
    /// for a seed, whatever the thread count.
    public static func run(_ base: Scenario, options: BacktestOptions = BacktestOptions(),
                           progress: (@Sendable (_ done: Int, _ total: Int) -> Void)? = nil) throws -> BacktestResult {
        guard options.samples >= 1 else { throw CrisisError.invalidOption("--samples must be at least 1") }
        if let t = options.threads, t < 1 { throw CrisisError.invalidOption("--threads must be at least 1") }
        let scenario = try base.fixing(options.overrides)
        let ids = options.episodes.isEmpty ? scenario.episodes.map(\.id) : options.episodes
        guard !ids.isEmpty else {
            throw CrisisError.invalidOption("the scenario has no episodes to backtest (see docs/calibration.md: 'episodes:')")
        }
        let models = try ids.map { try EpisodeModel(scenario, episode: $0, seed: options.seed) }
        let counter = ProgressCounter(total: models.count * options.samples, report: progress)
        let cancelled = options.isCancelled ?? { false }
        let scores = try models.map { model -> EpisodeScore in
            let runs = try deterministicMap(count: options.samples, threads: options.threads ?? defaultThreadCount) { i -> Result<EpisodeRun, Error> in
                if cancelled() { return .failure(CrisisError.cancelled) }
                defer { counter.step() }
                return Result { let d = model.draw(i); return try model.observe(d.values, seed: d.seed) }
            }.map { try $0.get() }
            return score(model.episode, runs)
        }
        return BacktestResult(scenario: scenario.metadata.id, samples: options.samples, seed: options.seed,
                              calibrated: scenario.posterior != nil, calibration: scenario.posterior?.summary,
                              episodes: scores)
    }

    /// Scores simulated runs of an episode against its observations.
    static func score(_ e: Episode, _ runs: [EpisodeRun]) -> EpisodeScore {
        let observations = e.observations.enumerated().map { k, o -> ObservationScore in
            let sample = runs.map { $0.figures[k] }
            let sorted = sample.sorted()
            let median = quantile(sorted: sorted, 0.5)
            return ObservationScore(
                date: o.date, day: o.day, measure: o.measure.description, observed: o.value, median: median,
                p05: quantile(sorted: sorted, 0.05), p25: quantile(sorted: sorted, 0.25),
                p75: quantile(sorted: sorted, 0.75), p95: quantile(sorted: sorted, 0.95),
                crps: ForecastScore.crps(sample, observed: o.value), bias: o.value > 0 ? median / o.value : nil,
                inside50: ForecastScore.covers(sorted, o.value, level: 0.5), inside90: ForecastScore.covers(sorted, o.value, level: 0.9),
                source: o.provenance.description)
        }
        let n = Double(max(1, observations.count))
        let relative = observations.reduce(0) { $0 + $1.crps / max($1.observed, 1) } / n
        let days = (0..<e.days).map { d in runs.map { $0.displacedByDay[d] }.sorted() }
        return EpisodeScore(
            id: e.id, title: e.title, start: e.start, days: e.days, observations: observations,
            ard: ard(e, observations), relativeCRPS: relative,
            coverage50: Double(observations.filter(\.inside50).count) / n,
            coverage90: Double(observations.filter(\.inside90).count) / n,
            destinations: destinations(e, runs),
            displacedByDay: days.map { CrisisResult.Band(p05: quantile(sorted: $0, 0.05), median: quantile(sorted: $0, 0.5), p95: quantile(sorted: $0, 0.95)) })
    }

    /// The people displaced by `date` the observations say, else nil.
    private static func observedTotal(_ e: Episode, on date: String) -> Double? {
        e.observations.first { $0.date == date && $0.measure == .displaced }?.value
    }

    /// Destination counts grouped so that each group is a partition: by date, then places,
    /// areas and countries apart (a place lies inside an area and a country, so no two kinds
    /// share one group).
    static func destinationGroups(_ e: Episode) -> [(date: String, indices: [Int])] {
        var groups: [String: [Int]] = [:]
        for (k, o) in e.observations.enumerated() {
            switch o.measure {
            case .present: groups["\(o.date) place", default: []].append(k)
            case .presentInArea: groups["\(o.date) area", default: []].append(k)
            case .presentInCountry: groups["\(o.date) country", default: []].append(k)
            default: break
            }
        }
        return groups.keys.sorted().map { (String($0.prefix(10)), groups[$0]!) }
    }

    static func ard(_ e: Episode, _ scores: [ObservationScore]) -> Double? {
        let groups = destinationGroups(e)
        guard !groups.isEmpty else { return nil }
        let perGroup = groups.map { g -> Double in
            let total = observedTotal(e, on: g.date) ?? g.indices.reduce(0) { $0 + e.observations[$1].value }
            return g.indices.reduce(0) { $0 + abs(scores[$1].median - e.observations[$1].value) } / max(total, 1)
        }
        return perGroup.reduce(0, +) / Double(perGroup.count)
    }

    static func destinations(_ e: Episode, _ runs: [EpisodeRun]) -> DestinationShares? {
        // The group with the most counts, among the dates that also count the displaced if any do
        // (their shares are of everyone displaced, with "elsewhere"); the first of equals: earliest
        // date, then areas, countries, places.
        func rank(_ g: (date: String, indices: [Int])) -> (Int, Int) { (Backtest.observedTotal(e, on: g.date) == nil ? 0 : 1, g.indices.count) }
        guard let group = destinationGroups(e).reduce(nil, { (best: (date: String, indices: [Int])?, g) in
            best.map { rank($0) >= rank(g) ? $0 : g } ?? g
        }) else { return nil }
        let date = group.date, ks = group.indices
        let day = e.observations[ks[0]].day
        let observedTotal = observedTotal(e, on: date)
        let total = observedTotal ?? ks.reduce(0) { $0 + e.observations[$1].value }
        var shares = ks.map { k -> DestinationShares.Share in
            // Without a count of the displaced, shares are of the group's own counts, predicted as observed.
            let predicted = runs.map { (r: EpisodeRun) -> Double in
                let whole: Double = observedTotal == nil ? ks.reduce(0.0) { $0 + r.figures[$1] } : r.displacedByDay[day]
                return whole > 0 ? r.figures[k] / whole : 0
            }.sorted()
            return .init(destination: e.observations[k].measure.destination!, predicted: quantile(sorted: predicted, 0.5),
                         observed: total > 0 ? e.observations[k].value / total : 0)
        }
        if observedTotal != nil {
            shares.append(.init(destination: "elsewhere", predicted: max(0, 1 - shares.reduce(0) { $0 + $1.predicted }),
                                observed: max(0, 1 - shares.reduce(0) { $0 + $1.observed })))
        }
        let tv = shares.reduce(0) { $0 + abs($1.predicted - $1.observed) } / 2
        return DestinationShares(date: date, shares: shares, totalVariation: tv)
    }
}
