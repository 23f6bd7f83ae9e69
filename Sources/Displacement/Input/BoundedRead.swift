import CYaml
import Foundation

/// Bounds on what an input folder may make the readers do, so a 1 GB file,
/// `/dev/zero` named as a table, or a YAML alias bomb is refused with an error
/// in bounded time and memory. Far above any real Flee instance.
public enum DisplacementInputLimits {
    /// Largest input file (CSV or YAML) read whole, in bytes.
    public static let maxFileBytes = 256 << 20
    /// Most YAML nodes in simsetting.yml once aliases are expanded.
    public static let maxYAMLNodes = 100_000
    /// Deepest YAML nesting in simsetting.yml.
    public static let maxYAMLDepth = 64
    /// Most locations in locations.csv (Flee's largest published instances have a few hundred).
    public static let maxLocations = 100_000
    /// Most routes in routes.csv.
    public static let maxRoutes = 1_000_000
}

/// Reads a whole file as UTF-8, refusing non-regular files (FIFOs, devices)
/// and files larger than `limit`.
func readBoundedFile(_ path: String, limit: Int = DisplacementInputLimits.maxFileBytes) throws -> String {
    var st = stat()
    guard stat(path, &st) == 0 else { throw DisplacementInputError(file: path, "cannot read file") }
    guard (st.st_mode & S_IFMT) == S_IFREG else { throw DisplacementInputError(file: path, "is not a regular file") }
    guard Int(st.st_size) <= limit else {
        throw DisplacementInputError(file: path, "is \(st.st_size) bytes, larger than the \(limit)-byte limit")
    }
    guard let fh = FileHandle(forReadingAtPath: path) else { throw DisplacementInputError(file: path, "cannot read file") }
    defer { try? fh.close() }
    guard let data = try? fh.read(upToCount: limit + 1) ?? Data() else { throw DisplacementInputError(file: path, "cannot read file") }
    guard data.count <= limit else { throw DisplacementInputError(file: path, "grew past the \(limit)-byte limit while being read") }
    guard let text = String(data: data, encoding: .utf8) else { throw DisplacementInputError(file: path, "not valid UTF-8") }
    return text
}

/// Scans the libyaml event stream once before Yams builds a tree, refusing
/// nesting deeper than `maxDepth` and aliases that expand past `maxNodes`
/// (an alias bomb). Linear in the text; syntax errors are left to Yams.
func yamlBoundsProblem(_ text: String, maxDepth: Int = DisplacementInputLimits.maxYAMLDepth,
                       maxNodes: Int = DisplacementInputLimits.maxYAMLNodes) -> (line: Int, message: String)? {
    var parser = yaml_parser_t()
    guard yaml_parser_initialize(&parser) == 1 else { return nil }
    defer { yaml_parser_delete(&parser) }
    var bytes = Array(text.utf8)
    return bytes.withUnsafeMutableBufferPointer { buf -> (line: Int, message: String)? in
        yaml_parser_set_input_string(&parser, buf.baseAddress, buf.count)
        var stack: [(anchor: String?, size: Int)] = []
        var anchorSize: [String: Int] = [:]
        var total = 0
        func add(_ n: Int) { if stack.isEmpty { total += n } else { stack[stack.count - 1].size += n } }
        func string(_ p: UnsafeMutablePointer<yaml_char_t>?) -> String? { p.map { String(cString: $0) } }
        while true {
            var event = yaml_event_t()
            guard yaml_parser_parse(&parser, &event) == 1 else { return nil }
            defer { yaml_event_delete(&event) }
            let line = Int(event.start_mark.line) + 1
            switch event.type {
            case YAML_STREAM_END_EVENT: return nil
            case YAML_SCALAR_EVENT:
                add(1)
                if let a = string(event.data.scalar.anchor) { anchorSize[a] = 1 }
            case YAML_ALIAS_EVENT:
                add(string(event.data.alias.anchor).flatMap { anchorSize[$0] } ?? 1)
            case YAML_SEQUENCE_START_EVENT, YAML_MAPPING_START_EVENT:
                let anchor = event.type == YAML_SEQUENCE_START_EVENT
                    ? string(event.data.sequence_start.anchor) : string(event.data.mapping_start.anchor)
                stack.append((anchor, 1))
                if stack.count > maxDepth { return (line, "nesting deeper than \(maxDepth) levels") }
            case YAML_SEQUENCE_END_EVENT, YAML_MAPPING_END_EVENT:
                guard let top = stack.popLast() else { continue }
                if let a = top.anchor { anchorSize[a] = top.size }
                add(top.size)
            default: break
            }
            if total + stack.reduce(0, { $0 + $1.size }) > maxNodes {
                return (line, "aliases expand the document past \(maxNodes) nodes (an alias bomb?)")
            }
        }
    }
}
