import Foundation
import GRDB
import LenteraCore

// MARK: - Quiz attempts

extension SQLiteStore: QuizRepository {
    /// An attempt from its row. The questions as shown never change once an attempt starts, so they are decoded
    /// once and kept: every page, save and submission of the attempt reads them.
    /// - Parameter keep: whether to keep the decoded questions (reads of one learner's attempt); bulk reads for
    ///   reports do not fill the cache.
    func attempt(from row: Row, _ db: Database, keep: Bool = true) throws -> QuizAttempt {
        let id: Int64 = row["id"]
        let seed: Int64 = row["seed"]
        let items: [QuizItem]
        let key = AttemptKey(id: id, accountID: row["account_id"], courseID: row["course_id"], quizID: row["quiz_id"])
        if let cached = attemptItems.withLock({ $0[id] }), cached.key == key {
            items = cached.items
        } else {
            let stored: String = row["items"]
            switch try QuizStoreJSON.decodeQuestions(stored) {
            case .items(let whole):
                items = whole
            case .layout(let layout):
                let version: String = row["quiz_version"]
                guard let rebuilt = layout.items(from: try pool(db, version: version)) else {
                    throw DatabaseError(message: "quiz attempt \(id): its questions are not in the pool of version \(version)")
                }
                items = rebuilt
            }
            if keep { remember(items, key: key) }
        }
        return QuizAttempt(
            id: id, accountID: row["account_id"], courseID: row["course_id"], quizID: row["quiz_id"], number: row["number"],
            seed: UInt64(bitPattern: seed), items: items,
            quizVersion: row["quiz_version"], startedAt: row["started_at"], deadline: row["deadline"], submittedAt: row["submitted_at"],
            score: row["score"], maximum: row["maximum"], needsGrading: row["needs_grading"], passed: row["passed"], expired: row["expired"]
        )
    }

    /// The pool of a quiz version, decoded once.
    func pool(_ db: Database, version: String) throws -> [QuizItem] {
        if let cached = pools.withLock({ $0[version] }) { return cached }
        guard let json = try String.fetchOne(db, sql: "SELECT items FROM quiz_pool WHERE version = ?", arguments: [version]) else {
            throw DatabaseError(message: "quiz pool \(version) is missing")
        }
        let items = try QuizStoreJSON.decodePool(json)
        pools.withLock { $0[version] = items }
        return items
    }

    /// Keeps the decoded questions of an attempt for ``attempt(from:_:keep:)``.
    func remember(_ items: [QuizItem], key: AttemptKey) {
        attemptItems.withLock { cache in
            if cache.count >= 5_000 { cache.removeAll(keepingCapacity: true) }
            cache[key.id] = (key, items)
        }
    }

    static func answer(from row: Row) throws -> QuizAnswer {
        let json: String = row["response"]
        return QuizAnswer(
            attemptID: row["attempt_id"], itemID: row["item_id"], response: try QuizStoreJSON.decodeResponse(json),
            savedAt: row["saved_at"], points: row["points"], checked: row["checked"]
        )
    }

    static func loadAnswers(_ db: Database, attemptID: Int64) throws -> [String: QuizAnswer] {
        let statement = try db.cachedStatement(sql: "SELECT * FROM quiz_answer WHERE attempt_id = ?")
        let answers = try Row.fetchAll(statement, arguments: [attemptID]).map(Self.answer(from:))
        return Dictionary(answers.map { ($0.itemID, $0) }, uniquingKeysWith: { _, last in last })
    }

    static func storeAnswer(_ db: Database, _ answer: QuizAnswer, json: String? = nil) throws {
        let json = try json ?? encodeResponse(answer.response)
        let statement = try db.cachedStatement(
            sql: """
                INSERT INTO quiz_answer (attempt_id, item_id, response, saved_at, points, checked) VALUES (?, ?, ?, ?, ?, ?)
                ON CONFLICT (attempt_id, item_id) DO UPDATE SET response = excluded.response, saved_at = excluded.saved_at,
                    points = excluded.points, checked = excluded.checked
                """
        )
        try statement.execute(arguments: [answer.attemptID, answer.itemID, json, answer.savedAt, answer.points, answer.checked])
    }

