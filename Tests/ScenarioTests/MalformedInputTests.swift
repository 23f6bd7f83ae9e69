import Foundation
import Testing
@testable import Scenario

/// Each case breaks the toy scenario in one way and states where the error must
/// be reported (found by text search, not by the validator) and of what kind.
struct MalformedCase: CustomStringConvertible, Sendable {
    var name: String
    var file: String = "scenario.yaml"
    var old: String
    var new: String
    var kind: Diagnostic.Kind
    /// The token the error must point at (line and column), in `reportedIn`.
    var at: String
    var reportedIn: String? = nil
    var anchor: String? = nil
    var path: String
    var suggestion: String? = nil
    var description: String { name }
}

let malformedCases: [MalformedCase] = [
    .init(name: "unknown key with suggestion", old: "capability: 60", new: "capabilty: 60", kind: .unknownKey,
          at: "capabilty", path: "actors.capital.capabilty", suggestion: "capability"),
    .init(name: "missing required field", old: "    kind: state\n    capability: 60\n", new: "    capability: 60\n", kind: .missingField,
          at: "name: The capital", path: "actors.capital.kind"),
    .init(name: "wrong type: word for a whole number", old: "horizon_days: 30", new: "horizon_days: thirty", kind: .wrongType,
          at: "thirty", path: "metadata.horizon_days"),
    .init(name: "wrong type: quoted number", old: "capability: 80", new: "capability: \"eighty\"", kind: .wrongType,
          at: "\"eighty\"", path: "actors.patron.capability"),
    .init(name: "unresolved consequence in preferences", old: "      territory: 1.0", new: "      teritory: 1.0", kind: .unresolvedReference,
          at: "teritory", path: "preferences.capital.teritory", suggestion: "territory"),
    .init(name: "unresolved player", old: "player: patron", new: "player: patrn", kind: .unresolvedReference,
          at: "patrn", path: "tree.nodes.patron.player", suggestion: "patron"),
    .init(name: "unresolved next node", old: "next: neighbour", new: "next: neighbor", kind: .unresolvedReference,
          at: "neighbor", path: "tree.nodes.patron.no_air.next", suggestion: "neighbour"),
    .init(name: "probabilities do not sum to 1",
          old: "probability: p_truce_holds\n          set: {negotiated_surrender: true}\n        breaks:\n          label: The truce breaks down\n          probability: rest",
          new: "probability: 0.5\n          set: {negotiated_surrender: true}\n        breaks:\n          label: The truce breaks down\n          probability: 0.3", kind: .probabilitySum,
          at: "holds:", anchor: "outcomes:", path: "tree.nodes.truce.outcomes"),
    .init(name: "uncertain probability without rest", old: "probability: rest", new: "probability: 0.6", kind: .probabilitySum,
          at: "holds:", anchor: "outcomes:", path: "tree.nodes.truce.outcomes"),
    .init(name: "probability above 1", old: "probability: p_truce_holds", new: "probability: 1.5", kind: .outOfRange,
          at: "1.5", path: "tree.nodes.truce.holds.probability"),
    .init(name: "unreachable node", old: "conflict_schedules:", new: "    orphan:\n      player: capital\n      actions:\n        wait: {label: Wait}\n\nconflict_schedules:",
          kind: .unreachableNode, at: "player: capital", anchor: "orphan:", path: "tree.nodes.orphan"),
    .init(name: "childless decision node", old: "      actions:\n        stay:\n          label: Stay in the talks\n        leave:\n          label: Leave the talks\n          set: {guarantor_in_process: false}\n",
          new: "      actions: {}\n", kind: .childlessNode, at: "{}", path: "tree.nodes.neighbour.actions"),
    .init(name: "cycle in the tree", old: "label: Stay in the talks", new: "label: Stay in the talks\n          next: capital", kind: .cycle,
          at: "capital", anchor: "label: Stay in the talks", path: "tree.nodes.neighbour.stay.next"),
    .init(name: "number without provenance", old: "    beta: 3\n    source: story:P2\n", new: "    beta: 3\n", kind: .missingProvenance,
          at: "description: chance", path: "parameters.p_truce_holds"),
    .init(name: "unknown source id", old: "    source: story:P1\n  patron:", new: "    source: stroy:P1\n  patron:", kind: .badProvenance,
          at: "stroy:P1", path: "actors.capital.source", suggestion: "story"),
    .init(name: "assumption without a reason", old: "source: \"assumption: toy death rates\"", new: "source: assumption", kind: .badProvenance,
          at: "assumption", anchor: "formula: conflict_intensity_days", path: "mechanisms.deaths.source"),
    .init(name: "CSV row with too few cells", file: "locations.csv", old: "Rivertown,South,Valleyland,35.00,36.20,town,,20000",
          new: "Rivertown,South,Valleyland,35.00,36.20,town,20000", kind: .columnCount, at: "20000", reportedIn: "locations.csv", path: "locations.csv row 3"),
    .init(name: "route row with too many cells", file: "routes.csv", old: "Rivertown,Ford,8,0", new: "Rivertown,Ford,8,0,5", kind: .columnCount,
          at: "5", reportedIn: "routes.csv", anchor: "Rivertown,Ford", path: "routes.csv row 3"),
    .init(name: "unknown location type", file: "locations.csv", old: "36.20,town", new: "36.20,city", kind: .unknownLocationType,
          at: "city", reportedIn: "locations.csv", path: "locations.csv:Rivertown.location_type"),
    .init(name: "route to an undefined place", file: "routes.csv", old: "Ford,Valley_camp", new: "Frod,Valley_camp", kind: .unresolvedReference,
          at: "Frod", reportedIn: "routes.csv", path: "routes.csv row 4", suggestion: "Ford"),
    .init(name: "negative capacity", file: "locations.csv", old: "camp,,5000", new: "camp,,-5000", kind: .negativeValue,
          at: "-5000", reportedIn: "locations.csv", path: "locations.csv:Border_camp.capacity"),
    .init(name: "negative distance", file: "routes.csv", old: "Rivertown,Ford,8,0", new: "Rivertown,Ford,-8,0", kind: .negativeValue,
          at: "-8", reportedIn: "routes.csv", path: "routes.csv:Rivertown--Ford.distance"),
    .init(name: "NaN", old: "territory_full: 0.9", new: "territory_full: .nan", kind: .nonFinite,
          at: ".nan", path: "mechanisms.territory.territory_full"),
    .init(name: "infinity", old: "capability: 40", new: "capability: .inf", kind: .nonFinite,
          at: ".inf", path: "actors.neighbour.capability"),
    .init(name: "uniform with min above max", old: "{distribution: uniform, min: 0, max: 0.2}", new: "{distribution: uniform, min: 0.2, max: 0.1}", kind: .impossibleBounds,
          at: "{distribution: uniform, min: 0.2", anchor: "viability_without_air", path: "mechanisms.territory.viability_without_air"),
    .init(name: "triangular mode outside", old: "min: 5, mode: 10, max: 20", new: "min: 5, mode: 30, max: 20", kind: .impossibleBounds,
          at: "{distribution: triangular, min: 5", path: "mechanisms.deaths.deaths_per_intensity_day"),
    .init(name: "normal with negative sd", old: "sd: 5000", new: "sd: -5000", kind: .impossibleBounds,
          at: "{distribution: normal", path: "geography.population_total"),
    .init(name: "unknown distribution with suggestion", old: "{distribution: uniform, min: 0.2, max: 0.8}", new: "{distribution: unifrom, min: 0.2, max: 0.8}", kind: .wrongType,
          at: "unifrom", path: "preferences.patron.talks.distribution", suggestion: "uniform"),
    .init(name: "unknown building block with suggestion", old: "use: process_collapse", new: "use: proces_collapse", kind: .unknownMechanism,
          at: "proces_collapse", path: "mechanisms.talks.use", suggestion: "process_collapse"),
    .init(name: "unknown mechanism parameter", old: "threshold: {distribution: lognormal", new: "treshold: {distribution: lognormal", kind: .unknownKey,
          at: "treshold", path: "mechanisms.talks.treshold", suggestion: "threshold"),
    .init(name: "missing mechanism parameter", old: "      territory_full: 0.9\n", new: "", kind: .missingField,
          at: "territory_limited: 0.3", path: "mechanisms.territory.territory_full"),
    .init(name: "mechanism reading its own output", old: "inputs: {deaths: deaths}", new: "inputs: {deaths: talks}", kind: .cycle,
          at: "talks}", anchor: "inputs:", path: "mechanisms.talks.inputs.deaths"),
    .init(name: "unknown name in a formula, at its column", old: "conflict_intensity_days * deaths_per_intensity_day", new: "conflict_intensity_days * deaths_per_intensty_day",
          kind: .unresolvedReference, at: "deaths_per_intensty_day", path: "mechanisms.deaths.formula", suggestion: "deaths_per_intensity_day"),
    .init(name: "formula syntax error, at its column", old: "conflict_intensity_days * deaths_per_intensity_day", new: "conflict_intensity_days ** deaths_per_intensity_day",
          kind: .syntax, at: "* deaths", path: "mechanisms.deaths.formula"),
    .init(name: "formula adding values in different units", old: "conflict_intensity_days * deaths_per_intensity_day", new: "conflict_intensity_days + deaths_per_intensity_day",
          kind: .unitMismatch, at: "conflict_intensity_days +", path: "mechanisms.deaths.formula"),
    .init(name: "formula multiplying by true/false", old: "conflict_intensity_days * deaths_per_intensity_day", new: "deaths_per_intensity_day * air_support",
          kind: .typeMismatch, at: "air_support", anchor: "formula:", path: "mechanisms.deaths.formula"),
    .init(name: "formula giving true/false for a consequence", old: "conflict_intensity_days * deaths_per_intensity_day", new: "deaths_per_intensity_day > 0",
          kind: .typeMismatch, at: "deaths_per_intensity_day > 0", path: "mechanisms.deaths.formula"),
    .init(name: "formula in another unit than its consequence", old: "conflict_intensity_days * deaths_per_intensity_day", new: "conflict_intensity_days * deaths_per_intensity_day * overload",
          kind: .unitMismatch, at: "conflict_intensity_days * deaths_per_intensity_day * overload", path: "mechanisms.deaths.formula"),
    .init(name: "formula parameter the formula does not use", old: "unit: people per intensity-day}", new: "unit: people per intensity-day}\n      spare: 3",
          kind: .unused, at: "spare", path: "mechanisms.deaths.spare"),
    .init(name: "two mechanisms writing one consequence", old: "outputs: {displaced: displaced, overload: overload}", new: "outputs: {displaced: deaths, overload: overload}",
          kind: .inconsistent, at: "deaths, overload", path: "mechanisms.displacement.outputs"),
    .init(name: "fact default outside its type", old: "    default: false\n    description: the patron", new: "    default: maybe\n    description: the patron",
          kind: .wrongType, at: "maybe", path: "facts.air_support.default"),
    .init(name: "unknown fact type with suggestion", old: "    type: bool\n    default: false\n    description: the patron", new: "    type: boolean\n    default: false\n    description: the patron",
          kind: .wrongType, at: "boolean", path: "facts.air_support.type", suggestion: "bool"),
    .init(name: "direct consequence of an unknown consequence", old: "set: {air_support: true}", new: "set: {air_support: true}\n          consequences: {talk: 1}",
          kind: .unresolvedReference, at: "talk: 1", path: "tree.nodes.patron.air.consequences.talk", suggestion: "talks"),
    .init(name: "schedule location not in the table", old: "location: Hilltown, from_day: 0, intensity: 1}", new: "location: Hiltown, from_day: 0, intensity: 1}", kind: .unresolvedReference,
          at: "Hiltown", path: "conflict_schedules.assault_with_air.zones[0].location", suggestion: "Hilltown"),
    .init(name: "terminal with no matching schedule", old: "    when: {offensive: none}\n", new: "", kind: .scheduleMatch,
          at: "label: The truce holds", path: "tree.terminal hold/holds"),
    .init(name: "unknown fact with suggestion", old: "set: {air_support: true}", new: "set: {air_suport: true}", kind: .unknownKey,
          at: "air_suport", path: "tree.nodes.patron.air.set.air_suport", suggestion: "air_support"),
    .init(name: "fact with a value outside its labels", old: "set: {offensive: full, guarantor_in_process: true}", new: "set: {offensive: total, guarantor_in_process: true}", kind: .outOfRange,
          at: "total", path: "tree.nodes.capital.attack.set.offensive"),
    .init(name: "duplicate location", file: "locations.csv", old: "Ford,South", new: "Hilltown,South", kind: .duplicateId,
          at: "Hilltown,South", reportedIn: "locations.csv", path: "locations.csv:Hilltown"),
    .init(name: "duplicate YAML key", old: "  patron:\n    name: The patron", new: "  capital:\n    name: The patron", kind: .duplicateId,
          at: "capital:", anchor: "actors:", path: ""),
    .init(name: "salience above 1", old: "salience: 0.9}", new: "salience: 1.5}", kind: .outOfRange,
          at: "1.5", path: "issues.valley.capital.salience"),
    .init(name: "issue scale without its end label", old: "      100: the capital rules the valley\n", new: "", kind: .missingField,
          at: "0: the rebels", path: "issues.valley.anchors"),
    .init(name: "closure of an unknown country", file: "closures.csv", old: "Neighbourland", new: "Neighborland", kind: .unresolvedReference,
          at: "Neighborland", reportedIn: "closures.csv", path: "closures.csv row 2", suggestion: "Neighbourland"),
    .init(name: "great-circle distance disagrees with the table", file: "routes.csv", old: "Hilltown,Rivertown,20.1", new: "Hilltown,Rivertown,25", kind: .inconsistent,
          at: "25", reportedIn: "routes.csv", path: "routes.csv:Hilltown--Rivertown.distance"),
    .init(name: "date that is not a date", old: "as_of: 2020-01-01", new: "as_of: yesterday", kind: .wrongType,
          at: "yesterday", path: "metadata.as_of"),
    .init(name: "lognormal with both mu and median", old: "median: 300, sigma: 0.5", new: "median: 300, mu: 5, sigma: 0.5", kind: .inconsistent,
          at: "300", anchor: "threshold", path: "mechanisms.talks.threshold.median"),
    .init(name: "table rows without provenance", old: "  source: \"assumption: made-up places\"\n", new: "", kind: .missingProvenance,
          at: "Ford", reportedIn: "locations.csv", path: "locations.csv:Ford"),
    .init(name: "consequence no mechanism computes", old: "    outputs: {displaced: displaced, overload: overload}", new: "    outputs: {displaced: displaced}", kind: .unresolvedReference,
          at: "overload:", anchor: "consequences:", path: "consequences.overload"),
    .init(name: "closure row with a bad day", file: "closures.csv", old: "0,-1", new: "0,never", kind: .wrongType,
          at: "never", reportedIn: "closures.csv", path: "closures.csv row 2.closure_end"),
    .init(name: "non-player as a decision node's player", old: "player: neighbour", new: "player: villagers", kind: .unresolvedReference,
          at: "villagers", anchor: "player: villagers", path: "tree.nodes.neighbour.player"),
    .init(name: "table population disagreeing with its weight share", file: "locations.csv", old: "town,,20000", new: "town,,25000", kind: .inconsistent,
          at: "25000", reportedIn: "locations.csv", path: "locations.csv:Rivertown.population"),
    .init(name: "schedule matching on an unknown fact", old: "when: {offensive: full, air_support: false}", new: "when: {offensive: full, air_suport: false}", kind: .unknownKey,
          at: "air_suport", path: "conflict_schedules.stalled_assault.when.air_suport", suggestion: "air_support"),
    .init(name: "schedule matching on an impossible value", old: "when: {offensive: full, air_support: true}", new: "when: {offensive: fulll, air_support: true}", kind: .outOfRange,
          at: "fulll", path: "conflict_schedules.assault_with_air.when.offensive", suggestion: "full"),
    .init(name: "negative population weight", old: "Rivertown: {population_weight: 1}", new: "Rivertown: {population_weight: -1}", kind: .negativeValue,
          at: "-1", anchor: "places:", path: "geography.population_weight.Rivertown"),
]

