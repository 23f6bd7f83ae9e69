import BoundedInput

/// One number of a scenario that is uncertain, with its stable path.
public struct UncertainInput: Sendable, Hashable {
    /// E.g. `mechanisms.process_collapse.threshold`, `geography.capacity.Atmeh_camps`,
    /// `preferences.russia.reconstruction_funds`. Stable across loads of the same file.
    public var path: String
    public var distribution: Distribution
    public var provenance: Provenance
    /// Marked `calibrate: true` in the file.
    public var calibrate = false
}

/// A `--set PATH=VALUE` or `fixing(_:)` that cannot be applied.
public struct SettingError: Error, Sendable, CustomStringConvertible {
    public var path: String
    public var message: String
    public var suggestion: String?
    public var description: String {
        var s = "cannot set '\(path)': \(message)"
        if let suggestion { s += "; did you mean '\(suggestion)'?" }
        return s
    }
}

extension Scenario {
    /// Every number of the scenario that has a path, in file order, with its
    /// allowed range. This is the single list behind `uncertainInputs`,
    /// `setting(path:to:)` and the provenance check.
    public var quantities: [(path: String, quantity: Quantity)] {
        var copy = self
        var out: [(String, Quantity)] = []
        copy.visitQuantities { path, q, _ in out.append((path, q)) }
        return out
    }

    /// Every uncertain input (a non-fixed distribution) with its path, distribution
    /// and provenance, in file order. A Monte Carlo runner draws one u per input
    /// and calls `fixing` with `distribution.quantile(u)`.
    /// Episodes' own inputs are not among them (`uncertainInputs(ofEpisode:)`).
    public var uncertainInputs: [UncertainInput] {
        quantities.filter { $0.quantity.isUncertain && !$0.path.hasPrefix("episodes.") }.map {
            UncertainInput(path: $0.path, distribution: $0.quantity.distribution, provenance: $0.quantity.provenance,
                           calibrate: $0.quantity.calibrate)
        }
    }

    /// An episode's own uncertain inputs (its `set:` values and its schedule's days and
    /// intensities), in file order.
    public func uncertainInputs(ofEpisode id: String) -> [UncertainInput] {
        let prefix = "episodes.\(id)."
        return quantities.filter { $0.quantity.isUncertain && $0.path.hasPrefix(prefix) }.map {
            UncertainInput(path: $0.path, distribution: $0.quantity.distribution, provenance: $0.quantity.provenance,
                           calibrate: $0.quantity.calibrate)
        }
    }

    /// Every settable path.
    public var valuePaths: [String] { quantities.map(\.path) }

    /// A concrete scenario: each path in `values` becomes a fixed value (keeping
    /// its provenance). Throws for an unknown path, a non-finite value, a value
    /// outside the field's allowed range, or chance probabilities that no longer
    /// sum to 1. Paths not given keep their distributions. A what-if that leaves a zone no day
    /// is refused; a `draw` of the scenario's own distributions is not (the loader checked
    /// their ranges, and a draw at the edge where they touch is a sample with no such zone).
    public func fixing(_ values: [String: Double], draw: Bool = false) throws -> Scenario {
        var copy = self
        var remaining = values
        var failure: SettingError?
        copy.visitQuantities { path, q, range in
            guard let v = remaining.removeValue(forKey: path), failure == nil else { return }
            if !v.isFinite { failure = SettingError(path: path, message: "\(v) is not a finite number"); return }
            if let range, !range.contains(v) {
                failure = SettingError(path: path, message: "\(v) is outside the allowed range [\(fmt(range.lowerBound)), \(range.upperBound.isFinite ? fmt(range.upperBound) : "∞")]")
                return
            }
            q.distribution = .fixed(v)
        }
        if let failure { throw failure }
        if let (path, _) = remaining.first {
            throw SettingError(path: path, message: "no such value in this scenario", suggestion: closestMatch(path, in: valuePaths))
        }
        try copy.checkChanceNodes()
        if !draw { try copy.checkZones(values) }
        return copy
    }

    /// One what-if: the scenario with the value at `path` fixed to `value`
    /// (the CLI's `--set PATH=VALUE`).
    public func setting(path: String, to value: Double) throws -> Scenario {
        try fixing([path: value])
    }

    /// Each uncertain input fixed at `distribution.quantile(u(input))`.
    /// Deterministic given `u`; the caller owns the random numbers.
    public func sampled(_ u: (UncertainInput) -> Double) throws -> Scenario {
        var values: [String: Double] = [:]
        for input in uncertainInputs { values[input.path] = input.distribution.quantile(u(input)) }
        return try fixing(values, draw: true)
    }

    /// Every uncertain input fixed at its median.
    public var nominal: Scenario {
        var copy = self
        copy.visitQuantities { _, q, _ in q.distribution = .fixed(q.nominal) }
        return copy
    }

