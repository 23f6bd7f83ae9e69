import Foundation
import Testing
@testable import Games

/// `fulcrum game solve FILE…` as a library call: each file solved in turn, its output handed on
/// as it is done, and a file that fails named without stopping the rest.
struct SolveFilesTests {
    /// Matching pennies: its one equilibrium is both players mixing half and half.
    static let pennies = "NFG 1 R \"Matching pennies\" { \"A\" \"B\" } { 2 2 }\n\n1 -1 -1 1 -1 1 1 -1\n"

    func solve(_ files: [String], method: SolveMethod? = nil, json: Bool = false) throws -> (ok: Bool, out: [String], err: [String]) {
        var out: [String] = [], err: [String] = []
        let ok = try SolveFiles.run(files, method: method, options: SolveOptions(), json: json, out: { out.append($0) }, err: { err.append($0) })
        return (ok, out, err)
    }

    @Test func eachFileInTurnAndAFailureNamedWithoutStoppingTheRest() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("solve-files-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let game = dir.appendingPathComponent("pennies.nfg").path, missing = dir.appendingPathComponent("missing.nfg").path
        try Data(Self.pennies.utf8).write(to: URL(fileURLWithPath: game))

        let one = try solve([game])
        #expect(one.ok && one.out == ["NE,1/2,1/2,1/2,1/2\n"] && one.err.isEmpty)

        let many = try solve([game, missing, game])
        #expect(!many.ok)
        #expect(many.out == ["# \(game)\nNE,1/2,1/2,1/2,1/2\n", "# \(game)\nNE,1/2,1/2,1/2,1/2\n"])
        #expect(many.err.count == 1 && many.err[0].hasPrefix("error: ") && many.err[0].contains(missing))

        // A method that does not apply is the solver's error, named with the file.
        let refused = try solve([game], method: .backward)
        #expect(!refused.ok && refused.out.isEmpty)
        #expect(refused.err.count == 1 && refused.err[0].hasPrefix("error: \(game): ") && refused.err[0].contains("extensive-form"))

        // JSON: several files are one array of {"file", "report"}, handed on once at the end.
        let json = try solve([game, missing, game], json: true)
        #expect(!json.ok && json.out.count == 1 && json.err.count == 1)
        let array = try #require(try JSONSerialization.jsonObject(with: Data(json.out[0].utf8)) as? [[String: Any]])
        #expect(array.count == 2 && array.allSatisfy { $0["file"] as? String == game && $0["report"] is [String: Any] })
        #expect(try solve([game], json: true).out == [try Solve.run(AnyGame.read(path: game), method: .enummixed, options: SolveOptions()).json])
    }
}
