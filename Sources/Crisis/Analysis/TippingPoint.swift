/// Where an outcome changes as one input sweeps its range with everything else held.
public struct TippingPoint<Outcome: Equatable & Sendable>: Sendable {
    /// The input value at which the outcome flips, located to within `tolerance`.
    public var value: Double
    public var below: Outcome
    public var above: Outcome
}

/// Sweeps `range` on an even grid of `steps` intervals and, for each adjacent pair of grid
/// points whose outcomes differ, bisects to locate the flip to within `tolerance`.
///
/// Finds every flip whose neighbours are at least one grid step apart; two flips inside one
/// grid interval (an outcome that changes and changes back) can be missed, which is why the
/// grid should be fine relative to the structure of the problem.
public func tippingPoints<Outcome: Equatable & Sendable>(
    over range: ClosedRange<Double>, steps: Int = 40, tolerance: Double? = nil,
    _ outcome: (Double) -> Outcome
) -> [TippingPoint<Outcome>] {
    precondition(steps >= 1)
    let width = range.upperBound - range.lowerBound
    guard width > 0 else { return [] }
    let tol = tolerance ?? width * 1e-4
    let grid = (0...steps).map { range.lowerBound + width * Double($0) / Double(steps) }
    let outcomes = grid.map(outcome)
    var points: [TippingPoint<Outcome>] = []
    for k in 0..<steps where outcomes[k] != outcomes[k + 1] {
        var lo = grid[k], hi = grid[k + 1]
        let left = outcomes[k]
        while hi - lo > tol {
            let mid = (lo + hi) / 2
            if outcome(mid) == left { lo = mid } else { hi = mid }
        }
        points.append(TippingPoint(value: (lo + hi) / 2, below: left, above: outcomes[k + 1]))
    }
    return points
}
