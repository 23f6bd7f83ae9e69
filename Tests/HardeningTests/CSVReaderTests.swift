import BoundedInput
import CLISupport
import Foundation
import Scenario
import Testing

/// The one CSV reader (`BoundedInput.CSV`) behind the scenario's tables, Flee's inputs and
/// the bargaining tables, checked against RFC 4180 and Python's `csv` module (Flee's reader),
/// whose answers for these inputs are written out below.
struct CSVReaderTests {
    func cells(_ text: String) -> [[String]] { CSV.records(text).map(\.cells) }

    @Test func lineEndingsAreLFCRLFOrCR() {
        let expected = [["a", "b"], ["c", "d"]]
        #expect(cells("a,b\nc,d\n") == expected)
        #expect(cells("a,b\r\nc,d\r\n") == expected)    // Excel's default
        #expect(cells("a,b\rc,d\r") == expected)        // classic Mac
        #expect(cells("a,b\r\nc,d") == expected)         // no final line break
        #expect(CSV.records("a,b\r\n\r\nc,d\r\n").map(\.line) == [1, 2, 3])
        #expect(CSV.records("a,b\r\n\r\nc,d\r\n")[1].isEmptyLine)
    }

    @Test func quotedCellsKeepCommasQuotesAndLineBreaks() {
        // Python: list(csv.reader(['x,"a, b","say ""hi""","two\nlines",y'])) with the newline inside quotes.
        let r = CSV.records("x,\"a, b\",\"say \"\"hi\"\"\",\"two\r\nlines\",y\nnext,row\n")
        #expect(r.map(\.cells) == [["x", "a, b", "say \"hi\"", "two\r\nlines", "y"], ["next", "row"]])
        #expect(r.map(\.line) == [1, 3])
        // A quote inside an unquoted cell is literal (Python: 'ab"c'), and only a cell's first
        // character opens quoting (' "x"' stays as written, then is trimmed).
        #expect(cells("ab\"c,d") == [["ab\"c", "d"]])
        #expect(cells("a, \"x\"") == [["a", "\"x\""]])
        // Text after a closing quote is kept (Python: 'abc d').
        #expect(cells("\"abc\" d,e") == [["abc d", "e"]])
    }

    @Test func unquotedCellsAreTrimmedAndColumnsCountCharacters() {
        let r = CSV.records("\u{FEFF}  Hilltown , North,\"  spaced  \"\nÉté,x\n")
        #expect(r[0].cells == ["Hilltown", "North", "  spaced  "])
        #expect(r[0].columns == [1, 13, 20])
        #expect(r[1].columns == [1, 5])       // É is one character of two bytes
    }

    @Test func lineCountBoundsTheRecords() {
        for text in ["a\nb\nc", "a\r\nb\r\nc\r\n", "a\rb\rc", "\"x\ny\"\nz"] {
            #expect(CSV.lineCount(text) >= CSV.records(text).count, "\(text)")
        }
        #expect(CSV.lineCount("a\r\nb\r\n") == 3)
    }

    /// U1: a scenario's tables saved with CRLF line ends (Excel's default) were read as one
    /// line: misleading errors blaming scenario.yaml, or (only routes.csv in CRLF) a valid
    /// scenario with no routes at all.
    @Test func crlfScenarioTablesReadAsTheirLFOriginals() throws {
        let lf = try #require(Scenario.validate(directory: toyValley).scenario)
        let crlf = try editedCopy(of: toyValley, [
            "locations.csv": { $0.replacingOccurrences(of: "\n", with: "\r\n") },
            "routes.csv": { $0.replacingOccurrences(of: "\n", with: "\r\n") },
            "closures.csv": { $0.replacingOccurrences(of: "\n", with: "\r\n") },
        ])
        let r = Scenario.validate(directory: crlf)
        let s = try #require(r.scenario, "\(r.diagnostics.prefix(3))")
        #expect(s.geography.locations.map(\.name) == lf.geography.locations.map(\.name))
        #expect(s.geography.routes.map(\.key) == lf.geography.routes.map(\.key))
        #expect(s.geography.routes.count == 4)
        #expect(s.geography.closures.count == lf.geography.closures.count)
    }

    /// U1: the same CRLF tables as a Flee instance give what the LF ones give (`displace`
    /// read CRLF already; now the scenario reader is the same reader).
    @Test(.enabled(if: fulcrumBinary != nil)) func crlfFleeTablesRunAsTheirLFOriginals() throws {
        let crlf = try editedCopy(of: fleeValley, [
            "locations.csv": { $0.replacingOccurrences(of: "\n", with: "\r\n") },
            "routes.csv": { $0.replacingOccurrences(of: "\n", with: "\r\n") },
        ])
        let a = try fulcrum(["displace", fleeValley.path, "--format", "json"], timeout: 60)
        let b = try fulcrum(["displace", crlf.path, "--format", "json"], timeout: 60)
        #expect(a.status == 0 && b.status == 0, "\(b.err)")
        func days(_ s: String) -> String { String(s[s.range(of: "\"days\"")!.lowerBound..<s.range(of: "\"meta\"")!.lowerBound]) }
        #expect(days(a.out) == days(b.out))
    }
}
