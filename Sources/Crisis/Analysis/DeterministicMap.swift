import Dispatch
import Foundation

/// Evaluates `body(i)` for `i` in `0..<count` on up to `threads` workers and returns the
/// results in index order. Each index is evaluated exactly once and its result lands in its
/// own slot, so the output is identical whatever the thread count, provided `body` depends
/// only on `i` (give sample `i` its own `CounterRandom` stream).
public func deterministicMap<T: Sendable>(
    count: Int, threads: Int, _ body: @Sendable (Int) -> T
) -> [T] {
    guard count > 0 else { return [] }
    let workers = max(1, min(threads, count))
    if workers == 1 { return (0..<count).map(body) }
    var slots = [T?](repeating: nil, count: count)
    slots.withUnsafeMutableBufferPointer { buffer in
        nonisolated(unsafe) let out = buffer
        DispatchQueue.concurrentPerform(iterations: workers) { worker in
            // Static striding: worker w takes w, w + workers, … — disjoint slots, no locks.
            var i = worker
            while i < count {
                out[i] = body(i)
                i += workers
            }
        }
    }
    return slots.map { $0! }
}

/// The number of worker threads to use when the user did not say: every active core.
public var defaultThreadCount: Int {
    max(1, ProcessInfo.processInfo.activeProcessorCount)
}
