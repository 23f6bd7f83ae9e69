import BoundedInput
import CLISupport
import Foundation
import Testing
import Scenario

/// C4, C5 and U6 (issue 18): ids and scale points that are one to Fulcrum and two to YAML,
/// control characters in text, and routes from a place to itself.
@Suite("Ids, text and routes", .enabled(if: fulcrumBinary != nil, "the fulcrum binary is built beside the tests"))
struct DuplicateIdTests {

    /// C4: two anchors on one scale point (0: and 0.0:) trapped run and forecast.
    @Test func anchorsOnOneScalePointAreADuplicate() throws {
        try expectRefused(try editedCopy(of: toyValley, ["scenario.yaml": { $0.replacingOccurrences(of: "      100: the capital rules the valley", with: "      100: the capital rules the valley\n      1e2: the capital again") }]),
                          "[duplicateId] issues.valley.anchors.1e2: anchor '1e2' is scale point 100 again")
    }

    /// C5: `7:` and `"7":` are two keys to Yams, one id to Fulcrum: duplicate players trapped
    /// run; duplicate actors passed silently.
    @Test func idsThatDifferOnlyInYAMLTypeAreDuplicates() throws {
        let seven = "  7:\n    name: Seven\n    kind: population\n    capability: 5\n    source: story:P3\n"
        let f = try editedCopy(of: toyValley, ["scenario.yaml": { $0.replacingOccurrences(of: "  villagers:\n", with: seven + seven.replacingOccurrences(of: "  7:", with: "  \"7\":") + "  villagers:\n") }])
        try expectRefused(f, "[duplicateId] actors.7: duplicate key(s) 7 in one mapping")
    }

    /// U6: a NUL in a title, a route from a place to itself.
    @Test func controlCharactersAndSelfLoopsAreRefused() throws {
        try expectRefused(try editedCopy(of: toyValley, ["scenario.yaml": { $0.replacingOccurrences(of: "title: The valley standoff (toy example)", with: "title: \"The valley\\0 standoff\"") }]),
                          "metadata.title: the text holds the control character U+0000")
        try expectRefused(try editedCopy(of: toyValley, ["routes.csv": { $0 + "Ford,Ford,3,0\n" }]), "a route from 'Ford' to itself")
        try expectRefused(try editedCopy(of: toyValley, ["locations.csv": { $0.replacingOccurrences(of: "Ford,South", with: "Fo\u{1}rd,South") }]),
                          "locations.csv:4:3: error [wrongType]")
    }

    /// U6: a what-if day that rounds past the horizon (29.6 of a 30-day run: day 30) was
    /// accepted and the zone silently never began; 1e300 trapped converting it to a day.
    @Test func whatIfDaysStayWithinTheHorizon() throws {
        let path = "conflict_schedules.assault_with_air.Hilltown.from_day"   // a zone with no until_day
        for v in ["29.6", "1e300"] {
            let r = try fulcrum(["run", toyValley.path, "--samples", "2", "--no-store", "--set", "\(path)=\(v)"], timeout: 120)
            #expect(r.status == 1 && r.err.contains("is outside the allowed range [0, 29]"), "\(v): \(r.err.prefix(300))")
        }
        let ok = try fulcrum(["run", toyValley.path, "--samples", "2", "--no-store", "--set", "\(path)=28.6"], timeout: 120)
        #expect(ok.status == 0, "\(ok.err.prefix(300))")
    }
}
