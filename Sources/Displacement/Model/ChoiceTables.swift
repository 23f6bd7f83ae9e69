import Foundation

/// What the day's decisions read, computed from the day's state for both engines: each
/// location's effective move chance, camp/town status and capacity factor, and each route
/// candidate's endpoint score and weight. Weights are per candidate
/// (cohort mode splits groups by them) or cumulative per origin (agent mode draws an
/// index from them).
final class ChoiceTables: @unchecked Sendable {
    let moveChance: Column<Double>
    let isCamp: Column<Bool>
    let isTown: Column<Bool>
    /// Multiplier of routes ending at each location: 1 up to `capacity_buffer` × capacity, 0 when
    /// full, linear between.
    let capacityFactor: Column<Double>
    /// Capacity after `hasten` (-1: none), as in the network.
    let capacity: Column<Int>
    let candidateScore = Column<Double>()
    let weight = Column<Double>()
    let totalWeight: Column<Double>
    let cumulative: Bool
    private let state: DayState
    private let routes: RouteTable
    private var routesVersion = -1

    init(state: DayState, routes: RouteTable, cumulative: Bool) {
        self.state = state
        self.routes = routes
        self.cumulative = cumulative
        let n = state.locationCount
        moveChance = Column(repeating: 0, count: n)
        isCamp = Column(repeating: false, count: n)
        isTown = Column(repeating: false, count: n)
        capacityFactor = Column(repeating: 1, count: n)
        capacity = Column(state.network.capacity)
        totalWeight = Column(repeating: 0, count: n)
    }

    /// Fraction of route weight kept by a camp holding `count` people of `capacity`.
    @inline(__always) static func capacityFactor(count: Int, capacity: Int, buffer: Double) -> Double {
        if capacity < 1 { return 1 }
        let people = Double(count), room = Double(capacity)
        if people <= buffer * room { return 1 }
        if count >= capacity { return 0 }
        return 1 - (people - buffer * room) / (room * (1 - buffer))
    }


    /// The day's scores, move chances and endpoint scores (after the route table is current).
    func startDay(_ day: Int) {
        state.computeScores(day: day)
        routes.update(state, awarenessLevel: state.compat && state.settings.awarenessLevel < 0 ? 1 : state.settings.awarenessLevel)
        if routesVersion != routes.version {
            routesVersion = routes.version
            weight.assign(Array(repeating: 0, count: routes.candidateCount))
            candidateScore.assign(Array(repeating: 0, count: routes.candidateCount))
        }
        for i in 0..<state.locationCount {
            moveChance[i] = state.effectiveMoveChance(i)
            isCamp[i] = state.isCamp[i]
            isTown[i] = state.isTown[i]
        }
        for origin in 0..<state.locationCount {
            for k in routes.candidateStart[origin]..<routes.candidateStart[origin + 1] {
                candidateScore[k] = state.endpointScore(Int(routes.candidateEnd[k]), origin: origin)
            }
        }
    }

    /// Capacity factors and route weights from the people at each location now.
    func updateWeights(counts: UnsafePointer<Int>) {
        let settings = state.settings
        for i in 0..<state.locationCount {
            capacityFactor[i] = Self.capacityFactor(count: counts[i], capacity: capacity[i], buffer: settings.capacityBuffer)
        }
        let plain = settings.weightPower == 1 && settings.distancePower == 1
        let start = routes.candidateStart, end = routes.candidateEnd, km = routes.candidateKm
        for origin in 0..<state.locationCount {
            var total = 0.0
            for k in start[origin]..<start[origin + 1] {
                let factor = capacityFactor[Int(end[k])]
                let x = plain ? (settings.weightSoftening + candidateScore[k]) / (settings.softening + km[k]) * factor
                              : settings.routeWeight(score: candidateScore[k], km: km[k], capacityFactor: factor)
                total += x
                weight[k] = cumulative ? total : x
            }
            totalWeight[origin] = total
        }
    }

    var view: ChoiceView {
        ChoiceView(moveChance: moveChance.base, isCamp: isCamp.base, isTown: isTown.base, capacityFactor: capacityFactor.base,
                   capacity: capacity.base,
                   candidateScore: candidateScore.base, weight: weight.base, totalWeight: totalWeight.base)
    }
}

/// The choice tables as raw pointers, for the inner loops and worker threads.
struct ChoiceView: @unchecked Sendable {
    let moveChance: UnsafeMutablePointer<Double>
    let isCamp: UnsafeMutablePointer<Bool>
    let isTown: UnsafeMutablePointer<Bool>
    let capacityFactor: UnsafeMutablePointer<Double>
    let capacity: UnsafeMutablePointer<Int>
    let candidateScore: UnsafeMutablePointer<Double>
    let weight: UnsafeMutablePointer<Double>
    let totalWeight: UnsafeMutablePointer<Double>
}

extension SimulationSettings {
    /// Route weight from the endpoint score, route length and capacity factor.
    @inline(__always) func routeWeight(score: Double, km: Double, capacityFactor: Double) -> Double {
        let length = distancePower == 1 ? (softening + km) : pow(softening + km, distancePower)
        var weight = (weightSoftening + score) / length * capacityFactor
        if weightPower != 1 { weight = pow(weight, weightPower) }
        return weight
    }
}
