import Foundation
import LenteraCore
import PostgresNIO

extension PostgresStore: SyncStatusRepository {
    /// A stored status; nil for a kind or outcome this build does not know.
    static func syncStatus(from row: PostgresRow) throws -> SyncStatus? {
        let cells = row.makeRandomAccess()
        guard let kind = SyncStatus.Kind(rawValue: try cells["kind"].decode(String.self)),
            let outcome = SyncStatus.Outcome(rawValue: try cells["outcome"].decode(String.self))
        else { return nil }
        return try SyncStatus(
            kind: kind, upstream: cells["upstream"].decode(String.self), node: cells["node"].decode(String.self),
            attemptedAt: cells["attempted_at"].decode(Date.self), succeededAt: cells["succeeded_at"].decode(Date?.self), outcome: outcome,
            message: cells["message"].decode(String?.self), detail: cells["detail"].decode(String.self), sent: cells["sent"].decode(Int.self),
            refused: cells["refused"].decode(Int.self)
        )
    }

    public func saveSyncStatus(_ status: SyncStatus) async throws {
        try await execute(
            """
            INSERT INTO sync_status (kind, upstream, node, attempted_at, succeeded_at, outcome, message, detail, sent, refused)
            VALUES (\(status.kind.rawValue), \(status.upstream), \(status.node), \(status.attemptedAt), \(status.succeededAt),
                \(status.outcome.rawValue), \(status.message), \(status.detail), \(status.sent), \(status.refused))
            ON CONFLICT (kind, upstream) DO UPDATE SET node = excluded.node, attempted_at = excluded.attempted_at,
                succeeded_at = excluded.succeeded_at, outcome = excluded.outcome, message = excluded.message, detail = excluded.detail,
                sent = excluded.sent, refused = excluded.refused
            """
        )
    }

    public func syncStatus(_ kind: SyncStatus.Kind, upstream: String) async throws -> SyncStatus? {
        try await rows("SELECT * FROM sync_status WHERE kind = \(kind.rawValue) AND upstream = \(upstream)").first.flatMap(Self.syncStatus(from:))
    }

    public func syncStatuses() async throws -> [SyncStatus] {
        // The key columns are COLLATE "C": byte order, as SQLite sorts.
        try await rows("SELECT * FROM sync_status ORDER BY kind, upstream").compactMap(Self.syncStatus(from:))
    }
}
