import Foundation

/// The shape of scenario.yaml: every section's keys, which are required, and what each
/// holds. The loader takes each mapping's allowed and required keys from here, and
/// `fulcrum schema` writes it as a JSON Schema, so the two cannot disagree.
public indirect enum Shape: Sendable {
    case object(ObjectShape)
    /// A mapping keyed by ids (actors, nodes, …) whose values have one shape.
    case map(Shape, what: String)
    case list(Shape)
    case string(String)
    case enumeration([String], String)
    case integer(String, minimum: Int?)
    case boolean(String)
    /// A number in any of the forms of docs/scenario-format.md §1 (plain, `{value:}` or a distribution).
    case number(String)
    case citation
    case formula(String)
    /// A fact's value: true/false, a number or a label.
    case factValue(String)
    case date(String)
    case anyOf([Shape], String)
    /// Checked by another reader (the displacement model's settings).
    case open(String)
}

public struct ObjectShape: Sendable {
    public struct Key: Sendable {
        public var name: String
        public var shape: Shape
        public var required: Bool
    }
    public var description: String
    public var keys: [Key]
    public var allowed: [String] { keys.map(\.name) }
    public var required: [String] { keys.filter(\.required).map(\.name) }

    init(_ description: String, _ keys: [(String, Shape, Bool)]) {
        self.description = description
        self.keys = keys.map { Key(name: $0.0, shape: $0.1, required: $0.2) }
    }
}

/// The format, section by section (docs/scenario-format.md §2–§6).
public enum Format {
    static let text = Shape.string("text")
    static let source = (name: "source", shape: Shape.citation, required: false)
    static let requiredSource = (name: "source", shape: Shape.citation, required: true)
    static let description = ("description", Shape.string("a description for people"), false)

