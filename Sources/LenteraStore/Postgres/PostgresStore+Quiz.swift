import Foundation
import LenteraCore
import PostgresNIO

// MARK: - Quiz attempts

extension PostgresStore: QuizRepository {
    /// A quiz row that cannot be read back as what was written: a pool missing, or questions not in their pool.
    struct QuizDataError: Error, CustomStringConvertible {
        var description: String
    }

    /// An attempt from its row. The questions as shown never change once an attempt starts, so they are decoded
    /// once and kept: every page, save and submission of the attempt reads them.
    /// - Parameters:
    ///   - keep: whether to keep the decoded questions (reads of one learner's attempt); bulk reads for reports do
    ///     not fill the cache.
    ///   - pools: the pools this operation has read already, by version: a version's pool never changes, so one
    ///     operation reads each at most once.
    func attempt(
        from row: PostgresRow, _ connection: PostgresConnection, keep: Bool = true, pools: inout [String: [QuizItem]]
    ) async throws -> QuizAttempt {
        let columns = row.makeRandomAccess()
        let id = try columns["id"].decode(Int64.self)
        let version = try columns["quiz_version"].decode(String.self)
        let key = AttemptKey(
            id: id, accountID: try columns["account_id"].decode(Int64.self), courseID: try columns["course_id"].decode(String.self),
            quizID: try columns["quiz_id"].decode(String.self)
        )
        let items: [QuizItem]
        if let cached = attemptItems.withLock({ $0[id] }), cached.key == key {
            items = cached.items
        } else {
            switch try QuizStoreJSON.decodeQuestions(try columns["items"].decode(String.self)) {
            case .items(let whole):
                items = whole
            case .layout(let layout):
                let versionPool: [QuizItem]
                if let read = pools[version] {
                    versionPool = read
                } else {
                    versionPool = try await pool(connection, version: version)
                    pools[version] = versionPool
                }
                guard let rebuilt = layout.items(from: versionPool) else {
                    throw QuizDataError(description: "quiz attempt \(id): its questions are not in the pool of version \(version)")
                }
                items = rebuilt
            }
            if keep { remember(items, key: key) }
        }
        return QuizAttempt(
            id: id, accountID: key.accountID, courseID: key.courseID, quizID: key.quizID, number: try columns["number"].decode(Int.self),
            seed: UInt64(bitPattern: try columns["seed"].decode(Int64.self)), items: items,
            quizVersion: version, startedAt: try columns["started_at"].decode(Date.self), deadline: try columns["deadline"].decode(Date?.self),
            submittedAt: try columns["submitted_at"].decode(Date?.self), score: try columns["score"].decode(Double?.self),
            maximum: try columns["maximum"].decode(Double.self), needsGrading: try columns["needs_grading"].decode(Bool.self),
            passed: try columns["passed"].decode(Bool?.self), expired: try columns["expired"].decode(Bool.self)
        )
    }

    /// Attempts from their rows, in order (see ``attempt(from:_:keep:pools:)``).
    func attempts(from rows: [PostgresRow], _ connection: PostgresConnection, keep: Bool = true) async throws -> [QuizAttempt] {
        var pools: [String: [QuizItem]] = [:]
        var attempts: [QuizAttempt] = []
        attempts.reserveCapacity(rows.count)
        for row in rows {
            attempts.append(try await attempt(from: row, connection, keep: keep, pools: &pools))
        }
        return attempts
    }

    /// The pool of a quiz version, as stored.
    ///
    /// Read again by each operation that needs it rather than kept per process: a version names the same pool in
    /// one database, but this process may open several databases in its life (tests do) that use one version name
    /// for different pools.
    func pool(_ connection: PostgresConnection, version: String) async throws -> [QuizItem] {
        guard let row = try await connection.row("SELECT items FROM quiz_pool WHERE version = \(version)", logger: logger) else {
            throw QuizDataError(description: "quiz pool \(version) is missing")
        }
        return try QuizStoreJSON.decodePool(try row.value("items", as: String.self))
    }

    /// Keeps the decoded questions of an attempt for ``attempt(from:_:keep:pools:)``.
    func remember(_ items: [QuizItem], key: AttemptKey) {
        attemptItems.withLock { cache in
            if cache.count >= 5_000 { cache.removeAll(keepingCapacity: true) }
            cache[key.id] = (key, items)
        }
    }

