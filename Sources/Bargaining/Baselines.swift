/// The literature's benchmark forecasts, reported beside every model forecast: the
/// capability × salience weighted mean does as well as or better than bargaining models on the
/// EU data (docs/bargaining.md, "Why the baselines").
public struct Baselines: Sendable, Codable, Hashable {
    /// Σ c_i s_i x_i / Σ c_i s_i (Stokman/Achen "compromise model"; Nash bargaining solution).
    public var weightedMean: Double
    /// The position at which the c·s weight below and above are both ≤ half the total.
    public var weightedMedian: Double

    /// Exact (closed form). Weights are c_i·s_i; if no actor cares about the dimension
    /// (all saliences 0), capability alone weights it.
    /// The weighted median is the lowest position whose cumulative weight reaches half the
    /// total; when the cumulative weight equals exactly half at a position, the median is the
    /// midpoint between it and the next distinct position (the usual even-count convention).
    public init(positions: [Double], capabilities: [Double], saliences: [Double]) {
        var w = zip(capabilities, saliences).map { $0 * $1 }
        if !(w.reduce(0, +) > 0) { w = capabilities }
        let total = w.reduce(0, +)
        var num = 0.0
        for (x, wi) in zip(positions, w) { num += wi * x }
        weightedMean = num / total
        // Group equal positions, then walk up the cumulative weight.
        let order = positions.indices.sorted { positions[$0] < positions[$1] || (positions[$0] == positions[$1] && $0 < $1) }
        var xs: [Double] = [], ws: [Double] = []
        for i in order {
            if let last = xs.last, last == positions[i] { ws[ws.count - 1] += w[i] } else { xs.append(positions[i]); ws.append(w[i]) }
        }
        var cum = 0.0
        var median = xs.last ?? 0
        let half = total / 2
        let tol = 1e-12 * total
        for (m, x) in xs.enumerated() {
            cum += ws[m]
            if abs(cum - half) <= tol, m + 1 < xs.count {
                median = (x + xs[m + 1]) / 2
                break
            }
            if cum >= half { median = x; break }
        }
        weightedMedian = median
    }

    /// The baselines of every dimension of a problem (positions on 0–100 as given).
    public static func of(_ problem: BargainingProblem) -> [Baselines] {
        (0..<problem.dimensionCount).map { k in
            Baselines(positions: problem.actors.map { $0.positions[k] },
                      capabilities: problem.actors.map(\.capability),
                      saliences: problem.actors.map { $0.saliences[k] })
        }
    }
}
