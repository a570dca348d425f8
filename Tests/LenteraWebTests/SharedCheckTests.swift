import Synchronization
import Testing

@testable import LenteraWeb

/// `/readyz`'s database check: one run at a time and at most one per interval, however many ask at once.
@Suite struct SharedCheckTests {
    final class Counter: Sendable {
        let runs = Mutex(0)

        var count: Int { runs.withLock { $0 } }
    }

    /// A clock that stands still until the test moves it: the interval is stepped over, never waited for.
    final class StoppedClock: Sendable {
        let instant = Mutex(ContinuousClock.now)

        var now: ContinuousClock.Instant { instant.withLock { $0 } }

        func advance(by duration: Duration) { instant.withLock { $0 += duration } }
    }

    static func succeeded(_ outcome: Result<Void, any Error>) -> Bool {
        (try? outcome.get()) != nil
    }

    @Test func callersShareTheRunUnderWayAndARecentOutcome() async throws {
        let counter = Counter()
        let clock = StoppedClock()
        let check = SharedCheck(every: .milliseconds(300), now: { clock.now }) {
            counter.runs.withLock { $0 += 1 }
            try await Task.sleep(for: .milliseconds(100))
        }

        let outcomes = await withTaskGroup(of: Bool.self) { group in
            for _ in 0..<50 { group.addTask { Self.succeeded(await check.outcome()) } }
            return await group.reduce(into: [Bool]()) { $0.append($1) }
        }
        #expect(outcomes == Array(repeating: true, count: 50))
        #expect(counter.count == 1)  // fifty asked, one write
        let soon = await check.outcome()
        #expect(Self.succeeded(soon) && counter.count == 1)  // within the interval: the same outcome

        clock.advance(by: .milliseconds(299))
        let stillSoon = await check.outcome()
        #expect(Self.succeeded(stillSoon) && counter.count == 1)  // just within the interval: still the same outcome

        clock.advance(by: .milliseconds(1))
        let later = await check.outcome()
        #expect(Self.succeeded(later) && counter.count == 2)  // after it: checked again
    }

    @Test func aFailureIsAnsweredAsTheErrorItWas() async {
        struct Refused: Error {}
        let counter = Counter()
        let check = SharedCheck(every: .seconds(60)) {
            counter.runs.withLock { $0 += 1 }
            throw Refused()
        }
        let first = await check.outcome()
        let second = await check.outcome()
        #expect(throws: Refused.self) { try first.get() }
        #expect(throws: Refused.self) { try second.get() }
        #expect(counter.count == 1)
    }
}
