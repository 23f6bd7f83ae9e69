import Foundation

/// Everything the CLI prints passes through here. Scenario and input files are hostile
/// text: a title, a location name or a cell echoed in an error could carry escape
/// sequences that set the window title, recolour the terminal or move the cursor to
/// overwrite a line. Every control character but newline and tab is shown as `\u001B`
/// instead of being sent as is (C0, DEL and the C1 range, whose U+009B is a one-character
/// escape on some terminals): JSON's own escape, so `--format json` stays valid JSON with the
/// same strings.
enum Terminal {
    static func safe(_ s: String) -> String {
        guard s.unicodeScalars.contains(where: isControl) else { return s }
        var out = String.UnicodeScalarView()
        for c in s.unicodeScalars {
            if isControl(c) { out.append(contentsOf: String(format: "\\u%04X", c.value).unicodeScalars) }
            else { out.append(c) }
        }
        return String(out)
    }

    static func isControl(_ c: Unicode.Scalar) -> Bool {
        (c.value < 0x20 && c != "\n" && c != "\t") || (0x7F...0x9F).contains(c.value)
    }
}

/// `print`, with control characters shown (`Terminal.safe`); it shadows the standard
/// library's throughout this module, so no output can bypass it.
func print(_ items: Any..., separator: String = " ", terminator: String = "\n") {
    Swift.print(Terminal.safe(items.map { "\($0)" }.joined(separator: separator)), terminator: terminator)
}

/// A line on standard error, control characters shown.
func printError(_ s: String) {
    FileHandle.standardError.write(Data((Terminal.safe(s) + "\n").utf8))
}
