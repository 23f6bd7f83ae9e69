import BoundedInput
import Crisis
import Foundation
import Hummingbird
import HummingbirdCore
import Report
import Scenario
import Store

/// The local web workbench over the runner and the run store (`fulcrum serve`).
public enum Workbench {
    /// A warning when the server would listen beyond this machine: the workbench has no
    /// authentication, and runs scenarios from any folder it may open.
    public static func hostWarning(_ host: String, scenariosRoot: String? = nil) -> String? {
        if isLoopbackName(host) { return nil }
        let folders = scenariosRoot.map { "scenario folders inside \($0)" } ?? "scenarios from any folder on this machine (start with --scenarios ROOT to confine them)"
        return "warning: listening on \(host), not loopback: anyone who can reach this address can run \(folders) and read every stored run; the workbench has no authentication"
    }

    /// `localhost`, `::1` (bracketed or not) or an IPv4 literal 127.x.y.z — not a name that
    /// merely starts with "127." (`127.0.0.1.evil.example` can resolve anywhere).
    static func isLoopbackName(_ host: String) -> Bool {
        let h = host.lowercased()
        if h == "localhost" || h == "::1" || h == "[::1]" { return true }
        let parts = h.split(separator: ".", omittingEmptySubsequences: false)
        return parts.count == 4 && parts.allSatisfy { UInt8($0) != nil } && parts[0] == "127"
    }

    /// Serves `application(...)` until Ctrl-C or SIGTERM shuts it down gracefully, for a
    /// synchronous caller (the command line): the server runs on the concurrency pool while
    /// the calling thread waits for it to stop.
    public static func serve(jobs: JobManager, host: String, port: Int, defaultSamples: Int,
                             onRunning: (@Sendable (Int) -> Void)? = nil) throws {
        let app = application(jobs: jobs, host: host, port: port, defaultSamples: defaultSamples, onRunning: onRunning)
        let done = DispatchSemaphore(value: 0)
        let failure = FailureBox()
        Task {
            do { try await app.runService() } catch { failure.error = error }
            done.signal()
        }
        done.wait()
        if let e = failure.error { throw e }
    }

    /// The workbench application (use `runService()` to serve, or HummingbirdTesting to test).
    /// `onRunning` receives the bound port once the server listens (port 0 picks a free one).
    public static func application(jobs: JobManager, host: String = "127.0.0.1", port: Int = 8080,
                                   defaultSamples: Int = 200,
                                   onRunning: (@Sendable (Int) -> Void)? = nil) -> some ApplicationProtocol {
        // Connections are bounded too: idle ones close after 30 s (a slow client cannot hold one
        // open forever), headers are at most 16 KiB a field and 64 KiB in all, and at most 256
        // connections are open at once (further ones wait in the accept queue).
        Application(router: router(jobs: jobs, defaultSamples: defaultSamples, loopbackOnly: hostWarning(host) == nil),
                    server: .http1(configuration: .init(
                        idleTimeout: .seconds(30),
                        httpDecoderConfiguration: .init(maxHeaderFieldSize: 16 << 10, maxHeaderListSize: 64 << 10, maxHeaderFieldCount: 200))),
                    configuration: .init(address: .hostname(host, port: port), serverName: "fulcrum-workbench",
                                         availableConnectionsDelegate: MaximumAvailableConnections(256)),
                    onServerRunning: { channel in onRunning?(channel.localAddress?.port ?? port) })
    }

    static func html(_ s: String, status: HTTPResponse.Status = .ok) -> Response {
        Response(status: status, headers: [.contentType: "text/html; charset=utf-8"], body: .init(byteBuffer: ByteBuffer(string: s)))
    }

