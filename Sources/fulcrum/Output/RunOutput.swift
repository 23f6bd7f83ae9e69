import Crisis
import Foundation

/// results.json and the CSV tables of a run, written all at once: into a fresh
/// temporary folder beside the target, then renamed into place, so a failed or
/// interrupted run never leaves a half-written output folder.
enum RunOutput {
    static func json(_ result: CrisisResult) throws -> String { try JSONOutput.text(result) }

    /// `report`: the HTML report, written as report.html in the same folder.
    static func write(_ result: CrisisResult, to folder: URL, report: String? = nil) throws {
        let fm = FileManager.default
        let parent = folder.deletingLastPathComponent()
        let staging = parent.appendingPathComponent(".\(folder.lastPathComponent).partial-\(ProcessInfo.processInfo.processIdentifier)")
        try? fm.removeItem(at: staging)
        try fm.createDirectory(at: staging, withIntermediateDirectories: true)
        do {
            try (json(result) + "\n").write(to: staging.appendingPathComponent("results.json"), atomically: false, encoding: .utf8)
            try branchesCSV(result).write(to: staging.appendingPathComponent("branches.csv"), atomically: false, encoding: .utf8)
            try displacedCSV(result).write(to: staging.appendingPathComponent("displaced_by_day.csv"), atomically: false, encoding: .utf8)
            try locationsCSV(result).write(to: staging.appendingPathComponent("locations.csv"), atomically: false, encoding: .utf8)
            try populationCSV(result).write(to: staging.appendingPathComponent("population_by_day.csv"), atomically: false, encoding: .utf8)
            try routesCSV(result).write(to: staging.appendingPathComponent("routes.csv"), atomically: false, encoding: .utf8)
            try result.gameEFG.write(to: staging.appendingPathComponent("game.efg"), atomically: false, encoding: .utf8)
            if let report { try report.write(to: staging.appendingPathComponent("report.html"), atomically: false, encoding: .utf8) }
            if fm.fileExists(atPath: folder.path) { try fm.removeItem(at: folder) }
            try fm.moveItem(at: staging, to: folder)
        } catch {
            try? fm.removeItem(at: staging)
            throw error
        }
    }

    /// Writes a shard as `shard-K-of-M.json` into `folder` (created if needed), through a
    /// temporary file renamed into place, so other shards writing beside it are never disturbed.
    @discardableResult
    static func write(_ shard: CrisisShard, into folder: URL) throws -> URL {
        let fm = FileManager.default
        try fm.createDirectory(at: folder, withIntermediateDirectories: true)
        let target = folder.appendingPathComponent("shard-\(shard.index)-of-\(shard.count).json")
        let temp = folder.appendingPathComponent(".\(target.lastPathComponent).partial-\(ProcessInfo.processInfo.processIdentifier)")
        do {
            try JSONOutput.text(shard, compact: true).write(to: temp, atomically: false, encoding: .utf8)
            if fm.fileExists(atPath: target.path) { try fm.removeItem(at: target) }
            try fm.moveItem(at: temp, to: target)
        } catch {
            try? fm.removeItem(at: temp)
            throw error
        }
        return target
    }

    /// One row per terminal branch and consequence.
    static func branchesCSV(_ r: CrisisResult) -> String {
        var lines = ["branch,schedule,probability,consequence,median,p05,p95,mean"]
        for b in r.branches {
            for c in r.consequences {
                guard let s = b.consequences[c.id] else { continue }
                lines.append([csv(b.id), csv(b.schedule), num(b.probability), csv(c.id),
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
                lines.append([csv(s.id), String(d), num(band.median), num(band.p05), num(band.p95)].joined(separator: ","))
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
                lines.append([csv(s.id), csv(location), num(a.median), num(a.p05), num(a.p95),
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
                    lines.append([csv(s.id), csv(place), String(day), num(band.median[k]), num(band.p05[k]), num(band.p95[k])]
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
                lines.append([csv(s.id), csv(f.from), csv(f.to), num(f.people.median), num(f.people.p05), num(f.people.p95),
                              num(f.net.median), num(f.net.p05), num(f.net.p95)].joined(separator: ","))
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    static func csv(_ s: String) -> String {
        s.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" }) ? "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : s
    }

    static func num(_ x: Double) -> String { x.isFinite ? String(x) : "nan" }
}
