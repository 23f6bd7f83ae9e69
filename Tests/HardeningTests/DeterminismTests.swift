import CLISupport
import Foundation
import Testing
import Bargaining
import Crisis
import Games
import Scenario

/// Same inputs and seed give the same bytes, run after run and whatever the
/// thread count: every engine, and the CLI end to end on small fixtures.
@Suite("Determinism", .enabled(if: fulcrumBinary != nil, "the fulcrum binary is built beside the tests"))
struct DeterminismTests {
    /// `fulcrum run --out`: every output file byte-identical with 1 and 2 threads
    /// and on a repeat, and stdout JSON identical; a different seed differs.
    @Test func runOutputsAreByteIdentical() throws {
        let tmp = try tempFolder(); defer { try? FileManager.default.removeItem(at: tmp) }
        func run(_ name: String, threads: Int, seed: Int = 7) throws -> (files: [String: Data], stdout: String) {
            let out = tmp.appendingPathComponent(name)
            let r = try fulcrum(["run", twoBranch.path, "--samples", "120", "--seed", "\(seed)", "--threads", "\(threads)",
                                 "--out", out.path, "--format", "json", "--no-store"])
            #expect(r.status == 0, "\(r.err)")
            return (try snapshot(out), r.out)
        }
        let a = try run("a", threads: 1), b = try run("b", threads: 2), c = try run("c", threads: 1)
        let other = try run("d", threads: 2, seed: 8)
        // fulcrum-output.json, the manifest that marks the folder as Fulcrum's, is compared like the rest.
        #expect(Set(a.files.keys) == ["results.json", "branches.csv", "displaced_by_day.csv", "locations.csv", "population_by_day.csv", "routes.csv", "game.efg", "report.html",
                                      "fulcrum-output.json"])
        #expect(a.files == b.files)
        #expect(a.files == c.files)
        #expect(a.stdout == b.stdout && a.stdout == c.stdout)
        #expect(a.files["results.json"] != other.files["results.json"])

        // The two new tables repeat results.json's figures row for row.
        let result = try JSONDecoder().decode(CrisisResult.self, from: a.files["results.json"] ?? Data())
        let population = String(decoding: a.files["population_by_day.csv"] ?? Data(), as: UTF8.self).split(separator: "\n")
        let routes = String(decoding: a.files["routes.csv"] ?? Data(), as: UTF8.self).split(separator: "\n")
        var expectedPopulation = 0, expectedRoutes = 0
        for s in result.schedules {
            let days = s.populationDays ?? []
            for (place, band) in s.populationByLocation ?? [:] {
                let last = days.count - 1
                #expect(population.contains(Substring("\(s.id),\(place),\(days[last]),\(band.median[last]),\(band.p05[last]),\(band.p95[last])")))
            }
            expectedPopulation += days.count * ((s.populationByLocation?.count ?? 0) + (s.inTransit == nil ? 0 : 1))
            for f in s.routeFlows ?? [] {
                #expect(routes.contains(Substring("\(s.id),\(f.from),\(f.to),\(f.people.median),\(f.people.p05),\(f.people.p95),\(f.net.median),\(f.net.p05),\(f.net.p95)")))
            }
            expectedRoutes += s.routeFlows?.count ?? 0
        }
        #expect(expectedPopulation > 0 && expectedRoutes > 0)
        #expect(population.count == expectedPopulation + 1 && routes.count == expectedRoutes + 1)
    }

    /// `fulcrum displace --out`, both engines: population.csv byte-identical across
    /// thread counts and repeats (out.meta.json records threads and wall time, so
    /// it is compared without those two fields).
    @Test(arguments: ["agent", "cohort"])
    func displaceOutputsAreByteIdentical(mode: String) throws {
        let tmp = try tempFolder(); defer { try? FileManager.default.removeItem(at: tmp) }
        func run(_ name: String, threads: Int) throws -> [String: Data] {
            let out = tmp.appendingPathComponent(name)
            let r = try fulcrum(["displace", fleeValley.path, "--mode", mode, "--seed", "3", "--threads", "\(threads)", "--out", out.path])
            #expect(r.status == 0, "\(r.err)")
            var files = try snapshot(out)
            let meta = try JSONSerialization.jsonObject(with: files["out.meta.json"] ?? Data()) as? [String: Any] ?? [:]
            var stable = meta; stable["seconds"] = nil; stable["threads"] = nil
            files["out.meta.json"] = try JSONSerialization.data(withJSONObject: stable, options: [.sortedKeys])
            return files
        }
        let a = try run("a", threads: 1), b = try run("b", threads: 2), c = try run("c", threads: 2)
        #expect(a["population.csv"] != nil)
        #expect(a == b)
        #expect(b == c)
    }

    /// `fulcrum forecast` with Monte Carlo, both models (SMP on KTAB's SOE-Pol-Comp data,
    /// BDM on the EU emissions table): JSON identical across thread counts and repeats.
    @Test(arguments: [["--ktab", "SOE-Pol-Comp.csv", "--model", "smp"], ["--table", "bdm-eu-emissions.csv", "--model", "bdm"]])
    func forecastIsByteIdentical(input: [String]) throws {
        let data = packageRoot.appendingPathComponent("scripts/bargaining/data").path
        let args = [input[0], data + "/" + input[1], input[2], input[3]]
        let runs = try [1, 2, 2].map { t in try fulcrum(["forecast"] + args + ["--samples", "30", "--seed", "4", "--threads", "\(t)", "--format", "json"]) }
        for r in runs { #expect(r.status == 0, "\(r.err)") }
        #expect(!runs[0].out.isEmpty)
        #expect(runs[0].out == runs[1].out)
        #expect(runs[1].out == runs[2].out)
    }

    /// The crisis runner as a library: 1, 2 and 4 threads and a repeat agree.
    @Test func crisisRunnerAgreesAcrossThreads() throws {
        let s = try Scenario.load(directory: twoBranch)
        let enc = JSONEncoder(); enc.outputFormatting = [.sortedKeys]
        enc.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        let outs = try [1, 2, 4, 1].map { try enc.encode(CrisisRunner.run(s, options: .init(samples: 40, seed: 11, threads: $0))) }
        #expect(outs.allSatisfy { $0 == outs[0] })
    }

    /// The game solvers (single-threaded, but exact and logit): the same game solved
    /// twice gives the same profiles, and the exported .efg reads back to the same text.
    @Test func gameSolversAreRepeatable() throws {
        let efg = """
        EFG 2 R "entry" { "Entrant" "Incumbent" }
        p "" 1 1 "" { "In" "Out" } 0
        p "" 2 1 "" { "Fight" "Accommodate" } 0
        t "" 1 "" { -1, -1 }
        t "" 2 "" { 1, 1 }
        t "" 3 "" { 0, 2 }
        """
        let g = try ExtensiveGame(efg: efg, file: "entry.efg")
        let spe = try SubgamePerfect.solveExact(g), spe2 = try SubgamePerfect.solveExact(g)
        #expect(String(describing: spe) == String(describing: spe2))
        let l1 = try LogitQRE.solve(g), l2 = try LogitQRE.solve(g)
        #expect(String(describing: l1) == String(describing: l2))
        let back = try ExtensiveGame(efg: g.efgText(), file: "roundtrip.efg")
        #expect(back.efgText() == g.efgText())
        let nfg = """
        NFG 1 R "matching pennies" { "1" "2" } { 2 2 }
        1 -1 -1 1 -1 1 1 -1
        """
        let n = try NormalFormGame(nfg: nfg, file: "mp.nfg")
        let b1 = try EnumMixed.solve(n), b2 = try EnumMixed.solve(n)
        #expect(String(describing: b1) == String(describing: b2))
        #expect(b1.count == 1)
    }
}
