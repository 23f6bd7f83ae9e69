import BoundedInput
import Yams

extension ScenarioParser {
    /// `displacement:` — `source:` plus `settings:`, a nested mapping in Flee's
    /// simsetting.yml shape whose leaves are numbers (with provenance, possibly
    /// uncertain), booleans or strings.
    func parseDisplacementRules(_ node: Node) -> DisplacementRules {
        guard let f = y.fields(node, "displacement", Format.displacement) else {
            return DisplacementRules()
        }
        let prov = y.provenance(f["source"], "displacement.source", inherited: .none)
        var settings: [DisplacementRules.Setting] = []
        // `origin` is where the key was written (a number given as a mapping starts a line below).
        func walk(_ node: Node, key: String, origin: SourceLocation?, inherited: Provenance) {
            let path = "displacement.settings.\(key)"
            switch node {
            case .mapping(let m) where isQuantityMapping(m):
                if let q = y.quantity(node, path, inherited: inherited, range: ValueBounds.fleeSettings[key]) {
                    y.requireProvenance(q.provenance, node, path, what: "the setting")
                    settings.append(.init(key: key, value: .number(q), provenance: q.provenance, origin: origin))
                }
            case .mapping(let m):
                var sectionProv = inherited
                if let s = m["source"] { sectionProv = y.provenance(s, "\(path).source", inherited: inherited) }
                for (k, v) in m {
                    guard let name = k.string, name != "source" else { continue }
                    walk(v, key: key.isEmpty ? name : "\(key).\(name)", origin: y.origin(k), inherited: sectionProv)
                }
            case .scalar where node.tagName == Tag.Name.bool.rawValue || node.bool != nil && node.float == nil:
                settings.append(.init(key: key, value: .flag(node.bool ?? false), provenance: inherited, origin: origin))
            case .scalar where node.float != nil && node.tagName != Tag.Name.str.rawValue:
                if let q = y.quantity(node, path, inherited: inherited, range: ValueBounds.fleeSettings[key]) {
                    y.requireProvenance(q.provenance, node, path, what: "the setting")
                    settings.append(.init(key: key, value: .number(q), provenance: q.provenance, origin: origin))
                }
            case .scalar:
                settings.append(.init(key: key, value: .text(node.string ?? ""), provenance: inherited, origin: origin))
            default:
                y.report(.wrongType, node, path, "found \(y.describe(node))",
                         expected: "a section, a number, true/false or a string")
            }
        }
        if let s = f["settings"] {
            guard case .mapping = s else {
                y.report(.wrongType, s, "displacement.settings", "found \(y.describe(s))",
                         expected: "a mapping of simsetting.yml sections")
                return DisplacementRules(provenance: prov)
            }
            walk(s, key: "", origin: y.origin(s), inherited: prov)
        }
        return DisplacementRules(settings: settings, provenance: prov)
    }

    /// A mapping is a number (not a section) when it says `value:` or `distribution:`.
    private func isQuantityMapping(_ m: Node.Mapping) -> Bool {
        m["value"] != nil || m["distribution"] != nil
    }
}
