import Foundation
import LenteraCore
import Logging
import PostgresNIO

// MARK: - Progress

extension PostgresStore: ProgressRepository {
    static func summary(from row: PostgresRow) throws -> ContentSummary {
        let cells = row.makeRandomAccess()
        var summary = try ContentSummary(
            accountID: cells["account_id"].decode(Int64.self), courseID: cells["course_id"].decode(String.self),
            moduleID: cells["module_id"].decode(String.self)
        )
        summary.progress = try cells["progress"].decode(Double.self)
        summary.timeSpent = try cells["time_spent"].decode(Double.self)
        summary.firstAccess = try cells["first_access"].decode(Date?.self)
        summary.lastAccess = try cells["last_access"].decode(Date?.self)
        summary.completedAt = try cells["completed_at"].decode(Date?.self)
        summary.markedDone = try cells["marked_done"].decode(Bool.self)
        summary.lastHeartbeat = try cells["last_heartbeat"].decode(Date?.self)
        return summary
    }

    static func loadSummary(_ connection: PostgresConnection, logger: Logger, accountID: Int64, courseID: String, moduleID: String) async throws
        -> ContentSummary
    {
        try await connection.row(
            "SELECT * FROM content_summary_log WHERE account_id = \(accountID) AND course_id = \(courseID) AND module_id = \(moduleID)",
            logger: logger
        ).map(Self.summary(from:)) ?? ContentSummary(accountID: accountID, courseID: courseID, moduleID: moduleID)
    }

    static func saveSummary(_ connection: PostgresConnection, logger: Logger, _ summary: ContentSummary) async throws {
        try await connection.execute(
            """
            INSERT INTO content_summary_log
                (account_id, course_id, module_id, progress, time_spent, first_access, last_access, completed_at, marked_done,
                 last_heartbeat)
            VALUES (\(summary.accountID), \(summary.courseID), \(summary.moduleID), \(summary.progress), \(summary.timeSpent),
                \(summary.firstAccess), \(summary.lastAccess), \(summary.completedAt), \(summary.markedDone), \(summary.lastHeartbeat))
            ON CONFLICT (account_id, course_id, module_id) DO UPDATE SET
                progress = excluded.progress, time_spent = excluded.time_spent, first_access = excluded.first_access,
                last_access = excluded.last_access, completed_at = excluded.completed_at, marked_done = excluded.marked_done,
                last_heartbeat = excluded.last_heartbeat
            """,
            logger: logger
        )
    }

    public func recordView(accountID: Int64, courseID: String, moduleID: String, rule: CompletionRule, at date: Date) async throws
        -> (ContentSession, ContentSummary)
    {
        try await transaction { connection in
            try await Self.lockProgress(of: [accountID], connection, logger: logger)
            // The same sitting continues its visit (one row per learner, module and sitting, not per page view).
            let latest = try await connection.row(
                """
                SELECT * FROM content_session_log WHERE account_id = \(accountID) AND course_id = \(courseID) AND module_id = \(moduleID)
                ORDER BY "end" DESC LIMIT 1
                """,
                logger: logger
            ).map(Self.session(from:))
            let session: ContentSession
            if let latest, latest.continues(at: date) {
                session = latest
            } else {
                session = ContentSession(
                    id: UUID().uuidString.lowercased(), accountID: accountID, courseID: courseID, moduleID: moduleID, start: date, end: date,
                    timeSpent: 0, lastSequence: 0
                )
                try await connection.execute(
                    """
                    INSERT INTO content_session_log (id, account_id, course_id, module_id, start, "end", time_spent, last_sequence)
                    VALUES (\(session.id), \(accountID), \(courseID), \(moduleID), \(date), \(date), 0, 0)
                    """,
                    logger: logger
                )
            }
            var summary = try await Self.loadSummary(connection, logger: logger, accountID: accountID, courseID: courseID, moduleID: moduleID)
            summary.recordAccess(at: date, rule: rule)
            try await Self.saveSummary(connection, logger: logger, summary)
            return (session, summary)
        }
    }

    static func session(from row: PostgresRow) throws -> ContentSession {
        let cells = row.makeRandomAccess()
        return try ContentSession(
            id: cells["id"].decode(String.self), accountID: cells["account_id"].decode(Int64.self), courseID: cells["course_id"].decode(String.self),
            moduleID: cells["module_id"].decode(String.self), start: cells["start"].decode(Date.self), end: cells["end"].decode(Date.self),
            timeSpent: cells["time_spent"].decode(Double.self), lastSequence: cells["last_sequence"].decode(Int.self)
        )
    }

