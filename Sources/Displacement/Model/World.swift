import BoundedInput
import Foundation

/// The mutable state of the graph during a run: location types and conflict state,
/// counts, open links and the route candidates they imply. Shared by every engine; the
/// engines own the people.
final class World: @unchecked Sendable {
    let s: SimulationSettings
    let compat: Bool
    let n: Int
    let names: [String]
    let country: [String]
    let lat: [Double], lon: [Double]
    let deactivation: [Double]

    var isCamp: [Bool], isIdpCamp: [Bool], isTown: [Bool], isMarker: [Bool], isForeign: [Bool]
    var movechance: [Double]
    var conflict: [Double]
    var timeOfConflict: [Int]
    var pop: [Int]
    let capacity: [Int]
    /// People physically at each location (not on links).
    var count: [Int]

    // Directed links.
    var linkFrom: [Int32] = [], linkTo: [Int32] = [], linkDist: [Float] = [], linkSpeed: [Float] = [], linkWalk: [Double] = []
    /// Closure depth (default mode) or 0/1 (Flee 3.1 mode).
    var linkClosed: [Int32] = []
    var allOut: [[Int32]]
    var openOut: [[Int32]]
    let hasAnyOut: [Bool]

    // Route candidates (CSR by origin). Paths live in an append-only pool so an agent's
    // pending route stays valid when closures rebuild the candidate lists.
    var pathPool: [Int32] = []
    var pathStart: [Int32] = []
    var pathLen: [Int32] = []
    private var pathIndex: [[Int32]: Int32] = [:]
    var candStart: [Int] = []
    var candPath: [Int32] = []
    var candEnd: [Int32] = []
    var candKm: [Double] = []
    var candFirstLink: [Int32] = []
    var candidatesDirty = true
    var topologyVersion = 0

    /// Location scores of the current day (reference §3).
    var score: [Double]
    var warnings: [String] = []
    var warnedNoCandidate: Set<Int> = []

    init(geography g: Geography, settings: SimulationSettings, compat: Bool) {
        s = settings
        self.compat = compat
        n = g.locations.count
        names = g.locations.map(\.name)
        country = g.locations.map(\.country)
        lat = g.locations.map(\.latitude)
        lon = g.locations.map(\.longitude)
        deactivation = g.locations.map(\.deactivationProbability)
        let home = g.homeCountry
        isForeign = g.locations.map { $0.country != home }
        isMarker = g.locations.map { $0.kind == .marker }
        isCamp = []; isIdpCamp = []; isTown = []; movechance = []; conflict = []
        timeOfConflict = Array(repeating: -1, count: n)
        let h = settings.hasten
        pop = g.locations.map { $0.isCamp ? 0 : $0.population / h }
        capacity = g.locations.map { $0.isCamp ? $0.capacity / h : -1 }
        count = Array(repeating: 0, count: n)
        score = Array(repeating: 1, count: n)
        for l in g.locations {
            var camp = false, idp = false, town = false, mc = 1.0, c = -1.0
            switch l.kind {
            case .camp: camp = true; mc = settings.campMovechance
            case .idpCamp: camp = true; idp = true; mc = settings.idpcampMovechance
            case .conflictZone:
                if l.conflictDate > 0 { town = true; mc = settings.defaultMovechance } else { mc = settings.conflictMovechance; c = l.conflictIntensity }
            case .forwardingHub, .marker: mc = 1.0
            case .town: town = true; mc = settings.defaultMovechance
            }
            if !camp && mc < 0.005 { camp = true; town = false }
            isCamp.append(camp); isIdpCamp.append(idp); isTown.append(town); movechance.append(mc); conflict.append(c)
        }
        var out: [[Int32]] = Array(repeating: [], count: n)
        var lf: [Int32] = [], lt: [Int32] = [], ld: [Float] = [], ls: [Float] = [], lw: [Double] = []
        func addLink(_ a: Int, _ b: Int, _ r: Route) {
            out[a].append(Int32(lf.count))
            lf.append(Int32(a)); lt.append(Int32(b)); ld.append(Float(r.distance))
            ls.append(Float(r.maxMoveSpeed ?? settings.maxMoveSpeed)); lw.append(r.walkProbability)
        }
        for r in g.routes {
            let copies = (compat && r.forcedRedirection == 1) ? 2 : 1
            for _ in 0..<copies {
                if r.forcedRedirection == 2 { addLink(r.to, r.from, r); addLink(r.from, r.to, r) } else { addLink(r.from, r.to, r); addLink(r.to, r.from, r) }
            }
        }
        linkFrom = lf; linkTo = lt; linkDist = ld; linkSpeed = ls; linkWalk = lw
        linkClosed = Array(repeating: 0, count: lf.count)
        allOut = out
        openOut = allOut
        hasAnyOut = allOut.map { !$0.isEmpty }
    }

