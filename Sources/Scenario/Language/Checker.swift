import Foundation

/// What a formula may name. A library block's formulas see only their own locals
/// (parameters, inputs, earlier definitions); a scenario's formulas also see the
/// scenario: its consequences, facts, parameters, actions' consequences and the
/// displacement results.
struct FormulaScope {
    struct Local { var name: String; var type: ValueType }
    /// In slot order.
    var locals: [Local] = []
    var scenario: ScenarioNames?
}

struct ScenarioNames {
    /// Every declared consequence and its unit.
    var consequenceUnits: [String: MeasureUnit]
    /// Consequence → the mechanism that writes it.
    var writers: [String: String]
    /// The mechanism being checked ("" outside a mechanism).
    var current: String
    var facts: [String: FactDeclaration]
    var parameters: Set<String>
    /// Consequences some action or outcome carries directly.
    var actionConsequences: Set<String>
    var places: PlaceTable
}

/// Everything a checked formula reads, for ordering mechanisms and finding unused names.
struct FormulaReads: Sendable, Hashable {
    var consequences: Set<String> = []
    var facts: Set<String> = []
    var locals: Set<Int> = []
    var parameters: Set<String> = []
    var actions: Set<String> = []
}

/// Resolves and type-checks a formula, collecting every error (a failed part is
/// skipped by its parents, so one mistake gives one error).
final class FormulaChecker {
    let scope: FormulaScope
    private(set) var errors: [FormulaError] = []
    private(set) var reads = FormulaReads()
    private var variables: [(name: String, domain: SumDomain)] = []

    init(scope: FormulaScope) { self.scope = scope }

    typealias Typed = (code: Compiled, type: ValueType)

    /// Checks `syntax`; nil when it has errors (in `errors`).
    func check(_ syntax: Syntax) -> Typed? {
        let before = errors.count
        let r = expression(syntax)
        return errors.count == before ? r : nil
    }

    private func fail(_ kind: FormulaError.Kind, _ span: Span, _ message: String, expected: String? = nil, suggestion: String? = nil) {
        errors.append(FormulaError(kind, span, message, expected: expected, suggestion: suggestion))
    }

    private func expression(_ s: Syntax) -> Typed? {
        switch s {
        case .number(let v, _): return (.constant(.number(v)), .number(.literal))
        case .boolean(let b, _): return (.constant(.bool(b)), .bool)
        case .string(let t, let span):
            fail(.type, span, "text \"\(t)\" can only be compared with a fact's label or a place's name, country, region or type",
                 expected: "e.g. offensive == \"full\"")
            return nil
        case .name(let parts, let span): return name(parts, span)
        case .index(let base, let index, let span): return indexed(base, index, span)
        case .unary(.negate, let e, let span):
            guard let t = expression(e) else { return nil }
            guard case .number(let u) = t.type else { return notNumber(t.type, e.span, "'-'") }
            _ = span
            return (.negate(t.code), .number(u))
        case .unary(.not, let e, _):
            guard let t = expression(e) else { return nil }
            guard t.type == .bool else { return notBool(t.type, e.span, "'not'") }
            return (.not(t.code), .bool)
        case .binary(let op, let l, let r, let span): return binary(op, l, r, span)
        case .call(let fname, let args, let span): return call(fname, args, span)
        case .conditional(let c, let a, let b, _):
            let tc = expression(c), ta = expression(a), tb = expression(b)
            guard let tc, let ta, let tb else { return nil }
            guard tc.type == .bool else { return notBool(tc.type, c.span, "'if'") }
            guard let t = agree(ta.type, tb.type, b.span, "the two branches of 'if'") else { return nil }
            return (.conditional(tc.code, ta.code, tb.code), t)
        case .sum(let body, let v, let domain, let condition, let span):
            if variables.contains(where: { $0.name == v }) || isResolvable([v]) {
                fail(.unknownName, span, "the sum's variable '\(v)' already names something here", expected: "a fresh name such as p or a")
                return nil
            }
            guard scope.scenario != nil else {
                fail(.unknownName, span, "a library block cannot sum over places", expected: "its inputs and parameters")
                return nil
            }
            variables.append((v, domain))
            defer { variables.removeLast() }
            var tcond: Typed?
            if let condition {
                guard let t = expression(condition) else { _ = expression(body); return nil }
                guard t.type == .bool else { return notBool(t.type, condition.span, "'where'") }
                tcond = t
            }
            guard let tb = expression(body) else { return nil }
            guard case .number(let u) = tb.type else { return notNumber(tb.type, body.span, "sum(…)") }
            return (.sum(domain, condition: tcond?.code, body: tb.code), .number(u))
        }
    }

