import Foundation

/// A value's uncertainty, for Monte Carlo over a scenario's inputs.
///
/// Every distribution is defined by its inverse CDF (`quantile`), so a runner can
/// drive all inputs from its own uniform draws: common random numbers across
/// branches, Latin hypercube designs, and one-at-a-time sweeps all reduce to
/// choosing the `u` values. Nothing here draws random numbers itself.
public enum Distribution: Sendable, Hashable {
    case fixed(Double)
    case uniform(min: Double, max: Double)
    case triangular(min: Double, mode: Double, max: Double)
    /// Normal(mean, sd) truncated to [min, max]; bounds may be infinite.
    case normal(mean: Double, sd: Double, min: Double, max: Double)
    /// Beta(alpha, beta) rescaled from [0, 1] to [min, max].
    case beta(alpha: Double, beta: Double, min: Double, max: Double)
    /// exp(Normal(mu, sigma)); the median is exp(mu).
    case lognormal(mu: Double, sigma: Double)
    /// Weighted draws, e.g. a calibration's posterior marginal (never written in a
    /// scenario file; `posterior.json` supplies it).
    case empirical(WeightedSample)

    public var isFixed: Bool {
        if case .fixed = self { return true }
        return false
    }

    /// The family name as written in the file (`distribution: triangular`).
    public var name: String {
        switch self {
        case .fixed: return "fixed"
        case .uniform: return "uniform"
        case .triangular: return "triangular"
        case .normal: return "normal"
        case .beta: return "beta"
        case .lognormal: return "lognormal"
        case .empirical: return "empirical"
        }
    }

    /// The smallest and largest values the distribution can take.
    public var support: ClosedRange<Double> {
        switch self {
        case .fixed(let v): return v...v
        case .uniform(let a, let b): return a...b
        case .triangular(let a, _, let b): return a...b
        case .normal(_, _, let a, let b): return a...b
        case .beta(_, _, let a, let b): return a...b
        case .lognormal: return 0...Double.infinity
        case .empirical(let w): return w.values.first!...w.values.last!
        }
    }

    /// The smallest and largest values a Monte Carlo draw can take: the support where it is
    /// bounded; for an unbounded tail, the quantile of the most extreme uniform a sampler
    /// draws (`CounterRandom.uniform`: 2⁻⁵⁴ from either end, 53 bits), e.g. about
    /// exp(mu + 8.2 sigma) for a lognormal. What a field's allowed range is checked against.
    public var drawRange: ClosedRange<Double> {
        let s = support
        let lo = s.lowerBound.isFinite ? s.lowerBound : quantile(0x1p-54)
        let hi = s.upperBound.isFinite ? s.upperBound : quantile(1 - 0x1p-53)
        return lo <= hi ? lo...hi : s
    }

    /// The value used when a scenario is run without sampling: the median
    /// (`quantile(0.5)`), so it always lies inside the support.
    public var nominal: Double { quantile(0.5) }

    /// Inverse CDF: the value below which a share `u` of the probability lies.
    ///
    /// Exact in closed form for fixed, uniform, triangular; to within ~1e-12
    /// relative for normal and lognormal (rational approximation refined by a
    /// Newton step on the exact CDF); to within 1e-12 of the range for beta
    /// (bisection on the regularised incomplete beta function). Monotone
    /// non-decreasing in `u`. `u` is clamped to [0, 1]; for unbounded
    /// distributions the ends give ±infinity, so samplers should use u in (0, 1).
    public func quantile(_ u: Double) -> Double {
        let u = Swift.min(1, Swift.max(0, u))
        switch self {
        case .fixed(let v):
            return v
        case .uniform(let a, let b):
            return a + u * (b - a)
        case .triangular(let a, let c, let b):
            guard b > a else { return a }
            let fc = (c - a) / (b - a)
            if u < fc { return a + ((b - a) * (c - a) * u).squareRoot() }
            return b - ((b - a) * (b - c) * (1 - u)).squareRoot()
        case .normal(let m, let s, let a, let b):
            guard s > 0 else { return Swift.min(b, Swift.max(a, m)) }
            let pa = a.isFinite ? SpecialFunctions.normalCDF((a - m) / s) : 0
            let pb = b.isFinite ? SpecialFunctions.normalCDF((b - m) / s) : 1
            let p = pa + u * (pb - pa)
            let x = m + s * SpecialFunctions.normalQuantile(p)
            return Swift.min(b, Swift.max(a, x))
        case .beta(let al, let be, let a, let b):
            return a + (b - a) * SpecialFunctions.betaQuantile(u, al, be)
        case .lognormal(let mu, let sigma):
            return Foundation.exp(mu + sigma * SpecialFunctions.normalQuantile(u))
        case .empirical(let w):
            return w.quantile(u)
        }
    }

