import Foundation

/// A calibration of some of a scenario's inputs on its episodes: weighted joint draws
/// (so correlations between inputs survive), read from `posterior.json` beside
/// scenario.yaml. `fulcrum calibrate` writes the file; every command that samples the
/// scenario uses it unless told `--prior`.
///
/// With a posterior each calibrated input's distribution is its weighted empirical
/// marginal (for nominal values and one-at-a-time sweeps), and a Monte Carlo sample draws
/// one draw — every calibrated input at once — by its weight.
public struct Posterior: Sendable, Hashable, Codable {
    public static let formatID = "fulcrum-posterior/1"
    public var format: String
    /// `sourceDigest` of the scenario's files the calibration was fitted to (without
    /// `posterior.json`): a posterior of an edited scenario is refused.
    public var scenarioDigest: String
    /// The method and its settings, in words (e.g. "ABC-SMC, 500 particles, 8 generations").
    public var method: String
    /// When it was written (ISO date).
    public var written: String
    /// Episode ids it was fitted to.
    public var episodes: [String]
    /// Value paths of the calibrated inputs.
    public var paths: [String]
    /// `draws[k][j]`: draw k's value of `paths[j]`.
    public var draws: [[Double]]
    /// One non-negative weight per draw.
    public var weights: [Double]

    public init(scenarioDigest: String, method: String, written: String, episodes: [String],
                paths: [String], draws: [[Double]], weights: [Double]) {
        format = Self.formatID
        self.scenarioDigest = scenarioDigest; self.method = method; self.written = written
        self.episodes = episodes; self.paths = paths; self.draws = draws; self.weights = weights
    }

    /// "fitted to episode X by METHOD, DATE".
    public var summary: String {
        "fitted to episode\(episodes.count == 1 ? "" : "s") \(episodes.joined(separator: ", ")) by \(method), \(written)"
    }

    /// The provenance a calibrated input carries beside its prior's.
    public var citation: Provenance.Citation { .calibration(summary: summary) }

    /// Draw `k` of the weights' cumulative distribution for a uniform `u` in (0, 1).
    public func drawIndex(_ u: Double) -> Int {
        let total = weights.reduce(0, +)
        var acc = 0.0
        for (k, w) in weights.enumerated() {
            acc += w
            if u * total < acc { return k }
        }
        return weights.lastIndex { $0 > 0 } ?? 0
    }

    /// Why the file cannot be used, or nil.
    var problem: String? {
        if format != Self.formatID { return "format '\(format)' is not \(Self.formatID)" }
        if paths.isEmpty { return "no calibrated inputs" }
        if Set(paths).count != paths.count { return "an input is listed twice" }
        if draws.isEmpty { return "no draws" }
        if weights.count != draws.count { return "\(weights.count) weights for \(draws.count) draws" }
        if let k = draws.firstIndex(where: { $0.count != paths.count }) { return "draw \(k) has \(draws[k].count) values for \(paths.count) inputs" }
        if draws.contains(where: { $0.contains { !$0.isFinite } }) { return "a draw is not a finite number" }
        if weights.contains(where: { !($0.isFinite && $0 >= 0) }) { return "a weight is negative or not finite" }
        if !(weights.reduce(0, +) > 0) { return "the weights sum to 0" }
        return nil
    }
}
