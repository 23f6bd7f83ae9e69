import BoundedInput
import Foundation

/// Which locations are conflict zones on which days, at what intensity. Built from
/// Flee's conflicts.csv (a day × location table, ground fighting only) or, for the crisis
/// runner, from spells: "location X is a conflict zone from day a (until day b) at
/// intensity c", or "location X is bombarded …".
public struct ConflictSchedule: Sendable, Hashable {
    /// A period of conflict at one location: from `from` (inclusive) to `until` (exclusive;
    /// nil = to the end of the run; `DaySpan`), at `intensity` (> 0).
    public struct Spell: Sendable, Hashable {
        /// `.ground`: the location is a conflict zone (its move chance and score change).
        /// `.bombardment`: a threat without fighting on the ground: it feeds `flight_rules`
        /// and lowers the location's score like a conflict of that intensity, but the
        /// location does not become a conflict zone (docs/displacement.md, "Threat").
        public enum Kind: String, Sendable, Hashable { case ground, bombardment }
        public var location: String
        public var from: Int
        public var until: Int?
        public var intensity: Double
        public var kind: Kind
        public init(location: String, from: Int, until: Int? = nil, intensity: Double = 1, kind: Kind = .ground) {
            self.location = location; self.from = from; self.until = until; self.intensity = intensity; self.kind = kind
        }
    }

    /// Location names in column order.
    public private(set) var columns: [String]
    /// Intensity rows, one per day (row t is day t); nil when the schedule is made of spells.
    private var rows: [[Double]]?
    private var spells: [Spell]
    /// Spells grouped by column, for O(spells of one location) lookups.
    private var byColumn: [[Spell]]

    /// A schedule of spells; columns are the spells' locations in first-mention order.
    public init(spells: [Spell]) {
        var cols: [String] = []
        var index: [String: Int] = [:]
        var groups: [[Spell]] = []
        for s in spells {
            if let j = index[s.location] { groups[j].append(s) } else {
                index[s.location] = cols.count; cols.append(s.location); groups.append([s])
            }
        }
        columns = cols
        rows = nil
        self.spells = spells
        byColumn = groups
    }

    /// A table: `rows[t][j]` is the intensity of `columns[j]` on day t.
    public init(columns: [String], rows: [[Double]]) {
        self.columns = columns; self.rows = rows; self.spells = []; byColumn = []
    }

    /// No conflict anywhere.
    public static let none = ConflictSchedule(spells: [])

    /// Days covered by a table (nil for spells, which cover any number of days).
    public var tableDays: Int? { rows?.count }

    /// Ground conflict intensity of column j on day t (0 = no conflict).
    public func intensity(column j: Int, day t: Int) -> Double {
        if let rows { return t < rows.count ? rows[t][j] : rows.last?[j] ?? 0 }
        return spellIntensity(column: j, day: t, kind: .ground)
    }

    /// Bombardment intensity of column j on day t (0 = none; a table has none).
    public func bombardment(column j: Int, day t: Int) -> Double {
        rows == nil ? spellIntensity(column: j, day: t, kind: .bombardment) : 0
    }

    /// Whether any spell is a bombardment.
    public var hasBombardment: Bool { spells.contains { $0.kind == .bombardment } }

    private func spellIntensity(column j: Int, day t: Int, kind: Spell.Kind) -> Double {
        var v = 0.0
        for s in byColumn[j] where s.kind == kind && DaySpan(from: s.from, until: s.until).contains(t) { v = max(v, s.intensity) }
        return v
    }

    /// The largest intensity each location ever has, by name.
    public var maxIntensities: [String: Double] {
        var out: [String: Double] = [:]
        for (j, name) in columns.enumerated() {
            let m = rows.map { r in r.reduce(0) { max($0, $1[j]) } } ?? byColumn[j].reduce(0) { max($0, $1.intensity) }
            out[name] = max(out[name] ?? 0, m)
        }
        return out
    }

    /// Onsets derived from locations.csv when there is no conflicts.csv: every conflict
    /// row is a conflict zone from its `conflict_date` at its `conflict_intensity`.
    public static func fromLocations(_ g: Geography) -> ConflictSchedule {
        ConflictSchedule(spells: g.locations.filter { $0.kind == .conflictZone }.map {
            Spell(location: $0.name, from: $0.conflictDate, intensity: $0.conflictIntensity)
        })
    }

