import Foundation

/// Which bargaining model produces a forecast.
public enum BargainingModelKind: String, Sendable, Codable, CaseIterable {
    /// KTAB's Spatial Model of Politics (all dimensions together).
    case smp
    /// Bueno de Mesquita's expected-utility model (each dimension on its own).
    case bdm
}

/// How to forecast: the model and its full parameter set (recorded with every forecast).
public struct ForecastOptions: Sendable, Codable, Hashable {
    public var model: BargainingModelKind
    public var smp: SMPParameters
    public var bdm: BDMVariants

    public init(model: BargainingModelKind = .smp, smp: SMPParameters = SMPParameters(), bdm: BDMVariants = .masad2013) {
        self.model = model
        self.smp = smp
        self.bdm = bdm
    }
}

/// The forecast for one dimension (issue), with the two baselines beside it.
public struct DimensionForecast: Sendable, Codable, Hashable {
    public var dimension: String
    /// The model's forecast on the input scale (0–100). SMP: the expected outcome of the final
    /// probabilistic Condorcet election over distinct positions. BDM: the final median.
    public var forecast: Double
    /// SMP only: the single most probable final position on this dimension.
    public var mostProbablePosition: Double?
    /// Capability × salience weighted mean of the *initial* positions.
    public var weightedMean: Double
    /// Capability × salience weighted median of the initial positions.
    public var weightedMedian: Double
    /// Range of the initial positions (for context: how far apart the actors start).
    public var initialMin: Double
    public var initialMax: Double
}

/// A complete forecast: per-dimension numbers, the model's full record, and its options.
public struct Forecast: Sendable, Codable, Hashable {
    public var problem: String
    public var options: ForecastOptions
    public var dimensions: [DimensionForecast]
    /// False if the model hit its turn/round limit without settling.
    public var converged: Bool
    /// Turns (SMP) or rounds (BDM, the most over dimensions) the model ran.
    public var rounds: Int
    /// The SMP run (trajectories per turn, actor and dimension), when the model is SMP.
    public var smp: SMPResult?
    /// One BDM run per dimension, when the model is BDM.
    public var bdm: [BDMResult]?
}

extension Forecast {
    /// One line per dimension for printing beside other results, e.g.
    /// `offensive extent: SMP 62.3 (weighted mean 55.1, weighted median 60.0; converged in 12 turns)`.
    public var summaryLines: [String] {
        let model = options.model == .smp ? "SMP" : "BDM(\(options.bdm.preset))"
        let unit = options.model == .smp ? "turns" : "rounds"
        let status = converged ? "converged in \(rounds) \(unit)" : "not converged after \(rounds) \(unit)"
        return dimensions.map {
            "\($0.dimension): \(model) \(String(format: "%.1f", $0.forecast)) (weighted mean \(String(format: "%.1f", $0.weightedMean)), "
                + "weighted median \(String(format: "%.1f", $0.weightedMedian)); \(status))"
        }
    }
}

/// The one-call API: forecast every dimension of a problem with the baselines beside it.
public enum Forecaster {
    /// Deterministic for deterministic SMP transitions and for BDM; with stochastic SMP
    /// transitions the stream is seeded by `options.smp.seed`.
    public static func forecast(_ problem: BargainingProblem, options: ForecastOptions = ForecastOptions()) throws -> Forecast {
        try problem.validate()
        let base = Baselines.of(problem)
        func dim(_ k: Int, _ value: Double, _ modal: Double?) -> DimensionForecast {
            let xs = problem.actors.map { $0.positions[k] }
            return DimensionForecast(dimension: problem.dimensions[k], forecast: value, mostProbablePosition: modal,
                                     weightedMean: base[k].weightedMean, weightedMedian: base[k].weightedMedian,
                                     initialMin: xs.min()!, initialMax: xs.max()!)
        }
        switch options.model {
        case .smp:
            let r = try SMPModel.run(problem, parameters: options.smp)
            let modal = r.modalPosition
            let dims = (0..<problem.dimensionCount).map { dim($0, r.forecast(dimension: $0), modal[$0]) }
            return Forecast(problem: problem.name, options: options, dimensions: dims, converged: r.converged,
                            rounds: r.turns.count, smp: r, bdm: nil)
        case .bdm:
            let runs = try (0..<problem.dimensionCount).map { try BDMModel.run(problem, dimension: $0, variants: options.bdm) }
            let dims = runs.enumerated().map { dim($0.offset, $0.element.forecast, nil) }
            return Forecast(problem: problem.name, options: options, dimensions: dims,
                            converged: runs.allSatisfy(\.converged), rounds: runs.map(\.rounds.count).max() ?? 0,
                            smp: nil, bdm: runs)
        }
    }

    /// Convenience for one contested issue: each actor's capability, position (0–100) and
    /// salience (0–100) on that issue.
    public static func forecast(issue: String, actors: [(name: String, capability: Double, position: Double, salience: Double)],
                                options: ForecastOptions = ForecastOptions()) throws -> Forecast {
        let p = BargainingProblem(name: issue, dimensions: [issue], actors: actors.map {
            .init(name: $0.name, capability: $0.capability, positions: [$0.position], saliences: [$0.salience])
        })
        return try forecast(p, options: options)
    }
}
