import BoundedInput
import CLISupport
import Foundation
import Testing
@testable import Bargaining
import Games
import Displacement
import Scenario

/// Every class of bad input in docs/hostile-input.md gets a clear error naming
/// the file (and line/field where there is one), exit 1 (a bad command line
/// too: see ExitStatusTests), bounded time and memory, and no output.
@Suite("Hostile input: scenario folders", .enabled(if: fulcrumBinary != nil, "the fulcrum binary is built beside the tests"))
struct HostileScenarioTests {
    @Test func yamlAliasBombIsRefusedAtOnce() throws {
        // 9^10 ≈ 3.5e9 nodes if expanded; used as mapping keys it made Yams hash
        // the expansion (a hang before this guard).
        let f = try editedCopy(of: toyValley, ["scenario.yaml": { _ in aliasBomb() + "metadata: {*a9: 1, *a8: 2}\n" }])
        try expectRefused(f, "alias bomb")
    }

    @Test func deeplyNestedYAMLIsRefused() throws {
        let deep = "metadata: " + String(repeating: "[", count: 500) + String(repeating: "]", count: 500) + "\n"
        try expectRefused(try editedCopy(of: toyValley, ["scenario.yaml": { _ in deep }]), "nesting deeper than 64")
        let deeper = "metadata: " + String(repeating: "[", count: 100_000) + "\n"
        try expectRefused(try editedCopy(of: toyValley, ["scenario.yaml": { _ in deeper }]), "scenario.yaml:1:")
    }

    @Test func complexYAMLKeysAreRefused() throws {
        let f = try editedCopy(of: toyValley, ["scenario.yaml": { $0 + "metadata: {? [a, b] : 1}\n" }])
        try expectRefused(f, "a mapping key that is a list or a mapping")
    }

    @Test func oneGigabyteScenarioIsRefusedUnread() throws {
        // A sparse file: 1 GiB long, no disk used; refused on its size before reading.
        let f = try editedCopy(of: toyValley)
        let h = try FileHandle(forWritingTo: f.appendingPathComponent("scenario.yaml"))
        try h.truncate(atOffset: 1 << 30); try h.close()
        try expectRefused(f, "scenario.yaml is 1.0 GiB, larger than the 16.0 MiB limit")
    }

    @Test func deviceAndOutsidePathsAreRefused() throws {
        // A directory has no contents; /dev/zero (a device, read like a pipe) is
        // refused once it passes the size limit (PipedInputTests, lowered limits).
        let z = try editedCopy(of: toyValley)
        try FileManager.default.removeItem(at: z.appendingPathComponent("locations.csv"))
        try FileManager.default.createDirectory(at: z.appendingPathComponent("locations.csv"), withIntermediateDirectories: false)
        try expectRefused(z, "locations.csv is a directory, not a file, pipe or device")
        let t = try editedCopy(of: toyValley, ["scenario.yaml": { $0.replacingOccurrences(of: "\ngeography:\n", with: "\ngeography:\n  locations_file: ../../etc/passwd\n") }])
        try expectRefused(t, "is outside the scenario folder")
    }

    @Test func binaryAndTruncatedFilesAreRefused() throws {
        var bytes = [UInt8](repeating: 0, count: 4096)
        var x: UInt32 = 12345
        for i in bytes.indices { x = x &* 1664525 &+ 1013904223; bytes[i] = UInt8(truncatingIfNeeded: x >> 24) }
        let b = try editedCopy(of: toyValley)
        try Data(bytes).write(to: b.appendingPathComponent("scenario.yaml"))
        try expectRefused(b, "scenario.yaml is not UTF-8 text")
        // Cut inside a flow mapping, so the rest of the file is missing mid-value.
        let t = try editedCopy(of: toyValley, ["scenario.yaml": { String($0[..<$0.range(of: "capability: {value: 1")!.upperBound]) }])
        try expectRefused(t, "YAML syntax")
    }