    public static let metadata = ObjectShape("what the scenario is", [
        ("id", .string("a short machine name"), true), ("title", text, true), ("as_of", .date("the date the scenario describes"), true),
        ("horizon_days", .integer("days simulated", minimum: 1), true), description, source,
    ])
    public static let sourceEntry = ObjectShape("a cited document", [
        ("title", text, true), ("date", text, false), ("url", text, false), ("file", text, false),
        ("paragraphs", .integer("how many paragraphs (locators P1 … Pn)", minimum: 1), false), description,
    ])
    public static let fact = ObjectShape("a fact branches set (docs/scenario-format.md §3)", [
        ("type", .anyOf([.enumeration(["bool", "number"], "a type"), .list(.string("a label"))], "bool, number or a list of labels"), true),
        ("unit", .string("a number fact's unit"), false), ("default", .factValue("the value of a branch that does not set it"), false),
        description, requiredSource,
    ])
    public static let actor = ObjectShape("an actor", [
        ("name", text, true), ("kind", .enumeration(ActorKind.allCases.map(\.rawValue), "the kind of actor"), true),
        ("capability", .number("relative power (> 0)"), true), description, ("player", .boolean("whether it chooses in the game"), false), requiredSource,
    ])
    public static let consequence = ObjectShape("a consequence variable", [
        ("unit", .string("its unit, e.g. people, share, USD bn"), true), description,
        ("scale", .number("accepted from older files; changes nothing"), false), source,
    ])
    public static let onlyIf = ObjectShape("the threshold form", [
        ("consequence", .string("the consequence tested"), true), ("at_least", .number("threshold"), false),
        ("at_most", .number("threshold"), false), source,
    ])
    public static let weightTerm = ObjectShape("a weight with a condition or its own source", [
        ("weight", .number("the swing weight"), true), ("only_if", .object(onlyIf), false), source, description,
    ])
    public static let preferences = ObjectShape("an actor's swing weights", [
        ("weights", .map(.anyOf([.number("the swing weight"), .object(weightTerm)], "a weight"), what: "weights by consequence"), true),
        source, description,
    ])
    public static let stance = ObjectShape("an actor's position on an issue", [
        ("position", .number("0–100"), true), ("salience", .number("0–1"), true), source,
    ])
    public static let issue = ObjectShape("a contested issue on a 0–100 scale", [
        ("title", text, true), description, ("anchors", .map(.string("a label"), what: "labels by scale point"), true),
        ("positions", .map(.object(stance), what: "positions by actor"), true), source,
    ])
    static let branchKeys: [(String, Shape, Bool)] = [
        ("label", text, true), ("next", .string("the node that follows"), false),
        ("set", .map(.factValue("a fact's value"), what: "facts"), false),
        ("consequences", .map(.number("a direct consequence"), what: "numbers by consequence"), false),
        ("schedule", .string("a conflict schedule"), false), source, description,
    ]
    public static let action = ObjectShape("an action of a decision node", branchKeys)
    public static let outcome = ObjectShape("an outcome of a chance node",
                                            branchKeys + [("probability", .anyOf([.number("a probability"), .string("a parameter's id, or rest")], "a probability"), true)])
    public static let node = ObjectShape("a decision node (player, actions) or a chance node (chance: true, outcomes)", [
        ("player", .string("the actor who chooses"), false), ("chance", .boolean("a chance node"), false),
        ("infoset", .string("an information set label"), false), description,
        ("actions", .map(.object(action), what: "actions"), false), ("outcomes", .map(.object(outcome), what: "outcomes"), false), source,
    ])
    public static let tree = ObjectShape("the decision tree", [
        ("root", .string("the first node"), true), ("nodes", .map(.object(node), what: "nodes"), true), source,
        ("logit_lambda", .number("the logit precision for information sets"), false),
    ])
    public static let zone = ObjectShape("a conflict zone", [
        ("location", .string("a location of locations.csv"), true), ("from_day", .number("first day"), true),
        ("until_day", .number("the day the zone ends, exclusive: the first day without it (> from_day)"), false), ("intensity", .number("Flee's conflict intensity (> 0)"), true), source,
    ])
    public static let schedule = ObjectShape("a conflict schedule", [
        description, ("when", .map(.factValue("a fact's value"), what: "facts"), false), ("zones", .list(.object(zone)), true),
        ("bombardment", .list(.object(zone)), false), requiredSource,
    ])
    public static let mechanism = ObjectShape("a formula (formula, output) or a library block (use or kind, outputs)", [
        ("use", .string("a library block (fulcrum describe --catalogue)"), false), ("kind", .string("the older name for use"), false),
        ("formula", .formula("an expression (docs/scenario-format.md §5)"), false), ("output", .string("the consequence a formula computes"), false),
        ("outputs", .map(.string("a consequence"), what: "consequences by block output"), false), description,
        ("parameters", .map(.number("a parameter"), what: "parameters"), false),
        ("inputs", .map(.formula("a name or formula"), what: "formulas by block input"), false), requiredSource,
    ])
    public static let place = ObjectShape("a location's sidecar entry", [
        source, ("population", .number("a non-camp's population"), false), ("capacity", .number("a camp's capacity"), false),
        ("population_weight", .number("share of population_total"), false), description,
    ])
    public static let link = ObjectShape("a route's sidecar entry", [
        source, ("distance", .number("km"), false), ("great_circle", .boolean("great-circle distance × road_factor"), false), description,
    ])
    public static let closure = ObjectShape("a closure's sidecar entry", [requiredSource, description])
    public static let geography = ObjectShape("Flee's tables plus their provenance and uncertainty", [
        ("locations_file", text, false), ("routes_file", text, false), ("closures_file", text, false), source,
        ("population_total", .number("people shared out by population_weight"), false), ("road_factor", .number("≥ 1"), false),
        ("places", .map(.object(place), what: "places by location name"), false),
        ("links", .map(.object(link), what: "routes by name1--name2"), false),
        ("closures", .map(.object(closure), what: "closures by name1--name2"), false),
    ])
    public static let displacement = ObjectShape("the displacement model's settings (Flee's simsetting.yml keys)", [
        source, ("settings", .open("sections of Flee's simsetting.yml (fulcrum describe --catalogue)"), true),
    ])
    public static let episodeSchedule = ObjectShape("an episode's conflict schedule", [
        description, ("zones", .list(.object(zone)), true), ("bombardment", .list(.object(zone)), false), source,
    ])
    public static let observation = ObjectShape("an observation of an episode", [
        ("date", .date("the day observed"), true), ("displaced", .number("people ever displaced"), false),
        ("present", .number("displaced people present"), false), ("returned", .number("people back home"), false),
        ("place", .string("a location"), false), ("area", .string("an area (region)"), false),
        ("country", .string("a country (the country column)"), false), source, description,
    ])
    public static let episode = ObjectShape("a past episode (docs/calibration.md)", [
        ("title", text, true), description, ("start", .date("the date of day 0"), true), ("days", .integer("days simulated", minimum: 1), true),
        requiredSource, ("set", .map(.number("a value at the episode's time"), what: "values by path"), false),
        ("schedule", .object(episodeSchedule), true), ("observations", .list(.object(observation)), true),
    ])
    public static let scenario = ObjectShape("a Fulcrum scenario (docs/scenario-format.md)", [
        ("format", .enumeration(["fulcrum-scenario/1"], "the format"), false),
        ("metadata", .object(metadata), true), ("sources", .map(.object(sourceEntry), what: "sources"), true),
        ("parameters", .map(.number("a named number"), what: "parameters"), false),
        ("facts", .map(.object(fact), what: "facts"), false), ("actors", .map(.object(actor), what: "actors"), true),
        ("consequences", .map(.object(consequence), what: "consequences"), true),
        ("preferences", .map(.object(preferences), what: "preferences by actor"), true),
        ("issues", .map(.object(issue), what: "issues"), false), ("tree", .object(tree), true),
        ("conflict_schedules", .map(.object(schedule), what: "conflict schedules"), true),
        ("mechanisms", .map(.object(mechanism), what: "mechanisms"), true), ("geography", .object(geography), true),
        ("displacement", .object(displacement), false), ("episodes", .map(.object(episode), what: "episodes"), false),
    ])

