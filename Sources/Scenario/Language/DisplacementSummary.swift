import Foundation

/// What the displacement model (and the branch's conflict schedule) tell the
/// mechanisms about one branch, at the horizon: the values behind the formula names
/// `displaced`, `currently_displaced`, `returned`, `refugees`, `refugees.COUNTRY`,
/// `overload`, `present.PLACE`, `present_in(AREA)` and `conflict_intensity_days`.
///
/// The runner fills it from its simulation. Every field beyond the first three has a
/// default, so a runner that does not know a figure leaves it and the formula sees the
/// documented fallback: this struct is the one place to wire a new engine series in.
public struct DisplacementSummary: Sendable, Hashable, Codable {
    /// People who left their home location at least once by the horizon (ever displaced).
    public var displaced: Double
    /// Σ over capacity-limited locations and days of max(0, occupants − capacity).
    public var overloadPersonDays: Double
    /// Σ over locations and days of conflict intensity (see `ConflictSchedule.intensityDays`).
    public var conflictIntensityDays: Double
    /// People away from home at the horizon; nil: `displaced − returned`.
    public var currentlyDisplaced: Double?
    /// People back home at the horizon (0 while the engine has no returns).
    public var returned: Double = 0
    /// Displaced people present at each place at the horizon (not its residents), by
    /// location name; a place not listed holds nobody.
    public var presentByPlace: [String: Double] = [:]
    /// Displaced people in each country at the horizon, by country; nil: derived from
    /// `presentByPlace` for the countries where nobody lived at the start (`PlaceTable.homeCountries`).
    public var refugeesByCountry: [String: Double]?

    public init(displaced: Double, overloadPersonDays: Double, conflictIntensityDays: Double,
                currentlyDisplaced: Double? = nil, returned: Double = 0, presentByPlace: [String: Double] = [:],
                refugeesByCountry: [String: Double]? = nil) {
        self.displaced = displaced
        self.overloadPersonDays = overloadPersonDays
        self.conflictIntensityDays = conflictIntensityDays
        self.currentlyDisplaced = currentlyDisplaced
        self.returned = returned
        self.presentByPlace = presentByPlace
        self.refugeesByCountry = refugeesByCountry
    }

    public static let none = DisplacementSummary(displaced: 0, overloadPersonDays: 0, conflictIntensityDays: 0)

    enum CodingKeys: String, CodingKey {
        case displaced, overloadPersonDays, conflictIntensityDays, currentlyDisplaced, returned, presentByPlace, refugeesByCountry
    }

    // The fields after the first three are optional in stored runs, so shards written
    // before they existed still load.
    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        displaced = try c.decode(Double.self, forKey: .displaced)
        overloadPersonDays = try c.decode(Double.self, forKey: .overloadPersonDays)
        conflictIntensityDays = try c.decode(Double.self, forKey: .conflictIntensityDays)
        currentlyDisplaced = try c.decodeIfPresent(Double.self, forKey: .currentlyDisplaced)
        returned = try c.decodeIfPresent(Double.self, forKey: .returned) ?? 0
        presentByPlace = try c.decodeIfPresent([String: Double].self, forKey: .presentByPlace) ?? [:]
        refugeesByCountry = try c.decodeIfPresent([String: Double].self, forKey: .refugeesByCountry)
    }

    /// People in `country` who fled there, at the horizon.
    func refugees(in country: String, places: PlaceTable) -> Double {
        if let r = refugeesByCountry { return r[country] ?? 0 }
        guard !places.homeCountries.contains(country) else { return 0 }
        var total = 0.0
        for (i, name) in places.names.enumerated() where places.countries[i] == country { total += presentByPlace[name] ?? 0 }
        return total
    }

    /// All refugees at the horizon, in any country.
    func refugees(places: PlaceTable) -> Double {
        if let r = refugeesByCountry { return r.keys.sorted().reduce(0) { $0 + r[$1]! } }
        var total = 0.0
        for (i, name) in places.names.enumerated() where !places.homeCountries.contains(places.countries[i]) {
            total += presentByPlace[name] ?? 0
        }
        return total
    }
}
