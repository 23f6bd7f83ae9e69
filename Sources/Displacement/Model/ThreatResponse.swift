import BoundedInput
import Foundation

/// Flight from threatened places and returns to safe homes (Fulcrum's rules, off unless
/// the settings have `flight_rules` / `return_rules`; docs/displacement.md, "Flight and
/// return rules"). Keeps each place's onset pressure, the running maximum of its threat,
/// and how many days its residents' home has been safe.
struct ThreatResponse {
    let flight: FlightRules?
    let returns: ReturnRules?
    /// e^(−1/D): the onset pressure's daily decay.
    let onsetDecay: Double
    /// κ0 = −ln(1 − onset_share)·(1 − e^(−1/D)), κ∞ = −ln(1 − daily_share), κa = −ln(1 − anticipation_share).
    let onsetRate: Double, sustainedRate: Double, anticipationRate: Double
    /// For each place, the other places within anticipation_km (CSR: `nearStart[i]..<nearStart[i+1]`),
    /// with the taper 1 − d/R and whether they are in the same country.
    let nearStart: [Int], near: [Int], taper: [Double], sameCountry: [Bool]
    /// Onset pressure P and the threat's running maximum M since it began.
    private(set) var pressure: [Double]
    private(set) var peak: [Double]
    /// Consecutive safe days of each place as a home.
    private(set) var safeDays: [Int]

    init(settings: SimulationSettings, network: Network) {
        flight = settings.flightRules
        returns = settings.returnRules
        let n = network.locationCount
        let f = flight ?? FlightRules()
        onsetDecay = exp(-1 / f.onsetDays)
        onsetRate = -log(1 - f.onsetShare) * (1 - onsetDecay)
        sustainedRate = -log(1 - f.dailyShare)
        anticipationRate = -log(1 - f.anticipationShare)
        // Pairs within R, computed once per run.
        let radius = flight?.anticipationKm ?? 0
        var starts = [0], others: [Int] = [], tapers: [Double] = [], same: [Bool] = []
        for i in 0..<n {
            if radius > 0 {
                for j in 0..<n where j != i {
                    let km = network.distanceKm(i, j)
                    if km < radius {
                        others.append(j)
                        tapers.append(1 - km / radius)
                        same.append(network.country[i] == network.country[j])
                    }
                }
            }
            starts.append(others.count)
        }
        nearStart = starts
        near = others
        taper = tapers
        sameCountry = same
        pressure = Array(repeating: 0, count: n)
        peak = Array(repeating: 0, count: n)
        safeDays = Array(repeating: 0, count: n)
    }

    /// Today's hazard (the exponent of the daily probability of fleeing) of each place's
    /// residents, given each place's threat intensity; updates the onset pressures.
    /// Residents of a place in another country than the threat do not anticipate it.
    mutating func hazards(threat: [Double], into hazard: inout [Double]) {
        for i in 0..<threat.count {
            let intensity = threat[i]
            if intensity > 0 {
                pressure[i] = pressure[i] * onsetDecay + onsetRate * max(0, intensity - peak[i])
                peak[i] = max(peak[i], intensity)
                hazard[i] = pressure[i] + sustainedRate * intensity
            } else {
                pressure[i] = 0
                peak[i] = 0
                var nearby = 0.0
                for k in nearStart[i]..<nearStart[i + 1] where sameCountry[k] { nearby += threat[near[k]] * taper[k] }
                hazard[i] = anticipationRate * nearby
            }
        }
    }

    /// Counts each place's consecutive safe days (no threat there, none within
    /// anticipation_km) after today's threats.
    mutating func updateSafety(threat: [Double]) {
        for i in 0..<threat.count {
            var safe = threat[i] <= 0
            if safe {
                for k in nearStart[i]..<nearStart[i + 1] where threat[near[k]] > 0 {
                    safe = false
                    break
                }
            }
            safeDays[i] = safe ? safeDays[i] + 1 : 0
        }
    }

    /// Whether the displaced people of `home` may go back today: exactly `delay_days` days
    /// after the first safe day (0: that day).
    func mayReturn(to home: Int) -> Bool {
        guard let returns else { return false }
        return safeDays[home] > returns.delayDays  // safe today and for delay_days days before
    }
}
