import BoundedInput
import Foundation

/// One dated series (day offsets from the start date, values already divided by `hasten`).
public struct DatedSeries: Sendable, Hashable {
    public var days: [Int]
    public var values: [Double]

    public init(days: [Int], values: [Double]) { self.days = days; self.values = values }

    /// Linear interpolation; the first value at or before the first date, the last value
    /// after the last date. Not yet truncated.
    public func interpolated(day t: Int) -> Double {
        guard let first = days.first else { return 0 }
        if t <= first { return values[0] }
        if t >= days[days.count - 1] { return values[values.count - 1] }
        var lo = 0, hi = days.count - 1
        while hi - lo > 1 { let mid = (lo + hi) / 2; if days[mid] <= t { lo = mid } else { hi = mid } }
        if days[lo] == t { return values[lo] }
        let frac = Double(t - days[lo]) / Double(days[hi] - days[lo])
        return values[lo] + (values[hi] - values[lo]) * frac
    }

    /// Flee 3.1's step-wise merge of a further file into a running table (reference Q18).
    static func fleeMerge(_ a: DatedSeries, _ b: DatedSeries) -> DatedSeries {
        var out = DatedSeries(days: [], values: [])
        guard !a.days.isEmpty else { return b }
        var p = 0
        var lastB = 0.0
        for (dB, vB) in zip(b.days, b.values) {
            while dB > a.days[p] {
                out.days.append(a.days[p]); out.values.append(a.values[p] + lastB)
                if p < a.days.count - 1 { p += 1 } else { break }
            }
            if dB == a.days[p] {
                out.days.append(dB); out.values.append(vB + a.values[p])
                if p < a.days.count - 1 { p += 1 }
                lastB = vB
            } else if dB < a.days[p] {
                out.days.append(dB); out.values.append(vB + a.values[p])
                lastB = vB
            }
        }
        return out
    }
}

/// Flee's validation directory: data_layout.csv naming the `total` series and one row per
/// camp, each series interpolated by day.
public struct ValidationData: Sendable, Hashable {
    public var start: CivilDate
    /// Series per name (`total` and camp names). Several files in one row are kept apart
    /// (default: interpolated separately and summed) or pre-merged (Flee 3.1 mode).
    public var series: [String: [DatedSeries]]
    /// Names in data_layout.csv order.
    public var names: [String]

    public init(start: CivilDate, series: [String: [DatedSeries]], names: [String]) {
        self.start = start; self.series = series; self.names = names
    }

    public func has(_ name: String) -> Bool { series[name] != nil }

    /// The integer value of a series on day t: interpolated, summed over its files,
    /// truncated towards zero. 0 for an unknown name.
    public func value(_ name: String, day t: Int) -> Int {
        guard let list = series[name] else { return 0 }
        var v = 0.0
        for s in list { v += s.interpolated(day: t) }
        return Int(v.rounded(.towardZero))
    }

    /// Reads data_layout.csv and the series it names; counts are divided by `hasten`.
    /// With `fleeMerge`, multi-file rows are merged as 3.1 does (Q18).
    public static func load(directory: String, start: CivilDate, hasten: Int, fleeMerge: Bool = false,
                            layout: String = "data_layout.csv") throws -> ValidationData {
        let dir = URL(fileURLWithPath: directory)
        let layoutPath = dir.appendingPathComponent(layout).path
        var series: [String: [DatedSeries]] = [:]
        var names: [String] = []
        for r in try CSV.records(readBoundedFile(layoutPath)) {
            if r.isBlank || r.isComment { continue }
            let c = CellReader(file: layoutPath, record: r)
            let name = try c.nonEmpty(0, "name")
            let files = r.cells.dropFirst().map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            if files.isEmpty { throw DisplacementInputError(file: layoutPath, line: r.line, field: "file", "no data file for '\(name)'") }
            if series[name] != nil { throw DisplacementInputError(file: layoutPath, line: r.line, field: "name", "'\(name)' listed twice") }
            var list = try files.map { try readSeries(dir.appendingPathComponent($0).path, start: start, hasten: hasten) }
            if fleeMerge && list.count > 1 { list = [list.dropFirst().reduce(list[0], DatedSeries.fleeMerge)] }
            series[name] = list
            names.append(name)
        }
        return ValidationData(start: start, series: series, names: names)
    }

