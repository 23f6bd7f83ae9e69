import Foundation
import Scenario
import Testing
@testable import Crisis

/// `fulcrum validate [--fix]` as a library call.
struct ValidationReportTests {
    @Test func fixWritesTheDeterminedValuesThenReportsTheFolderAgain() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("fulcrum-validate-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: dir) }
        try FileManager.default.copyItem(at: Fixtures.packageRoot.appendingPathComponent("docs/examples/toy-valley"), to: dir)
        let locations = dir.appendingPathComponent("locations.csv")
        let toy = try String(contentsOf: locations, encoding: .utf8)
        try toy.replacingOccurrences(of: "camp,,8258", with: "camp,,").write(to: locations, atomically: true, encoding: .utf8)
        let plain = try DisplacementCheck.report(dir, fix: false)
        #expect(plain.fixed == nil && !plain.valid && plain.errorCount == 1)   // the empty capacity, which --fix can fill
        #expect(try String(contentsOf: locations, encoding: .utf8) != toy)   // nothing written without --fix
        let fixed = try DisplacementCheck.report(dir, fix: true)
        #expect(fixed.fixed?.count == 1 && fixed.valid)
        #expect(try String(contentsOf: locations, encoding: .utf8) == toy)   // the capacity scenario.yaml gives, back in its cell
        #expect(try DisplacementCheck.report(dir, fix: true).fixed?.isEmpty == true)
    }
}
