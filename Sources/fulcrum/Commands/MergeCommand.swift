import ArgumentParser
import BoundedInput
import Crisis
import Foundation
import Report
import Scenario
import Store

/// `fulcrum merge SHARD...`: combine the shards of a sharded run.
struct MergeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "merge",
        abstract: "Combine the shards of 'fulcrum run --shard K/M' into the result of the whole run.",
        discussion: """
            Takes shard files, or folders holding shard-*.json files. The result is bit-identical to
            the unsharded run with the same scenario, options and seed. The scenario is read from
            --scenario, else from where the shards were computed, else the built-in one; its content
            must match the shards'.
            The merged run is recorded in the run store (--store) unless --no-store; merging the
            same shards again does not record it twice. Shards themselves are not recorded.
            """
    )

    @Argument(help: "Shard files, or folders of shard-*.json files.")
    var shards: [String]

    @Option(help: "The scenario folder the shards were computed from.")
    var scenario: String?

    @Option(help: "Write results.json and CSV tables into this folder, as 'fulcrum run --out' does (see --force).")
    var out: String?

    @Flag(help: ArgumentHelp(forceHelp))
    var force = false

    @OptionGroup var store: StoreOptions

    @Flag(help: "Do not record the merged run in the run store.")
    var noStore = false

    @OptionGroup var common: CommonOptions

    func validate() throws {
        if force && out == nil { throw ValidationError("--force has no effect without --out") }
    }

    func run() throws {
        let startedAt = Date()
        let fm = FileManager.default
        var files: [URL] = []
        for path in shards {
            var isDirectory: ObjCBool = false
            guard fm.fileExists(atPath: path, isDirectory: &isDirectory) else { throw failure("\(path): no such file or folder") }
            if isDirectory.boolValue {
                let names = try fm.contentsOfDirectory(atPath: path).filter { $0.hasPrefix("shard-") && $0.hasSuffix(".json") }.sorted()
                files += names.map { URL(fileURLWithPath: path).appendingPathComponent($0) }
            } else {
                files.append(URL(fileURLWithPath: path))
            }
        }
        guard !files.isEmpty else { throw failure("no shard-*.json files in \(shards.joined(separator: ", "))") }
        let parts = try files.map { file -> CrisisShard in
            let data: Data
            do { data = try BoundedFile.data(path: file.path, limit: CrisisShard.maxFileBytes) }
            catch { throw failure("\(file.path): \(error)") }
            do { return try JSONOutput.decode(CrisisShard.self, from: data) }
            catch { throw failure("\(file.path): not a shard written by 'fulcrum run --shard' (\(error))") }
        }
        let folder = self.scenario ?? parts[0].scenarioDirectory
        let scenario = try loadScenario(folder)
        let outFolder = try out.map { try outputFolder($0, writtenBy: "fulcrum merge", inputs: shards + [Scenario.directory(forArgument: folder).path], force: force) }
        let result: CrisisResult
        do { result = try CrisisRunner.merge(scenario, shards: parts) }
        catch let e as CrisisError { throw failure(e.description) }
        if let outFolder { try writeOutput(try RunTables.files(result), to: outFolder) }
        if !noStore { recordMerge(result, scenario: scenario, folder: folder, startedAt: startedAt) }
        switch common.format {
        case .json: print(try RunTables.json(result))
        case .text: print(RunSummary.text(result), terminator: "")
        }
    }
}

extension MergeCommand {
    /// Records the merged run once (origin `merge`); its timings are the merge's own, as
    /// the shards ran elsewhere. A store that cannot be written warns but does not fail.
    func recordMerge(_ result: CrisisResult, scenario: Scenario, folder: String?, startedAt: Date) {
        do {
            let source = folder.map { URL(fileURLWithPath: $0).standardizedFileURL.path } ?? "built-in"
            let record = try RunStore.record(result, origin: "merge", scenarioSource: source, scenarioHash: scenario.sourceDigest,
                                             startedAt: startedAt, finishedAt: Date())
            let (id, new) = try store.open().saveOnce(record, scenarioFiles: scenario.sourceFiles)
            printError(new ? "recorded as run \(id) in \(store.path)" : "already recorded as run \(id) in \(store.path)")
        } catch {
            printError("warning: the merged run was not recorded in the run store: \(error)")
        }
    }
}

/// Prints `message` as an error and gives the exit code for bad input (1).
func failure(_ message: String) -> ExitCode {
    printError("error: \(message)")
    return ExitCode(1)
}
