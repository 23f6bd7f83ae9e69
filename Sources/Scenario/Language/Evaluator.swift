import Foundation

/// What a formula reads while it is evaluated on one branch.
struct FormulaEnvironment {
    var situation: Situation
    var displacement: DisplacementSummary
    /// Consequences written so far (mechanisms run in dependency order).
    var consequences: [String: Double]
    /// Consequences carried by the actions on the branch's path, summed.
    var actions: [String: Double]
    /// Scenario parameters at their current values.
    var parameters: [String: Double]
    var places: PlaceTable
}

extension Compiled {
    /// The value of a checked formula. Pure and bounded: no loops beyond sums over the
    /// (finite) places and areas, whose total cost the checker bounded; arithmetic follows
    /// IEEE 754 (a division by zero gives an infinity the caller reports).
    func evaluate(_ env: FormulaEnvironment, locals: [FormulaValue]) -> FormulaValue {
        var bound: [Int] = []
        return eval(env, locals, &bound)
    }

    private func eval(_ env: FormulaEnvironment, _ locals: [FormulaValue], _ bound: inout [Int]) -> FormulaValue {
        switch self {
        case .constant(let v): return v
        case .local(let slot): return locals[slot]
        case .fact(let name, let fallback):
            if let v = env.situation[name] { return FormulaValue(v) }
            return fallback ?? .number(.nan)
        case .consequence(let c): return .number(env.consequences[c] ?? 0)
        case .action(let c): return .number(env.actions[c] ?? 0)
        case .scenarioParameter(let p): return .number(env.parameters[p] ?? .nan)
        case .displacement(let d): return .number(d.value(env.displacement, env.places))
        case .variable(let depth): return .number(Double(bound[bound.count - 1 - depth]))
        case .placeAttribute(let depth, let a): return .text(env.places.attribute(a, of: bound[bound.count - 1 - depth]))
        case .areaName(let depth): return .text(env.places.areas[bound[bound.count - 1 - depth]])
        case .presentAtVariable(let depth):
            return .number(env.displacement.presentByPlace[env.places.names[bound[bound.count - 1 - depth]]] ?? 0)
        case .presentInVariable(let depth):
            return .number(DisplacementName.presentIn(env.places.areas[bound[bound.count - 1 - depth]]).value(env.displacement, env.places))
        case .negate(let a): return .number(-a.eval(env, locals, &bound).number)
        case .not(let a): return .bool(!a.eval(env, locals, &bound).bool)
        case .arithmetic(let op, let a, let b):
            let x = a.eval(env, locals, &bound).number, y = b.eval(env, locals, &bound).number
            switch op {
            case .add: return .number(x + y)
            case .subtract: return .number(x - y)
            case .multiply: return .number(x * y)
            case .divide: return .number(x / y)
            default: return .number(Foundation.pow(x, y))
            }
        case .compare(let op, let a, let b):
            let x = a.eval(env, locals, &bound), y = b.eval(env, locals, &bound)
            switch (op, x, y) {
            case (.equal, _, _): return .bool(x == y)
            case (.notEqual, _, _): return .bool(x != y)
            case (_, .number(let u), .number(let v)):
                switch op {
                case .less: return .bool(u < v)
                case .lessOrEqual: return .bool(u <= v)
                case .greater: return .bool(u > v)
                default: return .bool(u >= v)
                }
            default: return .bool(false)
            }
        case .and(let a, let b): return .bool(a.eval(env, locals, &bound).bool && b.eval(env, locals, &bound).bool)
        case .or(let a, let b): return .bool(a.eval(env, locals, &bound).bool || b.eval(env, locals, &bound).bool)
        case .conditional(let c, let a, let b):
            return c.eval(env, locals, &bound).bool ? a.eval(env, locals, &bound) : b.eval(env, locals, &bound)
        case .call(let f, let args):
            if f == .indicator { return .number(args[0].eval(env, locals, &bound).bool ? 1 : 0) }
            var xs: [Double] = []
            xs.reserveCapacity(args.count)
            for a in args { xs.append(a.eval(env, locals, &bound).number) }
            return .number(f.apply(xs))
        case .sum(let domain, let condition, let body):
            let n = domain == .places ? env.places.names.count : env.places.areas.count
            var total = 0.0
            for i in 0..<n {
                bound.append(i)
                if condition?.eval(env, locals, &bound).bool ?? true { total += body.eval(env, locals, &bound).number }
                bound.removeLast()
            }
            return .number(total)
        }
    }
}

extension Function {
    /// The function on numbers (arity already checked).
    func apply(_ x: [Double]) -> Double {
        switch self {
        case .min: return x.dropFirst().reduce(x[0]) { Swift.min($0, $1) }
        case .max: return x.dropFirst().reduce(x[0]) { Swift.max($0, $1) }
        case .clamp: return Swift.min(Swift.max(x[0], x[1]), x[2])
        case .abs: return Swift.abs(x[0])
        case .exp: return Foundation.exp(x[0])
        case .log: return Foundation.log(x[0])
        case .sqrt: return x[0].squareRoot()
        case .logistic: return 1 / (1 + Foundation.exp(-x[2] * (x[0] - x[1])))
        case .falloff:
            guard x[0] > 0 else { return 1 }
            return 1 / (1 + Foundation.pow(x[0] / x[1], x[2]))
        case .threshold: return x[0] >= x[1] ? 1 : 0
        case .indicator: return x[0] != 0 ? 1 : 0
        }
    }
}

extension DisplacementName {
    func value(_ d: DisplacementSummary, _ places: PlaceTable) -> Double {
        switch self {
        case .displaced: return d.displaced
        case .currentlyDisplaced: return d.currentlyDisplaced ?? (d.displaced - d.returned)
        case .returned: return d.returned
        case .refugees: return d.refugees(places: places)
        case .overload: return d.overloadPersonDays
        case .conflictIntensityDays: return d.conflictIntensityDays
        case .refugeesIn(let c): return d.refugees(in: c, places: places)
        case .present(let p): return d.presentByPlace[p] ?? 0
        case .presentIn(let area):
            guard let k = places.areas.firstIndex(of: area) else { return 0 }
            return places.placesInArea[k].reduce(0) { $0 + (d.presentByPlace[places.names[$1]] ?? 0) }
        }
    }
}