    /// The JSON Schema (draft 2020-12) of scenario.yaml, as text.
    public static func jsonSchema() -> String {
        var root = schema(.object(scenario))
        root["$schema"] = "https://json-schema.org/draft/2020-12/schema"
        root["title"] = "Fulcrum scenario.yaml"
        root["$defs"] = ["number": numberSchema]
        let data = try! JSONSerialization.data(withJSONObject: root, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])
        return String(decoding: data, as: UTF8.self) + "\n"
    }

    static var numberSchema: [String: Any] { [
        "description": "a number: plain, {value, source}, or {distribution: fixed | uniform | triangular | normal | beta | lognormal, …}",
        "anyOf": [
            ["type": "number"],
            ["type": "object", "additionalProperties": false,
             "properties": Dictionary(uniqueKeysWithValues: YAMLReader.distributionKeys.map { k -> (String, Any) in
                 switch k {
                 case "distribution": return (k, ["enum": ["fixed", "uniform", "triangular", "normal", "beta", "lognormal"]])
                 case "source": return (k, ["anyOf": [["type": "string"], ["type": "array", "items": ["type": "string"]]]])
                 case "description", "unit": return (k, ["type": "string"])
                 case "calibrate": return (k, ["type": "boolean"])
                 default: return (k, ["type": "number"])
                 }
             })],
        ] as [Any],
    ] }

    static func schema(_ shape: Shape) -> [String: Any] {
        switch shape {
        case .object(let o):
            var props: [String: Any] = [:]
            for k in o.keys { props[k.name] = schema(k.shape) }
            var s: [String: Any] = ["type": "object", "description": o.description, "properties": props, "additionalProperties": false]
            if !o.required.isEmpty { s["required"] = o.required }
            return s
        case .map(let value, let what): return ["type": "object", "description": what, "additionalProperties": schema(value)]
        case .list(let item): return ["type": "array", "items": schema(item)]
        case .string(let d), .formula(let d): return ["type": "string", "description": d]
        case .enumeration(let values, let d): return ["enum": values, "description": d]
        case .integer(let d, let minimum):
            var s: [String: Any] = ["type": "integer", "description": d]
            if let minimum { s["minimum"] = minimum }
            return s
        case .boolean(let d): return ["type": "boolean", "description": d]
        case .number(let d): return ["$ref": "#/$defs/number", "description": d]
        case .citation:
            return ["description": "a citation ('seed:P2', 'facts:S2' or 'assumption: reason') or a list of them",
                    "anyOf": [["type": "string"], ["type": "array", "items": ["type": "string"]]]]
        case .factValue(let d): return ["type": ["boolean", "number", "string"], "description": d]
        case .date(let d): return ["type": "string", "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}$", "description": d]
        case .anyOf(let shapes, let d): return ["anyOf": shapes.map(schema), "description": d]
        case .open(let d): return ["type": "object", "description": d]
        }
    }
}
