import Foundation

/// Errors from the bargaining module. Input errors name the file, line and field.
public enum BargainingError: Error, CustomStringConvertible, Equatable {
    /// A problem with an input file: where it is and what is wrong.
    case input(file: String, line: Int?, field: String, message: String)
    /// A problem with data handed to the library directly.
    case invalidProblem(String)
    case invalidParameter(String)
    /// A failure KTAB itself would report (kept for compatibility switches).
    case ktab(String)

    public var description: String {
        switch self {
        case let .input(file, line, field, message):
            let at = line.map { "\(file):\($0)" } ?? file
            return "\(at): \(field): \(message)"
        case let .invalidProblem(m): return "invalid bargaining problem: \(m)"
        case let .invalidParameter(m): return "invalid parameter: \(m)"
        case let .ktab(m): return "KTAB compatibility: \(m)"
        }
    }
}

/// A bargaining problem: the plain input every model takes.
///
/// Actors have one capability; on each dimension (issue) each actor has a position on 0–100
/// and a salience on 0–100, with each actor's saliences summing to at most 100 (KTAB's rule).
/// The crisis runner maps a scenario's issues into this type; KTAB files are read into it by
/// `KTABReader`.
public struct BargainingProblem: Sendable, Codable, Hashable {
    public struct Actor: Sendable, Codable, Hashable {
        public var name: String
        public var description: String
        /// Capability ("Power"/"Influence"), > 0.
        public var capability: Double
        /// Position per dimension, 0–100.
        public var positions: [Double]
        /// Salience per dimension, 0–100; the sum over dimensions is ≤ 100.
        public var saliences: [Double]

        enum CodingKeys: String, CodingKey { case name, description, capability, positions, saliences }

        public init(from decoder: Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            name = try c.decode(String.self, forKey: .name)
            description = try c.decodeIfPresent(String.self, forKey: .description) ?? ""
            capability = try c.decode(Double.self, forKey: .capability)
            positions = try c.decode([Double].self, forKey: .positions)
            saliences = try c.decode([Double].self, forKey: .saliences)
        }

        public init(name: String, description: String = "", capability: Double, positions: [Double], saliences: [Double]) {
            self.name = name
            self.description = description
            self.capability = capability
            self.positions = positions
            self.saliences = saliences
        }
    }

    public var name: String
    public var description: String
    /// Dimension (issue) names, one per position column.
    public var dimensions: [String]
    public var actors: [Actor]
    /// KTAB's ideal-adjustment ("affinity") matrix A (n × n, rows sum to ≤ 1); nil means the
    /// identity (ideals always equal positions).
    public var affinity: [[Double]]?
    /// A seed given by the input file (KTAB XML `prngSeed`), if any.
    public var fileSeed: UInt64?
    /// Model parameters given by the input file (KTAB XML `ModelParameters`), if any.
    public var fileParameters: SMPParameters?

