import ArgumentParser
import Crisis
import Displacement
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
            """
    )

    @Argument(help: "Scenario folder, or its scenario.yaml (default: the built-in Idlib 2018 scenario).")
    var directory: String?

    @OptionGroup var common: CommonOptions

    func run() throws {
        let url = Scenario.directory(forArgument: directory)
        let result = Scenario.validate(directory: url)
        let diagnostics = result.diagnostics.map { d -> Diagnostic in
            var d = d
            if !d.file.hasPrefix("/") { d.file = url.appendingPathComponent(d.file).path }
            return d
        }
        // The displacement engine reads the settings only once the scenario loads.
        var warnings: [Warning] = []
        var engineError: String? = nil
        if let scenario = result.scenario {
            do {
                let check = try DisplacementCheck(scenario)
                warnings = check.settingWarnings.map { w in
                    Warning(file: w.file.hasPrefix("/") ? w.file : url.appendingPathComponent(w.file).path, line: w.line,
                            field: w.field, message: w.message)
                } + check.otherWarnings.map { Warning(file: nil, line: nil, field: nil, message: $0) }
            } catch {
                engineError = "\(error)"
            }
        }
        let valid = diagnostics.isEmpty && engineError == nil
        switch common.format {
        case .json:
            struct Report: Encodable {
                var scenario: String
                var valid: Bool
                var errorCount: Int
                var errors: [Diagnostic]
                var engineError: String?
                var warnings: [Warning]
            }
            print(try JSONOutput.text(Report(scenario: url.path, valid: valid, errorCount: diagnostics.count + (engineError == nil ? 0 : 1),
                                             errors: diagnostics, engineError: engineError, warnings: warnings)))
        case .text:
            for d in diagnostics { print(d.description) }
            if let engineError { print("\(url.appendingPathComponent("scenario.yaml").path): error: \(engineError)") }
            for w in warnings { print(w.description) }
            if valid {
                let s = result.scenario!
                print("\(url.path): valid — \(s.metadata.title): \(s.actors.count) actors, "
                      + "\(s.tree.terminals.count) terminal branches, \(s.schedules.count) conflict schedules, "
                      + "\(s.mechanisms.count) mechanisms, \(s.geography.locations.count) locations, "
                      + "\(s.uncertainInputs.count) uncertain inputs"
                      + (warnings.isEmpty ? "" : "; \(warnings.count) warning\(warnings.count == 1 ? "" : "s")"))
            } else {
                let count = diagnostics.count + (engineError == nil ? 0 : 1)
                print("\(count) error\(count == 1 ? "" : "s") in \(url.path)")
            }
        }
        if !valid { throw ExitCode(1) }
    }
}

/// A warning `validate` reports: from the displacement engine, with where the setting was
/// written when it is about one.
private struct Warning: Encodable, CustomStringConvertible {
    var file: String?
    var line: Int?
    var field: String?
    var message: String
    var description: String {
        guard let file, let field else { return "warning: \(message)" }
        return "\(file):\(line ?? 0): warning: \(field) \(message)"
    }
}
