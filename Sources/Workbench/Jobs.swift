import Crisis
import Foundation
import Scenario
import Store

/// Where a scenario comes from: the built-in one, or a folder.
public enum ScenarioSource: Sendable, Hashable {
    case builtIn
    case folder(String)

    /// `built-in` (or empty) for the built-in scenario, otherwise a folder path.
    public init(_ text: String?) {
        let t = (text ?? "").trimmingCharacters(in: .whitespaces)
        self = t.isEmpty || t == "built-in" ? .builtIn : .folder(t)
    }

    public var text: String {
        switch self { case .builtIn: return "built-in"; case .folder(let p): return p }
    }

    /// The folder given, nil for the built-in scenario (as the command line's DIR argument).
    public var folder: String? {
        if case .folder(let p) = self { return p } else { return nil }
    }

    public var directory: URL {
        switch self { case .builtIn: return Scenario.builtInDirectory; case .folder(let p): return URL(fileURLWithPath: p) }
    }

    /// The validated scenario, or every diagnostic as one message. `root`: the resolved
    /// folder every file read must lie in (`ScenarioFolders.root`), checked as each is opened.
    public func load(within root: String?) throws -> Scenario {
        let v = Scenario.validate(directory: directory, within: self == .builtIn ? nil : root)
        guard let s = v.scenario else {
            throw WorkbenchError("\(v.diagnostics.count) error(s) in \(directory.path):\n" + v.diagnostics.map(\.description).joined(separator: "\n"))
        }
        return s
    }
}

public struct WorkbenchError: Error, CustomStringConvertible, Sendable {
    public var description: String
    /// The server is at its limit of pending runs (503), rather than the request being bad (400).
    public var busy: Bool
    public init(_ d: String, busy: Bool = false) { description = d; self.busy = busy }
}

/// One run asked for in the workbench.
public struct RunRequest: Sendable, Codable {
    public var scenario: String
    public var samples: Int
    public var seed: UInt64
    public var overrides: [String: Double]
    public init(scenario: String, samples: Int, seed: UInt64, overrides: [String: Double]) {
        self.scenario = scenario; self.samples = samples; self.seed = seed; self.overrides = overrides
    }
}

/// The state of one background run, as the job page and `/api/jobs/ID` show it.
public struct JobStatus: Sendable, Codable {
    public enum State: String, Sendable, Codable { case queued, running, done, failed, cancelled }
    public var id: Int
    public var state: State
    public var done: Int
    public var total: Int
    public var request: RunRequest
    /// The stored run, once done.
    public var runID: Int64?
    public var error: String?
}

/// Runs execute one at a time on a background thread, in the order asked, whatever
/// happens to the browser tab that asked; each finished run is saved to the store in
/// one transaction. Cancelling a queued run drops it; cancelling a running one stops
/// the runner before its next Monte Carlo sample or sweep (`CrisisRunOptions.isCancelled`),
/// frees the worker for the next run, and stores nothing. Cancel and store are one
/// decision under the lock: a cancel that comes once a finished run has been chosen for
/// storing is refused (the run is stored and its page says so), never half-honoured. At
/// most `limits.maxPendingJobs` runs wait or run at once.
public final class JobManager: @unchecked Sendable {
    private let lock = NSLock()
    private var jobs: [Int: JobStatus] = [:]
    private var nextID = 1
    /// Running jobs whose finished run is being stored: too late to cancel.
    private var storing: Set<Int> = []
    private let queue = DispatchQueue(label: "fulcrum.workbench.runs", qos: .userInitiated)
    public let store: RunStore
    /// Which scenario folders may be opened.
    public let folders: ScenarioFolders
    public let limits: WorkbenchLimits
    let threads: Int?

    /// Called on each progress step with (job, done, total); tests use it to act mid-run.
    var progressHook: (@Sendable (Int, Int, Int) -> Void)?
    private var paused: Bool

    /// `paused`: queued runs wait for `resume()` (tests use it to cancel a run before it starts).
    public init(store: RunStore, threads: Int? = nil, folders: ScenarioFolders? = nil,
                limits: WorkbenchLimits = .standard, paused: Bool = false) throws {
        self.store = store; self.threads = threads; self.paused = paused
        self.folders = try folders ?? ScenarioFolders(limits: limits); self.limits = limits
        if paused { queue.suspend() }
    }

