import Foundation
import Testing
@testable import Scenario

/// The one choice of the scenario a stored run is drawn against (`runs report` and the workbench).
struct StoredScenarioChoiceTests {
    @Test("the stored files win and the folder is not opened; without them (or when they no longer load) the folder, marked when changed")
    func storedFilesWinOverTheFolder() throws {
        let toy = try Scenario.load(directory: toyDirectory)
        let edited = try toy.fixing(["geography.road_factor": 1.5])
        var opened = 0
        let open = { () throws -> Scenario in opened += 1; return toy }
        let stored = try Scenario.stored(files: toy.sourceFiles, digest: toy.sourceDigest, open: open)
        #expect(stored.scenario.sourceDigest == toy.sourceDigest && !stored.changed && opened == 0)
        let unchanged = try Scenario.stored(files: [:], digest: toy.sourceDigest, open: open)
        #expect(!unchanged.changed && opened == 1)
        let changed = try Scenario.stored(files: [:], digest: "the digest of an earlier version", open: open)
        #expect(changed.changed && opened == 2)
        // Files that no longer load (a format since made stricter) fall back to the folder too.
        let broken = try Scenario.stored(files: ["scenario.yaml": Data("metadata: [".utf8)], digest: toy.sourceDigest, open: { edited })
        #expect(broken.scenario.geography.roadFactor?.distribution == .fixed(1.5))
    }
}
