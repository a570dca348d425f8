import Foundation
import GRDB
import LenteraCore

/// A roster import as it goes: previewed, applied in the background row by row, then confirmed once the temporary
/// passwords were handed out (which forgets them).
public struct RosterImportRecord: Sendable, Equatable {
    public enum State: String, Sendable {
        case previewed, applying, applied, confirmed, cancelled
    }

    public var id: Int64
    public var actorID: Int64?
    public var actorNIP: String
    public var createdAt: Date
    public var state: State
    /// The file as uploaded, and whether it is declared complete for its units.
    public var csv: String
    public var deactivateMissing: Bool
    /// Rows of the applied plan, and how many are written.
    public var total: Int
    public var done: Int
}

/// One row of an applied plan: what to write, and once written, the account and (for a new one) its temporary
/// password until the import is confirmed.
public struct RosterImportRow: Sendable, Equatable {
    public enum Kind: String, Sendable { case add, change, deactivate }
    public var seq: Int
    public var kind: Kind
    public var line: Int
    public var nip: String
    public var name: String
    public var unit: String
    public var detail: String
    public var applied: Bool
    public var password: String?
}

extension SQLiteStore {
    static func registerRosterImportMigration(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v12: roster imports previewed, applied in the background, resumable") { db in
            try db.execute(
                sql: """
                    CREATE TABLE roster_import (
                        id INTEGER PRIMARY KEY AUTOINCREMENT,
                        actor_id INTEGER REFERENCES account(id),
                        actor_nip TEXT NOT NULL,
                        created_at DATETIME NOT NULL,
                        state TEXT NOT NULL,
                        csv TEXT NOT NULL,
                        deactivate_missing BOOLEAN NOT NULL,
                        total INTEGER NOT NULL DEFAULT 0,
                        done INTEGER NOT NULL DEFAULT 0
                    );
                    CREATE TABLE roster_import_row (
                        import_id INTEGER NOT NULL REFERENCES roster_import(id) ON DELETE CASCADE,
                        seq INTEGER NOT NULL,
                        kind TEXT NOT NULL,
                        line INTEGER NOT NULL,
                        nip TEXT NOT NULL,
                        name TEXT NOT NULL,
                        unit TEXT NOT NULL,
                        detail TEXT NOT NULL,
                        payload BLOB NOT NULL,
                        applied BOOLEAN NOT NULL DEFAULT 0,
                        password TEXT,
                        PRIMARY KEY (import_id, seq)
                    );
                    CREATE INDEX account_unit_name ON account (unit, name, id);
                    """
            )
        }
    }

    static func rosterImport(from row: Row) -> RosterImportRecord {
        RosterImportRecord(
            id: row["id"], actorID: row["actor_id"], actorNIP: row["actor_nip"], createdAt: row["created_at"],
            state: RosterImportRecord.State(rawValue: row["state"]) ?? .cancelled, csv: row["csv"], deactivateMissing: row["deactivate_missing"],
            total: row["total"], done: row["done"]
        )
    }

    /// Keeps an uploaded roster for its preview.
    public func createRosterImport(actor: Account?, csv: String, deactivateMissing: Bool, at date: Date) async throws -> Int64 {
        try await pool.write { db in
            try db.execute(
                sql: "INSERT INTO roster_import (actor_id, actor_nip, created_at, state, csv, deactivate_missing) VALUES (?, ?, ?, 'previewed', ?, ?)",
                arguments: [actor?.id, actor?.nip.digits ?? "cli", date, csv, deactivateMissing]
            )
            return db.lastInsertedRowID
        }
    }

    public func rosterImport(id: Int64) async throws -> RosterImportRecord? {
        try await pool.read { db in try Row.fetchOne(db, sql: "SELECT * FROM roster_import WHERE id = ?", arguments: [id]).map(Self.rosterImport) }
    }

    /// The imports an operator has not finished with (previewed, being applied, or with passwords not yet handed
    /// out), newest first: listed on the users page so that none is lost.
    public func openRosterImports(actorID: Int64?) async throws -> [RosterImportRecord] {
        try await pool.read { db in
            var sql = "SELECT * FROM roster_import WHERE state IN ('previewed', 'applying', 'applied')"
            var arguments: StatementArguments = []
            if let actorID {
                sql += " AND actor_id = ?"
                arguments += [actorID]
            }
            return try Row.fetchAll(db, sql: sql + " ORDER BY id DESC LIMIT 20", arguments: arguments).map(Self.rosterImport)
        }
    }

    /// Imports being applied (to resume after a restart).
    public func rosterImportsApplying() async throws -> [RosterImportRecord] {
        try await pool.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM roster_import WHERE state = 'applying' ORDER BY id").map(Self.rosterImport)
        }
    }

    /// Fixes the plan to apply: its rows are written once, so a resumed import applies the same rows.
    /// Returns false when the import was not waiting for this (applied or cancelled already, or started twice).
    public func startRosterImport(id: Int64, plan: RosterPlan) async throws -> Bool {
        try await pool.write { db in
            guard try String.fetchOne(db, sql: "SELECT state FROM roster_import WHERE id = ?", arguments: [id]) == "previewed" else { return false }
            let statement = try db.makeStatement(
                sql: "INSERT INTO roster_import_row (import_id, seq, kind, line, nip, name, unit, detail, payload) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"
            )
            var seq = 0
            func add(_ kind: RosterImportRow.Kind, _ line: Int, _ nip: NIP, _ name: String, _ unit: UnitPath, _ detail: String, _ payload: Data) throws {
                seq += 1
                try statement.execute(arguments: [id, seq, kind.rawValue, line, nip.digits, name, unit.description, detail, payload])
            }
            let encoder = JSONEncoder()
            for addition in plan.additions {
                try add(.add, addition.line, addition.account.nip, addition.account.name, addition.account.unit, "",
                        try encoder.encode(StoredAccount(addition.account)))
            }
            for change in plan.changes {
                try add(.change, change.line, change.account.nip, change.account.name, change.account.unit,
                        change.changes.map(\.description).joined(separator: "; "), try encoder.encode(StoredAccount(change.account, changes: change.changes)))
            }
            for change in plan.deactivations {
                try add(.deactivate, 0, change.account.nip, change.account.name, change.account.unit,
                        change.changes.map(\.description).joined(separator: "; "), try encoder.encode(StoredAccount(change.account, changes: change.changes)))
            }
            try db.execute(sql: "UPDATE roster_import SET state = 'applying', total = ? WHERE id = ?", arguments: [seq, id])
            return true
        }
    }

    /// The next rows still to write.
    public func pendingRosterRows(importID: Int64, limit: Int) async throws -> [(row: RosterImportRow, payload: Data)] {
        try await pool.read { db in
            try Row.fetchAll(
                db, sql: "SELECT * FROM roster_import_row WHERE import_id = ? AND applied = 0 ORDER BY seq LIMIT ?", arguments: [importID, limit]
            ).map { (Self.rosterRow(from: $0), $0["payload"]) }
        }
    }

    static func rosterRow(from row: Row) -> RosterImportRow {
        RosterImportRow(
            seq: row["seq"], kind: RosterImportRow.Kind(rawValue: row["kind"]) ?? .change, line: row["line"], nip: row["nip"], name: row["name"],
            unit: row["unit"], detail: row["detail"], applied: row["applied"], password: row["password"]
        )
    }

    /// Writes a batch of rows in one transaction: each new account with its password hash, each changed record,
    /// the audit entries, the rows marked written with the temporary passwords, and the progress. A crash leaves
    /// either the whole batch or none of it, so a resumed import neither repeats a row nor loses a password.
    public func applyRosterRows(
        importID: Int64, rows: [(row: RosterImportRow, payload: Data, password: String?, hash: String?)], actor: String, at date: Date
    ) async throws {
        try await pool.write { db in
            let decoder = JSONDecoder()
            for item in rows {
                // A row another node (or an earlier try) applied already is not applied again.
                guard try Bool.fetchOne(
                    db, sql: "SELECT applied FROM roster_import_row WHERE import_id = ? AND seq = ?", arguments: [importID, item.row.seq]
                ) == false else { continue }
                let stored = try decoder.decode(StoredAccount.self, from: item.payload)
                switch item.row.kind {
                case .add:
                    // A NIP registered since the preview (by another import, another office, a node) is left as it is:
                    // the import was not planned, nor checked, for that account.
                    if try Int64.fetchOne(db, sql: "SELECT id FROM account WHERE nip = ?", arguments: [stored.nip]) != nil {
                        try db.execute(sql: "UPDATE roster_import_row SET applied = 1, detail = 'NIP terdaftar sejak pratinjau; dilewati' "
                                       + "WHERE import_id = ? AND seq = ? AND applied = 0", arguments: [importID, item.row.seq])
                        continue
                    }
                    try db.execute(
                        sql: """
                            INSERT INTO account (nip, name, unit, position, status, email, role, password_hash, must_change_password, created_at,
                                supervisor_nip)
                            VALUES (?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?)
                            """,
                        arguments: [stored.nip, stored.name, stored.unit, stored.position, stored.status, stored.email, stored.role, item.hash ?? "!", date,
                                    stored.supervisor]
                    )
                    try Self.insert(
                        [.rosterAddition(subject: stored.nip, unit: UnitPath(storageKey: stored.unit), importID: importID, by: actor, at: date)], db
                    )
                case .change, .deactivate:
                    try db.execute(
                        sql: """
                            UPDATE account SET name = ?, unit = ?, position = ?, status = ?, email = ?, role = ?, deactivated_at = ?,
                            deactivation_reason = ?, supervisor_nip = ? WHERE nip = ? AND role = 'learner'
                            """,
                        arguments: [stored.name, stored.unit, stored.position, stored.status, stored.email, stored.role, stored.deactivatedAt,
                                    stored.deactivationReason, stored.supervisor, stored.nip]
                    )
                    // An account no longer a learner (made staff since the preview) is not the import's to change.
                    if db.changesCount == 0 {
                        try db.execute(sql: "UPDATE roster_import_row SET applied = 1, detail = 'bukan lagi peserta; dilewati' "
                                       + "WHERE import_id = ? AND seq = ? AND applied = 0", arguments: [importID, item.row.seq])
                        continue
                    }
                    if stored.deactivatedAt != nil {
                        try db.execute(sql: "DELETE FROM session WHERE account_id = (SELECT id FROM account WHERE nip = ?)", arguments: [stored.nip])
                    }
                    try Self.insert(
                        AuditEvent.rosterChange(
                            stored.changes, detail: item.row.detail, deactivation: item.row.kind == .deactivate, subject: stored.nip,
                            unit: UnitPath(storageKey: stored.unit), importID: importID, by: actor, at: date
                        ), db
                    )
                }
                try db.execute(sql: "UPDATE roster_import_row SET applied = 1, password = ? WHERE import_id = ? AND seq = ? AND applied = 0",
                               arguments: [item.password, importID, item.row.seq])
            }
            try db.execute(
                sql: """
                    UPDATE roster_import SET done = (SELECT COUNT(*) FROM roster_import_row WHERE import_id = ?1 AND applied = 1),
                    state = CASE WHEN (SELECT COUNT(*) FROM roster_import_row WHERE import_id = ?1 AND applied = 0) = 0 THEN 'applied' ELSE state END
                    WHERE id = ?1
                    """,
                arguments: [importID]
            )
        }
        forgetSessions { _ in true }
    }

    /// The rows of an import, in order (the result page, the passwords CSV and the printable sheet).
    public func rosterRows(importID: Int64) async throws -> [RosterImportRow] {
        try await pool.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM roster_import_row WHERE import_id = ? ORDER BY seq", arguments: [importID]).map(Self.rosterRow)
        }
    }

    /// Marks the temporary passwords handed out, and forgets them.
    public func confirmRosterImport(id: Int64) async throws {
        try await pool.write { db in
            try db.execute(sql: "UPDATE roster_import_row SET password = NULL WHERE import_id = ?", arguments: [id])
            try db.execute(sql: "UPDATE roster_import SET state = 'confirmed' WHERE id = ? AND state = 'applied'", arguments: [id])
        }
    }

    public func cancelRosterImport(id: Int64) async throws {
        try await pool.write { db in
            try db.execute(sql: "UPDATE roster_import SET state = 'cancelled' WHERE id = ? AND state = 'previewed'", arguments: [id])
        }
    }
}

/// An account's record as a roster row carries it between the plan and the write.
struct StoredAccount: Codable {
    var nip: String
    var name: String
    var unit: String
    var position: String
    var status: String
    var email: String?
    var role: String
    var deactivatedAt: Date?
    var deactivationReason: String?
    /// The supervisor's NIP (nil in a row planned before supervisors were kept: the account had none then).
    var supervisor: String?
    /// What the import changes in the account, for its audit entries (nil in a row planned before they were kept).
    var changes: [AccountRules.FieldChange]?

    init(_ account: NewAccount) {
        (nip, name, unit, position, status, email, role) = (
            account.nip.digits, account.name, account.unit.storageKey, account.position, account.status.rawValue, account.email, account.role.rawValue
        )
        supervisor = account.supervisorNIP?.digits
    }

    init(_ account: Account, changes: [AccountRules.FieldChange]? = nil) {
        (nip, name, unit, position, status, email, role) = (
            account.nip.digits, account.name, account.unit.storageKey, account.position, account.status.rawValue, account.email, account.role.rawValue
        )
        deactivatedAt = account.deactivation?.date
        deactivationReason = account.deactivation?.reason.rawValue
        supervisor = account.supervisorNIP?.digits
        self.changes = changes
    }
}
