/// The mechanism language's syntax: a formula as written, before names are resolved.
///
/// A formula is one expression (docs/scenario-format.md §5): arithmetic, comparisons,
/// `and`/`or`/`not`, `if … then … else …`, function calls, dotted and indexed names
/// (`present.Atmeh`, `present["al-Dana"]`) and sums over places or areas
/// (`sum(present[p] for p in places where p.country == "Turkey")`). There are no
/// statements, assignments or loops other than those bounded sums.
public indirect enum Syntax: Sendable, Hashable {
    case number(Double, Span)
    case string(String, Span)
    case boolean(Bool, Span)
    /// A name, possibly dotted: `air_support`, `parameters.p`, `present.Atmeh`.
    case name([String], Span)
    /// `base[index]`: `present["al-Dana"]`, `present[p]`, `refugees["Turkey"]`.
    case index(Syntax, Syntax, Span)
    case unary(UnaryOperator, Syntax, Span)
    case binary(BinaryOperator, Syntax, Syntax, Span)
    case call(String, [Syntax], Span)
    case conditional(Syntax, Syntax, Syntax, Span)
    /// `sum(BODY for VAR in DOMAIN [where CONDITION])`.
    case sum(body: Syntax, variable: String, domain: SumDomain, condition: Syntax?, span: Span)

    public var span: Span {
        switch self {
        case .number(_, let s), .string(_, let s), .boolean(_, let s), .name(_, let s), .index(_, _, let s),
             .unary(_, _, let s), .binary(_, _, _, let s), .call(_, _, let s), .conditional(_, _, _, let s):
            return s
        case .sum(_, _, _, _, let s): return s
        }
    }
}

/// Characters `start ..< end` of the formula text (offsets in Characters).
public struct Span: Sendable, Hashable {
    public var start: Int
    public var end: Int
    public init(_ start: Int, _ end: Int) { self.start = start; self.end = end }
    func through(_ other: Span) -> Span { Span(min(start, other.start), max(end, other.end)) }
}

public enum UnaryOperator: String, Sendable, Hashable { case negate = "-", not }

public enum BinaryOperator: String, Sendable, Hashable {
    case add = "+", subtract = "-", multiply = "*", divide = "/", power = "^"
    case less = "<", lessOrEqual = "<=", greater = ">", greaterOrEqual = ">=", equal = "==", notEqual = "!="
    case and, or
    var isComparison: Bool { [.less, .lessOrEqual, .greater, .greaterOrEqual, .equal, .notEqual].contains(self) }
    var isArithmetic: Bool { [.add, .subtract, .multiply, .divide, .power].contains(self) }
}

public enum SumDomain: String, Sendable, Hashable, CaseIterable { case places, areas }

/// A problem in a formula: where (character span) and what.
public struct FormulaError: Error, Sendable, Hashable {
    public enum Kind: Sendable, Hashable { case syntax, unknownName, type, unit, limit, cycle }
    public var kind: Kind
    public var span: Span
    public var message: String
    public var expected: String?
    public var suggestion: String?
    init(_ kind: Kind, _ span: Span, _ message: String, expected: String? = nil, suggestion: String? = nil) {
        self.kind = kind; self.span = span; self.message = message; self.expected = expected; self.suggestion = suggestion
    }
}

/// The language's size bounds: what a hostile formula can make the loader and the
/// evaluator do is limited by these, checked when the formula is read.
public enum FormulaLimits {
    /// Longest formula, in characters.
    public static let maxLength = 10_000
    /// Deepest nesting of sub-expressions (the parser and the evaluator recurse once per level).
    public static let maxDepth = 64
    /// Most elementary steps one evaluation of a formula may take, counting each term of a
    /// sum once per place or area it ranges over (a Idlib mechanism takes under 50).
    public static let maxSteps = 1_000_000
}

// MARK: - Lexer

struct Token: Hashable {
    enum Kind: Hashable {
        case number(Double), string(String), identifier(String), symbol(String), end
    }
    var kind: Kind
    var span: Span
}

enum Lexer {
    static let keywords: Set<String> = ["if", "then", "else", "and", "or", "not", "true", "false", "for", "in", "where"]

