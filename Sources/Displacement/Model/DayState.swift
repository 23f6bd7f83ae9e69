import Foundation

/// The graph's state on the current day: what each location is (camps close and reopen,
/// towns become conflict zones), its conflict, residents and the people present, the
/// day's location scores, and the closures in force on each link. Shared by every engine;
/// the engines own the people.
final class DayState: @unchecked Sendable {
    let network: Network
    let settings: SimulationSettings
    let compat: Bool

    var isCamp: [Bool]
    var isIdpCamp: [Bool]
    var isTown: [Bool]
    /// Base daily move chance of a person at each location, from its type (the settings'
    /// `*_movechance`; 1 at forwarding hubs and markers).
    var moveChance: [Double]
    /// Conflict intensity (> 0 in a conflict zone, -1 elsewhere) and the day it began.
    var conflict: [Double]
    var conflictStart: [Int]
    /// Bombardment intensity today (0: none). Not a conflict zone: it lowers the score and
    /// feeds `flight_rules` only.
    var bombardment: [Double]
    /// Residents who have not left (after `hasten`; 0 for camps).
    var residents: [Int]
    /// People physically at each location (not on links).
    var count: [Int]
    /// Location scores of the current day: foreign, camp and conflict weights multiplied.
    var score: [Double]
    /// Closures in force on each link: a depth in the default mode, 0 or 1 in Flee 3.1 mode.
    var closureDepth: [Int32]
    /// Each location's open out-links, in the order people consider them.
    var openOut: [[Int32]]
    /// A closure changed `openOut` since the route table was built.
    var topologyChanged = true
    var warnings: [String] = []
    private var warnedNoCandidate: Set<Int> = []

    init(network: Network, geography: Geography, settings: SimulationSettings, compat: Bool) {
        self.network = network
        self.settings = settings
        self.compat = compat
        let n = network.locationCount
        isCamp = []
        isIdpCamp = []
        isTown = []
        moveChance = []
        conflict = []
        conflictStart = Array(repeating: -1, count: n)
        bombardment = Array(repeating: 0, count: n)
        residents = geography.locations.map { $0.isCamp ? 0 : $0.population / settings.hasten }
        count = Array(repeating: 0, count: n)
        score = Array(repeating: 1, count: n)
        for location in geography.locations {
            var camp = false, idpCamp = false, town = false
            var chance = 1.0
            var intensity = -1.0
            switch location.kind {
            case .camp:
                camp = true
                chance = settings.campMovechance
            case .idpCamp:
                camp = true
                idpCamp = true
                chance = settings.idpcampMovechance
            case .conflictZone:
                if location.conflictDate > 0 {
                    town = true
                    chance = settings.defaultMovechance
                } else {
                    chance = settings.conflictMovechance
                    intensity = location.conflictIntensity
                }
            case .forwardingHub, .marker:
                chance = 1.0
            case .town:
                town = true
                chance = settings.defaultMovechance
            }
            // A location nobody leaves behaves as a camp, as in Flee.
            if !camp && chance < 0.005 {
                camp = true
                town = false
            }
            isCamp.append(camp)
            isIdpCamp.append(idpCamp)
            isTown.append(town)
            moveChance.append(chance)
            conflict.append(intensity)
        }
        closureDepth = Array(repeating: 0, count: network.linkCount)
        openOut = network.outLinks
    }

    var locationCount: Int { network.locationCount }

    // MARK: conflicts

    /// `conflict_spawn_decay` for a conflict `daysSinceOnset` old (one value per 30 days).
    func decay(_ daysSinceOnset: Int) -> Double {
        guard let table = settings.conflictSpawnDecay, !table.isEmpty else { return 1 }
        return table[min(max(daysSinceOnset, 0) / 30, table.count - 1)]
    }

    func beginConflict(at location: Int, intensity: Double, day: Int) {
        moveChance[location] = settings.conflictMovechance
        conflict[location] = intensity
        isTown[location] = false
        conflictStart[location] = day
    }

    /// Threat intensity today: the stronger of ground conflict and bombardment (0: none).
    @inline(__always) func threat(_ location: Int) -> Double { max(conflict[location], bombardment[location], 0) }

    func endConflict(at location: Int) {
        moveChance[location] = settings.defaultMovechance
        conflict[location] = -1
        isTown[location] = true
    }

    /// Spawn weights residents × intensity × decay(t − onset) for conflict zones (data-driven spawning).
    func spawnWeights(day: Int) -> [Double] {
        (0..<locationCount).map { i in
            conflict[i] > 0 ? Double(residents[i]) * conflict[i] * decay(day - conflictStart[i]) : 0
        }
    }

    // MARK: scores

