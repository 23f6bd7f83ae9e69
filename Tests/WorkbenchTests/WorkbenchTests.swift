import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Scenario
import Store
import Testing
@testable import Workbench

/// The documented toy scenario, and a fresh store per test.
enum ToyBench {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    /// The documented toy example, used as it is.
    static let directory = root.appendingPathComponent("docs/examples/toy-valley")

    static func jobs(paused: Bool = false, folders: ScenarioFolders? = nil, limits: WorkbenchLimits = .standard) throws -> JobManager {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("fulcrum-wb-\(UUID().uuidString)/runs.sqlite").path
        return try JobManager(store: try RunStore(path: path), threads: 1, folders: folders, limits: limits, paused: paused)
    }

    static func form(_ fields: [(String, String)]) -> ByteBuffer {
        var allowed = CharacterSet.alphanumerics; allowed.insert(charactersIn: "-._~")
        return ByteBuffer(string: fields.map { "\($0.0.addingPercentEncoding(withAllowedCharacters: allowed)!)=\($0.1.addingPercentEncoding(withAllowedCharacters: allowed)!)" }.joined(separator: "&"))
    }
    static let formHeaders: HTTPFields = [.contentType: "application/x-www-form-urlencoded"]
}

struct WorkbenchTests {
    @Test func loopbackByDefaultAndAWarningOtherwise() {
        #expect(Workbench.hostWarning("127.0.0.1") == nil)
        #expect(Workbench.hostWarning("localhost") == nil)
        #expect(Workbench.hostWarning("::1") == nil)
        #expect(Workbench.hostWarning("0.0.0.0")?.contains("not loopback") == true)
        #expect(Workbench.hostWarning("192.168.1.5") != nil)
    }

    @Test func indexOffersEveryUncertainInputWithItsSource() async throws {
        let jobs = try ToyBench.jobs()
        let scenario = Scenario.validate(directory: ToyBench.directory).scenario!
        let app = Workbench.application(jobs: jobs)
        try await app.test(.router) { client in
            let q = ToyBench.directory.path.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!
            try await client.execute(uri: "/?scenario=\(q)", method: .get) { r in
                #expect(r.status == .ok)
                let body = String(buffer: r.body)
                #expect(body.contains(escapeXMLForTest(scenario.metadata.title)))
                #expect(body.contains("id=\"run-form\" novalidate"))   // the server checks every value
                for input in scenario.uncertainInputs {
                    #expect(body.contains("name=\"s.\(input.path)\""), "slider for \(input.path)")
                    #expect(body.contains("name=\"v.\(input.path)\""), "field for \(input.path)")
                    #expect(body.contains(escapeXMLForTest(input.provenance.description)))
                    // Bounds with at most seven significant digits, so a browser never finds the
                    // slider's own maximum above its max attribute (which would block the form).
                    let (lo, hi) = Pages.sliderRange(input.distribution)
                    #expect(body.contains("min=\"\(String(format: "%.7g", lo))\" max=\"\(String(format: "%.7g", hi))\""), "\(input.path) bounds")
                }
            }
            // A folder that is not a scenario: the page says why.
            try await client.execute(uri: "/?scenario=%2Fnonexistent", method: .get) { r in
                #expect(r.status == .ok)
                #expect(String(buffer: r.body).contains("class=\"error\""))
            }
        }
    }

