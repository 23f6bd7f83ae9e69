import BoundedInput
import Foundation
import Yams

extension Scenario {
    /// The result of reading a scenario folder: the scenario if it is valid, and
    /// every diagnostic found (all of them, in one pass).
    public struct LoadResult: Sendable {
        public var scenario: Scenario?
        public var diagnostics: [Diagnostic]
        /// Said but not fatal (a `scale` that changes nothing, a consequence nothing weighs).
        public var warnings: [Diagnostic] = []
        /// Table cells the sidecar determines that hold another value (`fulcrum validate --fix`).
        public var fixes: [TableFix] = []
    }

    /// Reads and validates `scenario.yaml` and its geography tables in `directory`.
    /// Never throws: problems are diagnostics. `scenario` is nil whenever there is
    /// at least one diagnostic.
    /// `limits` bound the work hostile input can cause (file sizes, YAML alias
    /// expansion and nesting, table rows); exceeding one is a diagnostic.
    /// With `root` (a resolved folder, the workbench's `--scenarios`), every file must lie
    /// inside it: one that turns out, when opened, to be a link leading out is refused.
    /// `posterior.json` beside scenario.yaml, if present, calibrates the inputs it names
    /// (`Posterior`); with `prior: true` it is not read.
    public static func validate(directory: URL, within root: String? = nil, limits: ScenarioLimits = .standard,
                                prior: Bool = false) -> LoadResult {
        validate(source: .directory(directory, within: root), limits: limits, prior: prior)
    }

    /// Validates a scenario folder held in memory: file name (`scenario.yaml`,
    /// `locations.csv`, …) → bytes. The same reader as `validate(directory:)`,
    /// with the same limits, so it answers exactly as the folder on disk would;
    /// diagnostics name the files by these names.
    public static func validate(files: [String: Data], limits: ScenarioLimits = .standard, prior: Bool = false) -> LoadResult {
        validate(source: .memory(files), limits: limits, prior: prior)
    }

    static func validate(source: FileSource, limits: ScenarioLimits, prior: Bool) -> LoadResult {
        let yamlFile = source.path("scenario.yaml")
        let parser = ScenarioParser(source: source, limits: limits)
        let text: String
        do { text = try parser.readText("scenario.yaml", limit: limits.maxYAMLBytes) } catch {
            let missing: Bool
            switch error { case .missing, .unreadable: missing = true; default: missing = false }
            return LoadResult(scenario: nil, diagnostics: [Diagnostic(
                file: yamlFile, line: 0, column: 0, path: "", kind: missing ? .missingFile : .outOfRange,
                message: missing ? "cannot read scenario.yaml" : "scenario.yaml \(error)",
                expected: missing ? "a scenario folder containing scenario.yaml" : "a UTF-8 scenario.yaml within the size limit")])
        }
        var s = parser.parse(text)
        if !prior, let parsed = s, parser.allDiagnostics.isEmpty { s = parser.applyPosterior(to: parsed) }
        var diags = parser.allDiagnostics
        // A hostile table can yield a diagnostic per row; a million lines of
        // errors help nobody, so keep the first ones and say how many more.
        if diags.count > limits.maxDiagnostics {
            let more = diags.count - limits.maxDiagnostics
            diags.removeLast(more + 1)
            diags.append(Diagnostic(file: yamlFile, line: 0, column: 0, path: "", kind: diags.last?.kind ?? .syntax,
                                    message: "… and \(more + 1) more problem(s) not listed"))
        }
        return LoadResult(scenario: diags.isEmpty ? s : nil, diagnostics: diags,
                          warnings: Array(parser.y.warnings.prefix(limits.maxDiagnostics)), fixes: parser.fixes)
    }

    /// The `metadata.title` of the scenario.yaml in `directory`, read under the same limits
    /// as a full load (and the same `root` confinement), without reading its tables; nil when
    /// it cannot be read or has no title. For lists of scenarios.
    public static func title(directory: URL, within root: String? = nil, limits: ScenarioLimits = .standard) -> String? {
        let source = FileSource.directory(directory, within: root)
        guard let data = try? source.data("scenario.yaml", limit: limits.maxYAMLBytes), let text = try? BoundedFile.utf8(data),
              YAMLBounds.problem(in: text, maxDepth: limits.maxDepth, maxExpandedNodes: limits.maxExpandedNodes) == nil,
              let root = try? Yams.compose(yaml: text), case .scalar(let t)? = root["metadata"]?["title"] else { return nil }
        return t.string
    }