    static func json<T: Encodable>(_ v: T) throws -> Response {
        Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(string: try JSONOutput.text(v, compact: true))))
    }

    /// A refusal: an HTML page, or for `/api/…` a JSON object `{"error": title, "message": …}`.
    static func problem(_ status: HTTPResponse.Status, _ title: String, _ message: String, api: Bool = false) -> Response {
        if api {
            let body = (try? JSONOutput.text(["error": title, "message": message], compact: true)) ?? ""
            return Response(status: status, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(string: body)))
        }
        return html(Pages.page(title, "<h1>\(escapeXML(title))</h1><p class=\"error\">\(escapeXML(message))</p><p><a href=\"/\">Back to the workbench</a></p>"), status: status)
    }

    static func notFound(_ what: String, api: Bool = false) -> Response { problem(.notFound, "Not found", what, api: api) }

    static func tooLarge(_ limits: WorkbenchLimits, api: Bool = false) -> Response {
        problem(.contentTooLarge, "Request too large", "The request body is larger than the workbench's limit of \(limits.maxBodyBytes) bytes (\(limits.maxBodyBytes >> 10) KiB); a run form is a few KiB.", api: api)
    }

    static let secFetchSite = HTTPFields.Element.Name("Sec-Fetch-Site")!
    static let xFrameOptions = HTTPFields.Element.Name("X-Frame-Options")!
    static let referrerPolicy = HTTPFields.Element.Name("Referrer-Policy")!

    /// Every answer: no framing by another site (the compare page frames the workbench's
    /// own reports, so the same origin may), no content sniffing, nothing cached (pages hold
    /// stored runs and change with them).
    static func secured(_ response: Response) -> Response {
        var r = response
        r.headers[xFrameOptions] = "SAMEORIGIN"
        r.headers[.contentSecurityPolicy] = "frame-ancestors 'self'"
        r.headers[.xContentTypeOptions] = "nosniff"
        r.headers[.cacheControl] = "no-store"
        r.headers[referrerPolicy] = "same-origin"
        return r
    }

    /// Work too slow for an event loop (reading and checking a scenario folder, drawing a
    /// report) runs on a pool of as many threads as cores, so the server keeps answering.
    static let slowWork: OperationQueue = {
        let q = OperationQueue()
        q.maxConcurrentOperationCount = max(1, ProcessInfo.processInfo.activeProcessorCount)
        q.qualityOfService = .userInitiated
        return q
    }()

    static func attempt<T>(_ body: () async throws -> T) async -> Result<T, Error> {
        do { return .success(try await body()) } catch { return .failure(error) }
    }

    static func offload<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { c in slowWork.addOperation { c.resume(with: Result { try body() }) } }
    }

    /// `loopbackOnly`: the server listens on loopback, so requests addressed to any other
    /// host name (a DNS-rebinding page) are refused.
    public static func router(jobs: JobManager, defaultSamples: Int = 200, loopbackOnly: Bool = true) -> Router<BasicRequestContext> {
        let router = Router()
        let store = jobs.store
        let limits = jobs.limits
        let folders = jobs.folders
        router.add(middleware: RequestGuard(limits: limits, loopbackOnly: loopbackOnly))

        router.get("/") { request, _ -> Response in
            let asked = request.uri.queryParameters.get("scenario")
            let source = Result { try folders.resolve(asked) }
            let scenario = await attempt { try await offload { try source.get().load(within: folders.root) } }
            let recent = (try? store.list(limit: 10)) ?? []
            let shown = (try? source.get()) ?? ScenarioSource(request.uri.queryParameters.get("scenario").map { String($0.prefix(300)) })
            return html(Pages.index(source: shown, scenario: scenario, samples: min(defaultSamples, limits.maxSamples), seed: 1,
                                    recent: recent, folders: folders.listed(), root: folders.root))
        }

        router.post("/runs") { request, _ -> Response in
            let body: ByteBuffer
            do { body = try await request.body.collect(upTo: limits.maxBodyBytes) } catch let e as HTTPResponseError where e.status == .contentTooLarge { return tooLarge(limits) }
            do {
                let form = try FormData(String(buffer: body), maxFields: limits.maxFormFields)
                let req = try await offload { try runRequest(form, defaultSamples: defaultSamples, folders: folders, limits: limits) }
                let id = try jobs.submit(req)
                return .redirect(to: "/jobs/\(id)", type: .normal)
            } catch let e as WorkbenchError where e.busy {
                return problem(.serviceUnavailable, "Too many runs", e.description)
            } catch {
                return problem(.badRequest, "Cannot run", String(describing: error))
            }
        }

        router.get("/jobs/:id") { _, context -> Response in
            guard let id = context.parameters.get("id", as: Int.self), let j = jobs.status(id) else { return notFound("no such job") }
            return html(Pages.job(j))
        }

        router.get("/api/jobs/:id") { _, context -> Response in
            guard let id = context.parameters.get("id", as: Int.self), let j = jobs.status(id) else { return notFound("no such job", api: true) }
            return try json(j)
        }

        router.post("/jobs/:id/cancel") { _, context -> Response in
            guard let id = context.parameters.get("id", as: Int.self), jobs.status(id) != nil else { return notFound("no such job") }
            jobs.cancel(id)
            return .redirect(to: "/jobs/\(id)", type: .normal)
        }

        router.get("/runs") { _, _ -> Response in
            let rows = try store.list()
            let body = rows.isEmpty ? "<h1>Runs</h1><p>No runs yet. <a href=\"/\">Start one</a>.</p>" : "<h1>Runs</h1>" + Pages.runsTable(rows)
            return html(Pages.page("Runs", body))
        }

        router.get("/runs/:id") { _, context -> Response in
            guard let id = context.parameters.get("id", as: Int64.self), let r = try store.run(id) else { return notFound("no such run") }
            // The report is drawn from the scenario files stored with the run; a run stored
            // without them names its folder, which the workbench opens only under its own policy.
            let drawn = await attempt { try await offload { try storedScenario(r, store: store, folders: folders) } }
            let scenario: Scenario, note: String?
            switch drawn {
            case .success(let v): (scenario, note) = v
            case .failure(let error):
                return problem(.forbidden, "Cannot show run \(id)",
                               "Run \(id)'s scenario folder cannot be opened by this workbench (\(error)). 'fulcrum runs report \(id) --out FILE' writes its report from the command line.")
            }
            let result = try r.result()
            let report = try await offload { HTMLReport.render(result, context: CrisisContext(scenario, overrides: result.run.overrides)) }
            let warning = note.map { " · <b>\(escapeXML($0))</b>" } ?? ""
            let bar = "<div style=\"background:#1d2430;color:#fff;padding:6px 20px;font:14px sans-serif\"><a style=\"color:#fff\" href=\"/\">Fulcrum workbench</a> · run \(id) · <a style=\"color:#fff\" href=\"/runs\">all runs</a>\(warning)</div>\n"
            return html(report.replacingOccurrences(of: "<body>\n", with: "<body>\n" + bar))
        }

        router.get("/api/runs/:id") { _, context -> Response in
            guard let id = context.parameters.get("id", as: Int64.self), let r = try store.run(id) else { return notFound("no such run", api: true) }
            return Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(string: r.results)))
        }

        router.get("/compare") { request, _ -> Response in
            guard let a = request.uri.queryParameters.get("a", as: Int64.self), let b = request.uri.queryParameters.get("b", as: Int64.self),
                  let ra = try store.run(a), let rb = try store.run(b) else { return notFound("choose two stored runs to compare") }
            let page = try await offload { Pages.compare(ra, rb, try RunDiff(ra, rb)) }
            return html(page)
        }
        return router
    }

    /// The scenario a stored run's report is drawn against: the files stored with it (read
    /// as they were, whatever the folder holds now), else, for a run stored without them, its
    /// folder under the workbench's policy, with a note when the folder has changed since.
    static func storedScenario(_ r: RunRecord, store: RunStore, folders: ScenarioFolders) throws -> (Scenario, String?) {
        let (s, changed) = try Scenario.stored(files: try store.scenarioFiles(hash: r.scenarioHash), digest: r.scenarioHash) {
            try folders.resolve(r.scenarioSource).load(within: folders.root)
        }
        return (s, changed ? "the scenario folder has changed since this run: its text, map and sources are drawn as the folder is now" : nil)
    }

    /// The run a submitted form asks for: each uncertain input whose slider or field
    /// differs from its median becomes an override (the typed field wins over the
    /// slider), plus any `PATH=VALUE` lines.
    static func runRequest(_ form: FormData, defaultSamples: Int, folders: ScenarioFolders,
                           limits: WorkbenchLimits = .standard) throws -> RunRequest {
        let source = try folders.resolve(form["scenario"])
        let scenario = try source.load(within: folders.root)
        guard let samples = Int((form["samples"] ?? String(defaultSamples)).trimmingCharacters(in: .whitespaces)),
              samples >= 1, samples <= limits.maxSamples else {
            throw WorkbenchError("samples: a whole number from 1 to \(limits.maxSamples)")
        }
        guard let seed = UInt64((form["seed"] ?? "1").trimmingCharacters(in: .whitespaces)) else { throw WorkbenchError("seed: a whole number ≥ 0") }
        var overrides: [String: Double] = [:]
        for input in scenario.uncertainInputs {
            let nominal = input.distribution.nominal
            // Browsers write a slider's or field's value with fewer digits than a Double has,
            // so "untouched" means within a millionth of the slider's range of the median.
            let (lo, hi) = Pages.sliderRange(input.distribution)
            let tolerance = max(abs(hi - lo), abs(nominal)) * 1e-6
            for key in ["v.\(input.path)", "s.\(input.path)"] {
                guard let text = form[key]?.trimmingCharacters(in: .whitespaces), !text.isEmpty else { continue }
                guard let v = Double(text), v.isFinite else { throw WorkbenchError("\(input.path): '\(text)' is not a number") }
                if abs(v - nominal) > tolerance { overrides[input.path] = v; break }
            }
        }
        for line in (form["extra"] ?? "").split(whereSeparator: \.isNewline) {
            let t = line.trimmingCharacters(in: .whitespaces)
            if t.isEmpty { continue }
            guard overrides.count < limits.maxOverrides else {
                throw WorkbenchError("more than \(limits.maxOverrides) what-ifs in one run")
            }
            do { overrides.merge(try Scenario.assignments([t])) { $1 } } catch { throw WorkbenchError("'\(t)': expected PATH=NUMBER") }
        }
        _ = try scenario.fixing(overrides)   // the same checks as --set: unknown paths and bad values fail here, not in the background
        return RunRequest(scenario: source.text, samples: samples, seed: seed, overrides: overrides)
    }
}

