import Scenario

/// How Monte Carlo sample `i` draws a scenario's uncertain inputs: one uniform per input,
/// in the scenario's input order, from counter stream `2i` of the seed, pushed through
/// each input's quantile function. With a calibration (`scenario.posterior`) one more
/// uniform of the same stream picks a posterior draw by its weight, and every calibrated
/// input takes that draw's value, so their correlations survive; without one nothing else
/// is drawn. Every command that samples a scenario draws through here, so `fulcrum run`,
/// `fulcrum forecast` and `fulcrum backtest` see the same worlds for the same seed.
struct InputDraws: Sendable {
    let inputs: [UncertainInput]
    let seed: UInt64
    private let posterior: Posterior?
    /// For each input, its column in the posterior's draws (nil: not calibrated).
    private let posteriorColumn: [Int?]

    init(_ scenario: Scenario, seed: UInt64) {
        inputs = scenario.uncertainInputs
        self.seed = seed
        posterior = scenario.posterior
        let columns = Dictionary(uniqueKeysWithValues: (scenario.posterior?.paths ?? []).enumerated().map { ($1, $0) })
        posteriorColumn = inputs.map { columns[$0.path] }
    }

    /// Sample `i`'s value of every input, in `inputs` order.
    func values(_ i: Int) -> [Double] {
        var rng = CounterRandom(seed: seed, stream: UInt64(2 * i))
        let u = inputs.map { _ in rng.uniform() }
        var values = zip(inputs, u).map { $0.distribution.quantile($1) }
        if let posterior {
            let draw = posterior.draws[posterior.drawIndex(rng.uniform())]
            for (j, column) in posteriorColumn.enumerated() { if let column { values[j] = draw[column] } }
        }
        return values
    }

    /// Sample `i`'s concrete scenario and its input values.
    func draw(_ scenario: Scenario, sample i: Int) throws -> (scenario: Scenario, values: [Double]) {
        let v = values(i)
        return (try scenario.fixing(Dictionary(uniqueKeysWithValues: zip(inputs.map(\.path), v)), draw: true), v)
    }

    /// A seed for the sample's displacement runs (stream `2i + 1`), shared by every branch.
    func displacementSeed(_ i: Int) -> UInt64 {
        var r = CounterRandom(seed: seed, stream: UInt64(2 * i + 1))
        return r.next()
    }
}
