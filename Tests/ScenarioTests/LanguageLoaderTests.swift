import Foundation
import Testing
@testable import Scenario

/// The language inside a scenario file: facts, formulas, building blocks, direct
/// consequences, and older files.
@Suite("Formulas and facts in scenario files")
struct LanguageLoaderTests {
    static let legacyToy = packageRoot.appendingPathComponent("Tests/ScenarioTests/Fixtures/toy-valley-v1")

    /// A reproducible u in (0, 1) per input path and sample.
    static func u(_ path: String, _ i: Int) -> Double {
        var h: UInt64 = 1469598103934665603 &+ UInt64(i) &* 0x9E3779B97F4A7C15
        for b in path.utf8 { h = (h ^ UInt64(b)) &* 1099511628211 }
        return (Double(h >> 11) + 0.5) / 9007199254740992
    }

    @Test("an older file (kind:, scale:, no facts:) loads, with warnings for its scales, and gives the same bits as its rewrite on every branch")
    func legacyToy() throws {
        let r = Scenario.validate(directory: Self.legacyToy)
        let old = try #require(r.scenario, "\(r.diagnostics)")
        #expect(r.warnings.filter { $0.path.hasSuffix(".scale") }.count == 5)
        #expect(old.facts.allSatisfy { !$0.declared })
        #expect(Set(old.facts.map(\.name)) == ["offensive", "air_support", "negotiated_surrender", "guarantor_in_process"])
        let new = try Scenario.load(directory: toyDirectory)
        #expect(new.uncertainInputs.map(\.path) == old.uncertainInputs.map(\.path))
        for i in 0..<20 {
            let a = try old.sampled { Self.u($0.path, i) }, b = try new.sampled { Self.u($0.path, i) }
            let d = DisplacementSummary(displaced: 1000 * Self.u("d", i), overloadPersonDays: 1e5 * Self.u("o", i),
                                        conflictIntensityDays: 0)
            for (ta, tb) in zip(a.tree.terminals, b.tree.terminals) {
                #expect(ta.id == tb.id && ta.schedule == tb.schedule)
                var dd = d
                dd.conflictIntensityDays = a.schedule(ta.schedule)!.intensityDays(horizon: 30)
                let va = try a.consequences(of: ta, displacement: dd), vb = try b.consequences(of: tb, displacement: dd)
                #expect(va.mapValues(\.bitPattern) == vb.mapValues(\.bitPattern), "\(ta.id): \(va) vs \(vb)")
            }
        }
    }

