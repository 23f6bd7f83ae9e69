import BoundedInput
import Foundation

/// Agent mode: one record per person in struct-of-arrays form (18 bytes per person; +4
/// with `avoid_short_stints`, +1 with `ChildrenAvoidHazards`).
///
/// Default mode: phase-synchronous updates and counter-based streams keyed by
/// (seed, purpose, day, agent id), processed over fixed chunks on any number of threads;
/// the result is bit-identical whatever the thread count.
/// Flee 3.1 mode: one sequential stream and in-place, list-order updates (Q21), with the
/// move chance re-rolled at every stop (Q10).
final class AgentEngine: PopulationEngine, @unchecked Sendable {
    let w: World
    let seed: UInt64
    let sequential: Bool
    let workers: Int
    static let chunk = 1 << 14

    // Per-person state.
    let pos = Column<Int32>()        // ≥ 0: location; < 0: -(link + 1), travelling
    let progress = Column<Float>()   // km along the current link
    let path = Column<Int32>()       // pending route (path id) or -1
    let hop = Column<UInt8>()        // next index in the pending path
    let flags = Column<UInt8>()      // bit 0: deactivated; bit 1: has arrived somewhere; bit 2: male
    let home = Column<Int32>()
    let recent: Column<Float>?       // recent travel, only with avoid_short_stints
    let age: Column<UInt8>?          // only with ChildrenAvoidHazards; gender is flags bit 2 (male)
    private let demo: [(ages: [UInt8], ageCum: [Double], maleFromGender: [Bool]?, genderCum: [Double]?)]

    private(set) var alive = 0
    var inTransit: Int { transit }
    private var transit = 0
    var bytesPerPerson: Int { 18 + (recent == nil ? 0 : 4) + (age == nil ? 0 : 1) }

    // Sequential streams (Flee 3.1 mode).
    private var moveStream: CounterStream
    private var spawnStream: CounterStream

    // Phase tables (copies of the world's arrays, refreshed per phase).
    private let mEff: Column<Double>, capM: Column<Double>, cumW: Column<Double>, totW: Column<Double>, candScore: Column<Double>
    private let candStartC = Column<Int>(), candPathC = Column<Int32>(), candEndC = Column<Int32>(), candFirstC = Column<Int32>(), candKmC = Column<Double>()
    private let pathStartC = Column<Int32>(), pathLenC = Column<Int32>(), pathPoolC = Column<Int32>()
    private let openStartC = Column<Int32>(), openLinksC = Column<Int32>()
    private let linkToC: Column<Int32>, linkFromC: Column<Int32>, linkDistC: Column<Float>, linkSpeedC: Column<Float>, linkWalkC: Column<Double>
    private let linkClosedC: Column<Bool>
    private let isCampC: Column<Bool>, isTownC: Column<Bool>
    private let latC: Column<Double>, lonC: Column<Double>
    // Per-worker accumulators: [worker * n + loc].
    private let delta: Column<Int>, arr: Column<Int>, noCand: Column<Bool>
    /// Per-worker link completions of the current travel phase ([worker * links + link]),
    /// and their running total.
    private let linkArr: Column<Int>, linkDone: Column<Int>
    private var tablesVersion = -1
    var linkCompletions: [Int]? { linkDone.array }

