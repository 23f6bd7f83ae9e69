import BoundedInput
import Foundation
import Testing
@testable import Bargaining

@Suite struct ReaderTests {
    @Test func csvReadsKTABFileUnchanged() throws {
        let p = Fixtures.soePolComp
        #expect(p.actorCount == 13 && p.dimensions == ["Policy Position", "Competitive Position"])
        #expect(p.name == "China Policy/Competitive; scen 2")
        #expect(p.actors[1].name == "LK" && p.actors[1].description == "Li Keqiang")
        #expect(p.actors[1].capability == 60.2 && p.actors[1].positions == [45, 65] && p.actors[1].saliences == [44.7, 41.3])
        let d = Fixtures.dummy3Dim
        #expect(d.actors[0].capability == 102.543 && d.actors[6].positions == [70.96, 33.46, 90.36])
    }

    @Test func xmlReadsParametersAndAffinity() throws {
        let p = Fixtures.smpExample
        #expect(p.dimensions == ["FirstDim", "SecondDim", "YADN"])
        #expect(p.fileSeed == 3507583219545544127)
        let fp = try #require(p.fileParameters)
        #expect(fp.ktabVector == [0, 1, 1, 3, 1, 1, 1, 1, 0])
        let A = try #require(p.affinity)
        #expect(A[1][1] == 0.75 && A[1][0] == 0.07 && A[2][3] == 0.13 && A[4][4] == 1 && A[0][1] == 0)
    }

    /// K8: KTAB's shipped smpExample.xml has an empty first coordinate; the error names the element.
    @Test func xmlRejectsEmptyCoordinate() throws {
        do {
            _ = try KTABReader.read(path: Fixtures.data("smpExample-original.xml"))
            Issue.record("expected an error")
        } catch let BargainingError.input(file, line, field, message) {
            #expect(file.hasSuffix("smpExample-original.xml"))
            #expect(line == 32)
            #expect(field.contains("dCoord 1") && field.contains("Alice"))
            #expect(message.contains("empty"))
        }
    }

    static func csvError(_ text: String) -> BargainingError? {
        do { _ = try KTABReader.readCSV(data: Data(text.utf8), file: "bad.csv"); return nil } catch let e as BargainingError { return e } catch { return nil }
    }