    static func answer(from row: PostgresRow) throws -> QuizAnswer {
        let columns = row.makeRandomAccess()
        return QuizAnswer(
            attemptID: try columns["attempt_id"].decode(Int64.self), itemID: try columns["item_id"].decode(String.self),
            response: try QuizStoreJSON.decodeResponse(try columns["response"].decode(String.self)),
            savedAt: try columns["saved_at"].decode(Date.self), points: try columns["points"].decode(Double?.self),
            checked: try columns["checked"].decode(Bool.self)
        )
    }

    func loadAnswers(_ connection: PostgresConnection, attemptID: Int64) async throws -> [String: QuizAnswer] {
        let rows = try await connection.rows("SELECT * FROM quiz_answer WHERE attempt_id = \(attemptID)", logger: logger)
        let answers = try rows.map(Self.answer(from:))
        return Dictionary(answers.map { ($0.itemID, $0) }, uniquingKeysWith: { _, last in last })
    }

    func storeAnswer(_ connection: PostgresConnection, _ answer: QuizAnswer, json: String? = nil) async throws {
        let json = try json ?? QuizStoreJSON.encode(answer.response)
        try await connection.execute(
            """
            INSERT INTO quiz_answer (attempt_id, item_id, response, saved_at, points, checked)
            VALUES (\(answer.attemptID), \(answer.itemID), \(json), \(answer.savedAt), \(answer.points), \(answer.checked))
            ON CONFLICT (attempt_id, item_id) DO UPDATE SET response = excluded.response, saved_at = excluded.saved_at,
                points = excluded.points, checked = excluded.checked
            """,
            logger: logger
        )
    }

    /// Writes several answers in one statement: a submission's answers arrive together.
    func storeAnswers(_ connection: PostgresConnection, _ answers: [(QuizAnswer, String)]) async throws {
        guard !answers.isEmpty else { return }
        var sql = SQLBuilder("INSERT INTO quiz_answer (attempt_id, item_id, response, saved_at, points, checked) VALUES ")
        for (index, (answer, json)) in answers.enumerated() {
            let values = [
                sql.bind(answer.attemptID), sql.bind(answer.itemID), sql.bind(json), sql.bind(answer.savedAt), sql.bind(answer.points),
                sql.bind(answer.checked),
            ]
            sql.append((index > 0 ? ", (" : "(") + values.joined(separator: ", ") + ")")
        }
        sql.append(
            """
             ON CONFLICT (attempt_id, item_id) DO UPDATE SET response = excluded.response, saved_at = excluded.saved_at,
                points = excluded.points, checked = excluded.checked
            """
        )
        try await connection.execute(sql.query, logger: logger)
    }

    func deleteAnswer(_ connection: PostgresConnection, attemptID: Int64, itemID: String) async throws {
        try await connection.execute("DELETE FROM quiz_answer WHERE attempt_id = \(attemptID) AND item_id = \(itemID)", logger: logger)
    }

    /// Changes only an answer's points (the response is already stored).
    func storePoints(_ connection: PostgresConnection, _ answer: QuizAnswer) async throws {
        try await connection.execute(
            "UPDATE quiz_answer SET points = \(answer.points) WHERE attempt_id = \(answer.attemptID) AND item_id = \(answer.itemID)",
            logger: logger
        )
    }

    /// Grades an attempt with ``AttemptRules/grade(_:answers:policy:at:expired:)`` and writes what it decided: the
    /// attempt's result, the answers whose points changed, and the new answers (`unwrittenJSON`, already encoded).
    ///
    /// - Parameters:
    ///   - answers: the attempt's answers when the caller has them already (with new ones not yet written).
    ///   - unwrittenJSON: the encoded responses of the answers in `answers` that are new and must be written.
    func grade(
        _ connection: PostgresConnection, _ attempt: QuizAttempt, policy: QuizPolicy, at date: Date, expired: Bool,
        answers given: [String: QuizAnswer]? = nil, unwrittenJSON: [String: String] = [:]
    ) async throws -> QuizAttempt {
        let answers: [String: QuizAnswer]
        if let given {
            answers = given
        } else {
            answers = try await loadAnswers(connection, attemptID: attempt.id)
        }
        let (graded, scored) = AttemptRules.grade(attempt, answers: answers, policy: policy, at: date, expired: expired)
        var newAnswers: [(QuizAnswer, String)] = []
        for item in attempt.items {
            guard let answer = scored[item.id] else { continue }
            if let json = unwrittenJSON[item.id] {
                newAnswers.append((answer, json))
            } else if answer.points != answers[item.id]?.points {
                try await storePoints(connection, answer)
            }
        }
        try await storeAnswers(connection, newAnswers)
        try await connection.execute(
            """
            UPDATE quiz_attempt SET submitted_at = \(graded.submittedAt), score = \(graded.score), needs_grading = \(graded.needsGrading),
                passed = \(graded.passed), expired = \(graded.expired)
            WHERE id = \(graded.id)
            """,
            logger: logger
        )
        return graded
    }

