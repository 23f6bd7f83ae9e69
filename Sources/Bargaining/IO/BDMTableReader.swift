import Foundation

/// Reads the one-issue actor tables used by BDM reconstructions: a CSV with a header naming
/// (case-insensitively) an actor column (`Actor` or `name`), `Capability`/`capabilities`,
/// `Position` and `Salience`, in any order; other columns (e.g. `resolve`) are ignored.
/// Saliences are on 0–100 unless `salienceScale` says otherwise.
public enum BDMTableReader {
    public static func read(path: String, salienceScale: Double = 100) throws -> BargainingProblem {
        let text = try readBoundedText(path)
        return try parse(text, file: path, salienceScale: salienceScale)
    }

    public static func parse(_ text: String, file: String, salienceScale: Double = 100) throws -> BargainingProblem {
        let rows = KTABReader.rows(text)
        guard let (hl, header) = rows.first else { throw BargainingError.input(file: file, line: nil, field: "header", message: "empty file") }
        let lower = header.map { $0.lowercased() }
        func col(_ names: [String], _ field: String) throws -> Int {
            guard let i = lower.firstIndex(where: { names.contains($0) }) else {
                throw BargainingError.input(file: file, line: hl, field: field, message: "no column named \(names.joined(separator: " or "))")
            }
            return i
        }
        let ni = try col(["actor", "name"], "actor")
        let ci = try col(["capability", "capabilities", "power", "influence"], "capability")
        let pi = try col(["position"], "position")
        let si = try col(["salience"], "salience")
        var actors: [BargainingProblem.Actor] = []
        for (ln, c) in rows.dropFirst() {
            func num(_ i: Int, _ field: String) throws -> Double {
                guard i < c.count, let v = Double(c[i]), v.isFinite else {
                    throw BargainingError.input(file: file, line: ln, field: field, message: "'\(i < c.count ? c[i] : "")' is not a number")
                }
                return v
            }
            guard ni < c.count, !c[ni].isEmpty else { throw BargainingError.input(file: file, line: ln, field: "actor", message: "empty name") }
            let cap = try num(ci, "capability")
            guard cap > 0 else { throw BargainingError.input(file: file, line: ln, field: "capability", message: "must be > 0") }
            let pos = try num(pi, "position")
            guard (0...100).contains(pos) else { throw BargainingError.input(file: file, line: ln, field: "position", message: "\(pos) is outside 0–100") }
            let sal = try num(si, "salience") * 100 / salienceScale
            guard (0...100).contains(sal) else {
                throw BargainingError.input(file: file, line: ln, field: "salience", message: "\(c[si]) is outside 0–\(salienceScale)")
            }
            actors.append(.init(name: c[ni], capability: cap, positions: [pos], saliences: [sal]))
        }
        guard actors.count >= 2 else { throw BargainingError.input(file: file, line: nil, field: "actors", message: "at least 2 actors are needed") }
        let name = URL(fileURLWithPath: file).deletingPathExtension().lastPathComponent
        return BargainingProblem(name: name, dimensions: [header[pi]], actors: actors)
    }
}
