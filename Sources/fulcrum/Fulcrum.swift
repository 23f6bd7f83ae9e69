import ArgumentParser

/// The `fulcrum` command: one subcommand per job. Commands only parse and print;
/// the work is a library call that tests can make directly.
@main
struct Fulcrum: ParsableCommand {
    static let version = "0.1.0"

    static let configuration = CommandConfiguration(
        commandName: "fulcrum",
        abstract: "Model a political–humanitarian crisis: who decides, what it costs, which way it tips.",
        discussion: """
            With no scenario folder, commands use the built-in Idlib (7 September 2018) scenario.
            The scenario format is documented in docs/scenario-format.md.
            """,
        version: version,
        subcommands: [
            RunCommand.self,
            MergeCommand.self,
            ValidateCommand.self,
            DescribeCommand.self,
            DisplaceCommand.self,
            ForecastCommand.self,
            RunsCommand.self,
            ServeCommand.self,
        ]
    )
}
