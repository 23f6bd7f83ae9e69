import BoundedInput
import Foundation

/// Flee's demographic tables (`demographics_<attribute>.csv`): for each
/// attribute, the possible values with `Default` weights and optional per-location weight
/// columns. Fulcrum reads them from the instance's input directory (3.1 looks in the working
/// directory, Q15).
public struct Demographics: Sendable, Hashable {
    public struct Table: Sendable, Hashable {
        public var values: [String]
        public var defaultWeights: [Double]
        /// Weight columns by location name.
        public var byLocation: [String: [Double]]
    }
    public var tables: [String: Table]

    public init(tables: [String: Table] = [:]) { self.tables = tables }

    public var isEmpty: Bool { tables.isEmpty }

    public static func load(inputDirectory dir: String) throws -> Demographics {
        try load(from: .directory(URL(fileURLWithPath: dir)))
    }

    static func load(from source: FileSource) throws -> Demographics {
        var tables: [String: Table] = [:]
        for name in source.names() where name.hasPrefix("demographics_") && name.hasSuffix(".csv") {
            let attr = String(name.dropFirst("demographics_".count).dropLast(4))
            let path = source.path(name)
            let rows = try source.csv(name).filter { !$0.isBlank }
            guard let head = rows.first else { throw DisplacementInputError(file: path, "empty file") }
            let cols = head.cells.map { $0.trimmingCharacters(in: .whitespaces).trimmingCharacters(in: CharacterSet(charactersIn: "#")) }
            guard let def = cols.firstIndex(of: "Default") else {
                throw DisplacementInputError(file: path, line: head.line, field: "Default", "missing column")
            }
            var t = Table(values: [], defaultWeights: [], byLocation: [:])
            var locCols: [(String, Int)] = []
            for (i, c) in cols.enumerated() where i > 0 && i != def { locCols.append((c, i)); t.byLocation[c] = [] }
            for r in rows.dropFirst() {
                let cr = CellReader(file: path, record: r)
                t.values.append(try cr.nonEmpty(0, attr))
                let w = try cr.double(def, "Default")
                if w < 0 { throw DisplacementInputError(file: path, line: r.line, field: "Default", "negative weight") }
                t.defaultWeights.append(w)
                for (c, i) in locCols { t.byLocation[c]!.append(try cr.double(i, c)) }
            }
            if !(t.defaultWeights.reduce(0, +) > 0) { throw DisplacementInputError(file: path, field: "Default", "weights sum to 0") }
            tables[attr] = t
        }
        return Demographics(tables: tables)
    }

    /// Cumulative weights for drawing an attribute at a location (its column, else Default).
    func cumulative(_ attr: String, location: String) -> (values: [String], cum: [Double])? {
        guard let t = tables[attr] else { return nil }
        var w = t.byLocation[location] ?? t.defaultWeights
        if !(w.reduce(0, +) > 0) { w = t.defaultWeights }
        for i in 1..<max(1, w.count) { w[i] += w[i - 1] }
        return (t.values, w)
    }
}
