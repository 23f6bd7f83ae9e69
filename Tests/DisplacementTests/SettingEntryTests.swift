import Foundation
import Testing
@testable import Displacement

/// The typed settings constructor: the one place that knows simsetting.yml's keys, fed by
/// the YAML reader and by the scenario bridge alike.
@Suite struct SettingEntryTests {
    func origin(_ line: Int, _ key: String) -> SettingEntry.Origin {
        SettingEntry.Origin(file: "scenario.yaml", line: line, field: "displacement.settings.\(key)")
    }

    @Test func yamlBecomesTypedEntriesAtTheirKeysLines() throws {
        let path = instancesDir + "/mali2012/simsetting.yml"
        let text = try String(contentsOfFile: path, encoding: .utf8)
        let entries = try SimulationSettings.entries(yaml: text, file: path)
        // Lines found by plain text search, independently of the reader.
        let lines = text.components(separatedBy: "\n")
        func line(of token: String) -> Int { lines.firstIndex { $0.contains(token) }! + 1 }
        func entry(_ key: String) -> SettingEntry { entries.first { $0.key == key }! }
        #expect(entry("move_rules.max_move_speed").value == .number(200))
        #expect(entry("move_rules.max_move_speed").origin.line == line(of: "max_move_speed"))
        #expect(entry("spawn_rules.take_from_population").value == .flag(false))
        #expect(entry("spawn_rules.conflict_spawn_decay").value == .numbers([1, 1, 1, 0.5, 0.1]))
        #expect(entry("log_levels.granularity").value == .text("location"))
        #expect(entry("move_rules").value == .section && entry("move_rules").origin.line == line(of: "move_rules:"))
        let settings = try SimulationSettings(entries: entries)
        #expect(settings.maxMoveSpeed == 200 && settings.conflictSpawnDecay == [1, 1, 1, 0.5, 0.1] && !settings.takeFromPopulation)
        #expect(settings.warnings == ["\(path):\(line(of: "granularity")): log_levels.granularity is not used by Fulcrum (ignored)",
                                      "\(path):\(line(of: "capacity_scaling")): move_rules.capacity_scaling is ignored (Flee 3.1 does not read it)"])
    }

    @Test func entriesFromAnotherFormatKeepTheirFieldNamesAndLines() throws {
        let s = try SimulationSettings(entries: [
            .init(key: "spawn_rules.conflict_driven_spawning.spawn_mode", value: .text("pop_ratio"), origin: origin(10, "spawn_rules.conflict_driven_spawning.spawn_mode")),
            .init(key: "move_rules.max_move_sped", value: .number(40), origin: origin(12, "move_rules.max_move_sped")),
            .init(key: "move_rules.awareness_level", value: .number(2), origin: origin(13, "move_rules.awareness_level")),
        ])
        // The section is present from a key under it: pop_ratio's default rate.
        #expect(s.conflictDrivenSpawning == ConflictDrivenSpawning(mode: .popRatio, displacedPerConflictDay: 0.01))
        #expect(s.awarenessLevel == 2 && s.maxMoveSpeed == 360)
        #expect(s.warnings == ["scenario.yaml:12: displacement.settings.move_rules.max_move_sped is not used by Fulcrum (ignored)"])
        #expect(s.settingWarnings.map(\.line) == [12])
    }

    @Test func badValuesNameFileLineAndField() throws {
        func error(_ entry: SettingEntry) -> DisplacementInputError? {
            do { _ = try SimulationSettings(entries: [entry]); return nil } catch { return error as? DisplacementInputError }
        }
        let notNumber = error(.init(key: "move_rules.max_move_speed", value: .flag(true), origin: origin(7, "move_rules.max_move_speed")))
        #expect(notNumber == DisplacementInputError(file: "scenario.yaml", line: 7, field: "displacement.settings.move_rules.max_move_speed", "'True' is not a number"))
        let quoted = error(.init(key: "move_rules.start_on_foot", value: .text("False"), origin: origin(8, "move_rules.start_on_foot")))
        #expect(quoted?.line == 8 && quoted?.message.contains("quoted") == true)
        let negative = error(.init(key: "move_rules.max_walk_speed", value: .number(-1), origin: origin(9, "move_rules.max_walk_speed")))
        #expect(negative?.line == 9 && negative?.field == "displacement.settings.move_rules.max_walk_speed")
        let flood = error(.init(key: "flood_rules.x", value: .number(1), origin: origin(3, "flood_rules.x")))
        #expect(flood?.field == "displacement.settings.flood_rules")
        let notSingle = error(.init(key: "move_rules.max_move_speed.value", value: .number(1), origin: origin(4, "move_rules.max_move_speed.value")))
        #expect(notSingle?.field == "displacement.settings.move_rules.max_move_speed" && notSingle?.message == "expected a single value")
        #expect(error(.init(key: "optimisations.hasten", value: .number(2.5), origin: origin(5, "optimisations.hasten")))?.message == "'2.5' is not an integer")
    }

    @Test func anUnknownSectionIsReportedOnceAtItsLine() throws {
        let s = try SimulationSettings.parse(yaml: "move_rules:\n  max_move_speed: 100\nextra_rules:\n  a: 1\n  b: [x, y]\n", file: "s.yml")
        #expect(s.maxMoveSpeed == 100)
        #expect(s.warnings == ["s.yml:3: extra_rules is not used by Fulcrum (ignored)"])
        // A list of words is no value any key takes, but an unknown key only warns.
        #expect(throws: DisplacementInputError.self) { try SimulationSettings.parse(yaml: "spawn_rules:\n  conflict_spawn_decay: [1, a]\n") }
        #expect(throws: DisplacementInputError.self) { try SimulationSettings.parse(yaml: "move_rules: 5\n") }
        #expect(try SimulationSettings.parse(yaml: "move_rules:\nspawn_rules: ~\n") == SimulationSettings())
    }
}