    private func notNumber(_ t: ValueType, _ span: Span, _ what: String) -> Typed? {
        var hint = "a number"
        if t == .bool { hint = "a number; indicator(…) turns true/false into 1/0" }
        fail(.type, span, "\(what) needs a number, but this is \(t)", expected: hint)
        return nil
    }

    private func notBool(_ t: ValueType, _ span: Span, _ what: String) -> Typed? {
        fail(.type, span, "\(what) needs true or false, but this is \(t)", expected: "a comparison such as deaths > 1000, or a true/false fact")
        return nil
    }

    private func agree(_ a: ValueType, _ b: ValueType, _ span: Span, _ what: String) -> ValueType? {
        switch (a, b) {
        case (.number(let ua), .number(let ub)):
            guard let u = ua.agreeing(with: ub) else {
                fail(.unit, span, "\(what) have different units: \(ua) and \(ub)", expected: "values in the same unit")
                return nil
            }
            return .number(u)
        case (.bool, .bool): return .bool
        case (.label(let la), .label(let lb)): return .label(la == nil || lb == nil ? nil : Array(Set(la! + lb!)).sorted())
        default:
            fail(.type, span, "\(what) have different types: \(a) and \(b)", expected: "two values of one type")
            return nil
        }
    }

    // MARK: operators

    private func binary(_ op: BinaryOperator, _ l: Syntax, _ r: Syntax, _ span: Span) -> Typed? {
        if op == .and || op == .or {
            let tl = expression(l), tr = expression(r)
            guard let tl, let tr else { return nil }
            guard tl.type == .bool else { return notBool(tl.type, l.span, "'\(op.rawValue)'") }
            guard tr.type == .bool else { return notBool(tr.type, r.span, "'\(op.rawValue)'") }
            return (op == .and ? .and(tl.code, tr.code) : .or(tl.code, tr.code), .bool)
        }
        if op.isComparison { return comparison(op, l, r, span) }
        let tl = expression(l), tr = expression(r)
        guard let tl, let tr else { return nil }
        guard case .number(let ul) = tl.type else { return notNumber(tl.type, l.span, "'\(op.rawValue)'") }
        guard case .number(let ur) = tr.type else { return notNumber(tr.type, r.span, "'\(op.rawValue)'") }
        switch op {
        case .add, .subtract:
            guard let u = ul.agreeing(with: ur) else {
                fail(.unit, span, "'\(op.rawValue)' of \(ul) and \(ur)", expected: "two values in the same unit")
                return nil
            }
            return (.arithmetic(op, tl.code, tr.code), .number(u))
        case .multiply: return (.arithmetic(op, tl.code, tr.code), .number(ul.times(ur)))
        case .divide: return (.arithmetic(op, tl.code, tr.code), .number(ul.times(ur, exponent: -1)))
        default: // power
            var unit = MeasureUnit.unknown
            if case .constant(.number(let n)) = tr.code, n == n.rounded(), abs(n) <= 16 { unit = ul.power(Int(n)) }
            else if ul == .literal || ul == .dimensionless { unit = ul }
            if ur.isKnown && ur != .dimensionless {
                fail(.unit, r.span, "an exponent must be a plain number, not \(ur)", expected: "a dimensionless exponent")
                return nil
            }
            return (.arithmetic(.power, tl.code, tr.code), .number(unit))
        }
    }

