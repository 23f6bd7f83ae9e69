import Foundation

/// Cohort mode: people at the same place in the same state are exchangeable, so each
/// day's moves are binomial/multinomial draws per group instead of per person. Same model
/// and same distribution of outcomes as agent mode in the default (phase-synchronous)
/// semantics; the cost grows with the graph and the number of distinct states on links,
/// not with the population.
///
/// A group is (location, has-arrived-before) for people without a pending route;
/// (location, route, hop) for people with one; (link, km travelled, route, hop,
/// has-arrived-before) on links, merged at the end of each day. Draws come from
/// counter-based streams keyed by (seed, purpose, day, group), so a run is reproducible.
/// Not supported here (use agent mode): `avoid_short_stints` and default-mode
/// `stay_close_to_home`, which depend on each person's own travel history or home.
/// The daily loop allocates nothing once its buffers have grown to the run's size.
final class CohortEngine: PopulationEngine {
    struct OnLink: Equatable { var link: Int32; var path: Int32; var hop: Int32; var fresh: Bool; var progress: Float; var count: Int }
    struct Pending { var loc: Int32; var path: Int32; var hop: Int32; var fresh: Bool; var count: Int }

    let w: World
    let seed: UInt64
    let n: Int
    private let idle: Column<Int>           // [2 * loc + fresh]
    private let cnt: Column<Int>            // people at each location (mirrors w.count during a phase)
    private let pending = Column<Pending>()
    private let pendingNext = Column<Pending>()
    private let links = Column<OnLink>()
    private let linksNext = Column<OnLink>()
    private let mergeTable = Column<Int32>()

    private(set) var alive = 0
    private(set) var inTransit = 0
    var bytesPerPerson: Int { 0 }

    // Phase tables (copies of the world's, so the hot loop reads immutable storage).
    private let mEff: Column<Double>, capM: Column<Double>, totW: Column<Double>, weight = Column<Double>()
    private let arrivalsBuf: Column<Int>
    private let candStart = Column<Int>(), candPath = Column<Int32>(), candFirst = Column<Int32>()
    private let pathStart = Column<Int32>(), pathLen = Column<Int32>(), pathPool = Column<Int32>()
    private let openStart = Column<Int32>(), openLinks = Column<Int32>()
    private let linkTo: Column<Int32>, linkFrom: Column<Int32>, linkDist: Column<Float>, linkSpeed: Column<Float>, linkWalk: Column<Double>
    private let linkClosed: Column<Bool>, isCamp: Column<Bool>
    private let walkSpeed: Float, startOnFoot: Bool
    private var tablesVersion = -1

    init(world: World, seed: UInt64) {
        w = world
        self.seed = seed
        n = world.n
        idle = Column(repeating: 0, count: 2 * n)
        cnt = Column(repeating: 0, count: n)
        mEff = Column(repeating: 0, count: n); capM = Column(repeating: 1, count: n); totW = Column(repeating: 0, count: n)
        arrivalsBuf = Column(repeating: 0, count: n)
        linkTo = Column(world.linkTo); linkFrom = Column(world.linkFrom); linkDist = Column(world.linkDist)
        linkSpeed = Column(world.linkSpeed); linkWalk = Column(world.linkWalk)
        linkClosed = Column(repeating: false, count: world.linkCount); isCamp = Column(repeating: false, count: n)
        walkSpeed = Float(world.s.maxWalkSpeed); startOnFoot = world.s.startOnFoot
    }

    static func unsupported(_ s: SimulationSettings) -> String? {
        if s.avoidShortStints { return "cohort mode does not support avoid_short_stints (it depends on each person's recent travel); use --mode agent" }
        if s.stayCloseToHome { return "cohort mode does not support stay_close_to_home (it depends on each person's home); use --mode agent" }
        return nil
    }

    func place(_ loc: Int, count: Int, day: Int) {
        guard count > 0 else { return }
        idle[2 * loc + 1] += count
        w.count[loc] += count
        alive += count
    }

