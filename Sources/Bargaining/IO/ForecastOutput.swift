import BoundedInput
import Foundation

/// CSV renderings of forecasts (written through `BoundedInput`'s `OutputFile`; their JSON is `JSONOutput`'s).
public enum ForecastOutput {
    static func num(_ x: Double) -> String { String(format: "%.6f", x) }

    /// One row per dimension: the forecast and its baselines.
    public static func summaryCSV(_ f: Forecast) -> String {
        var out = "dimension,model,forecast,most_probable_position,weighted_mean,weighted_median,initial_min,initial_max,converged,rounds\n"
        for d in f.dimensions {
            out += [csvField(d.dimension), f.options.model.rawValue, num(d.forecast), d.mostProbablePosition.map(num) ?? "",
                    num(d.weightedMean), num(d.weightedMedian), num(d.initialMin), num(d.initialMax),
                    f.converged ? "true" : "false", String(f.rounds)].joined(separator: ",") + "\n"
        }
        return out
    }

    /// Per-round positions per actor and dimension. SMP rows also carry the ideal, the
    /// position's winning probability and the bargain the actor adopted in the turn that led
    /// to this state; BDM rows carry the move kind.
    public static func trajectoryCSV(_ f: Forecast) -> String {
        var out = "model,round,actor,dimension,position,ideal,win_probability,risk,moved_by\n"
        if let r = f.smp {
            for t in 0..<r.stateCount {
                for (i, a) in r.actors.enumerated() {
                    var why = ""
                    if t > 0, let b = r.turns[t - 1].adopted[i] {
                        let bg = r.turns[t - 1].bargains[b]
                        why = "bargain \(r.actors[bg.initiator])->\(r.actors[bg.receiver])"
                    }
                    for (k, d) in r.dimensions.enumerated() {
                        out += ["smp", String(t), csvField(a), csvField(d), num(r.positions[t][i][k]), num(r.ideals[t][i][k]),
                                r.winProbabilities.count == r.stateCount ? num(r.winProbabilities[t][i]) : "",
                                num(r.riskAttitudes[t][i]), csvField(why)].joined(separator: ",") + "\n"
                    }
                }
            }
        }
        if let runs = f.bdm {
            for run in runs {
                for (i, a) in run.actors.enumerated() {
                    out += ["bdm", "0", csvField(a), csvField(run.dimension), num(run.initialPositions[i]), "", "", "", ""].joined(separator: ",") + "\n"
                }
                for (t, rd) in run.rounds.enumerated() {
                    for (i, a) in run.actors.enumerated() {
                        let m = rd.moves.first { $0.receiver == i }
                        let why = m.map { "\($0.kind.rawValue) with \(run.actors[$0.sender])" } ?? ""
                        out += ["bdm", String(t + 1), csvField(a), csvField(run.dimension), num(rd.positions[i]), "", "",
                                num(rd.riskExponents[i]), csvField(why)].joined(separator: ",") + "\n"
                    }
                }
            }
        }
        return out
    }
}
