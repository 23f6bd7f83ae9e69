import Foundation

/// Cohort mode: people at the same place in the same state are exchangeable, so each
/// day's moves are binomial/multinomial draws per group instead of per person. Same model
/// and same distribution of outcomes as agent mode in the default (phase-synchronous)
/// semantics; the cost grows with the graph and the number of distinct states on links,
/// not with the population.
///
/// A group is (location, has-arrived-before) for people without a pending route;
/// (location, route, hop) for people with one; (link, km travelled, route, hop,
/// has-arrived-before) on links. Draws come from counter-based streams keyed by
/// (seed, purpose, day, group), so a run is reproducible. Not supported here (use agent
/// mode): `avoid_short_stints` and default-mode `stay_close_to_home`, which depend on
/// each person's own travel history or home.
final class CohortEngine: PopulationEngine {
    struct OnLink { var link: Int32; var path: Int32; var hop: Int32; var fresh: Bool; var progress: Float; var count: Int }
    struct Pending { var loc: Int32; var path: Int32; var hop: Int32; var fresh: Bool; var count: Int }

    let w: World
    let seed: UInt64
    private var idle: [Int]           // [2 * loc + fresh]
    private var pending = Column<Pending>()
    private var pendingNext = Column<Pending>()
    private var links = Column<OnLink>()
    private var linksNext = Column<OnLink>()

    private(set) var alive = 0
    private(set) var inTransit = 0
    var bytesPerPerson: Int { 0 }

    // Phase tables, reused every day.
    private var mEff: [Double], capM: [Double], totW: [Double]
    private var weight: [Double] = []
    private var cand = 0
    private var arrivalsBuf: [Int]

    init(world: World, seed: UInt64) {
        w = world
        self.seed = seed
        idle = Array(repeating: 0, count: 2 * world.n)
        mEff = Array(repeating: 0, count: world.n); capM = Array(repeating: 1, count: world.n); totW = Array(repeating: 0, count: world.n)
        arrivalsBuf = Array(repeating: 0, count: world.n)
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

    func spawn(_ n: Int, weights: [Double], day: Int) -> [Int] {
        var landed = Array(repeating: 0, count: w.n)
        guard n > 0 else { return landed }
        var rng = CounterStream(seed: seed, purpose: .cohortSpawn, day: day, entity: 0)
        var total = 0.0
        for x in weights { total += x }
        var remaining = n
        var remP = 1.0
        let last = weights.lastIndex { $0 > 0 } ?? (w.n - 1)
        for i in 0..<w.n where remaining > 0 {
            let p = total > 0 ? weights[i] / total : 1 / Double(w.n)
            if p <= 0 && total > 0 { continue }
            let c = i == last ? remaining : rng.binomial(remaining, min(1, p / remP))
            remP -= p; remaining -= c
            if c > 0 { landed[i] += c; place(i, count: c, day: day) }
        }
        return landed
    }

    private func refreshTables(day t: Int) {
        w.rebuildCandidates()
        let b = w.s.capacityBuffer
        if weight.count != w.candPath.count { weight = Array(repeating: 0, count: w.candPath.count) }
        for i in 0..<w.n { capM[i] = World.capMult(count: w.count[i], capacity: w.capacity[i], buffer: b) }
        for o in 0..<w.n {
            var acc = 0.0
            for k in w.candStart[o]..<w.candStart[o + 1] {
                let e = Int(w.candEnd[k])
                let x = w.routeWeight(score: w.endpointScore(e, origin: o), km: w.candKm[k], capMult: capM[e])
                weight[k] = x; acc += x
            }
            totW[o] = acc
        }
    }

    @inline(__always) private func stay(_ loc: Int, path: Int32, hop: Int32, fresh: Bool, count: Int) {
        if path >= 0 { pendingNext.append(Pending(loc: Int32(loc), path: path, hop: hop, fresh: fresh, count: count)) } else { idle[2 * loc + (fresh ? 1 : 0)] += count }
        w.count[loc] += count
    }

    /// Sends `count` people from `l` along a route starting with candidate k, or keeps
    /// them at `l` when the full-camp rule fires. `go` receives (link, path, hop).
    @inline(__always) private func depart(from l: Int, path p: Int32, hop h: Int32, firstLink: Int32) -> (link: Int32, path: Int32, hop: Int32)? {
        let ps = Int(w.pathStart[Int(p)]), pl = w.pathLen[Int(p)]
        let link = firstLink >= 0 ? firstLink : w.openLink(from: l, to: w.pathPool[ps + Int(h)])
        if link < 0 { return nil }
        let fin = Int(w.pathPool[ps + Int(pl) - 1])
        if w.isCamp[fin] && capM[fin] < 0.5 { return nil }
        let h2 = h + 1
        return (link, h2 >= pl ? -1 : p, h2)
    }

    /// Multinomial split of `movers` over l's candidates into `out[k - lo]`.
    @inline(__always) private func split(_ movers: Int, at l: Int, rng: inout CounterStream, into out: UnsafeMutableBufferPointer<Int>) {
        let lo = w.candStart[l], hi = w.candStart[l + 1]
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
            let k = (lo..<hi).last { tot <= 0 || weight[$0] > 0 } ?? (hi - 1)
            out[k - lo] += remaining
        }
    }

