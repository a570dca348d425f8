import Foundation
import LenteraCore
import PostgresNIO

extension PostgresStore: JobLeaseRepository {
    public func holdLease(_ job: String, holder: String, for duration: TimeInterval) async throws -> Bool {
        try await transaction { connection in
            // The database's clock sets and judges the expiry: the nodes' clocks may disagree.
            try await connection.row(
                """
                INSERT INTO job_lease (job, holder, expires) VALUES (\(job), \(holder), clock_timestamp() + make_interval(secs => \(duration)))
                ON CONFLICT (job) DO UPDATE SET holder = excluded.holder, expires = excluded.expires
                WHERE job_lease.holder = excluded.holder OR job_lease.expires < clock_timestamp()
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
