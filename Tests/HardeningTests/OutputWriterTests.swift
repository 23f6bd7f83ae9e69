@testable import BoundedInput
import Foundation
import Testing

/// `OutputFolder` and `OutputFile`, the one writer every output goes through, in a scratch
/// folder: the rename swap and what a kill between its steps leaves, the next writer's
/// clean-up, the lock, the refusals, and file outputs onto pipes and links.
struct OutputWriterTests {
    let tmp: URL
    init() throws { tmp = try tempFolder() }

    func files(_ pairs: [(String, String)]) -> [(name: String, data: Data)] { pairs.map { ($0.0, Data($0.1.utf8)) } }
    func entries(_ u: URL) -> [String] { ((try? FileManager.default.contentsOfDirectory(atPath: u.path)) ?? []).sorted() }
    func text(_ u: URL) -> String? { try? String(contentsOf: u, encoding: .utf8) }

    /// An earlier output at tmp/out holding old.txt = "old".
    func earlier() throws -> URL {
        let out = tmp.appendingPathComponent("out")
        try OutputFolder(out.path, writtenBy: "test").write(files([("old.txt", "old")]))
        return out
    }

    /// An earlier output at tmp/out, then a replace by new.txt = "new" killed after `step`.
    func crashed(after step: OutputStep) throws -> URL {
        let out = try earlier()
        let w = try OutputFolder(out.path, writtenBy: "test")
        w.simulatedCrash = step
        try w.write(files([("new.txt", "new")]))
        return out
    }

