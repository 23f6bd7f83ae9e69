import BoundedInput
import Foundation

/// What a location is, from locations.csv's `location_type`.
public enum LocationKind: String, Sendable, Hashable {
    case camp, idpCamp = "idpcamp", conflictZone = "conflict_zone", town, forwardingHub = "forwarding_hub", marker
}

/// A graph node as read from locations.csv (before the `hasten` scale-down).
public struct Location: Sendable, Hashable {
    public var name: String
    public var region: String
    public var country: String
    /// Column 4 (documented as latitude) and column 5 (longitude).
    public var latitude: Double
    public var longitude: Double
    public var kind: LocationKind
    /// `conflict_date` for conflict rows: 0 means a conflict zone from the start; a later
    /// day loads it as a town that becomes a conflict zone when conflicts.csv says so.
    public var conflictDate: Int
    /// Resident population (non-camps); 0 for camps.
    public var population: Int
    /// Camp capacity; -1 for non-camps.
    public var capacity: Int
    /// Extra columns, keyed by header name.
    public var attributes: [String: String]
    /// `conflict_intensity` attribute, default 1.
    public var conflictIntensity: Double
    /// `deactivation_probability` attribute (camp sinks), default 0.
    public var deactivationProbability: Double

    public init(name: String, region: String = "", country: String = "unknown", latitude: Double = 0, longitude: Double = 0,
                kind: LocationKind, conflictDate: Int = 0, population: Int = 0, capacity: Int = -1,
                attributes: [String: String] = [:], conflictIntensity: Double = 1, deactivationProbability: Double = 0) {
        self.name = name; self.region = region; self.country = country
        self.latitude = latitude; self.longitude = longitude; self.kind = kind
        self.conflictDate = conflictDate; self.population = population
        self.capacity = kind == .camp || kind == .idpCamp ? capacity : -1
        self.attributes = attributes; self.conflictIntensity = conflictIntensity
        self.deactivationProbability = deactivationProbability
    }

    public var isCamp: Bool { kind == .camp || kind == .idpCamp }
}

/// One routes.csv row: a road usable in both directions.
public struct Route: Sendable, Hashable {
    public var from: Int
    public var to: Int
    public var distance: Double
    /// 0, 1 or 2 as in the file; 2 means the pair is created starting with to→from.
    public var forcedRedirection: Int
    /// `max_move_speed` link attribute (km/day), overriding the setting.
    public var maxMoveSpeed: Double?
    /// `walk_probability` link attribute, default 0.
    public var walkProbability: Double
    public var attributes: [String: String]

    public init(from: Int, to: Int, distance: Double, forcedRedirection: Int = 0, maxMoveSpeed: Double? = nil,
                walkProbability: Double = 0, attributes: [String: String] = [:]) {
        self.from = from; self.to = to; self.distance = distance; self.forcedRedirection = forcedRedirection
        self.maxMoveSpeed = maxMoveSpeed; self.walkProbability = walkProbability; self.attributes = attributes
    }
}

/// One closures.csv row, applied on its start day and undone on its end day (-1: never).
public struct Closure: Sendable, Hashable {
    public enum Kind: String, Sendable { case country, location, link, camp, idpcamp, removeForcedRedirection = "remove_forced_redirection" }
    public var kind: Kind
    public var name1: String
    public var name2: String
    /// Day the closure is applied; -1 never.
    public var start: Int
    /// Day it is undone; -1 never.
    public var end: Int

    public init(kind: Kind, name1: String, name2: String = "", start: Int, end: Int = -1) {
        self.kind = kind; self.name1 = name1; self.name2 = name2; self.start = start; self.end = end
    }
}

/// A displacement geography: locations, routes and closures in Flee's formats. A value:
/// load it once, then adjust copies per Monte Carlo draw (population, capacity, road factor).
public struct Geography: Sendable, Hashable {
    public var locations: [Location]
    public var routes: [Route]
    public var closures: [Closure]
    /// Country of the first location; every other country is foreign.
    public var homeCountry: String { locations.first?.country ?? "" }

    public init(locations: [Location], routes: [Route], closures: [Closure] = []) {
        self.locations = locations; self.routes = routes; self.closures = closures
    }

    public func index(of name: String) -> Int? { locations.firstIndex { $0.name == name } }

    private func require(_ name: String) throws -> Int {
        guard let i = index(of: name) else { throw DisplacementRunError("no location named '\(name)'") }
        return i
    }

    /// Sets the resident population of a non-camp location (people, before `hasten`).
    public mutating func setPopulation(_ people: Int, of name: String) throws {
        let i = try require(name)
        guard !locations[i].isCamp else { throw DisplacementRunError("'\(name)' is a camp: set its capacity instead") }
        guard people >= 0 else { throw DisplacementRunError("population of '\(name)' must be ≥ 0") }
        locations[i].population = people
    }

