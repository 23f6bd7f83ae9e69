import Foundation

/// How long a solver may run, and where it reports how far it got. Solvers and the helpers
/// they call read it through a task-local (`SolveBudget.check`), so one budget bounds a whole
/// solve (a tree's reduced strategic form, then the strategic solver) without being passed
/// along. Without a budget in scope a check costs one task-local read.
///
/// Single-threaded by design: one budget belongs to one solve.
public final class SolveBudget: @unchecked Sendable {
    /// The time allowed, in seconds (nil: no limit, progress only).
    public let maxSeconds: Double?
    private let start: UInt64
    private let deadline: UInt64
    private let progress: (@Sendable (String) -> Void)?
    private var nextReport: UInt64
    private var lastStatus = ""

    @TaskLocal public static var current: SolveBudget?

    /// `progress` is called at most twice a second with the elapsed time and the solver's status.
    public init(maxSeconds: Double?, progress: (@Sendable (String) -> Void)? = nil) {
        self.maxSeconds = maxSeconds
        start = DispatchTime.now().uptimeNanoseconds
        if let s = maxSeconds, s.isFinite, s >= 0 {
            deadline = start &+ UInt64(min(s, 1e9) * 1e9)
        } else {
            deadline = .max
        }
        self.progress = progress
        nextReport = start &+ 500_000_000
    }

    public var elapsedSeconds: Double { Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9 }

    /// Runs `body` with this budget in scope.
    public func run<R>(_ body: () throws -> R) rethrows -> R {
        try SolveBudget.$current.withValue(self, operation: body)
    }

    /// Throws `GameError.outOfTime` once the budget in scope is spent; `status` says what the
    /// solver has done so far (evaluated only for a progress line or the error).
    @inline(__always)
    public static func check(_ status: @autoclosure () -> String) throws {
        guard let b = current else { return }
        try b.tick(status)
    }

    private func tick(_ status: () -> String) throws {
        let now = DispatchTime.now().uptimeNanoseconds
        if now >= deadline {
            throw GameError.outOfTime("stopped after \(SolveBudget.seconds(maxSeconds ?? 0)) s, the time budget, with no answer (\(status()))")
        }
        if let progress, now >= nextReport {
            nextReport = now &+ 500_000_000
            progress("\(String(format: "%.1f", Double(now - start) / 1e9)) s: \(status())")
        }
    }

    static func seconds(_ s: Double) -> String { s == s.rounded() && abs(s) < 1e15 ? String(Int(s)) : String(s) }
}
