import Testing
@testable import Report

/// Label placement against layouts worked out by hand. Metrics: 6 px per character,
/// 11 px lines (baseline 2.5 px above the box's bottom), markers 5 px in radius, labels
/// 3 px from a marker's edge, leaders reaching 26 px.
struct LabelPlacementTests {
    func placer(_ w: Double = 200, _ h: Double = 100) -> LabelPlacement {
        var p = LabelPlacement(width: w, height: h)
        p.charWidth = 6; p.lineHeight = 11; p.descent = 2.5; p.markerRadius = 5; p.gap = 3; p.leaderReach = 26
        return p
    }

    /// A lone label goes right of its point: box x 58–82 (4 chars), y 44.5–55.5, baseline 53.
    @Test func loneLabelGoesRight() throws {
        let p = try #require(placer().place([.init(x: 50, y: 50, text: "Abcd")])[0])
        #expect(p.anchor == "start" && !p.leader)
        #expect(p.x == 58 && p.y == 53)
        #expect(p.box == .init(x0: 58, y0: 44.5, x1: 82, y1: 55.5))
    }

    /// Text already drawn is avoided: an obstacle over the right-hand box (58–82) sends the
    /// label left, x 50 − 8 − 24 = 18 to 42; with the left covered too, above: y 50 − 8 − 11 = 31 to 42.
    @Test func obstaclesAreAvoided() throws {
        let right = LabelPlacement.Box(x0: 60, y0: 48, x1: 70, y1: 52), left = LabelPlacement.Box(x0: 30, y0: 48, x1: 40, y1: 52)
        let a = try #require(placer().place([.init(x: 50, y: 50, text: "Abcd")], obstacles: [right])[0])
        #expect(a.anchor == "end" && a.box == .init(x0: 18, y0: 44.5, x1: 42, y1: 55.5))
        let b = try #require(placer().place([.init(x: 50, y: 50, text: "Abcd")], obstacles: [right, left])[0])
        #expect(b.anchor == "middle" && b.box == .init(x0: 38, y0: 31, x1: 62, y1: 42))
    }

    /// Two points 20 px apart on a line, 4-character labels (24 px). A (priority 2) takes the
    /// right: 58–82, which covers B's marker (65–75), so A moves to the left: 18–42. B then
    /// takes its right: 78–102.
    @Test func neighboursSplitLeftAndRight() throws {
        let r = placer().place([.init(x: 50, y: 50, text: "AAAA", priority: 2), .init(x: 70, y: 50, text: "BBBB", priority: 1)])
        let a = try #require(r[0]), b = try #require(r[1])
        #expect(a.anchor == "end" && a.box == .init(x0: 18, y0: 44.5, x1: 42, y1: 55.5))
        #expect(b.anchor == "start" && b.box == .init(x0: 78, y0: 44.5, x1: 102, y1: 55.5))
        #expect(!a.box.overlaps(b.box))
    }

    /// Three points in a row 10 px apart; the middle one (highest priority, 60 px of text)
    /// cannot go right (x 68–128 covers C's marker, 65–75) nor left (x −8 is off the canvas);
    /// above it fits, centred on 60: x 30–90, y 50 − 8 − 11 = 31 to 42.
    @Test func crowdedMiddleGoesAbove() throws {
        let labels: [LabelPlacement.Label] = [.init(x: 50, y: 50, text: "A", priority: 1),
                                              .init(x: 60, y: 50, text: "MMMMMMMMMM", priority: 9),
                                              .init(x: 70, y: 50, text: "C", priority: 1)]
        let r = placer().place(labels)
        let m = try #require(r[1])
        #expect(m.anchor == "middle" && m.box == .init(x0: 30, y0: 31, x1: 90, y1: 42))
        // A's right (58–64) covers M's marker (55–65), so A goes left: x 50 − 8 − 6 = 36 to 42; C goes right, 78–84.
        #expect(r[0]?.box == .init(x0: 36, y0: 44.5, x1: 42, y1: 55.5))
        #expect(r[2]?.box == .init(x0: 78, y0: 44.5, x1: 84, y1: 55.5))
    }

    /// A label with no room next to its point is drawn farther out with a leader, and
    /// one with no room anywhere is left out; placed boxes never overlap and stay inside.
    @Test func leadersAndOmissionsKeepBoxesApart() throws {
        // A 40 × 20 canvas, a 4-character label (24 px) at (10, 10): right ends at 42 > 40, left
        // starts at −22, centred above or below starts at −2; farther out is worse: no room.
        let tiny = placer(40, 20).place([.init(x: 10, y: 10, text: "Abcd")])
        #expect(tiny[0] == nil)
        // A grid of 16 points 12 px apart, each with a 6-char label: some get leaders.
        var labels: [LabelPlacement.Label] = []
        for i in 0..<4 { for j in 0..<4 { labels.append(.init(x: 60 + Double(i) * 12, y: 40 + Double(j) * 12, text: "Place\(i)\(j)")) } }
        let r = placer(300, 200).place(labels)
        let boxes = r.compactMap { $0?.box }
        #expect(boxes.count >= 8)
        #expect(r.contains { $0?.leader == true })
        for (i, a) in boxes.enumerated() {
            #expect(a.x0 >= 0 && a.y0 >= 0 && a.x1 <= 300 && a.y1 <= 200)
            for b in boxes[(i + 1)...] { #expect(!a.overlaps(b)) }
            for l in labels { #expect(!a.overlaps(.init(x0: l.x - 5, y0: l.y - 5, x1: l.x + 5, y1: l.y + 5))) }
        }
        // Same input, same placement.
        #expect(placer(300, 200).place(labels) == r)
    }
}
