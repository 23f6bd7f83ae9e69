import BoundedInput
import Foundation

/// The equilibrium methods, by their command-line names.
public enum SolveMethod: String, CaseIterable, Sendable {
    case backward, enumpure, enumpureAgent = "enumpure-agent", enummixed, lcp, lcpFirst = "lcp-first",
         lcpStrategic = "lcp-strategic", lp, logit, spe, enumpoly, simpdiv, liap, liapAgent = "liap-agent", gnm, ipa
}

/// Settings a solver may use; each method reads only those its doc comment names.
public struct SolveOptions: Sendable {
    /// Logit: stop at this λ instead of following the branch to its limit.
    public var lambda: Double?
    /// Relative regret tolerance of the floating methods.
    public var maxRegret: Double = 1e-8
    /// Stop after this many equilibria (nil: as many as the method lists). `backward` with 1
    /// takes the linear-time pass that breaks ties towards the first action.
    public var stopAfter: Int?
    /// Give up (with `GameError.outOfTime`) after this many seconds; nil: no limit.
    public var maxSeconds: Double?
    /// Called about twice a second with what the solver is doing.
    public var progress: (@Sendable (String) -> Void)?
    public init(lambda: Double? = nil, maxRegret: Double = 1e-8, stopAfter: Int? = nil, maxSeconds: Double? = nil,
                progress: (@Sendable (String) -> Void)? = nil) {
        self.lambda = lambda
        self.maxRegret = maxRegret
        self.stopAfter = stopAfter
        self.maxSeconds = maxSeconds
        self.progress = progress
    }
}

/// One profile a solver returned, in the representation and arithmetic it was found in.
public enum SolvedProfile: Sendable, Hashable {
    /// Mixed strategies over the result's `strategicForm`, exact or floating.
    case mixed(MixedProfile<Rational>)
    case mixedApprox(MixedProfile<Double>)
    /// Behaviour strategies over the tree, exact or floating.
    case behavior(BehaviorProfile<Rational>)
    case behaviorApprox(BehaviorProfile<Double>)

    /// The profile in behaviour strategies as doubles (nil for mixed profiles).
    public var behaviorDoubles: BehaviorProfile<Double>? {
        switch self {
        case .behavior(let b): return b.doubles
        case .behaviorApprox(let b): return b
        case .mixed, .mixedApprox: return nil
        }
    }
}

/// What every solver returns: the method, whether its profiles are exact, the profiles and
/// notes. Formatting (and the regret each profile is reported with) is `SolveReport`'s job,
/// so timing `Solve.solve` times the solver alone.
public struct SolveResult: Sendable {
    public var method: SolveMethod
    /// True when the profiles are exact equilibria (rationals); false for floating methods.
    public var exact: Bool
    public var profiles: [SolvedProfile]
    /// The strategic game mixed profiles refer to: the game itself, or a tree's reduced strategic form.
    public var strategicForm: NormalFormGame?
    /// True when the profiles are agent-form equilibria, which need not be Nash equilibria.
    public var agentForm = false
    /// Logit: the λ the returned point lies at.
    public var lambda: Double?
    public var notes: [String] = []

    public init(method: SolveMethod, exact: Bool, profiles: [SolvedProfile], strategicForm: NormalFormGame? = nil,
                agentForm: Bool = false, lambda: Double? = nil, notes: [String] = []) {
        self.method = method
        self.exact = exact
        self.profiles = profiles
        self.strategicForm = strategicForm
        self.agentForm = agentForm
        self.lambda = lambda
        self.notes = notes
    }
}

/// What a method needs of a game.
public struct SolverNeeds: OptionSet, Sendable {
    public let rawValue: Int
    public init(rawValue: Int) { self.rawValue = rawValue }
    public static let tree = SolverNeeds(rawValue: 1)
    public static let twoPlayers = SolverNeeds(rawValue: 2)
    public static let constantSum = SolverNeeds(rawValue: 4)
    public static let perfectInformation = SolverNeeds(rawValue: 8)
}

