import Foundation
import Scenario

/// Settings of the ABC-SMC sampler (`fulcrum calibrate`).
public struct ABCSettings: Sendable, Codable, Equatable {
    /// Particles per generation.
    public var particles: Int
    /// Generations after the first (drawn from the prior) at most.
    public var maxGenerations: Int
    /// Each generation's tolerance is this quantile of the previous generation's distances.
    public var toleranceQuantile: Double
    /// Stop once a generation accepts fewer than this share of its proposals.
    public var minAcceptance: Double
    /// Stop once the tolerance falls by less than this share from one generation to the next.
    public var minImprovement: Double
    /// Proposals one particle may make in one generation; a generation in which some
    /// particle exhausts them is abandoned and the previous one is the answer.
    public var maxAttemptsPerParticle: Int

    /// The defaults fit the Idlib episode in about two minutes on two cores. Deeper generations
    /// narrow the posterior further, but at this tolerance its 90% intervals already miss some
    /// of the record (docs/calibration.md, "How deep to go"), so depth would buy false sharpness.
    public init(particles: Int = 200, maxGenerations: Int = 6, toleranceQuantile: Double = 0.5,
                minAcceptance: Double = 0.03, minImprovement: Double = 0.02, maxAttemptsPerParticle: Int = 400) {
        self.particles = particles; self.maxGenerations = maxGenerations; self.toleranceQuantile = toleranceQuantile
        self.minAcceptance = minAcceptance; self.minImprovement = minImprovement
        self.maxAttemptsPerParticle = maxAttemptsPerParticle
    }
}

/// One generation of the sampler, for the progress line and the record.
public struct ABCGeneration: Sendable, Codable, Equatable {
    public var index: Int
    /// The distance every particle of this generation is within (∞ for the prior's).
    public var tolerance: Double
    /// Proposals simulated.
    public var simulations: Int
    /// Accepted ÷ simulated.
    public var acceptance: Double
    /// Effective sample size of the weights, 1 / Σ w².
    public var effectiveSampleSize: Double
}

/// Approximate Bayesian computation by sequential Monte Carlo (Beaumont, Cornuet, Marin &
/// Robert 2009, "Adaptive approximate Bayesian computation", Biometrika 96(4)), with the
/// adaptive tolerance of Del Moral, Doucet & Jasra (2012): each generation keeps proposals
/// whose distance to the observations is within a quantile of the previous generation's
/// distances, perturbed from the previous particles by a Gaussian kernel with twice their
/// weighted covariance, and weighted by prior ÷ mixture-of-kernels density.
///
/// Parameters live in standard-normal coordinates z: the prior is N(0, I) there, and a
/// calibrated input's value is its prior quantile at Φ(z), so bounded, skewed and
/// unbounded priors are all handled the same way and every proposal is inside the prior's
/// support. Approximate: the result is the posterior given "distance ≤ final tolerance",
/// which tends to the exact posterior as the tolerance shrinks.
///
/// Random and parallel: proposal `a` of particle `k` in generation `g` draws only from its
/// own counter stream (seed, g, k, a), and particles are evaluated in index order by
/// `deterministicMap`, so results are bit-identical whatever the thread count.
struct ABCSMC {
    let dimension: Int
    let settings: ABCSettings
    let seed: UInt64
    let threads: Int
    /// The distance of the simulation at parameters z (standard-normal coordinates) to the
    /// observations; `rng` is the proposal's stream, for the nuisance draws and the
    /// simulation's seed. Non-finite distances are rejections.
    let distance: @Sendable (_ z: [Double], _ rng: inout CounterRandom) throws -> Double
    let isCancelled: @Sendable () -> Bool

    struct Result: Sendable {
        var z: [[Double]]
        var weights: [Double]
        var distances: [Double]
        var generations: [ABCGeneration]
    }

    private struct Slot: Sendable { var z: [Double]; var distance: Double; var attempts: Int }

    func stream(generation g: Int, particle k: Int, attempt a: Int) -> CounterRandom {
        CounterRandom(seed: seed &+ UInt64(g + 1) &* 0x9E37_79B9_7F4A_7C15, stream: (UInt64(k) << 24) | UInt64(a))
    }

    func run(progress: (@Sendable (_ generation: ABCGeneration) -> Void)? = nil) throws -> Result {
        let n = settings.particles
        guard n >= 2 else { throw CrisisError.invalidOption("calibration needs at least 2 particles") }
        // Generation 0: the prior.
        let first = try evaluate(count: n) { k -> Slot in
            var rng = stream(generation: 0, particle: k, attempt: 0)
            let z = (0..<dimension).map { _ in standardNormal(&rng) }
            return Slot(z: z, distance: try distance(z, &rng), attempts: 1)
        }
        var particles = first.map(\.z)
        var distances = first.map(\.distance)
        var weights = [Double](repeating: 1 / Double(n), count: n)
        var generations = [ABCGeneration(index: 0, tolerance: .infinity, simulations: n, acceptance: 1, effectiveSampleSize: Double(n))]
        progress?(generations[0])
        var tolerance = Double.infinity
        for g in 1...max(1, settings.maxGenerations) where settings.maxGenerations >= 1 {
            let finite = distances.filter(\.isFinite).sorted()
            guard !finite.isEmpty else { break }
            let next = quantile(sorted: finite, settings.toleranceQuantile)
            if tolerance.isFinite && next > tolerance * (1 - settings.minImprovement) { break }
            guard let kernel = Kernel(particles, weights) else { break }
            let parents = cumulative(weights)
            let previous = particles
            let proposals = try evaluate(count: n) { k -> Slot? in
                for a in 0..<settings.maxAttemptsPerParticle {
                    var rng = stream(generation: g, particle: k, attempt: a)
                    let parent = pick(parents, rng.uniform())
                    let z = kernel.perturb(previous[parent], &rng)
                    let d = try distance(z, &rng)
                    if d.isFinite && d <= next { return Slot(z: z, distance: d, attempts: a + 1) }
                }
                return nil
            }
            guard proposals.allSatisfy({ $0 != nil }) else { break }
            let accepted = proposals.map { $0! }
            let newZ = accepted.map(\.z)
            let newW = kernel.weights(newZ, previous: particles, previousWeights: weights)
            let simulations = accepted.reduce(0) { $0 + $1.attempts }
            particles = newZ; weights = newW; distances = accepted.map(\.distance); tolerance = next
            let info = ABCGeneration(index: g, tolerance: next, simulations: simulations,
                                     acceptance: Double(n) / Double(simulations),
                                     effectiveSampleSize: 1 / weights.reduce(0) { $0 + $1 * $1 })
            generations.append(info)
            progress?(info)
            if info.acceptance < settings.minAcceptance { break }
        }
        return Result(z: particles, weights: weights, distances: distances, generations: generations)
    }

