import BoundedInput
import Foundation

/// A Flee instance: input directory, optional validation directory and settings, loaded
/// the way Flee 3.1's run script loads them, with Fulcrum's checks.
public struct FleeInstance: Sendable {
    public var inputDirectory: String
    public var geography: Geography
    public var conflicts: ConflictSchedule
    public var period: SimulationPeriod?
    public var validation: ValidationData?
    public var settings: SimulationSettings
    public var settingsPath: String?
    /// People before day 0 by location index (none from Flee's files; for callers' use).
    public var initialPeople: [Int: Int]
    /// Preset people from agents.csv (`read_from_agents_csv_file`), in file order.
    public var presetPeople: [PresetPerson]
    /// demographics_*.csv tables from the input directory.
    public var demographics: Demographics
    public var warnings: [String]

    /// Loads an instance. `compatibility` selects 3.1's reading rules where they differ
    /// (unknown conflict columns warned and dropped; conflicts.csv required; multi-file
    /// validation rows merged step-wise).
    public static func load(input: String, validation: String?, settings: String?,
                            compatibility: Compatibility = .fulcrum) throws -> FleeInstance {
        var isDir: ObjCBool = false
        guard FileManager.default.fileExists(atPath: input, isDirectory: &isDir), isDir.boolValue else {
            throw DisplacementInputError(file: input, "not a directory")
        }
        let s = try settings.map { try SimulationSettings.load(path: $0) } ?? SimulationSettings()
        return try load(source: .directory(URL(fileURLWithPath: input)), inputDirectory: input, validation: validation,
                        settings: s, settingsPath: settings, compatibility: compatibility)
    }

    /// Loads an instance whose input files are held in memory: file name
    /// (`locations.csv`, `routes.csv`, `closures.csv`, `conflicts.csv`,
    /// `conflict_period.csv`, `agents.csv`, `demographics_*.csv`) → bytes. The same
    /// readers, checks and limits as `load(input:…)`; errors name the files by these
    /// names. No validation data (it lives in its own folder).
    public static func load(files: [String: Data], settings: SimulationSettings = SimulationSettings(),
                            compatibility: Compatibility = .fulcrum) throws -> FleeInstance {
        try load(source: .memory(files), inputDirectory: "", validation: nil, settings: settings, settingsPath: nil,
                 compatibility: compatibility)
    }

    static func load(source: FileSource, inputDirectory input: String, validation: String?, settings s: SimulationSettings,
                     settingsPath settings: String?, compatibility: Compatibility) throws -> FleeInstance {
        let compat = compatibility == .flee31
        var warnings: [String] = s.warnings
        let geography = try Geography.load(from: source)
        let period = try SimulationPeriod.load(from: source)
        let conflicts: ConflictSchedule
        if source.exists("conflicts.csv") {
            conflicts = try ConflictSchedule.read(source.csv("conflicts.csv"), file: source.path("conflicts.csv"), geography: geography,
                                                  ignoreUnknownColumns: compat, warnings: &warnings)
        } else if compat {
            throw DisplacementInputError(file: source.path("conflicts.csv"), "missing (Flee 3.1 always reads it)")
        } else {
            conflicts = ConflictSchedule.fromLocations(geography)
            warnings.append("no conflicts.csv: conflict onsets taken from locations.csv (conflict_date, conflict_intensity)")
        }
        var data: ValidationData? = nil
        if let validation {
            guard let period else {
                throw DisplacementInputError(file: source.path("conflict_period.csv"), "missing: the validation data need the StartDate")
            }
            data = try ValidationData.load(directory: validation, start: period.startDate, hasten: s.hasten, fleeMerge: compat)
            let corrections = "registration_corrections.csv"
            if source.exists(corrections) { try data!.applyCorrections(source.csv(corrections), file: source.path(corrections)) }
        }
        var preset: [PresetPerson] = []
        if s.readFromAgentsCSVFile {
            let path = source.path("agents.csv")
            var header: [String] = []
            for r in try source.csv("agents.csv") where !r.isBlank {
                let cells = r.cells.map { $0.trimmingCharacters(in: .whitespaces) }
                if header.isEmpty && (cells.first?.trimmingCharacters(in: CharacterSet(charactersIn: "#")) == "location") {
                    header = cells.map { $0.trimmingCharacters(in: CharacterSet(charactersIn: "#")) }; continue
                }
                if r.isComment { continue }
                guard let i = geography.index(of: cells[0]) else { warnings.append("\(path):\(r.line): no location named '\(cells[0])' (agent skipped)"); continue }
                var p = PresetPerson(location: i)
                if let c = header.firstIndex(of: "age"), c < cells.count, !cells[c].isEmpty {
                    guard let a = Int(cells[c]) else { throw DisplacementInputError(file: path, line: r.line, field: "age", "'\(cells[c])' is not an integer") }
                    p.age = a
                }
                if let c = header.firstIndex(of: "gender"), c < cells.count, !cells[c].isEmpty { p.gender = cells[c] }
                preset.append(p)
            }
        }
        let demographics = try Demographics.load(from: source)
        if !demographics.isEmpty && !s.childrenAvoidHazards {
            warnings.append("demographics_*.csv present but unused (only ChildrenAvoidHazards/BoysTakeRisk read them)")
        }
        return FleeInstance(inputDirectory: input, geography: geography, conflicts: conflicts, period: period, validation: data,
                            settings: s, settingsPath: settings, initialPeople: [:], presetPeople: preset, demographics: demographics, warnings: warnings)
    }
}
