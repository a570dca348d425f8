import Foundation
import LenteraCore
import Logging
import PostgresNIO

extension PostgresStore: RosterImportRepository {
    static func rosterImport(from row: PostgresRow) throws -> RosterImportRecord {
        try RosterImportRecord(
            id: row.value("id", as: Int64.self), actorID: row.value("actor_id", as: Int64?.self), actorNIP: row.value("actor_nip", as: String.self),
            createdAt: row.value("created_at", as: Date.self),
            state: RosterImportRecord.State(rawValue: row.value("state", as: String.self)) ?? .cancelled, csv: row.value("csv", as: String.self),
            deactivateMissing: row.value("deactivate_missing", as: Bool.self), total: row.value("total", as: Int.self),
            done: row.value("done", as: Int.self)
        )
    }

    /// Keeps an uploaded roster for its preview.
    public func createRosterImport(actor: Account?, csv: String, deactivateMissing: Bool, at date: Date) async throws -> Int64 {
        try await transaction { connection in
            let row = try await connection.row(
                """
                INSERT INTO roster_import (actor_id, actor_nip, created_at, state, csv, deactivate_missing)
                VALUES (\(actor?.id), \(actor?.nip.digits ?? "cli"), \(date), 'previewed', \(csv), \(deactivateMissing)) RETURNING id
                """,
                logger: logger
            )
            guard let id = try row?.value("id", as: Int64.self) else { throw MissingReturnedRow(table: "roster_import") }
            return id
        }
    }

    public func rosterImport(id: Int64) async throws -> RosterImportRecord? {
        try await rows("SELECT * FROM roster_import WHERE id = \(id)").first.map(Self.rosterImport(from:))
    }

    /// The imports an operator has not finished with (previewed, being applied, or with passwords not yet handed
    /// out), newest first: listed on the users page so that none is lost.
    public func openRosterImports(actorID: Int64?) async throws -> [RosterImportRecord] {
        let found: [PostgresRow]
        if let actorID {
            found = try await rows(
                """
                SELECT * FROM roster_import WHERE state IN ('previewed', 'applying', 'applied') AND actor_id = \(actorID)
                ORDER BY id DESC LIMIT 20
                """
            )
        } else {
            found = try await rows("SELECT * FROM roster_import WHERE state IN ('previewed', 'applying', 'applied') ORDER BY id DESC LIMIT 20")
        }
        return try found.map(Self.rosterImport(from:))
    }

    /// Imports being applied (to resume after a restart).
    public func rosterImportsApplying() async throws -> [RosterImportRecord] {
        try await rows("SELECT * FROM roster_import WHERE state = 'applying' ORDER BY id").map(Self.rosterImport(from:))
    }

    /// Fixes the plan to apply: its rows are written once, so a resumed import applies the same rows.
    /// Returns false when the import was not waiting for this (applied or cancelled already, or started twice).
    public func startRosterImport(id: Int64, plan: RosterPlan) async throws -> Bool {
        try await transaction { connection in
            // The import is taken first: a second start at the same moment waits for this one, then finds it applying.
            let taken = try await connection.rows(
                "UPDATE roster_import SET state = 'applying' WHERE id = \(id) AND state = 'previewed' RETURNING id", logger: logger
            )
            guard !taken.isEmpty else { return false }
            var columns = RosterRowColumns()
            let encoder = JSONEncoder()
            for addition in plan.additions {
                try columns.add(.add, addition.line, addition.account.nip, addition.account.name, addition.account.unit, "",
                                encoder.encode(StoredAccount(addition.account)))
            }
            for change in plan.changes {
                try columns.add(.change, change.line, change.account.nip, change.account.name, change.account.unit,
                                change.changes.map(\.description).joined(separator: "; "), encoder.encode(StoredAccount(change.account, changes: change.changes)))
            }
            for change in plan.deactivations {
                try columns.add(.deactivate, 0, change.account.nip, change.account.name, change.account.unit,
                                change.changes.map(\.description).joined(separator: "; "), encoder.encode(StoredAccount(change.account, changes: change.changes)))
            }
            // Many rows per statement: a roster of a whole province is written in a few round trips.
            for start in stride(from: 0, to: columns.seq.count, by: 1000) {
                let part = start..<min(start + 1000, columns.seq.count)
                try await connection.execute(
                    """
                    INSERT INTO roster_import_row (import_id, seq, kind, line, nip, name, unit, detail, payload)
                    SELECT \(id), * FROM unnest(\(Array(columns.seq[part])), \(Array(columns.kind[part])), \(Array(columns.line[part])),
                        \(Array(columns.nip[part])), \(Array(columns.name[part])), \(Array(columns.unit[part])), \(Array(columns.detail[part])),
                        \(Array(columns.payload[part])))
                    """,
                    logger: logger
                )
            }
            try await connection.execute("UPDATE roster_import SET total = \(columns.seq.count) WHERE id = \(id)", logger: logger)
            return true
        }
    }