    @Test func csvErrorsNameLineAndField() throws {
        let good = "S,desc,3,1\nActor,Description,Power,P1,S1\nA,a,10,20,50\nB,b,10,40,50\nC,c,10,60,50\n"
        #expect(Self.csvError(good) == nil)
        #expect(Self.csvError(good.replacingOccurrences(of: "B,b,10,40,50", with: "B,b,ten,40,50"))
            == .input(file: "bad.csv", line: 4, field: "Power", message: "'ten' is not a number (actor 'B')"))
        #expect(Self.csvError(good.replacingOccurrences(of: "C,c,10,60,50", with: "C,c,10,160,50"))
            == .input(file: "bad.csv", line: 5, field: "P1", message: "160 is outside 0.0–100.0 (actor 'C')"))
        if case let .input(_, line, field, _)? = Self.csvError(good.replacingOccurrences(of: "S,desc,3,1", with: "S,desc,x,1")) {
            #expect(line == 1 && field == "numActors")
        } else { Issue.record("numActors error expected") }
        if case let .input(_, line, field, _)? = Self.csvError(good.replacingOccurrences(of: "A,a,10,20,50", with: "A,a,10,20")) {
            #expect(line == 3 && field == "actor line")
        } else { Issue.record("short line error expected") }
        if case let .input(_, _, field, _)? = Self.csvError(good.replacingOccurrences(of: "S,desc,3,1", with: "S,desc,4,1")) {
            #expect(field == "numActors")
        } else { Issue.record("row count error expected") }
        // Fuzzer finding: a dimension count past Int's range once overflowed the column arithmetic.
        if case let .input(_, line, field, _)? = Self.csvError(" 0,,+6,+0005576307205072629445,+000000004300010,+00\u{0}\n0?") {
            #expect(line == 1 && field == "numDims")
        } else { Issue.record("numDims error expected") }
        if case let .input(_, line, field, _)? = Self.csvError(good.replacingOccurrences(of: "S,desc,3,1", with: "S,desc,3,1001")) {
            #expect(line == 1 && field == "numDims")
        } else { Issue.record("numDims error expected") }
        let twoDims = "S,desc,3,2\nActor,Description,Power,P1,S1,P2,S2\nA,a,10,20,60,30,50\nB,b,10,40,50,1,1\nC,c,10,60,50,1,1\n"
        if case let .input(_, line, field, message)? = Self.csvError(twoDims) {
            #expect(line == 3 && field == "salience" && message.contains("110"))
        } else { Issue.record("salience sum error expected") }
    }

    @Test func xmlErrors() throws {
        func err(_ xml: String) -> BargainingError? {
            do { _ = try KTABReader.readXML(data: Data(xml.utf8), file: "bad.xml"); return nil } catch let e as BargainingError { return e } catch { return nil }
        }
        let text = try String(contentsOfFile: Fixtures.data("smpExample.xml"), encoding: .utf8)
        #expect(err(text) == nil)
        if case let .input(_, _, field, _)? = err(text.replacingOccurrences(of: "<PCEModel>MarkovIncentive</PCEModel>", with: "<PCEModel>Markov</PCEModel>")) {
            #expect(field == "PCEModel")
        } else { Issue.record("parameter error expected") }
        if case let .input(_, _, field, message)? = err(text.replacingOccurrences(of: "<referencePos>David</referencePos>", with: "<referencePos>Dave</referencePos>")) {
            #expect(field == "referencePos" && message.contains("Dave"))
        } else { Issue.record("unknown actor error expected") }
        if case let .input(_, _, field, _)? = err("<Scenario><name>x</nam></Scenario>") { #expect(field == "XML") } else { Issue.record("malformed XML error expected") }
        // Schema spellings Proportional and No are accepted.
        let schema = text.replacingOccurrences(of: "<VotingRule>PropCbc</VotingRule>", with: "<VotingRule>Proportional</VotingRule>")
            .replacingOccurrences(of: "<BigRAdjust>OneThird</BigRAdjust>", with: "<BigRAdjust>No</BigRAdjust>")
        let p = try KTABReader.readXML(data: Data(schema.utf8), file: "ok.xml")
        #expect(p.fileParameters?.votingRule == .prop && p.fileParameters?.bigRAdjust == BigRAdjust.none)
    }

    @Test func bdmTables() throws {
        let eu = try BDMTableReader.read(path: Fixtures.data("bdm-eu-emissions.csv"))
        #expect(eu.actorCount == 10 && eu.actors[9].name == "Greece" && eu.actors[9].saliences == [70])
        let iran = try BDMTableReader.read(path: Fixtures.data("bdm-iran-1984.csv"))
        #expect(iran.actors[23].name == "Ayatollah_Sahriat_ Madari_SHA" && iran.actors[4].saliences == [0.01])
    }
}

@Suite struct BaselineAndForecastTests {
    @Test func weightedMeanAndMedianByHand() {
        // weights c·s: 1·1=1, 2·1=2, 1·3=3 at positions 0, 50, 100; total 6.
        let b = Baselines(positions: [0, 50, 100], capabilities: [1, 2, 1], saliences: [1, 1, 3])
        #expect(abs(b.weightedMean - (0 + 100 + 300) / 6.0) < 1e-12)
        // cumulative 1, 3, 6: exactly half (3) at 50, so the midpoint of 50 and 100.
        #expect(b.weightedMedian == 75)
    }

    @Test func weightedMedianCases() {
        // cumulative 1, 3, 6 of total 6: reaches exactly half (3) at 50 → midpoint with 100.
        #expect(Baselines(positions: [0, 50, 100], capabilities: [1, 2, 3], saliences: [1, 1, 1]).weightedMedian == 75)
        // cumulative 1, 4, 6: passes half at 50.
        #expect(Baselines(positions: [100, 0, 50], capabilities: [2, 1, 3], saliences: [1, 1, 1]).weightedMedian == 50)
        // EU emissions case: mean 7.39 and median 7.0 (both open implementations; docs/bargaining.md).
        let eu = try! BDMTableReader.read(path: Fixtures.data("bdm-eu-emissions.csv"))
        let b = Baselines.of(eu)[0]
        #expect(abs(b.weightedMean - 7.39) < 0.005 && b.weightedMedian == 7)
    }

