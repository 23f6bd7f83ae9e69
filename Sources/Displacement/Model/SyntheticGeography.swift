import BoundedInput
import Foundation

extension Geography {
    /// A synthetic geography for scaling studies: `n` locations on a jittered grid, each
    /// joined to its right and lower neighbours (30–130 km roads); every 10th location is
    /// a conflict zone from day 0, every 20th a camp (capacity `campCapacity`), the rest
    /// towns. Deterministic in `seed`.
    public static func synthetic(locations n: Int, campCapacity: Int = 1_000_000, seed: UInt64 = 1) -> Geography {
        var rng = CounterStream(seed: seed, purpose: .spawn, day: -1, entity: n)
        let side = max(1, Int(Double(n).squareRoot().rounded(.up)))
        var locs: [Location] = []
        for i in 0..<n {
            let kind: LocationKind = i % 10 == 0 ? .conflictZone : (i % 20 == 5 ? .camp : .town)
            locs.append(Location(name: "L\(i)", country: "S", latitude: Double(i / side) + rng.uniform() * 0.5,
                                 longitude: Double(i % side) + rng.uniform() * 0.5, kind: kind,
                                 population: kind == .camp ? 0 : 10_000 + Int(rng.uniform() * 90_000), capacity: campCapacity))
        }
        var routes: [Route] = []
        for i in 0..<n {
            let r = i / side, c = i % side
            if c + 1 < side && i + 1 < n { routes.append(Route(from: i, to: i + 1, distance: 30 + rng.uniform() * 100)) }
            if (r + 1) * side + c < n { routes.append(Route(from: i, to: i + side, distance: 30 + rng.uniform() * 100)) }
        }
        return Geography(locations: locs, routes: routes)
    }
}
