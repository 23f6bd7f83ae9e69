import Foundation
import Testing
@testable import Scenario

/// The top-level files of a folder, by name, as `Scenario.validate(files:)` takes them.
func filesInMemory(_ dir: URL) throws -> [String: Data] {
    var out: [String: Data] = [:]
    for name in try FileManager.default.contentsOfDirectory(atPath: dir.path) {
        out[name] = try Data(contentsOf: dir.appendingPathComponent(name))
    }
    return out
}

/// `validate(files:)` (the fuzzer's entry point) and `validate(directory:)` are one
/// reader: the same folder gives the same scenario and the same diagnostics.
@Suite struct InMemoryLoadTests {
    func json(_ s: Scenario) throws -> Data {
        let e = JSONEncoder(); e.outputFormatting = [.sortedKeys]
        return try e.encode(s.describe())
    }

    @Test func theToyScenarioLoadsTheSameFromMemory() throws {
        let disk = Scenario.validate(directory: toyDirectory)
        let memory = Scenario.validate(files: try filesInMemory(toyDirectory))
        #expect(disk.diagnostics.isEmpty && memory.diagnostics.isEmpty, "\(memory.diagnostics)")
        let a = try #require(disk.scenario), b = try #require(memory.scenario)
        #expect(try json(a) == json(b))
        #expect(a.geography.locations.map(\.name) == b.geography.locations.map(\.name))
        #expect(a.geography.fleeLocationsCSV() == b.geography.fleeLocationsCSV() && a.geography.totalPopulation > 0)
        #expect(a.geography.routes.count == b.geography.routes.count && a.geography.routes.count > 0)
        #expect(a.tree.nodes.count == b.tree.nodes.count)
    }

    @Test func aBrokenFolderGivesTheSameDiagnosticsNamingFileAndLine() throws {
        let f = try Fixture([(file: "locations.csv", old: ",40000\n", new: ",nan\n"),
                             (file: "scenario.yaml", old: "probability: p_truce_holds", new: "probability: 1.5")])
        let disk = Scenario.validate(directory: f.dir)
        let memory = Scenario.validate(files: try filesInMemory(f.dir))
        #expect(disk.scenario == nil && memory.scenario == nil)
        #expect(disk.diagnostics == memory.diagnostics)
        #expect(memory.diagnostics.contains { $0.file == "locations.csv" && $0.line == 2 && $0.kind == .nonFinite }, "\(memory.diagnostics)")
        #expect(memory.diagnostics.contains { $0.file == "scenario.yaml" && $0.line > 1 && $0.message.contains("1.5") }, "\(memory.diagnostics)")
    }

    @Test func missingAndOversizedFilesInMemory() throws {
        let none = Scenario.validate(files: [:])
        #expect(none.diagnostics.map(\.kind) == [.missingFile])
        #expect(none.diagnostics.first?.file == "scenario.yaml")
        var files = try filesInMemory(toyDirectory)
        files["locations.csv"] = nil
        #expect(Scenario.validate(files: files).diagnostics.contains { $0.file == "locations.csv" && $0.kind == .missingFile })
        var limits = ScenarioLimits(); limits.maxTableBytes = 100
        let big = Scenario.validate(files: try filesInMemory(toyDirectory), limits: limits)
        #expect(big.diagnostics.contains { $0.message.contains("larger than the 100 bytes limit") }, "\(big.diagnostics)")
        files = try filesInMemory(toyDirectory)
        files["scenario.yaml"] = Data([0xFF, 0xFE, 0x00])
        #expect(Scenario.validate(files: files).diagnostics.first?.message == "scenario.yaml is not UTF-8 text")
    }
}
