import Yams

/// A mechanism as read from the file, before its formulas are checked (that needs
/// every mechanism's outputs, the facts and the geography).
struct MechanismDraft {
    var id: String
    var node: Node
    var block: Block?
    /// Written with the older `kind:`: unit mismatches are warnings, so old files load.
    var legacy: Bool
    var formula: (text: String, node: Node)?
    var description: String
    var parameters: [String: Quantity]
    var parameterOrder: [String]
    var parameterNodes: [String: Node]
    /// Explicit input bindings: block input → formula text and its node.
    var inputs: [String: (text: String, node: Node)]
    /// Output → consequence, with the node naming the consequence.
    var outputs: [(slot: String, consequence: String, node: Node)]
    var provenance: Provenance
}

/// What the tree's branches say, read before the tree itself (the facts they set, the
/// consequences they carry), so facts can be inferred and formulas checked first.
struct BranchSurvey {
    /// Fact → every value branches set it to (with the node that sets it).
    var sets: [String: [(SituationValue, Node)]] = [:]
    var setOrder: [String] = []
    var carried: Set<String> = []
}

extension ScenarioParser {
    // MARK: facts

    func parseFacts(_ node: Node) -> [FactDeclaration] {
        var out: [FactDeclaration] = []
        for (name, kn, v) in y.entries(node, "facts", what: "facts") {
            let p = "facts.\(name)"
            if !isPlainName(name) || Lexer.keywords.contains(name) {
                y.report(.wrongType, kn, p, "'\(name)' cannot be a fact's name in formulas",
                         expected: "letters, digits and '_', starting with a letter, and not one of: \(Lexer.keywords.sorted().joined(separator: ", "))")
                continue
            }
            guard let f = y.fields(v, p, Format.fact) else { continue }
            let prov = y.provenance(f["source"], "\(p).source", inherited: .none)
            y.requireProvenance(prov, v, p, what: "fact '\(name)'")
            var kind: FactDeclaration.Kind?
            switch f["type"] {
            case .scalar(let s)? where ["bool", "number"].contains(s.string):
                kind = s.string == "bool" ? .bool : .number(f["unit"].flatMap { y.string($0, "\(p).unit") }.map(MeasureUnit.init(parsing:)))
            case .sequence(let seq)?:
                let labels = seq.compactMap { y.string($0, "\(p).type") }
                if labels.isEmpty { y.report(.missingField, f["type"], "\(p).type", "a list of labels needs at least one", expected: "[label, …]") }
                else if Set(labels).count != labels.count { y.report(.duplicateId, f["type"], "\(p).type", "a label is listed twice") }
                else { kind = .labels(labels) }
            case let t?:
                let text = t.string ?? ""
                y.report(.wrongType, t, "\(p).type", "unknown fact type \(y.describe(t))", expected: "bool, number, or a list of labels such as [none, limited, full]",
                         suggestion: closestMatch(text, in: ["bool", "number"]))
            case nil: break
            }
            if f["unit"] != nil, case .bool? = kind { y.report(.unknownKey, f["unit"], "\(p).unit", "a true/false fact has no unit") }
            if f["unit"] != nil, case .labels? = kind { y.report(.unknownKey, f["unit"], "\(p).unit", "a labelled fact has no unit") }
            guard let kind else { continue }
            var def: SituationValue?
            if let dn = f["default"] {
                def = situationValue(dn, "\(p).default")
                if let d = def {
                    let decl = FactDeclaration(name: name, kind: kind, defaultValue: nil, description: "", provenance: prov, declared: true)
                    if !decl.accepts(d) {
                        y.report(.wrongType, dn, "\(p).default", "'\(d)' is not a value of '\(name)'", expected: decl.typeText); def = nil
                    }
                }
            }
            out.append(FactDeclaration(name: name, kind: kind, defaultValue: def,
                                       description: f["description"].flatMap { y.string($0, "\(p).description") } ?? "",
                                       provenance: prov, declared: true))
        }
        return out
    }

