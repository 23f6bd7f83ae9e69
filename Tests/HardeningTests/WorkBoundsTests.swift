import CLISupport
import Foundation
import Scenario
import Testing

/// H3–H5 (issue 18): requests within every single limit whose products took unbounded time
/// or memory.
@Suite("Work bounds", .enabled(if: fulcrumBinary != nil, "the fulcrum binary is built beside the tests"))
struct WorkBoundsTests {
    /// H3: displace --threads 100000 ran 10 minutes at 3.2 GB; every command caps it as run does.
    @Test func threadsAreCappedForEveryCommand() throws {
        for args in [["displace", fleeValley.path], ["run", twoBranch.path, "--no-store"], ["backtest", twoBranch.path]] {
            let r = try fulcrum(args + ["--threads", "100000"], timeout: 60)
            #expect(r.status == 1 && r.err.contains("--threads 100000 is more than 4096"), "\(args[0]): \(r.err.prefix(300))")
            let z = try fulcrum(args + ["--threads", "0"], timeout: 60)
            #expect(z.status == 1 && z.err.contains("--threads must be at least 1"), "\(args[0]): \(z.err.prefix(300))")
        }
    }

    /// H4: displace --format json built the whole document (~170 bytes a location-day) in
    /// memory; it is now written a day at a time, as the same document.
    @Test func displaceJSONIsTheWholeDocumentWrittenADayAtATime() throws {
        let j = try fulcrum(["displace", fleeValley.path, "--format", "json"], timeout: 60)
        #expect(j.status == 0, "\(j.err)")
        let doc = try #require(try JSONSerialization.jsonObject(with: Data(j.out.utf8)) as? [String: Any])
        #expect(Set(doc.keys) == ["days", "locations", "meta", "personDaysOverCapacity"])
        let days = try #require(doc["days"] as? [[String: Any]])
        #expect(days.count == 40)
        #expect(days.map { $0["day"] as? Int } == (0..<40).map { $0 })
        // Keys in sorted order, as the encoder writes a whole document, and each day's total
        // is the sum of its places and the people in transit.
        #expect(j.out.hasPrefix("{\n  \"days\" : [\n    {\n      \"date\" : \"2018-09-07\""))
        #expect(j.out.contains("\n  ],\n  \"locations\" : ["))
        for d in days {
            let places = (d["population"] as? [String: Int] ?? [:]).values.reduce(0, +)
            #expect(places + (d["inTransit"] as? Int ?? -1) == d["total"] as? Int)
        }
        let t = try fulcrum(["displace", fleeValley.path], timeout: 60)
        #expect(t.out.contains("people at end: \(days.last?["total"] as? Int ?? -1) "), "\(t.out)")
    }

    /// H5: --samples and --horizon were bounded one at a time; each sample keeps every
    /// schedule's people per day (~0.9 MB a sample at 36,500 days).
    @Test func samplesTimesDaysIsBounded() throws {
        let r = try fulcrum(["run", twoBranch.path, "--no-store", "--samples", "1000000", "--horizon", "36500"], timeout: 60)
        #expect(r.status == 1 && r.err.contains("daily figures to keep"), "\(r.err.prefix(300))")
        let ok = try fulcrum(["run", twoBranch.path, "--no-store", "--samples", "3", "--horizon", "36500"], timeout: 300)
        #expect(ok.status == 0, "\(ok.err.prefix(300))")
    }

    /// H6: a node of 10,000 actions took 141 s for one sample: the pivot analysis solves the
    /// whole game once per forcible choice, so the work grows with the square of a wide tree.
    /// Its product is bounded at validation; the built-in scenario is far within it.
    @Test func aTreeTooWideForThePivotAnalysisIsRefused() throws {
        let actions = (0..<10_000).map { "        a\($0): {label: A\($0), set: {offensive: none}}\n" }.joined()
        let wide = try editedCopy(of: twoBranch, ["scenario.yaml": { $0.replacingOccurrences(of: "        hold: {label: Hold, set: {offensive: none}}\n", with: "        hold: {label: Hold, set: {offensive: none}}\n" + actions) }])
        let v = try fulcrum(["validate", wide.path], timeout: 120)
        #expect(v.status == 1 && v.out.contains("10002 choices a player can be forced to × 10003 nodes is more than 2000000"), "\(v.out.suffix(400))")
        let idlib = try Scenario.builtIn()
        let nodes = idlib.tree.nodes
        let forcible = Set(nodes.flatMap { n -> [String] in
            guard case .decision(let p) = n.kind else { return [] }
            return n.branches.map { "\(p) \($0.id)" }
        })
        #expect(forcible.count * nodes.count < ScenarioLimits.maxPivotWork / 100)
    }

