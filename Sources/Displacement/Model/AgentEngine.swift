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
    let network: Network
    let state: DayState
    let routes: RouteTable
    let tables: ChoiceTables
    let seed: UInt64
    let sequential: Bool
    let workers: Int
    static let chunk = 1 << 14

    // Per-person state.
    let position = Column<Int32>()   // ≥ 0: location; < 0: -(link + 1), travelling
    let progress = Column<Float>()   // km along the current link
    let path = Column<Int32>()       // pending route (path id) or -1
    let hop = Column<UInt8>()        // next index in the pending path
    let flags = Column<UInt8>()      // see AgentFlag
    let home = Column<Int32>()
    let recent: Column<Float>?       // recent travel, only with avoid_short_stints
    let age: Column<UInt8>?          // only with ChildrenAvoidHazards; gender is AgentFlag.male
    private let demographics: [(ages: [UInt8], ageCumulative: [Double], maleByGender: [Bool]?, genderCumulative: [Double]?)]

    private(set) var alive = 0
    private(set) var inTransit = 0
    var bytesPerPerson: Int { 18 + (recent == nil ? 0 : 4) + (age == nil ? 0 : 1) }

    // Sequential streams (Flee 3.1 mode).
    private var moveStream: CounterStream
    private var spawnStream: CounterStream

    // Per-worker accumulators: [worker * locations + location].
    private let countDelta: Column<Int>, arrivalCount: Column<Int>, noCandidate: Column<Bool>
    /// Per-worker link completions of the current travel phase ([worker * links + link]),
    /// and their running total.
    private let linkArrivals: Column<Int>, linkDone: Column<Int>

    init(network: Network, state: DayState, routes: RouteTable, seed: UInt64, threads: Int, sequential: Bool,
         demographics: Demographics? = nil) {
        self.network = network
        self.state = state
        self.routes = routes
        tables = ChoiceTables(state: state, routes: routes, cumulative: true)
        age = demographics == nil ? nil : Column<UInt8>()
        var tablesByLocation: [(ages: [UInt8], ageCumulative: [Double], maleByGender: [Bool]?, genderCumulative: [Double]?)] = []
        if let demographics {
            for name in network.names {
                let ages = demographics.cumulative("age", location: name)!
                let genders = demographics.cumulative("gender", location: name)
                tablesByLocation.append((ages.values.map { UInt8(clamping: Int($0) ?? 0) }, ages.cum,
                                         genders.map { $0.values.map { ["male", "m"].contains($0.lowercased()) } }, genders?.cum))
            }
        }
        self.demographics = tablesByLocation
        self.seed = seed
        self.sequential = sequential
        workers = sequential ? 1 : max(1, threads)
        recent = state.settings.avoidShortStints ? Column<Float>() : nil
        moveStream = CounterStream(seed: seed, purpose: .sequentialMove, day: 0, entity: 0)
        spawnStream = CounterStream(seed: seed, purpose: .sequentialSpawn, day: 0, entity: 0)
        let n = network.locationCount
        countDelta = Column(repeating: 0, count: n * workers)
        arrivalCount = Column(repeating: 0, count: n * workers)
        noCandidate = Column(repeating: false, count: n * workers)
        linkArrivals = Column(repeating: 0, count: network.linkCount * workers)
        linkDone = Column(repeating: 0, count: network.linkCount)
    }

    var linkCompletions: UnsafeBufferPointer<Int> { UnsafeBufferPointer(start: linkDone.base, count: linkDone.count) }

    // MARK: creation

    /// Draws age and gender for a new person at `location` from the demographics tables
    /// (the location's own column when the table has one, else `Default`).
    private func sampleDemographics(_ location: Int, person: Int, day: Int) {
        guard let age else { return }
        let table = demographics[location]
        var stream = CounterStream(seed: seed, purpose: .spawn, day: day &* 7 &+ 3, entity: person)
        func pick(_ cumulative: [Double]) -> Int {
            let u = (sequential ? spawnStream.uniform() : stream.uniform()) * (cumulative.last ?? 0)
            return cumulative.firstIndex { $0 > u } ?? (cumulative.count - 1)
        }
        age.append(table.ages[pick(table.ageCumulative)])
        if let cumulative = table.genderCumulative, let male = table.maleByGender, male[pick(cumulative)] {
            flags[person] |= AgentFlag.male
        }
    }

    func place(_ location: Int, count: Int, day: Int) {
        guard count > 0 else { return }
        position.append(Int32(location), times: count)
        progress.append(0, times: count)
        path.append(-1, times: count)
        hop.append(0, times: count)
        flags.append(0, times: count)
        home.append(Int32(location), times: count)
        recent?.append(0, times: count)
        if age != nil {
            for person in (position.count - count)..<position.count { sampleDemographics(location, person: person, day: day) }
        }
        state.count[location] += count
        alive += count
    }

    func placeFled(_ location: Int, count: Int, day: Int) {
        guard count > 0 else { return }
        place(location, count: count, day: day)
        for person in (position.count - count)..<position.count { flags[person] |= AgentFlag.fled }
    }

    func placePreset(_ preset: PresetPerson) {
        place(preset.location, count: 1, day: 0)
        let person = position.count - 1
        if let age, let years = preset.age { age[person] = UInt8(clamping: years) }
        if age != nil, let gender = preset.gender {
            if ["male", "m"].contains(gender.lowercased()) { flags[person] |= AgentFlag.male } else { flags[person] &= ~AgentFlag.male }
        }
    }

    func spawn(_ people: Int, weights: [Double], day: Int) -> [Int] {
        var landed = Array(repeating: 0, count: network.locationCount)
        guard people > 0 else { return landed }
        var cumulative = weights
        for i in 1..<max(1, cumulative.count) { cumulative[i] += cumulative[i - 1] }
        let total = cumulative.last ?? 0
        let spawnKey = CounterStream.phaseKey(seed: seed, purpose: .spawn, day: day)
        let capacity = position.count + people
        position.reserve(capacity)
        progress.reserve(capacity)
        path.reserve(capacity)
        hop.reserve(capacity)
        flags.reserve(capacity)
        home.reserve(capacity)
        cumulative.withUnsafeBufferPointer { table in
            for j in 0..<people {
                let u: Double
                if sequential {
                    u = spawnStream.uniform()
                } else {
                    var stream = CounterStream(phaseKey: spawnKey, entity: j)
                    u = stream.uniform()
                }
                let location = pickIndex(cumulative: table.baseAddress!, start: 0, end: table.count, total: total, u: u)
                landed[location] += 1
                position.append(Int32(location))
                progress.append(0)
                path.append(-1)
                hop.append(0)
                flags.append(0)
                home.append(Int32(location))
                recent?.append(0)
                if age != nil { sampleDemographics(location, person: position.count - 1, day: day) }
            }
        }
        for i in 0..<network.locationCount { state.count[i] += landed[i] }
        alive += people
        return landed
    }

    /// Route weights depend on the person (home distance in default mode, or age/gender).
    private var personDependent: Bool { (state.settings.stayCloseToHome && !state.compat) || age != nil }

    // MARK: the day

    func agentPhase(day: Int, arrivals: inout [Int]) {
        tables.startDay(day)
        if sequential {
            sequentialDay(day, arrivals: &arrivals)
            return
        }
        state.count.withUnsafeBufferPointer { tables.updateWeights(counts: $0.baseAddress!) }
        parallelPhase(day, travel: false, arrivals: &arrivals)
        state.count.withUnsafeBufferPointer { tables.updateWeights(counts: $0.baseAddress!) }
        parallelPhase(day, travel: true, arrivals: &arrivals)
    }

    /// One synchronous phase over all agents on `workers` threads; counts change only at
    /// the end, from per-worker integer deltas (so the sum is order-independent).
    private func parallelPhase(_ day: Int, travel: Bool, arrivals: inout [Int]) {
        let n = network.locationCount
        countDelta.fill(0)
        arrivalCount.fill(0)
        noCandidate.fill(false)
        if travel { linkArrivals.fill(0) }
        let links = network.linkCount
        let kernel = self.kernel(day: day)
        let people = position.count
        let chunks = (people + Self.chunk - 1) / Self.chunk
        let workerCount = workers
        runWorkers(workerCount) { worker in
            let delta = kernel.countDelta + worker * n
            let arrived = kernel.arrivalCount + worker * n
            let stuck = kernel.noCandidate + worker * n
            let linkArrived = kernel.linkArrivals + worker * links
            var chunk = worker
            while chunk < chunks {
                let lo = chunk * AgentEngine.chunk, hi = min(people, lo + AgentEngine.chunk)
                if travel {
                    kernel.travelRange(lo, hi, delta: delta, arrivals: arrived, completions: linkArrived, noCandidate: stuck)
                } else {
                    kernel.decideRange(lo, hi, delta: delta, noCandidate: stuck)
                }
                chunk += workerCount
            }
        }
        for worker in 0..<workerCount {
            for i in 0..<n {
                state.count[i] += countDelta[worker * n + i]
                if travel { arrivals[i] += arrivalCount[worker * n + i] }
                if noCandidate[worker * n + i] { state.noteNoCandidate(i) }
            }
            if travel { for link in 0..<links { linkDone[link] += linkArrivals[worker * links + link] } }
        }
        var atLocations = 0
        for i in 0..<n { atLocations += state.count[i] }
        inTransit = alive - atLocations
    }

    private func kernel(day: Int) -> AgentKernel {
        AgentKernel(seed: seed, day: day, settings: state.settings, compat: state.compat, personDependent: personDependent,
                    position: position.base, progress: progress.base, path: path.base, hop: hop.base, flags: flags.base, home: home.base,
                    recent: recent?.base, age: age?.base, routes: routes.view, tables: tables.view,
                    links: network.links,
                    countDelta: countDelta.base, arrivalCount: arrivalCount.base, noCandidate: noCandidate.base, linkArrivals: linkArrivals.base,
                    latitude: network.latitude, longitude: network.longitude)
    }

    // MARK: Flee 3.1 mode

    private func sequentialDay(_ day: Int, arrivals: inout [Int]) {
        let kernel = self.kernel(day: day)
        let people = position.count
        state.count.withUnsafeMutableBufferPointer { counts in
            arrivals.withUnsafeMutableBufferPointer { arrived in
                var stream = moveStream
                let count = counts.baseAddress!, arrivalsAt = arrived.baseAddress!
                for i in 0..<people where kernel.flags[i] & AgentFlag.deactivated == 0 && kernel.position[i] >= 0 {
                    _ = kernel.decideLive(i, at: Int(kernel.position[i]), stream: &stream, force: false, counts: count, state: state)
                }
                for i in 0..<people where kernel.flags[i] & AgentFlag.deactivated == 0 {
                    kernel.travelLive(i, stream: &stream, counts: count, arrivals: arrivalsAt, completions: linkDone.base, state: state)
                }
                moveStream = stream
            }
        }
        var atLocations = 0
        for i in 0..<network.locationCount { atLocations += state.count[i] }
        inTransit = alive - atLocations
    }

    // MARK: returns

    func returnHome(day: Int, mayReturn: (Int) -> Bool, share: Double, returned: inout [Int]) {
        for person in 0..<position.count where flags[person] & AgentFlag.deactivated == 0 && position[person] >= 0 {
            let home = Int(self.home[person])
            guard mayReturn(home) else { continue }
            var stream = CounterStream(seed: seed, purpose: .returnHome, day: day, entity: person)
            guard stream.uniform() < share else { continue }
            flags[person] |= AgentFlag.deactivated | AgentFlag.returned
            state.count[Int(position[person])] -= 1
            alive -= 1
            returned[home] += 1
        }
    }

    // MARK: sinks

    func sinks(day: Int) -> Int {
        guard state.settings.campsAreSinks else { return 0 }
        var removed = 0
        if sequential {
            var stream = moveStream
            for i in 0..<position.count where flags[i] & AgentFlag.deactivated == 0 && position[i] >= 0 {
                let location = Int(position[i])
                guard state.isCamp[location] else { continue }
                if stream.uniform() < network.deactivation[location] {
                    flags[i] |= AgentFlag.deactivated
                    removed += 1
                }
            }
            moveStream = stream
            return removed  // 3.1 keeps them in every count (Q16)
        }
        for i in 0..<position.count where flags[i] & AgentFlag.deactivated == 0 && position[i] >= 0 {
            let location = Int(position[i])
            guard state.isCamp[location], network.deactivation[location] > 0 else { continue }
            var stream = CounterStream(seed: seed, purpose: .sink, day: day, entity: i)
            if stream.uniform() < network.deactivation[location] {
                flags[i] |= AgentFlag.deactivated
                state.count[location] -= 1
                alive -= 1
                removed += 1
            }
        }
        return removed
    }
}

