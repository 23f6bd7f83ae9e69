import Foundation

// The one way Fulcrum writes its outputs: a file (`OutputFile`: --report, --csv, a shard,
// a converted game) or a folder replaced whole (`OutputFolder`: --out). Both are checked
// when made, before any work, so a path that cannot or must not be written fails at once;
// both write all or nothing. No output deletes what it was not given: a folder output
// never replaces an input, the current or a home folder or anything holding one, a file,
// a device, or (without --force) a folder Fulcrum did not write; a file output never
// replaces a folder, and writes a character device or a named pipe directly instead of
// replacing it.

/// Why an output path was refused or could not be written.
public struct OutputError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The path as the user gave it.
    public var path: String
    public var reason: String
    public init(_ path: String, _ reason: String) { self.path = path; self.reason = reason }
    public var description: String { "\(path): \(reason)" }
}

/// Where a folder replace can be stopped in tests, as if the process were killed there.
enum OutputStep: Sendable { case staged, movedAside, placed }

/// A file an output will be: checked when made, written with `write`. A regular file (or
/// a new one) is written to a staging file beside it and renamed over it, so readers see
/// the old file or the new, never half; a character device (`/dev/null`, a terminal) or a
/// named pipe is written directly, never replaced.
public struct OutputFile: Sendable {
    /// The path as given, for messages.
    public let path: String
    /// The path to stage beside and rename onto (symbolic links resolved), or to open for a stream.
    let target: String
    /// A character device or named pipe: written in place.
    public let isStream: Bool
    let createFolder: Bool

    /// Checks `path` now. The folder it goes in must exist, unless `createFolder`
    /// (then the nearest existing folder above it must be writable, and the rest is made when writing).
    public init(_ path: String, createFolder: Bool = false) throws(OutputError) {
        guard !path.isEmpty else { throw OutputError(path, "an empty path names no file") }
        self.path = path; self.createFolder = createFolder
        var kind = FileKind.of(path, follow: false)
        var target = Paths.absolute(path)
        if kind == .link {
            kind = FileKind.of(path, follow: true)
            if kind == .missing { throw OutputError(path, "is a symbolic link to nothing") }
            // A link to a regular file: write beside the file it leads to, keeping the link.
            if kind == .file, let real = Paths.real(path) { target = real }
        }
        switch kind {
        case .charDevice, .fifo:
            isStream = true; self.target = path
            return
        case .folder: throw OutputError(path, "is a folder; a file output never replaces a folder")
        case .blockDevice, .socket, .other:
            throw OutputError(path, "is a \(kind.name); Fulcrum writes only regular files, folders, character devices and named pipes")
        case .missing, .file, .link: break
        }
        isStream = false; self.target = target
        try Paths.checkFolderFor(path, Paths.parent(target), create: createFolder)
    }

    public func write(_ data: Data) throws(OutputError) { try OutputFile.write([(self, data)]) }

    /// Writes several files as one set: every regular file is staged first, and only when
    /// all are staged (and every stream written) are they renamed into place; on failure
    /// the staging files are removed and no target is touched.
    public static func write(_ files: [(file: OutputFile, data: Data)]) throws(OutputError) {
        var staged: [(file: OutputFile, staging: String)] = []
        func removeStaged() { for s in staged { unlink(s.staging) } }
        for (file, data) in files where !file.isStream {
            do throws(OutputError) {
                if FileKind.of(file.target, follow: false) == .folder {
                    throw OutputError(file.path, "is a folder; a file output never replaces a folder")
                }
                let folder = Paths.parent(file.target)
                if file.createFolder { try Paths.makeFolders(folder, for: file.path) }
                let stem = Paths.stem(Paths.lastComponent(file.target))
                Paths.removeStaleStaging(in: folder, stem: stem)
                let staging = folder + "/" + stem + "staging-\(getpid())-\(staged.count)"
                unlink(staging)
                try Paths.writeNew(staging, data, for: file.path)
                staged.append((file, staging))
            } catch {
                removeStaged()
                throw error
            }
        }
        for (file, data) in files where file.isStream {
            do { try file.writeStream(data) } catch { removeStaged(); throw error }
        }
        for (i, s) in staged.enumerated() where rename(s.staging, s.file.target) != 0 {
            let why = Paths.errorText()
            for rest in staged[i...] { unlink(rest.staging) }
            throw OutputError(s.file.path, "cannot be written (\(why))")
        }
    }