    /// CDF, the inverse of `quantile` (used by tests and by samplers that need
    /// the rank of a given value).
    public func cdf(_ x: Double) -> Double {
        switch self {
        case .fixed(let v):
            return x < v ? 0 : 1
        case .uniform(let a, let b):
            if x <= a { return 0 }
            if x >= b { return 1 }
            return (x - a) / (b - a)
        case .triangular(let a, let c, let b):
            if x <= a { return 0 }
            if x >= b { return 1 }
            if x <= c { return (x - a) * (x - a) / ((b - a) * (c - a)) }
            return 1 - (b - x) * (b - x) / ((b - a) * (b - c))
        case .normal(let m, let s, let a, let b):
            if x <= a { return 0 }
            if x >= b { return 1 }
            let pa = a.isFinite ? SpecialFunctions.normalCDF((a - m) / s) : 0
            let pb = b.isFinite ? SpecialFunctions.normalCDF((b - m) / s) : 1
            return (SpecialFunctions.normalCDF((x - m) / s) - pa) / (pb - pa)
        case .beta(let al, let be, let a, let b):
            if x <= a { return 0 }
            if x >= b { return 1 }
            return SpecialFunctions.regularizedIncompleteBeta((x - a) / (b - a), al, be)
        case .lognormal(let mu, let sigma):
            if x <= 0 { return 0 }
            return SpecialFunctions.normalCDF((Foundation.log(x) - mu) / sigma)
        case .empirical(let w):
            var lo = 0, hi = w.values.count
            while lo < hi { let mid = (lo + hi) / 2; if w.values[mid] <= x { lo = mid + 1 } else { hi = mid } }
            return lo == 0 ? 0 : w.cumulative[lo - 1]
        }
    }

    /// The mean (for reports; sampling uses `quantile`).
    public var mean: Double {
        switch self {
        case .fixed(let v): return v
        case .uniform(let a, let b): return (a + b) / 2
        case .triangular(let a, let c, let b): return (a + b + c) / 3
        case .normal(let m, let s, let a, let b):
            let al = (a - m) / s, be = (b - m) / s
            let pa = a.isFinite ? SpecialFunctions.normalCDF(al) : 0
            let pb = b.isFinite ? SpecialFunctions.normalCDF(be) : 1
            let da = a.isFinite ? SpecialFunctions.normalPDF(al) : 0
            let db = b.isFinite ? SpecialFunctions.normalPDF(be) : 0
            return m + s * (da - db) / (pb - pa)
        case .beta(let al, let be, let a, let b): return a + (b - a) * al / (al + be)
        case .lognormal(let mu, let sigma): return Foundation.exp(mu + sigma * sigma / 2)
        case .empirical(let w):
            var sum = 0.0, previous = 0.0
            for (x, c) in zip(w.values, w.cumulative) { sum += x * (c - previous); previous = c }
            return sum
        }
    }