    /// H6: 2,000 uncertain parameters no chance branch used took 191 s for five samples (each
    /// is drawn and swept, and every what-if walked the tree once per parameter). A parameter
    /// with no effect is refused.
    @Test func aParameterNoBranchUsesIsRefused() throws {
        let f = try editedCopy(of: twoBranch, ["scenario.yaml": { $0.replacingOccurrences(of: "actors:\n", with: "parameters:\n  unused: {distribution: uniform, min: 0, max: 1, source: note:header}\n\nactors:\n") }])
        let v = try fulcrum(["validate", f.path], timeout: 60)
        #expect(v.status == 1 && v.out.contains("parameters.unused: no chance branch or formula uses parameter 'unused', so it would have no effect"), "\(v.out.prefix(400))")
    }

    /// H6: a geography's derived populations and great-circle distances were worked out one
    /// place at a time, each summing every weight or searching every place: validating 5,005
    /// places took 10.5 s (0.7 s now, debug build), 100,000 would take hours, and every run's
    /// samples paid it again. All of them at once give what one at a time gives.
    @Test func amountsAndDistancesAtOnceAreTheOneAtATimeValues() throws {
        let s = try #require(Scenario.validate(directory: toyValley).scenario)
        for g in [s.geography, s.nominal.geography] {
            #expect(g.amounts == g.locations.map { g.amount(of: $0) })
            #expect(g.distances.elementsEqual(g.routes.map { g.distance(of: $0) }) { $0 == $1 || ($0.isNaN && $1.isNaN) })
            #expect(g.amounts.contains { $0 > 0 } && g.distances.allSatisfy(\.isFinite))
        }
    }
}

/// Formulas (the mechanism language) at the edges of their limits.
@Suite("Formula bounds")
struct FormulaBoundsTests {
    static let deaths = "formula: conflict_intensity_days * deaths_per_intensity_day"

    static func withFormula(_ formula: String) throws -> URL {
        try editedCopy(of: toyValley, ["scenario.yaml": { s in
            #expect(s.contains(deaths))
            return s.replacingOccurrences(of: deaths, with: "formula: \(formula)")
        }])
    }

    /// A chain `a + b + c + …` parses in a loop but makes a tree one level deeper per term,
    /// which the checker walks recursively: 2,450 terms (9.8 KB, under the length limit)
    /// overflowed the stack of `validate`. A chain counts against the nesting depth.
    @Test func aLongChainIsRefusedAndGroupingWorks() throws {
        let chain = Array(repeating: "0", count: 2_450).joined(separator: " + ")
        try expectRefused(try Self.withFormula("conflict_intensity_days * (deaths_per_intensity_day + \(chain))"),
                          "mechanisms.deaths.formula: the formula chains or nests more than 64 operations deep")
        // The same kind of sum in groups of eight stays shallow and validates.
        let grouped = (0..<8).map { _ in "(" + Array(repeating: "0", count: 8).joined(separator: " + ") + ")" }.joined(separator: " + ")
        let v = try fulcrum(["validate", try Self.withFormula("conflict_intensity_days * (deaths_per_intensity_day + \(grouped))").path], timeout: 60)
        #expect(v.status == 0, "\(v.out.prefix(400))")
    }

    /// A 36 KB one-line formula is refused for its length; locating its characters in the
    /// file summed each line from its start per character and took 2.5 minutes first.
    @Test func aVeryLongFormulaIsRefusedForItsLength() throws {
        let chain = Array(repeating: "1", count: 9_000).joined(separator: " + ")
        try expectRefused(try Self.withFormula("conflict_intensity_days * (deaths_per_intensity_day + 0 * (\(chain)))"),
                          "the formula is 36058 characters long")
    }
}
