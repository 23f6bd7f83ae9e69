import BoundedInput
import CLISupport
import Foundation
import Testing
/// S4 (issue 18): scenario text reached the terminal raw.
@Suite("Terminal output", .enabled(if: fulcrumBinary != nil, "the fulcrum binary is built beside the tests"))
struct TerminalOutputTests {
    /// S4: scenario text reached the terminal raw: a title's escape sequences set the window
    /// title, recoloured it and overwrote a line with a fake "valid".
    @Test func controlCharactersNeverReachTheTerminal() throws {
        let f = try editedCopy(of: toyValley, ["scenario.yaml": { $0.replacingOccurrences(of: "Hilltown--Rivertown: {great_circle: true}", with: "\"Hill\\e]0;pwned\\aTown--Rivertown\": {great_circle: true}") }])
        for args in [["validate", f.path], ["run", f.path, "--samples", "2", "--no-store"], ["describe", f.path]] {
            let r = try fulcrum(args, timeout: 120)
            #expect(r.status == 1)
            for c in (r.out + r.err).unicodeScalars where c.value < 0x20 { #expect(c == "\n" || c == "\t", "\(args[0]): U+\(String(c.value, radix: 16))") }
            #expect((r.out + r.err).contains("Hill\\u001B]0;pwned\\u0007Town"), "\(args[0]): \(r.out.prefix(300)) \(r.err.prefix(300))")
        }
    }
}
