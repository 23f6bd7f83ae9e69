import ArgumentParser
import Foundation
import Scenario

/// `fulcrum describe [DIR]`: the whole scenario on one screen.
struct DescribeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "describe",
        abstract: "Show a scenario: actors, preferences, issues, the decision tree, mechanisms and geography.",
        discussion: """
            Loads and validates DIR (errors as in 'fulcrum validate', exit 1), then prints
            the scenario. With no DIR, describes the built-in Idlib (7 September 2018) scenario.
            --format json prints the same content for machines.
            """
    )

    @Argument(help: "Scenario folder (default: the built-in Idlib 2018 scenario).")
    var directory: String?

    @OptionGroup var common: CommonOptions

    func run() throws {
        let url = directory.map { URL(fileURLWithPath: $0) } ?? Scenario.builtInDirectory
        let result = Scenario.validate(directory: url)
        guard let scenario = result.scenario else {
            for d in result.diagnostics { printError(d.description) }
            printError("\(result.diagnostics.count) error(s) in \(url.path); nothing to describe")
            throw ExitCode(1)
        }
        let description = scenario.describe()
        switch common.format {
        case .json:
            let enc = JSONEncoder()
            enc.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            print(String(decoding: try enc.encode(description), as: UTF8.self))
        case .text:
            print(description.text, terminator: "")
        }
    }
}

func printError(_ s: String) {
    FileHandle.standardError.write(Data((s + "\n").utf8))
}