    /// Sets a camp's capacity (people, before `hasten`).
    public mutating func setCapacity(_ people: Int, of name: String) throws {
        let i = try require(name)
        guard locations[i].isCamp else { throw DisplacementRunError("'\(name)' is not a camp") }
        locations[i].capacity = people
    }

    /// Multiplies every route length by `factor` (a road factor: detours, damaged roads).
    public mutating func scaleRouteDistances(by factor: Double) {
        precondition(factor > 0 && factor.isFinite, "road factor must be positive")
        for i in routes.indices { routes[i].distance *= factor }
    }

    /// Reads locations.csv, routes.csv and (if present) closures.csv from a Flee input
    /// directory or a scenario folder.
    public static func load(directory: String) throws -> Geography {
        try load(from: .directory(URL(fileURLWithPath: directory)))
    }

    static func load(from source: FileSource) throws -> Geography {
        var g = try GeographyReader.readLocations(source.csv("locations.csv"), file: source.path("locations.csv"))
        g.routes = try GeographyReader.readRoutes(source.csv("routes.csv"), file: source.path("routes.csv"), locations: g.locations)
        if source.exists("closures.csv") {
            g.closures = try GeographyReader.readClosures(source.csv("closures.csv"), file: source.path("closures.csv"), locations: g.locations)
        }
        return g
    }
}

enum GeographyReader {
    /// Classifies `location_type` by case-insensitive substring, first rule wins, as Flee does.
    static func kind(of type: String) -> LocationKind? {
        let t = type.lowercased()
        if t.contains("camp") { return t.contains("idp") ? .idpCamp : .camp }
        if t.contains("conflict") { return .conflictZone }
        if t.contains("forward") { return .forwardingHub }
        if t.contains("marker") { return .marker }
        if t.contains("town") || t.contains("default") { return .town }
        return nil
    }

    static func readLocations(_ records: [CSVRecord], file path: String) throws -> Geography {
        var header: [String] = []
        var locations: [Location] = []
        var seen: [String: Int] = [:]
        for r in records {
            if r.isBlank { continue }
            if r.isComment {
                if header.isEmpty { header = r.cells.map { $0.trimmingCharacters(in: .whitespaces) } }
                continue
            }
            if locations.count >= DisplacementInputLimits.maxLocations {
                throw DisplacementInputError(file: path, line: r.line, "more than \(DisplacementInputLimits.maxLocations) locations (an instance this large is not supported)")
            }
            let c = CellReader(file: path, record: r)
            let name = try c.string(0, "name")
            if name.isEmpty { throw DisplacementInputError(file: path, line: r.line, field: "name", "empty location name") }
            if let prev = seen[name] {
                throw DisplacementInputError(file: path, line: r.line, field: "name", "'\(name)' is already defined on line \(prev)")
            }
            seen[name] = r.line
            let region = (r.cell(1) ?? "").trimmingCharacters(in: .whitespaces)
            var country = try c.string(2, "country")
            if country.isEmpty { country = "unknown" }
            let lat = try c.double(3, "latitude", in: ValueBounds.latitude)
            let lon = try c.double(4, "longitude", in: ValueBounds.longitude)
            let typeText = try c.nonEmpty(5, "location_type")
            guard let kind = kind(of: typeText) else {
                throw DisplacementInputError(file: path, line: r.line, field: "location_type",
                                             "'\(typeText)' is not a known type (camp, idpcamp, conflict_zone, town, default, forwarding_hub, marker)")
            }
            let conflictDate = kind == .conflictZone ? try c.int(6, "conflict_date", empty: 0) : 0
            try c.check(Double(conflictDate), "conflict_date", ValueBounds.day)
            let size = try c.int(7, "population", empty: 0)
            if size < 0 { throw DisplacementInputError(file: path, line: r.line, field: "population", "must not be negative") }
            try c.check(Double(size), "population", ValueBounds.people)
            var attributes: [String: String] = [:]
            if r.cells.count > 8 {
                for i in 8..<r.cells.count {
                    let key = i < header.count ? header[i] : "column\(i + 1)"
                    attributes[key] = r.cells[i].trimmingCharacters(in: .whitespaces)
                }
            }
            func attr(_ key: String, _ def: Double, _ range: ClosedRange<Double>) throws -> Double {
                guard let v = attributes[key], !v.isEmpty else { return def }
                guard let d = Double(v), d.isFinite else { throw DisplacementInputError(file: path, line: r.line, field: key, "'\(v)' is not a number") }
                try c.check(d, key, range)
                return d
            }
            let isCamp = kind == .camp || kind == .idpCamp
            locations.append(Location(name: name, region: region, country: country, latitude: lat, longitude: lon, kind: kind,
                                      conflictDate: conflictDate, population: isCamp ? 0 : size, capacity: isCamp ? size : -1,
                                      attributes: attributes, conflictIntensity: try attr("conflict_intensity", 1, ValueBounds.conflictIntensity),
                                      deactivationProbability: try attr("deactivation_probability", 0, ValueBounds.probability)))
        }
        if locations.isEmpty { throw DisplacementInputError(file: path, "no locations") }
        return Geography(locations: locations, routes: [])
    }

