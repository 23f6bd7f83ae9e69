import Bargaining
import Scenario

/// The scenario's contested issues as bargaining problems: each actor's capability,
/// and on the issue its position (0–100) and salience (scenario 0–1, model 0–100).
enum BargainingBridge {
    /// Forecasts every issue of a concrete scenario with KTAB's Spatial Model of Politics
    /// at its default parameters. Deterministic.
    static func forecasts(_ scenario: Scenario) throws -> [Forecast] {
        try scenario.issues.map { issue in
            let actors = issue.stances.map { s -> (name: String, capability: Double, position: Double, salience: Double) in
                (s.actor, scenario.actor(s.actor)?.capability.nominal ?? 0, s.position.nominal, s.salience.nominal * 100)
            }
            return try Forecaster.forecast(issue: issue.id, actors: actors)
        }
    }
}
