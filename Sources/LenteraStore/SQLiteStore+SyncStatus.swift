import Foundation
import GRDB
import LenteraCore

// MARK: - The status of sync jobs, shared by every node

extension SQLiteStore: SyncStatusRepository {
    /// A stored status; nil for a kind or outcome this build does not know.
    static func syncStatus(from row: Row) -> SyncStatus? {
        guard let kind = SyncStatus.Kind(rawValue: row["kind"]), let outcome = SyncStatus.Outcome(rawValue: row["outcome"]) else { return nil }
        return SyncStatus(
            kind: kind, upstream: row["upstream"], node: row["node"], attemptedAt: row["attempted_at"], succeededAt: row["succeeded_at"],
            outcome: outcome, message: row["message"], detail: row["detail"], sent: row["sent"], refused: row["refused"]
        )
    }

    public func saveSyncStatus(_ status: SyncStatus) async throws {
        try await pool.write { db in
            try db.execute(
                sql: """
                    INSERT INTO sync_status (kind, upstream, node, attempted_at, succeeded_at, outcome, message, detail, sent, refused)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    ON CONFLICT (kind, upstream) DO UPDATE SET node = excluded.node, attempted_at = excluded.attempted_at,
                        succeeded_at = excluded.succeeded_at, outcome = excluded.outcome, message = excluded.message, detail = excluded.detail,
                        sent = excluded.sent, refused = excluded.refused
                    """,
                arguments: [
                    status.kind.rawValue, status.upstream, status.node, status.attemptedAt, status.succeededAt, status.outcome.rawValue,
                    status.message, status.detail, status.sent, status.refused,
                ]
            )
        }
    }

    public func syncStatus(_ kind: SyncStatus.Kind, upstream: String) async throws -> SyncStatus? {
        try await pool.read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM sync_status WHERE kind = ? AND upstream = ?", arguments: [kind.rawValue, upstream])
                .flatMap(Self.syncStatus(from:))
        }
    }

    public func syncStatuses() async throws -> [SyncStatus] {
        try await pool.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM sync_status ORDER BY kind, upstream").compactMap(Self.syncStatus(from:))
        }
    }
}
