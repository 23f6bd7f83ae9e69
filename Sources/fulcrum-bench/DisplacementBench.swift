import ArgumentParser
import Displacement
import Foundation

/// `fulcrum-bench displacement`: throughput of every mode on Syria 2013 at full scale
/// (the run Flee 3.1 was measured on), against Flee's figure; memory per person; scaling
/// with population and graph size; and the crisis runner's Monte Carlo sample.
struct DisplacementBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "displacement",
        abstract: "Displacement engine throughput vs Flee 3.1, memory, scaling (build with -c release).")

    @Option(help: "Flee instances folder (default: shared/reference/displacement/instances in the folder holding the package, where CI lays out the test data).")
    var instances: String?

    @Option(help: "Flee 3.1 wall seconds for syria2013, 150 days, hasten 1 (default: 132.5 s, Flee 3.1 measured on a 2-core machine).")
    var fleeWall: Double = 132.5

    @Option(help: "Flee 3.1 CPU seconds for the same run (default: 120.7 s, the same measurement; docs/displacement.md, Speed and memory).")
    var fleeCpu: Double = 120.7

    @Option(help: "Largest population for the scaling runs (cohort mode); agent mode runs up to --agent-max.")
    var maxPeople: Int = 100_000_000

    @Option(help: "Largest population for agent-mode scaling (memory: about 18 bytes per person).")
    var agentMax: Int = 100_000_000

    @Option(help: "Threads for agent mode (default: all cores).")
    var threads: Int?

    @Flag(help: "Skip the scaling sections (Syria and the Monte Carlo sample only).")
    var quick = false

    @Option(help: "Comma-separated sections to run: syria, montecarlo, population, graph (default: all).")
    var sections: String = "syria,montecarlo,population,graph"

    @Option(help: "Graph sizes for the time-per-day section.")
    var graphSizes: String = "100,1000,5000,20000"

    func run() throws {
        let dir = instances ?? URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("shared/reference/displacement/instances").path
        let syria = try FleeInstance.load(input: dir + "/syria2013/input", validation: dir + "/syria2013/validation",
                                          settings: dir + "/syria2013/simsetting.yml")
        let cores = ProcessInfo.processInfo.activeProcessorCount
        let want = Set(sections.split(separator: ",").map(String.init))
        if want.contains("syria") {
        print("Displacement benchmark — syria2013, hasten 1, 150 days (Flee 3.1: \(fleeWall) s wall, \(fleeCpu) s CPU; \(cores) cores here)")
        print("mode                         wall s    CPU s   M agent-days/s   × Flee (wall)  × Flee (CPU)  bytes/person   ARD")
        let fleeAgentDays = 77_966_018.0
        func syriaRun(_ label: String, _ opts: RunOptions, repeats: Int = 1) throws {
            var best = (wall: Double.infinity, cpu: Double.infinity)
            var result: DisplacementResult!
            for _ in 0..<repeats {
                let (r, wall, cpu) = try timed {
                    try simulate(geography: syria.geography, conflicts: syria.conflicts, settings: syria.settings, days: 150, seed: 1, options: opts)
                }
                result = r
                if wall < best.wall { best = (wall, cpu) }
            }
            let ad = Double(result.agentDays)
            let ard = FleeOutput(result: result, validation: syria.validation!, start: syria.period!.startDate).ard ?? .nan
            print(String(format: "%-26@ %8.3f %8.3f %16.1f %15.0f %13.0f %14d  %.3f", label as NSString, best.wall, best.cpu, ad / best.wall / 1e6,
                         (fleeWall / best.wall) * ad / fleeAgentDays, (fleeCpu / best.cpu) * ad / fleeAgentDays, result.bytesPerPerson, ard))
        }
        try syriaRun("agent (\(threads ?? cores) threads)", RunOptions(mode: .agent, threads: threads, validation: syria.validation), repeats: 2)
        try syriaRun("agent (1 thread)", RunOptions(mode: .agent, threads: 1, validation: syria.validation))
        try syriaRun("agent --compat flee-3.1", RunOptions(mode: .agent, compatibility: .flee31, validation: syria.validation))
        try syriaRun("cohort", RunOptions(mode: .cohort, validation: syria.validation), repeats: 5)
        print("(× Flee = Fulcrum agent-days/s ÷ Flee's on the same run; Flee's agent-days/s: \(String(format: "%.2f", fleeAgentDays / fleeWall / 1e6)) M wall, \(String(format: "%.2f", fleeAgentDays / fleeCpu / 1e6)) M CPU)")
        }
        if want.contains("montecarlo") {

        // The crisis runner's Monte Carlo sample: 3 M people, 30 locations, 180 days, cohort mode.
        var g = Geography.synthetic(locations: 30)
        var s = SimulationSettings()
        s.conflictDrivenSpawning = ConflictDrivenSpawning(mode: .popRatio, displacedPerConflictDay: 0.02)
        s.takeFromPopulation = true
        let perTown = 3_000_000 / g.locations.filter { !$0.isCamp }.count
        for i in g.locations.indices where !g.locations[i].isCamp { g.locations[i].population = perTown }
        for i in g.locations.indices where g.locations[i].isCamp { g.locations[i].capacity = 100_000 }
        let schedule = ConflictSchedule(spells: (0..<30).filter { $0 % 4 == 0 }.map { .init(location: "L\($0)", from: $0 * 3, until: 150, intensity: 1) })
        var samples: [Double] = [], cpus: [Double] = []
        var last: DisplacementResult!
        for seed in 0..<20 {
            let (r, wall, cpu) = try timed { try simulate(geography: g, conflicts: schedule, settings: s, days: 180, seed: UInt64(seed), mode: .cohort) }
            samples.append(wall); cpus.append(cpu); last = r
        }
        samples.sort(); cpus.sort()
        print(String(format: "\nMonte Carlo sample (3 M people, 30 locations, 180 days, cohort): median %.2f ms wall (%.2f ms CPU), max %.2f ms wall per sample; %d displaced at the end",
                     samples[samples.count / 2] * 1e3, cpus[cpus.count / 2] * 1e3, samples.last! * 1e3, last.displaced.last!))
        }

        if quick { return }
        if want.contains("population") {
        print("\nScaling with population (synthetic 200-location graph, 30 days (5 days for agent mode at 100 M), 90% start in towns and conflict zones):")
        print("people          mode    days   wall s    CPU s   M agent-days/s (wall)   (CPU)   peak RSS MB")
        var people = 1_000_000
        while people <= maxPeople {
            for mode in [SimulationMode.cohort, .agent] where mode == .cohort || people <= agentMax {
                let days = mode == .agent && people >= 100_000_000 ? 5 : 30
                let (wall, cpu, ad) = try scaleRun(locations: 200, people: people, days: days, mode: mode)
                print(String(format: "%12d  %-7@ %4d %8.3f %8.3f %16.1f %14.1f %10.0f", people, mode.rawValue as NSString, days, wall, cpu,
                             ad / wall / 1e6, ad / cpu / 1e6, peakRSSMB()))
            }
            people *= 10
        }
        }
        guard want.contains("graph") else { return }
        print("\nTime per day versus graph size (1 M people; (21-day run − 1-day run) / 20, so set-up is excluded):")
        print("locations   cohort ms/day (wall, CPU)   agent ms/day (wall, CPU)   set-up s (cohort, agent)")
        for n in graphSizes.split(separator: ",").compactMap({ Int($0) }) {
            let c1 = try scaleRun(locations: n, people: 1_000_000, days: 1, mode: .cohort)
            let c = try scaleRun(locations: n, people: 1_000_000, days: 21, mode: .cohort)
            let a1 = try scaleRun(locations: n, people: 1_000_000, days: 1, mode: .agent)
            let a = try scaleRun(locations: n, people: 1_000_000, days: 21, mode: .agent)
            print(String(format: "%9d %12.2f %10.2f %17.2f %10.2f %14.2f %7.2f", n, (c.0 - c1.0) / 20 * 1e3, (c.1 - c1.1) / 20 * 1e3,
                         (a.0 - a1.0) / 20 * 1e3, (a.1 - a1.1) / 20 * 1e3, c1.0, a1.0))
        }
    }

    /// People start spread over conflict zones and towns; conflict zones keep everyone moving.
    func scaleRun(locations n: Int, people: Int, days: Int, mode: SimulationMode) throws -> (Double, Double, Double) {
        let g = Geography.synthetic(locations: n)
        var initial: [Int: Int] = [:]
        let sources = g.locations.indices.filter { !g.locations[$0].isCamp }
        for (j, i) in sources.enumerated() { initial[i] = people / sources.count + (j < people % sources.count ? 1 : 0) }
        let (r, wall, cpu) = try timed {
            try simulate(geography: g, conflicts: .fromLocations(g), settings: SimulationSettings(), days: days, seed: 1,
                         options: RunOptions(mode: mode, threads: threads, initialPeople: initial))
        }
        return (wall, cpu, Double(r.agentDays))
    }

    func timed<T>(_ body: () throws -> T) rethrows -> (T, Double, Double) {
        let c0 = cpuSeconds(), t0 = DispatchTime.now().uptimeNanoseconds
        let r = try body()
        return (r, Double(DispatchTime.now().uptimeNanoseconds - t0) / 1e9, cpuSeconds() - c0)
    }

    func cpuSeconds() -> Double {
        var ts = timespec()
        clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts)
        return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
    }

    func peakRSSMB() -> Double {
        var u = rusage()
        getrusage(RUSAGE_SELF.rawValue, &u)
        return Double(u.ru_maxrss) / 1024
    }
}
