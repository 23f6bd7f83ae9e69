import Scenario

/// One evaluated world: a concrete scenario's branches, its equilibrium, and what the
/// equilibrium is expected to produce.
struct WorldOutcome: Sendable, Codable {
    var evaluation: BranchEvaluation
    var solution: GameSolution
    /// Consequences expected under the equilibrium (chance included), in scenario order.
    var expected: [Double]
}

/// One Monte Carlo sample.
struct SampleOutcome: Sendable, Codable {
    struct Forced: Sendable, Codable {
        var key: String
        var expected: [Double]
    }
    /// Values of the game-relevant uncertain inputs (`CrisisModel.gameInputs` order).
    var inputs: [Double]
    var world: WorldOutcome
    /// For each forcing option (`CrisisModel.forcings` order): the path key and expected consequences.
    var forced: [Forced]
    /// Bargaining forecast per issue.
    var bargaining: [Double]
}

/// The result of sweeping one input across its range with everything else at nominal.
struct SweepOutcome: Sendable, Codable {
    var low: Double, high: Double, nominal: Double
    var tippingPoints: [PivotResult.TippingPoint]
    /// Expected consequences at each grid point.
    var grid: [[Double]]
}

/// The scenario prepared for repeated evaluation.
struct CrisisModel: Sendable {
    let scenario: Scenario
    let nominalScenario: Scenario
    let horizon: Int
    let seed: UInt64
    let players: [String]
    let draws: InputDraws
    var inputs: [UncertainInput] { draws.inputs }
    /// Inputs that can change the game: not the bargaining issues' positions and saliences,
    /// nor capabilities, which only the bargaining model reads.
    let gameInputs: [UncertainInput]
    let gameInputIndex: [Int]
    /// Every (player, action) a player can be forced to, in tree order.
    let forcings: [(player: String, action: String, label: String)]
    let nominalSeed: UInt64
    /// The displacement engine's inputs, prepared once for every sample and sweep.
    let bridge: DisplacementBridge

    init(scenario: Scenario, horizon: Int, seed: UInt64) throws {
        self.scenario = scenario
        self.horizon = horizon
        self.seed = seed
        nominalScenario = scenario.nominal
        players = scenario.actors.filter(\.isPlayer).map(\.id)
        draws = InputDraws(scenario, seed: seed)
        let all = draws.inputs
        let game = all.indices.filter { !all[$0].path.hasPrefix("issues.") && !all[$0].path.hasPrefix("actors.") }
        gameInputIndex = game
        gameInputs = game.map { all[$0] }
        var seen = Set<String>()
        var f: [(String, String, String)] = []
        for node in scenario.tree.nodes {
            guard case .decision(let player) = node.kind else { continue }
            for b in node.branches where seen.insert("\(player)\u{1}\(b.id)").inserted {
                f.append((player, b.id, b.label))
            }
        }
        forcings = f
        var r = CounterRandom(seed: seed, stream: UInt64.max)
        nominalSeed = r.next()
        bridge = try DisplacementBridge(scenario, horizon: horizon)
    }

    func evaluate(_ concrete: Scenario, displacementSeed: UInt64, reuse: [String: ScheduleRun] = [:]) throws -> WorldOutcome {
        let evaluation = try BranchEvaluation(concrete, players: players, bridge: bridge,
                                              seed: displacementSeed, reuse: reuse)
        let solution = try CrisisGame(concrete).solve(utilities: evaluation.utilities)
        return WorldOutcome(evaluation: evaluation, solution: solution,
                            expected: expectation(solution, evaluation))
    }

    func expectation(_ s: GameSolution, _ e: BranchEvaluation) -> [Double] {
        var out = [Double](repeating: 0, count: scenario.consequences.count)
        for (t, p) in s.terminalProbabilities.enumerated() where p > 0 {
            for c in out.indices { out[c] += p * e.consequences[t][c] }
        }
        return out
    }

    func sample(_ i: Int) throws -> SampleOutcome {
        let (concrete, values) = try draws.draw(scenario, sample: i)
        let world = try evaluate(concrete, displacementSeed: draws.displacementSeed(i))
        let game = CrisisGame(concrete)
        let forced = try forcings.map { f -> SampleOutcome.Forced in
            let s = try game.solve(utilities: world.evaluation.utilities, forcing: (f.player, f.action))
            return .init(key: s.key, expected: expectation(s, world.evaluation))
        }
        let bargaining = try BargainingBridge.forecasts(concrete).map { $0.dimensions.first?.forecast ?? .nan }
        return SampleOutcome(inputs: gameInputIndex.map { values[$0] },
                             world: world, forced: forced, bargaining: bargaining)
    }

    /// Which schedules' displacement runs an input can change.
    func schedulesAffected(by path: String) -> Set<String>? {
        if path.hasPrefix("geography.") || path.hasPrefix("displacement.") { return nil }  // all
        if path.hasPrefix("conflict_schedules.") {
            let id = path.dropFirst("conflict_schedules.".count).split(separator: ".").first.map(String.init) ?? ""
            return [id]
        }
        return []
    }

    /// One-at-a-time sweep of game input `j` over its 2%–98% quantile range, all else at
    /// nominal, with the same displacement seed throughout (so flips are not noise).
    func sweep(input j: Int, nominal: WorldOutcome, steps: Int) throws -> SweepOutcome {
        let input = gameInputs[j]
        let affected = schedulesAffected(by: input.path)
        let reuse = affected.map { set in nominal.evaluation.runs.filter { !set.contains($0.key) } } ?? [:]
        var cache: [Double: WorldOutcome] = [:]
        var failure: Error?
        func world(_ u: Double) -> WorldOutcome? {
            if let w = cache[u] { return w }
            do {
                let concrete = try nominalScenario.setting(path: input.path, to: input.distribution.quantile(u))
                let w = try evaluate(concrete, displacementSeed: nominalSeed, reuse: reuse)
                cache[u] = w
                return w
            } catch {
                failure = failure ?? error
                return nil
            }
        }
        let range = 0.02...0.98
        let points = tippingPoints(over: range, steps: steps, tolerance: 0.004) { u in world(u)?.solution.key ?? "" }
        if let failure { throw failure }
        let width = range.upperBound - range.lowerBound
        let grid = try (0...steps).map { k -> [Double] in
            let u = range.lowerBound + width * Double(k) / Double(steps)
            guard let w = world(u) else { throw failure! }
            return w.expected
        }
        return SweepOutcome(
            low: input.distribution.quantile(range.lowerBound), high: input.distribution.quantile(range.upperBound),
            nominal: input.distribution.nominal,
            tippingPoints: points.map { .init(value: input.distribution.quantile($0.value), below: $0.below, above: $0.above) },
            grid: grid)
    }
}
