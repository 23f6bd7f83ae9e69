import BoundedInput
import Foundation

/// Reads KTAB's SMP input files unchanged: CSV (`csvRead`) and XML (`smpSchema.xsd`).
/// Errors name the file, the line and the field; nothing is returned on a bad file.
public enum KTABReader {
    /// Reads a `.csv` or `.xml` file by its extension; without one (a pipe), by its first character.
    public static func read(path: String) throws -> BargainingProblem {
        let url = URL(fileURLWithPath: path)
        let data = try readBoundedData(path)
        switch url.pathExtension.lowercased() {
        case "csv": return try readCSV(data: data, file: path)
        case "xml": return try readXML(data: data, file: path)
        default:
            // A pipe (`/dev/stdin`, `<(…)`) has no extension: KTAB XML starts with '<'
            // (after any byte-order mark and blank space), KTAB CSV never does.
            let skipped: Set<UInt8> = [0x20, 0x09, 0x0D, 0x0A, 0xEF, 0xBB, 0xBF]
            let first = data.first { !skipped.contains($0) }
            return first == UInt8(ascii: "<") ? try readXML(data: data, file: path) : try readCSV(data: data, file: path)
        }
    }

    /// The non-blank records of a table, read by the one CSV reader (`BoundedInput.CSV`:
    /// quotes, CRLF), each cell trimmed of the spaces and quotes KTAB trims around it.
    static func rows(_ text: String) -> [(line: Int, cells: [String])] {
        CSV.records(text).compactMap { r in
            let c = r.cells.map { $0.trimmingCharacters(in: CharacterSet(charactersIn: " \t\r\"'")) }
            return c.allSatisfy(\.isEmpty) ? nil : (r.line, c)
        }
    }

    /// KTAB CSV: line 1 `scenarioName, description, numActors, numDims[,]`; line 2 a header
    /// (`Actor, Description, Power`, then a position/salience name pair per dimension, the
    /// position header naming the dimension); then one line per actor:
    /// `name, description, capability, pos1, sal1, pos2, sal2, …` (positions and saliences 0–100).
    public static func readCSV(data: Data, file: String) throws -> BargainingProblem {
        guard let text = String(data: data, encoding: .utf8) ?? String(data: data, encoding: .isoLatin1) else {
            throw BargainingError.input(file: file, line: nil, field: "file", message: "is not text")
        }
        let lines = Self.rows(text)
        func fail(_ line: Int?, _ field: String, _ msg: String) -> BargainingError {
            .input(file: file, line: line, field: field, message: msg)
        }
        guard lines.count >= 2 else { throw fail(nil, "file", "needs a scenario line, a header line and actor lines") }
        let (l1, head) = lines[0]
        guard head.count >= 4 else { throw fail(l1, "scenario line", "expected 'name, description, numActors, numDims'") }
        guard let nActors = Int(head[2]), nActors >= 1 else { throw fail(l1, "numActors", "'\(head[2])' is not a positive integer") }
        guard let nDims = Int(head[3]), nDims >= 1 else { throw fail(l1, "numDims", "'\(head[3])' is not a positive integer") }
        guard nActors <= 250 else { throw fail(l1, "numActors", "\(nActors) actors; KTAB's limit is 250") }
        // Checked before any arithmetic on it: the fuzzer's 5576307205072629445 overflowed 3 + 2·n.
        guard nDims <= 1000 else { throw fail(l1, "numDims", "\(nDims) dimensions; at most 1000 are read") }
        let (l2, header) = lines[1]
        guard header.count >= 3 + 2 * nDims else {
            throw fail(l2, "header", "expected Actor, Description, Power and \(nDims) position/salience pairs, found \(header.count) cells")
        }
        let dims = (0..<nDims).map { k -> String in
            let h = header[3 + 2 * k]
            return h.isEmpty ? "Dim\(k + 1)" : h
        }
        let rows = lines.dropFirst(2)
        guard rows.count == nActors else {
            throw fail(rows.last?.0 ?? l2, "numActors", "scenario line declares \(nActors) actors, file has \(rows.count) actor lines")
        }
        var actors: [BargainingProblem.Actor] = []
        for (ln, c) in rows {
            guard c.count >= 3 + 2 * nDims else {
                throw fail(ln, "actor line", "expected \(3 + 2 * nDims) cells, found \(c.count)")
            }
            let name = c[0]
            guard !name.isEmpty else { throw fail(ln, "Actor", "empty actor name") }
            func number(_ idx: Int, _ field: String, _ range: ClosedRange<Double>) throws -> Double {
                guard !c[idx].isEmpty else { throw fail(ln, field, "empty value for actor '\(name)'") }
                guard let v = Double(c[idx]), v.isFinite else { throw fail(ln, field, "'\(c[idx])' is not a number (actor '\(name)')") }
                guard range.contains(v) else {
                    throw fail(ln, field, "\(c[idx]) is outside \(range.lowerBound)–\(range.upperBound) (actor '\(name)')")
                }
                return v
            }
            let capField = header[2].isEmpty ? "Power" : header[2]
            let capability = try number(2, capField, 0...1e8)
            guard capability > 0 else { throw fail(ln, capField, "capability must be > 0 (actor '\(name)')") }
            var pos: [Double] = [], sal: [Double] = []
            for k in 0..<nDims {
                pos.append(try number(3 + 2 * k, header[3 + 2 * k].isEmpty ? "position \(k + 1)" : header[3 + 2 * k], 0...100))
                sal.append(try number(4 + 2 * k, header[4 + 2 * k].isEmpty ? "salience \(k + 1)" : header[4 + 2 * k], 0...100))
            }
            let total = sal.reduce(0, +)
            guard total <= 100 + 1e-9 else { throw fail(ln, "salience", "saliences of '\(name)' sum to \(total), more than 100") }
            actors.append(.init(name: name, description: c[1], capability: capability, positions: pos, saliences: sal))
        }
        return BargainingProblem(name: head[0], description: head[1], dimensions: dims, actors: actors)
    }
}