    /// The next rows still to write.
    public func pendingRosterRows(importID: Int64, limit: Int) async throws -> [(row: RosterImportRow, payload: Data)] {
        try await rows("SELECT * FROM roster_import_row WHERE import_id = \(importID) AND NOT applied ORDER BY seq LIMIT \(limit)").map { row in
            try (row: Self.rosterRow(from: row), payload: Data(row.value("payload", as: ByteBuffer.self).readableBytesView))
        }
    }

    static func rosterRow(from row: PostgresRow) throws -> RosterImportRow {
        try RosterImportRow(
            seq: row.value("seq", as: Int.self), kind: RosterImportRow.Kind(rawValue: row.value("kind", as: String.self)) ?? .change,
            line: row.value("line", as: Int.self), nip: row.value("nip", as: String.self), name: row.value("name", as: String.self),
            unit: row.value("unit", as: String.self), detail: row.value("detail", as: String.self), applied: row.value("applied", as: Bool.self),
            password: row.value("password", as: String?.self)
        )
    }

    /// Writes a batch of rows in one transaction: each new account with its password hash, each changed record,
    /// the audit entries, the rows marked written with the temporary passwords, and the progress. A crash leaves
    /// either the whole batch or none of it, so a resumed import neither repeats a row nor loses a password.
    public func applyRosterRows(
        importID: Int64, rows: [(row: RosterImportRow, payload: Data, password: String?, hash: String?)], actor: String, at date: Date
    ) async throws {
        var attempt = 0
        while true {
            attempt += 1
            do {
                try await applyRosterRowsOnce(importID: importID, rows: rows, actor: actor, at: date)
                return
            } catch where attempt < 5 && Self.sqlState(error) == "23505" {
                // An account with one of these NIPs was created at the same moment (by a node, an operator): read
                // again, its row is skipped as registered since the preview, as after SQLite's single writer.
                continue
            }
        }
    }

