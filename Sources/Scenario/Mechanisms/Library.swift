/// The library of building blocks: named mechanisms written in the formula language,
/// with typed, documented parameters and inputs. A scenario uses one with
/// `use: BLOCK` (or the older `kind: BLOCK`), gives its parameters, binds its inputs
/// to facts, consequences or displacement results, and maps its outputs to
/// consequences. A block's formulas see only its own parameters, inputs and earlier
/// definitions, so a block is a pure function of what the scenario binds to it.
///
/// The first seven are the catalogue the built-in scenario was written with; their
/// formulas are exactly the rules that catalogue computed (same operations in the same
/// order, so the same bits).
public struct Block: Sendable {
    public struct Parameter: Sendable {
        public var name: String
        public var range: ClosedRange<Double>
        /// Zero excluded (a divisor).
        public var positive: Bool
        /// As written in the docs (`people`, `share`, `1` for a plain number); "" when the scenario decides.
        public var unit: String
        public var description: String
        /// Nil means required.
        public var defaultValue: Double?
        init(_ name: String, _ range: ClosedRange<Double>, _ unit: String, _ description: String,
             default d: Double? = nil, positive: Bool = false) {
            self.name = name; self.range = range; self.unit = unit; self.description = description
            self.defaultValue = d; self.positive = positive
        }
    }
    public enum InputType: Sendable, Hashable {
        case number(unit: String)
        case bool
        case labels([String])
    }
    public struct Input: Sendable {
        public var name: String
        public var type: InputType
        /// What the input reads when the scenario does not bind it (a formula in the
        /// scenario's names, e.g. `displacement.overload` or a fact of the same name);
        /// nil: the scenario must bind it.
        public var binding: String?
        /// A fact input's value on a branch that does not set the fact (used when an
        /// older file's facts are inferred); nil: every branch must set it.
        public var fallback: SituationValue?
        public var description: String
        init(_ name: String, _ type: InputType, _ description: String, binding: String? = nil, fallback: SituationValue? = nil) {
            self.name = name; self.type = type; self.description = description
            self.binding = binding; self.fallback = fallback
        }
    }
    public struct Definition: Sendable {
        public var name: String
        public var formula: String
        public var description: String
        /// False for an intermediate value the block's later definitions use.
        public var isOutput: Bool
        init(_ name: String, _ formula: String, _ description: String, output: Bool = true) {
            self.name = name; self.formula = formula; self.description = description; self.isOutput = output
        }
    }
    public var name: String
    public var summary: String
    public var parameters: [Parameter]
    public var inputs: [Input]
    /// Evaluated in order; each sees the parameters, the inputs and the definitions before it.
    public var definitions: [Definition]

    public var outputs: [String] { definitions.filter(\.isOutput).map(\.name) }
}

public enum Library {
    public static func block(named name: String) -> Block? { blocks.first { $0.name == name } }

