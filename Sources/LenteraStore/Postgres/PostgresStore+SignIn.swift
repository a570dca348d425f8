import Foundation
import LenteraCore
import PostgresNIO

extension PostgresStore: SignInThrottleRepository {
    public func beginSignIn(nipKey: String, addressKey: String, limits: SignInLimits, at date: Date) async throws -> TimeInterval? {
        // Attempts on one key wait for each other on an advisory lock (in a fixed order, so two keys cannot deadlock),
        // and each then reads what the one before committed: a morning rush from one office's address queues instead
        // of aborting as serialization failures.
        try await transaction(.readCommitted) { connection in
            for key in [nipKey, addressKey].sorted() {
                try await connection.execute("SELECT pg_advisory_xact_lock(7454385, hashtext(\(key)))", logger: logger)
            }
            let cutoff = date.addingTimeInterval(-limits.window)
            // Old failures of every key go now and then; those of the keys asked about, always.
            if Int.random(in: 0..<100) == 0 { try await connection.execute("DELETE FROM sign_in_failure WHERE at < \(cutoff)", logger: logger) }
            try await connection.execute(
                "DELETE FROM sign_in_failure WHERE key IN (\(nipKey), \(addressKey)) AND at < \(cutoff)", logger: logger
            )
            let rows = try await connection.rows(
                "SELECT key, at FROM sign_in_failure WHERE key IN (\(nipKey), \(addressKey)) ORDER BY at", logger: logger
            )
            var nipFailures: [Date] = []
            var addressFailures: [Date] = []
            for row in rows {
                let (key, at) = try row.decode((String, Date).self)
                if key == nipKey { nipFailures.append(at) }
                if key == addressKey { addressFailures.append(at) }
            }
            if let wait = limits.wait(nipFailures: nipFailures, addressFailures: addressFailures, now: date) { return wait }
            try await connection.execute(
                "INSERT INTO sign_in_failure (key, at) VALUES (\(nipKey), \(date)), (\(addressKey), \(date))", logger: logger
            )
            return nil
        }
    }

    public func signInSucceeded(nipKey: String, addressKey: String) async throws {
        try await transaction(.readCommitted) { connection in
            for key in [nipKey, addressKey].sorted() {
                try await connection.execute("SELECT pg_advisory_xact_lock(7454385, hashtext(\(key)))", logger: logger)
            }
            try await connection.execute("DELETE FROM sign_in_failure WHERE key = \(nipKey)", logger: logger)
            try await connection.execute(
                """
                DELETE FROM sign_in_failure WHERE ctid = (
                    SELECT ctid FROM sign_in_failure WHERE key = \(addressKey) ORDER BY at DESC LIMIT 1)
                """,
                logger: logger
            )
        }
    }
}
