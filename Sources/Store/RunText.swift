import Foundation

extension RunStore {
    /// `fulcrum runs list`: a header and one line a run (as `list` gives them, newest first);
    /// for an empty store, a sentence naming it.
    public static func listText(_ rows: [Row], store: String) -> String {
        if rows.isEmpty { return "No runs in \(store).\n" }
        func pad(_ s: String, _ n: Int) -> String { s.count >= n ? s + " " : s + String(repeating: " ", count: n - s.count) }
        var lines = [pad("ID", 5) + pad("STARTED (UTC)", 21) + pad("SCENARIO", 16) + pad("SAMPLES", 8) + pad("SEED", 6) + pad("SECONDS", 9)
                     + "MOST LIKELY PATH (SHARE) · OVERRIDES"]
        for r in rows {
            let over = r.overrides == "{}" ? "" : " · set \(r.overrides)"
            lines.append(pad(String(r.id), 5) + pad(String(r.startedAt.prefix(19)).replacingOccurrences(of: "T", with: " "), 21) + pad(r.scenarioID, 16)
                         + pad(String(r.samples), 8) + pad(r.seed, 6) + pad(String(format: "%.1f", r.durationSeconds), 9)
                         + "\(r.modalPath) (\(Int((r.modalProbability * 100).rounded()))%)\(over)")
        }
        return lines.map { $0 + "\n" }.joined()
    }
}

extension RunRecord {
    /// `fulcrum runs show`: the run's inputs and its outcome in a few lines.
    public var text: String {
        """
        run \(id.map(String.init) ?? "?") · \(origin) · started \(startedAt) · \(String(format: "%.1f", durationSeconds)) s
        scenario \(scenarioID) (\(scenarioTitle)) from \(scenarioSource), content SHA-256 \(scenarioHash)
        samples \(samples) · seed \(seed) · Fulcrum \(version) · overrides \(overrides)
        most likely path (\(Int((modalProbability * 100).rounded()))% of samples): \(modalPath)
        fulcrum: \(fulcrum)

        """
    }
}