    /// A bare word compared with a label-typed value is one of its labels when it is one
    /// (`offensive == full`), so labels need no quotes in YAML.
    private func comparison(_ op: BinaryOperator, _ l: Syntax, _ r: Syntax, _ span: Span) -> Typed? {
        func literal(_ s: Syntax, against other: ValueType?) -> Typed? {
            guard let other, case .label(let labels) = other else { return nil }
            var text: String?
            if case .string(let t, _) = s { text = t }
            if case .name(let parts, _) = s, parts.count == 1, !isResolvable(parts) { text = parts[0] }
            guard let text else { return nil }
            if let labels, !labels.contains(text) {
                fail(.type, s.span, "'\(text)' is not one of the values compared with",
                     expected: labels.count <= 30 ? labels.joined(separator: ", ") : "one of \(labels.count) names",
                     suggestion: closestMatch(text, in: labels))
                return nil
            }
            return (.constant(.text(text)), .label(labels))
        }
        func isTextLiteral(_ s: Syntax) -> Bool {
            if case .string = s { return true }
            if case .name(let p, _) = s, p.count == 1, !isResolvable(p) { return true }
            return false
        }
        var tl: Typed?, tr: Typed?
        if isTextLiteral(l) && !isTextLiteral(r) {
            tr = expression(r)
            guard let tr0 = tr else { return nil }
            tl = literal(l, against: tr0.type) ?? expression(l)
        } else {
            tl = expression(l)
            guard let tl0 = tl else { _ = isTextLiteral(r) ? nil : expression(r); return nil }
            tr = literal(r, against: tl0.type) ?? expression(r)
        }
        guard let tl, let tr else { return nil }
        switch (tl.type, tr.type) {
        case (.number(let a), .number(let b)):
            guard a.agreeing(with: b) != nil else {
                fail(.unit, span, "'\(op.rawValue)' compares \(a) with \(b)", expected: "two values in the same unit")
                return nil
            }
        case (.label, .label), (.bool, .bool):
            guard op == .equal || op == .notEqual else {
                fail(.type, span, "'\(op.rawValue)' orders numbers; \(tl.type) can only be tested with == or !=", expected: "== or !=")
                return nil
            }
        default:
            fail(.type, span, "'\(op.rawValue)' compares \(tl.type) with \(tr.type)", expected: "two values of one type")
            return nil
        }
        return (.compare(op, tl.code, tr.code), .bool)
    }

    // MARK: calls

    private func call(_ fname: String, _ args: [Syntax], _ span: Span) -> Typed? {
        if fname == "present_in" {
            guard args.count == 1 else {
                fail(.syntax, span, "present_in takes one area", expected: "present_in(AREA)"); return nil
            }
            return presentIn(args[0], span)
        }
        guard let f = Function(rawValue: fname) else {
            let names = Function.allCases.map(\.rawValue) + ["present_in", "sum"]
            fail(.unknownName, span, "no function '\(fname)'", expected: names.joined(separator: ", "), suggestion: closestMatch(fname, in: names))
            return nil
        }
        guard f.arity.contains(args.count) else {
            fail(.syntax, span, "\(fname) takes \(f.arity.lowerBound == f.arity.upperBound ? "\(f.arity.lowerBound)" : "\(f.arity.lowerBound) or more") argument(s), not \(args.count)",
                 expected: f.signature)
            return nil
        }
        let typed = args.map { expression($0) }
        guard typed.allSatisfy({ $0 != nil }) else { return nil }
        let ts = typed.map { $0! }
        let codes = ts.map(\.code)
        if f == .indicator {
            guard ts[0].type == .bool else { return notBool(ts[0].type, args[0].span, "indicator(…)") }
            return (.call(f, codes), .number(.dimensionless))
        }
        var units: [MeasureUnit] = []
        for (t, a) in zip(ts, args) {
            guard case .number(let u) = t.type else { return notNumber(t.type, a.span, "\(fname)(…)") }
            units.append(u)
        }
        func same(_ idx: [Int]) -> MeasureUnit? {
            var u = units[idx[0]]
            for i in idx.dropFirst() {
                guard let v = u.agreeing(with: units[i]) else {
                    fail(.unit, args[i].span, "\(f.signature): \(units[idx[0]]) and \(units[i]) are different units",
                         expected: "arguments in the same unit")
                    return nil
                }
                u = v
            }
            return u
        }
        func plain(_ i: Int, _ what: String) -> Bool {
            if units[i].isKnown && units[i] != .dimensionless {
                fail(.unit, args[i].span, "\(what) of \(f.signature) must be a plain number, not \(units[i])", expected: "a dimensionless number")
                return false
            }
            return true
        }
        switch f {
        case .min, .max:
            guard let u = same(Array(units.indices)) else { return nil }
            return (.call(f, codes), .number(u))
        case .clamp:
            guard let u = same([0, 1, 2]) else { return nil }
            return (.call(f, codes), .number(u))
        case .abs: return (.call(f, codes), .number(units[0]))
        case .sqrt:
            var u = MeasureUnit.unknown
            if case .known(let d) = units[0].kind, d.values.allSatisfy({ $0 % 2 == 0 }) { u = MeasureUnit(kind: .known(d.mapValues { $0 / 2 })) }
            else if units[0] == .literal { u = .literal }
            return (.call(f, codes), .number(u))
        case .exp, .log: return (.call(f, codes), .number(units[0] == .literal ? .literal : .dimensionless))
        case .logistic, .falloff:
            guard same([0, 1]) != nil, plain(2, "the sharpness") else { return nil }
            return (.call(f, codes), .number(.dimensionless))
        case .threshold:
            guard same([0, 1]) != nil else { return nil }
            return (.call(f, codes), .number(.dimensionless))
        case .indicator: return nil
        }
    }

