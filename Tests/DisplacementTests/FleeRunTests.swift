import BoundedInput
import Foundation
import Testing
@testable import Displacement

/// `fulcrum displace` as a library call: finding an instance's folders, refusing a run too
/// large before it starts, and what is written and printed of the result.
@Suite("Flee run outputs")
struct FleeRunTests {
    /// A four-place valley laid out as Flee's test instances are: input/, validation/ and
    /// simsetting.yml in one folder. The camp data rise from 0 to 1,000 over ten days.
    static func valley() throws -> URL {
        let root = URL(fileURLWithPath: try writeTemp(["simsetting.yml": "spawn_rules:\n  conflict_driven_spawning:\n    spawn_mode: constant\n    displaced_per_conflict_day: 500\n"]))
        let fm = FileManager.default
        for sub in ["input", "validation"] { try fm.createDirectory(at: root.appendingPathComponent(sub), withIntermediateDirectories: true) }
        let files = [
            "input/locations.csv": "#name,region,country,latitude,longitude,location_type,conflict_date,population\n"
                + "Hilltown,North,Valleyland,35.10,36.10,conflict_zone,0,40000\nRivertown,South,Valleyland,35.00,36.20,town,,20000\n"
                + "Valley_camp,South,Valleyland,34.90,36.35,camp,,8258\n",
            "input/routes.csv": "#name1,name2,distance,forced_redirection\nHilltown,Rivertown,20.1,0\nRivertown,Valley_camp,14,0\n",
            "input/closures.csv": "#closure_type,name1,name2,closure_start,closure_end\n",
            "input/conflict_period.csv": "StartDate,2018-09-07\nLength,40\n",
            "validation/data_layout.csv": "total,total.csv\nValley_camp,valley.csv\n",
            "validation/total.csv": "Date,count\n2018-09-07,0\n2018-09-17,1000\n",
            "validation/valley.csv": "Date,count\n2018-09-07,0\n2018-09-17,1000\n",
        ]
        for (name, text) in files { try text.write(to: root.appendingPathComponent(name), atomically: true, encoding: .utf8) }
        return root
    }

    @Test("an instance folder gives its input, validation and settings; an input folder finds them beside it; given ones win")
    func locatesTheFolders() throws {
        let root = try Self.valley()
        let whole = FleeInstancePaths(locating: root.path)
        #expect(whole == FleeInstancePaths(locating: root.appendingPathComponent("input").path))
        #expect(whole.input == root.appendingPathComponent("input").path)
        #expect(whole.validation == root.appendingPathComponent("validation").path)
        #expect(whole.settings == root.appendingPathComponent("simsetting.yml").path)
        let given = FleeInstancePaths(locating: root.path, validation: "/v", settings: "/s.yml")
        #expect(given.validation == "/v" && given.settings == "/s.yml")
        // A simsetting.yml inside the input folder is Flee's own place for it, so it comes first.
        try "{}\n".write(to: root.appendingPathComponent("input/simsetting.yml"), atomically: true, encoding: .utf8)
        #expect(FleeInstancePaths(locating: root.path).settings == root.appendingPathComponent("input/simsetting.yml").path)
        let bare = FleeInstancePaths(locating: try writeTemp(["locations.csv": ""]))
        #expect(bare.validation == nil && bare.settings == nil)
    }

