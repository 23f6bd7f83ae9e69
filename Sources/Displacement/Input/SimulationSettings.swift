import BoundedInput
import Foundation
import Yams

/// How conflict zones produce new displaced people when `spawn_rules.conflict_driven_spawning`
/// is present (reference §8.2).
public struct ConflictDrivenSpawning: Sendable, Equatable {
    public enum Mode: String, Sendable { case constant, popRatio = "pop_ratio", poisson = "Poisson" }
    public var mode: Mode
    /// `displaced_per_conflict_day`: people per conflict day (constant, Poisson) or the
    /// fraction of the population (pop_ratio).
    public var displacedPerConflictDay: Double

    public init(mode: Mode, displacedPerConflictDay: Double? = nil) {
        self.mode = mode
        self.displacedPerConflictDay = displacedPerConflictDay ?? (mode == .popRatio ? 0.01 : 500)
    }
}

/// Every simsetting.yml key Flee 3.1 reads, with 3.1's code defaults (reference §14).
/// Values are as in the file; `use_v1_rules` is applied by `effective`.
public struct SimulationSettings: Sendable, Equatable {
    // top level
    public var numberOfSteps = -1
    public var conflictInputFile = ""
    // log_levels
    public var logAgent = 0, logLink = 0, logCamp = 0, logInit = 0, logConflict = 0, logIdpTotals = 0
    // spawn_rules
    public var takeFromPopulation = false
    public var insertDay0 = true
    public var conflictZoneSpawningOnly = true
    public var floodZoneSpawningOnly = false
    public var campsAreSinks = false
    public var readFromAgentsCSVFile = false
    public var conflictSpawnDecay: [Double]? = nil
    public var conflictDrivenSpawning: ConflictDrivenSpawning? = nil
    // move_rules
    public var maxMoveSpeed = 360.0
    public var maxWalkSpeed = 35.0
    public var maxCrossingSpeed = 20.0
    public var foreignWeight = 1.0
    public var campWeight = 1.0
    public var conflictWeight = 1.0 / 10.0.squareRoot()
    public var conflictMovechance = 1.0
    public var campMovechance = 0.001
    public var idpcampMovechance = 0.1
    public var defaultMovechance = 0.3
    public var awarenessLevel = 1
    public var capacityBuffer = 0.9
    public var avoidShortStints = false
    public var startOnFoot = false
    public var useV1Rules = false
    public var softening = 10.0
    public var weightSoftening = 0.0
    public var weightPower = 1.0
    public var distancePower = 1.0
    public var stayCloseToHome = false
    public var homeDistancePower = 0.5
    public var usePopForLocWeight = false
    public var popPowerForLocWeight = 0.1
    public var movechancePopBase = 10000.0
    public var movechancePopScaleFactor = 0.0
    public var childrenAvoidHazards = false
    public var boysTakeRisk = false
    public var matchCampEthnicity = false
    public var matchTownEthnicity = false
    public var matchConflictEthnicity = false
    // optimisations
    public var hasten = 1

    /// Messages about keys that were present but are not used.
    public var warnings: [String] = []

    public init() {}

    /// The settings the model uses: `use_v1_rules` forces five values (reference §14).
    public var effective: SimulationSettings {
        guard useV1Rules else { return self }
        var s = self
        s.maxMoveSpeed = 200; s.startOnFoot = false; s.avoidShortStints = false
        s.campWeight = 2.0; s.conflictWeight = 0.25
        return s
    }

    /// Reads a simsetting.yml. Unknown keys give warnings; malformed values and the
    /// unsupported `flood_rules` section give an error naming file, line and key.
    public static func load(path: String) throws -> SimulationSettings {
        return try parse(yaml: try readBoundedFile(path), file: path)
    }

