import Foundation
import Testing
@testable import Games

/// The fuzzer's findings (Fuzz/regressions/gambit-nfg-*.nfg): strategy counts whose
/// product is astronomical aborted or exhausted memory, and a payoff of `2E243000` took
/// minutes of exact arithmetic; they must be clear errors.
struct NFGLimitsTests {
    static let regressions = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fuzz/regressions")

    @Test func everyFuzzReproducerIsAClearError() throws {
        let files = try FileManager.default.contentsOfDirectory(atPath: Self.regressions.path)
            .filter { $0.hasPrefix("gambit-nfg-") }.sorted()
        #expect(files.count == 5)
        for name in files {
            let data = try Data(contentsOf: Self.regressions.appendingPathComponent(name))
            #expect(throws: (any Error).self, "\(name)") {
                try NormalFormGame(nfg: String(decoding: data, as: UTF8.self), file: name)
            }
        }
    }

    @Test func hugeCountsAreRefusedWithTheirPosition() {
        #expect(throws: (any Error).self) { try NormalFormGame(nfg: #"NFG 1 R "x" { "1" "2" } { 8888888888888888881 2 }"#) }
        #expect(throws: (any Error).self) { try NormalFormGame(nfg: #"NFG 1 R "x" { "1" "2" "3" } { 1000 1000 2 }"#) }
        // At the limit, still a game: 1 × 2 strategies with payoffs.
        #expect((try? NormalFormGame(nfg: #"NFG 1 R "x" { "1" "2" } { 1 2 } 1 2 3 4"#)) != nil)
    }

    @Test func numbersBeyondAThousandDigitsAreRefused() {
        func game(_ payoff: String) -> String { #"NFG 1 R "x" { "1" "2" } { 1 1 } "# + payoff + " 0" }
        #expect((try? NormalFormGame(nfg: game("1E1000"))) != nil)
        #expect((try? NormalFormGame(nfg: game("-2.5e-1000"))) != nil)
        #expect(throws: (any Error).self) { try NormalFormGame(nfg: game("2E243000")) }
        #expect(throws: (any Error).self) { try NormalFormGame(nfg: game("1e-1001")) }
        #expect(throws: (any Error).self) { try NormalFormGame(nfg: game(String(repeating: "7", count: 1001))) }
        #expect(throws: (any Error).self) { try NormalFormGame(nfg: game("1/" + String(repeating: "3", count: 1001))) }
        #expect((try? NormalFormGame(nfg: game("1/" + String(repeating: "3", count: 998)))) != nil)
    }
}
