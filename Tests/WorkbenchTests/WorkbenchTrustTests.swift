import CLISupport
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Scenario
import Store
import Testing
@testable import Workbench

/// Issue 18's workbench items: what a page on another site can make the workbench do, the
/// headers every answer carries, and runs that must fail alone.
struct WorkbenchTrustTests {
    typealias G = RequestGuard<BasicRequestContext>

    /// S3: Host values that merely start like a loopback name, and no Host at all.
    @Test func hostIsParsedStrictly() {
        for bad in ["127.0.0.1:80@evil.com", "localhost:evil.com", "[::1]evil.com", "127.0.0.1:8080:evil", "127.0.0.1:0",
                    "127.0.0.1:99999", "127.0.0.1:", "localhost:80/x", " localhost", "local host"] {
            #expect(G.crossSiteRefusal(authority: bad, origin: nil, isPost: false, loopbackOnly: true) != nil, "\(bad)")
        }
        #expect(G.crossSiteRefusal(authority: nil, origin: nil, isPost: false, loopbackOnly: true)?.contains("(no Host)") == true)
        for ok in ["127.0.0.1:8080", "localhost", "[::1]:65535", "127.1.2.3"] {
            #expect(G.crossSiteRefusal(authority: ok, origin: nil, isPost: true, loopbackOnly: true) == nil, "\(ok)")
        }
    }

    /// S3: where a request comes from, read strictly: Sec-Fetch-Site, Origin (scheme, host and
    /// port), and Referer when there is no Origin.
    @Test func anotherSitesRequestsAreRefusedHoweverTheyAreMarked() {
        let host = "127.0.0.1:8080"
        func refused(origin: String? = nil, referer: String? = nil, site: String? = nil, post: Bool = true) -> Bool {
            G.crossSiteRefusal(authority: host, origin: origin, isPost: post, loopbackOnly: true, referer: referer, fetchSite: site) != nil
        }
        #expect(refused(referer: "http://evil.com/x"))
        #expect(refused(site: "cross-site"))
        #expect(refused(site: "same-site"))        // another port of this machine is another site's page
        #expect(refused(origin: "https://127.0.0.1:8080"))
        #expect(refused(origin: "ftp://127.0.0.1:8080"))
        #expect(refused(origin: "http://127.0.0.1:8080@evil.com"))
        #expect(refused(origin: "http://127.0.0.1"))   // port 80, not 8080
        #expect(refused(referer: "http://evil.com/x", site: "cross-site", post: false))
        #expect(!refused(origin: "http://127.0.0.1:8080", referer: "http://127.0.0.1:8080/?scenario=x", site: "same-origin"))
        #expect(!refused(site: "none"))           // typed into the address bar, or a bookmark
        #expect(!refused())                        // a command-line client says nothing
        #expect(!refused(referer: "http://127.0.0.1:8080/jobs/3"))
    }

    /// S1, S2: a cross-site GET may not make the workbench load a scenario (a 7 MB one held the
    /// two-core server for a minute); every answer forbids framing by other sites, sniffing and
    /// caching; /api/ answers are JSON, refusals and unknown paths included.
    @Test func crossSiteGetsAreRefusedAndEveryAnswerIsMarked() async throws {
        let jobs = try ToyBench.jobs()
        let q = ToyBench.directory.path.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!
        try await Workbench.application(jobs: jobs).test(.router) { client in
            try await client.execute(uri: "/?scenario=\(q)", method: .get, headers: [HTTPField.Name("Sec-Fetch-Site")!: "cross-site"]) { r in
                #expect(r.status == .forbidden)
                #expect(String(buffer: r.body).contains("may not make this workbench load a scenario"))
            }
            try await client.execute(uri: "/?scenario=\(q)", method: .get, headers: [.referer: "http://evil.example/page"]) { r in
                #expect(r.status == .forbidden)
            }
            try await client.execute(uri: "/?scenario=\(q)", method: .get, headers: [HTTPField.Name("Sec-Fetch-Site")!: "same-origin"]) { r in
                #expect(r.status == .ok)
                #expect(String(buffer: r.body).contains("id=\"run-form\""))
                #expect(r.headers[HTTPField.Name("X-Frame-Options")!] == "SAMEORIGIN")
                #expect(r.headers[.contentSecurityPolicy] == "frame-ancestors 'self'")
                #expect(r.headers[.xContentTypeOptions] == "nosniff")
                #expect(r.headers[.cacheControl] == "no-store")
            }
            for path in ["/api/runs/999", "/api/jobs/999", "/api/no/such/thing"] {
                try await client.execute(uri: path, method: .get) { r in
                    #expect(r.status == .notFound, "\(path)")
                    #expect(r.headers[.contentType] == "application/json", "\(path)")
                    #expect((try? JSONSerialization.jsonObject(with: Data(buffer: r.body))) != nil, "\(path)")
                    #expect(r.headers[.xContentTypeOptions] == "nosniff")
                }
            }
            try await client.execute(uri: "/api/runs/1", method: .get, headers: [.origin: "http://evil.example"]) { r in
                #expect(r.status == .forbidden)
                #expect(r.headers[.contentType] == "application/json")
            }
            try await client.execute(uri: "/no/such/page", method: .get) { r in
                #expect(r.status == .notFound)
                #expect(r.headers[HTTPField.Name("X-Frame-Options")!] == "SAMEORIGIN")
            }
        }
    }

