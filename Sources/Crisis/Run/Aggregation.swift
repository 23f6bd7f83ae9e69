import Scenario

/// Summarises the Monte Carlo samples and sweeps into a `CrisisResult`.
struct Aggregation {
    let model: CrisisModel
    let nominal: WorldOutcome
    let samples: [SampleOutcome]
    let sweeps: [SweepOutcome]
    let options: CrisisRunOptions

    var scenario: Scenario { model.scenario }
    var consequenceIDs: [String] { scenario.consequences.map(\.id) }

    func result() throws -> CrisisResult {
        let n = Double(samples.count)
        // Paths: how often each is the equilibrium; steps from the first sample that had it.
        var counts: [String: Int] = [:]
        var firstSteps: [String: [PathStep]] = [:]
        for s in samples {
            counts[s.world.solution.key, default: 0] += 1
            if firstSteps[s.world.solution.key] == nil { firstSteps[s.world.solution.key] = s.world.solution.path }
        }
        let paths = counts.keys.sorted { (counts[$0]!, $1) > (counts[$1]!, $0) }.map {
            CrisisResult.PathShare(key: $0, probability: Double(counts[$0]!) / n, steps: firstSteps[$0]!)
        }
        let modal = paths[0].key

        let terminals = scenario.tree.terminals
        let branches = terminals.enumerated().map { t, branch in
            CrisisResult.BranchResult(
                id: branch.id, labels: branch.labels, schedule: branch.schedule,
                probability: samples.reduce(0) { $0 + $1.world.solution.terminalProbabilities[t] } / n,
                consequences: keyed { c in Summary(samples.map { $0.world.evaluation.consequences[t][c] }) })
        }

        let schedules = scenario.terminalsBySchedule.map { group -> CrisisResult.ScheduleResult in
            let runs = samples.map { $0.world.evaluation.runs[group.schedule]! }
            let locations = runs[0].locations
            let days = runs[0].displacedByDay.count
            let bands = (0..<days).map { d -> CrisisResult.Band in
                let s = Summary(runs.map { $0.displacedByDay[d] })
                return .init(p05: s.p05, median: s.median, p95: s.p95)
            }
            func byLocation(_ value: (ScheduleRun, Int) -> Double) -> [String: Summary] {
                Dictionary(uniqueKeysWithValues: locations.indices.map { l in
                    (locations[l], Summary(runs.map { value($0, l) }))
                })
            }
            return .init(id: group.schedule, description: scenario.schedule(group.schedule)?.description ?? "",
                         displacedByDay: bands,
                         arrivalsByLocation: byLocation { $0.arrivalsByLocation[$1] },
                         overloadPersonDaysByLocation: byLocation { $0.overloadByLocation[$1] },
                         displaced: Summary(runs.map(\.summary.displaced)),
                         overloadPersonDays: Summary(runs.map(\.summary.overloadPersonDays)),
                         populationDays: runs[0].gridDays,
                         populationByLocation: Self.presentByLocation(runs),
                         inTransit: Self.bandSeries(runs.map { $0.inTransitOnGrid.map(Double.init) }, length: runs[0].gridDays.count),
                         routeFlows: Self.routeFlows(runs))
        }

        let pivot = pivotResult(modal: modal)
        let bargaining = try bargainingResult()
        let nominalUtilities = Dictionary(uniqueKeysWithValues: model.players.enumerated().map {
            ($1, nominal.solution.expectedUtilities[$0])
        })
        return CrisisResult(
            scenario: .init(id: scenario.metadata.id, title: scenario.metadata.title, asOf: scenario.metadata.asOf,
                            horizonDays: model.horizon),
            run: .init(samples: samples.count, seed: options.seed, version: CrisisRunner.version,
                       overrides: options.overrides, calibration: scenario.posterior?.summary),
            players: model.players,
            consequences: scenario.consequences.map { .init(id: $0.id, unit: $0.unit, description: $0.description) },
            nominal: .init(path: nominal.solution.path, key: nominal.solution.key,
                           expectedUtilities: nominalUtilities,
                           expectedConsequences: keyed { nominal.expected[$0] }),
            paths: paths,
            equilibriumConsequences: keyed { c in Summary(samples.map { $0.world.expected[c] }) },
            equilibriumUtilities: Dictionary(uniqueKeysWithValues: model.players.enumerated().map { p, id in
                (id, Summary(samples.map { $0.world.solution.expectedUtilities[p] }))
            }),
            branches: branches, schedules: schedules, pivot: pivot, bargaining: bargaining,
            gameEFG: try CrisisGame(model.nominalScenario).game(utilities: nominal.evaluation.utilities).efgText(),
            warnings: model.bridge.warnings.isEmpty ? nil : model.bridge.warnings,
            backtest: try backtest())
    }

    /// The episodes, scored with the run's seed, what-ifs and at most 200 samples.
    func backtest() throws -> BacktestResult? {
        guard !scenario.episodes.isEmpty else { return nil }
        return try Backtest.run(scenario, options: BacktestOptions(samples: min(options.samples, 200), seed: options.seed,
                                                                   threads: options.threads, isCancelled: options.isCancelled))
    }

    /// 5%, 50% and 95% at each point of same-length series, one per sample.
    static func bandSeries(_ series: [[Double]], length: Int) -> CrisisResult.BandSeries {
        var out = CrisisResult.BandSeries(p05: [], median: [], p95: [])
        for i in 0..<length {
            let s = Summary(series.map { $0[i] })
            out.p05.append(s.p05); out.median.append(s.median); out.p95.append(s.p95)
        }
        return out
    }

