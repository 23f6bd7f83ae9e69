import Foundation
import Yams

/// Typed reading of a YAML node tree that records a diagnostic for every
/// problem and carries on, so one pass finds them all. Every getter takes the
/// field path it is reading, which ends up in the diagnostic.
final class YAMLReader {
    let file: String
    var diagnostics: [Diagnostic] = []
    /// Said, but the scenario still loads.
    var warnings: [Diagnostic] = []
    /// Declared sources, for checking citations.
    var sources: [String: Source] = [:]
    /// Maps a formula's characters to the file's lines and columns.
    var locator = FormulaLocator(text: "")

    init(file: String) { self.file = file }

    func report(_ kind: Diagnostic.Kind, _ node: Node?, _ path: String, _ message: String,
                expected: String? = nil, suggestion: String? = nil) {
        let m = node?.mark
        diagnostics.append(Diagnostic(file: file, line: m?.line ?? 0, column: m?.column ?? 0, path: path,
                                      kind: kind, message: message, expected: expected, suggestion: suggestion))
    }

    func warn(_ kind: Diagnostic.Kind, _ node: Node?, _ path: String, _ message: String, expected: String? = nil) {
        let m = node?.mark
        warnings.append(Diagnostic(file: file, line: m?.line ?? 0, column: m?.column ?? 0, path: path,
                                   kind: kind, message: message, expected: expected, severity: .warning))
    }

    func origin(_ node: Node) -> SourceLocation? {
        node.mark.map { SourceLocation(file: file, line: $0.line, column: $0.column) }
    }

    func describe(_ node: Node) -> String {
        switch node {
        case .scalar(let s):
            if node.tagName == Tag.Name.null.rawValue { return "nothing (null)" }
            return "'\(s.string)'"
        case .mapping: return "a mapping"
        case .sequence: return "a list"
        case .alias: return "an alias"
        }
    }

    /// The entries of a mapping, after checking its keys: unknown keys get a
    /// "did you mean", missing required keys are reported at the mapping.
    func fields(_ node: Node, _ path: String, allowed: [String], required: [String] = [],
                what: String = "a mapping") -> [String: Node]? {
        guard case .mapping(let m) = node else {
            report(.wrongType, node, path, "found \(describe(node))", expected: what)
            return nil
        }
        var out: [String: Node] = [:]
        // A misspelt required key is one mistake: its "did you mean" says what is missing.
        var suggested = Set<String>()
        for (k, v) in m {
            guard let key = k.string, k.scalar != nil else {
                report(.wrongType, k, path, "a key must be a plain string", expected: "one of: \(allowed.joined(separator: ", "))")
                continue
            }
            if !allowed.contains(key) {
                let suggestion = closestMatch(key, in: allowed)
                if let suggestion { suggested.insert(suggestion) }
                report(.unknownKey, k, path.isEmpty ? key : "\(path).\(key)", "unknown key '\(key)'",
                       expected: "one of: \(allowed.joined(separator: ", "))", suggestion: suggestion)
                continue
            }
            out[key] = v
        }
        for r in required where out[r] == nil && !suggested.contains(r) {
            report(.missingField, node, path.isEmpty ? r : "\(path).\(r)", "missing required field '\(r)'")
        }
        return out
    }

    /// `fields` with the allowed and required keys of a section of the format model.
    func fields(_ node: Node, _ path: String, _ shape: ObjectShape) -> [String: Node]? {
        fields(node, path, allowed: shape.allowed, required: shape.required)
    }

    /// A mapping whose keys are ids (actors, nodes, …): entries in file order.
    func entries(_ node: Node?, _ path: String, what: String) -> [(key: String, keyNode: Node, value: Node)] {
        guard let node else { return [] }
        guard case .mapping(let m) = node else {
            report(.wrongType, node, path, "found \(describe(node))", expected: "a mapping of \(what) by id")
            return []
        }
        var out: [(String, Node, Node)] = []
        for (k, v) in m {
            guard let key = k.string, k.scalar != nil, !key.isEmpty else {
                report(.wrongType, k, path, "an id must be a non-empty string", expected: "an id")
                continue
            }
            out.append((key, k, v))
        }
        return out
    }

    func list(_ node: Node, _ path: String, what: String) -> [Node]? {
        if case .sequence(let s) = node { return Array(s) }
        report(.wrongType, node, path, "found \(describe(node))", expected: "a list of \(what)")
        return nil
    }

    func string(_ node: Node?, _ path: String) -> String? {
        guard let node else { return nil }
        if case .scalar(let s) = node, node.tagName != Tag.Name.null.rawValue { return s.string }
        report(.wrongType, node, path, "found \(describe(node))", expected: "a string")
        return nil
    }

