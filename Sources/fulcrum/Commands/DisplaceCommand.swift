import ArgumentParser
import BoundedInput
import Displacement
import Foundation

extension SimulationMode: ExpressibleByArgument {}
extension Compatibility: ExpressibleByArgument {}

/// `fulcrum displace`: run the displacement model on a Flee input directory.
struct DisplaceCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "displace",
        abstract: "Run the displacement model on a Flee-format instance.",
        discussion: """
            INPUT_DIR is a Flee input directory (locations.csv, routes.csv, closures.csv, conflicts.csv,
            conflict_period.csv or sim_period.csv, registration_corrections.csv), or an instance folder
            holding input/, validation/ and simsetting.yml. Without --validation, a validation/ folder
            beside the input directory is used when present. --out DIR writes out.csv (Flee's columns),
            population.csv (every location, every day) and out.meta.json (seed, mode, ARD).
            With Fulcrum's flight_rules or return_rules in the settings (docs/displacement.md; refused
            under --compat flee-3.1), population.csv and the JSON output add each day's left,
            returned, ever displaced, currently displaced and refugees.
            """)

    @Argument(help: "Flee input directory, or an instance folder with input/ and validation/.")
    var inputDir: String

    @Option(help: "Validation directory (data_layout.csv and the series it names).")
    var validation: String?

    @Option(help: "simsetting.yml (default: the instance's simsetting.yml, if any).")
    var settings: String?

    @Option(help: "Days to simulate (default: Length in conflict_period.csv).")
    var days: Int?

    @Option(help: "agent (one record per person) or cohort (multinomial groups).")
    var mode: SimulationMode = .agent

    @Option(name: .customLong("compat"), help: "fulcrum (default, 3.1 bugs fixed) or flee-3.1 (reproduce Flee 3.1's statistics).")
    var compatibility: Compatibility = .fulcrum

    @Option(help: "Folder to write out.csv, population.csv and out.meta.json into (replaced whole, never half-written; see --force).")
    var out: String?

    @Flag(help: ArgumentHelp(forceHelp))
    var force = false

    @OptionGroup var common: CommonOptions

    func validate() throws {
        if force && out == nil { throw ValidationError("--force has no effect without --out") }
    }

    func run() throws {
        do { try execute() } catch let e as DisplacementInputError { throw failure("\(e)") } catch let e as DisplacementRunError { throw failure("\(e)") }
    }

    private func execute() throws {
        let fm = FileManager.default
        var input = inputDir
        var instanceRoot = URL(fileURLWithPath: inputDir).deletingLastPathComponent().path
        if fm.fileExists(atPath: URL(fileURLWithPath: inputDir).appendingPathComponent("input/locations.csv").path) {
            input = URL(fileURLWithPath: inputDir).appendingPathComponent("input").path
            instanceRoot = inputDir
        }
        let root = URL(fileURLWithPath: instanceRoot)
        var validationDir = validation
        if validationDir == nil, fm.fileExists(atPath: root.appendingPathComponent("validation/data_layout.csv").path) {
            validationDir = root.appendingPathComponent("validation").path
        }
        var settingsFile = settings
        if settingsFile == nil {
            for cand in [URL(fileURLWithPath: input).appendingPathComponent("simsetting.yml").path, root.appendingPathComponent("simsetting.yml").path]
            where fm.fileExists(atPath: cand) { settingsFile = cand; break }
        }
        let instance = try FleeInstance.load(input: input, validation: validationDir, settings: settingsFile, compatibility: compatibility)
        let n: Int
        if let days, days > 0 { n = days } else if let p = instance.period { n = p.length } else {
            throw DisplacementRunError("no --days and no conflict_period.csv/sim_period.csv in \(input)")
        }
        // Every location keeps a value per day: refuse absurd runs before allocating.
        if n > Self.maxDays { throw DisplacementRunError("\(n) days is longer than \(Self.maxDays) (100 years)") }
        let cells = instance.geography.locations.count.multipliedReportingOverflow(by: n)
        if cells.overflow || cells.partialValue > Self.maxLocationDays {
            throw DisplacementRunError("\(instance.geography.locations.count) locations × \(n) days is more than \(Self.maxLocationDays) location-days")
        }
        let options = RunOptions(mode: mode, compatibility: compatibility, threads: common.threads, validation: instance.validation,
                                 initialPeople: instance.initialPeople, demographics: instance.demographics,
                                 presetPeople: instance.presetPeople)
        try RunBounds.check(geography: instance.geography, conflicts: instance.conflicts, settings: instance.settings, days: n, options: options)
        let outFolder = try out.map {
            try outputFolder($0, writtenBy: "fulcrum displace", inputs: [inputDir, input] + [validationDir, settingsFile].compactMap { $0 }, force: force)
        }
        let bar = common.format == .text ? ProgressLine(label: "simulating") : nil
        let started = Date()
        let result = try simulate(
            geography: instance.geography, conflicts: instance.conflicts, settings: instance.settings, days: n, seed: common.seed,
            options: options, progress: { bar?.update($0, $1) })
        bar?.finish()
        let seconds = Date().timeIntervalSince(started)
        var seen = Set<String>()
        let warnings = (instance.warnings + result.warnings).filter { seen.insert($0).inserted }
        for w in warnings { printError("warning: \(w)") }

        let start = instance.period?.startDate ?? CivilDate(year: 2000, month: 1, day: 1)!
        let fulcrumRules = instance.settings.flightRules != nil || instance.settings.returnRules != nil
        var table: FleeOutput? = nil
        if let v = instance.validation {
            let idp = result.camps.filter { instance.geography.locations[$0].kind == .idpCamp }
            table = FleeOutput(result: result, validation: v, start: start, idpTotals: instance.settings.logIdpTotals > 0, idpCamps: idp)
        }
        let meta = RunMeta(engine: "fulcrum \(Fulcrum.version)", input: input, validation: validationDir, settings: settingsFile,
                           seed: common.seed, mode: mode.rawValue, compat: compatibility.rawValue, threads: common.threads,
                           days: n, startDate: start.description, finalPeople: result.displaced.last ?? 0, agentDays: result.agentDays,
                           peoplePerAgent: result.peoplePerAgent, ard: table?.ard, ardRescaled: table?.ardRescaled,
                           seconds: seconds, bytesPerPerson: result.bytesPerPerson, warnings: warnings)
        if let outFolder {
            var files: [(name: String, text: String)] = []
            if let table { files.append(("out.csv", table.csv)) }
            // The flight and return series only when their rules are on (the table is Flee's otherwise).
            let extra = fulcrumRules ? ["left", "returned", "ever displaced", "currently displaced", "refugees"] : []
            var pop = (["Day", "Date"] + result.locationNames + ["in transit", "total"] + extra).map(csvField).joined(separator: ",") + "\n"
            for t in 0..<n {
                pop += "\(t),\(start.adding(days: t))," + (0..<result.locationCount).map { String(result.population(of: $0, day: t)) }.joined(separator: ",")
                pop += ",\(result.inTransit[t]),\(result.displaced[t])"
                if fulcrumRules {
                    let series = flightSeries(result, day: t)
                    pop += ",\(series.left),\(series.returned),\(series.everDisplaced),\(series.currentlyDisplaced),\(series.refugees)"
                }
                pop += "\n"
            }
            files.append(("population.csv", pop))
            files.append(("out.meta.json", try JSONOutput.text(meta) + "\n"))
            try writeOutput(files, to: outFolder)
        }
        switch common.format {
        case .json:
            try Self.printJSON(days: (0..<n).lazy.map { t in
                DayJSON(day: t, date: start.adding(days: t).description,
                        population: Dictionary(uniqueKeysWithValues: (0..<result.locationCount).map { (result.locationNames[$0], result.population(of: $0, day: t)) }),
                        inTransit: result.inTransit[t], total: result.displaced[t], spawned: result.spawned[t],
                        flight: fulcrumRules ? flightSeries(result, day: t) : nil)
            }, rest: RunJSONRest(meta: meta, locations: result.locationNames,
                                 personDaysOverCapacity: Dictionary(uniqueKeysWithValues: zip(result.locationNames, result.personDaysOverCapacity))))
        case .text:
            print("fulcrum displace: \(input)")
            print("  mode \(mode.rawValue), compat \(compatibility.rawValue), seed \(common.seed), \(n) days from \(start)")
            print("  people at end: \(result.displaced.last ?? 0) (×\(result.peoplePerAgent)), in transit \(result.inTransit.last ?? 0); agent-days \(result.agentDays)")
            if fulcrumRules && n > 0 {
                let s = flightSeries(result, day: n - 1)
                print("  flight and return rules: ever displaced \(s.everDisplaced), returned \(result.returnedTotal(day: n - 1)), currently displaced \(s.currentlyDisplaced), refugees \(s.refugees)")
            }
            print(String(format: "  time %.3f s, %.1f M agent-days/s", seconds, Double(result.agentDays) / max(seconds, 1e-9) / 1e6))
            if let table, let a = table.ard, let ar = table.ardRescaled {
                print(String(format: "  averaged relative difference: %.4f (rescaled %.4f)", a, ar))
                print("  camp                      sim     data   (day \(n - 1))")
                for c in result.camps {
                    let name = result.locationNames[c]
                    let pad = name.padding(toLength: 22, withPad: " ", startingAt: 0)
                    print("  \(pad) \(String(result.population(of: c, day: n - 1)).leftPad(8)) \(String(instance.validation!.value(name, day: n - 1)).leftPad(8))")
                }
            }
            if let out { print("  wrote \(out)/\(table == nil ? "" : "out.csv, ")population.csv, out.meta.json") }
        }
    }

    /// Prints `{"days": [...], <rest's keys>}` exactly as `JSONOutput.text` prints the whole
    /// document (keys sorted: `days` comes first), one day at a time: the document is some
    /// 170 bytes per location-day, too much to hold whole for a large instance.
    static func printJSON<Days: Sequence, Rest: Encodable>(days: Days, rest: Rest) throws where Days.Element: Encodable {
        print("{\n  \"days\" : [")
        var first = true
        for d in days {
            let text = try JSONOutput.text(d).split(separator: "\n", omittingEmptySubsequences: false).map { "    " + $0 }.joined(separator: "\n")
            print((first ? "" : ",\n") + text, terminator: "")
            first = false
        }
        print("\n  ],")
        print(try JSONOutput.text(rest).dropFirst(2))
    }

    static let maxDays = 36_500
    static let maxLocationDays = 500_000_000
}

