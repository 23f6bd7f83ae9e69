import Testing
@testable import Games

/// `fulcrum game convert` as a library call.
struct ConversionTests {
    @Test func formatsByNameAndTheirRoundTrips() throws {
        #expect(GameFileFormat(fileName: "a/pd.efg") == .efg && GameFileFormat(fileName: "pd.nfg") == .nfg)
        #expect(GameFileFormat(fileName: "-") == nil && GameFileFormat(fileName: "pd.EFG") == nil && GameFileFormat(fileName: "pd.nfg.txt") == nil)
        // The prisoner's dilemma as a simultaneous-move tree reduces back to its own table.
        let pd = try Reference.game("pd.nfg")
        #expect(try pd.text(.nfg) == (try AnyGame.parse(try pd.text(.efg)).text(.nfg)))
        #expect(try pd.text(.efg).hasPrefix("EFG 2 R"))
        // A tree written as a tree is read back to the same text.
        let poker = try Reference.game("poker.efg")
        #expect(try AnyGame.parse(try poker.text(.efg)).text(.efg) == (try poker.text(.efg)))
        #expect(try poker.text(.nfg, layout: .payoffs).hasPrefix("NFG 1 R"))
    }
}
