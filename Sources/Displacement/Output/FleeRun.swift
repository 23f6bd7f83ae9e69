import BoundedInput
import Foundation

/// The folders of a Flee instance named by one path: a Flee input folder, or an instance
/// folder holding input/, validation/ and simsetting.yml (the layout of Flee's test cases).
public struct FleeInstancePaths: Sendable, Equatable {
    public var input: String
    public var validation: String?
    public var settings: String?

    /// Finds the input folder, and, when not given, the validation folder (a validation/ with
    /// data_layout.csv beside the input folder) and the settings (simsetting.yml in the input
    /// folder, else beside it).
    public init(locating path: String, validation: String? = nil, settings: String? = nil) {
        let fm = FileManager.default
        var input = path
        var instanceRoot = URL(fileURLWithPath: path).deletingLastPathComponent().path
        if fm.fileExists(atPath: URL(fileURLWithPath: path).appendingPathComponent("input/locations.csv").path) {
            input = URL(fileURLWithPath: path).appendingPathComponent("input").path
            instanceRoot = path
        }
        let root = URL(fileURLWithPath: instanceRoot)
        self.input = input
        self.validation = validation
        if validation == nil, fm.fileExists(atPath: root.appendingPathComponent("validation/data_layout.csv").path) {
            self.validation = root.appendingPathComponent("validation").path
        }
        self.settings = settings
        if settings == nil {
            for cand in [URL(fileURLWithPath: input).appendingPathComponent("simsetting.yml").path, root.appendingPathComponent("simsetting.yml").path]
            where fm.fileExists(atPath: cand) { self.settings = cand; break }
        }
    }
}

/// A run of the model on a Flee instance, as `fulcrum displace` makes it: the instance loaded
/// and the run's size checked before anything is simulated or written.
public struct FleeRun: Sendable {
    public let paths: FleeInstancePaths
    public let instance: FleeInstance
    public let days: Int
    public let options: RunOptions

    /// Every location keeps a value per day: runs this long or this large are refused before allocating.
    public static let maxDays = 36_500
    public static let maxLocationDays = 500_000_000

    /// Loads the instance; `days` (when positive) overrides the instance's period. Throws
    /// `DisplacementInputError` for bad input and `DisplacementRunError` for a run too large.
    public init(_ paths: FleeInstancePaths, days: Int?, mode: SimulationMode, compatibility: Compatibility, threads: Int?) throws {
        let instance = try FleeInstance.load(input: paths.input, validation: paths.validation, settings: paths.settings,
                                             compatibility: compatibility)
        let n: Int
        if let days, days > 0 { n = days } else if let p = instance.period { n = p.length } else {
            throw DisplacementRunError("no --days and no conflict_period.csv/sim_period.csv in \(paths.input)")
        }
        if n > Self.maxDays { throw DisplacementRunError("\(n) days is longer than \(Self.maxDays) (100 years)") }
        let cells = instance.geography.locations.count.multipliedReportingOverflow(by: n)
        if cells.overflow || cells.partialValue > Self.maxLocationDays {
            throw DisplacementRunError("\(instance.geography.locations.count) locations × \(n) days is more than \(Self.maxLocationDays) location-days")
        }
        options = RunOptions(mode: mode, compatibility: compatibility, threads: threads, validation: instance.validation,
                             initialPeople: instance.initialPeople, demographics: instance.demographics,
                             presetPeople: instance.presetPeople)
        try RunBounds.check(geography: instance.geography, conflicts: instance.conflicts, settings: instance.settings, days: n, options: options)
        self.paths = paths
        self.instance = instance
        self.days = n
    }

    /// The files the run reads, for an output folder's list of inputs it must not replace.
    public var inputs: [String] { [paths.input] + [paths.validation, paths.settings].compactMap { $0 } }

    /// Simulates; `engine` names the program in out.meta.json (e.g. `fulcrum 1.2.0`).
    public func simulate(seed: UInt64, engine: String, progress: ((Int, Int) -> Void)? = nil) throws -> FleeRunOutput {
        let started = Date()
        let result = try Displacement.simulate(geography: instance.geography, conflicts: instance.conflicts, settings: instance.settings,
                                               days: days, seed: seed, options: options, progress: progress)
        return FleeRunOutput(self, result: result, seed: seed, engine: engine, seconds: Date().timeIntervalSince(started))
    }
}

