import BoundedInput
import Foundation

/// Flee's out.csv and the averaged relative difference: the mean over days of
/// Σ|sim − data| / max(1, Σ data) over the camps.
public struct FleeOutput: Sendable {
    public var header: [String]
    public var rows: [[String]]
    /// ARD over all days, raw and rescaled; nil without validation data.
    public var ard: Double?
    public var ardRescaled: Double?

    /// Builds the table from a result and the validation data. In Flee 3.1 mode the six
    /// trailing columns are written as 0 on days whose raw total is 0 (Q19).
    public init(result r: DisplacementResult, validation v: ValidationData, start: CivilDate, idpTotals: Bool = false,
                idpCamps: [Int] = []) {
        let names = r.camps.map { r.locationNames[$0] }
        header = ["Day", "Date"]
        for c in names { header += ["\(c) sim", "\(c) data", "\(c) error"] }
        header += ["Total error", "refugees in camps (UNHCR)", "total refugees (simulation)", "raw UNHCR refugee count",
                   "refugees in camps (simulation)", "refugee_debt"]
        if idpTotals { header.append("total IDPs") }
        rows = []
        var eSum = 0.0, eResSum = 0.0
        for t in 0..<r.days {
            var row = [String(t), start.adding(days: t).description]
            var simSum = 0, dataSum = 0, absSum = 0.0
            var sims: [Int] = [], datas: [Int] = []
            for (j, c) in r.camps.enumerated() {
                let sim = r.population(of: c, day: t), data = v.value(names[j], day: t)
                sims.append(sim); datas.append(data)
                row += [String(sim), String(data), Self.pythonFloat(Self.relError(sim, data))]
                simSum += sim; dataSum += data
                absSum += Self.round4(Double(abs(sim - data)))
            }
            let raw = r.rawTotal[t]
            if raw > 0 || r.compatibility == .fulcrum {
                row += [raw > 0 ? Self.pythonFloat(absSum / Double(raw)) : "0", String(dataSum), String(r.displaced[t]), String(raw),
                        String(simSum), String(r.debt[t])]
            } else {
                row += Array(repeating: "0", count: 6)
            }
            if idpTotals { row.append(String(idpCamps.reduce(0) { $0 + r.population(of: $1, day: t) })) }
            rows.append(row)
            let denom = max(1.0, Double(dataSum))
            eSum += absSum / denom
            var resc = 0.0
            for j in sims.indices {
                let s = simSum > 0 ? Double(sims[j]) * Double(dataSum) / Double(simSum) : 0
                resc += Self.round4(abs(s - Double(datas[j])))
            }
            eResSum += resc / denom
        }
        if r.days > 0 && !r.camps.isEmpty { ard = eSum / Double(r.days); ardRescaled = eResSum / Double(r.days) }
    }

    /// |sim/data − 1| rounded to 4 decimals; 0 when data < 1e-5.
    static func relError(_ sim: Int, _ data: Int) -> Double {
        if Double(data) < 1e-5 { return 0 }
        return round4(abs(Double(sim) / Double(data) - 1))
    }

    /// Python's round(x, 4): correctly rounded on the binary value.
    static func round4(_ x: Double) -> Double { Double(String(format: "%.4f", x)) ?? x }

    /// Python's str(float): shortest round-trip repr, ".0" on integral values.
    static func pythonFloat(_ x: Double) -> String {
        var s = "\(x)"
        if s == "-0.0" { s = "-0.0" }
        return s
    }

    /// The table as CSV, every field quoted where RFC 4180 needs it (a camp named `Ford, the crossing`).
    public var csv: String {
        var out = header.map(csvField).joined(separator: ",") + "\n"
        for r in rows { out += r.map(csvField).joined(separator: ",") + "\n" }
        return out
    }
}