    /// A fact's value as written: true/false, a number, or a label.
    func situationValue(_ v: Node, _ path: String) -> SituationValue? {
        if let b = v.bool, v.tagName == Tag.Name.bool.rawValue { return .bool(b) }
        if case .scalar = v, v.tagName == Tag.Name.int.rawValue || v.tagName == Tag.Name.float.rawValue {
            guard let x = y.number(v, path) else { return nil }
            return .number(x)
        }
        return y.string(v, path).map { .label($0) }
    }

    /// Facts set by branches and consequences they carry, from the raw tree.
    func surveyBranches(_ tree: Node?) -> BranchSurvey {
        var s = BranchSurvey()
        guard case .mapping(let nodes)? = tree?["nodes"] else { return s }
        for (_, n) in nodes {
            for key in ["actions", "outcomes"] {
                guard case .mapping(let bs)? = n[key] else { continue }
                for (_, b) in bs {
                    if case .mapping(let set)? = b["set"] {
                        for (k, v) in set {
                            guard let name = k.string else { continue }
                            let value: SituationValue
                            if let bv = v.bool, v.tagName == Tag.Name.bool.rawValue { value = .bool(bv) }
                            else if v.tagName == Tag.Name.int.rawValue || v.tagName == Tag.Name.float.rawValue, let x = v.float { value = .number(x) }
                            else if let t = v.string { value = .label(t) } else { continue }
                            if s.sets[name] == nil { s.setOrder.append(name) }
                            s.sets[name, default: []].append((value, v))
                        }
                    }
                    if case .mapping(let cs)? = b["consequences"] { s.carried.formUnion(cs.compactMap { $0.key.string }) }
                }
            }
        }
        return s
    }

    /// The facts of a file that declares none: what library blocks read (by their own
    /// input names), what branches set and what schedules match on, typed by those values.
    func inferFacts(drafts: [MechanismDraft], survey: BranchSurvey, schedules: [ConflictSchedule]) -> [FactDeclaration] {
        var out: [FactDeclaration] = []
        var index: [String: Int] = [:]
        func add(_ f: FactDeclaration) { if index[f.name] == nil { index[f.name] = out.count; out.append(f) } }
        for d in drafts {
            guard let block = d.block else { continue }
            for input in block.inputs where d.inputs[input.name] == nil && input.binding == input.name {
                switch input.type {
                case .bool: add(FactDeclaration(name: input.name, kind: .bool, defaultValue: input.fallback, description: input.description,
                                                provenance: .none, declared: false))
                case .labels(let l): add(FactDeclaration(name: input.name, kind: .labels(l), defaultValue: input.fallback,
                                                         description: input.description, provenance: .none, declared: false))
                case .number: break
                }
            }
        }
        var values: [String: [SituationValue]] = [:]
        var order = survey.setOrder
        for name in survey.setOrder { values[name] = survey.sets[name]!.map(\.0) }
        for s in schedules { for (k, v) in s.when.sorted(by: { $0.key < $1.key }) {
            if values[k] == nil { order.append(k) }
            values[k, default: []].append(v)
        } }
        for name in order where index[name] == nil {
            let vs = values[name]!
            let kind: FactDeclaration.Kind
            if vs.allSatisfy({ if case .bool = $0 { return true }; return false }) { kind = .bool }
            else if vs.allSatisfy({ if case .number = $0 { return true }; return false }) { kind = .number(nil) }
            else {
                var labels: [String] = []
                for v in vs where !labels.contains(v.description) { labels.append(v.description) }
                kind = .labels(labels)
            }
            add(FactDeclaration(name: name, kind: kind, defaultValue: nil, description: "", provenance: .none, declared: false))
        }
        return out
    }

    func isPlainName(_ s: String) -> Bool {
        guard let first = s.first, first.isLetter || first == "_", first.isASCII else { return false }
        return s.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_") }
    }

    // MARK: mechanisms, pass 1: structure

