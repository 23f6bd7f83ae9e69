import Foundation

/// A scenario summarised for people (`text`) and machines (Codable), as
/// `fulcrum describe` shows it.
public struct ScenarioDescription: Codable, Sendable {
    /// A number as machines want it: the text people see, its nominal value,
    /// its distribution's family and parameters, and its provenance.
    public struct Value: Codable, Sendable, CustomStringConvertible {
        public var text: String
        public var nominal: Double
        public var distribution: String
        public var parameters: [String: Double]
        public var source: String
        public var description: String { text }
    }
    public struct ActorRow: Codable, Sendable { public var id, name, kind: String; public var player: Bool; public var capability: Value; public var source: String }
    public struct Term: Codable, Sendable { public var consequence: String; public var weight: Value; public var condition: String?; public var threshold: Value?; public var source: String }
    public struct PreferenceRow: Codable, Sendable { public var actor: String; public var terms: [Term] }
    public struct StanceRow: Codable, Sendable { public var actor: String; public var position, salience: Value }
    public struct IssueRow: Codable, Sendable { public var id, title: String; public var anchors: [String]; public var stances: [StanceRow] }
    public struct NodeRow: Codable, Sendable { public var depth: Int; public var path, kind: String; public var player: String?; public var branches: [String] }
    public struct TerminalRow: Codable, Sendable { public var id, schedule: String; public var situation: [String: SituationValue] }
    public struct ScheduleRow: Codable, Sendable { public var id, description: String; public var zones, bombardment: [String]; public var terminals: Int }
    /// `kind` is the library block's name, or `formula`.
    public struct MechanismRow: Codable, Sendable { public var id, kind, summary: String; public var formula: String?; public var parameters: [String: Value]; public var inputs, outputs: [String: String]; public var source: String }
    public struct LocationRow: Codable, Sendable { public var name, type, country, region: String; public var latitude, longitude, amount: Double; public var uncertain: Bool }
    public struct RouteRow: Codable, Sendable { public var from, to: String; public var km: Double; public var greatCircle: Bool }
    public struct ClosureRow: Codable, Sendable { public var type, name1, name2: String; public var start, end: Int }
    public struct FactRow: Codable, Sendable { public var name, type, description, source: String; public var defaultValue: SituationValue?; public var declared: Bool }
    /// One modelling assumption: its reason, and every value path and element that rests on it.
    public struct AssumptionRow: Codable, Sendable { public var reason: String; public var usedBy: [String] }

    public var id, title, asOf: String
    public var horizonDays: Int
    public var description: String
    public var sources: [String]
    public var actors: [ActorRow]
    public var consequences: [String]
    public var preferences: [PreferenceRow]
    public var issues: [IssueRow]
    public var treeNodes: [NodeRow]
    public var terminals: [TerminalRow]
    public var schedules: [ScheduleRow]
    public var mechanisms: [MechanismRow]
    public var locations: [LocationRow]
    public var routes: [RouteRow]
    public var closures: [ClosureRow]
    public var totalPopulation: Double
    public var uncertainInputs: [String]
    public var facts: [FactRow]
    public var assumptions: [AssumptionRow]