/// One row of the dispatch table: what a method needs of a game and how it solves each form.
public struct Solver: Sendable {
    public let method: SolveMethod
    public let needs: SolverNeeds
    /// Strategic games (nil: the method needs a tree).
    let normal: (@Sendable (NormalFormGame, SolveOptions) throws -> SolveResult)?
    /// Trees.
    let tree: @Sendable (ExtensiveGame, SolveOptions) throws -> SolveResult

    /// Why the method does not apply to `game`, or nil when it does (checked before solving).
    public func refusal(_ game: AnyGame) -> String? {
        let players: Int
        switch game {
        case .normal(let g):
            if needs.contains(.tree) || normal == nil { return "needs an extensive-form (.efg) game" }
            players = g.playerCount
            if needs.contains(.constantSum) && players == 2 && !g.isConstantSum { return "needs a constant-sum game" }
        case .extensive(let g):
            players = g.playerCount
            if needs.contains(.perfectInformation) && !g.isPerfectInformation {
                return "needs perfect information (every information set a single node); use spe for subgames bottom-up"
            }
            if needs.contains(.constantSum) && players == 2 && !g.isConstantSum { return "needs a constant-sum game" }
        }
        if needs.contains(.twoPlayers) && players != 2 { return "needs a two-player game (this one has \(players))" }
        return nil
    }

    /// Runs the method on a game.
    public func solve(_ game: AnyGame, options: SolveOptions = SolveOptions()) throws -> SolveResult {
        if let why = refusal(game) { throw GameError.unsupported(why) }
        switch game {
        case .normal(let g): return try normal!(g, options)
        case .extensive(let g): return try tree(g, options)
        }
    }
}

public enum Solve {
    /// The one table from method to solver, used by `fulcrum game solve`, the benchmark and the
    /// crisis runner.
    public static let solvers: [SolveMethod: Solver] = {
        var t: [SolveMethod: Solver] = [:]
        for s in allSolvers { t[s.method] = s }
        return t
    }()

    /// Runs `method` on `game`, within `options.maxSeconds` when given (else within any budget
    /// already in scope). Every error names the method.
    public static func solve(_ game: AnyGame, method: SolveMethod, options: SolveOptions = SolveOptions()) throws -> SolveResult {
        try budgeted(method, options) { try solvers[method]!.solve(game, options: options) }
    }

    /// Solves and formats (each profile's payoffs and regret) within one budget: what the CLI prints.
    public static func run(_ game: AnyGame, method: SolveMethod, options: SolveOptions) throws -> SolveReport {
        try budgeted(method, options) { try SolveReport(game, try solvers[method]!.solve(game, options: options)) }
    }

    private static func budgeted<R>(_ method: SolveMethod, _ options: SolveOptions, _ body: () throws -> R) throws -> R {
        do {
            if options.maxSeconds != nil || options.progress != nil {
                return try SolveBudget(maxSeconds: options.maxSeconds, progress: options.progress).run(body)
            }
            return try body()
        } catch let e as GameError {
            if case .method = e { throw e }
            throw GameError.method(method.rawValue, e)
        }
    }

    /// The methods that apply to `game`, in the table's order.
    public static func methods(for game: AnyGame) -> [SolveMethod] {
        SolveMethod.allCases.filter { solvers[$0]!.refusal(game) == nil }
    }

    /// Default method: backward induction for perfect-information trees, sequence-form LCP for
    /// other two-player trees, enummixed for two-player strategic games, logit otherwise.
    public static func defaultMethod(_ game: AnyGame) -> SolveMethod {
        switch game {
        case .extensive(let g): return g.isPerfectInformation ? .backward : (g.playerCount == 2 ? .lcp : .logit)
        case .normal(let g): return g.playerCount == 2 ? .enummixed : .enumpoly
        }
    }

    /// Runs `method` on `game` and formats the result; `lambda` fixes the logit λ (nil: the limit).
    public static func run(_ game: AnyGame, method: SolveMethod, lambda: Double? = nil, maxRegret: Double = 1e-8) throws -> SolveReport {
        try run(game, method: method, options: SolveOptions(lambda: lambda, maxRegret: maxRegret))
    }

    // MARK: the table's rows

