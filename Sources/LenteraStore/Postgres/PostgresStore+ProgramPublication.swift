import Foundation
import LenteraCore
import PostgresNIO

// MARK: - Program files published to mirrors, and their tombstones

extension PostgresStore {
    static let programPublicationMigration = (
        name: "v15: program files published to mirrors, and those withdrawn",
        sql: """
            CREATE TABLE published_program (
                file TEXT COLLATE "C" PRIMARY KEY,
                withdrawn_at TIMESTAMPTZ
            )
            """
    )

    public func recordProgramPublication(_ files: Set<String>, present: Set<String>?, at date: Date) async throws
        -> [ContentMirror.ProgramWithdrawal]
    {
        try await transaction { connection in
            for file in files.sorted() {
                try await connection.execute(
                    """
                    INSERT INTO published_program (file, withdrawn_at) VALUES (\(file), NULL)
                    ON CONFLICT (file) DO UPDATE SET withdrawn_at = NULL
                    """,
                    logger: logger
                )
            }
            if let present {
                for row in try await connection.rows("SELECT file FROM published_program WHERE withdrawn_at IS NULL", logger: logger) {
                    let file = try row.value("file", as: String.self)
                    guard !files.contains(file), !present.contains(file) else { continue }
                    try await connection.execute("UPDATE published_program SET withdrawn_at = \(date) WHERE file = \(file)", logger: logger)
                }
            }
            return try await connection.rows(
                "SELECT file, withdrawn_at FROM published_program WHERE withdrawn_at IS NOT NULL ORDER BY file", logger: logger
            ).map { row in
                try ContentMirror.ProgramWithdrawal(file: row.value("file", as: String.self), at: row.value("withdrawn_at", as: Date.self))
            }
        }
    }
}