    /// People present at each place on the grid days across samples; a place a sample
    /// did not record held nobody on any grid day of that sample.
    static func presentByLocation(_ runs: [ScheduleRun]) -> [String: CrisisResult.BandSeries] {
        let length = runs[0].gridDays.count
        let zero = [Double](repeating: 0, count: length)
        let places = Set(runs.flatMap(\.presentLocations)).sorted()
        var out: [String: CrisisResult.BandSeries] = [:]
        for l in places {
            let series = runs.map { r in r.presentLocations.firstIndex(of: l).map { r.present($0) } ?? zero }
            out[runs[0].locations[l]] = bandSeries(series, length: length)
        }
        return out
    }

    /// People who travelled each route direction across samples (0 in a sample without it).
    static func routeFlows(_ runs: [ScheduleRun]) -> [CrisisResult.RouteFlow] {
        struct Key: Hashable, Comparable {
            var from: Int, to: Int
            static func < (a: Key, b: Key) -> Bool { (a.from, a.to) < (b.from, b.to) }
        }
        let keys = Set(runs.flatMap { $0.routeFlows.map { Key(from: $0.from, to: $0.to) } }).sorted()
        let byRun = runs.map { r in Dictionary(uniqueKeysWithValues: r.routeFlows.map { (Key(from: $0.from, to: $0.to), $0.people) }) }
        let names = runs[0].locations
        return keys.map { k in
            let back = Key(from: k.to, to: k.from)
            return CrisisResult.RouteFlow(from: names[k.from], to: names[k.to], people: Summary(byRun.map { $0[k] ?? 0 }),
                                          net: Summary(byRun.map { ($0[k] ?? 0) - ($0[back] ?? 0) }))
        }
    }

    /// A value per consequence, keyed by consequence id.
    func keyed<T>(_ value: (Int) -> T) -> [String: T] {
        Dictionary(uniqueKeysWithValues: consequenceIDs.enumerated().map { ($1, value($0)) })
    }

    /// Mean over consequences of (max − min of `values` across options) / the consequence's
    /// range across the nominal scenario's branches; consequences that do not vary are skipped.
    func swing(_ values: [[Double]]) -> Double {
        var total = 0.0, count = 0
        for c in consequenceIDs.indices {
            let column = nominal.evaluation.consequences.map { $0[c] }
            let span = (column.max() ?? 0) - (column.min() ?? 0)
            guard span > 0 else { continue }
            let v = values.map { $0[c] }
            total += ((v.max() ?? 0) - (v.min() ?? 0)) / span
            count += 1
        }
        return count == 0 ? 0 : total / Double(count)
    }

    func pivotResult(modal: String) -> PivotResult {
        let indicator = samples.map { $0.world.solution.key == modal ? 1.0 : 0.0 }
        let columns = model.gameInputs.indices.map { j in samples.map { $0.inputs[j] } }
        let indices = firstOrderIndices(inputs: columns, output: indicator)
        let names = InputGroups(model.scenario)
        let sweepResults = model.gameInputs.enumerated().map { j, input in
            PivotResult.Sweep(input: input.path, label: names.name(of: input.path), provenance: input.provenance.description,
                              low: sweeps[j].low, high: sweeps[j].high, nominal: sweeps[j].nominal,
                              tippingPoints: sweeps[j].tippingPoints, swing: swing(sweeps[j].grid),
                              sensitivity: indices[j])
        }
        var byPlayer: [String: [Int]] = [:]
        for (k, f) in model.forcings.enumerated() { byPlayer[f.player, default: []].append(k) }
        let n = Double(samples.count)
        let forcing = model.players.compactMap { player -> PivotResult.PlayerForcing? in
            guard let options = byPlayer[player] else { return nil }
            let results = options.map { k -> PivotResult.Forced in
                let f = model.forcings[k]
                return .init(action: f.action, label: f.label,
                             changesPath: samples.reduce(0) { $0 + ($1.forced[k].key == $1.world.solution.key ? 0 : 1) } / n,
                             expectedConsequences: keyed { c in Summary(samples.map { $0.forced[k].expected[c] }) })
            }
            let means = options.map { k in consequenceIDs.indices.map { c in samples.reduce(0) { $0 + $1.forced[k].expected[c] } / n } }
            return .init(player: player, options: results, swing: swing(means))
        }
        var ranking = sweepResults.map {
            PivotResult.Entry(kind: "input", name: $0.input, score: $0.swing, flipsPath: !$0.tippingPoints.isEmpty)
        }
        ranking += forcing.map { p in
            PivotResult.Entry(kind: "player", name: p.player, score: p.swing,
                              flipsPath: p.options.contains { $0.changesPath > 0.5 })
        }
        ranking.sort { ($0.score, $0.flipsPath ? 1 : 0, $1.name) > ($1.score, $1.flipsPath ? 1 : 0, $0.name) }
        return PivotResult(ranking: ranking, sweeps: sweepResults, players: forcing)
    }

    func bargainingResult() throws -> [IssueForecast] {
        BargainingBridge.summaries(scenario, nominal: try BargainingBridge.forecasts(model.nominalScenario),
                                   samples: samples.map(\.bargaining))
    }
}
