import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Scenario
import Store
import Testing
@testable import Workbench

/// A scenarios root for the folder policy: `root/good` (the toy), `root/link` (a symbolic
/// link to a scenario outside the root), `root/yaml-link` (a folder whose scenario.yaml
/// links outside), `root/table-link` (a table that links outside), `root/empty` (no
/// scenario.yaml), and `outside` beside the root whose scenario.yaml carries a marker that
/// must never appear in an answer.
struct PolicyFixture {
    let base: URL
    var root: URL { base.appendingPathComponent("root") }
    var outside: URL { base.appendingPathComponent("outside") }
    static let marker = "SECRET-MARKER-7f3a"

    init() throws {
        let fm = FileManager.default
        base = URL(fileURLWithPath: ScenarioFolders.realPathForTests(fm.temporaryDirectory.path))
            .appendingPathComponent("fulcrum-policy-\(UUID().uuidString)")
        try fm.createDirectory(at: base.appendingPathComponent("root/empty"), withIntermediateDirectories: true)
        try fm.copyItem(at: ToyBench.directory, to: base.appendingPathComponent("root/good"))
        try fm.copyItem(at: ToyBench.directory, to: base.appendingPathComponent("outside"))
        let yaml = outside.appendingPathComponent("scenario.yaml")
        try ("# \(Self.marker)\n" + String(contentsOf: yaml, encoding: .utf8)).write(to: yaml, atomically: true, encoding: .utf8)
        try fm.createSymbolicLink(atPath: root.appendingPathComponent("link").path, withDestinationPath: outside.path)
        let yamlLink = root.appendingPathComponent("yaml-link")
        try fm.createDirectory(at: yamlLink, withIntermediateDirectories: true)
        try fm.createSymbolicLink(atPath: yamlLink.appendingPathComponent("scenario.yaml").path, withDestinationPath: yaml.path)
        let tableLink = root.appendingPathComponent("table-link")
        try fm.copyItem(at: ToyBench.directory, to: tableLink)
        try fm.removeItem(at: tableLink.appendingPathComponent("routes.csv"))
        try fm.createSymbolicLink(atPath: tableLink.appendingPathComponent("routes.csv").path,
                                  withDestinationPath: outside.appendingPathComponent("routes.csv").path)
    }
}

extension ScenarioFolders {
    static func realPathForTests(_ p: String) -> String { realPath(p) ?? p }
}

struct WorkbenchFolderPolicyTests {
    @Test func foldersUnderARootResolveAndEverythingElseIsRefused() throws {
        let f = try PolicyFixture()
        defer { try? FileManager.default.removeItem(at: f.base) }
        let policy = try ScenarioFolders(root: f.root.path)
        let good = f.root.appendingPathComponent("good").path
        // Accepted, all to the same canonical folder.
        for text in ["good", "good/", "./good", "good/../good", "empty/../good", good, f.root.path + "//good/."] {
            #expect(try policy.resolve(text) == .folder(good), "\(text)")
        }
        #expect(try policy.resolve("built-in") == .builtIn)
        #expect(try policy.resolve("") == .builtIn)
        // Refused: climbing out, absolute paths outside, symbolic links out (of the folder,
        // of scenario.yaml, of a table), no scenario.yaml, files, NUL and control
        // characters, over-long paths, and percent-encodings (which are literal names here:
        // the server decodes a query once).
        let refused = ["../outside", "good/../../outside", f.outside.path, "/etc", "/etc/passwd", "/", "link", "link/",
                       "yaml-link", "table-link", "empty", "good/scenario.yaml", "good\u{0}/../../outside", "good\u{0}",
                       "good\n", "%2e%2e/outside", "..%2Foutside", "%252e%252e%252foutside", String(repeating: "a/", count: 3000)]
        for text in refused {
            #expect(throws: WorkbenchError.self, "\(text.debugDescription)") { try policy.resolve(text) }
        }
        // Without a root, any real folder holding scenario.yaml is allowed (the outside copy, also
        // through the link), but still never a file, a folder without scenario.yaml, or a NUL.
        let open = try ScenarioFolders()
        #expect(try open.resolve(f.root.appendingPathComponent("link").path) == .folder(f.outside.path))
        for text in ["/etc", "/etc/passwd", f.root.appendingPathComponent("empty").path, good + "\u{0}"] {
            #expect(throws: WorkbenchError.self, "\(text.debugDescription)") { try open.resolve(text) }
        }
        #expect(policy.listed().map(\.path) == ["good"].map { f.root.appendingPathComponent($0).path })
        // Listed by the scenario's title (the folder's name is only said beside it).
        #expect(policy.listed().map(\.title) == ["The valley standoff (toy example)"])
        #expect(throws: WorkbenchError.self) { try ScenarioFolders(root: f.root.appendingPathComponent("nope").path) }
    }

