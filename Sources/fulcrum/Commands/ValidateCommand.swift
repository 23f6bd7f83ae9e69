import ArgumentParser
import Foundation
import Scenario

/// `fulcrum validate [DIR]`: every problem in a scenario folder, in one pass.
struct ValidateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Check a scenario folder and report every problem at once.",
        discussion: """
            Reads DIR/scenario.yaml and its geography tables (locations.csv, routes.csv,
            closures.csv in Flee's formats) and reports each problem with its file, line,
            column, field path, what was expected and, for misspellings, a suggestion.
            Exit status: 0 when the scenario is valid, 1 when there are errors.
            With no DIR, validates the built-in Idlib (7 September 2018) scenario.
            """
    )

    @Argument(help: "Scenario folder, or its scenario.yaml (default: the built-in Idlib 2018 scenario).")
    var directory: String?

    @OptionGroup var common: CommonOptions

    func run() throws {
        let url = Scenario.directory(forArgument: directory)
        let result = Scenario.validate(directory: url)
        func located(_ d: Diagnostic) -> Diagnostic {
            var d = d
            if !d.file.hasPrefix("/") { d.file = url.appendingPathComponent(d.file).path }
            return d
        }
        let diagnostics = result.diagnostics.map(located)
        let warnings = result.warnings.map(located)
        switch common.format {
        case .json:
            struct Report: Encodable {
                var scenario: String
                var valid: Bool
                var errorCount: Int
                var errors: [Diagnostic]
                var warnings: [Diagnostic]
            }
            print(try JSONOutput.text(Report(scenario: url.path, valid: diagnostics.isEmpty,
                                             errorCount: diagnostics.count, errors: diagnostics, warnings: warnings)))
        case .text:
            for d in diagnostics + warnings { print(d.description) }
            if diagnostics.isEmpty {
                let s = result.scenario!
                print("\(url.path): valid — \(s.metadata.title): \(s.actors.count) actors, "
                      + "\(s.tree.terminals.count) terminal branches, \(s.schedules.count) conflict schedules, "
                      + "\(s.mechanisms.count) mechanisms, \(s.geography.locations.count) locations, "
                      + "\(s.uncertainInputs.count) uncertain inputs")
            } else {
                print("\(diagnostics.count) error\(diagnostics.count == 1 ? "" : "s") in \(url.path)")
            }
        }
        if !diagnostics.isEmpty { throw ExitCode(1) }
    }
}
