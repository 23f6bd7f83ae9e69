import BoundedInput
import Foundation

/// A distribution for an uncertain input.
public enum InputDistribution: Sendable, Codable, Hashable {
    case fixed(Double)
    case uniform(low: Double, high: Double)
    case triangular(low: Double, mode: Double, high: Double)
    /// Normal, redrawn until inside the field's valid range (at most 64 tries, then clamped).
    case normal(mean: Double, sd: Double)

    func sample(_ rng: inout CounterStream) -> Double {
        switch self {
        case let .fixed(v): return v
        case let .uniform(lo, hi): return lo + (hi - lo) * rng.uniform()
        case let .triangular(lo, mode, hi):
            guard hi > lo else { return mode }
            let u = rng.uniform()
            let f = (mode - lo) / (hi - lo)
            return u < f ? lo + ((hi - lo) * (mode - lo) * u).squareRoot()
                         : hi - ((hi - lo) * (hi - mode) * (1 - u)).squareRoot()
        case let .normal(m, sd):
            // Box–Muller with two fresh uniforms per draw (no cached state).
            let u1 = max(rng.uniform(), 0x1p-60), u2 = rng.uniform()
            return m + sd * (-2 * log(u1)).squareRoot() * cos(2 * .pi * u2)
        }
    }
}

/// Which input of which actor is uncertain.
public enum InputField: Sendable, Codable, Hashable {
    case capability
    case position(dimension: Int)
    case salience(dimension: Int)
}

public struct UncertainInput: Sendable, Codable, Hashable {
    public var actor: Int
    public var field: InputField
    public var distribution: InputDistribution

    public init(actor: Int, field: InputField, distribution: InputDistribution) {
        self.actor = actor
        self.field = field
        self.distribution = distribution
    }

    /// "Actor position on Dim" etc., for reports.
    public func label(in p: BargainingProblem) -> String {
        let a = p.actors[actor].name
        switch field {
        case .capability: return "\(a) capability"
        case let .position(k): return "\(a) position on \(p.dimensions[k])"
        case let .salience(k): return "\(a) salience on \(p.dimensions[k])"
        }
    }
}

/// A Monte Carlo study: a base problem, its uncertain inputs, and how to forecast each draw.
public struct MonteCarloSpec: Sendable {
    public var problem: BargainingProblem
    public var uncertain: [UncertainInput]
    public var samples: Int
    public var seed: UInt64
    public var options: ForecastOptions
    /// Per dimension: report P(forecast ≥ threshold). Nil entries or a short array mean 50.
    public var thresholds: [Double]
    /// Worker threads (nil = all cores). Results do not depend on it.
    public var threads: Int?

    public init(problem: BargainingProblem, uncertain: [UncertainInput], samples: Int, seed: UInt64 = 1,
                options: ForecastOptions = ForecastOptions(), thresholds: [Double] = [], threads: Int? = nil) {
        self.problem = problem
        self.uncertain = uncertain
        self.samples = samples
        self.seed = seed
        self.options = options
        self.thresholds = thresholds
        self.threads = threads
    }

    /// Every position uncertain as triangular(x − spread, x, x + spread), clipped to 0–100:
    /// the CLI's default when no uncertainty file is given.
    public static func positionSpread(_ problem: BargainingProblem, spread: Double) -> [UncertainInput] {
        var out: [UncertainInput] = []
        for (i, a) in problem.actors.enumerated() {
            for k in 0..<problem.dimensionCount {
                let x = a.positions[k]
                out.append(UncertainInput(actor: i, field: .position(dimension: k),
                                          distribution: .triangular(low: max(0, x - spread), mode: x, high: min(100, x + spread))))
            }
        }
        return out
    }
}

public struct InputSensitivity: Sendable, Codable, Hashable {
    public var input: String
    /// Pearson correlation between the sampled input and the forecast.
    public var correlation: Double
    /// Mean forecast when the input is in its top third of draws minus when it is in its
    /// bottom third (a tornado bar, in forecast units).
    public var swing: Double
}

public struct DimensionUncertainty: Sendable, Codable, Hashable {
    public var dimension: String
    public var median: Double
    public var mean: Double
    /// 80% interval (10th–90th percentile) and 90% interval (5th–95th).
    public var p10: Double, p90: Double
    public var p5: Double, p95: Double
    public var threshold: Double
    /// Share of draws whose forecast is ≥ threshold.
    public var probabilityAtLeastThreshold: Double
    /// Baselines over the draws (medians), for comparison.
    public var weightedMeanMedian: Double
    public var weightedMedianMedian: Double
    /// Inputs ranked by |swing|, largest first (at most 10).
    public var sensitivity: [InputSensitivity]
    /// The input that moves this dimension's forecast most.
    public var mostInfluentialInput: String?
}

