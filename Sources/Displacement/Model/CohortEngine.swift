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
/// has-arrived-before) on links, merged at the end of each day. With `return_rules` every
/// group also carries its people's home (otherwise every group's home is one class, so
/// groups, merges and streams are those of a run without homes). A group's home is a home
/// class or, once people of several homes share the group's state, a mix: their counts by
/// home. Groups merge and draw whatever their homes, on the streams of a run without homes,
/// so the counts at places have exactly that run's draws; when a group splits, its homes
/// are shared out in proportion (systematic sampling on a side stream: each home's expected
/// share is exact, its count the floor or ceiling of it). Groups split by home made every
/// draw and every move as many times over as there are homes. People who fled under
/// `flight_rules` and have not left their home yet are a group of their own per place. Draws come from
/// counter-based streams keyed by (seed, purpose, day, group), so a run is reproducible.
/// Not supported here (use agent mode): `avoid_short_stints` and default-mode
/// `stay_close_to_home`, which depend on each person's own travel history or home.
/// The daily loop allocates nothing once its buffers have grown to the run's size.
final class CohortEngine: PopulationEngine {
    /// People on a link, `km` along it; `fresh`: not yet arrived anywhere.
    struct OnLink: Equatable { var link: Int32; var path: Int32; var hop: Int32; var fresh: Bool; var km: Float; var count: Int; var home: Int32 }
    /// People at a location with a pending route.
    struct Pending { var location: Int32; var path: Int32; var hop: Int32; var fresh: Bool; var count: Int; var home: Int32 }
    /// People who arrived somewhere today with distance to spare, waiting for their
    /// same-day continuation decision; `movedClass` is `movedClass(location, moved)`.
    struct Continuation { var location: Int32; var path: Int32; var hop: Int32; var moved: Float; var count: Int; var movedClass: Int64; var home: Int32 }

    let network: Network
    let state: DayState
    let routes: RouteTable
    let tables: ChoiceTables
    let seed: UInt64
    let locationCount: Int
    /// People without a pending route: `[slot(home, location, fresh)]`.
    private let idle: Column<Int>
    /// Home classes: the locations with `return_rules`, else one.
    private let homeClasses: Int
    /// People who fled (flight_rules) and have not departed yet, at their home.
    private let fled: Column<Int>
    /// People at each location (mirrors `state.count` during a phase).
    private let present: Column<Int>
    private let pending = Column<Pending>()
    private let pendingNext = Column<Pending>()
    private let onLinks = Column<OnLink>()
    private let onLinksNext = Column<OnLink>()
    private let mergeTable = Column<Int32>()
    private let wave = Column<Continuation>()
    private let waveNext = Column<Continuation>()
    /// Per location, the sorted values θ = speed − km along every onward walk: a person's
    /// future from that location depends on the km already moved today only through which
    /// θ it lies below, so continuations in the same interval can be merged exactly.
    private let thetaStart: Column<Int>, theta: Column<Float>
    /// Mixes of homes, `homeClasses` counts each; a group's `home` −1 − m is mix m. A mix
    /// belongs to one group; the live ones are copied to `mixesSpare` at the end of a day.
    private let mixes = Column<Int>(), mixesSpare = Column<Int>()
    /// Scratch for sharing a group's people out by home: one for a group's decision, one
    /// for splits inside it (walkers and riders).
    private let shares: HomeShares, splitShares: HomeShares

    private(set) var alive = 0
    private(set) var inTransit = 0
    var bytesPerPerson: Int { 0 }
    var linkCompletions: UnsafeBufferPointer<Int> { UnsafeBufferPointer(start: linkDone.base, count: linkDone.count) }

    private let arrivalsToday: Column<Int>
    /// People who completed each link so far (one addition per completing group).
    private let linkDone: Column<Int>
    private let walkSpeed: Float, startOnFoot: Bool
    private let links: LinkView
    /// The day's tables, as raw pointers (refreshed at the start of each day).
    private var route: RouteView
    private var choice: ChoiceView

