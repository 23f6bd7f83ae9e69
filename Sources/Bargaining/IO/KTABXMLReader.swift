import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif

/// A minimal element tree with line numbers, so errors can point into the file.
final class XMLNode {
    let name: String
    let line: Int
    var text = ""
    var children: [XMLNode] = []
    init(name: String, line: Int) { self.name = name; self.line = line }

    func child(_ n: String) -> XMLNode? { children.first { $0.name == n } }
    func all(_ n: String) -> [XMLNode] { children.filter { $0.name == n } }
    var value: String { text.trimmingCharacters(in: .whitespacesAndNewlines) }
}

final class XMLTreeBuilder: NSObject, XMLParserDelegate {
    /// KTAB's format nests five elements deep. A tree is freed recursively, one frame per
    /// level, so 40,000 nested elements (280 KB) overflowed the stack when it was released:
    /// parsing stops at this depth, before such a tree exists.
    static let maxDepth = 64
    var stack: [XMLNode] = []
    var root: XMLNode?
    weak var parser: XMLParser?
    /// The line of the element that passed `maxDepth`, if one did.
    var tooDeep: Int?

    func parser(_ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?,
                qualifiedName qName: String?, attributes attributeDict: [String: String] = [:]) {
        if stack.count >= Self.maxDepth {
            if tooDeep == nil { tooDeep = parser.lineNumber }
            parser.abortParsing()
            return
        }
        let node = XMLNode(name: elementName, line: parser.lineNumber)
        stack.last?.children.append(node)
        if root == nil { root = node }
        stack.append(node)
    }

    func parser(_ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName qName: String?) {
        _ = stack.popLast()
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        stack.last?.text += string
    }
}

extension KTABReader {
    /// KTAB XML (`smpSchema.xsd`): Scenario { name, desc, prngSeed, ModelParameters?,
    /// Dimensions { dName+ }, Actors { Actor { name, description, capability,
    /// Position { dCoord× d }, Salience { dSal × d } }+ }, IdealAdjustment? { iaPair {
    /// adjustingIdeal, referencePos, adjust }* } }. Model parameters in the file are kept in
    /// `fileParameters` (KTAB's library ignores them, K9; Fulcrum uses them unless overridden).
    public static func readXML(data: Data, file: String) throws -> BargainingProblem {
        // FoundationXML traps (crashes the process) on an element name that is
        // not valid UTF-8 (found by fuzzing), so such bytes never reach it.
        if String(data: data, encoding: .utf8) == nil {
            let lines = data.split(separator: 0x0A, omittingEmptySubsequences: false)
            let bad = lines.firstIndex { String(data: Data($0), encoding: .utf8) == nil } ?? 0
            throw BargainingError.input(file: file, line: bad + 1, field: "XML", message: "is not UTF-8 text")
        }
        try refuseUnsafeXML(data, file: file)
        let parser = XMLParser(data: data)
        let builder = XMLTreeBuilder()
        parser.delegate = builder
        builder.parser = parser
        let parsed = parser.parse()
        if let line = builder.tooDeep {
            throw BargainingError.input(file: file, line: line, field: "XML",
                                        message: "elements nested deeper than \(XMLTreeBuilder.maxDepth) levels (KTAB's format has five)")
        }
        guard parsed, let root = builder.root else {
            throw BargainingError.input(file: file, line: parser.lineNumber, field: "XML", message: xmlFailure(parser.parserError))
        }
        func fail(_ node: XMLNode?, _ field: String, _ msg: String) -> BargainingError {
            .input(file: file, line: node?.line, field: field, message: msg)
        }
        func need(_ parent: XMLNode, _ name: String) throws -> XMLNode {
            guard let c = parent.child(name) else { throw fail(parent, name, "missing <\(name)> in <\(parent.name)>") }
            return c
        }
        func number(_ node: XMLNode, _ field: String, _ range: ClosedRange<Double>) throws -> Double {
            let s = node.value
            guard !s.isEmpty else { throw fail(node, field, "empty <\(node.name)>") }
            guard let v = Double(s), v.isFinite else { throw fail(node, field, "'\(s)' is not a number") }
            guard range.contains(v) else { throw fail(node, field, "\(s) is outside \(range.lowerBound)–\(range.upperBound)") }
            return v
        }
        guard root.name == "Scenario" else { throw fail(root, "Scenario", "root element is <\(root.name)>, expected <Scenario>") }
        let name = try need(root, "name").value
        let desc = root.child("desc")?.value ?? ""
        let seedNode = try need(root, "prngSeed")
        guard let seed = UInt64(seedNode.value) else { throw fail(seedNode, "prngSeed", "'\(seedNode.value)' is not an unsigned 64-bit integer") }
        var params: SMPParameters? = nil
        if let mp = root.child("ModelParameters") {
            var p = SMPParameters()
            for c in mp.children {
                do { try p.set(ktabParameter: c.name, value: c.value) } catch let BargainingError.invalidParameter(m) {
                    throw fail(c, c.name, m)
                }
            }
            params = p
        }
        let dimsNode = try need(root, "Dimensions")
        let dims = dimsNode.all("dName").map(\.value)
        guard !dims.isEmpty else { throw fail(dimsNode, "Dimensions", "no <dName>") }
        let actorsNode = try need(root, "Actors")
        let actorNodes = actorsNode.all("Actor")
        guard actorNodes.count >= 3 else { throw fail(actorsNode, "Actors", "KTAB needs at least 3 actors, found \(actorNodes.count)") }
        guard actorNodes.count <= 250 else { throw fail(actorsNode, "Actors", "\(actorNodes.count) actors; KTAB's limit is 250") }
        var actors: [BargainingProblem.Actor] = []
        for an in actorNodes {
            let aname = try need(an, "name").value
            guard !aname.isEmpty else { throw fail(an, "name", "empty actor name") }
            let adesc = an.child("description")?.value ?? ""
            let capNode = try need(an, "capability")
            let cap = try number(capNode, "capability of '\(aname)'", 0...Double.greatestFiniteMagnitude)
            guard cap > 0 else { throw fail(capNode, "capability of '\(aname)'", "must be > 0") }
            let coords = try need(an, "Position").all("dCoord")
            let sals = try need(an, "Salience").all("dSal")
            guard coords.count == dims.count else {
                throw fail(an, "Position of '\(aname)'", "has \(coords.count) <dCoord>, expected \(dims.count)")
            }
            guard sals.count == dims.count else {
                throw fail(an, "Salience of '\(aname)'", "has \(sals.count) <dSal>, expected \(dims.count)")
            }
            var pos: [Double] = [], sal: [Double] = []
            for k in 0..<dims.count {
                pos.append(try number(coords[k], "dCoord \(k + 1) (\(dims[k])) of '\(aname)'", 0...100))
                sal.append(try number(sals[k], "dSal \(k + 1) (\(dims[k])) of '\(aname)'", 0...100))
            }
            let total = sal.reduce(0, +)
            guard total <= 100 + 1e-9 else { throw fail(an, "Salience of '\(aname)'", "saliences sum to \(total), more than 100") }
            actors.append(.init(name: aname, description: adesc, capability: cap, positions: pos, saliences: sal))
        }
        var problem = BargainingProblem(name: name, description: desc, dimensions: dims, actors: actors)
        problem.fileSeed = seed
        problem.fileParameters = params
        if let ia = root.child("IdealAdjustment") {
            let n = actors.count
            var A = (0..<n).map { i in (0..<n).map { $0 == i ? 1.0 : 0.0 } }
            for pair in ia.all("iaPair") {
                let aiNode = try need(pair, "adjustingIdeal"), rpNode = try need(pair, "referencePos")
                guard let ai = actors.firstIndex(where: { $0.name == aiNode.value }) else {
                    throw fail(aiNode, "adjustingIdeal", "no actor named '\(aiNode.value)'")
                }
                guard let rp = actors.firstIndex(where: { $0.name == rpNode.value }) else {
                    throw fail(rpNode, "referencePos", "no actor named '\(rpNode.value)'")
                }
                A[ai][rp] = try number(try need(pair, "adjust"), "adjust", 0...1)
            }
            for i in 0..<n where A[i].reduce(0, +) > 1 + 1e-9 {
                throw fail(ia, "IdealAdjustment", "row of '\(actors[i].name)' sums to \(A[i].reduce(0, +)), more than 1")
            }
            problem.affinity = A
        }
        return problem
    }
}