    /// One try at `applyRosterRows`.
    private func applyRosterRowsOnce(
        importID: Int64, rows: [(row: RosterImportRow, payload: Data, password: String?, hash: String?)], actor: String, at date: Date
    ) async throws {
        try await transaction { connection in
            let decoder = JSONDecoder()
            for item in rows {
                // A row another node (or an earlier try) applied already is not applied again: the row is locked
                // until this transaction ends, so two nodes cannot both find it pending.
                guard try await connection.row(
                    "SELECT 1 FROM roster_import_row WHERE import_id = \(importID) AND seq = \(item.row.seq) AND NOT applied FOR UPDATE",
                    logger: logger
                ) != nil else { continue }
                let stored = try decoder.decode(StoredAccount.self, from: item.payload)
                switch item.row.kind {
                case .add:
                    // A NIP registered since the preview (by another import, another office, a node) is left as it is:
                    // the import was not planned, nor checked, for that account.
                    if try await connection.row("SELECT id FROM account WHERE nip = \(stored.nip)", logger: logger) != nil {
                        try await connection.execute(
                            """
                            UPDATE roster_import_row SET applied = TRUE, detail = 'NIP terdaftar sejak pratinjau; dilewati'
                            WHERE import_id = \(importID) AND seq = \(item.row.seq) AND NOT applied
                            """,
                            logger: logger
                        )
                        continue
                    }
                    try await connection.execute(
                        """
                        INSERT INTO account (nip, name, unit, position, status, email, role, password_hash, must_change_password, created_at,
                            supervisor_nip)
                        VALUES (\(stored.nip), \(stored.name), \(stored.unit), \(stored.position), \(stored.status), \(stored.email), \(stored.role),
                            \(item.hash ?? "!"), TRUE, \(date), \(stored.supervisor))
                        """,
                        logger: logger
                    )
                    let created = AuditEvent.rosterAddition(
                        subject: stored.nip, unit: UnitPath(storageKey: stored.unit), importID: importID, by: actor, at: date
                    )
                    try await Self.insert([created], connection, logger: logger)
                case .change, .deactivate:
                    let changed = try await connection.rows(
                        """
                        UPDATE account SET name = \(stored.name), unit = \(stored.unit), position = \(stored.position), status = \(stored.status),
                            email = \(stored.email), role = \(stored.role), deactivated_at = \(stored.deactivatedAt),
                            deactivation_reason = \(stored.deactivationReason), supervisor_nip = \(stored.supervisor)
                        WHERE nip = \(stored.nip) AND role = 'learner'
                        RETURNING id
                        """,
                        logger: logger
                    )
                    // An account no longer a learner (made staff since the preview) is not the import's to change.
                    guard let accountID = try changed.first?.value("id", as: Int64.self) else {
                        try await connection.execute(
                            """
                            UPDATE roster_import_row SET applied = TRUE, detail = 'bukan lagi peserta; dilewati'
                            WHERE import_id = \(importID) AND seq = \(item.row.seq) AND NOT applied
                            """,
                            logger: logger
                        )
                        continue
                    }
                    if stored.deactivatedAt != nil {
                        try await connection.execute("DELETE FROM session WHERE account_id = \(accountID)", logger: logger)
                    }
                    try await Self.insert(
                        AuditEvent.rosterChange(
                            stored.changes, detail: item.row.detail, deactivation: item.row.kind == .deactivate, subject: stored.nip,
                            unit: UnitPath(storageKey: stored.unit), importID: importID, by: actor, at: date
                        ),
                        connection, logger: logger
                    )
                }
                try await connection.execute(
                    """
                    UPDATE roster_import_row SET applied = TRUE, password = \(item.password)
                    WHERE import_id = \(importID) AND seq = \(item.row.seq) AND NOT applied
                    """,
                    logger: logger
                )
            }
            try await connection.execute(
                """
                UPDATE roster_import SET done = (SELECT COUNT(*) FROM roster_import_row WHERE import_id = \(importID) AND applied),
                state = CASE WHEN EXISTS (SELECT 1 FROM roster_import_row WHERE import_id = \(importID) AND NOT applied) THEN state ELSE 'applied' END
                WHERE id = \(importID)
                """,
                logger: logger
            )
        }
        // Sessions are read from the database on every request here: no copy of the deleted ones is kept to forget.
    }

    /// The rows of an import, in order (the result page, the passwords CSV and the printable sheet).
    public func rosterRows(importID: Int64) async throws -> [RosterImportRow] {
        try await rows("SELECT * FROM roster_import_row WHERE import_id = \(importID) ORDER BY seq").map(Self.rosterRow(from:))
    }

    /// Marks the temporary passwords handed out, and forgets them.
    public func confirmRosterImport(id: Int64) async throws {
        try await transaction { connection in
            try await connection.execute("UPDATE roster_import_row SET password = NULL WHERE import_id = \(id)", logger: logger)
            try await connection.execute("UPDATE roster_import SET state = 'confirmed' WHERE id = \(id) AND state = 'applied'", logger: logger)
        }
    }

    public func cancelRosterImport(id: Int64) async throws {
        try await transaction { connection in
            try await connection.execute("UPDATE roster_import SET state = 'cancelled' WHERE id = \(id) AND state = 'previewed'", logger: logger)
        }
    }
}

/// The rows of a plan as columns, to insert many at once with `unnest`.
private struct RosterRowColumns {
    var seq: [Int] = []
    var kind: [String] = []
    var line: [Int] = []
    var nip: [String] = []
    var name: [String] = []
    var unit: [String] = []
    var detail: [String] = []
    var payload: [ByteBuffer] = []

    /// Adds the next row (numbered from 1).
    mutating func add(_ kind: RosterImportRow.Kind, _ line: Int, _ nip: NIP, _ name: String, _ unit: UnitPath, _ detail: String, _ payload: Data) {
        seq.append(seq.count + 1)
        self.kind.append(kind.rawValue)
        self.line.append(line)
        self.nip.append(nip.digits)
        self.name.append(name)
        self.unit.append(unit.description)
        self.detail.append(detail)
        self.payload.append(ByteBuffer(bytes: payload))
    }
}

/// An `INSERT ... RETURNING` that returned nothing (which PostgreSQL does not do).
private struct MissingReturnedRow: Error, CustomStringConvertible {
    var table: String
    var description: String { "the insert into \(table) returned no row" }
}
