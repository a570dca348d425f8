import Foundation
import GRDB
import LenteraCore

// MARK: - Feedback

extension SQLiteStore: FeedbackRepository {
    public func saveFeedback(_ feedback: Feedback) async throws {
        try await pool.write { db in
            try db.execute(
                sql: """
                    INSERT INTO feedback (account_id, course_id, module_id, relevance, comment, created_at) VALUES (?, ?, ?, ?, ?, ?)
                    ON CONFLICT (account_id, course_id, module_id) DO UPDATE SET
                        relevance = excluded.relevance, comment = excluded.comment, created_at = excluded.created_at
                    """,
                arguments: [feedback.accountID, feedback.courseID, feedback.moduleID, feedback.relevance, feedback.comment, feedback.createdAt]
            )
        }
    }

    public func feedbackSummaries(under unit: UnitPath?) async throws -> [FeedbackSummary] {
        try await pool.read { db in
            let key = unit?.storageKey ?? ""
            let rows = try Row.fetchAll(
                db,
                sql: """
                    SELECT feedback.course_id, feedback.module_id, feedback.relevance, feedback.comment FROM feedback
                    JOIN account ON account.id = feedback.account_id
                    WHERE substr(account.unit, 1, length(?1)) = ?1 ORDER BY feedback.course_id, feedback.module_id, feedback.created_at
                    """,
                arguments: [key]
            )
            return FeedbackSummary.summaries(
                of: rows.map { row -> FeedbackSummary.Rating in
                    let courseID: String = row["course_id"]
                    let moduleID: String = row["module_id"]
                    let relevance: Int = row["relevance"]
                    let comment: String = row["comment"]
                    return (courseID, moduleID, relevance, comment)
                }
            )
        }
    }
}

extension SQLiteStore {
    /// The ratings of some courses by learners of a subtree (a program's level 1), ordered as the summaries read them.
    public func feedbackRatings(courseIDs: [String], under unit: UnitPath?) async throws -> [FeedbackSummary.Rating] {
        guard !courseIDs.isEmpty else { return [] }
        let key = unit?.storageKey ?? ""
        let marks = Array(repeating: "?", count: courseIDs.count).joined(separator: ",")
        let arguments = StatementArguments(courseIDs) + [key, key]
        return try await pool.read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT feedback.course_id, feedback.module_id, feedback.relevance, feedback.comment FROM feedback
                    JOIN account ON account.id = feedback.account_id
                    WHERE feedback.course_id IN (\(marks)) AND substr(account.unit, 1, length(?)) = ?
                    ORDER BY feedback.course_id, feedback.module_id, feedback.created_at, feedback.account_id
                    """,
                arguments: arguments
            ).map { row in (row["course_id"], row["module_id"], row["relevance"], row["comment"]) }
        }
    }
}
