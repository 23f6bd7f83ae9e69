import CLISupport
import Foundation
import Testing
@testable import Scenario

@Suite("fulcrum validate / describe", .enabled(if: fulcrumBinary != nil, "the fulcrum binary is built beside the tests"))
struct CommandLineTests {
    @Test("validate with no folder checks the built-in scenario and exits 0")
    func builtIn() throws {
        let r = try fulcrum(["validate"])
        #expect(r.status == 0)
        #expect(r.out.contains("valid — Idlib, 7 September 2018"))
    }

    @Test("validate reports every error with file:line:column and exits 1; --format json for machines")
    func errors() throws {
        let f = try Fixture([("scenario.yaml", "capability: 60", "capabilty: 60"), ("locations.csv", "36.20,town", "36.20,city")])
        defer { f.cleanup() }
        let text = try fulcrum(["validate", f.dir.path])
        #expect(text.status == 1)
        let pos = try f.position(of: "capabilty")
        #expect(text.out.contains("scenario.yaml:\(pos.line):\(pos.column): error [unknownKey] actors.capital.capabilty"))
        #expect(text.out.contains("did you mean 'capability'?"))
        #expect(text.out.contains("locations.csv:3:"))
        let json = try fulcrum(["validate", "--format", "json", f.dir.path])
        #expect(json.status == 1)
        let obj = try #require(try JSONSerialization.jsonObject(with: Data(json.out.utf8)) as? [String: Any])
        #expect(obj["valid"] as? Bool == false)
        let errors = try #require(obj["errors"] as? [[String: Any]])
        #expect(errors.count == obj["errorCount"] as? Int)
        #expect(errors.contains { $0["kind"] as? String == "unknownLocationType" && $0["line"] as? Int == 3 })
    }

    @Test("validate reports a displacement setting the engine does not use as a warning with its line, and exits 0")
    func settingWarning() throws {
        let f = try Fixture([("scenario.yaml", "max_move_speed: 40", "max_move_sped: 40")])
        defer { f.cleanup() }
        let text = try fulcrum(["validate", f.dir.path])
        #expect(text.status == 0)
        let pos = try f.position(of: "max_move_sped")
        #expect(text.out.contains("scenario.yaml:\(pos.line):0: warning [unknownKey] displacement.settings.move_rules.max_move_sped: is not used by Fulcrum (ignored)"))
        let json = try fulcrum(["validate", "--format", "json", f.dir.path])
        let obj = try #require(try JSONSerialization.jsonObject(with: Data(json.out.utf8)) as? [String: Any])
        let warnings = try #require(obj["warnings"] as? [[String: Any]])
        #expect(warnings.count == 1 && warnings[0]["line"] as? Int == pos.line)
    }

    @Test("describe shows the whole scenario; --set applies a what-if; a bad path exits 1")
    func describe() throws {
        let r = try fulcrum(["describe"])
        #expect(r.status == 0)
        for s in ["ACTORS", "DECISION TREE (80 terminal branches", "GEOGRAPHY: 33 locations", "closures: country Syria–Turkey"] {
            #expect(r.out.contains(s), "\(s)")
        }
        let json = try fulcrum(["describe", "--format", "json", "--set", "parameters.p_deal_holds=0.5"])
        #expect(json.status == 0)
        let obj = try #require(try JSONSerialization.jsonObject(with: Data(json.out.utf8)) as? [String: Any])
        #expect((obj["terminals"] as? [Any])?.count == 80)
        #expect(json.out.contains("p=0.5"))
        let bad = try fulcrum(["describe", "--set", "parameters.p_deal_hold=0.5"])
        #expect(bad.status == 1)
        #expect(bad.err.contains("did you mean 'parameters.p_deal_holds'?"))
    }
}
