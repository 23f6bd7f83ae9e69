/// Gambit's two file formats, as a game is written in one or the other.
public enum GameFileFormat: String, Sendable, CaseIterable {
    case efg, nfg

    /// The format a file name's extension names (`.efg` or `.nfg`, as written); nil for any other.
    public init?(fileName name: String) {
        guard let f = Self.allCases.first(where: { name.hasSuffix(".\($0.rawValue)") }) else { return nil }
        self = f
    }
}

extension AnyGame {
    /// The game's text in `format`: a tree as itself or as its reduced strategic form; a table
    /// as itself (body as `layout` says) or as a simultaneous-move tree.
    public func text(_ format: GameFileFormat, layout: NFGLayout = .outcomes) throws -> String {
        switch (self, format) {
        case (.extensive(let g), .efg): return g.efgText()
        case (.extensive(let g), .nfg): return try g.reducedNormalForm().game.nfgText(layout: layout)
        case (.normal(let g), .nfg): return g.nfgText(layout: layout)
        case (.normal(let g), .efg): return try ExtensiveGame(normalForm: g).efgText()
        }
    }
}
