import BoundedInput
import Foundation
import Testing
@testable import Scenario

@Suite("Uncertain inputs and what-ifs")
struct UncertaintyTests {
    let toy: Scenario
    init() throws { toy = try Scenario.load(directory: toyDirectory) }

    @Test("every uncertain input of the toy, with stable paths, in file order")
    func inputs() {
        #expect(toy.uncertainInputs.map(\.path) == [
            "parameters.p_truce_holds", "preferences.patron.talks", "issues.valley.neighbour.salience",
            "conflict_schedules.assault_with_air.Rivertown.from_day", "mechanisms.territory.viability_without_air",
            "mechanisms.deaths.deaths_per_intensity_day", "mechanisms.talks.threshold", "geography.population_total",
            "geography.road_factor", "geography.capacity.Valley_camp",
            "displacement.spawn_rules.conflict_driven_spawning.displaced_per_conflict_day",
        ])
        let threshold = toy.uncertainInputs.first { $0.path == "mechanisms.talks.threshold" }!
        #expect(threshold.distribution == .lognormal(mu: log(300), sigma: 0.5))
        #expect(threshold.provenance.description == "story:P2")
        // Fixed values have paths too, so --set can change them.
        #expect(toy.valuePaths.contains("mechanisms.territory.territory_full"))
        #expect(toy.valuePaths.contains("actors.capital.capability"))
        #expect(toy.valuePaths.contains("geography.capacity.Border_camp"))
        #expect(toy.valuePaths.contains("preferences.patron.talks.threshold"))
    }

    @Test("setting a value fixes it and keeps its provenance")
    func setting() throws {
        let s = try toy.setting(path: "mechanisms.talks.threshold", to: 500)
        let m = s.mechanism("talks")!
        #expect(m.parameters["threshold"]!.distribution == .fixed(500))
        #expect(m.parameters["threshold"]!.provenance.description == "story:P2")
        #expect(m.parameter("threshold") == 500)
        #expect(!s.uncertainInputs.contains { $0.path == "mechanisms.talks.threshold" })
        #expect(s.uncertainInputs.count == toy.uncertainInputs.count - 1)
        // The original is untouched (value semantics).
        #expect(toy.mechanism("talks")!.parameters["threshold"]!.isUncertain)
    }

    @Test("a chance probability parameter moves its 'rest' sibling")
    func chanceParameter() throws {
        let s = try toy.setting(path: "parameters.p_truce_holds", to: 0.9)
        let node = s.tree.node(path: "hold")!
        let ps = s.probabilities(at: node)
        #expect(abs(ps[0] - 0.9) < 1e-15 && abs(ps[1] - 0.1) < 1e-15)
    }

    @Test("unknown paths, non-finite and out-of-range values are refused clearly")
    func refusals() {
        do {
            _ = try toy.setting(path: "mechanisms.talks.treshold", to: 1)
            Issue.record("accepted an unknown path")
        } catch let e as SettingError {
            #expect(e.suggestion == "mechanisms.talks.threshold")
            #expect(e.description.contains("no such value"))
        } catch { Issue.record("\(error)") }
        #expect(throws: SettingError.self) { try toy.setting(path: "parameters.p_truce_holds", to: 1.5) }
        #expect(throws: SettingError.self) { try toy.setting(path: "geography.road_factor", to: .nan) }
        #expect(throws: SettingError.self) { try toy.setting(path: "issues.valley.capital.salience", to: 2) }
        #expect(throws: SettingError.self) { try toy.setting(path: "mechanisms.territory.territory_full", to: -0.1) }
    }

    @Test("sampling at given quantiles: u = ½ is the nominal scenario; u ∈ {0, 1} hits bounded supports' ends")
    func sampling() throws {
        let mid = try toy.sampled { _ in 0.5 }
        #expect(mid.uncertainInputs.isEmpty)
        for ((p1, q1), (p2, q2)) in zip(mid.quantities, toy.nominal.quantities) {
            #expect(p1 == p2)
            #expect(q1.nominal == q2.nominal, "\(p1)")
        }
        let low = try toy.sampled { $0.distribution.support.lowerBound.isFinite ? 0 : 0.01 }
        #expect(low.geography.roadFactor!.nominal == 1.2)
        #expect(low.geography.populationTotal!.nominal == 45_000)
        #expect(low.mechanism("territory")!.parameter("viability_without_air") == 0)
        // Town populations follow the total: weights 2 : 1.
        let hill = low.geography.location("Hilltown")!
        #expect(abs(low.geography.amount(of: hill) - 30_000) < 1e-6)
    }

    @Test("common random numbers: the same u per path gives the same scenario")
    func deterministic() throws {
        // A fixed function of the path: the same "random number" for an input wherever it is used.
        func u(_ i: UncertainInput) -> Double { (Double(i.path.utf8.reduce(0) { ($0 * 31 + Int($1)) % 997 }) + 0.5) / 997 }
        let a = try toy.sampled(u), b = try toy.sampled(u)
        #expect(a.quantities.map(\.quantity.nominal) == b.quantities.map(\.quantity.nominal))
        let input = toy.uncertainInputs.first { $0.path == "geography.road_factor" }!
        #expect(a.geography.roadFactor!.nominal == input.distribution.quantile(u(input)))
    }

    @Test("a schedule's onset day is an uncertain input the runner can fix")
    func scheduleDay() throws {
        let s = try toy.setting(path: "conflict_schedules.assault_with_air.Rivertown.from_day", to: 7)
        let sched = s.schedule("assault_with_air")!
        #expect(sched.intensity(at: "Rivertown", day: 6) == 0)
        #expect(sched.intensity(at: "Rivertown", day: 7) == 1)
        // 30 days of Hilltown + 23 days of Rivertown at intensity 1.
        #expect(sched.intensityDays(horizon: 30) == 53)
        let csv = sched.fleeConflictsCSV(locations: ["Hilltown", "Rivertown", "Ford"], days: 9)
        let rows = csv.split(separator: "\n")
        #expect(rows[0] == "#Day,Hilltown,Rivertown,Ford")
        #expect(rows[1] == "0,1,0,0")
        #expect(rows[8] == "7,1,1,0")
        #expect(rows.count == 10)
    }
}

