import Foundation
import Testing
@testable import Scenario

/// The formula language alone: parsing, checking and evaluation, against answers
/// worked out by hand.
@Suite("Formula language")
struct LanguageTests {
    /// Three places: two Valleyland towns (North and South) and a camp across the border.
    static let places = PlaceTable(names: ["Hilltown", "Rivertown", "Border_camp"], regions: ["North", "South", "Across"],
                                   countries: ["Valleyland", "Valleyland", "Neighbourland"], types: ["town", "town", "camp"],
                                   homeCountries: ["Valleyland"])

    static let names = ScenarioNames(
        consequenceUnits: ["deaths": MeasureUnit(parsing: "people"), "displaced_people": MeasureUnit(parsing: "people"),
                           "talks": MeasureUnit(parsing: "probability"), "cost": MeasureUnit(parsing: "USD bn")],
        writers: ["deaths": "m1", "displaced_people": "m2", "talks": "m3"], current: "m9",
        facts: ["air_support": FactDeclaration(name: "air_support", kind: .bool, defaultValue: .bool(false), description: "", provenance: .none, declared: true),
                "offensive": FactDeclaration(name: "offensive", kind: .labels(["none", "limited", "full"]), defaultValue: nil, description: "", provenance: .none, declared: true),
                "troops": FactDeclaration(name: "troops", kind: .number(MeasureUnit(parsing: "people")), defaultValue: .number(0), description: "", provenance: .none, declared: true)],
        parameters: ["p_deal"], actionConsequences: ["cost"], places: places)

    func check(_ text: String) throws -> (FormulaChecker, FormulaChecker.Typed?) {
        let c = FormulaChecker(scope: FormulaScope(locals: [.init(name: "rate", type: .number(MeasureUnit(parsing: "people")))],
                                                   scenario: Self.names))
        return (c, c.check(try FormulaParser.parse(text)))
    }

    func value(_ text: String, situation: Situation = [:], consequences: [String: Double] = [:],
               displacement: DisplacementSummary = .none, rate: Double = 2) throws -> FormulaValue {
        let (c, t) = try check(text)
        let typed = try #require(t, "\(c.errors)")
        let env = FormulaEnvironment(situation: situation, displacement: displacement, consequences: consequences,
                                     actions: ["cost": 2.5], parameters: ["p_deal": 0.2], places: Self.places)
        return typed.code.evaluate(env, locals: [.number(rate)])
    }

    func error(_ text: String) throws -> FormulaError {
        do {
            let (c, t) = try check(text)
            #expect(t == nil)
            return try #require(c.errors.first)
        } catch let e as FormulaError { return e }
    }

    @Test("precedence and associativity", arguments: [
        ("1 + 2 * 3 ^ 2", 19.0), ("-2 ^ 2", -4), ("2 ^ 3 ^ 2", 512), ("(1 + 2) * 3", 9), ("10 / 4 - 1", 1.5),
        ("8 - 2 - 1", 5), ("16 / 4 / 2", 2), ("1e3 + .5", 1000.5),
    ])
    func arithmetic(_ c: (String, Double)) throws {
        #expect(try value(c.0) == .number(c.1))
    }

    @Test("logic, comparisons and if-then-else")
    func logic() throws {
        #expect(try value("if 3 > 2 and not (1 == 2) then 1 else 0") == .number(1))
        #expect(try value("if 3 < 2 or 2 != 2 then 1 else 0") == .number(0))
        #expect(try value("if 1 <= 1 then if 2 >= 3 then 5 else 6 else 7") == .number(6))
    }