    /// Why this distribution cannot exist, or nil if it is well formed.
    public var impossibility: String? {
        func finite(_ xs: Double...) -> Bool { xs.allSatisfy(\.isFinite) }
        switch self {
        case .fixed(let v):
            return v.isFinite ? nil : "value must be finite"
        case .uniform(let a, let b):
            guard finite(a, b) else { return "min and max must be finite" }
            return a < b ? nil : "min (\(fmt(a))) must be below max (\(fmt(b)))"
        case .triangular(let a, let c, let b):
            guard finite(a, b, c) else { return "min, mode and max must be finite" }
            if !(a < b) { return "min (\(fmt(a))) must be below max (\(fmt(b)))" }
            return (a <= c && c <= b) ? nil : "mode (\(fmt(c))) must lie in [min, max] = [\(fmt(a)), \(fmt(b))]"
        case .normal(let m, let s, let a, let b):
            guard finite(m, s), !a.isNaN, !b.isNaN else { return "mean and sd must be finite" }
            if !(s > 0) { return "sd must be positive" }
            if !(a < b) { return "min (\(fmt(a))) must be below max (\(fmt(b)))" }
            // Bounds more than 30 sd into one tail leave no representable mass.
            if (a - m) / s > 30 || (b - m) / s < -30 { return "the bounds exclude essentially all of the normal's mass" }
            return nil
        case .beta(let al, let be, let a, let b):
            guard finite(al, be, a, b) else { return "alpha, beta, min and max must be finite" }
            if !(al > 0 && be > 0) { return "alpha and beta must be positive" }
            return a < b ? nil : "min (\(fmt(a))) must be below max (\(fmt(b)))"
        case .lognormal(let mu, let sigma):
            guard finite(mu, sigma) else { return "mu and sigma must be finite" }
            return sigma > 0 ? nil : "sigma must be positive"
        case .empirical(let w):
            if w.values.isEmpty { return "no draws" }
            return w.values.allSatisfy(\.isFinite) ? nil : "draws must be finite"
        }
    }
}

/// Draws with weights, sorted by value, as a distribution: the weighted empirical CDF.
public struct WeightedSample: Sendable, Hashable {
    /// Ascending; equal draws merged.
    public let values: [Double]
    /// Cumulative normalised weights: `cumulative[i]` = P(X ≤ values[i]); the last is 1.
    public let cumulative: [Double]

    /// Nil unless there is at least one draw, every draw is finite and every weight is
    /// finite and non-negative with a positive sum.
    public init?(values: [Double], weights: [Double]) {
        guard values.count == weights.count, !values.isEmpty,
              values.allSatisfy(\.isFinite), weights.allSatisfy({ $0.isFinite && $0 >= 0 }) else { return nil }
        let total = weights.reduce(0, +)
        guard total > 0 else { return nil }
        var merged: [(Double, Double)] = []
        for (x, w) in zip(values, weights).sorted(by: { $0.0 < $1.0 }) where w > 0 {
            if let last = merged.last, last.0 == x { merged[merged.count - 1].1 += w } else { merged.append((x, w)) }
        }
        var acc = 0.0
        var cumulative: [Double] = []
        for (_, w) in merged { acc += w; cumulative.append(acc / total) }
        cumulative[cumulative.count - 1] = 1
        self.values = merged.map(\.0)
        self.cumulative = cumulative
    }

    /// The smallest draw whose cumulative weight reaches u (type-1 quantile).
    public func quantile(_ u: Double) -> Double {
        var lo = 0, hi = values.count - 1
        while lo < hi { let mid = (lo + hi) / 2; if cumulative[mid] >= u { hi = mid } else { lo = mid + 1 } }
        return values[lo]
    }
}

func fmt(_ x: Double) -> String {
    if x == x.rounded(), abs(x) < 1e15 { return String(Int64(x)) }
    return String(x)
}

/// Special functions behind the quantiles; pure and deterministic.
enum SpecialFunctions {
    static func normalPDF(_ z: Double) -> Double { Foundation.exp(-0.5 * z * z) / (2 * Double.pi).squareRoot() }

    static func normalCDF(_ z: Double) -> Double { 0.5 * Foundation.erfc(-z / 2.0.squareRoot()) }

