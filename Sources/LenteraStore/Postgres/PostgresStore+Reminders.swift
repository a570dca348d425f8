import Foundation
import LenteraCore
import PostgresNIO

// MARK: - Reminder mails of program deadlines

extension PostgresStore: ReminderRepository {
    /// The schema step of SQLite's v26.
    static let reminderMigration = (
        name: "v16: reminders of program deadlines mailed, each once",
        sql: """
            CREATE TABLE reminder_mail (
                account_id BIGINT NOT NULL REFERENCES account(id) ON DELETE CASCADE,
                program_id TEXT COLLATE "C" NOT NULL,
                activity TEXT COLLATE "C" NOT NULL,
                overdue BOOLEAN NOT NULL,
                mailed_at TIMESTAMPTZ NOT NULL,
                PRIMARY KEY (program_id, account_id, activity, overdue)
            )
            """
    )

    public func mailedReminders(programID: String, accountIDs: [Int64]) async throws -> Set<ReminderKey> {
        guard !accountIDs.isEmpty else { return [] }
        var keys: Set<ReminderKey> = []
        for row in try await rows(
            "SELECT account_id, activity, overdue FROM reminder_mail WHERE program_id = \(programID) AND account_id = ANY(\(accountIDs))"
        ) {
            let (account, activity, overdue) = try row.decode((Int64, String, Bool).self)
            keys.insert(ReminderKey(accountID: account, programID: programID, activity: activity, overdue: overdue))
        }
        return keys
    }

    public func recordMailedReminders(_ keys: [ReminderKey], at date: Date) async throws {
        guard !keys.isEmpty else { return }
        try await transaction { connection in
            for key in keys {
                try await connection.execute(
                    """
                    INSERT INTO reminder_mail (account_id, program_id, activity, overdue, mailed_at)
                    VALUES (\(key.accountID), \(key.programID), \(key.activity), \(key.overdue), \(date))
                    ON CONFLICT DO NOTHING
                    """,
                    logger: logger
                )
            }
        }
    }
}
