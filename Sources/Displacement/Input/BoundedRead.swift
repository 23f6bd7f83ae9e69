import BoundedInput
import Foundation

/// Bounds on what an input folder may make the readers do, so a 1 GB file,
/// `/dev/zero` named as a table, or a YAML alias bomb is refused with an error
/// in bounded time and memory. Far above any real Flee instance.
public enum DisplacementInputLimits {
    /// Largest input file (CSV or YAML) read whole, in bytes.
    public static let maxFileBytes = 256 << 20
    /// Most YAML nodes in simsetting.yml once aliases are expanded.
    public static let maxYAMLNodes = 100_000
    /// Deepest YAML nesting in simsetting.yml.
    public static let maxYAMLDepth = 64
    /// Most locations in locations.csv (Flee's largest published instances have a few hundred).
    public static let maxLocations = 100_000
    /// Most routes in routes.csv.
    public static let maxRoutes = 1_000_000
}

/// Reads a whole file as UTF-8 through the shared bounded reader: a regular file
/// over `limit` is refused unread; a pipe or device is read up to `limit + 1` bytes.
func readBoundedFile(_ path: String, limit: Int = DisplacementInputLimits.maxFileBytes) throws -> String {
    do { return try BoundedFile.text(path: path, limit: limit) } catch {
        throw DisplacementInputError(file: path, "\(error)")
    }
}

extension FileSource {
    /// One CSV file of an input folder (on disk or in memory), parsed; errors name
    /// the file as `path(name)` does.
    func csv(_ name: String) throws -> [CSVRecord] {
        do { return CSV.records(try text(name, limit: DisplacementInputLimits.maxFileBytes)) } catch {
            throw DisplacementInputError(file: path(name), "\(error)")
        }
    }
}

/// Nesting and alias-expansion bounds for simsetting.yml (see `YAMLBounds`).
func yamlBoundsProblem(_ text: String, maxDepth: Int = DisplacementInputLimits.maxYAMLDepth,
                       maxNodes: Int = DisplacementInputLimits.maxYAMLNodes) -> (line: Int, message: String)? {
    YAMLBounds.problem(in: text, maxDepth: maxDepth, maxExpandedNodes: maxNodes).map { ($0.line, $0.message) }
}
