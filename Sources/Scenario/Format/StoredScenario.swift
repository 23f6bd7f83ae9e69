import Foundation

extension Scenario {
    /// The scenario a stored run is drawn against: the files stored with it (`files`), read as
    /// they were whatever its folder holds now; else, for a run stored without them (or whose
    /// files no longer load), its folder as `open` reads it today, with `changed` true when that
    /// folder's content is no longer the run's (`digest`, the run's `sourceDigest`).
    public static func stored(files: [String: Data], digest: String,
                              open: () throws -> Scenario) throws -> (scenario: Scenario, changed: Bool) {
        if !files.isEmpty, let s = validate(files: files).scenario { return (s, false) }
        let s = try open()
        return (s, s.sourceDigest != digest)
    }
}
