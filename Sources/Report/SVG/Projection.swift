import Foundation

/// Equirectangular projection fitted to a box: longitude scaled by the cosine of the
/// central latitude (so shapes near that latitude keep their proportions), north up,
/// the points' bounding box centred in the box with `padding` on every side.
/// Exact for the scale it claims; adequate for regions a few hundred km across.
public struct MapProjection: Sendable {
    public let width: Double, height: Double, padding: Double
    let lon0: Double, lat0: Double, k: Double, cx: Double, cy: Double

    public init(points: [(lat: Double, lon: Double)], width: Double, height: Double, padding: Double = 30) {
        self.width = width; self.height = height; self.padding = padding
        let lats = points.map(\.lat), lons = points.map(\.lon)
        let latMin = lats.min() ?? 0, latMax = lats.max() ?? 0, lonMin = lons.min() ?? 0, lonMax = lons.max() ?? 0
        lat0 = (latMin + latMax) / 2; lon0 = (lonMin + lonMax) / 2
        let cosLat = cos(lat0 * .pi / 180)
        let spanX = (lonMax - lonMin) * cosLat, spanY = latMax - latMin
        let kx = spanX > 0 ? (width - 2 * padding) / spanX : .infinity
        let ky = spanY > 0 ? (height - 2 * padding) / spanY : .infinity
        let kk = min(kx, ky)
        k = kk.isFinite ? kk : 1
        cx = width / 2; cy = height / 2
    }

    /// The width a box of `height` needs for the points to fill its height (north–south)
    /// under this projection, with `padding` each side, capped at `maxWidth`.
    public static func fittedWidth(points: [(lat: Double, lon: Double)], height: Double, padding: Double, maxWidth: Double) -> Double {
        let lats = points.map(\.lat), lons = points.map(\.lon)
        guard let latMin = lats.min(), let latMax = lats.max(), let lonMin = lons.min(), let lonMax = lons.max(), latMax > latMin else { return maxWidth }
        let cosLat = cos((latMin + latMax) / 2 * .pi / 180)
        let k = (height - 2 * padding) / (latMax - latMin)
        return min(maxWidth, (lonMax - lonMin) * cosLat * k + 2 * padding)
    }

    /// Pixel position of a point.
    public func callAsFunction(lat: Double, lon: Double) -> (x: Double, y: Double) {
        (cx + (lon - lon0) * cos(lat0 * .pi / 180) * k, cy - (lat - lat0) * k)
    }

    /// Pixels per kilometre at the central latitude (111.195 km per degree of latitude).
    public var pixelsPerKm: Double { k / (6371.0 * .pi / 180) }
}
