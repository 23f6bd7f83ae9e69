import BoundedInput
import Foundation

/// A forecast with its optional Monte Carlo study: the JSON document `fulcrum forecast` prints.
public struct ForecastReport: Sendable, Codable, Hashable {
    public var forecast: Forecast
    public var monteCarlo: MonteCarloResult?
    /// Where inputs and parameters came from, when that is not obvious (e.g. a command-line
    /// override of a file's model parameters, KTAB quirk K9).
    public var notes: [String]
    public init(forecast: Forecast, monteCarlo: MonteCarloResult?, notes: [String] = []) {
        self.forecast = forecast
        self.monteCarlo = monteCarlo
        self.notes = notes
    }
}

extension ForecastOutput {
    /// Monte Carlo summary: one row per dimension, then the sensitivity rows.
    public static func monteCarloCSV(_ mc: MonteCarloResult) -> String {
        var out = "dimension,samples,failed_draws,median,mean,p5,p10,p90,p95,threshold,p_at_least_threshold,weighted_mean_median,weighted_median_median,most_influential_input\n"
        for d in mc.dimensions {
            out += [csvField(d.dimension), String(mc.samples), String(mc.failedDraws), num(d.median), num(d.mean), num(d.p5), num(d.p10), num(d.p90), num(d.p95),
                    num(d.threshold), num(d.probabilityAtLeastThreshold), num(d.weightedMeanMedian), num(d.weightedMedianMedian),
                    csvField(d.mostInfluentialInput ?? "")].joined(separator: ",") + "\n"
        }
        out += "\ndimension,input,swing,correlation\n"
        for d in mc.dimensions {
            for s in d.sensitivity {
                out += [csvField(d.dimension), csvField(s.input), num(s.swing), num(s.correlation)].joined(separator: ",") + "\n"
            }
        }
        return out
    }

    static func f1(_ x: Double) -> String { String(format: "%.1f", x) }
    static func f2(_ x: Double) -> String { String(format: "%.2f", x) }

    static func pad(_ s: String, _ w: Int) -> String {
        s.count >= w ? s : s + String(repeating: " ", count: w - s.count)
    }

