/// One CSV field as RFC 4180 writes it: enclosed in double quotes, with each inner
/// double quote doubled, when it holds a comma, a double quote, a CR or an LF; as it
/// is otherwise. The one quoter every CSV table Fulcrum writes goes through. Checked
/// on Unicode scalars, not Characters: "\r\n" is a single Character in Swift, so a
/// Character test for "\n" misses it.
public func csvField(_ s: String) -> String {
    guard s.unicodeScalars.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return s }
    return "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\""
}