    @Test func adversarialValuesAreRefused() throws {
        try expectRefused(try editedCopy(of: toyValley, ["scenario.yaml": { $0.replacingOccurrences(of: "probability: p_truce_holds", with: "probability: 1.0000001") }]),
                          "tree.nodes.truce.holds.probability: probability 1.0000001 is outside the allowed range")
        try expectRefused(try editedCopy(of: toyValley, ["scenario.yaml": { $0.replacingOccurrences(of: "next: patron", with: "next: capital") }]),
                          "[cycle] tree.nodes.capital.attack.next")
        try expectRefused(try editedCopy(of: toyValley, ["scenario.yaml": { $0.replacingOccurrences(of: "actors:\n  capital:", with: "actors:\n  capital:\n    name: X\n    kind: state\n  capital:") }]),
                          "duplicate key(s) capital")
        try expectRefused(try editedCopy(of: toyValley, ["locations.csv": { $0.replacingOccurrences(of: ",40000\n", with: ",nan\n") }]),
                          "locations.csv:2:45: error [nonFinite]")
        try expectRefused(try editedCopy(of: toyValley, ["locations.csv": { $0.replacingOccurrences(of: ",40000\n", with: ",-40000\n") }]),
                          "population -40000 is negative")
        try expectRefused(try editedCopy(of: toyValley, ["locations.csv": { $0.replacingOccurrences(of: ",40000\n", with: ",1e300\n") }]),
                          "population 1e300 is out of range; expected at most 10000000000")
        try expectRefused(try editedCopy(of: toyValley, ["locations.csv": { $0 + "Hilltown,North,Valleyland,35.10,36.10,town,,40000\n" }]),
                          "location 'Hilltown' is defined twice")
    }

    @Test func absurdRunRequestsAreRefusedBeforeAllocating() throws {
        for args in [["--samples", "1000000000000"], ["--horizon", "100000000000"], ["--threads", "1000000"]] {
            let r = try fulcrum(["run", twoBranch.path] + args, timeout: 30)
            #expect(r.status == 1, "\(args): \(r.err)")
            #expect(r.err.contains(args[0]), "\(r.err)")
        }
        let h = try editedCopy(of: twoBranch, ["scenario.yaml": { $0.replacingOccurrences(of: "horizon_days: 10", with: "horizon_days: 100000000") }])
        let v = try fulcrum(["validate", h.path])
        #expect(v.status == 1 && v.out.contains("metadata.horizon_days: horizon 100000000 days is longer than 36500"), "\(v.err)")
    }
}

/// The size and count guards, tested with lowered limits so no test builds a
/// million-row table (the real-size cases are in scripts/fuzz/hostile-big.sh).
struct ScenarioLimitTests {
    @Test func aMillionLocationsIsRefusedByTheRowLimit() throws {
        var limits = ScenarioLimits(); limits.maxLocations = 4
        let r = Scenario.validate(directory: toyValley, limits: limits)
        #expect(r.scenario == nil)
        #expect(r.diagnostics.contains { $0.file == "locations.csv" && $0.kind == .outOfRange && $0.message.contains("more than 4 data rows") })
        #expect(Scenario.validate(directory: toyValley).scenario != nil)
    }

    @Test func tableAndYAMLSizeLimits() throws {
        var limits = ScenarioLimits(); limits.maxTableBytes = 100
        #expect(Scenario.validate(directory: toyValley, limits: limits).diagnostics.contains { $0.message.contains("larger than the 100 bytes limit") })
        limits = ScenarioLimits(); limits.maxYAMLBytes = 1000
        #expect(Scenario.validate(directory: toyValley, limits: limits).diagnostics.first?.message.contains("larger than the 1000 bytes limit") == true)
    }

    @Test func expansionLimitCountsAliasesNotText() throws {
        // The toy scenario (no aliases) has a few hundred nodes; an alias of a
        // 10-item list used 30 times is ~330 expanded nodes in little text.
        var limits = ScenarioLimits(); limits.maxExpandedNodes = 300
        let f = try editedCopy(of: toyValley, ["scenario.yaml": { _ in
            "a: &x [1,2,3,4,5,6,7,8,9,10]\nb: [" + Array(repeating: "*x", count: 30).joined(separator: ",") + "]\n" }])
        #expect(Scenario.validate(directory: f, limits: limits).diagnostics.first?.message.contains("alias bomb") == true)
        #expect(Scenario.validate(directory: f).diagnostics.first?.message.contains("alias bomb") == false)
    }

    @Test func diagnosticsAreCapped() throws {
        var limits = ScenarioLimits(); limits.maxDiagnostics = 10
        let rows = (0..<50).map { "P\($0),R,C,x,y,town,,1\n" }.joined()
        let f = try editedCopy(of: toyValley, ["locations.csv": { $0 + rows }])
        let d = Scenario.validate(directory: f, limits: limits).diagnostics
        #expect(d.count == 10)
        #expect(d.last?.message.contains("more problem(s) not listed") == true)
    }
}

