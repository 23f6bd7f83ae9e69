import BoundedInput
import Crisis
import Foundation

/// The files of a run's --out folder (results.json, the CSV tables, the game), and a
/// shard's text: views of a `CrisisResult`, written by the caller through `BoundedInput`'s
/// one all-or-nothing writer.
public enum RunTables {
    public static func json(_ result: CrisisResult) throws -> String { try JSONOutput.text(result) }

    /// The folder's files, by name; `report`: the HTML report, as report.html.
    public static func files(_ result: CrisisResult, report: String? = nil) throws -> [(name: String, text: String)] {
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
        return files
    }

    /// The name of shard K of M, and its text (compact JSON).
    public static func shardName(_ index: Int, of count: Int) -> String { "shard-\(index)-of-\(count).json" }
    public static func shardText(_ shard: CrisisShard) throws -> String { try JSONOutput.text(shard, compact: true) }

    /// One row per terminal branch and consequence.
    public static func branchesCSV(_ r: CrisisResult) -> String {
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
    public static func displacedCSV(_ r: CrisisResult) -> String {
        var lines = ["schedule,day,median,p05,p95"]
        for s in r.schedules {
            for (d, band) in s.displacedByDay.enumerated() {
                lines.append([csvField(s.id), String(d), num(band.median), num(band.p05), num(band.p95)].joined(separator: ","))
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// One row per conflict schedule and location: arrivals and person-days over capacity.
    public static func locationsCSV(_ r: CrisisResult) -> String {
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
    public static func populationCSV(_ r: CrisisResult) -> String {
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
    public static func routesCSV(_ r: CrisisResult) -> String {
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