    /// Opens the device or pipe as it is and writes into it. A named pipe with nobody
    /// reading it is refused rather than waited on.
    private func writeStream(_ data: Data) throws(OutputError) {
        let fifo = FileKind.of(path, follow: true) == .fifo
        let fd = open(path, O_WRONLY | O_NOCTTY | O_CLOEXEC | (fifo ? O_NONBLOCK : 0))
        guard fd >= 0 else {
            if errno == ENXIO && fifo { throw OutputError(path, "is a named pipe that nobody is reading") }
            throw OutputError(path, "cannot be written (\(Paths.errorText()))")
        }
        defer { close(fd) }
        // Whatever the path was when checked, what was opened must still be a stream:
        // never write into the middle of a regular file swapped in meanwhile.
        var st = stat()
        guard fstat(fd, &st) == 0, FileKind(st.st_mode) == .charDevice || FileKind(st.st_mode) == .fifo else {
            throw OutputError(path, "changed while Fulcrum was working; it is no longer a device or pipe")
        }
        if fifo { _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK) }
        try Paths.writeAll(fd, data, for: path)
    }
}

/// A folder an output will be, replaced whole. Made (and checked) before any work; holds
/// a lock on the target until written, so of several Fulcrum processes writing the same
/// folder at once, the later ones fail before computing anything.
///
/// Replacing is a rename swap: the new folder is staged beside the target as
/// `.NAME.fulcrum-staging-PID`, the old one is renamed to `.NAME.fulcrum-previous-PID`,
/// the new one renamed into place, then the old one deleted. A kill at any moment leaves
/// a complete output: at the target, or (between the two renames) in one of those two
/// folders. The next writer of the same target finds them, puts a complete one back in
/// place if the target is missing, deletes the rest and says so (`notes`).
///
/// Every output folder holds `fulcrum-output.json`, listing the files written; a folder with it and nothing else is an earlier Fulcrum output, which is replaced
/// without asking. A non-empty folder without it, or holding files it does not list, is
/// refused unless `force`.
public final class OutputFolder: @unchecked Sendable {
    public static let manifestName = "fulcrum-output.json"
    public let path: String
    let target: String, parent: String, name: String, stem: String
    let writtenBy: String
    let force: Bool
    private var lock: OutputLock?
    /// What was found and done on the way (stale staging folders removed, an interrupted
    /// replace's output put back), for the command to print.
    public private(set) var notes: [String] = []
    /// Tests: stop the replace after this step as a kill would (no cleanup, lock dropped).
    var simulatedCrash: OutputStep?

    /// `writtenBy`: the command, recorded in the manifest. `inputs`: files and folders the
    /// command reads; the output may be none of them and hold none of them.
    public init(_ path: String, writtenBy: String, inputs: [String] = [], force: Bool = false) throws(OutputError) {
        guard !path.isEmpty else { throw OutputError(path, "an empty path names no folder") }
        self.path = path; self.writtenBy = writtenBy; self.force = force
        if FileKind.of(path, follow: false) == .link && FileKind.of(path, follow: true) == .missing {
            throw OutputError(path, "is a symbolic link to nothing")
        }
        target = Paths.resolved(path)
        parent = Paths.parent(target); name = Paths.lastComponent(target); stem = Paths.stem(name)
        try Self.checkProtected(path, target, inputs: inputs)
        try checkTarget()
        try Paths.checkFolderFor(path, parent, create: true)
        if FileKind.of(parent, follow: true) == .folder {
            try takeLock()
            try checkTarget()   // again: the clean-up may have put an interrupted output back
        }
    }

    deinit { lock?.release() }

    /// Writes UTF-8 texts as `write` does, and returns the notes added on the way (what
    /// could not be tidied after the replace), for the command to print as warnings.
    @discardableResult
    public func write(texts: [(name: String, text: String)]) throws(OutputError) -> [String] {
        let seen = notes.count
        try write(texts.map { ($0.name, Data($0.text.utf8)) })
        return Array(notes.dropFirst(seen))
    }

