import BoundedInput
import Foundation

/// The largest `.efg`/`.nfg` file read: Gambit's own examples are a few KB, and a
/// game this size is already beyond what the solvers can use.
public let maxGameFileBytes = 64 << 20

/// An error reading a Gambit file, with the 1-based line and column where it was found.
public struct GameFileError: Error, CustomStringConvertible, Equatable {
    public var file: String?
    public var line: Int
    public var column: Int
    public var message: String
    public var description: String { "\(file.map { $0 + ":" } ?? "")\(line):\(column): \(message)" }

    /// A game file's text, or this error (at line 0) when it cannot be read: read
    /// through the shared bounded reader, so a file over `maxGameFileBytes` is refused
    /// unread, a pipe (`/dev/stdin`) is read up to the limit, a directory is refused.
    static func readText(_ path: String) throws -> String {
        do { return try BoundedFile.text(path: path, limit: maxGameFileBytes) } catch {
            throw GameFileError(file: path, line: 0, column: 0, message: "\(error)")
        }
    }
}

/// One token of Gambit's shared .efg/.nfg lexical syntax.
struct Token: Equatable {
    enum Kind: Equatable { case lbrace, rbrace, comma, text, number, symbol }
    var kind: Kind
    var text: String
    var line: Int
    var column: Int
}

/// Splits Gambit text into tokens. Whitespace separates tokens; there are no comments.
/// Inside quotes, `\"` is a quote and `\\` a backslash; any other `\x` is kept as typed.
struct Tokenizer {
    static func tokenize(_ source: String) throws -> [Token] {
        var tokens: [Token] = []
        let chars = Array(source.unicodeScalars)
        var i = 0, line = 1, col = 1
        func advance() {
            if chars[i] == "\n" { line += 1; col = 1 } else { col += 1 }
            i += 1
        }
        func isSpace(_ c: Unicode.Scalar) -> Bool { c == " " || c == "\t" || c == "\n" || c == "\r" || c == "\u{0B}" || c == "\u{0C}" }
        while i < chars.count {
            let c = chars[i]
            if isSpace(c) { advance(); continue }
            let (l0, c0) = (line, col)
            switch c {
            case "{": tokens.append(Token(kind: .lbrace, text: "{", line: l0, column: c0)); advance()
            case "}": tokens.append(Token(kind: .rbrace, text: "}", line: l0, column: c0)); advance()
            case ",": tokens.append(Token(kind: .comma, text: ",", line: l0, column: c0)); advance()
            case "\"":
                advance()
                var s = String.UnicodeScalarView()
                var closed = false
                while i < chars.count {
                    let d = chars[i]
                    if d == "\\", i + 1 < chars.count, chars[i + 1] == "\"" || chars[i + 1] == "\\" {
                        s.append(chars[i + 1]); advance(); advance(); continue
                    }
                    if d == "\"" { closed = true; advance(); break }
                    s.append(d); advance()
                }
                guard closed else { throw GameFileError(line: l0, column: c0, message: "unterminated quoted text") }
                tokens.append(Token(kind: .text, text: String(s), line: l0, column: c0))
            default:
                let numeric = (c >= "0" && c <= "9") || c == "-" || c == "+" || c == "."
                var s = String.UnicodeScalarView()
                // Symbols run to the next whitespace (`t"x"` is one symbol); numbers also stop at brackets and commas.
                while i < chars.count, !isSpace(chars[i]) {
                    if numeric && (chars[i] == "{" || chars[i] == "}" || chars[i] == "," || chars[i] == "\"") { break }
                    s.append(chars[i]); advance()
                }
                let text = String(s)
                tokens.append(Token(kind: numeric ? .number : .symbol, text: text, line: l0, column: c0))
            }
        }
        return tokens
    }
}

/// A cursor over tokens with Gambit-specific expectations and positioned errors.
struct TokenStream {
    let tokens: [Token]
    var pos = 0
    let file: String?
    var endLine = 1, endColumn = 1
    /// Exact arithmetic on numbers beyond machine size spent reading the file so far, and
    /// how much it may spend (`maxArithmetic` unless a test lowers it).
    var arithmetic = 0
    let arithmeticBudget: Int

    init(_ source: String, file: String?, arithmeticBudget: Int = maxArithmetic) throws {
        self.file = file
        self.arithmeticBudget = arithmeticBudget
        do { tokens = try Tokenizer.tokenize(source) } catch var e as GameFileError { e.file = file; throw e }
        let lines = source.split(separator: "\n", omittingEmptySubsequences: false)
        endLine = lines.count
        endColumn = (lines.last?.count ?? 0) + 1
    }

    var atEnd: Bool { pos >= tokens.count }
    var peek: Token? { atEnd ? nil : tokens[pos] }