    init(world: World, seed: UInt64, threads: Int, sequential: Bool, demographics: Demographics? = nil) {
        w = world
        age = demographics == nil ? nil : Column<UInt8>()
        var demo: [(ages: [UInt8], ageCum: [Double], maleFromGender: [Bool]?, genderCum: [Double]?)] = []
        if let d = demographics {
            for name in world.names {
                let a = d.cumulative("age", location: name)!
                let g = d.cumulative("gender", location: name)
                demo.append((a.values.map { UInt8(clamping: Int($0) ?? 0) }, a.cum,
                             g.map { $0.values.map { ["male", "m"].contains($0.lowercased()) } }, g?.cum))
            }
        }
        self.demo = demo
        self.seed = seed
        self.sequential = sequential
        workers = sequential ? 1 : max(1, threads)
        recent = world.s.avoidShortStints ? Column<Float>() : nil
        moveStream = CounterStream(seed: seed, purpose: .sequentialMove, day: 0, entity: 0)
        spawnStream = CounterStream(seed: seed, purpose: .sequentialSpawn, day: 0, entity: 0)
        let n = world.n
        mEff = Column(repeating: 0, count: n); capM = Column(repeating: 1, count: n)
        cumW = Column(); totW = Column(repeating: 0, count: n); candScore = Column()
        linkToC = Column(world.linkTo); linkFromC = Column(world.linkFrom); linkDistC = Column(world.linkDist)
        linkSpeedC = Column(world.linkSpeed); linkWalkC = Column(world.linkWalk)
        linkClosedC = Column(repeating: false, count: world.linkCount)
        isCampC = Column(repeating: false, count: n); isTownC = Column(repeating: false, count: n)
        latC = Column(world.lat); lonC = Column(world.lon)
        delta = Column(repeating: 0, count: n * workers); arr = Column(repeating: 0, count: n * workers)
        noCand = Column(repeating: false, count: n * workers)
        linkArr = Column(repeating: 0, count: world.linkCount * workers); linkDone = Column(repeating: 0, count: world.linkCount)
    }

    // MARK: creation

    /// Draws age and gender for a new person at `loc` (reference §8.3).
    private func sampleDemographics(_ loc: Int, person: Int, day: Int) {
        guard let age else { return }
        let d = demo[loc]
        var r = CounterStream(seed: seed, purpose: .spawn, day: day &* 7 &+ 3, entity: person)
        func pick(_ cum: [Double]) -> Int {
            let u = (sequential ? spawnStream.uniform() : r.uniform()) * (cum.last ?? 0)
            return cum.firstIndex { $0 > u } ?? (cum.count - 1)
        }
        age.append(d.ages[pick(d.ageCum)])
        if let gc = d.genderCum, let male = d.maleFromGender, male[pick(gc)] { flags[person] |= 4 }
    }

    func place(_ loc: Int, count: Int, day: Int) {
        guard count > 0 else { return }
        pos.append(Int32(loc), times: count); progress.append(0, times: count); path.append(-1, times: count)
        hop.append(0, times: count); flags.append(0, times: count); home.append(Int32(loc), times: count)
        recent?.append(0, times: count)
        if age != nil { for j in (pos.count - count)..<pos.count { sampleDemographics(loc, person: j, day: day) } }
        w.count[loc] += count
        alive += count
    }

    func placePreset(_ p: PresetPerson) {
        place(p.location, count: 1, day: 0)
        let i = pos.count - 1
        if let age, let a = p.age { age[i] = UInt8(clamping: a) }
        if age != nil, let g = p.gender {
            if ["male", "m"].contains(g.lowercased()) { flags[i] |= 4 } else { flags[i] &= ~4 }
        }
    }

    func spawn(_ n: Int, weights: [Double], day: Int) -> [Int] {
        var landed = Array(repeating: 0, count: w.n)
        guard n > 0 else { return landed }
        var cum = weights
        for i in 1..<max(1, cum.count) { cum[i] += cum[i - 1] }
        let total = cum.last ?? 0
        let spawnKey = CounterStream.phaseKey(seed: seed, purpose: .spawn, day: day)
        pos.reserve(pos.count + n); progress.reserve(pos.count + n); path.reserve(pos.count + n)
        hop.reserve(pos.count + n); flags.reserve(pos.count + n); home.reserve(pos.count + n)
        cum.withUnsafeBufferPointer { c in
            for j in 0..<n {
                let u: Double
                if sequential { u = spawnStream.uniform() } else {
                    var r = CounterStream(phaseKey: spawnKey, entity: j); u = r.uniform()
                }
                let loc = pickIndex(cumulative: c.baseAddress!, start: 0, end: c.count, total: total, u: u)
                landed[loc] += 1
                pos.append(Int32(loc)); progress.append(0); path.append(-1); hop.append(0); flags.append(0); home.append(Int32(loc))
                recent?.append(0)
                if age != nil { sampleDemographics(loc, person: pos.count - 1, day: day) }
            }
        }
        for i in 0..<w.n { w.count[i] += landed[i] }
        alive += n
        return landed
    }

