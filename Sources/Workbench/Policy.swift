import Foundation
import Scenario

/// What the workbench accepts from a browser. Every limit is checked before any work
/// is done, and an answer beyond it is a 4xx page that says which limit was hit.
public struct WorkbenchLimits: Sendable {
    /// Largest request body (a form with every slider of the built-in scenario is ~5 KiB).
    public var maxBodyBytes = 256 << 10
    /// Most `name=value` pairs in one form.
    public var maxFormFields = 2_000
    /// Most what-ifs (slider moves plus `PATH=VALUE` lines) in one run.
    public var maxOverrides = 500
    /// Most Monte Carlo samples one run may ask for: the CLI's own cap.
    public var maxSamples = ScenarioLimits.maxSamples
    /// Most runs waiting or running at once; more are refused with 503 until some finish.
    public var maxPendingJobs = 32
    /// Most finished jobs remembered for their job pages (the oldest are forgotten first;
    /// their runs stay in the store).
    public var maxRetainedJobs = 1_000
    /// Longest scenario folder path accepted.
    public var maxPathBytes = 4_096

    public init() {}
    public static let standard = WorkbenchLimits()
}

/// Which scenario folders the workbench may open.
///
/// Policy: a folder is named by a path (absolute, or relative to `root` when one is set,
/// else to the server's working folder). The path must be at most `maxPathBytes` long and
/// hold no NUL or other control character. It is resolved with `realpath(3)` — every `..`
/// and every symbolic link — and the result must be a real directory holding a regular
/// `scenario.yaml`. With a root (`fulcrum serve --scenarios ROOT`), the resolved folder
/// must lie inside the resolved root, and so must every file in it (a symbolic link in the
/// folder may not lead out of the root). The loader checks each file again on the descriptor
/// it opened (`ScenarioSource.load(within:)`), so a link swapped in after this check cannot
/// lead out either. The workbench only ever reads a scenario through
/// the scenario loader (which reads only `scenario.yaml` and the tables it names beside it);
/// it never serves a file by path.
public struct ScenarioFolders: Sendable {
    /// The resolved root, or nil when any folder on the machine may be opened.
    public let root: String?
    let maxPathBytes: Int

    /// `root`: the folder every scenario must lie in (resolved now; it must exist).
    public init(root: String? = nil, limits: WorkbenchLimits = .standard) throws {
        maxPathBytes = limits.maxPathBytes
        if let root {
            guard let r = Self.realPath(root), Self.isDirectory(r) else {
                throw WorkbenchError("--scenarios \(root): not a folder")
            }
            self.root = r
        } else {
            self.root = nil
        }
    }

    /// The canonical source for `text` (`built-in`, empty, or a folder path), or an error
    /// that says why the folder may not be opened.
    public func resolve(_ text: String?) throws -> ScenarioSource {
        let t = (text ?? "").trimmingCharacters(in: .whitespaces)
        if t.isEmpty || t == "built-in" { return .builtIn }
        guard t.utf8.count <= maxPathBytes else {
            throw WorkbenchError("scenario folder: a path of \(t.utf8.count) bytes is longer than the \(maxPathBytes)-byte limit")
        }
        guard !t.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) else {
            throw WorkbenchError("scenario folder: the path holds a NUL or another control character")
        }
        let shown = String(t.prefix(200))
        let refused = root.map { "'\(shown)' is not a scenario folder inside \($0) (the folder given to --scenarios)" }
        let relative = t.hasPrefix("/") ? t : (root ?? FileManager.default.currentDirectoryPath) + "/" + t
        guard let real = Self.realPath(relative) else {
            throw WorkbenchError(refused ?? "'\(shown)': no such folder")
        }
        if let root, !Self.inside(real, root) { throw WorkbenchError(refused!) }
        guard Self.isDirectory(real) else { throw WorkbenchError(refused ?? "'\(shown)' is not a folder") }
        let yaml = real + "/scenario.yaml"
        guard let realYAML = Self.realPath(yaml), Self.isRegularFile(realYAML) else {
            throw WorkbenchError(refused ?? "'\(shown)' holds no scenario.yaml: a scenario folder holds scenario.yaml and its tables")
        }
        if let root {
            let names = (try? FileManager.default.contentsOfDirectory(atPath: real)) ?? []
            for name in names {
                guard let r = Self.realPath(real + "/" + name), Self.inside(r, root) else {
                    throw WorkbenchError("'\(shown)': \(name) leads outside \(root) (the folder given to --scenarios)")
                }
            }
        }
        return .folder(real)
    }

    /// Whether a folder may be opened (for a stored run's source).
    public func allows(_ source: String) -> Bool {
        (try? resolve(source)) != nil
    }

    /// Scenario folders directly inside the root, for the start page: each path and its
    /// scenario's title (nil when scenario.yaml gives none it can read).
    public func listed(limit: Int = 200) -> [(path: String, title: String?)] {
        guard let root else { return [] }
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: root)) ?? []).sorted()
        return names.lazy.filter { !$0.hasPrefix(".") }.compactMap { try? resolve(root + "/" + $0) }
            .prefix(limit).map { ($0.text, Scenario.title(directory: URL(fileURLWithPath: $0.text), within: root)) }
    }

    static func inside(_ path: String, _ root: String) -> Bool {
        path == root || path.hasPrefix(root.hasSuffix("/") ? root : root + "/")
    }

    static func realPath(_ path: String) -> String? {
        guard let p = realpath(path, nil) else { return nil }
        defer { free(p) }
        return String(cString: p)
    }

    static func isDirectory(_ path: String) -> Bool {
        var st = stat()
        return stat(path, &st) == 0 && (st.st_mode & S_IFMT) == S_IFDIR
    }

    static func isRegularFile(_ path: String) -> Bool {
        var st = stat()
        return stat(path, &st) == 0 && (st.st_mode & S_IFMT) == S_IFREG
    }
}