    /// Acklam's rational approximation (relative error 1.15e-9), refined by one
    /// Halley step on the exact CDF, which brings it to near machine precision.
    static func normalQuantile(_ p: Double) -> Double {
        if p <= 0 { return -.infinity }
        if p >= 1 { return .infinity }
        let a = [-3.969683028665376e+01, 2.209460984245205e+02, -2.759285104469687e+02,
                 1.383577518672690e+02, -3.066479806614716e+01, 2.506628277459239e+00]
        let b = [-5.447609879822406e+01, 1.615858368580409e+02, -1.556989798598866e+02,
                 6.680131188771972e+01, -1.328068155288572e+01]
        let c = [-7.784894002430293e-03, -3.223964580411365e-01, -2.400758277161838e+00,
                 -2.549732539343734e+00, 4.374664141464968e+00, 2.938163982698783e+00]
        let d = [7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e+00, 3.754408661907416e+00]
        let plow = 0.02425, phigh = 1 - plow
        var x: Double
        if p < plow {
            let q = (-2 * Foundation.log(p)).squareRoot()
            x = (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) /
                ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1)
        } else if p <= phigh {
            let q = p - 0.5, r = q * q
            x = (((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q /
                (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1)
        } else {
            let q = (-2 * Foundation.log(1 - p)).squareRoot()
            x = -(((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) /
                ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1)
        }
        let e = normalCDF(x) - p
        let u = e * (2 * Double.pi).squareRoot() * Foundation.exp(x * x / 2)
        x -= u / (1 + x * u / 2)
        return x
    }

    /// I_x(a, b) by the continued fraction (modified Lentz), using the symmetry
    /// relation where the fraction converges slowly.
    static func regularizedIncompleteBeta(_ x: Double, _ a: Double, _ b: Double) -> Double {
        if x <= 0 { return 0 }
        if x >= 1 { return 1 }
        let lnFront = Foundation.lgamma(a + b) - Foundation.lgamma(a) - Foundation.lgamma(b)
            + a * Foundation.log(x) + b * Foundation.log1p(-x)
        if x < (a + 1) / (a + b + 2) {
            return Foundation.exp(lnFront) * betaContinuedFraction(x, a, b) / a
        }
        return 1 - Foundation.exp(lnFront) * betaContinuedFraction(1 - x, b, a) / b
    }

    private static func betaContinuedFraction(_ x: Double, _ a: Double, _ b: Double) -> Double {
        let tiny = 1e-300
        var c = 1.0
        var d = 1 - (a + b) * x / (a + 1)
        if abs(d) < tiny { d = tiny }
        d = 1 / d
        var h = d
        for m in 1...500 {
            let m = Double(m)
            let aa1 = m * (b - m) * x / ((a + 2 * m - 1) * (a + 2 * m))
            d = 1 + aa1 * d; if abs(d) < tiny { d = tiny }
            c = 1 + aa1 / c; if abs(c) < tiny { c = tiny }
            d = 1 / d; h *= d * c
            let aa2 = -(a + m) * (a + b + m) * x / ((a + 2 * m) * (a + 2 * m + 1))
            d = 1 + aa2 * d; if abs(d) < tiny { d = tiny }
            c = 1 + aa2 / c; if abs(c) < tiny { c = tiny }
            d = 1 / d
            let del = d * c
            h *= del
            if abs(del - 1) < 1e-15 { break }
        }
        return h
    }

    /// Inverse of I_x(a, b) in x by bisection: slow-ish (≈45 evaluations) but
    /// monotone and accurate to 1e-13 whatever the shape.
    static func betaQuantile(_ p: Double, _ a: Double, _ b: Double) -> Double {
        if p <= 0 { return 0 }
        if p >= 1 { return 1 }
        var lo = 0.0, hi = 1.0
        while hi - lo > 1e-13 {
            let mid = (lo + hi) / 2
            if regularizedIncompleteBeta(mid, a, b) < p { lo = mid } else { hi = mid }
        }
        return (lo + hi) / 2
    }
}
