/// One problem found in a scenario: where it is (file, line, column, field path),
/// what kind of problem it is, and what was expected instead.
///
/// Validation collects every diagnostic in one pass rather than stopping at the
/// first, so an analyst fixes a file in one round trip.
public struct Diagnostic: Sendable, Equatable, Codable, CustomStringConvertible {
    /// The kinds of problem the validator reports. Tests assert on these, so
    /// their raw values are stable.
    public enum Kind: String, Sendable, Codable, CaseIterable {
        case syntax               // YAML or CSV that does not parse
        case missingFile          // scenario.yaml or a geography table is absent
        case unknownKey           // a key the format does not define
        case missingField         // a required key is absent
        case wrongType            // e.g. a string where a number belongs
        case duplicateId          // two things share an id
        case unresolvedReference  // an id that names nothing
        case probabilitySum       // chance probabilities do not sum to 1
        case unreachableNode      // a tree node no path from the root reaches
        case childlessNode        // a decision or chance node with no branches
        case cycle                // a tree node that leads back to itself
        case missingProvenance    // a number, actor, branch or mechanism without `source:`
        case badProvenance        // a `source:` that does not parse or names an unknown source
        case columnCount          // a CSV row with the wrong number of cells
        case unknownLocationType  // a locations.csv type Flee does not know
        case negativeValue        // a population, capacity, distance … below zero
        case nonFinite            // NaN or infinity
        case impossibleBounds     // a distribution whose bounds cannot hold
        case outOfRange           // a value outside its allowed range (e.g. a probability above 1)
        case inconsistent         // two statements of one value disagree
        case unknownMechanism     // a `use:` or `kind:` outside the library of building blocks
        case scheduleMatch        // a terminal branch matches no conflict schedule, or several
        case typeMismatch         // a formula combines values of different types (a number and true/false …)
        case unitMismatch         // a formula adds, compares or outputs values in different units
        case unused               // a formula parameter, fact or consequence that changes nothing
    }

    /// An error makes the scenario invalid; a warning is said and the scenario still loads.
    public enum Severity: String, Sendable, Codable { case error, warning }

    public var file: String
    /// 1-based; 0 when the problem concerns a whole file.
    public var line: Int
    /// 1-based; 0 when unknown.
    public var column: Int
    /// Field path in the scenario, e.g. `actors[2].capability` or `routes.csv row 7`.
    public var path: String
    public var kind: Kind
    public var message: String
    public var expected: String?
    /// A "did you mean" for misspelt keys and ids.
    public var suggestion: String?
    public var severity: Severity = .error

    public init(file: String, line: Int, column: Int, path: String, kind: Kind,
                message: String, expected: String? = nil, suggestion: String? = nil, severity: Severity = .error) {
        self.file = file
        self.line = line
        self.column = column
        self.path = path
        self.kind = kind
        self.message = message
        self.expected = expected
        self.suggestion = suggestion
        self.severity = severity
    }

    /// `file:line:column: error [kind] path: message (expected …; did you mean …?)`
    public var description: String {
        var s = "\(file):\(line):\(column): \(severity.rawValue) [\(kind.rawValue)] \(path): \(message)"
        if let expected { s += "; expected \(expected)" }
        if let suggestion { s += "; did you mean '\(suggestion)'?" }
        return s
    }
}

/// Thrown when a scenario cannot be loaded; carries every diagnostic found.
public struct ScenarioError: Error, Sendable, CustomStringConvertible {
    public var diagnostics: [Diagnostic]
    public init(_ diagnostics: [Diagnostic]) { self.diagnostics = diagnostics }
    public var description: String {
        diagnostics.map(\.description).joined(separator: "\n")
    }
}

/// The closest candidate to `word` by edit distance, if it is close enough to be
/// a plausible misspelling (at most about a third of the word's length, minimum 2).
public func closestMatch(_ word: String, in candidates: some Sequence<String>) -> String? {
    var best: (String, Int)?
    let limit = max(2, (word.count + 2) / 3)
    for c in candidates {
        let d = editDistance(word.lowercased(), c.lowercased())
        if d <= limit, best == nil || d < best!.1 { best = (c, d) }
    }
    return best?.0
}

func editDistance(_ a: String, _ b: String) -> Int {
    let a = Array(a), b = Array(b)
    if a.isEmpty { return b.count }
    if b.isEmpty { return a.count }
    var prev = Array(0...b.count)
    var cur = [Int](repeating: 0, count: b.count + 1)
    for i in 1...a.count {
        cur[0] = i
        for j in 1...b.count {
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
        }
        swap(&prev, &cur)
    }
    return prev[b.count]
}