    func draftMechanisms(_ node: Node, consequences: [String]) -> [MechanismDraft] {
        var out: [MechanismDraft] = []
        let library = Library.blocks.map(\.name)
        for (id, _, v) in y.entries(node, "mechanisms", what: "mechanisms") {
            let p = "mechanisms.\(id)"
            guard let f = y.fields(v, p, Format.mechanism) else { continue }
            let prov = y.provenance(f["source"], "\(p).source", inherited: .none)
            let ways = ["use", "kind", "formula"].filter { f[$0] != nil }
            if ways.count != 1 {
                y.report(ways.isEmpty ? .missingField : .inconsistent, ways.count > 1 ? f[ways[1]] : v, ways.isEmpty ? "\(p).use" : "\(p).\(ways[1])",
                         ways.isEmpty ? "a mechanism needs 'use: BLOCK' (a library building block) or 'formula: …'"
                                      : "give one of 'use', 'kind' or 'formula', not \(ways.joined(separator: " and "))",
                         expected: "use: \(library.joined(separator: " | ")), or formula: EXPRESSION with output: CONSEQUENCE")
                continue
            }
            var draft = MechanismDraft(id: id, node: v, block: nil, legacy: f["kind"] != nil, formula: nil,
                                       description: f["description"].flatMap { y.string($0, "\(p).description") } ?? "",
                                       parameters: [:], parameterOrder: [], parameterNodes: [:], inputs: [:], outputs: [], provenance: prov)
            if let fn = f["formula"] {
                guard case .scalar(let s) = fn, fn.tagName != Tag.Name.null.rawValue else {
                    y.report(.wrongType, fn, "\(p).formula", "found \(y.describe(fn))", expected: "an expression such as 0.5 * deaths (quote it if it contains ': ' or starts with a quote)")
                    continue
                }
                draft.formula = (s.string, fn)
                for k in ["outputs", "inputs"] where f[k] != nil {
                    y.report(.unknownKey, f[k], "\(p).\(k)", "a formula mechanism has one 'output:' and no '\(k)'",
                             expected: "output: CONSEQUENCE", suggestion: k == "outputs" ? "output" : nil)
                }
                if let on = f["output"] {
                    if let c = resolve(y.string(on, "\(p).output"), on, "\(p).output", among: consequences, what: "consequence") {
                        draft.outputs = [("formula", c, on)]
                    }
                } else {
                    y.report(.missingField, v, "\(p).output", "a formula mechanism needs 'output:', the consequence it computes")
                }
                for (name, kn, qv) in y.entries(f["parameters"], "\(p).parameters", what: "parameters") {
                    if !isPlainName(name) || Lexer.keywords.contains(name) || Function(rawValue: name) != nil {
                        y.report(.wrongType, kn, "\(p).\(name)", "'\(name)' cannot name a parameter in a formula",
                                 expected: "letters, digits and '_', not a keyword or function name")
                        continue
                    }
                    if let q = y.quantity(qv, "\(p).\(name)", inherited: prov, what: name) {
                        draft.parameters[name] = q; draft.parameterOrder.append(name); draft.parameterNodes[name] = kn
                    }
                }
                out.append(draft)
                continue
            }
            let key = f["use"] != nil ? "use" : "kind"
            guard let blockName = y.string(f[key], "\(p).\(key)") else { continue }
            guard let block = Library.block(named: blockName) else {
                y.report(.unknownMechanism, f[key], "\(p).\(key)", "no building block '\(blockName)' in the library",
                         expected: library.joined(separator: ", ") + " (fulcrum describe --catalogue), or write 'formula:'",
                         suggestion: closestMatch(blockName, in: library))
                continue
            }
            draft.block = block
            if let on = f["output"] {
                y.report(.unknownKey, on, "\(p).output", "a building block maps its outputs with 'outputs: {OUTPUT: CONSEQUENCE}'",
                         expected: "outputs", suggestion: "outputs")
            }
            let given = y.entries(f["parameters"], "\(p).parameters", what: "parameters")
            for (name, kn, qv) in given {
                guard let spec = block.parameters.first(where: { $0.name == name }) else {
                    y.report(.unknownKey, kn, "\(p).\(name)", "\(block.name) has no parameter '\(name)'",
                             expected: block.parameters.isEmpty ? "no parameters" : block.parameters.map(\.name).joined(separator: ", "),
                             suggestion: closestMatch(name, in: block.parameters.map(\.name)))
                    continue
                }
                if let q = y.quantity(qv, "\(p).\(name)", inherited: prov, range: spec.range, positive: spec.positive, what: name) {
                    draft.parameters[name] = q
                }
            }
            draft.parameterOrder = block.parameters.map(\.name)
            for spec in block.parameters where spec.defaultValue == nil && !given.contains(where: { $0.key == spec.name }) {
                y.report(.missingField, f["parameters"] ?? v, "\(p).\(spec.name)", "\(block.name) needs parameter '\(spec.name)' (\(spec.description))")
            }
            for (slot, kn, bv) in y.entries(f["inputs"], "\(p).inputs", what: "formulas by input") {
                guard block.inputs.contains(where: { $0.name == slot }) else {
                    y.report(.unknownKey, kn, "\(p).inputs.\(slot)", "\(block.name) reads no input '\(slot)'",
                             expected: block.inputs.isEmpty ? "no inputs" : block.inputs.map(\.name).joined(separator: ", "),
                             suggestion: closestMatch(slot, in: block.inputs.map(\.name)))
                    continue
                }
                guard case .scalar(let s) = bv, bv.tagName != Tag.Name.null.rawValue else {
                    y.report(.wrongType, bv, "\(p).inputs.\(slot)", "found \(y.describe(bv))", expected: "a name or formula, e.g. civilian_deaths")
                    continue
                }
                draft.inputs[slot] = (s.string, bv)
            }
            for (slot, kn, cv) in y.entries(f["outputs"], "\(p).outputs", what: "consequences by output") {
                guard block.outputs.contains(slot) else {
                    y.report(.unknownKey, kn, "\(p).outputs.\(slot)", "\(block.name) has no output '\(slot)'",
                             expected: block.outputs.joined(separator: ", "), suggestion: closestMatch(slot, in: block.outputs))
                    continue
                }
                if let c = resolve(y.string(cv, "\(p).outputs.\(slot)"), cv, "\(p).outputs.\(slot)", among: consequences, what: "consequence") {
                    draft.outputs.append((slot, c, cv))
                }
            }
            if draft.outputs.isEmpty {
                if f["outputs"] == nil { y.report(.missingField, v, "\(p).outputs", "missing required field 'outputs'", expected: block.outputs.joined(separator: ", ")) }
                else if y.diagnostics.last?.path.hasPrefix("\(p).outputs") != true {
                    y.report(.missingField, f["outputs"], "\(p).outputs", "a mechanism must write at least one consequence",
                             expected: block.outputs.joined(separator: ", "))
                }
            }
            out.append(draft)
        }
        return out
    }