public struct MonteCarloResult: Sendable, Codable, Hashable {
    public var samples: Int
    public var seed: UInt64
    public var model: BargainingModelKind
    public var dimensions: [DimensionUncertainty]
    /// Share of the successful draws in which the model converged.
    public var convergedShare: Double
    /// Draws whose model run failed (left out of every statistic), and the first failure.
    public var failedDraws: Int
    public var firstFailure: String?
}

/// Monte Carlo over uncertain inputs.
///
/// Guarantees: draw d samples its inputs, in the order given, from
/// `CounterStream(seed: seed, stream: d)`; each draw is an independent deterministic model
/// run (stochastic SMP transitions are seeded per draw from the same stream); statistics are
/// computed from the draws in draw order. Results are therefore bit-identical for a given
/// seed whatever the thread count. Sampled values are clipped to their valid ranges
/// (positions and saliences 0–100, capabilities > 0); if an actor's saliences then sum to
/// more than 100 they are scaled down to sum to 100.
public enum MonteCarlo {
    public static func run(_ spec: MonteCarloSpec) throws -> MonteCarloResult {
        try spec.problem.validate()
        guard spec.samples >= 1 else { throw BargainingError.invalidParameter("samples must be ≥ 1") }
        for u in spec.uncertain {
            guard u.actor >= 0 && u.actor < spec.problem.actorCount else {
                throw BargainingError.invalidParameter("uncertain input names actor \(u.actor), which does not exist")
            }
            switch u.field {
            case let .position(k), let .salience(k):
                guard k >= 0 && k < spec.problem.dimensionCount else {
                    throw BargainingError.invalidParameter("uncertain input names dimension \(k), which does not exist")
                }
            case .capability: break
            }
        }
        let S = spec.samples, D = spec.problem.dimensionCount, U = spec.uncertain.count
        let buf = DrawBuffers(samples: S, dims: D, inputs: U)
        defer { buf.free() }
        let threads = max(1, spec.threads ?? ProcessInfo.processInfo.activeProcessorCount)
        let chunk = max(1, (S + threads * 4 - 1) / (threads * 4))
        let chunks = (S + chunk - 1) / chunk
        let work = { @Sendable (c: Int) in
            for d in (c * chunk)..<min(S, (c + 1) * chunk) {
                var rng = CounterStream(seed: spec.seed, stream: UInt64(d))
                var p = spec.problem
                for (u, inp) in spec.uncertain.enumerated() {
                    var v = inp.distribution.sample(&rng)
                    switch inp.field {
                    case .capability:
                        v = max(v, 1e-9); p.actors[inp.actor].capability = v
                    case let .position(k):
                        v = min(100, max(0, v)); p.actors[inp.actor].positions[k] = v
                    case let .salience(k):
                        v = min(100, max(0, v)); p.actors[inp.actor].saliences[k] = v
                    }
                    buf.inputs[d * U + u] = v
                }
                for i in p.actors.indices {
                    let t = p.actors[i].saliences.reduce(0, +)
                    if t > 100 { p.actors[i].saliences = p.actors[i].saliences.map { $0 * 100 / t } }
                }
                var opts = spec.options
                opts.smp.seed = rng.next()
                opts.smp.reportProbabilitiesEachTurn = false
                do {
                    let f = try Forecaster.forecast(p, options: opts)
                    for k in 0..<D {
                        buf.forecasts[d * D + k] = f.dimensions[k].forecast
                        buf.means[d * D + k] = f.dimensions[k].weightedMean
                        buf.medians[d * D + k] = f.dimensions[k].weightedMedian
                    }
                    buf.converged[d] = f.converged ? 1 : 0
                } catch {
                    buf.failed[d] = 1
                    buf.recordError(d, error)
                }
            }
        }
        if threads == 1 {
            for c in 0..<chunks { work(c) }
        } else {
            DispatchQueue.concurrentPerform(iterations: chunks) { work($0) }
        }
        // A draw whose model run fails (e.g. KTAB's MarkovIncentive limit) is left out and
        // counted; if every draw fails, the first failure is the error.
        let ok = (0..<S).filter { buf.failed[$0] == 0 }
        if ok.isEmpty, let e = buf.firstError() { throw e }
        let failures = S - ok.count
        let firstFailure = failures > 0 ? buf.firstError().map { "\($0)" } : nil
        let forecasts = Array(buf.forecasts), means = Array(buf.means), medians = Array(buf.medians)
        let inputs = Array(buf.inputs)
        let converged = Array(buf.converged).map { $0 == 1 }

        var dims: [DimensionUncertainty] = []
        for k in 0..<D {
            let f = ok.map { forecasts[$0 * D + k] }
            let sorted = f.sorted()
            func q(_ p: Double) -> Double { quantile(sorted, p) }
            let threshold = k < spec.thresholds.count ? spec.thresholds[k] : 50
            let above = Double(f.filter { $0 >= threshold }.count) / Double(f.count)
            var sens: [InputSensitivity] = []
            for u in 0..<U {
                let x = ok.map { inputs[$0 * U + u] }
                sens.append(InputSensitivity(input: spec.uncertain[u].label(in: spec.problem),
                                             correlation: correlation(x, f), swing: swing(x, f)))
            }
            sens.sort { abs($0.swing) > abs($1.swing) || (abs($0.swing) == abs($1.swing) && $0.input < $1.input) }
            let mean = f.reduce(0, +) / Double(f.count)
            dims.append(DimensionUncertainty(
                dimension: spec.problem.dimensions[k], median: q(0.5), mean: mean,
                p10: q(0.10), p90: q(0.90), p5: q(0.05), p95: q(0.95),
                threshold: threshold, probabilityAtLeastThreshold: above,
                weightedMeanMedian: quantile(ok.map { means[$0 * D + k] }.sorted(), 0.5),
                weightedMedianMedian: quantile(ok.map { medians[$0 * D + k] }.sorted(), 0.5),
                sensitivity: Array(sens.prefix(10)),
                mostInfluentialInput: sens.first(where: { $0.swing != 0 })?.input))
        }
        return MonteCarloResult(samples: S, seed: spec.seed, model: spec.options.model, dimensions: dims,
                                convergedShare: Double(ok.filter { converged[$0] }.count) / Double(ok.count),
                                failedDraws: failures, firstFailure: firstFailure)
    }

