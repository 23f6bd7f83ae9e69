import FuzzDriver
import Games

/// Any bytes, as a Gambit file: `.efg` or `.nfg` by the first token. A thrown
/// GameFileError is the right answer; only a crash, a sanitizer report or a
/// timeout is a finding. Parsed games are written back and re-read, so the
/// writers are fuzzed too.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    guard let game = try? AnyGame.parse(text, file: "fuzz") else { return 0 }
    switch game {
    case .extensive(let g): _ = try? ExtensiveGame(efg: g.efgText(), file: "roundtrip")
    case .normal(let g): _ = try? NormalFormGame(nfg: g.nfgText(), file: "roundtrip")
    }
    return 0
}

// The entry point SwiftPM links for this executable; libFuzzer's driver takes over.
@_cdecl("FuzzGambit_main")
public func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    runLibFuzzer(argc, argv, fuzz)
}