    /// One screen (wide) of text: every section, the tree as an outline of its
    /// distinct decision points.
    public var text: String {
        var o = ""
        func line(_ s: String = "") { o += s + "\n" }
        line("\(title)  [\(id)]  as of \(asOf), horizon \(horizonDays) days")
        if !description.isEmpty { line(description) }
        line("Sources: " + sources.joined(separator: "; "))
        line()
        line("ACTORS")
        for a in actors {
            line("  \(pad(a.id, 12)) \(a.name) — \(a.kind)\(a.player ? "" : " (not a player)"), capability \(a.capability)  [\(a.source)]")
        }
        line()
        line("PREFERENCES (swing weights: utility = Σ weight × (value − worst) / (best − worst), worst and best across the branches)")
        for p in preferences {
            let terms = p.terms.map { t in "\(t.weight) \(t.consequence)" + (t.condition.map { " if \($0)" } ?? "") }
            line("  \(pad(p.actor, 12)) " + terms.joined(separator: ", "))
        }
        line()
        line("CONSEQUENCES  " + consequences.joined(separator: ", "))
        line()
        line("FACTS (set by the branches; read by mechanisms and schedules)")
        for f in facts {
            line("  \(pad(f.name, 12)) \(f.type)" + (f.defaultValue.map { ", default \($0)" } ?? "")
                 + (f.description.isEmpty ? "" : " — \(f.description)") + (f.declared ? "  [\(f.source)]" : "  (inferred: the file declares no facts)"))
        }
        line()
        line("ISSUES (0–100)")
        for i in issues {
            line("  \(i.id): \(i.title) — " + i.anchors.joined(separator: " | "))
            line("      " + i.stances.map { "\($0.actor) \($0.position) (salience \($0.salience))" }.joined(separator: "; "))
        }
        line()
        line("DECISION TREE (\(terminals.count) terminal branches; nodes reached by several paths shown once)")
        var shown = Set<String>()
        for n in treeNodes where n.kind != "terminal" {
            let key = n.kind + (n.player ?? "") + n.branches.joined()
            let pathName = n.path.isEmpty ? "(root)" : n.path
            if shown.contains(key) && n.depth > 0 { continue }
            shown.insert(key)
            let who = n.player.map { "\($0) chooses" } ?? "chance"
            line(String(repeating: "  ", count: n.depth + 1) + "\(pathName): \(who): " + n.branches.joined(separator: " / "))
        }
        line()
        line("CONFLICT SCHEDULES")
        for s in schedules {
            line("  \(s.id) (\(s.terminals) branches): \(s.description)")
            if !s.zones.isEmpty { line("      " + s.zones.joined(separator: "; ")) }
            if !s.bombardment.isEmpty { line("      bombardment: " + s.bombardment.joined(separator: "; ")) }
        }
        line()
        line("MECHANISMS (run in this order)")
        for m in mechanisms {
            let params = m.parameters.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: ", ")
            let outs = m.outputs.sorted { $0.key < $1.key }.map { "\($0.value)" }.joined(separator: ", ")
            if let f = m.formula {
                line("  \(m.id) → \(outs) = \(f.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }.joined(separator: " "))"
                     + (params.isEmpty ? "" : "; \(params)"))
            } else {
                let ins = m.inputs.sorted { $0.key < $1.key }.filter { $0.key != $0.value }.map { "\($0.key)=\($0.value)" }.joined(separator: ", ")
                line("  \(m.id) [\(m.kind)] → \(outs)" + (params.isEmpty ? "" : ": \(params)") + (ins.isEmpty ? "" : "; reads \(ins)"))
            }
        }
        line()
        line("GEOGRAPHY: \(locations.count) locations, \(routes.count) routes, \(closures.count) closures; population \(Int(totalPopulation.rounded()))")
        let groups = Dictionary(grouping: locations, by: \.type)
        for type in groups.keys.sorted() {
            let items = groups[type]!.map { l in "\(l.name) \(compact(l.amount))\(l.uncertain ? "~" : "")" }
            line("  \(type): " + items.joined(separator: ", "))
        }
        line("  routes: " + routes.map { "\($0.from)–\($0.to) \(String(format: "%.1f", $0.km))\($0.greatCircle ? "*" : "")" }.joined(separator: ", "))
        line("  closures: " + closures.map { "\($0.type) \($0.name1)–\($0.name2) from day \($0.start)\($0.end < 0 ? ", never reopens" : " to \($0.end)")" }.joined(separator: "; "))
        line("  (~ uncertain value, shown at its median; * great-circle distance × road factor)")
        line()
        var bySection: [(String, Int)] = []
        for p in uncertainInputs {
            let section = String(p.prefix { $0 != "." })
            if let i = bySection.firstIndex(where: { $0.0 == section }) { bySection[i].1 += 1 } else { bySection.append((section, 1)) }
        }
        line("UNCERTAIN INPUTS: \(uncertainInputs.count) — " + bySection.map { "\($0.0) \($0.1)" }.joined(separator: ", ")
             + " (paths: --format json, or 'uncertainInputs' in Swift)")
        line()
        line("ASSUMPTIONS (\(assumptions.count); each with what rests on it)")
        for a in assumptions { line("  - \(a.reason)  ← \(a.usedBy.joined(separator: ", "))") }
        return o
    }
}

/// Pads to a width without ever cutting: an id longer than the column keeps every character.
private func pad(_ s: String, _ width: Int) -> String {
    s.count >= width ? s : s + String(repeating: " ", count: width - s.count)
}