    // MARK: tables

    private func refreshTopology() {
        w.rebuildCandidates()
        if tablesVersion == w.topologyVersion { return }
        tablesVersion = w.topologyVersion
        candStartC.assign(w.candStart); candPathC.assign(w.candPath); candEndC.assign(w.candEnd)
        candFirstC.assign(w.candFirstLink); candKmC.assign(w.candKm)
        pathStartC.assign(w.pathStart); pathLenC.assign(w.pathLen); pathPoolC.assign(w.pathPool)
        var os: [Int32] = [0], ol: [Int32] = []
        for o in 0..<w.n { ol.append(contentsOf: w.openOut[o]); os.append(Int32(ol.count)) }
        openStartC.assign(os); openLinksC.assign(ol)
        for l in 0..<w.linkCount { linkClosedC[l] = w.isClosed(l) }
        cumW.assign(Array(repeating: 0, count: w.candPath.count))
        candScore.assign(Array(repeating: 0, count: w.candPath.count))
    }

    /// Capacity multipliers and cumulative route weights from the current counts.
    private func refreshWeights() {
        let b = w.s.capacityBuffer
        for i in 0..<w.n { capM[i] = World.capMult(count: w.count[i], capacity: w.capacity[i], buffer: b) }
        for o in 0..<w.n {
            var acc = 0.0
            for k in w.candStart[o]..<w.candStart[o + 1] {
                let e = Int(w.candEnd[k])
                acc += w.routeWeight(score: candScore[k], km: w.candKm[k], capMult: capM[e])
                cumW[k] = acc
            }
            totW[o] = acc
        }
    }

    /// Route weights depend on the person (home distance in default mode, or age/gender).
    private var homeDependent: Bool { (w.s.stayCloseToHome && !w.compat) || age != nil }

    // MARK: the day

    func agentPhase(day t: Int, arrivals: inout [Int]) {
        w.computeScores(day: t)
        refreshTopology()
        for i in 0..<w.n {
            mEff[i] = w.effectiveMoveChance(i); isCampC[i] = w.isCamp[i]; isTownC[i] = w.isTown[i]
        }
        for o in 0..<w.n { for k in w.candStart[o]..<w.candStart[o + 1] { candScore[k] = w.endpointScore(Int(w.candEnd[k]), origin: o) } }
        if sequential { sequentialDay(t, arrivals: &arrivals); return }
        refreshWeights()
        parallelPhase(t, travel: false, arrivals: &arrivals)
        refreshWeights()
        parallelPhase(t, travel: true, arrivals: &arrivals)
    }

    /// One synchronous phase over all agents on `workers` threads; counts change only at
    /// the end, from per-worker integer deltas (so the sum is order-independent).
    private func parallelPhase(_ t: Int, travel: Bool, arrivals: inout [Int]) {
        let n = w.n
        delta.fill(0); arr.fill(0); noCand.fill(false)
        if travel { linkArr.fill(0) }
        let links = w.linkCount
        let k = kernel(day: t)
        let total = pos.count
        let nChunks = (total + Self.chunk - 1) / Self.chunk
        let nw = workers
        runWorkers(nw) { wk in
            var c = wk
            let d = k.delta + wk * n, a = k.arr + wk * n, nc = k.noCand + wk * n, lk = k.linkArr + wk * links
            while c < nChunks {
                let lo = c * AgentEngine.chunk, hi = min(total, lo + AgentEngine.chunk)
                if travel { k.travelRange(lo, hi, delta: d, arrivals: a, links: lk, noCand: nc) } else { k.decideRange(lo, hi, delta: d, noCand: nc) }
                c += nw
            }
        }
        for wk in 0..<nw {
            for i in 0..<n {
                let dd = delta[wk * n + i]
                w.count[i] += dd
                if travel { arrivals[i] += arr[wk * n + i] }
                if noCand[wk * n + i] { w.noteNoCandidate(i) }
            }
            if travel { for l in 0..<links { linkDone[l] += linkArr[wk * links + l] } }
        }
        var atLocations = 0
        for i in 0..<n { atLocations += w.count[i] }
        transit = alive - atLocations
    }

