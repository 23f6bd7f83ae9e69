import BoundedInput
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
    /// People who arrived somewhere today with distance to spare, waiting for their
    /// same-day continuation decision: this hop's entries and the next hop's.
    struct Continuation { var loc: Int32; var path: Int32; var hop: Int32; var moved: Float; var count: Int; var cls: Int64 }
    private let wave = Column<Continuation>()
    private let waveNext = Column<Continuation>()
    /// Per location, the sorted values θ = speed − km along every onward walk: a person's
    /// future from that location depends on the km already moved today only through which
    /// θ it lies below, so continuations in the same interval can be merged exactly.
    private let thetaStart: Column<Int>, theta: Column<Float>

    private(set) var alive = 0
    private(set) var inTransit = 0
    var bytesPerPerson: Int { 0 }
    var linkCompletions: [Int]? { linkDone.array }

    // Phase tables (copies of the world's, so the hot loop reads immutable storage).
    private let mEff: Column<Double>, capM: Column<Double>, totW: Column<Double>, weight = Column<Double>()
    private let candScore = Column<Double>(), candEnd = Column<Int32>(), candKm = Column<Double>()
    private let arrivalsBuf: Column<Int>
    /// People who completed each link so far (one addition per completing group).
    private let linkDone: Column<Int>
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
        linkDone = Column(repeating: 0, count: world.linkCount)
        linkTo = Column(world.linkTo); linkFrom = Column(world.linkFrom); linkDist = Column(world.linkDist)
        linkSpeed = Column(world.linkSpeed); linkWalk = Column(world.linkWalk)
        linkClosed = Column(repeating: false, count: world.linkCount); isCamp = Column(repeating: false, count: n)
        walkSpeed = Float(world.s.maxWalkSpeed); startOnFoot = world.s.startOnFoot
        (thetaStart, theta) = CohortEngine.thresholds(world)
    }

    /// θ values per location (see `theta`); a location with too many onward walks gets none
    /// and is marked by a negative range, meaning "merge only identical km".
    static func thresholds(_ w: World) -> (Column<Int>, Column<Float>) {
        let starts = Column<Int>(), values = Column<Float>()
        starts.append(0)
        let walk = Float(w.s.maxWalkSpeed)
        var maxSpeed = walk
        for sp in w.linkSpeed { maxSpeed = max(maxSpeed, sp) }
        let cap = 1024
        var local: [Float] = []
        for b in 0..<w.n {
            local.removeAll(keepingCapacity: true)
            var stack: [(Int, Float)] = [(b, 0)]
            var overflow = false
            while let (x, d0) = stack.popLast(), !overflow {
                for l in w.allOut[x] {
                    let li = Int(l)
                    let d = w.linkDist[li], dist = d0 + d
                    let sp1 = w.linkSpeed[li]
                    if sp1 > d && sp1 - dist > 0 { local.append(sp1 - dist) }
                    if w.linkWalk[li] > 0 && walk > d && walk - dist > 0 { local.append(walk - dist) }
                    if dist < maxSpeed && d > 0 { stack.append((Int(w.linkTo[li]), dist)) }
                    if local.count > cap || stack.count > cap { overflow = true; break }
                }
            }
            if overflow { local = [-1] } else { local.sort() }
            for v in local { values.append(v) }
            starts.append(values.count)
        }
        return (starts, values)
    }

    /// Equivalence class of "moved km today" at a location (the number of θ at or below it).
    @inline(__always) private func movedClass(_ b: Int, _ m: Float) -> Int64 {
        let lo = thetaStart[b], hi = thetaStart[b + 1]
        if hi - lo == 1 && theta[lo] < 0 { return -1 - Int64(m.bitPattern) }  // unmergeable: exact km
        var a = lo, z = hi
        while a < z { let mid = (a + z) >> 1; if theta[mid] <= m { a = mid + 1 } else { z = mid } }
        return Int64(a - lo)
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
        candScore.assign(Array(repeating: 0, count: w.candPath.count))
        candEnd.assign(w.candEnd); candKm.assign(w.candKm)
    }

    /// Capacity multipliers and route weights from the current counts (the phase snapshot).
    private func refreshWeights() {
        let b = w.s.capacityBuffer
        for i in 0..<n { capM[i] = World.capMult(count: cnt[i], capacity: w.capacity[i], buffer: b) }
        let s = w.s
        let plain = s.weightPower == 1 && s.distancePower == 1
        for o in 0..<n {
            var acc = 0.0
            for k in candStart[o]..<candStart[o + 1] {
                let e = Int(candEnd[k])
                let x = plain ? (s.weightSoftening + candScore[k]) / (s.softening + candKm[k]) * capM[e]
                              : w.routeWeight(score: candScore[k], km: candKm[k], capMult: capM[e])
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
        for o in 0..<n { for k in candStart[o]..<candStart[o + 1] { candScore[k] = w.endpointScore(Int(candEnd[k]), origin: o) } }
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
        waveNext.count = 0
        for j in 0..<links.count {
            var rng = CounterStream(phaseKey: travelKey, entity: j)
            travel(links[j], moved: 0, rng: &rng)
        }
        // Same-day continuations, one hop at a time; entries in the same state merge.
        wave.count = 0
        for j in 0..<waveNext.count { wave.append(waveNext[j]) }
        var hop = 0
        while wave.count > 0 {
            hop += 1
            mergeWave()
            waveNext.count = 0
            let key = CounterStream.phaseKey(seed: seed, purpose: .cohortTravel, day: t &* 131 &+ hop)
            for g in 0..<wave.count {
                var rng = CounterStream(phaseKey: key, entity: g)
                let e = wave[g]
                if hop > 64 { stay(Int(e.loc), path: e.path, hop: e.hop, fresh: false, count: e.count); continue }
                continueFrom(e, rng: &rng)
            }
            wave.count = 0
            for j in 0..<waveNext.count { wave.append(waveNext[j]) }
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

    private func travel(_ c: OnLink, moved: Float, rng: inout CounterStream) {
        let l = Int(c.link)
        var sp = linkSpeed[l]
        if startOnFoot && c.fresh { sp = walkSpeed }
        let wp = linkWalk[l]
        if wp > 0 {
            let walkers = rng.binomial(c.count, wp)
            if walkers > 0 { var a = c; a.count = walkers; advance(a, speed: walkSpeed, moved: moved) }
            if c.count - walkers > 0 { var a = c; a.count -= walkers; advance(a, speed: sp, moved: moved) }
        } else {
            advance(c, speed: sp, moved: moved)
        }
    }

    private func advance(_ c0: OnLink, speed sp: Float, moved m0: Float) {
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
        linkDone[l] += c.count
        guard moved < sp else { stay(b, path: c.path, hop: c.hop, fresh: false, count: c.count); return }
        waveNext.append(Continuation(loc: Int32(b), path: c.path, hop: c.hop, moved: moved, count: c.count, cls: movedClass(b, moved)))
    }

    /// Merges `waveNext`-style entries now in `wave` that share location, route state and
    /// moved-km class; the first entry's km stands for the class.
    private func mergeWave() {
        let m = wave.count
        if m <= 1 { return }
        waveNext.count = 0
        var size = 16
        while size < 2 * m { size *= 2 }
        if mergeTable.count < size { mergeTable.reserve(size); mergeTable.count = size }
        let mask = size - 1
        for i in 0..<size { mergeTable[i] = -1 }
        for j in 0..<m {
            let e = wave[j]
            let cls = e.cls
            var slot = Int(mix64(UInt64(UInt32(bitPattern: e.loc)) ^ (UInt64(bitPattern: cls) &* 0x9E37_79B9_7F4A_7C15) ^ (UInt64(UInt32(bitPattern: e.path)) << 40) ^ (UInt64(e.hop) << 20)) & UInt64(mask))
            while true {
                let k = mergeTable[slot]
                if k < 0 { mergeTable[slot] = Int32(waveNext.count); waveNext.append(e); break }
                let o = waveNext[Int(k)]
                if o.loc == e.loc && o.path == e.path && o.hop == e.hop && o.cls == cls {
                    waveNext[Int(k)].count += e.count; break
                }
                slot = (slot + 1) & mask
            }
        }
        wave.count = 0
        for j in 0..<waveNext.count { wave.append(waveNext[j]) }
    }

    /// The same-day continuation decision (reference §7) for a merged group at `e.loc`.
    private func continueFrom(_ e: Continuation, rng: inout CounterStream) {
        let b = Int(e.loc)
        if e.path >= 0 {
            if let dd = depart(from: b, path: e.path, hop: e.hop, firstLink: -1) {
                travel(OnLink(link: dd.link, path: dd.path, hop: dd.hop, fresh: false, progress: 0, count: e.count), moved: e.moved, rng: &rng)
            } else {
                stay(b, path: -1, hop: 0, fresh: false, count: e.count)
            }
            return
        }
        let movers = rng.binomial(e.count, mEff[b])
        if e.count > movers { stay(b, path: -1, hop: 0, fresh: false, count: e.count - movers) }
        if movers == 0 { return }
        let lo = candStart[b], hi = candStart[b + 1]
        if lo == hi { w.noteNoCandidate(b); stay(b, path: -1, hop: 0, fresh: false, count: movers); return }
        withUnsafeTemporaryAllocation(of: Int.self, capacity: hi - lo) { buf in
            split(movers, at: b, rng: &rng, into: buf)
            for k in lo..<hi where buf[k - lo] > 0 {
                let ck = buf[k - lo]
                if let dd = depart(from: b, path: candPath[k], hop: 0, firstLink: candFirst[k]) {
                    travel(OnLink(link: dd.link, path: dd.path, hop: dd.hop, fresh: false, progress: 0, count: ck), moved: e.moved, rng: &rng)
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
