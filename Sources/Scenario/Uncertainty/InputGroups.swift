/// The uncertain inputs of a scenario as a reader looks for them: under the actor, the
/// mechanism or the conflict schedule they belong to, each named in words (the actor's
/// name, the schedule's description, "Weight on territory regained"), the raw path kept
/// beside the name for `PATH=VALUE` what-ifs. What belongs to none of those (chances in
/// the tree, geography, displacement settings, free parameters) is grouped by kind.
/// The workbench lists inputs by these groups; the report names swept inputs by `name(of:)`.
public struct InputGroups: Sendable {
    public struct Item: Sendable {
        public var index: Int
        public var input: UncertainInput
        /// The input in words, within its group.
        public var label: String
    }
    public struct Group: Sendable {
        public var title: String
        public var note: String
        public var items: [Item]
    }

    public private(set) var groups: [Group] = []

    /// An uncertain input in words with its group's, e.g. "Russia: Weight on territory
    /// regained"; nil for a path that is not an uncertain input.
    public func name(of path: String) -> String? {
        for g in groups { if let item = g.items.first(where: { $0.input.path == path }) { return "\(g.title): \(item.label)" } }
        return nil
    }

    public init(_ s: Scenario) {
        var order: [String] = []
        var byKey: [String: Group] = [:]
        func add(_ key: String, _ title: String, _ note: String, _ item: Item) {
            if byKey[key] == nil { order.append(key); byKey[key] = Group(title: title, note: note, items: []) }
            byKey[key]!.items.append(item)
        }
        // Actors, mechanisms and schedules first, in the file's order; the kinds after them.
        for a in s.actors { order.append("actor.\(a.id)"); byKey["actor.\(a.id)"] = Group(title: a.name, note: "actor", items: []) }
        for m in s.mechanisms { order.append("mechanism.\(m.id)"); byKey["mechanism.\(m.id)"] = Group(title: Self.capitalised(Self.words(m.id)), note: "mechanism: \(m.description)", items: []) }
        for c in s.schedules { order.append("schedule.\(c.id)"); byKey["schedule.\(c.id)"] = Group(title: c.description, note: "conflict schedule \(c.id)", items: []) }
        let probabilityParameters = Self.probabilityParameters(s)
        for (k, input) in s.uncertainInputs.enumerated() {
            let (key, label) = Self.place(input.path, in: s, probabilityParameters: probabilityParameters)
            let item = Item(index: k, input: input, label: label)
            switch key {
            case let .known(key): byKey[key]!.items.append(item)
            case let .kind(key, title, note): add(key, title, note, item)
            }
        }
        groups = order.compactMap { byKey[$0] }.filter { !$0.items.isEmpty }
    }

    enum Key { case known(String), kind(String, String, String) }

    static let chances = Key.kind("chances", "Chances in the decision tree", "the probability of each outcome the actors do not choose")
    static let tree = Key.kind("tree", "The decision tree", "values carried by actions and outcomes")
    static let geography = Key.kind("geography", "Geography", "populations, capacities and distances")
    static let displacement = Key.kind("displacement", "Displacement settings", "how people move")
    static let consequences = Key.kind("consequences", "Consequences", "scales")
    static let parameters = Key.kind("parameters", "Other parameters", "named values the scenario uses")