    public func resume() {
        lock.lock(); defer { lock.unlock() }
        if paused { paused = false; queue.resume() }
    }

    /// Blocks until every queued run has finished (including discarded, cancelled ones).
    public func drain() { queue.sync {} }

    public func status(_ id: Int) -> JobStatus? { lock.lock(); defer { lock.unlock() }; return jobs[id] }

    public var all: [JobStatus] { lock.lock(); defer { lock.unlock() }; return jobs.values.sorted { $0.id > $1.id } }

    private func update(_ id: Int, _ body: (inout JobStatus) -> Void) {
        lock.lock(); defer { lock.unlock() }
        if var j = jobs[id] { body(&j); jobs[id] = j }
    }

    /// Queues a run and returns its job id at once; throws `WorkbenchError.busy` when
    /// `limits.maxPendingJobs` runs are already waiting or running.
    public func submit(_ request: RunRequest) throws -> Int {
        var request = request
        request.scenario = try folders.resolve(request.scenario).text   // the folder policy holds for every caller
        lock.lock()
        let pending = jobs.values.filter { $0.state == .queued || $0.state == .running }.count
        guard pending < limits.maxPendingJobs else {
            lock.unlock()
            throw WorkbenchError("\(pending) runs are already waiting or running (the limit is \(limits.maxPendingJobs)); cancel one or wait for one to finish", busy: true)
        }
        let id = nextID; nextID += 1
        jobs[id] = JobStatus(id: id, state: .queued, done: 0, total: 0, request: request, runID: nil, error: nil)
        // Memory stays bounded however long the server runs: forget the oldest finished jobs.
        let finished = jobs.values.filter { $0.state != .queued && $0.state != .running }.map(\.id).sorted()
        for old in finished.prefix(max(0, finished.count - limits.maxRetainedJobs)) { jobs[old] = nil }
        lock.unlock()
        queue.async { [self] in execute(id) }
        return id
    }

    /// Cancels a queued or running job; false if it had already finished.
    @discardableResult
    public func cancel(_ id: Int) -> Bool {
        lock.lock(); defer { lock.unlock() }
        guard var j = jobs[id], j.state == .queued || j.state == .running, !storing.contains(id) else { return false }
        j.state = .cancelled
        jobs[id] = j
        return true
    }

    private func execute(_ id: Int) {
        guard let job = status(id), job.state == .queued else { return }
        update(id) { $0.state = .running }
        let started = Date()
        do {
            let source = ScenarioSource(job.request.scenario)
            let scenario = try source.load(within: folders.root)
            let options = CrisisRunOptions(samples: job.request.samples, seed: job.request.seed, threads: threads,
                                           overrides: job.request.overrides,
                                           isCancelled: { [weak self] in self?.status(id)?.state != .running })
            let hook = progressHook
            let result = try CrisisRunner.run(scenario, options: options) { [weak self] done, total in
                self?.update(id) { if $0.state == .running { $0.done = done; $0.total = total } }
                hook?(id, done, total)
            }
            // Store or discard, decided once under the lock: a cancel before this wins and
            // nothing is stored; one after it is refused and the run is stored.
            let keep = lock.withLock {
                guard jobs[id]?.state == .running else { return false }
                storing.insert(id)
                return true
            }
            guard keep else { return }
            let runID = try store.save(result, origin: "workbench", scenarioSource: Scenario.sourceName(source.folder),
                                       scenarioHash: scenario.sourceDigest, scenarioFiles: scenario.sourceFiles,
                                       startedAt: started, finishedAt: Date())
            lock.withLock {
                storing.remove(id)
                jobs[id]?.state = .done; jobs[id]?.runID = runID
            }
        } catch {
            lock.withLock {
                storing.remove(id)
                if jobs[id]?.state == .running { jobs[id]?.state = .failed; jobs[id]?.error = String(describing: error) }
            }
        }
    }

    /// Waits (polling) until the job leaves queued/running; for tests and scripts.
    public func wait(_ id: Int, timeout: TimeInterval = 120) async -> JobStatus? {
        let end = Date().addingTimeInterval(timeout)
        while Date() < end {
            if let s = status(id), s.state != .queued && s.state != .running { return s }
            try? await Task.sleep(nanoseconds: 20_000_000)
        }
        return status(id)
    }
}
