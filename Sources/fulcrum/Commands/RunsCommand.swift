import ArgumentParser
import BoundedInput
import Crisis
import Foundation
import Report
import Scenario
import Store

/// `fulcrum runs list | show ID | diff ID ID | rm ID | report ID`: the runs kept in the store.
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
            if format == .json { print(try JSONOutput.text(rows)) } else { print(RunStore.listText(rows, store: store.path), terminator: "") }
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "show", abstract: "Show one run: its inputs and its results (--format json prints results.json).")
        @OptionGroup var store: StoreOptions
        @Option(help: "Output format: text or json.") var format: OutputFormat = .text
        @Argument(help: "Run id.") var id: Int64

        func run() throws {
            let r = try store.run(id, in: try store.open())
            if format == .json { print(r.results) } else { print(r.text, terminator: "") }
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
            let d = try RunDiff(try store.run(a, in: s), try store.run(b, in: s))
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

    struct ReportFile: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "report", abstract: "Write the HTML report of a stored run.")
        @OptionGroup var store: StoreOptions
        @Argument(help: "Run id.") var id: Int64
        @Option(help: "The HTML file to write.") var out: String

        func run() throws {
            let file = try checkOutput { () throws(OutputError) in try OutputFile(out) }
            let s = try store.open()
            let r = try store.run(id, in: s)
            // Drawn from the scenario files stored with the run, as it ran; a run stored before
            // runs kept them is drawn against its folder as it is now.
            let (scenario, changed) = try Scenario.stored(files: try s.scenarioFiles(hash: r.scenarioHash), digest: r.scenarioHash) {
                try loadScenario(r.scenarioSource == "built-in" ? nil : r.scenarioSource)
            }
            if changed {
                printError("warning: run \(id) was stored without its scenario's files, and the scenario at \(r.scenarioSource) has changed since; the report's scenario text, map and provenance are today's")
            }
            let result = try r.result()
            let html = HTMLReport.render(result, context: CrisisContext(scenario, overrides: result.run.overrides))
            try checkOutput { () throws(OutputError) in try file.write(Data(html.utf8)) }
        }
    }
}
