import BoundedInput
import Crisis
import Foundation

/// Where `fulcrum run` and `fulcrum merge` put a run: the --out folder (results.json, the CSV
/// tables, game.efg and, given a context, report.html) and a --report file. Both are checked,
/// and the folder locked, when the destination is made, before the work; `write` writes them
/// after it, through `BoundedInput`'s one all-or-nothing writer.
public struct RunDestination {
    public let folder: OutputFolder?
    public let reportFile: OutputFile?

    /// `notes`: what the folder's check found and put right (an interrupted write's leftovers),
    /// given as soon as the folder is checked.
    public init(out: String?, report: String? = nil, writtenBy: String, inputs: [String], force: Bool,
                notes: ([String]) -> Void) throws(OutputError) {
        let folder = try out.map { (path) throws(OutputError) in try OutputFolder(path, writtenBy: writtenBy, inputs: inputs, force: force) }
        notes(folder?.notes ?? [])
        self.folder = folder
        reportFile = try report.map { (path) throws(OutputError) in try OutputFile(path) }
    }

    /// Writes the folder, then the report file. The report is drawn only when something
    /// takes it and there is a `context` (merge writes none). `warnings`: what the folder's
    /// writer could not tidy afterwards.
    public func write(_ result: CrisisResult, context: @autoclosure () -> CrisisContext?, warnings: ([String]) -> Void) throws {
        let html = folder != nil || reportFile != nil ? context().map { HTMLReport.render(result, context: $0) } : nil
        if let folder { warnings(try folder.write(texts: try RunTables.files(result, report: html))) }
        if let reportFile, let html { try reportFile.write(Data(html.utf8)) }
    }

    /// Shard K of M's file in the folder `out` (made if missing), checked before the work.
    public static func shard(in out: String, _ index: Int, of count: Int) throws(OutputError) -> OutputFile {
        try OutputFile(URL(fileURLWithPath: out).appendingPathComponent(RunTables.shardName(index, of: count)).path, createFolder: true)
    }
}
