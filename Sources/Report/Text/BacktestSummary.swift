import Crisis
import Foundation

/// Backtests and calibrations as text for a terminal: one table per episode, prior and
/// posterior side by side where both exist.
public enum BacktestSummary {
    public static func text(_ r: BacktestResult) -> String {
        var out = ["Backtest of \(r.scenario): \(r.samples) samples, seed \(r.seed)",
                   r.calibrated ? "Inputs calibrated (\(r.calibration ?? "posterior.json"))" : "Inputs at their prior distributions (no calibration used)"]
        for e in r.episodes { out += [""] + episodeLines(e) }
        return out.joined(separator: "\n") + "\n"
    }

    /// A few lines for the run summary: the calibration and each episode's fit.
    public static func brief(_ r: BacktestResult) -> [String] {
        var out = [r.calibrated ? "Calibrated: \(r.calibration ?? "posterior.json")" : "Not calibrated: inputs at the scenario's own distributions"]
        for e in r.episodes {
            out.append("  \(e.id) (\(e.start), \(e.days) days): " + scoreLine(e))
            for o in e.observations where o.measure == "displaced" {
                out.append("    displaced by \(o.date): observed \(count(o.observed)), model \(count(o.median)) [90% \(count(o.p05))–\(count(o.p95))]")
            }
        }
        return out
    }

    static func episodeLines(_ e: EpisodeScore) -> [String] {
        var out = ["Episode \(e.id): \(e.title) (from \(e.start), \(e.days) days)"]
        let width = max(8, e.observations.map(\.measure.count).max() ?? 8)
        out.append("  date        \(pad("counted", width))  observed    median   50% interval       90% interval        CRPS  median/obs")
        for o in e.observations {
            out.append("  \(o.date)  \(pad(o.measure, width))  \(pad(count(o.observed), 8, left: true))  \(pad(count(o.median), 8, left: true))"
                       + "   \(pad("\(count(o.p25))–\(count(o.p75))", 17))  \(pad("\(count(o.p05))–\(count(o.p95))", 17))"
                       + "  \(pad(count(o.crps), 8, left: true))  \(o.bias.map { String(format: "%.2f", $0) } ?? "n/a")"
                       + (o.inside90 ? "" : "  outside 90%"))
        }
        out.append("  scores: " + scoreLine(e))
        if let d = e.destinations {
            out.append("  where people were on \(d.date) (share of the displaced, predicted / observed):")
            out.append("    " + d.shares.map { "\($0.destination) \(percent($0.predicted)) / \(percent($0.observed))" }.joined(separator: "; "))
        }
        return out
    }

    static func scoreLine(_ e: EpisodeScore) -> String {
        var parts = [String]()
        if let a = e.ard { parts.append("ARD \(String(format: "%.3f", a))") }
        parts.append("relative CRPS \(String(format: "%.3f", e.relativeCRPS))")
        parts.append("coverage 50% \(percent(e.coverage50)), 90% \(percent(e.coverage90))")
        if let d = e.destinations { parts.append("destination shares off by \(String(format: "%.3f", d.totalVariation)) (total variation)") }
        return parts.joined(separator: " · ")
    }

    /// The line `calibrate` prints on standard error as each generation of the fit ends.
    public static func progressLine(_ g: ABCGeneration) -> String {
        "generation \(g.index): tolerance \(tolerance(g)), \(g.simulations) simulations, acceptance \(percent(g.acceptance))"
    }

    public static func text(_ c: CalibrationResult) -> String {
        var out = ["Calibration: \(c.posterior.method)", "Fitted to: \(c.posterior.episodes.joined(separator: ", "))", ""]
        out.append("Generations (tolerance = RMS log ratio of simulated to observed counts):")
        for g in c.generations {
            out.append("  \(g.index)  tolerance \(tolerance(g))  simulations \(g.simulations)  acceptance \(percent(g.acceptance))  ESS \(Int(g.effectiveSampleSize.rounded()))")
        }
        out.append("")
        out.append("Inputs, prior → posterior (median [90%]):")
        let width = c.inputs.map(\.path.count).max() ?? 10
        for i in c.inputs {
            out.append("  \(pad(i.path, width))  \(value(i.prior.median)) [\(value(i.prior.p05))–\(value(i.prior.p95))]  →  \(value(i.posterior.median)) [\(value(i.posterior.p05))–\(value(i.posterior.p95))]")
        }
        for (before, after) in zip(c.before.episodes, c.after.episodes) {
            out.append("")
            out.append("Episode \(before.id), before → after:")
            out.append("  prior:     " + scoreLine(before))
            out.append("  posterior: " + scoreLine(after))
            for (b, a) in zip(before.observations, after.observations) {
                out.append("  \(b.date) \(b.measure): observed \(count(b.observed)); prior \(count(b.median)) [\(count(b.p05))–\(count(b.p95))] → posterior \(count(a.median)) [\(count(a.p05))–\(count(a.p95))]")
            }
        }
        return out.joined(separator: "\n") + "\n"
    }

    /// People, to 2–3 significant figures: 212k, 1.31M, 8,420, 37.
    static func count(_ x: Double) -> String {
        guard x.isFinite else { return "n/a" }
        let a = abs(x)
        if a >= 1e6 { return String(format: "%.2fM", x / 1e6) }
        if a >= 1e5 { return String(format: "%.0fk", x / 1e3) }
        if a >= 1e4 { return String(format: "%.1fk", x / 1e3) }
        return String(Int(x.rounded()))
    }

    static func value(_ x: Double) -> String {
        guard x.isFinite else { return "n/a" }
        if abs(x) >= 1000 { return count(x) }
        return String(format: "%.3g", x)
    }

    static func tolerance(_ g: ABCGeneration) -> String { g.tolerance.isFinite ? String(format: "%.3f", g.tolerance) : "∞" }
    static func percent(_ p: Double) -> String { "\(Int((p * 100).rounded()))%" }

    static func pad(_ s: String, _ n: Int, left: Bool = false) -> String {
        let fill = String(repeating: " ", count: max(0, n - s.count))
        return left ? fill + s : s + fill
    }
}
