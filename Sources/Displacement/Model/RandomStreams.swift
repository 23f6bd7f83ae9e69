import BoundedInput

/// Why a stream is drawn; part of every stream key, so purposes never share draws.
enum StreamPurpose: UInt64 {
    case decide = 1, travel, spawn, sink, cohortDecide, cohortTravel, cohortSpawn, cohortSink, sequentialMove, sequentialSpawn, conflictSpawn,
         flight, returnHome, cohortReturn
}

/// The engine's streams: draw i is a pure function of (seed, purpose, day, entity, i), so
/// any agent's or location's draws can be produced on any thread in any order, which is
/// what makes results independent of the thread count.
extension CounterStream {
    @inline(__always)
    init(seed: UInt64, purpose: StreamPurpose, day: Int, entity: Int) {
        self.init(seed: seed, purpose: purpose.rawValue, day: day, entity: entity)
    }

    @inline(__always)
    static func phaseKey(seed: UInt64, purpose: StreamPurpose, day: Int) -> UInt64 {
        phaseKey(seed: seed, purpose: purpose.rawValue, day: day)
    }
}

extension CounterStream {
    /// A stream of its own, a pure function of this one's state, for draws that must not
    /// shift this stream's (the cohort engine's shares of homes).
    @inline(__always) func side() -> CounterStream { CounterStream(state: mix64(state ^ 0x94D0_49BB_1331_11EB)) }
}
