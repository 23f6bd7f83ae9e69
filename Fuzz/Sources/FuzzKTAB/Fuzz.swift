import FuzzDriver
import Bargaining
import Foundation

/// Any bytes, as each of the bargaining readers: KTAB CSV, KTAB XML, the
/// one-issue actor table and (against a fixed problem) the uncertainty table.
/// A thrown BargainingError is the right answer; only a crash, a sanitizer
/// report or a timeout is a finding.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Data(UnsafeBufferPointer(start: data, count: size))
    let text = String(decoding: bytes, as: UTF8.self)
    // The first byte picks the reader so the corpus can specialise.
    switch bytes.first.map({ $0 % 4 }) ?? 0 {
    case 0: _ = try? KTABReader.readCSV(data: bytes.dropFirst(), file: "fuzz.csv")
    case 1: _ = try? KTABReader.readXML(data: bytes.dropFirst(), file: "fuzz.xml")
    case 2: _ = try? BDMTableReader.parse(String(text.dropFirst()), file: "fuzz-table.csv")
    default:
        if let p = try? BDMTableReader.parse("actor,capability,position,salience\nA,10,20,50\nB,30,80,60\nC,20,50,70\n", file: "fixed") {
            _ = try? UncertaintyReader.parse(String(text.dropFirst()), file: "fuzz-uncertainty.csv", problem: p)
        }
    }
    return 0
}

// The entry point SwiftPM links for this executable; libFuzzer's driver takes over.
@_cdecl("FuzzKTAB_main")
public func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    runLibFuzzer(argc, argv, fuzz)
}
