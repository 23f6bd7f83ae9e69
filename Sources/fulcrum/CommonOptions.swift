import ArgumentParser

/// How a command prints its result: for people, or for machines.
enum OutputFormat: String, ExpressibleByArgument, CaseIterable, Sendable {
    case text, json
}

/// Options every subcommand shares, pulled in with `@OptionGroup`.
struct CommonOptions: ParsableArguments {
    @Option(help: "Output format: text for people, json for machines.")
    var format: OutputFormat = .text

    @Option(help: "Seed for every random stream; the same seed gives bit-identical results.")
    var seed: UInt64 = 1

    @Option(help: "Worker threads (default: all cores). Results do not depend on it.")
    var threads: Int?

    /// Most worker threads any command starts: each costs a stack and a share of the work.
    static let maxThreads = 4096

    func validate() throws {
        if let t = threads, t < 1 { throw ValidationError("--threads must be at least 1") }
        if let t = threads, t > Self.maxThreads { throw ValidationError("--threads \(t) is more than \(Self.maxThreads)") }
    }
}
