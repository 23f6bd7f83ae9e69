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

    @Argument(help: "The folder to create (must not exist, or be empty).")
    var directory: String

    @Option(help: "minimal, toy, idlib or mali.")
    var template: String = "minimal"

    func run() throws {
        guard let source = Scenario.templateDirectory(template) else {
            throw ValidationError("--template must be one of: \(Scenario.templates.joined(separator: ", ")) (got '\(template)')")
        }
        let fm = FileManager.default
        let target = URL(fileURLWithPath: directory).standardizedFileURL
        var isFolder: ObjCBool = false
        if fm.fileExists(atPath: target.path, isDirectory: &isFolder) {
            guard isFolder.boolValue, (try fm.contentsOfDirectory(atPath: target.path)).isEmpty else {
                throw ValidationError("\(directory) already exists and is not an empty folder; 'fulcrum new' never writes over anything")
            }
        }
        let names = try fm.contentsOfDirectory(atPath: source.path).filter { !$0.hasPrefix(".") }.sorted()
        // Staged beside the target and renamed into place: a failure leaves no half-written scenario.
        let staging = target.deletingLastPathComponent().appendingPathComponent(".\(target.lastPathComponent).fulcrum-new-\(getpid())")
        try? fm.removeItem(at: staging)
        do {
            try fm.createDirectory(at: staging, withIntermediateDirectories: false)
            for name in names {
                var data = try Data(contentsOf: source.appendingPathComponent(name))
                if name == "scenario.yaml" && template != "minimal" {
                    data = Data(("# Written by `fulcrum new --template \(template)`: a complete scenario to change into your own\n"
                                 + "# (`fulcrum new --template minimal` comments what each part is for; docs/scenario-format.md).\n").utf8) + data
                }
                try data.write(to: staging.appendingPathComponent(name))
            }
            if fm.fileExists(atPath: target.path) { try fm.removeItem(at: target) }
            try fm.moveItem(at: staging, to: target)
        } catch {
            try? fm.removeItem(at: staging)
            printError("error: could not write \(directory): \(error.localizedDescription)")
            throw ExitCode(1)
        }
        let r = Scenario.validate(directory: target)
        guard let s = r.scenario else {
            for d in r.diagnostics { printError(d.description) }
            throw ExitCode(1)
        }
        print("wrote \(target.path) (\(names.joined(separator: ", "))): \(s.metadata.title), valid")
        print("next: edit scenario.yaml and the tables; fulcrum validate \(directory); fulcrum validate --fix \(directory); fulcrum run \(directory)")
    }
}
