/// The days a conflict spell covers: from `from` up to, but not including, `until` (nil: no
/// end). The one reading of a zone's `from_day`/`until_day` that the displacement engine and the
/// scenario's own sums (conflict intensity-days, the Flee export) share, so they cannot disagree.
public struct DaySpan: Sendable, Hashable {
    public var from: Int
    public var until: Int?

    @inlinable public init(from: Int, until: Int?) { self.from = from; self.until = until }

    /// A span from day values that may be fractional (sampled days): each is rounded to the
    /// nearest whole day, halves away from zero.
    public init(from: Double, until: Double?) {
        self.init(from: Int(from.rounded()), until: until.map { Int($0.rounded()) })
    }

    @inlinable public func contains(_ day: Int) -> Bool { day >= from && (until.map { day < $0 } ?? true) }

    /// No day at all: the spell ends on or before the day it starts.
    public var isEmpty: Bool { until.map { $0 <= from } ?? false }
}