    /// Grades the attempt if its deadline passed while it was open; the grade is dated at the deadline.
    func gradeIfExpired(_ connection: PostgresConnection, _ attempt: QuizAttempt, policy: QuizPolicy, at date: Date) async throws -> QuizAttempt {
        guard let deadline = AttemptRules.expiredDeadline(attempt, at: date) else { return attempt }
        return try await grade(connection, attempt, policy: policy, at: deadline, expired: true)
    }

    /// The attempt a key names: every part of the key must match the row.
    func attempt(_ connection: PostgresConnection, _ key: AttemptKey) async throws -> QuizAttempt? {
        guard
            let row = try await connection.row(
                """
                SELECT * FROM quiz_attempt
                WHERE id = \(key.id) AND account_id = \(key.accountID) AND course_id = \(key.courseID) AND quiz_id = \(key.quizID)
                """,
                logger: logger
            )
        else { return nil }
        var pools: [String: [QuizItem]] = [:]
        return try await attempt(from: row, connection, pools: &pools)
    }

    /// A learner's attempts at a quiz, oldest first, as stored (none graded here).
    func storedAttempts(_ connection: PostgresConnection, accountID: Int64, courseID: String, quizID: String) async throws -> [QuizAttempt] {
        let rows = try await connection.rows(
            "SELECT * FROM quiz_attempt WHERE account_id = \(accountID) AND course_id = \(courseID) AND quiz_id = \(quizID) ORDER BY number",
            logger: logger
        )
        return try await attempts(from: rows, connection)
    }

    public func startAttempt(_ new: QuizAttempt, pool: [QuizItem], policy: QuizPolicy, at date: Date) async throws -> QuizAttempt {
        // The pool is written once per version; the attempt keeps only its layout. Both are encoded before the
        // transaction, which a conflict may run again.
        let items = AttemptLayout(items: new.items).json()
        try await ensurePool(version: new.quizVersion, items: pool)
        var collisions = 0
        while true {
            do {
                let attempt = try await transaction { connection -> QuizAttempt in
                    var attempts: [QuizAttempt] = []
                    for stored in try await self.storedAttempts(connection, accountID: new.accountID, courseID: new.courseID, quizID: new.quizID) {
                        attempts.append(try await self.gradeIfExpired(connection, stored, policy: policy, at: date))
                    }
                    switch try AttemptRules.start(existing: attempts, policy: policy) {
                    case .resume(let current):
                        return current
                    case .create(let number):
                        var attempt = new
                        attempt.number = number
                        let inserted = try await connection.row(
                            """
                            INSERT INTO quiz_attempt
                                (account_id, course_id, quiz_id, number, seed, items, quiz_version, started_at, deadline, maximum)
                            VALUES (\(attempt.accountID), \(attempt.courseID), \(attempt.quizID), \(attempt.number),
                                \(Int64(bitPattern: attempt.seed)), \(items), \(attempt.quizVersion), \(attempt.startedAt), \(attempt.deadline),
                                \(attempt.maximum))
                            RETURNING id
                            """,
                            logger: self.logger
                        )
                        guard let inserted else { throw QuizDataError(description: "quiz attempt of account \(attempt.accountID): no id returned") }
                        attempt.id = try inserted.value("id", as: Int64.self)
                        return attempt
                    }
                }
                // Kept only once committed: a rolled-back id would be given to the next attempt.
                remember(attempt.items, key: attempt.key)
                return attempt
            } catch where collisions < 5 && Self.sqlState(error) == "23505" {
                // A parallel start took the number first (PostgreSQL may report it as a unique violation rather than
                // a serialization failure): the next try finds that attempt and resumes it, or numbers after it.
                collisions += 1
            }
        }
    }

