import ArgumentParser
import Foundation
import Workbench

/// `fulcrum serve`: the local workbench.
struct ServeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Start the local workbench: change assumptions, run in the background, compare runs.",
        discussion: """
            Serves on 127.0.0.1 (this machine only) unless --host says otherwise. Runs go to the
            run store (--store), one at a time, and carry on when the browser tab is closed.
            """
    )

    @Option(help: "Port to listen on.") var port: Int = 8080
    @Option(help: "Address to listen on (default: loopback only).") var host: String = "127.0.0.1"
    @Option(help: "Default Monte Carlo samples offered on the form.") var samples: Int = 200
    @Option(help: "Worker threads per run (default: all cores).") var threads: Int?
    @OptionGroup var store: StoreOptions

    func run() throws {
        guard (1...65535).contains(port) || port == 0 else { throw ValidationError("--port must be 1–65535") }
        if let w = Workbench.hostWarning(host) { printError(w) }
        let jobs = JobManager(store: try store.open(), threads: threads)
        let app = Workbench.application(jobs: jobs, host: host, port: port, defaultSamples: samples)
        printError("Fulcrum workbench on http://\(host.contains(":") ? "[\(host)]" : host):\(port)/ (store: \(store.path)); Ctrl-C stops it")
        // The command tree is synchronous; the server runs on the concurrency pool while
        // this thread waits for it to stop (Ctrl-C or SIGTERM shut it down gracefully).
        let done = DispatchSemaphore(value: 0)
        let failure = FailureBox()
        Task {
            do { try await app.runService() } catch { failure.error = error }
            done.signal()
        }
        done.wait()
        if let e = failure.error { throw e }
    }
}

private final class FailureBox: @unchecked Sendable { var error: Error? }
