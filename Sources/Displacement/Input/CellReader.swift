import BoundedInput
import Foundation

/// Cell parsing helpers that produce errors naming file, line and field.
struct CellReader {
    let file: String
    let record: CSVRecord

    func string(_ i: Int, _ field: String) throws -> String {
        guard let v = record.cell(i) else {
            throw DisplacementInputError(file: file, line: record.line, field: field, "missing (row has \(record.cells.count) cells)")
        }
        return v.trimmingCharacters(in: .whitespaces)
    }

    func nonEmpty(_ i: Int, _ field: String) throws -> String {
        let v = try string(i, field)
        if v.isEmpty { throw DisplacementInputError(file: file, line: record.line, field: field, "empty") }
        return v
    }

    func double(_ i: Int, _ field: String) throws -> Double {
        let v = try nonEmpty(i, field)
        guard let d = Double(v), d.isFinite else {
            throw DisplacementInputError(file: file, line: record.line, field: field, "'\(v)' is not a number")
        }
        return d
    }

    /// A number within `range` (`ValueBounds`), so the engine never sees one that overflows.
    func double(_ i: Int, _ field: String, in range: ClosedRange<Double>) throws -> Double {
        let d = try double(i, field)
        try check(d, field, range)
        return d
    }

    func check(_ v: Double, _ field: String, _ range: ClosedRange<Double>) throws {
        guard range.contains(v) else {
            throw DisplacementInputError(file: file, line: record.line, field: field, "\(v) is outside \(ValueBounds.describe(range))")
        }
    }

    /// An integer cell; an integral float such as `1000.0` is accepted. Empty gives `empty`.
    func int(_ i: Int, _ field: String, empty: Int? = nil) throws -> Int {
        let v = (record.cell(i) ?? "").trimmingCharacters(in: .whitespaces)
        if v.isEmpty {
            if let empty { return empty }
            throw DisplacementInputError(file: file, line: record.line, field: field, "empty")
        }
        if let n = Int(v) { return n }
        if let d = Double(v), d.isFinite, d == d.rounded(), abs(d) < 9e15 { return Int(d) }
        throw DisplacementInputError(file: file, line: record.line, field: field, "'\(v)' is not an integer")
    }
}
