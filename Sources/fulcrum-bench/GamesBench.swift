import ArgumentParser
import Foundation
import Games

/// `fulcrum-bench games`: median solve times (solver call only, in this process) for every
/// method that applies to every sample game and to the random n×n series, through the same
/// dispatch table as `fulcrum game solve`. TSV for people; `--json` adds each call's profiles
/// (one JSON object a line) for scripts/games/compare.py, which times pygambit the same way.
struct GamesBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "games",
        abstract: "Time Fulcrum's game solvers (solver call only, median of --repeat runs).")

    @Option(help: "Folder with the sample games (default: shared/reference/games/games in the folder holding the package, where CI lays out the test data).")
    var games: String?
    @Option(help: "Repetitions per (game, method); calls over 2 s run once.") var `repeat`: Int = 5
    @Option(help: "Time budget per call, in seconds (a call past it reports the budget).") var maxSeconds: Double = 30
    @Option(help: "Only these methods (comma-separated).") var methods: String?
    @Option(help: "Only games whose file name contains this.") var only: String?
    @Flag(help: "Skip the sample games.") var scalingOnly = false
    @Flag(help: "Skip the scaling series.") var samplesOnly = false
    @Flag(help: "One JSON object per line, with the profiles found.") var json = false

    func run() throws {
        let dir = games ?? {
            let here = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            return here.deletingLastPathComponent().appendingPathComponent("shared/reference/games/games").path
        }()
        let chosen = try methods.map { list in
            try list.split(separator: ",").map { name in
                guard let m = SolveMethod(rawValue: String(name)) else { throw ValidationError("unknown method '\(name)'") }
                return m
            }
        }
        if !json { print("game\tmethod\tequilibria\tmedian_seconds") }
        var names: [String] = []
        if !scalingOnly {
            let fm = FileManager.default
            names += try fm.contentsOfDirectory(atPath: dir).filter { $0.hasSuffix(".efg") || $0.hasSuffix(".nfg") }.sorted()
            names += ((try? fm.contentsOfDirectory(atPath: dir + "/examples")) ?? []).sorted().map { "examples/" + $0 }
        }
        if !samplesOnly { names += [4, 8, 12, 16, 20].map { "scaling/random_\($0)x\($0).nfg" } }
        if let only { names = names.filter { $0.contains(only) } }
        for name in names {
            let game = try AnyGame.read(path: dir + "/" + name)
            for m in Solve.methods(for: game) where chosen?.contains(m) ?? true {
                // The exact all-extreme-points method past 12×12 runs for minutes to hours.
                if name.hasPrefix("scaling/"), m == .enummixed, name.contains("16x16") || name.contains("20x20") { continue }
                time(name, m, game)
            }
        }
        if !scalingOnly && only == nil && chosen == nil {
            // The crisis runner's pattern: a ~50-leaf tree with chance, built and solved in code.
            let g = try GamesBench.crisisTree(seed: 7)
            let label = "built tree (\(g.nodes.filter { $0.children.isEmpty }.count) leaves)"
            timeBody(label, "build+backward x1000") {
                for s in 0..<1000 { _ = try Solve.solve(.extensive(try GamesBench.crisisTree(seed: UInt64(s))), method: .backward, options: SolveOptions(stopAfter: 1)) }
                return 1
            }
            timeBody(label, "logit limit") { try Solve.solve(.extensive(g), method: .logit).profiles.count }
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

    func time(_ name: String, _ method: SolveMethod, _ game: AnyGame) {
        var result: SolveResult?
        var error: String?
        let seconds = measure {
            do { result = try Solve.solve(game, method: method, options: SolveOptions(maxSeconds: maxSeconds)); return true }
            catch let e { error = "\(e)"; result = nil; return false }
        }
        if !json {
            print("\(name)\t\(method.rawValue)\t\(result.map { String($0.profiles.count) } ?? "ERROR")\t\(result != nil ? String(format: "%.6f", seconds) : error ?? "")")
        } else {
            var obj: [String: Any] = ["game": name, "method": method.rawValue, "seconds": seconds]
            if let result {
                obj["exact"] = result.exact
                obj["profiles"] = result.profiles.map(GamesBench.encode)
            } else {
                obj["error"] = error ?? "failed"
            }
            let data = try! JSONSerialization.data(withJSONObject: obj, options: [.sortedKeys])
            print(String(decoding: data, as: UTF8.self))
        }
        fflush(nil)
    }

    /// A profile as `{"kind": "strategy"|"behavior", "p": nested numbers}` (exact ones as fraction text).
    static func encode(_ p: SolvedProfile) -> [String: Any] {
        switch p {
        case .mixed(let m): return ["kind": "strategy", "p": m.probabilities.map { $0.map(\.description) }]
        case .mixedApprox(let m): return ["kind": "strategy", "p": m.probabilities]
        case .behavior(let b): return ["kind": "behavior", "p": b.probabilities.map { $0.map { $0.map(\.description) } }]
        case .behaviorApprox(let b): return ["kind": "behavior", "p": b.probabilities]
        }
    }

    /// Median seconds over `repeat` runs (stopping early when a run fails or takes over 2 s).
    func measure(_ body: () -> Bool) -> Double {
        var times: [Double] = []
        for _ in 0..<max(1, `repeat`) {
            let t0 = DispatchTime.now().uptimeNanoseconds
            let ok = body()
            let dt = Double(DispatchTime.now().uptimeNanoseconds - t0) / 1e9
            times.append(dt)
            if !ok || dt > 2 { break }
        }
        times.sort()
        return times[times.count / 2]
    }

    func timeBody(_ game: String, _ method: String, _ body: () throws -> Int) {
        var count = 0
        var error: String?
        let s = measure { do { count = try body(); return true } catch let e { error = "\(e)"; return false } }
        if json {
            let data = try! JSONSerialization.data(withJSONObject: ["game": game, "method": method, "seconds": s, "count": count], options: [.sortedKeys])
            print(String(decoding: data, as: UTF8.self))
        } else {
            print("\(game)\t\(method)\t\(error == nil ? String(count) : "ERROR")\t\(error ?? String(format: "%.6f", s))")
        }
        fflush(nil)
    }
}
