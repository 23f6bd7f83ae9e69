import Foundation

/// Where a loader's named input files come from: a folder on disk, or file
/// name → bytes held in memory (fuzzing, tests, an upload). Loaders read every
/// file through this one value, so both kinds go through the same parsing and
/// checks; only the disk side has file kinds and sizes on disk to guard
/// (`BoundedFile`), while the memory side applies the same byte limit.
public struct FileSource: Sendable {
    enum Storage: Sendable {
        /// A folder, and the resolved folder every file read from it must lie in (if any).
        case directory(URL, root: String?)
        case memory([String: Data])
    }
    let storage: Storage

    /// The files in a folder on disk; with `root`, a file is read only if it lies in that
    /// resolved folder (checked on what was opened, see `BoundedFile.data(path:limit:within:)`).
    public static func directory(_ url: URL, within root: String? = nil) -> FileSource {
        FileSource(storage: .directory(url, root: root))
    }
    /// Files held in memory, by name (a name is the file's path relative to the folder).
    public static func memory(_ files: [String: Data]) -> FileSource { FileSource(storage: .memory(files)) }

    /// The folder on disk, if this source is one.
    public var directoryURL: URL? {
        if case .directory(let u, _) = storage { return u }
        return nil
    }

    /// How messages name the file: its path on disk, or the bare name in memory.
    public func path(_ name: String) -> String {
        switch storage {
        case .directory(let u, _): return u.appendingPathComponent(name).path
        case .memory: return name
        }
    }

    /// Whether the file is there (on disk: anything at that path, following links).
    public func exists(_ name: String) -> Bool {
        switch storage {
        case .directory(let u, _): return FileManager.default.fileExists(atPath: u.appendingPathComponent(name).path)
        case .memory(let files): return files[name] != nil
        }
    }

    /// The file's bytes, refused past `limit` bytes.
    public func data(_ name: String, limit: Int) throws(InputFileError) -> Data {
        switch storage {
        case .directory(let u, let root):
            return try BoundedFile.data(path: u.appendingPathComponent(name).path, limit: limit, within: root)
        case .memory(let files):
            guard let d = files[name] else { throw .missing }
            if d.count > limit { throw .tooLarge(size: d.count, limit: limit) }
            return d
        }
    }

    /// The file as UTF-8 text, refused past `limit` bytes.
    public func text(_ name: String, limit: Int) throws(InputFileError) -> String {
        try BoundedFile.utf8(try data(name, limit: limit))
    }

    /// The names of the files at the top of the folder, sorted (unreadable folder: none).
    public func names() -> [String] {
        switch storage {
        case .directory(let u, _): return ((try? FileManager.default.contentsOfDirectory(atPath: u.path)) ?? []).sorted()
        case .memory(let files): return files.keys.filter { !$0.contains("/") }.sorted()
        }
    }
}
