import BoundedInput
import Foundation

/// What does not change during a run: the locations' fixed attributes and the directed
/// links, one each way per route (Flee 3.1's forced-redirection copies included in its
/// mode), in creation order. Shared read-only by the day's state and the engines.
final class Network: @unchecked Sendable {
    let locationCount: Int
    let names: [String]
    let country: [String]
    let latitude: [Double]
    let longitude: [Double]
    /// Camp sinks' daily deactivation probability (locations.csv's `deactivation_probability`,
    /// default 0), used when `camps_are_sicks` is on.
    let deactivation: [Double]
    /// Capacity after `hasten`; -1 for locations without one.
    let capacity: [Int]
    /// In another country than the geography's first location.
    let isForeign: [Bool]
    let isMarker: [Bool]
    /// Flee 3.1 mode: the distance function swaps latitude and longitude (Q8).
    let swapsCoordinates: Bool

    // Directed links, as columns the engines' inner loops read through raw pointers.
    let linkFrom: Column<Int32>
    let linkTo: Column<Int32>
    let linkDistance: Column<Float>
    /// The link's `max_move_speed` or the setting's.
    let linkSpeed: Column<Float>
    let linkWalkProbability: Column<Double>
    /// Each location's out-links in creation order.
    let outLinks: [[Int32]]

    var linkCount: Int { linkFrom.count }

    init(geography: Geography, settings: SimulationSettings, compat: Bool) {
        let locations = geography.locations
        locationCount = locations.count
        names = locations.map(\.name)
        country = locations.map(\.country)
        latitude = locations.map(\.latitude)
        longitude = locations.map(\.longitude)
        deactivation = locations.map(\.deactivationProbability)
        capacity = locations.map { $0.isCamp ? $0.capacity / settings.hasten : -1 }
        let home = geography.homeCountry
        isForeign = locations.map { $0.country != home }
        isMarker = locations.map { $0.kind == .marker }
        swapsCoordinates = compat
        var out: [[Int32]] = Array(repeating: [], count: locations.count)
        let from = Column<Int32>(), to = Column<Int32>(), distance = Column<Float>(), speed = Column<Float>(), walk = Column<Double>()
        func addLink(_ a: Int, _ b: Int, _ route: Route) {
            out[a].append(Int32(from.count))
            from.append(Int32(a))
            to.append(Int32(b))
            distance.append(Float(route.distance))
            speed.append(Float(route.maxMoveSpeed ?? settings.maxMoveSpeed))
            walk.append(route.walkProbability)
        }
        for route in geography.routes {
            let copies = (compat && route.forcedRedirection == 1) ? 2 : 1
            for _ in 0..<copies {
                if route.forcedRedirection == 2 {
                    addLink(route.to, route.from, route)
                    addLink(route.from, route.to, route)
                } else {
                    addLink(route.from, route.to, route)
                    addLink(route.to, route.from, route)
                }
            }
        }
        linkFrom = from
        linkTo = to
        linkDistance = distance
        linkSpeed = speed
        linkWalkProbability = walk
        outLinks = out
    }

    /// The link columns as raw pointers, for the engines' inner loops (never reallocated).
    var links: LinkView {
        LinkView(from: linkFrom.base, to: linkTo.base, distance: linkDistance.base, speed: linkSpeed.base,
                 walkProbability: linkWalkProbability.base)
    }

    /// Great-circle km between two locations (Flee 3.1 mode: coordinates swapped, Q8).
    func distanceKm(_ a: Int, _ b: Int) -> Double {
        if swapsCoordinates { return greatCircleKm(longitude[a], latitude[a], longitude[b], latitude[b]) }
        return greatCircleKm(latitude[a], longitude[a], latitude[b], longitude[b])
    }
}

/// The directed links as raw pointers, shared read-only by the engines' inner loops.
struct LinkView: @unchecked Sendable {
    let from: UnsafeMutablePointer<Int32>
    let to: UnsafeMutablePointer<Int32>
    let distance: UnsafeMutablePointer<Float>
    let speed: UnsafeMutablePointer<Float>
    let walkProbability: UnsafeMutablePointer<Double>
}