    /// Stores a quiz version's pool once: a start that finds it stored sends nothing, and when several learners
    /// start a new version at once, the writes after the first change nothing.
    func ensurePool(version: String, items: [QuizItem]) async throws {
        let stored = try await rows("SELECT 1 FROM quiz_pool WHERE version = \(version)")
        if !stored.isEmpty { return }
        let json = try QuizStoreJSON.encode(pool: items)
        try await execute("INSERT INTO quiz_pool (version, items) VALUES (\(version), \(json)) ON CONFLICT (version) DO NOTHING")
    }

    public func attempt(_ key: AttemptKey, policy: QuizPolicy, at date: Date) async throws -> (QuizAttempt, [String: QuizAnswer])? {
        // One transaction: the attempt and its answers are read together, and an attempt left open past its deadline
        // is graded in the same view of it.
        try await transaction { connection -> (QuizAttempt, [String: QuizAnswer])? in
            guard let attempt = try await self.attempt(connection, key) else { return nil }
            let current = try await self.gradeIfExpired(connection, attempt, policy: policy, at: date)
            return (current, try await self.loadAnswers(connection, attemptID: key.id))
        }
    }

    /// Loads the attempt a key names for a change and refuses it when it no longer takes answers.
    func openAttempt(_ connection: PostgresConnection, _ key: AttemptKey, at date: Date) async throws -> QuizAttempt {
        guard let attempt = try await attempt(connection, key) else { throw QuizRefusal.notFound }
        try AttemptRules.requireOpen(attempt, at: date)
        return attempt
    }

    /// Writes what a merge decided: removals and new or changed answers.
    func persist(
        _ merged: (answers: [String: QuizAnswer], written: [String], removed: [String]), _ connection: PostgresConnection, attemptID: Int64
    ) async throws {
        for itemID in merged.removed { try await deleteAnswer(connection, attemptID: attemptID, itemID: itemID) }
        for itemID in merged.written {
            if let answer = merged.answers[itemID] { try await storeAnswer(connection, answer) }
        }
    }

    public func saveAnswers(
        _ key: AttemptKey, answers: [String: QuizResponse], cleared: Set<String>, check: Bool, at date: Date
    ) async throws -> [String: QuizAnswer] {
        try await transaction { connection -> [String: QuizAnswer] in
            let attempt = try await self.openAttempt(connection, key, at: date)
            let stored = try await self.loadAnswers(connection, attemptID: key.id)
            try AttemptRules.validate(answers, attempt: attempt, stored: stored)
            let merged = AttemptRules.merge(answers, cleared: cleared, into: stored, attempt: attempt, check: check, at: date)
            try await self.persist(merged, connection, attemptID: key.id)
            return merged.answers
        }
    }

    public func submit(
        _ key: AttemptKey, answers: [String: QuizResponse], cleared: Set<String>, policy: QuizPolicy, at date: Date
    ) async throws -> QuizAttempt {
        // Encoded before the transaction, which a conflict may run again.
        let encoded = try answers.mapValues { try QuizStoreJSON.encode($0) }
        return try await transaction { connection -> QuizAttempt in
            let attempt = try await self.openAttempt(connection, key, at: date)
            let stored = try await self.loadAnswers(connection, attemptID: key.id)
            try AttemptRules.validate(answers, attempt: attempt, stored: stored)
            let merged = AttemptRules.merge(answers, cleared: cleared, into: stored, attempt: attempt, check: false, at: date)
            for itemID in merged.removed { try await self.deleteAnswer(connection, attemptID: key.id, itemID: itemID) }
            var unwritten: [String: String] = [:]
            for itemID in merged.written { unwritten[itemID] = encoded[itemID] }
            return try await self.grade(
                connection, attempt, policy: policy, at: date, expired: false, answers: merged.answers, unwrittenJSON: unwritten
            )
        }
    }

    public func attempts(accountID: Int64, courseID: String, quizID: String, policy: QuizPolicy, at date: Date) async throws -> [QuizAttempt] {
        // One transaction: the attempts left open past their deadline are graded in the same view that read them.
        try await transaction { connection -> [QuizAttempt] in
            var attempts: [QuizAttempt] = []
            for stored in try await self.storedAttempts(connection, accountID: accountID, courseID: courseID, quizID: quizID) {
                attempts.append(try await self.gradeIfExpired(connection, stored, policy: policy, at: date))
            }
            return attempts
        }
    }

