import CYaml
import Foundation

/// Bounds on what a scenario folder may make the loader do, so hostile input
/// (a 1 GB file, `/dev/zero` named as a table, a YAML alias bomb) is refused
/// with a diagnostic in bounded time and memory instead of exhausting either.
/// The defaults are far above any real scenario (the Idlib scenario is ~60 KB
/// of YAML and ~3,000 nodes); tests lower them to exercise the guards cheaply.
public struct ScenarioLimits: Sendable, Equatable {
    /// Largest `scenario.yaml`, in bytes.
    public var maxYAMLBytes = 16 << 20
    /// Largest geography table (locations/routes/closures CSV), in bytes.
    public var maxTableBytes = 256 << 20
    /// Most YAML nodes once every alias is expanded (what a reader walking the
    /// tree would visit). A billion-laughs document expands past this at once.
    public var maxExpandedNodes = 1_000_000
    /// Deepest YAML nesting (libyaml's own default is 1000; we stop far earlier).
    public var maxDepth = 64
    /// Most locations in one geography.
    public var maxLocations = 100_000
    /// Most routes (links) in one geography.
    public var maxRoutes = 1_000_000
    /// Most diagnostics listed; the rest are counted in a final one.
    public var maxDiagnostics = 1_000

    /// Longest horizon a scenario or `--horizon` may ask for: 100 years. Every
    /// engine keeps per-day series, so an absurd horizon is an absurd allocation.
    public static let maxHorizonDays = 36_500
    /// Most decision-tree nodes (definitions); the tree is also bounded
    /// after expansion (200,000 nodes) by the tree loader.
    public static let maxTreeNodes = 2_000
    /// Deepest decision tree, root to terminal branch.
    public static let maxTreeDepth = 200
    /// Most Monte Carlo samples one run may ask for (results keep a value per sample).
    public static let maxSamples = 1_000_000

    public init() {}
    /// The limits every command uses.
    public static let standard = ScenarioLimits()
}

/// Reads a whole text file, refusing what is not a regular file (a FIFO or
/// `/dev/zero` would never end) and what is larger than `limit` bytes.
/// Returns a message for the caller's diagnostic on failure.
func readBoundedText(_ url: URL, limit: Int) -> Result<String, BoundedReadError> {
    let path = url.path
    var st = stat()
    guard stat(path, &st) == 0 else { return .failure(.unreadable) }
    guard (st.st_mode & S_IFMT) == S_IFREG else { return .failure(.notRegular) }
    guard Int(st.st_size) <= limit else { return .failure(.tooLarge(size: Int(st.st_size), limit: limit)) }
    guard let fh = FileHandle(forReadingAtPath: path) else { return .failure(.unreadable) }
    defer { try? fh.close() }
    // Read at most limit+1 bytes: the file may have grown since stat.
    guard let data = try? fh.read(upToCount: limit + 1) ?? Data() else { return .failure(.unreadable) }
    guard data.count <= limit else { return .failure(.tooLarge(size: data.count, limit: limit)) }
    guard let text = String(data: data, encoding: .utf8) else { return .failure(.notUTF8) }
    return .success(text)
}

enum BoundedReadError: Error, CustomStringConvertible {
    case unreadable, notRegular, notUTF8
    case tooLarge(size: Int, limit: Int)

    var description: String {
        switch self {
        case .unreadable: return "cannot be read"
        case .notRegular: return "is not a regular file"
        case .notUTF8: return "is not UTF-8 text"
        case .tooLarge(let s, let l): return "is \(byteCount(s)), larger than the \(byteCount(l)) limit"
        }
    }
}

func byteCount(_ n: Int) -> String {
    if n >= 1 << 30 { return String(format: "%.1f GiB", Double(n) / Double(1 << 30)) }
    if n >= 1 << 20 { return String(format: "%.1f MiB", Double(n) / Double(1 << 20)) }
    if n >= 1 << 10 { return String(format: "%.1f KiB", Double(n) / Double(1 << 10)) }
    return "\(n) bytes"
}

/// A problem the YAML pre-scan found, with its 1-based position.
struct YAMLBoundsProblem: Error {
    var line: Int, column: Int, message: String
}

/// Walks the libyaml event stream once, before Yams builds a node tree, and
/// refuses documents that nest deeper than `maxDepth` or whose aliases expand
/// to more than `maxExpandedNodes` nodes. Yams shares an aliased subtree rather
/// than copying it, but everything downstream (duplicate-key hashing, readers)
/// walks it as if expanded, so a few hundred bytes of anchors can cost 10^9
/// steps. The scan is linear in the text: each anchor's expanded size is
/// recorded once when its node closes. Syntax errors are left for Yams to
/// report (it gives the same message with context).
func checkYAMLBounds(_ text: String, maxDepth: Int, maxExpandedNodes: Int) -> YAMLBoundsProblem? {
    var parser = yaml_parser_t()
    guard yaml_parser_initialize(&parser) == 1 else { return nil }
    defer { yaml_parser_delete(&parser) }
    var bytes = Array(text.utf8)
    return bytes.withUnsafeMutableBufferPointer { buf -> YAMLBoundsProblem? in
        yaml_parser_set_input_string(&parser, buf.baseAddress, buf.count)
        // Open collections: the anchor they carry and the expanded size so far.
        var stack: [(anchor: String?, size: Int)] = []
        var anchorSize: [String: Int] = [:]
        var total = 0
        func add(_ n: Int) { if stack.isEmpty { total &+= n } else { stack[stack.count - 1].size &+= n } }
        func string(_ p: UnsafeMutablePointer<yaml_char_t>?) -> String? { p.map { String(cString: $0) } }
        while true {
            var event = yaml_event_t()
            guard yaml_parser_parse(&parser, &event) == 1 else { return nil }
            defer { yaml_event_delete(&event) }
            let mark = event.start_mark
            func problem(_ m: String) -> YAMLBoundsProblem {
                YAMLBoundsProblem(line: Int(mark.line) + 1, column: Int(mark.column) + 1, message: m)
            }
            switch event.type {
            case YAML_STREAM_END_EVENT:
                return nil
            case YAML_SCALAR_EVENT:
                add(1)
                if let a = string(event.data.scalar.anchor) { anchorSize[a] = 1 }
            case YAML_ALIAS_EVENT:
                let n = string(event.data.alias.anchor).flatMap { anchorSize[$0] } ?? 1
                add(n)
            case YAML_SEQUENCE_START_EVENT, YAML_MAPPING_START_EVENT:
                let anchor = event.type == YAML_SEQUENCE_START_EVENT
                    ? string(event.data.sequence_start.anchor) : string(event.data.mapping_start.anchor)
                stack.append((anchor, 1))
                if stack.count > maxDepth {
                    return problem("nesting deeper than \(maxDepth) levels")
                }
            case YAML_SEQUENCE_END_EVENT, YAML_MAPPING_END_EVENT:
                guard let top = stack.popLast() else { continue }
                if let a = top.anchor { anchorSize[a] = top.size }
                add(top.size)
            default:
                break
            }
            let open = stack.reduce(0) { $0 &+ $1.size }
            if total &+ open > maxExpandedNodes || total < 0 {
                return problem("aliases expand the document past \(maxExpandedNodes) nodes (an alias bomb?)")
            }
        }
    }
}
