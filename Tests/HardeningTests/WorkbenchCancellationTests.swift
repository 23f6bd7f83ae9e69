import Crisis
import Foundation
import Scenario
import Testing

/// `CrisisRunOptions.isCancelled`, which the workbench's Cancel uses: work stops at the next
/// sample or sweep, and a run that is not cancelled is unchanged by asking.
struct WorkbenchCancellationTests {
    final class Flag: @unchecked Sendable {
        private let lock = NSLock()
        private var steps = 0, maxDone = 0, asked = 0
        var cancelAt: Int
        init(cancelAt: Int) { self.cancelAt = cancelAt }
        func progress(_ done: Int) { lock.lock(); steps += 1; maxDone = max(maxDone, done); lock.unlock() }
        func isCancelled() -> Bool { lock.lock(); defer { lock.unlock() }; asked += 1; return steps >= cancelAt }
        var counts: (steps: Int, maxDone: Int, asked: Int) { lock.lock(); defer { lock.unlock() }; return (steps, maxDone, asked) }
    }

    static let toy = Scenario.validate(directory: toyValley).scenario!

    @Test(arguments: [1, 2])
    func aCancelledRunStopsAtTheNextSample(threads: Int) throws {
        let flag = Flag(cancelAt: 5)
        let options = CrisisRunOptions(samples: 5_000, seed: 1, threads: threads, sweepSteps: 2,
                                       isCancelled: { flag.isCancelled() })
        #expect(throws: CrisisError.self) {
            try CrisisRunner.run(Self.toy, options: options) { done, _ in flag.progress(done) }
        }
        // Each worker may finish the sample it had started when the flag turned: at most
        // `threads` more than the 5 done at that moment, of 5,000.
        let c = flag.counts
        #expect(c.steps >= 5 && c.steps <= 5 + threads)
        #expect(c.maxDone <= 5 + threads)
        do { _ = try CrisisRunner.run(Self.toy, options: options) } catch let e as CrisisError {
            #expect(e.description == "the run was cancelled")
        }
    }

    @Test func cancelledBeforeItStartsComputesNothing() throws {
        let flag = Flag(cancelAt: 0)
        let options = CrisisRunOptions(samples: 50, seed: 1, threads: 2, isCancelled: { flag.isCancelled() })
        #expect(throws: CrisisError.self) { try CrisisRunner.run(Self.toy, options: options) { done, _ in flag.progress(done) } }
        #expect(flag.counts.steps == 0)
    }

    @Test func askingWithoutCancellingChangesNothing() throws {
        let flag = Flag(cancelAt: Int.max)
        let plain = try CrisisRunner.run(Self.toy, options: CrisisRunOptions(samples: 12, seed: 9, threads: 2, sweepSteps: 2))
        let asked = try CrisisRunner.run(Self.toy, options: CrisisRunOptions(samples: 12, seed: 9, threads: 2, sweepSteps: 2,
                                                                             isCancelled: { flag.isCancelled() }))
        let enc = JSONEncoder(); enc.outputFormatting = .sortedKeys
        enc.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        #expect(try enc.encode(asked) == enc.encode(plain))
        #expect(flag.counts.asked >= 12)   // asked before every sample and sweep, at least
    }
}
