import Scenario
import Testing
@testable import Crisis

struct CertainIssueTests {
    /// The toy's one issue has the neighbour's salience uncertain (triangular 0.4–0.9); fixed,
    /// nothing about the issue is drawn.
    @Test func anIssueIsCertainWhenNoStanceOrCapabilityIsDrawn() throws {
        let toy = try Fixtures.toyValley()
        #expect(BargainingBridge.certainIssues(toy) == [])
        #expect(BargainingBridge.certainIssues(try toy.fixing(["issues.valley.neighbour.salience": 0.6])) == ["valley"])
    }
}
