import BoundedInput
import Foundation

/// The largest bargaining input read whole (KTAB files, actor tables,
/// uncertainty tables, problems as JSON): far above any real problem, far below
/// a hostile 1 GB file.
public let maxBargainingInputBytes = 64 << 20

/// Reads a whole file through the shared bounded reader (a regular file over
/// `limit` is refused unread; a pipe or device is read up to `limit + 1` bytes;
/// directories and sockets are refused), with an error naming the file.
func readBoundedData(_ path: String, limit: Int = maxBargainingInputBytes) throws -> Data {
    do { return try BoundedFile.data(path: path, limit: limit) } catch {
        throw BargainingError.input(file: path, line: nil, field: "file", message: "\(error)")
    }
}

func readBoundedText(_ path: String) throws -> String {
    guard let text = String(data: try readBoundedData(path), encoding: .utf8) else {
        throw BargainingError.input(file: path, line: nil, field: "file", message: "cannot be read as UTF-8 text")
    }
    return text
}
