import Foundation
import GRDB
import Metrics
import Synchronization

/// Group commit: writes that arrive while a transaction is being written go into the next one together, each in its
/// own savepoint, so one write's failure rolls back only that write. Every caller is answered after the transaction
/// that holds its write has committed, so an acknowledged write is as durable as one written alone.
///
/// When 500 learners start a quiz in the same second, SQLite's single writer otherwise serves them one transaction
/// (and one thread hop) at a time.
final class GroupCommit: Sendable {
    private struct Job: Sendable {
        /// Runs the write in its savepoint and returns how to answer the caller once committed.
        var run: @Sendable (Database) -> @Sendable () -> Void
        var fail: @Sendable (any Error) -> Void
    }

    private let pool: DatabasePool
    private let state = Mutex<(pending: [Job], writing: Bool)>(([], false))


    init(pool: DatabasePool) {
        self.pool = pool
    }

    /// Runs `body` in the next group transaction and returns its result once that transaction committed.
    func write<T: Sendable>(_ body: @escaping @Sendable (Database) throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<T, any Error>) in
            let job = Job(
                run: { db in
                    do {
                        var result: T?
                        try db.inSavepoint {
                            result = try body(db)
                            return .commit
                        }
                        let value = result!
                        return { continuation.resume(returning: value) }
                    } catch {
                        return { continuation.resume(throwing: error) }
                    }
                },
                fail: { continuation.resume(throwing: $0) }
            )
            let start = state.withLock { state -> Bool in
                state.pending.append(job)
                if state.writing { return false }
                state.writing = true
                return true
            }
            if start { Task { await self.drain() } }
        }
    }

    private func drain() async {
        while true {
            let batch = state.withLock { state -> [Job] in
                let batch = state.pending
                state.pending = []
                if batch.isEmpty { state.writing = false }
                return batch
            }
            if batch.isEmpty { return }
            let start = ContinuousClock.now
            defer { WriteMetrics.batch("quiz", size: batch.count, since: start) }
            do {
                let answers = try await pool.write { db in batch.map { $0.run(db) } }
                for answer in answers { answer() }
            } catch {
                for job in batch { job.fail(error) }
            }
        }
    }
}

/// The metrics of batched database writes, by what they write: how many writes each transaction carried (the queue
/// that built up while the previous one was written) and how long it took.
public enum WriteMetrics {
    public static func batch(_ kind: String, size: Int, since start: ContinuousClock.Instant) {
        let elapsed = ContinuousClock.now - start
        Gauge(label: "lentera_db_write_queue_depth", dimensions: [("kind", kind)]).record(size)
        Metrics.Timer(label: "lentera_db_write_duration_seconds", dimensions: [("kind", kind)])
            .recordNanoseconds(elapsed.components.seconds * 1_000_000_000 + elapsed.components.attoseconds / 1_000_000_000)
    }
}
