import Foundation
import Testing
@testable import Report

/// Scales and axes against values worked out by hand.
struct ScaleTests {
    @Test func linearMapsEndpointsAndMidpoint() {
        let s = LinearScale(domain: (0, 200), range: (50, 450))
        #expect(s(0) == 50)
        #expect(s(200) == 450)
        #expect(s(50) == 150)          // 50 + 50/200 × 400
        #expect(s(-20) == 10)          // extrapolates
        let flipped = LinearScale(domain: (0, 100), range: (300, 20))   // a y axis
        #expect(flipped(25) == 230)    // 300 − 0.25 × 280
    }

    @Test func tickStepsAreOneTwoFiveTimesAPowerOfTen() {
        // raw step 97/5 = 19.4: 19.4/10 = 1.94 ≥ √2 → 2 × 10 = 20
        #expect(LinearScale.tickStep(0, 97, count: 5) == 20)
        // raw 1/5 = 0.2: 0.2/0.1 = 2 ≥ √2 → 0.2
        #expect(LinearScale.tickStep(0, 1, count: 5) == 0.2)
        // raw 12345/5 = 2469: /1000 = 2.469 < √10 → 2000
        #expect(LinearScale.tickStep(0, 12345, count: 5) == 2000)
        // raw 3.5/5 = 0.7: /0.1 = 7, between √10 and √50 → 5 × 0.1
        #expect(LinearScale.tickStep(0, 3.5, count: 5) == 0.5)
        // raw 400/10 = 40: /10 = 4 ≥ √10 → 50
        #expect(LinearScale.tickStep(0, 400, count: 10) == 50)
    }

    @Test func linearTicksAreExactDecimals() {
        #expect(LinearScale(domain: (0, 97), range: (0, 1)).ticks(5) == [0, 20, 40, 60, 80])
        #expect(LinearScale(domain: (0, 1), range: (0, 1)).ticks(5) == [0, 0.2, 0.4, 0.6, 0.8, 1])
        #expect(LinearScale(domain: (0.1, 0.35), range: (0, 1)).ticks(5) == [0.1, 0.15, 0.2, 0.25, 0.3, 0.35])
        #expect(LinearScale(domain: (-7, 13), range: (0, 1)).ticks(4) == [-5, 0, 5, 10])
    }

    @Test func niceExtendsToWholeSteps() {
        let n = LinearScale(domain: (0, 97), range: (0, 100)).niced(5)
        #expect(n.domain.0 == 0 && n.domain.1 == 100)
        let m = LinearScale(domain: (3, 1234), range: (0, 1)).niced(5)
        // step 1231/5 → 200; 3 → 0, 1234 → 1400; then step 1400/5 = 280 → 200 again: stable.
        #expect(m.domain.0 == 0 && m.domain.1 == 1400)
        let flat = LinearScale(domain: (0, 0), range: (0, 1)).niced(5)
        #expect(flat.domain.0 == 0 && flat.domain.1 == 1)
    }

    @Test func logScaleTicksAndPositions() {
        let s = LogScale(domain: (1, 1000), range: (0, 300))
        #expect(s.ticks(5) == [1, 10, 100, 1000])
        #expect(abs(s(10) - 100) < 1e-9)
        #expect(abs(s(100) - 200) < 1e-9)
        // Less than two decades: 2× and 5× ticks too.
        #expect(LogScale(domain: (0.15, 3), range: (0, 1)).ticks(5) == [0.2, 0.5, 1, 2])
        #expect(s.tickLabel(1000, count: 5) == "1k")
    }

    @Test func tickLabelsFollowTheStep() {
        #expect(NumberFormat.tick(40, step: 20) == "40")
        #expect(NumberFormat.tick(0.4, step: 0.2) == "0.4")
        #expect(NumberFormat.tick(0.15, step: 0.05) == "0.15")
        #expect(NumberFormat.tick(20000, step: 10000) == "20k")
        #expect(NumberFormat.tick(2500, step: 500) == "2500")
        #expect(NumberFormat.tick(1_500_000, step: 500_000) == "1.5M")
        #expect(NumberFormat.tick(0, step: 500_000) == "0")
    }