    func computeScores(day: Int) {
        for i in 0..<locationCount {
            var value = 1.0
            if network.isForeign[i] { value *= settings.foreignWeight }
            if isCamp[i] { value *= settings.campWeight }
            // The conflict factor follows the threat: the stronger of fighting and bombardment.
            let ground = conflict[i] > 0 ? decay(day - conflictStart[i]) * conflict[i] : 0
            let exponent = max(ground, bombardment[i])
            if exponent > 0 { value *= pow(settings.conflictWeight, exponent) }
            score[i] = value
        }
    }

    /// Effective daily move chance of a person at location i: the base scaled by
    /// (max(residents, capacity) / `movechance_pop_base`)^`movechance_pop_scale_factor`.
    func effectiveMoveChance(_ i: Int) -> Double {
        let base = moveChance[i]
        if settings.movechancePopScaleFactor == 0 { return base }
        let size = Double(max(residents[i], network.capacity[i]))
        return base * pow(size / settings.movechancePopBase, settings.movechancePopScaleFactor)
    }

    /// S'(E) for candidate endpoint E seen from origin O, without person-dependent terms
    /// except `stay_close_to_home` in Flee 3.1 mode, which measures from the origin (Q11).
    func endpointScore(_ endpoint: Int, origin: Int) -> Double {
        var value = score[endpoint]
        if settings.usePopForLocWeight && !isCamp[endpoint] {
            let size = compat ? min(1, residents[endpoint]) : max(1, residents[endpoint])  // Q4
            value *= pow(Double(size), settings.popPowerForLocWeight)
        }
        if compat {
            if isCamp[endpoint] {
                if settings.matchCampEthnicity { value *= 10 }
            } else if conflict[endpoint] > 0 {
                if settings.matchConflictEthnicity { value *= 10 }
            } else if settings.matchTownEthnicity {
                value *= 10
            }
            if settings.stayCloseToHome {
                value /= pow(max(1, network.distanceKm(endpoint, origin)), settings.homeDistancePower)
            }
        }
        return value
    }

    func noteNoCandidate(_ origin: Int) {
        if !network.outLinks[origin].isEmpty && !openOut[origin].isEmpty && !warnedNoCandidate.contains(origin) {
            warnedNoCandidate.insert(origin)
            warnings.append("location '\(network.names[origin])' has open out-links but no route candidate (they lead only into dead-end markers); people there stay")
        }
    }

    // MARK: closures

    private func setLink(_ link: Int, closed: Bool) {
        let origin = Int(network.linkFrom[link])
        if compat {
            let wasClosed = closureDepth[link] > 0
            if closed == wasClosed { return }
            closureDepth[link] = closed ? 1 : 0
            if closed {
                openOut[origin].removeAll { $0 == Int32(link) }
            } else {
                openOut[origin].append(Int32(link))  // Q26
            }
        } else {
            closureDepth[link] = max(0, closureDepth[link] + (closed ? 1 : -1))
            openOut[origin] = network.outLinks[origin].filter { closureDepth[Int($0)] == 0 }
        }
        topologyChanged = true
    }

    /// Applies (`close`) or undoes one closures.csv row.
    func enact(_ closure: Closure, close: Bool) {
        let names = network.names
        let links = 0..<network.linkCount
        switch closure.kind {
        case .country:
            for l in links {
                let a = network.country[Int(network.linkFrom[l])], b = network.country[Int(network.linkTo[l])]
                if (a == closure.name1 && b == closure.name2) || (a == closure.name2 && b == closure.name1) { setLink(l, closed: close) }
            }
        case .location:
            guard let i = names.firstIndex(of: closure.name1) else { return }
            for l in links where Int(network.linkFrom[l]) == i || Int(network.linkTo[l]) == i { setLink(l, closed: close) }
        case .link:
            guard let i = names.firstIndex(of: closure.name1), let j = names.firstIndex(of: closure.name2) else { return }
            for l in links {
                let a = Int(network.linkFrom[l]), b = Int(network.linkTo[l])
                if (a == i && b == j) || (a == j && b == i) { setLink(l, closed: close) }
            }
        case .camp, .idpcamp:
            guard let i = names.firstIndex(of: closure.name1) else { return }
            if close {
                isCamp[i] = false
                isIdpCamp[i] = false
                isTown[i] = true
                moveChance[i] = settings.defaultMovechance
                conflict[i] = -1
            } else {
                isCamp[i] = true
                isIdpCamp[i] = closure.kind == .idpcamp
                isTown[i] = false
                moveChance[i] = closure.kind == .idpcamp ? settings.idpcampMovechance : settings.campMovechance
            }
        case .removeForcedRedirection:
            break
        }
    }
}