    public static func parse(yaml: String, file: String = "simsetting.yml") throws -> SimulationSettings {
        var s = SimulationSettings()
        let root: Node?
        if let p = yamlBoundsProblem(yaml) { throw DisplacementInputError(file: file, line: p.line, "YAML refused: \(p.message)") }
        do { root = try Yams.compose(yaml: yaml) } catch {
            throw DisplacementInputError(file: file, "not valid YAML: \(error)")
        }
        guard let root else { return s }
        guard case .mapping(let top) = root else {
            throw DisplacementInputError(file: file, line: root.mark?.line, "the settings must be a mapping of sections")
        }
        var p = YAMLFields(file: file)
        for (k, v) in top {
            let key = k.string ?? ""
            switch key {
            case "number_of_steps": s.numberOfSteps = try p.int(v, key)
            case "conflict_input_file": s.conflictInputFile = v.string ?? ""
            case "log_levels":
                for (k2, v2) in try p.section(v, key) {
                    let key2 = k2.string ?? ""
                    let name = "log_levels.\(key2)"
                    switch key2 {
                    case "agent": s.logAgent = try p.int(v2, name)
                    case "link": s.logLink = try p.int(v2, name)
                    case "camp": s.logCamp = try p.int(v2, name)
                    case "init": s.logInit = try p.int(v2, name)
                    case "conflict": s.logConflict = try p.int(v2, name)
                    case "idp_totals": s.logIdpTotals = try p.int(v2, name)
                    default: p.unused(k2, name)
                    }
                }
            case "spawn_rules":
                for (k2, v2) in try p.section(v, key) {
                    let key2 = k2.string ?? ""
                    let name = "spawn_rules.\(key2)"
                    switch key2 {
                    case "take_from_population": s.takeFromPopulation = try p.bool(v2, name)
                    case "insert_day0": s.insertDay0 = try p.bool(v2, name)
                    case "conflict_zone_spawning_only":
                        s.conflictZoneSpawningOnly = try p.bool(v2, name)
                        if !s.conflictZoneSpawningOnly {
                            p.warnings.append("\(file):\(k2.mark?.line ?? 0): \(name): False has no effect; only conflict zones spawn (as in Flee 3.1)")
                        }
                    case "flood_zone_spawning_only": s.floodZoneSpawningOnly = try p.bool(v2, name)
                    case "camps_are_sicks": s.campsAreSinks = try p.bool(v2, name)
                    case "read_from_agents_csv_file": s.readFromAgentsCSVFile = try p.bool(v2, name)
                    case "conflict_spawn_decay":
                        guard case .sequence(let seq) = v2 else { throw p.error(v2, name, "expected a list of numbers") }
                        s.conflictSpawnDecay = try seq.map { try p.double($0, name) }
                        if s.conflictSpawnDecay!.isEmpty { s.conflictSpawnDecay = nil }
                    case "conflict_driven_spawning":
                        var mode = ConflictDrivenSpawning.Mode.constant
                        var rate: Double? = nil
                        for (k3, v3) in try p.section(v2, name) {
                            let key3 = k3.string ?? ""
                            switch key3 {
                            case "spawn_mode":
                                guard let m = ConflictDrivenSpawning.Mode(rawValue: v3.string ?? "") else {
                                    throw p.error(v3, "\(name).spawn_mode", "'\(v3.string ?? "")' is not constant, pop_ratio or Poisson")
                                }
                                mode = m
                            case "displaced_per_conflict_day": rate = try p.double(v3, "\(name).\(key3)")
                            default: p.unused(k3, "\(name).\(key3)")
                            }
                        }
                        // pop_ratio's rate is a share of the population, spawned every day.
                        if mode == .popRatio, let r = rate, r > 1 {
                            throw DisplacementInputError(file: file, field: "\(name).displaced_per_conflict_day",
                                                         "\(r) is outside [0, 1] (with spawn_mode pop_ratio it is a share of the population)")
                        }
                        s.conflictDrivenSpawning = ConflictDrivenSpawning(mode: mode, displacedPerConflictDay: rate)
                    case "flood_driven_spawning":
                        throw p.error(k2, name, "the flood model is out of scope")
                    default: p.unused(k2, name)
                    }
                }
            case "move_rules":
                for (k2, v2) in try p.section(v, key) {
                    let key2 = k2.string ?? ""
                    let name = "move_rules.\(key2)"
                    switch key2 {
                    case "max_move_speed": s.maxMoveSpeed = try p.double(v2, name)
                    case "max_walk_speed": s.maxWalkSpeed = try p.double(v2, name)
                    case "max_crossing_speed": s.maxCrossingSpeed = try p.double(v2, name)
                    case "foreign_weight": s.foreignWeight = try p.double(v2, name)
                    case "camp_weight": s.campWeight = try p.double(v2, name)
                    case "conflict_weight": s.conflictWeight = try p.double(v2, name)
                    case "conflict_movechance": s.conflictMovechance = try p.double(v2, name)
                    case "camp_movechance": s.campMovechance = try p.double(v2, name)
                    case "idpcamp_movechance": s.idpcampMovechance = try p.double(v2, name)
                    case "default_movechance": s.defaultMovechance = try p.double(v2, name)
                    case "awareness_level": s.awarenessLevel = try p.int(v2, name)
                    case "capacity_buffer": s.capacityBuffer = try p.double(v2, name)
                    case "avoid_short_stints": s.avoidShortStints = try p.bool(v2, name)
                    case "start_on_foot": s.startOnFoot = try p.bool(v2, name)
                    case "use_v1_rules": s.useV1Rules = try p.bool(v2, name)
                    case "softening": s.softening = try p.double(v2, name)
                    case "weight_softening": s.weightSoftening = try p.double(v2, name)
                    case "weight_power": s.weightPower = try p.double(v2, name)
                    case "distance_power": s.distancePower = try p.double(v2, name)
                    case "stay_close_to_home": s.stayCloseToHome = try p.bool(v2, name)
                    case "home_distance_power": s.homeDistancePower = try p.double(v2, name)
                    case "use_pop_for_loc_weight": s.usePopForLocWeight = try p.bool(v2, name)
                    case "pop_power_for_loc_weight": s.popPowerForLocWeight = try p.double(v2, name)
                    case "movechance_pop_base": s.movechancePopBase = try p.double(v2, name)
                    case "movechance_pop_scale_factor": s.movechancePopScaleFactor = try p.double(v2, name)
                    case "ChildrenAvoidHazards": s.childrenAvoidHazards = try p.bool(v2, name)
                    case "BoysTakeRisk": s.boysTakeRisk = try p.bool(v2, name)
                    case "MatchCampEthnicity": s.matchCampEthnicity = try p.bool(v2, name)
                    case "MatchTownEthnicity": s.matchTownEthnicity = try p.bool(v2, name)
                    case "MatchConflictEthnicity": s.matchConflictEthnicity = try p.bool(v2, name)
                    case "capacity_scaling":
                        p.warnings.append("\(file):\(k2.mark?.line ?? 0): \(name) is ignored (Flee 3.1 does not read it)")
                    default: p.unused(k2, name)
                    }
                }
            case "optimisations":
                for (k2, v2) in try p.section(v, key) {
                    let key2 = k2.string ?? ""
                    switch key2 {
                    case "hasten":
                        s.hasten = try p.int(v2, "optimisations.hasten")
                        if s.hasten < 1 { throw p.error(v2, "optimisations.hasten", "must be at least 1") }
                    default: p.unused(k2, "optimisations.\(key2)")
                    }
                }
            case "flood_rules":
                throw p.error(k, key, "the flood model is out of scope; remove the flood_rules section")
            default: p.unused(k, key)
            }
        }
        for (name, v) in [("max_move_speed", s.maxMoveSpeed), ("max_walk_speed", s.maxWalkSpeed)] where !(v > 0) {
            throw DisplacementInputError(file: file, field: "move_rules.\(name)", "must be positive, got \(v)")
        }
        if !(0..<1).contains(s.capacityBuffer) {
            throw DisplacementInputError(file: file, field: "move_rules.capacity_buffer", "must be in [0, 1), got \(s.capacityBuffer)")
        }
        s.warnings = p.warnings
        return s
    }
}

