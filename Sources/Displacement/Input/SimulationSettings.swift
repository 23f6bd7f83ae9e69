import BoundedInput
import Foundation
import Yams

/// How conflict zones produce new displaced people when `spawn_rules.conflict_driven_spawning`
/// is present.
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

/// Residents flee places under threat (Fulcrum's rule, not Flee's; docs/displacement.md,
/// "Flight and return rules"): a front-loaded onset wave, a sustained daily share, and
/// anticipatory flight near a threat. Replaces `conflict_driven_spawning`.
public struct FlightRules: Sendable, Equatable {
    /// Share of residents who flee in the onset wave of a threat of intensity 1.
    public var onsetShare = 0.3
    /// E-folding time of the onset wave, days (> 0).
    public var onsetDays = 2.0
    /// Daily share fleeing a place under a threat of intensity 1.
    public var dailyShare = 0.004
    /// Daily share fleeing a place next to (distance 0) a threat of intensity 1.
    public var anticipationShare = 0.002
    /// Radius of anticipatory flight, great-circle km; the rate tapers linearly to 0 there. 0: off.
    public var anticipationKm = 20.0
    public init() {}
}

/// Displaced people go back to a home that has been safe for a while (Fulcrum's rule).
public struct ReturnRules: Sendable, Equatable {
    /// Whole days a home must be safe before its displaced people start going back.
    public var delayDays = 7
    /// Daily share of the people displaced from a safe home who go back.
    public var dailyShare = 0.05
    public init() {}
}

/// One setting as written, whatever the format it was written in: a dotted key as in
/// simsetting.yml (`move_rules.max_move_speed`), a typed value, and where it was written.
/// `SimulationSettings(entries:)` is the one place that knows the keys; simsetting.yml and
/// the scenario format are both turned into entries first.
public struct SettingEntry: Sendable, Hashable {
    public enum Value: Sendable, Hashable {
        case number(Double)
        case flag(Bool)
        case text(String)
        case numbers([Double])
        /// A section (a mapping of further keys, which follow as entries of their own).
        /// Optional: a key under a section also says the section is there.
        case section
        /// A value of a shape no setting takes (for example a list of words), described.
        case unusable(String)
    }

    /// Where an entry was written. `field` is the name messages use when it differs from
    /// the dotted key (a scenario's `displacement.settings.move_rules.max_move_speed`).
    public struct Origin: Sendable, Hashable {
        public var file: String
        public var line: Int?
        public var field: String?
        public init(file: String, line: Int? = nil, field: String? = nil) {
            self.file = file; self.line = line; self.field = field
        }
    }

    public var key: String
    public var value: Value
    public var origin: Origin

    public init(key: String, value: Value, origin: Origin) {
        self.key = key; self.value = value; self.origin = origin
    }

    /// How messages name this entry's key, or the section `prefix` above it.
    func field(_ prefix: String? = nil) -> String {
        let name = prefix ?? key
        guard let f = origin.field else { return name }
        return f.hasSuffix(key) ? String(f.dropLast(key.count)) + name : f
    }
}

/// A setting that was accepted but does nothing, or a key nobody reads.
public struct SettingWarning: Sendable, Hashable, CustomStringConvertible {
    public var file: String
    public var line: Int?
    public var field: String
    /// What is wrong, following the field name (e.g. "is not used by Fulcrum (ignored)").
    public var message: String
    public var description: String { "\(file):\(line ?? 0): \(field) \(message)" }
}

/// Every simsetting.yml key Flee 3.1 reads, with 3.1's code defaults (docs/displacement-settings.md).
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
    // Fulcrum's sections (absent: off)
    public var flightRules: FlightRules? = nil
    public var returnRules: ReturnRules? = nil
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

    /// Keys that were present but do nothing, with where they were written.
    public internal(set) var settingWarnings: [SettingWarning] = []
    /// `settingWarnings` as `file:line: field message` lines.
    public var warnings: [String] { settingWarnings.map(\.description) }

    public init() {}

    /// The settings the model uses: `use_v1_rules` forces five values.
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

    /// simsetting.yml text → entries → `init(entries:)`.
    public static func parse(yaml: String, file: String = "simsetting.yml") throws -> SimulationSettings {
        try SimulationSettings(entries: entries(yaml: yaml, file: file))
    }

    /// The settings from typed entries, applied in order. A key nobody reads gives a
    /// warning carrying where it was written; a value of the wrong type or out of range,
    /// or a section Fulcrum refuses, throws `DisplacementInputError` naming file, line and
    /// field.
    public init(entries: [SettingEntry]) throws {
        var build = SettingsBuilder()
        for entry in entries { try build.apply(entry) }
        self = try build.finish()
    }
}

