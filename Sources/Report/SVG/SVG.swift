import Foundation

/// Text made safe for HTML/SVG element content and attribute values.
public func escapeXML(_ s: String) -> String {
    var out = ""
    out.reserveCapacity(s.count)
    for c in s {
        switch c {
        case "&": out += "&amp;"
        case "<": out += "&lt;"
        case ">": out += "&gt;"
        case "\"": out += "&quot;"
        case "'": out += "&#39;"
        default: out.append(c)
        }
    }
    return out
}

/// A coordinate written with at most two decimals (SVG needs no more, and files stay small).
public func px(_ x: Double) -> String {
    guard x.isFinite else { return "0" }
    // A value far outside the chart (an extreme figure extrapolated) is drawn at the edge of
    // what a viewer can show, not converted to an integer it does not fit.
    let r = (min(1e9, max(-1e9, x)) * 100).rounded() / 100
    if r == r.rounded() { return String(Int(r)) }
    return String(r)
}

/// A small builder of SVG markup: elements are appended as text in drawing order.
public struct SVGCanvas {
    public let width: Double
    public let height: Double
    public private(set) var body: String = ""
    /// The figure's accessible name (SVG <title>), shown by browsers on hover.
    public var title: String?

    public init(width: Double, height: Double, title: String? = nil) {
        self.width = width; self.height = height; self.title = title
    }

    static func attrs(_ a: [(String, String)]) -> String {
        a.map { " \($0.0)=\"\(escapeXML($0.1))\"" }.joined()
    }

    /// An element with an optional hover text (a <title> child).
    public mutating func element(_ name: String, _ a: [(String, String)], hover: String? = nil, content: String? = nil) {
        if hover == nil && content == nil {
            body += "<\(name)\(Self.attrs(a))/>\n"
        } else {
            body += "<\(name)\(Self.attrs(a))>"
            if let hover { body += "<title>\(escapeXML(hover))</title>" }
            if let content { body += content }
            body += "</\(name)>\n"
        }
    }

    public mutating func line(_ x1: Double, _ y1: Double, _ x2: Double, _ y2: Double, cls: String, hover: String? = nil, extra: [(String, String)] = []) {
        element("line", [("x1", px(x1)), ("y1", px(y1)), ("x2", px(x2)), ("y2", px(y2)), ("class", cls)] + extra, hover: hover)
    }

    public mutating func rect(_ x: Double, _ y: Double, _ w: Double, _ h: Double, cls: String, hover: String? = nil, extra: [(String, String)] = []) {
        element("rect", [("x", px(x)), ("y", px(y)), ("width", px(max(0, w))), ("height", px(max(0, h))), ("class", cls)] + extra, hover: hover)
    }

    public mutating func circle(_ cx: Double, _ cy: Double, _ r: Double, cls: String, hover: String? = nil, extra: [(String, String)] = []) {
        element("circle", [("cx", px(cx)), ("cy", px(cy)), ("r", px(r)), ("class", cls)] + extra, hover: hover)
    }

    public mutating func text(_ x: Double, _ y: Double, _ s: String, cls: String = "", anchor: String = "start", extra: [(String, String)] = [], hover: String? = nil) {
        var a = [("x", px(x)), ("y", px(y))]
        if !cls.isEmpty { a.append(("class", cls)) }
        if anchor != "start" { a.append(("text-anchor", anchor)) }
        body += "<text\(Self.attrs(a + extra))>"
        if let hover { body += "<title>\(escapeXML(hover))</title>" }
        body += "\(escapeXML(s))</text>\n"
    }

    /// A polyline/polygon path through `points` (closed if `close`).
    public mutating func path(_ points: [(Double, Double)], cls: String, close: Bool = false, hover: String? = nil, extra: [(String, String)] = []) {
        guard let first = points.first else { return }
        var d = "M\(px(first.0)),\(px(first.1))"
        for p in points.dropFirst() { d += "L\(px(p.0)),\(px(p.1))" }
        if close { d += "Z" }
        element("path", [("d", d), ("class", cls)] + extra, hover: hover)
    }

    public mutating func raw(_ markup: String) { body += markup }

    /// The finished <svg> element, sized by its viewBox so it scales with the page.
    public func render(cls: String = "chart", id: String? = nil) -> String {
        var head = "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 \(px(width)) \(px(height))\" width=\"\(px(width))\" height=\"\(px(height))\" class=\"\(cls)\""
        if let id { head += " id=\"\(escapeXML(id))\"" }
        head += " role=\"img\""
        if let title { head += " aria-label=\"\(escapeXML(title))\">\n<title>\(escapeXML(title))</title>\n" } else { head += ">\n" }
        return head + body + "</svg>"
    }
}
