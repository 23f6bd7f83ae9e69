/// Everything `fulcrum run` reports, as written to results.json. Dictionaries are
/// keyed by ids and encoded with sorted keys, so the file is byte-stable.
public struct CrisisResult: Codable, Sendable {
    public struct ScenarioInfo: Codable, Sendable {
        public var id: String
        public var title: String
        public var asOf: String
        public var horizonDays: Int
    }
    public struct RunInfo: Codable, Sendable {
        public var samples: Int
        public var seed: UInt64
        public var version: String
        /// The `--set` overrides applied before the run, by path.
        public var overrides: [String: Double]
        /// The calibration the run used ("fitted to episode … by …"), nil when the inputs
        /// kept the scenario's own distributions. Optional so earlier results still load.
        public var calibration: String?
    }
    public struct ConsequenceInfo: Codable, Sendable {
        public var id: String
        public var unit: String
        public var description: String
    }
    /// The equilibrium of the scenario with every uncertain input at its median.
    public struct Nominal: Codable, Sendable {
        public var path: [PathStep]
        public var key: String
        public var expectedUtilities: [String: Double]
        public var expectedConsequences: [String: Double]
    }
    /// One equilibrium path and the share of Monte Carlo samples in which it is the equilibrium.
    public struct PathShare: Codable, Sendable {
        public var key: String
        public var probability: Double
        public var steps: [PathStep]
    }
    /// One terminal branch of the tree across the samples.
    public struct BranchResult: Codable, Sendable {
        public var id: String
        public var labels: [String]
        public var schedule: String
        /// Mean probability of ending on this branch under the equilibrium.
        public var probability: Double
        public var consequences: [String: Summary]
    }
    /// One conflict schedule's displacement across the samples.
    public struct ScheduleResult: Codable, Sendable {
        public var id: String
        public var description: String
        /// Cumulative people displaced by the end of each day: 5%, 50% and 95% across samples.
        public var displacedByDay: [Band]
        public var arrivalsByLocation: [String: Summary]
        public var overloadPersonDaysByLocation: [String: Summary]
        public var displaced: Summary
        public var overloadPersonDays: Summary
        /// The days (0-based, as the indices of `displacedByDay`) at which people present
        /// are given: every k-th day from day 0 plus the last (at most about 31 points).
        /// Optional only so that results stored before it existed still load.
        public var populationDays: [Int]?
        /// People present at each place (displaced people there, not its residents) at the
        /// end of each of `populationDays`: 5%, 50% and 95% across samples. Places holding
        /// nobody on any grid day in any sample are left out.
        public var populationByLocation: [String: BandSeries]?
        /// People on the roads at the end of each of `populationDays`.
        public var inTransit: BandSeries?
        /// People who travelled each route, per direction, over the horizon (a person counts
        /// on every route they finish, passing through included), across samples. Directions
        /// nobody took in any sample are left out. Sorted by (from, to).
        public var routeFlows: [RouteFlow]?
    }
    public struct Band: Codable, Sendable, Equatable {
        public var p05: Double
        public var median: Double
        public var p95: Double
    }
    /// A band over a series of days: three parallel arrays.
    public struct BandSeries: Codable, Sendable, Equatable {
        public var p05: [Double]
        public var median: [Double]
        public var p95: [Double]
    }
    public struct RouteFlow: Codable, Sendable, Equatable {
        public var from: String
        public var to: String
        /// People who travelled from `from` to `to`.
        public var people: Summary
        /// People who travelled this way minus those who travelled back (per sample, then
        /// summarised): the net movement along the route, which back-and-forth between
        /// neighbouring towns does not inflate.
        public var net: Summary
    }

    public var scenario: ScenarioInfo
    public var run: RunInfo
    public var players: [String]
    public var consequences: [ConsequenceInfo]
    public var nominal: Nominal
    /// Equilibrium paths, most probable first.
    public var paths: [PathShare]
    /// Consequences expected under the equilibrium (chance included), across samples.
    public var equilibriumConsequences: [String: Summary]
    /// Each player's expected utility under the equilibrium, across samples.
    public var equilibriumUtilities: [String: Summary]
    public var branches: [BranchResult]
    public var schedules: [ScheduleResult]
    public var pivot: PivotResult
    public var bargaining: [IssueForecast]
    /// The game at nominal inputs in Gambit's .efg format, to inspect in Gambit.
    public var gameEFG: String
    /// What the models warned about (e.g. a displacement setting nobody reads, with the
    /// scenario.yaml line it is on). Absent when there is nothing to say, and in results
    /// stored before it existed.
    public var warnings: [String]? = nil
    /// The scenario's episodes scored with the same inputs (calibration included): the
    /// forecast's fit to the record before its date. Nil when it has no episodes.
    public var backtest: BacktestResult?
}

/// Which inputs, choices and actors decide the outcome.
public struct PivotResult: Codable, Sendable {
    public struct Entry: Codable, Sendable {
        /// `input` (an uncertain number, by path) or `player` (a choice, by actor id).
        public var kind: String
        public var name: String
        /// Mean normalised swing of the equilibrium's expected consequences (0–1): how much
        /// of each consequence's range across branches this input or choice moves.
        public var score: Double
        /// Whether sweeping the input (or forcing the choice) changes the equilibrium path.
        public var flipsPath: Bool
    }
    public struct TippingPoint: Codable, Sendable {
        public var value: Double
        public var below: String
        public var above: String
    }
    public struct Sweep: Codable, Sendable {
        public var input: String
        /// The input in words (`InputGroups.name(of:)`); nil in results stored before it existed.
        public var label: String? = nil
        public var provenance: String
        /// The swept range: the input's 2% and 98% quantiles; `nominal` is its median.
        public var low: Double
        public var high: Double
        public var nominal: Double
        public var tippingPoints: [TippingPoint]
        public var swing: Double
        /// First-order (variance-based) index of the equilibrium path from the Monte Carlo.
        public var sensitivity: Double
    }
    public struct Forced: Codable, Sendable {
        public var action: String
        public var label: String
        /// Share of samples in which forcing this action changes the equilibrium path.
        public var changesPath: Double
        public var expectedConsequences: [String: Summary]
    }
    public struct PlayerForcing: Codable, Sendable {
        public var player: String
        public var options: [Forced]
        public var swing: Double
    }

    /// Inputs and players, the most decisive first; the first entry is the fulcrum.
    public var ranking: [Entry]
    public var sweeps: [Sweep]
    public var players: [PlayerForcing]
}

/// The bargaining forecast of one contested issue, beside the game.
public struct IssueForecast: Codable, Sendable {
    public var issue: String
    public var title: String
    public var anchors: [String: String]
    public var model: String
    /// At nominal inputs.
    public var forecast: Double
    public var weightedMean: Double
    public var weightedMedian: Double
    /// Across the Monte Carlo samples.
    public var distribution: Summary
    /// The bargaining model's positions round by round at nominal inputs (with the run's
    /// what-ifs): `positions[round][actor]`, round 0 the opening positions. Absent when the
    /// model keeps no rounds (BDM) and in results stored before it existed.
    public var rounds: Rounds?

    public struct Rounds: Codable, Sendable, Equatable {
        public var actors: [String]
        public var positions: [[Double]]
    }
}
