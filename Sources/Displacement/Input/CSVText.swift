import Foundation

/// One parsed CSV record with the 1-based line on which it starts.
struct CSVRecord: Sendable {
    var line: Int
    var cells: [String]

    /// True for a row with no content (an empty line or only empty cells).
    var isBlank: Bool { cells.allSatisfy { $0.trimmingCharacters(in: .whitespaces).isEmpty } }
    /// Flee treats a row whose first cell starts with `#` as a header or comment.
    var isComment: Bool { cells.first?.hasPrefix("#") ?? false }

    func cell(_ i: Int) -> String? { i < cells.count ? cells[i] : nil }
}

/// A small RFC 4180 reader: comma separated, double quotes with `""` escapes, quoted
/// newlines, CRLF or LF, optional UTF-8 BOM. A quote inside an unquoted cell is kept
/// literally, as Python's csv module does.
enum CSVText {
    static func read(_ path: String) throws -> [CSVRecord] {
        return parse(try readBoundedFile(path))
    }

    static func parse(_ text: String) -> [CSVRecord] {
        var records: [CSVRecord] = []
        var cells: [String] = []
        var cell: [UInt8] = []
        var inQuotes = false
        var cellStarted = false  // any character seen in the current cell
        var line = 1
        var recordLine = 1
        var bytes = Array(text.utf8)
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes.removeFirst(3) }
        var i = 0
        func endCell() {
            cells.append(String(decoding: cell, as: UTF8.self))
            cell.removeAll(keepingCapacity: true)
            cellStarted = false
        }
        func endRecord() {
            endCell()
            records.append(CSVRecord(line: recordLine, cells: cells))
            cells = []
        }
        while i < bytes.count {
            let b = bytes[i]
            if inQuotes {
                if b == UInt8(ascii: "\"") {
                    if i + 1 < bytes.count && bytes[i + 1] == UInt8(ascii: "\"") {
                        cell.append(b); i += 2; continue
                    }
                    inQuotes = false
                } else {
                    if b == UInt8(ascii: "\n") { line += 1 }
                    cell.append(b)
                }
                i += 1
                continue
            }
            switch b {
            case UInt8(ascii: "\""):
                if !cellStarted { inQuotes = true; cellStarted = true } else { cell.append(b) }
            case UInt8(ascii: ","):
                endCell()
            case UInt8(ascii: "\r"):
                if i + 1 < bytes.count && bytes[i + 1] == UInt8(ascii: "\n") { i += 1 }
                endRecord(); line += 1; recordLine = line
            case UInt8(ascii: "\n"):
                endRecord(); line += 1; recordLine = line
            default:
                cell.append(b); cellStarted = true
            }
            i += 1
        }
        if cellStarted || !cell.isEmpty || !cells.isEmpty { endRecord() }
        return records
    }
}

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