    /// Calls `body(k, count)` for each candidate of l that receives people.
    @inline(__always) private func forEachShare(_ movers: Int, at l: Int, rng: inout CounterStream, _ body: (Int, Int) -> Void) {
        let lo = w.candStart[l], hi = w.candStart[l + 1]
        withUnsafeTemporaryAllocation(of: Int.self, capacity: hi - lo) { buf in
            split(movers, at: l, rng: &rng, into: buf)
            for k in lo..<hi where buf[k - lo] > 0 { body(k, buf[k - lo]) }
        }
    }

    func agentPhase(day t: Int, arrivals: inout [Int]) {
        w.computeScores(day: t)
        for i in 0..<w.n { mEff[i] = w.effectiveMoveChance(i) }
        refreshTables(day: t)
        // Decision phase: every group draws against the counts after spawning.
        let n = w.n
        for l in 0..<n {
            for f in 0...1 {
                let c = idle[2 * l + f]
                if c == 0 { continue }
                var rng = CounterStream(seed: seed, purpose: .cohortDecide, day: t, entity: 2 * l + f)
                let movers = rng.binomial(c, mEff[l])
                if movers == 0 { continue }
                if w.candStart[l] == w.candStart[l + 1] { w.noteNoCandidate(l); continue }
                forEachShare(movers, at: l, rng: &rng) { k, ck in
                    guard let d = depart(from: l, path: w.candPath[k], hop: 0, firstLink: w.candFirstLink[k]) else { return }
                    idle[2 * l + f] -= ck; w.count[l] -= ck
                    links.append(OnLink(link: d.link, path: d.path, hop: d.hop, fresh: f == 1, progress: 0, count: ck))
                }
            }
        }
        pendingNext.count = 0
        for j in 0..<pending.count {
            let q = pending[j]
            let l = Int(q.loc)
            w.count[l] -= q.count
            if let d = depart(from: l, path: q.path, hop: q.hop, firstLink: -1) {
                links.append(OnLink(link: d.link, path: d.path, hop: d.hop, fresh: q.fresh, progress: 0, count: q.count))
            } else {
                stay(l, path: -1, hop: 0, fresh: q.fresh, count: q.count)
            }
        }
        swap(&pending, &pendingNext)
        // Travel phase: continuations see the counts after the decision phase.
        refreshTables(day: t)
        for i in 0..<n { arrivalsBuf[i] = 0 }
        linksNext.count = 0
        pendingNext.count = 0
        for j in 0..<pending.count { pendingNext.append(pending[j]) }
        for j in 0..<links.count {
            let c = links[j]
            var rng = CounterStream(seed: seed, purpose: .cohortTravel, day: t, entity: j)
            travel(c, moved: 0, depth: 0, rng: &rng)
        }
        swap(&links, &linksNext)
        swap(&pending, &pendingNext)
        var transit = 0
        for j in 0..<links.count { transit += links[j].count }
        inTransit = transit
        for i in 0..<n { arrivals[i] += arrivalsBuf[i] }
    }

    private func travel(_ c: OnLink, moved: Float, depth: Int, rng: inout CounterStream) {
        let l = Int(c.link)
        let walk = Float(w.s.maxWalkSpeed)
        var sp = w.linkSpeed[l]
        if w.s.startOnFoot && c.fresh { sp = walk }
        let wp = w.linkWalk[l]
        if wp > 0 {
            let walkers = rng.binomial(c.count, wp)
            if walkers > 0 { var a = c; a.count = walkers; advance(a, speed: walk, moved: moved, depth: depth, rng: &rng) }
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
        let d = w.linkDist[l]
        if !(c.progress > d) { linksNext.append(c); return }
        moved -= c.progress - d
        if w.isClosed(l) { stay(Int(w.linkFrom[l]), path: c.path, hop: c.hop, fresh: false, count: c.count); return }
        let b = Int(w.linkTo[l])
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
        if w.candStart[b] == w.candStart[b + 1] { w.noteNoCandidate(b); stay(b, path: -1, hop: 0, fresh: false, count: movers); return }
        let lo = w.candStart[b], hi = w.candStart[b + 1]
        withUnsafeTemporaryAllocation(of: Int.self, capacity: hi - lo) { buf in
            split(movers, at: b, rng: &rng, into: buf)
            for k in lo..<hi where buf[k - lo] > 0 {
                let ck = buf[k - lo]
                if let dd = depart(from: b, path: w.candPath[k], hop: 0, firstLink: w.candFirstLink[k]) {
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
        for l in 0..<w.n where w.isCamp[l] && w.deactivation[l] > 0 {
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