// MARK: the keys

/// Reads one entry's value as the type its key takes, with the entry's file, line and
/// field in every error.
struct SettingValue {
    let entry: SettingEntry

    func error(_ message: String) -> DisplacementInputError {
        DisplacementInputError(file: entry.origin.file, line: entry.origin.line, field: entry.field(), message)
    }

    private var shown: String {
        switch entry.value {
        case .number(let d): return d == d.rounded() && abs(d) < 1e15 ? String(Int64(d)) : "\(d)"
        case .flag(let b): return b ? "True" : "False"
        case .text(let t): return t
        case .numbers(let a): return "\(a)"
        case .section: return "a section"
        case .unusable(let what): return what
        }
    }

    private func single() throws {
        switch entry.value {
        case .numbers, .section, .unusable: throw error("expected a single value")
        default: break
        }
    }

    func number() throws -> Double {
        try single()
        switch entry.value {
        case .number(let d): return try bounded(d)
        case .text(let t):
            let trimmed = t.trimmingCharacters(in: .whitespaces)
            if let d = Double(trimmed), d.isFinite { return try bounded(d) }
            if [".inf", "+.inf"].contains(trimmed.lowercased()) { return try bounded(.infinity) }
        default: break
        }
        throw error("'\(shown)' is not a number")
    }

    func int() throws -> Int {
        try single()
        if case .text(let t) = entry.value, let i = Int(t.trimmingCharacters(in: .whitespaces)) { return Int(try bounded(Double(i))) }
        guard let d = try? number(), d == d.rounded(), abs(d) < 1e15 else { throw error("'\(shown)' is not an integer") }
        return Int(d)
    }

    /// The key's bound (`ValueBounds.fleeSettings`), so the engine never sees a value that overflows.
    private func bounded(_ d: Double) throws -> Double {
        if let r = ValueBounds.fleeSettings[entry.key], !r.contains(d) { throw error("\(d) is outside \(ValueBounds.describe(r))") }
        return d
    }

    /// YAML 1.1 booleans (as PyYAML reads them) and 0/1; text is an error because 3.1
    /// would read a quoted `"False"` as true.
    func bool() throws -> Bool {
        try single()
        switch entry.value {
        case .flag(let b): return b
        case .number(0): return false
        case .number(1): return true
        case .text(let t) where SettingsYAML.booleanWords[t.trimmingCharacters(in: .whitespaces).lowercased()] != nil:
            throw error("'\(t)' is a quoted string, not a boolean (write it without quotes)")
        default: throw error("'\(shown)' is not a boolean")
        }
    }

    func text() throws -> String {
        try single()
        return shown
    }

    func numbers() throws -> [Double] {
        guard case .numbers(let a) = entry.value else { throw error("expected a list of numbers") }
        return a
    }
}

/// Applies entries in order; keeps what a key's meaning depends on until the end.
struct SettingsBuilder {
    typealias Apply = @Sendable (inout SettingsBuilder, SettingValue) throws -> Void

    var settings = SimulationSettings()
    var warnings: [SettingWarning] = []
    /// Where each applied key was written, for the range checks at the end.
    var origins: [String: SettingEntry] = [:]
    var spawningSection = false
    var spawningMode = ConflictDrivenSpawning.Mode.constant
    var spawningRate: Double? = nil
    var flightSection = false
    var flight = FlightRules()
    var returnSection = false
    var returning = ReturnRules()
    private var warnedPrefixes: Set<String> = []

    /// Sections: a key under one of them is looked up in `keys`.
    static let sections: Set<String> = ["log_levels", "spawn_rules", "move_rules", "optimisations",
                                        "spawn_rules.conflict_driven_spawning", "flight_rules", "return_rules"]

    /// Sections Fulcrum refuses, and why.
    static let refused: [String: String] = [
        "flood_rules": "the flood model is out of scope; remove the flood_rules section",
        "spawn_rules.flood_driven_spawning": "the flood model is out of scope",
    ]

