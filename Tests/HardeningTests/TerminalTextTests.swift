import BoundedInput
import Foundation
import Testing

/// What the command line prints through (`Terminal.safe`), its progress line and the calendar
/// date a calibration records, as library calls without a terminal or a subprocess.
struct TerminalTextTests {
    @Test func controlCharactersAreShownAsJSONEscapesAndTextIsOtherwiseUntouched() throws {
        #expect(Terminal.safe("Hill\u{1B}]0;pwned\u{07}Town") == "Hill\\u001B]0;pwned\\u0007Town")
        // Newline and tab pass; DEL and the C1 range (U+009B is a one-character CSI) do not.
        #expect(Terminal.safe("a\tb\nc\u{7F}d\u{9B}e") == "a\tb\nc\\u007Fd\\u009Be")
        #expect(Terminal.safe("Ma'arrat al-Nu'man — 25 000 ü") == "Ma'arrat al-Nu'man — 25 000 ü")
        // The escape is JSON's: the shown text decodes back to the original string.
        let shown = Terminal.safe("x\u{1B}y\u{85}z")
        #expect(try JSONDecoder().decode(String.self, from: Data("\"\(shown)\"".utf8)) == "x\u{1B}y\u{85}z")
    }

    @Test func theBarFillsInProportionToTheWorkDone() {
        #expect(ProgressLine.bar("running", 0, 10) == "running [------------------------------] 0/10")
        #expect(ProgressLine.bar("running", 5, 10) == "running [###############---------------] 5/10")
        #expect(ProgressLine.bar("x", 1, 3) == "x [##########--------------------] 1/3")
        #expect(ProgressLine.bar("x", 7, 7) == "x [##############################] 7/7")
        #expect(ProgressLine.bar("x", 0, 0) == "x [##############################] 0/0")   // nothing to do is done
    }

    @Test func noLabelNoBarAndTheBodysResultOrErrorComesThrough() throws {
        #expect(ProgressLine.showing(nil) { counts in counts == nil ? 42 : 0 } == 42)
        struct Boom: Error {}
        #expect(throws: Boom.self) { try ProgressLine.showing(nil) { _ in throw Boom() } }
        // Tests do not run with standard error on a terminal, so a label draws nothing either.
        if isatty(STDERR_FILENO) == 0 { #expect(ProgressLine.showing("running") { $0 == nil }) }
    }

    @Test func theCalendarDateOfAnInstantIsItsUTCDay() {
        #expect(CivilDate(Date(timeIntervalSince1970: 0)).description == "1970-01-01")
        #expect(CivilDate(Date(timeIntervalSince1970: 86_399.9)).description == "1970-01-01")
        #expect(CivilDate(Date(timeIntervalSince1970: -0.5)).description == "1969-12-31")
        // 7 September 2018, 23:59:59 UTC, and the leap day of 2024 at noon.
        #expect(CivilDate(Date(timeIntervalSince1970: 1_536_364_799)).description == "2018-09-07")
        #expect(CivilDate(Date(timeIntervalSince1970: 1_709_208_000)) == CivilDate(year: 2024, month: 2, day: 29))
    }
}
