/// Why a crisis run could not be carried out. Messages name the scenario field.
public enum CrisisError: Error, CustomStringConvertible, Sendable {
    case invalidScenario(String)
    case invalidOption(String)
    /// The run's `isCancelled` answered true; no result was produced.
    case cancelled

    public var description: String {
        switch self {
        case .invalidScenario(let m): return "scenario: \(m)"
        case .invalidOption(let m): return m
        case .cancelled: return "the run was cancelled"
        }
    }
}
