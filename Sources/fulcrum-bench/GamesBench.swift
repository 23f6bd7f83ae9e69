import ArgumentParser
import Foundation
import Games

/// `fulcrum-bench games`: median solve times on Gambit's sample games and the random n×n
/// scaling series, printed as TSV for scripts/games/bench.py, which runs pygambit and nashpy
/// on the same inputs and prints the ratios.
struct GamesBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "games",
        abstract: "Time Fulcrum's game solvers (solver call only, median of --repeat runs).")

    @Option(help: "Folder with the sample games (default: ../shared/reference/games/games beside the package).")
    var games: String?
    @Option(help: "Repetitions per (game, method); calls over 20 s run once.") var `repeat`: Int = 5
    @Option(help: "Largest n for the exact all-extreme-points method on the scaling series.") var maxEnumMixedN: Int = 8
    @Flag(help: "Skip the sample games.") var scalingOnly = false
    @Flag(help: "Skip the scaling series.") var samplesOnly = false

    func run() throws {
        let dir = games ?? {
            let here = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            return here.deletingLastPathComponent().appendingPathComponent("shared/reference/games/games").path
        }()
        print("game\tmethod\tequilibria\tmedian_seconds")
        if !scalingOnly {
            let names = try FileManager.default.contentsOfDirectory(atPath: dir).filter { $0.hasSuffix(".efg") || $0.hasSuffix(".nfg") }.sorted()
            for name in names {
                let game = try AnyGame.read(path: dir + "/" + name)
                for m in methods(for: game) { time(name, m.rawValue) { try Solve.solve(game, method: m).profiles.count } }
            }
        }
        if !scalingOnly {
            // The crisis runner's pattern: a ~50-leaf tree with chance, built and solved in code.
            let g = try GamesBench.crisisTree(seed: 7)
            time("built tree (\(g.nodes.filter { $0.children.isEmpty }.count) leaves)", "build+backward x1000") {
                for s in 0..<1000 { _ = try BackwardInduction.solve(try GamesBench.crisisTree(seed: UInt64(s))) }
                return 1
            }
            time("built tree (\(g.nodes.filter { $0.children.isEmpty }.count) leaves)", "logit limit") { _ = try LogitQRE.solve(g); return 1 }
        }
        if !samplesOnly {
            for n in [4, 8, 12, 16, 20] {
                let path = dir + "/scaling/random_\(n)x\(n).nfg"
                guard case .normal(let g) = try AnyGame.read(path: path) else { continue }
                let name = "scaling/random_\(n)x\(n).nfg"
                if n <= maxEnumMixedN { time(name, "enummixed") { try EnumMixed.solve(g).count } }
                time(name, "lcp") { try LemkeHowson.solve(g).count }
                time(name, "lcp-first") { try LemkeHowson.solve(g, all: false).count }
            }
        }
    }

    /// Chance (3 branches) → player 1 (3 actions) → player 2 (2 actions) → chance (2) → player 1 (2 actions): 72 leaves.
    static func crisisTree(seed: UInt64) throws -> ExtensiveGame {
        var state = seed &* 0x9E37_79B9_7F4A_7C15 | 1
        func r() -> Double { state ^= state << 13; state ^= state >> 7; state ^= state << 17; return Double(state % 1000) / 10 }
        func last() -> GameTree { .decision(player: 1, actions: [("hold", .leaf([r(), r()])), ("push", .leaf([r(), r()]))]) }
        func p2() -> GameTree { .decision(player: 2, actions: ["fly", "stay"].map { ($0, .nature("", [("ok", 0.5, last()), ("bad", 0.5, last())])) }) }
        func p1() -> GameTree { .decision(player: 1, actions: ["limited", "full", "halt"].map { ($0, p2()) }) }
        return try ExtensiveGame(title: "crisis", players: ["Damascus", "Russia"], tree: .nature("", [("a", 0.25, p1()), ("b", 0.25, p1()), ("c", 0.5, p1())]))
    }

    func methods(for game: AnyGame) -> [SolveMethod] {
        switch game {
        case .normal(let g):
            var m: [SolveMethod] = [.enumpure, .logit]
            if g.playerCount == 2 { m += [.enummixed, .lcp] }
            if g.playerCount == 2 && g.isConstantSum { m.append(.lp) }
            m.append(.enumpoly)
            return m
        case .extensive(let g):
            var m: [SolveMethod] = [.enumpure, .logit]
            let agentProfiles = (1...g.playerCount).flatMap { g.actionCounts(player: $0) }.reduce(1.0) { $0 * Double($1) }
            if agentProfiles <= 100_000 { m.append(.enumpureAgent) }
            if g.isPerfectInformation { m.append(.backward) }
            if g.playerCount == 2 {
                m += [.lcp, .spe]
                let sizes = (1...2).map { Double(g.reducedStrategies(player: $0).count) }
                if sizes[0] * sizes[1] <= 1_000 { m += [.enummixed, .lcpStrategic] }
                if g.isConstantSum { m.append(.lp) }
            }
            return m
        }
    }

    func time(_ game: String, _ method: String, _ body: () throws -> Int) {
        var times: [Double] = []
        var count = 0
        for _ in 0..<max(1, `repeat`) {
            let t0 = DispatchTime.now().uptimeNanoseconds
            do { count = try body() } catch {
                print("\(game)\t\(method)\tERROR\t\(error)")
                return
            }
            let dt = Double(DispatchTime.now().uptimeNanoseconds - t0) / 1e9
            times.append(dt)
            if dt > 20 { break }
        }
        times.sort()
        print("\(game)\t\(method)\t\(count)\t\(String(format: "%.6f", times[times.count / 2]))")
        fflush(nil)
    }
}
