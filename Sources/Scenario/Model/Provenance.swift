/// Where a number, actor, branch or mechanism comes from.
///
/// Written in the file as `source: seed:P2` (a paragraph of a source text),
/// `source: facts:S2` (a sourced public figure), `source: "assumption: reason"`,
/// or a list of these. An element without its own `source:` inherits its
/// enclosing element's, so one `source:` on an actor covers its numbers.
public struct Provenance: Sendable, Hashable, Codable, CustomStringConvertible {
    public enum Citation: Sendable, Hashable, Codable, CustomStringConvertible {
        /// `sourceID:locator`, e.g. `seed:P2` (paragraph 2 of source `seed`).
        case source(id: String, locator: String)
        /// A modelling assumption and the one-line reason for it.
        case assumption(reason: String)
        /// Fitted by `fulcrum calibrate` (never written in a scenario file).
        case calibration(summary: String)

        public var description: String {
            switch self {
            case .source(let id, let locator): return "\(id):\(locator)"
            case .assumption(let reason): return "assumption: \(reason)"
            case .calibration(let summary): return "calibration: \(summary)"
            }
        }

        public var isAssumption: Bool {
            if case .assumption = self { return true }
            return false
        }
    }

    public var citations: [Citation]

    public init(_ citations: [Citation]) { self.citations = citations }

    /// No citation at all: only ever the state of an element the validator rejected.
    public static let none = Provenance([])
    public var isEmpty: Bool { citations.isEmpty }

    public var description: String { citations.map(\.description).joined(separator: "; ") }

    /// Parses one citation; returns nil with a reason when malformed.
    static func parseCitation(_ text: String) -> Result<Citation, ProvenanceParseError> {
        let t = text.trimmingCharacters(in: .whitespaces)
        if t.lowercased().hasPrefix("assumption") {
            let rest = t.dropFirst("assumption".count).trimmingCharacters(in: .whitespaces)
            guard rest.hasPrefix(":") else { return .failure(.init(message: "an assumption needs a reason: 'assumption: why'")) }
            let reason = rest.dropFirst().trimmingCharacters(in: .whitespaces)
            guard !reason.isEmpty else { return .failure(.init(message: "an assumption needs a one-line reason after 'assumption:'")) }
            return .success(.assumption(reason: reason))
        }
        guard let colon = t.firstIndex(of: ":") else {
            return .failure(.init(message: "'\(t)' is not a citation"))
        }
        let id = t[..<colon].trimmingCharacters(in: .whitespaces)
        let locator = t[t.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        guard !id.isEmpty, !locator.isEmpty else {
            return .failure(.init(message: "'\(t)' is not a citation"))
        }
        return .success(.source(id: id, locator: locator))
    }
}

struct ProvenanceParseError: Error { var message: String }

import Foundation
