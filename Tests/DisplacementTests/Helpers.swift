import Foundation
import Testing
@testable import Displacement

/// Flee's instances (mali2012, syria2013, test_input_csv) in `shared/reference/displacement/instances`
/// beside the package root, where CI lays out the test data; found from this file's path.
let instancesDir: String = {
    var url = URL(fileURLWithPath: #filePath)
    for _ in 0..<3 { url.deleteLastPathComponent() }  // Helpers.swift, DisplacementTests, Tests
    return url.deletingLastPathComponent().appendingPathComponent("shared/reference/displacement/instances").path
}()

func instance(_ name: String, compat: Compatibility = .fulcrum) throws -> FleeInstance {
    let root = instancesDir + "/" + name
    return try FleeInstance.load(input: root + "/input", validation: root + "/validation", settings: root + "/simsetting.yml", compatibility: compat)
}

func loc(_ name: String, _ kind: LocationKind, country: String = "X", pop: Int = 0, cap: Int = -1, lat: Double = 0, lon: Double = 0) -> Location {
    Location(name: name, country: country, latitude: lat, longitude: lon, kind: kind, population: pop, capacity: cap)
}

/// Settings where nothing moves unless a test says so explicitly.
func quietSettings() -> SimulationSettings {
    var s = SimulationSettings()
    s.campMovechance = 0
    return s
}

func run(_ g: Geography, _ s: SimulationSettings, days: Int, seed: UInt64 = 1, mode: SimulationMode, compat: Compatibility = .fulcrum,
         people: [String: Int], conflicts: ConflictSchedule? = nil, threads: Int? = 2) throws -> DisplacementResult {
    var initial: [Int: Int] = [:]
    for (k, v) in people { initial[g.index(of: k)!] = v }
    return try simulate(geography: g, conflicts: conflicts ?? .fromLocations(g), settings: s, days: days, seed: seed,
                        options: RunOptions(mode: mode, compatibility: compat, threads: threads, initialPeople: initial))
}

/// Every engine configuration that should satisfy a model law.
let allModes: [(SimulationMode, Compatibility)] = [(.agent, .fulcrum), (.cohort, .fulcrum), (.agent, .flee31)]

func writeTemp(_ files: [String: String]) throws -> String {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("fulcrum-disp-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    for (name, text) in files { try text.write(to: dir.appendingPathComponent(name), atomically: true, encoding: .utf8) }
    return dir.path
}

/// Each probe's mean and sample variance over its values.
func moments(_ samples: [[Double]]) -> [(mean: Double, variance: Double)] {
    samples.map { x in
        let m = x.reduce(0, +) / Double(x.count)
        return (m, x.reduce(0) { $0 + ($1 - m) * ($1 - m) } / Double(x.count - 1))
    }
}

/// Agent and cohort modes give each probe the same mean: within four standard errors over
/// `seeds` seeds, and half a person.
func expectSameMeans(agent a: [(mean: Double, variance: Double)], cohort c: [(mean: Double, variance: Double)], seeds: Int,
                     sourceLocation: SourceLocation = #_sourceLocation) {
    for j in a.indices {
        let se = ((a[j].variance + c[j].variance) / Double(seeds)).squareRoot()
        #expect(abs(a[j].mean - c[j].mean) <= 4 * se + 0.5, "probe \(j): agent \(a[j]) cohort \(c[j])", sourceLocation: sourceLocation)
    }
}