    /// Writes several answers in one statement: a submission's answers arrive together.
    static func storeAnswers(_ db: Database, _ answers: [(QuizAnswer, String)]) throws {
        guard !answers.isEmpty else { return }
        let rows = Array(repeating: "(?, ?, ?, ?, ?, ?)", count: answers.count).joined(separator: ", ")
        var arguments: [(any DatabaseValueConvertible)?] = []
        for (answer, json) in answers {
            arguments += [answer.attemptID, answer.itemID, json, answer.savedAt, answer.points, answer.checked]
        }
        try db.cachedStatement(
            sql: """
                INSERT INTO quiz_answer (attempt_id, item_id, response, saved_at, points, checked) VALUES \(rows)
                ON CONFLICT (attempt_id, item_id) DO UPDATE SET response = excluded.response, saved_at = excluded.saved_at,
                    points = excluded.points, checked = excluded.checked
                """
        ).execute(arguments: StatementArguments(arguments))
    }

    static func encodeResponse(_ response: QuizResponse) throws -> String {
        try QuizStoreJSON.encode(response)
    }

    static func deleteAnswer(_ db: Database, attemptID: Int64, itemID: String) throws {
        try db.cachedStatement(sql: "DELETE FROM quiz_answer WHERE attempt_id = ? AND item_id = ?").execute(arguments: [attemptID, itemID])
    }

    /// Changes only an answer's points (the response is already stored).
    static func storePoints(_ db: Database, _ answer: QuizAnswer) throws {
        try db.cachedStatement(sql: "UPDATE quiz_answer SET points = ? WHERE attempt_id = ? AND item_id = ?")
            .execute(arguments: [answer.points, answer.attemptID, answer.itemID])
    }

    /// Grades an attempt with ``AttemptRules/grade(_:answers:policy:at:expired:)`` and writes what it decided: the
    /// attempt's result, the answers whose points changed, and the new answers (`unwrittenJSON`, already encoded).
    ///
    /// - Parameters:
    ///   - answers: the attempt's answers when the caller has them already (with new ones not yet written).
    ///   - unwrittenJSON: the encoded responses of the answers in `answers` that are new and must be written.
    static func grade(
        _ db: Database, _ attempt: QuizAttempt, policy: QuizPolicy, at date: Date, expired: Bool, answers given: [String: QuizAnswer]? = nil,
        unwrittenJSON: [String: String] = [:]
    ) throws -> QuizAttempt {
        let answers = try given ?? loadAnswers(db, attemptID: attempt.id)
        let (graded, scored) = AttemptRules.grade(attempt, answers: answers, policy: policy, at: date, expired: expired)
        var newAnswers: [(QuizAnswer, String)] = []
        for item in attempt.items {
            guard let answer = scored[item.id] else { continue }
            if let json = unwrittenJSON[item.id] {
                newAnswers.append((answer, json))
            } else if answer.points != answers[item.id]?.points {
                try storePoints(db, answer)
            }
        }
        try storeAnswers(db, newAnswers)
        try db.cachedStatement(sql: "UPDATE quiz_attempt SET submitted_at = ?, score = ?, needs_grading = ?, passed = ?, expired = ? WHERE id = ?")
            .execute(arguments: [graded.submittedAt, graded.score, graded.needsGrading, graded.passed, graded.expired, graded.id])
        return graded
    }

    /// Grades the attempt if its deadline passed while it was open; the grade is dated at the deadline.
    static func gradeIfExpired(_ db: Database, _ attempt: QuizAttempt, policy: QuizPolicy, at date: Date) throws -> QuizAttempt {
        guard let deadline = AttemptRules.expiredDeadline(attempt, at: date) else { return attempt }
        return try grade(db, attempt, policy: policy, at: deadline, expired: true)
    }

