/// Proper scores and interval checks of a predictive sample against one observed value.
/// Pure functions of their inputs.
enum ForecastScore {
    /// The continuous ranked probability score of the empirical distribution of `sample`
    /// at `y`: E|X − y| − ½ E|X − X'| (Gneiting & Raftery 2007), in the units of y;
    /// 0 for a sample that is all y. Computed in O(n log n) from the order statistics:
    /// E|X − X'| = 2/n² Σ_i (2i − n − 1) x_(i) for i = 1…n.
    static func crps(_ sample: [Double], observed y: Double) -> Double {
        precondition(!sample.isEmpty)
        let xs = sample.sorted()
        let n = Double(xs.count)
        var absError = 0.0, spread = 0.0
        for (i, x) in xs.enumerated() {
            absError += abs(x - y)
            spread += (2 * Double(i + 1) - n - 1) * x
        }
        return absError / n - spread / (n * n)
    }

    /// Whether y lies in the central `level` interval of the sample (type-7 quantiles).
    static func covers(_ sorted: [Double], _ y: Double, level: Double) -> Bool {
        let tail = (1 - level) / 2
        return quantile(sorted: sorted, tail) <= y && y <= quantile(sorted: sorted, 1 - tail)
    }
}
