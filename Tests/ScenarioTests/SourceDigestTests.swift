import BoundedInput
import Foundation
import Scenario
import Testing

/// A scenario's identity is the SHA-256 of the files it was read from: the same files
/// give the same digest wherever they are (another folder, or memory); a changed byte in
/// any of them changes it; files the scenario does not read do not count.
struct SourceDigestTests {
    @Test func digestFollowsTheFilesReadNotTheirLocation() throws {
        let fm = FileManager.default
        let names = ["scenario.yaml", "locations.csv", "routes.csv", "closures.csv"]
        var files: [String: Data] = [:]
        for n in names { files[n] = try Data(contentsOf: toyDirectory.appendingPathComponent(n)) }
        let original = try #require(Scenario.validate(directory: toyDirectory).scenario)
        #expect(original.sourceDigest == contentDigest(files: files))
        #expect(original.sourceDigest.count == 64)

        let copy = fm.temporaryDirectory.appendingPathComponent("fulcrum-digest-\(UUID().uuidString)")
        try fm.copyItem(at: toyDirectory, to: copy)
        defer { try? fm.removeItem(at: copy) }
        try Data("notes nobody reads\n".utf8).write(to: copy.appendingPathComponent("NOTES.md"))
        #expect(Scenario.validate(directory: copy).scenario?.sourceDigest == original.sourceDigest)

        var inMemory = files
        inMemory["story.txt"] = Data("not read either".utf8)
        #expect(Scenario.validate(files: inMemory).scenario?.sourceDigest == original.sourceDigest)

        let yaml = copy.appendingPathComponent("scenario.yaml")
        try (try Data(contentsOf: yaml) + Data("\n# one more comment\n".utf8)).write(to: yaml)
        let changed = try #require(Scenario.validate(directory: copy).scenario)
        #expect(changed.sourceDigest != original.sourceDigest)
        // What-ifs are recorded beside the digest, not in it.
        #expect(try original.fixing(["parameters.p_truce_holds": 0.9]).sourceDigest == original.sourceDigest)
    }
}