    /// Every key, and what it sets.
    static let keys: [String: Apply] = [
        "number_of_steps": { $0.settings.numberOfSteps = try $1.int() },
        "conflict_input_file": { $0.settings.conflictInputFile = try $1.text() },
        "log_levels.agent": { $0.settings.logAgent = try $1.int() },
        "log_levels.link": { $0.settings.logLink = try $1.int() },
        "log_levels.camp": { $0.settings.logCamp = try $1.int() },
        "log_levels.init": { $0.settings.logInit = try $1.int() },
        "log_levels.conflict": { $0.settings.logConflict = try $1.int() },
        "log_levels.idp_totals": { $0.settings.logIdpTotals = try $1.int() },
        "spawn_rules.take_from_population": { $0.settings.takeFromPopulation = try $1.bool() },
        "spawn_rules.insert_day0": { $0.settings.insertDay0 = try $1.bool() },
        "spawn_rules.conflict_zone_spawning_only": { b, v in
            b.settings.conflictZoneSpawningOnly = try v.bool()
            if !b.settings.conflictZoneSpawningOnly { b.warn(v.entry, "is False, which has no effect: only conflict zones spawn (as in Flee 3.1)") }
        },
        "spawn_rules.flood_zone_spawning_only": { $0.settings.floodZoneSpawningOnly = try $1.bool() },
        // Flee 3.1's spelling.
        "spawn_rules.camps_are_sicks": { $0.settings.campsAreSinks = try $1.bool() },
        "spawn_rules.read_from_agents_csv_file": { $0.settings.readFromAgentsCSVFile = try $1.bool() },
        "spawn_rules.conflict_spawn_decay": { b, v in
            let decay = try v.numbers()
            b.settings.conflictSpawnDecay = decay.isEmpty ? nil : decay
        },
        "spawn_rules.conflict_driven_spawning.spawn_mode": { b, v in
            let name = try v.text()
            guard let mode = ConflictDrivenSpawning.Mode(rawValue: name) else { throw v.error("'\(name)' is not constant, pop_ratio or Poisson") }
            b.spawningMode = mode
        },
        "spawn_rules.conflict_driven_spawning.displaced_per_conflict_day": { $0.spawningRate = try $1.number() },
        "move_rules.max_move_speed": { $0.settings.maxMoveSpeed = try $1.number() },
        "move_rules.max_walk_speed": { $0.settings.maxWalkSpeed = try $1.number() },
        "move_rules.max_crossing_speed": { $0.settings.maxCrossingSpeed = try $1.number() },
        "move_rules.foreign_weight": { $0.settings.foreignWeight = try $1.number() },
        "move_rules.camp_weight": { $0.settings.campWeight = try $1.number() },
        "move_rules.conflict_weight": { $0.settings.conflictWeight = try $1.number() },
        "move_rules.conflict_movechance": { $0.settings.conflictMovechance = try $1.number() },
        "move_rules.camp_movechance": { $0.settings.campMovechance = try $1.number() },
        "move_rules.idpcamp_movechance": { $0.settings.idpcampMovechance = try $1.number() },
        "move_rules.default_movechance": { $0.settings.defaultMovechance = try $1.number() },
        "move_rules.awareness_level": { $0.settings.awarenessLevel = try $1.int() },
        "move_rules.capacity_buffer": { $0.settings.capacityBuffer = try $1.number() },
        "move_rules.avoid_short_stints": { $0.settings.avoidShortStints = try $1.bool() },
        "move_rules.start_on_foot": { $0.settings.startOnFoot = try $1.bool() },
        "move_rules.use_v1_rules": { $0.settings.useV1Rules = try $1.bool() },
        "move_rules.softening": { $0.settings.softening = try $1.number() },
        "move_rules.weight_softening": { $0.settings.weightSoftening = try $1.number() },
        "move_rules.weight_power": { $0.settings.weightPower = try $1.number() },
        "move_rules.distance_power": { $0.settings.distancePower = try $1.number() },
        "move_rules.stay_close_to_home": { $0.settings.stayCloseToHome = try $1.bool() },
        "move_rules.home_distance_power": { $0.settings.homeDistancePower = try $1.number() },
        "move_rules.use_pop_for_loc_weight": { $0.settings.usePopForLocWeight = try $1.bool() },
        "move_rules.pop_power_for_loc_weight": { $0.settings.popPowerForLocWeight = try $1.number() },
        "move_rules.movechance_pop_base": { $0.settings.movechancePopBase = try $1.number() },
        "move_rules.movechance_pop_scale_factor": { $0.settings.movechancePopScaleFactor = try $1.number() },
        "move_rules.ChildrenAvoidHazards": { $0.settings.childrenAvoidHazards = try $1.bool() },
        "move_rules.BoysTakeRisk": { $0.settings.boysTakeRisk = try $1.bool() },
        "move_rules.MatchCampEthnicity": { $0.settings.matchCampEthnicity = try $1.bool() },
        "move_rules.MatchTownEthnicity": { $0.settings.matchTownEthnicity = try $1.bool() },
        "move_rules.MatchConflictEthnicity": { $0.settings.matchConflictEthnicity = try $1.bool() },
        "move_rules.capacity_scaling": { b, v in b.warn(v.entry, "is ignored (Flee 3.1 does not read it)") },
        "flight_rules.onset_share": { $0.flight.onsetShare = try $1.number() },
        "flight_rules.onset_days": { $0.flight.onsetDays = try $1.number() },
        "flight_rules.daily_share": { $0.flight.dailyShare = try $1.number() },
        "flight_rules.anticipation_share": { $0.flight.anticipationShare = try $1.number() },
        "flight_rules.anticipation_km": { $0.flight.anticipationKm = try $1.number() },
        // Whole days; an uncertain value drawn between them is rounded.
        "return_rules.delay_days": { $0.returning.delayDays = Int(try $1.number().rounded()) },
        "return_rules.daily_share": { $0.returning.dailyShare = try $1.number() },
        "optimisations.hasten": { b, v in
            b.settings.hasten = try v.int()
            if b.settings.hasten < 1 { throw v.error("must be at least 1") }
        },
    ]

