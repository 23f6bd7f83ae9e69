import ArgumentParser
import BoundedInput
import Crisis
import Foundation
import Report
import Scenario

/// `fulcrum describe [DIR]`: the whole scenario on one screen.
struct DescribeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "describe",
        abstract: "Show a scenario: actors, preferences, issues, the decision tree, mechanisms and geography.",
        discussion: """
            Loads and validates DIR (errors as in 'fulcrum validate', exit 1), then prints
            the scenario. With no DIR, describes the built-in Idlib (7 September 2018) scenario.
            --format json prints the same content for machines. --set PATH=VALUE fixes
            a value first (paths as in docs/scenario-format.md §7), to check a what-if.
            --catalogue lists instead everything a scenario can name: the library's building
            blocks, the formula functions, the kinds of fact, the displacement results a formula
            reads and the displacement model's settings, each with its meaning, unit and default.
            """
    )

    @Argument(help: "Scenario folder, or its scenario.yaml (default: the built-in Idlib 2018 scenario).") var directory: String?
    @Option(name: .customLong("set"), help: ArgumentHelp(
        "Fix one value before describing, as PATH=VALUE (repeatable), e.g. --set geography.road_factor=1.5.", valueName: "PATH=VALUE"))
    var assignments: [String] = []
    @Flag(help: "List the building blocks, functions, fact types, displacement results and settings instead.") var catalogue = false
    @OptionGroup var common: CommonOptions

    func run() throws {
        if catalogue {
            if directory != nil || !assignments.isEmpty {
                throw ValidationError("--catalogue describes the language and library, not a scenario: give no folder and no --set")
            }
            let c = Catalogue.make()
            if common.format == .json { print(try JSONOutput.text(c)) } else { print(c.text, terminator: "") }
            return
        }
        let scenario = try loadScenario(directory, then: "; nothing to describe")
        let changed: Scenario
        do { changed = try scenario.applying(assignments: assignments) } catch let e as SettingError { throw failure("\(e)") }
        let description = changed.describe()
        if common.format == .json { print(try JSONOutput.text(description)) } else { print(description.text, terminator: "") }
    }
}