    init(network: Network, state: DayState, routes: RouteTable, seed: UInt64) {
        self.network = network
        self.state = state
        self.routes = routes
        tables = ChoiceTables(state: state, routes: routes, cumulative: false)
        self.seed = seed
        let n = network.locationCount
        locationCount = n
        homeClasses = state.settings.returnRules == nil ? 1 : n
        idle = Column(repeating: 0, count: 2 * n * homeClasses)
        fled = Column(repeating: 0, count: n)
        present = Column(repeating: 0, count: n)
        arrivalsToday = Column(repeating: 0, count: n)
        linkDone = Column(repeating: 0, count: network.linkCount)
        links = network.links
        walkSpeed = Float(state.settings.maxWalkSpeed)
        startOnFoot = state.settings.startOnFoot
        (thetaStart, theta) = CohortEngine.thresholds(network, walkSpeed: walkSpeed)
        shares = HomeShares(homeClasses)
        splitShares = HomeShares(homeClasses)
        route = routes.view
        choice = tables.view
    }

    deinit {
        shares.deallocate()
        splitShares.deallocate()
    }

    /// θ values per location (see `theta`); a location with too many onward walks gets none
    /// and is marked by a negative range, meaning "merge only identical km".
    static func thresholds(_ network: Network, walkSpeed walk: Float) -> (Column<Int>, Column<Float>) {
        let starts = Column<Int>(), values = Column<Float>()
        starts.append(0)
        var maxSpeed = walk
        for link in 0..<network.linkCount { maxSpeed = max(maxSpeed, network.linkSpeed[link]) }
        let cap = 1024
        var local: [Float] = []
        for origin in 0..<network.locationCount {
            local.removeAll(keepingCapacity: true)
            var stack: [(Int, Float)] = [(origin, 0)]
            var overflow = false
            while let (at, before) = stack.popLast(), !overflow {
                for link in network.outLinks[at] {
                    let l = Int(link)
                    let length = network.linkDistance[l], km = before + length
                    let speed = network.linkSpeed[l]
                    if speed > length && speed - km > 0 { local.append(speed - km) }
                    if network.linkWalkProbability[l] > 0 && walk > length && walk - km > 0 { local.append(walk - km) }
                    if km < maxSpeed && length > 0 { stack.append((Int(network.linkTo[l]), km)) }
                    if local.count > cap || stack.count > cap {
                        overflow = true
                        break
                    }
                }
            }
            if overflow { local = [-1] } else { local.sort() }
            for v in local { values.append(v) }
            starts.append(values.count)
        }
        return (starts, values)
    }

    /// Equivalence class of "moved km today" at a location (the number of θ at or below it).
    @inline(__always) private func movedClass(_ location: Int, _ moved: Float) -> Int64 {
        let lo = thetaStart[location], hi = thetaStart[location + 1]
        if hi - lo == 1 && theta[lo] < 0 { return -1 - Int64(moved.bitPattern) }  // unmergeable: exact km
        var a = lo, z = hi
        while a < z {
            let mid = (a + z) >> 1
            if theta[mid] <= moved { a = mid + 1 } else { z = mid }
        }
        return Int64(a - lo)
    }

    static func unsupported(_ settings: SimulationSettings) -> String? {
        if settings.avoidShortStints { return "cohort mode does not support avoid_short_stints (it depends on each person's recent travel); use --mode agent" }
        if settings.stayCloseToHome { return "cohort mode does not support stay_close_to_home (it depends on each person's home); use --mode agent" }
        return nil
    }

    /// Index into `idle`; with one home class, `2 * location + fresh` as without homes.
    @inline(__always) private func slot(_ home: Int32, _ location: Int, _ fresh: Bool) -> Int {
        2 * (Int(home) * locationCount + location) + (fresh ? 1 : 0)
    }

    /// The home class of people created at `location`.
    @inline(__always) private func homeClass(_ location: Int) -> Int32 { homeClasses > 1 ? Int32(location) : 0 }

    func place(_ location: Int, count: Int, day: Int) {
        guard count > 0 else { return }
        idle[slot(homeClass(location), location, true)] += count
        state.count[location] += count
        alive += count
    }

    func spawn(_ people: Int, weights: [Double], day: Int) -> [Int] {
        let n = locationCount
        var landed = Array(repeating: 0, count: n)
        guard people > 0 else { return landed }
        var stream = CounterStream(seed: seed, purpose: .cohortSpawn, day: day, entity: 0)
        var total = 0.0
        for x in weights { total += x }
        var remaining = people
        var remainingShare = 1.0
        let last = weights.lastIndex { $0 > 0 } ?? (n - 1)
        for i in 0..<n where remaining > 0 {
            let share = total > 0 ? weights[i] / total : 1 / Double(n)
            if share <= 0 && total > 0 { continue }
            let here = i == last ? remaining : stream.binomial(remaining, min(1, share / remainingShare))
            remainingShare -= share
            remaining -= here
            if here > 0 {
                landed[i] += here
                place(i, count: here, day: day)
            }
        }
        return landed
    }