    private func kernel(day t: Int) -> AgentKernel {
        AgentKernel(seed: seed, day: t, s: w.s, compat: w.compat, homeDependent: homeDependent,
                    pos: pos.base, progress: progress.base, path: path.base, hop: hop.base, flags: flags.base, home: home.base,
                    recent: recent?.base, age: age?.base, mEff: mEff.base, capM: capM.base, cumW: cumW.base, totW: totW.base, candScore: candScore.base,
                    candStart: candStartC.base, candPath: candPathC.base, candEnd: candEndC.base, candFirst: candFirstC.base, candKm: candKmC.base,
                    pathStart: pathStartC.base, pathLen: pathLenC.base, pathPool: pathPoolC.base,
                    openStart: openStartC.base, openLinks: openLinksC.base, linkTo: linkToC.base, linkFrom: linkFromC.base,
                    linkDist: linkDistC.base, linkSpeed: linkSpeedC.base, linkWalk: linkWalkC.base, linkClosed: linkClosedC.base,
                    isCamp: isCampC.base, isTown: isTownC.base, lat: latC.base, lon: lonC.base,
                    delta: delta.base, arr: arr.base, noCand: noCand.base, linkArr: linkArr.base)
    }

    // MARK: Flee 3.1 mode

    private func sequentialDay(_ t: Int, arrivals: inout [Int]) {
        let k = kernel(day: t)
        let total = pos.count
        w.count.withUnsafeMutableBufferPointer { cnt in
            arrivals.withUnsafeMutableBufferPointer { arrv in
                var rng = moveStream
                let c = cnt.baseAddress!, a = arrv.baseAddress!
                for i in 0..<total where k.flags[i] & 1 == 0 && k.pos[i] >= 0 {
                    _ = k.decideLive(i, at: Int(k.pos[i]), rng: &rng, force: false, counts: c, world: w)
                }
                for i in 0..<total where k.flags[i] & 1 == 0 {
                    k.travelLive(i, rng: &rng, counts: c, arrivals: a, links: linkDone.base, world: w)
                }
                moveStream = rng
            }
        }
        var atLocations = 0
        for i in 0..<w.n { atLocations += w.count[i] }
        transit = alive - atLocations
    }

    // MARK: sinks

    func sinks(day t: Int) -> Int {
        guard w.s.campsAreSinks else { return 0 }
        var removed = 0
        if sequential {
            var rng = moveStream
            for i in 0..<pos.count where flags[i] & 1 == 0 && pos[i] >= 0 {
                let l = Int(pos[i])
                guard w.isCamp[l] else { continue }
                if rng.uniform() < w.deactivation[l] { flags[i] |= 1; removed += 1 }
            }
            moveStream = rng
            return removed  // 3.1 keeps them in every count (Q16)
        }
        for i in 0..<pos.count where flags[i] & 1 == 0 && pos[i] >= 0 {
            let l = Int(pos[i])
            guard w.isCamp[l], w.deactivation[l] > 0 else { continue }
            var r = CounterStream(seed: seed, purpose: .sink, day: t, entity: i)
            if r.uniform() < w.deactivation[l] { flags[i] |= 1; w.count[l] -= 1; alive -= 1; removed += 1 }
        }
        return removed
    }
}

