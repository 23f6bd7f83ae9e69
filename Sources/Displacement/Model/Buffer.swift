/// A manually managed, growable column of plain values. Engines keep per-person state in
/// these (struct-of-arrays) so that worker threads can read and write disjoint ranges
/// through raw pointers without copy-on-write or exclusivity checks.
final class Column<T>: @unchecked Sendable {
    private(set) var base: UnsafeMutablePointer<T>
    private(set) var capacity: Int
    var count: Int

    init(capacity: Int = 16) {
        self.capacity = max(capacity, 16)
        base = .allocate(capacity: self.capacity)
        count = 0
    }

    init(repeating v: T, count n: Int) {
        capacity = max(n, 16)
        base = .allocate(capacity: capacity)
        base.initialize(repeating: v, count: n)
        count = n
    }

    init(_ a: [T]) {
        capacity = max(a.count, 16)
        let b = UnsafeMutablePointer<T>.allocate(capacity: capacity)
        a.withUnsafeBufferPointer { src in
            if let s = src.baseAddress { b.initialize(from: s, count: a.count) }
        }
        base = b
        count = a.count
    }

    deinit { base.deallocate() }

    func reserve(_ n: Int) {
        guard n > capacity else { return }
        var c = capacity
        while c < n { c *= 2 }
        let nb = UnsafeMutablePointer<T>.allocate(capacity: c)
        nb.moveInitialize(from: base, count: count)
        base.deallocate()
        base = nb
        capacity = c
    }

    @inline(__always) func append(_ v: T) {
        if count == capacity { reserve(count + 1) }
        (base + count).initialize(to: v)
        count += 1
    }

    func append(_ v: T, times n: Int) {
        reserve(count + n)
        (base + count).initialize(repeating: v, count: n)
        count += n
    }

    func fill(_ v: T) { base.update(repeating: v, count: count) }

    func assign(_ a: [T]) {
        reserve(a.count)
        count = a.count
        a.withUnsafeBufferPointer { src in if let s = src.baseAddress { base.update(from: s, count: a.count) } }
    }

    @inline(__always) subscript(i: Int) -> T {
        get { base[i] }
        set { base[i] = newValue }
    }

    var array: [T] { Array(UnsafeBufferPointer(start: base, count: count)) }
}

/// Runs `body(worker)` on `workers` threads (inline when 1).
func runWorkers(_ workers: Int, _ body: @Sendable (Int) -> Void) {
    if workers <= 1 { body(0); return }
    DispatchQueue.concurrentPerform(iterations: workers, execute: body)
}

import Dispatch
