import BoundedInput
import Foundation

extension Scenario {
    /// Where a scenario folder keeps its calibration (`fulcrum calibrate` writes it there).
    public static func posteriorURL(in directory: URL) -> URL { directory.appendingPathComponent(ScenarioParser.posteriorFile) }

    /// Whether the scenario folder carries a calibration, so that ignoring it (`--prior`) changes anything.
    public static func hasPosterior(in directory: URL) -> Bool { FileManager.default.fileExists(atPath: posteriorURL(in: directory).path) }
}

extension ScenarioParser {
    static let posteriorFile = "posterior.json"

    /// Reads `posterior.json` when the folder has one and calibrates `scenario` with it;
    /// a posterior that does not fit this scenario is a diagnostic (never silently ignored).
    func applyPosterior(to scenario: Scenario) -> Scenario {
        guard source.exists(Self.posteriorFile) else { return scenario }
        let file = source.path(Self.posteriorFile)
        func fail(_ message: String, _ expected: String) -> Scenario {
            csvDiagnostics.append(Diagnostic(file: file, line: 0, column: 0, path: "posterior", kind: .inconsistent,
                                             message: message, expected: expected))
            return scenario
        }
        let data: Data
        do { data = try source.data(Self.posteriorFile, limit: limits.maxTableBytes) } catch {
            return fail("posterior.json \(error)", "a readable posterior.json written by fulcrum calibrate")
        }
        let posterior: Posterior
        do { posterior = try JSONDecoder().decode(Posterior.self, from: data) } catch {
            return fail("posterior.json is not a Fulcrum posterior: \(error)", "the file fulcrum calibrate writes")
        }
        let fitted = scenario.sourceDigest
        guard posterior.scenarioDigest == fitted else {
            return fail("posterior.json was fitted to another version of this scenario (its files changed since)",
                        "run fulcrum calibrate again, or pass --prior to use the scenario's own distributions")
        }
        do {
            var calibrated = try scenario.calibrated(by: posterior)
            filesRead[Self.posteriorFile] = data
            calibrated.sourceDigest = contentDigest(files: filesRead)
            calibrated.sourceFiles = filesRead
            return calibrated
        } catch {
            return fail("posterior.json does not fit this scenario: \(error)", "run fulcrum calibrate again")
        }
    }
}

extension Scenario {
    /// The scenario with each input the posterior names distributed as its weighted
    /// marginal, and the posterior attached for joint draws. Throws `SettingError` when a
    /// path is not an uncertain input here or a draw lies outside the value's range.
    public func calibrated(by posterior: Posterior) throws -> Scenario {
        if let why = posterior.problem { throw SettingError(path: "posterior", message: why) }
        let inputs = Set(uncertainInputs.map(\.path))
        for path in posterior.paths where !inputs.contains(path) {
            throw SettingError(path: path, message: "not an uncertain input of this scenario",
                               suggestion: closestMatch(path, in: inputs))
        }
        let column = Dictionary(uniqueKeysWithValues: posterior.paths.enumerated().map { ($1, $0) })
        var copy = self
        var failure: SettingError?
        copy.visitQuantities { path, q, range in
            guard let j = column[path], failure == nil else { return }
            let values = posterior.draws.map { $0[j] }
            if let range, let bad = values.first(where: { !range.contains($0) }) {
                failure = SettingError(path: path, message: "a posterior draw \(bad) is outside the allowed range")
                return
            }
            guard let sample = WeightedSample(values: values, weights: posterior.weights) else {
                failure = SettingError(path: path, message: "the posterior's draws or weights are unusable")
                return
            }
            q.distribution = .empirical(sample)
            q.provenance = Provenance(q.provenance.citations + [posterior.citation])
        }
        if let failure { throw failure }
        copy.posterior = posterior
        return copy
    }
}