    /// A plain-text report for people.
    public static func text(_ f: Forecast, problem: BargainingProblem, monteCarlo mc: MonteCarloResult?, notes: [String] = []) -> String {
        var out = ""
        let modelName = f.options.model == .smp ? "KTAB Spatial Model of Politics (SMP)" : "BDM expected utility (\(f.options.bdm.preset))"
        out += "Bargaining forecast: \(f.problem)\n"
        out += "Model: \(modelName); \(problem.actorCount) actors, \(problem.dimensionCount) dimension(s); "
        out += f.options.model == .smp ? "\(f.rounds) turns" : "\(f.rounds) rounds"
        out += f.converged ? ", converged\n" : ", NOT converged (turn/round limit reached)\n"
        if f.options.model == .smp {
            out += "Parameters: " + f.options.smp.ktabDescription.map { "\($0.0)=\($0.1)" }.joined(separator: " ") + "\n"
            let c = f.options.smp.compatibility
            if c != SMPCompatibility() {
                out += "Compatibility switches (non-default): ktabReceiverProbabilityIsGain=\(c.ktabReceiverProbabilityIsGain) "
                    + "ktabPairwiseWeightUsesInitiatorCapability=\(c.ktabPairwiseWeightUsesInitiatorCapability) "
                    + "ktabRejectBigRFull=\(c.ktabRejectBigRFull) ktabPositionProbabilityLastMatch=\(c.ktabPositionProbabilityLastMatch) "
                    + "logAllPerspectives=\(c.logAllPerspectives)\n"
            }
        }
        if f.options.model == .bdm {
            let v = f.options.bdm
            out += "Variants: probNumerator=\(v.probNumerator.rawValue) probDenominator=\(v.probDenominator.rawValue) "
                + "betterWorseDistance=\(v.betterWorseDistance.rawValue) statusQuoTerm=\(v.statusQuoTerm.rawValue) "
                + "riskExponentOwner=\(v.riskExponentOwner.rawValue) riskBaseline=\(v.riskBaseline.rawValue) "
                + "offerSending=\(v.offerSending.rawValue) resistedOffersCompete=\(v.resistedOffersCompete) "
                + "offerSelection=\(v.offerSelection.rawValue) offerClassification=\(v.offerClassification.rawValue) "
                + "capitulationTest=\(v.capitulationTest.rawValue) medianRule=\(v.medianRule.rawValue) "
                + "medianRecompute=\(v.medianRecompute.rawValue)"
                + (v.medianRecompute == .perPass ? " finalPassMedianRule=\(v.finalPassMedianRule.rawValue)" : "")
                + " Q=\(v.q) T=\(v.t)\n"
        }
        for n in notes { out += "Note: \(n)\n" }
        out += "\n"
        let w = max(10, f.dimensions.map(\.dimension.count).max() ?? 10)
        out += pad("dimension", w) + "  forecast  most-probable  wtd-mean  wtd-median  initial range\n"
        for d in f.dimensions {
            out += pad(d.dimension, w) + "  " + pad(f2(d.forecast), 8) + "  " + pad(d.mostProbablePosition.map(f2) ?? "-", 13) + "  "
                + pad(f2(d.weightedMean), 8) + "  " + pad(f2(d.weightedMedian), 10) + "  " + "\(f1(d.initialMin))–\(f1(d.initialMax))\n"
        }
        out += "(wtd-mean and wtd-median are the capability × salience baselines of the initial positions)\n"
        if let r = f.smp, r.actors.count <= 40 {
            out += "\nFinal positions (start → end) and winning probability:\n"
            let aw = max(8, r.actors.map(\.count).max() ?? 8)
            for (i, a) in r.actors.enumerated() {
                let moves = r.dimensions.indices.map { "\(f1(r.positions[0][i][$0]))→\(f1(r.finalPositions[i][$0]))" }
                out += "  " + pad(a, aw) + "  " + moves.joined(separator: "  ") + "   p=\(String(format: "%.4f", r.finalWinProbabilities[i]))\n"
            }
        }
        if let runs = f.bdm {
            for run in runs {
                out += "\n\(run.dimension): \(run.rounds.count) rounds, forecast \(f2(run.forecast)) (initial median \(f2(run.initialMedian)))"
                if !run.cycles.isEmpty {
                    out += "; oscillating: " + run.cycles.map { "\(run.actors[$0.actor]) (period \($0.period))" }.joined(separator: ", ")
                }
                out += "\n"
            }
        }
        if let mc {
            out += "\nMonte Carlo: \(mc.samples) draws, seed \(mc.seed); converged in \(String(format: "%.1f", mc.convergedShare * 100))% of draws\n"
            if mc.failedDraws > 0 {
                out += "WARNING: \(mc.failedDraws) draws failed and are left out (first: \(mc.firstFailure ?? "?"))\n"
            }
            out += pad("dimension", w) + "  median  80% interval     90% interval     P(≥ threshold)  most influential input\n"
            for d in mc.dimensions {
                out += pad(d.dimension, w) + "  " + pad(f2(d.median), 6) + "  " + pad("\(f2(d.p10))–\(f2(d.p90))", 15) + "  "
                    + pad("\(f2(d.p5))–\(f2(d.p95))", 15) + "  " + pad("\(String(format: "%.3f", d.probabilityAtLeastThreshold)) (≥\(f1(d.threshold)))", 14)
                    + "  " + (d.mostInfluentialInput ?? "-") + "\n"
            }
            for d in mc.dimensions {
                out += "\nSensitivity on \(d.dimension) (swing = mean forecast, top third of the input's draws minus bottom third):\n"
                for s in d.sensitivity.prefix(5) {
                    out += "  " + pad(s.input, 40) + "  swing \(String(format: "%+.2f", s.swing))  r \(String(format: "%+.2f", s.correlation))\n"
                }
            }
        }
        return out
    }
}
