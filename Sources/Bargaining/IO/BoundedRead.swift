import Foundation

/// The largest bargaining input read whole (KTAB files, actor tables,
/// uncertainty tables): far above any real problem, far below a hostile 1 GB file.
public let maxBargainingInputBytes = 64 << 20

/// Reads a whole file, refusing non-regular files (FIFOs, `/dev/zero`) and
/// files larger than `limit`, with an error naming the file.
func readBoundedData(_ path: String, limit: Int = maxBargainingInputBytes) throws -> Data {
    func fail(_ m: String) -> BargainingError { .input(file: path, line: nil, field: "file", message: m) }
    var st = stat()
    guard stat(path, &st) == 0 else { throw fail("cannot be read") }
    guard (st.st_mode & S_IFMT) == S_IFREG else { throw fail("is not a regular file") }
    guard Int(st.st_size) <= limit else { throw fail("is \(st.st_size) bytes, larger than the \(limit)-byte limit") }
    guard let fh = FileHandle(forReadingAtPath: path) else { throw fail("cannot be read") }
    defer { try? fh.close() }
    guard let data = try? fh.read(upToCount: limit + 1) ?? Data() else { throw fail("cannot be read") }
    guard data.count <= limit else { throw fail("grew past the \(limit)-byte limit while being read") }
    return data
}

func readBoundedText(_ path: String) throws -> String {
    guard let text = String(data: try readBoundedData(path), encoding: .utf8) else {
        throw BargainingError.input(file: path, line: nil, field: "file", message: "cannot be read as UTF-8 text")
    }
    return text
}