    func placeFled(_ location: Int, count: Int, day: Int) {
        guard count > 0 else { return }
        fled[location] += count
        state.count[location] += count
        alive += count
    }

    @inline(__always) private func stay(_ location: Int, path: Int32, hop: Int32, fresh: Bool, count: Int, home: Int32) {
        if path >= 0 {
            pendingNext.append(Pending(location: Int32(location), path: path, hop: hop, fresh: fresh, count: count, home: home))
        } else if home >= 0 {
            idle[slot(home, location, fresh)] += count
        } else {
            let b = block(home)
            for h in 0..<homeClasses where mixes[b + h] > 0 { idle[slot(Int32(h), location, fresh)] += mixes[b + h] }
        }
        present[location] += count
    }

    // MARK: Homes of groups

    /// Offset of mix `home` (< 0) in `mixes`.
    @inline(__always) private func block(_ home: Int32) -> Int { (-1 - Int(home)) * homeClasses }

    /// A group's people by home into `to` (nonzero homes only); returns how many homes.
    @inline(__always) private func gather(_ home: Int32, count: Int, into to: HomeShares) -> Int {
        if home >= 0 {
            to.home[0] = home
            to.left[0] = count
            return 1
        }
        let b = block(home)
        var members = 0
        for h in 0..<homeClasses where mixes[b + h] > 0 {
            to.home[members] = Int32(h)
            to.left[members] = mixes[b + h]
            members += 1
        }
        return members
    }

    /// A new mix of no one, at the end of the arena.
    @inline(__always) private func newMix() -> Int32 {
        let mix = Int32(-1 - mixes.count / homeClasses)
        mixes.append(0, times: homeClasses)
        return mix
    }

    /// The home of a group whose people by home are `from.take[0..<members]`: their home if
    /// they have one, else a new mix.
    @inline(__always) private func homeOfTaken(_ from: HomeShares, members: Int) -> Int32 {
        var only: Int32 = 0, homes = 0
        for m in 0..<members where from.take[m] > 0 {
            homes += 1
            only = from.home[m]
        }
        if homes <= 1 { return only }
        let mix = newMix()
        let b = block(mix)
        for m in 0..<members where from.take[m] > 0 { mixes[b + Int(from.home[m])] = from.take[m] }
        return mix
    }

    /// Adds a group's people (`home`, `count`) to a group that had `had` people of `into`.
    @inline(__always) private func combine(_ into: inout Int32, had: Int, _ home: Int32, count: Int) {
        if into == home && home >= 0 { return }
        if into >= 0 {
            let mix = newMix()
            mixes[block(mix) + Int(into)] = had
            into = mix
        }
        let b = block(into)
        if home >= 0 {
            mixes[b + Int(home)] += count
        } else {
            let c = block(home)
            for h in 0..<homeClasses { mixes[b + h] += mixes[c + h] }
        }
    }

    /// Writes `from.left[0..<members]` back into mix `home`.
    @inline(__always) private func storeLeft(_ from: HomeShares, members: Int, into home: Int32) {
        let b = block(home)
        for m in 0..<members { mixes[b + Int(from.home[m])] = from.left[m] }
    }

    /// Copies the mixes of the groups still on links or pending to a fresh arena, so that
    /// the arena holds one day's splits and merges, not the run's.
    private func compactMixes() {
        guard homeClasses > 1 else { return }
        mixesSpare.count = 0
        func moved(_ home: Int32) -> Int32 {
            guard home < 0 else { return home }
            let b = block(home), mix = Int32(-1 - mixesSpare.count / homeClasses)
            for h in 0..<homeClasses { mixesSpare.append(mixes[b + h]) }
            return mix
        }
        for j in 0..<onLinks.count { onLinks[j].home = moved(onLinks[j].home) }
        for j in 0..<pending.count { pending[j].home = moved(pending[j].home) }
        mixes.count = 0
        for i in 0..<mixesSpare.count { mixes.append(mixesSpare[i]) }
    }

