/// A number in a scenario: its value or distribution, and where it comes from.
///
/// Written in the file as a plain number (`0.4`, provenance inherited from the
/// enclosing element), `{value: 0.4, source: …}`, or a distribution
/// `{distribution: triangular, min: …, mode: …, max: …, source: …}`.
public struct Quantity: Sendable, Hashable {
    public var distribution: Distribution
    public var provenance: Provenance
    /// Where the number was written (for error messages); nil for numbers made in code.
    public var origin: SourceLocation?
    /// Marked `calibrate: true`: `fulcrum calibrate` fits it to the scenario's episodes.
    public var calibrate = false
    /// The unit written beside it (`unit: people`), if any: the formula checker uses it.
    public var unit: String?

    public init(_ distribution: Distribution, provenance: Provenance, origin: SourceLocation? = nil) {
        self.distribution = distribution
        self.provenance = provenance
        self.origin = origin
    }

    public static func fixed(_ v: Double, _ provenance: Provenance) -> Quantity {
        Quantity(.fixed(v), provenance: provenance)
    }

    /// The value a deterministic run uses: the fixed value, or the median.
    public var nominal: Double { distribution.nominal }
    public var isUncertain: Bool { !distribution.isFixed }
}

/// A place in a scenario file.
public struct SourceLocation: Sendable, Hashable, Codable, CustomStringConvertible {
    public var file: String
    public var line: Int
    public var column: Int
    public init(file: String, line: Int, column: Int) {
        self.file = file
        self.line = line
        self.column = column
    }
    public var description: String { "\(file):\(line):\(column)" }
}