    @Test("functions", arguments: [
        ("min(3, 1, 2)", 1.0), ("max(3, 1, 2)", 3), ("clamp(5, 0, 1)", 1), ("clamp(-5, 0, 1)", 0), ("clamp(0.5, 0, 1)", 0.5),
        ("abs(-2)", 2), ("exp(0)", 1), ("log(1)", 0), ("sqrt(9)", 3), ("logistic(3, 3, 7)", 0.5), ("logistic(1000, 0, 1)", 1),
        ("falloff(1000, 1000, 4)", 0.5), ("falloff(500, 1000, 2)", 0.8), ("falloff(-1, 1000, 2)", 1), ("falloff(0, 1000, 2)", 1),
        ("threshold(5, 5)", 1), ("threshold(4.9, 5)", 0), ("indicator(2 > 1)", 1), ("indicator(2 < 1)", 0),
    ])
    func functions(_ c: (String, Double)) throws {
        guard case .number(let v) = try value(c.0) else { Issue.record("not a number"); return }
        #expect(abs(v - c.1) < 1e-15, "\(c.0) = \(v)")
    }

    @Test("facts, labels without quotes, defaults, consequences, parameters and actions")
    func names() throws {
        #expect(try value("if offensive == full then 1 else 0", situation: ["offensive": .label("full")]) == .number(1))
        #expect(try value("if offensive == \"limited\" then 1 else 0", situation: ["offensive": .label("full")]) == .number(0))
        #expect(try value("if full == offensive then 1 else 0", situation: ["offensive": .label("full")]) == .number(1))
        // air_support defaults to false, troops to 0, when the branch does not set them.
        #expect(try value("if air_support then troops + 1 else troops", situation: ["offensive": .label("none")]) == .number(0))
        #expect(try value("if air_support then troops + 1 else troops", situation: ["air_support": .bool(true), "troops": .number(3000)]) == .number(3001))
        #expect(try value("deaths * 2 + rate", consequences: ["deaths": 10]) == .number(22))
        #expect(try value("parameters.p_deal * action.cost") == .number(0.5))
    }

    @Test("displacement results: totals, places, areas, countries and sums")
    func displacement() throws {
        let d = DisplacementSummary(displaced: 1000, overloadPersonDays: 50, conflictIntensityDays: 7.5,
                                    presentByPlace: ["Hilltown": 100, "Rivertown": 300, "Border_camp": 40])
        #expect(try value("displaced", displacement: d) == .number(1000))
        #expect(try value("currently_displaced", displacement: d) == .number(1000))   // no returns reported: displaced − 0
        #expect(try value("overload + 0", displacement: d) == .number(50))
        #expect(try value("conflict_intensity_days", displacement: d) == .number(7.5))
        #expect(try value("present.Rivertown", displacement: d) == .number(300))
        #expect(try value("present[\"Border_camp\"]", displacement: d) == .number(40))
        #expect(try value("displacement.present.Hilltown", displacement: d) == .number(100))
        #expect(try value("present_in(South) + present_in(\"North\")", displacement: d) == .number(400))
        // Nobody lives in Neighbourland at the start: the camp's 40 are its refugees.
        #expect(try value("refugees", displacement: d) == .number(40))
        #expect(try value("refugees.Neighbourland", displacement: d) == .number(40))
        #expect(try value("refugees.Valleyland", displacement: d) == .number(0))
        #expect(try value("sum(present[p] for p in places)", displacement: d) == .number(440))
        #expect(try value("sum(present[p] for p in places where p.country == Valleyland and p.type == \"town\")", displacement: d) == .number(400))
        #expect(try value("sum(present_in(a) for a in areas where a.name != North)", displacement: d) == .number(340))
        #expect(try value("sum(1 for p in places where present[p] > 50)", displacement: d) == .number(2))
        // A runner that knows returns and refugees says so; the fallbacks give way.
        var e = d
        e.returned = 200; e.currentlyDisplaced = 800; e.refugeesByCountry = ["Neighbourland": 55]
        #expect(try value("currently_displaced - returned", displacement: e) == .number(600))
        #expect(try value("refugees", displacement: e) == .number(55))
    }