extension KTABReader {
    /// KTAB files are plain elements and text. FoundationXML crashes on some
    /// constructs outside that (found by fuzzing: a processing instruction with
    /// no data makes it call strlen(NULL)), and a DTD can declare entities that
    /// expand exponentially; so only the leading `<?xml …?>` declaration is
    /// allowed, and no DTD.
    static func refuseUnsafeXML(_ data: Data, file: String) throws {
        let bytes = [UInt8](data)
        var i = 0
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { i = 3 }
        while i < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[i]) { i += 1 }
        if bytes[i...].starts(with: Array("<?xml".utf8)), i + 5 < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[i + 5]) {
            // The declaration ends at the first `?>`, but never spans a `<`: a
            // PI inside a broken declaration must still be seen (fuzzer find).
            var j = i + 5
            while j + 1 < bytes.count, bytes[j] != 0x3C, !(bytes[j] == 0x3F && bytes[j + 1] == 0x3E) { j += 1 }
            i = j + 1 < bytes.count && bytes[j] == 0x3F ? j + 2 : j
        }
        func line(_ at: Int) -> Int { 1 + bytes[..<min(at, bytes.count)].filter { $0 == 0x0A }.count }
        var k = i
        while k + 1 < bytes.count {
            if bytes[k] == 0x3C {
                if bytes[k + 1] == 0x3F {
                    throw BargainingError.input(file: file, line: line(k), field: "XML",
                                                message: "processing instructions (<?…?>) are not part of KTAB's format")
                }
                if bytes[k + 1] == 0x21, bytes[(k + 2)...].starts(with: Array("DOCTYPE".utf8)) || bytes[(k + 2)...].starts(with: Array("ENTITY".utf8)) {
                    throw BargainingError.input(file: file, line: line(k), field: "XML",
                                                message: "a DTD (<!DOCTYPE …>) is not part of KTAB's format and is not read")
                }
            }
            k += 1
        }
    }
}

/// The message for a failed parse. libxml2 refuses some well-formed files on its own
/// limits (a text node over 10,000,000 bytes, a name over 50,000 characters) with an
/// internal or memory error: those are not called "not well-formed".
func xmlFailure(_ error: Error?) -> String {
    guard let e = error as NSError? else { return "not well-formed XML (unknown error)" }
    switch e.code {
    case XMLParser.ErrorCode.internalError.rawValue, XMLParser.ErrorCode.outOfMemoryError.rawValue:
        return "the XML passes the parser's limits (a text of over 10,000,000 bytes or a name of over 50,000 characters; KTAB's files have neither) (\(e))"
    default:
        return "not well-formed XML (\(e))"
    }
}