    /// Loads a valid scenario or throws `ScenarioError` with every diagnostic.
    public static func load(directory: URL, limits: ScenarioLimits = .standard, prior: Bool = false) throws -> Scenario {
        let r = validate(directory: directory, limits: limits, prior: prior)
        if let s = r.scenario { return s }
        throw ScenarioError(r.diagnostics)
    }

    /// The scenario folder a command-line argument names: the folder itself, or
    /// the folder of a `scenario.yaml` given directly; the built-in scenario when nil.
    public static func directory(forArgument argument: String?) -> URL {
        guard let argument else { return builtInDirectory }
        let url = URL(fileURLWithPath: argument)
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory), !isDirectory.boolValue,
           url.pathExtension == "yaml" || url.pathExtension == "yml" {
            return url.deletingLastPathComponent()
        }
        return url
    }

    /// How a stored run (and a shard) names the scenario folder it was given: the folder's
    /// standardized absolute path, or `built-in`.
    public static func sourceName(_ folder: String?) -> String {
        folder.map { URL(fileURLWithPath: $0).standardizedFileURL.path } ?? "built-in"
    }

    /// The folder of the built-in Idlib (7 September 2018) scenario, shipped in the bundle.
    public static var builtInDirectory: URL {
        Bundle.module.resourceURL!.appendingPathComponent("Scenarios/idlib-2018")
    }

    /// The folder of the shipped northern Mali (13 March 2012) scenario, in the bundle.
    public static var maliDirectory: URL {
        Bundle.module.resourceURL!.appendingPathComponent("Scenarios/mali-2012")
    }

    /// The scenarios `fulcrum new --template NAME` starts from: a commented minimal one,
    /// the documented toy (docs/examples/toy-valley, copied into the bundle; a test keeps the
    /// two equal), the built-in Idlib scenario and the northern Mali 2012 scenario.
    public static let templates = ["minimal", "toy", "idlib", "mali"]

    /// The folder of a template named in `templates`, in the bundle.
    public static func templateDirectory(_ name: String) -> URL? {
        switch name {
        case "minimal": return Bundle.module.resourceURL!.appendingPathComponent("Scenarios/templates/minimal")
        case "toy": return Bundle.module.resourceURL!.appendingPathComponent("Scenarios/templates/toy-valley")
        case "idlib": return builtInDirectory
        case "mali": return maliDirectory
        default: return nil
        }
    }

    /// The built-in Idlib (7 September 2018) scenario.
    public static func builtIn(prior: Bool = false) throws -> Scenario { try load(directory: builtInDirectory, prior: prior) }
}

/// Reads one scenario folder. Sections are read in dependency order (sources
/// first, since every citation is checked against them), and each reports its
/// own problems before cross-references are checked.
final class ScenarioParser {
    /// Where the tables named in scenario.yaml are read from.
    let source: FileSource
    let y: YAMLReader
    var csvDiagnostics: [Diagnostic] = []
    /// Table cells to set to what the sidecar determines.
    var fixes: [TableFix] = []
    var allDiagnostics: [Diagnostic] { y.diagnostics + csvDiagnostics }

    let limits: ScenarioLimits
    /// Every file read so far, by name: what the scenario's `sourceDigest` covers.
    var filesRead: [String: Data] = [:]

    func readText(_ name: String, limit: Int) throws(InputFileError) -> String {
        let data = try source.data(name, limit: limit)
        filesRead[name] = data
        return try BoundedFile.utf8(data)
    }

    init(source: FileSource, limits: ScenarioLimits = .standard) {
        self.source = source
        self.limits = limits
        self.y = YAMLReader(file: "scenario.yaml")
    }

    static let topKeys = Format.scenario.allowed

