/// Summary statistics of a Monte Carlo sample.
public struct Summary: Codable, Equatable, Sendable {
    public var mean: Double
    public var median: Double
    /// 5th and 95th percentiles: the 90% interval.
    public var p05: Double
    public var p95: Double
    /// 10th and 90th percentiles: the 80% interval.
    public var p10: Double
    public var p90: Double

    /// Summarises `values` with type-7 quantiles (linear interpolation between order
    /// statistics, the default of R and NumPy), so figures match what analysts compute
    /// from our CSVs in their own tools.
    public init(_ values: [Double]) {
        precondition(!values.isEmpty, "cannot summarise an empty sample")
        let sorted = values.sorted()
        mean = sorted.reduce(0, +) / Double(sorted.count)
        median = quantile(sorted: sorted, 0.5)
        p05 = quantile(sorted: sorted, 0.05)
        p95 = quantile(sorted: sorted, 0.95)
        p10 = quantile(sorted: sorted, 0.10)
        p90 = quantile(sorted: sorted, 0.90)
    }
}

/// The type-7 quantile of an ascending sample: `p` in [0, 1].
public func quantile(sorted: [Double], _ p: Double) -> Double {
    precondition(!sorted.isEmpty)
    let h = Double(sorted.count - 1) * p
    let lo = Int(h.rounded(.down))
    let hi = min(lo + 1, sorted.count - 1)
    return sorted[lo] + (h - Double(lo)) * (sorted[hi] - sorted[lo])
}

/// Population variance (divide by n): used for variance shares, where the 1/n convention
/// cancels.
func variance(_ values: [Double]) -> Double {
    guard !values.isEmpty else { return 0 }
    let mean = values.reduce(0, +) / Double(values.count)
    return values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(values.count)
}
