/// Route candidates of the current topology, CSR by origin (every simple path of 1 to
/// `awareness_level` non-marker stops from the origin over open links), the pool of
/// paths they follow, each location's open out-links and which links are closed. One
/// table, rebuilt when a closure changes the open links; both engines read it directly
/// through `view`. Paths live in an append-only pool, so a person's pending route stays
/// valid when closures rebuild the candidate lists.
final class RouteTable: @unchecked Sendable {
    /// Candidates of origin o are `candidateStart[o] ..< candidateStart[o + 1]`.
    let candidateStart = Column<Int>()
    let candidatePath = Column<Int32>()
    let candidateEnd = Column<Int32>()
    let candidateKm = Column<Double>()
    let candidateFirstLink = Column<Int32>()
    /// Path p is `pathPool[pathStart[p] ..< pathStart[p] + pathLength[p]]`: the locations
    /// after the origin, the last being the endpoint.
    let pathStart = Column<Int32>()
    let pathLength = Column<Int32>()
    let pathPool = Column<Int32>()
    /// Open out-links of origin o are `openLinks[openStart[o] ..< openStart[o + 1]]`.
    let openStart = Column<Int32>()
    let openLinks = Column<Int32>()
    let linkClosed: Column<Bool>
    private var pathIndex: [[Int32]: Int32] = [:]
    /// Counts the rebuilds, so per-candidate tables know when to resize.
    private(set) var version = 0
    private let network: Network

    init(network: Network) {
        self.network = network
        linkClosed = Column(repeating: false, count: network.linkCount)
    }

    var candidateCount: Int { candidatePath.count }

    /// Rebuilds the table from the state's open links if a closure changed them.
    func update(_ state: DayState, awarenessLevel level: Int) {
        guard state.topologyChanged else { return }
        state.topologyChanged = false
        version += 1
        candidateStart.count = 0
        candidatePath.count = 0
        candidateEnd.count = 0
        candidateKm.count = 0
        candidateFirstLink.count = 0
        candidateStart.append(0)
        var path: [Int32] = []
        for origin in 0..<network.locationCount {
            if level > 0 {
                path = [Int32(origin)]
                for link in state.openOut[origin] {
                    crawl(link: Int(link), priorKm: 0, path: &path, depth: 1, level: level, firstLink: link, state: state)
                }
            }
            candidateStart.append(candidatePath.count)
        }
        openStart.count = 0
        openLinks.count = 0
        openStart.append(0)
        for origin in 0..<network.locationCount {
            for link in state.openOut[origin] { openLinks.append(link) }
            openStart.append(Int32(openLinks.count))
        }
        for link in 0..<network.linkCount { linkClosed[link] = state.closureDepth[link] > 0 }
    }

    private func intern(_ route: [Int32]) -> Int32 {
        if let id = pathIndex[route] { return id }
        let id = Int32(pathStart.count)
        pathStart.append(Int32(pathPool.count))
        pathLength.append(Int32(route.count))
        for location in route { pathPool.append(location) }
        pathIndex[route] = id
        return id
    }

    /// Every route from `path[0]` starting with `firstLink`, up to `level` non-marker
    /// stops, without revisiting a location; markers are never endpoints and do not use up
    /// awareness, though their distance counts.
    private func crawl(link: Int, priorKm: Double, path: inout [Int32], depth startDepth: Int, level: Int, firstLink: Int32, state: DayState) {
        let end = Int(network.linkTo[link])
        let km = priorKm + Double(network.linkDistance[link])
        var depth = startDepth
        if !network.isMarker[end] {
            var route = Array(path.dropFirst())
            route.append(Int32(end))
            candidatePath.append(intern(route))
            candidateEnd.append(Int32(end))
            candidateKm.append(km)
            candidateFirstLink.append(firstLink)
        } else {
            depth -= 1
        }
        if level > depth {
            for next in state.openOut[end] where !path.contains(network.linkTo[Int(next)]) {
                path.append(Int32(end))
                crawl(link: Int(next), priorKm: km, path: &path, depth: depth + 1, level: level, firstLink: firstLink, state: state)
                path.removeLast()
            }
        }
    }

    /// Raw pointers to the table, valid until the next rebuild.
    var view: RouteView {
        RouteView(candidateStart: candidateStart.base, candidatePath: candidatePath.base, candidateEnd: candidateEnd.base,
                  candidateKm: candidateKm.base, candidateFirstLink: candidateFirstLink.base,
                  pathStart: pathStart.base, pathLength: pathLength.base, pathPool: pathPool.base,
                  openStart: openStart.base, openLinks: openLinks.base, linkClosed: linkClosed.base, linkTo: network.linkTo.base)
    }
}

/// The route table as raw pointers, shared read-only by the engines' inner loops and
/// worker threads.
struct RouteView: @unchecked Sendable {
    let candidateStart: UnsafeMutablePointer<Int>
    let candidatePath: UnsafeMutablePointer<Int32>
    let candidateEnd: UnsafeMutablePointer<Int32>
    let candidateKm: UnsafeMutablePointer<Double>
    let candidateFirstLink: UnsafeMutablePointer<Int32>
    let pathStart: UnsafeMutablePointer<Int32>
    let pathLength: UnsafeMutablePointer<Int32>
    let pathPool: UnsafeMutablePointer<Int32>
    let openStart: UnsafeMutablePointer<Int32>
    let openLinks: UnsafeMutablePointer<Int32>
    let linkClosed: UnsafeMutablePointer<Bool>
    let linkTo: UnsafeMutablePointer<Int32>

    /// First open out-link of `origin` ending at `end`, or -1.
    @inline(__always) func openLink(from origin: Int, to end: Int32) -> Int32 {
        var j = Int(openStart[origin])
        let last = Int(openStart[origin + 1])
        while j < last {
            let link = openLinks[j]
            if linkTo[Int(link)] == end { return link }
            j += 1
        }
        return -1
    }

    /// The route step, shared by both engines: one hop from `origin`, either along a
    /// pending route (`path` ≥ 0 with next index `hop`, `firstLink` -1) or starting a
    /// candidate's route (its path, hop 0 and its first link). Returns the link taken and
    /// the route state after it (path -1 once the route is used up), or nil when the link
    /// is closed or the route ends at a camp `isFull` says is full: the person drops the
    /// route and stays for the day.
    @inline(__always)
    func step(from origin: Int, path: Int32, hop: Int32, firstLink: Int32, isFull: (Int) -> Bool) -> RouteStep? {
        let start = Int(pathStart[Int(path)])
        let length = pathLength[Int(path)]
        let link = firstLink >= 0 ? firstLink : openLink(from: origin, to: pathPool[start + Int(hop)])
        if link < 0 { return nil }
        let destination = Int(pathPool[start + Int(length) - 1])
        if isFull(destination) { return nil }
        let next = hop + 1
        return RouteStep(link: link, path: next >= length ? -1 : path, hop: next)
    }
}

/// One hop of a route: the link taken, and the pending route after it (-1: none).
struct RouteStep {
    var link: Int32
    var path: Int32
    var hop: Int32
}
