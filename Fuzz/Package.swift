// swift-tools-version:6.1
import PackageDescription

// libFuzzer harnesses, kept out of the main package so `swift build` and
// `swift test` never pay for sanitizers. Build and run with scripts/fuzz/run.sh
// (it passes -sanitize=fuzzer,address and -parse-as-library to every module).
let package = Package(
    name: "FulcrumFuzz",
    dependencies: [.package(name: "Fulcrum", path: "..")],
    targets: [
        .executableTarget(name: "FuzzScenario", dependencies: [.product(name: "Scenario", package: "Fulcrum")]),
        .executableTarget(name: "FuzzFleeCSV", dependencies: [.product(name: "Displacement", package: "Fulcrum")]),
        .executableTarget(name: "FuzzGambit", dependencies: [.product(name: "Games", package: "Fulcrum")]),
        .executableTarget(name: "FuzzKTAB", dependencies: [.product(name: "Bargaining", package: "Fulcrum")]),
    ]
)
