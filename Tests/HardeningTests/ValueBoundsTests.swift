import BoundedInput
import CLISupport
import Foundation
import Testing
@testable import Crisis
import Displacement
import Scenario

/// C1 and U2 (issue 18): counts and rates that validated, then trapped the displacement model
/// (an arithmetic overflow, a Double → Int conversion), or were accepted silently. Every one
/// is refused at validation (and in what-ifs and Monte Carlo draws) with file, line and field.
@Suite("Value bounds", .enabled(if: fulcrumBinary != nil, "the fulcrum binary is built beside the tests"))
struct ValueBoundsCLITests {
    /// C1: huge people counts validated, then trapped in the displacement model
    /// (`CohortEngine.advance` overflowed at 1e18; a Double → Int conversion at 1e300).
    @Test func hugeCountsAreRefusedAtValidationAndInWhatIfs() throws {
        for value in ["1e18", "1e300"] {
            let r = try fulcrum(["run", toyValley.path, "--samples", "3", "--no-store", "--set", "geography.population_total=\(value)"], timeout: 120)
            #expect(r.status == 1 && r.err.contains("outside the allowed range [0, 10000000000]"), "\(value): \(r.status) \(r.err.prefix(300))")
        }
        let capacity = try fulcrum(["run", toyValley.path, "--samples", "3", "--no-store", "--set", "geography.capacity.Valley_camp=1e300"], timeout: 120)
        #expect(capacity.status == 1 && capacity.err.contains("geography.capacity.Valley_camp"), "\(capacity.err.prefix(300))")
        let hugeCapacity = try editedCopy(of: toyValley, ["scenario.yaml": { $0.replacingOccurrences(of: "min: 5000, mode: 8000, max: 12000", with: "min: 5000, mode: 8000, max: 1e300") }])
        try expectRefused(hugeCapacity, "geography.capacity.Valley_camp: capacity [5000, 1e+300] is outside the allowed range")
        // Only that error: the table is not also asked to hold the refused value's median (-inf).
        let v = try fulcrum(["validate", hugeCapacity.path], timeout: 60)
        #expect(v.out.contains("1 error in") && !v.out.contains("-inf"), "\(v.out.prefix(600))")
        try expectRefused(try editedCopy(of: toyValley, ["scenario.yaml": { $0.replacingOccurrences(of: "{location: Hilltown, from_day: 0, intensity: 1}", with: "{location: Hilltown, from_day: 0, intensity: 1e300}") }]),
                          "intensity 1e+300 is outside the allowed range")
        try expectRefused(try editedCopy(of: toyValley, ["scenario.yaml": { $0.replacingOccurrences(of: "{distribution: triangular, min: 0.01, mode: 0.02, max: 0.04,", with: "{distribution: triangular, min: 0.01, mode: 0.02, max: 1e300,") }]),
                          "displacement.settings.spawn_rules.conflict_driven_spawning.displaced_per_conflict_day")
        // A lognormal whose draws reach e^(mu + 8.2 sigma): sigma 20 passes Int.max.
        try expectRefused(try editedCopy(of: toyValley, ["scenario.yaml": { $0.replacingOccurrences(of: "{distribution: normal, mean: 60000, sd: 5000, min: 45000, max: 75000, source: story:P3}", with: "{distribution: lognormal, median: 60000, sigma: 20, source: story:P3}") }]),
                          "geography.population_total: population [")
    }

    /// C1: a population cell past Int.max, or two at Int.max whose sum overflows.
    @Test func hugePopulationCellsAreRefused() throws {
        let cells = ["Hilltown,North,Valleyland,35.10,36.10,town,,40000": "Hilltown,North,Valleyland,35.10,36.10,town,,10000000000000000000",
                     "Rivertown,South,Valleyland,35.00,36.20,town,,20000": "Rivertown,South,Valleyland,35.00,36.20,town,,9223372036854775807"]
        for (old, new) in cells {
            try expectRefused(try editedCopy(of: toyValley, ["locations.csv": { $0.replacingOccurrences(of: old, with: new) }]), "is out of range")
        }
        // A route of 1e308 km validated and then trapped the report (C3).
        try expectRefused(try editedCopy(of: toyValley, ["routes.csv": { $0.replacingOccurrences(of: "Rivertown,Ford,8,0", with: "Rivertown,Ford,1e308,0") }]),
                          "routes.csv:Rivertown--Ford.distance: distance 1e308 is out of range")
    }

