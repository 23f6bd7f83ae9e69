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
