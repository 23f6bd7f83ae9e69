import Testing
import Foundation
@testable import Games

@Suite struct SupportEnumerationTests {
    /// (8x8: 5, 2x2x2x2x2: 5 and g2: 1 take tens of seconds in a debug build; they are checked
    /// by scripts/games/compare.sh and the benchmark on the release build.)
    /// Counts Gambit's enumpoly missed (docs/games.md, "The sample games"): all isolated equilibria found,
    /// each with regret within tolerance, and the pure ones agree with enumpure.
    @Test(arguments: [("coord3.nfg", 7), ("sh3.nfg", 3), ("2x2x2.nfg", 9), ("2x2.nfg", 1), ("pd.nfg", 1)])
    func findsEveryIsolatedEquilibrium(_ name: String, _ count: Int) throws {
        let g = try Reference.nfg(name)
        let r = try SupportEnumeration.solve(g)
        #expect(r.equilibria.count == count, "\(name): \(r.equilibria.map(\.description))")
        for e in r.equilibria { #expect(g.maxRegret(e) <= 1e-8 * g.payoffRange.doubleValue) }
        let pure = try EnumPure.solve(g).map { MixedProfile<Double>.pure($0, counts: g.strategyCounts) }
        for p in pure { #expect(r.equilibria.contains { SupportEnumeration.close($0, p) }) }
    }

    /// Two-player games: the same equilibria as the exact vertex enumeration (non-degenerate games).
    @Test func agreesWithEnumMixedOnCoord3() throws {
        let g = try Reference.nfg("coord3.nfg")
        let exact = try EnumMixed.solve(g).map(\.doubles)
        let r = try SupportEnumeration.solve(g)
        for e in exact { #expect(r.equilibria.contains { SupportEnumeration.close($0, e) }) }
    }
}
