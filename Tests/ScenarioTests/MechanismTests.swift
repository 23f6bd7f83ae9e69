import Foundation
import Testing
@testable import Scenario

@Suite("Mechanisms: the library of building blocks")
struct MechanismTests {
    func block(_ name: String) throws -> Block { try #require(Library.block(named: name)) }

    @Test("territory: scope, air support and surrender")
    func territory() throws {
        let b = try block("offensive_viability")
        func t(_ o: String, _ air: Bool, _ deal: Bool = false) -> Double {
            b.evaluate(parameters: ["territory_limited": 0.3, "territory_full": 0.9, "viability_without_air": 0.1, "territory_surrender": 0.25],
                       inputs: ["offensive": .label(o), "air_support": .bool(air), "negotiated_surrender": .bool(deal)])["territory"]!
        }
        #expect(t("none", true) == 0)
        #expect(t("limited", true) == 0.3)
        #expect(abs(t("full", false) - 0.09) < 1e-15)
        #expect(t("none", false, true) == 0.25)
    }

    @Test("deaths, survival, legitimacy, funds and credibility by hand")
    func chain() throws {
        // 100 intensity-days × 5 × 1.5 + 20,000 overload person-days × 0.05/1000 = 750 + 1.
        let deaths = try block("conflict_deaths").evaluate(
            parameters: ["deaths_per_intensity_day": 5, "fight_to_death_factor": 1.5, "deaths_per_thousand_overload_days": 0.05],
            inputs: ["conflict_intensity_days": .number(100), "overload": .number(20_000)])["deaths"]!
        #expect(abs(deaths - 751) < 1e-9)
        // At the threshold survival is ½; at half of it with sharpness 2, 1/(1 + ¼) = 0.8.
        let pc = try block("process_collapse")
        func survival(_ g: Bool, _ d: Double, _ t: Double, _ k: Double) -> Double {
            pc.evaluate(parameters: ["threshold": t, "sharpness": k], inputs: ["guarantor_in_process": .bool(g), "deaths": .number(d)])["survival"]!
        }
        #expect(survival(true, 1000, 1000, 4) == 0.5)
        #expect(abs(survival(true, 500, 1000, 2) - 0.8) < 1e-15)
        #expect(survival(false, 0, 1000, 4) == 0)
        #expect(survival(true, 0, 1000, 4) == 1)
        let oe = try block("opposition_exit")
        let p: [String: Double] = ["violence_threshold": 1000, "sharpness": 2, "legitimacy_with_opposition": 0.7, "legitimacy_without_opposition": 0.2]
        let r = oe.evaluate(parameters: p, inputs: ["opposition_in_talks": .bool(true), "deaths": .number(500), "survival": .number(0.8)])
        #expect(abs(r["engaged"]! - 0.8) < 1e-15)
        #expect(abs(r["legitimacy"]! - 0.8 * (0.7 * 0.8 + 0.2 * 0.2)) < 1e-15)
        let gone = oe.evaluate(parameters: p, inputs: ["opposition_in_talks": .bool(false), "deaths": .number(0), "survival": .number(1)])
        #expect(gone["engaged"] == 0 && gone["legitimacy"] == 0.2)
        let dt = try block("donor_threshold")
        func funds(_ fund: Bool, _ legitimacy: Double, _ deaths: Double) -> [String: Double] {
            dt.evaluate(parameters: ["minimum_legitimacy": 0.5, "carnage_deaths": 1000, "funds": 30],
                        inputs: ["donors_fund": .bool(fund), "legitimacy": .number(legitimacy), "deaths": .number(deaths)])
        }
        #expect(funds(true, 0.6, 100) == ["funds": 30, "organised_return": 1])
        #expect(funds(true, 0.4, 100) == ["funds": 0, "organised_return": 0])
        #expect(funds(true, 0.6, 1000) == ["funds": 0, "organised_return": 0])
        #expect(funds(false, 0.9, 0) == ["funds": 0, "organised_return": 0])
        let c = try block("credibility_loss").evaluate(parameters: ["deaths_halving": 1000], inputs: ["deaths": .number(1000)])
        #expect(c["credibility"] == 0.5)
    }

    /// The rules the closed catalogue computed in Swift before the language (as they
    /// stood on main at b387d05), for the bit-for-bit check below.
    enum OldCatalogue {
        static func territory(_ o: String, _ air: Bool, _ deal: Bool, _ tl: Double, _ tf: Double, _ v: Double, _ ts: Double) -> Double {
            if deal { return ts }
            let prize = o == "full" ? tf : o == "limited" ? tl : 0
            return prize * (air ? 1 : v)
        }
        static func deaths(_ cid: Double, _ ov: Double, _ r: Double, _ f: Double, _ o: Double) -> Double { cid * r * f + ov * o / 1000 }
        static func logistic(_ x: Double, _ t: Double, _ k: Double) -> Double { x > 0 ? 1 / (1 + Foundation.pow(x / t, k)) : 1 }
        static func credibility(_ d: Double, _ b: Double, _ h: Double) -> Double { b / (1 + max(0, d) / h) }
    }

    @Test("the catalogue's blocks give the old catalogue's bits on random inputs")
    func sameBits() throws {
        var rng = SystemRandomNumberGenerator()
        func u(_ a: Double, _ b: Double) -> Double { Double.random(in: a...b, using: &rng) }
        for _ in 0..<500 {
            let tl = u(0, 1), tf = u(0, 1), v = u(0, 1), ts = u(0, 1)
            let o = ["none", "limited", "full"].randomElement()!, air = Bool.random(), deal = Bool.random()
            let t = try block("offensive_viability").evaluate(
                parameters: ["territory_limited": tl, "territory_full": tf, "viability_without_air": v, "territory_surrender": ts],
                inputs: ["offensive": .label(o), "air_support": .bool(air), "negotiated_surrender": .bool(deal)])["territory"]!
            #expect(t.bitPattern == OldCatalogue.territory(o, air, deal, tl, tf, v, ts).bitPattern)
            let cid = u(0, 5000), ov = u(0, 1e8), r = u(0, 12), f = u(1, 3), od = u(0, 0.05)
            let d = try block("conflict_deaths").evaluate(
                parameters: ["deaths_per_intensity_day": r, "fight_to_death_factor": f, "deaths_per_thousand_overload_days": od],
                inputs: ["conflict_intensity_days": .number(cid), "overload": .number(ov)])["deaths"]!
            #expect(d.bitPattern == OldCatalogue.deaths(cid, ov, r, f, od).bitPattern)
            let th = u(1, 5000), k = u(0.5, 8), lw = u(0, 1), lwo = u(0, 1), s = u(0, 1)
            let pc = try block("process_collapse").evaluate(parameters: ["threshold": th, "sharpness": k],
                                                            inputs: ["guarantor_in_process": .bool(true), "deaths": .number(d)])["survival"]!
            #expect(pc.bitPattern == OldCatalogue.logistic(d, th, k).bitPattern)
            let oe = try block("opposition_exit").evaluate(
                parameters: ["violence_threshold": th, "sharpness": k, "legitimacy_with_opposition": lw, "legitimacy_without_opposition": lwo],
                inputs: ["opposition_in_talks": .bool(true), "deaths": .number(d), "survival": .number(s)])
            let engaged = OldCatalogue.logistic(d, th, k)
            #expect(oe["engaged"]!.bitPattern == engaged.bitPattern)
            #expect(oe["legitimacy"]!.bitPattern == (s * (lw * engaged + lwo * (1 - engaged))).bitPattern)
            let h = u(1, 5000)
            let c = try block("credibility_loss").evaluate(parameters: ["baseline": 1, "deaths_halving": h], inputs: ["deaths": .number(d)])
            #expect(c["credibility"]!.bitPattern == OldCatalogue.credibility(d, 1, h).bitPattern)
        }
    }

    @Test("the built-in scenario, written with library blocks, computes what the old catalogue did on every branch, bit for bit")
    func idlibSameBits() throws {
        let idlib = try Scenario.builtIn()
        for i in 0..<4 {
            let s = try idlib.sampled { LanguageLoaderTests.u($0.path, i) }
            let p = Dictionary(uniqueKeysWithValues: s.quantities.map { ($0.path, $0.quantity.nominal) })
            func m(_ id: String, _ name: String) -> Double { p["mechanisms.\(id).\(name)"]! }
            for (k, t) in s.tree.terminals.enumerated() {
                let cid = s.schedule(t.schedule)!.intensityDays(horizon: s.metadata.horizonDays)
                let ov = 1e7 * LanguageLoaderTests.u("overload", i * 1000 + k), disp = 1e6 * LanguageLoaderTests.u("displaced", i * 1000 + k)
                let v = try s.consequences(of: t, displacement: DisplacementSummary(displaced: disp, overloadPersonDays: ov, conflictIntensityDays: cid))
                func flag(_ f: String) -> Bool { if case .bool(let b)? = t.situation[f] { return b }; return false }
                var offensive = ""
                if case .label(let o)? = t.situation["offensive"] { offensive = o }
                let territory = OldCatalogue.territory(offensive, flag("air_support"), flag("negotiated_surrender"),
                                                       m("offensive", "territory_limited"), m("offensive", "territory_full"),
                                                       m("offensive", "viability_without_air"), m("offensive", "territory_surrender"))
                let deaths = OldCatalogue.deaths(cid, ov, m("conflict_deaths", "deaths_per_intensity_day"),
                                                 m("conflict_deaths", "fight_to_death_factor"), m("conflict_deaths", "deaths_per_thousand_overload_days"))
                let survival = flag("guarantor_in_process")
                    ? OldCatalogue.logistic(deaths, m("process_collapse", "threshold"), m("process_collapse", "sharpness")) : 0
                let engaged = flag("opposition_in_talks")
                    ? OldCatalogue.logistic(deaths, m("opposition_exit", "violence_threshold"), m("opposition_exit", "sharpness")) : 0
                let legitimacy = survival * (m("opposition_exit", "legitimacy_with_opposition") * engaged
                                             + m("opposition_exit", "legitimacy_without_opposition") * (1 - engaged))
                let ok = flag("donors_fund") && legitimacy >= m("donors_threshold", "minimum_legitimacy") && deaths < m("donors_threshold", "carnage_deaths")
                let expected: [String: Double] = [
                    "territory_regained": territory, "civilian_deaths": deaths, "displaced": disp, "overload_person_days": ov,
                    "process_survival": survival, "opposition_engaged": engaged, "process_legitimacy": legitimacy,
                    "reconstruction_funds": ok ? m("donors_threshold", "funds") : 0, "organised_return": ok ? 1 : 0,
                    "credibility": OldCatalogue.credibility(deaths, m("credibility_loss", "baseline"), m("credibility_loss", "deaths_halving")),
                ]
                #expect(v.mapValues(\.bitPattern) == expected.mapValues(\.bitPattern), "\(t.id)")
            }
        }
    }

    @Test("the toy scenario's consequences for one branch, by hand")
    func toyBranch() throws {
        let s = try Scenario.load(directory: toyDirectory).fixing([
            "mechanisms.deaths.deaths_per_intensity_day": 10, "mechanisms.talks.threshold": 300,
            "mechanisms.territory.viability_without_air": 0.1,
        ])
        let t = try #require(s.tree.terminals.first { $0.id == "attack/no_air/stay" })
        #expect(t.schedule == "stalled_assault")
        let sched = try #require(s.schedule(t.schedule))
        // Hilltown at 0.5 from day 0 until day 14 (exclusive): days 0…13, 14 × 0.5.
        let intensityDays = sched.intensityDays(horizon: s.metadata.horizonDays)
        #expect(intensityDays == 7)
        let v = try s.consequences(of: t, displacement: DisplacementSummary(displaced: 12_000, overloadPersonDays: 0, conflictIntensityDays: intensityDays))
        #expect(abs(v["territory"]! - 0.09) < 1e-12)           // 0.9 × 0.1
        #expect(v["deaths"] == 70)                              // 7 × 10
        #expect(v["displaced"] == 12_000)
        let ratio: Double = 70.0 / 300.0
        let survival: Double = 1.0 / (1.0 + Foundation.pow(ratio, 4.0))
        #expect(abs(v["talks"]! - survival) < 1e-12)
    }

    @Test("every block's formulas check, every parameter and input is used, every output is a number")
    func library() throws {
        for b in Library.blocks {
            let program = try #require(Library.programs[b.name])
            #expect(program.errors.isEmpty, "\(program.errors)")
            #expect(!b.outputs.isEmpty && !b.summary.isEmpty, "\(b.name)")
            // A parameter or input no definition reads would be a setting with no effect.
            let text = b.definitions.map(\.formula).joined(separator: " ")
            for name in b.parameters.map(\.name) + b.inputs.map(\.name) {
                #expect(text.range(of: "\\b\(name)\\b", options: .regularExpression) != nil, "\(b.name).\(name)")
            }
        }
    }
}