/// Raw views of the agent columns and the phase tables, shared read-only by the worker
/// threads (each worker writes only its own agents and its own accumulators).
struct AgentKernel: @unchecked Sendable {
    let seed: UInt64, day: Int, s: SimulationSettings, compat: Bool, homeDependent: Bool
    let pos: UnsafeMutablePointer<Int32>, progress: UnsafeMutablePointer<Float>, path: UnsafeMutablePointer<Int32>
    let hop: UnsafeMutablePointer<UInt8>, flags: UnsafeMutablePointer<UInt8>, home: UnsafeMutablePointer<Int32>
    let recent: UnsafeMutablePointer<Float>?
    let age: UnsafeMutablePointer<UInt8>?
    let mEff: UnsafeMutablePointer<Double>, capM: UnsafeMutablePointer<Double>, cumW: UnsafeMutablePointer<Double>
    let totW: UnsafeMutablePointer<Double>, candScore: UnsafeMutablePointer<Double>
    let candStart: UnsafeMutablePointer<Int>, candPath: UnsafeMutablePointer<Int32>, candEnd: UnsafeMutablePointer<Int32>
    let candFirst: UnsafeMutablePointer<Int32>, candKm: UnsafeMutablePointer<Double>
    let pathStart: UnsafeMutablePointer<Int32>, pathLen: UnsafeMutablePointer<Int32>, pathPool: UnsafeMutablePointer<Int32>
    let openStart: UnsafeMutablePointer<Int32>, openLinks: UnsafeMutablePointer<Int32>
    let linkTo: UnsafeMutablePointer<Int32>, linkFrom: UnsafeMutablePointer<Int32>, linkDist: UnsafeMutablePointer<Float>
    let linkSpeed: UnsafeMutablePointer<Float>, linkWalk: UnsafeMutablePointer<Double>, linkClosed: UnsafeMutablePointer<Bool>
    let isCamp: UnsafeMutablePointer<Bool>, isTown: UnsafeMutablePointer<Bool>
    let lat: UnsafeMutablePointer<Double>, lon: UnsafeMutablePointer<Double>
    let delta: UnsafeMutablePointer<Int>, arr: UnsafeMutablePointer<Int>, noCand: UnsafeMutablePointer<Bool>
    let linkArr: UnsafeMutablePointer<Int>

    @inline(__always) func openLink(from l: Int, to e: Int32) -> Int32 {
        var j = Int(openStart[l])
        let end = Int(openStart[l + 1])
        while j < end { let x = openLinks[j]; if linkTo[Int(x)] == e { return x }; j += 1 }
        return -1
    }

    /// Great-circle km from candidate endpoint to the agent's home (default mode).
    func homeFactor(_ e: Int, _ h: Int) -> Double {
        let km = greatCircleKm(lat[e], lon[e], lat[h], lon[h])
        return 1 / pow(max(1, km), s.homeDistancePower)
    }

    /// Route choice with person-dependent weights (stay_close_to_home in default mode).
    func chooseHomeDependent(_ i: Int, _ l: Int, u: Double, capMult: (Int) -> Double) -> Int {
        let lo = candStart[l], hi = candStart[l + 1]
        var tot = 0.0
        let h = Int(home[i])
        for k in lo..<hi { tot += weightFor(k, h, capMult, person: i) }
        if !(tot > 0) { return min(hi - 1, lo + Int(u * Double(hi - lo))) }
        let x = u * tot
        var acc = 0.0
        for k in lo..<hi { acc += weightFor(k, h, capMult, person: i); if acc > x { return k } }
        return hi - 1
    }

    /// S' for person i: ChildrenAvoidHazards squares the score for under-19s; BoysTakeRisk
    /// sets it to 1 for boys over 14 (default: aged 15–18; Flee 3.1: every male over 14, Q22).
    @inline(__always) func personScore(_ i: Int, _ sc: Double) -> Double {
        guard let age else { return sc }
        let a = age[i], male = flags[i] & 4 != 0
        if s.boysTakeRisk && male && a > 14 && (compat || a < 19) { return 1 }
        return a < 19 ? sc * sc : sc
    }

    private func weightFor(_ k: Int, _ h: Int, _ capMult: (Int) -> Double, person i: Int) -> Double {
        let e = Int(candEnd[k])
        let hf = (s.stayCloseToHome && !compat) ? homeFactor(e, h) : 1
        var w = (s.weightSoftening + personScore(i, candScore[k]) * hf) / pow(s.softening + candKm[k], s.distancePower) * capMult(e)
        if s.weightPower != 1 { w = pow(w, s.weightPower) }
        return w
    }