    func error(_ message: String, at t: Token? = nil) -> GameFileError {
        if let t = t ?? peek { return GameFileError(file: file, line: t.line, column: t.column, message: message) }
        return GameFileError(file: file, line: endLine, column: endColumn, message: message + " (at end of file)")
    }

    mutating func next(_ what: String) throws -> Token {
        guard let t = peek else { throw error("expected \(what)") }
        pos += 1
        return t
    }

    mutating func expect(_ kind: Token.Kind, _ what: String) throws -> Token {
        guard let t = peek else { throw error("expected \(what)") }
        guard t.kind == kind else { throw error("expected \(what), found '\(t.text)'") }
        pos += 1
        return t
    }

    mutating func expectSymbol(_ s: String) throws {
        let t = try expect(.symbol, "'\(s)'")
        guard t.text == s else { throw error("expected '\(s)', found '\(t.text)'", at: t) }
    }

    mutating func text(_ what: String) throws -> String { try expect(.text, what).text }

    /// The most characters, and the largest decimal exponent, a number in a game file
    /// may have. Numbers are exact rationals: `1E999999` would be a 3-million-bit
    /// integer whose reduction (a binary GCD) takes hours, and even `1E23000` took a
    /// second (a fuzzer finding). Real payoffs and probabilities are far smaller. Checked
    /// here to name the line and column; `Rational(gambitText:)` enforces the same bound.
    static let maxNumberLength = Rational.maxTextDigits, maxNumberExponent = Rational.maxTextDigits

    mutating func number(_ what: String) throws -> Rational {
        let t = try expect(.number, what)
        if t.text.utf8.count > Self.maxNumberLength {
            throw error("a number of \(t.text.utf8.count) characters for \(what) (at most \(Self.maxNumberLength))", at: t)
        }
        if let e = t.text.firstIndex(where: { $0 == "e" || $0 == "E" }),
           let exponent = Int(t.text[t.text.index(after: e)...].drop { $0 == "+" }), abs(exponent) > Self.maxNumberExponent {
            throw error("the exponent of '\(t.text)' for \(what) is beyond ±\(Self.maxNumberExponent)", at: t)
        }
        guard let r = Rational(gambitText: t.text) else { throw error("invalid number '\(t.text)' for \(what)", at: t) }
        try charge(r.bigWords, at: t)
        return r
    }

    /// How much exact arithmetic on long numbers a file may take to read: the sum, over every
    /// number beyond machine size and every addition involving one, of its length in 64-bit
    /// words squared (what reducing a fraction costs), well under a second in all. Real files
    /// use machine-sized numbers and spend nothing; a thousand-character decimal (52 words over
    /// 52) costs some 10,000, so files of a hundred of them, or chance probabilities 1/p for
    /// hundreds of primes (whose exact sum grows with every term), are refused instead of
    /// taking minutes to hours.
    static let maxArithmetic = 1_000_000

    /// Charges work on numbers `words` long beyond machine size (`Rational.bigWords`).
    mutating func charge(_ words: Int, at t: Token?) throws {
        arithmetic += words * words
        guard arithmetic <= arithmeticBudget else {
            throw error("reading the file needs more exact arithmetic than \(arithmeticBudget) word operations: its numbers, or the exact sum of a chance node's probabilities, are too long (write them as short decimals or fractions)", at: t)
        }
    }

    mutating func integer(_ what: String) throws -> Int {
        let t = try expect(.number, what)
        guard t.text.allSatisfy({ $0.isASCII && $0.isNumber }), let v = Int(t.text) else {
            throw error("expected a non-negative integer for \(what), found '\(t.text)'", at: t)
        }
        return v
    }

    /// Reads the prologue both Gambit formats share: the format's tag and version, `R` or `D`,
    /// the title and the player list.
    mutating func prologue(tag: String, version: String) throws -> (title: String, players: [String]) {
        let head = try expect(.symbol, "'\(tag)'")
        guard head.text == tag else { throw error("not an .\(tag.lowercased()) file: expected '\(tag)', found '\(head.text)'", at: head) }
        let v = try expect(.number, "version number")
        guard v.text == version else { throw error("unsupported .\(tag.lowercased()) version '\(v.text)' (only \(version) is defined)", at: v) }
        let kind = try expect(.symbol, "'R' or 'D'")
        guard kind.text == "R" || kind.text == "D" else { throw error("expected 'R' or 'D', found '\(kind.text)'", at: kind) }
        let title = try text("game title")
        _ = try expect(.lbrace, "'{' opening the player list")
        var players: [String] = []
        while !accept(.rbrace) { players.append(try text("player name or '}'")) }
        return (title, players)
    }

    mutating func accept(_ kind: Token.Kind) -> Bool {
        if peek?.kind == kind { pos += 1; return true }
        return false
    }
}

/// Quotes a label for writing: `"` becomes `\"` and `\` becomes `\\` (the reader's inverse).
func quote(_ s: String) -> String {
    "\"" + s.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
}