    /// Writes `files` (flat names) and the manifest as the new content of the folder.
    public func write(_ files: [(name: String, data: Data)]) throws(OutputError) {
        var seen: Set<String> = [Self.manifestName]
        for f in files where f.name.isEmpty || f.name == "." || f.name == ".." || f.name.contains("/") || !seen.insert(f.name).inserted {
            throw OutputError(path, "cannot hold a file named '\(f.name)'")
        }
        try Paths.makeFolders(parent, for: path)
        if lock == nil { try takeLock() }
        // Checked again: files may have appeared in the target while the work ran.
        try checkTarget()
        let staging = parent + "/" + stem + "staging-\(getpid())"
        let previous = parent + "/" + stem + "previous-\(getpid())"
        do throws(OutputError) {
            Paths.removeTree(staging)
            guard mkdir(staging, 0o777) == 0 else { throw OutputError(path, "cannot create \(staging) (\(Paths.errorText()))") }
            for f in files { try Paths.writeNew(staging + "/" + f.name, f.data, for: path) }
            // Last: its presence marks the staged folder complete.
            try Paths.writeNew(staging + "/" + Self.manifestName, Manifest(writtenBy: writtenBy, files: files.map(\.name)).data, for: path)
        } catch {
            Paths.removeTree(staging)
            throw error
        }
        if crash(at: .staged) { return }
        let hadOld = FileKind.of(target, follow: false) != .missing
        if hadOld && rename(target, previous) != 0 {
            let why = Paths.errorText()
            Paths.removeTree(staging)
            throw OutputError(path, "cannot be replaced (\(why))")
        }
        if crash(at: .movedAside) { return }
        if rename(staging, target) != 0 {
            let why = Paths.errorText()
            if hadOld { rename(previous, target) }
            Paths.removeTree(staging)
            throw OutputError(path, "cannot be written (\(why))")
        }
        if crash(at: .placed) { return }
        if hadOld && !Paths.removeTree(previous) {
            notes.append("could not delete \(previous), the folder \(path) replaced")
        }
        lock?.release(); lock = nil
    }

    private func crash(at step: OutputStep) -> Bool {
        guard simulatedCrash == step else { return false }
        lock?.abandon(); lock = nil
        return true
    }

    private func takeLock() throws(OutputError) {
        lock = try OutputLock.acquire(parent + "/" + stem + "lock", for: path)
        recoverInterrupted()
    }

    /// With the lock held no other writer of this target is alive, so any staging or
    /// previous folder beside it was left by a killed one.
    private func recoverInterrupted() {
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: parent)) ?? []).sorted()
        var stale = names.filter { $0.hasPrefix(stem + "staging-") || $0.hasPrefix(stem + "previous-") }
        if FileKind.of(target, follow: false) == .missing {
            // Prefer the newer output (staging) when both are complete.
            if let i = stale.firstIndex(where: { $0.hasPrefix(stem + "staging-") && Manifest.isComplete(parent + "/" + $0) })
                ?? stale.firstIndex(where: { Manifest.isComplete(parent + "/" + $0) }),
               rename(parent + "/" + stale[i], target) == 0 {
                notes.append("restored \(path) from \(parent)/\(stale[i]), the complete output an interrupted Fulcrum left there")
                stale.remove(at: i)
            }
        }
        for s in stale where Paths.removeTree(parent + "/" + s) {
            notes.append("deleted \(parent)/\(s), left by an interrupted Fulcrum")
        }
    }

    /// Folders an output must never replace, whatever --force says: an input, the current
    /// folder, a home folder, or a folder holding any of them.
    private static func checkProtected(_ path: String, _ target: String, inputs: [String]) throws(OutputError) {
        var guarded: [(String, String)] = inputs.map { (Paths.resolved($0), "the input \($0)") }
        guarded.append((Paths.resolved(FileManager.default.currentDirectoryPath), "the current folder"))
        for h in Paths.homes() { guarded.append((h, "the home folder \(h)")) }
        for (p, what) in guarded {
            if p == target { throw OutputError(path, "is \(what); an output folder replaces what it names, so it cannot be an input, the current folder or a home folder") }
            if target == "/" || p.hasPrefix(target + "/") {
                throw OutputError(path, "holds \(what); an output folder replaces what it names, so it cannot hold an input, the current folder or a home folder")
            }
        }
    }

    /// What is at the target must be nothing, an empty folder, an earlier Fulcrum output,
    /// or (with --force) any folder.
    private func checkTarget() throws(OutputError) {
        let kind = FileKind.of(target, follow: false)
        switch kind {
        case .missing: return
        case .folder: break
        case .file: throw OutputError(path, "is a file; a folder output never replaces a file")
        default: throw OutputError(path, "is a \(kind.name), not a folder; Fulcrum never replaces one")
        }
        let entries = ((try? FileManager.default.contentsOfDirectory(atPath: target)) ?? []).sorted()
        let listed = Manifest.read(target + "/" + Self.manifestName)?.files
        let foreign = entries.filter { $0 != Self.manifestName && !(listed?.contains($0) ?? false) }
        guard !foreign.isEmpty, !force else { return }
        let shown = foreign.prefix(3).joined(separator: ", ") + (foreign.count > 3 ? " and \(foreign.count - 3) more" : "")
        let what = listed == nil ? "is a folder Fulcrum did not write (it holds \(shown) and no \(Self.manifestName))"
                                 : "is an earlier Fulcrum output, but it also holds \(shown), which Fulcrum did not write"
        throw OutputError(path, "\(what); give a new or empty folder, or --force to replace it whole")
    }
}

