import Foundation
import Scenario
import Testing
@testable import Crisis

/// Idlib ships a posterior.json fitted to its own episode (Mali's fit scored worse than its
/// priors and is not shipped: its README, "Calibration"). It must load
/// (fitted to these very files), stand in for exactly the inputs marked `calibrate: true`,
/// and drive the samples: every sample's calibrated values are one joint draw of it.
@Suite("Shipped calibrations")
struct ShippedPosteriorTests {
    @Test("the shipped posterior loads, replaces exactly the inputs marked calibrate: true, and every sample takes one of its joint draws",
          arguments: ["idlib"])
    func shippedPosteriorIsUsed(_ template: String) throws {
        let dir = try #require(Scenario.templateDirectory(template))
        let s = try Scenario.load(directory: dir)
        let prior = try Scenario.load(directory: dir, prior: true)
        let p = try #require(s.posterior, "\(template) ships no posterior.json")
        #expect(prior.posterior == nil)
        #expect(p.episodes == prior.episodes.map(\.id))
        let marked = prior.uncertainInputs.filter(\.calibrate).map(\.path)
        #expect(!marked.isEmpty && Set(p.paths) == Set(marked))

        // Calibrated inputs become their weighted posterior marginal and say so; the rest keep their prior.
        let before = Dictionary(uniqueKeysWithValues: prior.uncertainInputs.map { ($0.path, $0.distribution) })
        for input in s.uncertainInputs {
            if p.paths.contains(input.path) {
                guard case .empirical(let w) = input.distribution else { Issue.record("\(input.path) is not calibrated"); continue }
                let column = p.paths.firstIndex(of: input.path)!
                #expect(Set(w.values) == Set(p.draws.map { $0[column] }), "\(input.path)")
                #expect(input.provenance.citations.contains(p.citation), "\(input.path)")
            } else {
                #expect(input.distribution == before[input.path], "\(input.path)")
            }
        }

        // Used: sample i's calibrated values are all from one posterior draw.
        let model = try CrisisRunner.prepare(s, options: CrisisRunOptions(samples: 24, seed: 1))
        let columns = try p.paths.map { path in try #require(model.inputs.firstIndex { $0.path == path }) }
        let draws = Set(p.draws)
        var seen = Set<[Double]>()
        for i in 0..<24 {
            let v = model.draws.values(i)
            let joint = columns.map { v[$0] }
            #expect(draws.contains(joint), "sample \(i)")
            seen.insert(joint)
        }
        #expect(seen.count > 1)
    }
}