    /// The group of `path` and its words within the group.
    static func place(_ path: String, in s: Scenario, probabilityParameters: [String: String]) -> (Key, String) {
        let parts = path.split(separator: ".").map(String.init)
        func actor(_ id: String) -> Bool { s.actors.contains { $0.id == id } }
        func consequence(_ id: String) -> String { words(id) }
        switch parts.first {
        case "actors" where parts.count == 3 && actor(parts[1]):
            return (.known("actor.\(parts[1])"), words(parts[2]))
        case "preferences" where parts.count >= 3 && actor(parts[1]):
            let c = consequence(parts[2])
            return (.known("actor.\(parts[1])"), parts.count == 4 && parts[3] == "threshold" ? "Threshold on \(c)" : "Weight on \(c)")
        case "issues" where parts.count == 4 && actor(parts[2]):
            let issue = s.issues.first { $0.id == parts[1] }?.title ?? words(parts[1])
            return (.known("actor.\(parts[2])"), parts[3] == "position" ? "Position on \(issue)" : "Salience of \(issue)")
        case "mechanisms" where parts.count == 3 && s.mechanisms.contains(where: { $0.id == parts[1] }):
            return (.known("mechanism.\(parts[1])"), capitalised(words(parts[2])))
        case "conflict_schedules" where parts.count >= 4 && s.schedules.contains(where: { $0.id == parts[1] }):
            let bombardment = parts.count == 5 && parts[2] == "bombardment"
            let place = words(parts[bombardment ? 3 : 2].replacingOccurrences(of: "#", with: " #"))
            let what = bombardment ? "bombardment" : "fighting"
            let field: String
            switch parts.last! {
            case "from_day": field = "\(what) starts on day"
            case "until_day": field = "\(what) stops on day"
            case "intensity": field = "\(what) intensity"
            default: field = words(parts.last!)
            }
            return (.known("schedule.\(parts[1])"), "\(place): \(field)")
        case "parameters" where parts.count == 2:
            if let label = probabilityParameters[parts[1]] { return (chances, label) }
            let description = s.parameters.first { $0.id == parts[1] }?.description ?? ""
            return (parameters, description.isEmpty ? words(parts[1]) : "\(words(parts[1])): \(description)")
        case "tree":
            if parts.last == "probability", let label = chanceLabel(String(path.dropFirst(5).dropLast(12)), in: s) { return (chances, label) }
            if parts.count == 6, parts[1] == "nodes", parts[4] == "consequences" {
                let label = s.tree.nodes.first { $0.name == parts[2] }?.branches.first { $0.id == parts[3] }?.label ?? words(parts[3])
                return (tree, "\(capitalised(consequence(parts[5]))) when: \(label)")
            }
            if path == "tree.logit_lambda" { return (tree, "How closely the actors play their best choice (logit λ)") }
            return (tree, words(parts.dropFirst().joined(separator: " ")))
        case "geography":
            let rest = parts.dropFirst(2).joined(separator: ".")
            switch parts.count > 1 ? parts[1] : "" {
            case "population": return (geography, "Population of \(words(rest))")
            case "capacity": return (geography, "Capacity of \(words(rest))")
            case "population_weight": return (geography, "Population weight of \(words(rest))")
            case "distance": return (geography, "Distance \(words(rest).replacingOccurrences(of: "--", with: " – ")) (km)")
            default: return (geography, capitalised(words(parts.dropFirst().joined(separator: " "))))
            }
        case "displacement":
            return (displacement, capitalised(parts.dropFirst().map(words).joined(separator: ": ")))
        case "consequences" where parts.count == 3:
            return (consequences, "Scale of \(consequence(parts[1]))")
        default:
            return (parameters, path)
        }
    }

    /// The chance outcome at tree path `childPath`: "Outcome (after: previous step)".
    static func chanceLabel(_ childPath: String, in s: Scenario) -> String? {
        for n in s.tree.nodes {
            if let b = n.branches.first(where: { $0.child.path == childPath }) {
                let at = n.path.isEmpty ? "" : " (after \(n.path.split(separator: "/").map { words(String($0)) }.joined(separator: " → ")))"
                return "Chance: \(b.label)\(at)"
            }
        }
        return nil
    }

    /// Parameters that are a chance branch's probability, with the words of that branch.
    static func probabilityParameters(_ s: Scenario) -> [String: String] {
        var out: [String: String] = [:]
        for n in s.tree.nodes {
            for b in n.branches {
                if case .parameter(let id)? = b.probability, out[id] == nil { out[id] = "Chance: \(b.label)" }
            }
        }
        return out
    }

    static func words(_ id: String) -> String { id.replacingOccurrences(of: "_", with: " ") }
    static func capitalised(_ s: String) -> String { s.prefix(1).uppercased() + s.dropFirst() }
}
