import Foundation

/// An axis: a baseline, one tick mark and label per tick of the scale, and optional
/// grid lines across the plot.
public struct Axis {
    public enum Side: Sendable { case bottom, left }
    public var scale: any Scale
    public var side: Side
    public var tickCount: Int
    public var label: String?

    public init(_ scale: any Scale, side: Side, tickCount: Int = 5, label: String? = nil) {
        self.scale = scale; self.side = side; self.tickCount = tickCount; self.label = label
    }

    /// Each tick: value, pixel position along the axis, and label text.
    public var ticks: [(value: Double, position: Double, label: String)] {
        scale.ticks(tickCount).map { ($0, scale($0), scale.tickLabel($0, count: tickCount)) }
    }

    /// Draws the axis at `offset` (the y of a bottom axis, the x of a left axis);
    /// `gridTo` draws grid lines from the axis to that coordinate.
    public func draw(on c: inout SVGCanvas, at offset: Double, gridTo: Double? = nil) {
        let r = scale.range
        switch side {
        case .bottom:
            c.line(min(r.0, r.1), offset, max(r.0, r.1), offset, cls: "axis")
            for t in ticks {
                if let g = gridTo { c.line(t.position, offset, t.position, g, cls: "grid") }
                c.line(t.position, offset, t.position, offset + 5, cls: "axis")
                c.text(t.position, offset + 17, t.label, cls: "tick", anchor: "middle")
            }
            if let label { c.text((r.0 + r.1) / 2, offset + 34, label, cls: "axis-label", anchor: "middle") }
        case .left:
            c.line(offset, min(r.0, r.1), offset, max(r.0, r.1), cls: "axis")
            for t in ticks {
                if let g = gridTo { c.line(offset, t.position, g, t.position, cls: "grid") }
                c.line(offset - 5, t.position, offset, t.position, cls: "axis")
                c.text(offset - 8, t.position + 4, t.label, cls: "tick", anchor: "end")
            }
            if let label {
                let mid = (r.0 + r.1) / 2
                c.text(offset - 48, mid, label, cls: "axis-label", anchor: "middle",
                       extra: [("transform", "rotate(-90 \(px(offset - 48)) \(px(mid)))")])
            }
        }
    }
}
