import Foundation
@testable import Bargaining

/// Locations of test inputs: KTAB's golden outputs are read from the shared reference data
/// beside the clone (CI clones the repo with it alongside); KTAB's own data files are committed verbatim
/// under scripts/bargaining/data.
enum Fixtures {
    static let testsDir = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    static let packageRoot = testsDir.deletingLastPathComponent().deletingLastPathComponent()
    static let referenceDir = packageRoot.deletingLastPathComponent()
        .appendingPathComponent("shared/reference/bargaining")
    static let dataDir = packageRoot.appendingPathComponent("scripts/bargaining/data")

    static func data(_ name: String) -> String { dataDir.appendingPathComponent(name).path }

    struct OracleCase: Decodable {
        let input: String
        let param_ints: [Int]
        let n_states: Int
        let fractional_change: [Double]
        let positions_0_100: [[[Double]]]
        let win_prob: [[Double]]
        let first_turn_inferred_R: [Double]
    }

    struct OracleFile: Decodable {
        let param_order: [String]
        let cases: [OracleCase]
    }

    static let oracles: OracleFile = {
        let url = referenceDir.appendingPathComponent("smp-oracles.json")
        let data = try! Data(contentsOf: url)
        return try! JSONDecoder().decode(OracleFile.self, from: data)
    }()

    static let dummy3Dim = try! KTABReader.read(path: data("dummyData_3Dim.csv"))
    static let soePolComp = try! KTABReader.read(path: data("SOE-Pol-Comp.csv"))
    static let smpExample = try! KTABReader.read(path: data("smpExample.xml"))

    static func problem(for input: String) -> BargainingProblem {
        if input.hasPrefix("dummyData_3Dim") { return dummy3Dim }
        if input.hasPrefix("SOE-Pol-Comp") { return soePolComp }
        return smpExample
    }
}
