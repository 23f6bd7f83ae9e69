import Foundation

/// A left-to-right tree: leaves evenly spaced down the page, each inner node at the
/// mean height of its children, columns by depth. Edges on a highlighted path are
/// drawn thick; every edge carries its label and hover text.
public struct TreeDiagram {
    public final class Node {
        public var label: String
        /// Label of the edge into this node (the action or outcome).
        public var edgeLabel: String
        public var edgeHover: String
        public var edgeHighlighted: Bool
        public var kind: String
        public var leafNote: String
        public var id: String
        public var children: [Node]
        /// Hover text of the node itself.
        public var hover: String = ""
        /// For a folded subtree drawn as one leaf: how many leaves it stands for (0: a real leaf).
        public var folded: Int = 0
        public init(id: String, label: String, kind: String, edgeLabel: String = "", edgeHover: String = "", edgeHighlighted: Bool = false, leafNote: String = "", children: [Node] = []) {
            self.id = id; self.label = label; self.kind = kind; self.edgeLabel = edgeLabel; self.edgeHover = edgeHover
            self.edgeHighlighted = edgeHighlighted; self.leafNote = leafNote; self.children = children
        }
    }

    public var root: Node
    public var title: String
    public var columnWidth = 205.0
    public var rowHeight = 26.0
    public var leafNoteWidth = 370.0

    public init(title: String, root: Node) { self.title = title; self.root = root }

    public var depth: Int {
        func d(_ n: Node) -> Int { 1 + (n.children.map(d).max() ?? 0) }
        return d(root)
    }

    /// Positions of every node by id.
    public func layout() -> [String: (x: Double, y: Double)] {
        var out: [String: (Double, Double)] = [:]
        var nextLeaf = 0
        func place(_ n: Node, _ level: Int) -> Double {
            let x = 70 + Double(level) * columnWidth
            let y: Double
            if n.children.isEmpty {
                y = 24 + Double(nextLeaf) * rowHeight; nextLeaf += 1
            } else {
                let ys = n.children.map { place($0, level + 1) }
                y = ys.reduce(0, +) / Double(ys.count)
            }
            out[n.id] = (x, y)
            return y
        }
        _ = place(root, 0)
        return out
    }

    public func render(id: String? = nil) -> String {
        let pos = layout()
        let leaves = pos.values.map(\.y).max() ?? 0
        // Leaves all sit in the last column so their notes line up.
        let leafX = 70 + Double(depth - 1) * columnWidth
        var c = SVGCanvas(width: leafX + leafNoteWidth + 20, height: leaves + 24, title: title)
        func at(_ n: Node) -> (Double, Double) { n.children.isEmpty ? (leafX, pos[n.id]!.1) : pos[n.id]! }
        func edges(_ n: Node) {
            let (x0, y0) = at(n)
            for ch in n.children {
                let (x1, y1) = at(ch)
                let mid = x0 + 36
                c.path([(x0, y0), (mid, y1), (x1, y1)], cls: ch.edgeHighlighted ? "edge on-path" : "edge", hover: ch.edgeHover,
                       extra: [("data-edge", ch.id)])
                c.text(mid + 4, y1 - 4, ch.edgeLabel, cls: ch.edgeHighlighted ? "edge-label on-path" : "edge-label", hover: ch.edgeHover)
                edges(ch)
            }
        }
        edges(root)
        func nodes(_ n: Node) {
            let (x, y) = at(n)
            if n.children.isEmpty {
                c.circle(x, y, 3.5, cls: "node leaf" + (n.edgeHighlighted ? " on-path" : ""))
                c.text(x + 8, y + 4, n.leafNote, cls: "leaf-note" + (n.edgeHighlighted ? " on-path" : "") + (n.folded > 0 ? " folded" : ""),
                       extra: n.folded > 0 ? [("data-folded", String(n.folded))] : [("data-leaf", n.id)])
            } else {
                c.circle(x, y, 6, cls: "node \(n.kind)", hover: n.hover.isEmpty ? n.label : n.hover)
                // Left of the node and under the incoming edge, where no other label sits.
                if n === root { c.text(x, y - 11, n.label, cls: "node-label", anchor: "middle") }
                else { c.text(x - 9, y + 15, n.label, cls: "node-label", anchor: "end") }
                for ch in n.children { nodes(ch) }
            }
        }
        nodes(root)
        return c.render(id: id)
    }
}
