import BoundedInput
import Foundation
import Testing
@testable import Displacement

@Suite struct InputTests {
    @Test func readsMaliInstance() throws {
        let m = try instance("mali2012")
        #expect(m.geography.locations.count == 23)
        #expect(m.geography.routes.count == 35)
        #expect(m.geography.closures == [Closure(kind: .country, name1: "Mali", name2: "Burkina_Faso", start: 0, end: 22),
                                         Closure(kind: .country, name1: "Mali", name2: "Niger", start: 0, end: 33)])
        #expect(m.period == SimulationPeriod(startDate: CivilDate(year: 2012, month: 2, day: 29)!, length: 300))
        #expect(m.conflicts.columns.count == 23 && m.conflicts.tableDays == 300)
        #expect(m.settings.campWeight == 5 && m.settings.capacityBuffer == 0.75 && m.settings.maxMoveSpeed == 200)
        #expect(m.settings.conflictSpawnDecay == [1, 1, 1, 0.5, 0.1])
        #expect(m.settings.idpcampMovechance == 0.1 && m.settings.softening == 10)  // code defaults
        #expect(m.settings.warnings.contains { $0.contains("capacity_scaling") })
        let kidal = m.geography.locations[0]
        #expect(kidal.name == "Kidal" && kidal.kind == .conflictZone && kidal.population == 25617 && kidal.conflictDate == 0)
        // Camp data on day 299 after registration corrections, as Flee 3.1 reads them.
        let v = try #require(m.validation)
        let expected = ["Fassala-Mbera": 54028, "Mentao": 6881, "Bobo-Dioulasso": 1874, "Abala": 11067, "Mangaize": 3435, "Niamey": 6510, "Tabareybarey": 6196]
        for (camp, value) in expected { #expect(v.value(camp, day: 299) == value, "\(camp)") }
    }

    @Test func readsSyriaAndTestInstances() throws {
        let s = try instance("syria2013")
        #expect(s.geography.locations.count == 18 && s.geography.routes.count == 32 && s.geography.closures.isEmpty)
        #expect(s.geography.homeCountry == "Iraq")
        #expect(s.conflicts.tableDays == 1095)
        let t = try instance("test_input_csv")
        #expect(t.settings.hasten == 5)
        #expect(t.geography.locations.map(\.name) == ["A", "B", "C", "C2", "D", "E", "F"])
        #expect(t.geography.locations[1].conflictDate == 10)
        #expect(t.validation?.value("D", day: 0) == 6000)  // 30,000 / hasten 5, dates before the 2020 start
    }

    @Test func locationErrorsNameFileLineAndField() throws {
        let dir = try writeTemp([
            "locations.csv": "#name,region,country,lat,lon,location_type,conflict_date,population\nA,r,X,1,1,conflict_zone,0,100\nB,r,X,1,1,volcano,,5\n",
            "routes.csv": "A,B,10\n",
        ])
        #expect(throws: DisplacementInputError(file: dir + "/locations.csv", line: 3, field: "location_type",
                                               "'volcano' is not a known type (camp, idpcamp, conflict_zone, town, default, forwarding_hub, marker)")) {
            try Geography.load(directory: dir)
        }
        let dir2 = try writeTemp(["locations.csv": "A,r,X,1,1,town,,100\n", "routes.csv": "#a,b,d\nA,Nowhere,10\n"])
        do { _ = try Geography.load(directory: dir2); Issue.record("expected an error") } catch let e as DisplacementInputError {
            #expect(e.line == 2 && e.field == "name2" && e.file.hasSuffix("routes.csv"))
        }
        let dir3 = try writeTemp(["locations.csv": "A,r,X,1,abc,town,,100\n", "routes.csv": ""])
        do { _ = try Geography.load(directory: dir3); Issue.record("expected an error") } catch let e as DisplacementInputError {
            #expect(e.line == 1 && e.field == "longitude")
        }
    }

    @Test func settingsAreStrict() throws {
        let s = try SimulationSettings.parse(yaml: "move_rules:\n  start_on_foot: False\n  awareness_level: 2\nspawn_rules:\n  conflict_driven_spawning:\n    spawn_mode: pop_ratio\nfoo: 1\n")
        #expect(s.awarenessLevel == 2 && !s.startOnFoot)
        #expect(s.conflictDrivenSpawning == ConflictDrivenSpawning(mode: .popRatio, displacedPerConflictDay: 0.01))
        #expect(s.warnings.count == 1 && s.warnings[0].contains("foo"))
        do { _ = try SimulationSettings.parse(yaml: "move_rules:\n  start_on_foot: \"False\"\n", file: "x.yml"); Issue.record("quoted bool accepted") } catch let e as DisplacementInputError {
            #expect(e.line == 2 && e.field == "move_rules.start_on_foot")
        }
        #expect(throws: DisplacementInputError.self) { try SimulationSettings.parse(yaml: "flood_rules:\n  x: 1\n") }
        var v1 = SimulationSettings(); v1.useV1Rules = true
        #expect(v1.effective.maxMoveSpeed == 200 && v1.effective.campWeight == 2 && v1.effective.conflictWeight == 0.25)
    }

    @Test func registrationCorrectionsRescaleEarlierEntries() throws {
        let start = CivilDate(year: 2020, month: 1, day: 1)!
        let dir = try writeTemp([
            "data_layout.csv": "total,t.csv\nCampA,a.csv\n",
            "t.csv": "Date,n\n2020-01-01,100\n2020-01-11,200\n",
            "a.csv": "Date,n\n2020-01-01,10\n2020-01-06,20\n2020-01-11,50\n",
            "corr.csv": "CampA,2020-01-11,normalize\n",
        ])
        var v = try ValidationData.load(directory: dir, start: start, hasten: 1)
        #expect(v.value("total", day: 5) == 150)  // linear interpolation
        #expect(v.value("CampA", day: 0) == 10)
        try v.applyCorrections(file: dir + "/corr.csv")
        // Entries before 2020-01-11 scaled by 50/20 = 2.5, including day 0.
        #expect(v.value("CampA", day: 0) == 25 && v.value("CampA", day: 5) == 50 && v.value("CampA", day: 10) == 50)
        let bad = try writeTemp(["c.csv": "CampA,2020-01-03\n"])
        #expect(throws: DisplacementInputError.self) { try v.applyCorrections(file: bad + "/c.csv") }
    }

    @Test func fleeMergeOfTwoFilesFollowsQ18() {
        let a = DatedSeries(days: [0, 10, 20], values: [1, 2, 3])
        let b = DatedSeries(days: [5, 10], values: [100, 200])
        let m = DatedSeries.fleeMerge(a, b)
        // B's 5 falls before A[1] (date 10): uses A's *next* value 2; then 10 matches; A's 20 is dropped.
        #expect(m.days == [0, 5, 10] && m.values == [1, 102, 202])
    }

    @Test func periodFilesMustAgree() throws {
        let dir = try writeTemp(["conflict_period.csv": "StartDate,2020-01-01\nLength,10\n", "sim_period.csv": "startdate,2020-01-01\nlength,12\n"])
        #expect(throws: DisplacementInputError.self) { try SimulationPeriod.load(inputDirectory: dir) }
    }
}

