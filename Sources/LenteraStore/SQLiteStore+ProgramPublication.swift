import Foundation
import GRDB
import LenteraCore

// MARK: - Program files published to mirrors, and their tombstones

extension SQLiteStore {
    static func registerProgramPublicationMigration(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v25: program files published to mirrors, and those withdrawn") { db in
            try db.execute(
                sql: """
                    CREATE TABLE published_program (
                        file TEXT PRIMARY KEY,
                        withdrawn_at DATETIME
                    )
                    """
            )
        }
    }

    public func recordProgramPublication(_ files: Set<String>, present: Set<String>?, at date: Date) async throws
        -> [ContentMirror.ProgramWithdrawal]
    {
        try await pool.write { db in
            for file in files.sorted() {
                try db.execute(
                    sql: "INSERT INTO published_program (file, withdrawn_at) VALUES (?, NULL) ON CONFLICT (file) DO UPDATE SET withdrawn_at = NULL",
                    arguments: [file]
                )
            }
            if let present {
                for file in try String.fetchAll(db, sql: "SELECT file FROM published_program WHERE withdrawn_at IS NULL")
                where !files.contains(file) && !present.contains(file) {
                    try db.execute(sql: "UPDATE published_program SET withdrawn_at = ? WHERE file = ?", arguments: [date, file])
                }
            }
            return try Row.fetchAll(db, sql: "SELECT file, withdrawn_at FROM published_program WHERE withdrawn_at IS NOT NULL ORDER BY file")
                .map { ContentMirror.ProgramWithdrawal(file: $0["file"], at: $0["withdrawn_at"]) }
        }
    }
}
