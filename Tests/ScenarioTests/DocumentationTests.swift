import Foundation
import Testing
@testable import Scenario

@Suite("docs/scenario-format.md")
struct DocumentationTests {
    let doc: String
    init() throws { doc = try String(contentsOf: packageRoot.appendingPathComponent("docs/scenario-format.md"), encoding: .utf8) }

    /// The fenced block following `` `name`: `` in the toy-example section.
    func block(after label: String) throws -> String {
        let section = try #require(doc.range(of: "## 10. The toy example"))
        let tail = doc[section.upperBound...]
        let start = try #require(tail.range(of: "`\(label)`:\n\n```"))
        let afterFence = tail[start.upperBound...]
        let bodyStart = try #require(afterFence.firstIndex(of: "\n"))
        let body = afterFence[afterFence.index(after: bodyStart)...]
        let end = try #require(body.range(of: "```\n"))
        return String(body[..<end.lowerBound])
    }

    @Test("the toy example in the document is the file the tests load", arguments: ["scenario.yaml", "locations.csv", "routes.csv", "closures.csv"])
    func toyCopy(_ name: String) throws {
        let file = try String(contentsOf: toyDirectory.appendingPathComponent(name), encoding: .utf8)
        #expect(try block(after: name) == file)
    }

    @Test("every mechanism, parameter, fact and output of the catalogue is documented")
    func catalogue() {
        for k in MechanismKind.allCases {
            #expect(doc.contains("`\(k.rawValue)`"), "\(k.rawValue)")
            let s = k.schema
            for name in s.parameters.map(\.name) + s.facts.map(\.name) + s.outputs + s.inputs {
                #expect(doc.contains("`\(name)`"), "\(k.rawValue).\(name)")
            }
        }
    }

    @Test("every kind of validation error is documented")
    func errorKinds() {
        for k in Diagnostic.Kind.allCases { #expect(doc.contains("`\(k.rawValue)`"), "\(k.rawValue)") }
    }
}
