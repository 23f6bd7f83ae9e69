import ArgumentParser
import BoundedInput
import Crisis
import Foundation
import Report
import Scenario
import Store

/// `fulcrum runs list | show ID | diff ID ID | rm ID`: the runs kept in the store.
struct RunsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "runs",
        abstract: "List, show, compare and remove the runs kept in the run store.",
        subcommands: [List.self, Show.self, Diff.self, Remove.self, ReportFile.self]
    )

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "list", abstract: "List stored runs, newest first.")
        @OptionGroup var store: StoreOptions
        @Option(help: "Output format: text or json.") var format: OutputFormat = .text
        @Option(help: "Show at most this many runs.") var limit: Int?

        func run() throws {
            let rows = try store.open().list(limit: limit)
            if format == .json { print(try JSONOutput.text(rows)); return }
            if rows.isEmpty { print("No runs in \(store.path)."); return }
            print(pad("ID", 5) + pad("STARTED (UTC)", 21) + pad("SCENARIO", 16) + pad("SAMPLES", 8) + pad("SEED", 6) + pad("SECONDS", 9) + "MOST LIKELY PATH (SHARE) · OVERRIDES")
            for r in rows {
                let over = r.overrides == "{}" ? "" : " · set \(r.overrides)"
                print(pad(String(r.id), 5) + pad(String(r.startedAt.prefix(19)).replacingOccurrences(of: "T", with: " "), 21) + pad(r.scenarioID, 16)
                      + pad(String(r.samples), 8) + pad(r.seed, 6) + pad(String(format: "%.1f", r.durationSeconds), 9)
                      + "\(r.modalPath) (\(Int((r.modalProbability * 100).rounded()))%)\(over)")
            }
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "show", abstract: "Show one run: its inputs and its results (--format json prints results.json).")
        @OptionGroup var store: StoreOptions
        @Option(help: "Output format: text or json.") var format: OutputFormat = .text
        @Argument(help: "Run id.") var id: Int64

        func run() throws {
            guard let r = try store.open().run(id) else { throw failure("no run \(id) in \(store.path)") }
            if format == .json { print(r.results); return }
            print("run \(r.id!) · \(r.origin) · started \(r.startedAt) · \(String(format: "%.1f", r.durationSeconds)) s")
            print("scenario \(r.scenarioID) (\(r.scenarioTitle)) from \(r.scenarioSource), content SHA-256 \(r.scenarioHash)")
            print("samples \(r.samples) · seed \(r.seed) · Fulcrum \(r.version) · overrides \(r.overrides)")
            print("most likely path (\(Int((r.modalProbability * 100).rounded()))% of samples): \(r.modalPath)")
            print("fulcrum: \(r.fulcrum)")
        }
    }

    struct Diff: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "diff", abstract: "What changed between two runs, in the inputs and in the outcome.")
        @OptionGroup var store: StoreOptions
        @Option(help: "Output format: text or json.") var format: OutputFormat = .text
        @Argument(help: "First run id.") var a: Int64
        @Argument(help: "Second run id.") var b: Int64

        func run() throws {
            let s = try store.open()
            guard let ra = try s.run(a) else { throw failure("no run \(a) in \(store.path)") }
            guard let rb = try s.run(b) else { throw failure("no run \(b) in \(store.path)") }
            let d = try RunDiff(ra, rb)
            if format == .json { print(try JSONOutput.text(d)) } else { print(d.text, terminator: "") }
        }
    }

    struct Remove: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "rm", abstract: "Remove a run from the store.")
        @OptionGroup var store: StoreOptions
        @Argument(help: "Run id.") var id: Int64

        func run() throws {
            guard try store.open().delete(id) else { throw failure("no run \(id) in \(store.path)") }
            print("removed run \(id)")
        }
    }
}

extension RunsCommand {
    struct ReportFile: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "report", abstract: "Write the HTML report of a stored run.")
        @OptionGroup var store: StoreOptions
        @Argument(help: "Run id.") var id: Int64
        @Option(help: "The HTML file to write.") var out: String

        func run() throws {
            let file = try checkOutput { () throws(OutputError) in try OutputFile(out) }
            let s = try store.open()
            guard let r = try s.run(id) else { throw failure("no run \(id) in \(store.path)") }
            // Drawn from the scenario files stored with the run, as it ran; a run stored
            // before runs kept them is drawn against its folder as it is now.
            let scenario: Scenario
            if let stored = Scenario.validate(files: try s.scenarioFiles(hash: r.scenarioHash)).scenario {
                scenario = stored
            } else {
                scenario = try loadScenario(r.scenarioSource == "built-in" ? nil : r.scenarioSource)
                if scenario.sourceDigest != r.scenarioHash {
                    printError("warning: run \(id) was stored without its scenario's files, and the scenario at \(r.scenarioSource) has changed since; the report's scenario text, map and provenance are today's")
                }
            }
            let result = try r.result()
            let html = HTMLReport.render(result, context: CrisisContext(scenario, overrides: result.run.overrides))
            try checkOutput { () throws(OutputError) in try file.write(Data(html.utf8)) }
        }
    }
}

func pad(_ s: String, _ n: Int) -> String { s.count >= n ? s + " " : s + String(repeating: " ", count: n - s.count) }

