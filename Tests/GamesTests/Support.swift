import Foundation
@testable import Games

/// Locates the games in the shared reference data beside the clone (as CI lays it out).
enum Reference {
    static let root: String = {
        let file = URL(fileURLWithPath: #filePath)
        return file.deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("shared/reference/games").path
    }()
    static func path(_ rel: String) -> String { root + "/" + rel }
    static func game(_ name: String) throws -> AnyGame { try AnyGame.read(path: path("games/" + name)) }
    static func efg(_ name: String) throws -> ExtensiveGame {
        guard case .extensive(let g) = try game(name) else { fatalError("\(name) is not a tree") }
        return g
    }
    static func nfg(_ name: String) throws -> NormalFormGame {
        guard case .normal(let g) = try game(name) else { fatalError("\(name) is not a normal form") }
        return g
    }
    static let sampleNames: [String] = {
        let files = (try? FileManager.default.contentsOfDirectory(atPath: path("games"))) ?? []
        return files.filter { $0.hasSuffix(".efg") || $0.hasSuffix(".nfg") }.sorted()
    }()

    struct Row { var game: String; var solver: String; var count: Int?; var equilibria: [String]; var seconds: String }
    static let rows: [Row] = {
        guard let text = try? String(contentsOfFile: path("reference.tsv"), encoding: .utf8) else { return [] }
        return text.split(separator: "\n").dropFirst().map { line in
            let f = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            let eqs = f[3].hasPrefix("[") ? f[3].components(separatedBy: " | ") : []
            return Row(game: String(f[0].dropFirst("games/".count)), solver: f[1], count: Int(f[2]), equilibria: eqs, seconds: f[4])
        }
    }()
    static func row(_ game: String, _ solver: String) -> Row? { rows.first { $0.game == game && $0.solver == solver } }

    /// Gambit behaviour labels per (game, player): one array of "k:ACTION" strings per strategy.
    static let strategyBehaviors: [String: [[String]]] = {
        guard let text = try? String(contentsOfFile: path("reference_strategies.tsv"), encoding: .utf8) else { return [:] }
        var out: [String: [[String]]] = [:]
        for line in text.split(separator: "\n").dropFirst() {
            let f = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            let key = "\(f[0].dropFirst("games/".count))#\(f[1])"
            // Entries are "k:ACTION" separated by spaces; action labels may contain spaces.
            let col = f.count > 5 ? f[5] : ""
            var items: [String] = []
            for word in col.split(separator: " ") {
                if let colon = word.firstIndex(of: ":"), Int(word[..<colon]) != nil { items.append(String(word)) }
                else if !items.isEmpty { items[items.count - 1] += " " + word }
            }
            out[key, default: []].append(items)
        }
        return out
    }()
}

/// Parses a reference profile like `[[1/2,1/2],[1/3,2/3]]` into nested rationals (decimals exact).
func parseNested(_ s: String) -> Any {
    var i = s.startIndex
    func value() -> Any {
        if s[i] == "[" {
            i = s.index(after: i)
            var items: [Any] = []
            while s[i] != "]" {
                items.append(value())
                if s[i] == "," { i = s.index(after: i) }
            }
            i = s.index(after: i)
            return items
        }
        let start = i
        while s[i] != "," && s[i] != "]" { i = s.index(after: i) }
        return Rational(gambitText: String(s[start..<i]))!
    }
    return value()
}

func parseMixed(_ s: String) -> [[Rational]] { (parseNested(s) as! [Any]).map { $0 as! [Rational] } }
func parseBehavior(_ s: String) -> [[[Rational]]] { (parseNested(s) as! [Any]).map { ($0 as! [Any]).map { $0 as! [Rational] } } }
