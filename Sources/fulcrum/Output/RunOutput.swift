import BoundedInput
import Crisis
import Foundation

/// results.json and the CSV tables of a run, as the files of an `OutputFolder` (written
/// all or nothing, replacing the folder whole), and a shard as one `OutputFile`.
enum RunOutput {
    static func json(_ result: CrisisResult) throws -> String { try JSONOutput.text(result) }

    /// `report`: the HTML report, written as report.html in the same folder.
    static func write(_ result: CrisisResult, to folder: OutputFolder, report: String? = nil) throws {
        var files: [(name: String, text: String)] = [
            ("results.json", try json(result) + "\n"),
            ("branches.csv", branchesCSV(result)),
            ("displaced_by_day.csv", displacedCSV(result)),
            ("locations.csv", locationsCSV(result)),
            ("population_by_day.csv", populationCSV(result)),
            ("routes.csv", routesCSV(result)),
            ("game.efg", result.gameEFG),
        ]
        if let report { files.append(("report.html", report)) }
        try writeOutput(files, to: folder)
    }

    /// The shard's file, `shard-K-of-M.json` in `folder` (made if needed), checked before the work.
    static func shardFile(_ index: Int, of count: Int, in folder: String) throws -> OutputFile {
        try checkOutput { () throws(OutputError) in
            try OutputFile(URL(fileURLWithPath: folder).appendingPathComponent("shard-\(index)-of-\(count).json").path, createFolder: true)
        }
    }

    /// Writes a shard through a staging file renamed into place, so other shards written beside it are never disturbed.
    static func write(_ shard: CrisisShard, to file: OutputFile) throws {
        let text = try JSONOutput.text(shard, compact: true)
        try checkOutput { () throws(OutputError) in try file.write(Data(text.utf8)) }
    }

    /// One row per terminal branch and consequence.
    static func branchesCSV(_ r: CrisisResult) -> String {
        var lines = ["branch,schedule,probability,consequence,median,p05,p95,mean"]
        for b in r.branches {
            for c in r.consequences {
                guard let s = b.consequences[c.id] else { continue }
                lines.append([csvField(b.id), csvField(b.schedule), num(b.probability), csvField(c.id),
                              num(s.median), num(s.p05), num(s.p95), num(s.mean)].joined(separator: ","))
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// One row per conflict schedule and day: cumulative people displaced.
    static func displacedCSV(_ r: CrisisResult) -> String {
        var lines = ["schedule,day,median,p05,p95"]
        for s in r.schedules {
            for (d, band) in s.displacedByDay.enumerated() {
                lines.append([csvField(s.id), String(d), num(band.median), num(band.p05), num(band.p95)].joined(separator: ","))
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// One row per conflict schedule and location: arrivals and person-days over capacity.
    static func locationsCSV(_ r: CrisisResult) -> String {
        var lines = ["schedule,location,arrivals_median,arrivals_p05,arrivals_p95,overload_person_days_median,overload_person_days_p05,overload_person_days_p95"]
        for s in r.schedules {
            for location in s.arrivalsByLocation.keys.sorted() {
                let a = s.arrivalsByLocation[location]!, o = s.overloadPersonDaysByLocation[location]!
                lines.append([csvField(s.id), csvField(location), num(a.median), num(a.p05), num(a.p95),
                              num(o.median), num(o.p05), num(o.p95)].joined(separator: ","))
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// One row per conflict schedule, place and grid day: displaced people present there
    /// (`in transit` rows: people on the roads).
    static func populationCSV(_ r: CrisisResult) -> String {
        var lines = ["schedule,location,day,median,p05,p95"]
        for s in r.schedules {
            guard let days = s.populationDays else { continue }
            var series = (s.populationByLocation ?? [:]).sorted { $0.key < $1.key }
            if let t = s.inTransit { series.append(("in transit", t)) }
            for (place, band) in series {
                for (k, day) in days.enumerated() {
                    lines.append([csvField(s.id), csvField(place), String(day), num(band.median[k]), num(band.p05[k]), num(band.p95[k])]
                        .joined(separator: ","))
                }
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// One row per conflict schedule and route direction: people who travelled it, and the
    /// net movement along it.
    static func routesCSV(_ r: CrisisResult) -> String {
        var lines = ["schedule,from,to,people_median,people_p05,people_p95,net_median,net_p05,net_p95"]
        for s in r.schedules {
            for f in s.routeFlows ?? [] {
                lines.append([csvField(s.id), csvField(f.from), csvField(f.to), num(f.people.median), num(f.people.p05), num(f.people.p95),
                              num(f.net.median), num(f.net.p05), num(f.net.p95)].joined(separator: ","))
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    static func num(_ x: Double) -> String { x.isFinite ? String(x) : "nan" }
}