    public func gradeExpiredAttempts(
        at date: Date, batchSize: Int, policy: @escaping @Sendable (_ courseID: String, _ quizID: String) -> QuizPolicy?
    ) async throws -> [QuizAttempt] {
        // The attempts to grade, in deadline order as SQLite reads them through its index of open attempts; then graded
        // a batch per transaction, so that no serializable transaction holds (or runs again after a conflict) thousands.
        let cutoff = date.addingTimeInterval(-QuizAttempt.grace)
        let ids = try await rows(
            "SELECT id FROM quiz_attempt WHERE submitted_at IS NULL AND deadline IS NOT NULL AND deadline < \(cutoff) ORDER BY deadline, id"
        ).map { try $0.decode(Int64.self) }
        let size = max(batchSize, 1)
        var graded: [QuizAttempt] = []
        for start in stride(from: 0, to: ids.count, by: size) {
            if Task.isCancelled { break }
            let batch = Array(ids[start..<min(start + size, ids.count)])
            graded += try await transaction { connection -> [QuizAttempt] in
                // Read again in the transaction, open attempts only: one submitted or graded since (by its learner, or
                // by another node) is left as it is; a node grading the same attempt at once conflicts, and its
                // transaction, run again, no longer finds it open.
                let rows = try await connection.rows(
                    "SELECT * FROM quiz_attempt WHERE submitted_at IS NULL AND id = ANY(\(batch)) ORDER BY deadline, id", logger: self.logger
                )
                var gradedNow: [QuizAttempt] = []
                for attempt in try await self.attempts(from: rows, connection, keep: false) {
                    // A quiz no longer served has no policy to grade by: its attempts wait (and are graded, by the
                    // quiz's own rules, when a learner opens them again).
                    guard let quizPolicy = policy(attempt.courseID, attempt.quizID) else { continue }
                    gradedNow.append(try await self.gradeIfExpired(connection, attempt, policy: quizPolicy, at: date))
                }
                return gradedNow
            }
        }
        return graded
    }

    public func gradedAttempts(courseID: String, under unit: UnitPath?) async throws -> [QuizAttempt] {
        var sql = SQLBuilder(
            "SELECT quiz_attempt.* FROM quiz_attempt JOIN account ON account.id = quiz_attempt.account_id WHERE quiz_attempt.course_id = "
        )
        let course = sql.bind(courseID)
        sql.append(course)
        let subtree = Self.under(unit, column: "account.unit", &sql)
        sql.append(" AND quiz_attempt.submitted_at IS NOT NULL AND \(subtree) ORDER BY quiz_attempt.id")
        let query = sql.query
        return try await client.withConnection { connection in
            try await self.attempts(from: try await connection.rows(query, logger: self.logger), connection, keep: false)
        }
    }

    public func answers(attemptIDs: [Int64]) async throws -> [Int64: [String: QuizAnswer]] {
        guard !attemptIDs.isEmpty else { return [:] }
        var result: [Int64: [String: QuizAnswer]] = [:]
        for row in try await rows("SELECT * FROM quiz_answer WHERE attempt_id = ANY(\(attemptIDs))") {
            let answer = try Self.answer(from: row)
            result[answer.attemptID, default: [:]][answer.itemID] = answer
        }
        return result
    }

    public func attemptsNeedingGrading(courseIDs: Set<String>?) async throws -> [QuizAttempt] {
        var sql = SQLBuilder("SELECT * FROM quiz_attempt WHERE needs_grading")
        if let courseIDs {
            let courses = sql.bind(courseIDs.sorted())
            sql.append(" AND course_id = ANY(\(courses))")
        }
        // Ties in the order SQLite leaves them (by id).
        sql.append(" ORDER BY submitted_at, id")
        let query = sql.query
        return try await client.withConnection { connection in
            try await self.attempts(from: try await connection.rows(query, logger: self.logger), connection, keep: false)
        }
    }

    public func gradeEssay(_ key: AttemptKey, itemID: String, points: Double, policy: QuizPolicy, at date: Date) async throws -> QuizAttempt {
        try await transaction { connection -> QuizAttempt in
            guard let attempt = try await self.attempt(connection, key), let item = attempt.item(id: itemID),
                let points = AttemptRules.essayPoints(points, item: item, attempt: attempt),
                var answer = try await self.loadAnswers(connection, attemptID: key.id)[itemID]
            else { throw QuizRefusal.notFound }
            answer.points = points
            try await self.storeAnswer(connection, answer)
            return try await self.grade(connection, attempt, policy: policy, at: attempt.submittedAt ?? date, expired: false)
        }
    }
}
