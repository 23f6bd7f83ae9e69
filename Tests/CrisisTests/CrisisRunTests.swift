import CLISupport
import Foundation
import Scenario
import Games
import Testing
@testable import Crisis

/// Scenarios whose answers are worked out by hand in their own header comments.
enum Fixtures {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    static let packageRoot = root.deletingLastPathComponent().deletingLastPathComponent()
    static func twoBranch() throws -> Scenario {
        try Scenario.load(directory: root.appendingPathComponent("Fixtures/two-branch"))
    }
    static func toyValley() throws -> Scenario {
        try Scenario.load(directory: packageRoot.appendingPathComponent("docs/examples/toy-valley"))
    }
    static func json(_ r: CrisisResult) throws -> Data {
        let e = JSONEncoder()
        e.outputFormatting = [.sortedKeys]
        e.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        return try e.encode(r)
    }
}

struct TwoBranchTests {
    /// The capital attacks iff 1 + w > 0 with w ~ U(-4, 0): P(attack) = 1/4 (binomial
    /// standard error with 2,000 samples ≈ 0.01), tipping at w = -1.
    @Test func equilibriumProbabilityAndTippingPointMatchTheHandSolution() throws {
        let r = try CrisisRunner.run(try Fixtures.twoBranch(), options: .init(samples: 2000, seed: 11, threads: 2))
        let attack = r.paths.first { $0.key == "capital:attack" }?.probability ?? 0
        let hold = r.paths.first { $0.key == "capital:hold" }?.probability ?? 0
        #expect(abs(attack - 0.25) < 0.035)
        #expect(abs(attack + hold - 1) < 1e-12)
        let sweep = try #require(r.pivot.sweeps.first { $0.input == "preferences.capital.deaths" })
        #expect(sweep.tippingPoints.count == 1)
        #expect(abs(sweep.tippingPoints[0].value - -1) < 0.05)
        #expect(sweep.tippingPoints[0].below == "capital:hold" && sweep.tippingPoints[0].above == "capital:attack")
        // The path indicator is a step function of w: most of its variance is w's.
        #expect(sweep.sensitivity > 0.8)
    }

    /// Deaths: 3 per intensity-day × 10 days. Displaced: Flee's pop_ratio spawning takes
    /// int(0.1 × remaining) each day from 1,000 people: 100 + 90 + 81 + 72 + 65 + 59 + 53
    /// + 48 + 43 + 38 = 649, whatever the seed (spawning is deterministic here).
    @Test func branchConsequencesAreExact() throws {
        let r = try CrisisRunner.run(try Fixtures.twoBranch(), options: .init(samples: 50, seed: 3))
        let attack = try #require(r.branches.first { $0.id.hasSuffix("attack") })
        let hold = try #require(r.branches.first { $0.id.hasSuffix("hold") })
        #expect(attack.consequences["deaths"]?.median == 30)
        #expect(attack.consequences["deaths"]?.p05 == 30)
        #expect(attack.consequences["territory"]?.median == 1)
        #expect(attack.consequences["displaced"]?.median == 649)
        #expect(attack.consequences["displaced"]?.p95 == 649)
        #expect(hold.consequences["deaths"]?.p95 == 0)
        #expect(hold.consequences["displaced"]?.p95 == 0)
        let war = try #require(r.schedules.first { $0.id == "war" })
        #expect(war.displacedByDay.map(\.median) == [100, 190, 271, 343, 408, 467, 520, 568, 611, 649])
    }

    /// A what-if fixes the weight: at w = -0.5 attacking is always better; at -2 never.
    @Test func overridesDecideTheOutcome() throws {
        let s = try Fixtures.twoBranch()
        let attack = try CrisisRunner.run(s, options: .init(samples: 20, overrides: ["preferences.capital.deaths": -0.5]))
        #expect(attack.paths.map(\.key) == ["capital:attack"])
        #expect(attack.paths[0].probability == 1)
        let hold = try CrisisRunner.run(s, options: .init(samples: 20, overrides: ["preferences.capital.deaths": -2]))
        #expect(hold.paths.map(\.key) == ["capital:hold"])
        #expect(throws: SettingError.self) {
            try CrisisRunner.run(s, options: .init(samples: 5, overrides: ["preferences.capital.death": -2]))
        }
    }

    @Test func resultsAreBitIdenticalWhateverTheThreadCount() throws {
        let s = try Fixtures.twoBranch()
        let one = try Fixtures.json(CrisisRunner.run(s, options: .init(samples: 300, seed: 5, threads: 1)))
        let two = try Fixtures.json(CrisisRunner.run(s, options: .init(samples: 300, seed: 5, threads: 2)))
        let again = try Fixtures.json(CrisisRunner.run(s, options: .init(samples: 300, seed: 5, threads: 3)))
        let other = try Fixtures.json(CrisisRunner.run(s, options: .init(samples: 300, seed: 6, threads: 2)))
        #expect(one == two)
        #expect(one == again)
        #expect(one != other)
    }
}

