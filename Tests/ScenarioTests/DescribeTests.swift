import Foundation
import Testing
@testable import Scenario

@Suite("describe")
struct DescribeTests {
    @Test("the built-in scenario's description has every section and round-trips as JSON")
    func builtIn() throws {
        let s = try Scenario.builtIn()
        let d = s.describe()
        #expect(d.actors.count == 7)
        #expect(d.terminals.count == 80)
        #expect(d.schedules.map(\.terminals).reduce(0, +) == 80)
        #expect(d.locations.count == s.geography.locations.count)
        #expect(abs(d.totalPopulation - s.geography.totalPopulation) < 1e-6)
        for heading in ["ACTORS", "PREFERENCES", "ISSUES", "DECISION TREE", "CONFLICT SCHEDULES", "MECHANISMS", "GEOGRAPHY", "UNCERTAIN INPUTS"] {
            #expect(d.text.contains(heading))
        }
        #expect(d.text.contains("country Syria–Turkey from day 0, never reopens"))
        // A schedule's bombardment is listed beside its fronts.
        let air = try #require(d.schedules.first { $0.id == "limited_air" })
        #expect(air.bombardment.count == s.schedules.first { $0.id == "limited_air" }?.bombardment.count && air.bombardment.count >= 3)
        #expect(air.bombardment.first?.hasPrefix("Maarat_al-Numan from day ") == true && d.text.contains("      bombardment: Maarat_al-Numan from day "))
        // Cited documents kept in the repository are shown with their path.
        #expect(d.sources.contains { $0.hasPrefix("seed: ") && $0.hasSuffix("(file docs/idlib-2018/seed.txt)") })
        #expect(d.sources.contains { $0.hasPrefix("facts: ") && $0.hasSuffix("(file docs/idlib-2018/facts.md)") })
        #expect(d.sources.contains { $0.hasPrefix("wiki: ") && !$0.contains("(file ") })
        let json = try JSONEncoder().encode(d)
        let back = try JSONDecoder().decode(ScenarioDescription.self, from: json)
        #expect(back.terminals.map(\.id) == d.terminals.map(\.id))
        let threshold = try #require(back.mechanisms.first { $0.id == "process_collapse" }?.parameters["threshold"])
        #expect(threshold.distribution == "lognormal")
        #expect(abs(threshold.nominal - 2000) < 1e-6)
    }

    @Test("the toy's chance node shows its probabilities at the median")
    func toy() throws {
        let d = try Scenario.load(directory: toyDirectory).describe()
        let node = try #require(d.treeNodes.first { $0.path == "hold" })
        #expect(node.kind == "chance")
        // Beta(2, 3) median ≈ 0.3857.
        #expect(node.branches[0].contains("p=0.386"))
        #expect(node.branches[1].contains("p=0.614"))
    }
}

@Suite("Command-line arguments")
struct ArgumentTests {
    @Test("a folder, its scenario.yaml, or nothing (the built-in scenario)")
    func directories() {
        #expect(Scenario.directory(forArgument: nil) == Scenario.builtInDirectory)
        #expect(Scenario.directory(forArgument: toyDirectory.path).standardizedFileURL == toyDirectory.standardizedFileURL)
        #expect(Scenario.directory(forArgument: toyDirectory.appendingPathComponent("scenario.yaml").path).standardizedFileURL
                == toyDirectory.standardizedFileURL)
    }

    @Test("a stored run names its folder by its standardized absolute path, or built-in")
    func sourceNames() {
        #expect(Scenario.sourceName(nil) == "built-in")
        #expect(Scenario.sourceName("/a/./b/../c/") == "/a/c")
        let cwd = FileManager.default.currentDirectoryPath
        #expect(Scenario.sourceName("x/y/..") == URL(fileURLWithPath: cwd).appendingPathComponent("x").path)
        #expect(Scenario.sourceName("x/y/..").hasPrefix("/"))
    }
}