    func spawn(_ people: Int, weights: [Double], day: Int) -> [Int] {
        var landed = Array(repeating: 0, count: n)
        guard people > 0 else { return landed }
        var rng = CounterStream(seed: seed, purpose: .cohortSpawn, day: day, entity: 0)
        var total = 0.0
        for x in weights { total += x }
        var remaining = people
        var remP = 1.0
        let last = weights.lastIndex { $0 > 0 } ?? (n - 1)
        for i in 0..<n where remaining > 0 {
            let p = total > 0 ? weights[i] / total : 1 / Double(n)
            if p <= 0 && total > 0 { continue }
            let c = i == last ? remaining : rng.binomial(remaining, min(1, p / remP))
            remP -= p; remaining -= c
            if c > 0 { landed[i] += c; place(i, count: c, day: day) }
        }
        return landed
    }

    private func refreshTopology() {
        w.rebuildCandidates()
        if tablesVersion == w.topologyVersion { return }
        tablesVersion = w.topologyVersion
        candStart.assign(w.candStart); candPath.assign(w.candPath); candFirst.assign(w.candFirstLink)
        pathStart.assign(w.pathStart); pathLen.assign(w.pathLen); pathPool.assign(w.pathPool)
        var os: [Int32] = [0], ol: [Int32] = []
        for o in 0..<n { ol.append(contentsOf: w.openOut[o]); os.append(Int32(ol.count)) }
        openStart.assign(os); openLinks.assign(ol)
        for l in 0..<w.linkCount { linkClosed[l] = w.isClosed(l) }
        weight.assign(Array(repeating: 0, count: w.candPath.count))
    }

    /// Capacity multipliers and route weights from the current counts (the phase snapshot).
    private func refreshWeights() {
        let b = w.s.capacityBuffer
        for i in 0..<n { capM[i] = World.capMult(count: cnt[i], capacity: w.capacity[i], buffer: b) }
        for o in 0..<n {
            var acc = 0.0
            for k in candStart[o]..<candStart[o + 1] {
                let e = Int(w.candEnd[k])
                let x = w.routeWeight(score: w.endpointScore(e, origin: o), km: w.candKm[k], capMult: capM[e])
                weight[k] = x; acc += x
            }
            totW[o] = acc
        }
    }

    @inline(__always) private func stay(_ loc: Int, path: Int32, hop: Int32, fresh: Bool, count: Int) {
        if path >= 0 { pendingNext.append(Pending(loc: Int32(loc), path: path, hop: hop, fresh: fresh, count: count)) } else { idle[2 * loc + (fresh ? 1 : 0)] += count }
        cnt[loc] += count
    }

    @inline(__always) private func openLink(from l: Int, to e: Int32) -> Int32 {
        var j = Int(openStart[l])
        let end = Int(openStart[l + 1])
        while j < end { let x = openLinks[j]; if linkTo[Int(x)] == e { return x }; j += 1 }
        return -1
    }

    /// The next hop of a route from `l`: the link, and the route state after taking it;
    /// nil when the link is closed or the full-camp rule fires (the route is dropped).
    @inline(__always) private func depart(from l: Int, path p: Int32, hop h: Int32, firstLink: Int32) -> (link: Int32, path: Int32, hop: Int32)? {
        let ps = Int(pathStart[Int(p)]), pl = pathLen[Int(p)]
        let link = firstLink >= 0 ? firstLink : openLink(from: l, to: pathPool[ps + Int(h)])
        if link < 0 { return nil }
        let fin = Int(pathPool[ps + Int(pl) - 1])
        if isCamp[fin] && capM[fin] < 0.5 { return nil }
        let h2 = h + 1
        return (link, h2 >= pl ? -1 : p, h2)
    }

    /// Multinomial split of `movers` over l's candidates into `out[k - lo]`.
    @inline(__always) private func split(_ movers: Int, at l: Int, rng: inout CounterStream, into out: UnsafeMutableBufferPointer<Int>) {
        let lo = candStart[l], hi = candStart[l + 1]
        var remaining = movers
        var remP = 1.0
        let tot = totW[l]
        for k in lo..<hi {
            out[k - lo] = 0
            if remaining == 0 { continue }
            let p = tot > 0 ? weight[k] / tot : 1 / Double(hi - lo)
            if tot > 0 && p <= 0 { continue }
            let c = k == hi - 1 ? remaining : rng.binomial(remaining, min(1, p / remP))
            remP -= p; remaining -= c
            out[k - lo] = c
        }
        if remaining > 0 {  // rounding guard: the last positive weight takes the rest
            var k = hi - 1
            while k > lo && tot > 0 && !(weight[k] > 0) { k -= 1 }
            out[k - lo] += remaining
        }
    }