private struct RunMeta: Encodable {
    var engine, input: String
    var validation, settings: String?
    var seed: UInt64
    var mode, compat: String
    var threads: Int?
    var days: Int
    var startDate: String
    var finalPeople, agentDays, peoplePerAgent: Int
    var ard, ardRescaled: Double?
    var seconds: Double
    var bytesPerPerson: Int
    var warnings: [String]
}

private struct DayJSON: Encodable {
    var day: Int, date: String, population: [String: Int], inTransit: Int, total: Int, spawned: Int
    /// Only with flight_rules or return_rules.
    var flight: FlightSeries?
}

/// A day's totals under the flight and return rules (docs/displacement.md, "Flight and return rules").
private struct FlightSeries: Encodable {
    var left, returned, everDisplaced, currentlyDisplaced, refugees: Int
}

private func flightSeries(_ r: DisplacementResult, day t: Int) -> FlightSeries {
    let row = (t * r.locationCount)..<((t + 1) * r.locationCount)
    return FlightSeries(left: r.left[row].reduce(0, +), returned: r.returned[row].reduce(0, +), everDisplaced: r.everDisplaced(day: t),
                        currentlyDisplaced: r.currentlyDisplaced(day: t), refugees: r.refugees(day: t))
}

/// The document's keys after `days`.
private struct RunJSONRest: Encodable {
    var meta: RunMeta, locations: [String], personDaysOverCapacity: [String: Int]
}

private extension String {
    func leftPad(_ n: Int) -> String { String(repeating: " ", count: max(0, n - count)) + self }
}

