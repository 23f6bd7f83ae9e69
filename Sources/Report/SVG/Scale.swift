import Foundation

/// A map from a data interval (the domain) to a pixel interval (the range).
public protocol Scale: Sendable {
    var domain: (Double, Double) { get }
    var range: (Double, Double) { get }
    /// The pixel position of `value`; values outside the domain extrapolate.
    func callAsFunction(_ value: Double) -> Double
    /// Round values inside the domain for an axis, about `count` of them.
    func ticks(_ count: Int) -> [Double]
    /// The text of one tick; consistent across the ticks of one call to `ticks(count)`.
    func tickLabel(_ value: Double, count: Int) -> String
}

/// Linear scale with "nice" ticks: steps of 1, 2 or 5 times a power of ten, chosen so
/// the number of ticks is as close as those steps allow to the count asked for.
public struct LinearScale: Scale {
    public var domain: (Double, Double)
    public var range: (Double, Double)
    /// Ticks only at whole numbers (days, rounds, people): a step of at least 1.
    public var wholeNumbers = false

    public init(domain: (Double, Double), range: (Double, Double), wholeNumbers: Bool = false) {
        self.domain = domain; self.range = range; self.wholeNumbers = wholeNumbers
    }

    public func callAsFunction(_ value: Double) -> Double {
        let (d0, d1) = domain, (r0, r1) = range
        guard d1 != d0 else { return (r0 + r1) / 2 }
        return r0 + (value - d0) / (d1 - d0) * (r1 - r0)
    }

    /// The tick step for about `count` ticks over [start, stop]: 1, 2 or 5 × 10^k. The
    /// thresholds √50, √10, √2 pick the step whose tick count is nearest geometrically.
    public static func tickStep(_ start: Double, _ stop: Double, count: Int) -> Double {
        let raw = abs(stop - start) / Double(max(1, count))
        guard raw > 0, raw.isFinite else { return 0 }
        let power = pow(10, floor(log10(raw)))
        let error = raw / power
        let factor: Double = error >= 50.squareRoot() ? 10 : error >= 10.squareRoot() ? 5 : error >= 2.squareRoot() ? 2 : 1
        return power * factor
    }

    /// This scale's tick step: `tickStep`, at least 1 for whole numbers.
    func step(_ lo: Double, _ hi: Double, count: Int) -> Double {
        let s = Self.tickStep(lo, hi, count: count)
        return wholeNumbers && s > 0 ? max(1, s) : s
    }

    public func ticks(_ count: Int) -> [Double] {
        let lo = min(domain.0, domain.1), hi = max(domain.0, domain.1)
        if lo == hi { return wholeNumbers && lo != lo.rounded() ? [] : [lo] }
        let step = step(lo, hi, count: count)
        guard step > 0 else { return [] }
        // Ticks are whole multiples of the step; a domain of huge numbers narrow beyond a
        // Double's precision has none that can be counted in an Int: show its two ends.
        guard max(abs(lo), abs(hi)) / step < 1e15, step.isFinite, (1 / step).isFinite else { return [lo, hi] }
        // Multiply (step ≥ 1) or divide by the integer 1/step (step < 1) so that 0.1 × 3 prints as 0.3.
        if step >= 1 {
            let i0 = Int((lo / step).rounded(.up)), i1 = Int((hi / step).rounded(.down))
            return i0 <= i1 ? (i0...i1).map { Double($0) * step } : []
        } else {
            let inv = (1 / step).rounded()
            let i0 = Int((lo * inv).rounded(.up)), i1 = Int((hi * inv).rounded(.down))
            return i0 <= i1 ? (i0...i1).map { Double($0) / inv } : []
        }
    }

    /// The domain widened to whole tick steps at both ends (repeated until the step is stable).
    public func niced(_ count: Int = 5) -> LinearScale {
        var lo = min(domain.0, domain.1), hi = max(domain.0, domain.1)
        if lo == hi { if lo == 0 { hi = 1 } else { lo = min(0, lo); hi = max(0, hi); if lo == hi { hi = lo + 1 } } }
        var previous = 0.0
        for _ in 0..<10 {
            let step = step(lo, hi, count: count)
            if step == previous || step == 0 { break }
            lo = (lo / step).rounded(.down) * step
            hi = (hi / step).rounded(.up) * step
            previous = step
        }
        return LinearScale(domain: domain.0 <= domain.1 ? (lo, hi) : (hi, lo), range: range, wholeNumbers: wholeNumbers)
    }

    public func tickLabel(_ value: Double, count: Int) -> String {
        let lo = min(domain.0, domain.1), hi = max(domain.0, domain.1)
        return NumberFormat.tick(value, step: step(lo, hi, count: count))
    }
}

/// Base-10 logarithmic scale. Ticks at powers of ten; when the domain spans fewer than
/// two decades, also at 2× and 5× each power, so an axis never has a single label.
public struct LogScale: Scale {
    public var domain: (Double, Double)
    public var range: (Double, Double)

    /// `domain` must be positive.
    public init(domain: (Double, Double), range: (Double, Double)) {
        precondition(domain.0 > 0 && domain.1 > 0, "a log scale needs a positive domain")
        self.domain = domain; self.range = range
    }

    public func callAsFunction(_ value: Double) -> Double {
        let l0 = log10(domain.0), l1 = log10(domain.1), (r0, r1) = range
        guard l1 != l0 else { return (r0 + r1) / 2 }
        return r0 + (log10(value) - l0) / (l1 - l0) * (r1 - r0)
    }

    public func ticks(_ count: Int) -> [Double] {
        let lo = min(domain.0, domain.1), hi = max(domain.0, domain.1)
        let e0 = Int(log10(lo).rounded(.down)), e1 = Int(log10(hi).rounded(.up))
        let decades = log10(hi) - log10(lo)
        let multiples: [Double] = decades < 2 ? [1, 2, 5] : [1]
        var out: [Double] = []
        for e in e0...e1 {
            for m in multiples {
                // Build from the exact decimal text so 10^-1 × 2 is exactly 0.2.
                let v = Double("\(Int(m))e\(e)")!
                if v >= lo * (1 - 1e-12) && v <= hi * (1 + 1e-12) { out.append(v) }
            }
        }
        return out
    }

    public func tickLabel(_ value: Double, count: Int) -> String { NumberFormat.compact(value) }
}
