/// Every displacement-model setting a scenario's `displacement.settings:` (Flee's
/// simsetting.yml) may give: its key, default, unit and meaning, for `fulcrum describe
/// --catalogue`, `fulcrum schema` and docs/displacement.md. The defaults are
/// `SimulationSettings()`'s; a test checks that the parser accepts every key listed here.
public struct SettingInfo: Sendable, Hashable {
    /// Section and key, e.g. `move_rules.max_move_speed` (top-level keys have no section).
    public var key: String
    public enum Kind: String, Sendable, Hashable { case number, integer, bool, text, list, mapping }
    public var kind: Kind
    public var defaultValue: String
    public var unit: String
    public var meaning: String
}

extension SimulationSettings {
    public static let catalogue: [SettingInfo] = {
        let d = SimulationSettings()
        let f = FlightRules(), r = ReturnRules()
        func n(_ x: Double) -> String { x == x.rounded() && abs(x) < 1e15 ? String(Int64(x)) : String(x) }
        func b(_ x: Bool) -> String { x ? "true" : "false" }
        return [
            .init(key: "number_of_steps", kind: .integer, defaultValue: String(d.numberOfSteps), unit: "days", meaning: "read and ignored: the run's days come from the scenario's horizon"),
            .init(key: "conflict_input_file", kind: .text, defaultValue: "\"\"", unit: "", meaning: "read and ignored: the conflict schedule comes from the branch"),
            .init(key: "log_levels.agent", kind: .integer, defaultValue: String(d.logAgent), unit: "", meaning: "Flee's per-agent logging; no effect on results"),
            .init(key: "log_levels.link", kind: .integer, defaultValue: String(d.logLink), unit: "", meaning: "Flee's per-link logging; no effect on results"),
            .init(key: "log_levels.camp", kind: .integer, defaultValue: String(d.logCamp), unit: "", meaning: "Flee's arrival statistics; no effect on results"),
            .init(key: "log_levels.init", kind: .integer, defaultValue: String(d.logInit), unit: "", meaning: "Flee's set-up printing; no effect on results"),
            .init(key: "log_levels.conflict", kind: .integer, defaultValue: String(d.logConflict), unit: "", meaning: "Flee's conflict-decay printing; no effect on results"),
            .init(key: "log_levels.idp_totals", kind: .integer, defaultValue: String(d.logIdpTotals), unit: "", meaning: "adds a total-IDPs column to Flee's out.csv"),
            .init(key: "spawn_rules.take_from_population", kind: .bool, defaultValue: b(d.takeFromPopulation), unit: "", meaning: "people who flee leave their town's population (so a town can empty)"),
            .init(key: "spawn_rules.insert_day0", kind: .bool, defaultValue: b(d.insertDay0), unit: "", meaning: "day 0 fills camps with their recorded refugees, and nobody flees on day 0"),
            .init(key: "spawn_rules.conflict_zone_spawning_only", kind: .bool, defaultValue: b(d.conflictZoneSpawningOnly), unit: "", meaning: "people flee only from conflict zones (false has no effect, as in Flee 3.1)"),
            .init(key: "spawn_rules.flood_zone_spawning_only", kind: .bool, defaultValue: b(d.floodZoneSpawningOnly), unit: "", meaning: "Flee's flood model: not modelled"),
            .init(key: "spawn_rules.camps_are_sicks", kind: .bool, defaultValue: b(d.campsAreSinks), unit: "", meaning: "people who reach a camp stay there for good (camp sinks; the key is spelt as in Flee)"),
            .init(key: "spawn_rules.read_from_agents_csv_file", kind: .bool, defaultValue: b(d.readFromAgentsCSVFile), unit: "", meaning: "start from Flee's agents.csv of preset agents"),
            .init(key: "spawn_rules.conflict_spawn_decay", kind: .list, defaultValue: "none", unit: "", meaning: "factors on the number who flee, one per 30-day block of a conflict (e.g. [1, 1, 1, 0.5, 0.1])"),
            .init(key: "spawn_rules.conflict_driven_spawning.spawn_mode", kind: .text, defaultValue: "absent", unit: "", meaning: "how conflict zones displace people: constant, pop_ratio (a share of the residents each day) or Poisson; without the section, data-driven spawning"),
            .init(key: "spawn_rules.conflict_driven_spawning.displaced_per_conflict_day", kind: .number, defaultValue: "500 (0.01 for pop_ratio)", unit: "people per day, or a share per day", meaning: "who flees a conflict zone each day: a number (constant, Poisson mean) or a share of its residents (pop_ratio)"),
            .init(key: "move_rules.max_move_speed", kind: .number, defaultValue: n(d.maxMoveSpeed), unit: "km per day", meaning: "how far a person travels in a day by road"),
            .init(key: "move_rules.max_walk_speed", kind: .number, defaultValue: n(d.maxWalkSpeed), unit: "km per day", meaning: "how far a person walks in a day (the first link with start_on_foot)"),
            .init(key: "move_rules.max_crossing_speed", kind: .number, defaultValue: n(d.maxCrossingSpeed), unit: "km per day", meaning: "read; used only by Flee's multiscale model"),
            .init(key: "move_rules.foreign_weight", kind: .number, defaultValue: n(d.foreignWeight), unit: "1", meaning: "attraction of a place in another country, relative to 1"),
            .init(key: "move_rules.camp_weight", kind: .number, defaultValue: n(d.campWeight), unit: "1", meaning: "attraction of a camp, relative to 1"),
            .init(key: "move_rules.conflict_weight", kind: .number, defaultValue: n(d.conflictWeight), unit: "1", meaning: "attraction of a conflict zone (1/√10 by default: people avoid fighting)"),
            .init(key: "move_rules.conflict_movechance", kind: .number, defaultValue: n(d.conflictMovechance), unit: "probability per day", meaning: "chance a person in a conflict zone moves on a given day"),
            .init(key: "move_rules.camp_movechance", kind: .number, defaultValue: n(d.campMovechance), unit: "probability per day", meaning: "chance a person in a camp moves on a given day"),
            .init(key: "move_rules.idpcamp_movechance", kind: .number, defaultValue: n(d.idpcampMovechance), unit: "probability per day", meaning: "chance a person in an IDP camp moves on a given day"),
            .init(key: "move_rules.default_movechance", kind: .number, defaultValue: n(d.defaultMovechance), unit: "probability per day", meaning: "chance a displaced person in a town moves on a given day"),
            .init(key: "move_rules.awareness_level", kind: .integer, defaultValue: String(d.awarenessLevel), unit: "route hops", meaning: "how many links ahead a person looks when choosing where to go"),
            .init(key: "move_rules.capacity_buffer", kind: .number, defaultValue: n(d.capacityBuffer), unit: "share", meaning: "occupancy (share of capacity) above which a camp starts to repel newcomers"),
            .init(key: "move_rules.avoid_short_stints", kind: .bool, defaultValue: b(d.avoidShortStints), unit: "", meaning: "people arriving in a town continue the same day"),
            .init(key: "move_rules.start_on_foot", kind: .bool, defaultValue: b(d.startOnFoot), unit: "", meaning: "the first link is walked (max_walk_speed)"),
            .init(key: "move_rules.use_v1_rules", kind: .bool, defaultValue: b(d.useV1Rules), unit: "", meaning: "Flee 1's rules: forces max_move_speed 200, start_on_foot false, avoid_short_stints false, camp_weight 2, conflict_weight 0.25"),
            .init(key: "move_rules.softening", kind: .number, defaultValue: n(d.softening), unit: "km", meaning: "added to every route's distance when weighing destinations"),
            .init(key: "move_rules.weight_softening", kind: .number, defaultValue: n(d.weightSoftening), unit: "1", meaning: "added to a destination's score"),
            .init(key: "move_rules.weight_power", kind: .number, defaultValue: n(d.weightPower), unit: "1", meaning: "exponent on a route's whole weight"),
            .init(key: "move_rules.distance_power", kind: .number, defaultValue: n(d.distancePower), unit: "1", meaning: "exponent on the softened distance"),
            .init(key: "move_rules.stay_close_to_home", kind: .bool, defaultValue: b(d.stayCloseToHome), unit: "", meaning: "destinations far from home weigh less"),
            .init(key: "move_rules.home_distance_power", kind: .number, defaultValue: n(d.homeDistancePower), unit: "1", meaning: "exponent on the distance from home, with stay_close_to_home"),
            .init(key: "move_rules.use_pop_for_loc_weight", kind: .bool, defaultValue: b(d.usePopForLocWeight), unit: "", meaning: "bigger places attract more"),
            .init(key: "move_rules.pop_power_for_loc_weight", kind: .number, defaultValue: n(d.popPowerForLocWeight), unit: "1", meaning: "exponent on population, with use_pop_for_loc_weight"),
            .init(key: "move_rules.movechance_pop_base", kind: .number, defaultValue: n(d.movechancePopBase), unit: "people", meaning: "population at which a town's move chance is unscaled"),
            .init(key: "move_rules.movechance_pop_scale_factor", kind: .number, defaultValue: n(d.movechancePopScaleFactor), unit: "1", meaning: "how much a town's size scales its move chance (0: not at all)"),
            .init(key: "move_rules.ChildrenAvoidHazards", kind: .bool, defaultValue: b(d.childrenAvoidHazards), unit: "", meaning: "children weigh conflict zones down further (agent attributes)"),
            .init(key: "move_rules.BoysTakeRisk", kind: .bool, defaultValue: b(d.boysTakeRisk), unit: "", meaning: "young men weigh conflict zones less (agent attributes)"),
            .init(key: "move_rules.MatchCampEthnicity", kind: .bool, defaultValue: b(d.matchCampEthnicity), unit: "", meaning: "people prefer camps of their own ethnicity (location attributes)"),
            .init(key: "move_rules.MatchTownEthnicity", kind: .bool, defaultValue: b(d.matchTownEthnicity), unit: "", meaning: "people prefer towns of their own ethnicity (location attributes)"),
            .init(key: "move_rules.MatchConflictEthnicity", kind: .bool, defaultValue: b(d.matchConflictEthnicity), unit: "", meaning: "ethnicity in conflict zones (location attributes)"),
            .init(key: "flight_rules.onset_share", kind: .number, defaultValue: n(f.onsetShare), unit: "share", meaning: "Fulcrum: share of residents who flee in the onset wave of a threat of intensity 1 (1 − (1 − s)^I at intensity I); the section replaces conflict_driven_spawning and needs take_from_population"),
            .init(key: "flight_rules.onset_days", kind: .number, defaultValue: n(f.onsetDays), unit: "days", meaning: "Fulcrum: e-folding time of the onset wave (> 0)"),
            .init(key: "flight_rules.daily_share", kind: .number, defaultValue: n(f.dailyShare), unit: "share per day", meaning: "Fulcrum: sustained daily share fleeing a place under a threat of intensity 1"),
            .init(key: "flight_rules.anticipation_share", kind: .number, defaultValue: n(f.anticipationShare), unit: "share per day", meaning: "Fulcrum: daily share fleeing a place next to a threat of intensity 1 (distance 0)"),
            .init(key: "flight_rules.anticipation_km", kind: .number, defaultValue: n(f.anticipationKm), unit: "km", meaning: "Fulcrum: radius of anticipatory flight (great-circle), tapering linearly to 0; 0 turns it off"),
            .init(key: "return_rules.delay_days", kind: .integer, defaultValue: String(r.delayDays), unit: "days", meaning: "Fulcrum: whole days a home must be safe before its displaced people start going back (needs take_from_population)"),
            .init(key: "return_rules.daily_share", kind: .number, defaultValue: n(r.dailyShare), unit: "share per day", meaning: "Fulcrum: daily share of the people displaced from a safe home who go back"),
            .init(key: "optimisations.hasten", kind: .integer, defaultValue: String(d.hasten), unit: "", meaning: "divides populations and capacities: about hasten× fewer agents, coarser results"),
        ]
    }()
}
