import BoundedInput
import Foundation

/// The places and routes of the people caught in the crisis, read from Flee's own
/// tables (locations.csv, routes.csv, closures.csv, unchanged), plus what those
/// tables cannot say: where each number comes from and which are uncertain.
/// That extra knowledge lives in scenario.yaml's `geography:` section, keyed by
/// location name and route, so a Flee user's tables load as they are.
public struct Geography: Sendable {
    public var locations: [Location]
    public var routes: [Route]
    public var closures: [Closure]
    /// If set, every location with a `populationWeight` gets this total times its
    /// share of all weights (populations scaled from census figures).
    public var populationTotal: Quantity?
    /// If set, routes marked great-circle are that distance times this factor.
    public var roadFactor: Quantity?
    /// The tables' header rows, kept so written tables keep extra attribute columns.
    public var locationsHeader: [String]
    public var routesHeader: [String]

    public func location(_ name: String) -> Location? { locations.first { $0.name == name } }

    /// A location's population (towns) or capacity (camps) at current values. It sums every
    /// weight: for all locations at once use `amounts` (one pass, not one per location).
    public func amount(of location: Location) -> Double { amount(of: location, shareSum: shareSum) }

    /// Every location's population or capacity at current values, in order.
    public var amounts: [Double] {
        let sum = shareSum
        return locations.map { amount(of: $0, shareSum: sum) }
    }

    private var shareSum: Double {
        locations.reduce(0.0) { acc, l in
            if case .share(let w) = l.amount { return acc + w.nominal }
            return acc
        }
    }

    private func amount(of location: Location, shareSum sum: Double) -> Double {
        switch location.amount {
        case .empty: return 0
        case .value(let q): return q.nominal
        case .share(let w):
            guard let total = populationTotal else { return 0 }
            return sum > 0 ? total.nominal * w.nominal / sum : 0
        }
    }

    /// A route's length in km at current values. It looks its places up by name: for all
    /// routes at once use `distances`.
    public func distance(of route: Route) -> Double { distance(of: route) { self.location($0) } }

    /// Every route's length in km at current values, in order.
    public var distances: [Double] {
        let byName = Dictionary(locations.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
        return routes.map { distance(of: $0) { byName[$0] } }
    }

    func distance(of route: Route, place: (String) -> Location?) -> Double {
        switch route.distance {
        case .value(let q): return q.nominal
        case .greatCircle:
            guard let a = place(route.from), let b = place(route.to) else { return .nan }
            return greatCircleKm(a.latitude, a.longitude, b.latitude, b.longitude) * (roadFactor?.nominal ?? 1)
        }
    }

    /// Total population of non-camp locations at current values.
    public var totalPopulation: Double {
        zip(locations, amounts).reduce(0) { $0 + ($1.0.isCamp ? 0 : $1.1) }
    }

    // MARK: Flee tables

    /// locations.csv in Flee's format with current values (rounded to whole people).
    public func fleeLocationsCSV() -> String {
        var lines = [locationsHeader.map(csvField).joined(separator: ",")]
        let extra = Array(locationsHeader.dropFirst(8))
        for (l, amount) in zip(locations, amounts) {
            var cells = [l.name, l.region, l.country, fmtCell(l.latitude), fmtCell(l.longitude), l.type,
                         l.conflictDate.map(String.init) ?? "",
                         { if case .empty = l.amount { return "" }; return String(Int64(amount.rounded())) }()]
            cells += extra.map { l.attributes[$0] ?? "" }
            lines.append(cells.map(csvField).joined(separator: ","))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// routes.csv in Flee's format with current distances (km, one decimal).
    public func fleeRoutesCSV() -> String {
        var lines = [routesHeader.map(csvField).joined(separator: ",")]
        let extra = Array(routesHeader.dropFirst(4))
        for (r, km) in zip(routes, distances) {
            var cells = [r.from, r.to, fmtCell((km * 10).rounded() / 10)]
            if routesHeader.count >= 4 { cells.append(r.forcedRedirection) }
            cells += extra.map { r.attributes[$0] ?? "" }
            lines.append(cells.map(csvField).joined(separator: ","))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    public func fleeClosuresCSV() -> String {
        var lines = ["#closure_type,name1,name2,closure_start,closure_end"]
        for c in closures {
            lines.append([c.type.rawValue, c.name1, c.name2, String(c.startDay), String(c.endDay)].map(csvField).joined(separator: ","))
        }
        return lines.joined(separator: "\n") + "\n"
    }
}

/// Flee's location types, matched as in Flee: case-insensitive substring, first rule wins.
public enum LocationKind: String, Sendable, Hashable {
    case camp, idpCamp = "idpcamp", conflictZone = "conflict_zone", forward = "forwarding_hub", marker, town

    public init?(fleeType: String) {
        let t = fleeType.lowercased()
        if t.contains("camp") { self = t.contains("idp") ? .idpCamp : .camp }
        else if t.contains("conflict") { self = .conflictZone }
        else if t.contains("forward") { self = .forward }
        else if t.contains("marker") { self = .marker }
        else if t.contains("town") || t.contains("default") { self = .town }
        else { return nil }
    }
}

public struct Location: Sendable, Hashable {
    public enum Amount: Sendable, Hashable {
        /// The population/capacity cell is empty (0 in Flee).
        case empty
        /// A population (non-camps) or capacity (camps).
        case value(Quantity)
        /// A weight: the location's population is `populationTotal × weight / Σ weights`.
        case share(weight: Quantity)
    }
    public var name: String
    public var region: String
    public var country: String
    public var latitude: Double
    public var longitude: Double
    /// The type string as written (Flee matches substrings).
    public var type: String
    public var kind: LocationKind
    public var conflictDate: Int?
    /// Population for non-camps, capacity for camps.
    public var amount: Amount
    /// Extra columns, by header name.
    public var attributes: [String: String]
    /// Provenance of the row's coordinates, type and dates.
    public var provenance: Provenance
    public var line: Int

    public var isCamp: Bool { kind == .camp || kind == .idpCamp }
}

public struct Route: Sendable, Hashable {
    public enum Distance: Sendable, Hashable {
        case value(Quantity)
        /// Great-circle distance between the endpoints times the geography's road factor.
        case greatCircle
    }
    public var from: String
    public var to: String
    public var distance: Distance
    public var forcedRedirection: String
    public var attributes: [String: String]
    public var provenance: Provenance
    public var line: Int
    /// `from--to`, the key used in scenario.yaml and in value paths.
    public var key: String { "\(from)--\(to)" }
}

public struct Closure: Sendable, Hashable {
    public enum Kind: String, Sendable, Hashable, CaseIterable {
        case country, location, link, camp, idpcamp
        case removeForcedRedirection = "remove_forced_redirection"
    }
    public var type: Kind
    public var name1: String
    public var name2: String
    /// Day applied; −1 never.
    public var startDay: Int
    /// Day undone; −1 never (closed for good).
    public var endDay: Int
    public var provenance: Provenance
    public var line: Int
    public var key: String { "\(name1)--\(name2)" }
}

extension Geography {
    /// The places and areas formulas see: every location's name, region (its area),
    /// country and type, and the countries where somebody lives at the start.
    public var placeTable: PlaceTable {
        let home = Set(zip(locations, amounts).filter { !$0.0.isCamp && $0.1 > 0 }.map(\.0.country))
        return PlaceTable(names: locations.map(\.name), regions: locations.map(\.region), countries: locations.map(\.country),
                          types: locations.map(\.type), homeCountries: home)
    }
}