    /// The decision step (reference §6) against the phase snapshot. Returns the link the
    /// agent departs on, or -1 if it stays.
    @inline(__always)
    func decide(_ i: Int, at l: Int, rng: inout CounterStream, force: Bool, noCand: UnsafeMutablePointer<Bool>) -> Int32 {
        let u = rng.uniform()
        var p = path[i]
        var h = Int32(hop[i])
        let m = (p >= 0 || force) ? 1.0 : mEff[l]
        if !(u < m) { return -1 }
        var first: Int32 = -1
        if p < 0 {
            let lo = candStart[l], hi = candStart[l + 1]
            if lo == hi { noCand[l] = true; return -1 }
            let u2 = rng.uniform()
            let k = homeDependent ? chooseHomeDependent(i, l, u: u2, capMult: { self.capM[$0] })
                                  : pickIndex(cumulative: cumW, start: lo, end: hi, total: totW[l], u: u2)
            p = candPath[k]; h = 0; first = candFirst[k]
        }
        let ps = Int(pathStart[Int(p)]), pl = pathLen[Int(p)]
        let link = first >= 0 ? first : openLink(from: l, to: pathPool[ps + Int(h)])
        if link < 0 { path[i] = -1; return -1 }
        let fin = Int(pathPool[ps + Int(pl) - 1])
        if isCamp[fin] && capM[fin] < 0.5 { path[i] = -1; return -1 }
        h += 1
        if h >= pl { path[i] = -1 } else { path[i] = p; hop[i] = UInt8(h) }
        pos[i] = -(link + 1); progress[i] = 0
        return link
    }

    func decideRange(_ lo: Int, _ hi: Int, delta: UnsafeMutablePointer<Int>, noCand: UnsafeMutablePointer<Bool>) {
        let key = CounterStream.phaseKey(seed: seed, purpose: .decide, day: day)
        for i in lo..<hi {
            let p = pos[i]
            if p < 0 || flags[i] & 1 != 0 { continue }
            var rng = CounterStream(phaseKey: key, entity: i)
            if decide(i, at: Int(p), rng: &rng, force: false, noCand: noCand) >= 0 { delta[Int(p)] -= 1 }
        }
    }

    // Out of line, with the day's speeds read once here: inlined into the phase, or reading
    // them per person, the shared travel loop ran 1-7% more instructions (callgrind, mali2012).
    @inline(never)
    func travelRange(_ lo: Int, _ hi: Int, delta: UnsafeMutablePointer<Int>, arrivals: UnsafeMutablePointer<Int>,
                     links: UnsafeMutablePointer<Int>, noCand: UnsafeMutablePointer<Bool>) {
        let key = CounterStream.phaseKey(seed: seed, purpose: .travel, day: day)
        let hasRecent = recent != nil
        let walk = Float(s.maxWalkSpeed), maxSpeed = Float(s.maxMoveSpeed)
        for i in lo..<hi {
            if pos[i] >= 0 {
                if hasRecent, flags[i] & 1 == 0 { recent![i] *= 0.5 }
                continue
            }
            if flags[i] & 1 != 0 { continue }
            var rng = CounterStream(phaseKey: key, entity: i)
            travel(i, walk: walk, maxSpeed: maxSpeed, rng: &rng, counts: delta, arrivals: arrivals, links: links) { b, force, rng in
                let nl = decide(i, at: b, rng: &rng, force: force, noCand: noCand)
                if nl >= 0 { delta[b] -= 1 }   // the batched decision leaves counts to its caller
                return nl
            }
        }
    }