/// `fulcrum-output.json`: who wrote the folder and the files it holds. Deterministic (no
/// time, no process id, no sizes: out.meta.json's length varies with its timings), so
/// output folders stay byte-identical run to run.
struct Manifest: Codable {
    var format = "fulcrum-output 1"
    var writtenBy: String
    var files: [String]

    init(writtenBy: String, files: [String]) { self.writtenBy = writtenBy; self.files = files.sorted() }

    var data: Data {
        let e = JSONEncoder()
        e.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return ((try? e.encode(self)) ?? Data()) + Data("\n".utf8)
    }

    static func read(_ path: String) -> Manifest? {
        guard let d = try? BoundedFile.data(path: path, limit: 1 << 20),
              let m = try? JSONDecoder().decode(Manifest.self, from: d), m.format == "fulcrum-output 1" else { return nil }
        return m
    }

    /// A folder whose manifest is there with every file it lists. Files are written whole
    /// before the manifest and deleted whole, so presence is completeness.
    static func isComplete(_ folder: String) -> Bool {
        guard let m = read(folder + "/" + OutputFolder.manifestName) else { return false }
        return m.files.allSatisfy { FileKind.of(folder + "/" + $0, follow: false) == .file }
    }
}

/// An exclusive, non-blocking `flock` on a lock file beside the target. The kernel drops it
/// when the process dies, so a kill leaves no lock held, only (at most) the file.
final class OutputLock {
    let fd: CInt, path: String

    private init(fd: CInt, path: String) { self.fd = fd; self.path = path }

    static func acquire(_ path: String, for output: String) throws(OutputError) -> OutputLock {
        while true {
            let fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o666)
            guard fd >= 0 else { throw OutputError(output, "cannot create the lock file \(path) (\(Paths.errorText()))") }
            if flock(fd, LOCK_EX | LOCK_NB) != 0 {
                let busy = errno == EWOULDBLOCK
                let why = Paths.errorText()
                close(fd)
                throw OutputError(output, busy ? "another Fulcrum process is writing this output now; try again when it has finished"
                                               : "cannot lock \(path) (\(why))")
            }
            // The holder before us may have unlinked the file between our open and flock:
            // then we hold a lock nobody else can see, so start again on the file now there.
            var a = stat(), b = stat()
            if fstat(fd, &a) == 0 && stat(path, &b) == 0 && a.st_ino == b.st_ino && a.st_dev == b.st_dev {
                return OutputLock(fd: fd, path: path)
            }
            close(fd)
        }
    }

    /// Unlinks while still holding the lock, so no one can lock the file just removed.
    func release() { unlink(path); close(fd) }
    /// As a kill would: the lock goes, the file stays.
    func abandon() { close(fd) }
}

enum FileKind: Equatable {
    case missing, file, folder, link, charDevice, fifo, blockDevice, socket, other

    init(_ mode: mode_t) {
        switch mode & S_IFMT {
        case S_IFREG: self = .file
        case S_IFDIR: self = .folder
        case S_IFLNK: self = .link
        case S_IFCHR: self = .charDevice
        case S_IFIFO: self = .fifo
        case S_IFBLK: self = .blockDevice
        case S_IFSOCK: self = .socket
        default: self = .other
        }
    }

    static func of(_ path: String, follow: Bool) -> FileKind {
        var st = stat()
        return (follow ? stat(path, &st) : lstat(path, &st)) == 0 ? FileKind(st.st_mode) : .missing
    }

    var name: String {
        switch self {
        case .missing: return "missing file"
        case .file: return "file"
        case .folder: return "folder"
        case .link: return "symbolic link"
        case .charDevice: return "character device"
        case .fifo: return "named pipe"
        case .blockDevice: return "block device"
        case .socket: return "socket"
        case .other: return "special file"
        }
    }
}

enum Paths {
    static func errorText() -> String { String(cString: strerror(errno)) }

    static func absolute(_ p: String) -> String {
        p.hasPrefix("/") ? p : FileManager.default.currentDirectoryPath + "/" + p
    }

    static func real(_ p: String) -> String? {
        guard let r = realpath(p, nil) else { return nil }
        defer { free(r) }
        return String(cString: r)
    }

