import Foundation

/// Great-circle distance in km between two points given in degrees (haversine on a
/// sphere of radius 6371 km). The one geodesy function of the project.
@inlinable
public func greatCircleKm(_ lat1: Double, _ lon1: Double, _ lat2: Double, _ lon2: Double) -> Double {
    let degree = Double.pi / 180
    let dlat = (lat2 - lat1) * degree, dlon = (lon2 - lon1) * degree
    let h = sin(dlat / 2) * sin(dlat / 2) + cos(lat1 * degree) * cos(lat2 * degree) * sin(dlon / 2) * sin(dlon / 2)
    return 2 * 6371 * asin(min(1, h.squareRoot()))
}
