import ArgumentParser
import Crisis
import Foundation

/// The `fulcrum` command: one subcommand per job. Commands only parse and print;
/// the work is a library call that tests can make directly.
@main
struct Fulcrum: ParsableCommand {
    /// The one version number, the crisis runner's (results and shards record it).
    static let version = CrisisRunner.version

    static let configuration = CommandConfiguration(
        commandName: "fulcrum",
        abstract: "Model a political–humanitarian crisis: who decides, what it costs, which way it tips.",
        discussion: """
            With no scenario folder, commands use the built-in Idlib (7 September 2018) scenario.
            The scenario format is documented in docs/scenario-format.md.
            """,
        version: version,
        subcommands: [RunCommand.self, MergeCommand.self, BacktestCommand.self, CalibrateCommand.self, NewCommand.self, ValidateCommand.self,
                      SchemaCommand.self, DescribeCommand.self, DisplaceCommand.self, ForecastCommand.self, GameCommand.self,
                      RunsCommand.self, ServeCommand.self]
    )

    /// Runs the command, with one exit status for every failure: 1. ArgumentParser
    /// would exit 64 (EX_USAGE) for a usage error (unknown option, missing argument,
    /// a value that does not parse or that a command's `validate()` refuses); users
    /// and scripts treat bad input of every kind alike, so those exit 1 too, with
    /// ArgumentParser's own message and usage line. `--help` and `--version` still
    /// exit 0; an exit status a command throws itself (`ExitCode`) is kept.
    static func main() {
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch let code as ExitCode {
            exit(withError: code)
        } catch {
            if exitCode(for: error) == .success { exit(withError: error) }
            let message = fullMessage(for: error)
            if !message.isEmpty { printError(message) }
            exit(withError: ExitCode.failure)
        }
    }
}
