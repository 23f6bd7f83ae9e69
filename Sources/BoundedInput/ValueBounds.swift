/// The largest numbers the readers accept, so that no engine is handed a value whose
/// arithmetic overflows: counts of people become `Int`s and are summed over places and
/// days, distances become `Float`s, and intensities and weights are raised to powers.
/// Each bound is far beyond any real crisis; values past it are refused at load (scenario
/// folders, Flee inputs) and again for every Monte Carlo draw and `--set`.
public enum ValueBounds {
    /// People at one place (a population, a capacity, a daily spawning rate): ten billion,
    /// more than the world. A hundred thousand places of it sum to 10^15, far below `Int.max`.
    public static let people: ClosedRange<Double> = 0...1e10
    /// Most people one displacement run may create (residents plus everyone spawned over
    /// its days): what keeps the engine's sums over places and days far from `Int.max`.
    public static let peoplePerRun = 1e15
    /// Most people an agent-mode run may follow one by one (each is a record of some tens of
    /// bytes): about 2 GB.
    public static let agentsPerRun = 5e7
    /// A relative weight (a location's share of the population): any scale, but finite sums.
    public static let weight: ClosedRange<Double> = 0...1e15
    /// A route length in km: 25 times round the Earth.
    public static let distanceKm: ClosedRange<Double> = 0...1e6
    /// How much longer a road is than the great circle.
    public static let roadFactor: ClosedRange<Double> = 1...100
    /// Conflict intensity (Flee's: 1 is a typical zone); it multiplies spawning and is an
    /// exponent of the conflict weight.
    public static let conflictIntensity: ClosedRange<Double> = 0...1000
    public static let probability: ClosedRange<Double> = 0...1
    public static let latitude: ClosedRange<Double> = -90...90
    public static let longitude: ClosedRange<Double> = -180...180
    /// A day of a run (a conflict onset, a closure): at most 100 years.
    public static let day: ClosedRange<Double> = 0...36_500

    /// The numbers of Flee's simsetting.yml (by dotted key, as Fulcrum reads them) that
    /// have a bound beyond finiteness. Speeds are km a day; exponents stay small enough that
    /// a weight of 10^6 raised to them is finite; a conflict weight above 1 would make
    /// `weight ^ (intensity × decay)` overflow.
    public static let fleeSettings: [String: ClosedRange<Double>] = [
        "spawn_rules.conflict_driven_spawning.displaced_per_conflict_day": people,
        "spawn_rules.conflict_spawn_decay": 0...1000,
        "move_rules.max_move_speed": 0...1e6,
        "move_rules.max_walk_speed": 0...1e6,
        "move_rules.max_crossing_speed": 0...1e6,
        "move_rules.foreign_weight": 0...1e6,
        "move_rules.camp_weight": 0...1e6,
        "move_rules.conflict_weight": 0...1,
        "move_rules.conflict_movechance": probability,
        "move_rules.camp_movechance": probability,
        "move_rules.idpcamp_movechance": probability,
        "move_rules.default_movechance": probability,
        "move_rules.awareness_level": 0...10,
        "move_rules.capacity_buffer": 0...1,
        "move_rules.softening": 0...1e6,
        "move_rules.weight_softening": 0...1e6,
        "move_rules.weight_power": 0...10,
        "move_rules.distance_power": 0...10,
        "move_rules.home_distance_power": 0...10,
        "move_rules.pop_power_for_loc_weight": 0...10,
        "move_rules.movechance_pop_base": 1...1e10,
        "move_rules.movechance_pop_scale_factor": 0...10,
        "optimisations.hasten": 1...1e6,
        "number_of_steps": -1...36_500,
    ]

    /// `x` as a range's text for messages: `[0, 10000000000]`.
    public static func describe(_ r: ClosedRange<Double>) -> String {
        func f(_ x: Double) -> String { x == x.rounded() && abs(x) < 1e15 ? String(Int64(x)) : "\(x)" }
        return "[\(f(r.lowerBound)), \(f(r.upperBound))]"
    }
}