    @Test("the toy's declared facts: defaults fill the situation, one formula mechanism, no warnings")
    func toy() throws {
        let r = Scenario.validate(directory: toyDirectory)
        let s = try #require(r.scenario, "\(r.diagnostics)")
        #expect(r.warnings.isEmpty, "\(r.warnings)")
        #expect(s.facts.map(\.name) == ["offensive", "air_support", "negotiated_surrender", "guarantor_in_process"])
        let hold = try #require(s.tree.terminals.first { $0.id == "hold/breaks" })
        #expect(hold.situation == ["offensive": .label("none"), "guarantor_in_process": .bool(true),
                                   "air_support": .bool(false), "negotiated_surrender": .bool(false)])
        let deaths = try #require(s.mechanism("deaths"))
        #expect(deaths.block == nil && deaths.formula == "conflict_intensity_days * deaths_per_intensity_day")
        #expect(s.mechanisms.map(\.id) == ["territory", "deaths", "displacement", "talks"])
    }

    @Test("mechanisms run in the order of what they read; a cycle is an error")
    func order() throws {
        let cyc = try Fixture([("scenario.yaml", "formula: conflict_intensity_days * deaths_per_intensity_day",
                                "formula: conflict_intensity_days * deaths_per_intensity_day * talks"),
                               ("scenario.yaml", "unit: people per intensity-day}", "unit: people per intensity-day}")])
        defer { cyc.cleanup() }
        let c = cyc.validate()
        let cycles = c.diagnostics.filter { $0.kind == .cycle }
        #expect(Set(cycles.map(\.path)) == ["mechanisms.deaths", "mechanisms.talks"], "\(c.diagnostics)")
        let ordered = try Fixture([("scenario.yaml", "  territory:\n    use: offensive_viability", "  late:\n    formula: 0.5 * deaths\n    output: overload\n    parameters: {}\n    source: story:P3\n  territory:\n    use: offensive_viability"),
                                   ("scenario.yaml", "outputs: {displaced: displaced, overload: overload}", "outputs: {displaced: displaced}"),
                                   ("scenario.yaml", "unit: person-days", "unit: people")])
        defer { ordered.cleanup() }
        let o = ordered.validate()
        let s = try #require(o.scenario, "\(o.diagnostics)")
        #expect(s.mechanisms.map(\.id) == ["territory", "deaths", "late", "displacement", "talks"])
    }

    @Test("a formula's error points at its own line and column, however the formula is written in YAML")
    func positions() throws {
        let styles: [(String, String)] = [
            ("formula: conflict_intensity_days * deaths_per_intensity_day", "formula: conflict_intensity_days * deths"),
            ("formula: conflict_intensity_days * deaths_per_intensity_day", "formula: \"conflict_intensity_days * deths\""),
            ("formula: conflict_intensity_days * deaths_per_intensity_day", "formula: 'conflict_intensity_days * deths'"),
            ("formula: conflict_intensity_days * deaths_per_intensity_day", "formula: >-\n      conflict_intensity_days\n      * deths"),
            ("formula: conflict_intensity_days * deaths_per_intensity_day", "formula: |\n      conflict_intensity_days *\n         deths"),
            ("formula: conflict_intensity_days * deaths_per_intensity_day", "formula: conflict_intensity_days\n      * deths"),
        ]
        for (old, new) in styles {
            let f = try Fixture([("scenario.yaml", old, new)])
            defer { f.cleanup() }
            let d = try #require(f.validate().diagnostics.first { $0.path == "mechanisms.deaths.formula" }, "\(new)")
            let at = try f.position(of: "deths")
            #expect(d.kind == .unresolvedReference && d.line == at.line && d.column == at.column, "\(new): \(d)")
        }
    }

    @Test("numbers as facts, direct consequences of actions, action.X and displacement results in formulas")
    func newParts() throws {
        let f = try Fixture([
            ("scenario.yaml", "facts:\n", "facts:\n  troops:\n    type: number\n    unit: people\n    default: 0\n    description: troops the patron sends\n    source: story:P2\n"),
            ("scenario.yaml", "set: {air_support: true}", "set: {air_support: true, troops: 500}\n          consequences: {cost: {value: 2, source: \"assumption: a sanctions bill\"}}"),
            ("scenario.yaml", "consequences:\n  territory:", "consequences:\n  cost:\n    unit: USD bn\n    source: story:P2\n  burden:\n    unit: people\n    source: story:P3\n  territory:"),
            ("scenario.yaml", "      territory: 0.5\n", "      territory: 0.5\n      cost: -0.1\n      burden: -0.1\n"),
            ("scenario.yaml", "mechanisms:\n", "mechanisms:\n  burden:\n    formula: present.Border_camp + refugees.Neighbourland + troops * indicator(action.cost > 1) + sum(present[p] for p in places where p.type == camp)\n    output: burden\n    source: story:P3\n"),
        ])
        defer { f.cleanup() }
        let r = f.validate()
        let s = try #require(r.scenario, "\(r.diagnostics)")
        #expect(s.valuePaths.contains("tree.nodes.patron.air.consequences.cost"))
        let d = DisplacementSummary(displaced: 100, overloadPersonDays: 0, conflictIntensityDays: 10,
                                    presentByPlace: ["Border_camp": 7, "Valley_camp": 20, "Hilltown": 3])
        for t in s.tree.terminals {
            let v = try s.consequences(of: t, displacement: d)
            let air = t.actions.contains("air")
            #expect(v["cost"] == (air ? 2 : nil), "\(t.id)")
            // 7 at the foreign camp, counted as refugees too; 500 troops where the bill is over 1; 27 in both camps.
            let burden: Double = air ? 541 : 41
            #expect(v["burden"] == burden, "\(t.id): \(String(describing: v["burden"]?.bitPattern)) vs \(burden.bitPattern)")
        }
        let cheaper = try s.setting(path: "tree.nodes.patron.air.consequences.cost", to: 0.5)
        let t = try #require(cheaper.tree.terminals.first { $0.id == "attack/air" })
        #expect(try cheaper.consequences(of: t, displacement: d)["burden"] == 41)
    }

    @Test("an undeclared fact, a value outside a fact's type, a fact nothing reads")
    func facts() throws {
        let f = try Fixture([("scenario.yaml", "set: {air_support: true}", "set: {air_support: 1}"),
                             ("scenario.yaml", "facts:\n", "facts:\n  weather:\n    type: [dry, wet]\n    source: story:P1\n")])
        defer { f.cleanup() }
        let r = f.validate()
        #expect(r.diagnostics.contains { $0.kind == .wrongType && $0.path == "tree.nodes.patron.air.set.air_support" }, "\(r.diagnostics)")
        #expect(r.warnings.contains { $0.kind == .unused && $0.path == "facts.weather" }, "\(r.warnings)")
    }

    @Test("a unit mismatch in an older kind: mechanism is a warning; with use: an error")
    func legacyUnits() throws {
        let f = try Fixture([("scenario.yaml", "    unit: probability\n    description: probability the truce talks survive",
                              "    unit: people\n    description: probability the truce talks survive")])
        defer { f.cleanup() }
        #expect(f.validate().diagnostics.contains { $0.kind == .unitMismatch && $0.path == "mechanisms.talks.outputs.survival" })
        let text = try String(contentsOf: Self.legacyToy.appendingPathComponent("scenario.yaml"), encoding: .utf8)
            .replacingOccurrences(of: "    unit: probability\n    description: probability the truce talks survive",
                                  with: "    unit: people\n    description: probability the truce talks survive")
        var files: [String: Data] = [:]
        for n in ["locations.csv", "routes.csv", "closures.csv", "story.txt"] { files[n] = try Data(contentsOf: Self.legacyToy.appendingPathComponent(n)) }
        files["scenario.yaml"] = Data(text.utf8)
        let r = Scenario.validate(files: files)
        #expect(r.scenario != nil, "\(r.diagnostics)")
        #expect(r.warnings.contains { $0.kind == .unitMismatch && $0.path == "mechanisms.talks.outputs.survival" })
    }

    @Test("a result that is not a finite number stops evaluation with the mechanism and branch named")
    func nonFinite() throws {
        let f = try Fixture([("scenario.yaml", "formula: conflict_intensity_days * deaths_per_intensity_day",
                              "formula: conflict_intensity_days * deaths_per_intensity_day / (conflict_intensity_days / conflict_intensity_days - 1)")])
        defer { f.cleanup() }
        let s = try #require(f.validate().scenario)
        let t = try #require(s.tree.terminals.first)
        #expect(throws: MechanismError.self) { try s.consequences(of: t, displacement: .none) }
    }
}