    func parse(_ text: String) -> Scenario? {
        y.locator = FormulaLocator(text: text)
        let root: Node
        // Bound nesting and alias expansion before Yams builds (and hashes) the tree.
        if let p = YAMLBounds.problem(in: text, maxDepth: limits.maxDepth, maxExpandedNodes: limits.maxExpandedNodes) {
            y.diagnostics.append(Diagnostic(file: y.file, line: p.line, column: p.column, path: "",
                                            kind: .syntax, message: "YAML refused: \(p.message)",
                                            expected: "a scenario without deep nesting, exponential aliases or complex keys"))
            return nil
        }
        do {
            guard let n = try Yams.compose(yaml: text) else {
                y.report(.syntax, nil, "", "scenario.yaml is empty", expected: "a mapping with: \(Self.topKeys.joined(separator: ", "))")
                return nil
            }
            root = n
        } catch let e as YamlError {
            switch e {
            case .scanner(_, let problem, let mark, _), .parser(_, let problem, let mark, _), .composer(_, let problem, let mark, _):
                // The commonest cause by far: a value with ': ' in it, e.g. an unquoted
                // `source: assumption: reason`.
                let colon = problem.contains("mapping values are not allowed")
                y.diagnostics.append(Diagnostic(file: y.file, line: mark.line, column: mark.column, path: Self.keyPath(atLine: mark.line, in: text),
                                                kind: .syntax, message: "YAML syntax: \(problem)" + (colon ? " (a value containing ': ' must be quoted)" : ""),
                                                expected: colon ? "the value in quotes, e.g. source: \"assumption: reason\"" : nil))
            case .duplicatedKeysInMapping(let dups, let ctx):
                y.diagnostics.append(Diagnostic(file: y.file, line: ctx.mark.line, column: ctx.mark.column, path: "",
                                                kind: .duplicateId, message: "duplicate key(s) \(dups.joined(separator: ", ")) in one mapping",
                                                expected: "each id once"))
            default:
                y.report(.syntax, nil, "", "YAML: \(e)")
            }
            return nil
        } catch {
            y.report(.syntax, nil, "", "YAML: \(error)")
            return nil
        }
        // Yams tells `7:` from `"7":` (an integer key and a string key), but Fulcrum reads
        // every key as text, so they would be one id twice: refused like any duplicate.
        if reportKeysEqualAsText(root) { return nil }
        guard let top = y.fields(root, "", Format.scenario) else { return nil }
        if let f = top["format"], let s = y.string(f, "format"), s != "fulcrum-scenario/1" {
            y.report(.outOfRange, f, "format", "unknown format '\(s)'", expected: "fulcrum-scenario/1")
        }
        // Sources first: every citation is checked against them.
        let sources = top["sources"].map(parseSources) ?? []
        for s in sources { y.sources[s.id] = s }
        let metadata = top["metadata"].flatMap(parseMetadata)
        let horizon = metadata?.horizonDays ?? Int.max
        let parameters = top["parameters"].map(parseParameters) ?? []
        let actors = top["actors"].map(parseActors) ?? []
        let consequences = top["consequences"].map(parseConsequences) ?? []
        // Ids count as defined even when their bodies have errors, so one bad
        // actor does not cascade into "unknown actor" everywhere it is used.
        let actorIDs = Set(rawKeys(top["actors"])), consequenceIDs = rawKeys(top["consequences"])
        let preferences = top["preferences"].map { parsePreferences($0, actors: actorIDs, consequences: consequenceIDs) } ?? []
        let issues = top["issues"].map { parseIssues($0, actors: actorIDs) } ?? []
        let geography = top["geography"].flatMap(parseGeography)
        let locationNames = Set(geography?.locations.map(\.name) ?? [])
        let schedules = top["conflict_schedules"].map {
            parseSchedules($0, locations: geography == nil ? nil : locationNames, horizon: horizon)
        } ?? []
        let survey = surveyBranches(top["tree"])
        let drafts = top["mechanisms"].map { draftMechanisms($0, consequences: consequenceIDs) } ?? []
        let facts = top["facts"].map(parseFacts) ?? inferFacts(drafts: drafts, survey: survey, schedules: schedules)
        let places = geography?.placeTable ?? .empty
        let mechanisms = compileMechanisms(drafts, consequences: consequences, facts: facts, parameters: parameters,
                                           carried: survey.carried, places: places)
        let parsedIDs = Set(actors.map(\.id))
        // A consequence nothing computes would silently be 0 in every branch.
        if case .mapping(let cm)? = top["consequences"], !drafts.isEmpty || top["mechanisms"] != nil {
            let written = Set(drafts.flatMap { $0.outputs.map(\.consequence) }).union(survey.carried)
            let mechanismIDs = Set(rawKeys(top["mechanisms"]))
            let allParsed = mechanismIDs.count == drafts.count
            for (k, _) in cm { if let id = k.string, allParsed, !written.contains(id) {
                y.report(.unresolvedReference, k, "consequences.\(id)", "no mechanism computes '\(id)' and no action carries it",
                         expected: "a mechanism whose output is '\(id)', or 'consequences: {\(id): …}' on an action")
            } }
        }
        let players = Set(actors.filter(\.isPlayer).map(\.id)).union(actorIDs.subtracting(parsedIDs))
        var required: [(fact: String, mechanism: String)] = []
        for m in mechanisms { for f in m.factsRead.sorted() where facts.first(where: { $0.name == f })?.defaultValue == nil { required.append((f, m.id)) } }
        let readFacts = Set(mechanisms.flatMap(\.factsRead)).union(schedules.flatMap(\.when.keys))
        let tree = top["tree"].flatMap {
            parseTree($0, players: players, allActors: actorIDs, parameters: parameters, schedules: schedules,
                      facts: facts, requiredFacts: required, readFacts: readFacts, consequences: consequenceIDs)
        }
        checkScheduleFacts(top["conflict_schedules"], facts: facts)
        if top["facts"] != nil { warnUnusedFacts(top["facts"], readFacts: readFacts, survey: survey) }
        if y.diagnostics.isEmpty {
            warnUnusedConsequences(top["consequences"], consequences: consequences, preferences: preferences, mechanisms: mechanisms)
        }
        if let tree { checkParametersUsed(top["parameters"], tree: tree, mechanisms: mechanisms) }
        let displacement = top["displacement"].map(parseDisplacementRules) ?? DisplacementRules()
        let episodes = top["episodes"].map {
            parseEpisodes($0, asOf: metadata?.asOf, places: geography == nil ? nil : locationNames,
                          areas: geography.map { Set($0.locations.map(\.region)) }, countries: geography.map { Set($0.locations.map(\.country)) })
        } ?? []
        guard let metadata, let geography, let tree else { return nil }
        var scenario = Scenario(metadata: metadata, sources: sources, parameters: parameters, actors: actors,
                        consequences: consequences, preferences: preferences, issues: issues, tree: tree,
                        schedules: schedules, mechanisms: mechanisms, geography: geography)
        scenario.facts = facts
        scenario.places = places
        scenario.displacement = displacement
        scenario.episodes = episodes
        checkEpisodeSettings(scenario, top["episodes"])
        scenario.sourceDigest = contentDigest(files: filesRead)
        scenario.sourceFiles = filesRead
        return scenario
    }

