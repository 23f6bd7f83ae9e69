/// What the daily driver needs from a representation of the people (individual agents or
/// cohorts). The network, the day's state (conflict, counts) and the route table are
/// shared; the engine owns who is where and how they move.
protocol PopulationEngine: AnyObject {
    /// People counted in the simulation (Flee's "total refugees (simulation)").
    var alive: Int { get }
    /// People on links.
    var inTransit: Int { get }
    /// Bytes of per-person state (0 for cohorts).
    var bytesPerPerson: Int { get }
    /// Adds `count` new people at `loc` (day-0 insertion, conflict-driven spawning).
    func place(_ loc: Int, count: Int, day: Int)
    /// Adds `count` people who fled their home `loc` under `flight_rules`: they move on
    /// whatever the move chance until they first arrive somewhere.
    func placeFled(_ loc: Int, count: Int, day: Int)
    /// Under `return_rules`, after the travel phase: each displaced person at a location
    /// whose home `mayReturn` goes back with probability `share`; they leave the simulation
    /// and are added to `returned[home]` (the caller puts them back among the residents).
    func returnHome(day: Int, mayReturn: (Int) -> Bool, share: Double, returned: inout [Int])
    /// Spawns `n` people, each at a location drawn with probability ∝ `weights`.
    /// Returns how many landed at each location.
    func spawn(_ n: Int, weights: [Double], day: Int) -> [Int]
    /// Scores, decisions, travel and end-of-day bookkeeping for day t; adds arrivals per
    /// location to `arrivals`.
    func agentPhase(day t: Int, arrivals: inout [Int])
    /// Camp sinks: each person at a camp, not travelling, leaves the simulation with the
    /// camp's deactivation probability; returns how many people were deactivated.
    func sinks(day t: Int) -> Int
    /// Adds one preset person (Flee's agents.csv) with the attributes it lists.
    func placePreset(_ p: PresetPerson)
    /// People who completed each directed link (the network's link order) since the start;
    /// valid until the engine next moves people.
    var linkCompletions: UnsafeBufferPointer<Int> { get }
}

extension PopulationEngine {
    func placePreset(_ p: PresetPerson) { place(p.location, count: 1, day: 0) }
}

/// One row of Flee's agents.csv: a person present before day 0.
public struct PresetPerson: Sendable, Hashable {
    public var location: Int
    /// Age and gender when the file gives them; otherwise drawn from the demographics tables.
    public var age: Int?
    public var gender: String?
    public init(location: Int, age: Int? = nil, gender: String? = nil) { self.location = location; self.age = age; self.gender = gender }
}

/// Cumulative weights and a draw from them; uniform if every weight is 0.
func pickIndex(cumulative c: UnsafePointer<Double>, start: Int, end: Int, total: Double, u: Double) -> Int {
    if !(total > 0) { return min(end - 1, start + Int(u * Double(end - start))) }
    let x = u * total
    var lo = start, hi = end - 1
    while lo < hi {
        let mid = (lo + hi) >> 1
        if c[mid] > x { hi = mid } else { lo = mid + 1 }
    }
    return lo
}
