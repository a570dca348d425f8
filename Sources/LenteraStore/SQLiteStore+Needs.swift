import Foundation
import GRDB
import LenteraCore

// MARK: - Needs surveys (analisis kebutuhan)

extension SQLiteStore: NeedsSurveyRepository {
    static func registerNeedsMigration(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v20: needs surveys and learners' self-assessed competency levels") { db in
            try db.execute(
                sql: """
                    CREATE TABLE needs_survey (
                        id INTEGER PRIMARY KEY AUTOINCREMENT,
                        title TEXT NOT NULL,
                        unit TEXT NOT NULL,
                        opened_by TEXT NOT NULL,
                        opened_at DATETIME NOT NULL,
                        closes_at DATETIME NOT NULL
                    );
                    CREATE TABLE needs_answer (
                        survey_id INTEGER NOT NULL REFERENCES needs_survey(id) ON DELETE CASCADE,
                        account_id INTEGER NOT NULL REFERENCES account(id) ON DELETE CASCADE,
                        competency_id TEXT NOT NULL,
                        level INTEGER NOT NULL CHECK (level BETWEEN 1 AND 5),
                        answered_at DATETIME NOT NULL,
                        PRIMARY KEY (survey_id, account_id, competency_id)
                    );
                    """
            )
        }
    }

    static func registerEventOutboxMigration(_ migrator: inout DatabaseMigrator) {
        // A classroom event's credit (`acara:PROGRAM/EVENT`) is this server's own: an upstream does not know its
        // programs and would refuse the whole batch, stopping every later completion. It stays off the outbox.
        migrator.registerMigration("v21: classroom events' credits are not reported upward") { db in
            try db.execute(
                sql: """
                    DROP TRIGGER outbox_course;
                    CREATE TRIGGER outbox_course AFTER INSERT ON ledger_entry WHEN NEW.course_id NOT LIKE 'acara:%' BEGIN
                        INSERT INTO sync_outbox (kind, account_id, course_id, course_version, at)
                        VALUES ('course', NEW.account_id, NEW.course_id, NEW.course_version, NEW.completed_at);
                    END;
                    DELETE FROM sync_outbox WHERE kind = 'course' AND course_id LIKE 'acara:%';
                    """
            )
        }
    }

    static func registerSupervisorAssessmentMigration(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v24: supervisors' assessments of their staff in needs surveys") { db in
            try db.execute(
                sql: """
                    CREATE TABLE needs_supervisor_answer (
                        survey_id INTEGER NOT NULL REFERENCES needs_survey(id) ON DELETE CASCADE,
                        account_id INTEGER NOT NULL REFERENCES account(id) ON DELETE CASCADE,
                        competency_id TEXT NOT NULL,
                        level INTEGER NOT NULL CHECK (level BETWEEN 1 AND 5),
                        supervisor_id INTEGER NOT NULL REFERENCES account(id) ON DELETE CASCADE,
                        answered_at DATETIME NOT NULL,
                        PRIMARY KEY (survey_id, account_id, competency_id)
                    )
                    """
            )
        }
    }

    public func saveSupervisorAnswers(surveyID: Int64, accountID: Int64, supervisorID: Int64, _ answers: [SelfAssessment]) async throws {
        try await pool.write { db in
            try db.execute(sql: "DELETE FROM needs_supervisor_answer WHERE survey_id = ? AND account_id = ?", arguments: [surveyID, accountID])
            for answer in answers {
                try db.execute(
                    sql: """
                        INSERT INTO needs_supervisor_answer (survey_id, account_id, competency_id, level, supervisor_id, answered_at)
                        VALUES (?, ?, ?, ?, ?, ?)
                        """,
                    arguments: [surveyID, accountID, answer.competencyID, answer.level, supervisorID, answer.answeredAt]
                )
            }
        }
    }

    public func supervisorAnswers(surveyID: Int64, accountID: Int64, supervisorID: Int64) async throws -> [SelfAssessment] {
        try await pool.read { db in
            try Row.fetchAll(
                db, sql: """
                    SELECT * FROM needs_supervisor_answer WHERE survey_id = ? AND account_id = ? AND supervisor_id = ? ORDER BY competency_id
                    """, arguments: [surveyID, accountID, supervisorID]
            ).map { row in
                SelfAssessment(surveyID: row["survey_id"], accountID: row["account_id"], competencyID: row["competency_id"], level: row["level"],
                               answeredAt: row["answered_at"])
            }
        }
    }

    public func supervisorTotals(surveyID: Int64, under unit: UnitPath) async throws -> [NeedsAnalysis.AnswerTotal] {
        let low = unit.storageKey
        let high = String(low.dropLast()) + "\u{20}"
        return try await pool.read { db in
            try Row.fetchAll(
                db, sql: """
                    SELECT account.position AS position, answer.competency_id AS competency, SUM(answer.level) AS total, COUNT(*) AS answers
                    FROM needs_supervisor_answer AS answer JOIN account ON account.id = answer.account_id
                    WHERE answer.survey_id = ? AND account.unit >= ? AND account.unit < ? AND account.role = 'learner'
                        AND account.deactivated_at IS NULL
                    GROUP BY account.position, answer.competency_id ORDER BY account.position, answer.competency_id
                    """, arguments: [surveyID, low, high]
            ).map { NeedsAnalysis.AnswerTotal(position: $0["position"], competencyID: $0["competency"], sum: $0["total"], count: $0["answers"]) }
        }
    }

    static func survey(from row: Row) -> NeedsSurvey {
        NeedsSurvey(
            id: row["id"], title: row["title"], unit: UnitPath(storageKey: row["unit"]), openedBy: row["opened_by"], openedAt: row["opened_at"],
            closesAt: row["closes_at"]
        )
    }

    public func openSurvey(title: String, unit: UnitPath, openedBy: String, at date: Date, closesAt: Date) async throws -> NeedsSurvey {
        try await pool.write { db in
            try db.execute(
                sql: "INSERT INTO needs_survey (title, unit, opened_by, opened_at, closes_at) VALUES (?, ?, ?, ?, ?)",
                arguments: [title, unit.storageKey, openedBy, date, closesAt]
            )
            return NeedsSurvey(id: db.lastInsertedRowID, title: title, unit: unit, openedBy: openedBy, openedAt: date, closesAt: closesAt)
        }
    }

    public func survey(id: Int64) async throws -> NeedsSurvey? {
        try await pool.read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM needs_survey WHERE id = ?", arguments: [id]).map(Self.survey(from:))
        }
    }

    public func surveys(under unit: UnitPath?) async throws -> [NeedsSurvey] {
        try await pool.read { db in
            guard let unit else {
                return try Row.fetchAll(db, sql: "SELECT * FROM needs_survey ORDER BY opened_at DESC, id DESC").map(Self.survey(from:))
            }
            return try Row.fetchAll(
                db, sql: "SELECT * FROM needs_survey WHERE substr(unit, 1, length(?)) = ? ORDER BY opened_at DESC, id DESC",
                arguments: [unit.storageKey, unit.storageKey]
            ).map(Self.survey(from:))
        }
    }

    public func openSurveys(for unit: UnitPath, at date: Date) async throws -> [NeedsSurvey] {
        // The unit and every unit above it: their stored keys are the prefixes of this one's.
        var keys: [String] = []
        var path: UnitPath? = unit
        while let current = path {
            keys.append(current.storageKey)
            path = current.parent
        }
        let marks = Array(repeating: "?", count: keys.count).joined(separator: ",")
        let arguments = StatementArguments(keys) + [date, date]
        return try await pool.read { db in
            try Row.fetchAll(
                db, sql: "SELECT * FROM needs_survey WHERE unit IN (\(marks)) AND opened_at <= ? AND closes_at > ? ORDER BY opened_at DESC, id DESC",
                arguments: arguments
            ).map(Self.survey(from:))
        }
    }

    public func closeSurvey(id: Int64, at date: Date) async throws {
        try await pool.write { db in
            try db.execute(sql: "UPDATE needs_survey SET closes_at = ? WHERE id = ? AND closes_at > ?", arguments: [date, id, date])
        }
    }

    public func saveAnswers(surveyID: Int64, accountID: Int64, _ answers: [SelfAssessment]) async throws {
        try await pool.write { db in
            try db.execute(sql: "DELETE FROM needs_answer WHERE survey_id = ? AND account_id = ?", arguments: [surveyID, accountID])
            for answer in answers {
                try db.execute(
                    sql: "INSERT INTO needs_answer (survey_id, account_id, competency_id, level, answered_at) VALUES (?, ?, ?, ?, ?)",
                    arguments: [surveyID, accountID, answer.competencyID, answer.level, answer.answeredAt]
                )
            }
        }
    }

    public func answers(surveyID: Int64, accountID: Int64?) async throws -> [SelfAssessment] {
        // Two statements, so that one learner's answers are read by the key (survey, account), never by a scan.
        let (sql, arguments): (String, StatementArguments) = accountID.map {
            ("SELECT * FROM needs_answer WHERE survey_id = ? AND account_id = ? ORDER BY competency_id", [surveyID, $0])
        } ?? ("SELECT * FROM needs_answer WHERE survey_id = ? ORDER BY account_id, competency_id", [surveyID])
        return try await pool.read { db in
            try Row.fetchAll(db, sql: sql, arguments: arguments).map { row in
                SelfAssessment(surveyID: row["survey_id"], accountID: row["account_id"], competencyID: row["competency_id"], level: row["level"],
                               answeredAt: row["answered_at"])
            }
        }
    }

    public func answeredSurveys(_ surveyIDs: [Int64], accountID: Int64) async throws -> Set<Int64> {
        guard !surveyIDs.isEmpty else { return [] }
        let marks = Array(repeating: "?", count: surveyIDs.count).joined(separator: ",")
        let arguments = StatementArguments(surveyIDs) + [accountID]
        return try await pool.read { db in
            Set(try Int64.fetchAll(db, sql: "SELECT DISTINCT survey_id FROM needs_answer WHERE survey_id IN (\(marks)) AND account_id = ?", arguments: arguments))
        }
    }

    public func needsTotals(surveyID: Int64, under unit: UnitPath) async throws
        -> (staff: [NeedsAnalysis.StaffCount], answers: [NeedsAnalysis.AnswerTotal], respondents: Int)
    {
        let low = unit.storageKey
        let high = String(low.dropLast()) + "\u{20}"
        return try await pool.read { db in
            let staff = try Row.fetchAll(
                db, sql: """
                    SELECT position, COUNT(*) AS staff FROM account
                    WHERE unit >= ? AND unit < ? AND role = 'learner' AND deactivated_at IS NULL GROUP BY position ORDER BY position
                    """, arguments: [low, high]
            ).map { NeedsAnalysis.StaffCount(position: $0["position"], count: $0["staff"]) }
            let answered = """
                FROM needs_answer JOIN account ON account.id = needs_answer.account_id
                WHERE needs_answer.survey_id = ? AND account.unit >= ? AND account.unit < ? AND account.role = 'learner'
                    AND account.deactivated_at IS NULL
                """
            let answers = try Row.fetchAll(
                db, sql: """
                    SELECT account.position AS position, needs_answer.competency_id AS competency, SUM(needs_answer.level) AS total, COUNT(*) AS answers
                    \(answered) GROUP BY account.position, needs_answer.competency_id ORDER BY account.position, needs_answer.competency_id
                    """, arguments: [surveyID, low, high]
            ).map { NeedsAnalysis.AnswerTotal(position: $0["position"], competencyID: $0["competency"], sum: $0["total"], count: $0["answers"]) }
            let respondents = try Int.fetchOne(db, sql: "SELECT COUNT(DISTINCT needs_answer.account_id) \(answered)", arguments: [surveyID, low, high]) ?? 0
            return (staff, answers, respondents)
        }
    }
}
