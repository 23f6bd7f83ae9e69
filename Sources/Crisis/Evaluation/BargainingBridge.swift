import Bargaining
import Scenario

/// The scenario's contested issues as bargaining problems: each actor's capability,
/// and on the issue its position (0–100) and salience (scenario 0–1, model 0–100).
/// Each issue is forecast on its own, as one dimension: the scenario's issues are
/// separate questions, not one multi-dimensional space.
public enum BargainingBridge {
    /// Forecasts every issue of a concrete scenario with KTAB's Spatial Model of Politics
    /// at its default parameters. Deterministic.
    static func forecasts(_ scenario: Scenario, options: ForecastOptions = ForecastOptions()) throws -> [Forecast] {
        try scenario.issues.map { try forecast($0, in: scenario, options: options) }
    }

    /// One issue of a concrete scenario as a one-dimensional bargaining problem, forecast.
    /// Uses current values (fixed, or medians of uncertain ones). Deterministic.
    public static func forecast(_ issue: Issue, in scenario: Scenario,
                                options: ForecastOptions = ForecastOptions()) throws -> Forecast {
        let actors = issue.stances.map { s -> (name: String, capability: Double, position: Double, salience: Double) in
            (s.actor, scenario.actor(s.actor)?.capability.nominal ?? 0, s.position.nominal, s.salience.nominal * 100)
        }
        return try Forecaster.forecast(issue: issue.id, actors: actors, options: options)
    }

    /// Each issue's forecast at nominal inputs, its baselines, and its distribution over
    /// `samples` (one forecast per issue per sample, in issue order).
    static func summaries(_ scenario: Scenario, nominal: [Forecast], samples: [[Double]],
                          model: BargainingModelKind = .smp) -> [IssueForecast] {
        scenario.issues.enumerated().map { k, issue in
            let d = nominal[k].dimensions.first
            return IssueForecast(
                issue: issue.id, title: issue.title,
                anchors: Dictionary(uniqueKeysWithValues: issue.anchors.map {
                    ($0.position == $0.position.rounded() ? String(Int($0.position)) : String($0.position), $0.label)
                }),
                model: model.rawValue,
                forecast: d?.forecast ?? .nan, weightedMean: d?.weightedMean ?? .nan,
                weightedMedian: d?.weightedMedian ?? .nan,
                distribution: Summary(samples.map { $0[k] }),
                rounds: nominal[k].smp.map { smp in
                    IssueForecast.Rounds(actors: smp.actors, positions: smp.positions.map { state in state.map { $0.first ?? .nan } })
                })
        }
    }

    /// The bargaining forecast alone (`fulcrum forecast SCENARIO`): the nominal forecast of
    /// every issue, and its distribution when every uncertain input of the scenario is drawn
    /// `samples` times (sample `i` uses counter stream `2i` of `seed`, as `fulcrum run` does,
    /// so the two commands draw the same worlds). Bit-identical whatever `threads`.
    /// With `spread`, the draws also spread every fixed position (`spreadingPositions`);
    /// the nominal forecast and baselines stay those of the scenario as written.
    public static func forecast(_ scenario: Scenario, samples: Int, seed: UInt64, threads: Int? = nil,
                                options: ForecastOptions = ForecastOptions(), spread: Double? = nil) throws -> [IssueForecast] {
        let nominal = try forecasts(scenario.nominal, options: options)
        let drawn = spread.map { spreadingPositions(scenario, by: $0) } ?? scenario
        let draws = InputDraws(drawn, seed: seed)
        let values = try deterministicMap(count: max(samples, 1), threads: threads ?? defaultThreadCount) { i in
            Result { () throws -> [Double] in
                guard samples > 0 else { return nominal.map { $0.dimensions.first?.forecast ?? .nan } }
                return try forecasts(draws.draw(drawn, sample: i).scenario, options: options).map { $0.dimensions.first?.forecast ?? .nan }
            }
        }.map { try $0.get() }
        return summaries(scenario, nominal: nominal, samples: values, model: options.model)
    }

    /// The issues nothing uncertain touches (no stance's position or salience, no stance
    /// actor's capability): their distribution over draws has no width.
    public static func certainIssues(_ scenario: Scenario) -> [String] {
        scenario.issues.filter { i in
            !i.stances.contains { $0.position.isUncertain || $0.salience.isUncertain || scenario.actor($0.actor)?.capability.isUncertain == true }
        }.map(\.id)
    }

    /// The scenario with every fixed position of every issue made triangular(x − spread,
    /// x, x + spread), held within 0–100 (so one-sided at the ends of the scale) for
    /// `fulcrum forecast DIR --spread S`; uncertain positions keep their own distributions.
    static func spreadingPositions(_ scenario: Scenario, by spread: Double) -> Scenario {
        var s = scenario
        for i in s.issues.indices {
            for j in s.issues[i].stances.indices where !s.issues[i].stances[j].position.isUncertain {
                var q = s.issues[i].stances[j].position
                let x = q.nominal
                q.distribution = .triangular(min: max(0, x - spread), mode: x, max: min(100, x + spread))
                q.provenance = Provenance(q.provenance.citations + [.assumption(reason: "fulcrum forecast --spread \(fmtSpread(spread))")])
                s.issues[i].stances[j].position = q
            }
        }
        return s
    }
}

private func fmtSpread(_ x: Double) -> String { x == x.rounded() && abs(x) < 1e15 ? String(Int64(x)) : String(x) }
