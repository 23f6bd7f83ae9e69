/// The displacement model's settings for this scenario, in the shape of Flee's
/// `simsetting.yml` (sections such as `spawn_rules` and `move_rules`, then keys),
/// so a Flee user recognises every key. Unlike simsetting.yml, every number here
/// carries provenance and may be a distribution, so spawning rates and move
/// speeds take part in the Monte Carlo and the pivot analysis like any other input.
///
/// The Scenario module does not interpret the keys: the displacement engine
/// reads `fleeSettingsYAML()` with its own simsetting reader, which is the one
/// place that knows them.
public struct DisplacementRules: Sendable, Hashable {
    public enum Value: Sendable, Hashable {
        case number(Quantity)
        case flag(Bool)
        case text(String)
    }

    public struct Setting: Sendable, Hashable {
        /// Dotted key as in simsetting.yml, e.g. `spawn_rules.conflict_driven_spawning.spawn_mode`.
        public var key: String
        public var value: Value
        public var provenance: Provenance
        /// Where the key was written, for errors the engine reports about it.
        public var origin: SourceLocation?
    }

    public var settings: [Setting]
    public var provenance: Provenance

    public init(settings: [Setting] = [], provenance: Provenance = .none) {
        self.settings = settings
        self.provenance = provenance
    }

    /// The settings as Flee's simsetting.yml at current values (fixed values, or
    /// medians of uncertain ones). Keys keep file order within each section.
    public func fleeSettingsYAML() -> String {
        final class Section {
            var order: [String] = []
            var leaves: [String: String] = [:]
            var children: [String: Section] = [:]
        }
        let root = Section()
        for s in settings {
            let parts = s.key.split(separator: ".").map(String.init)
            var section = root
            for name in parts.dropLast() {
                if section.children[name] == nil {
                    section.children[name] = Section()
                    section.order.append(name)
                }
                section = section.children[name]!
            }
            let leaf = parts.last!
            if section.leaves[leaf] == nil && section.children[leaf] == nil { section.order.append(leaf) }
            switch s.value {
            case .number(let q): section.leaves[leaf] = yamlNumber(q.nominal)
            case .flag(let b): section.leaves[leaf] = b ? "True" : "False"
            case .text(let t): section.leaves[leaf] = yamlQuoted(t)
            }
        }
        var lines: [String] = []
        func emit(_ section: Section, indent: String) {
            for name in section.order {
                if let child = section.children[name] {
                    lines.append("\(indent)\(name):")
                    emit(child, indent: indent + "  ")
                } else if let v = section.leaves[name] {
                    lines.append("\(indent)\(name): \(v)")
                }
            }
        }
        emit(root, indent: "")
        return lines.joined(separator: "\n") + "\n"
    }
}

private func yamlNumber(_ x: Double) -> String {
    if x == x.rounded(), abs(x) < 1e15 { return String(Int64(x)) }
    return "\(x)"
}

private func yamlQuoted(_ s: String) -> String {
    "\"" + s.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
}