    private func presentIn(_ arg: Syntax, _ span: Span) -> Typed? {
        guard let names = scope.scenario else {
            fail(.unknownName, span, "a library block cannot read displacement results", expected: "its inputs and parameters"); return nil
        }
        switch arg {
        case .string(let area, let s):
            return areaLiteral(area, s, names)
        case .name(let parts, let s) where parts.count == 1:
            if let d = variables.lastIndex(where: { $0.name == parts[0] }) {
                guard variables[d].domain == .areas else {
                    fail(.type, s, "'\(parts[0])' is a place; present_in takes an area", expected: "present[\(parts[0])] for a place")
                    return nil
                }
                return (.presentInVariable(variables.count - 1 - d), .number(.base("person")))
            }
            return areaLiteral(parts[0], s, names)
        default:
            fail(.type, arg.span, "present_in takes an area: a name from the region column of locations.csv", expected: "present_in(AREA)")
            return nil
        }
    }

    private func areaLiteral(_ area: String, _ span: Span, _ names: ScenarioNames) -> Typed? {
        guard names.places.areas.contains(area) else {
            fail(.unknownName, span, "no area '\(area)' (a region of locations.csv)",
                 expected: "one of: \(names.places.areas.joined(separator: ", "))", suggestion: closestMatch(area, in: names.places.areas))
            return nil
        }
        return (.displacement(.presentIn(area)), .number(.base("person")))
    }

    // MARK: names

    /// Whether a name means something here (without reporting anything).
    func isResolvable(_ parts: [String]) -> Bool {
        if variables.contains(where: { $0.name == parts[0] }) { return true }
        if parts.count == 1, scope.locals.contains(where: { $0.name == parts[0] }) { return true }
        guard let n = scope.scenario else { return false }
        switch parts[0] {
        case "parameters", "action", "displacement", "present", "refugees": return true
        default: break
        }
        guard parts.count == 1 else { return false }
        let w = parts[0]
        if n.writers[w] != nil && n.writers[w] != n.current { return true }
        if n.facts[w] != nil { return true }
        return DisplacementName.plain.contains { $0.name == w }
    }

    /// Every name visible here, for "did you mean".
    private var visibleNames: [String] {
        var out = scope.locals.map(\.name) + variables.map(\.name)
        if let n = scope.scenario {
            out += n.writers.keys.filter { n.writers[$0] != n.current }
            out += n.facts.keys
            out += n.parameters.map { "parameters.\($0)" }
            out += DisplacementName.plain.map(\.name)
            out += n.places.names.map { "present.\($0)" }
            out += n.consequenceUnits.keys.filter { n.actionConsequences.contains($0) }.map { "action.\($0)" }
        }
        return out
    }