    var linkCount: Int { linkFrom.count }
    @inline(__always) func isClosed(_ l: Int) -> Bool { linkClosed[l] > 0 }

    // MARK: conflicts

    func decay(_ delta: Int) -> Double {
        guard let d = s.conflictSpawnDecay, !d.isEmpty else { return 1 }
        return d[min(max(delta, 0) / 30, d.count - 1)]
    }

    func onset(_ i: Int, intensity: Double, day t: Int) {
        movechance[i] = s.conflictMovechance
        conflict[i] = intensity
        isTown[i] = false
        timeOfConflict[i] = t
    }

    func endConflict(_ i: Int) {
        movechance[i] = s.defaultMovechance
        conflict[i] = -1
        isTown[i] = true
    }

    /// Spawn weights pop × intensity × decay(t − onset) for conflict zones (reference §8.1).
    func spawnWeights(atDay t: Int) -> [Double] {
        (0..<n).map { i in conflict[i] > 0 ? Double(pop[i]) * conflict[i] * decay(t - timeOfConflict[i]) : 0 }
    }

    // MARK: scores and weights

    func computeScores(day t: Int) {
        for i in 0..<n {
            var v = 1.0
            if isForeign[i] { v *= s.foreignWeight }
            if isCamp[i] { v *= s.campWeight }
            if conflict[i] > 0 { v *= pow(s.conflictWeight, decay(t - timeOfConflict[i]) * conflict[i]) }
            score[i] = v
        }
    }

    /// Effective daily move chance of a person at location i (reference §2).
    func effectiveMoveChance(_ i: Int) -> Double {
        let m = movechance[i]
        if s.movechancePopScaleFactor == 0 { return m }
        return m * pow(Double(max(pop[i], capacity[i])) / s.movechancePopBase, s.movechancePopScaleFactor)
    }

    @inline(__always) static func capMult(count n: Int, capacity c: Int, buffer b: Double) -> Double {
        if c < 1 { return 1 }
        let nd = Double(n), cd = Double(c)
        if nd <= b * cd { return 1 }
        if n >= c { return 0 }
        return 1 - (nd - b * cd) / (cd * (1 - b))
    }

    /// Great-circle distance in km. Flee 3.1 mode swaps latitude and longitude (Q8).
    func distanceKm(_ a: Int, _ b: Int) -> Double {
        compat ? greatCircleKm(lon[a], lat[a], lon[b], lat[b]) : greatCircleKm(lat[a], lon[a], lat[b], lon[b])
    }

    /// S'(E) for candidate endpoint E seen from origin O, without person-dependent terms
    /// except `stay_close_to_home` in Flee 3.1 mode, which measures from the origin (Q11).
    func endpointScore(_ e: Int, origin o: Int) -> Double {
        var v = score[e]
        if s.usePopForLocWeight && !isCamp[e] {
            v *= compat ? pow(Double(min(1, pop[e])), s.popPowerForLocWeight) : pow(Double(max(1, pop[e])), s.popPowerForLocWeight)
        }
        if compat {
            if isCamp[e] { if s.matchCampEthnicity { v *= 10 } } else if conflict[e] > 0 { if s.matchConflictEthnicity { v *= 10 } } else if s.matchTownEthnicity { v *= 10 }
            if s.stayCloseToHome { v /= pow(max(1, distanceKm(e, o)), s.homeDistancePower) }
        }
        return v
    }

    /// Route weight from the endpoint score, route length and capacity multiplier (§4).
    @inline(__always) func routeWeight(score sp: Double, km: Double, capMult: Double) -> Double {
        var w = (s.weightSoftening + sp) / (s.distancePower == 1 ? (s.softening + km) : pow(s.softening + km, s.distancePower)) * capMult
        if s.weightPower != 1 { w = pow(w, s.weightPower) }
        return w
    }

    // MARK: candidates