    func bool(_ node: Node?, _ path: String) -> Bool? {
        guard let node else { return nil }
        if let b = node.bool { return b }
        report(.wrongType, node, path, "found \(describe(node))", expected: "true or false")
        return nil
    }

    /// A finite number; NaN and infinity are reported as `nonFinite`.
    func number(_ node: Node?, _ path: String) -> Double? {
        guard let node else { return nil }
        guard case .scalar = node, let v = node.float, node.tagName != Tag.Name.str.rawValue else {
            report(.wrongType, node, path, "found \(describe(node))", expected: "a number")
            return nil
        }
        guard v.isFinite else {
            report(.nonFinite, node, path, "\(v) is not a finite number", expected: "a finite number")
            return nil
        }
        return v
    }

    func integer(_ node: Node?, _ path: String) -> Int? {
        guard let node else { return nil }
        if case .scalar = node, node.tagName != Tag.Name.str.rawValue, let v = node.int { return v }
        report(.wrongType, node, path, "found \(describe(node))", expected: "a whole number")
        return nil
    }

    /// The node's own `source:` if it has one and it is valid, else `inherited`.
    func provenance(_ node: Node?, _ path: String, inherited: Provenance) -> Provenance {
        guard let node else { return inherited }
        var items: [Node] = []
        switch node {
        case .scalar: items = [node]
        case .sequence(let s): items = Array(s)
        default:
            report(.badProvenance, node, path, "found \(describe(node))",
                   expected: "a citation such as 'seed:P2', 'facts:S2' or 'assumption: reason', or a list of them")
            return inherited
        }
        var out: [Provenance.Citation] = []
        for item in items {
            guard let text = item.string, item.scalar != nil else {
                report(.badProvenance, item, path, "found \(describe(item))", expected: "a citation string")
                continue
            }
            switch Provenance.parseCitation(text) {
            case .failure(let e):
                report(.badProvenance, item, path, e.message,
                       expected: "'sourceid:locator' (e.g. 'seed:P2') or 'assumption: reason'")
            case .success(let c):
                if case .source(let id, let locator) = c {
                    guard let src = sources[id] else {
                        report(.badProvenance, item, path, "unknown source '\(id)'",
                               expected: "one of the ids under 'sources': \(sources.keys.sorted().joined(separator: ", "))",
                               suggestion: closestMatch(id, in: sources.keys))
                        continue
                    }
                    if let n = src.paragraphs {
                        let ok = locator.hasPrefix("P") && Int(locator.dropFirst()).map { (1...n).contains($0) } == true
                        if !ok {
                            report(.badProvenance, item, path, "source '\(id)' has paragraphs P1–P\(n); '\(locator)' is not one",
                                   expected: "P1 … P\(n)")
                            continue
                        }
                    }
                }
                out.append(c)
            }
        }
        return out.isEmpty ? inherited : Provenance(out)
    }

    /// Reports a missing provenance unless `p` has a citation.
    func requireProvenance(_ p: Provenance, _ node: Node, _ path: String, what: String) {
        if p.isEmpty {
            report(.missingProvenance, node, path, "\(what) has no provenance",
                   expected: "a 'source:' here or on an enclosing element ('seed:P2', 'facts:S2' or 'assumption: reason')")
        }
    }

    static let distributionKeys = ["distribution", "value", "min", "max", "mode", "mean", "sd", "alpha", "beta",
                                   "mu", "median", "sigma", "source", "description", "calibrate", "unit"]

