import BoundedInput

/// Which locations become conflict zones, from which day, at what intensity.
///
/// Defined once by name; terminal branches refer to it, either explicitly
/// (`schedule:` on an action) or by matching `when:` against their situation,
/// so the runner simulates each distinct schedule once and shares the result.
public struct ConflictSchedule: Sendable, Hashable {
    public struct Zone: Sendable, Hashable {
        public var location: String
        /// First day of conflict (rounded to a whole day when used).
        public var fromDay: Quantity
        /// The day the zone ends, exclusive: the first day without it (nil: to the horizon).
        public var untilDay: Quantity?
        /// Flee's conflict intensity (> 0; 1 is a full conflict zone).
        public var intensity: Quantity
        public var provenance: Provenance

        public init(location: String, fromDay: Quantity, untilDay: Quantity? = nil, intensity: Quantity, provenance: Provenance) {
            self.location = location; self.fromDay = fromDay; self.untilDay = untilDay
            self.intensity = intensity; self.provenance = provenance
        }

        /// The days the zone covers at current values, as the displacement engine reads them.
        public var days: DaySpan { DaySpan(from: fromDay.nominal, until: untilDay?.nominal) }

        /// The values `from_day` and `until_day` may take in a run of `horizon` days: a zone
        /// starts on one of its days and may end as late as the horizon (the same as no end).
        static func dayRanges(horizon: Int) -> (from: ClosedRange<Double>, until: ClosedRange<Double>) {
            let days = max(1, min(horizon, Int(ValueBounds.day.upperBound)))
            return (0...Double(days - 1), 0...Double(days))
        }

        /// Why a zone with these days would be no zone in some sample, or nil. Days are checked
        /// over their whole ranges: refused are a zone that ends on or before the day it starts in
        /// every sample, and one whose end can fall before its start. Ranges that only touch (the
        /// latest start the earliest end) are allowed: only the rare draws at that edge are empty.
        static func noDays(from: Quantity, until: Quantity) -> String? {
            let f = from.distribution.support, u = until.distribution.support
            let longest = DaySpan(from: f.lowerBound, until: u.upperBound), shortest = DaySpan(from: f.upperBound, until: u.lowerBound)
            if longest.isEmpty {
                if longest.until == longest.from && shortest.until == shortest.from {
                    return "the zone ends on the day it starts (day \(longest.from)), so it covers no day: until_day is the first day without it"
                }
                return "the zone ends (day \(fmt(until.nominal))) before it starts (day \(fmt(from.nominal)))"
            }
            if u.lowerBound < f.upperBound {
                return "the zone can end before it starts: until_day can be as low as \(fmt(u.lowerBound)) while from_day can be as high as \(fmt(f.upperBound))"
            }
            return nil
        }
    }
    public var id: String
    public var description: String
    /// The situation facts a terminal must have for this schedule to apply.
    public var when: Situation
    /// Ground fronts: the places fought over.
    public var zones: [Zone]
    /// Places bombed without being fought over: their people flee (and nobody seeks
    /// refuge there), but they are not front lines.
    public var bombardment: [Zone] = []
    public var provenance: Provenance

    public init(id: String, description: String, when: Situation, zones: [Zone], bombardment: [Zone] = [], provenance: Provenance) {
        self.id = id; self.description = description; self.when = when; self.zones = zones
        self.bombardment = bombardment; self.provenance = provenance
    }

    /// Conflict intensity at a location on a day (0 if none), at current values.
    /// Where zones overlap the larger intensity wins.
    public func intensity(at location: String, day: Int) -> Double {
        Self.intensity(of: zones, at: location, day: day)
    }

    static func intensity(of zones: [Zone], at location: String, day: Int) -> Double {
        var best = 0.0
        for z in zones where z.location == location && z.days.contains(day) { best = max(best, z.intensity.nominal) }
        return best
    }

    /// Σ over locations and days of intensity, fronts and bombardment alike: a
    /// schedule's total violence, for mechanisms that scale with days of conflict.
    public func intensityDays(horizon: Int) -> Double {
        func total(_ zones: [Zone]) -> Double {
            var sum = 0.0
            for name in Set(zones.map(\.location)).sorted() {
                for d in 0..<horizon { sum += Self.intensity(of: zones, at: name, day: d) }
            }
            return sum
        }
        return total(zones) + total(bombardment)
    }

    /// The schedule as Flee's conflicts.csv: a `#Day` column then one column per
    /// location (all of `locations`, in order), one row per day.
    public func fleeConflictsCSV(locations: [String], days: Int) -> String {
        var lines = ["#Day," + locations.joined(separator: ",")]
        for d in 0..<days {
            lines.append(([String(d)] + locations.map { fmtCell(intensity(at: $0, day: d)) }).joined(separator: ","))
        }
        return lines.joined(separator: "\n") + "\n"
    }
}

func fmtCell(_ x: Double) -> String {
    if x == x.rounded(), abs(x) < 1e15 { return String(Int64(x)) }
    return String(x)
}