    private static func strategic(_ m: SolveMethod, exact: Bool = true, _ f: @escaping @Sendable (NormalFormGame) throws -> [MixedProfile<Rational>]) -> @Sendable (NormalFormGame, SolveOptions) throws -> SolveResult {
        { g, _ in SolveResult(method: m, exact: exact, profiles: try f(g).map { .mixed($0) }, strategicForm: g) }
    }

    /// A tree solved through its reduced strategic form by the method's strategic solver.
    private static func viaReducedForm(_ normal: @escaping @Sendable (NormalFormGame, SolveOptions) throws -> SolveResult) -> @Sendable (ExtensiveGame, SolveOptions) throws -> SolveResult {
        { g, o in try normal(try g.reducedNormalForm().game, o) }
    }

    private static func logit(_ g: NormalFormGame, _ o: SolveOptions) throws -> SolveResult {
        let p = try LogitQRE.solve(g, options: LogitOptions(targetLambda: o.lambda, maxRegret: o.maxRegret))
        return SolveResult(method: .logit, exact: false, profiles: [.mixedApprox(p.profile)], strategicForm: g, lambda: p.lambda)
    }

    private static func enumpoly(_ g: NormalFormGame, _ o: SolveOptions) throws -> SolveResult {
        let res = try SupportEnumeration.solve(g, maxRegret: o.maxRegret)
        return SolveResult(method: .enumpoly, exact: false, profiles: res.equilibria.map { .mixedApprox($0) }, strategicForm: g, notes: res.notes)
    }

    private static func simpdiv(_ g: NormalFormGame, _ o: SolveOptions) throws -> SolveResult {
        SolveResult(method: .simpdiv, exact: false, profiles: [.mixed(try SimplicialSubdivision.solve(g, maxRegret: o.maxRegret))], strategicForm: g)
    }

    private static func liap(_ g: NormalFormGame, _ o: SolveOptions) throws -> SolveResult {
        SolveResult(method: .liap, exact: false, profiles: [.mixedApprox(try Liapunov.solve(g, maxRegret: o.maxRegret))], strategicForm: g)
    }

    private static func gnm(_ g: NormalFormGame, _ o: SolveOptions) throws -> SolveResult {
        let (eqs, notes) = try GlobalNewton.solve(g, maxRegret: o.maxRegret)
        return SolveResult(method: .gnm, exact: false, profiles: eqs.map { .mixedApprox($0) }, strategicForm: g, notes: notes)
    }

    private static func ipa(_ g: NormalFormGame, _ o: SolveOptions) throws -> SolveResult {
        SolveResult(method: .ipa, exact: false, profiles: [.mixedApprox(try PolymatrixApproximation.solve(g, maxRegret: o.maxRegret))], strategicForm: g)
    }

    private static func lp(_ g: NormalFormGame, _ o: SolveOptions) throws -> SolveResult {
        let s = try LinearProgramSolver.solve(g)
        return SolveResult(method: .lp, exact: true, profiles: [.mixed(s.profile)], strategicForm: g, notes: ["value \(s.value)"])
    }