    public func recordHeartbeat(
        sessionID: String, accountID: Int64, sequence: Int, at date: Date,
        rule: @escaping @Sendable (_ courseID: String, _ moduleID: String) -> CompletionRule
    ) async throws -> ContentSummary? {
        try await recordHeartbeats([HeartbeatRequest(sessionID: sessionID, accountID: accountID, sequence: sequence, date: date)], rule: rule)[0]
    }

    public func recordHeartbeats(
        _ beats: [HeartbeatRequest], rule: @escaping @Sendable (_ courseID: String, _ moduleID: String) -> CompletionRule
    ) async throws -> [ContentSummary?] {
        // A batch is split by learner over several connections at once, each part in its own transaction: a
        // learner's beats stay in one part, in order, and each part first takes its learners' progress locks, so
        // parts never touch the same rows, and each statement reads what committed before it (READ COMMITTED).
        let parts = Dictionary(grouping: beats.indices) { Int(beats[$0].accountID % Int64(Self.heartbeatParts)) }
        let applied = try await withThrowingTaskGroup(of: [(Int, ContentSummary?)].self) { group in
            for indices in parts.values {
                group.addTask {
                    try await self.transaction(.readCommitted) { connection in
                        try await Self.lockProgress(of: indices.map { beats[$0].accountID }, connection, logger: self.logger)
                        var results: [(Int, ContentSummary?)] = []
                        for index in indices {
                            results.append((index, try await Self.applyHeartbeat(connection, logger: self.logger, beats[index], rule: rule)))
                        }
                        return results
                    }
                }
            }
            return try await group.reduce(into: [Int: ContentSummary?]()) { all, part in for (index, summary) in part { all[index] = summary } }
        }
        return beats.indices.map { applied[$0] ?? nil }
    }

    /// Connections a batch of heartbeats is spread over.
    static let heartbeatParts = 8

    /// Takes the progress locks of learners (in order, so two transactions cannot deadlock) until the transaction
    /// ends: every write to a learner's visits and summaries takes it first, so heartbeats, page views and marks of
    /// one learner follow each other whichever node they reach.
    static func lockProgress(of accounts: [Int64], _ connection: PostgresConnection, logger: Logger) async throws {
        for account in Set(accounts).sorted() {
            try await connection.execute("SELECT pg_advisory_xact_lock(7454386, \(Int32(truncatingIfNeeded: account % 2_147_483_647)))", logger: logger)
        }
    }

