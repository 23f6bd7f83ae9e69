import ArgumentParser
import Displacement

extension SimulationMode: ExpressibleByArgument {}
extension Compatibility: ExpressibleByArgument {}

/// `fulcrum displace`: run the displacement model on a Flee input directory.
struct DisplaceCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "displace",
        abstract: "Run the displacement model on a Flee-format instance.",
        discussion: """
            INPUT_DIR is a Flee input directory (locations.csv, routes.csv, closures.csv, conflicts.csv,
            conflict_period.csv or sim_period.csv, registration_corrections.csv), or an instance folder
            holding input/, validation/ and simsetting.yml. Without --validation, a validation/ folder
            beside the input directory is used when present. --out DIR writes out.csv (Flee's columns),
            population.csv (every location, every day) and out.meta.json (seed, mode, ARD).
            With Fulcrum's flight_rules or return_rules in the settings (docs/displacement.md; refused
            under --compat flee-3.1), population.csv and the JSON output add each day's left,
            returned, ever displaced, currently displaced and refugees.
            """)

    @Argument(help: "Flee input directory, or an instance folder with input/ and validation/.") var inputDir: String
    @Option(help: "Validation directory (data_layout.csv and the series it names).") var validation: String?
    @Option(help: "simsetting.yml (default: the instance's simsetting.yml, if any).") var settings: String?
    @Option(help: "Days to simulate (default: Length in conflict_period.csv).") var days: Int?
    @Option(help: "agent (one record per person) or cohort (multinomial groups).") var mode: SimulationMode = .agent
    @Option(name: .customLong("compat"), help: "fulcrum (default, 3.1 bugs fixed) or flee-3.1 (reproduce Flee 3.1's statistics).")
    var compatibility: Compatibility = .fulcrum
    @Option(help: "Folder to write out.csv, population.csv and out.meta.json into (replaced whole, never half-written; see --force).")
    var out: String?
    @Flag(help: ArgumentHelp(forceHelp)) var force = false
    @OptionGroup var common: CommonOptions

    func validate() throws {
        if force && out == nil { throw ValidationError("--force has no effect without --out") }
    }

    func run() throws {
        do {
            let run = try FleeRun(FleeInstancePaths(locating: inputDir, validation: validation, settings: settings), days: days, mode: mode,
                                  compatibility: compatibility, threads: common.threads)
            let folder = try out.map { try outputFolder($0, writtenBy: "fulcrum displace", inputs: [inputDir] + run.inputs, force: force) }
            let bar = common.format == .text ? ProgressLine(label: "simulating") : nil
            let done = try run.simulate(seed: common.seed, engine: "fulcrum \(Fulcrum.version)", progress: { bar?.update($0, $1) })
            bar?.finish()
            for w in done.warnings { printError("warning: \(w)") }
            if let folder { try writeOutput(try done.files(), to: folder) }
            switch common.format {
            case .json: try done.writeJSON { print($0, terminator: "") }
            case .text: print(done.text(wrote: out), terminator: "")
            }
        } catch let e as DisplacementInputError { throw failure("\(e)") } catch let e as DisplacementRunError { throw failure("\(e)") }
    }
}
