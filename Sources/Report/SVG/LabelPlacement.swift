import Foundation

/// Places point labels so that no two overlap and none covers a marker: a greedy pass in
/// priority order that tries, for each label, a fixed list of positions around its point
/// (right, left, above, below, the four diagonals) and then the same directions farther
/// out, drawn with a leader line; a label that fits nowhere is left out (its point keeps
/// its hover text). Deterministic: the same input gives the same placement. Text width is
/// estimated from the character count (`charWidth` per character), which is what a
/// renderer-free layout can know; the estimate errs wide.
public struct LabelPlacement {
    public struct Label {
        public var x: Double, y: Double
        public var text: String
        /// Higher first; ties keep input order.
        public var priority: Double
        /// Half the size of this point's marker; nil uses `markerRadius`.
        public var radius: Double?
        public init(x: Double, y: Double, text: String, priority: Double = 0, radius: Double? = nil) {
            self.x = x; self.y = y; self.text = text; self.priority = priority; self.radius = radius
        }
    }
    public struct Placed: Equatable {
        /// The text's anchor point (SVG `x`, baseline `y`) and anchor side.
        public var x: Double, y: Double
        public var anchor: String
        /// Whether a leader line joins the point to the label.
        public var leader: Bool
        /// The label's box.
        public var box: Box
    }
    public struct Box: Equatable {
        public var x0: Double, y0: Double, x1: Double, y1: Double
        public init(x0: Double, y0: Double, x1: Double, y1: Double) { self.x0 = x0; self.y0 = y0; self.x1 = x1; self.y1 = y1 }
        public func overlaps(_ o: Box) -> Bool { x0 < o.x1 && o.x0 < x1 && y0 < o.y1 && o.y0 < y1 }
    }

    public var width: Double, height: Double
    public var charWidth = 6.0
    /// Height of a line of text; the baseline sits `descent` above the box's bottom.
    public var lineHeight = 11.0
    public var descent = 2.5
    /// Half the size of the square each point's marker is assumed to occupy.
    public var markerRadius = 5.0
    /// Gap between a point and its label, and the reach of a leader line.
    public var gap = 3.0
    public var leaderReach = 26.0

    public init(width: Double, height: Double) { self.width = width; self.height = height }

    /// Unit directions tried in order: right, left, above, below, then the diagonals.
    static let directions: [(Double, Double)] = [(1, 0), (-1, 0), (0, -1), (0, 1), (1, -1), (-1, -1), (1, 1), (-1, 1)]

    /// The box of `text` put in direction `d` from (x, y) at `distance` from the marker's edge.
    func candidate(x: Double, y: Double, text: String, direction d: (Double, Double), distance: Double, radius: Double? = nil) -> Placed {
        let w = Double(text.count) * charWidth, h = lineHeight
        let r = (radius ?? markerRadius) + distance
        // Horizontal: the box starts (or ends) r from the point; vertical: centred or beside.
        let left: Double
        switch d.0 {
        case 1: left = x + r
        case -1: left = x - r - w
        default: left = x - w / 2
        }
        let top: Double
        switch d.1 {
        case -1: top = y - r - h
        case 1: top = y + r
        default: top = y - h / 2
        }
        let anchor = d.0 == 1 ? "start" : d.0 == -1 ? "end" : "middle"
        let tx = d.0 == 1 ? left : d.0 == -1 ? left + w : left + w / 2
        return Placed(x: tx, y: top + h - descent, anchor: anchor, leader: distance > gap,
                      box: Box(x0: left, y0: top, x1: left + w, y1: top + h))
    }

    /// One placement per label (nil where none fits), in the input's order. No label
    /// covers another, a marker, or any of `obstacles` (text and lines already drawn).
    public func place(_ labels: [Label], obstacles: [Box] = []) -> [Placed?] {
        let order = labels.indices.sorted { (-labels[$0].priority, $0) < (-labels[$1].priority, $1) }
        let markers = labels.map { l -> Box in
            let r = l.radius ?? markerRadius
            return Box(x0: l.x - r, y0: l.y - r, x1: l.x + r, y1: l.y + r)
        }
        var taken = obstacles
        var out = [Placed?](repeating: nil, count: labels.count)
        for i in order {
            let l = labels[i]
            search: for distance in [gap, leaderReach] {
                for d in Self.directions {
                    let c = candidate(x: l.x, y: l.y, text: l.text, direction: d, distance: distance, radius: l.radius)
                    let b = c.box
                    guard b.x0 >= 0, b.y0 >= 0, b.x1 <= width, b.y1 <= height else { continue }
                    if taken.contains(where: { $0.overlaps(b) }) { continue }
                    if markers.contains(where: { $0.overlaps(b) }) { continue }
                    out[i] = c
                    taken.append(b)
                    break search
                }
            }
        }
        return out
    }
}
