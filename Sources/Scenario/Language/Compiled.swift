import Foundation

/// A checked formula: every name resolved to what it reads, every operation typed.
/// Evaluating one is pure and bounded (see `FormulaLimits`).
public indirect enum Compiled: Sendable, Hashable {
    case constant(FormulaValue)
    /// A value local to the mechanism: its own parameter, a block's input or an earlier definition.
    case local(Int)
    /// A fact of the branch, with the value used when the branch does not set it.
    case fact(String, FormulaValue?)
    case consequence(String)
    /// The sum of a consequence carried directly by the actions on the branch's path.
    case action(String)
    case scenarioParameter(String)
    case displacement(DisplacementName)
    /// A place (index into the place table) or area bound by an enclosing sum, by depth.
    case variable(Int)
    case placeAttribute(Int, PlaceAttribute)
    case areaName(Int)
    case presentAtVariable(Int)
    case presentInVariable(Int)
    case negate(Compiled)
    case not(Compiled)
    case arithmetic(BinaryOperator, Compiled, Compiled)
    case compare(BinaryOperator, Compiled, Compiled)
    case and(Compiled, Compiled)
    case or(Compiled, Compiled)
    case call(Function, [Compiled])
    case conditional(Compiled, Compiled, Compiled)
    case sum(SumDomain, condition: Compiled?, body: Compiled)
}

public enum PlaceAttribute: String, Sendable, Hashable, CaseIterable { case name, region, country, type }

/// The displacement results a formula may read (docs/scenario-format.md §5), each at the horizon.
public enum DisplacementName: Sendable, Hashable {
    case displaced, currentlyDisplaced, returned, refugees, overload, conflictIntensityDays
    case refugeesIn(String)
    case present(String)
    case presentIn(String)

    /// The plain names, their units and meanings (for the checker, `describe` and the docs).
    public static let plain: [(name: String, value: DisplacementName, unit: String, meaning: String)] = [
        ("displaced", .displaced, "people", "people who left home at least once by the horizon (ever displaced)"),
        ("currently_displaced", .currentlyDisplaced, "people", "people away from home at the horizon (displaced minus returned)"),
        ("returned", .returned, "people", "people back home at the horizon"),
        ("refugees", .refugees, "people", "displaced people in another country at the horizon (any country where nobody lives at the start)"),
        ("overload", .overload, "person-days", "Σ over capacity-limited places and days of people beyond capacity"),
        ("conflict_intensity_days", .conflictIntensityDays, "intensity-days", "Σ over places and days of the schedule's conflict intensity (fronts and bombardment)"),
    ]
    /// The forms that name a place, a country or an area.
    public static let indexed: [(form: String, unit: String, meaning: String)] = [
        ("refugees.COUNTRY", "people", "displaced people present in COUNTRY at the horizon"),
        ("present.PLACE", "people", "displaced people present at PLACE at the horizon (not its residents); present[\"al-Dana\"] for names with '-'"),
        ("present_in(AREA)", "people", "displaced people present in the places of AREA (a region of locations.csv) at the horizon"),
    ]
}

/// The functions a formula may call.
public enum Function: String, Sendable, Hashable, CaseIterable {
    case min, max, clamp, abs, exp, log, sqrt, logistic, falloff, threshold, indicator

    public var signature: String {
        switch self {
        case .min: return "min(a, b, …)"
        case .max: return "max(a, b, …)"
        case .clamp: return "clamp(x, low, high)"
        case .abs: return "abs(x)"
        case .exp: return "exp(x)"
        case .log: return "log(x)"
        case .sqrt: return "sqrt(x)"
        case .logistic: return "logistic(x, midpoint, sharpness)"
        case .falloff: return "falloff(x, half, sharpness)"
        case .threshold: return "threshold(x, t)"
        case .indicator: return "indicator(condition)"
        }
    }

    public var meaning: String {
        switch self {
        case .min: return "the smallest of two or more numbers (same unit)"
        case .max: return "the largest of two or more numbers (same unit)"
        case .clamp: return "x held within [low, high]: min(max(x, low), high)"
        case .abs: return "absolute value"
        case .exp: return "e to the power x"
        case .log: return "natural logarithm (x > 0)"
        case .sqrt: return "square root (x ≥ 0)"
        case .logistic: return "1 / (1 + exp(−sharpness × (x − midpoint))): rises from 0 to 1, ½ at the midpoint, steeper as sharpness grows (negative sharpness falls)"
        case .falloff: return "1 for x ≤ 0, else 1 / (1 + (x / half)^sharpness): falls from 1 towards 0, ½ at x = half (the catalogue's threshold shape)"
        case .threshold: return "1 if x ≥ t, else 0"
        case .indicator: return "1 if the condition holds, else 0 (a fact or comparison as a number)"
        }
    }

    var arity: ClosedRange<Int> {
        switch self {
        case .min, .max: return 2...64
        case .clamp, .logistic, .falloff: return 3...3
        case .threshold: return 2...2
        case .abs, .exp, .log, .sqrt, .indicator: return 1...1
        }
    }
}

/// The places and areas of a scenario's geography, as formulas see them.
public struct PlaceTable: Sendable, Hashable {
    public var names: [String]
    public var regions: [String]
    public var countries: [String]
    public var types: [String]
    /// Distinct regions, sorted.
    public var areas: [String]
    /// Countries where somebody lives at the start; the others receive refugees.
    public var homeCountries: Set<String>
    /// Place indices by area (same order as `areas`).
    var placesInArea: [[Int]]

    public init(names: [String], regions: [String], countries: [String], types: [String], homeCountries: Set<String>) {
        self.names = names; self.regions = regions; self.countries = countries; self.types = types
        self.homeCountries = homeCountries
        areas = Array(Set(regions)).sorted()
        let index = Dictionary(uniqueKeysWithValues: areas.enumerated().map { ($1, $0) })
        var groups = Array(repeating: [Int](), count: areas.count)
        for (i, r) in regions.enumerated() { groups[index[r]!].append(i) }
        placesInArea = groups
    }

    public static let empty = PlaceTable(names: [], regions: [], countries: [], types: [], homeCountries: [])

    public func attribute(_ a: PlaceAttribute, of i: Int) -> String {
        switch a {
        case .name: return names[i]
        case .region: return regions[i]
        case .country: return countries[i]
        case .type: return types[i]
        }
    }

    /// Every value an attribute takes, for checking `p.country == "Turkey"`.
    func values(of a: PlaceAttribute) -> [String] {
        switch a {
        case .name: return names
        case .region: return areas
        case .country: return Array(Set(countries)).sorted()
        case .type: return Array(Set(types)).sorted()
        }
    }
}
