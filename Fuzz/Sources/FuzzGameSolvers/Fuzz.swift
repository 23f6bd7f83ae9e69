import FuzzDriver
import Games

/// Any bytes, as a Gambit file; a game that parses is solved with every method that applies,
/// each (with its report of payoffs and regrets) under a 0.1 s budget, so one input takes at most a
/// few seconds. A thrown GameError (a refusal, a size limit, the budget) is the right answer; only
/// a crash, a sanitizer report, an input over 10 s or an allocation over 2 GB is a finding.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    guard let game = try? AnyGame.parse(text, file: "fuzz") else { return 0 }
    for method in SolveMethod.allCases {
        _ = try? Solve.run(game, method: method, options: SolveOptions(maxSeconds: 0.1))
    }
    return 0
}

// The entry point SwiftPM links for this executable; libFuzzer's driver takes over.
@_cdecl("FuzzGameSolvers_main")
public func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    runLibFuzzer(argc, argv, fuzz)
}