    // MARK: mechanisms, pass 2: formulas

    /// Reports a formula's errors at their own line and column.
    func report(_ errors: [FormulaError], formula text: String, node: Node, path: String, legacy: Bool = false) {
        let positions = y.locator.positions(of: text, node: node)
        for e in errors {
            let at = positions[min(max(0, e.span.start), positions.count - 1)]
            let kind: Diagnostic.Kind
            switch e.kind {
            case .syntax: kind = .syntax
            case .unknownName: kind = .unresolvedReference
            case .type: kind = .typeMismatch
            case .unit: kind = .unitMismatch
            case .limit: kind = .outOfRange
            case .cycle: kind = .cycle
            }
            let d = Diagnostic(file: y.file, line: at.line, column: at.column, path: path, kind: kind,
                               message: e.message, expected: e.expected, suggestion: e.suggestion,
                               severity: legacy && e.kind == .unit ? .warning : .error)
            if d.severity == .warning { y.warnings.append(d) } else { y.diagnostics.append(d) }
        }
    }

    /// Checks every mechanism's formulas and bindings, orders the mechanisms by what
    /// they read (file order where free) and reports cycles, two writers of one
    /// consequence, unused parameters and consequences that change nothing.
    func compileMechanisms(_ drafts: [MechanismDraft], consequences: [ConsequenceVariable], facts: [FactDeclaration],
                           parameters: [Parameter], carried: Set<String>, places: PlaceTable) -> [Mechanism] {
        var writers: [String: String] = [:]
        for d in drafts {
            for o in d.outputs {
                if let other = writers[o.consequence], other != d.id {
                    y.report(.inconsistent, o.node, "mechanisms.\(d.id).outputs", "'\(o.consequence)' is already written by mechanism '\(other)'",
                             expected: "one mechanism per consequence (combine them in one formula)")
                } else { writers[o.consequence] = d.id }
            }
        }
        let units = Dictionary(consequences.map { ($0.id, MeasureUnit(parsing: $0.unit)) }, uniquingKeysWith: { a, _ in a })
        let factTable = Dictionary(facts.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
        var compiled: [Mechanism] = []
        for d in drafts {
            let p = "mechanisms.\(d.id)"
            let names = ScenarioNames(consequenceUnits: units, writers: writers, current: d.id, facts: factTable,
                                      parameters: Set(parameters.map(\.id)), actionConsequences: carried, places: places)
            if let m = d.block.map({ compileBlockUse(d, $0, names, path: p) }) ?? compileFormula(d, names, path: p) {
                compiled.append(m)
            }
        }
        return ordered(compiled, drafts: drafts)
    }

    private func compileFormula(_ d: MechanismDraft, _ names: ScenarioNames, path p: String) -> Mechanism? {
        guard let formula = d.formula else { return nil }
        var scope = FormulaScope(scenario: names)
        for name in d.parameterOrder {
            scope.locals.append(.init(name: name, type: .number(d.parameters[name]!.unit.map(MeasureUnit.init(parsing:)) ?? .unknown)))
        }
        let syntax: Syntax
        do { syntax = try FormulaParser.parse(formula.text) } catch {
            report([error], formula: formula.text, node: formula.node, path: "\(p).formula"); return nil
        }
        let checker = FormulaChecker(scope: scope)
        guard let typed = checker.check(syntax) else {
            report(checker.errors, formula: formula.text, node: formula.node, path: "\(p).formula"); return nil
        }
        guard limitCost(typed.code, formula.node, "\(p).formula", names.places) else { return nil }
        guard let out = d.outputs.first else { return nil }
        switch typed.type {
        case .number(let u):
            if let cu = names.consequenceUnits[out.consequence], u.agreeing(with: cu) == nil {
                y.report(.unitMismatch, formula.node, "\(p).formula", "the formula gives \(u), but '\(out.consequence)' is in \(cu)",
                         expected: "a formula in the consequence's unit (consequences.\(out.consequence).unit)")
                return nil
            }
        default:
            y.report(.typeMismatch, formula.node, "\(p).formula", "the formula gives \(typed.type); a consequence is a number",
                     expected: typed.type == .bool ? "a number: indicator(…) turns true/false into 1/0" : "a number")
            return nil
        }
        for (slot, name) in d.parameterOrder.enumerated() where !checker.reads.locals.contains(slot) {
            y.report(.unused, d.parameterNodes[name], "\(p).\(name)", "the formula does not use parameter '\(name)'",
                     expected: "a parameter the formula names, or none")
        }
        var reads = checker.reads
        reads.locals = []
        let program = MechanismProgram(parameters: d.parameterOrder.map { .init(name: $0, fallback: .nan) }, inputs: [],
                                       definitions: [typed.code], outputs: [.init(slot: d.parameterOrder.count, consequence: out.consequence)],
                                       reads: reads)
        return Mechanism(id: d.id, block: nil, formula: formula.text, description: d.description, parameters: d.parameters,
                         parameterOrder: d.parameterOrder, inputs: [:], outputs: ["formula": out.consequence],
                         provenance: d.provenance, program: program)
    }

    private func compileBlockUse(_ d: MechanismDraft, _ block: Block, _ names: ScenarioNames, path p: String) -> Mechanism? {
        guard let blockProgram = Library.program(block.name) else { return nil }
        var inputs: [Compiled] = []
        var bindings: [String: String] = [:]
        var reads = FormulaReads()
        var ok = true
        for input in block.inputs {
            let explicit = d.inputs[input.name]
            guard let text = explicit?.text ?? input.binding else {
                y.report(.missingField, d.node, "\(p).inputs.\(input.name)",
                         "\(block.name) needs input '\(input.name)' (\(input.description))",
                         expected: "inputs: {\(input.name): A_CONSEQUENCE_OR_FORMULA}")
                ok = false; continue
            }
            let ip = "\(p).inputs.\(input.name)"
            let checker = FormulaChecker(scope: FormulaScope(scenario: names))
            let typed: FormulaChecker.Typed?
            do { typed = checker.check(try FormulaParser.parse(text)) } catch {
                if let explicit { report([error], formula: text, node: explicit.node, path: ip) }
                ok = false; continue
            }
            guard let typed else {
                if let explicit {
                    report(checker.errors, formula: text, node: explicit.node, path: ip)
                } else if let fallback = input.fallback {
                    // The default binding names nothing here: the input keeps its default.
                    inputs.append(.constant(FormulaValue(fallback))); bindings[input.name] = fallback.description; continue
                } else {
                    y.report(.missingField, d.node, ip, "\(block.name) reads '\(text)' for input '\(input.name)' (\(input.description)), which is not a name here",
                             expected: "inputs: {\(input.name): A_FACT_CONSEQUENCE_OR_FORMULA}", suggestion: checker.errors.first?.suggestion)
                }
                ok = false; continue
            }
            guard limitCost(typed.code, explicit?.node ?? d.node, ip, names.places) else { ok = false; continue }
            let node = explicit?.node ?? d.node
            switch (input.type, typed.type) {
            case (.number(let unit), .number(let u)):
                let want = unit.isEmpty ? MeasureUnit.unknown : MeasureUnit(parsing: unit)
                if u.agreeing(with: want) == nil {
                    let message = "input '\(input.name)' of \(block.name) is in \(want), but '\(text)' gives \(u)"
                    if d.legacy { y.warn(.unitMismatch, node, ip, message) } else {
                        y.report(.unitMismatch, node, ip, message, expected: "a value in \(want)"); ok = false
                    }
                }
            case (.bool, .bool): break
            case (.labels(let allowed), .label(let labels)):
                if let labels, let extra = labels.first(where: { !allowed.contains($0) }) {
                    y.report(.typeMismatch, node, ip, "'\(text)' can be '\(extra)', which \(block.name)'s input '\(input.name)' does not know",
                             expected: "a fact whose labels are among: \(allowed.joined(separator: ", ")) (or a formula mechanism of your own)")
                    ok = false
                }
            default:
                let want: String
                switch input.type {
                case .number(let u): want = u.isEmpty ? "a number" : "a number in \(u)"
                case .bool: want = "true or false"
                case .labels(let l): want = "one of: " + l.joined(separator: ", ")
                }
                y.report(.typeMismatch, node, ip, "input '\(input.name)' of \(block.name) is \(want), but '\(text)' is \(typed.type)",
                         expected: typed.type == .bool && input.type != .bool ? "\(want): indicator(…) turns true/false into 1/0" : want)
                ok = false
            }
            inputs.append(typed.code)
            bindings[input.name] = text
            reads.consequences.formUnion(checker.reads.consequences)
            reads.facts.formUnion(checker.reads.facts)
            reads.parameters.formUnion(checker.reads.parameters)
            reads.actions.formUnion(checker.reads.actions)
        }
        for o in d.outputs {
            guard let cu = names.consequenceUnits[o.consequence], let def = block.definitions.firstIndex(where: { $0.name == o.slot }),
                  case .number(let u) = blockProgram.types[def], u.agreeing(with: cu) == nil else { continue }
            let message = "output '\(o.slot)' of \(block.name) is in \(u), but '\(o.consequence)' is in \(cu)"
            if d.legacy { y.warn(.unitMismatch, o.node, "\(p).outputs.\(o.slot)", message) } else {
                y.report(.unitMismatch, o.node, "\(p).outputs.\(o.slot)", message, expected: "a consequence in \(u)"); ok = false
            }
        }
        guard ok else { return nil }
        let parameterSlots = block.parameters.map { MechanismProgram.ParameterSlot(name: $0.name, fallback: $0.defaultValue ?? .nan) }
        let base = block.parameters.count + block.inputs.count
        let outputs = d.outputs.map { o in
            MechanismProgram.Output(slot: base + block.definitions.lastIndex { $0.name == o.slot }!, consequence: o.consequence)
        }
        let program = MechanismProgram(parameters: parameterSlots, inputs: inputs, definitions: blockProgram.definitions,
                                       outputs: outputs, reads: reads)
        return Mechanism(id: d.id, block: block.name, formula: nil, description: d.description.isEmpty ? block.summary : d.description,
                         parameters: d.parameters, parameterOrder: d.parameterOrder, inputs: bindings,
                         outputs: Dictionary(d.outputs.map { ($0.slot, $0.consequence) }, uniquingKeysWith: { a, _ in a }),
                         provenance: d.provenance, program: program)
    }

    private func limitCost(_ code: Compiled, _ node: Node, _ path: String, _ table: PlaceTable) -> Bool {
        let places = max(1, table.names.count), areas = max(1, table.areas.count)
        let cost = code.cost(places: places, areas: areas)
        guard cost <= FormulaLimits.maxSteps else {
            y.report(.outOfRange, node, path, "the formula takes about \(cost) steps per branch (its sums range over \(places) places)",
                     expected: "at most \(FormulaLimits.maxSteps) steps; avoid nesting sums")
            return false
        }
        return true
    }

    /// Dependency order, file order where free; a cycle is reported once per mechanism in it.
    private func ordered(_ ms: [Mechanism], drafts: [MechanismDraft]) -> [Mechanism] {
        var writer: [String: Int] = [:]
        for (i, m) in ms.enumerated() { for c in m.outputs.values { writer[c] = i } }
        var indegree = Array(repeating: 0, count: ms.count)
        var dependents = Array(repeating: [Int](), count: ms.count)
        for (i, m) in ms.enumerated() {
            for c in m.reads.sorted() { if let w = writer[c], w != i { indegree[i] += 1; dependents[w].append(i) } }
        }
        var ready = (0..<ms.count).filter { indegree[$0] == 0 }
        var out: [Mechanism] = []
        while !ready.isEmpty {
            let i = ready.min()!
            ready.removeAll { $0 == i }
            out.append(ms[i])
            for j in dependents[i] { indegree[j] -= 1; if indegree[j] == 0 { ready.append(j) } }
        }
        if out.count < ms.count {
            let stuck = (0..<ms.count).filter { indegree[$0] > 0 }.map { ms[$0].id }
            for id in stuck {
                let node = drafts.first { $0.id == id }?.node
                y.report(.cycle, node, "mechanisms.\(id)", "mechanisms \(stuck.joined(separator: ", ")) read each other's outputs in a cycle",
                         expected: "mechanisms whose reads can be put in an order (each reads only what others computed before it)")
            }
        }
        return out
    }

    /// Consequences that change nothing: no actor weighs them, no condition tests them,
    /// no mechanism reads them. Said, since a reported figure is a fine reason to compute one.
    func warnUnusedConsequences(_ node: Node?, consequences: [ConsequenceVariable], preferences: [ActorPreferences], mechanisms: [Mechanism]) {
        var used = Set<String>()
        for p in preferences { for t in p.terms { used.insert(t.consequence); if let c = t.condition { used.insert(c.consequence) } } }
        for m in mechanisms { used.formUnion(m.reads); used.formUnion(m.program.reads.actions) }
        guard case .mapping(let cm)? = node else { return }
        for (k, _) in cm {
            guard let id = k.string, !used.contains(id), consequences.contains(where: { $0.id == id }) else { continue }
            y.warn(.unused, k, "consequences.\(id)",
                   "no actor weighs '\(id)' and no mechanism reads it: it is reported but changes no decision",
                   expected: "a weight on it under preferences, if it should matter")
        }
    }
}