    /// Applies one heartbeat in two round trips: one read (the visit, its summary and the learner's last credited
    /// heartbeat) and one write (the visit and the summary, in one statement).
    static func applyHeartbeat(
        _ connection: PostgresConnection, logger: Logger, _ beat: HeartbeatRequest,
        rule: (_ courseID: String, _ moduleID: String) -> CompletionRule
    ) async throws -> ContentSummary? {
        let (sessionID, accountID, sequence, date) = (beat.sessionID, beat.accountID, beat.sequence, beat.date)
        guard
            let row = try await connection.row(
                """
                SELECT s.id, s.account_id, s.course_id, s.module_id, s.start, s."end", s.time_spent, s.last_sequence,
                    su.account_id IS NOT NULL AS has_summary, su.progress, su.time_spent AS summary_time, su.first_access, su.last_access,
                    su.completed_at, su.marked_done, su.last_heartbeat,
                    (SELECT max(last_heartbeat) FROM content_summary_log WHERE account_id = s.account_id) AS learner_last
                FROM content_session_log s
                LEFT JOIN content_summary_log su ON su.account_id = s.account_id AND su.course_id = s.course_id AND su.module_id = s.module_id
                WHERE s.id = \(sessionID) AND s.account_id = \(accountID)
                """,
                logger: logger
            )
        else { return nil }
        let session = try Self.session(from: row)
        let cells = row.makeRandomAccess()
        var summary = ContentSummary(accountID: accountID, courseID: session.courseID, moduleID: session.moduleID)
        if try cells["has_summary"].decode(Bool.self) {
            summary.progress = try cells["progress"].decode(Double.self)
            summary.timeSpent = try cells["summary_time"].decode(Double.self)
            summary.firstAccess = try cells["first_access"].decode(Date?.self)
            summary.lastAccess = try cells["last_access"].decode(Date?.self)
            summary.completedAt = try cells["completed_at"].decode(Date?.self)
            summary.markedDone = try cells["marked_done"].decode(Bool.self)
            summary.lastHeartbeat = try cells["last_heartbeat"].decode(Date?.self)
        }
        // The rule (Heartbeat.apply) decides what counts; the store writes what changed.
        guard let applied = Heartbeat.apply(
            sequence: sequence, at: date, session: session, summary: summary, rule: rule(session.courseID, session.moduleID),
            learnerLastCredited: try cells["learner_last"].decode(Date?.self)
        ) else { return summary }
        let visit = applied.session
        let new = applied.summary
        // Most heartbeats change only time: the whole summary row is written only when something else moved.
        if new.isComplete != summary.isComplete || new.progress < 1 {
            try await connection.execute(
                """
                WITH visit AS (
                    UPDATE content_session_log SET "end" = \(visit.end), time_spent = \(visit.timeSpent), last_sequence = \(visit.lastSequence)
                    WHERE id = \(sessionID))
                INSERT INTO content_summary_log
                    (account_id, course_id, module_id, progress, time_spent, first_access, last_access, completed_at, marked_done,
                     last_heartbeat)
                VALUES (\(new.accountID), \(new.courseID), \(new.moduleID), \(new.progress), \(new.timeSpent), \(new.firstAccess),
                    \(new.lastAccess), \(new.completedAt), \(new.markedDone), \(new.lastHeartbeat))
                ON CONFLICT (account_id, course_id, module_id) DO UPDATE SET
                    progress = excluded.progress, time_spent = excluded.time_spent, first_access = excluded.first_access,
                    last_access = excluded.last_access, completed_at = excluded.completed_at, marked_done = excluded.marked_done,
                    last_heartbeat = excluded.last_heartbeat
                """,
                logger: logger
            )
        } else {
            try await connection.execute(
                """
                WITH visit AS (
                    UPDATE content_session_log SET "end" = \(visit.end), time_spent = \(visit.timeSpent), last_sequence = \(visit.lastSequence)
                    WHERE id = \(sessionID))
                UPDATE content_summary_log SET time_spent = \(new.timeSpent), last_heartbeat = \(new.lastHeartbeat)
                WHERE account_id = \(accountID) AND course_id = \(session.courseID) AND module_id = \(session.moduleID)
                """,
                logger: logger
            )
        }
        return new
    }

    public func markDone(accountID: Int64, courseID: String, moduleID: String, rule: CompletionRule, at date: Date) async throws
        -> ContentSummary
    {
        try await transaction { connection in
            try await Self.lockProgress(of: [accountID], connection, logger: logger)
            var summary = try await Self.loadSummary(connection, logger: logger, accountID: accountID, courseID: courseID, moduleID: moduleID)
            summary.markDone(at: date, rule: rule)
            try await Self.saveSummary(connection, logger: logger, summary)
            return summary
        }
    }

    public func summaries(accountID: Int64, courseID: String) async throws -> [String: ContentSummary] {
        let found = try await rows("SELECT * FROM content_summary_log WHERE account_id = \(accountID) AND course_id = \(courseID)")
            .map(Self.summary(from:))
        return Dictionary(found.map { ($0.moduleID, $0) }, uniquingKeysWith: { first, _ in first })
    }

    public func learnersStarted(under unit: UnitPath?) async throws -> [String: Set<Int64>] {
        var sql = SQLBuilder()
        let condition = Self.under(unit, column: "account.unit", &sql)
        sql.append(
            """
            SELECT DISTINCT content_summary_log.course_id, content_summary_log.account_id FROM content_summary_log
            JOIN account ON account.id = content_summary_log.account_id
            WHERE \(condition)
            """
        )
        var result: [String: Set<Int64>] = [:]
        for row in try await rows(sql.query) {
            let (courseID, accountID) = try row.decode((String, Int64).self)
            result[courseID, default: []].insert(accountID)
        }
        return result
    }

    public func recentSummaries(accountID: Int64) async throws -> [ContentSummary] {
        // SQLite sorts a missing last access last; PostgreSQL would sort it first unless told.
        try await rows(
            """
            SELECT * FROM content_summary_log WHERE account_id = \(accountID)
            ORDER BY last_access DESC NULLS LAST, course_id, module_id
            """
        ).map(Self.summary(from:))
    }
}

// MARK: - Ledger

