import Foundation

/// How numbers are written in the report: one place, so a test can rebuild any
/// figure's text from results.json.
public enum NumberFormat {
    /// A tick label for a tick step: as many decimals as the step needs, and
    /// thousands as k / millions as M when the step allows it (20,000 → "20k").
    public static func tick(_ value: Double, step: Double) -> String {
        if value == 0 { return "0" }
        let a = abs(step)
        if a >= 100_000 { return trimmed(value / 1_000_000, decimals: decimals(for: a / 1_000_000)) + "M" }
        if a >= 1_000 { return trimmed(value / 1_000, decimals: decimals(for: a / 1_000)) + "k" }
        return trimmed(value, decimals: decimals(for: a))
    }

    /// Decimals needed to write multiples of `step` exactly (step 0.25 → 2, 5 → 0).
    static func decimals(for step: Double) -> Int {
        guard step > 0, step.isFinite else { return 0 }
        for d in 0...10 {
            let scaled = step * pow(10, Double(d))
            if abs(scaled - scaled.rounded()) < 1e-9 * max(1, scaled) { return d }
        }
        return 10
    }

    static func trimmed(_ x: Double, decimals: Int) -> String {
        String(format: "%.\(decimals)f", x)
    }

    /// A count of people or similar, to three significant digits with thousands
    /// separators (12,345 → 12,300; 2.5 stays 2.5): a median of a few hundred samples
    /// carries no more, and more digits only slow the reader.
    public static func count(_ x: Double) -> String { significant(x) }

    /// `x` rounded to `digits` significant digits (at least 1), as a reader writes it:
    /// thousands separators, no trailing zeros after the point, a true minus sign (−), and
    /// from 10^15 on an exponent (1.23e+19), a whole number no longer being exact.
    public static func significant(_ x: Double, digits: Int = 3) -> String {
        guard x.isFinite else { return x.isNaN ? "n/a" : (x > 0 ? "∞" : "−∞") }
        let digits = max(1, digits)
        let sign = x < 0 ? "−" : ""
        var a = abs(x)
        if a >= 1e15 { return sign + String(format: "%.\(digits)g", a) }
        guard a > 0 else { return "0" }
        // Round first, so 999.7 becomes 1,000 (and is then written with a separator).
        var exponent = Int(floor(log10(a)))
        var decimals = digits - 1 - exponent
        a = decimals >= 0 ? (a * pow(10, Double(decimals))).rounded() / pow(10, Double(decimals))
                          : (a / pow(10, Double(-decimals))).rounded() * pow(10, Double(-decimals))
        if a == 0 { return "0" }
        exponent = Int(floor(log10(a)))
        decimals = max(0, digits - 1 - exponent)
        if a >= 1e15 { return sign + String(format: "%.\(digits)g", a) }
        if decimals == 0 || a == a.rounded() {
            let text = String(Int64(a.rounded()))
            var out = ""
            for (i, c) in text.enumerated() {
                if i > 0 && (text.count - i) % 3 == 0 { out.append(",") }
                out.append(c)
            }
            return sign + out
        }
        var s = String(format: "%.\(decimals)f", a)
        while s.hasSuffix("0") { s.removeLast() }
        if s.hasSuffix(".") { s.removeLast() }
        return sign + s
    }

    /// A short magnitude: 1.2M, 340k, 12, 0.05.
    public static func compact(_ x: Double) -> String {
        guard x.isFinite else { return x.isNaN ? "n/a" : "∞" }
        let a = abs(x)
        // 999,999 rounds to 1,000k: write it as 1M.
        if a >= 999_500 { return significant(x / 1_000_000) + "M" }
        if a >= 999.5 { return significant(x / 1_000) + "k" }
        return significant(x)
    }

    /// A probability as a percentage: 42%, 0.5%, <0.1%.
    public static func percent(_ p: Double) -> String {
        guard p.isFinite else { return "n/a" }
        let v = p * 100
        if v == 0 { return "0%" }
        if v < 0.1 { return "<0.1%" }
        if v > 99.9 && v < 100 { return ">99.9%" }
        if v >= 99.5 && v < 100 { return String(format: "%.1f%%", v) }
        if v < 10 && v != v.rounded() { return String(format: "%.1f%%", v) }
        return String(format: "%.0f%%", v)
    }

    /// A general value (an input, a score, a tipping point): three significant digits,
    /// the same text as `count`.
    public static func value(_ x: Double) -> String { significant(x) }

    /// A number as the scenario states it (the provenance table): every digit it was given,
    /// up to 12 significant, so that a reader can match it against its source (28,111 stays
    /// 28,111; results are written with `value`).
    public static func stated(_ x: Double) -> String { significant(x, digits: 12) }

    /// A range of values: "−0.099 to −0.001" (a dash between negative numbers reads as
    /// another minus).
    public static func range(_ low: Double, _ high: Double) -> String { "\(value(low)) to \(value(high))" }
}