    /// Three significant digits, worked out by hand (issue 16 §5: 0.04204, 332.9 and 0.9993
    /// were shown as such).
    @Test func countsAndPercentages() {
        #expect(NumberFormat.count(1234567.4) == "1,230,000")
        #expect(NumberFormat.count(999.5) == "1,000")
        #expect(NumberFormat.count(999.4) == "999")
        #expect(NumberFormat.count(-4200) == "−4,200")
        #expect(NumberFormat.count(28_111) == "28,100")
        #expect(NumberFormat.count(2.5) == "2.5")
        #expect(NumberFormat.count(0) == "0")
        #expect(NumberFormat.percent(0.4237) == "42%")
        #expect(NumberFormat.percent(0.0042) == "0.4%")
        #expect(NumberFormat.percent(0.000001) == "<0.1%")
        #expect(NumberFormat.percent(0.9993) == ">99.9%")
        #expect(NumberFormat.percent(0.997) == "99.7%")
        #expect(NumberFormat.percent(1) == "100%")
        #expect(NumberFormat.compact(1_234_000) == "1.23M")
        #expect(NumberFormat.compact(45_600) == "45.6k")
        #expect(NumberFormat.compact(999_999) == "1M")
        #expect(NumberFormat.compact(999.7) == "1k")
        #expect(NumberFormat.value(0.012346) == "0.0123")
        #expect(NumberFormat.value(0.04204) == "0.042")
        #expect(NumberFormat.value(332.9) == "333")
        #expect(NumberFormat.value(0.9993) == "0.999")
        #expect(NumberFormat.value(0.99951) == "1")
        #expect(NumberFormat.value(9.996) == "10")
        #expect(NumberFormat.value(-0.0994) == "−0.0994")
        #expect(NumberFormat.value(2.5) == "2.5")
        #expect(NumberFormat.value(60) == "60")
        #expect(NumberFormat.significant(0.04204, digits: 2) == "0.042")
        #expect(NumberFormat.significant(332.9, digits: 2) == "330")
        // A range reads as words, not as a dash between two minus signs.
        #expect(NumberFormat.range(-0.099, -0.001) == "−0.099 to −0.001")
        // The provenance table states inputs as the scenario gives them.
        #expect(NumberFormat.stated(28_111) == "28,111" && NumberFormat.stated(0.04204) == "0.04204" && NumberFormat.stated(-0.2) == "−0.2")
    }

    /// Days, rounds and people tick at whole numbers: a domain of 0–3 with about 8 ticks
    /// would step by 0.5; whole numbers step by 1.
    @Test func wholeNumberScalesTickAtIntegers() {
        #expect(LinearScale(domain: (0, 3), range: (0, 100)).ticks(8) == [0, 0.5, 1, 1.5, 2, 2.5, 3])
        let whole = LinearScale(domain: (0, 3), range: (0, 100), wholeNumbers: true)
        #expect(whole.ticks(8) == [0, 1, 2, 3])
        #expect(whole.tickLabel(2, count: 8) == "2")
        // Niced, a domain of 0–0.4 people becomes 0–1, not 0–0.4 in steps of 0.1.
        let n = LinearScale(domain: (0, 0.4), range: (0, 100), wholeNumbers: true).niced(5)
        #expect(n.domain.0 == 0 && n.domain.1 == 1 && n.ticks(5) == [0, 1])
        // Wide domains are unchanged: the step is already whole.
        #expect(LinearScale(domain: (0, 180), range: (0, 1), wholeNumbers: true).ticks(8) == LinearScale(domain: (0, 180), range: (0, 1)).ticks(8))
    }

