import Crisis
import Foundation

/// The one-screen text summary of a run.
public enum RunSummary {
    public static func text(_ r: CrisisResult) -> String {
        var out: [String] = []
        out.append("\(r.scenario.title) — as of \(r.scenario.asOf)")
        var runLine = "\(r.run.samples) samples, seed \(r.run.seed), \(r.scenario.horizonDays) days"
        if !r.run.overrides.isEmpty {
            runLine += "; what-if: " + r.run.overrides.keys.sorted().map { "\($0)=\(short(r.run.overrides[$0]!))" }.joined(separator: ", ")
        }
        out.append(runLine)
        out.append("")
        if let top = r.paths.first {
            out.append("Predicted path (\(percent(top.probability)) of samples):")
            out.append("  " + describe(top.steps))
            for p in r.paths.dropFirst().prefix(3) {
                out.append("  or (\(percent(p.probability))): " + describe(p.steps))
            }
            if r.paths.count > 4 { out.append("  … \(r.paths.count - 4) more paths") }
        }
        out.append("")
        out.append("Expected under the equilibrium — median [90% interval]:")
        let width = r.consequences.map(\.id.count).max() ?? 10
        for c in r.consequences {
            guard let s = r.equilibriumConsequences[c.id] else { continue }
            out.append("  \(pad(c.id, width))  \(pad(short(s.median), 8, left: true)) [\(short(s.p05)) – \(short(s.p95))] \(c.unit)")
        }
        out.append("")
        out.append("Displacement by military branch — displaced; person-days over capacity (median [90%]):")
        let sw = r.schedules.map(\.id.count).max() ?? 10
        for s in r.schedules {
            out.append("  \(pad(s.id, sw))  \(pad(short(s.displaced.median), 7, left: true)) [\(short(s.displaced.p05)) – \(short(s.displaced.p95))];  \(short(s.overloadPersonDays.median)) [\(short(s.overloadPersonDays.p05)) – \(short(s.overloadPersonDays.p95))]")
        }
        out.append("")
        out.append("What decides it — the pivot ranking (swing: share of each consequence's range moved):")
        let sweeps = Dictionary(uniqueKeysWithValues: r.pivot.sweeps.map { ($0.input, $0) })
        for (k, e) in r.pivot.ranking.prefix(8).enumerated() {
            var line = "  \(k + 1). \(e.kind == "player" ? "choice of" : "input") \(e.name)  swing \(String(format: "%.2f", e.score))"
            if let s = sweeps[e.name] {
                line += ", S1 \(String(format: "%.2f", s.sensitivity))"
                if let t = s.tippingPoints.first { line += ", tips at \(short(t.value)) (range \(short(s.low))–\(short(s.high)))" }
            } else if e.flipsPath {
                line += ", forcing it changes the path"
            }
            out.append(line)
        }
        if let f = r.pivot.ranking.first { out.append("  Fulcrum: \(f.kind == "player" ? "the choice of " : "")\(f.name)") }
        if !r.bargaining.isEmpty {
            out.append("")
            out.append("Bargaining forecast (KTAB SMP, 0–100):")
            out += bargainingLines(r.bargaining, samples: r.run.samples)
        }
        if let b = r.backtest {
            out.append("")
            out.append("The model against the record before \(r.scenario.asOf) (fulcrum backtest for more):")
            out += BacktestSummary.brief(b)
        } else if let c = r.run.calibration {
            out.append("")
            out.append("Calibrated: \(c)")
        }
        return out.joined(separator: "\n") + "\n"
    }

    /// `fulcrum forecast DIR`: the scenario's issues forecast by `model` (its name as shown),
    /// one line each. An interval of zero width is no claim of certainty: with draws and no
    /// `spread`, a note names the `certain` issues, nothing about which was drawn.
    public static func forecastText(_ forecasts: [IssueForecast], title: String, model: String, samples: Int, spread: Double?,
                                    certain: [String]) -> String {
        var out = ["\(title): bargaining forecast (\(model), 0–100)", bargainingLines(forecasts, samples: samples).joined(separator: "\n")]
        if samples > 0 && spread == nil && !certain.isEmpty {
            out.append("note: nothing about \(certain.joined(separator: ", ")) is uncertain in the scenario, so its interval has no width; "
                       + "--spread S gives the positions it fixes a triangular spread of ±S")
        }
        return out.joined(separator: "\n") + "\n"
    }

    /// One line per issue: the forecast (median and 90% interval across samples when
    /// there are samples), the capability × salience baselines, and the nearest anchor.
    public static func bargainingLines(_ forecasts: [IssueForecast], samples: Int) -> [String] {
        let width = forecasts.map(\.issue.count).max() ?? 10
        return forecasts.map { b in
            let centre = samples > 0 ? b.distribution.median : b.forecast
            let spread = samples > 0 ? " [\(short(b.distribution.p05)) – \(short(b.distribution.p95))]" : ""
            return "  \(pad(b.issue, width))  \(short(centre))\(spread); baselines: weighted mean \(short(b.weightedMean)), weighted median \(short(b.weightedMedian)) — \(nearestAnchor(b, centre))"
        }
    }

    /// The path as a sentence: the choices made for certain, then each chance
    /// outcome's continuation with its probability.
    static func describe(_ steps: [PathStep]) -> String {
        let certain = steps.filter { $0.reach >= 0.999_999 }.map(\.label)
        var groups: [(reach: Double, labels: [String])] = []
        for s in steps where s.reach < 0.999_999 {
            if let last = groups.last, last.reach == s.reach { groups[groups.count - 1].labels.append(s.label) }
            else { groups.append((s.reach, [s.label])) }
        }
        let branches = groups.map { "[p=\(short($0.reach)): \($0.labels.joined(separator: " → "))]" }
        return (certain + branches).joined(separator: " → ")
    }

    static func nearestAnchor(_ b: IssueForecast, _ value: Double) -> String {
        let anchors = b.anchors.compactMap { k, v in Double(k).map { ($0, v) } }.sorted { $0.0 < $1.0 }
        guard let best = anchors.min(by: { abs($0.0 - value) < abs($1.0 - value) }) else { return "" }
        return "nearest: \(best.1)"
    }

    static func percent(_ p: Double) -> String { "\(Int((p * 100).rounded()))%" }

    /// Figures at a glance: 1.2M, 340k, 1,234, 0.42.
    static func short(_ x: Double) -> String {
        guard x.isFinite else { return "n/a" }
        let a = abs(x)
        if a >= 1e6 { return String(format: "%.2fM", x / 1e6) }
        if a >= 1e4 { return String(format: "%.0fk", x / 1e3) }
        if a >= 100 { return String(format: "%.0f", x) }
        if a >= 1 { return String(format: "%.1f", x) }
        if a == 0 { return "0" }
        return String(format: "%.2f", x)
    }

    static func pad(_ s: String, _ n: Int, left: Bool = false) -> String {
        let fill = String(repeating: " ", count: max(0, n - s.count))
        return left ? fill + s : s + fill
    }
}
