import FuzzDriver
import Foundation
import Scenario

/// Any bytes, as a scenario folder: the input is split on the byte 0x1E
/// (record separator) into scenario.yaml, locations.csv, routes.csv and
/// closures.csv, held in memory (a missing part is a missing file), and
/// validated by `Scenario.validate(files:)`, the same reader `fulcrum validate`
/// runs on a folder, with no file I/O. Diagnostics are the right answer; only a
/// crash, a sanitizer report or a timeout is a finding.
let names = ["scenario.yaml", "locations.csv", "routes.csv", "closures.csv"]

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let parts = UnsafeBufferPointer(start: data, count: size).split(separator: 0x1E, omittingEmptySubsequences: false)
    var files: [String: Data] = [:]
    for (name, part) in zip(names, parts) { files[name] = Data(part) }
    let r = Scenario.validate(files: files)
    if let s = r.scenario { _ = s.describe() }
    return 0
}

// The entry point SwiftPM links for this executable; libFuzzer's driver takes over.
@_cdecl("FuzzScenario_main")
public func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    runLibFuzzer(argc, argv, fuzz)
}