/// Bits of an agent's `flags`.
enum AgentFlag {
    static let deactivated: UInt8 = 1
    /// Has completed a link (arrived somewhere) at least once.
    static let arrived: UInt8 = 2
    static let male: UInt8 = 4
    /// Left home under `flight_rules`: moves on whatever the move chance until it first arrives.
    static let fled: UInt8 = 8
    /// Went back home under `return_rules` (also `deactivated`: no longer in the simulation).
    static let returned: UInt8 = 16
}

/// Raw views of the agent columns and the day's tables, shared read-only by the worker
/// threads (each worker writes only its own agents and its own accumulators).
struct AgentKernel: @unchecked Sendable {
    let seed: UInt64, day: Int, settings: SimulationSettings, compat: Bool, personDependent: Bool
    let position: UnsafeMutablePointer<Int32>, progress: UnsafeMutablePointer<Float>, path: UnsafeMutablePointer<Int32>
    let hop: UnsafeMutablePointer<UInt8>, flags: UnsafeMutablePointer<UInt8>, home: UnsafeMutablePointer<Int32>
    let recent: UnsafeMutablePointer<Float>?
    let age: UnsafeMutablePointer<UInt8>?
    let routes: RouteView
    let tables: ChoiceView
    let links: LinkView
    let countDelta: UnsafeMutablePointer<Int>, arrivalCount: UnsafeMutablePointer<Int>, noCandidate: UnsafeMutablePointer<Bool>
    let linkArrivals: UnsafeMutablePointer<Int>
    /// Locations' coordinates, for `stay_close_to_home` (default mode) only.
    let latitude: [Double], longitude: [Double]