    /// Reads conflicts.csv. A column naming no location is an error, or (with
    /// `ignoreUnknownColumns`, 3.1's behaviour) dropped with a warning.
    public static func read(_ path: String, geography: Geography, ignoreUnknownColumns: Bool = false,
                            warnings: inout [String]) throws -> ConflictSchedule {
        try read(CSV.records(readBoundedFile(path)), file: path, geography: geography, ignoreUnknownColumns: ignoreUnknownColumns, warnings: &warnings)
    }

    static func read(_ all: [CSVRecord], file path: String, geography: Geography, ignoreUnknownColumns: Bool,
                     warnings: inout [String]) throws -> ConflictSchedule {
        let records = all.filter { !$0.isBlank }
        guard let head = records.first else { throw DisplacementInputError(file: path, "empty file: expected a header row") }
        let names = Set(geography.locations.map(\.name))
        var keep: [Int] = []
        var cols: [String] = []
        for (i, cell) in head.cells.enumerated().dropFirst() {
            let n = cell.trimmingCharacters(in: .whitespaces)
            if n.isEmpty { continue }
            if !names.contains(n) {
                if ignoreUnknownColumns {
                    warnings.append("\(path):\(head.line): column '\(n)' names no location (ignored, as Flee 3.1 does)")
                    continue
                }
                throw DisplacementInputError(file: path, line: head.line, field: "column \(i + 1)", "'\(n)' names no location in locations.csv")
            }
            keep.append(i); cols.append(n)
        }
        var rows: [[Double]] = []
        for r in records.dropFirst() {
            var row: [Double] = []
            row.reserveCapacity(keep.count)
            for (j, i) in keep.enumerated() {
                guard let v = r.cell(i)?.trimmingCharacters(in: .whitespaces), !v.isEmpty else {
                    throw DisplacementInputError(file: path, line: r.line, field: cols[j], "missing value")
                }
                guard let d = Double(v), d.isFinite, ValueBounds.conflictIntensity.contains(d) else {
                    throw DisplacementInputError(file: path, line: r.line, field: cols[j], "'\(v)' is not an intensity within \(ValueBounds.describe(ValueBounds.conflictIntensity))")
                }
                row.append(d)
            }
            rows.append(row)
        }
        return ConflictSchedule(columns: cols, rows: rows)
    }
}

/// The simulated period: `StartDate` and `Length` (conflict_period.csv or sim_period.csv).
public struct SimulationPeriod: Sendable, Hashable {
    public var startDate: CivilDate
    public var length: Int
    public init(startDate: CivilDate, length: Int) { self.startDate = startDate; self.length = length }

    /// Reads conflict_period.csv or sim_period.csv from an input directory; both present
    /// and disagreeing is an error.
    public static func load(inputDirectory dir: String) throws -> SimulationPeriod? {
        try load(from: .directory(URL(fileURLWithPath: dir)))
    }

    static func load(from source: FileSource) throws -> SimulationPeriod? {
        var found: [(String, SimulationPeriod)] = []
        for name in ["conflict_period.csv", "sim_period.csv"] where source.exists(name) {
            found.append((source.path(name), try read(source.csv(name), file: source.path(name))))
        }
        if found.count == 2 && found[0].1 != found[1].1 {
            throw DisplacementInputError(file: found[1].0, "disagrees with \(found[0].0) (\(found[1].1.startDate)/\(found[1].1.length) vs \(found[0].1.startDate)/\(found[0].1.length))")
        }
        return found.first?.1
    }

    public static func read(_ path: String) throws -> SimulationPeriod {
        try read(CSV.records(readBoundedFile(path)), file: path)
    }

    static func read(_ records: [CSVRecord], file path: String) throws -> SimulationPeriod {
        var start: CivilDate? = nil
        var length: Int? = nil
        for r in records where !r.isBlank {
            let c = CellReader(file: path, record: r)
            switch (r.cell(0) ?? "").trimmingCharacters(in: .whitespaces).lowercased() {
            case "startdate":
                let v = try c.nonEmpty(1, "StartDate")
                guard let d = CivilDate(iso: v) else { throw DisplacementInputError(file: path, line: r.line, field: "StartDate", "'\(v)' is not a YYYY-MM-DD date") }
                start = d
            case "length":
                length = try c.int(1, "Length")
                if length! < 0 { throw DisplacementInputError(file: path, line: r.line, field: "Length", "must not be negative") }
            default: continue
            }
        }
        guard let start else { throw DisplacementInputError(file: path, field: "StartDate", "missing row") }
        guard let length else { throw DisplacementInputError(file: path, field: "Length", "missing row") }
        return SimulationPeriod(startDate: start, length: length)
    }
}