    @Test("a run too long, or with no length at all, is refused before anything is simulated")
    func refusesBeforeSimulating() throws {
        let paths = FleeInstancePaths(locating: try Self.valley().path)
        let long = #expect(throws: DisplacementRunError.self) {
            try FleeRun(paths, days: FleeRun.maxDays + 1, mode: .cohort, compatibility: .fulcrum, threads: 1)
        }
        #expect(long?.message == "36501 days is longer than 36500 (100 years)")
        #expect(try FleeRun(paths, days: nil, mode: .cohort, compatibility: .fulcrum, threads: 1).days == 40)   // conflict_period.csv
        try FileManager.default.removeItem(atPath: paths.input + "/conflict_period.csv")
        var noPeriod = paths
        noPeriod.validation = nil   // validation data need the start date
        let unbounded = #expect(throws: DisplacementRunError.self) {
            try FleeRun(noPeriod, days: 0, mode: .cohort, compatibility: .fulcrum, threads: 1)
        }
        #expect(unbounded?.message == "no --days and no conflict_period.csv/sim_period.csv in \(paths.input)")
    }

    @Test("population.csv holds every place every day, and the people at places and in transit make the total")
    func populationTable() throws {
        let out = try FleeRun(FleeInstancePaths(locating: try Self.valley().path), days: 10, mode: .cohort, compatibility: .fulcrum, threads: 1)
            .simulate(seed: 3, engine: "test")
        let rows = CSV.records(out.populationCSV).filter { !$0.isEmptyLine }
        #expect(rows.count == 11)
        #expect(rows[0].cells == ["Day", "Date", "Hilltown", "Rivertown", "Valley_camp", "in transit", "total"])
        #expect(rows[10].cells[0...1] == ["9", "2018-09-16"])
        for t in 0..<10 {
            let cells = rows[t + 1].cells.dropFirst(2).map { Int($0)! }
            #expect(cells[0..<3] == [0, 1, 2].map { out.result.population(of: $0, day: t) }[...])
            #expect(cells[0] + cells[1] + cells[2] + cells[3] == cells[4], "day \(t)")
        }
        #expect(rows[10].cells[6] != "0")   // 500 a day from Hilltown
        #expect(try out.files().map(\.name) == ["out.csv", "population.csv", "out.meta.json"])
        let meta = try JSONDecoder().decode(FleeRunMeta.self, from: Data(try out.files()[2].text.utf8))
        #expect(meta.seed == 3 && meta.days == 10 && meta.mode == "cohort" && meta.engine == "test" && meta.ard != nil)
    }

    @Test("the day-by-day JSON, written a day at a time, is the whole document as JSONOutput writes it")
    func streamedJSON() throws {
        let out = try FleeRun(FleeInstancePaths(locating: try Self.valley().path), days: 6, mode: .agent, compatibility: .fulcrum, threads: 2)
            .simulate(seed: 1, engine: "test")
        var streamed = ""
        try out.writeJSON { streamed += $0 }
        struct Day: Encodable { var day: Int, date: String, population: [String: Int], inTransit: Int, total: Int, spawned: Int }
        struct Document: Encodable { var days: [Day], meta: FleeRunMeta, locations: [String], personDaysOverCapacity: [String: Int] }
        let r = out.result
        let names = r.locationNames
        let whole = Document(
            days: (0..<6).map { t in
                Day(day: t, date: CivilDate(year: 2018, month: 9, day: 7 + t)!.description,
                    population: Dictionary(uniqueKeysWithValues: names.indices.map { (names[$0], r.population(of: $0, day: t)) }),
                    inTransit: r.inTransit[t], total: r.displaced[t], spawned: r.spawned[t])
            },
            meta: out.meta, locations: names, personDaysOverCapacity: Dictionary(uniqueKeysWithValues: zip(names, r.personDaysOverCapacity)))
        #expect(streamed == (try JSONOutput.text(whole)) + "\n")
    }

    @Test("the text names the run and sets each camp beside its data on the last day")
    func text() throws {
        let out = try FleeRun(FleeInstancePaths(locating: try Self.valley().path), days: 10, mode: .cohort, compatibility: .fulcrum, threads: 1)
            .simulate(seed: 1, engine: "test")
        let lines = out.text(wrote: "o").split(separator: "\n").map(String.init)
        #expect(lines[0] == "fulcrum displace: \(out.run.paths.input)")
        #expect(lines[1] == "  mode cohort, compat fulcrum, seed 1, 10 days from 2018-09-07")
        // Day 9 of a series rising linearly from 0 (day 0) to 1,000 (day 10): 900.
        let camp = String(out.result.population(of: 2, day: 9))
        #expect(lines.contains("  Valley_camp            " + String(repeating: " ", count: 8 - camp.count) + camp + "      900"))
        #expect(lines.last == "  wrote o/out.csv, population.csv, out.meta.json")
    }
}