@Suite("Geography tables")
struct GeographyTests {
    @Test("written Flee tables reproduce the toy's tables (the tables hold the nominal values)")
    func roundTrip() throws {
        let s = try Scenario.load(directory: toyDirectory)
        for (name, written) in [("locations.csv", s.geography.fleeLocationsCSV()), ("routes.csv", s.geography.fleeRoutesCSV()),
                                ("closures.csv", s.geography.fleeClosuresCSV())] {
            let original = CSV.records(try String(contentsOf: toyDirectory.appendingPathComponent(name), encoding: .utf8)).filter { !$0.isEmptyLine }
            let again = CSV.records(written).filter { !$0.isEmptyLine }
            #expect(original.count == again.count, "\(name)")
            for (a, b) in zip(original, again) {
                #expect(a.cells.count == b.cells.count, "\(name) line \(a.line)")
                for (x, y) in zip(a.cells, b.cells) {
                    if let dx = Double(x), let dy = Double(y) { #expect(abs(dx - dy) < 1e-9, "\(name) line \(a.line): \(x) vs \(y)") }
                    else { #expect(x == y, "\(name) line \(a.line)") }
                }
            }
        }
    }

    @Test("the built-in tables round-trip too, and a written folder validates")
    func builtInRoundTrip() throws {
        let s = try Scenario.builtIn()
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("fulcrum-rt-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        try FileManager.default.copyItem(at: Scenario.builtInDirectory.appendingPathComponent("scenario.yaml"), to: dir.appendingPathComponent("scenario.yaml"))
        try s.geography.fleeLocationsCSV().write(to: dir.appendingPathComponent("locations.csv"), atomically: true, encoding: .utf8)
        try s.geography.fleeRoutesCSV().write(to: dir.appendingPathComponent("routes.csv"), atomically: true, encoding: .utf8)
        try s.geography.fleeClosuresCSV().write(to: dir.appendingPathComponent("closures.csv"), atomically: true, encoding: .utf8)
        let r = Scenario.validate(directory: dir)
        #expect(r.diagnostics.isEmpty, "\(r.diagnostics.map(\.description))")
    }

    @Test("CSV parsing handles quotes, doubled quotes and blank lines")
    func csv() {
        let rows = CSV.records("\"#name\",\"a, b\"\n\nx,\"say \"\"hi\"\"\", 3 \n").filter { !$0.isEmptyLine }
        #expect(rows.count == 2)
        #expect(rows[0].cells == ["#name", "a, b"])
        #expect(rows[1].line == 3)
        #expect(rows[1].cells == ["x", "say \"hi\"", "3"])
        #expect(rows[1].columns == [1, 3, 16])   // the third cell starts after the comma at column 15
    }

    @Test("Flee location types are matched as Flee matches them")
    func types() {
        #expect(LocationKind(fleeType: "conflict_zone") == .conflictZone)
        #expect(LocationKind(fleeType: "IDPCamp") == .idpCamp)
        #expect(LocationKind(fleeType: "camp") == .camp)
        #expect(LocationKind(fleeType: "default") == .town)
        #expect(LocationKind(fleeType: "forwarding_hub") == .forward)
        #expect(LocationKind(fleeType: "city") == nil)
    }

    @Test("haversine distance: a degree of latitude is 111.19 km")
    func haversine() {
        #expect(abs(greatCircleKm(35, 36, 36, 36) - 6371 * Double.pi / 180) < 1e-9)
    }
}

@Suite("Command-line what-ifs")
struct AssignmentTests {
    @Test("PATH=VALUE assignments are applied together; bad ones are refused")
    func assignments() throws {
        let toy = try Scenario.load(directory: toyDirectory)
        let s = try toy.applying(assignments: ["geography.road_factor=1.5", " mechanisms.talks.threshold = 400 "])
        #expect(s.geography.roadFactor?.distribution == .fixed(1.5))
        #expect(s.mechanism("talks")?.parameter("threshold") == 400)
        #expect(throws: SettingError.self) { try toy.applying(assignments: ["geography.road_factor"]) }
        #expect(throws: SettingError.self) { try toy.applying(assignments: ["geography.road_factor=fast"]) }
        #expect(throws: SettingError.self) { try toy.applying(assignments: ["geography.roadfactor=1.5"]) }
    }
}

@Suite("Flee input per schedule")
struct FleeInputTests {
    @Test("one folder per schedule: tables, conflicts and period")
    func input() throws {
        let s = try Scenario.builtIn().nominal
        let files = try s.fleeInput(schedule: "limited_air")
        #expect(Set(files.keys) == ["locations.csv", "routes.csv", "closures.csv", "conflicts.csv", "conflict_period.csv"])
        #expect(files["conflict_period.csv"] == "StartDate,2018-09-07\nLength,180\n")
        let conflicts = CSV.records(files["conflicts.csv"]!).filter { !$0.isEmptyLine }
        #expect(conflicts.count == 181)   // header + 180 days
        // Ground fronts only: Flee's conflicts.csv has no bombardment.
        #expect(conflicts[0].cells == ["#Day", "Khan_Shaykhun", "Kafr_Nabl", "Maarat_al-Numan", "Saraqib", "Jisr_al-Shughur", "Ariha", "Tamanah", "Hish"])
        #expect(conflicts[1].cells[1] == "1" && conflicts[1].cells[7] == "1")   // Khan Shaykhun and Tamanah from day 0
        #expect(conflicts.last!.cells[6] == "0.5")             // Ariha at 0.5 by the end
        // Day of onset for Maarat al-Numan is the median of U(7, 21) = 14.
        #expect(conflicts[14].cells[3] == "0" && conflicts[15].cells[3] == "1")
        #expect(files["closures.csv"]!.contains("country,Syria,Turkey,0,-1"))
        #expect(throws: SettingError.self) { try s.fleeInput(schedule: "full_airr") }
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("fulcrum-flee-in-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: dir) }
        try s.writeFleeInput(schedule: "none", to: dir)
        let none = try String(contentsOf: dir.appendingPathComponent("conflicts.csv"), encoding: .utf8)
        #expect(none.split(separator: "\n").count == 181)
    }
}
