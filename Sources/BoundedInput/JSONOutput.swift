import Foundation

/// JSON for machines, the same way from every command: pretty, keys sorted (so the bytes
/// are stable run to run), slashes unescaped, non-finite numbers as strings.
public enum JSONOutput {
    public static func text<T: Encodable>(_ value: T, compact: Bool = false) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = compact ? [.sortedKeys, .withoutEscapingSlashes] : [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    /// Reads what `text` wrote (doubles round-trip exactly: Swift prints the shortest
    /// decimal that reads back to the same bits).
    public static func decode<T: Decodable>(_ type: T.Type, from data: Data) throws -> T {
        let decoder = JSONDecoder()
        decoder.nonConformingFloatDecodingStrategy = .convertFromString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        return try decoder.decode(type, from: data)
    }
}

/// How a command prints its result: for people (`text`), or for machines (`json`, `JSONOutput`).
public enum OutputFormat: String, CaseIterable, Sendable {
    case text, json
}