    private static let allSolvers: [Solver] = [
        Solver(method: .backward, needs: [.tree, .perfectInformation], normal: nil) { g, o in
            if o.stopAfter == 1 {
                return SolveResult(method: .backward, exact: true, profiles: [.behavior(try BackwardInduction.solve(g).profile)])
            }
            let (all, truncated) = try BackwardInduction.solveAll(g, limit: o.stopAfter ?? 10_000)
            return SolveResult(method: .backward, exact: true, profiles: all.map { .behavior($0.profile) },
                               notes: truncated ? ["more subgame-perfect equilibria exist; list truncated"] : [])
        },
        Solver(method: .enumpure, needs: [], normal: strategic(.enumpure) { g in
            try EnumPure.solve(g).map { MixedProfile<Rational>.pure($0, counts: g.strategyCounts) }
        }) { g, o in
            let nf = try g.reducedNormalForm().game
            return SolveResult(method: .enumpure, exact: true,
                               profiles: try EnumPure.solve(nf).map { .mixed(MixedProfile<Rational>.pure($0, counts: nf.strategyCounts)) },
                               strategicForm: nf)
        },
        Solver(method: .enumpureAgent, needs: [.tree], normal: nil) { g, _ in
            SolveResult(method: .enumpureAgent, exact: true, profiles: try EnumPure.solveAgent(g).map { .behavior($0) }, agentForm: true)
        },
        Solver(method: .enummixed, needs: [.twoPlayers], normal: strategic(.enummixed) { try EnumMixed.solve($0) },
               tree: viaReducedForm(strategic(.enummixed) { try EnumMixed.solve($0) })),
        Solver(method: .lcp, needs: [.twoPlayers], normal: strategic(.lcp) { try LemkeHowson.solve($0) }) { g, _ in
            SolveResult(method: .lcp, exact: true, profiles: [.behavior(try SequenceFormLCP.solve(g))])
        },
        Solver(method: .lcpFirst, needs: [.twoPlayers], normal: strategic(.lcpFirst) { try LemkeHowson.solve($0, all: false) },
               tree: viaReducedForm(strategic(.lcpFirst) { try LemkeHowson.solve($0, all: false) })),
        Solver(method: .lcpStrategic, needs: [.twoPlayers], normal: strategic(.lcpStrategic) { try LemkeHowson.solve($0) },
               tree: viaReducedForm(strategic(.lcpStrategic) { try LemkeHowson.solve($0) })),
        Solver(method: .lp, needs: [.twoPlayers, .constantSum], normal: lp) { g, _ in
            let s = try LinearProgramSolver.solve(g)
            return SolveResult(method: .lp, exact: true, profiles: [.behavior(s.profile)], notes: ["value \(s.value)"])
        },
        Solver(method: .logit, needs: [], normal: logit) { g, o in
            let p = try LogitQRE.solve(g, options: LogitOptions(targetLambda: o.lambda, maxRegret: o.maxRegret))
            return SolveResult(method: .logit, exact: false, profiles: [.behaviorApprox(p.profile)], lambda: p.lambda)
        },
        Solver(method: .spe, needs: [.tree], normal: nil) { g, o in
            if g.playerCount == 2 && g.hasPerfectRecall {
                return SolveResult(method: .spe, exact: true, profiles: [.behavior(try SubgamePerfect.solveExact(g))])
            }
            let p = try SubgamePerfect.solveLogit(g, options: LogitOptions(maxRegret: o.maxRegret))
            return SolveResult(method: .spe, exact: false, profiles: [.behaviorApprox(p)])
        },
        Solver(method: .enumpoly, needs: [], normal: enumpoly, tree: viaReducedForm(enumpoly)),
        Solver(method: .simpdiv, needs: [], normal: simpdiv, tree: viaReducedForm(simpdiv)),
        Solver(method: .liap, needs: [], normal: liap, tree: viaReducedForm(liap)),
        Solver(method: .gnm, needs: [], normal: gnm, tree: viaReducedForm(gnm)),
        Solver(method: .ipa, needs: [], normal: ipa, tree: viaReducedForm(ipa)),
        Solver(method: .liapAgent, needs: [.tree], normal: nil) { g, o in
            SolveResult(method: .liapAgent, exact: false, profiles: [.behaviorApprox(try Liapunov.solveAgent(g, maxRegret: o.maxRegret))], agentForm: true)
        },
    ]
}

/// One equilibrium as reported: a mixed profile over (reduced) strategies or a behaviour profile.
public struct ReportedEquilibrium: Sendable, Encodable {
    /// "strategy" or "behavior".
    public var representation: String
    /// Strategy: [player][strategy]; behaviour: [player][infoset][action] — as text (fractions or decimals).
    public var strategy: [[String]]?
    public var behavior: [[[String]]]?
    public var payoffs: [String]
    public var maxRegret: String
    /// True for agent-form equilibria that are not Nash equilibria.
    public var agentOnly: Bool?
    /// Gambit's one-line form: `NE,` then every probability.
    public var gambitLine: String
    /// Gambit's bracketed form, e.g. `[[1/2,1/2],[1/3,2/3]]`.
    public var profileText: String
}