    /// C1 and U2 in Flee inputs: a spawning rate or an intensity of 1e300 trapped `displace`;
    /// nan intensities, a deactivation probability of -5, a latitude of 999, negative spawning
    /// rates and a conflict date of -1000000 were accepted silently; 10^10 people a day in
    /// agent mode aborted allocating 64 GB.
    @Test func fleeInputsAreBounded() throws {
        let withAttributes = { (attrs: String, values: String) -> [String: (String) -> String] in
            ["locations.csv": { s in
                var lines = s.split(separator: "\n").map(String.init)
                lines[0] += "," + attrs; lines[1] += "," + values
                return lines.joined(separator: "\n") + "\n"
            }]
        }
        let cases: [([String: (String) -> String], String)] = [
            (["simsetting.yml": { $0.replacingOccurrences(of: "displaced_per_conflict_day: 500", with: "displaced_per_conflict_day: 1e300") }],
             "field 'spawn_rules.conflict_driven_spawning.displaced_per_conflict_day': 1e+300 is outside [0, 10000000000]"),
            (["simsetting.yml": { $0.replacingOccurrences(of: "displaced_per_conflict_day: 500", with: "displaced_per_conflict_day: -5") }],
             "-5.0 is outside [0, 10000000000]"),
            (withAttributes("conflict_intensity", "1e300"), "field 'conflict_intensity': 1e+300 is outside [0, 1000]"),
            (withAttributes("conflict_intensity", "nan"), "field 'conflict_intensity': 'nan' is not a number"),
            (withAttributes("conflict_intensity", "inf"), "field 'conflict_intensity': 'inf' is not a number"),
            (withAttributes("deactivation_probability", "-5"), "field 'deactivation_probability': -5.0 is outside [0, 1]"),
            (["locations.csv": { $0.replacingOccurrences(of: "Hilltown,North,Valleyland,35.10,", with: "Hilltown,North,Valleyland,999,") }],
             "field 'latitude': 999.0 is outside [-90, 90]"),
            (["locations.csv": { $0.replacingOccurrences(of: "conflict_zone,0,40000", with: "conflict_zone,-1000000,40000") }],
             "field 'conflict_date': -1000000.0 is outside [0, 36500]"),
            (["routes.csv": { $0 + "Hilltown,Hilltown,5,0\n" }], "a route from 'Hilltown' to itself"),
            (["simsetting.yml": { $0.replacingOccurrences(of: "displaced_per_conflict_day: 500", with: "displaced_per_conflict_day: 10000000000") }],
             "in agent mode, more than 5e+07"),
        ]
        for (edits, needle) in cases {
            let f = try editedCopy(of: fleeValley, edits)
            let r = try fulcrum(["displace", f.path], timeout: 60)
            #expect(r.status == 1, "\(needle): \(r.status) \(r.err.prefix(300))")
            #expect(r.err.contains(needle), "\(r.err.prefix(400))")
        }
        // 10^10 a day for 40 days is within what cohort mode can count.
        let many = try editedCopy(of: fleeValley, ["simsetting.yml": { $0.replacingOccurrences(of: "displaced_per_conflict_day: 500", with: "displaced_per_conflict_day: 10000000000") }])
        let cohort = try fulcrum(["displace", many.path, "--mode", "cohort"], timeout: 60)
        #expect(cohort.status == 0 && cohort.out.contains("people at end: 400000000000"), "\(cohort.err)")
    }
}

struct ValueBoundsTests {
    /// C1: every draw of an unbounded distribution stays within what the field allows.
    @Test func drawRangesAreTheExtremeDraws() {
        let l = Distribution.lognormal(mu: 0, sigma: 1)
        #expect(l.drawRange.upperBound > 3_000 && l.drawRange.upperBound < 4_000)   // e^8.2 ≈ 3,640
        #expect(Distribution.uniform(min: 1, max: 2).drawRange == 1...2)
        #expect(Distribution.lognormal(mu: 0, sigma: 20).drawRange.upperBound > 1e70)
    }

    /// C1: the product check: residents plus a spawning rate over the days.
    @Test func runBoundsBoundTheProductOfRateAndDays() throws {
        let g = Displacement.Geography(locations: [
            .init(name: "A", kind: .conflictZone, population: 1_000),
            .init(name: "B", kind: .camp, capacity: 10),
        ], routes: [.init(from: 0, to: 1, distance: 10)])
        var s = SimulationSettings()
        s.conflictDrivenSpawning = ConflictDrivenSpawning(mode: .constant, displacedPerConflictDay: 1e10)
        let conflicts = Displacement.ConflictSchedule(spells: [.init(location: "A", from: 0, intensity: 1000)])
        // 10^10 × 1000 a day: 10^13; 100 days pass 10^15, 99 do not.
        #expect(throws: DisplacementRunError.self) { try RunBounds.check(geography: g, conflicts: conflicts, settings: s, days: 100) }
        #expect(throws: Never.self) { try RunBounds.check(geography: g, conflicts: conflicts, settings: s, days: 99) }
        s.takeFromPopulation = true
        #expect(throws: Never.self) { try RunBounds.check(geography: g, conflicts: conflicts, settings: s, days: 36_500) }
    }
}
