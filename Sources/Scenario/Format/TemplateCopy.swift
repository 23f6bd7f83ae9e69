import Foundation

/// Why a template could not be written: `refused` before anything was touched (an
/// unknown template, a folder in the way), or the write itself `failed`.
public enum TemplateError: Error, Sendable, CustomStringConvertible {
    case refused(String)
    case failed(String)
    public var description: String { switch self { case .refused(let m), .failed(let m): m } }
}

extension Scenario {
    /// Writes the template `name` (one of `templates`) as the folder `directory`, which must
    /// not exist or be empty: staged beside it and renamed into place, so a failure leaves no
    /// half-written scenario. Returns the folder and the names of the files written.
    public static func writeTemplate(_ name: String, to directory: String) throws(TemplateError) -> (folder: URL, files: [String]) {
        guard let source = templateDirectory(name) else {
            throw .refused("--template must be one of: \(templates.joined(separator: ", ")) (got '\(name)')")
        }
        let fm = FileManager.default
        let target = URL(fileURLWithPath: directory).standardizedFileURL
        var isFolder: ObjCBool = false
        if fm.fileExists(atPath: target.path, isDirectory: &isFolder) {
            guard isFolder.boolValue, ((try? fm.contentsOfDirectory(atPath: target.path)) ?? ["?"]).isEmpty else {
                throw .refused("\(directory) already exists and is not an empty folder; 'fulcrum new' never writes over anything")
            }
        }
        let staging = target.deletingLastPathComponent().appendingPathComponent(".\(target.lastPathComponent).fulcrum-new-\(getpid())")
        try? fm.removeItem(at: staging)
        do {
            let names = try fm.contentsOfDirectory(atPath: source.path).filter { !$0.hasPrefix(".") }.sorted()
            try fm.createDirectory(at: staging, withIntermediateDirectories: false)
            for file in names {
                var data = try Data(contentsOf: source.appendingPathComponent(file))
                // A calibrated template is copied byte for byte: its posterior.json is fitted to these exact files.
                if file == "scenario.yaml" && name != "minimal" && !names.contains(ScenarioParser.posteriorFile) {
                    data = Data(("# Written by `fulcrum new --template \(name)`: a complete scenario to change into your own\n"
                                 + "# (`fulcrum new --template minimal` comments what each part is for; docs/scenario-format.md).\n").utf8) + data
                }
                try data.write(to: staging.appendingPathComponent(file))
            }
            if fm.fileExists(atPath: target.path) { try fm.removeItem(at: target) }
            try fm.moveItem(at: staging, to: target)
            return (target, names)
        } catch {
            try? fm.removeItem(at: staging)
            throw .failed("could not write \(directory): \(error.localizedDescription)")
        }
    }
}