/// Checks every request before its route, and marks every answer. A declared body length
/// over the limit is refused before the body is read (413; bodies without a declared length
/// are bounded where they are read). On a loopback server, a Host that is not exactly a
/// loopback name (with an optional port) is refused (403: a DNS-rebinding page would
/// otherwise read the runs). A request another site's page made — by `Sec-Fetch-Site`, else
/// `Origin`, else `Referer` — is refused (403): a page elsewhere may not start or cancel runs,
/// nor make the workbench load a scenario or draw a report. Every answer forbids framing by
/// other sites, content sniffing and caching; answers under `/api/` are JSON.
struct RequestGuard<Context: RequestContext>: RouterMiddleware {
    let limits: WorkbenchLimits
    let loopbackOnly: Bool

    /// A Host header, or the host and port of an Origin or Referer, read strictly: a name or
    /// IPv4 literal, or a bracketed IPv6 literal, then optionally `:` and a port. Nil for
    /// anything else (`127.0.0.1:80@evil.com`, `localhost:evil.com`, `[::1]evil.com`).
    struct Authority: Equatable {
        var host: String
        var port: Int?

        init?(_ text: Substring) {
            var rest = text
            let h: Substring
            if rest.hasPrefix("[") {
                guard let close = rest.firstIndex(of: "]") else { return nil }
                h = rest[rest.index(after: rest.startIndex)..<close]
                rest = rest[rest.index(after: close)...]
                guard !h.isEmpty, h.allSatisfy({ $0.isHexDigit || $0 == ":" || $0 == "." }) else { return nil }
            } else {
                let end = rest.firstIndex(of: ":") ?? rest.endIndex
                h = rest[..<end]
                rest = rest[end...]
                guard !h.isEmpty, h.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == ".") }) else { return nil }
            }
            if !rest.isEmpty {
                let digits = rest.dropFirst()
                guard rest.first == ":", (1...5).contains(digits.count), digits.allSatisfy({ $0.isASCII && $0.isNumber }),
                      let p = Int(digits), (1...65_535).contains(p) else { return nil }
                port = p
            }
            host = h.lowercased()
        }

        /// The origin of an `http://host[:port]` URL (an Origin, or a Referer's start), or nil
        /// for any other scheme, userinfo, or text that is not a URL.
        static func ofHTTP(_ url: String) -> Authority? {
            guard url.lowercased().hasPrefix("http://") else { return nil }
            let rest = url.dropFirst("http://".count)
            let end = rest.firstIndex { $0 == "/" || $0 == "?" || $0 == "#" } ?? rest.endIndex
            return Authority(rest[..<end])
        }

        /// The same place as `other`: the same host, and the same port (80 when not given).
        func same(_ other: Authority) -> Bool { host == other.host && (port ?? 80) == (other.port ?? 80) }
    }

    /// Why a request is refused by its Host and where it came from, or nil.
    static func crossSiteRefusal(authority: String?, origin: String?, isPost: Bool, loopbackOnly: Bool,
                                 referer: String? = nil, fetchSite: String? = nil) -> String? {
        let host = authority.flatMap { Authority(Substring($0)) }
        if loopbackOnly {
            guard let host, Workbench.isLoopbackName(host.host) else {
                return "this workbench listens on loopback and answers only requests addressed to this machine, not to '\((authority ?? "(no Host)").prefix(100))'"
            }
        }
        let what = isPost ? "a form posted from another site" : "a page of another site"
        let effect = isPost ? "may not start or cancel runs" : "may not make this workbench load a scenario or draw a report"
        // Browsers say where a request comes from in Sec-Fetch-Site; older ones only in Origin
        // (on posts and scripted requests) and Referer. A request saying none of these (a
        // command-line client) is not from a page.
        if let site = fetchSite?.lowercased(), site != "same-origin", site != "none" {
            return "\(what) (Sec-Fetch-Site: \(site.prefix(40))) \(effect)"
        }
        for (name, value) in [("Origin", origin), ("Referer", referer)] {
            guard let value else { continue }
            guard let from = Authority.ofHTTP(value), let host, from.same(host) else {
                return "\(what) ('\(value.prefix(100))', its \(name)) \(effect)"
            }
        }
        return nil
    }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let api = request.uri.path.hasPrefix("/api/")
        if let why = Self.crossSiteRefusal(authority: request.head.authority, origin: request.headers[.origin],
                                           isPost: request.method == .post, loopbackOnly: loopbackOnly,
                                           referer: request.headers[.referer], fetchSite: request.headers[Workbench.secFetchSite]) {
            return Workbench.secured(Workbench.problem(.forbidden, "Refused", why, api: api))
        }
        if let text = request.headers[.contentLength] {
            guard let n = Int(text.trimmingCharacters(in: .whitespaces)), n >= 0 else {
                return Workbench.secured(Workbench.problem(.badRequest, "Bad request", "Content-Length '\(text.prefix(40))' is not a byte count", api: api))
            }
            if n > limits.maxBodyBytes { return Workbench.secured(Workbench.tooLarge(limits, api: api)) }
        }
        do {
            return Workbench.secured(try await next(request, context))
        } catch let e as HTTPError where e.status == .notFound {
            return Workbench.secured(Workbench.notFound("no such page", api: api))
        }
    }
}