@Suite struct PresetAgentTests {
    @Test func readsAgentsCSV() throws {
        let root = instancesDir + "/test_input_csv"
        let settings = try writeTemp(["s.yml": "spawn_rules:\n  read_from_agents_csv_file: True\noptimisations:\n  hasten: 5\n"])
        let i = try FleeInstance.load(input: root + "/input", validation: root + "/validation", settings: settings + "/s.yml")
        #expect(i.presetPeople == [PresetPerson(location: 0, age: 30, gender: "male"), PresetPerson(location: 1, age: 40, gender: "female")])
        let r = try simulate(geography: i.geography, conflicts: i.conflicts, settings: i.settings, days: 2, seed: 1,
                             options: RunOptions(mode: .agent, validation: i.validation, presetPeople: i.presetPeople))
        #expect(r.displaced[0] == 12_000 + 2)
    }
}

/// `FleeInstance.load(files:)` (the fuzzer's entry point) and `load(input:)` are one
/// reader: the same files give the same instance, and the same errors at the same line.
@Suite struct InMemoryInstanceTests {
    func files(_ dir: String) throws -> [String: Data] {
        var out: [String: Data] = [:]
        for name in try FileManager.default.contentsOfDirectory(atPath: dir) {
            out[name] = try Data(contentsOf: URL(fileURLWithPath: dir).appendingPathComponent(name))
        }
        return out
    }

