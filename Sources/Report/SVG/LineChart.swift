import Foundation

/// Lines over a shared x axis, each with an optional band (e.g. the 90% interval).
public struct LineChart {
    public struct Series {
        public var name: String
        public var x: [Double]
        public var y: [Double]
        /// Lower and upper edges of the band, same length as `x`; nil for no band.
        public var band: (low: [Double], high: [Double])?
        /// CSS colour class suffix: series-0 … series-7.
        public var colour: Int
        public var dashed: Bool
        public init(name: String, x: [Double], y: [Double], band: (low: [Double], high: [Double])? = nil, colour: Int, dashed: Bool = false) {
            self.name = name; self.x = x; self.y = y; self.band = band; self.colour = colour; self.dashed = dashed
        }
    }
    /// A marked point (e.g. an observed count), drawn over the lines.
    public struct Point {
        public var x: Double
        public var y: Double
        public var label: String
        public init(x: Double, y: Double, label: String) { self.x = x; self.y = y; self.label = label }
    }
    public var points: [Point] = []
    /// A horizontal reference line (e.g. a forecast) with a label.
    public struct Reference { public var y: Double; public var label: String; public init(y: Double, label: String) { self.y = y; self.label = label } }

    public var series: [Series]
    public var xLabel: String
    public var yLabel: String
    public var width = 640.0
    public var height = 300.0
    /// Fixed y domain; nil fits the data (from 0) and rounds it to nice ticks.
    public var yDomain: (Double, Double)?
    /// The y axis counts whole things (people): ticks only at whole numbers. The x axis
    /// does whenever every x is whole (days, rounds).
    public var wholeY = false
    public var references: [Reference] = []
    /// Text labels for chosen y values (e.g. an issue's anchors), drawn at the right.
    public var yNotes: [(Double, String)] = []
    public var title: String

    public init(title: String, series: [Series], xLabel: String, yLabel: String) {
        self.title = title; self.series = series; self.xLabel = xLabel; self.yLabel = yLabel
    }

    public let margin = (top: 16.0, right: 150.0, bottom: 46.0, left: 70.0)

    public var xScale: LinearScale {
        let xs = series.flatMap(\.x)
        return LinearScale(domain: (xs.min() ?? 0, xs.max() ?? 1), range: (margin.left, width - margin.right),
                           wholeNumbers: xs.allSatisfy { $0 == $0.rounded() })
    }

    public var yScale: LinearScale {
        if let d = yDomain { return LinearScale(domain: d, range: (height - margin.bottom, margin.top), wholeNumbers: wholeY) }
        let ys = series.flatMap { $0.y + ($0.band?.high ?? []) } + references.map(\.y) + points.map(\.y)
        let hi = ys.filter(\.isFinite).max() ?? 1
        return LinearScale(domain: (0, hi > 0 ? hi : 1), range: (height - margin.bottom, margin.top), wholeNumbers: wholeY).niced(5)
    }

    /// Label positions moved apart to at least `gap` (sorted by position), shifted back
    /// inside [top, bottom] if the stack overflows it.
    static func dodge(_ labels: [(y: Double, text: String, cls: String)], gap: Double, top: Double, bottom: Double) -> [(Double, String, String)] {
        var sorted = labels.sorted { $0.y < $1.y }
        for i in sorted.indices.dropFirst() where sorted[i].y < sorted[i - 1].y + gap { sorted[i].y = sorted[i - 1].y + gap }
        if let last = sorted.last, last.y > bottom {
            let shift = last.y - bottom
            for i in sorted.indices { sorted[i].y -= shift }
        }
        if let first = sorted.first, first.y < top {
            let shift = top - first.y
            for i in sorted.indices { sorted[i].y += shift }
        }
        return sorted.map { ($0.y, $0.text, $0.cls) }
    }

    public func render(id: String? = nil) -> String {
        var c = SVGCanvas(width: width, height: height, title: title)
        let x = xScale, y = yScale
        Axis(y, side: .left, tickCount: 5, label: yLabel).draw(on: &c, at: margin.left, gridTo: width - margin.right)
        Axis(x, side: .bottom, tickCount: 8, label: xLabel).draw(on: &c, at: height - margin.bottom)
        for s in series {
            guard let band = s.band, s.x.count > 0 else { continue }
            let upper = zip(s.x, band.high).map { (x($0), y($1)) }
            let lower = zip(s.x, band.low).map { (x($0), y($1)) }.reversed()
            c.path(upper + lower, cls: "band series-\(s.colour % 8)", close: true,
                   hover: "\(s.name): 90% interval")
        }
        for r in references {
            c.line(margin.left, y(r.y), width - margin.right, y(r.y), cls: "reference")
        }
        for (k, s) in series.enumerated() {
            let points = zip(s.x, s.y).map { (x($0), y($1)) }
            _ = k
            c.path(points, cls: "line series-\(s.colour % 8)" + (s.dashed ? " dashed" : ""), hover: s.name,
                   extra: [("data-series", s.name)])
        }
        for p in points {
            c.circle(x(p.x), y(p.y), 4.5, cls: "observed", hover: p.label, extra: [("data-value", "\(p.y)")])
        }
        // End-of-line labels (and reference and note labels) at the right, nudged apart so
        // none overprints another; each stays as close as it can to its line's end.
        var labels: [(y: Double, text: String, cls: String)] = []
        for s in series { if let last = zip(s.x, s.y).map({ y($0.1) }).last { labels.append((last + 4, s.name, "series-label series-\(s.colour % 8)")) } }
        for r in references { labels.append((y(r.y) + 4, r.label, "ref-label")) }
        for (v, label) in yNotes { labels.append((y(v) + 4, label, "note")) }
        for (ly, text, cls) in Self.dodge(labels, gap: 13, top: margin.top + 4, bottom: height - margin.bottom + 4) {
            c.text(width - margin.right + 6, ly, text, cls: cls)
        }
        return c.render(id: id)
    }
}
