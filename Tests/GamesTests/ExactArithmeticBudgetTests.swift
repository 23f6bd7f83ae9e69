import Testing
@testable import Games

/// Reading a game file does exact arithmetic: every number becomes a reduced fraction, and an
/// .efg's chance probabilities are summed exactly to check they make 1. On long numbers that
/// costs about the square of their length, and the exact sum of fractions with unrelated
/// denominators grows with every term: found by profiling FuzzGambit, which had drifted to
/// such inputs (a 27 KB file of 1/p for 800 primes took 3.9 s, 4 MB of 1,000-digit
/// probabilities 26 s, both growing without bound). One budget bounds the whole file; these
/// tests lower it, so that small files reach it quickly in a debug build.
struct ExactArithmeticBudgetTests {
    static func primes(_ n: Int) -> [Int] {
        var ps: [Int] = [], k = 2
        while ps.count < n { if !ps.contains(where: { $0 * $0 <= k && k % $0 == 0 }) { ps.append(k) }; k += 1 }
        return ps
    }

    /// One chance node with the given probabilities, each leading to a terminal node.
    static func chance(_ probabilities: [String]) -> String {
        var lines = [#"EFG 2 R "chance" { "P1" "P2" }"#, #""""#, ""]
        lines.append(#"c "" 1 "" { "# + probabilities.enumerated().map { "\"o\($0.offset)\" \($0.element)" }.joined(separator: " ") + " } 0")
        for i in probabilities.indices { lines.append(#"t "" \#(i + 1) "" { 1, 2 }"#) }
        return lines.joined(separator: "\n") + "\n"
    }

    /// A one-player table whose payoffs are the given numbers.
    static func table(_ payoffs: [String]) -> String {
        #"NFG 1 R "t" { "P" } { \#(payoffs.count) } "# + payoffs.joined(separator: " ") + "\n"
    }

    @Test func chanceProbabilitiesWhoseExactSumKeepsGrowingAreRefused() {
        let reciprocals = Self.chance(Self.primes(60).map { "1/\($0)" })
        do {
            _ = try ExtensiveGame(efg: reciprocals, file: "primes.efg", arithmeticBudget: 1_000)
            Issue.record("expected an error")
        } catch let e as GameFileError {
            // Reported at the information set whose sum it is.
            #expect(e.line == 4 && e.column == 6 && e.message.contains("more exact arithmetic than 1000 word operations"), "\(e)")
        } catch { Issue.record("\(error)") }
        // Within the standard budget the sum is checked, and shown short (its parts have over 100 digits).
        do {
            _ = try ExtensiveGame(efg: reciprocals, file: "primes.efg")
            Issue.record("expected an error")
        } catch let e as GameFileError {
            #expect(e.message.contains("sum to about 2.00") && e.message.count < 200, "\(e)")
        } catch { Issue.record("\(error)") }
    }

    @Test func longNumbersAreChargedAndRefusedAtTheirPosition() throws {
        let long = "0." + String(repeating: "3", count: 97) + "1"      // 100 characters, 6 words a part
        let payoffs = Array(repeating: long, count: 20)
        do {
            _ = try NormalFormGame(nfg: Self.table(payoffs), file: "long.nfg", arithmeticBudget: 2_000)
            Issue.record("expected an error")
        } catch let e as GameFileError {
            // 144 a number: the 14th passes 2,000.
            #expect(e.line == 1 && e.column == 28 + 13 * 101 && e.message.contains("more exact arithmetic"), "\(e)")
        }
        let g = try NormalFormGame(nfg: Self.table(payoffs), file: "long.nfg")
        #expect(g.nfgText().contains(String(repeating: "3", count: 90)))
    }

    @Test func machineSizedNumbersCostNothing() throws {
        // A budget of one word operation still reads any number of short payoffs and a
        // chance node whose exact sum stays machine-sized.
        let g = try NormalFormGame(nfg: Self.table((0..<20_000).map { "\($0 % 97).25" }), file: "wide.nfg", arithmeticBudget: 1)
        #expect(g.strategies[0].count == 20_000)
        let shares = Array(repeating: "0.0005", count: 2_000)
        #expect(throws: Never.self) { try ExtensiveGame(efg: Self.chance(shares), file: "wide.efg", arithmeticBudget: 1) }
    }
}
