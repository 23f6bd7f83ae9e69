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
        let e = JSONEncoder(); e.outputFormatting = [.sortedKeys]
        return Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(bytes: try e.encode(v))))
    }

    static func problem(_ status: HTTPResponse.Status, _ title: String, _ message: String) -> Response {
        html(Pages.page(title, "<h1>\(escapeXML(title))</h1><p class=\"error\">\(escapeXML(message))</p><p><a href=\"/\">Back to the workbench</a></p>"), status: status)
    }

    static func notFound(_ what: String) -> Response { problem(.notFound, "Not found", what) }

    static func tooLarge(_ limits: WorkbenchLimits) -> Response {
        problem(.contentTooLarge, "Request too large", "The request body is larger than the workbench's limit of \(limits.maxBodyBytes) bytes (\(limits.maxBodyBytes >> 10) KiB); a run form is a few KiB.")
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
            let source = Result { try folders.resolve(request.uri.queryParameters.get("scenario")) }
            let scenario = source.flatMap { s in Result { try s.load(within: folders.root) } }
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
                let req = try runRequest(form, defaultSamples: defaultSamples, folders: folders, limits: limits)
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
            guard let id = context.parameters.get("id", as: Int.self), let j = jobs.status(id) else { return notFound("no such job") }
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
            // A stored run names its scenario folder; the workbench opens it only under its own policy.
            let scenario: Scenario
            do { scenario = try folders.resolve(r.scenarioSource).load(within: folders.root) } catch {
                return problem(.forbidden, "Cannot show run \(id)",
                               "Run \(id)'s scenario folder cannot be opened by this workbench (\(error)). 'fulcrum runs report \(id) --out FILE' writes its report from the command line.")
            }
            let result = try r.result()
            let report = HTMLReport.render(result, context: CrisisContext(scenario, overrides: result.run.overrides))
            let bar = "<div style=\"background:#1d2430;color:#fff;padding:6px 20px;font:14px sans-serif\"><a style=\"color:#fff\" href=\"/\">Fulcrum workbench</a> · run \(id) · <a style=\"color:#fff\" href=\"/runs\">all runs</a></div>\n"
            return html(report.replacingOccurrences(of: "<body>\n", with: "<body>\n" + bar))
        }

        router.get("/api/runs/:id") { _, context -> Response in
            guard let id = context.parameters.get("id", as: Int64.self), let r = try store.run(id) else { return notFound("no such run") }
            return Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(string: r.results)))
        }

        router.get("/compare") { request, _ -> Response in
            guard let a = request.uri.queryParameters.get("a", as: Int64.self), let b = request.uri.queryParameters.get("b", as: Int64.self),
                  let ra = try store.run(a), let rb = try store.run(b) else { return notFound("choose two stored runs to compare") }
            return html(Pages.compare(ra, rb, try RunDiff(ra, rb)))
        }
        return router
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
            guard let eq = t.lastIndex(of: "="), let v = Double(t[t.index(after: eq)...].trimmingCharacters(in: .whitespaces)), v.isFinite else {
                throw WorkbenchError("'\(t)': expected PATH=NUMBER")
            }
            overrides[t[..<eq].trimmingCharacters(in: .whitespaces)] = v
        }
        _ = try scenario.fixing(overrides)   // the same checks as --set: unknown paths and bad values fail here, not in the background
        return RunRequest(scenario: source.text, samples: samples, seed: seed, overrides: overrides)
    }
}

/// Checks every request before its route: a declared body length over the limit is refused
/// before the body is read (413; bodies without a declared length are bounded where they
/// are read); on a loopback server, a Host other than a loopback name is refused (403: a
/// DNS-rebinding page would otherwise read the runs); a POST whose Origin is another site
/// is refused (403: a page elsewhere may not start or cancel runs).
struct RequestGuard<Context: RequestContext>: RouterMiddleware {
    let limits: WorkbenchLimits
    let loopbackOnly: Bool

    /// Why a request is refused by its Host and Origin, or nil.
    static func crossSiteRefusal(authority: String?, origin: String?, isPost: Bool, loopbackOnly: Bool) -> String? {
        if loopbackOnly, let authority {
            if !Workbench.isLoopbackName(hostName(authority)) {
                return "this workbench listens on loopback and answers only requests addressed to this machine, not to '\(authority.prefix(100))'"
            }
        }
        if isPost, let origin {
            let site = origin.range(of: "://").map { String(origin[$0.upperBound...]) } ?? origin
            if site.lowercased() != (authority ?? "").lowercased() {
                return "a form posted from another site ('\(origin.prefix(100))') may not start or cancel runs"
            }
        }
        return nil
    }

    /// `host`, `host:port`, `[v6]` or `[v6]:port` → the host.
    static func hostName(_ authority: String) -> String {
        if authority.hasPrefix("["), let close = authority.firstIndex(of: "]") {
            return String(authority[authority.index(after: authority.startIndex)..<close])
        }
        return String(authority.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false).first ?? "")
    }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        if let why = Self.crossSiteRefusal(authority: request.head.authority, origin: request.headers[.origin],
                                           isPost: request.method == .post, loopbackOnly: loopbackOnly) {
            return Workbench.problem(.forbidden, "Refused", why)
        }
        if let text = request.headers[.contentLength] {
            guard let n = Int(text.trimmingCharacters(in: .whitespaces)), n >= 0 else {
                return Workbench.problem(.badRequest, "Bad request", "Content-Length '\(text.prefix(40))' is not a byte count")
            }
            if n > limits.maxBodyBytes { return Workbench.tooLarge(limits) }
        }
        return try await next(request, context)
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