    static let selectByKey = "SELECT * FROM quiz_attempt WHERE id = ? AND account_id = ? AND course_id = ? AND quiz_id = ?"

    /// The attempt a key names: every part of the key must match the row.
    func attempt(_ db: Database, _ key: AttemptKey) throws -> QuizAttempt? {
        let statement = try db.cachedStatement(sql: Self.selectByKey)
        guard let row = try Row.fetchOne(statement, arguments: [key.id, key.accountID, key.courseID, key.quizID]) else { return nil }
        return try attempt(from: row, db)
    }

    public func startAttempt(_ new: QuizAttempt, pool: [QuizItem], policy: QuizPolicy, at date: Date) async throws -> QuizAttempt {
        // The pool is written once per version; the attempt keeps only its layout. Both are encoded before the
        // write: the single writer should spend its time writing.
        let items = AttemptLayout(items: new.items).json()
        try await ensurePool(version: new.quizVersion, items: pool)
        let attempt = try await groupCommit.write { db in
            let statement = try db.cachedStatement(sql: "SELECT * FROM quiz_attempt WHERE account_id = ? AND course_id = ? AND quiz_id = ? ORDER BY number")
            let attempts = try Row.fetchAll(statement, arguments: [new.accountID, new.courseID, new.quizID]).map {
                try Self.gradeIfExpired(db, try self.attempt(from: $0, db), policy: policy, at: date)
            }
            switch try AttemptRules.start(existing: attempts, policy: policy) {
            case .resume(let current):
                return current
            case .create(let number):
                var attempt = new
                attempt.number = number
                try db.cachedStatement(
                    sql: """
                        INSERT INTO quiz_attempt (account_id, course_id, quiz_id, number, seed, items, quiz_version, started_at, deadline, maximum)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                        """
                ).execute(arguments: [
                    attempt.accountID, attempt.courseID, attempt.quizID, attempt.number, Int64(bitPattern: attempt.seed), items, attempt.quizVersion,
                    attempt.startedAt, attempt.deadline, attempt.maximum,
                ])
                attempt.id = db.lastInsertedRowID
                return attempt
            }
        }
        // Kept only once committed: a rolled-back id would be given to the next attempt.
        remember(attempt.items, key: attempt.key)
        return attempt
    }

    /// Stores a quiz version's pool once. When hundreds of learners start a new version at once, one of them
    /// encodes and writes it and the others wait for that write instead of repeating it.
    func ensurePool(version: String, items: [QuizItem]) async throws {
        if pools.withLock({ $0[version] }) != nil { return }
        let task = poolWrites.withLock { writes -> Task<Void, any Error> in
            if let running = writes[version] { return running }
            let task = Task {
                let json = try QuizStoreJSON.encode(pool: items)
                try await self.pool.write { db in
                    try db.execute(sql: "INSERT OR IGNORE INTO quiz_pool (version, items) VALUES (?, ?)", arguments: [version, json])
                }
                self.pools.withLock { $0[version] = items }
            }
            writes[version] = task
            return task
        }
        do {
            try await task.value
        } catch {
            poolWrites.withLock { $0[version] = nil }  // the next start tries again
            throw error
        }
    }

    public func attempt(_ key: AttemptKey, policy: QuizPolicy, at date: Date) async throws -> (QuizAttempt, [String: QuizAnswer])? {
        let found = try await pool.read { db -> (QuizAttempt, [String: QuizAnswer])? in
            guard let attempt = try self.attempt(db, key) else { return nil }
            return (attempt, try Self.loadAnswers(db, attemptID: key.id))
        }
        // Only an attempt left open past its deadline needs a write (its grade).
        guard let (attempt, _) = found, AttemptRules.expiredDeadline(attempt, at: date) != nil else { return found }
        return try await groupCommit.write { db in
            guard let attempt = try self.attempt(db, key) else { return nil }
            return (try Self.gradeIfExpired(db, attempt, policy: policy, at: date), try Self.loadAnswers(db, attemptID: key.id))
        }
    }