    enum CodingKeys: String, CodingKey { case name, description, dimensions, actors, affinity }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        name = try c.decodeIfPresent(String.self, forKey: .name) ?? "problem"
        description = try c.decodeIfPresent(String.self, forKey: .description) ?? ""
        dimensions = try c.decode([String].self, forKey: .dimensions)
        actors = try c.decode([Actor].self, forKey: .actors)
        affinity = try c.decodeIfPresent([[Double]].self, forKey: .affinity)
    }

    public init(name: String = "problem", description: String = "", dimensions: [String], actors: [Actor],
                affinity: [[Double]]? = nil) {
        self.name = name
        self.description = description
        self.dimensions = dimensions
        self.actors = actors
        self.affinity = affinity
    }

    public var actorCount: Int { actors.count }

    /// Reads a problem saved as JSON (this type's Codable form: `name`, `description`,
    /// `dimensions`, `actors` [{`name`, `description`, `capability`, `positions`, `saliences`}],
    /// optional `affinity`), and validates it. The file is read like every other
    /// bargaining input: at most `maxBargainingInputBytes`, pipes accepted.
    public static func readJSON(path: String) throws -> BargainingProblem {
        let data = try readBoundedData(path)
        do {
            let p = try JSONDecoder().decode(BargainingProblem.self, from: data)
            do { try p.validate() } catch let BargainingError.invalidProblem(m) {
                throw BargainingError.input(file: path, line: nil, field: "problem", message: m)
            }
            return p
        } catch let e as DecodingError {
            let (path_, why): ([CodingKey], String)
            switch e {
            case let .keyNotFound(k, c): (path_, why) = (c.codingPath + [k], "missing")
            case let .typeMismatch(_, c), let .valueNotFound(_, c): (path_, why) = (c.codingPath, c.debugDescription)
            case let .dataCorrupted(c): (path_, why) = (c.codingPath, c.debugDescription)
            @unknown default: (path_, why) = ([], "\(e)")
            }
            let field = path_.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined()
            throw BargainingError.input(file: path, line: nil, field: field.isEmpty ? "JSON" : String(field.drop { $0 == "." }), message: why)
        }
    }
    public var dimensionCount: Int { dimensions.count }

    /// Checks the ranges KTAB checks; throws `invalidProblem` naming the actor and field.
    public func validate(minimumActors: Int = 2) throws {
        let d = dimensions.count
        guard d >= 1 else { throw BargainingError.invalidProblem("at least one dimension is needed") }
        guard actors.count >= minimumActors else {
            throw BargainingError.invalidProblem("at least \(minimumActors) actors are needed, got \(actors.count)")
        }
        for a in actors {
            guard a.capability.isFinite, a.capability > 0 else {
                throw BargainingError.invalidProblem("actor '\(a.name)': capability must be > 0, got \(a.capability)")
            }
            guard a.positions.count == d, a.saliences.count == d else {
                throw BargainingError.invalidProblem("actor '\(a.name)': needs \(d) positions and saliences")
            }
            for (k, p) in a.positions.enumerated() where !(p.isFinite && p >= 0 && p <= 100) {
                throw BargainingError.invalidProblem("actor '\(a.name)': position on '\(dimensions[k])' must be in 0–100, got \(p)")
            }
            for (k, s) in a.saliences.enumerated() where !(s.isFinite && s >= 0 && s <= 100) {
                throw BargainingError.invalidProblem("actor '\(a.name)': salience on '\(dimensions[k])' must be in 0–100, got \(s)")
            }
            let total = a.saliences.reduce(0, +)
            guard total <= 100 + 1e-9 else {
                throw BargainingError.invalidProblem("actor '\(a.name)': saliences sum to \(total), more than 100")
            }
        }
        if let A = affinity {
            guard A.count == actors.count, A.allSatisfy({ $0.count == actors.count }) else {
                throw BargainingError.invalidProblem("affinity matrix must be \(actors.count) × \(actors.count)")
            }
            for (i, row) in A.enumerated() {
                let s = row.reduce(0, +)
                guard s <= 1 + 1e-9, row.allSatisfy({ $0.isFinite && $0 >= 0 }) else {
                    throw BargainingError.invalidProblem("affinity row of '\(actors[i].name)' must be ≥ 0 and sum to ≤ 1, sums to \(s)")
                }
            }
        }
    }

    /// The same problem with each actor's saliences scaled down, where needed, so that they sum
    /// to at most 100 (KTAB's rule for a joint multi-dimension problem). Use it when issues
    /// whose saliences were each given on 0–100 are put into one SMP problem; actors whose
    /// saliences already sum to ≤ 100 are unchanged, and relative saliences are kept.
    public func normalizingSaliences() -> BargainingProblem {
        var p = self
        for i in p.actors.indices {
            let total = p.actors[i].saliences.reduce(0, +)
            if total > 100 { p.actors[i].saliences = p.actors[i].saliences.map { $0 * 100 / total } }
        }
        return p
    }

    /// The single-dimension problem of dimension `k` (for one-issue models such as BDM).
    /// A salience on one dimension alone is taken as given (0–100).
    public func dimension(_ k: Int) -> BargainingProblem {
        var p = BargainingProblem(name: "\(name) / \(dimensions[k])", description: description,
                                  dimensions: [dimensions[k]],
                                  actors: actors.map {
                                      Actor(name: $0.name, description: $0.description, capability: $0.capability,
                                            positions: [$0.positions[k]], saliences: [$0.saliences[k]])
                                  })
        p.fileSeed = fileSeed
        return p
    }
}