    /// One person's day on the road from link `-pos[i] - 1`: moves along links until the day's
    /// distance is used up, arriving (counted in `counts`, `arrivals` and `links`) wherever a
    /// link ends and asking `next` at each arrival for the link to go on by (-1: stay). Both
    /// modes walk this one loop; they differ only in how `next` decides and books the departure.
    @inline(__always)
    func travel(_ i: Int, walk: Float, maxSpeed: Float, rng: inout CounterStream, counts: UnsafeMutablePointer<Int>, arrivals: UnsafeMutablePointer<Int>,
                links: UnsafeMutablePointer<Int>, next: (_ at: Int, _ force: Bool, _ rng: inout CounterStream) -> Int32) {
        var link = Int(-pos[i] - 1)
        var prog = progress[i]
        var moved: Float = 0
        var hops = 0
        while true {
            var sp = linkSpeed[link]
            if s.startOnFoot && flags[i] & 2 == 0 { sp = walk }
            if rng.uniform() < linkWalk[link] { sp = walk }
            prog += sp; moved += sp
            let d = linkDist[link]
            if !(prog > d) { progress[i] = prog; break }
            flags[i] |= 2
            moved -= prog - d
            if linkClosed[link] {
                let a = Int(linkFrom[link]); pos[i] = Int32(a); counts[a] += 1; break
            }
            let b = Int(linkTo[link])
            pos[i] = Int32(b); counts[b] += 1; arrivals[b] += 1; links[link] += 1
            guard moved < sp, hops < 64 else { break }
            hops += 1
            var force = false
            if let recent, s.avoidShortStints { force = isTown[b] && (recent[i] + moved / maxSpeed) / 2 < 0.5 }
            let nl = next(b, force, &rng)
            if nl < 0 { break }
            link = Int(nl); prog = 0
        }
        if let recent { recent[i] = (recent[i] + moved / maxSpeed) / 2 }
    }

    // MARK: Flee 3.1 mode (sequential, counts updated in place)

    func decideLive(_ i: Int, at l: Int, rng: inout CounterStream, force: Bool, counts c: UnsafeMutablePointer<Int>, world w: World) -> Int32 {
        let u = rng.uniform()
        let m = force ? 1.0 : mEff[l]  // 3.1 re-rolls even with a pending route (Q10)
        if !(u < m) { return -1 }
        var p = path[i]
        var h = Int32(hop[i])
        var first: Int32 = -1
        let b = s.capacityBuffer
        if p < 0 {
            let lo = candStart[l], hi = candStart[l + 1]
            if lo == hi { if s.awarenessLevel > 0 { w.noteNoCandidate(l) }; return -1 }
            let u2 = rng.uniform()
            var tot = 0.0
            for k in lo..<hi {
                let e = Int(candEnd[k])
                tot += w.routeWeight(score: personScore(i, candScore[k]), km: candKm[k], capMult: World.capMult(count: c[e], capacity: w.capacity[e], buffer: b))
                cumW[k] = tot
            }
            let k = pickIndex(cumulative: cumW, start: lo, end: hi, total: tot, u: u2)
            p = candPath[k]; h = 0; first = candFirst[k]
        }
        let ps = Int(pathStart[Int(p)]), pl = pathLen[Int(p)]
        let link = first >= 0 ? first : openLink(from: l, to: pathPool[ps + Int(h)])
        if link < 0 { path[i] = -1; return -1 }
        let fin = Int(pathPool[ps + Int(pl) - 1])
        if isCamp[fin] && World.capMult(count: c[fin], capacity: w.capacity[fin], buffer: b) < 0.5 { path[i] = -1; return -1 }
        h += 1
        if h >= pl { path[i] = -1 } else { path[i] = p; hop[i] = UInt8(h) }
        pos[i] = -(link + 1); progress[i] = 0
        c[l] -= 1
        return link
    }

    func travelLive(_ i: Int, rng: inout CounterStream, counts c: UnsafeMutablePointer<Int>, arrivals: UnsafeMutablePointer<Int>,
                    links: UnsafeMutablePointer<Int>, world w: World) {
        if pos[i] >= 0 { if let recent { recent[i] *= 0.5 }; return }
        travel(i, walk: Float(s.maxWalkSpeed), maxSpeed: Float(s.maxMoveSpeed), rng: &rng, counts: c, arrivals: arrivals, links: links) { b, force, rng in
            decideLive(i, at: b, rng: &rng, force: force, counts: c, world: w)
        }
    }
}
