import BoundedInput
import Foundation

/// A geography table cell the sidecar determines (a population shared out by weight, a
/// distance from coordinates × road factor, the nominal value of an uncertain number)
/// that holds something else: what `fulcrum validate --fix` writes.
public struct TableFix: Sendable, Hashable, Codable {
    /// The table, relative to the scenario folder.
    public var file: String
    /// 1-based line of the row.
    public var line: Int
    /// 0-based cell index in the row.
    public var cell: Int
    public var old: String
    public var new: String
    /// The diagnostic's path, e.g. `locations.csv:Rivertown.population`.
    public var path: String
}

/// Why a fix could not be written.
public struct TableFixError: Error, Sendable, CustomStringConvertible {
    public var description: String
}

extension Scenario {
    /// Writes `fixes` into the tables of `directory`: each table is rewritten whole and
    /// atomically (the fixed cells changed, every other byte as it was), all tables or
    /// none. A fix whose cell no longer holds its `old` text is refused (the table changed
    /// since it was read). Returns the fixes written.
    public static func apply(_ fixes: [TableFix], in directory: URL) throws -> [TableFix] {
        var outputs: [(file: OutputFile, data: Data)] = []
        for (file, group) in Dictionary(grouping: fixes, by: \.file).sorted(by: { $0.key < $1.key }) {
            let url = directory.appendingPathComponent(file)
            let text: String
            do { text = try BoundedFile.utf8(try BoundedFile.data(path: url.path, limit: ScenarioLimits.standard.maxTableBytes)) } catch {
                throw TableFixError(description: "\(file): \(error)")
            }
            var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            for fix in group {
                guard fix.line >= 1, fix.line <= lines.count else { throw TableFixError(description: "\(file): no line \(fix.line)") }
                guard let changed = replacingCell(fix.cell, in: lines[fix.line - 1], expecting: fix.old, with: fix.new) else {
                    throw TableFixError(description: "\(file):\(fix.line): cell \(fix.cell + 1) no longer holds '\(fix.old)'; validate again")
                }
                lines[fix.line - 1] = changed
            }
            do { outputs.append((try OutputFile(url.path), Data(lines.joined(separator: "\n").utf8))) } catch {
                throw TableFixError(description: error.description)
            }
        }
        do { try OutputFile.write(outputs) } catch { throw TableFixError(description: error.description) }
        return fixes
    }

    /// The line with cell `index` (commas outside double quotes separate cells) replaced,
    /// keeping the spaces around it; nil when the cell's trimmed text is not `expecting`.
    static func replacingCell(_ index: Int, in line: String, expecting: String, with value: String) -> String? {
        var chars = Array(line)
        let cr = chars.last == "\r"
        if cr { chars.removeLast() }
        var starts = [0], inQuotes = false
        for (i, c) in chars.enumerated() {
            if c == "\"" { inQuotes.toggle() } else if c == ",", !inQuotes { starts.append(i + 1) }
        }
        guard index < starts.count else {
            // A short row: the cell is missing altogether; only an empty one can be filled.
            guard expecting.isEmpty else { return nil }
            return String(chars) + String(repeating: ",", count: index - starts.count + 1) + value + (cr ? "\r" : "")
        }
        let start = starts[index], end = index + 1 < starts.count ? starts[index + 1] - 1 : chars.count
        let cell = String(chars[start..<end])
        guard cell.trimmingCharacters(in: .whitespaces) == expecting else { return nil }
        let lead = cell.prefix { $0 == " " }, trail = cell.reversed().prefix { $0 == " " }
        let kept = cell.trimmingCharacters(in: .whitespaces).isEmpty ? "" : String(trail)
        return String(chars[..<start]) + lead + value + kept + String(chars[end...]) + (cr ? "\r" : "")
    }
}
