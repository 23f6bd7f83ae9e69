import Yams

extension ScenarioParser {
    /// `episodes:`: past events with their schedule, the values that differed and what
    /// was observed. Every date must be a real date before `as_of`, and every count must
    /// fall inside the simulated days.
    func parseEpisodes(_ node: Node, asOf: String?, places: Set<String>?, areas: Set<String>?, countries: Set<String>?) -> [Episode] {
        var out: [Episode] = []
        for (id, _, v) in y.entries(node, "episodes", what: "episodes") {
            let p = "episodes.\(id)"
            guard let f = y.fields(v, p, Format.episode) else { continue }
            let prov = y.provenance(f["source"], "\(p).source", inherited: .none)
            y.requireProvenance(prov, f["source"] ?? v, "\(p).source", what: "the episode")
            let start = date(f["start"], "\(p).start", before: asOf)
            var days = y.integer(f["days"], "\(p).days")
            if let d = days, !(1...ScenarioLimits.maxHorizonDays).contains(d) {
                y.report(.outOfRange, f["days"], "\(p).days", "\(d) days", expected: "1 to \(ScenarioLimits.maxHorizonDays) days")
                days = nil
            }
            if let start, let asOf, let d = days, let last = daysBetween(start, asOf), d > last {
                y.report(.outOfRange, f["days"], "\(p).days", "\(d) days from \(start) reach past the scenario's as_of date \(asOf)",
                         expected: "at most \(last) days: an episode ends before the forecast begins")
            }
            var settings: [Episode.Setting] = []
            for (path, _, qv) in y.entries(f["set"], "\(p).set", what: "values by value path") {
                if let q = y.quantity(qv, "\(p).set.\(path)", inherited: prov) { settings.append(.init(path: path, value: q)) }
            }
            var schedule: ConflictSchedule?
            if let sn = f["schedule"], let sf = y.fields(sn, "\(p).schedule", Format.episodeSchedule) {
                schedule = parseSchedule(sf, id: id, path: "\(p).schedule", locations: places, horizon: days ?? Int.max, inherited: prov)
            }
            let observations = f["observations"].map {
                parseObservations($0, path: "\(p).observations", start: start, days: days, asOf: asOf, prov: prov, places: places, areas: areas, countries: countries)
            } ?? []
            if f["observations"] != nil && observations.isEmpty {
                y.report(.missingField, f["observations"], "\(p).observations", "an episode needs at least one observation to be scored on")
            }
            guard let start, let days, let schedule else { continue }
            out.append(Episode(id: id, title: y.string(f["title"], "\(p).title") ?? id, start: start, days: days,
                               settings: settings, schedule: schedule, observations: observations, provenance: prov))
        }
        return out
    }

    /// An ISO date strictly before `limit` (when given).
    private func date(_ node: Node?, _ path: String, before limit: String?) -> String? {
        guard let node, let text = y.string(node, path) else { return nil }
        guard Self.isISODate(text) else {
            y.report(.wrongType, node, path, "'\(text)' is not a date", expected: "a real date YYYY-MM-DD")
            return nil
        }
        if let limit, let gap = daysBetween(text, limit), gap <= 0 {
            y.report(.outOfRange, node, path, "\(text) is not before the scenario's as_of date \(limit)",
                     expected: "a date before \(limit): an episode is the record before the forecast, never after it")
            return nil
        }
        return text
    }

    private func parseObservations(_ node: Node, path p: String, start: String?, days: Int?, asOf: String?, prov: Provenance,
                                   places: Set<String>?, areas: Set<String>?, countries: Set<String>?) -> [Observation] {
        var out: [Observation] = []
        let measures = ["displaced", "present", "returned"]
        // Where a `present` count was made: its key, the names it may take, and the measure it makes.
        let wheres: [(key: String, among: Set<String>?, what: String, measure: (String) -> Observation.Measure)] = [
            ("place", places, "location in locations.csv", { .present(place: $0) }),
            ("area", areas, "area (region of locations.csv)", { .presentInArea(area: $0) }),
            ("country", countries, "country in locations.csv", { .presentInCountry(country: $0) })]
        for (i, o) in (y.list(node, p, what: "observations") ?? []).enumerated() {
            let op = "\(p)[\(i)]"
            guard let f = y.fields(o, op, Format.observation) else { continue }
            let oprov = y.provenance(f["source"], "\(op).source", inherited: prov)
            y.requireProvenance(oprov, o, op, what: "this observation")
            let given = measures.filter { f[$0] != nil }
            guard given.count == 1 else {
                y.report(.missingField, o, op, given.isEmpty ? "an observation needs what was counted" : "an observation counts one thing",
                         expected: "exactly one of: \(measures.joined(separator: ", "))")
                continue
            }
            let key = given[0]
            guard let value = y.number(f[key], "\(op).\(key)") else { continue }
            if value < 0 { y.report(.negativeValue, f[key], "\(op).\(key)", "\(fmt(value)) people", expected: "a count ≥ 0"); continue }
            var measure: Observation.Measure?
            switch key {
            case "present":
                let named = wheres.filter { f[$0.key] != nil }
                if named.count != 1 {
                    y.report(.missingField, o, op, "'present' needs one where",
                             expected: "exactly one of 'place' (a location), 'area' (a region of locations.csv) or 'country' (a country of locations.csv)")
                } else if let w = named.first, let n = f[w.key], let name = y.string(n, "\(op).\(w.key)") {
                    measure = w.among.map { resolve(name, n, "\(op).\(w.key)", among: $0, what: w.what).map(w.measure) } ?? w.measure(name)
                }
            default:
                for k in wheres.map(\.key) where f[k] != nil {
                    y.report(.unknownKey, f[k], "\(op).\(k)", "'\(k)' applies to 'present' counts only", expected: "no '\(k)' with '\(key)'")
                }
                measure = key == "displaced" ? .displaced : .returned
            }
            guard let dn = f["date"], let date = date(dn, "\(op).date", before: asOf) else { continue }
            var day: Int?
            if let start, let d = daysBetween(start, date) {
                if d < 0 || d >= (days ?? Int.max) {
                    y.report(.outOfRange, dn, "\(op).date", "\(date) is outside the episode (\(start), \(days.map { "\($0) days" } ?? "?"))",
                             expected: "a date from the episode's start to its last simulated day")
                } else { day = d }
            }
            guard let measure, let day else { continue }
            out.append(Observation(date: date, day: day, measure: measure, value: value, provenance: oprov, origin: y.origin(o)))
        }
        return out
    }

    /// An episode's `set:` paths must name values of the scenario (not of another episode).
    func checkEpisodeSettings(_ scenario: Scenario, _ node: Node?) {
        let paths = Set(scenario.valuePaths.filter { !$0.hasPrefix("episodes.") })
        for e in scenario.episodes {
            guard case .mapping(let m)? = node?[e.id]?["set"] else { continue }
            for (k, _) in m {
                guard let path = k.string, !paths.contains(path) else { continue }
                y.report(.unresolvedReference, k, "episodes.\(e.id).set.\(path)", "no value '\(path)' in this scenario",
                         expected: "a value path (fulcrum describe --format json lists them)", suggestion: closestMatch(path, in: paths))
            }
        }
    }
}
