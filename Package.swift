// swift-tools-version:6.1
import PackageDescription

// One library per domain; the three engines know nothing of each other or of
// the scenario format, so each can be used (and tested) alone.
let package = Package(
    name: "Fulcrum",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "fulcrum", targets: ["fulcrum"]),
        .library(name: "Scenario", targets: ["Scenario"]),
        .library(name: "Displacement", targets: ["Displacement"]),
        .library(name: "Games", targets: ["Games"]),
        .library(name: "Bargaining", targets: ["Bargaining"]),
        .library(name: "Crisis", targets: ["Crisis"]),
        .library(name: "Report", targets: ["Report"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/attaswift/BigInt", from: "6.0.1"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
    ],
    targets: [
        // The ground floor every module imports: bounded reading of input files and
        // YAML, the one counter-based random stream, the one geodesy function.
        .target(
            name: "BoundedInput",
            dependencies: [.product(name: "Yams", package: "Yams")]
        ),
        .target(
            name: "Scenario",
            dependencies: ["BoundedInput", .product(name: "Yams", package: "Yams")],
            resources: [.copy("Scenarios")]
        ),
        .target(
            name: "Displacement",
            dependencies: ["BoundedInput", .product(name: "Yams", package: "Yams")]
        ),
        .target(
            name: "Games",
            dependencies: ["BoundedInput", .product(name: "BigInt", package: "BigInt")]
        ),
        .target(
            name: "Bargaining",
            dependencies: ["BoundedInput"]
        ),
        .target(
            name: "Crisis",
            dependencies: ["BoundedInput", "Scenario", "Displacement", "Games", "Bargaining"]
        ),
        .executableTarget(
            name: "fulcrum",
            dependencies: [
                "BoundedInput", "Scenario", "Displacement", "Games", "Bargaining", "Crisis",
                "Report", "Store", "Workbench",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // Release-built benchmarks that print ratios against peers measured in
        // the same script; never timed unit tests.
        .executableTarget(
            name: "fulcrum-bench",
            dependencies: [
                "BoundedInput", "Scenario", "Displacement", "Games", "Bargaining", "Crisis",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // Finds and runs the built `fulcrum` binary for the end-to-end tests.
        .target(name: "CLISupport", path: "Tests/CLISupport"),
        .testTarget(name: "ScenarioTests", dependencies: ["Scenario", "BoundedInput", "CLISupport"], exclude: ["Fixtures"]),
        .testTarget(name: "DisplacementTests", dependencies: ["Displacement", "BoundedInput"]),
        .testTarget(name: "GamesTests", dependencies: ["Games"]),
        .testTarget(name: "BargainingTests", dependencies: ["BoundedInput", "Bargaining"]),
        .testTarget(name: "CrisisTests", dependencies: ["Crisis", "Scenario", "Games", "CLISupport"], exclude: ["Fixtures"]),
        .testTarget(name: "HardeningTests", dependencies: ["BoundedInput", "Scenario", "Displacement", "Games", "Bargaining", "Crisis", "Report", "CLISupport"],
                    exclude: ["Fixtures"]),
        .target(name: "Report", dependencies: ["BoundedInput", "Crisis"]),
        .testTarget(name: "ReportTests", dependencies: ["Report", "Crisis", "Scenario"]),
        // docs/architecture.md's import table, checked against every import under Sources/.
        .testTarget(name: "ArchitectureTests"),
        .target(name: "Store", dependencies: ["BoundedInput", "Crisis", .product(name: "GRDB", package: "GRDB.swift")]),
        .testTarget(name: "StoreTests", dependencies: ["Store", "Crisis", "Scenario"]),
        .target(name: "Workbench", dependencies: [
            "BoundedInput", "Crisis", "Scenario", "Report", "Store", .product(name: "Hummingbird", package: "hummingbird"),
            .product(name: "HummingbirdCore", package: "hummingbird"),
        ]),
        .testTarget(name: "WorkbenchTests", dependencies: [
            "Workbench", "Store", "Scenario", "CLISupport", .product(name: "HummingbirdTesting", package: "hummingbird"),
        ]),
    ]
)
