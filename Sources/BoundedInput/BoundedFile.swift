import Foundation

/// Why an input file could not be read. Each reader wraps it in its own error,
/// naming the file (and keeping its own wording for a missing file).
public enum InputFileError: Error, Equatable, Sendable, CustomStringConvertible {
    /// Nothing at that path (or in the in-memory folder).
    case missing
    /// There is something, but opening or reading it failed (permissions, I/O error).
    case unreadable(String)
    /// A directory, a socket or another kind that has no contents to read.
    case notAFile(kind: String)
    /// Larger than the reader's limit. `size` is known for a regular file (its
    /// length, checked before reading); for a pipe or device it is not, since
    /// reading stops one byte past the limit.
    case tooLarge(size: Int?, limit: Int)
    case notUTF8
    /// Opened, but the file it turned out to be lies outside the folder the
    /// caller confined reading to (a symbolic link leading out).
    case outside(root: String)

    public var description: String {
        switch self {
        case .missing: return "does not exist"
        case .unreadable(let why): return "cannot be read (\(why))"
        case .notAFile(let kind): return "is a \(kind), not a file, pipe or device"
        case .tooLarge(let size?, let limit): return "is \(byteCount(size)), larger than the \(byteCount(limit)) limit"
        case .tooLarge(nil, let limit): return "is larger than the \(byteCount(limit)) limit"
        case .notUTF8: return "is not UTF-8 text"
        case .outside(let root): return "leads outside \(root)"
        }
    }
}

/// A byte count as people read it: "1.0 GiB", "16.0 MiB", "100 bytes".
public func byteCount(_ n: Int) -> String {
    if n >= 1 << 30 { return String(format: "%.1f GiB", Double(n) / Double(1 << 30)) }
    if n >= 1 << 20 { return String(format: "%.1f MiB", Double(n) / Double(1 << 20)) }
    if n >= 1 << 10 { return String(format: "%.1f KiB", Double(n) / Double(1 << 10)) }
    return "\(n) bytes"
}

/// The one way Fulcrum's readers read an input file whole, in bounded time and
/// memory whatever the path names: a regular file larger than the limit is
/// refused on its size before a byte is read; a pipe, `/dev/stdin` or another
/// character device is read in chunks and refused as soon as it passes the
/// limit (never more than `limit + 1` bytes are read, so `/dev/zero` costs the
/// limit, not forever); directories and sockets are refused.
public enum BoundedFile {
    static let chunk = 1 << 16

    /// The file's bytes (at most `limit`). With `root` (a resolved path), the file
    /// must lie inside that folder. It is checked on the open descriptor, not the
    /// path, so a link swapped in after a caller's own check still cannot lead out.
    public static func data(path: String, limit: Int, within root: String? = nil) throws(InputFileError) -> Data {
        var st = stat()
        guard stat(path, &st) == 0 else {
            let e = errno
            throw e == ENOENT || e == ENOTDIR ? .missing : .unreadable(String(cString: strerror(e)))
        }
        try checkKind(st, limit: limit)
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw .unreadable(String(cString: strerror(errno))) }
        defer { close(fd) }
        // The path may have been swapped between stat and open: check what was opened.
        guard fstat(fd, &st) == 0 else { throw .unreadable(String(cString: strerror(errno))) }
        try checkKind(st, limit: limit)
        if let root {
            guard let opened = openedPath(fd), opened == root || opened.hasPrefix(root.hasSuffix("/") ? root : root + "/") else {
                throw .outside(root: root)
            }
        }
        let regular = (st.st_mode & S_IFMT) == S_IFREG
        let cap = limit &+ 1
        var data = Data()
        if regular { data.reserveCapacity(Int(st.st_size)) }
        var buffer = [UInt8](repeating: 0, count: min(chunk, cap))
        while data.count < cap {
            let want = min(buffer.count, cap - data.count)
            let n = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, want) }
            if n < 0 {
                if errno == EINTR { continue }
                throw .unreadable(String(cString: strerror(errno)))
            }
            if n == 0 { break }
            data.append(contentsOf: buffer[0..<n])
        }
        // A regular file that grew since stat, or a stream past the limit.
        if data.count > limit { throw .tooLarge(size: nil, limit: limit) }
        return data
    }

    /// Where an open descriptor's file is, every link resolved: nil when the
    /// system cannot say (then confined reading refuses it).
    static func openedPath(_ fd: CInt) -> String? {
        #if os(Linux)
        var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        let n = readlink("/proc/self/fd/\(fd)", &buffer, buffer.count - 1)
        guard n > 0 else { return nil }
        return String(decoding: buffer[0..<n].map { UInt8(bitPattern: $0) }, as: UTF8.self)
        #elseif canImport(Darwin)
        var buffer = [CChar](repeating: 0, count: Int(MAXPATHLEN))
        guard fcntl(fd, F_GETPATH, &buffer) != -1 else { return nil }
        return String(cString: buffer)
        #else
        return nil
        #endif
    }

    /// The file as UTF-8 text (at most `limit` bytes).
    public static func text(path: String, limit: Int) throws(InputFileError) -> String {
        try utf8(try data(path: path, limit: limit))
    }

    public static func utf8(_ data: Data) throws(InputFileError) -> String {
        guard let s = String(data: data, encoding: .utf8) else { throw .notUTF8 }
        return s
    }

    private static func checkKind(_ st: stat, limit: Int) throws(InputFileError) {
        switch st.st_mode & S_IFMT {
        case S_IFREG:
            if Int(st.st_size) > limit { throw .tooLarge(size: Int(st.st_size), limit: limit) }
        case S_IFIFO, S_IFCHR:
            break
        case S_IFDIR: throw .notAFile(kind: "directory")
        case S_IFSOCK: throw .notAFile(kind: "socket")
        case S_IFBLK: throw .notAFile(kind: "block device")
        default: throw .notAFile(kind: "special file")
        }
    }
}
