import Crisis
import Foundation
import Scenario
import Testing
@testable import Report

/// One small run of the documented toy scenario, shared by the report tests.
enum Toy {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    /// The documented toy example, used as it is.
    static let directory = root.appendingPathComponent("docs/examples/toy-valley")
    static let scenario: Scenario = {
        let v = Scenario.validate(directory: directory)
        guard let s = v.scenario else { fatalError(v.diagnostics.map(\.description).joined(separator: "\n")) }
        return s
    }()
    static let result: CrisisResult = try! CrisisRunner.run(scenario, options: CrisisRunOptions(samples: 12, seed: 7, sweepSteps: 4))
    static let html = HTMLReport.render(result, context: CrisisContext(scenario, overrides: result.run.overrides))
}

/// The `data-key` → `data-value` pairs of every figure in the page.
func figures(_ html: String) -> [String: (value: Double, text: String)] {
    var out: [String: (Double, String)] = [:]
    let pattern = try! NSRegularExpression(pattern: #"<span class="fig" data-key="([^"]+)" data-value="([^"]+)">([^<]*)</span>"#)
    for m in pattern.matches(in: html, range: NSRange(html.startIndex..., in: html)) {
        let s = { (i: Int) in String(html[Range(m.range(at: i), in: html)!]) }
        out[s(1)] = (Double(s(2))!, s(3))
    }
    return out
}

func count(_ needle: String, in html: String) -> Int { html.components(separatedBy: needle).count - 1 }

struct HTMLReportTests {
    @Test func everySectionAndChartIsThere() {
        let html = Toy.html
        for id in ["summary", "actors", "tree", "map", "displacement", "pivot", "bargaining", "backtest", "provenance"] {
            #expect(html.contains("<section id=\"\(id)\">"), "section \(id)")
        }
        #expect(html.contains("id=\"tree-diagram\""))
        for s in Toy.result.schedules { #expect(html.contains("id=\"displaced-\(s.id)\""), "displaced chart of \(s.id)") }
        #expect(html.contains("id=\"tornado\""))
        #expect(html.contains("id=\"backtest-0\""))
        for s in Toy.result.schedules { #expect(html.contains("id=\"map-\(s.id)\""), "map of \(s.id)") }
        for f in Toy.result.bargaining { #expect(html.contains("id=\"issue-\(f.issue)\""), "issue \(f.issue)") }
        for a in Toy.scenario.actors { #expect(html.contains(escapeXML(a.name))) }
        #expect(html.contains(escapeXML(Toy.scenario.metadata.description)))
    }

    @Test func selfContainedAndReadableWithoutJavaScript() {
        let html = Toy.html
        #expect(!html.contains("<script"))
        #expect(!html.contains("<link"))
        #expect(!html.contains(" src="))
        #expect(!html.contains("url(http"))
        #expect(!html.contains("@import"))
        // The only URL is the SVG namespace (and a source's own address, as text).
        let urls = html.components(separatedBy: "http").count - 1
        let namespaces = count("xmlns=\"http://www.w3.org/2000/svg\"", in: html)
        let sourceURLs = Toy.scenario.sources.compactMap(\.url).count
        #expect(urls <= namespaces + sourceURLs)
    }

    @Test func figuresShownEqualTheResult() throws {
        let r = Toy.result
        var expected: [String: Double] = [:]
        for (i, p) in r.paths.enumerated() where i < 8 { expected["paths.\(i).probability"] = p.probability }
        for (c, s) in r.equilibriumConsequences {
            expected["equilibriumConsequences.\(c).median"] = s.median
            expected["equilibriumConsequences.\(c).p05"] = s.p05
            expected["equilibriumConsequences.\(c).p95"] = s.p95
        }
        for b in r.branches {
            expected["branches.\(b.id).probability"] = b.probability
            for (c, s) in b.consequences { expected["branches.\(b.id).\(c).median"] = s.median }
        }
        for s in r.schedules {
            expected["schedules.\(s.id).displaced.median"] = s.displaced.median
            expected["schedules.\(s.id).displacedByDay.last.median"] = s.displacedByDay.last!.median
            expected["schedules.\(s.id).overloadPersonDays.median"] = s.overloadPersonDays.median
            let zones = Set(Toy.scenario.schedule(s.id)!.zones.map(\.location))
            for (place, b) in s.populationByLocation! where !zones.contains(place) && (b.p95.max() ?? 0) > 0 {
                expected["schedules.\(s.id).populationByLocation.\(place).last.median"] = b.median.last!
            }
            for f in s.routeFlows! where f.people.p95 > 0 {
                expected["schedules.\(s.id).routeFlows.\(f.from)→\(f.to).median"] = f.people.median
            }
        }
        for f in r.bargaining {
            expected["bargaining.\(f.issue).forecast"] = f.forecast
            expected["bargaining.\(f.issue).p05"] = f.distribution.p05
            expected["bargaining.\(f.issue).p95"] = f.distribution.p95
        }
        for s in r.pivot.sweeps { for (k, t) in s.tippingPoints.enumerated() { expected["pivot.sweeps.\(s.input).tippingPoints.\(k).value"] = t.value } }
        // The toy's past episode, scored against its record.
        let backtest = try #require(r.backtest)
        #expect(backtest.episodes.map(\.observations.count) == [4])
        for (k, ep) in backtest.episodes.enumerated() {
            for (j, o) in ep.observations.enumerated() {
                expected["backtest.episodes.\(k).observations.\(j).observed"] = o.observed
                expected["backtest.episodes.\(k).observations.\(j).median"] = o.median
            }
        }
        let shown = figures(Toy.html)
        #expect(Set(shown.keys) == Set(expected.keys))
        for (key, value) in expected {
            guard let f = shown[key] else { continue }
            #expect(f.value == value, "\(key)")
            // The text is the value written by the report's own formatter, never another number.
            let candidates = [NumberFormat.percent(value), NumberFormat.value(value), NumberFormat.count(value), NumberFormat.compact(value)]
            #expect(candidates.contains(f.text), "\(key): '\(f.text)'")
        }
    }

    @Test func tornadoBarsAreTheRankingInOrder() throws {
        let re = try NSRegularExpression(pattern: #"<rect [^>]*class="bar( highlight)?" data-label="([^"]*)" data-value="([^"]+)""#)
        let tornado = String(Toy.html[Toy.html.range(of: "id=\"tornado\"")!.lowerBound...])
        let svg = String(tornado[..<tornado.range(of: "</svg>")!.lowerBound])
        let bars = re.matches(in: svg, range: NSRange(svg.startIndex..., in: svg)).map { m in
            (highlight: m.range(at: 1).location != NSNotFound, value: Double(String(svg[Range(m.range(at: 3), in: svg)!]))!)
        }
        let ranking = Array(Toy.result.pivot.ranking.prefix(20))
        #expect(bars.map(\.value) == ranking.map(\.score))
        #expect(bars.map(\.highlight) == ranking.map(\.flipsPath))
        // A tornado: widest bar first.
        #expect(bars.map(\.value) == bars.map(\.value).sorted(by: >))
        // Inputs are named in words (group: input), worked out by hand from the toy's file;
        // their paths stay in the hover text.
        let labels = re.matches(in: svg, range: NSRange(svg.startIndex..., in: svg)).map { String(svg[Range($0.range(at: 2), in: svg)!]) }
        #expect(labels.contains("Deaths: Deaths per intensity day"), "\(labels)")
        #expect(labels.contains("Geography: Capacity of Valley camp"), "\(labels)")
        #expect(labels.contains("Territory: Viability without air"), "\(labels)")
        #expect(!labels.contains { $0.hasPrefix("mechanisms.") || $0.hasPrefix("geography.") }, "\(labels)")
        #expect(svg.contains("mechanisms.deaths.deaths_per_intensity_day"))
    }

    @Test func treeHasEveryLeafAndHighlightsTheEquilibrium() {
        let html = Toy.html
        let terminals = Toy.scenario.tree.terminals
        // Every terminal is drawn, as a leaf or inside a folded subtree that says how many it holds.
        let re = try! NSRegularExpression(pattern: #"data-folded="(\d+)""#)
        let folded = re.matches(in: html, range: NSRange(html.startIndex..., in: html)).map { Int(String(html[Range($0.range(at: 1), in: html)!]))! }
        #expect(count("data-leaf=", in: html) + folded.reduce(0, +) == terminals.count)
        // The nominal equilibrium's leaf is on the highlighted path when it is a pure path.
        let onPathLeaves = count("class=\"leaf-note on-path\"", in: html)
        #expect(onPathLeaves >= 1)
        let edges = count("class=\"edge on-path\"", in: html)
        #expect(edges >= Toy.result.paths[0].steps.count)
        for b in Toy.result.branches where b.probability >= 0.005 {
            #expect(html.contains("p = \(NumberFormat.percent(b.probability))"))
        }
    }

    /// The SVG of chart or map `id`.
    func svg(_ id: String) -> String? {
        guard let start = Toy.html.range(of: "id=\"\(id)\"")?.lowerBound else { return nil }
        let rest = Toy.html[start...]
        return String(rest[..<rest.range(of: "</svg>")!.lowerBound])
    }

    @Test func mapArrowsFollowTheRoutesWithTheResultsFlows() throws {
        let re = try NSRegularExpression(pattern: #"class="flow"[^>]*data-from="([^"]+)" data-to="([^"]+)" data-net="([^"]+)""#)
        let routes = Set(Toy.scenario.geography.routes.flatMap { ["\($0.from)>\($0.to)", "\($0.to)>\($0.from)"] })
        var drawn = 0
        for s in Toy.result.schedules {
            let body = try #require(svg("map-\(s.id)"))
            let flows = re.matches(in: body, range: NSRange(body.startIndex..., in: body)).map { m in
                let g = { (i: Int) in String(body[Range(m.range(at: i), in: body)!]) }
                return ("\(g(1))>\(g(2))", Double(g(3))!)
            }
            let expected = Dictionary(uniqueKeysWithValues: s.routeFlows!.map { ("\($0.from)>\($0.to)", $0.net.median) })
            // Every arrow is a route of the geography, in the direction of the net movement, with the result's median.
            for (key, v) in flows {
                #expect(routes.contains(key), "\(s.id) \(key) is not a route")
                #expect(expected[key] == v, "\(s.id) \(key)")
                #expect(v > 0)
            }
            // Every net flow of at least 1% of the map's largest is drawn (unless its two places coincide on the map).
            let local = expected.values.max() ?? 0
            let big = expected.filter { $0.value > 0 && $0.value >= 0.01 * local }
            #expect(flows.count <= big.count && flows.count >= big.count - 1, "\(s.id)")
            drawn += flows.count
            // No arrow from a centroid any more.
            #expect(!body.contains("data-arrivals="))
            // Every camp is drawn and coloured by its overload.
            for l in Toy.scenario.geography.locations where l.isCamp {
                let share = overCapacityShare(overloadPersonDays: s.overloadPersonDaysByLocation[l.name]?.median ?? 0,
                                              capacity: Toy.scenario.geography.amount(of: l), horizonDays: Toy.result.scenario.horizonDays)
                #expect(body.contains("class=\"camp \(overCapacityClass(share))\""), "\(s.id) \(l.name)")
            }
        }
        #expect(drawn > 0)
    }

    /// Results stored before flows by route existed still draw (arrows from the conflict zones).
    @Test func resultsWithoutRouteFlowsFallBackToArrivals() throws {
        var old = Toy.result
        for i in old.schedules.indices {
            old.schedules[i].routeFlows = nil; old.schedules[i].populationByLocation = nil
            old.schedules[i].populationDays = nil; old.schedules[i].inTransit = nil
        }
        for i in old.bargaining.indices { old.bargaining[i].rounds = nil }
        let html = HTMLReport.render(old, context: CrisisContext(Toy.scenario, overrides: old.run.overrides))
        #expect(html.contains("data-arrivals="))
        #expect(!html.contains("id=\"present-"))
        // Without people present, the journeys ending at each place are charted, called journeys.
        #expect(html.contains("Journeys ending at each place") && html.contains("id=\"arrivals-"))
        #expect(!html.contains("id=\"peak-"))
        for f in old.bargaining { #expect(html.contains("id=\"issue-\(f.issue)\"")) }
    }

    @Test func presentOverTimeChartsShowTheBusiestDestinationsWithBands() throws {
        var charts = 0
        for s in Toy.result.schedules {
            let zones = Set(Toy.scenario.schedule(s.id)!.zones.map(\.location))
            let dest = s.populationByLocation!.filter { !zones.contains($0.key) && ($0.value.p95.max() ?? 0) > 0 }
            guard !dest.isEmpty else { #expect(svg("present-\(s.id)") == nil); continue }
            let body = try #require(svg("present-\(s.id)"))
            charts += 1
            let top = dest.sorted { ($0.value.median.max()!, $1.key) > ($1.value.median.max()!, $0.key) }.prefix(6)
            let re = try NSRegularExpression(pattern: #"<path d="([^"]+)" class="line [^"]*" data-series="([^"]+)""#)
            let lines = re.matches(in: body, range: NSRange(body.startIndex..., in: body)).map { m in
                (d: String(body[Range(m.range(at: 1), in: body)!]), name: String(body[Range(m.range(at: 2), in: body)!]))
            }
            #expect(lines.map(\.name) == top.map { $0.key.replacingOccurrences(of: "_", with: " ") })
            #expect(count("class=\"band series-", in: body) == top.count)
            // One point per recorded day, plotted at the result's medians: invert the chart's own scale.
            let days = s.populationDays!
            var chart = LineChart(title: "", series: top.enumerated().map { i, d in
                LineChart.Series(name: d.key, x: days.map(Double.init), y: d.value.median, band: (d.value.p05, d.value.p95), colour: i)
            }, xLabel: "", yLabel: "")
            chart.width = 560; chart.height = 320
            let y = chart.yScale
            for (line, d) in zip(lines, top) {
                let ys = line.d.dropFirst().split(separator: "L").map { Double($0.split(separator: ",")[1])! }
                #expect(ys.count == days.count)
                let invert = { (py: Double) in y.domain.0 + (py - y.range.0) / (y.range.1 - y.range.0) * (y.domain.1 - y.domain.0) }
                // Coordinates are written to 0.01 px.
                for (py, v) in zip(ys, d.value.median) { #expect(abs(invert(py) - v) <= 0.01 * y.domain.1 / 250, "\(d.key)") }
            }
        }
        #expect(charts > 0)
    }

    @Test func displacedSeriesHaveOnePointPerDay() throws {
        for s in Toy.result.schedules {
            let body = try #require(svg("displaced-\(s.id)"))
            let re = try NSRegularExpression(pattern: #"<path d="([^"]+)" class="line [^"]*" data-series="median""#)
            let m = try #require(re.firstMatch(in: body, range: NSRange(body.startIndex..., in: body)))
            let d = String(body[Range(m.range(at: 1), in: body)!])
            #expect(count("L", in: d) + 1 == s.displacedByDay.count)
            #expect(count("class=\"band series-", in: body) == 1)
        }
    }

    @Test func provenanceTableListsEveryInput() {
        let rows = count("<tr class=\"uncertain", in: Toy.html) + count("<tr class=\"fixed", in: Toy.html)
        #expect(rows == Toy.scenario.quantities.count)
        for q in Toy.scenario.quantities { #expect(Toy.html.contains("<code>\(escapeXML(q.path))</code>")) }
    }

    /// The position-by-round charts draw the rounds the result carries (computed by the
    /// runner on the scenario with the run's what-ifs), one line per actor.
    @Test func bargainingChartsDrawTheResultsRounds() throws {
        for f in Toy.result.bargaining {
            let r = try #require(f.rounds)
            #expect(r.positions.count >= 2)
            #expect(r.actors.count == Toy.scenario.issues.first { $0.id == f.issue }!.stances.count)
            let body = try #require(svg("issue-\(f.issue)"))
            #expect(count("class=\"line series-", in: body) == r.actors.count + 1)
        }
    }

    /// A what-if on a position moves the opening positions shown (the report does not
    /// recompute from the scenario as loaded).
    @Test func bargainingRoundsUseTheWhatIfs() throws {
        let path = "issues.valley.neighbour.position"
        let base = try #require(Toy.result.bargaining.first?.rounds)
        let k = try #require(base.actors.firstIndex(of: "neighbour"))
        #expect(base.positions[0][k] == 30)
        let r = try CrisisRunner.run(Toy.scenario, options: CrisisRunOptions(samples: 2, seed: 7, sweepSteps: 2, overrides: [path: 70]))
        let rounds = try #require(r.bargaining.first?.rounds)
        #expect(rounds.positions[0][k] == 70)
        #expect(rounds.positions.last! != base.positions.last!)
    }

    @Test func reportFromResultsJSONIsTheSame() throws {
        let data = try JSONEncoder().encode(Toy.result)
        let decoded = try JSONDecoder().decode(CrisisResult.self, from: data)
        #expect(HTMLReport.render(decoded, context: CrisisContext(Toy.scenario, overrides: decoded.run.overrides)) == Toy.html)
    }

    @Test func writeIsAtomicAndComplete() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("report-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let url = dir.appendingPathComponent("r.html")
        try HTMLReport.write(Toy.result, context: CrisisContext(Toy.scenario, overrides: Toy.result.run.overrides), to: url)
        try HTMLReport.write(Toy.result, context: CrisisContext(Toy.scenario, overrides: Toy.result.run.overrides), to: url)   // replaces
        #expect(try String(contentsOf: url, encoding: .utf8) == Toy.html)
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == ["r.html"])
    }
}