    @Test func writesTheFilesAndAManifestAndReplacesAnEarlierOutputWhole() throws {
        defer { try? FileManager.default.removeItem(at: tmp) }
        let out = try earlier()
        #expect(entries(out) == ["fulcrum-output.json", "old.txt"])
        #expect(text(out.appendingPathComponent("fulcrum-output.json")) == """
            {
              "files" : [
                "old.txt"
              ],
              "format" : "fulcrum-output 1",
              "writtenBy" : "test"
            }

            """)
        try OutputFolder(out.path, writtenBy: "test").write(files([("b.csv", "b"), ("a.csv", "a")]))
        #expect(entries(out) == ["a.csv", "b.csv", "fulcrum-output.json"])
        #expect(entries(tmp) == ["out"])   // no staging, previous or lock left beside it
    }

    /// Killed after staging: the old output is untouched at the target; the next writer
    /// deletes the half-finished staging folder and says so.
    @Test func aKillWhileStagingLeavesTheOldOutputInPlace() throws {
        defer { try? FileManager.default.removeItem(at: tmp) }
        let out = try crashed(after: .staged)
        let staging = ".out.fulcrum-staging-\(getpid())"
        #expect(entries(tmp) == [".out.fulcrum-lock", staging, "out"])
        #expect(text(out.appendingPathComponent("old.txt")) == "old")
        let next = try OutputFolder(out.path, writtenBy: "test")
        #expect(next.notes == ["deleted \(tmp.path)/\(staging), left by an interrupted Fulcrum"])
        #expect(entries(tmp) == [".out.fulcrum-lock", "out"])   // the lock file while `next` holds it
        try next.write(files([("new.txt", "new")]))
        #expect(entries(tmp) == ["out"])
        #expect(entries(out) == ["fulcrum-output.json", "new.txt"])
    }

    /// Killed between the two renames: the target is missing, the old output is complete
    /// under the previous name and the new one under the staging name. The next writer puts
    /// the new one in place, names where it was, and deletes the old.
    @Test func aKillBetweenTheRenamesLeavesBothOutputsCompleteAndTheNextRunRestoresTheNewOne() throws {
        defer { try? FileManager.default.removeItem(at: tmp) }
        let out = try crashed(after: .movedAside)
        let staging = ".out.fulcrum-staging-\(getpid())", previous = ".out.fulcrum-previous-\(getpid())"
        #expect(entries(tmp) == [".out.fulcrum-lock", previous, staging])
        #expect(Manifest.isComplete(tmp.appendingPathComponent(staging).path))
        #expect(Manifest.isComplete(tmp.appendingPathComponent(previous).path))
        let next = try OutputFolder(out.path, writtenBy: "test")
        #expect(next.notes == ["restored \(out.path) from \(tmp.path)/\(staging), the complete output an interrupted Fulcrum left there",
                               "deleted \(tmp.path)/\(previous), left by an interrupted Fulcrum"])
        #expect(text(out.appendingPathComponent("new.txt")) == "new")
        #expect(entries(tmp) == [".out.fulcrum-lock", "out"])
    }

    /// The staging folder was cut short (no manifest), the old output complete aside: the
    /// old one is put back rather than the half one.
    @Test func anIncompleteStagingFolderIsNeverRestored() throws {
        defer { try? FileManager.default.removeItem(at: tmp) }
        let out = try crashed(after: .movedAside)
        let staging = tmp.appendingPathComponent(".out.fulcrum-staging-\(getpid())")
        try FileManager.default.removeItem(at: staging.appendingPathComponent("fulcrum-output.json"))
        let next = try OutputFolder(out.path, writtenBy: "test")
        #expect(next.notes.first?.hasPrefix("restored \(out.path) from \(tmp.path)/.out.fulcrum-previous-") == true)
        #expect(text(out.appendingPathComponent("old.txt")) == "old")
        #expect(!FileManager.default.fileExists(atPath: staging.path))
    }

    /// Killed while deleting the old output: the new one is in place; the rest of the old is
    /// deleted by the next writer.
    @Test func aKillWhileDeletingTheOldOutputLeavesTheNewOneInPlace() throws {
        defer { try? FileManager.default.removeItem(at: tmp) }
        let out = try crashed(after: .placed)
        #expect(text(out.appendingPathComponent("new.txt")) == "new")
        let next = try OutputFolder(out.path, writtenBy: "test")
        #expect(next.notes == ["deleted \(tmp.path)/.out.fulcrum-previous-\(getpid()), left by an interrupted Fulcrum"])
        #expect(text(out.appendingPathComponent("new.txt")) == "new")
    }

    /// A second writer of the same folder fails when made, before any work; once the first
    /// has written, the folder can be written again.
    @Test func aSecondWriterOfTheSameFolderIsRefusedWhileTheFirstHoldsIt() throws {
        defer { try? FileManager.default.removeItem(at: tmp) }
        let out = tmp.appendingPathComponent("out").path
        let first = try OutputFolder(out, writtenBy: "test")
        #expect(throws: OutputError(out, "another Fulcrum process is writing this output now; try again when it has finished")) {
            try OutputFolder(out, writtenBy: "test")
        }
        try first.write(files([("a", "1")]))
        try OutputFolder(out, writtenBy: "test").write(files([("a", "2")]))
        #expect(text(URL(fileURLWithPath: out).appendingPathComponent("a")) == "2")
    }

    @Test func refusesInputsTheirAncestorsFilesDevicesAndForeignFolders() throws {
        defer { try? FileManager.default.removeItem(at: tmp) }
        let input = tmp.appendingPathComponent("in/scenario")
        try FileManager.default.createDirectory(at: input, withIntermediateDirectories: true)
        func refused(_ path: String, inputs: [String] = [], force: Bool = false) -> String? {
            do { _ = try OutputFolder(path, writtenBy: "test", inputs: inputs, force: force); return nil } catch { return error.reason }
        }
        #expect(refused(input.path, inputs: [input.path], force: true)?.hasPrefix("is the input \(input.path);") == true)
        #expect(refused(input.path + "/..", inputs: [input.path], force: true)?.hasPrefix("holds the input \(input.path);") == true)
        #expect(refused("/", force: true)?.hasPrefix("holds ") == true)
        #expect(refused(FileManager.default.currentDirectoryPath, force: true)?.hasPrefix("is the current folder;") == true)
        let file = tmp.appendingPathComponent("file.txt")
        try Data("mine".utf8).write(to: file)
        #expect(refused(file.path, force: true) == "is a file; a folder output never replaces a file")
        #expect(refused(file.path + "/out") == "cannot be written: \(file.path) is a file, not a folder")
        #expect(refused("/dev/null", force: true) == "is a character device, not a folder; Fulcrum never replaces one")
        // A folder Fulcrum did not write: refused, unless --force.
        #expect(refused(input.deletingLastPathComponent().path)
            == "is a folder Fulcrum did not write (it holds scenario and no fulcrum-output.json); give a new or empty folder, or --force to replace it whole")
        #expect(refused(input.deletingLastPathComponent().path, force: true) == nil)
        // An earlier output the user has added to.
        let out = try earlier()
        try Data("notes".utf8).write(to: out.appendingPathComponent("notes.md"))
        #expect(refused(out.path)
            == "is an earlier Fulcrum output, but it also holds notes.md, which Fulcrum did not write; give a new or empty folder, or --force to replace it whole")
        #expect(text(file) == "mine" && text(out.appendingPathComponent("notes.md")) == "notes")
    }

    /// Notes added to the folder while the work ran are found when writing, not deleted.
    @Test func filesThatAppearDuringTheWorkAreNotDeleted() throws {
        defer { try? FileManager.default.removeItem(at: tmp) }
        let out = try earlier()
        let w = try OutputFolder(out.path, writtenBy: "test")
        try Data("notes".utf8).write(to: out.appendingPathComponent("notes.md"))
        #expect(throws: OutputError.self) { try w.write(files([("new.txt", "new")])) }
        #expect(entries(out) == ["fulcrum-output.json", "notes.md", "old.txt"])
    }

    @Test func fileOutputsReplaceFilesAtomicallyAndNeverReplaceFoldersPipesOrLinks() throws {
        defer { try? FileManager.default.removeItem(at: tmp) }
        let f = tmp.appendingPathComponent("r.html")
        try OutputFile(f.path).write(Data("a".utf8))
        try OutputFile(f.path).write(Data("b".utf8))
        #expect(text(f) == "b" && entries(tmp) == ["r.html"])
        // A link to a file: the file it leads to is replaced, the link kept.
        let link = tmp.appendingPathComponent("link.html")
        try FileManager.default.createSymbolicLink(atPath: link.path, withDestinationPath: f.path)
        try OutputFile(link.path).write(Data("c".utf8))
        #expect(FileKind.of(link.path, follow: false) == .link && text(f) == "c")
        #expect(throws: OutputError(tmp.path, "is a folder; a file output never replaces a folder")) { try OutputFile(tmp.path) }
        #expect(throws: OutputError(tmp.path + "/no/r.html", "cannot be written: the folder \(tmp.path)/no does not exist")) {
            try OutputFile(tmp.path + "/no/r.html")
        }
        // A named pipe is written into, never replaced; with nobody reading it, refused at once.
        let pipe = tmp.appendingPathComponent("pipe")
        #expect(mkfifo(pipe.path, 0o600) == 0)
        let file = try OutputFile(pipe.path)
        #expect(file.isStream)
        #expect(throws: OutputError(pipe.path, "is a named pipe that nobody is reading")) { try file.write(Data("x".utf8)) }
        let reader = open(pipe.path, O_RDONLY | O_NONBLOCK)
        defer { close(reader) }
        try file.write(Data("through".utf8))
        var buffer = [UInt8](repeating: 0, count: 16)
        #expect(read(reader, &buffer, 16) == 7 && String(decoding: buffer.prefix(7), as: UTF8.self) == "through")
        #expect(FileKind.of(pipe.path, follow: false) == .fifo)
        // /dev/null is a character device: written directly, left a character device.
        try OutputFile("/dev/null").write(Data("gone".utf8))
        #expect(FileKind.of("/dev/null", follow: false) == .charDevice)
    }

    /// A set of files: all staged before any is renamed, so one that cannot be written
    /// leaves every target as it was.
    @Test func aSetOfFilesIsWrittenAllOrNothing() throws {
        defer { try? FileManager.default.removeItem(at: tmp) }
        let a = tmp.appendingPathComponent("a.csv"), b = tmp.appendingPathComponent("b.csv")
        try Data("old".utf8).write(to: a)
        let fa = try OutputFile(a.path), fb = try OutputFile(b.path)
        try FileManager.default.createDirectory(at: b, withIntermediateDirectories: false)   // appears during the work
        #expect(throws: OutputError.self) { try OutputFile.write([(fa, Data("new".utf8)), (fb, Data("new".utf8))]) }
        #expect(text(a) == "old" && entries(tmp) == ["a.csv", "b.csv"])
    }

    @Test func csvFieldsAreQuotedAsRFC4180Says() {
        #expect(csvField("Hilltown") == "Hilltown")
        #expect(csvField("Ford, the crossing") == "\"Ford, the crossing\"")
        #expect(csvField("the \"old\" bridge") == "\"the \"\"old\"\" bridge\"")
        #expect(csvField("two\nlines") == "\"two\nlines\"")
        #expect(csvField("crlf\r\nend") == "\"crlf\r\nend\"")   // one Character in Swift: checked on scalars
        #expect(csvField("cr\r") == "\"cr\r\"")
        #expect(csvField("") == "")
    }
}

/// `write(texts:)`, the form the commands use: UTF-8 text, and only the notes the write itself
/// adds (what the folder's check found was said before the work).
struct OutputTextWriterTests {
    @Test func writesUTF8TextAndReturnsOnlyTheWritesOwnNotes() throws {
        let tmp = try tempFolder()
        defer { try? FileManager.default.removeItem(at: tmp) }
        let out = tmp.appendingPathComponent("out")
        try OutputFolder(out.path, writtenBy: "test").write(texts: [("old.txt", "old")])
        // An interrupted write's staging folder, which the next check deletes and notes.
        try FileManager.default.createDirectory(at: tmp.appendingPathComponent(".out.fulcrum-staging-\(getpid())"), withIntermediateDirectories: false)
        let folder = try OutputFolder(out.path, writtenBy: "test")
        #expect(folder.notes.count == 1)
        #expect(try folder.write(texts: [("é.csv", "a,é\n"), ("b.txt", "")]) == [])
        #expect(try String(contentsOf: out.appendingPathComponent("é.csv"), encoding: .utf8) == "a,é\n")
        #expect(try Data(contentsOf: out.appendingPathComponent("b.txt")).isEmpty)
        #expect(!FileManager.default.fileExists(atPath: out.appendingPathComponent("old.txt").path))
    }
}