extension PostgresStore: LedgerRepository {
    static func entry(from row: PostgresRow) throws -> LedgerEntry {
        let cells = row.makeRandomAccess()
        var entry = try LedgerEntry(
            accountID: cells["account_id"].decode(Int64.self), courseID: cells["course_id"].decode(String.self),
            courseTitle: cells["course_title"].decode(String.self), courseVersion: cells["course_version"].decode(String.self),
            year: cells["year"].decode(Int.self), jp: JP(hundredths: cells["jp_hundredths"].decode(Int.self)),
            startedAt: cells["started_at"].decode(Date.self), completedAt: cells["completed_at"].decode(Date.self),
            score: cells["score"].decode(Int.self), certificateNumber: cells["certificate_number"].decode(String.self)
        )
        entry.contentDigest = try cells["content_digest"].decode(String?.self)
        return entry
    }

    public func credit(_ entry: LedgerEntry) async throws -> LedgerEntry {
        try await transaction { connection in
            let inserted = try await connection.rows(
                """
                INSERT INTO ledger_entry (account_id, course_id, course_title, course_version, content_digest, year,
                    jp_hundredths, started_at, completed_at, score, certificate_number)
                VALUES (\(entry.accountID), \(entry.courseID), \(entry.courseTitle), \(entry.courseVersion), \(entry.contentDigest),
                    \(entry.year), \(entry.jp.hundredths), \(entry.startedAt), \(entry.completedAt), \(entry.score), \(entry.certificateNumber))
                ON CONFLICT (account_id, course_id, course_version) DO NOTHING
                RETURNING account_id
                """,
                logger: logger
            )
            if !inserted.isEmpty { return entry }
            // Credited before: the stored entry stands. (A conflict with a credit not yet visible to this transaction
            // is a serialization failure, retried, so the row is there.)
            guard
                let existing = try await connection.row(
                    """
                    SELECT * FROM ledger_entry
                    WHERE account_id = \(entry.accountID) AND course_id = \(entry.courseID) AND course_version = \(entry.courseVersion)
                    """,
                    logger: logger
                )
            else { throw StoreError.notFound }
            return try Self.entry(from: existing)
        }
    }

    public func entries(accountID: Int64) async throws -> [LedgerEntry] {
        try await rows(
            "SELECT * FROM ledger_entry WHERE account_id = \(accountID) ORDER BY completed_at DESC, course_id, course_version"
        ).map(Self.entry(from:))
    }

    public func entry(certificateNumber: String) async throws -> LedgerEntry? {
        try await rows("SELECT * FROM ledger_entry WHERE certificate_number = \(certificateNumber)").first.map(Self.entry(from:))
    }

    public func entries(year: Int, under unit: UnitPath?) async throws -> [LedgerEntry] {
        var sql = SQLBuilder()
        let yearParameter = sql.bind(year)
        let condition = Self.under(unit, column: "account.unit", &sql)
        sql.append(
            """
            SELECT ledger_entry.* FROM ledger_entry JOIN account ON account.id = ledger_entry.account_id
            WHERE ledger_entry.year = \(yearParameter) AND \(condition)
            ORDER BY ledger_entry.completed_at, ledger_entry.account_id, ledger_entry.course_id, ledger_entry.course_version
            """
        )
        return try await rows(sql.query).map(Self.entry(from:))
    }
}

// MARK: - Feedback

extension PostgresStore: FeedbackRepository {
    public func saveFeedback(_ feedback: Feedback) async throws {
        try await transaction { connection in
            try await connection.execute(
                """
                INSERT INTO feedback (account_id, course_id, module_id, relevance, comment, created_at)
                VALUES (\(feedback.accountID), \(feedback.courseID), \(feedback.moduleID), \(feedback.relevance), \(feedback.comment),
                    \(feedback.createdAt))
                ON CONFLICT (account_id, course_id, module_id) DO UPDATE SET
                    relevance = excluded.relevance, comment = excluded.comment, created_at = excluded.created_at
                """,
                logger: logger
            )
        }
    }

    public func feedbackSummaries(under unit: UnitPath?) async throws -> [FeedbackSummary] {
        var sql = SQLBuilder()
        let condition = Self.under(unit, column: "account.unit", &sql)
        sql.append(
            """
            SELECT feedback.course_id, feedback.module_id, feedback.relevance, feedback.comment FROM feedback
            JOIN account ON account.id = feedback.account_id
            WHERE \(condition) ORDER BY feedback.course_id, feedback.module_id, feedback.created_at, feedback.account_id
            """
        )
        // The mean is folded in the same order and arithmetic as in SQLite (FeedbackSummary.summaries), so both
        // stores report the same Double.
        let ratings = try await rows(sql.query).map { row -> FeedbackSummary.Rating in
            let (courseID, moduleID, relevance, comment) = try row.decode((String, String, Int, String).self)
            return (courseID, moduleID, relevance, comment)
        }
        return FeedbackSummary.summaries(of: ratings)
    }
}
