import BoundedInput
import CLISupport
import Foundation
import Testing
@testable import Bargaining

/// C10 and U5 (issue 18): a nesting that segfaulted the XML reader, and limits that were
/// reported as something else.
struct ReaderLimitMessageTests {
    /// C10: KTAB XML nested 40,000 deep (280 KB) segfaulted when its tree was released.
    @Test func deeplyNestedKTABXMLIsRefused() {
        let xml = "<?xml version=\"1.0\"?>\n<Scenario>" + String(repeating: "<a>", count: 40_000) + String(repeating: "</a>", count: 40_000) + "</Scenario>\n"
        #expect(throws: BargainingError.self) { try KTABReader.readXML(data: Data(xml.utf8), file: "deep.xml") }
        do { _ = try KTABReader.readXML(data: Data(xml.utf8), file: "deep.xml") } catch {
            #expect("\(error)".contains("nested deeper than 64 levels"), "\(error)")
        }
    }

    /// U5: a well-formed KTAB file with a text over libxml2's limit was called "not well-formed".
    @Test func xmlPastTheParsersLimitIsSaidSo() {
        let xml = "<?xml version=\"1.0\"?>\n<Scenario><name>" + String(repeating: "x", count: 10_000_001) + "</name></Scenario>\n"
        do { _ = try KTABReader.readXML(data: Data(xml.utf8), file: "huge.xml"); Issue.record("expected an error") } catch {
            #expect("\(error)".contains("passes the parser's limits") && !"\(error)".contains("not well-formed"), "\(String(describing: error).prefix(300))")
        }
    }

    /// U5: a large YAML document without one alias was refused as "an alias bomb?".
    @Test func aLargeDocumentIsNotCalledAnAliasBomb() {
        let big = (0..<2_000).map { "k\($0): [1, 2, 3, 4, 5]" }.joined(separator: "\n")
        let p = YAMLBounds.problem(in: big, maxDepth: 64, maxExpandedNodes: 5_000)
        #expect(p?.message == "the document has more than 5000 nodes (values, keys and lists)", "\(String(describing: p))")
        #expect(YAMLBounds.problem(in: aliasBomb(), maxDepth: 64, maxExpandedNodes: 5_000)?.message.contains("alias bomb") == true)
    }
}