@Suite("Hostile input: displace and forecast", .enabled(if: fulcrumBinary != nil, "the fulcrum binary is built beside the tests"))
struct HostileEngineInputTests {
    @Test func displaceRefusesBadTablesWithoutWritingOutput() throws {
        let cases: [(String, (String) -> String, String)] = [
            ("locations.csv", { $0.replacingOccurrences(of: ",40000\n", with: ",nan\n") }, "locations.csv"),
            ("routes.csv", { $0 + "Hilltown,Nowhere,5,0\n" }, "Nowhere"),
            ("simsetting.yml", { _ in aliasBomb() }, "alias bomb"),
            ("simsetting.yml", { _ in String(repeating: "- ", count: 200) + "x\n" }, "nesting deeper than 64"),
            ("simsetting.yml", { _ in "? [move_rules]\n: 1\n" }, "a mapping key that is a list or a mapping"),
        ]
        for (file, edit, needle) in cases {
            let f = try editedCopy(of: fleeValley, [file: edit])
            let out = f.deletingLastPathComponent().appendingPathComponent("out")
            let r = try fulcrum(["displace", f.path, "--out", out.path], timeout: 30)
            #expect(r.status == 1, "\(file): \(r.err)")
            #expect(r.err.contains(needle), "\(file): \(r.err)")
            #expect(!FileManager.default.fileExists(atPath: out.path), "\(file)")
        }
        let z = try editedCopy(of: fleeValley)
        try FileManager.default.removeItem(at: z.appendingPathComponent("routes.csv"))
        try FileManager.default.createDirectory(at: z.appendingPathComponent("routes.csv"), withIntermediateDirectories: false)
        let r = try fulcrum(["displace", z.path], timeout: 30)
        #expect(r.status == 1 && r.err.contains("routes.csv: is a directory, not a file, pipe or device"), "\(r.err)")
        // One location over the limit (100,000): refused with the line, before any model is built.
        let many = (0..<100_001).map { "P\($0),R,Valleyland,35.0,36.0,town,,10\n" }.joined()
        let m = try editedCopy(of: fleeValley, ["locations.csv": { $0 + many }])
        let mr = try fulcrum(["displace", m.path], timeout: 60)
        #expect(mr.status == 1 && mr.err.contains("locations.csv:100002: more than 100000 locations"), "\(mr.err)")
        let d = try fulcrum(["displace", fleeValley.path, "--days", "10000000"], timeout: 30)
        #expect(d.status == 1 && d.err.contains("longer than 36500"), "\(d.err)")
    }

    @Test func forecastRefusesBadFiles() throws {
        let tmp = try tempFolder(); defer { try? FileManager.default.removeItem(at: tmp) }
        let big = tmp.appendingPathComponent("big.csv")
        FileManager.default.createFile(atPath: big.path, contents: nil)
        let h = try FileHandle(forWritingTo: big); try h.truncate(atOffset: 1 << 30); try h.close()
        let bomb = tmp.appendingPathComponent("bomb.xml")
        var xml = "<?xml version=\"1.0\"?>\n<!DOCTYPE lolz [\n<!ENTITY lol \"lol\">\n"
        for i in 1...9 { xml += "<!ENTITY lol\(i) \"" + String(repeating: "&lol\(i == 1 ? "" : String(i - 1));", count: 10) + "\">\n" }
        xml += "]>\n<Scenario><name>&lol9;</name></Scenario>\n"
        try xml.write(to: bomb, atomically: true, encoding: .utf8)
        let nanTable = tmp.appendingPathComponent("nan.csv")
        try "actor,capability,position,salience\nA,nan,20,50\nB,30,80,60\n".write(to: nanTable, atomically: true, encoding: .utf8)
        for (args, needle) in [(["--ktab", big.path], "larger than"), (["--ktab", bomb.path], "bomb.xml"),
                               (["--table", nanTable.path], "nan.csv"), (["--ktab", "/dev/zero"], "/dev/zero")] {
            let prefix = tmp.appendingPathComponent("out").path
            let r = try fulcrum(["forecast"] + args + ["--csv", prefix], timeout: 30)
            #expect(r.status == 1, "\(args): \(r.err)")
            #expect(r.err.contains(needle), "\(args): \(r.err)")
            #expect(try FileManager.default.contentsOfDirectory(atPath: tmp.path).filter { $0.hasPrefix("out") }.isEmpty)
        }
    }
}