    private func evaluate<T: Sendable>(count: Int, _ body: @Sendable (Int) throws -> T) throws -> [T] {
        try deterministicMap(count: count, threads: threads) { k -> Swift.Result<T, Error> in
            if isCancelled() { return .failure(CrisisError.cancelled) }
            return Swift.Result { try body(k) }
        }.map { try $0.get() }
    }
}

/// A standard-normal draw by inversion (one uniform per draw, so streams stay aligned).
func standardNormal(_ rng: inout CounterRandom) -> Double {
    Distribution.normal(mean: 0, sd: 1, min: -.infinity, max: .infinity).quantile(rng.uniform())
}

private func cumulative(_ w: [Double]) -> [Double] {
    var acc = 0.0
    return w.map { acc += $0; return acc }
}

/// The index whose cumulative weight first exceeds u × total.
private func pick(_ cumulative: [Double], _ u: Double) -> Int {
    let x = u * (cumulative.last ?? 0)
    var lo = 0, hi = cumulative.count - 1
    while lo < hi { let mid = (lo + hi) / 2; if cumulative[mid] > x { hi = mid } else { lo = mid + 1 } }
    return lo
}

/// The Gaussian perturbation kernel N(0, 2Σ), Σ the particles' weighted covariance
/// (Beaumont et al.'s choice), through its Cholesky factor.
private struct Kernel: Sendable {
    let d: Int
    /// Lower-triangular L with L Lᵀ = 2Σ, row-major.
    let l: [Double]

    init?(_ z: [[Double]], _ w: [Double]) {
        d = z.first?.count ?? 0
        guard d > 0 else { return nil }
        var mean = [Double](repeating: 0, count: d)
        for (x, wi) in zip(z, w) { for j in 0..<d { mean[j] += wi * x[j] } }
        var cov = [Double](repeating: 0, count: d * d)
        for (x, wi) in zip(z, w) {
            for a in 0..<d { for b in 0...a { cov[a * d + b] += wi * (x[a] - mean[a]) * (x[b] - mean[b]) } }
        }
        // A floor keeps a collapsed dimension from freezing (and the factor positive definite).
        for a in 0..<d { for b in 0...a { cov[a * d + b] *= 2; cov[b * d + a] = cov[a * d + b] }; cov[a * d + a] += 1e-8 }
        var l = [Double](repeating: 0, count: d * d)
        for i in 0..<d {
            for j in 0...i {
                var s = cov[i * d + j]
                for k in 0..<j { s -= l[i * d + k] * l[j * d + k] }
                if i == j {
                    guard s > 0 else { return nil }
                    l[i * d + i] = s.squareRoot()
                } else {
                    l[i * d + j] = s / l[j * d + j]
                }
            }
        }
        self.l = l
    }

    func perturb(_ z: [Double], _ rng: inout CounterRandom) -> [Double] {
        let xi = (0..<d).map { _ in standardNormal(&rng) }
        return (0..<d).map { i in z[i] + (0...i).reduce(0) { $0 + l[i * d + $1] * xi[$1] } }
    }

    /// ½ |L⁻¹ v|², by forward substitution.
    func halfMahalanobis(_ v: [Double]) -> Double {
        var y = [Double](repeating: 0, count: d)
        var s2 = 0.0
        for i in 0..<d {
            var s = v[i]
            for k in 0..<i { s -= l[i * d + k] * y[k] }
            y[i] = s / l[i * d + i]
            s2 += y[i] * y[i]
        }
        return s2 / 2
    }

    /// Normalised importance weights: prior density N(0, I) over the kernel mixture
    /// Σ_j w_j K(z − z_j), in log space.
    func weights(_ z: [[Double]], previous: [[Double]], previousWeights: [Double]) -> [Double] {
        let logs = z.map { x -> Double in
            let logPrior = -x.reduce(0) { $0 + $1 * $1 } / 2
            let terms = zip(previous, previousWeights).map { p, w in Foundation.log(w) - halfMahalanobis(zip(x, p).map { $0 - $1 }) }
            let m = terms.max() ?? 0
            let logMix = m + Foundation.log(terms.reduce(0) { $0 + Foundation.exp($1 - m) })
            return logPrior - logMix
        }
        let m = logs.max() ?? 0
        let raw = logs.map { Foundation.exp($0 - m) }
        let total = raw.reduce(0, +)
        return raw.map { $0 / total }
    }
}