    @Test func anInstanceLoadsTheSameFromMemory() throws {
        for name in ["syria2013", "test_input_csv"] {
            let root = instancesDir + "/" + name
            let settings = FileManager.default.fileExists(atPath: root + "/simsetting.yml") ? root + "/simsetting.yml" : nil
            for compat in [Compatibility.fulcrum, .flee31] {
                let disk = try FleeInstance.load(input: root + "/input", validation: nil, settings: settings, compatibility: compat)
                let memory = try FleeInstance.load(files: try files(root + "/input"), settings: disk.settings, compatibility: compat)
                #expect(disk.geography == memory.geography && disk.geography.locations.count > 5, "\(name)")
                #expect(disk.conflicts == memory.conflicts && disk.period == memory.period, "\(name)")
                #expect(disk.presetPeople == memory.presetPeople && disk.demographics == memory.demographics, "\(name)")
                #expect(disk.warnings == memory.warnings, "\(name)")
            }
        }
    }

    @Test func errorsNameTheSameFileLineAndField() throws {
        let root = instancesDir + "/syria2013/input"
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("fulcrum-mem-\(UUID().uuidString)")
        try FileManager.default.copyItem(at: URL(fileURLWithPath: root), to: dir)
        defer { try? FileManager.default.removeItem(at: dir) }
        let routes = dir.appendingPathComponent("routes.csv")
        try (try String(contentsOf: routes, encoding: .utf8) + "Nowhere,Somewhere,5\n").write(to: routes, atomically: true, encoding: .utf8)
        var diskError: DisplacementInputError?, memoryError: DisplacementInputError?
        do { _ = try FleeInstance.load(input: dir.path, validation: nil, settings: nil) } catch let e as DisplacementInputError { diskError = e }
        do { _ = try FleeInstance.load(files: try files(dir.path)) } catch let e as DisplacementInputError { memoryError = e }
        let d = try #require(diskError), m = try #require(memoryError)
        #expect(d.file == routes.path && m.file == "routes.csv")
        #expect(d.line == m.line && d.line != nil && d.field == "name1" && m.field == d.field && m.message == d.message)
        #expect("\(m)".hasPrefix("routes.csv:\(d.line!): field 'name1'"), "\(m)")
        // A missing table in memory is named like one missing on disk.
        var f = try files(root); f["locations.csv"] = nil
        #expect(throws: DisplacementInputError(file: "locations.csv", "does not exist")) { try FleeInstance.load(files: f) }
    }
}

@Suite("The displacement settings catalogue")
struct SettingsCatalogueTests {
    @Test("every key in the catalogue is read by the settings parser, without an unused-key warning")
    func everyKeyIsRead() throws {
        for info in SimulationSettings.catalogue {
            let parts = info.key.split(separator: ".").map(String.init)
            let value: String
            switch info.kind {
            case .bool: value = "true"
            case .integer: value = "1"
            // 0.5, or the setting's lowest value where 0.5 is outside its range (ValueBounds).
            case .number: value = ValueBounds.fleeSettings[info.key].map { $0.contains(0.5) ? "0.5" : "\($0.lowerBound)" } ?? "0.5"
            case .text: value = parts.last == "spawn_mode" ? "pop_ratio" : "x"
            case .list: value = "[1, 0.5]"
            case .mapping: value = "{}"
            }
            var yaml = ""
            for (depth, p) in parts.enumerated() {
                yaml += String(repeating: "  ", count: depth) + p + ":" + (depth == parts.count - 1 ? " \(value)\n" : "\n")
            }
            let s = try SimulationSettings.parse(yaml: yaml)
            #expect(s.warnings.isEmpty, "\(info.key): \(s.warnings)")
        }
    }
}