    mutating func warn(_ entry: SettingEntry, _ message: String, prefix: String? = nil) {
        warnings.append(SettingWarning(file: entry.origin.file, line: entry.origin.line, field: entry.field(prefix), message: message))
    }

    mutating func apply(_ entry: SettingEntry) throws {
        let value = SettingValue(entry: entry)
        let parts = entry.key.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        // Walk down the key: every prefix must be a section Fulcrum knows.
        var prefix = ""
        for (i, part) in parts.enumerated() {
            prefix = i == 0 ? part : prefix + "." + part
            if let why = Self.refused[prefix] {
                throw DisplacementInputError(file: entry.origin.file, line: entry.origin.line, field: entry.field(prefix), why)
            }
            if prefix == "spawn_rules.conflict_driven_spawning" { spawningSection = true }
            if prefix == "flight_rules" { flightSection = true }
            if prefix == "return_rules" { returnSection = true }
            let last = i == parts.count - 1
            if let set = Self.keys[prefix] {
                guard last else { throw value.error("expected a single value").named(entry.field(prefix)) }
                if case .section = entry.value { throw value.error("expected a single value") }
                try set(&self, value)
                origins[prefix] = entry
                return
            }
            if Self.sections.contains(prefix) {
                if last { try checkSection(value) }
                continue
            }
            if warnedPrefixes.insert(prefix).inserted { warn(entry, "is not used by Fulcrum (ignored)", prefix: prefix) }
            return
        }
    }

    /// A section given as a value: a mapping, or empty (`~`, nothing).
    private func checkSection(_ value: SettingValue) throws {
        switch value.entry.value {
        case .section: return
        case .text(let t) where ["", "~", "null"].contains(t.trimmingCharacters(in: .whitespaces)): return
        default: throw value.error("expected a section (a mapping of keys)")
        }
    }

