import Foundation
import Scenario

/// Any bytes, as a scenario folder: the input is split on the byte 0x1E
/// (record separator) into scenario.yaml, locations.csv, routes.csv and
/// closures.csv, written to a private folder on tmpfs, and validated the way
/// `fulcrum validate` does. Diagnostics are the right answer; only a crash, a
/// sanitizer report or a timeout is a finding.
let folder: URL = {
    let base = FileManager.default.fileExists(atPath: "/dev/shm") ? "/dev/shm" : NSTemporaryDirectory()
    let u = URL(fileURLWithPath: base).appendingPathComponent("fulcrum-fuzz-scenario-\(getpid())")
    try? FileManager.default.createDirectory(at: u, withIntermediateDirectories: true)
    return u
}()
let names = ["scenario.yaml", "locations.csv", "routes.csv", "closures.csv"]

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let parts = UnsafeBufferPointer(start: data, count: size).split(separator: 0x1E, omittingEmptySubsequences: false)
    for (i, name) in names.enumerated() {
        let path = folder.appendingPathComponent(name).path
        if i < parts.count { _ = FileManager.default.createFile(atPath: path, contents: Data(parts[i])) }
        else { try? FileManager.default.removeItem(atPath: path) }
    }
    let r = Scenario.validate(directory: folder)
    if let s = r.scenario { _ = s.describe() }
    return 0
}

// SwiftPM links an executable target's entry point as `FuzzScenario_main`; hand
// control to libFuzzer's driver from there (LLVMFuzzerRunDriver, LLVM ≥ 13).
@_silgen_name("LLVMFuzzerRunDriver")
func LLVMFuzzerRunDriver(_ argc: UnsafeMutablePointer<CInt>,
                         _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
                         _ callback: @convention(c) (UnsafePointer<UInt8>, Int) -> CInt) -> CInt

@_cdecl("FuzzScenario_main")
public func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    var argc = argc, argv = argv
    return LLVMFuzzerRunDriver(&argc, &argv, fuzz)
}