    private func name(_ parts: [String], _ span: Span) -> Typed? {
        let full = parts.joined(separator: ".")
        if let d = variables.lastIndex(where: { $0.name == parts[0] }) {
            let depth = variables.count - 1 - d
            let domain = variables[d].domain
            if parts.count == 1 { return (.variable(depth), domain == .places ? .place : .area) }
            if parts.count == 2 {
                if domain == .areas {
                    guard parts[1] == "name" else {
                        fail(.unknownName, span, "an area has only a name", expected: "\(parts[0]).name", suggestion: "name"); return nil
                    }
                    return (.areaName(depth), .label(scope.scenario?.places.areas))
                }
                guard let a = PlaceAttribute(rawValue: parts[1]) else {
                    fail(.unknownName, span, "a place has no '\(parts[1])'", expected: PlaceAttribute.allCases.map(\.rawValue).joined(separator: ", "),
                         suggestion: closestMatch(parts[1], in: PlaceAttribute.allCases.map(\.rawValue)))
                    return nil
                }
                return (.placeAttribute(depth, a), .label(scope.scenario?.places.values(of: a)))
            }
            fail(.unknownName, span, "'\(full)' is not a name", expected: "\(parts[0]) or \(parts[0]).country"); return nil
        }
        if parts.count == 1, let slot = scope.locals.lastIndex(where: { $0.name == parts[0] }) {
            reads.locals.insert(slot)
            return (.local(slot), scope.locals[slot].type)
        }
        guard let n = scope.scenario else {
            fail(.unknownName, span, "'\(full)' is not a parameter or input of this block",
                 expected: scope.locals.map(\.name).joined(separator: ", "), suggestion: closestMatch(full, in: scope.locals.map(\.name)))
            return nil
        }
        switch parts[0] {
        case "parameters":
            guard parts.count == 2, n.parameters.contains(parts[1]) else {
                let p = parts.count > 1 ? parts[1] : ""
                fail(.unknownName, span, "no scenario parameter '\(p)'",
                     expected: n.parameters.isEmpty ? "a name under 'parameters:'" : "one of: " + n.parameters.sorted().joined(separator: ", "),
                     suggestion: closestMatch(p, in: n.parameters))
                return nil
            }
            reads.parameters.insert(parts[1])
            return (.scenarioParameter(parts[1]), .number(.unknown))
        case "action":
            guard parts.count == 2, let unit = n.consequenceUnits[parts[1]] else {
                let c = parts.count > 1 ? parts[1] : ""
                fail(.unknownName, span, "no consequence '\(c)'", expected: "action.CONSEQUENCE, a consequence actions carry",
                     suggestion: closestMatch(c, in: n.consequenceUnits.keys))
                return nil
            }
            guard n.actionConsequences.contains(parts[1]) else {
                fail(.unknownName, span, "no action or outcome carries '\(parts[1])' (it would always be 0)",
                     expected: "'consequences: {\(parts[1]): …}' on an action, or another name")
                return nil
            }
            reads.actions.insert(parts[1])
            return (.action(parts[1]), .number(unit))
        case "displacement":
            return displacementName(Array(parts.dropFirst()), span, n, qualified: true)
        default: break
        }
        if parts.count == 1 {
            let w = parts[0]
            if let writer = n.writers[w], writer != n.current {
                reads.consequences.insert(w)
                return (.consequence(w), .number(n.consequenceUnits[w] ?? .unknown))
            }
            if let f = n.facts[w] {
                reads.facts.insert(w)
                return (.fact(w, f.defaultValue.map(FormulaValue.init)), f.valueType)
            }
            if DisplacementName.plain.contains(where: { $0.name == w }) { return displacementName(parts, span, n, qualified: false) }
            if n.writers[w] == n.current {
                fail(.cycle, span, "'\(w)' is written by this mechanism itself", expected: "a consequence another mechanism writes, a fact or a parameter")
                return nil
            }
            if n.consequenceUnits[w] != nil {
                fail(.unknownName, span, "no mechanism writes the consequence '\(w)'",
                     expected: n.actionConsequences.contains(w) ? "action.\(w) for what the actions carry" : "a consequence some mechanism outputs")
                return nil
            }
        }
        if parts[0] == "present" || parts[0] == "refugees" { return displacementName(parts, span, n, qualified: false) }
        fail(.unknownName, span, "unknown name '\(full)'",
             expected: "a fact, a consequence another mechanism writes, a parameter of this mechanism, parameters.NAME, action.CONSEQUENCE or a displacement result",
             suggestion: closestMatch(full, in: visibleNames))
        return nil
    }