    func checkChanceNodes() throws {
        for n in tree.nodes where n.kind == .chance {
            let ps = probabilities(at: n)
            let hasRest = n.branches.contains { $0.probability == .rest }
            let sum = ps.reduce(0, +)
            let known = zip(n.branches, ps).filter { $0.0.probability != .rest }.map(\.1).reduce(0, +)
            if (!hasRest && abs(sum - 1) > 1e-9) || (hasRest && known > 1 + 1e-9) {
                throw SettingError(path: "tree.\(n.path)", message: "the chance node's probabilities would sum to \(hasRest ? known : sum), not 1")
            }
        }
    }

    /// A what-if that makes a zone end on or before the day it starts is refused (it would silently be no zone).
    func checkZones(_ values: [String: Double]) throws {
        guard values.keys.contains(where: { $0.hasSuffix(".from_day") || $0.hasSuffix(".until_day") }) else { return }
        let all = schedules.map { ("conflict_schedules.\($0.id)", $0) } + episodes.map { ("episodes.\($0.id)", $0.schedule) }
        for (base, s) in all {
            for z in s.zones + s.bombardment {
                guard let u = z.untilDay, let why = ConflictSchedule.Zone.noDays(from: z.fromDay, until: u) else { continue }
                throw SettingError(path: "\(base).\(z.location)", message: why)
            }
        }
    }

    /// Why `horizon` (a run's `--horizon`) cuts zones short: each zone that starts at or after
    /// its last day never happens, and one that may start after it may not. Empty when none does.
    public func zonesBeyond(horizon: Int) -> [String] {
        var out: [String] = []
        for s in schedules {
            for (kind, zones) in [("zones", s.zones), ("bombardment", s.bombardment)] {
                for z in zones {
                    let from = z.fromDay.distribution.support
                    if from.lowerBound.rounded() >= Double(horizon) {
                        out.append("conflict_schedules.\(s.id).\(kind) at \(z.location) starts on day \(fmt(from.lowerBound.rounded())) or later, after the run's last day (\(horizon - 1)): it never happens in this run")
                    } else if from.upperBound.rounded() >= Double(horizon) {
                        out.append("conflict_schedules.\(s.id).\(kind) at \(z.location) may start as late as day \(fmt(from.upperBound.rounded())), after the run's last day (\(horizon - 1)): in those samples it never happens")
                    }
                }
            }
        }
        return out
    }

