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

    /// A count of people or similar: whole numbers with thousands separators
    /// (12,345); below 10, one decimal if not whole; from 10^15 on, three significant
    /// digits and an exponent (1.23e+19), a whole number no longer being exact.
    public static func count(_ x: Double) -> String {
        guard x.isFinite else { return x.isNaN ? "n/a" : (x > 0 ? "∞" : "−∞") }
        if abs(x) < 10 && x != x.rounded() { return String(format: "%.1f", x) }
        if abs(x) >= 1e15 { return (x < 0 ? "−" : "") + String(format: "%.3g", abs(x)) }
        let n = Int64(x.rounded())
        let digits = String(abs(n))
        var out = ""
        for (i, c) in digits.enumerated() {
            if i > 0 && (digits.count - i) % 3 == 0 { out.append(",") }
            out.append(c)
        }
        return (n < 0 ? "−" : "") + out
    }

    /// A short magnitude: 1.2M, 340k, 12, 0.05.
    public static func compact(_ x: Double) -> String {
        guard x.isFinite else { return x.isNaN ? "n/a" : "∞" }
        let a = abs(x)
        if a >= 1_000_000 { return sig(x / 1_000_000) + "M" }
        if a >= 1_000 { return sig(x / 1_000) + "k" }
        return sig(x)
    }

    /// Up to three significant digits, no trailing zeros.
    static func sig(_ x: Double) -> String {
        if x == 0 { return "0" }
        let a = abs(x)
        let decimals = a >= 100 ? 0 : a >= 10 ? 1 : a >= 1 ? 2 : min(6, 2 - Int(floor(log10(a))))
        var s = String(format: "%.\(decimals)f", x)
        if s.contains(".") {
            while s.hasSuffix("0") { s.removeLast() }
            if s.hasSuffix(".") { s.removeLast() }
        }
        return s
    }

    /// A probability as a percentage: 42%, 0.5%, <0.1%.
    public static func percent(_ p: Double) -> String {
        guard p.isFinite else { return "n/a" }
        let v = p * 100
        if v == 0 { return "0%" }
        if v < 0.1 { return "<0.1%" }
        if v < 10 && v != v.rounded() { return String(format: "%.1f%%", v) }
        return String(format: "%.0f%%", v)
    }

    /// A general value (an input): up to 4 significant digits.
    public static func value(_ x: Double) -> String {
        guard x.isFinite else { return x.isNaN ? "n/a" : (x > 0 ? "∞" : "−∞") }
        if (x == x.rounded() && abs(x) < 1e15) || abs(x) >= 1000 { return count(x) }
        let a = abs(x)
        let decimals = a >= 1000 ? 0 : a >= 100 ? 1 : a >= 10 ? 2 : a >= 1 ? 3 : min(8, 3 - Int(floor(log10(a))))
        var s = String(format: "%.\(decimals)f", x)
        if s.contains(".") {
            while s.hasSuffix("0") { s.removeLast() }
            if s.hasSuffix(".") { s.removeLast() }
        }
        return s
    }
}
