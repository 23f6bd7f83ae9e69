import Foundation

/// The equilibrium methods, by their command-line names.
public enum SolveMethod: String, CaseIterable, Sendable {
    case backward, enumpure, enumpureAgent = "enumpure-agent", enummixed, lcp, lcpFirst = "lcp-first",
         lcpStrategic = "lcp-strategic", lp, logit, spe, enumpoly
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

    /// Gambit-style text: one `NE,...` line per equilibrium.
    public var text: String { equilibria.map(\.gambitLine).joined(separator: "\n") + (equilibria.isEmpty ? "" : "\n") }

    public var json: String {
        let enc = JSONEncoder()
        enc.outputFormatting = [.prettyPrinted, .sortedKeys]
        return String(data: try! enc.encode(self), encoding: .utf8)! + "\n"
    }
}

public enum Solve {
    /// Default method: backward induction for perfect-information trees, sequence-form LCP for
    /// other two-player trees, enummixed for two-player strategic games, logit otherwise.
    public static func defaultMethod(_ game: AnyGame) -> SolveMethod {
        switch game {
        case .extensive(let g): return g.isPerfectInformation ? .backward : (g.playerCount == 2 ? .lcp : .logit)
        case .normal(let g): return g.playerCount == 2 ? .enummixed : .enumpoly
        }
    }