    @Test func axisPlacesTicksAtScalePositions() {
        let axis = Axis(LinearScale(domain: (0, 100), range: (40, 440)), side: .bottom, tickCount: 5)
        let t = axis.ticks
        #expect(t.map(\.value) == [0, 20, 40, 60, 80, 100])
        #expect(t.map(\.position) == [40, 120, 200, 280, 360, 440])
        #expect(t.map(\.label) == ["0", "20", "40", "60", "80", "100"])
        var c = SVGCanvas(width: 500, height: 300)
        axis.draw(on: &c, at: 250)
        // Baseline + one tick mark per tick, and every label drawn under its tick.
        #expect(c.body.components(separatedBy: "<line").count - 1 == 1 + 6)
        #expect(c.body.contains("<text x=\"120\" y=\"267\" class=\"tick\" text-anchor=\"middle\">20</text>"))
    }

    @Test func projectionIsEquirectangularFittedToTheBox() {
        // Two points 1° apart in latitude at the equator, same longitude: a vertical
        // segment filling the box height minus padding, centred horizontally.
        let p = MapProjection(points: [(0, 10), (1, 10)], width: 200, height: 120, padding: 10)
        let a = p(lat: 0, lon: 10), b = p(lat: 1, lon: 10)
        #expect(abs(a.x - 100) < 1e-9 && abs(b.x - 100) < 1e-9)
        #expect(abs(a.y - 110) < 1e-9 && abs(b.y - 10) < 1e-9)   // north up
        // At 60° N a degree of longitude is half a degree of latitude (cos 60° = 0.5).
        let q = MapProjection(points: [(60, 0), (60, 2)], width: 220, height: 220, padding: 10)
        #expect(abs(q(lat: 60, lon: 2).x - q(lat: 60, lon: 0).x - 200) < 1e-9)
        #expect(abs(q(lat: 61, lon: 0).y - q(lat: 60, lon: 0).y + 200) < 1e-9)  // 1° lat = 2° lon in pixels
        // 200 px per degree of latitude = 200 / 111.195 px per km.
        #expect(abs(q.pixelsPerKm - 200 / (6371 * Double.pi / 180)) < 1e-9)
    }

    @Test func escapingCoversMarkup() {
        #expect(escapeXML("a<b & \"c\" 'd'>") == "a&lt;b &amp; &quot;c&quot; &#39;d&#39;&gt;")
    }

    @Test func treeLayoutCentresParentsOnChildren() {
        let leaves = (0..<3).map { TreeDiagram.Node(id: "l\($0)", label: "", kind: "terminal") }
        let root = TreeDiagram.Node(id: "root", label: "A", kind: "decision", children: leaves)
        var d = TreeDiagram(title: "t", root: root)
        d.rowHeight = 10
        let pos = d.layout()
        #expect(pos["l0"]!.y == 24 && pos["l1"]!.y == 34 && pos["l2"]!.y == 44)
        #expect(pos["root"]!.y == 34)
        #expect(pos["l2"]!.x - pos["root"]!.x == d.columnWidth)
    }
}

struct LabelDodgeTests {
    @Test func labelsAreMovedApartAndKeptInside() {
        // Three labels at the same height: stacked 13 px apart, starting where they were.
        let out = LineChart.dodge([(100, "a", ""), (100, "b", ""), (100, "c", "")], gap: 13, top: 0, bottom: 300)
        #expect(out.map(\.0) == [100, 113, 126])
        // Near the bottom: the stack is shifted up to end at the bottom.
        let low = LineChart.dodge([(295, "a", ""), (298, "b", "")], gap: 13, top: 0, bottom: 300)
        #expect(low.map(\.0) == [287, 300])
        // Already apart: unchanged.
        #expect(LineChart.dodge([(10, "a", ""), (50, "b", "")], gap: 13, top: 0, bottom: 300).map(\.0) == [10, 50])
    }
}
