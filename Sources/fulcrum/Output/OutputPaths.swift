import BoundedInput
import Foundation

/// Output paths are checked before any work and written through `BoundedInput`'s one
/// writer; a refusal or a failed write is an error like bad input: the message names the
/// path and why, exit 1.
func checkOutput<T>(_ body: () throws(OutputError) -> T) throws -> T {
    do { return try body() } catch { throw failure(error.description) }
}

/// The --out folder, checked and locked before any work; says what it found and put right
/// (the leftovers of an interrupted earlier write).
func outputFolder(_ path: String, writtenBy: String, inputs: [String], force: Bool) throws -> OutputFolder {
    let folder = try checkOutput { () throws(OutputError) in try OutputFolder(path, writtenBy: writtenBy, inputs: inputs, force: force) }
    for n in folder.notes { printError("note: \(n)") }
    return folder
}

/// Writes the folder's files (UTF-8 text) all at once, replacing what was there.
func writeOutput(_ files: [(name: String, text: String)], to folder: OutputFolder) throws {
    let seen = folder.notes.count
    try checkOutput { () throws(OutputError) in try folder.write(files.map { ($0.name, Data($0.text.utf8)) }) }
    for n in folder.notes.dropFirst(seen) { printError("warning: \(n)") }
}
