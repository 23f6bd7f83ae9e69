import ArgumentParser
import Foundation
import Workbench

/// `fulcrum serve`: the local workbench.
struct ServeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Start the local workbench: change assumptions, run in the background, compare runs.",
        discussion: """
            Serves on 127.0.0.1 (this machine only) unless --host says otherwise (with a warning:
            the workbench has no authentication). Runs go to the run store (--store), one at a time,
            and carry on when the browser tab is closed. Scenario folders must be real directories
            holding scenario.yaml (after resolving '..' and symbolic links); with --scenarios ROOT
            only folders inside ROOT may be opened. Request bodies are limited to 256 KiB and at
            most 32 runs may wait or run at once. --port 0 picks a free port; the line
            'listening on http://HOST:PORT/' on standard error names it.
            """
    )

    @Option(help: "Port to listen on.") var port: Int = 8080
    @Option(help: "Address to listen on (default: loopback only).") var host: String = "127.0.0.1"
    @Option(help: "Default Monte Carlo samples offered on the form.") var samples: Int = 200
    @Option(help: "Worker threads per run (default: all cores).") var threads: Int?
    @Option(help: ArgumentHelp("Only scenario folders inside this folder may be opened (default: any folder holding scenario.yaml).", valueName: "ROOT"))
    var scenarios: String?
    @OptionGroup var store: StoreOptions

    func run() throws {
        guard (0...65535).contains(port) else { throw ValidationError("--port must be 0–65535 (0: any free port)") }
        guard (1...WorkbenchLimits.standard.maxSamples).contains(samples) else {
            throw ValidationError("--samples must be 1–\(WorkbenchLimits.standard.maxSamples)")
        }
        if let t = threads, !(1...CommonOptions.maxThreads).contains(t) { throw ValidationError("--threads must be 1 to \(CommonOptions.maxThreads)") }
        let folders: ScenarioFolders
        do { folders = try ScenarioFolders(root: scenarios) } catch { throw ValidationError(String(describing: error)) }
        if let w = Workbench.hostWarning(host, scenariosRoot: folders.root) { printError(w) }
        let jobs = try JobManager(store: try store.open(), threads: threads, folders: folders)
        let shownHost = host.contains(":") ? "[\(host)]" : host, storePath = store.path
        try Workbench.serve(jobs: jobs, host: host, port: port, defaultSamples: samples) { bound in
            printError("Fulcrum workbench listening on http://\(shownHost):\(bound)/ (store: \(storePath)\(folders.root.map { "; scenarios inside \($0)" } ?? "")); Ctrl-C stops it")
        }
    }
}