/// A solver run's result, ready to print as text or JSON.
public struct SolveReport: Sendable, Encodable {
    public var game: String
    public var method: String
    public var exact: Bool
    public var equilibria: [ReportedEquilibrium]
    public var lambda: Double?
    public var notes: [String] = []

    /// Formats a result: each profile with its payoffs and max regret (exact where the profile is),
    /// within the time budget in scope.
    public init(_ game: AnyGame, _ result: SolveResult) throws {
        switch game {
        case .normal(let g): self.game = g.title
        case .extensive(let g): self.game = g.title
        }
        method = result.method.rawValue
        exact = result.exact
        lambda = result.lambda
        notes = result.notes
        equilibria = try result.profiles.enumerated().map { i, p in
            try SolveBudget.check("reporting equilibrium \(i + 1) of \(result.profiles.count)")
            switch (p, game) {
            case (.mixed(let m), _): return SolveReport.strategyEq(result.strategicForm!, m)
            case (.mixedApprox(let m), _): return SolveReport.strategyEq(result.strategicForm!, m)
            case (.behavior(let b), .extensive(let g)): return SolveReport.behaviorEq(g, b, agent: result.agentForm)
            case (.behaviorApprox(let b), .extensive(let g)): return SolveReport.behaviorEq(g, b, agent: result.agentForm)
            case (.behavior, .normal), (.behaviorApprox, .normal): preconditionFailure("a behaviour profile of a strategic game")
            }
        }
    }

    static func strategyEq<T: GameNumber>(_ g: NormalFormGame, _ p: MixedProfile<T>) -> ReportedEquilibrium {
        ReportedEquilibrium(representation: "strategy", strategy: p.probabilities.map { $0.map(\.gambitText) }, behavior: nil,
                            payoffs: g.expectedPayoffs(p).map(\.gambitText), maxRegret: g.maxRegret(p).gambitText, agentOnly: nil,
                            gambitLine: p.gambitLine, profileText: p.description)
    }

    static func behaviorEq<T: GameNumber>(_ g: ExtensiveGame, _ p: BehaviorProfile<T>, agent: Bool = false) -> ReportedEquilibrium {
        let reg = g.maxRegret(p)
        return ReportedEquilibrium(representation: "behavior", strategy: nil, behavior: p.probabilities.map { $0.map { $0.map(\.gambitText) } },
                                   payoffs: g.expectedPayoffs(p).map(\.gambitText), maxRegret: reg.gambitText,
                                   agentOnly: agent ? (reg != .zero) : nil, gambitLine: p.gambitLine, profileText: p.description)
    }

    /// Gambit-style text: one `NE,...` line per equilibrium.
    public var text: String { equilibria.map(\.gambitLine).joined(separator: "\n") + (equilibria.isEmpty ? "" : "\n") }

    public var json: String { SolveReport.encode(self) + "\n" }

    /// The report under its file's name (`{"file": …, "report": …}`), one element of a batch's array.
    public func json(file: String) -> String {
        struct Filed: Encodable { var file: String; var report: SolveReport }
        return SolveReport.encode(Filed(file: file, report: self))
    }

    private static func encode<E: Encodable>(_ value: E) -> String {
        try! JSONOutput.text(value)  // non-finite numbers become strings, so this cannot throw
    }
}

extension ExtensiveGame {
    /// The tree form of a strategic game: players move in turn, each unable to see earlier
    /// moves (one information set per player), so the game is simultaneous.
    public init(normalForm g: NormalFormGame) throws {
        func build(_ p: Int, _ choice: [Int]) -> GameTree {
            if p == g.playerCount {
                let cell = g.cells[g.index(of: choice)]
                let pay = cell.map { g.outcomes[$0].payoffs } ?? [Rational](repeating: .zero, count: g.playerCount)
                return .terminal(label: cell.map { g.outcomes[$0].label } ?? "", payoffs: pay)
            }
            return .decision(player: p + 1, infoset: g.players[p], actions: g.strategies[p].enumerated().map { s, label in
                (label, build(p + 1, choice + [s]))
            })
        }
        try self.init(title: g.title, comment: g.comment, players: g.players, tree: build(0, []))
    }
}