    @Test("syntax errors point at the offending character", arguments: [
        ("1 +", 3, "ends too early"), ("a = b", 2, "'=' alone"), ("1 < 2 < 3", 6, "cannot be chained"), ("1 2", 2, "unexpected"),
        ("(1 + 2", 6, "')'"), ("if 1 > 0 then 2", 15, "'else'"), ("2air", 0, "neither a number nor a name"), ("\"open", 0, "never closed"),
        ("1 # 2", 2, "unexpected character"), ("x.", 2, "after '.'"), ("sum(1 for p in towns)", 15, "'places' or 'areas'"),
    ])
    func syntaxErrors(_ c: (String, Int, String)) throws {
        let e = try error(c.0)
        #expect(e.kind == .syntax)
        #expect(e.span.start == c.1, "\(e)")
        #expect(e.message.contains(c.2), "\(e.message)")
    }

    @Test("names, types and units are checked, with a suggestion")
    func checking() throws {
        var e = try error("deths + 1")
        #expect(e.kind == .unknownName && e.suggestion == "deaths" && e.span == Span(0, 5))
        e = try error("offensive == ful")
        #expect(e.kind == .type && e.suggestion == "full" && e.span.start == 13)
        e = try error("offensive > full")
        #expect(e.kind == .type)
        e = try error("2 * air_support")
        #expect(e.kind == .type && e.expected?.contains("indicator") == true && e.span.start == 4)
        e = try error("if deaths then 1 else 0")
        #expect(e.kind == .type)
        e = try error("deaths + overload")
        #expect(e.kind == .unit && e.message.contains("person"))
        e = try error("talks > deaths")
        #expect(e.kind == .unit)
        e = try error("max(deaths, talks)")
        #expect(e.kind == .unit && e.span.start == 12)
        e = try error("cost + 1")
        #expect(e.kind == .unknownName && e.message.contains("no mechanism writes"))
        e = try error("present.Hiltown")
        #expect(e.kind == .unknownName && e.suggestion == "Hilltown")
        e = try error("refugees.Neighborland")
        #expect(e.kind == .unknownName && e.suggestion == "Neighbourland")
        e = try error("present_in(Nort)")
        #expect(e.kind == .unknownName && e.suggestion == "North")
        e = try error("mean(1, 2)")
        #expect(e.kind == .unknownName && e.suggestion == "min")
        e = try error("clamp(1, 2)")
        #expect(e.kind == .syntax)
        e = try error("sum(p for p in places)")
        #expect(e.kind == .type)
        e = try error("parameters.p_dea")
        #expect(e.kind == .unknownName && e.suggestion == "p_deal")
        // Units that agree: deaths and people-valued displacement results, a rate times days.
        #expect(try check("deaths + displaced - present.Hilltown + troops").1 != nil)
        #expect(try check("deaths + rate * conflict_intensity_days / 1").1 == nil)   // person/day × intensity·day ≠ person
        #expect(try check("deaths / displaced + talks").1 != nil)                   // person/person is a plain number
        #expect(try check("falloff(deaths, 1000, 4) * talks").1 != nil)
    }

    @Test("a mechanism cannot read its own output")
    func ownOutput() throws {
        var n = Self.names
        n.current = "m1"
        let c = FormulaChecker(scope: FormulaScope(scenario: n))
        #expect(c.check(try FormulaParser.parse("deaths + 1")) == nil)
        #expect(c.errors.first?.kind == .cycle)
    }

    @Test("formulas are bounded: length, nesting and the steps of sums")
    func limits() throws {
        let long = String(repeating: "1 + ", count: 3000) + "1"
        #expect(try error(long).kind == .limit)
        let deep = String(repeating: "(", count: 80) + "1" + String(repeating: ")", count: 80)
        #expect(try error(deep).kind == .limit)
        let shallow = String(repeating: "(", count: 30) + "1" + String(repeating: ")", count: 30)
        #expect(try value(shallow) == .number(1))
        // A sum over places inside a sum over places costs places² steps.
        let (_, t) = try check("sum(sum(present[q] for q in places) for p in places)")
        let code = try #require(t).code
        #expect(code.cost(places: 3, areas: 3) < 100)
        #expect(code.cost(places: 100_000, areas: 10) > FormulaLimits.maxSteps)
    }
}