    static func tokens(_ text: String) throws(FormulaError) -> [Token] {
        let chars = Array(text)
        var out: [Token] = []
        var i = 0
        func isIdentStart(_ c: Character) -> Bool { c == "_" || (c.isLetter && c.isASCII) }
        func isIdent(_ c: Character) -> Bool { c == "_" || ((c.isLetter || c.isNumber) && c.isASCII) }
        while i < chars.count {
            let c = chars[i]
            if c.isWhitespace { i += 1; continue }
            let start = i
            if c.isNumber && c.isASCII || (c == "." && i + 1 < chars.count && chars[i + 1].isNumber) {
                while i < chars.count, chars[i].isASCII, chars[i].isNumber || chars[i] == "." { i += 1 }
                if i < chars.count, chars[i] == "e" || chars[i] == "E" {
                    var j = i + 1
                    if j < chars.count, chars[j] == "+" || chars[j] == "-" { j += 1 }
                    if j < chars.count, chars[j].isNumber, chars[j].isASCII {
                        i = j
                        while i < chars.count, chars[i].isNumber, chars[i].isASCII { i += 1 }
                    }
                }
                let literal = String(chars[start..<i])
                guard let v = Double(literal), v.isFinite else {
                    throw FormulaError(.syntax, Span(start, i), "'\(literal)' is not a number", expected: "a number such as 12, 0.5 or 1e6")
                }
                if i < chars.count, isIdentStart(chars[i]) {
                    var j = i
                    while j < chars.count, isIdent(chars[j]) { j += 1 }
                    throw FormulaError(.syntax, Span(start, j), "'\(String(chars[start..<j]))' is neither a number nor a name",
                                       expected: "a name starts with a letter or '_'; put '*' between a number and a name")
                }
                out.append(Token(kind: .number(v), span: Span(start, i)))
                continue
            }
            if isIdentStart(c) {
                while i < chars.count, isIdent(chars[i]) { i += 1 }
                out.append(Token(kind: .identifier(String(chars[start..<i])), span: Span(start, i)))
                continue
            }
            if c == "\"" || c == "'" {
                i += 1
                var s = ""
                while i < chars.count, chars[i] != c { s.append(chars[i]); i += 1 }
                guard i < chars.count else {
                    throw FormulaError(.syntax, Span(start, chars.count), "the text starting here is never closed", expected: "a closing \(c)")
                }
                i += 1
                out.append(Token(kind: .string(s), span: Span(start, i)))
                continue
            }
            let two = i + 1 < chars.count ? String(chars[i...i + 1]) : ""
            if ["<=", ">=", "==", "!="].contains(two) {
                out.append(Token(kind: .symbol(two), span: Span(i, i + 2))); i += 2; continue
            }
            if "+-*/^<>()[],.".contains(c) {
                out.append(Token(kind: .symbol(String(c)), span: Span(i, i + 1))); i += 1; continue
            }
            if c == "=" {
                throw FormulaError(.syntax, Span(i, i + 1), "'=' alone is not an operator", expected: "'==' to compare", suggestion: "==")
            }
            if c == "&" || c == "|" || c == "!" {
                let word = c == "&" ? "and" : c == "|" ? "or" : "not"
                throw FormulaError(.syntax, Span(i, i + 1), "'\(c)' is not an operator here", expected: "'\(word)'", suggestion: word)
            }
            throw FormulaError(.syntax, Span(i, i + 1), "unexpected character '\(c)'",
                               expected: "numbers, names, \"text\", + - * / ^, comparisons, ( ) [ ] , .")
        }
        out.append(Token(kind: .end, span: Span(chars.count, chars.count)))
        return out
    }
}

// MARK: - Parser

/// A recursive-descent parser for the formula grammar (precedence, loosest first):
/// `if-then-else`, `or`, `and`, `not`, comparisons (not chained), `+ -`, `* /`,
/// unary `-`, `^` (right-associative), postfix `.name` and `[index]`.
public enum FormulaParser {
    public static func parse(_ text: String) throws(FormulaError) -> Syntax {
        if text.count > FormulaLimits.maxLength {
            throw FormulaError(.limit, Span(0, 0), "the formula is \(text.count) characters long",
                               expected: "at most \(FormulaLimits.maxLength) characters; split it into several mechanisms")
        }
        var p = State(tokens: try Lexer.tokens(text))
        if case .end = p.peek.kind {
            throw FormulaError(.syntax, Span(0, 0), "the formula is empty", expected: "an expression, e.g. 0.5 * deaths")
        }
        let e = try p.expression()
        guard case .end = p.peek.kind else {
            throw FormulaError(.syntax, p.peek.span, "unexpected \(p.describe(p.peek)) after a complete expression",
                               expected: "an operator, or the end of the formula")
        }
        return e
    }

    struct State {
        var tokens: [Token]
        var i = 0
        var depth = 0
        var peek: Token { tokens[i] }