    func agentPhase(day t: Int, arrivals: inout [Int]) {
        w.computeScores(day: t)
        refreshTopology()
        for i in 0..<n { mEff[i] = w.effectiveMoveChance(i); isCamp[i] = w.isCamp[i]; cnt[i] = w.count[i] }
        refreshWeights()
        // Decision phase: every group draws against the counts after spawning.
        let decideKey = CounterStream.phaseKey(seed: seed, purpose: .cohortDecide, day: t)
        for l in 0..<n {
            let lo = candStart[l], hi = candStart[l + 1]
            for f in 0...1 {
                let c = idle[2 * l + f]
                if c == 0 { continue }
                var rng = CounterStream(phaseKey: decideKey, entity: 2 * l + f)
                let movers = rng.binomial(c, mEff[l])
                if movers == 0 { continue }
                if lo == hi { w.noteNoCandidate(l); continue }
                withUnsafeTemporaryAllocation(of: Int.self, capacity: hi - lo) { buf in
                    split(movers, at: l, rng: &rng, into: buf)
                    for k in lo..<hi where buf[k - lo] > 0 {
                        let ck = buf[k - lo]
                        guard let d = depart(from: l, path: candPath[k], hop: 0, firstLink: candFirst[k]) else { continue }
                        idle[2 * l + f] -= ck; cnt[l] -= ck
                        links.append(OnLink(link: d.link, path: d.path, hop: d.hop, fresh: f == 1, progress: 0, count: ck))
                    }
                }
            }
        }
        pendingNext.count = 0
        for j in 0..<pending.count {
            let q = pending[j]
            let l = Int(q.loc)
            cnt[l] -= q.count
            if let d = depart(from: l, path: q.path, hop: q.hop, firstLink: -1) {
                links.append(OnLink(link: d.link, path: d.path, hop: d.hop, fresh: q.fresh, progress: 0, count: q.count))
            } else {
                stay(l, path: -1, hop: 0, fresh: q.fresh, count: q.count)
            }
        }
        // Travel phase: continuations see the counts after the decision phase.
        refreshWeights()
        for i in 0..<n { arrivalsBuf[i] = 0 }
        linksNext.count = 0
        let travelKey = CounterStream.phaseKey(seed: seed, purpose: .cohortTravel, day: t)
        for j in 0..<links.count {
            var rng = CounterStream(phaseKey: travelKey, entity: j)
            travel(links[j], moved: 0, depth: 0, rng: &rng)
        }
        mergeLinks()
        pending.count = 0
        for j in 0..<pendingNext.count { pending.append(pendingNext[j]) }
        var transit = 0
        for j in 0..<links.count { transit += links[j].count }
        inTransit = transit
        for i in 0..<n { arrivals[i] += arrivalsBuf[i]; w.count[i] = cnt[i] }
    }

    /// Moves `linksNext` into `links`, merging cohorts in the same state (same link, km,
    /// route, hop and has-arrived flag), so the number of groups stays bounded.
    private func mergeLinks() {
        links.count = 0
        let m = linksNext.count
        if m == 0 { return }
        var size = 16
        while size < 2 * m { size *= 2 }
        if mergeTable.count < size { mergeTable.reserve(size); mergeTable.count = size }
        let mask = size - 1
        for i in 0..<size { mergeTable[i] = -1 }
        for j in 0..<m {
            let c = linksNext[j]
            var h = UInt64(UInt32(bitPattern: c.link)) | (UInt64(c.progress.bitPattern) << 32)
            h = mix64(h ^ (UInt64(UInt32(bitPattern: c.path)) &* 0x9E37_79B9) ^ (UInt64(c.hop) << 20) ^ (c.fresh ? 0x5555 : 0))
            var slot = Int(h & UInt64(mask))
            while true {
                let e = mergeTable[slot]
                if e < 0 { mergeTable[slot] = Int32(links.count); links.append(c); break }
                let o = links[Int(e)]
                if o.link == c.link && o.progress == c.progress && o.path == c.path && o.hop == c.hop && o.fresh == c.fresh {
                    links[Int(e)].count += c.count; break
                }
                slot = (slot + 1) & mask
            }
        }
    }

