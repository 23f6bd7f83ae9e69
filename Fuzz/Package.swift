// swift-tools-version:6.1
import PackageDescription

// libFuzzer harnesses, kept out of the main package so `swift build` and
// `swift test` never pay for sanitizers. Build and run with scripts/fuzz/run.sh
// (it passes -sanitize=fuzzer,address and -parse-as-library to every module).
let package = Package(
    name: "FulcrumFuzz",
    dependencies: [.package(name: "Fulcrum", path: "..")],
    targets: [
        .target(name: "FuzzDriver"),
        .executableTarget(name: "FuzzScenario", dependencies: ["FuzzDriver", .product(name: "Scenario", package: "Fulcrum")]),
        .executableTarget(name: "FuzzFleeCSV", dependencies: ["FuzzDriver", .product(name: "Displacement", package: "Fulcrum")]),
        .executableTarget(name: "FuzzGambit", dependencies: ["FuzzDriver", .product(name: "Games", package: "Fulcrum")]),
        .executableTarget(name: "FuzzKTAB", dependencies: ["FuzzDriver", .product(name: "Bargaining", package: "Fulcrum")]),
        .executableTarget(name: "FuzzRun", dependencies: ["FuzzDriver", .product(name: "Scenario", package: "Fulcrum"),
                                                          .product(name: "Crisis", package: "Fulcrum"), .product(name: "Report", package: "Fulcrum")]),
        .executableTarget(name: "FuzzGameSolvers", dependencies: ["FuzzDriver", .product(name: "Games", package: "Fulcrum")]),
    ]
)