    private func displacementName(_ parts: [String], _ span: Span, _ n: ScenarioNames, qualified: Bool) -> Typed? {
        let person = MeasureUnit.base("person")
        if parts.count == 1, let d = DisplacementName.plain.first(where: { $0.name == parts[0] }) {
            return (.displacement(d.value), .number(MeasureUnit(parsing: d.unit)))
        }
        if parts.count == 2, parts[0] == "present" {
            guard n.places.names.contains(parts[1]) else {
                fail(.unknownName, span, "no place '\(parts[1])' in locations.csv", expected: "present.PLACE with a location name",
                     suggestion: closestMatch(parts[1], in: n.places.names))
                return nil
            }
            return (.displacement(.present(parts[1])), .number(person))
        }
        if parts.count == 2, parts[0] == "refugees" {
            let countries = n.places.values(of: .country)
            guard countries.contains(parts[1]) else {
                fail(.unknownName, span, "no country '\(parts[1])' in locations.csv", expected: "one of: \(countries.joined(separator: ", "))",
                     suggestion: closestMatch(parts[1], in: countries))
                return nil
            }
            return (.displacement(.refugeesIn(parts[1])), .number(person))
        }
        let all = DisplacementName.plain.map(\.name) + ["present.PLACE", "refugees.COUNTRY", "present_in(AREA)"]
        let shown = (qualified ? "displacement." : "") + parts.joined(separator: ".")
        fail(.unknownName, span, "'\(shown)' is not a displacement result", expected: all.joined(separator: ", "),
             suggestion: closestMatch(parts.joined(separator: "."), in: DisplacementName.plain.map(\.name)))
        return nil
    }

    private func indexed(_ base: Syntax, _ index: Syntax, _ span: Span) -> Typed? {
        guard case .name(var parts, _) = base else {
            fail(.syntax, span, "only present[…] and refugees[…] can be indexed", expected: "present[\"al-Dana\"] or present[p]"); return nil
        }
        if parts.first == "displacement" { parts.removeFirst() }
        guard parts == ["present"] || parts == ["refugees"], let n = scope.scenario else {
            fail(.syntax, span, "only present[…] and refugees[…] can be indexed", expected: "present[\"al-Dana\"] or present[p]"); return nil
        }
        switch index {
        case .string(let key, let s): return displacementName([parts[0], key], s, n, qualified: false)
        case .name(let v, let s) where v.count == 1:
            if let d = variables.lastIndex(where: { $0.name == v[0] }) {
                guard parts[0] == "present", variables[d].domain == .places else {
                    fail(.type, s, "\(parts[0])[…] of \(variables[d].domain == .areas ? "an area" : "a place") is not defined",
                         expected: "present[p] for a place p; present_in(a) for an area; refugees[\"COUNTRY\"]")
                    return nil
                }
                return (.presentAtVariable(variables.count - 1 - d), .number(.base("person")))
            }
            return displacementName([parts[0], v[0]], s, n, qualified: false)
        default:
            fail(.type, index.span, "the index of \(parts[0])[…] is a name in quotes or a place bound by a sum",
                 expected: "present[\"al-Dana\"] or present[p]")
            return nil
        }
    }
}

extension FactDeclaration {
    var valueType: ValueType {
        switch kind {
        case .bool: return .bool
        case .number(let unit): return .number(unit ?? .unknown)
        case .labels(let l): return .label(l)
        }
    }
}

extension Compiled {
    /// The most elementary steps one evaluation can take (each term of a sum counted once
    /// per place or area), for the bound in `FormulaLimits.maxSteps`.
    func cost(places: Int, areas: Int) -> Int {
        func c(_ e: Compiled) -> Int {
            switch e {
            case .constant, .local, .fact, .consequence, .action, .scenarioParameter, .variable, .placeAttribute,
                 .areaName, .presentAtVariable:
                return 1
            case .presentInVariable: return 1 + places
            case .displacement(let d):
                switch d {
                case .refugees, .refugeesIn, .presentIn: return 1 + places
                default: return 1
                }
            case .negate(let a), .not(let a): return 1 + c(a)
            case .arithmetic(_, let a, let b), .compare(_, let a, let b), .and(let a, let b), .or(let a, let b):
                return satAdd(1, satAdd(c(a), c(b)))
            case .call(_, let args): return args.reduce(1) { satAdd($0, c($1)) }
            case .conditional(let a, let b, let d): return satAdd(1, satAdd(c(a), satAdd(c(b), c(d))))
            case .sum(let domain, let condition, let body):
                let n = domain == .places ? places : areas
                let each = satAdd(c(body), condition.map(c) ?? 0)
                return satAdd(1, each.multipliedReportingOverflow(by: max(1, n)).overflow ? Int.max : each * max(1, n))
            }
        }
        return c(self)
    }
}

private func satAdd(_ a: Int, _ b: Int) -> Int {
    let (r, o) = a.addingReportingOverflow(b)
    return o ? Int.max : r
}
