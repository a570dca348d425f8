import Foundation
import GRDB
import LenteraCore

// MARK: - Classroom events: registrations, attendance, signing secrets

extension SQLiteStore: EventRepository {
    static func registerEventMigration(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v19: classroom events' registrations and attendance; the server's signing secrets") { db in
            try db.execute(
                sql: """
                    CREATE TABLE event_registration (
                        program_id TEXT NOT NULL,
                        event_id TEXT NOT NULL,
                        account_id INTEGER NOT NULL REFERENCES account(id) ON DELETE CASCADE,
                        registered_at DATETIME NOT NULL,
                        assigned_by TEXT,
                        PRIMARY KEY (program_id, event_id, account_id)
                    );
                    CREATE TABLE event_attendance (
                        program_id TEXT NOT NULL,
                        event_id TEXT NOT NULL,
                        session INTEGER NOT NULL,
                        account_id INTEGER NOT NULL REFERENCES account(id) ON DELETE CASCADE,
                        at DATETIME NOT NULL,
                        method TEXT NOT NULL,
                        evidence TEXT NOT NULL,
                        PRIMARY KEY (program_id, event_id, session, account_id)
                    );
                    CREATE TABLE server_secret (name TEXT PRIMARY KEY, value TEXT NOT NULL);
                    """
            )
        }
    }

    public func register(_ registration: EventRegistration) async throws -> Bool {
        try await pool.write { db in
            try db.execute(
                sql: """
                    INSERT OR IGNORE INTO event_registration (program_id, event_id, account_id, registered_at, assigned_by)
                    VALUES (?, ?, ?, ?, ?)
                    """,
                arguments: [registration.programID, registration.eventID, registration.accountID, registration.registeredAt, registration.assignedBy]
            )
            return db.changesCount > 0
        }
    }

    public func cancelRegistration(programID: String, eventID: String, accountID: Int64) async throws -> Bool {
        try await pool.write { db in
            try db.execute(
                sql: "DELETE FROM event_registration WHERE program_id = ? AND event_id = ? AND account_id = ?",
                arguments: [programID, eventID, accountID]
            )
            return db.changesCount > 0
        }
    }

    public func registrations(programID: String, eventID: String) async throws -> [EventRegistration] {
        try await pool.read { db in
            try Row.fetchAll(
                db, sql: "SELECT * FROM event_registration WHERE program_id = ? AND event_id = ? ORDER BY registered_at, account_id",
                arguments: [programID, eventID]
            ).map { row in
                EventRegistration(
                    programID: row["program_id"], eventID: row["event_id"], accountID: row["account_id"], registeredAt: row["registered_at"],
                    assignedBy: row["assigned_by"]
                )
            }
        }
    }

    public func recordAttendance(_ attendance: EventAttendance) async throws -> Bool {
        try await pool.write { db in
            try db.execute(
                sql: """
                    INSERT OR IGNORE INTO event_attendance (program_id, event_id, session, account_id, at, method, evidence)
                    VALUES (?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    attendance.programID, attendance.eventID, attendance.session, attendance.accountID, attendance.at, attendance.method.rawValue,
                    attendance.evidence,
                ]
            )
            return db.changesCount > 0
        }
    }

    public func attendance(programID: String, eventID: String) async throws -> [EventAttendance] {
        try await pool.read { db in
            try Row.fetchAll(
                db, sql: "SELECT * FROM event_attendance WHERE program_id = ? AND event_id = ? ORDER BY session, at, account_id",
                arguments: [programID, eventID]
            ).map { row in
                // A method this build does not know is a record it cannot read: an error, never a presence left out.
                guard let method = EventAttendance.Method(rawValue: row["method"]) else { throw StoreError.notFound }
                return EventAttendance(
                    programID: row["program_id"], eventID: row["event_id"], session: row["session"], accountID: row["account_id"], at: row["at"],
                    method: method, evidence: row["evidence"]
                )
            }
        }
    }

    public func secret(named name: String, proposed: String) async throws -> String {
        try await pool.write { db in
            try db.execute(sql: "INSERT OR IGNORE INTO server_secret (name, value) VALUES (?, ?)", arguments: [name, proposed])
            guard let value = try String.fetchOne(db, sql: "SELECT value FROM server_secret WHERE name = ?", arguments: [name]) else {
                throw StoreError.notFound
            }
            return value
        }
    }
}
