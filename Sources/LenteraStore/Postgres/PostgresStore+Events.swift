import Foundation
import LenteraCore
import PostgresNIO

// MARK: - Classroom events: registrations, attendance, signing secrets

extension PostgresStore: EventRepository {
    /// The schema step of SQLite's v19.
    static let eventMigration = (
        name: "v9: classroom events' registrations and attendance; the server's signing secrets",
        sql: """
            CREATE TABLE event_registration (
                program_id TEXT COLLATE "C" NOT NULL,
                event_id TEXT COLLATE "C" NOT NULL,
                account_id BIGINT NOT NULL REFERENCES account(id) ON DELETE CASCADE,
                registered_at TIMESTAMPTZ NOT NULL,
                assigned_by TEXT,
                PRIMARY KEY (program_id, event_id, account_id)
            );
            CREATE TABLE event_attendance (
                program_id TEXT COLLATE "C" NOT NULL,
                event_id TEXT COLLATE "C" NOT NULL,
                session BIGINT NOT NULL,
                account_id BIGINT NOT NULL REFERENCES account(id) ON DELETE CASCADE,
                at TIMESTAMPTZ NOT NULL,
                method TEXT NOT NULL,
                evidence TEXT NOT NULL,
                PRIMARY KEY (program_id, event_id, session, account_id)
            );
            CREATE TABLE server_secret (name TEXT COLLATE "C" PRIMARY KEY, value TEXT NOT NULL)
            """
    )

    public func register(_ registration: EventRegistration) async throws -> Bool {
        !(try await rows(
            """
            INSERT INTO event_registration (program_id, event_id, account_id, registered_at, assigned_by)
            VALUES (\(registration.programID), \(registration.eventID), \(registration.accountID), \(registration.registeredAt),
                \(registration.assignedBy))
            ON CONFLICT DO NOTHING RETURNING 1
            """
        ).isEmpty)
    }

    public func cancelRegistration(programID: String, eventID: String, accountID: Int64) async throws -> Bool {
        !(try await rows(
            """
            DELETE FROM event_registration WHERE program_id = \(programID) AND event_id = \(eventID) AND account_id = \(accountID)
            RETURNING 1
            """
        ).isEmpty)
    }

    public func registrations(programID: String, eventID: String) async throws -> [EventRegistration] {
        try await rows(
            """
            SELECT * FROM event_registration WHERE program_id = \(programID) AND event_id = \(eventID) ORDER BY registered_at, account_id
            """
        ).map { row in
            let cells = row.makeRandomAccess()
            return try EventRegistration(
                programID: cells["program_id"].decode(String.self), eventID: cells["event_id"].decode(String.self),
                accountID: cells["account_id"].decode(Int64.self), registeredAt: cells["registered_at"].decode(Date.self),
                assignedBy: cells["assigned_by"].decode(String?.self)
            )
        }
    }

    public func recordAttendance(_ attendance: EventAttendance) async throws -> Bool {
        !(try await rows(
            """
            INSERT INTO event_attendance (program_id, event_id, session, account_id, at, method, evidence)
            VALUES (\(attendance.programID), \(attendance.eventID), \(attendance.session), \(attendance.accountID), \(attendance.at),
                \(attendance.method.rawValue), \(attendance.evidence))
            ON CONFLICT DO NOTHING RETURNING 1
            """
        ).isEmpty)
    }

    public func attendance(programID: String, eventID: String) async throws -> [EventAttendance] {
        try await rows(
            """
            SELECT * FROM event_attendance WHERE program_id = \(programID) AND event_id = \(eventID) ORDER BY session, at, account_id
            """
        ).map { row in
            let cells = row.makeRandomAccess()
            // A method this build does not know is a record it cannot read: an error, never a presence left out.
            guard let method = EventAttendance.Method(rawValue: try cells["method"].decode(String.self)) else { throw StoreError.notFound }
            return try EventAttendance(
                programID: cells["program_id"].decode(String.self), eventID: cells["event_id"].decode(String.self),
                session: cells["session"].decode(Int.self), accountID: cells["account_id"].decode(Int64.self), at: cells["at"].decode(Date.self),
                method: method, evidence: cells["evidence"].decode(String.self)
            )
        }
    }

    public func secret(named name: String, proposed: String) async throws -> String {
        try await execute("INSERT INTO server_secret (name, value) VALUES (\(name), \(proposed)) ON CONFLICT DO NOTHING")
        guard let row = try await rows("SELECT value FROM server_secret WHERE name = \(name)").first else { throw StoreError.notFound }
        return try row.value("value", as: String.self)
    }
}
