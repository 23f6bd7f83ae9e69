import Testing
import Foundation
import CLISupport

/// Game files that trapped, overflowed, or allocated without bound in a solver or in
/// `game convert` (docs/hostile-input.md, "Game solvers"). Each runs the CLI under an address-space
/// limit, so an input that allocates past it fails here instead of exhausting the machine, and
/// expects exit 1 with the method and the reason named.
@Suite(.enabled(if: fulcrumBinary != nil)) struct GameSolverHostileTests {
    static let memoryMB = 2_000
    static let games = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("shared/reference/games/games")

    /// A perfect-information chain of `n` decision nodes, players alternating: end or continue.
    static func chain(_ n: Int) -> String {
        var lines = ["EFG 2 R \"chain\" { \"A\" \"B\" }", "\"\"", ""]
        for i in 0..<n {
            lines.append("p \"\" \(1 + i % 2) \(i / 2 + 1) \"\" { \"end\" \"go\" } 0")
            lines.append("t \"\" \(i + 1) \"\" { \(i % 3), \((i * 7) % 5) }")
        }
        lines.append("t \"\" \(n + 1) \"\" { 1, 1 }")
        return lines.joined(separator: "\n") + "\n"
    }

    /// Chance picks one of `k` branches, each its own player-1 information set with two actions:
    /// 2^k reduced strategies for player 1 in a file of a few kilobytes.
    static func chanceFan(_ k: Int) -> String {
        var lines = ["EFG 2 R \"fan\" { \"A\" \"B\" }", "\"\"", ""]
        lines.append("c \"\" 1 \"\" { " + (0..<k).map { "\"c\($0)\" 1/\(k)" }.joined(separator: " ") + " } 0")
        for i in 0..<k {
            lines.append("p \"\" 1 \(i + 1) \"\" { \"l\" \"r\" } 0")
            lines.append("t \"\" \(2 * i + 1) \"\" { \(i % 4), \(-(i % 3)) }")
            lines.append("t \"\" \(2 * i + 2) \"\" { \((i + 1) % 4), \(i % 5) }")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    func write(_ text: String, _ name: String) throws -> String {
        let dir = try tempFolder()
        let u = dir.appendingPathComponent(name)
        try text.write(to: u, atomically: true, encoding: .utf8)
        return u.path
    }

    func run(_ args: [String]) throws -> (status: Int32, out: String, err: String) {
        try fulcrum(args, timeout: 120, maxMemoryMB: Self.memoryMB)
    }

    /// C8: `EFG 2 R "x" { }` with one terminal: every method and `convert` trapped on the empty
    /// player range (all but lcp). A game needs a player, as the .nfg reader already says.
    @Test func treeWithNoPlayersIsRefusedByTheReader() throws {
        let f = try write("EFG 2 R \"x\" { }\n\"\"\nt \"\" 1 \"o\" { }\n", "noplayers.efg")
        for m in ["backward", "enumpure", "enumpure-agent", "enummixed", "lcp", "lcp-first", "lcp-strategic", "lp", "logit", "spe", "enumpoly"] {
            let r = try run(["game", "solve", f, "--method", m])
            #expect(r.status == 1 && r.err.contains("noplayers.efg:2:1: an extensive-form game needs at least one player"), "\(m): \(r.status) \(r.err)")
        }
        let c = try run(["game", "convert", f, "-", "--to", "nfg"])
        #expect(c.status == 1 && c.err.contains("needs at least one player") && c.out.isEmpty, "\(c.err)")
    }

    /// C9: 64 levels (3 KB). enumpure-agent multiplied 2^64 profiles before its limit check
    /// (overflow trap); enumpoly listed 2^33 supports per player before starting (68 GB).
    @Test func sixtyFourLevelChain() throws {
        let f = try write(Self.chain(64), "chain64.efg")
        let agent = try run(["game", "solve", f, "--method", "enumpure-agent"])
        #expect(agent.status == 1 && agent.err.contains("enumpure-agent: too large: 1.84e+19 pure behaviour profiles, more than the limit of 5000000"), "\(agent.err)")
        let poly = try run(["game", "solve", f, "--method", "enumpoly"])
        #expect(poly.status == 1 && poly.err.contains("enumpoly: too large: 33 × 33 strategies have 7.38e+19 support profiles, more than 10^12"), "\(poly.err)")
    }

    /// C9: 200 levels, and Gambit's own montyhal.efg (12 × 512 reduced strategies): enumpoly
    /// trapped on `1 << 101` (SupportEnumeration.swift:34, "Range requires lowerBound <= upperBound").
    @Test(arguments: ["chain200", "montyhal"]) func enumpolyWithHugeSupportCounts(_ name: String) throws {
        let f = name == "montyhal" ? Self.games.appendingPathComponent("montyhal.efg").path : try write(Self.chain(200), "chain200.efg")
        let r = try run(["game", "solve", f, "--method", "enumpoly"])
        let counts = name == "montyhal" ? "12 × 512 strategies have 5.49e+157" : "101 × 101 strategies have 6.43e+60"
        #expect(r.status == 1 && r.err.contains("enumpoly: too large: \(counts) support profiles, more than 10^12") && r.out.isEmpty, "\(r.status) \(r.err)")
    }

    /// C9: 5,000 levels segfaulted logit (a recursive best response in the regret check); now
    /// its dense Jacobian's size is checked before anything is allocated. 10,000 levels
    /// overflowed the stack in the sequence form's recursive walk (lcp); the walk is iterative
    /// and the dense tableau's size is checked first. spe solves both (each node is a subgame).
    @Test func deepChains() throws {
        let f5 = try write(Self.chain(5_000), "chain5000.efg")
        let logit = try run(["game", "solve", f5, "--method", "logit"])
        #expect(logit.status == 1 && logit.err.contains("logit: too large: 10000 strategies or actions to follow"), "\(logit.err)")
        let f10 = try write(Self.chain(10_000), "chain10000.efg")
        let lcp = try run(["game", "solve", f10, "--method", "lcp"])
        #expect(lcp.status == 1 && lcp.err.contains("lcp: too large: the sequence form has 15001 + 15001 sequences and information sets, more than 2000"), "\(lcp.err)")
        let spe = try run(["game", "solve", f10, "--method", "spe"])
        #expect(spe.status == 0 && spe.out.hasPrefix("NE,"), "\(spe.err)")
    }

    /// H1: a 2.4 KB tree (chance picks one of 30 branches, each its own player-1 set) has 2^30
    /// reduced strategies: `convert --to nfg` reached 9.3 GB in 10 s, enumpure and lcp-strategic
    /// likewise. The reduced strategic form is now counted before it is built and refused over
    /// the .nfg reader's own limit; methods that work on the tree still answer.
    @Test func reducedFormOverTheReadersLimitIsRefusedBeforeItIsBuilt() throws {
        let f = try write(Self.chanceFan(30), "fan30.efg")
        let message = "the reduced strategic form would have 1073741824 × 1 strategies, more than the 1000000 profiles the .nfg reader accepts"
        let out = try tempFolder().appendingPathComponent("fan30.nfg")
        let c = try run(["game", "convert", f, out.path])
        #expect(c.status == 1 && c.err.contains(message) && !FileManager.default.fileExists(atPath: out.path), "\(c.err)")
        for m in ["enumpure", "lcp-strategic"] {
            let r = try run(["game", "solve", f, "--method", m])
            #expect(r.status == 1 && r.err.contains("\(m): too large: \(message)"), "\(m): \(r.err)")
        }
        let spe = try run(["game", "solve", f, "--method", "spe"])
        #expect(spe.status == 0 && spe.out.hasPrefix("NE,"), "\(spe.err)")
    }

    /// H2: exact all-equilibria methods had no bound. `--max-seconds` stops any method with
    /// exit 1, the method, the budget and how far it got; no partial list is printed.
    @Test func maxSecondsStopsAnExactEnumeration() throws {
        let montyhal = Self.games.appendingPathComponent("montyhal.efg").path
        let r = try run(["game", "solve", montyhal, "--method", "enummixed", "--max-seconds", "1"])
        #expect(r.status == 1 && r.out.isEmpty, "\(r.status) \(r.out)")
        #expect(r.err.contains("montyhal.efg: enummixed: stopped after 1 s, the time budget, with no answer (vertex enumeration:"), "\(r.err)")
        // 30 levels: 16 × 16 strategies, 4.3e9 support profiles (40 levels, 21 × 21, are refused as too many).
        let poly = try run(["game", "solve", try write(Self.chain(30), "chain30.efg"), "--method", "enumpoly", "--max-seconds", "1"])
        #expect(poly.status == 1 && poly.err.contains("enumpoly: stopped after 1 s, the time budget, with no answer (support profile "), "\(poly.err)")
        let bad = try run(["game", "solve", montyhal, "--max-seconds", "0"])
        #expect(bad.status == 1 && bad.err.contains("--max-seconds must be a positive number of seconds"), "\(bad.err)")
    }
}
