import Foundation
import LenteraCore
import PostgresNIO

// MARK: - Program follow-ups (evaluation level 3)

extension PostgresStore: FollowUpRepository {
    /// The schema step of SQLite's v22.
    static let followUpMigration = (
        name: "v12: programs' follow-up answers (evaluation level 3)",
        sql: """
            CREATE TABLE followup_answer (
                program_id TEXT COLLATE "C" NOT NULL,
                account_id BIGINT NOT NULL REFERENCES account(id) ON DELETE CASCADE,
                respondent TEXT COLLATE "C" NOT NULL CHECK (respondent IN ('peserta', 'atasan')),
                respondent_id BIGINT NOT NULL REFERENCES account(id) ON DELETE CASCADE,
                rating BIGINT NOT NULL CHECK (rating BETWEEN 1 AND 5),
                comment TEXT NOT NULL,
                answered_at TIMESTAMPTZ NOT NULL,
                PRIMARY KEY (program_id, account_id, respondent)
            )
            """
    )

    /// The schema step of SQLite's v23.
    static let supervisorMigration = (
        name: "v13: accounts name their supervisor (atasan), as the roster gives it",
        sql: """
            ALTER TABLE account ADD COLUMN supervisor_nip TEXT COLLATE "C";
            CREATE INDEX account_supervisor ON account(supervisor_nip) WHERE supervisor_nip IS NOT NULL
            """
    )

    public func supervisedLearners(supervisor: NIP) async throws -> [Account] {
        try Self.accounts(from: try await rows(
            """
            SELECT * FROM account WHERE supervisor_nip = \(supervisor.digits) AND role = 'learner' AND deactivated_at IS NULL ORDER BY name, id
            """
        ))
    }

    static func followUp(from cells: PostgresRandomAccessRow) throws -> FollowUp {
        try FollowUp(
            programID: cells["program_id"].decode(String.self), accountID: cells["account_id"].decode(Int64.self),
            respondent: FollowUp.Respondent(rawValue: cells["respondent"].decode(String.self)) ?? .learner,
            respondentID: cells["respondent_id"].decode(Int64.self), rating: cells["rating"].decode(Int.self),
            comment: cells["comment"].decode(String.self), answeredAt: cells["answered_at"].decode(Date.self)
        )
    }

    public func saveFollowUp(_ answer: FollowUp) async throws {
        try await execute(
            """
            INSERT INTO followup_answer (program_id, account_id, respondent, respondent_id, rating, comment, answered_at)
            VALUES (\(answer.programID), \(answer.accountID), \(answer.respondent.rawValue), \(answer.respondentID), \(answer.rating),
                \(answer.comment), \(answer.answeredAt))
            ON CONFLICT (program_id, account_id, respondent) DO UPDATE SET
                respondent_id = excluded.respondent_id, rating = excluded.rating, comment = excluded.comment, answered_at = excluded.answered_at
            """
        )
    }

    public func followUps(programID: String, accountID: Int64) async throws -> [FollowUp] {
        try await rows(
            "SELECT * FROM followup_answer WHERE program_id = \(programID) AND account_id = \(accountID) ORDER BY respondent"
        ).map { try Self.followUp(from: $0.makeRandomAccess()) }
    }

    public func followUps(programID: String, under unit: UnitPath?) async throws -> [(unit: UnitPath, answer: FollowUp)] {
        var sql = SQLBuilder()
        let program = sql.bind(programID)
        sql.append("""
            SELECT followup_answer.*, account.unit AS learner_unit FROM followup_answer JOIN account ON account.id = followup_answer.account_id
            WHERE followup_answer.program_id = \(program) AND account.role = 'learner' AND account.deactivated_at IS NULL
            """)
        let condition = Self.under(unit, column: "account.unit", &sql)
        sql.append(" AND " + condition)
        sql.append(" ORDER BY account.unit, followup_answer.account_id, followup_answer.respondent")
        return try await rows(sql.query).map { row in
            let cells = row.makeRandomAccess()
            return (UnitPath(storageKey: try cells["learner_unit"].decode(String.self)), try Self.followUp(from: cells))
        }
    }
}