/// An application/x-www-form-urlencoded body (the first value of a repeated name wins).
struct FormData {
    var values: [String: String] = [:]
    init(_ body: String, maxFields: Int = WorkbenchLimits.standard.maxFormFields) throws {
        var fields = 0
        for pair in body.split(separator: "&") {
            fields += 1
            guard fields <= maxFields else { throw WorkbenchError("the form has more than \(maxFields) fields") }
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
            func decode(_ s: String) -> String { s.replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? s }
            let key = decode(parts[0])
            if values[key] == nil { values[key] = parts.count > 1 ? decode(parts[1]) : "" }
        }
    }
    subscript(_ key: String) -> String? { values[key] }
}

private final class FailureBox: @unchecked Sendable { var error: Error? }

/// `fulcrum serve`'s settings, checked before anything listens: the port, the form's default
/// samples, the worker threads per run and the folders scenarios may be opened from.
public struct ServeSettings: Sendable {
    public let host: String
    public let folders: ScenarioFolders

    /// Throws `WorkbenchError` naming the option refused.
    public init(host: String, port: Int, samples: Int, threads: Int?, maxThreads: Int, scenarios: String?) throws {
        guard (0...65535).contains(port) else { throw WorkbenchError("--port must be 0–65535 (0: any free port)") }
        guard (1...WorkbenchLimits.standard.maxSamples).contains(samples) else {
            throw WorkbenchError("--samples must be 1–\(WorkbenchLimits.standard.maxSamples)")
        }
        if let t = threads, !(1...maxThreads).contains(t) { throw WorkbenchError("--threads must be 1 to \(maxThreads)") }
        self.host = host
        folders = try ScenarioFolders(root: scenarios)
    }

    /// Said before serving when the address reaches beyond this machine (`Workbench.hostWarning`).
    public var warning: String? { Workbench.hostWarning(host, scenariosRoot: folders.root) }

    /// The line printed once the server listens on `port` (an IPv6 host bracketed, as a URL needs it).
    public func listeningLine(port: Int, store: String) -> String {
        let shownHost = host.contains(":") ? "[\(host)]" : host
        return "Fulcrum workbench listening on http://\(shownHost):\(port)/ (store: \(store)\(folders.root.map { "; scenarios inside \($0)" } ?? "")); Ctrl-C stops it"
    }
}