/// A finished `FleeRun` and what is written and printed of it: out.csv (Flee's columns, with
/// validation data), population.csv (every location, every day), out.meta.json, the day-by-day
/// JSON document and the text summary.
public struct FleeRunOutput: Sendable {
    public let run: FleeRun
    public let result: DisplacementResult
    public let start: CivilDate
    /// Flee's out.csv table, when the instance has validation data.
    public let table: FleeOutput?
    public let meta: FleeRunMeta
    /// The instance's warnings, then the run's, each once.
    public var warnings: [String] { meta.warnings }
    /// With flight_rules or return_rules on, population.csv and the JSON add the flight series.
    public let flightRules: Bool

    init(_ run: FleeRun, result: DisplacementResult, seed: UInt64, engine: String, seconds: Double) {
        let instance = run.instance
        var seen = Set<String>()
        let warnings = (instance.warnings + result.warnings).filter { seen.insert($0).inserted }
        start = instance.period?.startDate ?? CivilDate(year: 2000, month: 1, day: 1)!
        flightRules = instance.settings.flightRules != nil || instance.settings.returnRules != nil
        var table: FleeOutput? = nil
        if let v = instance.validation {
            let idp = result.camps.filter { instance.geography.locations[$0].kind == .idpCamp }
            table = FleeOutput(result: result, validation: v, start: start, idpTotals: instance.settings.logIdpTotals > 0, idpCamps: idp)
        }
        meta = FleeRunMeta(engine: engine, input: run.paths.input, validation: run.paths.validation, settings: run.paths.settings,
                           seed: seed, mode: run.options.mode.rawValue, compat: run.options.compatibility.rawValue, threads: run.options.threads,
                           days: run.days, startDate: start.description, finalPeople: result.displaced.last ?? 0, agentDays: result.agentDays,
                           peoplePerAgent: result.peoplePerAgent, ard: table?.ard, ardRescaled: table?.ardRescaled,
                           seconds: seconds, bytesPerPerson: result.bytesPerPerson, warnings: warnings)
        self.run = run
        self.result = result
        self.table = table
    }

    /// out.csv (with validation data), population.csv and out.meta.json.
    public func files() throws -> [(name: String, text: String)] {
        var files: [(name: String, text: String)] = []
        if let table { files.append(("out.csv", table.csv)) }
        files.append(("population.csv", populationCSV))
        files.append(("out.meta.json", try JSONOutput.text(meta) + "\n"))
        return files
    }

    /// Every location's population every day, then in transit and the total; the flight and
    /// return series only when their rules are on (the table is Flee's otherwise).
    public var populationCSV: String {
        let r = result
        let extra = flightRules ? ["left", "returned", "ever displaced", "currently displaced", "refugees"] : []
        var pop = (["Day", "Date"] + r.locationNames + ["in transit", "total"] + extra).map(csvField).joined(separator: ",") + "\n"
        for t in 0..<run.days {
            pop += "\(t),\(start.adding(days: t))," + (0..<r.locationCount).map { String(r.population(of: $0, day: t)) }.joined(separator: ",")
            pop += ",\(r.inTransit[t]),\(r.displaced[t])"
            if flightRules {
                let s = flightSeries(day: t)
                pop += ",\(s.left),\(s.returned),\(s.everDisplaced),\(s.currentlyDisplaced),\(s.refugees)"
            }
            pop += "\n"
        }
        return pop
    }

    /// A day's totals under the flight and return rules (docs/displacement.md, "Flight and return rules").
    public func flightSeries(day t: Int) -> FlightSeries {
        let r = result
        let row = (t * r.locationCount)..<((t + 1) * r.locationCount)
        return FlightSeries(left: r.left[row].reduce(0, +), returned: r.returned[row].reduce(0, +), everDisplaced: r.everDisplaced(day: t),
                            currentlyDisplaced: r.currentlyDisplaced(day: t), refugees: r.refugees(day: t))
    }