    static func readSeries(_ path: String, start: CivilDate, hasten: Int) throws -> DatedSeries {
        var s = DatedSeries(days: [], values: [])
        var first = true
        for r in try CSV.records(readBoundedFile(path)) {
            defer { first = false }
            let c0 = (r.cell(0) ?? "").trimmingCharacters(in: .whitespaces)
            if first && (r.cells.count < 2 || c0.isEmpty || c0 == "Date" || c0 == "DateTime") { continue }
            if c0.hasPrefix("#") || r.cells.count < 2 { continue }
            let v = (r.cell(1) ?? "").trimmingCharacters(in: .whitespaces)
            if v.isEmpty { continue }
            if r.isBlank { continue }
            guard let date = CivilDate(iso: c0) else {
                throw DisplacementInputError(file: path, line: r.line, field: "date", "'\(c0)' is not a YYYY-MM-DD date")
            }
            guard let count = Double(v), count.isFinite else {
                throw DisplacementInputError(file: path, line: r.line, field: "count", "'\(v)' is not a number")
            }
            try CellReader(file: path, record: r).check(count, "count", ValueBounds.people)
            let day = date.dayNumber - start.dayNumber
            if let last = s.days.last, day < last {
                throw DisplacementInputError(file: path, line: r.line, field: "date", "\(date) is earlier than the previous row (rows must be in ascending date order)")
            }
            s.days.append(day); s.values.append(count / Double(hasten))
        }
        if s.days.isEmpty { throw DisplacementInputError(file: path, "no data rows") }
        return s
    }

    /// Applies registration_corrections.csv: for each `camp,date` row, every entry before
    /// the one dated `date` is multiplied by v_i / v_(i-1), so earlier levels match the level after it.
    public mutating func applyCorrections(file path: String) throws {
        guard FileManager.default.fileExists(atPath: path) else { return }
        try applyCorrections(CSV.records(readBoundedFile(path)), file: path)
    }

    mutating func applyCorrections(_ records: [CSVRecord], file path: String) throws {
        for r in records {
            if r.isBlank || r.cells.count < 2 { continue }
            let camp = (r.cell(0) ?? "").trimmingCharacters(in: .whitespaces)
            let dateText = (r.cell(1) ?? "").trimmingCharacters(in: .whitespaces)
            guard let date = CivilDate(iso: dateText) else {
                throw DisplacementInputError(file: path, line: r.line, field: "date", "'\(dateText)' is not a YYYY-MM-DD date")
            }
            guard var list = series[camp] else {
                throw DisplacementInputError(file: path, line: r.line, field: "camp", "'\(camp)' has no row in data_layout.csv")
            }
            let day = date.dayNumber - start.dayNumber
            var applied = false
            for k in list.indices {
                guard let i = list[k].days.firstIndex(of: day) else { continue }
                guard i > 0 else {
                    throw DisplacementInputError(file: path, line: r.line, field: "date", "\(date) is the first entry of \(camp)'s series; nothing to correct before it")
                }
                let prev = list[k].values[i - 1]
                guard prev != 0 else {
                    throw DisplacementInputError(file: path, line: r.line, field: "date", "the entry of \(camp) before \(date) is 0; cannot rescale")
                }
                let ratio = list[k].values[i] / prev
                for j in 0..<i {
                    list[k].values[j] *= ratio
                    if !ValueBounds.people.contains(list[k].values[j]) {
                        throw DisplacementInputError(file: path, line: r.line, field: "date", "rescaling \(camp)'s series by \(ratio) makes an entry \(list[k].values[j]), outside \(ValueBounds.describe(ValueBounds.people))")
                    }
                }
                applied = true
            }
            if !applied {
                throw DisplacementInputError(file: path, line: r.line, field: "date", "\(date) is not a date of \(camp)'s validation series")
            }
            series[camp] = list
        }
    }
}