/// Strict typed access to YAML nodes with file/line in every error.
private struct YAMLFields {
    let file: String
    var warnings: [String] = []

    func error(_ node: Node, _ key: String, _ message: String) -> DisplacementInputError {
        DisplacementInputError(file: file, line: node.mark?.line, field: key, message)
    }

    mutating func unused(_ keyNode: Node, _ key: String) {
        warnings.append("\(file):\(keyNode.mark?.line ?? 0): \(key) is not used by Fulcrum (ignored)")
    }

    func section(_ node: Node, _ key: String) throws -> Node.Mapping {
        if case .mapping(let m) = node { return m }
        if case .scalar(let s) = node, s.string.isEmpty || s.string == "~" || s.string == "null" { return Node.Mapping([]) }
        throw error(node, key, "expected a section (a mapping of keys)")
    }

    private func plain(_ node: Node, _ key: String) throws -> Node.Scalar {
        guard case .scalar(let s) = node else { throw error(node, key, "expected a single value") }
        return s
    }

    func double(_ node: Node, _ key: String) throws -> Double {
        let s = try plain(node, key)
        let t = s.string.trimmingCharacters(in: .whitespaces)
        var d: Double
        if let v = Double(t), v.isFinite { d = v } else {
            switch t.lowercased() {
            case ".inf", "+.inf": d = .infinity
            default: throw error(node, key, "'\(t)' is not a number")
            }
        }
        try check(d, node, key)
        return d
    }

    func int(_ node: Node, _ key: String) throws -> Int {
        let s = try plain(node, key)
        let t = s.string.trimmingCharacters(in: .whitespaces)
        if let i = Int(t) { try check(Double(i), node, key); return i }
        if let d = Double(t), d == d.rounded(), abs(d) < 1e15 { try check(d, node, key); return Int(d) }
        throw error(node, key, "'\(t)' is not an integer")
    }

    /// The key's bound (`ValueBounds.fleeSettings`), so the engine never sees a value that overflows.
    func check(_ v: Double, _ node: Node, _ key: String) throws {
        if let r = ValueBounds.fleeSettings[key], !r.contains(v) {
            throw error(node, key, "\(v) is outside \(ValueBounds.describe(r))")
        }
    }

    /// YAML 1.1 booleans (as PyYAML reads them) and 0/1; a quoted string is an error
    /// because 3.1 would read `"False"` as true.
    func bool(_ node: Node, _ key: String) throws -> Bool {
        let s = try plain(node, key)
        if s.style == .singleQuoted || s.style == .doubleQuoted {
            throw error(node, key, "'\(s.string)' is a quoted string, not a boolean (write it without quotes)")
        }
        switch s.string.trimmingCharacters(in: .whitespaces).lowercased() {
        case "true", "yes", "on", "1": return true
        case "false", "no", "off", "0": return false
        default: throw error(node, key, "'\(s.string)' is not a boolean")
        }
    }
}