    /// A schedule's `when:` may only name known facts, with values they take; otherwise
    /// a typo would silently match nothing.
    func checkScheduleFacts(_ schedulesNode: Node?, facts: [FactDeclaration]) {
        let table = Dictionary(facts.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
        guard case .mapping(let schedules)? = schedulesNode else { return }
        for (k, v) in schedules {
            guard let id = k.string, case .mapping(let when)? = v["when"] else { continue }
            for (fk, fv) in when {
                guard let fact = fk.string else { continue }
                let p = "conflict_schedules.\(id).when.\(fact)"
                guard let decl = table[fact] else {
                    y.report(.unknownKey, fk, p, "no fact '\(fact)'",
                             expected: "one of: \(table.keys.sorted().joined(separator: ", "))", suggestion: closestMatch(fact, in: table.keys))
                    continue
                }
                guard let value = situationValue(fv, p) else { continue }
                if !decl.accepts(value) {
                    var labels: [String] = []
                    if case .labels(let l) = decl.kind { labels = l }
                    y.report(labels.isEmpty ? .wrongType : .outOfRange, fv, p, "'\(value)' is not a value of '\(fact)'",
                             expected: decl.typeText, suggestion: closestMatch(value.description, in: labels))
                }
            }
        }
    }

    /// Declared facts nothing reads and no branch sets change nothing.
    func warnUnusedFacts(_ node: Node?, readFacts: Set<String>, survey: BranchSurvey) {
        guard case .mapping(let m)? = node else { return }
        for (k, _) in m {
            guard let name = k.string else { continue }
            if !readFacts.contains(name) {
                y.warn(.unused, k, "facts.\(name)", survey.sets[name] == nil ? "no branch sets '\(name)' and nothing reads it"
                                                                           : "no mechanism or schedule reads '\(name)': setting it changes nothing")
            }
        }
    }

    /// Reports every mapping holding two keys with the same text (`7` and `"7"`, `true` and
    /// `"true"`), and every key or value holding a control character other than tab and line
    /// breaks (a `\0` in a title: no field allows one); true if there was either. Iterative:
    /// nesting is already bounded, but a scenario may hold many mappings.
    func reportKeysEqualAsText(_ root: Node) -> Bool {
        var found = false
        var stack: [(Node, String)] = [(root, "")]
        func control(_ node: Node, _ path: String) {
            guard let text = node.scalar?.string, let c = text.unicodeScalars.first(where: isControlCharacter) else { return }
            y.report(.wrongType, node, path, String(format: "the text holds the control character U+%04X", c.value),
                     expected: "text without control characters (tabs and line breaks are fine)")
            found = true
        }
        while let (node, path) = stack.popLast() {
            switch node {
            case .scalar: control(node, path)
            case .mapping(let m):
                var seen = Set<String>()
                for (k, v) in m {
                    guard let text = k.string, k.scalar != nil else { continue }
                    let p = path.isEmpty ? text : "\(path).\(text)"
                    control(k, p)
                    if !seen.insert(text).inserted {
                        y.report(.duplicateId, k, p, "duplicate key(s) \(text) in one mapping (the same text written as two YAML types, e.g. 7 and \"7\")",
                                 expected: "each id once")
                        found = true
                    }
                    stack.append((v, p))
                }
            case .sequence(let s):
                for (i, v) in s.enumerated() { stack.append((v, "\(path)[\(i)]")) }
            default: break
            }
        }
        return found
    }

    /// A parameter no chance branch and no formula uses would have no effect, and an
    /// uncertain one would still be drawn and swept in every run (2,000 of them took
    /// minutes): refused.
    func checkParametersUsed(_ node: Node?, tree: DecisionTree, mechanisms: [Mechanism]) {
        var used = Set<String>()
        for n in tree.nodes { for b in n.branches { if case .parameter(let id)? = b.probability { used.insert(id) } } }
        for m in mechanisms { used.formUnion(m.program.reads.parameters) }
        guard case .mapping(let m)? = node else { return }
        for (keyNode, _) in m {
            guard let id = keyNode.string, !id.isEmpty, !used.contains(id) else { continue }
            y.report(.unresolvedReference, keyNode, "parameters.\(id)", "no chance branch or formula uses parameter '\(id)', so it would have no effect",
                     expected: "'probability: \(id)' on a chance outcome, 'parameters.\(id)' in a formula, or no parameter")
        }
    }

    func isControlCharacter(_ c: Unicode.Scalar) -> Bool {
        (c.value < 0x20 && c != "\t" && c != "\n" && c != "\r") || (0x7F...0x9F).contains(c.value)
    }

    func rawKeys(_ node: Node?) -> [String] {
        guard case .mapping(let m)? = node else { return [] }
        return m.compactMap { $0.key.string }
    }

    // MARK: metadata and sources

    func parseMetadata(_ node: Node) -> Metadata? {
        guard let f = y.fields(node, "metadata", Format.metadata) else { return nil }
        let prov = y.provenance(f["source"], "metadata.source", inherited: .none)
        let id = y.string(f["id"], "metadata.id"), title = y.string(f["title"], "metadata.title")
        var asOf = y.string(f["as_of"], "metadata.as_of")
        if let a = asOf, let n = f["as_of"], !Self.isISODate(a) {
            y.report(.wrongType, n, "metadata.as_of", "'\(a)' is not a date", expected: "an ISO date YYYY-MM-DD")
            asOf = nil
        }
        var horizon = y.integer(f["horizon_days"], "metadata.horizon_days")
        if let h = horizon, h <= 0, let n = f["horizon_days"] {
            y.report(.outOfRange, n, "metadata.horizon_days", "horizon \(h) is not positive", expected: "a whole number of days above 0")
            horizon = nil
        }
        if let h = horizon, h > ScenarioLimits.maxHorizonDays, let n = f["horizon_days"] {
            y.report(.outOfRange, n, "metadata.horizon_days", "horizon \(h) days is longer than \(ScenarioLimits.maxHorizonDays) (100 years)",
                     expected: "at most \(ScenarioLimits.maxHorizonDays) days")
            horizon = nil
        }
        if let h = horizon, let n = f["horizon_days"] { y.requireProvenance(prov, n, "metadata.horizon_days", what: "the horizon (\(h) days)") }
        let description = f["description"].flatMap { y.string($0, "metadata.description") } ?? ""
        guard let id, let title, let asOf, let horizon else { return nil }
        return Metadata(id: id, title: title, asOf: asOf, horizonDays: horizon, description: description, provenance: prov)
    }

    /// The dotted path of the key on `line` (1-based) of a block-style YAML text, from the
    /// keys of the less indented lines above it (`actors.capital.source`): where a syntax
    /// error is, when YAML cannot say.
    static func keyPath(atLine line: Int, in text: String) -> String {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        guard line >= 1, line <= lines.count else { return "" }
        func key(_ l: Substring) -> (indent: Int, key: String)? {
            let indent = l.prefix { $0 == " " }.count
            var body = l.dropFirst(indent)
            if body.hasPrefix("- ") { body = body.dropFirst(2) }
            guard !body.hasPrefix("#"), let colon = body.firstIndex(of: ":") else { return nil }
            let k = body[..<colon].trimmingCharacters(in: .whitespaces)
            guard !k.isEmpty, !k.contains(" "), !k.contains("{") else { return nil }
            return (indent, k.trimmingCharacters(in: CharacterSet(charactersIn: "\"'")))
        }
        guard let here = key(lines[line - 1]) else { return "" }
        var indent = here.indent
        var path = [here.key]
        var i = line - 2
        while i >= 0, indent > 0 {
            if let (ind, kk) = key(lines[i]), ind < indent { path.insert(kk, at: 0); indent = ind }
            i -= 1
        }
        return path.joined(separator: ".")
    }

    /// A real calendar date written `YYYY-MM-DD` (so not `2020-02-30`).
    static func isISODate(_ s: String) -> Bool {
        guard s.count == 10, let d = CivilDate(iso: s) else { return false }
        return d.description == s
    }

    func parseSources(_ node: Node) -> [Source] {
        var out: [Source] = []
        for (id, _, v) in y.entries(node, "sources", what: "sources") {
            let p = "sources.\(id)"
            guard let f = y.fields(v, p, Format.sourceEntry) else { continue }
            if f["url"] == nil && f["file"] == nil {
                y.report(.missingField, v, "\(p).url", "a source needs 'url' or 'file' so a reader can find it")
            }
            var paragraphs = f["paragraphs"].flatMap { y.integer($0, "\(p).paragraphs") }
            if let n = paragraphs, n < 1, let pn = f["paragraphs"] {
                y.report(.outOfRange, pn, "\(p).paragraphs", "\(n) paragraphs", expected: "at least 1"); paragraphs = nil
            }
            out.append(Source(id: id, title: y.string(f["title"], "\(p).title") ?? id,
                              date: f["date"].flatMap { y.string($0, "\(p).date") },
                              url: f["url"].flatMap { y.string($0, "\(p).url") },
                              file: f["file"].flatMap { y.string($0, "\(p).file") }, paragraphs: paragraphs))
        }
        return out
    }

    func parseParameters(_ node: Node) -> [Parameter] {
        var out: [Parameter] = []
        for (id, _, v) in y.entries(node, "parameters", what: "parameters") {
            let p = "parameters.\(id)"
            var description = ""
            if case .mapping = v, let d = v["description"] { description = y.string(d, "\(p).description") ?? "" }
            if let q = y.quantity(v, p, inherited: .none) { out.append(Parameter(id: id, description: description, value: q)) }
        }
        return out
    }

    // MARK: actors, consequences, preferences, issues

    func parseActors(_ node: Node) -> [Actor] {
        var out: [Actor] = []
        for (id, _, v) in y.entries(node, "actors", what: "actors") {
            let p = "actors.\(id)"
            guard let f = y.fields(v, p, Format.actor) else { continue }
            let prov = y.provenance(f["source"], "\(p).source", inherited: .none)
            let kindText = y.string(f["kind"], "\(p).kind")
            var kind: ActorKind?
            if let k = kindText {
                kind = ActorKind(rawValue: k)
                if kind == nil {
                    y.report(.wrongType, f["kind"], "\(p).kind", "unknown actor kind '\(k)'",
                             expected: ActorKind.allCases.map(\.rawValue).joined(separator: ", "),
                             suggestion: closestMatch(k, in: ActorKind.allCases.map(\.rawValue)))
                }
            }
            let cap = f["capability"].flatMap { y.quantity($0, "\(p).capability", inherited: prov, range: 0...Double.infinity, positive: true, what: "capability") }
            let player = f["player"].flatMap { y.bool($0, "\(p).player") } ?? (kind != .population)
            guard let kind, let cap else { continue }
            out.append(Actor(id: id, name: y.string(f["name"], "\(p).name") ?? id, kind: kind, capability: cap,
                             description: f["description"].flatMap { y.string($0, "\(p).description") } ?? "",
                             isPlayer: player, provenance: prov))
        }
        return out
    }

    func parseConsequences(_ node: Node) -> [ConsequenceVariable] {
        var out: [ConsequenceVariable] = []
        for (id, _, v) in y.entries(node, "consequences", what: "consequence variables") {
            let p = "consequences.\(id)"
            guard let f = y.fields(v, p, Format.consequence) else { continue }
            let prov = y.provenance(f["source"], "\(p).source", inherited: .none)
            let scale = f["scale"].flatMap({ y.quantity($0, "\(p).scale", inherited: prov, range: 0...Double.infinity, positive: true, what: "scale") })
            if let sn = f["scale"] {
                y.warn(.unused, sn, "\(p).scale", "'scale' does not change utilities: they are swing-weighted across the branches (docs/crisis-runner.md §2)",
                       expected: "no 'scale' (weights are swing weights; see docs/scenario-format.md, preferences)")
            }
            guard let unit = y.string(f["unit"], "\(p).unit") else { continue }
            out.append(ConsequenceVariable(id: id, unit: unit, description: f["description"].flatMap { y.string($0, "\(p).description") } ?? "",
                                           scale: scale, provenance: prov))
        }
        return out
    }

    func resolve(_ id: String?, _ node: Node?, _ path: String, among ids: some Collection<String>, what: String) -> String? {
        guard let id else { return nil }
        if ids.contains(id) { return id }
        y.report(.unresolvedReference, node, path, "no \(what) '\(id)'",
                 expected: "one of: \(ids.sorted().joined(separator: ", "))", suggestion: closestMatch(id, in: ids))
        return nil
    }

    func parsePreferences(_ node: Node, actors: Set<String>, consequences: [String]) -> [ActorPreferences] {
        var out: [ActorPreferences] = []
        for (actor, keyNode, v) in y.entries(node, "preferences", what: "actors' preferences") {
            let p = "preferences.\(actor)"
            _ = resolve(actor, keyNode, p, among: actors, what: "actor")
            guard let f = y.fields(v, p, Format.preferences) else { continue }
            let prov = y.provenance(f["source"], "\(p).source", inherited: .none)
            var terms: [PreferenceTerm] = []
            for (c, cKey, tv) in y.entries(f["weights"], "\(p).weights", what: "weights by consequence") {
                let tp = "\(p).\(c)"
                _ = resolve(c, cKey, tp, among: consequences, what: "consequence")
                var weight: Quantity?
                var condition: PreferenceCondition?
                var tprov = prov
                if case .mapping = tv, tv["distribution"] == nil, tv["value"] == nil {
                    guard let tf = y.fields(tv, tp, Format.weightTerm) else { continue }
                    tprov = y.provenance(tf["source"], "\(tp).source", inherited: prov)
                    weight = tf["weight"].flatMap { y.quantity($0, tp, inherited: tprov, what: "weight") }
                    if let cn = tf["only_if"], let cf = y.fields(cn, "\(tp).only_if", Format.onlyIf) {
                        let cprov = y.provenance(cf["source"], "\(tp).only_if.source", inherited: tprov)
                        let cid = resolve(y.string(cf["consequence"], "\(tp).only_if.consequence"), cf["consequence"],
                                          "\(tp).only_if.consequence", among: consequences, what: "consequence")
                        let comparisons = [("at_least", PreferenceCondition.Comparison.atLeast), ("at_most", .atMost)].filter { cf[$0.0] != nil }
                        if comparisons.count != 1 {
                            y.report(.missingField, cn, "\(tp).only_if", "a condition needs exactly one of 'at_least' or 'at_most'")
                        } else if let cid, let q = y.quantity(cf[comparisons[0].0]!, "\(tp).threshold", inherited: cprov, what: "threshold") {
                            condition = PreferenceCondition(consequence: cid, comparison: comparisons[0].1, threshold: q)
                        }
                    }
                } else {
                    weight = y.quantity(tv, tp, inherited: prov, what: "weight")
                }
                if let weight { terms.append(PreferenceTerm(consequence: c, weight: weight, condition: condition, provenance: tprov)) }
            }
            out.append(ActorPreferences(actor: actor, terms: terms, provenance: prov))
        }
        return out
    }

    func parseIssues(_ node: Node, actors: Set<String>) -> [Issue] {
        var out: [Issue] = []
        for (id, _, v) in y.entries(node, "issues", what: "issues") {
            let p = "issues.\(id)"
            guard let f = y.fields(v, p, Format.issue) else { continue }
            let prov = y.provenance(f["source"], "\(p).source", inherited: .none)
            var anchors: [Issue.Anchor] = []
            if let an = f["anchors"] {
                for (k, kn, lv) in y.entries(an, "\(p).anchors", what: "labels by scale point") {
                    guard let pos = Double(k), pos.isFinite, (0...100).contains(pos) else {
                        y.report(.outOfRange, kn, "\(p).anchors.\(k)", "anchor '\(k)' is not a point of the scale", expected: "a number from 0 to 100")
                        continue
                    }
                    if let same = anchors.first(where: { $0.position == pos }) {
                        y.report(.duplicateId, kn, "\(p).anchors.\(k)", "anchor '\(k)' is scale point \(fmt(pos)) again (already labelled '\(same.label)')",
                                 expected: "one label per scale point")
                        continue
                    }
                    if let label = y.string(lv, "\(p).anchors.\(k)") { anchors.append(.init(position: pos, label: label)) }
                }
                let points = Set(anchors.map(\.position))
                if !(points.contains(0) && points.contains(100)) {
                    y.report(.missingField, an, "\(p).anchors", "the scale's ends need labels", expected: "anchors at 0 and at 100")
                }
                anchors.sort { $0.position < $1.position }
            }
            var stances: [Issue.Stance] = []
            for (actor, an, sv) in y.entries(f["positions"], "\(p).positions", what: "positions by actor") {
                let sp = "\(p).\(actor)"
                guard resolve(actor, an, sp, among: actors, what: "actor") != nil,
                      let sf = y.fields(sv, sp, Format.stance) else { continue }
                let sprov = y.provenance(sf["source"], "\(sp).source", inherited: prov)
                let pos = sf["position"].flatMap { y.quantity($0, "\(sp).position", inherited: sprov, range: 0...100, what: "position") }
                let sal = sf["salience"].flatMap { y.quantity($0, "\(sp).salience", inherited: sprov, range: 0...1, what: "salience") }
                if let pos, let sal { stances.append(.init(actor: actor, position: pos, salience: sal, provenance: sprov)) }
            }
            out.append(Issue(id: id, title: y.string(f["title"], "\(p).title") ?? id,
                             description: f["description"].flatMap { y.string($0, "\(p).description") } ?? "",
                             anchors: anchors, stances: stances, provenance: prov))
        }
        return out
    }

    // MARK: schedules and mechanisms

    func parseSituation(_ node: Node, _ path: String) -> Situation {
        var out: Situation = [:]
        for (k, _, v) in y.entries(node, path, what: "facts") { if let value = situationValue(v, "\(path).\(k)") { out[k] = value } }
        return out
    }

    func parseSchedules(_ node: Node, locations: Set<String>?, horizon: Int) -> [ConflictSchedule] {
        var out: [ConflictSchedule] = []
        for (id, _, v) in y.entries(node, "conflict_schedules", what: "conflict schedules") {
            let p = "conflict_schedules.\(id)"
            guard let f = y.fields(v, p, Format.schedule) else { continue }
            if let s = parseSchedule(f, id: id, path: p, locations: locations, horizon: horizon) { out.append(s) }
        }
        return out
    }

    /// One schedule's fields (`zones`, `bombardment`, `description`, `when`, `source`),
    /// for a named schedule or an episode's.
    func parseSchedule(_ f: [String: Node], id: String, path p: String, locations: Set<String>?, horizon: Int,
                       inherited: Provenance = .none) -> ConflictSchedule? {
        let prov = y.provenance(f["source"], "\(p).source", inherited: inherited)
        let when = f["when"].map { parseSituation($0, "\(p).when") } ?? [:]
        let zones = f["zones"].map { parseZones($0, path: "\(p).zones", prov: prov, locations: locations, horizon: horizon) } ?? []
        let bombardment = f["bombardment"].map {
            parseZones($0, path: "\(p).bombardment", prov: prov, locations: locations, horizon: horizon)
        } ?? []
        return ConflictSchedule(id: id, description: f["description"].flatMap { y.string($0, "\(p).description") } ?? "",
                                when: when, zones: zones, bombardment: bombardment, provenance: prov)
    }

    func parseZones(_ node: Node, path p: String, prov: Provenance, locations: Set<String>?, horizon: Int) -> [ConflictSchedule.Zone] {
        var zones: [ConflictSchedule.Zone] = []
        for (i, z) in (y.list(node, p, what: "conflict zones") ?? []).enumerated() {
            let zp = "\(p)[\(i)]"
            guard let zf = y.fields(z, zp, Format.zone) else { continue }
            let zprov = y.provenance(zf["source"], "\(zp).source", inherited: prov)
            let loc = y.string(zf["location"], "\(zp).location")
            if let loc, let locations { _ = resolve(loc, zf["location"], "\(zp).location", among: locations, what: "location in locations.csv") }
            let days = ConflictSchedule.Zone.dayRanges(horizon: horizon)
            let from = zf["from_day"].flatMap { y.quantity($0, "\(zp).from_day", inherited: zprov, range: days.from, what: "from_day") }
            let until = zf["until_day"].flatMap { y.quantity($0, "\(zp).until_day", inherited: zprov, range: days.until, what: "until_day") }
            let intensity = zf["intensity"].flatMap { y.quantity($0, "\(zp).intensity", inherited: zprov, range: ValueBounds.conflictIntensity, positive: true, what: "intensity") }
            if let from, let until, let why = ConflictSchedule.Zone.noDays(from: from, until: until) {
                y.report(.impossibleBounds, zf["until_day"], "\(zp).until_day", why,
                         expected: "until_day > from_day (until_day is exclusive), and no until_day below any from_day when they are uncertain")
            }
            if let loc, let from, let intensity {
                zones.append(.init(location: loc, fromDay: from, untilDay: until, intensity: intensity, provenance: zprov))
            }
        }
        return zones
    }
}
