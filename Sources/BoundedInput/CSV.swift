/// One CSV record: its cells, the 1-based line on which it starts, and the 1-based
/// column (in characters) where each cell starts.
public struct CSVRecord: Sendable, Equatable {
    public var line: Int
    public var cells: [String]
    public var columns: [Int]

    public init(line: Int, cells: [String], columns: [Int]) {
        self.line = line; self.cells = cells; self.columns = columns
    }

    public func cell(_ i: Int) -> String? { i < cells.count ? cells[i] : nil }
    /// No content: an empty line, or only empty cells.
    public var isBlank: Bool { cells.allSatisfy(\.isEmpty) }
    /// An empty or all-space line (a record of one empty cell).
    public var isEmptyLine: Bool { cells.count == 1 && cells[0].isEmpty }
    /// Flee treats a row whose first cell starts with `#` as a header or comment.
    public var isComment: Bool { cells.first?.hasPrefix("#") ?? false }
}

/// The one CSV reader behind every table Fulcrum reads (scenario geography, Flee inputs,
/// bargaining tables): RFC 4180 as Python's `csv` module reads it, which is what Flee
/// uses. Comma separated; a cell whose first character is a double quote is quoted (`""`
/// is a quote, commas and line breaks are kept); any other quote is literal.
/// Records end at LF, CRLF (Excel's default) or a lone CR; a UTF-8 byte-order mark is
/// skipped. Unquoted cells are trimmed of surrounding spaces and tabs; quoted cells are
/// kept as written.
public enum CSV {
    public static func records(_ text: String) -> [CSVRecord] {
        var records: [CSVRecord] = []
        var cells: [String] = []
        var columns: [Int] = []
        var cell: [UInt8] = []
        var inQuotes = false, quoted = false, started = false
        var line = 1, recordLine = 1
        var column = 1        // of the next byte, in characters, on its physical line
        var cellColumn = 1
        let bytes = Array(text.utf8)
        var i = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0

        func endCell() {
            var s = String(decoding: cell, as: UTF8.self)
            if !quoted { s = s.trimmingSpaces() }
            cells.append(s); columns.append(cellColumn)
            cell.removeAll(keepingCapacity: true)
            quoted = false; started = false
        }
        func endRecord() {
            endCell()
            records.append(CSVRecord(line: recordLine, cells: cells, columns: columns))
            cells = []; columns = []
        }
        func newLine() { line += 1; column = 1 }

        while i < bytes.count {
            let b = bytes[i]
            // Columns count characters: UTF-8 continuation bytes do not start one.
            if b & 0xC0 != 0x80 { column += 1 }
            if inQuotes {
                switch b {
                case UInt8(ascii: "\""):
                    if i + 1 < bytes.count && bytes[i + 1] == UInt8(ascii: "\"") {
                        cell.append(b); i += 2; column += 1; continue
                    }
                    inQuotes = false
                case UInt8(ascii: "\r"):
                    cell.append(b)
                    if i + 1 < bytes.count && bytes[i + 1] == UInt8(ascii: "\n") { cell.append(0x0A); i += 1 }
                    newLine()
                case UInt8(ascii: "\n"):
                    cell.append(b); newLine()
                default:
                    cell.append(b)
                }
                i += 1
                continue
            }
            switch b {
            case UInt8(ascii: "\""):
                if cell.isEmpty && !quoted { inQuotes = true; quoted = true } else { cell.append(b) }
                started = true
            case UInt8(ascii: ","):
                endCell()
                cellColumn = column
            case UInt8(ascii: "\r"):
                if i + 1 < bytes.count && bytes[i + 1] == UInt8(ascii: "\n") { i += 1 }
                endRecord(); newLine(); recordLine = line; cellColumn = 1
            case UInt8(ascii: "\n"):
                endRecord(); newLine(); recordLine = line; cellColumn = 1
            default:
                cell.append(b); started = true
            }
            i += 1
        }
        if started || quoted || !cell.isEmpty || !cells.isEmpty { endRecord() }
        return records
    }

    /// How many records `text` can hold at most: its line breaks (LF, CRLF or CR) plus one.
    /// A cheap bound for refusing an oversized table before parsing it.
    public static func lineCount(_ text: String) -> Int {
        var n = 1
        var previousCR = false
        for b in text.utf8 {
            if b == 0x0A { if !previousCR { n += 1 } } else if b == 0x0D { n += 1 }
            previousCR = b == 0x0D
        }
        return n
    }
}

extension String {
    func trimmingSpaces() -> String {
        var s = Substring(self)
        while let c = s.first, c == " " || c == "\t" { s.removeFirst() }
        while let c = s.last, c == " " || c == "\t" { s.removeLast() }
        return String(s)
    }
}
