import Foundation

/// What `fulcrum validate` says about a scenario folder: every error and warning at its
/// file's full path, the table cells `--fix` changed, and one closing line.
public struct ValidationReport: Encodable, Sendable {
    public var scenario: String
    public var valid: Bool
    public var errorCount: Int
    public var errors: [Diagnostic]
    public var warnings: [Diagnostic]
    /// Nil unless `--fix` was asked for.
    public var fixed: [TableFix]?
    private var folder: URL
    private var verdict: String

    private enum CodingKeys: String, CodingKey { case scenario, valid, errorCount, errors, warnings, fixed }

    /// `moreErrors` and `moreWarnings`: findings beyond the loader's (the displacement
    /// engine's, which reads its settings only once the scenario loads), reported alike.
    public init(_ result: Scenario.LoadResult, folder url: URL, fixed: [TableFix]?,
                moreErrors: [Diagnostic] = [], moreWarnings: [Diagnostic] = []) {
        func located(_ d: Diagnostic) -> Diagnostic {
            var d = d
            if !d.file.hasPrefix("/") { d.file = url.appendingPathComponent(d.file).path }
            return d
        }
        folder = url
        scenario = url.path
        errors = (result.diagnostics + moreErrors).map(located)
        warnings = (result.warnings + moreWarnings).map(located)
        valid = errors.isEmpty
        errorCount = errors.count
        self.fixed = fixed
        if let s = result.scenario, valid {
            verdict = "\(url.path): valid — \(s.metadata.title): \(s.actors.count) actors, "
                + "\(s.tree.terminals.count) terminal branches, \(s.schedules.count) conflict schedules, "
                + "\(s.mechanisms.count) mechanisms, \(s.geography.locations.count) locations, "
                + "\(s.uncertainInputs.count) uncertain inputs"
                + (warnings.isEmpty ? "" : "; \(warnings.count) warning\(warnings.count == 1 ? "" : "s")")
        } else {
            verdict = "\(errors.count) error\(errors.count == 1 ? "" : "s") in \(url.path)"
        }
    }

    /// For people: the fixes, every diagnostic, then the verdict, a line each.
    public var text: String {
        var lines: [String] = []
        if let fixed {
            for f in fixed {
                lines.append("fixed \(folder.appendingPathComponent(f.file).path):\(f.line): \(f.path) \(f.old.isEmpty ? "(empty)" : f.old) → \(f.new)")
            }
            lines.append(fixed.isEmpty ? "--fix: no table value to change" : "--fix: \(fixed.count) cell\(fixed.count == 1 ? "" : "s") changed")
        }
        lines += (errors + warnings).map(\.description)
        lines.append(verdict)
        return lines.joined(separator: "\n") + "\n"
    }
}
