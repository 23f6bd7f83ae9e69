import Crisis
import Foundation
import FuzzDriver
import Report
import Scenario

/// The whole `run` path on generated scenarios: the input bytes are choices that rewrite
/// the documented toy scenario (docs/examples/toy-valley), a valid one, so most inputs
/// stay valid and reach the runner and the report, which byte-level YAML mutations
/// rarely do. In file order, each number of scenario.yaml and of the three tables is kept
/// or replaced by one of `interesting` (huge, tiny, negative, non-finite, past Int.max);
/// a number written as a value may become a distribution; then the decision `capital`
/// gains actions and the geography places and routes. A scenario that validates is run
/// under a budget (2 samples, at most 20 days, sweeps of 2 steps, one thread), its report
/// drawn and its result encoded. Diagnostics and refused runs are right answers; only a
/// crash, a sanitizer report or a timeout is a finding (the class of issue 18's C1–C5).
let toy: [String: String] = {
    let dir = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("docs/examples/toy-valley")
    var files: [String: String] = [:]
    for name in ["scenario.yaml", "locations.csv", "routes.csv", "closures.csv"] {
        files[name] = try? String(contentsOf: dir.appendingPathComponent(name), encoding: .utf8)
    }
    precondition(files["scenario.yaml"] != nil, "the toy scenario is not at \(dir.path)")
    return files
}()

let interesting = ["0", "-0", "1", "-1", "0.5", "2", "7", "29.6", "100", "1e-300", "1e10", "1e15", "9.3e18", "1e19",
                   "1e300", "1.7976931348623157e308", "9223372036854775807", "10000000000000000000", "36500", "36501",
                   "nan", "inf", "-inf", "-1e300", "4e-324", "0.9999999999999999", "1e2", "0.0"]

struct Choices {
    var bytes: UnsafeBufferPointer<UInt8>
    var at = 0
    mutating func next() -> UInt8 {
        defer { at += 1 }
        return at < bytes.count ? bytes[at] : 0
    }
}

/// Rewrites each number of `text` (not inside a name) as the choices say.
func mutateNumbers(_ text: String, _ c: inout Choices, distributions: Bool) -> String {
    let pattern = try! NSRegularExpression(pattern: #"(?<![A-Za-z_0-9.])-?[0-9]+(\.[0-9]+)?([eE]-?[0-9]+)?(?![A-Za-z_0-9])"#)
    let ns = text as NSString
    var out = "", last = 0
    for m in pattern.matches(in: text, range: NSRange(location: 0, length: ns.length)) {
        out += ns.substring(with: NSRange(location: last, length: m.range.location - last))
        let original = ns.substring(with: m.range)
        let b = c.next()
        let before = ns.substring(with: NSRange(location: max(0, m.range.location - 2), length: min(2, m.range.location)))
        if b < 160 {
            out += original
        } else if distributions && before == ": " && b >= 240 {
            let a = interesting[Int(c.next()) % interesting.count], s = interesting[Int(c.next()) % interesting.count]
            switch b % 4 {
            case 0: out += "{distribution: lognormal, median: \(a), sigma: \(s), source: \"assumption: fuzz\"}"
            case 1: out += "{distribution: uniform, min: \(original), max: \(a), source: \"assumption: fuzz\"}"
            case 2: out += "{distribution: normal, mean: \(a), sd: \(s), source: \"assumption: fuzz\"}"
            default: out += "{distribution: triangular, min: \(original), mode: \(original), max: \(a), source: \"assumption: fuzz\"}"
            }
        } else {
            out += interesting[Int(b) % interesting.count]
        }
        last = m.range.location + m.range.length
    }
    return out + ns.substring(from: last)
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    var c = Choices(bytes: UnsafeBufferPointer(start: data, count: size))
    var files: [String: String] = [:]
    files["scenario.yaml"] = mutateNumbers(toy["scenario.yaml"]!, &c, distributions: true)
    for name in ["locations.csv", "routes.csv", "closures.csv"] { files[name] = mutateNumbers(toy[name]!, &c, distributions: false) }
    // More actions for the capital (a wider tree), more places and routes (a larger graph).
    let actions = Int(c.next() % 8)
    if actions > 0, var yaml = files["scenario.yaml"], let r = yaml.range(of: "      actions:\n        hold:") {
        let extra = (0..<actions).map { "        more\($0):\n          label: More \($0)\n          set: {offensive: \(c.next() % 2 == 0 ? "none" : "full")}\n" }.joined()
        yaml.replaceSubrange(r, with: "      actions:\n" + extra + "        hold:")
        files["scenario.yaml"] = yaml
    }
    let places = Int(c.next() % 6)
    for k in 0..<places {
        let pop = interesting[Int(c.next()) % interesting.count]
        files["locations.csv"]! += "Extra\(k),South,Valleyland,34.9\(k),36.3\(k),\(c.next() % 3 == 0 ? "camp" : "town"),,\(pop)\n"
        files["routes.csv"]! += "\(k == 0 ? "Ford" : "Extra\(k - 1)"),Extra\(k),\(interesting[Int(c.next()) % interesting.count]),0\n"
    }
    // FUZZRUN_DUMP=DIR: write the generated folder there, to rerun a finding with the CLI.
    if let dump = ProcessInfo.processInfo.environment["FUZZRUN_DUMP"] {
        try? FileManager.default.createDirectory(atPath: dump, withIntermediateDirectories: true)
        for (name, text) in files { try? text.write(toFile: dump + "/" + name, atomically: true, encoding: .utf8) }
    }
    let r = Scenario.validate(files: files.mapValues { Data($0.utf8) })
    guard let scenario = r.scenario else { return 0 }
    let horizon = min(20, max(1, scenario.metadata.horizonDays))
    let options = CrisisRunOptions(samples: 2, seed: UInt64(c.next()), horizon: horizon, threads: 1, sweepSteps: 2)
    guard let result = try? CrisisRunner.run(scenario, options: options) else { return 0 }
    _ = HTMLReport.render(result, scenario: scenario)
    let encoder = JSONEncoder()
    encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
    _ = try? encoder.encode(result)
    return 0
}

// The entry point SwiftPM links for this executable; libFuzzer's driver takes over.
@_cdecl("FuzzRun_main")
public func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    runLibFuzzer(argc, argv, fuzz)
}