@Suite("Malformed scenarios")
struct MalformedInputTests {
    @Test("the toy scenario is valid")
    func toyIsValid() throws {
        let r = Scenario.validate(directory: toyDirectory)
        #expect(r.diagnostics.isEmpty, "\(r.diagnostics)")
        #expect(r.scenario != nil)
    }

    @Test("each malformed input is reported at its place with its kind", arguments: malformedCases)
    func malformed(_ c: MalformedCase) throws {
        let f = try Fixture([(c.file, c.old, c.new)])
        defer { f.cleanup() }
        let r = f.validate()
        #expect(r.scenario == nil)
        let file = c.reportedIn ?? "scenario.yaml"
        let hits = r.diagnostics.filter { $0.kind == c.kind && $0.path == c.path }
        try #require(!hits.isEmpty, "no \(c.kind) at \(c.path); got:\n\(r.diagnostics.map(\.description).joined(separator: "\n"))")
        let d = hits[0]
        #expect(d.file == file)
        let pos = try f.position(of: c.at, in: file, after: c.anchor)
        #expect(d.line == pos.line, "\(d)")
        #expect(d.column == pos.column, "\(d)")
        if let s = c.suggestion { #expect(d.suggestion == s, "\(d)") }
    }

    @Test("unknown actor kind and out-of-range paragraph")
    func actorKindAndParagraph() throws {
        let f = try Fixture([("scenario.yaml", "kind: population", "kind: populaton"),
                             ("scenario.yaml", "    source: story:P3\n\nconsequences", "    source: story:P8\n\nconsequences")])
        defer { f.cleanup() }
        let r = f.validate()
        let kind = try #require(r.diagnostics.first { $0.path == "actors.villagers.kind" })
        #expect(kind.kind == .wrongType)
        #expect(kind.suggestion == "population")
        #expect(kind.line == (try f.position(of: "populaton").line))
        let para = try #require(r.diagnostics.first { $0.kind == .badProvenance })
        #expect(para.path == "actors.villagers.source")
        #expect(para.line == (try f.position(of: "story:P8").line))
        #expect(para.message.contains("P1–P4"))
    }

    @Test("nodes of one information set must share player and actions")
    func infosets() throws {
        let f = try Fixture([("scenario.yaml", "    patron:\n      player: patron\n", "    patron:\n      player: patron\n      infoset: same\n"),
                             ("scenario.yaml", "    neighbour:\n      player: neighbour\n", "    neighbour:\n      player: neighbour\n      infoset: same\n")])
        defer { f.cleanup() }
        let d = try #require(f.validate().diagnostics.first { $0.kind == .inconsistent })
        #expect(d.path == "tree.nodes.neighbour.infoset")
        #expect(d.line == (try f.position(of: "player: neighbour", after: "    neighbour:").line))
    }

    @Test("a Flee user's tables need no sidecar entries when geography.source covers them")
    func fleeTablesUnchanged() throws {
        // Drop every per-place entry; the table-wide source covers the rows, and the
        // tables' own numbers (fixed) are used.
        let f = try Fixture([("scenario.yaml", "  places:\n    Hilltown: {population_weight: 2}\n    Rivertown: {population_weight: 1}\n    Valley_camp: {capacity: {distribution: triangular, min: 5000, mode: 8000, max: 12000}}\n", "")])
        defer { f.cleanup() }
        let r = f.validate()
        #expect(r.diagnostics.isEmpty, "\(r.diagnostics.map(\.description))")
        let g = try #require(r.scenario?.geography)
        #expect(g.amount(of: g.location("Hilltown")!) == 40_000)
        #expect(g.amount(of: g.location("Valley_camp")!) == 8258)
    }

    @Test("a route row may stop after its distance, as in Flee")
    func shortRouteRow() throws {
        let f = try Fixture([("routes.csv", "Rivertown,Ford,8,0", "Rivertown,Ford,8")])
        defer { f.cleanup() }
        let r = f.validate()
        #expect(r.diagnostics.isEmpty, "\(r.diagnostics.map(\.description))")
        #expect(r.scenario?.geography.routes.first { $0.key == "Rivertown--Ford" }?.forcedRedirection == "")
    }

    @Test("a YAML syntax error is reported with its line")
    func syntax() throws {
        let f = try Fixture([("scenario.yaml", "zones: []", "zones: [")])
        defer { f.cleanup() }
        let r = f.validate()
        #expect(r.diagnostics.count == 1)
        let d = try #require(r.diagnostics.first)
        #expect(d.kind == .syntax)
        #expect(d.line >= (try f.position(of: "zones: [").line))
    }

    @Test("a missing table is reported")
    func missingTable() throws {
        let f = try Fixture(remove: ["routes.csv"])
        defer { f.cleanup() }
        let r = f.validate()
        #expect(r.diagnostics.contains { $0.kind == .missingFile && $0.file == "routes.csv" })
    }

    @Test("a missing folder is reported, not thrown")
    func missingFolder() {
        let r = Scenario.validate(directory: URL(fileURLWithPath: "/nonexistent/scenario"))
        #expect(r.diagnostics.map(\.kind) == [.missingFile])
    }

    @Test("every problem is found in one pass")
    func onePass() throws {
        let f = try Fixture([
            ("scenario.yaml", "capability: 60", "capabilty: 60"),
            ("scenario.yaml", "use: process_collapse", "use: proces_collapse"),
            ("scenario.yaml", "    kind: state\n    capability: 40\n", "    capability: 40\n"),
            ("scenario.yaml", "* deaths_per_intensity_day", "* air_support"),
            ("scenario.yaml", "next: neighbour", "next: neighbor"),
            ("scenario.yaml", "sd: 5000", "sd: -5000"),
            ("locations.csv", "36.20,town", "36.20,city"),
            ("routes.csv", "Ford,Valley_camp", "Frod,Valley_camp"),
        ])
        defer { f.cleanup() }
        let kinds = Set(f.validate().diagnostics.map(\.kind))
        for k in [Diagnostic.Kind.unknownKey, .missingField, .unknownMechanism, .unresolvedReference, .impossibleBounds, .unknownLocationType,
                  .typeMismatch] {
            #expect(kinds.contains(k), "missing \(k)")
        }
    }

    @Test("at least 30 distinct malformed inputs are covered")
    func coverage() {
        #expect(malformedCases.count >= 30)
        #expect(Set(malformedCases.map(\.kind)).count >= 18)
    }
}
