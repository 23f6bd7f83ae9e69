import FuzzDriver
import Displacement
import Foundation

/// Any bytes, as a Flee input folder: the input is split on the byte 0x1E
/// (record separator) into locations.csv, routes.csv, closures.csv,
/// conflicts.csv, conflict_period.csv and simsetting.yml, held in memory (a
/// missing part is a missing file), and loaded by `FleeInstance.load(files:)`,
/// the same readers `fulcrum displace` runs on a folder, with no file I/O. A
/// thrown input error is the right answer; only a crash, a sanitizer report or
/// a timeout is a finding.
let names = ["locations.csv", "routes.csv", "closures.csv", "conflicts.csv", "conflict_period.csv"]

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let parts = UnsafeBufferPointer(start: data, count: size).split(separator: 0x1E, omittingEmptySubsequences: false)
    var files: [String: Data] = [:]
    for (name, part) in zip(names, parts) { files[name] = Data(part) }
    var settings = SimulationSettings()
    if parts.count > 5 {
        // simsetting.yml, read as `displace --settings` reads it; refused settings end the input.
        guard let text = String(bytes: parts[5], encoding: .utf8),
              let s = try? SimulationSettings.parse(yaml: text) else { return 0 }
        settings = s
    }
    for compat in [Compatibility.fulcrum, .flee31] {
        _ = try? FleeInstance.load(files: files, settings: settings, compatibility: compat)
    }
    return 0
}

// The entry point SwiftPM links for this executable; libFuzzer's driver takes over.
@_cdecl("FuzzFleeCSV_main")
public func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    runLibFuzzer(argc, argv, fuzz)
}
