import Testing
import Foundation
@testable import Games

@Suite struct FormatTests {
    @Test func everySampleParsesAndRoundTrips() throws {
        #expect(Reference.sampleNames.count == 24)
        for name in Reference.sampleNames {
            switch try Reference.game(name) {
            case .extensive(let g):
                let again = try ExtensiveGame(efg: g.efgText())
                #expect(again == g, "round trip \(name)")
            case .normal(let g):
                for layout in NFGLayout.allCases {
                    let again = try NormalFormGame(nfg: g.nfgText(layout: layout))
                    #expect(again.payoffTable == g.payoffTable && again.strategies == g.strategies && again.players == g.players, "round trip \(name) \(layout)")
                }
                #expect(try NormalFormGame(nfg: g.nfgText()) == g)
            }
        }
    }

    /// Sizes from docs/games.md, "The sample games" (reduced strategies, nodes, information sets incl. chance).
    @Test func sizesMatchReference() throws {
        let trees: [String: ([Int], Int, Int)] = [
            "badgame1.efg": ([3, 2], 7, 3), "cent6.efg": ([4, 4], 13, 6), "condjury.efg": ([4, 4, 4], 255, 6),
            "e05.efg": ([2, 2, 2], 15, 3), "e13.efg": ([8, 8], 31, 10), "e17.efg": ([4, 4], 15, 4),
            "entry_accommodation.efg": ([4, 2], 11, 4), "holdout7.efg": ([8, 8], 127, 14), "montyhal.efg": ([12, 512], 67, 16),
            "poker.efg": ([4, 2], 11, 3), "selten1975_fig1_horse.efg": ([2, 2, 2], 9, 3), "selten1975_fig2.efg": ([3, 2], 7, 3),
            "vd.efg": ([4, 4], 15, 5),
        ]
        for (name, (counts, nodes, sets)) in trees {
            let g = try Reference.efg(name)
            #expect(g.nodes.count == nodes, "\(name) nodes")
            #expect(g.infosets.filter { $0.player > 0 }.count == sets, "\(name) infosets")
            #expect((1...g.playerCount).map { g.reducedStrategies(player: $0).count } == counts, "\(name) strategies")
        }
        #expect(try Reference.nfg("2x2x2x2x2.nfg").strategyCounts == [2, 2, 2, 2, 2])
        #expect(try Reference.nfg("winkels.nfg").strategyCounts == [6, 2])
        #expect(try Reference.nfg("g2.nfg").strategyCounts == [3, 3, 3])
    }

    /// Reduced strategies agree with Gambit's order and behaviour columns (reference_strategies.tsv).
    @Test func reducedStrategiesMatchGambitOrder() throws {
        for name in Reference.sampleNames where name.hasSuffix(".efg") {
            let g = try Reference.efg(name)
            for p in 1...g.playerCount {
                let ours = g.reducedStrategies(player: p).map { s in
                    s.enumerated().map { j, a in "\(j + 1):" + (a.map { g.infosets[g.playerInfosets[p][j]].actions[$0] } ?? "*") }
                }
                let same = ours == Reference.strategyBehaviors["\(name)#\(p)"]
                #expect(same, "\(name) player \(p)")
            }
        }
    }

    @Test func examplesReadWithExactValues() throws {
        let d = try ExtensiveGame(contentsOf: Reference.path("games/examples/deterrence.efg"))
        #expect(d.comment == "Nature draws the Defender's type.\nThe Challenger does not see it.")
        let leafPayoffs = d.nodes.indices.filter(d.isTerminal).map(d.pathPayoffs)
        #expect(leafPayoffs.contains([Rational(-7, 2), Rational(-17, 4)]))
        #expect(leafPayoffs.contains([Rational(3, 2), -2]))
        let a = try NormalFormGame(contentsOf: Reference.path("games/examples/alliance_payoff.nfg"))
        #expect(a.title == "Alliance \"test\" game")
        #expect(a.payoff([1, 2], player: 0) == Rational(1, 2))
        let h = try NormalFormGame(contentsOf: Reference.path("games/examples/holdfold_outcome.nfg"))
        #expect(h.cells == [0, 1, nil, nil])
        #expect(h.comment == "two-line\ndescription")
    }