/// Inputs the fuzzers found crashing a reader; each must now be a clean error.
struct FuzzRegressionTests {
    /// FuzzKTAB: bytes 0xFF inside an element name made FoundationXML trap
    /// (Illegal instruction in _NSXMLParserStartElementNs).
    @Test func ktabXMLWithInvalidUTF8InAnElementName() throws {
        let data = try Data(contentsOf: testsRoot.appendingPathComponent("Fixtures/fuzz-ktab-invalid-utf8-element.xml"))
        #expect(throws: BargainingError.self) { try KTABReader.readXML(data: data, file: "crash.xml") }
        do { _ = try KTABReader.readXML(data: data, file: "crash.xml") } catch let e as BargainingError {
            #expect("\(e)".contains("crash.xml") && "\(e)".contains("UTF-8"), "\(e)")
            if case let .input(_, line, _, _) = e { #expect(line == 6) }
        }
    }
}

extension FuzzRegressionTests {
    /// FuzzKTAB: `<?xVictoryProrModel?>` (a processing instruction with no data)
    /// made FoundationXML call strlen(NULL) and segfault.
    @Test func ktabXMLWithEmptyProcessingInstruction() throws {
        let raw = try Data(contentsOf: testsRoot.appendingPathComponent("Fixtures/fuzz-ktab-empty-processing-instruction.bin"))
        let data = raw.dropFirst()   // the harness's first byte picks the reader
        do { _ = try KTABReader.readXML(data: Data(data), file: "crash.xml"); Issue.record("expected an error") } catch let e as BargainingError {
            #expect("\(e)".contains("processing instructions"), "\(e)")
        }
        // A normal declaration is still fine.
        #expect(throws: Never.self) { try KTABReader.refuseUnsafeXML(Data("<?xml version=\"1.0\"?>\n<Scenario/>".utf8), file: "ok.xml") }
    }
}

extension FuzzRegressionTests {
    /// FuzzScenario: a locations.csv header with fewer than eight columns let rows
    /// of the same short width through, and the loader indexed past their end.
    /// FuzzScenario: a routes.csv header shorter than four columns with a row of
    /// five cells made the attribute loop build the range 4..<2 and trap.
    @Test(arguments: ["fuzz-scenario-short-header.bin", "fuzz-scenario-short-routes-header.bin"])
    func scenarioTablesWithAShortHeader(fixture: String) throws {
        let raw = try Data(contentsOf: testsRoot.appendingPathComponent("Fixtures/" + fixture))
        let parts = raw.split(separator: 0x1E, omittingEmptySubsequences: false)
        let folder = try tempFolder(); defer { try? FileManager.default.removeItem(at: folder) }
        for (i, name) in ["scenario.yaml", "locations.csv", "routes.csv", "closures.csv"].enumerated() where i < parts.count {
            try Data(parts[i]).write(to: folder.appendingPathComponent(name))
        }
        let r = Scenario.validate(directory: folder)
        #expect(r.scenario == nil)
        // And the plain case, on a valid scenario: a four-column header and rows.
        let short = try editedCopy(of: toyValley, ["locations.csv": { _ in "#name,region,country,latitude\nHilltown,North,Valleyland,35.1\n" }])
        let d = Scenario.validate(directory: short).diagnostics
        #expect(d.contains { $0.file == "locations.csv" && $0.kind == .columnCount && $0.line == 2 }, "\(d)")
    }
}

extension FuzzRegressionTests {
    /// FuzzScenario: 9.6 KB of nested complex keys (`? ? - ? -` …) made Yams' duplicate-key
    /// check sort keys with a comparison that recurses into both sides at every level: from
    /// 20 ms to minutes, depending on the process's hash seed. Such keys are now refused
    /// before Yams composes the document.
    @Test func scenarioYAMLWithNestedComplexKeys() throws {
        let raw = try Data(contentsOf: testsRoot.appendingPathComponent("Fixtures/fuzz-scenario-nested-complex-keys.bin"))
        let r = Scenario.validate(files: ["scenario.yaml": raw])
        #expect(r.scenario == nil)
        #expect(r.diagnostics.first?.message.contains("a mapping key that is a list or a mapping") == true, "\(r.diagnostics.prefix(3))")
    }