    /// Runs `method` on `game`; `lambda` fixes the logit λ (nil: the limit).
    public static func run(_ game: AnyGame, method: SolveMethod, lambda: Double? = nil, maxRegret: Double = 1e-8) throws -> SolveReport {
        switch game {
        case .normal(let g): return try run(g, method: method, lambda: lambda, maxRegret: maxRegret)
        case .extensive(let g): return try run(g, method: method, lambda: lambda, maxRegret: maxRegret)
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

    static func run(_ g: NormalFormGame, method: SolveMethod, lambda: Double?, maxRegret: Double) throws -> SolveReport {
        var r = SolveReport(game: g.title, method: method.rawValue, exact: true, equilibria: [])
        switch method {
        case .enumpure:
            r.equilibria = EnumPure.solve(g).map { strategyEq(g, MixedProfile<Rational>.pure($0, counts: g.strategyCounts)) }
        case .enummixed:
            r.equilibria = try EnumMixed.solve(g).map { strategyEq(g, $0) }
        case .lcp, .lcpStrategic:
            r.equilibria = try LemkeHowson.solve(g).map { strategyEq(g, $0) }
        case .lcpFirst:
            r.equilibria = try LemkeHowson.solve(g, all: false).map { strategyEq(g, $0) }
        case .lp:
            let s = try LinearProgramSolver.solve(g)
            r.equilibria = [strategyEq(g, s.profile)]
            r.notes.append("value \(s.value)")
        case .logit:
            var opt = LogitOptions(targetLambda: lambda, maxRegret: maxRegret)
            opt.targetLambda = lambda
            let p = try LogitQRE.solve(g, options: opt)
            r.exact = false
            r.lambda = p.lambda
            r.equilibria = [strategyEq(g, p.profile)]
        case .enumpoly:
            let res = try SupportEnumeration.solve(g, maxRegret: maxRegret)
            r.exact = false
            r.equilibria = res.equilibria.map { strategyEq(g, $0) }
            r.notes += res.notes
        case .backward, .spe, .enumpureAgent:
            throw GameError.unsupported("method '\(method.rawValue)' needs an extensive-form (.efg) game")
        }
        return r
    }

    static func run(_ g: ExtensiveGame, method: SolveMethod, lambda: Double?, maxRegret: Double) throws -> SolveReport {
        var r = SolveReport(game: g.title, method: method.rawValue, exact: true, equilibria: [])
        func viaStrategic(_ f: (NormalFormGame) throws -> [MixedProfile<Rational>]) throws {
            let (nf, _) = try g.reducedNormalForm()
            r.equilibria = try f(nf).map { strategyEq(nf, $0) }
        }
        switch method {
        case .backward:
            let (all, truncated) = try BackwardInduction.solveAll(g)
            r.equilibria = all.map { behaviorEq(g, $0.profile) }
            if truncated { r.notes.append("more subgame-perfect equilibria exist; list truncated") }
        case .enumpure:
            let (eqs, _) = try EnumPure.solve(g)
            let (nf, _) = try g.reducedNormalForm()
            r.equilibria = eqs.map { strategyEq(nf, $0) }
        case .enumpureAgent:
            r.equilibria = try EnumPure.solveAgent(g).map { behaviorEq(g, $0, agent: true) }
        case .enummixed: try viaStrategic { try EnumMixed.solve($0) }
        case .lcpStrategic: try viaStrategic { try LemkeHowson.solve($0) }
        case .lcpFirst: try viaStrategic { try LemkeHowson.solve($0, all: false) }
        case .lcp:
            r.equilibria = [behaviorEq(g, try SequenceFormLCP.solve(g))]
        case .lp:
            let s = try LinearProgramSolver.solve(g)
            r.equilibria = [behaviorEq(g, s.profile)]
            r.notes.append("value \(s.value)")
        case .logit:
            let p = try LogitQRE.solve(g, options: LogitOptions(targetLambda: lambda, maxRegret: maxRegret))
            r.exact = false
            r.lambda = p.lambda
            r.equilibria = [behaviorEq(g, p.profile)]
        case .spe:
            if g.playerCount == 2 && g.hasPerfectRecall {
                r.equilibria = [behaviorEq(g, try SubgamePerfect.solveExact(g))]
            } else {
                r.exact = false
                r.equilibria = [behaviorEq(g, try SubgamePerfect.solveLogit(g, options: LogitOptions(maxRegret: maxRegret)))]
            }
        case .enumpoly:
            let (nf, _) = try g.reducedNormalForm()
            let res = try SupportEnumeration.solve(nf, maxRegret: maxRegret)
            r.exact = false
            r.equilibria = res.equilibria.map { strategyEq(nf, $0) }
            r.notes += res.notes
        }
        return r
    }
}

extension ExtensiveGame {
    /// The tree form of a strategic game: players move in turn, each unable to see earlier
    /// moves (one information set per player), so the game is simultaneous.
    public init(normalForm g: NormalFormGame) throws {
        func build(_ p: Int, _ choice: [Int]) -> GameTree {
            if p == g.playerCount {
                var full = choice
                full.reverse(); full.reverse()
                let cell = g.cells[g.index(of: full)]
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

extension Solve {
    /// Runs only the solver (no profile formatting or regret reporting) and returns how many
    /// equilibria it found: what the benchmark times, matching pygambit's solver-call timing.
    public static func solverOnly(_ game: AnyGame, method: SolveMethod, lambda: Double? = nil) throws -> Int {
        switch (game, method) {
        case (.normal(let g), .enumpure): return EnumPure.solve(g).count
        case (.normal(let g), .enummixed): return try EnumMixed.solve(g).count
        case (.normal(let g), .lcp), (.normal(let g), .lcpStrategic): return try LemkeHowson.solve(g).count
        case (.normal(let g), .lcpFirst): return try LemkeHowson.solve(g, all: false).count
        case (.normal(let g), .lp): _ = try LinearProgramSolver.solve(g); return 1
        case (.normal(let g), .logit): _ = try LogitQRE.solve(g, options: LogitOptions(targetLambda: lambda)); return 1
        case (.normal(let g), .enumpoly): return try SupportEnumeration.solve(g).equilibria.count
        case (.extensive(let g), .backward): return try BackwardInduction.solveAll(g).equilibria.count
        case (.extensive(let g), .enumpure): return try EnumPure.solve(g).equilibria.count
        case (.extensive(let g), .enumpureAgent): return try EnumPure.solveAgent(g).count
        case (.extensive(let g), .enummixed): return try EnumMixed.solve(try g.reducedNormalForm().game).count
        case (.extensive(let g), .lcpStrategic): return try LemkeHowson.solve(try g.reducedNormalForm().game).count
        case (.extensive(let g), .lcpFirst): return try LemkeHowson.solve(try g.reducedNormalForm().game, all: false).count
        case (.extensive(let g), .lcp): _ = try SequenceFormLCP.solve(g); return 1
        case (.extensive(let g), .lp): _ = try LinearProgramSolver.solve(g); return 1
        case (.extensive(let g), .logit): _ = try LogitQRE.solve(g, options: LogitOptions(targetLambda: lambda)); return 1
        case (.extensive(let g), .spe):
            if g.playerCount == 2 && g.hasPerfectRecall { _ = try SubgamePerfect.solveExact(g) } else { _ = try SubgamePerfect.solveLogit(g) }
            return 1
        case (.extensive(let g), .enumpoly): return try SupportEnumeration.solve(try g.reducedNormalForm().game).equilibria.count
        default: return try run(game, method: method, lambda: lambda).equilibria.count
        }
    }
}
