import ArgumentParser

/// Benchmarks, release-built: each prints figures and ratios against a peer
/// measured in the same script, never a pass/fail verdict.
@main
struct Bench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fulcrum-bench",
        abstract: "Benchmarks for Fulcrum's engines (build with -c release).",
        subcommands: [
            CrisisBench.self,
            DisplacementBench.self,
            BargainingBench.self,
            GamesBench.self,
            CalibrationBench.self,
        ]
    )
}
