import Foundation
import GRDB
import LenteraCore

// MARK: - Program follow-ups (evaluation level 3)

extension SQLiteStore: FollowUpRepository {
    static func registerFollowUpMigration(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v22: programs' follow-up answers (evaluation level 3)") { db in
            try db.execute(
                sql: """
                    CREATE TABLE followup_answer (
                        program_id TEXT NOT NULL,
                        account_id INTEGER NOT NULL REFERENCES account(id) ON DELETE CASCADE,
                        respondent TEXT NOT NULL CHECK (respondent IN ('peserta', 'atasan')),
                        respondent_id INTEGER NOT NULL REFERENCES account(id) ON DELETE CASCADE,
                        rating INTEGER NOT NULL CHECK (rating BETWEEN 1 AND 5),
                        comment TEXT NOT NULL,
                        answered_at DATETIME NOT NULL,
                        PRIMARY KEY (program_id, account_id, respondent)
                    )
                    """
            )
        }
    }

    static func registerSupervisorMigration(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v23: accounts name their supervisor (atasan), as the roster gives it") { db in
            try db.execute(
                sql: """
                    ALTER TABLE account ADD COLUMN supervisor_nip TEXT;
                    CREATE INDEX account_supervisor ON account(supervisor_nip) WHERE supervisor_nip IS NOT NULL;
                    """
            )
        }
    }

    public func supervisedLearners(supervisor: NIP) async throws -> [Account] {
        try await pool.read { db in
            try Row.fetchAll(
                db, sql: "SELECT * FROM account WHERE supervisor_nip = ? AND role = 'learner' AND deactivated_at IS NULL ORDER BY name, id",
                arguments: [supervisor.digits]
            ).compactMap(Self.account(from:))
        }
    }

    static func followUp(from row: Row) -> FollowUp {
        FollowUp(
            programID: row["program_id"], accountID: row["account_id"], respondent: FollowUp.Respondent(rawValue: row["respondent"]) ?? .learner,
            respondentID: row["respondent_id"], rating: row["rating"], comment: row["comment"], answeredAt: row["answered_at"]
        )
    }

    public func saveFollowUp(_ answer: FollowUp) async throws {
        try await pool.write { db in
            try db.execute(
                sql: """
                    INSERT INTO followup_answer (program_id, account_id, respondent, respondent_id, rating, comment, answered_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?)
                    ON CONFLICT (program_id, account_id, respondent) DO UPDATE SET
                        respondent_id = excluded.respondent_id, rating = excluded.rating, comment = excluded.comment, answered_at = excluded.answered_at
                    """,
                arguments: [answer.programID, answer.accountID, answer.respondent.rawValue, answer.respondentID, answer.rating, answer.comment,
                            answer.answeredAt]
            )
        }
    }

    public func followUps(programID: String, accountID: Int64) async throws -> [FollowUp] {
        try await pool.read { db in
            try Row.fetchAll(
                db, sql: "SELECT * FROM followup_answer WHERE program_id = ? AND account_id = ? ORDER BY respondent",
                arguments: [programID, accountID]
            ).map(Self.followUp(from:))
        }
    }

    public func followUps(programID: String, under unit: UnitPath?) async throws -> [(unit: UnitPath, answer: FollowUp)] {
        var sql = """
            SELECT followup_answer.*, account.unit AS learner_unit FROM followup_answer JOIN account ON account.id = followup_answer.account_id
            WHERE followup_answer.program_id = ? AND account.role = 'learner' AND account.deactivated_at IS NULL
            """
        var arguments: StatementArguments = [programID]
        if let unit {
            sql += " AND account.unit >= ? AND account.unit < ?"
            arguments += [unit.storageKey, String(unit.storageKey.dropLast()) + "\u{20}"]
        }
        sql += " ORDER BY account.unit, followup_answer.account_id, followup_answer.respondent"
        let query = sql
        let bound = arguments
        return try await pool.read { db in
            try Row.fetchAll(db, sql: query, arguments: bound).map { (UnitPath(storageKey: $0["learner_unit"]), Self.followUp(from: $0)) }
        }
    }
}
