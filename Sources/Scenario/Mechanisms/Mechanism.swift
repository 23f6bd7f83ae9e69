import Foundation

/// One mechanism of a scenario: a rule that turns a terminal branch (its facts, the
/// displacement model's results, the consequences other mechanisms wrote) into
/// consequences. Either a formula (`formula:` with `output:`) or a library building
/// block (`use:`, or the older `kind:`) with its parameters, inputs and outputs.
public struct Mechanism: Sendable, Hashable {
    public var id: String
    /// The library block it uses, or nil for a formula.
    public var block: String?
    /// The formula as written, or nil for a block.
    public var formula: String?
    public var description: String
    /// By name; a block's every required parameter is present after loading.
    public var parameters: [String: Quantity]
    /// The order the parameters' values take (the block's, or the file's for a formula):
    /// the order of their value paths, so of the uncertain inputs.
    public var parameterOrder: [String]
    /// A block's input → the formula bound to it (as written, or the block's default binding).
    public var inputs: [String: String]
    /// Output → the consequence it writes (a formula's one output is named `formula`).
    public var outputs: [String: String]
    public var provenance: Provenance
    var program: MechanismProgram

    /// The parameter's current value (fixed value or median), or the block's default.
    public func parameter(_ name: String) -> Double {
        if let q = parameters[name] { return q.nominal }
        return block.flatMap(Library.block(named:))?.parameters.first { $0.name == name }?.defaultValue ?? .nan
    }

    /// The consequences the mechanism reads (those other mechanisms write).
    public var reads: Set<String> { program.reads.consequences }
    /// The facts the mechanism reads.
    public var factsRead: Set<String> { program.reads.facts }

    /// Runs the mechanism on one branch at the current (fixed or median) values.
    /// Returns consequence id → value for each mapped output.
    func evaluate(_ env: FormulaEnvironment) -> [String: Double] {
        var locals: [FormulaValue] = []
        locals.reserveCapacity(program.slotCount)
        for p in program.parameters { locals.append(.number(parameters[p.name]?.nominal ?? p.fallback)) }
        for i in program.inputs { locals.append(i.evaluate(env, locals: [])) }
        for d in program.definitions { locals.append(d.evaluate(env, locals: locals)) }
        var out: [String: Double] = [:]
        for o in program.outputs { out[o.consequence] = locals[o.slot].number }
        return out
    }
}

/// A mechanism compiled: its locals are its parameters, then its inputs (bound formulas,
/// in the scenario's names), then its definitions (a block's formulas, or the one formula).
struct MechanismProgram: Sendable, Hashable {
    struct ParameterSlot: Sendable, Hashable { var name: String; var fallback: Double }
    struct Output: Sendable, Hashable { var slot: Int; var consequence: String }
    var parameters: [ParameterSlot]
    var inputs: [Compiled]
    var definitions: [Compiled]
    var outputs: [Output]
    /// What the mechanism reads from the scenario.
    var reads: FormulaReads
    var slotCount: Int { parameters.count + inputs.count + definitions.count }
}

/// A mechanism's result that is not a finite number on some branch.
public struct MechanismError: Error, Sendable, CustomStringConvertible {
    public var mechanism: String
    public var consequence: String
    public var branch: String
    public var value: Double
    public var description: String {
        "mechanism '\(mechanism)' gives \(value) for '\(consequence)' on branch '\(branch)' (a division by zero, or a logarithm of a number ≤ 0?); "
            + "every consequence must be a finite number"
    }
}

extension Scenario {
    /// Every consequence of one terminal branch: the mechanisms in dependency order, each
    /// reading what those before it wrote, then the consequences the actions on its path
    /// carry, added. Pure; uses current (fixed or median) values, so call it on a concrete
    /// scenario (`fixing(_:)`) when sampling. A consequence no mechanism or action gives
    /// is absent. Throws `MechanismError` when a result is not a finite number.
    public func consequences(of terminal: TerminalBranch, displacement: DisplacementSummary) throws -> [String: Double] {
        let actions = actionConsequences(of: terminal)
        var env = FormulaEnvironment(situation: terminal.situation, displacement: displacement, consequences: [:],
                                     actions: actions, parameters: [:], places: places)
        if mechanisms.contains(where: { !$0.program.reads.parameters.isEmpty }) {
            env.parameters = Dictionary(parameters.map { ($0.id, $0.value.nominal) }, uniquingKeysWith: { a, _ in a })
        }
        for m in mechanisms {
            for (c, v) in m.evaluate(env) {
                guard v.isFinite else { throw MechanismError(mechanism: m.id, consequence: c, branch: terminal.id, value: v) }
                env.consequences[c] = v
            }
        }
        for (c, v) in actions.sorted(by: { $0.key < $1.key }) { env.consequences[c, default: 0] += v }
        return env.consequences
    }

    /// The consequences the actions and outcomes on a branch's path carry, summed by
    /// consequence, at current values.
    public func actionConsequences(of terminal: TerminalBranch) -> [String: Double] {
        guard !tree.branchConsequences.isEmpty else { return [:] }
        var out: [String: Double] = [:]
        for step in terminal.steps {
            for bc in tree.branchConsequences where bc.node == step.node && bc.branch == step.branch {
                out[bc.consequence, default: 0] += bc.value.nominal
            }
        }
        return out
    }
}