    /// A number with provenance: plain, `{value:, source:}`, or a distribution.
    /// `range` is the set of allowed values (the whole support must lie in it);
    /// `positive` excludes zero.
    func quantity(_ node: Node, _ path: String, inherited: Provenance,
                  range: ClosedRange<Double>? = nil, positive: Bool = false, what: String = "value") -> Quantity? {
        var dist: Distribution?
        var prov = inherited
        var calibrate = false
        var unit: String?
        switch node {
        case .scalar:
            guard let v = number(node, path) else { return nil }
            dist = .fixed(v)
        case .mapping:
            guard let f = fields(node, path, allowed: Self.distributionKeys, what: "a number or a distribution") else { return nil }
            prov = provenance(f["source"], "\(path).source", inherited: inherited)
            let family = f["distribution"].flatMap { string($0, "\(path).distribution") } ?? (f["value"] != nil ? "fixed" : nil)
            guard let family else {
                report(.missingField, node, path, "a number needs 'value:' or 'distribution:'",
                       expected: "value, or distribution: fixed | uniform | triangular | normal | beta | lognormal")
                return nil
            }
            let known: [String: [String]] = [
                "fixed": ["value"], "uniform": ["min", "max"], "triangular": ["min", "mode", "max"],
                "normal": ["mean", "sd", "min", "max"], "beta": ["alpha", "beta", "min", "max"],
                "lognormal": ["mu", "median", "sigma"],
            ]
            guard let allowedParams = known[family] else {
                report(.wrongType, f["distribution"], "\(path).distribution", "unknown distribution '\(family)'",
                       expected: "fixed, uniform, triangular, normal, beta or lognormal",
                       suggestion: closestMatch(family, in: known.keys))
                return nil
            }
            let extras = ["distribution", "source", "description", "calibrate", "unit"]
            if let u = f["unit"] { unit = string(u, "\(path).unit") }
            if let c = f["calibrate"], let b = bool(c, "\(path).calibrate") { calibrate = b }
            for key in f.keys where !allowedParams.contains(key) && !extras.contains(key) {
                report(.unknownKey, f[key], "\(path).\(key)", "'\(key)' is not a parameter of a \(family) distribution",
                       expected: allowedParams.joined(separator: ", "), suggestion: closestMatch(key, in: allowedParams))
            }
            func need(_ k: String) -> Double? {
                guard let n = f[k] else {
                    report(.missingField, node, "\(path).\(k)", "a \(family) distribution needs '\(k)'")
                    return nil
                }
                return number(n, "\(path).\(k)")
            }
            func opt(_ k: String, _ d: Double) -> Double? { f[k] == nil ? d : number(f[k], "\(path).\(k)") }
            switch family {
            case "fixed": if let v = need("value") { dist = .fixed(v) }
            case "uniform": if let a = need("min"), let b = need("max") { dist = .uniform(min: a, max: b) }
            case "triangular":
                if let a = need("min"), let c = need("mode"), let b = need("max") { dist = .triangular(min: a, mode: c, max: b) }
            case "normal":
                if let m = need("mean"), let s = need("sd"), let a = opt("min", -.infinity), let b = opt("max", .infinity) {
                    dist = .normal(mean: m, sd: s, min: a, max: b)
                }
            case "beta":
                if let al = need("alpha"), let be = need("beta"), let a = opt("min", 0), let b = opt("max", 1) {
                    dist = .beta(alpha: al, beta: be, min: a, max: b)
                }
            default: // lognormal
                let s = need("sigma")
                let mu: Double?
                if f["mu"] != nil && f["median"] != nil {
                    report(.inconsistent, f["median"], "\(path).median", "give either 'mu' or 'median', not both")
                    mu = nil
                } else if let med = f["median"] {
                    if let m = number(med, "\(path).median") {
                        if m > 0 { mu = Foundation.log(m) } else {
                            report(.impossibleBounds, med, "\(path).median", "a lognormal's median must be positive"); mu = nil
                        }
                    } else { mu = nil }
                } else { mu = need("mu") }
                if let mu, let s { dist = .lognormal(mu: mu, sigma: s) }
            }
        default:
            report(.wrongType, node, path, "found \(describe(node))", expected: "a number or a distribution")
            return nil
        }
        guard let dist else { return nil }
        if let why = dist.impossibility {
            report(.impossibleBounds, node, path, "impossible \(dist.name) distribution: \(why)")
            return nil
        }
        if let range {
            let s = dist.drawRange
            var strictlyPositive = false
            if case .lognormal = dist { strictlyPositive = true }
            let low = positive ? (s.lowerBound <= 0 && !strictlyPositive) : s.lowerBound < range.lowerBound
            if low || s.upperBound > range.upperBound {
                let kind: Diagnostic.Kind = (s.lowerBound < 0 && range.lowerBound >= 0) ? .negativeValue : .outOfRange
                let shown = dist.isFixed ? fmt(s.lowerBound) : "[\(fmt(s.lowerBound)), \(fmt(s.upperBound))]"
                report(kind, node, path, "\(what) \(shown) is outside the allowed range",
                       expected: positive ? "above 0" + (range.upperBound.isFinite ? " and at most \(fmt(range.upperBound))" : "")
                                      : "within [\(fmt(range.lowerBound)), \(range.upperBound.isFinite ? fmt(range.upperBound) : "∞")]")
            }
        }
        requireProvenance(prov, node, path, what: "this number")
        if calibrate && dist.isFixed {
            report(.inconsistent, node["calibrate"], "\(path).calibrate", "a fixed number cannot be calibrated",
                   expected: "a distribution (the prior) beside 'calibrate: true'")
            calibrate = false
        }
        var q = Quantity(dist, provenance: prov, origin: origin(node))
        q.calibrate = calibrate
        q.unit = unit
        return q
    }
}

extension Node {
    /// The resolved tag's name (`tag:yaml.org,2002:str`, …).
    var tagName: String { tag.rawValue }
}