    /// Which keys the YAML pre-scan refuses, with the position it names.
    @Test func yamlKeysMustBeSingleValues() {
        let refused: [(String, Int)] = [
            ("? [a, b]\n: 1\n", 1),
            ("x: {[y]: 1}\n", 1),
            ("x:\n  ? {a: 1}\n  : 2\n", 2),
            ("? - ? - a\n", 1),
            ("a: &k [1, 2]\nb: {*k : 3}\n", 2),
        ]
        for (text, line) in refused {
            let p = YAMLBounds.problem(in: text, maxDepth: 64, maxExpandedNodes: 1_000)
            #expect(p?.line == line && p?.message.contains("keys must be single values") == true, "\(text): \(String(describing: p))")
        }
        let accepted = ["a: 1\nb: [1, {c: 2}]\n", "? a\n: 1\n", "k: &s v\n*s : 2\n", "- {a: [1, {b: 2}]}\n- [x, {y: z}]\n",
                        "a: {b: {c: [d]}}\ne: f\n"]
        for text in accepted {
            #expect(YAMLBounds.problem(in: text, maxDepth: 64, maxExpandedNodes: 1_000) == nil, "\(text)")
        }
    }
}

/// Decision trees that are too big or too deep for the recursive game builder.
struct TreeSizeTests {
    /// two-branch with its one decision replaced by a chain of `n` nodes.
    func chain(_ n: Int) throws -> URL {
        try editedCopy(of: twoBranch, ["scenario.yaml": { s in
            var nodes = ""
            for i in 0..<n {
                nodes += "    n\(i):\n      player: capital\n      actions:\n"
                nodes += i < n - 1 ? "        go: {label: Go, next: n\(i + 1)}\n"
                    : "        hold: {label: Hold, set: {offensive: none}}\n        attack: {label: Attack, set: {offensive: full, air_support: true}}\n"
            }
            let start = s.range(of: "tree:")!.lowerBound, end = s.range(of: "conflict_schedules:")!.lowerBound
            return s.replacingCharacters(in: start..<end, with: "tree:\n  root: n0\n  source: note:header\n  nodes:\n" + nodes + "\n")
        }])
    }

    @Test func deepAndHugeTreesAreRefused() throws {
        #expect(Scenario.validate(directory: try chain(ScenarioLimits.maxTreeDepth)).scenario != nil)
        let deep = Scenario.validate(directory: try chain(ScenarioLimits.maxTreeDepth + 1)).diagnostics
        #expect(deep.contains { $0.path == "tree.root" && $0.message.contains("201 decisions deep, more than 200") }, "\(deep)")
        // 60,000 nodes overflowed the stack before the count limit.
        let huge = Scenario.validate(directory: try chain(60_000)).diagnostics
        #expect(huge.contains { $0.path == "tree.nodes" && $0.message.contains("60000 tree nodes, more than 2000") }, "\(huge)")
    }

    @Test(.enabled(if: fulcrumBinary != nil)) func theDeepestAllowedTreeRuns() throws {
        let r = try fulcrum(["run", try chain(ScenarioLimits.maxTreeDepth).path, "--samples", "3"], timeout: 60)
        #expect(r.status == 0, "\(r.err.prefix(500))")
    }
}

extension FuzzRegressionTests {
    /// FuzzKTAB: `<?xml vers…<?mximl…?>` — an unterminated declaration hid a
    /// processing instruction from the pre-check, and FoundationXML segfaulted on it.
    @Test func ktabXMLWithAProcessingInstructionInsideABrokenDeclaration() throws {
        let raw = try Data(contentsOf: testsRoot.appendingPathComponent("Fixtures/fuzz-ktab-pi-inside-declaration.bin"))
        do { _ = try KTABReader.readXML(data: Data(raw.dropFirst()), file: "crash.xml"); Issue.record("expected an error") } catch let e as BargainingError {
            #expect("\(e)".contains("processing instructions"), "\(e)")
        }
    }
}

extension FuzzRegressionTests {
    /// The same trap in locations.csv's attribute columns (found reading the code
    /// after the routes.csv crash): a header shorter than 8 and a row longer than 8.
    @Test func locationsWithShortHeaderAndLongRow() throws {
        let f = try editedCopy(of: toyValley, ["locations.csv": { _ in "#name,region\nHilltown,North,Valleyland,35.10,36.10,town,,40000,x,y\n" }])
        let d = Scenario.validate(directory: f).diagnostics
        #expect(d.contains { $0.file == "locations.csv" && $0.kind == .columnCount })
    }
}

extension FuzzRegressionTests {
    /// FuzzGambit: a payoff `1.1310E023000` made the exact-rational reader build a
    /// 76,000-bit integer and reduce it by binary GCD (a second per number; a
    /// timeout under load); `1E999999` would have taken hours. Numbers beyond
    /// ±1000 in exponent or 1000 characters are now refused at their position.
    @Test func gambitNumbersWithHugeExponents() throws {
        let start = Date()
        _ = try gambitArtifactError("fuzz-gambit-huge-exponent.nfg")
        let nfg = { (payoff: String) in "NFG 1 R \"x\" { \"1\" \"2\" } { 1 1 }\n\(payoff) 0\n" }
        let e = try #require(throws: GameFileError.self) { try AnyGame.parse(nfg("1E999999"), file: "big.nfg") }
        #expect(e.line == 2 && e.column == 1 && e.message.contains("beyond ±1000"), "\(e)")
        #expect(throws: GameFileError.self) { try AnyGame.parse(nfg("1e-5000"), file: "small.nfg") }
        #expect(throws: GameFileError.self) { try AnyGame.parse(nfg(String(repeating: "9", count: 1001)), file: "long.nfg") }
        #expect(Date().timeIntervalSince(start) < 5)
        // Within the bounds, still exact.
        guard case .normal(let g) = try AnyGame.parse(nfg("1E300"), file: "ok.nfg") else { Issue.record("not a table"); return }
        #expect(g.nfgText().contains("1" + String(repeating: "0", count: 300)))
    }

