import Displacement
import Foundation

/// Any bytes, as a Flee input folder: the input is split on the byte 0x1E
/// (record separator) into locations.csv, routes.csv, closures.csv,
/// conflicts.csv, conflict_period.csv and simsetting.yml, written to a private
/// folder on tmpfs, and loaded the way `fulcrum displace` loads it. A thrown
/// input error is the right answer; only a crash, a sanitizer report or a
/// timeout is a finding.
let folder: URL = {
    let base = FileManager.default.fileExists(atPath: "/dev/shm") ? "/dev/shm" : NSTemporaryDirectory()
    let u = URL(fileURLWithPath: base).appendingPathComponent("fulcrum-fuzz-flee-\(getpid())")
    try? FileManager.default.createDirectory(at: u, withIntermediateDirectories: true)
    return u
}()
let names = ["locations.csv", "routes.csv", "closures.csv", "conflicts.csv", "conflict_period.csv", "simsetting.yml"]

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let parts = UnsafeBufferPointer(start: data, count: size).split(separator: 0x1E, omittingEmptySubsequences: false)
    for (i, name) in names.enumerated() {
        let path = folder.appendingPathComponent(name).path
        if i < parts.count { _ = FileManager.default.createFile(atPath: path, contents: Data(parts[i])) }
        else { try? FileManager.default.removeItem(atPath: path) }
    }
    let settings = parts.count > 5 ? folder.appendingPathComponent("simsetting.yml").path : nil
    for compat in [Compatibility.fulcrum, .flee31] {
        _ = try? FleeInstance.load(input: folder.path, validation: nil, settings: settings, compatibility: compat)
    }
    return 0
}

// SwiftPM links an executable target's entry point as `FuzzFleeCSV_main`; hand
// control to libFuzzer's driver from there (LLVMFuzzerRunDriver, LLVM ≥ 13).
@_silgen_name("LLVMFuzzerRunDriver")
func LLVMFuzzerRunDriver(_ argc: UnsafeMutablePointer<CInt>,
                         _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
                         _ callback: @convention(c) (UnsafePointer<UInt8>, Int) -> CInt) -> CInt

@_cdecl("FuzzFleeCSV_main")
public func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    var argc = argc, argv = argv
    return LLVMFuzzerRunDriver(&argc, &argv, fuzz)
}
