import Scenario

/// Each player's utility of each terminal branch.
///
/// Consequences are normalised across the branches of one evaluation: a value v of
/// consequence c becomes (v − min_c) / (max_c − min_c), the min and max taken over
/// every terminal branch (0 where c does not vary). A preference weight is then a
/// *swing weight*: how much the actor values moving that consequence from its worst
/// to its best across the choices at stake, so weights are comparable across units
/// (deaths, dollars, shares) without a unit the analyst must invent.
/// A threshold term ("only counts if legitimacy ≥ X") is tested on the raw,
/// un-normalised value before weighting. Exact arithmetic on doubles; no randomness.
func utilities(of scenario: Scenario, consequences: [[Double]], players: [String]) -> [[Double]] {
    let ids = scenario.consequences.map(\.id)
    let column = Dictionary(uniqueKeysWithValues: ids.enumerated().map { ($1, $0) })
    var lo = [Double](repeating: .infinity, count: ids.count)
    var hi = [Double](repeating: -.infinity, count: ids.count)
    for row in consequences {
        for c in row.indices { lo[c] = min(lo[c], row[c]); hi[c] = max(hi[c], row[c]) }
    }
    let prefs = players.map { scenario.preferences(of: $0) }
    return consequences.map { row in
        let raw = Dictionary(uniqueKeysWithValues: ids.enumerated().map { ($1, row[$0]) })
        return prefs.map { pref -> Double in
            guard let pref else { return 0 }
            var u = 0.0
            for term in pref.terms {
                if let condition = term.condition, !condition.holds(raw) { continue }
                guard let c = column[term.consequence] else { continue }
                let span = hi[c] - lo[c]
                guard span > 0 else { continue }
                u += term.weight.nominal * (row[c] - lo[c]) / span
            }
            return u
        }
    }
}
