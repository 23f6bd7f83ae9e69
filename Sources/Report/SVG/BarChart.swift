import Foundation

/// Horizontal bars sorted as given (largest first makes a tornado), each optionally
/// with an interval whisker and a marker, and a right-hand note.
public struct BarChart {
    public struct Bar {
        public var label: String
        public var value: Double
        /// 90% interval whisker, if any.
        public var interval: (Double, Double)?
        public var highlight: Bool
        public var note: String
        public var hover: String
        public init(label: String, value: Double, interval: (Double, Double)? = nil, highlight: Bool = false, note: String = "", hover: String = "") {
            self.label = label; self.value = value; self.interval = interval; self.highlight = highlight; self.note = note; self.hover = hover
        }
    }
    public var title: String
    public var bars: [Bar]
    public var xLabel: String
    public var width = 760.0
    public var rowHeight = 24.0
    public var labelWidth = 260.0
    public var noteWidth = 200.0
    public var xDomain: (Double, Double)?
    /// The bars count whole things (people): ticks only at whole numbers.
    public var wholeX = false
    public var valueText: (Double) -> String = NumberFormat.compact

    public init(title: String, bars: [Bar], xLabel: String) { self.title = title; self.bars = bars; self.xLabel = xLabel }

    public var height: Double { 20 + Double(bars.count) * rowHeight + 46 }

    public var xScale: LinearScale {
        if let d = xDomain { return LinearScale(domain: d, range: (labelWidth, width - noteWidth), wholeNumbers: wholeX) }
        let hi = bars.map { max($0.value, $0.interval?.1 ?? 0) }.filter(\.isFinite).max() ?? 1
        return LinearScale(domain: (0, hi > 0 ? hi : 1), range: (labelWidth, width - noteWidth), wholeNumbers: wholeX).niced(5)
    }

    public func render(id: String? = nil) -> String {
        var c = SVGCanvas(width: width, height: height, title: title)
        let x = xScale
        let bottom = 20 + Double(bars.count) * rowHeight
        Axis(x, side: .bottom, tickCount: 5, label: xLabel).draw(on: &c, at: bottom, gridTo: 10)
        for (i, b) in bars.enumerated() {
            let top = 20 + Double(i) * rowHeight
            let fit = Int(labelWidth / 7)
            let label = b.label.count > fit ? "…" + String(b.label.suffix(fit - 1)) : b.label
            c.text(labelWidth - 8, top + rowHeight * 0.65, label, cls: "bar-label", anchor: "end", hover: b.label)
            c.rect(x(0), top + 4, x(b.value) - x(0), rowHeight - 8, cls: b.highlight ? "bar highlight" : "bar",
                   hover: b.hover.isEmpty ? "\(b.label): \(valueText(b.value))" : b.hover,
                   extra: [("data-label", b.label), ("data-value", String(b.value))])
            if let (lo, hi) = b.interval {
                let cy = top + rowHeight / 2
                c.line(x(lo), cy, x(hi), cy, cls: "whisker")
                c.line(x(lo), cy - 5, x(lo), cy + 5, cls: "whisker")
                c.line(x(hi), cy - 5, x(hi), cy + 5, cls: "whisker")
            }
            c.text(x(max(b.value, b.interval?.1 ?? b.value)) + 6, top + rowHeight * 0.65, valueText(b.value), cls: "bar-value")
            if !b.note.isEmpty { c.text(width - noteWidth + 60, top + rowHeight * 0.65, b.note, cls: "note") }
        }
        return c.render(id: id)
    }
}
