import BoundedInput
import CLISupport
import Foundation
import Testing
import Report
import Scenario

/// C3 (issue 18): the report trapped on any number from 9.22 × 10^18 on.
@Suite("Report numbers", .enabled(if: fulcrumBinary != nil, "the fulcrum binary is built beside the tests"))
struct ReportNumberCLITests {
    /// C3: a capability of 10^19 validated and ran, and then the report trapped formatting it.
    @Test func theReportDrawsNumbersPastInt64() throws {
        let f = try editedCopy(of: toyValley, ["scenario.yaml": { s in
            var t = s
            t.replaceSubrange(t.range(of: "    capability: 60")!, with: "    capability: 1e19")
            return t
        }])
        let html = f.deletingLastPathComponent().appendingPathComponent("report.html")
        let r = try fulcrum(["run", f.path, "--samples", "3", "--no-store", "--report", html.path], timeout: 120)
        #expect(r.status == 0, "\(r.err.prefix(400))")
        #expect(FileManager.default.fileExists(atPath: html.path))
    }
}

struct ReportNumberTests {
    /// C3: numbers at and past Int64's range, and charts of them.
    @Test func numberFormatAndScalesTakeAnyFiniteNumber() {
        #expect(NumberFormat.count(1e19) == "1e+19")
        #expect(NumberFormat.count(-9.3e18) == "−9.3e+18")
        #expect(NumberFormat.count(1e308) == "1e+308")
        #expect(NumberFormat.count(123_456_789_012) == "123,000,000,000")   // three significant digits (issue 16 §5)
        #expect(NumberFormat.value(1e19) == "1e+19")
        #expect(px(1e300) == "1000000000")
        let ticks = LinearScale(domain: (1e19, 1e19 * (1 + 1e-15)), range: (0, 100)).ticks(5)
        #expect(ticks.count <= 2 && ticks.allSatisfy(\.isFinite))
        #expect(!LinearScale(domain: (0, 1e308), range: (0, 100)).niced(5).ticks(5).isEmpty)
    }
}
