import ArgumentParser
import Scenario

/// `fulcrum schema`: the JSON Schema of scenario.yaml, from the loader's own format model.
struct SchemaCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "schema",
        abstract: "Print the JSON Schema of scenario.yaml, for editors that complete keys and flag mistakes while typing.",
        discussion: """
            Generated from the same model the loader takes its keys from, so it says what the loader \
            accepts. Save it (fulcrum schema > scenario.schema.json) and point your editor at it; with \
            the YAML language server, put '# yaml-language-server: $schema=scenario.schema.json' at the \
            top of scenario.yaml (docs/scenario-format.md §8). It checks the shape (keys, types); \
            fulcrum validate checks everything else (references, formulas, provenance, tables).
            """
    )

    func run() throws {
        print(Format.jsonSchema(), terminator: "")
    }
}