    /// 1 / max(1, km)^p from a candidate endpoint to the person's home (default mode).
    func homeFactor(_ endpoint: Int, _ home: Int) -> Double {
        let km = greatCircleKm(latitude[endpoint], longitude[endpoint], latitude[home], longitude[home])
        return 1 / pow(max(1, km), settings.homeDistancePower)
    }

    /// Route choice with person-dependent weights (stay_close_to_home in default mode, age).
    func choosePersonal(_ person: Int, at origin: Int, u: Double) -> Int {
        let lo = routes.candidateStart[origin], hi = routes.candidateStart[origin + 1]
        var total = 0.0
        let home = Int(self.home[person])
        for k in lo..<hi { total += personalWeight(k, home: home, person: person) }
        if !(total > 0) { return min(hi - 1, lo + Int(u * Double(hi - lo))) }
        let x = u * total
        var cumulative = 0.0
        for k in lo..<hi {
            cumulative += personalWeight(k, home: home, person: person)
            if cumulative > x { return k }
        }
        return hi - 1
    }

    /// S' for person i: ChildrenAvoidHazards squares the score for under-19s; BoysTakeRisk
    /// sets it to 1 for boys over 14 (default: aged 15–18; Flee 3.1: every male over 14, Q22).
    @inline(__always) func personScore(_ person: Int, _ score: Double) -> Double {
        guard let age else { return score }
        let years = age[person], male = flags[person] & AgentFlag.male != 0
        if settings.boysTakeRisk && male && years > 14 && (compat || years < 19) { return 1 }
        return years < 19 ? score * score : score
    }