    /// Calls `body` on every quantity with its path and allowed range (nil when
    /// the format imposes none beyond finiteness). Paths never change with values.
    mutating func visitQuantities(_ body: (String, inout Quantity, ClosedRange<Double>?) -> Void) {
        let nonNegative: ClosedRange<Double> = 0...Double.infinity
        // One walk of the tree for every parameter (a walk per parameter made a what-if cost
        // parameters × tree nodes, and a run's sweeps that times the inputs).
        let probabilityParameters = self.probabilityParameters
        for i in parameters.indices {
            let range: ClosedRange<Double>? = probabilityParameters.contains(parameters[i].id) ? 0...1 : nil
            body("parameters.\(parameters[i].id)", &parameters[i].value, range)
        }
        for i in actors.indices { body("actors.\(actors[i].id).capability", &actors[i].capability, nonNegative) }
        for i in consequences.indices where consequences[i].scale != nil {
            body("consequences.\(consequences[i].id).scale", &consequences[i].scale!, nonNegative)
        }
        for i in preferences.indices {
            for j in preferences[i].terms.indices {
                let base = "preferences.\(preferences[i].actor).\(preferences[i].terms[j].consequence)"
                body(base, &preferences[i].terms[j].weight, nil)
                if preferences[i].terms[j].condition != nil {
                    body("\(base).threshold", &preferences[i].terms[j].condition!.threshold, nil)
                }
            }
        }
        for i in issues.indices {
            for j in issues[i].stances.indices {
                let base = "issues.\(issues[i].id).\(issues[i].stances[j].actor)"
                body("\(base).position", &issues[i].stances[j].position, 0...100)
                body("\(base).salience", &issues[i].stances[j].salience, 0...1)
            }
        }
        func walk(_ n: inout TreeNode) {
            for k in n.branches.indices {
                if case .value(var q)? = n.branches[k].probability {
                    body("tree.\(n.branches[k].child.path).probability", &q, 0...1)
                    n.branches[k].probability = .value(q)
                }
                walk(&n.branches[k].child)
            }
        }
        walk(&tree.root)
        for i in tree.branchConsequences.indices {
            let bc = tree.branchConsequences[i]
            body("tree.nodes.\(bc.node).\(bc.branch).consequences.\(bc.consequence)", &tree.branchConsequences[i].value, nil)
        }
        if tree.logitLambda != nil { body("tree.logit_lambda", &tree.logitLambda!, 0...Double.infinity) }
        // Days as the loader bounds them: within the schedule's days.
        func visitZones(_ zones: inout [ConflictSchedule.Zone], _ prefix: String, days: Int) {
            let dayRange = ConflictSchedule.Zone.dayRanges(horizon: days)
            var seen: [String: Int] = [:]
            for j in zones.indices {
                let loc = zones[j].location
                seen[loc, default: 0] += 1
                let base = "\(prefix).\(loc)" + (seen[loc]! > 1 ? "#\(seen[loc]!)" : "")
                body("\(base).from_day", &zones[j].fromDay, dayRange.from)
                if zones[j].untilDay != nil { body("\(base).until_day", &zones[j].untilDay!, dayRange.until) }
                body("\(base).intensity", &zones[j].intensity, ValueBounds.conflictIntensity)
            }
        }
        for i in schedules.indices {
            visitZones(&schedules[i].zones, "conflict_schedules.\(schedules[i].id)", days: metadata.horizonDays)
            visitZones(&schedules[i].bombardment, "conflict_schedules.\(schedules[i].id).bombardment", days: metadata.horizonDays)
        }
        for i in mechanisms.indices {
            let specs = mechanisms[i].block.flatMap(Library.block(named:))?.parameters ?? []
            for name in mechanisms[i].parameterOrder where mechanisms[i].parameters[name] != nil {
                body("mechanisms.\(mechanisms[i].id).\(name)", &mechanisms[i].parameters[name]!, specs.first { $0.name == name }?.range)
            }
        }
        if geography.populationTotal != nil { body("geography.population_total", &geography.populationTotal!, ValueBounds.people) }
        if geography.roadFactor != nil { body("geography.road_factor", &geography.roadFactor!, ValueBounds.roadFactor) }
        for i in geography.locations.indices {
            let l = geography.locations[i]
            switch l.amount {
            case .empty: break
            case .value(var q):
                body("geography.\(l.isCamp ? "capacity" : "population").\(l.name)", &q, ValueBounds.people)
                geography.locations[i].amount = .value(q)
            case .share(var w):
                body("geography.population_weight.\(l.name)", &w, ValueBounds.weight)
                geography.locations[i].amount = .share(weight: w)
            }
        }
        for i in geography.routes.indices {
            if case .value(var q) = geography.routes[i].distance {
                body("geography.distance.\(geography.routes[i].key)", &q, ValueBounds.distanceKm)
                geography.routes[i].distance = .value(q)
            }
        }
        for i in displacement.settings.indices {
            if case .number(var q) = displacement.settings[i].value {
                body("displacement.\(displacement.settings[i].key)", &q, ValueBounds.fleeSettings[displacement.settings[i].key])
                displacement.settings[i].value = .number(q)
            }
        }
        // Last, so the forecast's paths keep their order; `uncertainInputs` leaves these out.
        for i in episodes.indices {
            let base = "episodes.\(episodes[i].id)"
            for j in episodes[i].settings.indices { body("\(base).set.\(episodes[i].settings[j].path)", &episodes[i].settings[j].value, nil) }
            visitZones(&episodes[i].schedule.zones, base, days: episodes[i].days)
            visitZones(&episodes[i].schedule.bombardment, "\(base).bombardment", days: episodes[i].days)
        }
    }

    /// The parameters that some chance branch uses as its probability.
    private var probabilityParameters: Set<String> {
        var ids = Set<String>()
        for n in tree.nodes { for b in n.branches { if case .parameter(let id)? = b.probability { ids.insert(id) } } }
        return ids
    }
}

extension Scenario {
    /// Applies `PATH=VALUE` what-ifs as given on a command line (`--set`), in
    /// order; all are applied together, so chance-probability checks see the
    /// final values. Throws `SettingError` for a malformed assignment, an unknown
    /// path (with a suggestion) or a value the field cannot take.
    public func applying(assignments: [String]) throws -> Scenario {
        try fixing(Scenario.assignments(assignments))
    }

    /// `PATH=VALUE` texts (the command line's `--set`) as values by path, in order (a
    /// later one for the same path wins). Throws `SettingError` for a malformed one.
    public static func assignments(_ texts: [String]) throws -> [String: Double] {
        var values: [String: Double] = [:]
        for a in texts {
            guard let eq = a.lastIndex(of: "=") else {
                throw SettingError(path: a, message: "expected PATH=VALUE, e.g. mechanisms.process_collapse.threshold=1500")
            }
            let path = a[..<eq].trimmingCharacters(in: .whitespaces)
            let text = a[a.index(after: eq)...].trimmingCharacters(in: .whitespaces)
            guard let v = Double(text) else {
                throw SettingError(path: path, message: "'\(text)' is not a number")
            }
            guard v.isFinite else { throw SettingError(path: path, message: "\(v) is not a finite number") }
            values[path] = v
        }
        return values
    }
}
