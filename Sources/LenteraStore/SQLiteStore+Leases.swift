import Foundation
import GRDB
import LenteraCore

extension SQLiteStore: JobLeaseRepository {
    public func holdLease(_ job: String, holder: String, for duration: TimeInterval) async throws -> Bool {
        try await pool.write { db in
            // Every process that opens the file runs on this machine, so its clock is the database's.
            let date = Date()
            return try Row.fetchOne(
                db,
                sql: """
                    INSERT INTO job_lease (job, holder, expires) VALUES (?, ?, ?)
                    ON CONFLICT (job) DO UPDATE SET holder = excluded.holder, expires = excluded.expires
                    WHERE job_lease.holder = excluded.holder OR job_lease.expires < ?
                    RETURNING holder
                    """,
                arguments: [job, holder, date.addingTimeInterval(duration), date]
            ) != nil
        }
    }

    public func releaseLease(_ job: String, holder: String) async throws {
        try await pool.write { db in try db.execute(sql: "DELETE FROM job_lease WHERE job = ? AND holder = ?", arguments: [job, holder]) }
    }
}
