import BoundedInput
import Foundation

extension Scenario {
    /// The Flee input folder for one conflict schedule, as file name → contents:
    /// locations.csv, routes.csv and closures.csv with current values (fix a
    /// sampled scenario first), conflicts.csv from the schedule (one column per
    /// location the schedule names, one row per day of the horizon) and
    /// conflict_period.csv (the as-of date and the horizon). Deterministic.
    public func fleeInput(schedule id: String) throws -> [String: String] {
        guard let schedule = schedule(id) else {
            throw SettingError(path: id, message: "no conflict schedule '\(id)'",
                               suggestion: closestMatch(id, in: schedules.map(\.id)))
        }
        var names: [String] = []
        for z in schedule.zones where !names.contains(z.location) { names.append(z.location) }
        return [
            "locations.csv": geography.fleeLocationsCSV(),
            "routes.csv": geography.fleeRoutesCSV(),
            "closures.csv": geography.fleeClosuresCSV(),
            "conflicts.csv": schedule.fleeConflictsCSV(locations: names, days: metadata.horizonDays),
            "conflict_period.csv": "StartDate,\(metadata.asOf)\nLength,\(metadata.horizonDays)\n",
        ]
    }

    /// Writes `fleeInput(schedule:)` as the folder `directory` through `OutputFolder`:
    /// replaced whole, all or nothing, refused if it is a folder Fulcrum did not write
    /// unless `force`.
    public func writeFleeInput(schedule id: String, to directory: URL, force: Bool = false) throws {
        let files = try fleeInput(schedule: id)
        let folder = try OutputFolder(directory.path, writtenBy: "Scenario.writeFleeInput", force: force)
        try folder.write(files.sorted(by: { $0.key < $1.key }).map { ($0.key, Data($0.value.utf8)) })
    }
}