    @Test func numbersAreExact() {
        #expect(Rational(gambitText: "-4.25") == Rational(-17, 4))
        #expect(Rational(gambitText: "2.5e-1") == Rational(1, 4))
        #expect(Rational(gambitText: "1e2") == 100)
        #expect(Rational(gambitText: ".5") == Rational(1, 2))
        #expect(Rational(gambitText: "-.5") == Rational(-1, 2))
        #expect(Rational(gambitText: "1.") == 1)
        #expect(Rational(gambitText: "0.1") == Rational(1, 10))
        #expect(Rational(gambitText: "2/4") == Rational(1, 2))
        #expect(Rational(gambitText: "+1") == nil)
        #expect(Rational(gambitText: "1/0") == nil)
        #expect(Rational(gambitText: "1/-2") == nil)
        #expect(Rational(gambitText: "0x10") == nil)
    }

    private func expectError(_ text: String, line: Int, column: Int, _ fragment: String) {
        do {
            _ = try AnyGame.parse(text, file: "x")
            Issue.record("accepted: \(text)")
        } catch let e as GameFileError {
            #expect(e.line == line && e.column == column, "\(e)")
            #expect(e.message.contains(fragment), "\(e)")
        } catch { Issue.record("wrong error \(error)") }
    }

    @Test func badInputsNameLineAndColumn() {
        expectError("EFG 3 R \"\" { \"A\" }\nt \"\" 0", line: 1, column: 5, "version")
        expectError("NFG 2 R \"\" { \"A\" } { 1 } 1", line: 1, column: 5, "version")
        expectError("NFG 1 R \"\" { \"A\" \"B\" } { 1 1 }\n+1 2", line: 2, column: 1, "invalid number")
        expectError("NFG 1 R \"\" { \"A\" \"B\" } { 1 1 }\n1/0 2", line: 2, column: 1, "invalid number")
        expectError("EFG 2 R \"\" { \"A\" }\nc \"\" 1 \"\" { \"x\" 0.3 \"y\" 0.6 } 0\nt \"\" 0\nt \"\" 0", line: 2, column: 6, "not exactly 1")
        expectError("EFG 2 R \"\" { \"A\" }\n# note\nt \"\" 0", line: 2, column: 1, "node type")
        expectError("EFG 2 R \"\" { \"A\" }\np \"\" 1 1 \"\" { \"x\" \"y\" } 0\nt \"\" 0\np \"\" 1 2 0\nt \"\" 0\nt \"\" 0", line: 4, column: 8, "before it is defined")
        expectError("EFG 2 R \"\" { \"A\" }\np \"\" 1 1 \"\" { \"x\" \"y\" } 0\nt \"\" 3\nt \"\" 0", line: 3, column: 6, "outcome 3")
        expectError("EFG 2 R \"\" { \"A\" }\np \"\" 1 1 \"\" { \"x\" \"y\" } 0\np \"\" 1 1 \"\" { \"x\" \"z\" } 0\nt \"\" 0\nt \"\" 0\nt \"\" 0", line: 3, column: 8, "redefined")
        expectError("NFG 1 R \"\" { \"A\" \"B\" } { 2 1 }\n1 2 3", line: 2, column: 6, "need 4")
        expectError("NFG 1 R \"\" { \"A\" \"B\" } { 1 1 }\n1 2 3", line: 2, column: 5, "after the end")
    }

    @Test func toleratesDuplicateLabels() throws {
        let text = "EFG 2 R \"\" { \"A\" \"A\" }\np \"n\" 1 1 \"s\" { \"x\" \"x\" } 0\np \"n\" 2 1 \"s\" { \"\" \"\" } 0\nt \"n\" 1 \"o\" { 1 2 }\nt \"n\" 2 \"o\" { 3 4 }\nt \"n\" 0"
        let g = try ExtensiveGame(efg: text)
        #expect(g.nodes.count == 5)
        #expect(try ExtensiveGame(efg: g.efgText()) == g)
    }

    @Test func labelsWithEscapesRoundTrip() throws {
        let g = try NormalFormGame(title: "a \"q\" \\ b", players: ["x\\", "y"], strategies: [["s"], ["t"]]) { _ in [1, 2] }
        let again = try NormalFormGame(nfg: g.nfgText())
        #expect(again.title == g.title && again.players == g.players)
    }
}