    /// Linear interpolation between order statistics (type 7, as R and NumPy default).
    static func quantile(_ sorted: [Double], _ p: Double) -> Double {
        guard sorted.count > 1 else { return sorted.first ?? .nan }
        let h = Double(sorted.count - 1) * p
        let lo = Int(h.rounded(.down)), hi = min(lo + 1, sorted.count - 1)
        return sorted[lo] + (h - Double(lo)) * (sorted[hi] - sorted[lo])
    }

    static func correlation(_ x: [Double], _ y: [Double]) -> Double {
        let n = Double(x.count)
        let mx = x.reduce(0, +) / n, my = y.reduce(0, +) / n
        var sxy = 0.0, sxx = 0.0, syy = 0.0
        for i in x.indices {
            let a = x[i] - mx, b = y[i] - my
            sxy += a * b; sxx += a * a; syy += b * b
        }
        return sxx > 0 && syy > 0 ? sxy / (sxx * syy).squareRoot() : 0
    }

    /// Mean of y over the draws with x in its top third minus over its bottom third.
    static func swing(_ x: [Double], _ y: [Double]) -> Double {
        let order = x.indices.sorted { x[$0] < x[$1] || (x[$0] == x[$1] && $0 < $1) }
        let third = order.count / 3
        guard third > 0, x[order.first!] < x[order.last!] else { return 0 }
        let low = order.prefix(third).map { y[$0] }, high = order.suffix(third).map { y[$0] }
        return high.reduce(0, +) / Double(high.count) - low.reduce(0, +) / Double(low.count)
    }
}

/// Per-draw output slots; each draw writes only its own indices, so threads never share a
/// slot (hence the unchecked Sendable).
final class DrawBuffers: @unchecked Sendable {
    let forecasts, means, medians, inputs: UnsafeMutableBufferPointer<Double>
    let converged, failed: UnsafeMutableBufferPointer<UInt8>
    private let lock = NSLock()
    private var errors: [(Int, Error)] = []

    init(samples S: Int, dims D: Int, inputs U: Int) {
        func make(_ n: Int) -> UnsafeMutableBufferPointer<Double> {
            let b = UnsafeMutableBufferPointer<Double>.allocate(capacity: max(n, 1)); b.initialize(repeating: .nan); return b
        }
        forecasts = make(S * D); means = make(S * D); medians = make(S * D); inputs = make(S * U)
        converged = .allocate(capacity: max(S, 1)); converged.initialize(repeating: 0)
        failed = .allocate(capacity: max(S, 1)); failed.initialize(repeating: 0)
        if S * U == 0 { inputs.initialize(repeating: 0) }
    }

    func recordError(_ d: Int, _ e: Error) { lock.lock(); errors.append((d, e)); lock.unlock() }
    /// The error of the lowest-numbered failed draw (independent of thread timing).
    func firstError() -> Error? { errors.min { $0.0 < $1.0 }?.1 }

    func free() {
        forecasts.deallocate(); means.deallocate(); medians.deallocate(); inputs.deallocate()
        converged.deallocate(); failed.deallocate()
    }
}
