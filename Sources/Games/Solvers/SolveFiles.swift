/// `fulcrum game solve FILE…`: each file read and solved in turn (by `method`, else the game's
/// `Solve.defaultMethod`), its output handed on as soon as it is done. A file that cannot be
/// read or solved is named on `err` and the rest are still solved. Text: each file's `NE,…`
/// lines (after a `# FILE` line when there are several), its notes on `err`. JSON: the report,
/// or for several files one array of `{"file", "report"}`, handed on at the end.
public enum SolveFiles {
    /// Returns false when some file failed. `progress(method)`: the status callback for one solve.
    public static func run(_ files: [String], method: SolveMethod?, options: SolveOptions, json: Bool,
                           progress: (SolveMethod) -> (@Sendable (String) -> Void)? = { _ in nil },
                           out: (String) -> Void, err: (String) -> Void) throws -> Bool {
        var failed = false
        var reports: [String] = []
        let many = files.count > 1
        for file in files {
            do {
                let game = try AnyGame.read(path: file)
                let m = method ?? Solve.defaultMethod(game)
                var o = options
                o.progress = progress(m)
                let report = try Solve.run(game, method: m, options: o)
                if json {
                    reports.append(many ? report.json(file: file) : report.json)
                } else {
                    out((many ? "# \(file)\n" : "") + report.text)
                    for n in report.notes { err("note: \(many ? file + ": " : "")\(n)") }
                }
            } catch let e as GameFileError {
                failed = true
                err("error: \(e)")   // the file's error names it
            } catch let e as GameError {
                failed = true
                err("error: \(file): \(e)")
            }
        }
        if json { out(many ? "[\n" + reports.joined(separator: ",\n") + "]\n" : reports.joined()) }
        return !failed
    }
}
