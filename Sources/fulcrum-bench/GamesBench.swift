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
    @Option(help: "Largest n for the exact all-extreme-points method on the scaling series.") var maxEnumMixedN: Int = 12
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
                for m in methods(for: game) { time(name, m.rawValue) { try Solve.solverOnly(game, method: m) } }
            }
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