    /// The JSON document `{"days": [...], "locations", "meta", "personDaysOverCapacity"}`, given
    /// to `emit` in pieces exactly as `JSONOutput.text` writes the whole document (keys sorted:
    /// `days` comes first), one day at a time: it is some 170 bytes per location-day, too much
    /// to hold whole for a large instance.
    public func writeJSON(_ emit: (String) -> Void) throws {
        let r = result
        emit("{\n  \"days\" : [\n")
        for t in 0..<run.days {
            let day = DayJSON(day: t, date: start.adding(days: t).description,
                              population: Dictionary(uniqueKeysWithValues: (0..<r.locationCount).map { (r.locationNames[$0], r.population(of: $0, day: t)) }),
                              inTransit: r.inTransit[t], total: r.displaced[t], spawned: r.spawned[t],
                              flight: flightRules ? flightSeries(day: t) : nil)
            let text = try JSONOutput.text(day).split(separator: "\n", omittingEmptySubsequences: false).map { "    " + $0 }.joined(separator: "\n")
            emit((t == 0 ? "" : ",\n") + text)
        }
        let rest = RestJSON(meta: meta, locations: r.locationNames,
                            personDaysOverCapacity: Dictionary(uniqueKeysWithValues: zip(r.locationNames, r.personDaysOverCapacity)))
        emit("\n  ],\n" + String(try JSONOutput.text(rest).dropFirst(2)) + "\n")
    }

    /// The summary for people; `wrote` names the output folder, when one was written.
    public func text(wrote folder: String? = nil) -> String {
        let r = result, n = run.days, seconds = meta.seconds
        var lines = ["fulcrum displace: \(run.paths.input)",
                     "  mode \(meta.mode), compat \(meta.compat), seed \(meta.seed), \(n) days from \(start)",
                     "  people at end: \(r.displaced.last ?? 0) (×\(r.peoplePerAgent)), in transit \(r.inTransit.last ?? 0); agent-days \(r.agentDays)"]
        if flightRules && n > 0 {
            let s = flightSeries(day: n - 1)
            lines.append("  flight and return rules: ever displaced \(s.everDisplaced), returned \(r.returnedTotal(day: n - 1)), currently displaced \(s.currentlyDisplaced), refugees \(s.refugees)")
        }
        lines.append(String(format: "  time %.3f s, %.1f M agent-days/s", seconds, Double(r.agentDays) / max(seconds, 1e-9) / 1e6))
        if let table, let a = table.ard, let ar = table.ardRescaled, let v = run.instance.validation {
            lines.append(String(format: "  averaged relative difference: %.4f (rescaled %.4f)", a, ar))
            lines.append("  camp                      sim     data   (day \(n - 1))")
            for c in r.camps {
                let name = r.locationNames[c]
                let pad = name.padding(toLength: 22, withPad: " ", startingAt: 0)
                lines.append("  \(pad) \(leftPad(String(r.population(of: c, day: n - 1)), 8)) \(leftPad(String(v.value(name, day: n - 1)), 8))")
            }
        }
        if let folder { lines.append("  wrote \(folder)/\(table == nil ? "" : "out.csv, ")population.csv, out.meta.json") }
        return lines.map { $0 + "\n" }.joined()
    }

    private func leftPad(_ s: String, _ n: Int) -> String { String(repeating: " ", count: max(0, n - s.count)) + s }
}

/// out.meta.json: what was run, on what, and how it compared with the validation data.
public struct FleeRunMeta: Codable, Sendable {
    public var engine, input: String
    public var validation, settings: String?
    public var seed: UInt64
    public var mode, compat: String
    public var threads: Int?
    public var days: Int
    public var startDate: String
    public var finalPeople, agentDays, peoplePerAgent: Int
    public var ard, ardRescaled: Double?
    public var seconds: Double
    public var bytesPerPerson: Int
    public var warnings: [String]
}

/// A day's totals under the flight and return rules.
public struct FlightSeries: Codable, Sendable, Equatable {
    public var left, returned, everDisplaced, currentlyDisplaced, refugees: Int
}

private struct DayJSON: Encodable {
    var day: Int, date: String, population: [String: Int], inTransit: Int, total: Int, spawned: Int
    /// Only with flight_rules or return_rules.
    var flight: FlightSeries?
}

/// The document's keys after `days`.
private struct RestJSON: Encodable {
    var meta: FleeRunMeta, locations: [String], personDaysOverCapacity: [String: Int]
}
