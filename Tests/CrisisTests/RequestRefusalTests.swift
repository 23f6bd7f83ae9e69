import Scenario
import Testing
@testable import Crisis

/// The command line's checks of a run's and a calibration's sizes, made before any work:
/// each limit's edge is accepted and the first value past it refused, with the option named.
struct RequestRefusalTests {
    @Test func aRunsSamplesAndHorizonAreBoundedByTheScenarioLimits() {
        let maxSamples = ScenarioLimits.maxSamples, maxDays = ScenarioLimits.maxHorizonDays
        #expect(CrisisRunOptions.refusal(samples: 1000, horizon: nil) == nil)
        #expect(CrisisRunOptions.refusal(samples: maxSamples, horizon: maxDays) == nil)
        #expect(CrisisRunOptions.refusal(samples: maxSamples + 1, horizon: nil)
                == "--samples 1000001 is more than 1000000; split the run into several seeds")
        #expect(CrisisRunOptions.refusal(samples: 10, horizon: maxDays + 1) == "--horizon 36501 days is longer than 36500 (100 years)")
        // Samples are checked first.
        #expect(CrisisRunOptions.refusal(samples: maxSamples + 1, horizon: maxDays + 1)?.hasPrefix("--samples") == true)
    }

    @Test func aCalibrationsParticlesGenerationsAndBacktestSamples() {
        #expect(CalibrationOptions.refusal(particles: 2, generations: 0, backtestSamples: 1) == nil)
        #expect(CalibrationOptions.refusal(particles: 100_000, generations: 100, backtestSamples: ScenarioLimits.maxSamples) == nil)
        #expect(CalibrationOptions.refusal(particles: 1, generations: 10, backtestSamples: 200) == "--particles must be 2 to 100000")
        #expect(CalibrationOptions.refusal(particles: 100_001, generations: 10, backtestSamples: 200) == "--particles must be 2 to 100000")
        #expect(CalibrationOptions.refusal(particles: 400, generations: 101, backtestSamples: 200) == "--generations must be 0 to 100")
        #expect(CalibrationOptions.refusal(particles: 400, generations: -1, backtestSamples: 200) == "--generations must be 0 to 100")
        #expect(CalibrationOptions.refusal(particles: 400, generations: 10, backtestSamples: 0) == "--backtest-samples must be 1 to 1000000")
    }
}