    /// The settings, after the checks that need every key.
    func finish() throws -> SimulationSettings {
        var s = settings
        if spawningSection { s.conflictDrivenSpawning = ConflictDrivenSpawning(mode: spawningMode, displacedPerConflictDay: spawningRate) }
        func check(_ key: String, _ ok: Bool, _ message: String) throws {
            guard !ok, let entry = origins[key] else { return }
            throw SettingValue(entry: entry).error(message)
        }
        // pop_ratio's rate is a share of the population, spawned every day.
        try check("spawn_rules.conflict_driven_spawning.displaced_per_conflict_day", spawningMode != .popRatio || (spawningRate ?? 0) <= 1,
                  "\(spawningRate ?? 0) is outside [0, 1] (with spawn_mode pop_ratio it is a share of the population)")
        try check("move_rules.max_move_speed", s.maxMoveSpeed > 0, "must be positive, got \(s.maxMoveSpeed)")
        try check("move_rules.max_walk_speed", s.maxWalkSpeed > 0, "must be positive, got \(s.maxWalkSpeed)")
        try check("move_rules.capacity_buffer", (0..<1).contains(s.capacityBuffer), "must be in [0, 1), got \(s.capacityBuffer)")
        if flightSection {
            let f = flight
            try check("flight_rules.onset_share", (0..<1).contains(f.onsetShare), "must be in [0, 1), got \(f.onsetShare)")
            try check("flight_rules.onset_days", f.onsetDays > 0 && f.onsetDays.isFinite, "must be positive, got \(f.onsetDays)")
            try check("flight_rules.daily_share", (0..<1).contains(f.dailyShare), "must be in [0, 1), got \(f.dailyShare)")
            try check("flight_rules.anticipation_share", (0..<1).contains(f.anticipationShare), "must be in [0, 1), got \(f.anticipationShare)")
            try check("flight_rules.anticipation_km", f.anticipationKm >= 0 && f.anticipationKm.isFinite, "must be ≥ 0, got \(f.anticipationKm)")
            s.flightRules = f
        }
        if returnSection {
            try check("return_rules.delay_days", returning.delayDays >= 0, "must be ≥ 0, got \(returning.delayDays)")
            try check("return_rules.daily_share", (0...1).contains(returning.dailyShare), "must be in [0, 1], got \(returning.dailyShare)")
            s.returnRules = returning
        }
        s.settingWarnings = warnings
        return s
    }
}

private extension DisplacementInputError {
    func named(_ field: String) -> DisplacementInputError {
        var e = self
        e.field = field
        return e
    }
}

// MARK: simsetting.yml

/// simsetting.yml as setting entries.
enum SettingsYAML {
    /// YAML 1.1's boolean words, as PyYAML reads them.
    static let booleanWords: [String: Bool] = ["true": true, "yes": true, "on": true, "false": false, "no": false, "off": false]

    /// One entry per key in file order, sections included, each at its key's line.
    static func entries(yaml: String, file: String) throws -> [SettingEntry] {
        if let p = yamlBoundsProblem(yaml) { throw DisplacementInputError(file: file, line: p.line, "YAML refused: \(p.message)") }
        let root: Node?
        do { root = try Yams.compose(yaml: yaml) } catch {
            throw DisplacementInputError(file: file, "not valid YAML: \(error)")
        }
        guard let root else { return [] }
        guard case .mapping(let top) = root else {
            throw DisplacementInputError(file: file, line: root.mark?.line, "the settings must be a mapping of sections")
        }
        var entries: [SettingEntry] = []
        func walk(_ mapping: Node.Mapping, prefix: String) {
            for (keyNode, node) in mapping {
                let name = keyNode.string ?? ""
                let key = prefix.isEmpty ? name : prefix + "." + name
                let origin = SettingEntry.Origin(file: file, line: keyNode.mark?.line)
                switch node {
                case .mapping(let inner):
                    entries.append(SettingEntry(key: key, value: .section, origin: origin))
                    walk(inner, prefix: key)
                case .sequence(let items):
                    let numbers = items.compactMap { item -> Double? in
                        if case .scalar(let s) = item, case .number(let d) = SettingsYAML.value(s) { return d }
                        return nil
                    }
                    let list: SettingEntry.Value = numbers.count == items.count ? .numbers(numbers) : .unusable("a list that is not all numbers")
                    entries.append(SettingEntry(key: key, value: list, origin: origin))
                case .scalar(let s):
                    entries.append(SettingEntry(key: key, value: SettingsYAML.value(s), origin: origin))
                case .alias:
                    entries.append(SettingEntry(key: key, value: .unusable("an alias"), origin: origin))
                }
            }
        }
        walk(top, prefix: "")
        return entries
    }

    /// A plain scalar is a boolean word, a number or text; a quoted one is always text.
    static func value(_ s: Node.Scalar) -> SettingEntry.Value {
        if s.style == .singleQuoted || s.style == .doubleQuoted { return .text(s.string) }
        let t = s.string.trimmingCharacters(in: .whitespaces)
        if let b = booleanWords[t.lowercased()] { return .flag(b) }
        if let d = Double(t), d.isFinite { return .number(d) }
        if [".inf", "+.inf"].contains(t.lowercased()) { return .number(.infinity) }
        return .text(s.string)
    }
}

extension SimulationSettings {
    /// simsetting.yml text as setting entries (one per key, sections included, in file order).
    public static func entries(yaml: String, file: String = "simsetting.yml") throws -> [SettingEntry] {
        try SettingsYAML.entries(yaml: yaml, file: file)
    }
}
