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

    public func visitModule(accountID: Int64, courseID: String, moduleID: String, rule: CompletionRule, at date: Date) async throws
        -> ModuleVisit
    {
        // A page read again in the same sitting, a minute after the last recorded view, changes nothing: reads answer.
        if let latest = try await rows(
            """
            SELECT * FROM content_session_log WHERE account_id = \(accountID) AND course_id = \(courseID) AND module_id = \(moduleID)
            ORDER BY "end" DESC LIMIT 1
            """
        ).first.map(Self.session(from:)), latest.continues(at: date) {
            let summary = try await rows(
                "SELECT * FROM content_summary_log WHERE account_id = \(accountID) AND course_id = \(courseID) AND module_id = \(moduleID)"
            ).first.map(Self.summary(from:)) ?? ContentSummary(accountID: accountID, courseID: courseID, moduleID: moduleID)
            if ModuleVisit.needsNoWrite(session: latest, summary: summary, at: date, rule: rule) {
                return ModuleVisit(
                    session: latest, summary: summary, recorded: false, courseEntries: try await courseEntries(accountID: accountID, courseID: courseID)
                )
            }
        }
        return try await transaction { connection in
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
            let entries = try await connection.rows(
                "SELECT * FROM ledger_entry WHERE account_id = \(accountID) AND course_id = \(courseID) ORDER BY completed_at DESC, course_version",
                logger: logger
            ).map(Self.entry(from:))
            return ModuleVisit(session: session, summary: summary, recorded: true, courseEntries: entries)
        }
    }

    /// A learner's ledger entries of one course, every version.
    func courseEntries(accountID: Int64, courseID: String) async throws -> [LedgerEntry] {
        try await rows(
            "SELECT * FROM ledger_entry WHERE account_id = \(accountID) AND course_id = \(courseID) ORDER BY completed_at DESC, course_version"
        ).map(Self.entry(from:))
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
        // A batch is split by learner over a few connections at once, each part in transactions of four statements
        // (its learners' progress locks, one read, one write, the commit) of at most ``heartbeatChunk`` beats: a
        // learner's beats stay in one part, in order, and the locks keep parts and other writers off each other's rows,
        // so each statement reads what committed before it (READ COMMITTED). A bounded transaction takes a bounded
        // number of locks, however long the queue grew while the database was slow.
        let parts = Dictionary(grouping: beats.indices) { Int(beats[$0].accountID % Int64(Self.heartbeatParts)) }
        let applied = await withTaskGroup(of: [(Int, Result<ContentSummary?, any Error>)].self) { group in
            for indices in parts.values {
                group.addTask {
                    var results: [(Int, Result<ContentSummary?, any Error>)] = []
                    for chunk in Self.chunks(indices, of: beats) {
                        let part = chunk.map { beats[$0] }
                        do {
                            let summaries = try await self.transaction(.readCommitted) { connection in
                                try await Self.lockProgress(of: part.map(\.accountID), connection, logger: self.logger)
                                return try await Self.applyHeartbeats(connection, logger: self.logger, part, rule: rule)
                            }
                            results += zip(chunk, summaries.map { Result.success($0) })
                        } catch {
                            results += chunk.map { ($0, Result.failure(error)) }
                        }
                    }
                    return results
                }
            }
            return await group.reduce(into: [Int: Result<ContentSummary?, any Error>]()) { all, part in
                for (index, result) in part { all[index] = result }
            }
        }
        // A chunk that failed fails the batch (its caller answers every beat with the error): a beat that was applied
        // and is sent again with the same sequence number counts nothing twice.
        for index in beats.indices { if case .failure(let error)? = applied[index] { throw error } }
        return beats.indices.map { index in (try? applied[index]?.get()) ?? nil }
    }

    /// The beats of one part in order, cut into transactions of at most ``heartbeatChunk`` beats, never cutting one
    /// learner's beats apart (so that a learner's beats are applied in order, in one transaction).
    static func chunks(_ indices: [Int], of beats: [HeartbeatRequest]) -> [[Int]] {
        let byLearner = Dictionary(grouping: indices) { beats[$0].accountID }
        var chunks: [[Int]] = []
        var current: [Int] = []
        for account in byLearner.keys.sorted() {
            let own = byLearner[account] ?? []
            if !current.isEmpty && current.count + own.count > heartbeatChunk {
                chunks.append(current)
                current = []
            }
            current += own
        }
        if !current.isEmpty { chunks.append(current) }
        return chunks
    }

    /// The most heartbeats one transaction applies (and learners' locks it takes, far below PostgreSQL's lock table).
    static let heartbeatChunk = 500

    /// Connections a batch of heartbeats is spread over.
    static let heartbeatParts = 2

    /// Takes the progress locks of learners (in order, so two transactions cannot deadlock) until the transaction
    /// ends, in one statement: every write to a learner's visits and summaries takes it first, so heartbeats, page
    /// views and marks of one learner follow each other whichever node they reach.
    static func lockProgress(of accounts: [Int64], _ connection: PostgresConnection, logger: Logger) async throws {
        let keys = Set(accounts.map { Int32(truncatingIfNeeded: $0 % 2_147_483_647) }).sorted()
        try await connection.execute(
            """
            SELECT pg_advisory_xact_lock(7454386, key)
            FROM (SELECT key FROM unnest(\(keys)::int4[]) WITH ORDINALITY AS sorted(key, position) ORDER BY position) AS sorted
            """,
            logger: logger
        )
    }

    /// The row key of a learner's summary of a module.
    struct SummaryKey: Hashable {
        var accountID: Int64
        var courseID: String
        var moduleID: String
    }

    /// Applies heartbeats, in order, in two statements whatever their number: one read of their visits with each
    /// visit's summary and its learner's last credited heartbeat, and one write of the visits and summaries that
    /// changed. Between them the rule (Heartbeat.apply) runs on each beat against what the beats before it made, so
    /// the result is the one of applying them one at a time.
    static func applyHeartbeats(
        _ connection: PostgresConnection, logger: Logger, _ beats: [HeartbeatRequest],
        rule: (_ courseID: String, _ moduleID: String) -> CompletionRule
    ) async throws -> [ContentSummary?] {
        let ids = Array(Set(beats.map(\.sessionID)))
        var sessions: [String: ContentSession] = [:]
        var summaries: [SummaryKey: ContentSummary] = [:]
        var learnerLast: [Int64: Date] = [:]
        for row in try await connection.rows(
            """
            SELECT s.id, s.account_id, s.course_id, s.module_id, s.start, s."end", s.time_spent, s.last_sequence,
                su.account_id IS NOT NULL AS has_summary, su.progress, su.time_spent AS summary_time, su.first_access, su.last_access,
                su.completed_at, su.marked_done, su.last_heartbeat,
                (SELECT max(last_heartbeat) FROM content_summary_log WHERE account_id = s.account_id) AS learner_last
            FROM content_session_log s
            LEFT JOIN content_summary_log su ON su.account_id = s.account_id AND su.course_id = s.course_id AND su.module_id = s.module_id
            WHERE s.id = ANY(\(ids)::text[])
            """,
            logger: logger
        ) {
            let session = try Self.session(from: row)
            let cells = row.makeRandomAccess()
            var summary = ContentSummary(accountID: session.accountID, courseID: session.courseID, moduleID: session.moduleID)
            if try cells["has_summary"].decode(Bool.self) {
                summary.progress = try cells["progress"].decode(Double.self)
                summary.timeSpent = try cells["summary_time"].decode(Double.self)
                summary.firstAccess = try cells["first_access"].decode(Date?.self)
                summary.lastAccess = try cells["last_access"].decode(Date?.self)
                summary.completedAt = try cells["completed_at"].decode(Date?.self)
                summary.markedDone = try cells["marked_done"].decode(Bool.self)
                summary.lastHeartbeat = try cells["last_heartbeat"].decode(Date?.self)
            }
            sessions[session.id] = session
            summaries[SummaryKey(accountID: session.accountID, courseID: session.courseID, moduleID: session.moduleID)] = summary
            if let last = try cells["learner_last"].decode(Date?.self) { learnerLast[session.accountID] = last }
        }
        var results: [ContentSummary?] = []
        var changedVisits: [String] = []
        var changedSummaries: [SummaryKey] = []
        for beat in beats {
            // A visit that is not the caller's is as unknown as one that does not exist.
            guard let session = sessions[beat.sessionID], session.accountID == beat.accountID else {
                results.append(nil)
                continue
            }
            let key = SummaryKey(accountID: session.accountID, courseID: session.courseID, moduleID: session.moduleID)
            let summary = summaries[key] ?? ContentSummary(accountID: key.accountID, courseID: key.courseID, moduleID: key.moduleID)
            // The rule (Heartbeat.apply) decides what counts; the store writes what changed.
            guard let applied = Heartbeat.apply(
                sequence: beat.sequence, at: beat.date, session: session, summary: summary, rule: rule(key.courseID, key.moduleID),
                learnerLastCredited: learnerLast[key.accountID]
            ) else {
                results.append(summary)
                continue
            }
            sessions[beat.sessionID] = applied.session
            summaries[key] = applied.summary
            // A summary's last credited heartbeat only moves forward, so the learner's latest is the larger of the two.
            if let credited = applied.summary.lastHeartbeat { learnerLast[key.accountID] = max(learnerLast[key.accountID] ?? credited, credited) }
            if !changedVisits.contains(beat.sessionID) { changedVisits.append(beat.sessionID) }
            if !changedSummaries.contains(key) { changedSummaries.append(key) }
            results.append(applied.summary)
        }
        guard !changedVisits.isEmpty else { return results }
        try await writeHeartbeats(connection, logger: logger, visits: changedVisits.compactMap { sessions[$0] }, summaries: changedSummaries.compactMap { summaries[$0] })
        return results
    }

    /// Writes visits and summaries in one statement, as arrays (one element per row). A date that may be missing
    /// travels as a date and a flag, since arrays of optional values are not bound.
    static func writeHeartbeats(_ connection: PostgresConnection, logger: Logger, visits: [ContentSession], summaries: [ContentSummary])
        async throws
    {
        let none = Date(timeIntervalSince1970: 0)
        func dates(_ values: [Date?]) -> (dates: [Date], present: [Bool]) { (values.map { $0 ?? none }, values.map { $0 != nil }) }
        let (visitIDs, visitEnds, visitTimes, visitSequences) = (
            visits.map(\.id), visits.map(\.end), visits.map(\.timeSpent), visits.map { Int64($0.lastSequence) }
        )
        let (firsts, hasFirst) = dates(summaries.map(\.firstAccess))
        let (lasts, hasLast) = dates(summaries.map(\.lastAccess))
        let (completions, hasCompletion) = dates(summaries.map(\.completedAt))
        let (beats, hasBeat) = dates(summaries.map(\.lastHeartbeat))
        try await connection.execute(
            """
            WITH visit AS (
                UPDATE content_session_log AS s SET "end" = v.ended, time_spent = v.spent, last_sequence = v.sequence
                FROM unnest(\(visitIDs)::text[], \(visitEnds)::timestamptz[], \(visitTimes)::float8[], \(visitSequences)::int8[])
                    AS v(id, ended, spent, sequence)
                WHERE s.id = v.id)
            INSERT INTO content_summary_log
                (account_id, course_id, module_id, progress, time_spent, first_access, last_access, completed_at, marked_done,
                 last_heartbeat)
            SELECT account_id, course_id, module_id, progress, spent, CASE WHEN has_first THEN first_access END,
                CASE WHEN has_last THEN last_access END, CASE WHEN has_completion THEN completed_at END, marked_done,
                CASE WHEN has_beat THEN last_heartbeat END
            FROM unnest(\(summaries.map(\.accountID))::int8[], \(summaries.map(\.courseID))::text[], \(summaries.map(\.moduleID))::text[],
                \(summaries.map(\.progress))::float8[], \(summaries.map(\.timeSpent))::float8[], \(firsts)::timestamptz[], \(hasFirst)::bool[],
                \(lasts)::timestamptz[], \(hasLast)::bool[], \(completions)::timestamptz[], \(hasCompletion)::bool[],
                \(summaries.map(\.markedDone))::bool[], \(beats)::timestamptz[], \(hasBeat)::bool[])
                AS u(account_id, course_id, module_id, progress, spent, first_access, has_first, last_access, has_last, completed_at,
                    has_completion, marked_done, last_heartbeat, has_beat)
            ON CONFLICT (account_id, course_id, module_id) DO UPDATE SET
                progress = excluded.progress, time_spent = excluded.time_spent, first_access = excluded.first_access,
                last_access = excluded.last_access, completed_at = excluded.completed_at, marked_done = excluded.marked_done,
                last_heartbeat = excluded.last_heartbeat
            """,
            logger: logger
        )
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
            score: cells["score"].decode(Int?.self), certificateNumber: cells["certificate_number"].decode(String.self)
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

    public func feedbackRatings(courseIDs: [String], under unit: UnitPath?) async throws -> [FeedbackSummary.Rating] {
        guard !courseIDs.isEmpty else { return [] }
        var sql = SQLBuilder()
        let condition = Self.under(unit, column: "account.unit", &sql)
        let courses = sql.bind(courseIDs)
        sql.append(
            """
            SELECT feedback.course_id, feedback.module_id, feedback.relevance, feedback.comment FROM feedback
            JOIN account ON account.id = feedback.account_id
            WHERE feedback.course_id = ANY(\(courses)) AND \(condition)
            ORDER BY feedback.course_id, feedback.module_id, feedback.created_at, feedback.account_id
            """
        )
        return try await rows(sql.query).map { row -> FeedbackSummary.Rating in
            let (courseID, moduleID, relevance, comment) = try row.decode((String, String, Int, String).self)
            return (courseID, moduleID, relevance, comment)
        }
    }
}
