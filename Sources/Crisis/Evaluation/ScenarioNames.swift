import Scenario

// The Scenario and Displacement modules both name their types for the domain
// (`Geography`, `Location`, `ConflictSchedule`); this file sees only Scenario's,
// so the rest of Crisis can name each side without ambiguity.
typealias ScenarioGeography = Geography
typealias ScenarioSchedule = ConflictSchedule
typealias ScenarioLocationKind = LocationKind
typealias ScenarioClosure = Closure
