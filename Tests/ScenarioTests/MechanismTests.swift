import Foundation
import Testing
@testable import Scenario

@Suite("Mechanisms")
struct MechanismTests {
    @Test("territory: scope, air support and surrender")
    func territory() {
        func t(_ o: OffensiveScope, _ air: Bool, _ deal: Bool = false) -> Double {
            Mechanisms.territoryRegained(offensive: o, airSupport: air, negotiatedSurrender: deal, territoryLimited: 0.3,
                                         territoryFull: 0.9, viabilityWithoutAir: 0.1, territorySurrender: 0.25)
        }
        #expect(t(.none, true) == 0)
        #expect(t(.limited, true) == 0.3)
        #expect(abs(t(.full, false) - 0.09) < 1e-15)
        #expect(t(.none, false, true) == 0.25)
    }

    @Test("deaths, survival, legitimacy, funds and credibility by hand")
    func chain() {
        // 100 intensity-days × 5 × 1.5 + 20,000 overload person-days × 0.05/1000 = 750 + 1.
        let deaths = Mechanisms.civilianDeaths(conflictIntensityDays: 100, overloadPersonDays: 20_000, deathsPerIntensityDay: 5,
                                               fightToDeathFactor: 1.5, deathsPerThousandOverloadDays: 0.05)
        #expect(abs(deaths - 751) < 1e-9)
        // At the threshold survival is ½; at half of it with sharpness 2, 1/(1 + ¼) = 0.8.
        #expect(Mechanisms.processSurvival(guarantorInProcess: true, deaths: 1000, threshold: 1000, sharpness: 4) == 0.5)
        #expect(abs(Mechanisms.processSurvival(guarantorInProcess: true, deaths: 500, threshold: 1000, sharpness: 2) - 0.8) < 1e-15)
        #expect(Mechanisms.processSurvival(guarantorInProcess: false, deaths: 0, threshold: 1000, sharpness: 4) == 0)
        let r = Mechanisms.oppositionAndLegitimacy(oppositionInTalks: true, deaths: 500, processSurvival: 0.8, violenceThreshold: 1000,
                                                   sharpness: 2, legitimacyWithOpposition: 0.7, legitimacyWithoutOpposition: 0.2)
        #expect(abs(r.engaged - 0.8) < 1e-15)
        #expect(abs(r.legitimacy - 0.8 * (0.7 * 0.8 + 0.2 * 0.2)) < 1e-15)
        let gone = Mechanisms.oppositionAndLegitimacy(oppositionInTalks: false, deaths: 0, processSurvival: 1, violenceThreshold: 1000,
                                                      sharpness: 2, legitimacyWithOpposition: 0.7, legitimacyWithoutOpposition: 0.2)
        #expect(gone.engaged == 0 && gone.legitimacy == 0.2)
        #expect(Mechanisms.reconstruction(donorsFund: true, legitimacy: 0.6, deaths: 100, minimumLegitimacy: 0.5, carnageDeaths: 1000, funds: 30) == (30, true))
        #expect(Mechanisms.reconstruction(donorsFund: true, legitimacy: 0.4, deaths: 100, minimumLegitimacy: 0.5, carnageDeaths: 1000, funds: 30) == (0, false))
        #expect(Mechanisms.reconstruction(donorsFund: true, legitimacy: 0.6, deaths: 1000, minimumLegitimacy: 0.5, carnageDeaths: 1000, funds: 30) == (0, false))
        #expect(Mechanisms.reconstruction(donorsFund: false, legitimacy: 0.9, deaths: 0, minimumLegitimacy: 0.5, carnageDeaths: 1000, funds: 30) == (0, false))
        #expect(Mechanisms.credibility(deaths: 1000, baseline: 1, deathsHalving: 1000) == 0.5)
    }

    @Test("the toy scenario's consequences and utilities for one branch, by hand")
    func toyBranch() throws {
        let s = try Scenario.load(directory: toyDirectory).fixing([
            "mechanisms.deaths.deaths_per_intensity_day": 10, "mechanisms.talks.threshold": 300,
            "mechanisms.territory.viability_without_air": 0.1, "preferences.patron.talks": 0.5,
        ])
        let t = try #require(s.tree.terminals.first { $0.id == "attack/no_air/stay" })
        #expect(t.schedule == "stalled_assault")
        let sched = try #require(s.schedule(t.schedule))
        // Hilltown at 0.5 on days 0…14 inclusive: 15 × 0.5.
        let intensityDays = sched.intensityDays(horizon: s.metadata.horizonDays)
        #expect(intensityDays == 7.5)
        let v = s.consequences(of: t, displacement: DisplacementSummary(displaced: 12_000, overloadPersonDays: 0, conflictIntensityDays: intensityDays))
        #expect(abs(v["territory"]! - 0.09) < 1e-12)           // 0.9 × 0.1
        #expect(v["deaths"] == 75)                              // 7.5 × 10 × 1
        #expect(v["displaced"] == 12_000)
        let ratio: Double = 75.0 / 300.0
        let survival: Double = 1.0 / (1.0 + Foundation.pow(ratio, 4.0))
        #expect(abs(v["talks"]! - survival) < 1e-12)
        let u = s.utilities(of: v)
        #expect(abs(u["capital"]! - (0.09 - 0.1 * 75 / 1000)) < 1e-12)
        #expect(abs(u["patron"]! - (0.5 * 0.09 + 0.5 * survival)) < 1e-12)   // deaths ≤ 5000: the talks term counts
        #expect(abs(u["neighbour"]! - (survival - 0.5 * 12_000 / 10_000)) < 1e-12)
        // Above the patron's condition the talks term drops out.
        let bloody = s.utilities(of: v.merging(["deaths": 6000]) { _, b in b })
        #expect(abs(bloody["patron"]! - 0.5 * 0.09) < 1e-12)
    }

    @Test("every catalogue mechanism has a schema with outputs")
    func catalogue() {
        for k in MechanismKind.allCases {
            #expect(!k.schema.outputs.isEmpty)
            #expect(!k.schema.summary.isEmpty)
        }
    }
}