private func compact(_ x: Double) -> String {
    if x >= 1_000_000 { return String(format: "%.2fM", x / 1_000_000) }
    if x >= 10_000 { return String(format: "%.0fk", x / 1000) }
    return fmt(x.rounded())
}

private func show(_ q: Quantity) -> String {
    switch q.distribution {
    case .fixed(let v): return fmtShort(v)
    case .uniform(let a, let b): return "U(\(fmtShort(a)), \(fmtShort(b)))"
    case .triangular(let a, let c, let b): return "Tri(\(fmtShort(a)), \(fmtShort(c)), \(fmtShort(b)))"
    case .normal(let m, let s, let a, let b): return "N(\(fmtShort(m)), \(fmtShort(s)))[\(fmtShort(a)), \(fmtShort(b))]"
    case .beta(let al, let be, let a, let b): return "Beta(\(fmtShort(al)), \(fmtShort(be)))" + ((a, b) == (0, 1) ? "" : "[\(fmtShort(a)), \(fmtShort(b))]")
    case .lognormal(let mu, let s): return "LogN(median \(fmtShort(Foundation.exp(mu))), σ \(fmtShort(s)))"
    case .empirical(let w): return "posterior(\(w.values.count) draws, median \(fmtShort(w.quantile(0.5))), 90% \(fmtShort(w.quantile(0.05)))–\(fmtShort(w.quantile(0.95))))"
    }
}

private func value(_ q: Quantity) -> ScenarioDescription.Value {
    var params: [String: Double] = [:]
    switch q.distribution {
    case .fixed(let v): params = ["value": v]
    case .uniform(let a, let b): params = ["min": a, "max": b]
    case .triangular(let a, let c, let b): params = ["min": a, "mode": c, "max": b]
    case .normal(let m, let sd, let a, let b):
        params = ["mean": m, "sd": sd]
        if a.isFinite { params["min"] = a }
        if b.isFinite { params["max"] = b }
    case .beta(let al, let be, let a, let b): params = ["alpha": al, "beta": be, "min": a, "max": b]
    case .lognormal(let mu, let sg): params = ["mu": mu, "sigma": sg]
    case .empirical(let w): params = ["draws": Double(w.values.count), "p05": w.quantile(0.05), "p95": w.quantile(0.95)]
    }
    return .init(text: show(q), nominal: q.nominal, distribution: q.distribution.name, parameters: params, source: q.provenance.description)
}

private func fmtShort(_ x: Double) -> String {
    if !x.isFinite { return x > 0 ? "∞" : "-∞" }
    if abs(x - x.rounded()) <= 1e-9 * max(1, abs(x)) && abs(x) < 1e12 { return String(Int64(x.rounded())) }
    return String(format: "%.3g", x)
}