    @Test func movingASliderRunsInTheBackgroundStoresAndCompares() async throws {
        let jobs = try ToyBench.jobs()
        let app = Workbench.application(jobs: jobs)
        let dir = ToyBench.directory.path
        try await app.test(.router) { client in
            // Run 1: everything at its median. Run 2: the truce probability moved to 0.9.
            // Run 1 posts every slider and field at its median as a browser writes it (fewer
            // digits than a Double): that is no what-if at all.
            let scenario = Scenario.validate(directory: ToyBench.directory).scenario!
            let untouched = scenario.uncertainInputs.flatMap { i -> [(String, String)] in
                let v = String(format: "%.7g", i.distribution.nominal)
                return [("s.\(i.path)", v), ("v.\(i.path)", v)]
            }
            for fields in [[("scenario", dir), ("samples", "6"), ("seed", "2")] + untouched,
                           [("scenario", dir), ("samples", "6"), ("seed", "2"), ("s.parameters.p_truce_holds", "0.9")]] {
                try await client.execute(uri: "/runs", method: .post, headers: ToyBench.formHeaders, body: ToyBench.form(fields)) { r in
                    #expect(r.status == .seeOther)
                    #expect(r.headers[.location]?.hasPrefix("/jobs/") == true)
                }
            }
            let one = await jobs.wait(1), two = await jobs.wait(2)
            #expect(one?.state == .done && two?.state == .done)
            #expect(two?.request.overrides == ["parameters.p_truce_holds": 0.9])
            #expect(one?.request.overrides == [:])
            try await client.execute(uri: "/api/jobs/2", method: .get) { r in
                let s = try JSONDecoder().decode(JobStatus.self, from: Data(buffer: r.body))
                #expect(s.state == .done && s.done == s.total && s.total > 0)
            }
            let runA = one!.runID!, runB = two!.runID!
            try await client.execute(uri: "/runs/\(runB)", method: .get) { r in
                let body = String(buffer: r.body)
                #expect(r.status == .ok)
                #expect(body.contains("id=\"tree-diagram\""))
                #expect(body.contains("<code>parameters.p_truce_holds = 0.9</code>"))
            }
            try await client.execute(uri: "/compare?a=\(runA)&b=\(runB)", method: .get) { r in
                let body = String(buffer: r.body)
                #expect(body.contains("set parameters.p_truce_holds"))
                #expect(body.contains("src=\"/runs/\(runA)\"") && body.contains("src=\"/runs/\(runB)\""))
                // Every outcome change the store's diff finds is on the page.
                let diff = try RunDiff(try jobs.store.run(runA)!, try jobs.store.run(runB)!)
                for c in diff.outcome { #expect(body.contains(escapeXMLForTest(c.name))) }
            }
            try await client.execute(uri: "/runs", method: .get) { r in
                let body = String(buffer: r.body)
                #expect(body.contains("href=\"/runs/\(runA)\"") && body.contains("href=\"/runs/\(runB)\""))
                // Runs are listed by the scenario's title, its id beside it (issue 16 §3.7).
                #expect(body.contains("The valley standoff (toy example) <span class=\"folder\">(toy-valley)</span>"), "\(body)")
            }
        }
        #expect(try jobs.store.count() == 2)
    }

    @Test func badInputIsRefusedBeforeRunning() async throws {
        let jobs = try ToyBench.jobs()
        let app = Workbench.application(jobs: jobs)
        try await app.test(.router) { client in
            try await client.execute(uri: "/runs", method: .post, headers: ToyBench.formHeaders,
                                     body: ToyBench.form([("scenario", ToyBench.directory.path), ("samples", "5"), ("extra", "no.such.path=3")])) { r in
                #expect(r.status == .badRequest)
                #expect(String(buffer: r.body).contains("no.such.path"))
            }
            try await client.execute(uri: "/runs", method: .post, headers: ToyBench.formHeaders,
                                     body: ToyBench.form([("scenario", ToyBench.directory.path), ("samples", "0")])) { r in
                #expect(r.status == .badRequest)
            }
        }
        #expect(jobs.all.isEmpty)
    }

    @Test func cancelledRunsLeaveNoRecord() async throws {
        let jobs = try ToyBench.jobs(paused: true)
        // Job 1 is cancelled from inside its own progress callback: while it is running.
        jobs.progressHook = { id, done, _ in if id == 1 && done == 1 { jobs.cancel(1) } }
        let app = Workbench.application(jobs: jobs)
        try await app.test(.router) { client in
            let fields = [("scenario", ToyBench.directory.path), ("samples", "6"), ("seed", "1")]
            for _ in 0..<2 {
                try await client.execute(uri: "/runs", method: .post, headers: ToyBench.formHeaders, body: ToyBench.form(fields)) { _ in }
            }
            // Job 2 is cancelled while it waits in the queue.
            try await client.execute(uri: "/jobs/2/cancel", method: .post) { r in #expect(r.status == .seeOther) }
            #expect(jobs.status(2)?.state == .cancelled)
            #expect(jobs.status(1)?.state == .queued)
            jobs.resume()
            #expect(await jobs.wait(1)?.state == .cancelled)
            try await client.execute(uri: "/jobs/2", method: .get) { r in
                #expect(String(buffer: r.body).contains("Cancelled; nothing was stored."))
            }
            // Cancelling a finished (here: cancelled) job changes nothing.
            #expect(!jobs.cancel(1))
        }
        // Job 1 stopped at its next sample; nothing of it was stored.
        await Task.detached { jobs.drain() }.value
        #expect(jobs.status(1)?.runID == nil)
        #expect(try jobs.store.count() == 0)
    }

    /// A cancel at the last moment, around when the finished run is stored: 40 times, at
    /// moments spread from the last progress step to past the end, the store and the job's
    /// page agree: stored exactly when the page says "stored", nothing when it says
    /// "Cancelled; nothing was stored." (Before cancel and store were one decision, a cancel
    /// that came while the run was being saved left it stored under a "Cancelled" page.)
    @Test func aLastMomentCancelAndTheStoreAlwaysAgree() async throws {
        let jobs = try ToyBench.jobs()
        // The two-branch fixture: a run takes a tenth of the toy's, so 40 stay quick.
        let fixture = ToyBench.root.appendingPathComponent("Tests/CrisisTests/Fixtures/two-branch")
        let request = RunRequest(scenario: fixture.path, samples: 2, seed: 1, overrides: [:])
        final class Moments: @unchecked Sendable {
            let lock = NSLock()
            var lastStep: [Int: Date] = [:]
            var delay: [Int: TimeInterval] = [:]
        }
        let moments = Moments()
        jobs.progressHook = { id, done, total in
            guard done == total else { return }
            let delay = moments.lock.withLock { () -> TimeInterval? in moments.lastStep[id] = Date(); return moments.delay[id] }
            guard let delay else { return }
            Thread { usleep(useconds_t(delay * 1e6)); jobs.cancel(id) }.start()
        }
        // How long a job takes from its last progress step until it is stored: the median
        // of three, after a first (slower: the store's first write) that is left out.
        var spans: [TimeInterval] = []
        for _ in 0..<4 {
            let id = try jobs.submit(request)
            while jobs.status(id)?.state != .done { usleep(100) }
            spans.append(Date().timeIntervalSince(moments.lock.withLock { moments.lastStep[id]! }))
        }
        let span = max(0.0005, spans.dropFirst().sorted()[1])
        var outcomes: [JobStatus.State: Int] = [:]
        for i in 0..<40 {
            let before = try jobs.store.count()
            let id = try jobs.submit(request)
            moments.lock.withLock { moments.delay[id] = span * 1.5 * Double(i) / 40 }
            _ = await jobs.wait(id)
            await Task.detached { jobs.drain() }.value   // the worker is done with it, saving included
            let status = jobs.status(id)!, stored = try jobs.store.count() - before
            let page = Pages.job(status)
            outcomes[status.state, default: 0] += 1
            switch status.state {
            case .done:
                let record = try status.runID.flatMap { try jobs.store.run($0) }
                #expect(stored == 1 && record != nil, "job \(id)")
                #expect(page.contains("Finished and stored as"), "job \(id)")
            case .cancelled:
                #expect(stored == 0 && status.runID == nil, "job \(id): cancelled, yet \(stored) run stored")
                #expect(page.contains("Cancelled; nothing was stored."), "job \(id)")
            default:
                Issue.record("job \(id) ended \(status.state)")
            }
        }
        #expect(outcomes.values.reduce(0, +) == 40)
    }
}

func escapeXMLForTest(_ s: String) -> String {
    s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(of: ">", with: "&gt;")
        .replacingOccurrences(of: "\"", with: "&quot;").replacingOccurrences(of: "'", with: "&#39;")
}