    @Test func theServerAppliesThePolicyOnEveryRouteThatTakesAFolder() async throws {
        let f = try PolicyFixture()
        defer { try? FileManager.default.removeItem(at: f.base) }
        let jobs = try ToyBench.jobs(folders: try ScenarioFolders(root: f.root.path))
        let app = Workbench.application(jobs: jobs)
        // Query strings as a browser or an attacker would send them: plain, percent-encoded,
        // double-encoded, with %00.
        let queries = ["..%2Foutside", "%2E%2E%2Foutside", "%252e%252e%252foutside", "good%2F..%2F..%2Foutside",
                       "good%00%2F..%2F..%2Foutside", "link", "yaml-link", "table-link",
                       f.outside.path.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!, "%2Fetc", "%2Fetc%2Fpasswd"]
        try await app.test(.router) { client in
            for q in queries {
                try await client.execute(uri: "/?scenario=\(q)", method: .get) { r in
                    let body = String(buffer: r.body)
                    #expect(r.status == .ok)
                    #expect(body.contains("class=\"error\""), "\(q)")
                    #expect(!body.contains("id=\"run-form\""), "\(q)")
                    #expect(!body.contains(PolicyFixture.marker) && !body.contains("root:x:0"), "\(q)")
                }
                try await client.execute(uri: "/runs", method: .post, headers: ToyBench.formHeaders,
                                         body: ByteBuffer(string: "scenario=\(q)&samples=2")) { r in
                    #expect(r.status == .badRequest, "\(q)")
                    #expect(!String(buffer: r.body).contains(PolicyFixture.marker))
                }
            }
            try await client.execute(uri: "/?scenario=good", method: .get) { r in
                let body = String(buffer: r.body)
                #expect(body.contains("id=\"run-form\""))
                #expect(body.contains("inside <code>\(f.root.path)</code>"))
                #expect(body.contains(">The valley standoff (toy example)</a> <span class=\"folder\">(good)</span>"))
                #expect(!body.contains("(link)</span>") && !body.contains("(table-link)</span>"))
            }
        }
        #expect(throws: WorkbenchError.self) { try jobs.submit(RunRequest(scenario: f.outside.path, samples: 2, seed: 1, overrides: [:])) }
        #expect(jobs.all.isEmpty)
        // A stored run whose folder lies outside the root is not rendered from that folder (a
        // run stored without its scenario's files, as before runs kept them: another digest).
        let job = try jobs.submit(RunRequest(scenario: f.root.appendingPathComponent("good").path, samples: 2, seed: 1, overrides: [:]))
        let inside = try #require(await jobs.wait(job)?.runID)
        var moved = try #require(try jobs.store.run(inside))
        moved.scenarioSource = f.outside.path
        moved.scenarioHash = "a run stored without its files"
        let outsideRun = try jobs.store.save(moved)
        try await app.test(.router) { client in
            try await client.execute(uri: "/runs/\(inside)", method: .get) { r in #expect(r.status == .ok) }
            try await client.execute(uri: "/runs/\(outsideRun)", method: .get) { r in
                #expect(r.status == .forbidden)
                #expect(String(buffer: r.body).contains("fulcrum runs report \(outsideRun)"))
                #expect(!String(buffer: r.body).contains(PolicyFixture.marker))
            }
        }
    }

    /// The policy checks a folder when it is named; a run may load it much later (queued
    /// behind others). A table swapped for a link out of the root in between must still be
    /// refused: the loader checks what it opened, not the path it checked.
    @Test func aLinkSwappedInAfterTheCheckStillCannotLeadOut() async throws {
        let f = try PolicyFixture()
        defer { try? FileManager.default.removeItem(at: f.base) }
        let policy = try ScenarioFolders(root: f.root.path)
        let source = try policy.resolve("good")
        _ = try source.load(within: policy.root)
        let routes = f.root.appendingPathComponent("good/routes.csv")
        try FileManager.default.removeItem(at: routes)
        try FileManager.default.createSymbolicLink(atPath: routes.path,
                                                   withDestinationPath: f.outside.appendingPathComponent("routes.csv").path)
        // The outside table is a valid one: only the confinement refuses it.
        _ = try source.load(within: nil)
        let error = try #require(throws: WorkbenchError.self) { try source.load(within: policy.root) }
        #expect(error.description.contains("routes.csv leads outside \(f.root.path)"), "\(error)")
        // The same through a queued job: the run fails and nothing is stored.
        let jobs = try ToyBench.jobs(paused: true, folders: try ScenarioFolders(root: f.root.path))
        try FileManager.default.removeItem(at: routes)
        try FileManager.default.copyItem(at: f.outside.appendingPathComponent("routes.csv"), to: routes)
        let job = try jobs.submit(RunRequest(scenario: source.text, samples: 2, seed: 1, overrides: [:]))
        try FileManager.default.removeItem(at: routes)
        try FileManager.default.createSymbolicLink(atPath: routes.path,
                                                   withDestinationPath: f.outside.appendingPathComponent("routes.csv").path)
        jobs.resume()
        let status = try #require(await jobs.wait(job))
        #expect(status.state == .failed)
        #expect(status.error?.contains("leads outside") == true, "\(status.error ?? "")")
        #expect(try jobs.store.list().isEmpty)
    }

    @Test func idsThatAreNotStoredOrNotNumbersAreNotFound() async throws {
        let jobs = try ToyBench.jobs()
        let app = Workbench.application(jobs: jobs)
        try await app.test(.router) { client in
            for uri in ["/runs/abc", "/runs/-1", "/runs/0", "/runs/99999999999999999999999999", "/runs/1.5", "/runs/1%00",
                        "/runs/%2e%2e%2f%2e%2e%2fetc%2fpasswd", "/api/runs/9223372036854775807", "/api/runs/9223372036854775808",
                        "/jobs/abc", "/jobs/-5", "/jobs/99999999999999999999999", "/api/jobs/1e3", "/api/jobs/0x10",
                        "/compare?a=1&b=2", "/compare?a=x&b=1", "/compare?a=99999999999999999999999&b=1", "/compare",
                        "/runs/../../etc/passwd", "/static/../../etc/passwd"] {
                try await client.execute(uri: uri, method: .get) { r in
                    #expect(r.status == .notFound, "\(uri)")
                    #expect(!String(buffer: r.body).contains("root:x:0"))
                }
            }
            for uri in ["/jobs/abc/cancel", "/jobs/99999999999999999999/cancel", "/jobs/7/cancel"] {
                try await client.execute(uri: uri, method: .post) { r in #expect(r.status == .notFound, "\(uri)") }
            }
        }
    }
}

struct WorkbenchRequestLimitTests {
    @Test func anOversizeBodyIsRefusedWith413AndAClearMessage() async throws {
        let jobs = try ToyBench.jobs()
        let limit = jobs.limits.maxBodyBytes
        let big = ByteBuffer(string: "scenario=built-in&extra=" + String(repeating: "a", count: limit))
        // In process (no Content-Length: bounded where the body is read) …
        try await Workbench.application(jobs: jobs).test(.router) { client in
            try await client.execute(uri: "/runs", method: .post, headers: ToyBench.formHeaders, body: big) { r in
                #expect(r.status == .contentTooLarge)
                #expect(String(buffer: r.body).contains("limit of \(limit) bytes (256 KiB)"))
            }
            // A body just under the limit is read and judged on its content.
            let fits = ByteBuffer(string: "scenario=built-in&samples=0&extra=" + String(repeating: "a", count: limit - 100))
            try await client.execute(uri: "/runs", method: .post, headers: ToyBench.formHeaders, body: fits) { r in
                #expect(r.status == .badRequest)
            }
        }
        // … and over a real loopback connection (declared Content-Length: refused before reading).
        try await Workbench.application(jobs: jobs, port: 0).test(.live) { client in
            try await client.execute(uri: "/runs", method: .post, headers: ToyBench.formHeaders, body: big) { r in
                #expect(r.status == .contentTooLarge)
                #expect(String(buffer: r.body).contains("Request too large"))
            }
            try await client.execute(uri: "/runs/1", method: .get, headers: ToyBench.formHeaders, body: big) { r in
                #expect(r.status == .contentTooLarge)
            }
            // A 20 KiB header field (the limit is 16 KiB) is refused by the HTTP parser: 400 or a closed connection.
            let bigHeader: HTTPFields = [HTTPField.Name("X-Big")!: String(repeating: "a", count: 20 << 10)]
            let status = try? await client.execute(uri: "/runs", method: .get, headers: bigHeader) { $0.status }
            #expect(status == nil || status == .badRequest)
        }
        #expect(jobs.all.isEmpty)
    }

    @Test func formFieldsAreBounded() async throws {
        let jobs = try ToyBench.jobs()
        let dir = ToyBench.directory.path
        let cases: [(String, [(String, String)])] = [
            ("samples: a whole number from 1 to 1000000", [("samples", "1000001")]),
            ("samples", [("samples", "1e3")]),
            ("samples", [("samples", "-3")]),
            ("samples", [("samples", "99999999999999999999999")]),
            ("seed", [("seed", "-1")]),
            ("seed", [("seed", "18446744073709551616")]),
            ("is not a number", [("v.parameters.p_truce_holds", "nan")]),
            ("is not a number", [("s.parameters.p_truce_holds", "inf")]),
            ("is not a number", [("v.parameters.p_truce_holds", "1e999")]),
            ("expected PATH=NUMBER", [("extra", "parameters.p_truce_holds=NaN")]),
            ("expected PATH=NUMBER", [("extra", "parameters.p_truce_holds=-infinity")]),
            ("more than 500 what-ifs", [("extra", (0...500).map { "parameters.x\($0)=1" }.joined(separator: "\n"))]),
        ]
        try await Workbench.application(jobs: jobs).test(.router) { client in
            for (message, fields) in cases {
                try await client.execute(uri: "/runs", method: .post, headers: ToyBench.formHeaders,
                                         body: ToyBench.form([("scenario", dir)] + fields)) { r in
                    #expect(r.status == .badRequest, "\(fields.map(\.1).joined().prefix(60))")
                    #expect(String(buffer: r.body).contains(escapeXMLForTest(message)), "\(message)")
                }
            }
            let many = ByteBuffer(string: (0...2_000).map { "f\($0)=1" }.joined(separator: "&"))
            try await client.execute(uri: "/runs", method: .post, headers: ToyBench.formHeaders, body: many) { r in
                #expect(r.status == .badRequest)
                #expect(String(buffer: r.body).contains("more than 2000 fields"))
            }
        }
        #expect(jobs.all.isEmpty)
    }

    @Test func pendingRunsAreBounded() async throws {
        var limits = WorkbenchLimits()
        limits.maxPendingJobs = 2
        let jobs = try ToyBench.jobs(paused: true, limits: limits)
        let fields = [("scenario", ToyBench.directory.path), ("samples", "2")]
        try await Workbench.application(jobs: jobs).test(.router) { client in
            for expected in [HTTPResponse.Status.seeOther, .seeOther, .serviceUnavailable] {
                try await client.execute(uri: "/runs", method: .post, headers: ToyBench.formHeaders, body: ToyBench.form(fields)) { r in
                    #expect(r.status == expected)
                    if expected == .serviceUnavailable { #expect(String(buffer: r.body).contains("the limit is 2")) }
                }
            }
            // Cancelling one makes room again.
            #expect(jobs.cancel(1))
            try await client.execute(uri: "/runs", method: .post, headers: ToyBench.formHeaders, body: ToyBench.form(fields)) { r in
                #expect(r.status == .seeOther)
            }
        }
        jobs.resume()
        #expect(await jobs.wait(3)?.state == .done)
    }

    @Test func otherSitesAndOtherHostNamesAreRefused() async throws {
        typealias G = RequestGuard<BasicRequestContext>
        // DNS rebinding: a loopback server answers only loopback host names.
        for ok in ["127.0.0.1:8080", "localhost:8080", "LOCALHOST", "[::1]:8080", "127.0.0.1"] {
            #expect(G.crossSiteRefusal(authority: ok, origin: nil, isPost: false, loopbackOnly: true) == nil, "\(ok)")
        }
        for bad in ["evil.example:8080", "evil.example", "192.168.1.2:8080", "[fe80::1]:8080", "localhost.evil.example:8080",
                    "127.0.0.1.evil.example:8080", "127.evil.example", "127.0.0.256:8080", ""] {
            #expect(G.crossSiteRefusal(authority: bad, origin: nil, isPost: false, loopbackOnly: true) != nil, "\(bad)")
            #expect(G.crossSiteRefusal(authority: bad, origin: nil, isPost: false, loopbackOnly: false) == nil, "\(bad)")
        }
        // Cross-site form posts.
        #expect(G.crossSiteRefusal(authority: "127.0.0.1:8080", origin: "http://127.0.0.1:8080", isPost: true, loopbackOnly: true) == nil)
        #expect(G.crossSiteRefusal(authority: "127.0.0.1:8080", origin: "http://evil.example", isPost: true, loopbackOnly: true) != nil)
        #expect(G.crossSiteRefusal(authority: "127.0.0.1:8080", origin: "null", isPost: true, loopbackOnly: true) != nil)
        #expect(G.crossSiteRefusal(authority: "127.0.0.1:8080", origin: "http://127.0.0.1:9999", isPost: true, loopbackOnly: true) != nil)
        let jobs = try ToyBench.jobs()
        let fields = ToyBench.form([("scenario", ToyBench.directory.path), ("samples", "2")])
        try await Workbench.application(jobs: jobs).test(.router) { client in
            var headers = ToyBench.formHeaders
            headers[.origin] = "https://evil.example"
            try await client.execute(uri: "/runs", method: .post, headers: headers, body: fields) { r in
                #expect(r.status == .forbidden)
                #expect(String(buffer: r.body).contains("another site"))
            }
            try await client.execute(uri: "/jobs/1/cancel", method: .post, headers: [.origin: "https://evil.example"]) { r in
                #expect(r.status == .forbidden)
            }
            headers[.origin] = "http://localhost"   // the test client's own host
            try await client.execute(uri: "/runs", method: .post, headers: headers, body: fields) { r in
                #expect(r.status == .seeOther)
            }
        }
        #expect(await jobs.wait(1)?.state == .done)
    }

    @Test func onlyTheLatestFinishedJobsAreRemembered() async throws {
        var limits = WorkbenchLimits()
        limits.maxRetainedJobs = 2
        let jobs = try ToyBench.jobs(limits: limits)
        for seed in 1...4 {
            let id = try jobs.submit(RunRequest(scenario: ToyBench.directory.path, samples: 2, seed: UInt64(seed), overrides: [:]))
            #expect(await jobs.wait(id)?.state == .done)
        }
        // Job 4 was just finished; at its submission jobs 2 and 3 were the two finished kept.
        #expect(jobs.all.map(\.id) == [4, 3, 2])
        #expect(jobs.status(1) == nil)
        #expect(try jobs.store.count() == 4)   // the runs themselves stay stored
        try await Workbench.application(jobs: jobs).test(.router) { client in
            try await client.execute(uri: "/jobs/1", method: .get) { r in #expect(r.status == .notFound) }
            try await client.execute(uri: "/runs/1", method: .get) { r in #expect(r.status == .ok) }
        }
    }

    @Test func aNonLoopbackHostIsWarnedAbout() {
        #expect(Workbench.hostWarning("0.0.0.0")?.contains("--scenarios ROOT") == true)
        #expect(Workbench.hostWarning("0.0.0.0", scenariosRoot: "/srv/scenarios")?.contains("inside /srv/scenarios") == true)
        #expect(Workbench.hostWarning("127.0.0.2") == nil)
        #expect(Workbench.hostWarning("LOCALHOST") == nil)
        #expect(Workbench.hostWarning("127.0.0.1.nip.example") != nil)
    }

    /// `fulcrum serve`'s options, checked before anything listens, and the line naming where it listens.
    @Test func serveSettingsRefuseWhatCannotServeAndNameTheAddress() throws {
        func refusal(port: Int = 8080, samples: Int = 200, threads: Int? = nil, scenarios: String? = nil) -> String? {
            do { _ = try ServeSettings(host: "127.0.0.1", port: port, samples: samples, threads: threads, maxThreads: 4096, scenarios: scenarios); return nil }
            catch { return String(describing: error) }
        }
        #expect(refusal() == nil && refusal(port: 0) == nil && refusal(port: 65535, threads: 4096) == nil)
        #expect(refusal(port: 65536) == "--port must be 0–65535 (0: any free port)")
        #expect(refusal(port: -1) == "--port must be 0–65535 (0: any free port)")
        #expect(refusal(samples: 0) == "--samples must be 1–\(WorkbenchLimits.standard.maxSamples)")
        #expect(refusal(threads: 0) == "--threads must be 1 to 4096")
        #expect(refusal(threads: 4097) == "--threads must be 1 to 4096")
        #expect(refusal(scenarios: "/nonexistent-\(UUID().uuidString)")?.hasSuffix(": not a folder") == true)
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("serve-root-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: root) }
        let local = try ServeSettings(host: "127.0.0.1", port: 8080, samples: 200, threads: nil, maxThreads: 4096, scenarios: nil)
        #expect(local.warning == nil)
        #expect(local.listeningLine(port: 8080, store: "/s/runs.sqlite")
                == "Fulcrum workbench listening on http://127.0.0.1:8080/ (store: /s/runs.sqlite); Ctrl-C stops it")
        let v6 = try ServeSettings(host: "::", port: 0, samples: 5, threads: 2, maxThreads: 4096, scenarios: root.path)
        let real = try #require(v6.folders.root)
        #expect(v6.warning?.contains("inside \(real)") == true)
        // Port 0 picks a free port: the line names the one bound, an IPv6 host in brackets.
        #expect(v6.listeningLine(port: 51234, store: "db") == "Fulcrum workbench listening on http://[::]:51234/ (store: db; scenarios inside \(real)); Ctrl-C stops it")
    }
}

struct WorkbenchCancellationTests {
    /// A cancelled run stops at its next sample: measured in samples done, not in time.
    @Test func cancellingARunningJobStopsItsWorkAndFreesTheWorker() async throws {
        let jobs = try ToyBench.jobs()
        let seen = MaxCounter()
        jobs.progressHook = { id, done, _ in
            if id == 1 { seen.record(done) }
            if id == 1 && done == 3 { jobs.cancel(1) }
        }
        let long = try jobs.submit(RunRequest(scenario: ToyBench.directory.path, samples: 20_000, seed: 1, overrides: [:]))
        let end = await jobs.wait(long, timeout: 60)
        #expect(end?.state == .cancelled)
        // The worker is free: a short run queued after it finishes.
        let next = try jobs.submit(RunRequest(scenario: ToyBench.directory.path, samples: 2, seed: 1, overrides: [:]))
        #expect(await jobs.wait(next, timeout: 60)?.state == .done)
        // One worker thread: cancelled after sample 3, no further sample was computed (of 20,000).
        #expect(seen.max == 3)
        #expect(try jobs.store.count() == 1)
    }
}

final class MaxCounter: @unchecked Sendable {
    private let lock = NSLock()
    private var value = 0
    func record(_ v: Int) { lock.lock(); value = Swift.max(value, v); lock.unlock() }
    var max: Int { lock.lock(); defer { lock.unlock() }; return value }
}