    static func readRoutes(_ records: [CSVRecord], file path: String, locations: [Location]) throws -> [Route] {
        var byName: [String: Int] = [:]
        for (i, l) in locations.enumerated() { byName[l.name] = i }
        var header: [String] = []
        var routes: [Route] = []
        for r in records {
            if r.isBlank { continue }
            if r.isComment { if header.isEmpty { header = r.cells.map { $0.trimmingCharacters(in: .whitespaces) } }; continue }
            if routes.count >= DisplacementInputLimits.maxRoutes {
                throw DisplacementInputError(file: path, line: r.line, "more than \(DisplacementInputLimits.maxRoutes) routes (an instance this large is not supported)")
            }
            let c = CellReader(file: path, record: r)
            let n1 = try c.nonEmpty(0, "name1"), n2 = try c.nonEmpty(1, "name2")
            guard let a = byName[n1] else { throw DisplacementInputError(file: path, line: r.line, field: "name1", "no location named '\(n1)' in locations.csv") }
            guard let b = byName[n2] else { throw DisplacementInputError(file: path, line: r.line, field: "name2", "no location named '\(n2)' in locations.csv") }
            if a == b { throw DisplacementInputError(file: path, line: r.line, field: "name2", "a route from '\(n1)' to itself") }
            let d = try c.double(2, "distance")
            if d < 0 { throw DisplacementInputError(file: path, line: r.line, field: "distance", "must not be negative") }
            try c.check(d, "distance", ValueBounds.distanceKm)
            let fr = try c.int(3, "forced_redirection", empty: 0)
            if !(0...2).contains(fr) { throw DisplacementInputError(file: path, line: r.line, field: "forced_redirection", "must be 0, 1, 2 or empty") }
            var attributes: [String: String] = [:]
            if r.cells.count >= 4 {
                for i in 4..<max(4, r.cells.count) where i < header.count {
                    attributes[header[i]] = r.cells[i].trimmingCharacters(in: .whitespaces)
                }
            }
            var speed: Double? = nil
            if let v = attributes["max_move_speed"], !v.isEmpty {
                guard let s = Double(v), s > 0, s <= ValueBounds.fleeSettings["move_rules.max_move_speed"]!.upperBound else {
                    throw DisplacementInputError(file: path, line: r.line, field: "max_move_speed", "'\(v)' is not a positive number of km a day within \(ValueBounds.describe(ValueBounds.fleeSettings["move_rules.max_move_speed"]!))")
                }
                speed = s
            }
            var walk = 0.0
            if let v = attributes["walk_probability"], !v.isEmpty {
                guard let w = Double(v), (0...1).contains(w) else { throw DisplacementInputError(file: path, line: r.line, field: "walk_probability", "'\(v)' is not a probability") }
                walk = w
            }
            routes.append(Route(from: a, to: b, distance: d, forcedRedirection: fr, maxMoveSpeed: speed, walkProbability: walk, attributes: attributes))
        }
        return routes
    }

    static func readClosures(_ records: [CSVRecord], file path: String, locations: [Location]) throws -> [Closure] {
        let names = Set(locations.map(\.name))
        let countries = Set(locations.map(\.country))
        var closures: [Closure] = []
        for r in records {
            if r.isBlank || r.isComment { continue }
            let c = CellReader(file: path, record: r)
            let t = try c.nonEmpty(0, "closure_type")
            guard let kind = Closure.Kind(rawValue: t) else {
                throw DisplacementInputError(file: path, line: r.line, field: "closure_type", "'\(t)' is not country, location, link, camp, idpcamp or remove_forced_redirection")
            }
            let n1 = try c.string(1, "name1"), n2 = (r.cell(2) ?? "").trimmingCharacters(in: .whitespaces)
            let start = try c.int(3, "closure_start"), end = try c.int(4, "closure_end")
            switch kind {
            case .country:
                for (n, f) in [(n1, "name1"), (n2, "name2")] where !countries.contains(n) {
                    throw DisplacementInputError(file: path, line: r.line, field: f, "no location has country '\(n)'")
                }
            case .location, .camp, .idpcamp:
                if !names.contains(n1) { throw DisplacementInputError(file: path, line: r.line, field: "name1", "no location named '\(n1)'") }
            case .link:
                for (n, f) in [(n1, "name1"), (n2, "name2")] where !names.contains(n) {
                    throw DisplacementInputError(file: path, line: r.line, field: f, "no location named '\(n)'")
                }
            case .removeForcedRedirection: break
            }
            closures.append(Closure(kind: kind, name1: n1, name2: n2, start: start, end: end))
        }
        return closures
    }
}