    /// FuzzGambit: a 4 KB `.efg` (a holdout game's text, mutated) whose chance probabilities
    /// are numbers of hundreds of digits, not summing to 1: the reader summed them twice and
    /// wrote the exact sum, a fraction of thousands of digits, into the message, over 10 s
    /// under the sanitizer (a timeout). Now the sum is made once, within the file's
    /// exact-arithmetic budget, and shown as a decimal (1.2 s under the sanitizer).
    @Test func gambitChanceSumsOfLongNumbers() throws {
        let e = try gambitArtifactError("fuzz-gambit-long-chance-sum.efg")
        #expect(e.line == 4 && e.message == "chance probabilities of information set 1 sum to about 3.844444444444478, not exactly 1", "\(e)")
    }

    /// FuzzGambit, on a faster gcd before it landed: when Lehmer's method settled a single
    /// quotient from the leading bits, one cofactor was 0 and the other positive, a sign case
    /// the update did not expect; it subtracted and trapped. Reducing 9/10 + 3/1444…4 hits it.
    @Test func gambitGCDOfASingleSettledQuotient() throws {
        let e = try gambitArtifactError("fuzz-gambit-lehmer-one-step.efg")
        #expect(e.line == 4 && e.message == "chance probabilities of information set 1 sum to about 0.8999999999999999, not exactly 1", "\(e)")
    }

    /// FuzzGambit: a chance node whose probabilities have ever longer denominators (82/55…54)
    /// took 1.9 s under the sanitizer within the old budget of 5,000,000 word operations, and
    /// over 10 s (a timeout) with both cores busy. The budget is now 1,000,000 (0.5 s in a debug
    /// build for this file), and a sum too large for a Double is no longer shown as "about inf".
    @Test func gambitChanceSumOfEverLongerDenominators() throws {
        let e = try gambitArtifactError("fuzz-gambit-chance-sum-budget.efg")
        #expect(e.line == 4 && e.message.hasPrefix("reading the file needs more exact arithmetic than 1000000 word operations"), "\(e)")
        let huge = "1" + String(repeating: "0", count: 310)
        let efg = "EFG 2 R \"\" { \"P\" }\nc \"\" 1 \"\" { \"a\" \(huge) \"b\" 0 } 0\nt \"\" 1 \"\" { 1 }\nt \"\" 2 \"\" { 0 }\n"
        let h = try #require(throws: GameFileError.self) { try AnyGame.parse(efg, file: "huge.efg") }
        #expect(h.message == "chance probabilities of information set 1 sum to more than 1.7976931348623157e+308, not exactly 1", "\(h)")
    }

    /// The error a FuzzGambit artifact gets, read as the harness reads it (bytes decoded as
    /// UTF-8, invalid ones replaced); a missing error fails the calling test.
    func gambitArtifactError(_ fixture: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) throws -> GameFileError {
        let data = try Data(contentsOf: testsRoot.appendingPathComponent("Fixtures/" + fixture))
        return try #require(throws: GameFileError.self, sourceLocation: sourceLocation) {
            try AnyGame.parse(String(decoding: data, as: UTF8.self), file: fixture)
        }
    }
}