    private func personalWeight(_ k: Int, home: Int, person: Int) -> Double {
        let endpoint = Int(routes.candidateEnd[k])
        let distanceFactor = (settings.stayCloseToHome && !compat) ? homeFactor(endpoint, home) : 1
        var weight = (settings.weightSoftening + personScore(person, tables.candidateScore[k]) * distanceFactor)
            / pow(settings.softening + routes.candidateKm[k], settings.distancePower) * tables.capacityFactor[endpoint]
        if settings.weightPower != 1 { weight = pow(weight, settings.weightPower) }
        return weight
    }

    /// Takes the route step and records it on the person; -1 when there is none.
    @inline(__always) private func take(_ person: Int, _ step: RouteStep?) -> Int32 {
        guard let step else {
            path[person] = -1
            return -1
        }
        path[person] = step.path
        if step.path >= 0 { hop[person] = UInt8(step.hop) }
        position[person] = -(step.link + 1)
        progress[person] = 0
        return step.link
    }

    /// The decision step against the phase snapshot: a draw against the move chance, then
    /// the pending route's next hop or a new route drawn by weight. Returns the link the
    /// person departs on, or -1 if they stay.
    @inline(__always)
    func decide(_ person: Int, at origin: Int, stream: inout CounterStream, force: Bool, noCandidate: UnsafeMutablePointer<Bool>) -> Int32 {
        let u = stream.uniform()
        let pending = path[person]
        let onTheRoad = flags[person] & (AgentFlag.fled | AgentFlag.arrived) == AgentFlag.fled
        let chance = (pending >= 0 || force || onTheRoad) ? 1.0 : tables.moveChance[origin]
        if !(u < chance) { return -1 }
        let full = { (camp: Int) in tables.isCamp[camp] && tables.capacityFactor[camp] < 0.5 }
        if pending >= 0 {
            return take(person, routes.step(from: origin, path: pending, hop: Int32(hop[person]), firstLink: -1, isFull: full))
        }
        let lo = routes.candidateStart[origin], hi = routes.candidateStart[origin + 1]
        if lo == hi {
            noCandidate[origin] = true
            return -1
        }
        let u2 = stream.uniform()
        let k = personDependent ? choosePersonal(person, at: origin, u: u2)
                                : pickIndex(cumulative: tables.weight, start: lo, end: hi, total: tables.totalWeight[origin], u: u2)
        return take(person, routes.step(from: origin, path: routes.candidatePath[k], hop: 0, firstLink: routes.candidateFirstLink[k], isFull: full))
    }

