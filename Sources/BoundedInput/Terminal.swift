import Foundation

/// Text for a terminal. Scenario and input files are hostile text: a title, a location name or
/// a cell echoed in an error could carry escape sequences that set the window title, recolour
/// the terminal or move the cursor to overwrite a line. Every control character but newline
/// and tab is shown as `\u001B` instead of being sent as is (C0, DEL and the C1 range, whose
/// U+009B is a one-character escape on some terminals): JSON's own escape, so `--format json`
/// stays valid JSON with the same strings. The command line prints everything through it.
public enum Terminal {
    public static func safe(_ s: String) -> String {
        guard s.unicodeScalars.contains(where: isControl) else { return s }
        var out = String.UnicodeScalarView()
        for c in s.unicodeScalars {
            if isControl(c) { out.append(contentsOf: String(format: "\\u%04X", c.value).unicodeScalars) }
            else { out.append(c) }
        }
        return String(out)
    }

    public static func isControl(_ c: Unicode.Scalar) -> Bool {
        (c.value < 0x20 && c != "\n" && c != "\t") || (0x7F...0x9F).contains(c.value)
    }
}

/// A one-line progress bar on stderr, shown only when stderr is a terminal and the
/// work has taken more than a second. Safe to update from several threads.
public final class ProgressLine: @unchecked Sendable {
    private let lock = NSLock()
    private let label: String
    private let start = Date()
    private var lastDraw = Date.distantPast
    private var drawn = false

    /// Nil when stderr is not a terminal.
    public init?(label: String) {
        guard isatty(STDERR_FILENO) == 1 else { return nil }
        self.label = label
    }

    /// Runs `body` with a bar's `counts` callback (nil when stderr is not a terminal, or when
    /// `label` is nil), and clears the bar when it returns or throws.
    public static func showing<T>(_ label: String?, _ body: ((@Sendable (Int, Int) -> Void)?) throws -> T) rethrows -> T {
        let bar = label.flatMap(ProgressLine.init(label:))
        defer { bar?.finish() }
        return try body(bar?.counts)
    }

    /// The line drawn for `done` of `total`: the label, a 30-character bar and the counts.
    public static func bar(_ label: String, _ done: Int, _ total: Int) -> String {
        let width = 30
        let filled = total > 0 ? width * done / total : width
        return "\(label) [" + String(repeating: "#", count: filled) + String(repeating: "-", count: width - filled) + "] \(done)/\(total)"
    }

    public func update(_ done: Int, _ total: Int) {
        lock.lock(); defer { lock.unlock() }
        let now = Date()
        guard now.timeIntervalSince(start) > 1, now.timeIntervalSince(lastDraw) > 0.1 || done == total else { return }
        lastDraw = now
        FileHandle.standardError.write(Data(("\r" + Self.bar(label, done, total)).utf8))
        drawn = true
    }

    /// A free-text status in place of the bar (for work whose total is unknown).
    public func status(_ text: String) {
        lock.lock(); defer { lock.unlock() }
        FileHandle.standardError.write(Data("\r\u{1B}[K\(label)\(text)".utf8))
        drawn = true
    }

    /// `update` and `status` as the callbacks a library's progress parameter takes.
    public var counts: @Sendable (Int, Int) -> Void { { [self] in update($0, $1) } }
    public var statusText: @Sendable (String) -> Void { { [self] in status($0) } }

    public func finish() {
        lock.lock(); defer { lock.unlock() }
        if drawn { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
        drawn = false
    }
}