    /// The shared route step with the phase snapshot's full-camp rule.
    @inline(__always) private func step(from origin: Int, path: Int32, hop: Int32, firstLink: Int32) -> RouteStep? {
        let choice = self.choice
        return route.step(from: origin, path: path, hop: hop, firstLink: firstLink) { camp in
            choice.isCamp[camp] && choice.capacityFactor[camp] < 0.5
        }
    }

    /// Multinomial split of `movers` over the origin's candidates into `out[k - lo]`.
    @inline(__always) private func split(_ movers: Int, at origin: Int, stream: inout CounterStream, into out: UnsafeMutableBufferPointer<Int>) {
        let lo = route.candidateStart[origin], hi = route.candidateStart[origin + 1]
        var remaining = movers
        var remainingShare = 1.0
        let total = choice.totalWeight[origin]
        for k in lo..<hi {
            out[k - lo] = 0
            if remaining == 0 { continue }
            let share = total > 0 ? choice.weight[k] / total : 1 / Double(hi - lo)
            if total > 0 && share <= 0 { continue }
            let here = k == hi - 1 ? remaining : stream.binomial(remaining, min(1, share / remainingShare))
            remainingShare -= share
            remaining -= here
            out[k - lo] = here
        }
        if remaining > 0 {  // rounding guard: the last positive weight takes the rest
            var k = hi - 1
            while k > lo && total > 0 && !(choice.weight[k] > 0) { k -= 1 }
            out[k - lo] += remaining
        }
    }

    func agentPhase(day: Int, arrivals: inout [Int]) {
        let n = locationCount
        tables.startDay(day)
        route = routes.view
        choice = tables.view
        for i in 0..<n { present[i] = state.count[i] }
        tables.updateWeights(counts: present.base)
        decisionPhase(day)
        // Travel phase: continuations see the counts after the decision phase.
        tables.updateWeights(counts: present.base)
        travelPhase(day)
        pending.count = 0
        for j in 0..<pendingNext.count { pending.append(pendingNext[j]) }
        compactMixes()
        var transit = 0
        for j in 0..<onLinks.count { transit += onLinks[j].count }
        inTransit = transit
        for i in 0..<n {
            arrivals[i] += arrivalsToday[i]
            state.count[i] = present[i]
        }
    }

    /// Every group draws against the counts after spawning.
    private func decisionPhase(_ day: Int) {
        let key = CounterStream.phaseKey(seed: seed, purpose: .cohortDecide, day: day)
        for origin in 0..<locationCount {
            for fresh in [false, true] {
                // The people idle here, of every home, decide as one group.
                var members = 0, people = 0
                for home in 0..<Int32(homeClasses) {
                    let at = slot(home, origin, fresh)
                    if idle[at] == 0 { continue }
                    shares.home[members] = home
                    shares.left[members] = idle[at]
                    people += idle[at]
                    members += 1
                }
                if members == 0 { continue }
                var stream = CounterStream(phaseKey: key, entity: slot(0, origin, fresh))
                let movers = stream.binomial(people, choice.moveChance[origin])
                if members == 1 {
                    depart(movers, from: origin, idleSlot: slot(shares.home[0], origin, fresh), fresh: fresh, home: shares.home[0], stream: &stream)
                } else {
                    departMixed(movers, of: people, members: members, from: origin, fresh: fresh, stream: &stream)
                }
            }
        }
        // People who fled today or earlier and are still at home leave whatever the move chance.
        let fledEntity = 2 * locationCount  // the idle groups take entities 0..<2n, whatever the homes
        for origin in 0..<locationCount where fled[origin] > 0 {
            var stream = CounterStream(phaseKey: key, entity: fledEntity + origin)
            depart(fled[origin], from: origin, idleSlot: -1, fresh: true, home: homeClass(origin), stream: &stream)
        }
        pendingNext.count = 0
        for j in 0..<pending.count {
            let group = pending[j]
            let origin = Int(group.location)
            present[origin] -= group.count
            if let hop = step(from: origin, path: group.path, hop: group.hop, firstLink: -1) {
                onLinks.append(OnLink(link: hop.link, path: hop.path, hop: hop.hop, fresh: group.fresh, km: 0, count: group.count, home: group.home))
            } else {
                stay(origin, path: -1, hop: 0, fresh: group.fresh, count: group.count, home: group.home)
            }
        }
    }