struct ThreePlayerGameTests {
    /// toy-valley: capital holds (→ truce chance node, holds with p) or attacks; after an
    /// attack the patron gives air cover or not; without it the neighbour stays or leaves.
    /// Terminals in tree order: hold/holds, hold/breaks, attack/air, attack/no_air/stay,
    /// attack/no_air/leave. With the payoffs below, backward induction by hand: neighbour
    /// stays (2 > 1); patron withholds (1 > -1); capital compares 2p (hold) with 1 (attack).
    static let payoffs: [[Double]] = [[2, 0, 1], [0, 0, 0], [3, -1, -2], [1, 1, 2], [-1, 2, 1]]

    @Test func subgamePerfectPathByHand() throws {
        let s = try Fixtures.toyValley()
        let attack = try CrisisGame(s.fixing(["parameters.p_truce_holds": 0.4])).solve(utilities: Self.payoffs)
        #expect(attack.key == "capital:attack patron:no_air neighbour:stay")
        #expect(attack.expectedUtilities == [1, 1, 2])
        #expect(attack.terminalProbabilities == [0, 0, 0, 1, 0])
        let hold = try CrisisGame(s.fixing(["parameters.p_truce_holds": 0.75])).solve(utilities: Self.payoffs)
        #expect(hold.key == "capital:hold")
        #expect(hold.expectedUtilities == [1.5, 0, 0.75])
        #expect(hold.terminalProbabilities == [0.75, 0.25, 0, 0, 0])
    }

    /// Forcing the patron to give air cover: the capital then compares 2p with 3.
    @Test func forcingAChoiceReSolvesTheRest() throws {
        let s = try Fixtures.toyValley().fixing(["parameters.p_truce_holds": 0.75])
        let forced = try CrisisGame(s).solve(utilities: Self.payoffs, forcing: (player: "patron", action: "air"))
        #expect(forced.key == "capital:attack patron:air")
        #expect(forced.terminalProbabilities == [0, 0, 1, 0, 0])
    }

    /// Under p ~ Beta(2, 3) the capital holds iff p > 1/2: P = 1 − I_{1/2}(2, 3) = 5/16.
    @Test func pathProbabilityUnderUncertaintyByHand() throws {
        let s = try Fixtures.toyValley()
        let draws = InputDraws(s, seed: 2)
        let n = 4000
        var holds = 0
        for i in 0..<n {
            let concrete = try draws.draw(s, sample: i).scenario
            if try CrisisGame(concrete).solve(utilities: Self.payoffs).key == "capital:hold" { holds += 1 }
        }
        #expect(abs(Double(holds) / Double(n) - 5.0 / 16.0) < 0.025)
    }

    /// Swing normalisation and threshold terms, by hand. Consequences: territory, deaths,
    /// displaced, overload, talks. Patron: 0.5 × territory + 0.5 × talks, the talks term
    /// only while deaths ≤ 5,000; capital: territory − 0.1 × deaths.
    @Test func utilitiesNormaliseAcrossBranchesAndApplyThresholdsFirst() throws {
        let s = try Fixtures.toyValley()
        let rows: [[Double]] = [[0, 0, 0, 0, 1], [0, 6000, 0, 0, 0.5], [1, 3000, 0, 0, 0.2]]
        let u = utilities(of: s.nominal, consequences: rows, players: ["capital", "patron"])
        #expect(u[0] == [0, 0.5])
        #expect(u[1] == [-0.1, 0])        // deaths 6,000 > 5,000: the talks term does not count
        #expect(abs(u[2][0] - 0.95) < 1e-12)
        #expect(u[2][1] == 0.5)
    }
}

