import Foundation

/// A one-line progress bar on stderr, shown only when stderr is a terminal and the
/// work has taken more than a second. Safe to update from several threads.
final class ProgressLine: @unchecked Sendable {
    private let lock = NSLock()
    private let label: String
    private let start = Date()
    private var lastDraw = Date.distantPast
    private var drawn = false

    /// Nil when stderr is not a terminal.
    init?(label: String) {
        guard isatty(STDERR_FILENO) == 1 else { return nil }
        self.label = label
    }

    func update(_ done: Int, _ total: Int) {
        lock.lock(); defer { lock.unlock() }
        let now = Date()
        guard now.timeIntervalSince(start) > 1, now.timeIntervalSince(lastDraw) > 0.1 || done == total else { return }
        lastDraw = now
        let width = 30
        let filled = total > 0 ? width * done / total : width
        let bar = String(repeating: "#", count: filled) + String(repeating: "-", count: width - filled)
        FileHandle.standardError.write(Data("\r\(label) [\(bar)] \(done)/\(total)".utf8))
        drawn = true
    }

    /// A free-text status in place of the bar (for work whose total is unknown).
    func status(_ text: String) {
        lock.lock(); defer { lock.unlock() }
        FileHandle.standardError.write(Data("\r\u{1B}[K\(label)\(text)".utf8))
        drawn = true
    }

    /// `update` and `status` as the callbacks a library's progress parameter takes.
    var counts: @Sendable (Int, Int) -> Void { { [self] in update($0, $1) } }
    var statusText: @Sendable (String) -> Void { { [self] in status($0) } }

    func finish() {
        lock.lock(); defer { lock.unlock() }
        if drawn { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
        drawn = false
    }
}
