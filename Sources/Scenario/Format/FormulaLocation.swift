import Yams

/// Where a character of a formula written as a YAML scalar lies in the file, so a
/// formula's errors name their own line and column, not just the scalar's start.
///
/// The scalar's text is a subsequence of the source once YAML's folding is undone
/// (line breaks and indentation become a space, `''` and `\"` one character, a block
/// scalar starts on the line after its `|` or `>`), so the characters are matched in
/// order from the scalar's start; a character that cannot be matched takes the
/// position of the last one that was.
struct FormulaLocator {
    /// The file's lines, as characters.
    let lines: [[Character]]

    init(text: String) {
        lines = text.split(separator: "\n", omittingEmptySubsequences: false).map { Array($0) }
    }

    /// (line, column), 1-based, column in Unicode scalars as libyaml counts them, of each
    /// character of `content`, the scalar `node`'s text.
    func positions(of content: String, node: Node) -> [(line: Int, column: Int)] {
        let chars = Array(content)
        guard let mark = node.mark, mark.line >= 1, mark.line <= lines.count else {
            return Array(repeating: (node.mark?.line ?? 0, node.mark?.column ?? 0), count: chars.count + 1)
        }
        var line = mark.line - 1
        var col = characterIndex(line: line, scalarColumn: mark.column - 1)
        if case .scalar(let s) = node {
            switch s.style {
            case .singleQuoted, .doubleQuoted: col += 1
            case .literal, .folded: line += 1; col = 0
            default: break
            }
        }
        var out: [(Int, Int)] = []
        var last = (mark.line, mark.column)
        // Bound the search: a formula never spans more lines than it has characters, plus blank lines.
        let lastLine = min(lines.count - 1, line + chars.count + 64)
        // The scalar column of `col`, kept as `col` moves: summed from the line's start for
        // each character, a 36 KB one-line formula took minutes.
        var scol = scalarColumn(line: line, index: col)
        for ch in chars {
            var found = false
            while line <= lastLine {
                if col >= lines[line].count {
                    if ch == " " || ch == "\n" { found = true; last = (line + 1, scol + 1); line += 1; col = 0; scol = 0; break }
                    line += 1; col = 0; scol = 0; continue
                }
                let c = lines[line][col]
                let matched = c == ch || (ch == " " && c.isWhitespace)
                if matched { last = (line + 1, scol + 1) }
                col += 1
                scol += c.unicodeScalars.count
                if matched { found = true; break }
            }
            if !found { line = lastLine + 1 }
            out.append(last)
        }
        out.append(last)
        return out
    }

    private func characterIndex(line: Int, scalarColumn: Int) -> Int {
        var scalars = 0
        for (i, c) in lines[line].enumerated() {
            if scalars >= scalarColumn { return i }
            scalars += c.unicodeScalars.count
        }
        return lines[line].count
    }

    private func scalarColumn(line: Int, index: Int) -> Int {
        lines[line].prefix(index).reduce(0) { $0 + $1.unicodeScalars.count }
    }
}
