import BoundedInput
import Foundation

/// How people are represented.
public enum SimulationMode: String, Sendable, CaseIterable, Codable {
    /// One record per person (struct-of-arrays), multi-core.
    case agent
    /// Groups of exchangeable people moved by multinomial draws; cost independent of population.
    case cohort
}

/// Which semantics the model follows.
public enum Compatibility: String, Sendable, CaseIterable, Codable {
    /// The reference algorithm with Flee 3.1's bugs fixed (docs/displacement.md).
    case fulcrum
    /// Reproduces Flee 3.1's statistics: sequential in-place updates, re-roll at every stop, quirks.
    case flee31 = "flee-3.1"
}

/// Inputs of one run besides the geography and conflicts.
public struct RunOptions: Sendable {
    public var mode: SimulationMode
    public var compatibility: Compatibility
    /// Worker threads for agent mode (default: all cores). Results do not depend on it.
    public var threads: Int?
    /// Data-driven spawning and day-0 insertion (Flee's validation directory).
    public var validation: ValidationData?
    /// People present at locations before day 0 (e.g. Flee's agents.csv), by location index.
    public var initialPeople: [Int: Int]
    /// Age and gender tables, needed by `ChildrenAvoidHazards` / `BoysTakeRisk` (agent mode).
    public var demographics: Demographics
    /// Individually listed people present before day 0 (Flee's agents.csv), after `initialPeople`.
    public var presetPeople: [PresetPerson]
    public init(mode: SimulationMode = .cohort, compatibility: Compatibility = .fulcrum, threads: Int? = nil,
                validation: ValidationData? = nil, initialPeople: [Int: Int] = [:], demographics: Demographics = Demographics(),
                presetPeople: [PresetPerson] = []) {
        self.mode = mode; self.compatibility = compatibility; self.threads = threads
        self.validation = validation; self.initialPeople = initialPeople; self.demographics = demographics
        self.presetPeople = presetPeople
    }
}

/// Runs the displacement model for `days` days. A pure function of its arguments: safe to call
/// from several threads at once (e.g. one Monte Carlo sample per thread).
///
/// Guarantees: conservation (spawned − deactivated = people at locations + on links, every
/// day); the same inputs, settings, seed, mode and compatibility give bit-identical
/// results on any machine and with any `threads`. Random: every draw comes from
/// counter-based streams keyed by `seed` (default mode) or one sequential stream seeded
/// by `seed` (Flee 3.1 mode). Exact model, stochastic outcome: agent and cohort modes
/// sample the same distribution.
///
/// People appear either from `settings.conflictDrivenSpawning` (conflict zones produce
/// people each day) or, when `options.validation` is given, from its `total` series as
/// Flee does. Throws `DisplacementRunError` or `DisplacementInputError` for unusable input.
public func simulate(geography: Geography, conflicts: ConflictSchedule, settings: SimulationSettings, days: Int,
                     seed: UInt64, options: RunOptions = RunOptions(),
                     progress: ((Int, Int) -> Void)? = nil) throws -> DisplacementResult {
    var recorder = ResultRecorder()
    let warnings = try simulate(geography: geography, conflicts: conflicts, settings: settings, days: days, seed: seed,
                                options: options, observer: &recorder, progress: progress)
    return recorder.result(warnings: warnings)
}

/// The same run, recorded by `observer` (see `DisplacementObserver`) instead of in full.
/// Returns the run's warnings.
public func simulate<Observer: DisplacementObserver>(geography: Geography, conflicts: ConflictSchedule, settings: SimulationSettings,
                                                     days: Int, seed: UInt64, options: RunOptions = RunOptions(),
                                                     observer: inout Observer, progress: ((Int, Int) -> Void)? = nil) throws -> [String] {
    var driver = try DailyDriver(geography: geography, conflicts: conflicts, settings: settings, days: days, seed: seed, options: options)
    try driver.run(observer: &observer, progress: progress)
    return driver.warnings + driver.state.warnings
}

/// Convenience for the crisis runner: cohort mode, default semantics.
public func simulate(geography: Geography, conflicts: ConflictSchedule, settings: SimulationSettings, days: Int,
                     seed: UInt64, mode: SimulationMode) throws -> DisplacementResult {
    try simulate(geography: geography, conflicts: conflicts, settings: settings, days: days, seed: seed, options: RunOptions(mode: mode))
}