    /// Loads the attempt a key names for a change and refuses it when it no longer takes answers.
    func openAttempt(_ db: Database, _ key: AttemptKey, at date: Date) throws -> QuizAttempt {
        guard let attempt = try attempt(db, key) else { throw QuizRefusal.notFound }
        try AttemptRules.requireOpen(attempt, at: date)
        return attempt
    }

    /// Writes what a merge decided: removals and new or changed answers.
    static func persist(_ merged: (answers: [String: QuizAnswer], written: [String], removed: [String]), db: Database, attemptID: Int64) throws {
        for itemID in merged.removed { try deleteAnswer(db, attemptID: attemptID, itemID: itemID) }
        for itemID in merged.written {
            if let answer = merged.answers[itemID] { try storeAnswer(db, answer) }
        }
    }

    public func saveAnswers(
        _ key: AttemptKey, answers: [String: QuizResponse], cleared: Set<String>, check: Bool, at date: Date
    ) async throws -> [String: QuizAnswer] {
        try await groupCommit.write { db in
            let attempt = try self.openAttempt(db, key, at: date)
            let stored = try Self.loadAnswers(db, attemptID: key.id)
            try AttemptRules.validate(answers, attempt: attempt, stored: stored)
            let merged = AttemptRules.merge(answers, cleared: cleared, into: stored, attempt: attempt, check: check, at: date)
            try Self.persist(merged, db: db, attemptID: key.id)
            return merged.answers
        }
    }

    public func submit(
        _ key: AttemptKey, answers: [String: QuizResponse], cleared: Set<String>, policy: QuizPolicy, at date: Date
    ) async throws -> QuizAttempt {
        // Encoded before the write: the single writer should spend its time writing.
        let encoded = try answers.mapValues(Self.encodeResponse)
        return try await groupCommit.write { db in
            let attempt = try self.openAttempt(db, key, at: date)
            let stored = try Self.loadAnswers(db, attemptID: key.id)
            try AttemptRules.validate(answers, attempt: attempt, stored: stored)
            let merged = AttemptRules.merge(answers, cleared: cleared, into: stored, attempt: attempt, check: false, at: date)
            for itemID in merged.removed { try Self.deleteAnswer(db, attemptID: key.id, itemID: itemID) }
            var unwritten: [String: String] = [:]
            for itemID in merged.written { unwritten[itemID] = encoded[itemID] }
            return try Self.grade(db, attempt, policy: policy, at: date, expired: false, answers: merged.answers, unwrittenJSON: unwritten)
        }
    }

    public func attempts(accountID: Int64, courseID: String, quizID: String, policy: QuizPolicy, at date: Date) async throws -> [QuizAttempt] {
        let attempts = try await pool.read { db in
            try Row.fetchAll(
                db, sql: "SELECT * FROM quiz_attempt WHERE account_id = ? AND course_id = ? AND quiz_id = ? ORDER BY number",
                arguments: [accountID, courseID, quizID]
            ).map { try self.attempt(from: $0, db) }
        }
        guard attempts.contains(where: { AttemptRules.expiredDeadline($0, at: date) != nil }) else { return attempts }
        // Read again inside the write: a submission may have landed since.
        return try await groupCommit.write { db in
            try Row.fetchAll(
                db, sql: "SELECT * FROM quiz_attempt WHERE account_id = ? AND course_id = ? AND quiz_id = ? ORDER BY number",
                arguments: [accountID, courseID, quizID]
            ).map { try Self.gradeIfExpired(db, try self.attempt(from: $0, db), policy: policy, at: date) }
        }
    }

