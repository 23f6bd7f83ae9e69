import BoundedInput
import ArgumentParser
import Bargaining
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// `fulcrum-bench bargaining`: SMP speed against KTAB's own binary (times measured on a
/// 2-core machine; docs/bargaining.md, "Benchmark"), time per turn against n to show the O(n³)
/// growth, and a 10,000-draw Monte Carlo of a 30-actor, 3-dimension problem. Prints figures
/// and ratios only.
struct BargainingBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bargaining",
        abstract: "SMP and Monte Carlo timings, as ratios against KTAB's measured times.")

    @Option(help: "Folder holding the KTAB data files (default: scripts/bargaining/data beside the package).")
    var data: String?

    @Option(help: "Monte Carlo draws for the 30-actor, 3-dimension problem.")
    var samples: Int = 10_000

    @Option(help: "Worker threads for Monte Carlo (default: all cores).")
    var threads: Int?

    @Flag(help: "Skip the 250-actor run and the n = 250 scaling point.")
    var quick = false

    func run() throws {
        let dir = data ?? URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("scripts/bargaining/data").path
        print("Bargaining benchmark (SMP defaults, deterministic). Cores: \(ProcessInfo.processInfo.activeProcessorCount)")
        print("KTAB times are its own binary's, measured on a 2-core machine (docs/bargaining.md, Benchmark).")
        print("Single-threaded timings are CPU seconds (best of several runs); wall seconds are shown too,")
        print("since on a shared machine wall time includes waiting for a core.\n")

        print("1. Whole runs against KTAB")
        print("   case                      n×d    states  CPU s      wall s     KTAB s   KTAB/Fulcrum(CPU)")
        let cases: [(String, String, Double?)] = [
            ("dummyData_3Dim", "dummyData_3Dim.csv", 0.08),
            ("dummyData-a040", "dummyData-a040.csv", 34.8),
            ("dummyData-a080", "dummyData-a080.csv", 516),
        ]
        for (name, file, ktab) in cases {
            let p = try KTABReader.read(path: "\(dir)/\(file)")
            let (w, t, r) = try Self.time(repeats: p.actorCount < 20 ? 20 : 3) { try SMPModel.run(p) }
            print("   " + Self.row([name, "\(p.actorCount)×\(p.dimensionCount)", "\(r.stateCount)", Self.f(t, 4), Self.f(w, 4),
                                   ktab.map { Self.f($0, 2) } ?? "-", ktab.map { Self.f($0 / t, 0) + "×" } ?? "-"],
                                  [26, 7, 8, 11, 11, 9, 12]))
        }
        if !quick {
            let p = Self.synthetic(actors: 250, dims: 1, seed: 250)
            let (w, t, r) = try Self.time(repeats: 1) { try SMPModel.run(p) }
            let ktabEstimate = 516 * pow(250.0 / 80, 4) * Double(r.stateCount) / 18
            print("   " + Self.row(["synthetic-250 (KTAB limit)", "250×1", "\(r.stateCount)", Self.f(t, 3), Self.f(w, 3),
                                   "~" + Self.f(ktabEstimate, 0), "~" + Self.f(ktabEstimate / t, 0) + "×"], [26, 7, 8, 11, 11, 9, 12]))
            print("   (250-actor KTAB time is an extrapolation: 516 s × (250/80)⁴ × states/18; KTAB was not run at 250.)")
        }

        print("\n2. Time per turn against n (synthetic 1-dimension problems, 4 turns each)")
        print("   bounded = the default exact bounded target scan; exhaustive = every (i, j) challenge")
        print("   evaluated in full (same results), the worst case O(n³·d).")
        print("   n      bounded ms/turn  ×prev  exponent   exhaustive ms/turn  ×prev  exponent")
        var prev: (Int, Double, Double)? = nil
        for n in quick ? [10, 20, 40, 80, 160] : [10, 20, 40, 80, 160, 250] {
            let p = Self.synthetic(actors: n, dims: 1, seed: UInt64(n))
            var params = SMPParameters()
            params.maxTurns = 4
            let (_, t, r) = try Self.time(repeats: n <= 40 ? 10 : 2) { try SMPModel.run(p, parameters: params) }
            params.exhaustiveTargetScan = true
            let (_, tx, rx) = try Self.time(repeats: n <= 40 ? 10 : 1) { try SMPModel.run(p, parameters: params) }
            precondition(rx.positions == r.positions, "exhaustive and bounded scans must agree")
            let perTurn = t / Double(r.turns.count) * 1000, perTurnX = tx / Double(rx.turns.count) * 1000
            var extra = ["", "", "", ""]
            if let (pn, pt, ptx) = prev {
                let step = log(Double(n) / Double(pn))
                extra = [Self.f(perTurn / pt, 1), Self.f(log(perTurn / pt) / step, 2),
                         Self.f(perTurnX / ptx, 1), Self.f(log(perTurnX / ptx) / step, 2)]
            }
            print("   " + Self.row(["\(n)", Self.f(perTurn, 3), extra[0], extra[1], Self.f(perTurnX, 3), extra[2], extra[3]],
                                  [7, 17, 7, 11, 20, 7, 6]))
            prev = (n, perTurn, perTurnX)
        }
        print("   KTAB: 1.7 s/turn at n = 40, 30 s/turn at n = 80 (×17.6, exponent 4.1).")

        print("\n3. Monte Carlo: 30 actors × 3 dimensions, every position triangular ±10")
        let mcProblem = Self.synthetic(actors: 30, dims: 3, seed: 30)
        let spec = MonteCarloSpec(problem: mcProblem, uncertain: MonteCarloSpec.positionSpread(mcProblem, spread: 10),
                                  samples: samples, seed: 1, threads: threads)
        let nThreads = threads ?? ProcessInfo.processInfo.activeProcessorCount
        let start = Date(), c0 = Self.cpuTime()
        let mc = try MonteCarlo.run(spec)
        let t = Date().timeIntervalSince(start), cpu = Self.cpuTime() - c0
        let scale = 10_000 / Double(samples)
        let dedicated2 = cpu / 2 * scale
        print("   draws \(samples), threads \(nThreads): wall \(Self.f(t, 2)) s, CPU \(Self.f(cpu, 2)) s "
              + "(\(Self.f(cpu / Double(samples) * 1000, 2)) CPU ms/draw)")
        print("   10,000 draws on 2 dedicated cores (CPU/2): \(Self.f(dedicated2, 1)) s against the 30 s target "
              + "(\(Self.f(30 / dedicated2, 2))× the target speed); measured wall here: \(Self.f(t * scale, 1)) s")
        for d in mc.dimensions {
            print("   \(d.dimension): median \(Self.f(d.median, 2)), 80% [\(Self.f(d.p10, 2)), \(Self.f(d.p90, 2))], "
                  + "90% [\(Self.f(d.p5, 2)), \(Self.f(d.p95, 2))]; most influential: \(d.mostInfluentialInput ?? "-")")
        }
        print("   converged in \(Self.f(mc.convergedShare * 100, 1))% of draws")
    }

    /// CPU time of this process (all threads), in seconds. On a shared machine the wall time
    /// includes waiting for a core; the CPU time does not.
    static func cpuTime() -> Double {
        var ts = timespec()
        clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts)
        return Double(ts.tv_sec) + Double(ts.tv_nsec) * 1e-9
    }

    /// Best wall and best CPU time of `repeats` runs, and the last result.
    static func time<T>(repeats: Int, _ body: () throws -> T) rethrows -> (wall: Double, cpu: Double, result: T) {
        var best = Double.infinity, bestCPU = Double.infinity
        var out: T? = nil
        for _ in 0..<max(1, repeats) {
            let s = Date(), c = cpuTime()
            out = try body()
            bestCPU = min(bestCPU, cpuTime() - c)
            best = min(best, Date().timeIntervalSince(s))
        }
        return (best, bestCPU, out!)
    }

    /// A scenario drawn as KTAB's `smpc --euSMP` generator draws them (docs/bargaining.md,
    /// Benchmark): capability U(10, 200), positions U(0, 100), saliences U(0.1, 1) rescaled so
    /// each actor's total is U(0.75, 0.99).
    static func synthetic(actors n: Int, dims d: Int, seed: UInt64) -> BargainingProblem {
        var rng = CounterStream(seed: seed, stream: 0)
        let actors = (0..<n).map { i -> BargainingProblem.Actor in
            let cap = 10 + 190 * rng.uniform()
            let pos = (0..<d).map { _ in 100 * rng.uniform() }
            let raw = (0..<d).map { _ in 0.1 + 0.9 * rng.uniform() }
            let total = 0.75 + 0.24 * rng.uniform()
            let sum = raw.reduce(0, +)
            return .init(name: "A\(i)", capability: cap, positions: pos, saliences: raw.map { 100 * total * $0 / sum })
        }
        return BargainingProblem(name: "synthetic-\(n)x\(d)", dimensions: (0..<d).map { "D\($0 + 1)" }, actors: actors)
    }

    static func f(_ x: Double, _ digits: Int) -> String { String(format: "%.\(digits)f", x) }
    static func row(_ cells: [String], _ widths: [Int]) -> String {
        zip(cells, widths).map { c, w in c.count >= w ? c + " " : c + String(repeating: " ", count: w - c.count) }.joined()
    }
}