    func decideRange(_ lo: Int, _ hi: Int, delta: UnsafeMutablePointer<Int>, noCandidate: UnsafeMutablePointer<Bool>) {
        let key = CounterStream.phaseKey(seed: seed, purpose: .decide, day: day)
        for person in lo..<hi {
            let at = position[person]
            if at < 0 || flags[person] & AgentFlag.deactivated != 0 { continue }
            var stream = CounterStream(phaseKey: key, entity: person)
            if decide(person, at: Int(at), stream: &stream, force: false, noCandidate: noCandidate) >= 0 { delta[Int(at)] -= 1 }
        }
    }

    // Out of line, with the day's speeds read once here: inlined into the phase, or reading
    // them per person, the shared travel loop ran 1-7% more instructions (callgrind, mali2012).
    @inline(never)
    func travelRange(_ lo: Int, _ hi: Int, delta: UnsafeMutablePointer<Int>, arrivals: UnsafeMutablePointer<Int>,
                     completions: UnsafeMutablePointer<Int>, noCandidate: UnsafeMutablePointer<Bool>) {
        let key = CounterStream.phaseKey(seed: seed, purpose: .travel, day: day)
        let hasRecent = recent != nil
        let walk = Float(settings.maxWalkSpeed), maxSpeed = Float(settings.maxMoveSpeed)
        for person in lo..<hi {
            if position[person] >= 0 {
                if hasRecent, flags[person] & AgentFlag.deactivated == 0 { recent![person] *= 0.5 }
                continue
            }
            if flags[person] & AgentFlag.deactivated != 0 { continue }
            var stream = CounterStream(phaseKey: key, entity: person)
            travel(person, walk: walk, maxSpeed: maxSpeed, stream: &stream, counts: delta, arrivals: arrivals, completions: completions) { at, force, stream in
                let link = decide(person, at: at, stream: &stream, force: force, noCandidate: noCandidate)
                if link >= 0 { delta[at] -= 1 }   // the batched decision leaves counts to its caller
                return link
            }
        }
    }

