import CLISupport
import Foundation
import Testing
@testable import Scenario

/// Authoring a scenario (issue 16 §2): validate --fix, describe --catalogue, describe's assumptions.
@Suite("Authoring from the command line", .enabled(if: fulcrumBinary != nil, "the fulcrum binary is built beside the tests"))
struct AuthoringTests {
    @Test("validate --fix writes the values the sidecar determines, atomically, says what it changed, and leaves the rest byte for byte")
    func fix() throws {
        let f = try Fixture([("locations.csv", "town,,20000", "town,,25000"), ("locations.csv", "camp,,8258", "camp,,"),
                             ("routes.csv", "Hilltown,Rivertown,20.1", "Hilltown,Rivertown, 99 ")])
        defer { f.cleanup() }
        #expect(f.validate().fixes.count == 3)
        let r = try fulcrum(["validate", "--fix", f.dir.path])
        #expect(r.status == 0, "\(r.out)\(r.err)")
        #expect(r.out.contains("locations.csv:Rivertown.population 25000 → 20000"))
        #expect(r.out.contains("locations.csv:Valley_camp.capacity (empty) → 8258"))
        #expect(r.out.contains("3 cells changed") && r.out.contains("valid —"))
        // Every table is now the documented toy's, byte for byte (the cell's own spaces kept).
        #expect(try f.text("locations.csv") == String(contentsOf: toyDirectory.appendingPathComponent("locations.csv"), encoding: .utf8))
        #expect(try f.text("routes.csv") == String(contentsOf: toyDirectory.appendingPathComponent("routes.csv"), encoding: .utf8)
                    .replacingOccurrences(of: "Hilltown,Rivertown,20.1", with: "Hilltown,Rivertown, 20.1 "))
        let again = try fulcrum(["validate", "--fix", "--format", "json", f.dir.path])
        let obj = try #require(try JSONSerialization.jsonObject(with: Data(again.out.utf8)) as? [String: Any])
        #expect((obj["fixed"] as? [Any])?.isEmpty == true && obj["valid"] as? Bool == true)
        #expect(try fulcrum(["validate", "--fix"]).status == 1)   // the built-in scenario is read-only
    }

    @Test("a fix whose cell changed since it was read is refused and writes nothing")
    func staleFix() throws {
        let f = try Fixture([("locations.csv", "town,,20000", "town,,25000")])
        defer { f.cleanup() }
        let fixes = f.validate().fixes
        try f.text("locations.csv").replacingOccurrences(of: "town,,25000", with: "town,,26000")
            .write(to: f.dir.appendingPathComponent("locations.csv"), atomically: true, encoding: .utf8)
        #expect(throws: TableFixError.self) { try Scenario.apply(fixes, in: f.dir) }
        #expect(try f.text("locations.csv").contains("town,,26000"))
    }

    @Test("describe --catalogue lists every block, function, fact type, displacement result and setting")
    func catalogue() throws {
        let r = try fulcrum(["describe", "--catalogue"])
        #expect(r.status == 0)
        for b in Library.blocks { #expect(r.out.contains("  \(b.name): \(b.summary)"), "\(b.name)") }
        for f in Function.allCases { #expect(r.out.contains(f.signature)) }
        for d in DisplacementName.plain { #expect(r.out.contains("  \(d.name) (\(d.unit))")) }
        for key in ["move_rules.max_move_speed = 360 (km per day)", "spawn_rules.take_from_population = false", "optimisations.hasten = 1"] {
            #expect(r.out.contains(key), "\(key)")
        }
        let json = try fulcrum(["describe", "--catalogue", "--format", "json"])
        let obj = try #require(try JSONSerialization.jsonObject(with: Data(json.out.utf8)) as? [String: Any])
        #expect((obj["blocks"] as? [Any])?.count == Library.blocks.count)
        #expect(try fulcrum(["describe", "--catalogue", toyDirectory.path]).status == 1)
    }

    @Test("describe shows each assumption with its reason and what rests on it, and cuts no id")
    func assumptions() throws {
        let r = try fulcrum(["describe"])
        #expect(r.status == 0)
        #expect(r.out.contains("ASSUMPTIONS ("))
        #expect(r.out.contains("  - the decisive outside power (P2)  ← actors.russia.capability"))
        #expect(r.out.contains("  negotiated_surrender bool, default false"))   // longer than its 12-character column
        let s = try Scenario.builtIn()
        var reasons = Set<String>()
        for (_, q) in s.quantities { for c in q.provenance.citations { if case .assumption(let why) = c { reasons.insert(why) } } }
        let shown = Set(s.describe().assumptions.map(\.reason))
        #expect(reasons.isSubset(of: shown))
    }
}

/// Whether python3 with jsonschema and PyYAML is here, for the independent schema check.
let schemaCheckerAvailable: Bool = {
    let p = Process()
    p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    p.arguments = ["python3", "-c", "import jsonschema, yaml"]
    p.standardOutput = FileHandle.nullDevice
    p.standardError = FileHandle.nullDevice
    do { try p.run(); p.waitUntilExit(); return p.terminationStatus == 0 } catch { return false }
}()

@Suite("fulcrum new and fulcrum schema", .enabled(if: fulcrumBinary != nil, "the fulcrum binary is built beside the tests"))
struct NewAndSchemaTests {
    func temp() -> URL { FileManager.default.temporaryDirectory.appendingPathComponent("fulcrum-new-\(UUID().uuidString)") }

    @Test("fulcrum new writes each template, which validates; minimal and toy run; an existing folder is refused", arguments: ["minimal", "toy", "idlib", "mali"])
    func new(_ template: String) throws {
        let dir = temp()
        defer { try? FileManager.default.removeItem(at: dir) }
        let r = try fulcrum(["new", dir.path, "--template", template])
        #expect(r.status == 0, "\(r.err)")
        #expect(r.out.contains("valid"))
        let v = Scenario.validate(directory: dir)
        #expect(v.scenario != nil && v.warnings.isEmpty, "\(v.diagnostics) \(v.warnings)")
        if template != "idlib" && template != "mali" {
            let run = try fulcrum(["run", dir.path, "--samples", "4", "--no-store"], timeout: 300)
            #expect(run.status == 0, "\(run.err)")
        }
        let again = try fulcrum(["new", dir.path, "--template", template])
        #expect(again.status == 1 && again.err.contains("never writes over anything"))
        #expect(FileManager.default.fileExists(atPath: dir.appendingPathComponent("scenario.yaml").path))
    }

    @Test("the toy template is the documented toy")
    func toyTemplate() throws {
        let t = try #require(Scenario.templateDirectory("toy"))
        for name in ["scenario.yaml", "locations.csv", "routes.csv", "closures.csv", "story.txt"] {
            #expect(try Data(contentsOf: t.appendingPathComponent(name)) == Data(contentsOf: toyDirectory.appendingPathComponent(name)), "\(name)")
        }
        #expect(try fulcrum(["new", temp().path, "--template", "tiny"]).status == 1)
    }

    @Test("fulcrum schema accepts every shipped scenario and flags a misspelt key, by an independent validator",
          .enabled(if: schemaCheckerAvailable, "python3 with jsonschema and PyYAML (apt-get install python3-jsonschema python3-yaml)"))
    func schema() throws {
        let dir = temp()
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let s = try fulcrum(["schema"])
        #expect(s.status == 0)
        let schema = dir.appendingPathComponent("scenario.schema.json")
        try s.out.write(to: schema, atomically: true, encoding: .utf8)
        let bad = dir.appendingPathComponent("bad.yaml")
        try String(contentsOf: toyDirectory.appendingPathComponent("scenario.yaml"), encoding: .utf8)
            .replacingOccurrences(of: "capability: 60", with: "capabilty: 60").write(to: bad, atomically: true, encoding: .utf8)
        func check(_ files: [URL]) throws -> (Int32, String) {
            let p = Process()
            p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            p.arguments = ["python3", packageRoot.appendingPathComponent("scripts/schema/check.py").path, schema.path] + files.map(\.path)
            let out = Pipe()
            p.standardOutput = out
            try p.run()
            let text = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            p.waitUntilExit()
            return (p.terminationStatus, text)
        }
        let shipped = [Scenario.builtInDirectory, Scenario.maliDirectory, toyDirectory, try #require(Scenario.templateDirectory("minimal")),
                       packageRoot.appendingPathComponent("Tests/ScenarioTests/Fixtures/toy-valley-v1")]
            .map { $0.appendingPathComponent("scenario.yaml") }
        let good = try check(shipped)
        #expect(good.0 == 0, "\(good.1)")
        let flagged = try check([bad])
        #expect(flagged.0 == 1 && flagged.1.contains("'capabilty' was unexpected"), "\(flagged.1)")
        // The schema is the loader's model: every key the loader allows at the top is in it, and only those.
        let obj = try #require(try JSONSerialization.jsonObject(with: Data(s.out.utf8)) as? [String: Any])
        let props = try #require(obj["properties"] as? [String: Any])
        #expect(Set(props.keys) == Set(ScenarioParser.topKeys))
    }
}

@Suite("docs/displacement-settings.md")
struct SettingsDocTests {
    @Test("every displacement setting the catalogue lists is documented with its default", .enabled(if: fulcrumBinary != nil))
    func documented() throws {
        let doc = try String(contentsOf: packageRoot.appendingPathComponent("docs/displacement-settings.md"), encoding: .utf8)
        let r = try fulcrum(["describe", "--catalogue", "--format", "json"])
        let obj = try #require(try JSONSerialization.jsonObject(with: Data(r.out.utf8)) as? [String: Any])
        let settings = try #require(obj["displacementSettings"] as? [[String: Any]])
        #expect(settings.count > 40)
        for s in settings {
            let name = try #require(s["name"] as? String), d = (s["defaultValue"] as? String) ?? ""
            #expect(doc.contains("| `\(name)` | \(d) |"), "\(name)")
        }
    }
}
