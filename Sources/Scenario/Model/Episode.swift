import BoundedInput

/// An event before the scenario's `as_of` date that the model can be held against: a
/// conflict schedule that really happened, the values that differed at the time, and what
/// was observed. `fulcrum backtest` scores the model on episodes; `fulcrum calibrate` fits
/// the inputs marked `calibrate: true` to them. An episode shares every other input
/// (geography, displacement settings and their uncertainty) with the forecast: that is
/// what calibration carries over.
public struct Episode: Sendable, Hashable {
    public var id: String
    public var title: String
    /// ISO date (YYYY-MM-DD) of day 0.
    public var start: String
    /// Days simulated, day 0 … days − 1.
    public var days: Int
    /// Values that differed at the episode's time, by scenario value path (a population
    /// before later arrivals, say). Applied over the forecast's values, sampled like them.
    public var settings: [Setting]
    /// What happened: its zones' and bombardments' days count from `start`.
    public var schedule: ConflictSchedule
    public var observations: [Observation]
    public var provenance: Provenance

    public struct Setting: Sendable, Hashable {
        public var path: String
        public var value: Quantity
    }

    public init(id: String, title: String, start: String, days: Int, settings: [Setting],
                schedule: ConflictSchedule, observations: [Observation], provenance: Provenance) {
        self.id = id; self.title = title; self.start = start; self.days = days; self.settings = settings
        self.schedule = schedule; self.observations = observations; self.provenance = provenance
    }
}

/// One observed figure of an episode.
public struct Observation: Sendable, Hashable {
    /// What was counted.
    public enum Measure: Sendable, Hashable, CustomStringConvertible {
        /// People displaced so far (everyone who has left home; a person who fled twice
        /// counts twice, as displacement counts do).
        case displaced
        /// Displaced people present in one place at the end of the day.
        case present(place: String)
        /// Displaced people present in an admin area (the `region` column) at the end of the day.
        case presentInArea(area: String)
        /// Displaced people present in a country's places (the `country` column) at the end of the day.
        case presentInCountry(country: String)
        /// People back home so far.
        case returned

        public var description: String {
            switch self {
            case .displaced: return "displaced"
            case .present(let p): return "present at \(p)"
            case .presentInArea(let a): return "present in \(a)"
            case .presentInCountry(let c): return "present in country \(c)"
            case .returned: return "returned"
            }
        }

        /// Where people are, for destination shares; nil for totals.
        public var destination: String? {
            switch self {
            case .present(let p): return p
            case .presentInArea(let a): return a
            case .presentInCountry(let c): return c
            default: return nil
            }
        }
    }

    /// ISO date of the count.
    public var date: String
    /// Day index from the episode's start (0-based): the count is at the end of this day.
    public var day: Int
    public var measure: Measure
    public var value: Double
    public var provenance: Provenance
    /// Where the observation was written.
    public var origin: SourceLocation?

    public init(date: String, day: Int, measure: Measure, value: Double, provenance: Provenance, origin: SourceLocation? = nil) {
        self.date = date; self.day = day; self.measure = measure; self.value = value
        self.provenance = provenance; self.origin = origin
    }
}

extension Scenario {
    public func episode(_ id: String) -> Episode? { episodes.first { $0.id == id } }
}

/// Whole days between two ISO dates (`b − a`), or nil if either is not a valid date.
public func daysBetween(_ a: String, _ b: String) -> Int? {
    guard let x = CivilDate(iso: a), let y = CivilDate(iso: b) else { return nil }
    return y.dayNumber - x.dayNumber
}
