import Foundation
import LenteraCore
import PostgresNIO

extension PostgresStore: JobLeaseRepository {
    public func holdLease(_ job: String, holder: String, for duration: TimeInterval, at date: Date) async throws -> Bool {
        try await transaction { connection in
            try await connection.row(
                """
                INSERT INTO job_lease (job, holder, expires) VALUES (\(job), \(holder), \(date.addingTimeInterval(duration)))
                ON CONFLICT (job) DO UPDATE SET holder = excluded.holder, expires = excluded.expires
                WHERE job_lease.holder = excluded.holder OR job_lease.expires < \(date)
                RETURNING holder
                """,
                logger: logger
            ) != nil
        }
    }

    public func releaseLease(_ job: String, holder: String) async throws {
        try await execute("DELETE FROM job_lease WHERE job = \(job) AND holder = \(holder)")
    }
}