    public static let blocks: [Block] = [
        Block(
            name: "offensive_viability",
            summary: "territory regained, from the offensive's scope and whether it has air support",
            parameters: [
                .init("territory_limited", 0...1, "share", "share of the zone a viable limited offensive regains"),
                .init("territory_full", 0...1, "share", "share a viable full offensive regains"),
                .init("viability_without_air", 0...1, "share", "share of the prize achieved without air support"),
                .init("territory_surrender", 0...1, "share", "share regained by a negotiated surrender that holds", default: 0),
            ],
            inputs: [
                .init("offensive", .labels(["none", "limited", "full"]), "the offensive's scope", binding: "offensive"),
                .init("air_support", .bool, "whether the offensive has air support", binding: "air_support", fallback: .bool(false)),
                .init("negotiated_surrender", .bool, "whether a negotiated surrender holds", binding: "negotiated_surrender", fallback: .bool(false)),
            ],
            definitions: [
                .init("territory", """
                    if negotiated_surrender then territory_surrender
                    else (if offensive == full then territory_full else if offensive == limited then territory_limited else 0)
                         * (if air_support then 1 else viability_without_air)
                    """, "the surrender's share if one holds; otherwise the scope's prize, times viability_without_air without air support"),
            ]),
        Block(
            name: "conflict_deaths",
            summary: "civilian deaths per day of conflict, and among people beyond shelter capacity",
            parameters: [
                .init("deaths_per_intensity_day", 0...Double.infinity, "people per intensity-day", "civilian deaths per location-day of conflict at intensity 1"),
                .init("fight_to_death_factor", 1...Double.infinity, "1", "multiplier for a fight to the death", default: 1),
                .init("deaths_per_thousand_overload_days", 0...Double.infinity, "people per person-day", "deaths per 1,000 person-days beyond capacity", default: 0),
            ],
            inputs: [
                .init("conflict_intensity_days", .number(unit: "intensity-days"), "the schedule's conflict intensity-days", binding: "displacement.conflict_intensity_days"),
                .init("overload", .number(unit: "person-days"), "person-days beyond capacity", binding: "displacement.overload"),
            ],
            definitions: [
                .init("deaths", "conflict_intensity_days * deaths_per_intensity_day * fight_to_death_factor + overload * deaths_per_thousand_overload_days / 1000",
                      "intensity-days × rate × factor, plus overload × rate / 1000"),
            ]),
        Block(
            name: "displacement_totals",
            summary: "people displaced and person-days over capacity, from the displacement model",
            parameters: [],
            inputs: [
                .init("displaced", .number(unit: "people"), "people who left home at least once", binding: "displacement.displaced"),
                .init("overload", .number(unit: "person-days"), "person-days beyond capacity", binding: "displacement.overload"),
            ],
            definitions: [
                .init("displaced", "displaced", "people who left home at least once by the horizon"),
                .init("overload", "overload", "person-days beyond capacity over the horizon"),
            ]),
        Block(
            name: "process_collapse",
            summary: "probability the political process survives: 0 if the guarantor leaves, else falls past a deaths threshold",
            parameters: [
                .init("threshold", 0...Double.infinity, "people", "deaths at which survival is one half", positive: true),
                .init("sharpness", 0...Double.infinity, "1", "steepness of the fall around the threshold", default: 4, positive: true),
            ],
            inputs: [
                .init("deaths", .number(unit: "people"), "the deaths that threaten the process"),
                .init("guarantor_in_process", .bool, "whether the guarantor stays in the process", binding: "guarantor_in_process"),
            ],
            definitions: [
                .init("survival", "if guarantor_in_process then falloff(deaths, threshold, sharpness) else 0",
                      "0 if the guarantor leaves; else 1 / (1 + (deaths / threshold)^sharpness)"),
            ]),
        Block(
            name: "opposition_exit",
            summary: "the opposition's engagement, and the process's legitimacy with or without it",
            parameters: [
                .init("violence_threshold", 0...Double.infinity, "people", "deaths at which engagement is one half", positive: true),
                .init("sharpness", 0...Double.infinity, "1", "steepness of the fall", default: 4, positive: true),
                .init("legitimacy_with_opposition", 0...1, "index", "legitimacy of a surviving process with the opposition engaged"),
                .init("legitimacy_without_opposition", 0...1, "index", "legitimacy without it"),
            ],
            inputs: [
                .init("deaths", .number(unit: "people"), "the deaths that drive the opposition out"),
                .init("survival", .number(unit: "probability"), "the process's survival"),
                .init("opposition_in_talks", .bool, "whether the opposition stays in the talks", binding: "opposition_in_talks"),
            ],
            definitions: [
                .init("engaged", "if opposition_in_talks then falloff(deaths, violence_threshold, sharpness) else 0",
                      "0 if the opposition leaves; else 1 / (1 + (deaths / violence_threshold)^sharpness)"),
                .init("legitimacy", "survival * (legitimacy_with_opposition * engaged + legitimacy_without_opposition * (1 - engaged))",
                      "survival × the mix of legitimacy with and without the opposition, weighted by engagement"),
            ]),
        Block(
            name: "donor_threshold",
            summary: "reconstruction funds and organised return, only above donors' minimum legitimacy and without carnage",
            parameters: [
                .init("minimum_legitimacy", 0...1, "index", "the legitimacy donors demand"),
                .init("carnage_deaths", 0...Double.infinity, "people", "deaths beyond which donors will not fund", positive: true),
                .init("funds", 0...Double.infinity, "", "money committed if the conditions hold"),
            ],
            inputs: [
                .init("legitimacy", .number(unit: "index"), "the process's legitimacy"),
                .init("deaths", .number(unit: "people"), "the deaths donors would call carnage past carnage_deaths"),
                .init("donors_fund", .bool, "whether donors choose to fund", binding: "donors_fund"),
            ],
            definitions: [
                .init("eligible", "donors_fund and legitimacy >= minimum_legitimacy and deaths < carnage_deaths",
                      "donors fund, legitimacy reaches their minimum and deaths stay below carnage", output: false),
                .init("funds", "if eligible then funds else 0", "the funds if eligible, else 0"),
                .init("organised_return", "indicator(eligible)", "1 if eligible, else 0"),
            ]),
        Block(
            name: "credibility_loss",
            summary: "credibility of a stabilisation claim, halved at a given death toll",
            parameters: [
                .init("baseline", 0...Double.infinity, "index", "credibility with no deaths", default: 1),
                .init("deaths_halving", 0...Double.infinity, "people", "deaths that halve credibility", positive: true),
            ],
            inputs: [
                .init("deaths", .number(unit: "people"), "the death toll"),
            ],
            definitions: [
                .init("credibility", "baseline / (1 + max(0, deaths) / deaths_halving)", "baseline / (1 + deaths / deaths_halving)"),
            ]),
        Block(
            name: "indicator",
            summary: "1 when a condition (a true/false fact, or any comparison) holds, else 0",
            parameters: [],
            inputs: [.init("condition", .bool, "a true/false fact or a comparison, e.g. 'deaths > 1000'")],
            definitions: [.init("value", "indicator(condition)", "1 or 0")]),
        Block(
            name: "logistic_response",
            summary: "a smooth S-curve in any number: ½ at the midpoint, rising (or, with negative sharpness, falling)",
            parameters: [
                .init("midpoint", -Double.infinity...Double.infinity, "", "the value of x at which the response is one half"),
                .init("sharpness", -Double.infinity...Double.infinity, "", "slope: 4 × the response's steepness per unit of x at the midpoint"),
                .init("low", -Double.infinity...Double.infinity, "", "the response far below the midpoint", default: 0),
                .init("high", -Double.infinity...Double.infinity, "", "the response far above the midpoint", default: 1),
            ],
            inputs: [.init("x", .number(unit: ""), "the number the response depends on (a consequence, a displacement result, …)")],
            definitions: [.init("value", "low + (high - low) * logistic(x, midpoint, sharpness)", "low + (high − low) / (1 + exp(−sharpness × (x − midpoint)))")]),
        Block(
            name: "threshold_step",
            summary: "one value below a threshold and another at or above it",
            parameters: [
                .init("threshold", -Double.infinity...Double.infinity, "", "where the step is"),
                .init("below", -Double.infinity...Double.infinity, "", "the value below the threshold", default: 0),
                .init("above", -Double.infinity...Double.infinity, "", "the value at or above it", default: 1),
            ],
            inputs: [.init("x", .number(unit: ""), "the number compared with the threshold")],
            definitions: [.init("value", "if x >= threshold then above else below", "above if x ≥ threshold, else below")]),
    ]
}