    /// `depart` for the idle people of several homes at `origin` (`shares`, `people` in
    /// all), drawing as one group would; each candidate's movers leave as one group, their
    /// homes shared out on a side stream.
    private func departMixed(_ movers: Int, of people: Int, members: Int, from origin: Int, fresh: Bool, stream: inout CounterStream) {
        if movers == 0 { return }
        let lo = route.candidateStart[origin], hi = route.candidateStart[origin + 1]
        if lo == hi {
            state.noteNoCandidate(origin)
            return
        }
        var side = stream.side()
        withUnsafeTemporaryAllocation(of: Int.self, capacity: hi - lo) { byCandidate in
            split(movers, at: origin, stream: &stream, into: byCandidate)
            shares.shareOut(movers, of: people, members: members, stream: &side)
            for m in 0..<members { shares.left[m] = shares.take[m] }
            var moving = movers
            for k in lo..<hi where byCandidate[k - lo] > 0 {
                let group = byCandidate[k - lo]
                shares.shareOut(group, of: moving, members: members, stream: &side)
                moving -= group
                guard let hop = step(from: origin, path: route.candidatePath[k], hop: 0, firstLink: route.candidateFirstLink[k]) else { continue }
                present[origin] -= group
                for m in 0..<members { idle[slot(shares.home[m], origin, fresh)] -= shares.take[m] }
                onLinks.append(OnLink(link: hop.link, path: hop.path, hop: hop.hop, fresh: fresh, km: 0, count: group,
                                      home: homeOfTaken(shares, members: members)))
            }
        }
    }

    /// Splits `movers` at `origin` over its candidates and puts them on their first links;
    /// they come out of `idle[idleSlot]` (-1: the fled group) as they depart.
    @inline(__always)
    private func depart(_ movers: Int, from origin: Int, idleSlot: Int, fresh: Bool, home: Int32, stream: inout CounterStream) {
        if movers == 0 { return }
        let lo = route.candidateStart[origin], hi = route.candidateStart[origin + 1]
        if lo == hi {
            state.noteNoCandidate(origin)
            return
        }
        withUnsafeTemporaryAllocation(of: Int.self, capacity: hi - lo) { byCandidate in
            split(movers, at: origin, stream: &stream, into: byCandidate)
            for k in lo..<hi where byCandidate[k - lo] > 0 {
                let group = byCandidate[k - lo]
                guard let hop = step(from: origin, path: route.candidatePath[k], hop: 0, firstLink: route.candidateFirstLink[k]) else { continue }
                if idleSlot >= 0 { idle[idleSlot] -= group } else { fled[origin] -= group }
                present[origin] -= group
                onLinks.append(OnLink(link: hop.link, path: hop.path, hop: hop.hop, fresh: fresh, km: 0, count: group, home: home))
            }
        }
    }

    /// Moves every group on a link, then the same-day continuations one hop at a time
    /// (groups in the same state merge before each hop).
    private func travelPhase(_ day: Int) {
        for i in 0..<locationCount { arrivalsToday[i] = 0 }
        onLinksNext.count = 0
        let key = CounterStream.phaseKey(seed: seed, purpose: .cohortTravel, day: day)
        waveNext.count = 0
        for j in 0..<onLinks.count {
            var stream = CounterStream(phaseKey: key, entity: j)
            travel(onLinks[j], moved: 0, stream: &stream)
        }
        wave.count = 0
        for j in 0..<waveNext.count { wave.append(waveNext[j]) }
        var hop = 0
        while wave.count > 0 {
            hop += 1
            mergeWave()
            waveNext.count = 0
            let hopKey = CounterStream.phaseKey(seed: seed, purpose: .cohortTravel, day: day &* 131 &+ hop)
            for g in 0..<wave.count {
                var stream = CounterStream(phaseKey: hopKey, entity: g)
                let group = wave[g]
                if hop > 64 {
                    stay(Int(group.location), path: group.path, hop: group.hop, fresh: false, count: group.count, home: group.home)
                    continue
                }
                continueFrom(group, stream: &stream)
            }
            wave.count = 0
            for j in 0..<waveNext.count { wave.append(waveNext[j]) }
        }
        mergeLinks()
    }

