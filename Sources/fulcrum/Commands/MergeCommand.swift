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

    @Argument(help: "Shard files, or folders of shard-*.json files.") var shards: [String]
    @Option(help: "The scenario folder the shards were computed from.") var scenario: String?
    @Option(help: "Write results.json and CSV tables into this folder, as 'fulcrum run --out' does (see --force).") var out: String?
    @Flag(help: ArgumentHelp(forceHelp)) var force = false
    @OptionGroup var store: StoreOptions
    @Flag(help: "Do not record the merged run in the run store.") var noStore = false
    @OptionGroup var common: CommonOptions

    func validate() throws {
        if force && out == nil { throw ValidationError("--force has no effect without --out") }
    }

    func run() throws {
        let startedAt = Date()
        do {
            let parts = try CrisisShard.read(shards)
            let folder = self.scenario ?? parts[0].scenarioDirectory
            let scenario = try loadScenario(folder)
            let outFolder = try out.map { try outputFolder($0, writtenBy: "fulcrum merge", inputs: shards + [Scenario.directory(forArgument: folder).path], force: force) }
            let result = try CrisisRunner.merge(scenario, shards: parts)
            if let outFolder { try writeOutput(try RunTables.files(result), to: outFolder) }
            // Recorded once (origin merge); its timings are the merge's own, as the shards ran elsewhere.
            if !noStore {
                store.record("the merged run") { s in
                    try s.saveOnce(try RunStore.record(result, origin: "merge", scenarioSource: storeSource(folder), scenarioHash: scenario.sourceDigest,
                                                       startedAt: startedAt, finishedAt: Date()), scenarioFiles: scenario.sourceFiles)
                }
            }
            switch common.format {
            case .json: print(try RunTables.json(result))
            case .text: print(RunSummary.text(result), terminator: "")
            }
        } catch let e as ShardFileError { throw failure(e.message) } catch let e as CrisisError { throw failure(e.description) }
    }
}
