import ArgumentParser
import BoundedInput
import Crisis
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
            A valid scenario is then checked by the displacement engine: settings it does not
            use (a misspelt key under displacement.settings) are warnings with their line,
            settings it refuses are errors.
            Exit status: 0 when the scenario is valid, 1 when there are errors.
            With no DIR, validates the built-in Idlib (7 September 2018) scenario.
            --fix writes into the CSV tables every value scenario.yaml determines (populations
            shared out by weight, great-circle distances × road factor, the nominal value of an
            uncertain population, capacity or distance), each table rewritten atomically, says
            what it changed, then validates again.
            """
    )

    @Argument(help: "Scenario folder, or its scenario.yaml (default: the built-in Idlib 2018 scenario).") var directory: String?
    @Flag(help: "Write the table values scenario.yaml determines into the CSV tables (atomically), then validate again.") var fix = false
    @OptionGroup var common: CommonOptions

    func run() throws {
        if fix && directory == nil {
            throw ValidationError("--fix needs a scenario folder: the built-in one is read-only (copy it with 'fulcrum new DIR --template idlib')")
        }
        let report: ValidationReport
        do { report = try DisplacementCheck.report(Scenario.directory(forArgument: directory), fix: fix) }
        catch let e as TableFixError { throw failure("--fix wrote nothing: \(e)") }
        switch common.format {
        case .json: print(try JSONOutput.text(report))
        case .text: print(report.text, terminator: "")
        }
        if !report.valid { throw ExitCode(1) }
    }
}