    private func travel(_ c: OnLink, moved: Float, depth: Int, rng: inout CounterStream) {
        let l = Int(c.link)
        var sp = linkSpeed[l]
        if startOnFoot && c.fresh { sp = walkSpeed }
        let wp = linkWalk[l]
        if wp > 0 {
            let walkers = rng.binomial(c.count, wp)
            if walkers > 0 { var a = c; a.count = walkers; advance(a, speed: walkSpeed, moved: moved, depth: depth, rng: &rng) }
            if c.count - walkers > 0 { var a = c; a.count -= walkers; advance(a, speed: sp, moved: moved, depth: depth, rng: &rng) }
        } else {
            advance(c, speed: sp, moved: moved, depth: depth, rng: &rng)
        }
    }

    private func advance(_ c0: OnLink, speed sp: Float, moved m0: Float, depth: Int, rng: inout CounterStream) {
        var c = c0
        let l = Int(c.link)
        c.progress += sp
        var moved = m0 + sp
        let d = linkDist[l]
        if !(c.progress > d) { linksNext.append(c); return }
        moved -= c.progress - d
        if linkClosed[l] { stay(Int(linkFrom[l]), path: c.path, hop: c.hop, fresh: false, count: c.count); return }
        let b = Int(linkTo[l])
        arrivalsBuf[b] += c.count
        guard moved < sp, depth < 64 else { stay(b, path: c.path, hop: c.hop, fresh: false, count: c.count); return }
        // Same-day continuation from b.
        if c.path >= 0 {
            if let dd = depart(from: b, path: c.path, hop: c.hop, firstLink: -1) {
                travel(OnLink(link: dd.link, path: dd.path, hop: dd.hop, fresh: false, progress: 0, count: c.count), moved: moved, depth: depth + 1, rng: &rng)
            } else {
                stay(b, path: -1, hop: 0, fresh: false, count: c.count)
            }
            return
        }
        let movers = rng.binomial(c.count, mEff[b])
        if c.count > movers { stay(b, path: -1, hop: 0, fresh: false, count: c.count - movers) }
        if movers == 0 { return }
        let lo = candStart[b], hi = candStart[b + 1]
        if lo == hi { w.noteNoCandidate(b); stay(b, path: -1, hop: 0, fresh: false, count: movers); return }
        withUnsafeTemporaryAllocation(of: Int.self, capacity: hi - lo) { buf in
            split(movers, at: b, rng: &rng, into: buf)
            for k in lo..<hi where buf[k - lo] > 0 {
                let ck = buf[k - lo]
                if let dd = depart(from: b, path: candPath[k], hop: 0, firstLink: candFirst[k]) {
                    travel(OnLink(link: dd.link, path: dd.path, hop: dd.hop, fresh: false, progress: 0, count: ck), moved: moved, depth: depth + 1, rng: &rng)
                } else {
                    stay(b, path: -1, hop: 0, fresh: false, count: ck)
                }
            }
        }
    }

    func sinks(day t: Int) -> Int {
        guard w.s.campsAreSinks else { return 0 }
        var removed = 0
        for l in 0..<n where w.isCamp[l] && w.deactivation[l] > 0 {
            var rng = CounterStream(seed: seed, purpose: .cohortSink, day: t, entity: l)
            for f in 0...1 {
                let k = rng.binomial(idle[2 * l + f], w.deactivation[l])
                idle[2 * l + f] -= k; w.count[l] -= k; removed += k
            }
            for j in 0..<pending.count where Int(pending[j].loc) == l {
                let k = rng.binomial(pending[j].count, w.deactivation[l])
                pending[j].count -= k; w.count[l] -= k; removed += k
            }
        }
        alive -= removed
        return removed
    }
}