extension Scenario {
    public func describe() -> ScenarioDescription {
        let bySchedule = Dictionary(grouping: tree.terminals, by: \.schedule).mapValues(\.count)
        var nodes: [ScenarioDescription.NodeRow] = []
        func walk(_ n: TreeNode, _ depth: Int) {
            var kind = "terminal", player: String?
            switch n.kind {
            case .decision(let p): kind = "decision"; player = p
            case .chance: kind = "chance"
            case .terminal: break
            }
            let probs = probabilities(at: n)
            let branches = n.branches.enumerated().map { i, b in
                b.label + (n.kind == .chance ? " (p=\(fmtShort((probs[i] * 1000).rounded() / 1000)))" : "")
            }
            nodes.append(.init(depth: depth, path: n.path, kind: kind, player: player, branches: branches))
            for b in n.branches { walk(b.child, depth + 1) }
        }
        walk(tree.root, 0)
        return ScenarioDescription(
            id: metadata.id, title: metadata.title, asOf: metadata.asOf, horizonDays: metadata.horizonDays,
            description: metadata.description,
            // The file, when given, is where a reader finds the cited text.
            sources: sources.map { "\($0.id): \($0.title)" + ($0.file.map { " (file \($0))" } ?? "") },
            actors: actors.map { .init(id: $0.id, name: $0.name, kind: $0.kind.rawValue, player: $0.isPlayer,
                                       capability: value($0.capability), source: $0.provenance.description) },
            consequences: consequences.map { "\($0.id) (\($0.unit))" },
            preferences: preferences.map { p in .init(actor: p.actor, terms: p.terms.map { t in
                .init(consequence: t.consequence, weight: value(t.weight),
                      condition: t.condition.map { "\($0.consequence) \($0.comparison == .atLeast ? "≥" : "≤") \(show($0.threshold))" },
                      threshold: t.condition.map { value($0.threshold) }, source: t.provenance.description) }) },
            issues: issues.map { i in .init(id: i.id, title: i.title, anchors: i.anchors.map { "\(fmtShort($0.position)) \($0.label)" },
                                            stances: i.stances.map { .init(actor: $0.actor, position: value($0.position), salience: value($0.salience)) }) },
            treeNodes: nodes,
            terminals: tree.terminals.map { .init(id: $0.id, schedule: $0.schedule, situation: $0.situation) },
            schedules: schedules.map { s in
                let text = { (z: ConflictSchedule.Zone) in "\(z.location) from day \(show(z.fromDay))" + (z.untilDay.map { " until day \(show($0))" } ?? "") + " at \(show(z.intensity))" }
                return .init(id: s.id, description: s.description, zones: s.zones.map(text), bombardment: s.bombardment.map(text),
                             terminals: bySchedule[s.id] ?? 0)
            },
            mechanisms: mechanisms.map { m in .init(id: m.id, kind: m.block ?? "formula",
                                                    summary: m.block.flatMap(Library.block(named:))?.summary ?? m.description,
                                                    formula: m.formula, parameters: m.parameters.mapValues(value), inputs: m.inputs,
                                                    outputs: m.outputs, source: m.provenance.description) },
            locations: zip(geography.locations, geography.amounts).map { l, amount in
                var uncertain = false
                switch l.amount {
                case .value(let q): uncertain = q.isUncertain
                case .share(let w): uncertain = w.isUncertain || (geography.populationTotal?.isUncertain ?? false)
                case .empty: break
                }
                return .init(name: l.name, type: l.type, country: l.country, region: l.region, latitude: l.latitude,
                             longitude: l.longitude, amount: amount, uncertain: uncertain)
            },
            routes: zip(geography.routes, geography.distances).map { r, km in
                var gc = false
                if case .greatCircle = r.distance { gc = true }
                return .init(from: r.from, to: r.to, km: km, greatCircle: gc)
            },
            closures: geography.closures.map { .init(type: $0.type.rawValue, name1: $0.name1, name2: $0.name2, start: $0.startDay, end: $0.endDay) },
            totalPopulation: geography.totalPopulation,
            uncertainInputs: uncertainInputs.map(\.path),
            facts: facts.map { .init(name: $0.name, type: $0.typeText, description: $0.description, source: $0.provenance.description,
                                     defaultValue: $0.defaultValue, declared: $0.declared) },
            assumptions: assumptionRows())
    }
}

extension Scenario {
    /// Every `assumption:` citation, once, with the value paths and elements citing it, in
    /// order of first use.
    func assumptionRows() -> [ScenarioDescription.AssumptionRow] {
        var order: [String] = []
        var uses: [String: [String]] = [:]
        func note(_ p: Provenance, _ what: String) {
            for c in p.citations {
                guard case .assumption(let reason) = c else { continue }
                if uses[reason] == nil { order.append(reason); uses[reason] = [] }
                if uses[reason]!.last != what { uses[reason]!.append(what) }
            }
        }
        note(metadata.provenance, "metadata")
        for f in facts { note(f.provenance, "facts.\(f.name)") }
        for a in actors { note(a.provenance, "actors.\(a.id)") }
        for c in consequences { note(c.provenance, "consequences.\(c.id)") }
        for (path, q) in quantities { note(q.provenance, path) }
        for n in tree.nodes where n.kind != .terminal {
            note(n.provenance, "tree.\(n.path.isEmpty ? n.name : n.path)")
            for b in n.branches { note(b.provenance, "tree.\(b.child.path)") }
        }
        for s in schedules { note(s.provenance, "conflict_schedules.\(s.id)") }
        for m in mechanisms { note(m.provenance, "mechanisms.\(m.id)") }
        for l in geography.locations { note(l.provenance, "geography.places.\(l.name)") }
        for r in geography.routes { note(r.provenance, "geography.links.\(r.key)") }
        for c in geography.closures { note(c.provenance, "geography.closures.\(c.name1)--\(c.name2)") }
        return order.map { .init(reason: $0, usedBy: uses[$0]!) }
    }
}