    @Test func forecasterReportsBaselinesBesideModel() throws {
        let f = try Forecaster.forecast(Fixtures.dummy3Dim)
        #expect(f.dimensions.count == 3 && f.converged && f.rounds == 10)
        let base = Baselines.of(Fixtures.dummy3Dim)
        for k in 0..<3 {
            #expect(f.dimensions[k].weightedMean == base[k].weightedMean)
            // The forecast lies within the final positions' range.
            let xs = f.smp!.finalPositions.map { $0[k] }
            #expect(f.dimensions[k].forecast >= xs.min()! - 1e-9 && f.dimensions[k].forecast <= xs.max()! + 1e-9)
        }
        let g = try Forecaster.forecast(issue: "offensive", actors: [
            ("Russia", 40, 80, 90), ("Turkey", 30, 20, 80), ("Iran", 20, 90, 60), ("Rebels", 10, 0, 100)],
            options: ForecastOptions(model: .bdm))
        #expect(g.dimensions.count == 1 && g.bdm?.count == 1)
        #expect(g.options.bdm == .masad2013)
    }

    @Test func outputsCoverEveryStateActorAndDimension() throws {
        let f = try Forecaster.forecast(Fixtures.dummy3Dim)
        let traj = ForecastOutput.trajectoryCSV(f).split(separator: "\n")
        #expect(traj.count == 1 + 11 * 7 * 3)
        #expect(traj[1].hasPrefix("smp,0,SActor-00,Pstn1,75.790000"))
        let summary = ForecastOutput.summaryCSV(f).split(separator: "\n")
        #expect(summary.count == 4)
        let json = try JSONOutput.text(ForecastReport(forecast: f, monteCarlo: nil))
        let back = try JSONDecoder().decode(ForecastReport.self, from: Data(json.utf8))
        #expect(back.forecast.dimensions == f.dimensions)
    }
}

@Suite struct ProblemJSONTests {
    @Test func roundTripAndErrors() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("fulcrum-bargaining-json-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let good = """
            {"name": "offensive", "dimensions": ["extent"], "actors": [
              {"name": "Russia", "capability": 40, "positions": [80], "saliences": [90]},
              {"name": "Turkey", "capability": 30, "positions": [20], "saliences": [80]},
              {"name": "Iran", "capability": 20, "positions": [90], "saliences": [60]}]}
            """
        let path = dir.appendingPathComponent("p.json").path
        try Data(good.utf8).write(to: URL(fileURLWithPath: path))
        let p = try BargainingProblem.readJSON(path: path)
        #expect(p.actorCount == 3 && p.actors[1].description == "" && p.dimensions == ["extent"])
        let f = try Forecaster.forecast(p)
        #expect(f.summaryLines.count == 1 && f.summaryLines[0].hasPrefix("extent: SMP "))
        // Saved and read back, the problem is unchanged.
        let json = try JSONOutput.text(p)
        try Data(json.utf8).write(to: URL(fileURLWithPath: path))
        #expect(try BargainingProblem.readJSON(path: path) == p)

        try Data(good.replacingOccurrences(of: "\"capability\": 30, ", with: "").utf8).write(to: URL(fileURLWithPath: path))
        #expect(throws: BargainingError.input(file: path, line: nil, field: "actors[1].capability", message: "missing")) {
            try BargainingProblem.readJSON(path: path)
        }
        try Data(good.replacingOccurrences(of: "[80]", with: "[180]").utf8).write(to: URL(fileURLWithPath: path))
        #expect(throws: BargainingError.input(file: path, line: nil, field: "problem",
                                              message: "actor 'Russia': position on 'extent' must be in 0–100, got 180.0")) {
            try BargainingProblem.readJSON(path: path)
        }
    }
}
