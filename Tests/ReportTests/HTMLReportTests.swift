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
    static let html = HTMLReport.render(result, scenario: scenario)
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
        for id in ["summary", "actors", "tree", "map", "displacement", "pivot", "bargaining", "provenance"] {
            #expect(html.contains("<section id=\"\(id)\">"), "section \(id)")
        }
        #expect(html.contains("id=\"tree-diagram\""))
        #expect(html.contains("id=\"displaced-chart\""))
        #expect(html.contains("id=\"tornado\""))
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
        }
        for f in r.bargaining {
            expected["bargaining.\(f.issue).forecast"] = f.forecast
            expected["bargaining.\(f.issue).p05"] = f.distribution.p05
            expected["bargaining.\(f.issue).p95"] = f.distribution.p95
        }
        for s in r.pivot.sweeps { for (k, t) in s.tippingPoints.enumerated() { expected["pivot.sweeps.\(s.input).tippingPoints.\(k).value"] = t.value } }
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

    @Test func mapFlowsAndCapacityMatchTheResult() throws {
        let re = try NSRegularExpression(pattern: #"class="flow"[^>]*data-location="([^"]+)" data-arrivals="([^"]+)""#)
        for s in Toy.result.schedules {
            let start = Toy.html.range(of: "id=\"map-\(s.id)\"")!.lowerBound
            let svg = String(Toy.html[start...].prefix { _ in true })
            let body = String(svg[..<svg.range(of: "</svg>")!.lowerBound])
            let zones = Set(Toy.scenario.schedule(s.id)!.zones.map(\.location))
            let flows = re.matches(in: body, range: NSRange(body.startIndex..., in: body)).map { m in
                (String(body[Range(m.range(at: 1), in: body)!]), Double(String(body[Range(m.range(at: 2), in: body)!]))!)
            }
            let expected = s.arrivalsByLocation.filter { $0.value.median > 0 && !zones.contains($0.key) }
            #expect(flows.count <= expected.count)
            for (name, v) in flows { #expect(expected[name]?.median == v, "\(s.id) \(name)") }
            // Every camp is drawn and coloured by its overload.
            for l in Toy.scenario.geography.locations where l.isCamp {
                let share = overCapacityShare(overloadPersonDays: s.overloadPersonDaysByLocation[l.name]?.median ?? 0,
                                              capacity: Toy.scenario.geography.amount(of: l), horizonDays: Toy.result.scenario.horizonDays)
                #expect(body.contains("class=\"camp \(overCapacityClass(share))\""), "\(s.id) \(l.name)")
            }
        }
    }

    @Test func displacedSeriesHaveOnePointPerDay() throws {
        let start = Toy.html.range(of: "id=\"displaced-chart\"")!.lowerBound
        let svg = String(Toy.html[start...])
        let body = String(svg[..<svg.range(of: "</svg>")!.lowerBound])
        for s in Toy.result.schedules {
            let re = try NSRegularExpression(pattern: #"<path d="([^"]+)" class="line [^"]*" data-series="\#(s.id)""#)
            let m = try #require(re.firstMatch(in: body, range: NSRange(body.startIndex..., in: body)))
            let d = String(body[Range(m.range(at: 1), in: body)!])
            #expect(count("L", in: d) + 1 == s.displacedByDay.count)
        }
        #expect(count("class=\"band series-", in: body) == Toy.result.schedules.count)
    }

    @Test func provenanceTableListsEveryInput() {
        let rows = count("<tr class=\"uncertain", in: Toy.html) + count("<tr class=\"fixed", in: Toy.html)
        #expect(rows == Toy.scenario.quantities.count)
        for q in Toy.scenario.quantities { #expect(Toy.html.contains("<code>\(escapeXML(q.path))</code>")) }
    }

    @Test func bargainingRoundsEndAtTheRunnersForecast() {
        let builder = ReportBuilder(result: Toy.result, scenario: Toy.scenario)
        let rounds = builder.bargainingRounds()
        #expect(rounds.count == Toy.result.bargaining.count)
        for f in Toy.result.bargaining {
            let r = rounds[f.issue]!
            #expect(r.positions.count >= 2)
            #expect(r.actors.count == Toy.scenario.issues.first { $0.id == f.issue }!.stances.count)
        }
    }

    @Test func reportFromResultsJSONIsTheSame() throws {
        let data = try JSONEncoder().encode(Toy.result)
        let decoded = try JSONDecoder().decode(CrisisResult.self, from: data)
        #expect(HTMLReport.render(decoded, scenario: Toy.scenario) == Toy.html)
    }

    @Test func writeIsAtomicAndComplete() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("report-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let url = dir.appendingPathComponent("r.html")
        try HTMLReport.write(Toy.result, scenario: Toy.scenario, to: url)
        try HTMLReport.write(Toy.result, scenario: Toy.scenario, to: url)   // replaces
        #expect(try String(contentsOf: url, encoding: .utf8) == Toy.html)
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == ["r.html"])
    }
}