    /// One person's day on the road from link `-position - 1`: moves along links until the
    /// day's distance is used up, arriving (counted in `counts`, `arrivals` and `completions`)
    /// wherever a link ends and asking `next` at each arrival for the link to go on by
    /// (-1: stay). Both modes walk this one loop; they differ only in how `next` decides
    /// and books the departure.
    @inline(__always)
    func travel(_ person: Int, walk: Float, maxSpeed: Float, stream: inout CounterStream, counts: UnsafeMutablePointer<Int>,
                arrivals: UnsafeMutablePointer<Int>, completions: UnsafeMutablePointer<Int>,
                next: (_ at: Int, _ force: Bool, _ stream: inout CounterStream) -> Int32) {
        var link = Int(-position[person] - 1)
        var km = progress[person]
        var moved: Float = 0
        var hops = 0
        while true {
            var speed = links.speed[link]
            if settings.startOnFoot && flags[person] & AgentFlag.arrived == 0 { speed = walk }
            if stream.uniform() < links.walkProbability[link] { speed = walk }
            km += speed
            moved += speed
            let length = links.distance[link]
            if !(km > length) {
                progress[person] = km
                break
            }
            flags[person] |= AgentFlag.arrived
            moved -= km - length
            if routes.linkClosed[link] {
                let start = Int(links.from[link])
                position[person] = Int32(start)
                counts[start] += 1
                break
            }
            let end = Int(links.to[link])
            position[person] = Int32(end)
            counts[end] += 1
            arrivals[end] += 1
            completions[link] += 1
            guard moved < speed, hops < 64 else { break }
            hops += 1
            var force = false
            if let recent, settings.avoidShortStints { force = tables.isTown[end] && (recent[person] + moved / maxSpeed) / 2 < 0.5 }
            let nextLink = next(end, force, &stream)
            if nextLink < 0 { break }
            link = Int(nextLink)
            km = 0
        }
        if let recent { recent[person] = (recent[person] + moved / maxSpeed) / 2 }
    }

    // MARK: Flee 3.1 mode (sequential, counts updated in place)

    func decideLive(_ person: Int, at origin: Int, stream: inout CounterStream, force: Bool, counts: UnsafeMutablePointer<Int>,
                    state: DayState) -> Int32 {
        let u = stream.uniform()
        let chance = force ? 1.0 : tables.moveChance[origin]  // 3.1 re-rolls even with a pending route (Q10)
        if !(u < chance) { return -1 }
        let buffer = settings.capacityBuffer
        let full = { (camp: Int) in
            tables.isCamp[camp] && ChoiceTables.capacityFactor(count: counts[camp], capacity: tables.capacity[camp], buffer: buffer) < 0.5
        }
        let pending = path[person]
        let step: RouteStep?
        if pending >= 0 {
            step = routes.step(from: origin, path: pending, hop: Int32(hop[person]), firstLink: -1, isFull: full)
        } else {
            let lo = routes.candidateStart[origin], hi = routes.candidateStart[origin + 1]
            if lo == hi {
                if settings.awarenessLevel > 0 { state.noteNoCandidate(origin) }
                return -1
            }
            let u2 = stream.uniform()
            var total = 0.0
            for k in lo..<hi {
                let endpoint = Int(routes.candidateEnd[k])
                let factor = ChoiceTables.capacityFactor(count: counts[endpoint], capacity: tables.capacity[endpoint], buffer: buffer)
                total += settings.routeWeight(score: personScore(person, tables.candidateScore[k]), km: routes.candidateKm[k], capacityFactor: factor)
                tables.weight[k] = total
            }
            let k = pickIndex(cumulative: tables.weight, start: lo, end: hi, total: total, u: u2)
            step = routes.step(from: origin, path: routes.candidatePath[k], hop: 0, firstLink: routes.candidateFirstLink[k], isFull: full)
        }
        let link = take(person, step)
        if link >= 0 { counts[origin] -= 1 }
        return link
    }

    func travelLive(_ person: Int, stream: inout CounterStream, counts: UnsafeMutablePointer<Int>, arrivals: UnsafeMutablePointer<Int>,
                    completions: UnsafeMutablePointer<Int>, state: DayState) {
        if position[person] >= 0 {
            if let recent { recent[person] *= 0.5 }
            return
        }
        travel(person, walk: Float(settings.maxWalkSpeed), maxSpeed: Float(settings.maxMoveSpeed), stream: &stream, counts: counts,
               arrivals: arrivals, completions: completions) { at, force, stream in
            decideLive(person, at: at, stream: &stream, force: force, counts: counts, state: state)
        }
    }
}
