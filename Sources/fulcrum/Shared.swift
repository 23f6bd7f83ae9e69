import ArgumentParser
import Foundation
import Scenario
import Store

/// Prints `message` as an error and gives the exit code for bad input (1): the one way a
/// command fails, as `throw failure(message)`.
func failure(_ message: String) -> ExitCode {
    printError("error: \(message)")
    return ExitCode(1)
}

/// The run store's location, shared by `run`, `merge`, `runs` and `serve`.
struct StoreOptions: ParsableArguments {
    @Option(help: ArgumentHelp("The run store (SQLite).", discussion: "Default: ~/.fulcrum/runs.sqlite, or $FULCRUM_STORE.", valueName: "PATH"))
    var store: String?

    var path: String { store ?? RunStore.defaultPath }
    func open() throws -> RunStore {
        do { return try RunStore(path: path) } catch {
            throw failure("cannot open the run store \(path): \(error)")
        }
    }

    /// Records a finished run in one transaction (`save` gives its id and whether it is new).
    /// A store that cannot be written warns but does not fail the command.
    func record(_ what: String, _ save: (RunStore) throws -> (id: Int64, new: Bool)) {
        do {
            let (id, new) = try save(try open())
            printError(new ? "recorded as run \(id) in \(path)" : "already recorded as run \(id) in \(path)")
        } catch {
            printError("warning: \(what) was not recorded in the run store: \(error)")
        }
    }
}

/// How a stored run names the scenario folder it was given: the folder's standardized path, or `built-in`.
func storeSource(_ folder: String?) -> String { folder.map { URL(fileURLWithPath: $0).standardizedFileURL.path } ?? "built-in" }