    /// Moves `onLinksNext` into `onLinks`, merging groups in the same state (same link, km,
    /// route, hop and has-arrived flag; their homes combined), so the number of groups stays bounded.
    private func mergeLinks() {
        onLinks.count = 0
        let m = onLinksNext.count
        if m == 0 { return }
        var size = 16
        while size < 2 * m { size *= 2 }
        if mergeTable.count < size {
            mergeTable.reserve(size)
            mergeTable.count = size
        }
        let mask = size - 1
        for i in 0..<size { mergeTable[i] = -1 }
        for j in 0..<m {
            let group = onLinksNext[j]
            var hash = UInt64(UInt32(bitPattern: group.link)) | (UInt64(group.km.bitPattern) << 32)
            hash = mix64(hash ^ (UInt64(UInt32(bitPattern: group.path)) &* 0x9E37_79B9) ^ (UInt64(group.hop) << 20) ^ (group.fresh ? 0x5555 : 0))
            var slot = Int(hash & UInt64(mask))
            while true {
                let e = mergeTable[slot]
                if e < 0 {
                    mergeTable[slot] = Int32(onLinks.count)
                    onLinks.append(group)
                    break
                }
                let other = onLinks[Int(e)]
                if other.link == group.link && other.km == group.km && other.path == group.path && other.hop == group.hop && other.fresh == group.fresh {
                    combine(&onLinks[Int(e)].home, had: other.count, group.home, count: group.count)
                    onLinks[Int(e)].count += group.count
                    break
                }
                slot = (slot + 1) & mask
            }
        }
    }

    private func travel(_ group: OnLink, moved: Float, stream: inout CounterStream) {
        let link = Int(group.link)
        var speed = links.speed[link]
        if startOnFoot && group.fresh { speed = walkSpeed }
        let walkProbability = links.walkProbability[link]
        if walkProbability > 0 {
            let walkers = stream.binomial(group.count, walkProbability)
            var walking = group, riding = group
            walking.count = walkers
            riding.count -= walkers
            if group.home < 0 && walkers > 0 && riding.count > 0 {
                var side = stream.side()
                let members = gather(group.home, count: group.count, into: splitShares)
                splitShares.shareOut(walkers, of: group.count, members: members, stream: &side)
                walking.home = homeOfTaken(splitShares, members: members)
                for m in 0..<members { splitShares.take[m] = splitShares.left[m] }
                riding.home = homeOfTaken(splitShares, members: members)
            }
            if walkers > 0 { advance(walking, speed: walkSpeed, moved: moved) }
            if riding.count > 0 { advance(riding, speed: speed, moved: moved) }
        } else {
            advance(group, speed: speed, moved: moved)
        }
    }

    private func advance(_ start: OnLink, speed: Float, moved before: Float) {
        var group = start
        let link = Int(group.link)
        group.km += speed
        var moved = before + speed
        let length = links.distance[link]
        if !(group.km > length) {
            onLinksNext.append(group)
            return
        }
        moved -= group.km - length
        if route.linkClosed[link] {
            stay(Int(links.from[link]), path: group.path, hop: group.hop, fresh: false, count: group.count, home: group.home)
            return
        }
        let end = Int(links.to[link])
        arrivalsToday[end] += group.count
        linkDone[link] += group.count
        guard moved < speed else {
            stay(end, path: group.path, hop: group.hop, fresh: false, count: group.count, home: group.home)
            return
        }
        waveNext.append(Continuation(location: Int32(end), path: group.path, hop: group.hop, moved: moved, count: group.count,
                                     movedClass: movedClass(end, moved), home: group.home))
    }

    /// Merges the entries of `wave` that share location, route state and moved-km class;
    /// the first entry's km stands for the class.
    private func mergeWave() {
        let m = wave.count
        if m <= 1 { return }
        waveNext.count = 0
        var size = 16
        while size < 2 * m { size *= 2 }
        if mergeTable.count < size {
            mergeTable.reserve(size)
            mergeTable.count = size
        }
        let mask = size - 1
        for i in 0..<size { mergeTable[i] = -1 }
        for j in 0..<m {
            let entry = wave[j]
            let cls = entry.movedClass
            let hash = mix64(UInt64(UInt32(bitPattern: entry.location)) ^ (UInt64(bitPattern: cls) &* 0x9E37_79B9_7F4A_7C15)
                             ^ (UInt64(UInt32(bitPattern: entry.path)) << 40) ^ (UInt64(entry.hop) << 20))
            var slot = Int(hash & UInt64(mask))
            while true {
                let k = mergeTable[slot]
                if k < 0 {
                    mergeTable[slot] = Int32(waveNext.count)
                    waveNext.append(entry)
                    break
                }
                let other = waveNext[Int(k)]
                if other.location == entry.location && other.path == entry.path && other.hop == entry.hop && other.movedClass == cls {
                    combine(&waveNext[Int(k)].home, had: other.count, entry.home, count: entry.count)
                    waveNext[Int(k)].count += entry.count
                    break
                }
                slot = (slot + 1) & mask
            }
        }
        wave.count = 0
        for j in 0..<waveNext.count { wave.append(waveNext[j]) }
    }

