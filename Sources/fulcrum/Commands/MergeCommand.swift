import ArgumentParser
import Crisis
import Foundation
import Scenario

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
            """
    )

    @Argument(help: "Shard files, or folders of shard-*.json files.")
    var shards: [String]

    @Option(help: "The scenario folder the shards were computed from.")
    var scenario: String?

    @Option(help: "Write results.json and CSV tables into this folder, as 'fulcrum run --out' does.")
    var out: String?

    @OptionGroup var common: CommonOptions

    func run() throws {
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
            do { return try JSONOutput.decode(CrisisShard.self, from: Data(contentsOf: file)) }
            catch { throw failure("\(file.path): not a shard written by 'fulcrum run --shard' (\(error))") }
        }
        let scenario = try loadScenario(self.scenario ?? parts[0].scenarioDirectory)
        let result: CrisisResult
        do { result = try CrisisRunner.merge(scenario, shards: parts) }
        catch let e as CrisisError { throw failure(e.description) }
        if let out { try RunOutput.write(result, to: URL(fileURLWithPath: out)) }
        switch common.format {
        case .json: print(try RunOutput.json(result))
        case .text: print(RunSummary.text(result), terminator: "")
        }
    }
}

/// Prints `message` as an error and gives the exit code for bad input (1).
func failure(_ message: String) -> ExitCode {
    printError("error: \(message)")
    return ExitCode(1)
}
