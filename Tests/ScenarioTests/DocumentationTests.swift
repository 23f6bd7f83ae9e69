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

    @Test("every building block with its parameters, inputs and outputs, every function and displacement result is documented")
    func catalogue() {
        for b in Library.blocks {
            #expect(doc.contains("`\(b.name)`"), "\(b.name)")
            for name in b.parameters.map(\.name) + b.inputs.map(\.name) + b.outputs {
                #expect(doc.contains("`\(name)`"), "\(b.name).\(name)")
            }
        }
        for f in Function.allCases { #expect(doc.contains("`\(f.signature)`"), "\(f.signature)") }
        for d in DisplacementName.plain { #expect(doc.contains("`\(d.name)`"), "\(d.name)") }
        for d in DisplacementName.indexed { #expect(doc.contains("`\(d.form)`"), "\(d.form)") }
    }

    @Test("every kind of validation error is documented")
    func errorKinds() {
        for k in Diagnostic.Kind.allCases { #expect(doc.contains("`\(k.rawValue)`"), "\(k.rawValue)") }
    }
}