    public func gradeExpiredAttempts(
        at date: Date, batchSize: Int, policy: @escaping @Sendable (_ courseID: String, _ quizID: String) -> QuizPolicy?
    ) async throws -> [QuizAttempt] {
        // The attempts to grade, read once through the index of open attempts; then graded a batch per write, so that
        // learners' writes go in between batches rather than wait for thousands of gradings.
        let ids = try await pool.read { db in
            try Int64.fetchAll(
                db,
                sql: "SELECT id FROM quiz_attempt WHERE submitted_at IS NULL AND deadline IS NOT NULL AND deadline < ? ORDER BY deadline, id",
                arguments: [date.addingTimeInterval(-QuizAttempt.grace)]
            )
        }
        let size = max(batchSize, 1)
        var graded: [QuizAttempt] = []
        for start in stride(from: 0, to: ids.count, by: size) {
            if Task.isCancelled { break }
            let batch = Array(ids[start..<min(start + size, ids.count)])
            graded += try await groupCommit.write { db -> [QuizAttempt] in
                // Read again inside the write, open attempts only: one submitted or graded since (by its learner, or
                // by another process on this database) is left as it is.
                let placeholders = batch.map { _ in "?" }.joined(separator: ",")
                let rows = try Row.fetchAll(
                    db, sql: "SELECT * FROM quiz_attempt WHERE submitted_at IS NULL AND id IN (\(placeholders)) ORDER BY deadline, id",
                    arguments: StatementArguments(batch)
                )
                return try rows.map { try self.attempt(from: $0, db, keep: false) }.compactMap { attempt in
                    // A quiz no longer served has no policy to grade by: its attempts wait (and are graded, by the
                    // quiz's own rules, when a learner opens them again).
                    guard let policy = policy(attempt.courseID, attempt.quizID) else { return nil }
                    return try Self.gradeIfExpired(db, attempt, policy: policy, at: date)
                }
            }
        }
        return graded
    }

    public func gradedAttempts(courseID: String, under unit: UnitPath?) async throws -> [QuizAttempt] {
        try await pool.read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT quiz_attempt.* FROM quiz_attempt JOIN account ON account.id = quiz_attempt.account_id
                    WHERE course_id = ?1 AND submitted_at IS NOT NULL AND substr(account.unit, 1, length(?2)) = ?2
                    ORDER BY quiz_attempt.id
                    """,
                arguments: [courseID, unit?.storageKey ?? ""]
            ).map { try self.attempt(from: $0, db, keep: false) }
        }
    }

    public func answers(attemptIDs: [Int64]) async throws -> [Int64: [String: QuizAnswer]] {
        try await pool.read { db in
            var result: [Int64: [String: QuizAnswer]] = [:]
            for chunk in stride(from: 0, to: attemptIDs.count, by: 500).map({ Array(attemptIDs[$0..<min($0 + 500, attemptIDs.count)]) }) {
                let placeholders = chunk.map { _ in "?" }.joined(separator: ",")
                for row in try Row.fetchAll(db, sql: "SELECT * FROM quiz_answer WHERE attempt_id IN (\(placeholders))", arguments: StatementArguments(chunk)) {
                    let answer = try Self.answer(from: row)
                    result[answer.attemptID, default: [:]][answer.itemID] = answer
                }
            }
            return result
        }
    }

    public func attemptsNeedingGrading(courseIDs: Set<String>?) async throws -> [QuizAttempt] {
        try await pool.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM quiz_attempt WHERE needs_grading = 1 ORDER BY submitted_at")
                .map { try self.attempt(from: $0, db, keep: false) }.filter { courseIDs?.contains($0.courseID) ?? true }
        }
    }

    public func gradeEssay(_ key: AttemptKey, itemID: String, points: Double, policy: QuizPolicy, at date: Date) async throws -> QuizAttempt {
        try await pool.write { db in
            guard let attempt = try self.attempt(db, key), let item = attempt.item(id: itemID),
                let points = AttemptRules.essayPoints(points, item: item, attempt: attempt),
                var answer = try Self.loadAnswers(db, attemptID: key.id)[itemID]
            else { throw QuizRefusal.notFound }
            answer.points = points
            try Self.storeAnswer(db, answer)
            return try Self.grade(db, attempt, policy: policy, at: attempt.submittedAt ?? date, expired: false)
        }
    }
}