struct GameExportTests {
    /// The exported .efg is the game the runner solved: read back by the Games module's
    /// Gambit reader, backward induction gives the nominal equilibrium (at the median
    /// weight w = -2, hold: u = 0 beats attack: u = 1 + w = -1).
    @Test func exportedGameReadsBackAndSolvesToTheNominalPath() throws {
        let r = try CrisisRunner.run(try Fixtures.twoBranch(), options: .init(samples: 5))
        let game = try ExtensiveGame(efg: r.gameEFG)
        #expect(game.players == ["capital"])
        let spe = try BackwardInduction.solve(game)
        #expect(spe.payoffsDouble == [0])
        #expect(r.nominal.key == "capital:hold")
        #expect(r.nominal.expectedUtilities["capital"] == 0)
    }
}

struct ImperfectInformationTests {
    /// Terminals: hider heads/guess heads, heads/tails, tails/heads, tails/tails.
    /// Payoffs (hider, guesser): 9 on heads–heads, 1 on tails–tails to the hider; 1 to
    /// the guesser on a mismatch. By hand: hider heads 1/2, guesser heads 1/10, so the
    /// terminal probabilities are 0.05, 0.45, 0.05, 0.45 and the expected payoffs 0.9, 0.5.
    static let payoffs: [[Double]] = [[9, 0], [0, 1], [0, 1], [1, 0]]

    @Test func logitLimitIsTheMixedNashEquilibrium() throws {
        let s = try Scenario.load(directory: Fixtures.root.appendingPathComponent("Fixtures/pennies"))
        let solution = try CrisisGame(s).solve(utilities: Self.payoffs)
        let expected = [0.05, 0.45, 0.05, 0.45]
        for (p, e) in zip(solution.terminalProbabilities, expected) { #expect(abs(p - e) < 1e-4) }
        #expect(abs(solution.expectedUtilities[0] - 0.9) < 1e-4)
        #expect(abs(solution.expectedUtilities[1] - 0.5) < 1e-4)
        // The guesser's most probable action is tails (0.9).
        #expect(solution.path.last?.action == "tails")
    }

    /// At λ = 0 play is uniform: every terminal has probability 1/4.
    @Test func logitAtLambdaZeroIsUniform() throws {
        var s = try Scenario.load(directory: Fixtures.root.appendingPathComponent("Fixtures/pennies"))
        s.tree.logitLambda = Quantity.fixed(1e-9, .none)
        let solution = try CrisisGame(s).solve(utilities: Self.payoffs)
        for p in solution.terminalProbabilities { #expect(abs(p - 0.25) < 1e-6) }
    }
}

@Suite(.enabled(if: fulcrumBinary != nil, "the fulcrum binary is built beside the tests"))
struct ShardTests {
    /// Four shards computed by four separate processes, merged, give the bytes of the
    /// unsharded run; a missing shard is an error, not a smaller result.
    @Test func fourProcessShardsMergeToTheSingleRun() throws {
        let fixture = Fixtures.root.appendingPathComponent("Fixtures/two-branch").path
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("fulcrum-shards-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: dir) }
        let processes = try (1...4).map { k -> Process in
            let p = Process()
            p.executableURL = fulcrumBinary
            p.arguments = ["run", fixture, "--samples", "203", "--seed", "9", "--shard", "\(k)/4", "--out", dir.path]
            p.standardOutput = FileHandle.nullDevice
            try p.run()
            return p
        }
        for p in processes { p.waitUntilExit(); #expect(p.terminationStatus == 0) }
        let merged = try fulcrum(["merge", dir.path, "--format", "json", "--no-store"])
        let single = try fulcrum(["run", fixture, "--samples", "203", "--seed", "9", "--format", "json", "--no-store"])
        #expect(merged.status == 0 && single.status == 0)
        #expect(!merged.out.isEmpty)
        #expect(merged.out == single.out)
        try FileManager.default.removeItem(at: dir.appendingPathComponent("shard-3-of-4.json"))
        let incomplete = try fulcrum(["merge", dir.path, "--no-store"])
        #expect(incomplete.status == 1)
        #expect(incomplete.out.isEmpty)
    }
}
