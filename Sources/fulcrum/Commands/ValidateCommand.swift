import ArgumentParser
import BoundedInput
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
            --fix writes into the CSV tables every value scenario.yaml determines (populations
            shared out by weight, great-circle distances × road factor, the nominal value of an
            uncertain population, capacity or distance), each table rewritten atomically, says
            what it changed, then validates again.
            """
    )

    @Argument(help: "Scenario folder, or its scenario.yaml (default: the built-in Idlib 2018 scenario).")
    var directory: String?

    @Flag(help: "Write the table values scenario.yaml determines into the CSV tables (atomically), then validate again.")
    var fix = false

    @OptionGroup var common: CommonOptions

    func run() throws {
        let url = Scenario.directory(forArgument: directory)
        var result = Scenario.validate(directory: url)
        var fixed: [TableFix] = []
        if fix {
            if directory == nil {
                throw ValidationError("--fix needs a scenario folder: the built-in one is read-only (copy it with 'fulcrum new DIR --template idlib')")
            }
            if !result.fixes.isEmpty {
                do { fixed = try Scenario.apply(result.fixes, in: url) } catch let e as TableFixError {
                    printError("error: --fix wrote nothing: \(e)")
                    throw ExitCode(1)
                }
                result = Scenario.validate(directory: url)
            }
        }
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
                var fixed: [TableFix]?
            }
            print(try JSONOutput.text(Report(scenario: url.path, valid: diagnostics.isEmpty,
                                             errorCount: diagnostics.count, errors: diagnostics, warnings: warnings,
                                             fixed: fix ? fixed : nil)))
        case .text:
            if fix {
                for f in fixed {
                    print("fixed \(url.appendingPathComponent(f.file).path):\(f.line): \(f.path) \(f.old.isEmpty ? "(empty)" : f.old) → \(f.new)")
                }
                print(fixed.isEmpty ? "--fix: no table value to change" : "--fix: \(fixed.count) cell\(fixed.count == 1 ? "" : "s") changed")
            }
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
