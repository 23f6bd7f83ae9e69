import Foundation

/// Reads uncertain inputs for Monte Carlo from a CSV with header
/// `actor,field,dimension,distribution,p1,p2,p3`:
/// - `actor`: an actor name of the problem;
/// - `field`: `capability`, `position` or `salience`;
/// - `dimension`: a dimension name (empty for capability; may be empty when there is one);
/// - `distribution`: `fixed` (p1), `uniform` (low p1, high p2), `triangular` (low p1, mode p2,
///   high p3) or `normal` (mean p1, sd p2).
public enum UncertaintyReader {
    public static func read(path: String, problem: BargainingProblem) throws -> [UncertainInput] {
        let text = try readBoundedText(path)
        return try parse(text, file: path, problem: problem)
    }

    public static func parse(_ text: String, file: String, problem: BargainingProblem) throws -> [UncertainInput] {
        var out: [UncertainInput] = []
        var sawHeader = false
        for (ln, c) in KTABReader.rows(text) {
            if c[0].hasPrefix("#") { continue }
            if !sawHeader {
                sawHeader = true
                guard c.count >= 5, c[0].lowercased() == "actor", c[1].lowercased() == "field" else {
                    throw BargainingError.input(file: file, line: ln, field: "header", message: "expected 'actor,field,dimension,distribution,p1,p2,p3'")
                }
                continue
            }
            func fail(_ field: String, _ m: String) -> BargainingError { .input(file: file, line: ln, field: field, message: m) }
            guard c.count >= 5 else { throw fail("row", "expected at least 5 cells, found \(c.count)") }
            guard let actor = problem.actors.firstIndex(where: { $0.name == c[0] }) else { throw fail("actor", "no actor named '\(c[0])'") }
            func dim() throws -> Int {
                if c[2].isEmpty, problem.dimensionCount == 1 { return 0 }
                guard let k = problem.dimensions.firstIndex(of: c[2]) else {
                    throw fail("dimension", "no dimension named '\(c[2])' (dimensions: \(problem.dimensions.joined(separator: ", ")))")
                }
                return k
            }
            let field: InputField
            switch c[1].lowercased() {
            case "capability": field = .capability
            case "position": field = .position(dimension: try dim())
            case "salience": field = .salience(dimension: try dim())
            default: throw fail("field", "'\(c[1])' is not capability, position or salience")
            }
            func p(_ j: Int) throws -> Double {
                guard 4 + j < c.count, let v = Double(c[4 + j]), v.isFinite else {
                    throw fail("p\(j + 1)", "'\(4 + j < c.count ? c[4 + j] : "")' is not a number")
                }
                return v
            }
            let dist: InputDistribution
            switch c[3].lowercased() {
            case "fixed": dist = .fixed(try p(0))
            case "uniform":
                let (a, b) = (try p(0), try p(1))
                guard a <= b else { throw fail("p2", "uniform high \(b) is below low \(a)") }
                dist = .uniform(low: a, high: b)
            case "triangular":
                let (a, m, b) = (try p(0), try p(1), try p(2))
                guard a <= m && m <= b else { throw fail("p2", "triangular needs low ≤ mode ≤ high, got \(a), \(m), \(b)") }
                dist = .triangular(low: a, mode: m, high: b)
            case "normal":
                let (m, sd) = (try p(0), try p(1))
                guard sd >= 0 else { throw fail("p2", "standard deviation must be ≥ 0") }
                dist = .normal(mean: m, sd: sd)
            default: throw fail("distribution", "'\(c[3])' is not fixed, uniform, triangular or normal")
            }
            out.append(UncertainInput(actor: actor, field: field, distribution: dist))
        }
        return out
    }
}