/// A block's definitions checked in the block's own scope (its parameters, then its
/// inputs, then the definitions before each), once per process.
struct BlockProgram: Sendable {
    var definitions: [Compiled]
    var types: [ValueType]
    /// Empty for every shipped block (a test checks it).
    var errors: [String]
}

extension Library {
    static let programs: [String: BlockProgram] = Dictionary(uniqueKeysWithValues: blocks.map { ($0.name, compile($0)) })

    /// The block's checked definitions; nil if a definition does not check.
    static func program(_ name: String) -> BlockProgram? {
        guard let p = programs[name], p.errors.isEmpty else { return nil }
        return p
    }

    static func unit(_ text: String) -> MeasureUnit { text.isEmpty ? .unknown : MeasureUnit(parsing: text) }

    static func compile(_ block: Block) -> BlockProgram {
        var scope = FormulaScope()
        for p in block.parameters { scope.locals.append(.init(name: p.name, type: .number(unit(p.unit)))) }
        for i in block.inputs {
            switch i.type {
            case .number(let u): scope.locals.append(.init(name: i.name, type: .number(unit(u))))
            case .bool: scope.locals.append(.init(name: i.name, type: .bool))
            case .labels(let l): scope.locals.append(.init(name: i.name, type: .label(l)))
            }
        }
        var out = BlockProgram(definitions: [], types: [], errors: [])
        for d in block.definitions {
            let checker = FormulaChecker(scope: scope)
            do {
                if let t = checker.check(try FormulaParser.parse(d.formula)) {
                    out.definitions.append(t.code); out.types.append(t.type)
                    scope.locals.append(.init(name: d.name, type: t.type))
                    if d.isOutput, !t.type.isNumber { out.errors.append("\(block.name).\(d.name): an output must be a number") }
                    continue
                }
                out.errors += checker.errors.map { "\(block.name).\(d.name): \($0.message)" }
            } catch {
                out.errors.append("\(block.name).\(d.name): \(error.message)")
            }
            out.definitions.append(.constant(.number(.nan))); out.types.append(.number(.unknown))
            scope.locals.append(.init(name: d.name, type: .number(.unknown)))
        }
        return out
    }
}

extension Block {
    /// The block's outputs for given parameter and input values (defaults where a
    /// parameter is not given), outside any scenario: what `use:` computes on one branch.
    public func evaluate(parameters: [String: Double], inputs: [String: SituationValue]) -> [String: Double] {
        guard let program = Library.program(name) else { return [:] }
        var locals: [FormulaValue] = self.parameters.map { .number(parameters[$0.name] ?? $0.defaultValue ?? .nan) }
        for i in self.inputs { locals.append(inputs[i.name].map(FormulaValue.init) ?? i.fallback.map(FormulaValue.init) ?? .number(.nan)) }
        let env = FormulaEnvironment(situation: [:], displacement: .none, consequences: [:], actions: [:], parameters: [:], places: .empty)
        for d in program.definitions { locals.append(d.evaluate(env, locals: locals)) }
        var out: [String: Double] = [:]
        let base = self.parameters.count + self.inputs.count
        for (k, d) in definitions.enumerated() where d.isOutput { out[d.name] = locals[base + k].number }
        return out
    }
}
