import Foundation
// libyaml's event parser, which Yams is built on. Yams offers no public event
// API, and a pre-scan must see events before Yams composes (and hashes) a tree.
// CYaml is a target of the Yams package, not a product, so it is reachable only
// through the Yams dependency: this file is the one place that imports it, and
// `internal` keeps it out of this module's interface.
internal import CYaml

/// A YAML document refused before parsing, with its 1-based position.
public struct YAMLBoundsProblem: Error, Sendable, Equatable {
    public var line: Int, column: Int, message: String
}

public enum YAMLBounds {
    /// Walks the libyaml event stream once, before Yams builds a node tree, and
    /// refuses documents that nest deeper than `maxDepth`, whose aliases expand
    /// to more than `maxExpandedNodes` nodes, or with a list or mapping as a
    /// mapping key. Yams shares an aliased subtree rather than copying it, but
    /// everything downstream (duplicate-key hashing, readers) walks it as if
    /// expanded, so a few hundred bytes of anchors can cost 10^9 steps. Complex
    /// keys (`? [a, b]`, `{[x]: 1}`) are in no Fulcrum format, and Yams' duplicate
    /// check sorts them with a comparison that recurses into both sides at every
    /// level: ten kilobytes of nested `? - ?` keys took minutes (a fuzzer finding).
    /// The scan is linear in the text: each anchor's expanded size is recorded once
    /// when its node closes. Syntax errors are left for Yams to report (it gives the
    /// same message with context).
    public static func problem(in text: String, maxDepth: Int, maxExpandedNodes: Int) -> YAMLBoundsProblem? {
        var parser = yaml_parser_t()
        guard yaml_parser_initialize(&parser) == 1 else { return nil }
        defer { yaml_parser_delete(&parser) }
        var bytes = Array(text.utf8)
        return bytes.withUnsafeMutableBufferPointer { buf -> YAMLBoundsProblem? in
            yaml_parser_set_input_string(&parser, buf.baseAddress, buf.count)
            // Open collections: the anchor they carry, the expanded size so far, and
            // for a mapping whether its next node is a key.
            var stack: [(anchor: String?, size: Int, mapping: Bool, atKey: Bool)] = []
            var anchorSize: [String: Int] = [:]
            var total = 0
            var expandedByAliases = false
            func add(_ n: Int) { if stack.isEmpty { total &+= n } else { stack[stack.count - 1].size &+= n } }
            func string(_ p: UnsafeMutablePointer<yaml_char_t>?) -> String? { p.map { String(cString: $0) } }
            // Advances the enclosing mapping past one node; true when that node is a key.
            func isKey() -> Bool {
                guard let top = stack.last, top.mapping else { return false }
                stack[stack.count - 1].atKey.toggle()
                return top.atKey
            }
            let complexKey = "a mapping key that is a list or a mapping (keys must be single values)"
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
                    _ = isKey()
                    add(1)
                    if let a = string(event.data.scalar.anchor) { anchorSize[a] = 1 }
                case YAML_ALIAS_EVENT:
                    let size = string(event.data.alias.anchor).flatMap { anchorSize[$0] } ?? 1
                    if isKey() && size > 1 { return problem(complexKey) }
                    add(size)
                    expandedByAliases = true
                case YAML_SEQUENCE_START_EVENT, YAML_MAPPING_START_EVENT:
                    let anchor = event.type == YAML_SEQUENCE_START_EVENT
                        ? string(event.data.sequence_start.anchor) : string(event.data.mapping_start.anchor)
                    if isKey() { return problem(complexKey) }
                    stack.append((anchor, 1, event.type == YAML_MAPPING_START_EVENT, true))
                    if stack.count > maxDepth { return problem("nesting deeper than \(maxDepth) levels") }
                case YAML_SEQUENCE_END_EVENT, YAML_MAPPING_END_EVENT:
                    guard let top = stack.popLast() else { continue }
                    if let a = top.anchor { anchorSize[a] = top.size }
                    add(top.size)
                default:
                    break
                }
                let open = stack.reduce(0) { $0 &+ $1.size }
                if total &+ open > maxExpandedNodes || total < 0 {
                    // Without an alias it is plain size: say so, rather than suspect a bomb.
                    return problem(expandedByAliases ? "aliases expand the document past \(maxExpandedNodes) nodes (an alias bomb?)"
                                                     : "the document has more than \(maxExpandedNodes) nodes (values, keys and lists)")
                }
            }
        }
    }
}
