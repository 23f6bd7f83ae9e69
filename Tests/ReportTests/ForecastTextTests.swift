import Crisis
import Foundation
import Scenario
import Testing
@testable import Report

/// `fulcrum forecast DIR`'s text: the scenario's issues one line each, and the note that names
/// an issue nothing uncertain touches when draws would otherwise seem to give it certainty.
struct ForecastTextTests {
    @Test("a title, one line per issue, and the note only with draws, no spread and a certain issue")
    func text() throws {
        let fixed = try Toy.scenario.fixing(["issues.valley.neighbour.salience": 0.6])
        let forecasts = try BargainingBridge.forecast(fixed, samples: 3, seed: 1)
        let certain = BargainingBridge.certainIssues(fixed)
        let lines = RunSummary.forecastText(forecasts, title: "T", model: "KTAB SMP", samples: 3, spread: nil, certain: certain)
            .split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        #expect(lines.count == 4 && lines[3] == "")
        #expect(lines[0] == "T: bargaining forecast (KTAB SMP, 0–100)")
        #expect(lines[1] == RunSummary.bargainingLines(forecasts, samples: 3)[0])
        #expect(lines[2] == "note: nothing about valley is uncertain in the scenario, so its interval has no width; --spread S gives the positions it fixes a triangular spread of ±S")
        for (samples, spread, certain) in [(0, nil, certain), (3, 5.0, certain), (3, nil, [])] {
            let text = RunSummary.forecastText(forecasts, title: "T", model: "BDM", samples: samples, spread: spread, certain: certain)
            #expect(!text.contains("note:") && text.hasPrefix("T: bargaining forecast (BDM, 0–100)\n"))
        }
    }
}
