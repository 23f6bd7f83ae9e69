import Crisis
import Foundation
import Hummingbird
import Report
import Scenario
import Store

/// The local web workbench over the runner and the run store (`fulcrum serve`).
public enum Workbench {
    /// A warning when the server would listen beyond this machine: the workbench runs
    /// scenarios from any folder it is given and has no authentication.
    public static func hostWarning(_ host: String) -> String? {
        let loopback = ["127.0.0.1", "localhost", "::1", "[::1]"]
        if loopback.contains(host.lowercased()) || host.hasPrefix("127.") { return nil }
        return "warning: listening on \(host), not loopback: anyone who can reach this address can run scenarios from any folder on this machine and read every stored run; the workbench has no authentication"
    }

    /// The workbench application (use `runService()` to serve, or HummingbirdTesting to test).
    public static func application(jobs: JobManager, host: String = "127.0.0.1", port: Int = 8080,
                                   defaultSamples: Int = 200) -> some ApplicationProtocol {
        Application(router: router(jobs: jobs, defaultSamples: defaultSamples),
                    configuration: .init(address: .hostname(host, port: port), serverName: "fulcrum-workbench"))
    }

    static func html(_ s: String, status: HTTPResponse.Status = .ok) -> Response {
        Response(status: status, headers: [.contentType: "text/html; charset=utf-8"], body: .init(byteBuffer: ByteBuffer(string: s)))
    }

    static func json<T: Encodable>(_ v: T) throws -> Response {
        let e = JSONEncoder(); e.outputFormatting = [.sortedKeys]
        return Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(bytes: try e.encode(v))))
    }

    static func notFound(_ what: String) -> Response {
        html(Pages.page("Not found", "<h1>Not found</h1><p>\(escapeXML(what))</p>"), status: .notFound)
    }

    public static func router(jobs: JobManager, defaultSamples: Int = 200) -> Router<BasicRequestContext> {
        let router = Router()
        let store = jobs.store

        router.get("/") { request, _ -> Response in
            let source = ScenarioSource(request.uri.queryParameters.get("scenario"))
            let scenario = Result { try source.load() }
            let recent = (try? store.list(limit: 10)) ?? []
            return html(Pages.index(source: source, scenario: scenario, samples: defaultSamples, seed: 1, recent: recent))
        }

        router.post("/runs") { request, _ -> Response in
            let body = try await request.body.collect(upTo: 4 << 20)
            let form = FormData(String(buffer: body))
            do {
                let req = try runRequest(form, defaultSamples: defaultSamples)
                let id = jobs.submit(req)
                return .redirect(to: "/jobs/\(id)", type: .normal)
            } catch {
                return html(Pages.page("Cannot run", "<h1>Cannot run</h1><p class=\"error\">\(escapeXML(String(describing: error)))</p><p><a href=\"javascript:history.back()\">Back</a></p>"), status: .badRequest)
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
            let scenario = try ScenarioSource(r.scenarioSource).load()
            let report = HTMLReport.render(try r.result(), scenario: scenario)
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
    static func runRequest(_ form: FormData, defaultSamples: Int) throws -> RunRequest {
        let source = ScenarioSource(form["scenario"])
        let scenario = try source.load()
        guard let samples = Int(form["samples"] ?? String(defaultSamples)), samples >= 1, samples <= 1_000_000 else {
            throw WorkbenchError("samples: a whole number from 1 to 1,000,000")
        }
        guard let seed = UInt64(form["seed"] ?? "1") else { throw WorkbenchError("seed: a whole number ≥ 0") }
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
            guard let eq = t.lastIndex(of: "="), let v = Double(t[t.index(after: eq)...].trimmingCharacters(in: .whitespaces)), v.isFinite else {
                throw WorkbenchError("'\(t)': expected PATH=NUMBER")
            }
            overrides[t[..<eq].trimmingCharacters(in: .whitespaces)] = v
        }
        _ = try scenario.fixing(overrides)   // the same checks as --set: unknown paths and bad values fail here, not in the background
        return RunRequest(scenario: source.text, samples: samples, seed: seed, overrides: overrides)
    }
}

/// An application/x-www-form-urlencoded body.
struct FormData {
    var values: [String: String] = [:]
    init(_ body: String) {
        for pair in body.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
            func decode(_ s: String) -> String { s.replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? s }
            let key = decode(parts[0])
            if values[key] == nil { values[key] = parts.count > 1 ? decode(parts[1]) : "" }
        }
    }
    subscript(_ key: String) -> String? { values[key] }
}
