import ArgumentParser
import BoundedInput
import Foundation
import Games

extension SolveMethod: ExpressibleByArgument {}
extension NFGLayout: ExpressibleByArgument {}

/// `fulcrum game`: Gambit-compatible games — solve for equilibria, convert between formats.
struct GameCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "game",
        abstract: "Solve and convert Gambit .efg/.nfg games.",
        subcommands: [Solve.self, Convert.self]
    )

    struct Solve: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "solve",
            abstract: "Print the equilibria of a game as Gambit prints them (fractions where exact).",
            discussion: """
                Methods: backward (all subgame-perfect equilibria, perfect information), enumpure,
                enumpure-agent, enummixed (all extreme equilibria, 2 players), lcp (sequence form on
                trees, Lemke–Howson all-reachable on .nfg), lcp-first, lcp-strategic, lp (constant-sum),
                logit (QRE limit, or at --lambda), spe (subgames bottom-up), enumpoly (all isolated
                equilibria, any number of players). Default: backward / lcp / enummixed / enumpoly by game.
                Several files are solved in one process, each preceded by a `# FILE` line (text) or
                as one JSON array; a file that fails is named on standard error and the exit status is 1.
                """
        )
        @Argument(help: "One or more .efg or .nfg files.") var files: [String]
        @Option(help: "Equilibrium method.") var method: SolveMethod?
        @Option(help: "Logit: stop at this λ instead of following the branch to its limit.") var lambda: Double?
        @Option(help: "Relative regret tolerance for floating methods.") var maxRegret: Double = 1e-8
        @Option(help: "Stop a solve that runs longer than this many seconds (exit 1, naming the method); default: no limit.")
        var maxSeconds: Double?
        @OptionGroup var common: CommonOptions

        func validate() throws {
            if let s = maxSeconds, !(s > 0) || !s.isFinite { throw ValidationError("--max-seconds must be a positive number of seconds") }
            if let t = common.threads { printError("warning: --threads \(t) has no effect on game solve (the solvers are single-threaded)") }
            if common.seed != 1 { printError("warning: --seed \(common.seed) has no effect on game solve (no method draws random numbers)") }
        }

        func run() throws {
            var failed = false
            var reports: [String] = []
            let many = files.count > 1
            for file in files {
                do {
                    let game = try AnyGame.read(path: file)
                    let m = method ?? Games.Solve.defaultMethod(game)
                    let line = ProgressLine(label: "\(m.rawValue): ")
                    defer { line?.finish() }
                    let report = try Games.Solve.run(game, method: m, options: SolveOptions(lambda: lambda, maxRegret: maxRegret, maxSeconds: maxSeconds,
                                                                                          progress: line?.statusText))
                    switch common.format {
                    case .text:
                        if many { print("# \(file)") }
                        print(report.text, terminator: "")
                        for n in report.notes { printError("note: \(many ? file + ": " : "")\(n)") }
                    case .json:
                        reports.append(many ? report.json(file: file) : report.json)
                    }
                } catch let e as GameFileError {
                    failed = true
                    printError("error: \(e)")   // named, and the next file solved; the exit status says one failed
                } catch let e as GameError {
                    failed = true
                    printError("error: \(file): \(e)")
                }
                fflush(nil)
            }
            if common.format == .json {
                print(many ? "[\n" + reports.joined(separator: ",\n") + "]" : reports.joined(), terminator: many ? "\n" : "")
            }
            if failed { throw ExitCode(1) }
        }
    }

    struct Convert: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "convert",
            abstract: "Convert between .efg and .nfg (a tree becomes its reduced strategic form; a table becomes a simultaneous-move tree).")
        @Argument(help: "Input .efg or .nfg file.") var input: String
        @Argument(help: "Output file (its extension picks the format), or - for standard output.") var output: String
        @Option(help: "Output format when writing to standard output: efg or nfg.") var to: String?
        @Option(help: "Body layout for .nfg output.") var layout: NFGLayout = .outcomes
        @OptionGroup var common: CommonOptions

        func run() throws {
            guard let format = to.map(GameFileFormat.init(rawValue:)) ?? GameFileFormat(fileName: output) else {
                throw failure("cannot tell the output format: use a .efg/.nfg name or --to efg|nfg")
            }
            let file = output == "-" ? nil : try checkOutput { () throws(OutputError) in try OutputFile(output) }
            let text: String
            do { text = try AnyGame.read(path: input).text(format, layout: layout) }
            catch let e as GameFileError { throw failure("\(e)") } catch let e as GameError { throw failure("\(input): \(e)") }
            guard let file else { return print(text, terminator: "") }
            try checkOutput { () throws(OutputError) in try file.write(Data(text.utf8)) }
        }
    }
}
