import Foundation
import GRDB
import LenteraCore

// MARK: - Reminder mails of program deadlines

extension SQLiteStore: ReminderRepository {
    static func registerReminderMigration(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v26: reminders of program deadlines mailed, each once") { db in
            try db.execute(
                sql: """
                    CREATE TABLE reminder_mail (
                        account_id INTEGER NOT NULL REFERENCES account(id) ON DELETE CASCADE,
                        program_id TEXT NOT NULL,
                        activity TEXT NOT NULL,
                        overdue INTEGER NOT NULL CHECK (overdue IN (0, 1)),
                        mailed_at DATETIME NOT NULL,
                        PRIMARY KEY (program_id, account_id, activity, overdue)
                    )
                    """
            )
        }
    }

    public func mailedReminders(programID: String, accountIDs: [Int64]) async throws -> Set<ReminderKey> {
        guard !accountIDs.isEmpty else { return [] }
        return try await pool.read { db in
            var keys: Set<ReminderKey> = []
            // In slices well under SQLite's limit of bound values.
            for start in stride(from: 0, to: accountIDs.count, by: 5000) {
                let slice = Array(accountIDs[start..<min(start + 5000, accountIDs.count)])
                let marks = Array(repeating: "?", count: slice.count).joined(separator: ",")
                for row in try Row.fetchAll(
                    db, sql: "SELECT account_id, activity, overdue FROM reminder_mail WHERE program_id = ? AND account_id IN (\(marks))",
                    arguments: StatementArguments([programID]) + StatementArguments(slice)
                ) {
                    keys.insert(ReminderKey(accountID: row["account_id"], programID: programID, activity: row["activity"], overdue: row["overdue"]))
                }
            }
            return keys
        }
    }

    public func recordMailedReminders(_ keys: [ReminderKey], at date: Date) async throws {
        guard !keys.isEmpty else { return }
        try await pool.write { db in
            for key in keys {
                try db.execute(
                    sql: """
                        INSERT INTO reminder_mail (account_id, program_id, activity, overdue, mailed_at) VALUES (?, ?, ?, ?, ?)
                        ON CONFLICT DO NOTHING
                        """,
                    arguments: [key.accountID, key.programID, key.activity, key.overdue, date]
                )
            }
        }
    }
}