        func describe(_ t: Token) -> String {
            switch t.kind {
            case .number(let v): return "number \(fmt(v))"
            case .string(let s): return "text \"\(s)\""
            case .identifier(let s): return "'\(s)'"
            case .symbol(let s): return "'\(s)'"
            case .end: return "end of formula"
            }
        }

        mutating func advance() -> Token { let t = tokens[i]; if i < tokens.count - 1 { i += 1 }; return t }

        func isSymbol(_ s: String) -> Bool { if case .symbol(s) = peek.kind { return true }; return false }
        func isWord(_ w: String) -> Bool { if case .identifier(w) = peek.kind { return true }; return false }

        mutating func expect(_ s: String, _ context: String) throws(FormulaError) -> Token {
            if isSymbol(s) || isWord(s) { return advance() }
            throw FormulaError(.syntax, peek.span, "expected '\(s)' \(context), found \(describe(peek))", expected: "'\(s)'")
        }

        mutating func enter() throws(FormulaError) {
            depth += 1
            if depth > FormulaLimits.maxDepth {
                throw FormulaError(.limit, peek.span, "the formula nests more than \(FormulaLimits.maxDepth) levels deep",
                                   expected: "a flatter formula (split it into several mechanisms)")
            }
        }

        /// One more link of a left-leaning chain (`a + b + c`, `x[1][2]`): each makes the
        /// tree one level deeper for the checker and the evaluator, which recurse per level
        /// (2,450 terms overflowed the stack), so it counts against the depth like nesting.
        /// The caller gives the levels back when the chain ends.
        mutating func link(_ links: inout Int) throws(FormulaError) {
            links += 1
            depth += 1
            if depth > FormulaLimits.maxDepth {
                throw FormulaError(.limit, peek.span, "the formula chains or nests more than \(FormulaLimits.maxDepth) operations deep",
                                   expected: "fewer terms in a row: group them in parentheses, e.g. (a + b + c) + (d + e + f), or split the formula into several mechanisms")
            }
        }

        mutating func expression() throws(FormulaError) -> Syntax {
            try enter(); defer { depth -= 1 }
            if isWord("if") {
                let start = advance().span
                let c = try expression()
                _ = try expect("then", "after the condition of 'if'")
                let a = try expression()
                _ = try expect("else", "after 'then …' (every 'if' needs an 'else')")
                let b = try expression()
                return .conditional(c, a, b, start.through(b.span))
            }
            return try or()
        }

        mutating func or() throws(FormulaError) -> Syntax {
            var l = try and()
            var links = 0; defer { depth -= links }
            while isWord("or") { try link(&links); _ = advance(); let r = try and(); l = .binary(.or, l, r, l.span.through(r.span)) }
            return l
        }

        mutating func and() throws(FormulaError) -> Syntax {
            var l = try not()
            var links = 0; defer { depth -= links }
            while isWord("and") { try link(&links); _ = advance(); let r = try not(); l = .binary(.and, l, r, l.span.through(r.span)) }
            return l
        }

        mutating func not() throws(FormulaError) -> Syntax {
            if isWord("not") {
                try enter(); defer { depth -= 1 }
                let s = advance().span
                let e = try not()
                return .unary(.not, e, s.through(e.span))
            }
            return try comparison()
        }

        mutating func comparison() throws(FormulaError) -> Syntax {
            let l = try additive()
            guard case .symbol(let s) = peek.kind, let op = BinaryOperator(rawValue: s), op.isComparison else { return l }
            _ = advance()
            let r = try additive()
            if case .symbol(let s2) = peek.kind, let op2 = BinaryOperator(rawValue: s2), op2.isComparison {
                throw FormulaError(.syntax, peek.span, "comparisons cannot be chained",
                                   expected: "'a < b and b < c' instead of 'a < b < c'")
            }
            return .binary(op, l, r, l.span.through(r.span))
        }

        mutating func additive() throws(FormulaError) -> Syntax {
            var l = try multiplicative()
            var links = 0; defer { depth -= links }
            while case .symbol(let s) = peek.kind, s == "+" || s == "-" {
                try link(&links)
                _ = advance()
                let r = try multiplicative()
                l = .binary(s == "+" ? .add : .subtract, l, r, l.span.through(r.span))
            }
            return l
        }

        mutating func multiplicative() throws(FormulaError) -> Syntax {
            var l = try unary()
            var links = 0; defer { depth -= links }
            while case .symbol(let s) = peek.kind, s == "*" || s == "/" {
                try link(&links)
                _ = advance()
                let r = try unary()
                l = .binary(s == "*" ? .multiply : .divide, l, r, l.span.through(r.span))
            }
            return l
        }

