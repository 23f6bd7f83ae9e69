import Scenario

/// How Monte Carlo sample `i` draws a scenario's uncertain inputs: one uniform per input,
/// in the scenario's input order, from counter stream `2i` of the seed, pushed through
/// each input's quantile function. Every command that samples a scenario draws through
/// here, so `fulcrum run` and `fulcrum forecast` see the same worlds for the same seed.
struct InputDraws: Sendable {
    let inputs: [UncertainInput]
    let seed: UInt64
    private let position: [String: Int]

    init(_ scenario: Scenario, seed: UInt64) {
        inputs = scenario.uncertainInputs
        self.seed = seed
        position = Dictionary(uniqueKeysWithValues: inputs.enumerated().map { ($1.path, $0) })
    }

    /// The uniforms of sample `i`, one per input.
    func uniforms(_ i: Int) -> [Double] {
        var rng = CounterRandom(seed: seed, stream: UInt64(2 * i))
        return inputs.map { _ in rng.uniform() }
    }

    /// Sample `i`'s concrete scenario and its uniforms.
    func draw(_ scenario: Scenario, sample i: Int) throws -> (scenario: Scenario, u: [Double]) {
        let u = uniforms(i)
        return (try scenario.sampled { u[position[$0.path]!] }, u)
    }

    /// A seed for the sample's displacement runs (stream `2i + 1`), shared by every branch.
    func displacementSeed(_ i: Int) -> UInt64 {
        var r = CounterRandom(seed: seed, stream: UInt64(2 * i + 1))
        return r.next()
    }
}