    private func internPath(_ p: [Int32]) -> Int32 {
        if let id = pathIndex[p] { return id }
        let id = Int32(pathStart.count)
        pathStart.append(Int32(pathPool.count)); pathLen.append(Int32(p.count)); pathPool.append(contentsOf: p)
        pathIndex[p] = id
        return id
    }

    /// Rebuilds every origin's candidate routes from the open links (reference §4).
    func rebuildCandidates() {
        guard candidatesDirty else { return }
        candidatesDirty = false
        topologyVersion += 1
        candStart = [0]; candPath = []; candEnd = []; candKm = []; candFirstLink = []
        let level = compat ? (s.awarenessLevel < 0 ? 1 : s.awarenessLevel) : s.awarenessLevel
        var path: [Int32] = []
        for o in 0..<n {
            if level > 0 {
                path = [Int32(o)]
                for l in openOut[o] { crawl(link: Int(l), priorKm: 0, path: &path, depth: 1, level: level, first: l) }
            }
            candStart.append(candPath.count)
        }
    }

    private func crawl(link: Int, priorKm: Double, path: inout [Int32], depth d0: Int, level: Int, first: Int32) {
        let e = Int(linkTo[link])
        let km = priorKm + Double(linkDist[link])
        var depth = d0
        if !isMarker[e] {
            var route = Array(path.dropFirst()); route.append(Int32(e))
            candPath.append(internPath(route)); candEnd.append(Int32(e)); candKm.append(km); candFirstLink.append(first)
        } else {
            depth -= 1
        }
        if level > depth {
            for x in openOut[e] where !path.contains(linkTo[Int(x)]) {
                path.append(Int32(e))
                crawl(link: Int(x), priorKm: km, path: &path, depth: depth + 1, level: level, first: first)
                path.removeLast()
            }
        }
    }

    /// First open out-link of `from` ending at `to`, or -1.
    @inline(__always) func openLink(from: Int, to: Int32) -> Int32 {
        for l in openOut[from] where linkTo[Int(l)] == to { return l }
        return -1
    }

    func noteNoCandidate(_ o: Int) {
        if hasAnyOut[o] && !openOut[o].isEmpty && !warnedNoCandidate.contains(o) {
            warnedNoCandidate.insert(o)
            warnings.append("location '\(names[o])' has open out-links but no route candidate (they lead only into dead-end markers); people there stay")
        }
    }

    // MARK: closures

    private func setLink(_ l: Int, closed: Bool) {
        if compat {
            let was = linkClosed[l] > 0
            if closed == was { return }
            linkClosed[l] = closed ? 1 : 0
            let a = Int(linkFrom[l])
            if closed { openOut[a].removeAll { $0 == Int32(l) } } else { openOut[a].append(Int32(l)) }  // Q26
        } else {
            linkClosed[l] = max(0, linkClosed[l] + (closed ? 1 : -1))
            let a = Int(linkFrom[l])
            openOut[a] = allOut[a].filter { linkClosed[Int($0)] == 0 }
        }
        candidatesDirty = true
    }

    /// Applies (`close`) or undoes one closures.csv row (reference §10).
    func enact(_ c: Closure, close: Bool) {
        func idx(_ name: String) -> Int? { names.firstIndex(of: name) }
        switch c.kind {
        case .country:
            for l in 0..<linkCount {
                let a = country[Int(linkFrom[l])], b = country[Int(linkTo[l])]
                if (a == c.name1 && b == c.name2) || (a == c.name2 && b == c.name1) { setLink(l, closed: close) }
            }
        case .location:
            guard let i = idx(c.name1) else { return }
            for l in 0..<linkCount where Int(linkFrom[l]) == i || Int(linkTo[l]) == i { setLink(l, closed: close) }
        case .link:
            guard let i = idx(c.name1), let j = idx(c.name2) else { return }
            for l in 0..<linkCount {
                let a = Int(linkFrom[l]), b = Int(linkTo[l])
                if (a == i && b == j) || (a == j && b == i) { setLink(l, closed: close) }
            }
        case .camp, .idpcamp:
            guard let i = idx(c.name1) else { return }
            if close {
                isCamp[i] = false; isIdpCamp[i] = false; isTown[i] = true
                movechance[i] = s.defaultMovechance; conflict[i] = -1
            } else {
                isCamp[i] = true; isIdpCamp[i] = c.kind == .idpcamp; isTown[i] = false
                movechance[i] = c.kind == .idpcamp ? s.idpcampMovechance : s.campMovechance
            }
        case .removeForcedRedirection:
            break
        }
    }
}