    /// The absolute path with every link and `.`/`..` resolved as the file system does,
    /// for as much of it as exists; the rest is appended as written.
    static func resolved(_ p: String) -> String {
        let abs = absolute(p)
        if let r = real(abs) { return r }
        var parts = abs.split(separator: "/", omittingEmptySubsequences: true).map(String.init)
        var rest: [String] = []
        while let last = parts.popLast() {
            rest.insert(last, at: 0)
            if let r = real("/" + parts.joined(separator: "/")) {
                var out = r == "/" ? "" : r
                // Missing components cannot be links; `..` after a missing one is lexical.
                for c in rest where c != "." {
                    if c == ".." { out = parent(out.isEmpty ? "/" : out); if out == "/" { out = "" } } else { out += "/" + c }
                }
                return out.isEmpty ? "/" : out
            }
        }
        return abs
    }

    static func parent(_ p: String) -> String {
        guard let i = p.lastIndex(of: "/") else { return "." }
        return i == p.startIndex ? "/" : String(p[..<i])
    }

    static func lastComponent(_ p: String) -> String {
        p.split(separator: "/").last.map(String.init) ?? "/"
    }

    /// `.NAME.fulcrum-`, the prefix of every staging, previous and lock name for NAME
    /// (its first 200 bytes, so the whole stays within the 255-byte name limit).
    static func stem(_ name: String) -> String {
        var short = "", bytes = 0
        for c in name { bytes += c.utf8.count; if bytes > 200 { break }; short.append(c) }
        return "." + short + ".fulcrum-"
    }

    /// The folder an output goes in must exist and be writable; with `create`, the nearest
    /// existing folder above it must, and the rest is made at write time.
    static func checkFolderFor(_ output: String, _ folder: String, create: Bool) throws(OutputError) {
        var f = folder
        while create && FileKind.of(f, follow: true) == .missing && f != "/" { f = parent(f) }
        switch FileKind.of(f, follow: true) {
        case .folder:
            if access(f, W_OK | X_OK) != 0 { throw OutputError(output, "cannot be written: the folder \(f) is not writable (\(errorText()))") }
        case .missing: throw OutputError(output, "cannot be written: the folder \(f) does not exist")
        case let k: throw OutputError(output, "cannot be written: \(f) is a \(k.name), not a folder")
        }
    }

    static func makeFolders(_ folder: String, for output: String) throws(OutputError) {
        guard FileKind.of(folder, follow: true) != .folder else { return }
        do { try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true) } catch {
            throw OutputError(output, "cannot create the folder \(folder) (\(error.localizedDescription))")
        }
    }

    /// Creates `path` (it must not exist) and writes `data` into it.
    static func writeNew(_ path: String, _ data: Data, for output: String) throws(OutputError) {
        let fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o666)
        guard fd >= 0 else { throw OutputError(output, "cannot create \(path) (\(errorText()))") }
        do { try writeAll(fd, data, for: output) } catch { close(fd); unlink(path); throw error }
        if close(fd) != 0 { let why = errorText(); unlink(path); throw OutputError(output, "cannot be written (\(why))") }
    }

    static func writeAll(_ fd: CInt, _ data: Data, for output: String) throws(OutputError) {
        let failure: String? = data.withUnsafeBytes { buf in
            var off = 0
            while off < buf.count {
                let n = Foundation.write(fd, buf.baseAddress! + off, buf.count - off)
                if n < 0 { if errno == EINTR || errno == EAGAIN { continue }; return errorText() }
                off += n
            }
            return nil
        }
        if let failure { throw OutputError(output, "cannot be written (\(failure))") }
    }

    /// Removes a file or a folder and everything in it (links themselves, never what they lead to).
    @discardableResult
    static func removeTree(_ path: String) -> Bool {
        guard FileKind.of(path, follow: false) != .missing else { return true }
        return (try? FileManager.default.removeItem(atPath: path)) != nil
    }

    /// Staging files of a file output whose writer is no longer running.
    static func removeStaleStaging(in folder: String, stem: String) {
        for n in (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? [] where n.hasPrefix(stem + "staging-") {
            let pid = n.dropFirst(stem.count + "staging-".count).split(separator: "-").first.flatMap { pid_t($0) }
            if let pid, pid != getpid(), kill(pid, 0) != 0 && errno == ESRCH { unlink(folder + "/" + n) }
        }
    }

    /// Every home folder this system knows of: $HOME and each account's.
    static func homes() -> [String] {
        var out: Set<String> = []
        if let h = ProcessInfo.processInfo.environment["HOME"], !h.isEmpty { out.insert(resolved(h)) }
        setpwent()
        while let pw = getpwent() {
            if let d = pw.pointee.pw_dir, let r = real(String(cString: d)) { out.insert(r) }
        }
        endpwent()
        return out.sorted()
    }
}
