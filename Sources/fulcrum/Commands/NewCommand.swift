import ArgumentParser
import Foundation
import Scenario

/// `fulcrum new DIR [--template minimal|toy|idlib|mali]`: a complete scenario to change.
struct NewCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "new",
        abstract: "Write a complete scenario folder that validates and runs, to change into your own crisis.",
        discussion: """
            Templates: minimal (one decision, two schedules, three places, formula mechanisms; every \
            part commented with what to change), toy (the documented example of docs/scenario-format.md \
            §10: facts, a chance node, library blocks, an issue, uncertain geography), idlib (the \
            built-in Idlib 2018 scenario) and mali (northern Mali, 13 March 2012: formula mechanisms, \
            refugees by country, an action's direct consequence, a past episode). DIR must not exist or must be empty; the folder is written \
            whole or not at all. Then: fulcrum validate DIR, fulcrum validate --fix DIR, fulcrum run DIR.
            """
    )

    @Argument(help: "The folder to create (must not exist, or be empty).") var directory: String
    @Option(help: "minimal, toy, idlib or mali.") var template: String = "minimal"

    func run() throws {
        let written: (folder: URL, files: [String])
        do { written = try Scenario.writeTemplate(template, to: directory) } catch {
            if case .refused(let message) = error { throw ValidationError(message) }
            throw failure(error.description)
        }
        let r = Scenario.validate(directory: written.folder)
        guard let s = r.scenario else {
            for d in r.diagnostics { printError(d.description) }
            throw ExitCode(1)
        }
        print("wrote \(written.folder.path) (\(written.files.joined(separator: ", "))): \(s.metadata.title), valid")
        print("next: edit scenario.yaml and the tables; fulcrum validate \(directory); fulcrum validate --fix \(directory); fulcrum run \(directory)")
    }
}
