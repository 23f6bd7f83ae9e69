/// An input file Fulcrum cannot use: names the file, the line (1-based) and the field,
/// so a Flee user can fix the cell the message points at.
public struct DisplacementInputError: Error, CustomStringConvertible, Sendable, Equatable {
    public var file: String
    public var line: Int?
    public var field: String?
    public var message: String

    public init(file: String, line: Int? = nil, field: String? = nil, _ message: String) {
        self.file = file
        self.line = line
        self.field = field
        self.message = message
    }

    public var description: String {
        var s = file
        if let line { s += ":\(line)" }
        if let field { s += ": field '\(field)'" }
        return s + ": " + message
    }
}

/// A run that cannot continue (for example no location can spawn the day's new people).
public struct DisplacementRunError: Error, CustomStringConvertible, Sendable {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}