        mutating func unary() throws(FormulaError) -> Syntax {
            if isSymbol("-") {
                try enter(); defer { depth -= 1 }
                let s = advance().span
                let e = try unary()
                return .unary(.negate, e, s.through(e.span))
            }
            if isSymbol("+") {
                throw FormulaError(.syntax, peek.span, "a leading '+' is not needed", expected: "the number or name alone")
            }
            return try power()
        }

        mutating func power() throws(FormulaError) -> Syntax {
            let base = try postfix()
            guard isSymbol("^") else { return base }
            try enter(); defer { depth -= 1 }
            _ = advance()
            let exponent = try unary()
            return .binary(.power, base, exponent, base.span.through(exponent.span))
        }

        mutating func postfix() throws(FormulaError) -> Syntax {
            var e = try primary()
            var links = 0; defer { depth -= links }
            while true {
                if isSymbol(".") {
                    _ = advance()
                    guard case .identifier(let field) = peek.kind, !Lexer.keywords.contains(field) else {
                        throw FormulaError(.syntax, peek.span, "expected a name after '.', found \(describe(peek))",
                                           expected: "a name; for a name with '-' or spaces write [\"al-Dana\"]")
                    }
                    let t = advance()
                    if case .name(let parts, let s) = e { e = .name(parts + [field], s.through(t.span)) }
                    else { throw FormulaError(.syntax, t.span, "'.\(field)' can only follow a name", expected: "a name before '.'") }
                } else if isSymbol("[") {
                    try link(&links)
                    _ = advance()
                    let index = try expression()
                    let close = try expect("]", "to close '['")
                    e = .index(e, index, e.span.through(close.span))
                } else {
                    return e
                }
            }
        }

        mutating func primary() throws(FormulaError) -> Syntax {
            let t = peek
            switch t.kind {
            case .number(let v): _ = advance(); return .number(v, t.span)
            case .string(let s): _ = advance(); return .string(s, t.span)
            case .symbol("("):
                _ = advance()
                let e = try expression()
                _ = try expect(")", "to close '('")
                return e
            case .identifier(let word):
                switch word {
                case "true", "false": _ = advance(); return .boolean(word == "true", t.span)
                case "if": return try expression()
                case "then", "else", "and", "or", "for", "in", "where":
                    throw FormulaError(.syntax, t.span, "'\(word)' cannot start a value", expected: "a number, a name, '(' or 'if'")
                case "not": return try not()
                default: break
                }
                _ = advance()
                guard isSymbol("(") else { return .name([word], t.span) }
                _ = advance()
                try enter(); defer { depth -= 1 }
                if word == "sum" { return try sum(start: t.span) }
                var args: [Syntax] = []
                if !isSymbol(")") {
                    args.append(try expression())
                    while isSymbol(",") { _ = advance(); args.append(try expression()) }
                }
                let close = try expect(")", "to close the arguments of \(word)(…)")
                return .call(word, args, t.span.through(close.span))
            case .end:
                throw FormulaError(.syntax, t.span, "the formula ends too early", expected: "a number, a name or '('")
            default:
                throw FormulaError(.syntax, t.span, "unexpected \(describe(t))", expected: "a number, a name, '(' or 'if'")
            }
        }

        /// `sum(BODY for VAR in places|areas [where COND])`, after `sum(`.
        mutating func sum(start: Span) throws(FormulaError) -> Syntax {
            let body = try expression()
            _ = try expect("for", "in sum(… for p in places)")
            guard case .identifier(let v) = peek.kind, !Lexer.keywords.contains(v) else {
                throw FormulaError(.syntax, peek.span, "expected a variable name after 'for', found \(describe(peek))", expected: "e.g. 'p'")
            }
            _ = advance()
            _ = try expect("in", "in sum(… for \(v) in places)")
            guard case .identifier(let d) = peek.kind, let domain = SumDomain(rawValue: d) else {
                throw FormulaError(.syntax, peek.span, "a sum ranges over 'places' or 'areas', not \(describe(peek))",
                                   expected: "places or areas", suggestion: {
                                       if case .identifier(let w) = peek.kind { return closestMatch(w, in: SumDomain.allCases.map(\.rawValue)) }
                                       return nil }())
            }
            _ = advance()
            var condition: Syntax?
            if isWord("where") { _ = advance(); condition = try expression() }
            let close = try expect(")", "to close sum(…)")
            return .sum(body: body, variable: v, domain: domain, condition: condition, span: start.through(close.span))
        }
    }
}