    /// The same-day continuation decision for a merged group: people who arrived with
    /// distance to spare decide again, as in the decision phase.
    private func continueFrom(_ group: Continuation, stream: inout CounterStream) {
        let at = Int(group.location)
        if group.path >= 0 {
            if let hop = step(from: at, path: group.path, hop: group.hop, firstLink: -1) {
                travel(OnLink(link: hop.link, path: hop.path, hop: hop.hop, fresh: false, km: 0, count: group.count, home: group.home),
                       moved: group.moved, stream: &stream)
            } else {
                stay(at, path: -1, hop: 0, fresh: false, count: group.count, home: group.home)
            }
            return
        }
        let mixed = group.home < 0
        var side = mixed ? stream.side() : CounterStream(state: 0)  // only a mix shares out
        let movers = stream.binomial(group.count, choice.moveChance[at])
        let lo = route.candidateStart[at], hi = route.candidateStart[at + 1]
        if movers == 0 || lo == hi {
            if movers > 0 { state.noteNoCandidate(at) }
            stay(at, path: -1, hop: 0, fresh: false, count: group.count, home: group.home)
            return
        }
        withUnsafeTemporaryAllocation(of: Int.self, capacity: hi - lo) { byCandidate in
            split(movers, at: at, stream: &stream, into: byCandidate)
            var members = 0, moving = movers
            if mixed {
                members = gather(group.home, count: group.count, into: shares)
                shares.shareOut(movers, of: group.count, members: members, stream: &side)
                for m in 0..<members {
                    if shares.left[m] > 0 { stay(at, path: -1, hop: 0, fresh: false, count: shares.left[m], home: shares.home[m]) }
                    shares.left[m] = shares.take[m]
                }
            } else if group.count > movers {
                stay(at, path: -1, hop: 0, fresh: false, count: group.count - movers, home: group.home)
            }
            for k in lo..<hi where byCandidate[k - lo] > 0 {
                let here = byCandidate[k - lo]
                var home = group.home
                if mixed {
                    shares.shareOut(here, of: moving, members: members, stream: &side)
                    moving -= here
                    home = homeOfTaken(shares, members: members)
                }
                if let hop = step(from: at, path: route.candidatePath[k], hop: 0, firstLink: route.candidateFirstLink[k]) {
                    travel(OnLink(link: hop.link, path: hop.path, hop: hop.hop, fresh: false, km: 0, count: here, home: home),
                           moved: group.moved, stream: &stream)
                } else {
                    stay(at, path: -1, hop: 0, fresh: false, count: here, home: home)
                }
            }
        }
    }

    func sinks(day: Int) -> Int {
        guard state.settings.campsAreSinks else { return 0 }
        var removed = 0
        for location in 0..<locationCount where state.isCamp[location] && network.deactivation[location] > 0 {
            let probability = network.deactivation[location]
            var stream = CounterStream(seed: seed, purpose: .cohortSink, day: day, entity: location)
            for home in 0..<Int32(homeClasses) {
                for fresh in [false, true] {
                    let at = slot(home, location, fresh)
                    if homeClasses > 1 && idle[at] == 0 { continue }
                    let gone = stream.binomial(idle[at], probability)
                    idle[at] -= gone
                    state.count[location] -= gone
                    removed += gone
                }
            }
            if fled[location] > 0 {
                let gone = stream.binomial(fled[location], probability)
                fled[location] -= gone
                state.count[location] -= gone
                removed += gone
            }
            for j in 0..<pending.count where Int(pending[j].location) == location {
                let gone = stream.binomial(pending[j].count, probability)
                if gone > 0 && pending[j].home < 0 {
                    var side = stream.side()
                    let members = gather(pending[j].home, count: pending[j].count, into: splitShares)
                    splitShares.shareOut(gone, of: pending[j].count, members: members, stream: &side)
                    storeLeft(splitShares, members: members, into: pending[j].home)
                }
                pending[j].count -= gone
                state.count[location] -= gone
                removed += gone
            }
        }
        alive -= removed
        return removed
    }

