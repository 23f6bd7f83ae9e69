import BoundedInput
import Crisis
import Foundation
import Scenario
import Testing
@testable import Report

/// The report as a reader meets it (issue 16 §5), checked on the rendered report of a real
/// run of the toy scenario.
struct ReaderTests {
    /// The SVG of chart or map `id` in `html`.
    func svg(_ id: String, in html: String = Toy.html) -> String? {
        guard let start = html.range(of: "id=\"\(id)\"")?.lowerBound else { return nil }
        let rest = html[start...]
        return String(rest[..<rest.range(of: "</svg>")!.lowerBound])
    }

    func matches(_ pattern: String, in text: String) -> [[String]] {
        let re = try! NSRegularExpression(pattern: pattern)
        return re.matches(in: text, range: NSRange(text.startIndex..., in: text)).map { m in
            (0..<m.numberOfRanges).map { i in Range(m.range(at: i), in: text).map { String(text[$0]) } ?? "" }
        }
    }

    /// Every `<text>` of an SVG: position, anchor, class and words (hover titles left out).
    func texts(_ svg: String) -> [(x: Double, y: Double, anchor: String, cls: String, text: String)] {
        matches(#"<text ([^>]*)>(?:<title>[^<]*</title>)?([^<]*)</text>"#, in: svg).map { m in
            let attrs = m[1]
            func attr(_ name: String) -> String? { matches(#"\b\#(name)="([^"]*)""#, in: attrs).first?[1] }
            return (Double(attr("x")!)!, Double(attr("y")!)!, attr("text-anchor") ?? "start", attr("class") ?? "", m[2])
        }
    }

    /// Every table sits in a box that scrolls sideways, so a wide one (the branch table,
    /// with a column per consequence) scrolls inside its section instead of being cut at the
    /// page's edge.
    @Test func everyTableScrollsInsideItsSection() {
        let html = Toy.html
        let tables = count("<table", in: html)
        #expect(tables >= 10)
        #expect(count("<div class=\"scroll\"><table", in: html) == tables)
        #expect(count("</table></div>", in: html) == tables)
        #expect(html.contains(".scroll { overflow-x: auto; max-width: 100%; }"))
        // A flex item (a map and its route table) may shrink below its table's width, so the
        // table scrolls instead of widening the page.
        #expect(html.contains(".maps > figure { min-width: 0; max-width: 100%; }"))
    }

    /// Each map is an equirectangular projection of the places: a degree of longitude is
    /// cos(central latitude) times a degree of latitude, at one scale both ways, whatever the
    /// box. Checked against the places' coordinates, not the projection's own code.
    @Test func mapsKeepTheRegionsAspectRatio() throws {
        let places = Dictionary(uniqueKeysWithValues: Toy.scenario.geography.locations.map { ($0.name, $0) })
        let lats = places.values.map(\.latitude), lons = places.values.map(\.longitude)
        let cosLat = cos((lats.min()! + lats.max()!) / 2 * .pi / 180)
        #expect(lons.max()! - lons.min()! > 0.1 && lats.max()! - lats.min()! > 0.1)
        for s in Toy.result.schedules {
            let body = try #require(svg("map-\(s.id)"))
            var at: [String: (x: Double, y: Double)] = [:]
            for m in matches(#"<circle cx="([^"]+)" cy="([^"]+)" r="[^"]+" class="place[^"]*" data-location="([^"]+)""#, in: body) {
                at[m[3]] = (Double(m[1])!, Double(m[2])!)
            }
            for m in matches(#"<rect x="([^"]+)" y="([^"]+)" width="12" height="12" class="camp[^"]*" data-location="([^"]+)""#, in: body) {
                at[m[3]] = (Double(m[1])! + 6, Double(m[2])! + 6)
            }
            #expect(at.count == places.count, "\(s.id): every place drawn")
            // Pixels per degree of latitude from the two places farthest apart north–south,
            // then every place where that one scale puts it (coordinates are written to 0.01 px).
            let north = places.values.max { $0.latitude < $1.latitude }!, south = places.values.min { $0.latitude < $1.latitude }!
            let k = (at[south.name]!.y - at[north.name]!.y) / (north.latitude - south.latitude)
            #expect(k > 0)
            let origin = at[north.name]!
            for (name, p) in at {
                let l = places[name]!
                let x = origin.x + (l.longitude - north.longitude) * cosLat * k
                let y = origin.y - (l.latitude - north.latitude) * k
                #expect(abs(p.x - x) < 0.05 && abs(p.y - y) < 0.05, "\(s.id) \(name): (\(p.x), \(p.y)) against (\(x), \(y))")
            }
            // The same distance on the ground is the same length on the map: the scale bar's
            // km against the great-circle distance of the two farthest places, within 1%.
            let a = places.values.min { $0.longitude < $1.longitude }!, b = places.values.max { $0.longitude < $1.longitude }!
            let px = hypot(at[a.name]!.x - at[b.name]!.x, at[a.name]!.y - at[b.name]!.y)
            let km = greatCircleKm(a.latitude, a.longitude, b.latitude, b.longitude)
            let bar = try #require(matches(#"<line x1="16" y1="[^"]+" x2="([^"]+)" y2="[^"]+" class="scalebar""#, in: body).first)
            let barKm = try #require(matches(#">([0-9.,]+) km</text>"#, in: body).first)
            let pxPerKm = (Double(bar[1])! - 16) / Double(barKm[1].replacingOccurrences(of: ",", with: ""))!
            #expect(abs(px / km / pxPerKm - 1) < 0.01, "\(s.id)")
        }
    }

    /// Each schedule's charts are on its own scale: the largest figure of every schedule
    /// reaches most of its chart's height (or width), however small the schedule is next to
    /// the others.
    @Test func eachScheduleChartHasItsOwnScale() throws {
        let displaced = Toy.result.schedules.map { $0.displacedByDay.map(\.p95).max()! }.filter { $0 > 0 }
        #expect(displaced.count >= 2 && displaced.max()! > 1.5 * displaced.min()!, "the toy's schedules differ in size: \(displaced)")
        for s in Toy.result.schedules where s.displacedByDay.map(\.p95).max()! > 0 {
            // People displaced: the band's highest point (the largest 95th percentile) is
            // within the top 40% of the plot (plot from y = 16 to y = 280 − 46).
            let body = try #require(svg("displaced-\(s.id)"))
            let band = try #require(matches(#"<path d="([^"]+)" class="band"#, in: body).first)
            let ys = band[1].dropFirst().split(separator: "L").map { Double($0.split(separator: ",")[1].replacingOccurrences(of: "Z", with: ""))! }
            let top = 16.0, bottom = 280.0 - 46
            #expect(ys.min()! <= bottom - 0.6 * (bottom - top), "\(s.id): top of the band at \(ys.min()!)")
            // The most people present: the longest whisker reaches 60% of the axis (150 to 500 px).
            if let peak = svg("peak-\(s.id)") {
                let whiskers = matches(#"<line x1="([^"]+)" y1="[^"]+" x2="([^"]+)" y2="[^"]+" class="whisker""#, in: peak).map { Double($0[2])! }
                #expect(whiskers.max()! >= 150 + 0.6 * 350, "\(s.id)")
            }
            // The maps: the largest net flow of each map is drawn at the widest arrow.
            let map = try #require(svg("map-\(s.id)"))
            let widths = matches(#"class="flow" [^>]*stroke-width="([^"]+)""#, in: map).map { Double($0[1])! }
            if !(s.routeFlows ?? []).filter({ $0.net.median > 0 }).isEmpty { #expect(widths.max() == 18, "\(s.id)") }
        }
        #expect(svg("displaced-chart") == nil)
    }

    /// Numbers in table cells, figures and chart text, with at most three significant digits.
    @Test func figuresHaveAtMostThreeSignificantDigits() {
        var shown: [String] = []
        shown += matches(#"<td class="num"[^>]*>(.*?)</td>"#, in: Toy.html).map { $0[1].replacingOccurrences(of: #"<[^>]+>"#, with: " ", options: .regularExpression) }
        shown += matches(#"<span class="fig"[^>]*>([^<]*)</span>"#, in: Toy.html).map { $0[1] }
        shown += texts(Toy.html).map(\.text)
        #expect(shown.count > 200)
        var numbers = 0
        for text in shown {
            // Leave out day numbers ("on day 181") and dates.
            let t = text.replacingOccurrences(of: #"(day|Day) \d+"#, with: "", options: .regularExpression)
                .replacingOccurrences(of: #"\d{4}-\d{2}-\d{2}"#, with: "", options: .regularExpression)
            for m in matches(#"\d[\d,]*(\.\d+)?"#, in: t) {
                numbers += 1
                var digits = m[0].replacingOccurrences(of: ",", with: "").replacingOccurrences(of: ".", with: "")
                while digits.hasPrefix("0") && digits.count > 1 { digits.removeFirst() }
                if !m[0].contains(".") { while digits.hasSuffix("0") && digits.count > 1 { digits.removeLast() } }
                #expect(digits.count <= 3, "'\(m[0])' in '\(text)'")
            }
        }
        #expect(numbers > 200)
    }

    /// A box of SVG text as the label placement estimates it.
    func box(_ t: (x: Double, y: Double, anchor: String, cls: String, text: String), charWidth: Double) -> LabelPlacement.Box {
        let w = Double(t.text.count) * charWidth
        let x0 = t.anchor == "end" ? t.x - w : t.anchor == "middle" ? t.x - w / 2 : t.x
        return .init(x0: x0, y0: t.y + 2.5 - 11, x1: x0 + w, y1: t.y + 2.5)
    }

    /// No tipping-point value covers another, nor any other text of the chart, nor a line.
    func checkTippingLabels(_ body: String) -> Int {
        let all = texts(body)
        let tips = all.filter { $0.cls == "tip-label" }
        let others = all.filter { $0.cls != "tip-label" }
        let tipBoxes = tips.map { box($0, charWidth: 6.5) }
        for (i, a) in tipBoxes.enumerated() {
            for b in tipBoxes[(i + 1)...] { #expect(!a.overlaps(b), "\(a) and \(b)") }
            for o in others { #expect(!a.overlaps(box(o, charWidth: o.cls == "bar-label" ? 6.6 : 6.5)), "\(a) and '\(o.text)'") }
            for m in matches(#"<line x1="([^"]+)" y1="([^"]+)" x2="([^"]+)" y2="([^"]+)" class="sweep""#, in: body) {
                let line = LabelPlacement.Box(x0: Double(m[1])!, y0: Double(m[2])! - 1.5, x1: Double(m[3])!, y1: Double(m[4])! + 1.5)
                #expect(!a.overlaps(line))
            }
        }
        return tips.count
    }

    /// Tipping-point labels never overprint: on the toy's own chart, and with four more
    /// tipping points crowded within 2% of the range around each real one.
    @Test func tippingPointLabelsNeverOverprint() throws {
        let sweeps = Toy.result.pivot.sweeps.filter { !$0.tippingPoints.isEmpty }
        try #require(!sweeps.isEmpty, "the toy has tipping points")
        let body = try #require(svg("tipping-chart"))
        #expect(checkTippingLabels(body) == sweeps.map(\.tippingPoints.count).reduce(0, +))
        var crowded = Toy.result
        for i in crowded.pivot.sweeps.indices where !crowded.pivot.sweeps[i].tippingPoints.isEmpty {
            let s = crowded.pivot.sweeps[i], t = s.tippingPoints[0], span = abs(s.high - s.low)
            for k in 1...4 {
                var more = t
                more.value = min(max(s.low, s.high), t.value + Double(k) * 0.005 * span)
                crowded.pivot.sweeps[i].tippingPoints.append(more)
            }
        }
        let html = HTMLReport.render(crowded, context: CrisisContext(Toy.scenario, overrides: crowded.run.overrides))
        let dense = try #require(svg("tipping-chart", in: html))
        // Most values still find room (with leaders); those that do not keep their tick's hover text.
        let ticks = count("class=\"tip\"", in: dense)
        let placed = checkTippingLabels(dense)
        #expect(ticks == sweeps.map(\.tippingPoints.count).reduce(0, +) + 4 * sweeps.count)
        #expect(placed >= ticks / 2, "\(placed) of \(ticks) values placed")
    }

    /// Days, rounds and people are whole: every tick of those axes is a whole number
    /// (20k and 1.5M included).
    @Test func roundAndDayAxesTickAtIntegers() throws {
        var ids = Toy.result.bargaining.map { "issue-\($0.issue)" }
        ids += Toy.result.schedules.flatMap { ["displaced-\($0.id)", "present-\($0.id)", "peak-\($0.id)"] }
        ids += (Toy.result.backtest?.episodes.indices.map { "backtest-\($0)" } ?? [])
        var checked = 0
        for id in ids {
            guard let body = svg(id) else { continue }
            for t in texts(body) where t.cls == "tick" {
                let m = try #require(matches(#"^(−?[\d.]+)([kM]?)$"#, in: t.text).first, "\(id): '\(t.text)'")
                let v = Double(m[1].replacingOccurrences(of: "−", with: "-"))! * (m[2] == "k" ? 1e3 : m[2] == "M" ? 1e6 : 1)
                #expect(v == v.rounded(), "\(id): tick '\(t.text)'")
                checked += 1
            }
        }
        #expect(checked > 40)
        // The round axis of the bargaining charts: with few rounds, one tick per round.
        for f in Toy.result.bargaining {
            let rounds = try #require(f.rounds).positions.count
            let body = try #require(svg("issue-\(f.issue)"))
            let bottom = texts(body).filter { $0.cls == "tick" && $0.anchor == "middle" }.map { Int($0.text) ?? -1 }
            if rounds <= 9 { #expect(bottom == Array(0..<rounds), "\(f.issue)") }
        }
    }

    /// The engine counts journeys ending at a place (a person passing through counts each
    /// time), not the people who reached it at least once; the report shows people present
    /// instead, which no place can have more of than the scenario has people, and calls the
    /// journeys journeys.
    @Test func noPlaceShowsMoreArrivalsThanTheScenarioHasPeople() throws {
        let people = Toy.scenario.geography.totalPopulation
        var bars = 0
        for s in Toy.result.schedules {
            guard let body = svg("peak-\(s.id)") else { continue }
            let zones = Set(Toy.scenario.schedule(s.id)!.zones.map(\.location))
            let expected = Dictionary(uniqueKeysWithValues: s.populationByLocation!.filter { !zones.contains($0.key) && ($0.value.p95.max() ?? 0) > 0 }
                .map { ($0.key.replacingOccurrences(of: "_", with: " "), $0.value.median.max()!) })
            let shown = matches(#"class="bar" data-label="([^"]+)" data-value="([^"]+)""#, in: body).map { ($0[1], Double($0[2])!) }
            #expect(shown.count == expected.count)
            for (name, v) in shown {
                #expect(v == expected[name], "\(s.id) \(name)")
                #expect(v <= people)
                bars += 1
            }
        }
        #expect(bars > 0)
        #expect(!Toy.html.contains("Arrivals by destination"))
        #expect(!Toy.html.contains("id=\"arrivals-"))
        // Wherever journeys are mentioned, they are called journeys.
        #expect(!Toy.html.contains("\narrivals: median"))
        #expect(Toy.html.contains("journeys ending here (a person passing through counts each time)"))
    }
}