    /// C2: one what-if of 10^300 was accepted (303), then trapped the run and the server
    /// with it. It is now refused with the form, like any value the field cannot take.
    @Test func aWhatIfPastTheBoundsIsRefusedWithTheForm() async throws {
        let jobs = try ToyBench.jobs()
        try await Workbench.application(jobs: jobs).test(.router) { client in
            for extra in ["geography.population_total=1e300", "geography.population_total=1e18"] {
                let body = ToyBench.form([("scenario", ToyBench.directory.path), ("samples", "2"), ("extra", extra)])
                try await client.execute(uri: "/runs", method: .post, headers: ToyBench.formHeaders, body: body) { r in
                    #expect(r.status == .badRequest, "\(extra)")
                    #expect(String(buffer: r.body).contains("outside the allowed range"), "\(extra)")
                }
            }
            let slider = ToyBench.form([("scenario", ToyBench.directory.path), ("samples", "2"), ("v.geography.population_total", "1e300")])
            try await client.execute(uri: "/runs", method: .post, headers: ToyBench.formHeaders, body: slider) { r in
                #expect(r.status == .badRequest)
            }
        }
        #expect(jobs.all.isEmpty)
    }

    /// U4: a stored run's report is drawn from the scenario files stored with it, not from
    /// the folder as it is now (edited, renamed places) or gone.
    @Test func aStoredRunIsDrawnFromItsOwnFiles() async throws {
        let folder = try toyCopy()
        defer { try? FileManager.default.removeItem(at: folder.deletingLastPathComponent()) }
        let jobs = try ToyBench.jobs()
        let id = try jobs.submit(RunRequest(scenario: folder.path, samples: 2, seed: 1, overrides: [:]))
        let runID = try #require(await jobs.wait(id)?.runID)
        let record = try #require(try jobs.store.run(runID))
        let files = try jobs.store.scenarioFiles(hash: record.scenarioHash)
        #expect(Set(files.keys) == ["scenario.yaml", "locations.csv", "routes.csv", "closures.csv"])
        #expect(Scenario.validate(files: files).scenario?.sourceDigest == record.scenarioHash)
        // The folder is edited (a new title), then removed.
        let yaml = folder.appendingPathComponent("scenario.yaml")
        try (try String(contentsOf: yaml, encoding: .utf8)).replacingOccurrences(of: "title: The valley standoff (toy example)", with: "title: Edited later")
            .write(to: yaml, atomically: true, encoding: .utf8)
        try await Workbench.application(jobs: jobs).test(.router) { client in
            try await client.execute(uri: "/runs/\(runID)", method: .get) { r in
                #expect(r.status == .ok)
                #expect(String(buffer: r.body).contains("The valley standoff (toy example)"))
                #expect(!String(buffer: r.body).contains("Edited later"))
            }
        }
        try FileManager.default.removeItem(at: folder)
        try await Workbench.application(jobs: jobs).test(.router) { client in
            try await client.execute(uri: "/runs/\(runID)", method: .get) { r in
                #expect(r.status == .ok)
                #expect(String(buffer: r.body).contains("The valley standoff (toy example)"))
            }
        }
    }

    /// C3 through the workbench: an input whose median is past Int64 (GET /?scenario=DIR) and
    /// a stored run holding such a number (GET /runs/ID) trapped the server on every restart.
    @Test func numbersPastInt64AreShownNotTrappedOn() async throws {
        let folder = try toyCopy()
        defer { try? FileManager.default.removeItem(at: folder.deletingLastPathComponent()) }
        let yaml = folder.appendingPathComponent("scenario.yaml")
        var text = try String(contentsOf: yaml, encoding: .utf8)
        text.replaceSubrange(text.range(of: "    capability: 60")!, with: "    capability: {distribution: uniform, min: 1e19, max: 3e19, source: story:P1}")
        try text.write(to: yaml, atomically: true, encoding: .utf8)
        let jobs = try ToyBench.jobs()
        let q = folder.path.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!
        let id = try jobs.submit(RunRequest(scenario: folder.path, samples: 2, seed: 1, overrides: [:]))
        let runID = try #require(await jobs.wait(id)?.runID)
        try await Workbench.application(jobs: jobs).test(.router) { client in
            try await client.execute(uri: "/?scenario=\(q)", method: .get) { r in
                #expect(r.status == .ok)
                #expect(String(buffer: r.body).contains("median 2e+19"))
            }
            try await client.execute(uri: "/runs/\(runID)", method: .get) { r in #expect(r.status == .ok) }
        }
    }
}

/// A copy of the toy scenario in a fresh folder of its own (removed by the caller with its parent).
func toyCopy() throws -> URL {
    let base = FileManager.default.temporaryDirectory.appendingPathComponent("fulcrum-wbt-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: base, withIntermediateDirectories: true)
    let folder = base.appendingPathComponent("toy")
    try FileManager.default.copyItem(at: ToyBench.directory, to: folder)
    return folder
}