    func returnHome(day: Int, mayReturn: (Int) -> Bool, share: Double, returned: inout [Int]) {
        guard homeClasses > 1 else { return }
        let n = locationCount
        var total = 0
        for home in 0..<n where mayReturn(home) {
            for location in 0..<n {
                for fresh in [false, true] {
                    let at = slot(Int32(home), location, fresh)
                    if idle[at] == 0 { continue }
                    var stream = CounterStream(seed: seed, purpose: .cohortReturn, day: day, entity: at)
                    let goers = stream.binomial(idle[at], share)
                    idle[at] -= goers
                    state.count[location] -= goers
                    returned[home] += goers
                    total += goers
                }
            }
            if fled[home] > 0 {
                var stream = CounterStream(seed: seed, purpose: .cohortReturn, day: day, entity: 2 * n * n + home)
                let goers = stream.binomial(fled[home], share)
                fled[home] -= goers
                state.count[home] -= goers
                returned[home] += goers
                total += goers
            }
        }
        for j in 0..<pending.count where pending[j].count > 0 {
            var stream = CounterStream(seed: seed, purpose: .cohortReturn, day: day, entity: 2 * n * n + n + j)
            let home = pending[j].home
            if home >= 0 {
                guard mayReturn(Int(home)) else { continue }
                let goers = stream.binomial(pending[j].count, share)
                pending[j].count -= goers
                state.count[Int(pending[j].location)] -= goers
                returned[Int(home)] += goers
                total += goers
                continue
            }
            let b = block(home)
            for h in 0..<n where mixes[b + h] > 0 && mayReturn(h) {
                let goers = stream.binomial(mixes[b + h], share)
                mixes[b + h] -= goers
                pending[j].count -= goers
                state.count[Int(pending[j].location)] -= goers
                returned[h] += goers
                total += goers
            }
        }
        alive -= total
    }
}

/// A group's people by home while they are shared out: `home[m]`, `left[m]` people still to
/// share, `take[m]` taken by the last share. Raw buffers (no reference counting in the hot
/// loop), freed by the engine that owns them.
struct HomeShares {
    let home: UnsafeMutablePointer<Int32>, left: UnsafeMutablePointer<Int>, take: UnsafeMutablePointer<Int>

    init(_ homes: Int) {
        home = .allocate(capacity: homes)
        left = .allocate(capacity: homes)
        take = .allocate(capacity: homes)
        home.initialize(repeating: 0, count: homes)
        left.initialize(repeating: 0, count: homes)
        take.initialize(repeating: 0, count: homes)
    }

    func deallocate() {
        home.deallocate()
        left.deallocate()
        take.deallocate()
    }

    /// Takes `n` of the `total` people left (`left[0..<members]`) into `take`, in proportion
    /// to what each home has left, by systematic sampling: one random offset, and member m
    /// gets the floor or the ceiling of n·left[m]/total, n in all.
    @inline(__always) func shareOut(_ n: Int, of total: Int, members: Int, stream: inout CounterStream) {
        if n == total || n == 0 {
            for m in 0..<members {
                take[m] = n == 0 ? 0 : left[m]
                left[m] -= take[m]
            }
            return
        }
        let offset = Int.random(in: 0..<total, using: &stream)
        var cumulative = 0, before = 0
        for m in 0..<members {
            cumulative += left[m]
            // ⌊(cumulative·n + offset) / total⌋, in full width when a product passes 2^63.
            var upTo: Int
            let (product, overflow) = cumulative.multipliedReportingOverflow(by: n)
            if !overflow && product <= Int.max - offset {
                upTo = (product + offset) / total
            } else {
                let wide = cumulative.multipliedFullWidth(by: n)
                let (low, carry) = wide.low.addingReportingOverflow(UInt(offset))
                upTo = total.dividingFullWidth((wide.high + (carry ? 1 : 0), low)).quotient
            }
            take[m] = upTo - before
            left[m] -= take[m]
            before = upTo
        }
    }
}
