import Foundation
import GRDB
import LenteraCore

// MARK: - Quiz attempts

extension SQLiteStore: QuizRepository {
    static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return encoder
    }()

    /// An attempt from its row. The questions as shown never change once an attempt starts, so they are decoded
    /// once and kept: every page, save and submission of the attempt reads them.
    /// - Parameter keep: whether to keep the decoded questions (reads of one learner's attempt); bulk reads for
    ///   reports do not fill the cache.
    func attempt(from row: Row, _ db: Database, keep: Bool = true) throws -> QuizAttempt {
        let id: Int64 = row["id"]
        let seed: Int64 = row["seed"]
        let items: [QuizItem]
        if let cached = attemptItems.withLock({ $0[id] }) {
            items = cached
        } else {
            let stored: String = row["items"]
            if stored.hasPrefix("[") {
                items = try JSONDecoder().decode([QuizItem].self, from: Data(stored.utf8))
            } else {
                let layout = try JSONDecoder().decode(AttemptLayout.self, from: Data(stored.utf8))
                let version: String = row["quiz_version"]
                guard let rebuilt = layout.items(from: try pool(db, version: version)) else {
                    throw DatabaseError(message: "quiz attempt \(id): its questions are not in the pool of version \(version)")
                }
                items = rebuilt
            }
            if keep { remember(items, attemptID: id) }
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
        let items = try JSONDecoder().decode([QuizItem].self, from: Data(json.utf8))
        pools.withLock { $0[version] = items }
        return items
    }

    public func knownItems(attemptID: Int64) -> [QuizItem]? {
        attemptItems.withLock { $0[attemptID] }
    }

    func remember(_ items: [QuizItem], attemptID: Int64) {
        attemptItems.withLock { cache in
            if cache.count >= 5_000 { cache.removeAll(keepingCapacity: true) }
            cache[attemptID] = items
        }
    }

    static func answer(from row: Row) throws -> QuizAnswer {
        let json: String = row["response"]
        return QuizAnswer(
            attemptID: row["attempt_id"], itemID: row["item_id"], response: try JSONDecoder().decode(QuizResponse.self, from: Data(json.utf8)),
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
        String(decoding: try encoder.encode(response), as: UTF8.self)
    }

    static func deleteAnswer(_ db: Database, attemptID: Int64, itemID: String) throws {
        try db.cachedStatement(sql: "DELETE FROM quiz_answer WHERE attempt_id = ? AND item_id = ?").execute(arguments: [attemptID, itemID])
    }

    /// Changes only an answer's points (the response is already stored).
    static func storePoints(_ db: Database, _ answer: QuizAnswer) throws {
        try db.cachedStatement(sql: "UPDATE quiz_answer SET points = ? WHERE attempt_id = ? AND item_id = ?")
            .execute(arguments: [answer.points, answer.attemptID, answer.itemID])
    }

    /// Grades an attempt from its stored answers and writes the result; the moment is the submission or the deadline.
    ///
    /// - Parameters:
    ///   - answers: the attempt's answers when the caller has them already (with new ones not yet written).
    ///   - unwritten: ids of answers in `answers` that are new and must be written even if their points did not change.
    ///   - unwrittenJSON: the encoded responses of the answers in `answers` that are new and must be written.
    static func grade(
        _ db: Database, _ attempt: QuizAttempt, passingScore: Double, at date: Date, expired: Bool, answers given: [String: QuizAnswer]? = nil,
        unwrittenJSON: [String: String] = [:]
    ) throws -> QuizAttempt {
        var answers = try given ?? loadAnswers(db, attemptID: attempt.id)
        let result = AttemptGrading.grade(items: attempt.items, answers: answers)
        var newAnswers: [(QuizAnswer, String)] = []
        for item in attempt.items {
            guard var answer = answers[item.id] else { continue }
            var pointsChanged = false
            if let score = result.perItem[item.id], !score.needsGrading, answer.points != score.points {
                answer.points = score.points
                pointsChanged = true
            }
            if let json = unwrittenJSON[item.id] {
                newAnswers.append((answer, json))
            } else if pointsChanged {
                try storePoints(db, answer)
            }
            answers[item.id] = answer
        }
        try storeAnswers(db, newAnswers)
        var graded = attempt
        graded.submittedAt = graded.submittedAt ?? date
        graded.score = result.score
        graded.needsGrading = result.needsGrading
        graded.passed = result.needsGrading ? nil : AttemptGrading.passes(score: result.score, maximum: attempt.maximum, passingScore: passingScore)
        graded.expired = graded.expired || expired
        try db.cachedStatement(sql: "UPDATE quiz_attempt SET submitted_at = ?, score = ?, needs_grading = ?, passed = ?, expired = ? WHERE id = ?")
            .execute(arguments: [graded.submittedAt, graded.score, graded.needsGrading, graded.passed, graded.expired, graded.id])
        return graded
    }

    /// Grades the attempt if its deadline passed while it was open; the grade is dated at the deadline.
    static func gradeIfExpired(_ db: Database, _ attempt: QuizAttempt, passingScore: Double, at date: Date) throws -> QuizAttempt {
        guard attempt.submittedAt == nil, attempt.isPastDeadline(date), let deadline = attempt.deadline else { return attempt }
        return try grade(db, attempt, passingScore: passingScore, at: deadline, expired: true)
    }

    public func startAttempt(_ new: QuizAttempt, pool: [QuizItem], maximumAttempts: Int, passingScore: Double, at date: Date) async throws
        -> QuizAttempt
    {
        // The pool is written once per version; the attempt keeps only its layout. Both are encoded before the
        // write: the single writer should spend its time writing.
        let items = AttemptLayout(items: new.items).json()
        try await ensurePool(version: new.quizVersion, items: pool)
        let attempt = try await groupCommit.write { db in
            let statement = try db.cachedStatement(sql: "SELECT * FROM quiz_attempt WHERE account_id = ? AND course_id = ? AND quiz_id = ? ORDER BY number")
            var attempts = try Row.fetchAll(statement, arguments: [new.accountID, new.courseID, new.quizID]).map { try self.attempt(from: $0, db) }
            for index in attempts.indices {
                attempts[index] = try Self.gradeIfExpired(db, attempts[index], passingScore: passingScore, at: date)
            }
            if let open = attempts.first(where: { $0.submittedAt == nil }) { return open }
            if maximumAttempts > 0, attempts.count >= maximumAttempts { throw QuizRefusal.noAttemptsLeft }
            var attempt = new
            attempt.number = attempts.count + 1
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
        // Kept only once committed: a rolled-back id would be given to the next attempt.
        remember(attempt.items, attemptID: attempt.id)
        return attempt
    }

    /// Stores a quiz version's pool once. When hundreds of learners start a new version at once, one of them
    /// encodes and writes it and the others wait for that write instead of repeating it.
    func ensurePool(version: String, items: [QuizItem]) async throws {
        if pools.withLock({ $0[version] }) != nil { return }
        let task = poolWrites.withLock { writes -> Task<Void, any Error> in
            if let running = writes[version] { return running }
            let task = Task {
                let json = String(decoding: try Self.encoder.encode(items), as: UTF8.self)
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

    public func attempt(id: Int64, accountID: Int64, passingScore: Double, at date: Date) async throws -> (QuizAttempt, [String: QuizAnswer])? {
        let found = try await pool.read { db -> (QuizAttempt, [String: QuizAnswer])? in
            let statement = try db.cachedStatement(sql: "SELECT * FROM quiz_attempt WHERE id = ? AND account_id = ?")
            guard let row = try Row.fetchOne(statement, arguments: [id, accountID]) else { return nil }
            return (try self.attempt(from: row, db), try Self.loadAnswers(db, attemptID: id))
        }
        // Only an attempt left open past its deadline needs a write (its grade).
        guard let (attempt, _) = found, attempt.submittedAt == nil, attempt.isPastDeadline(date) else { return found }
        return try await groupCommit.write { db in
            let statement = try db.cachedStatement(sql: "SELECT * FROM quiz_attempt WHERE id = ? AND account_id = ?")
            guard let row = try Row.fetchOne(statement, arguments: [id, accountID]) else { return nil }
            let attempt = try Self.gradeIfExpired(db, try self.attempt(from: row, db), passingScore: passingScore, at: date)
            return (attempt, try Self.loadAnswers(db, attemptID: id))
        }
    }

    /// Loads the caller's attempt for a change and refuses it when it no longer takes answers.
    func openAttempt(_ db: Database, attemptID: Int64, accountID: Int64, at date: Date) throws -> QuizAttempt {
        let statement = try db.cachedStatement(sql: "SELECT * FROM quiz_attempt WHERE id = ? AND account_id = ?")
        guard let row = try Row.fetchOne(statement, arguments: [attemptID, accountID]) else { throw QuizRefusal.notFound }
        let attempt = try attempt(from: row, db)
        if attempt.submittedAt != nil { throw attempt.expired ? QuizRefusal.pastDeadline : QuizRefusal.alreadySubmitted }
        if attempt.isPastDeadline(date) { throw QuizRefusal.pastDeadline }
        return attempt
    }

    /// Checks every answer against the attempt before any is written: one bad answer refuses them all.
    static func validated(_ answers: [String: QuizResponse], attempt: QuizAttempt, stored: [String: QuizAnswer]) throws {
        for (itemID, response) in answers {
            guard let item = attempt.item(id: itemID) else { throw QuizRefusal.unknownItem(itemID) }
            guard AttemptGrading.validate(response, for: item) else { throw QuizRefusal.invalidAnswer(itemID: itemID) }
            if let previous = stored[itemID], previous.checked, previous.response != response { throw QuizRefusal.answerFinal(itemID: itemID) }
        }
    }

    public func saveAnswers(
        attemptID: Int64, accountID: Int64, answers: [String: QuizResponse], cleared: Set<String>, check: Bool, at date: Date
    ) async throws -> [String: QuizAnswer] {
        try await groupCommit.write { db in
                let attempt = try self.openAttempt(db, attemptID: attemptID, accountID: accountID, at: date)
                var stored = try Self.loadAnswers(db, attemptID: attemptID)
                try Self.validated(answers, attempt: attempt, stored: stored)
                for itemID in cleared where stored[itemID]?.checked == false {
                    try Self.deleteAnswer(db, attemptID: attemptID, itemID: itemID)
                    stored[itemID] = nil
                }
                for (itemID, response) in answers where stored[itemID]?.checked != true {
                    var answer = QuizAnswer(attemptID: attemptID, itemID: itemID, response: response, savedAt: date)
                    if check, let item = attempt.item(id: itemID) {
                        let score = Scoring.score(item, response)
                        answer.checked = true
                        answer.points = score.needsGrading ? nil : score.points
                    }
                    try Self.storeAnswer(db, answer)
                    stored[itemID] = answer
                }
                return stored
        }
    }

    public func submit(
        attemptID: Int64, accountID: Int64, answers: [String: QuizResponse], cleared: Set<String>, passingScore: Double, at date: Date
    ) async throws -> QuizAttempt {
        // Encoded before the write: the single writer should spend its time writing.
        let encoded = try answers.mapValues(Self.encodeResponse)
        return try await groupCommit.write { db in
            let attempt = try self.openAttempt(db, attemptID: attemptID, accountID: accountID, at: date)
            var merged = try Self.loadAnswers(db, attemptID: attemptID)
            try Self.validated(answers, attempt: attempt, stored: merged)
            for itemID in cleared where merged[itemID]?.checked == false {
                try Self.deleteAnswer(db, attemptID: attemptID, itemID: itemID)
                merged[itemID] = nil
            }
            var unwritten: [String: String] = [:]
            for (itemID, response) in answers where merged[itemID]?.checked != true && merged[itemID]?.response != response {
                merged[itemID] = QuizAnswer(attemptID: attemptID, itemID: itemID, response: response, savedAt: date)
                unwritten[itemID] = encoded[itemID]
            }
            return try Self.grade(db, attempt, passingScore: passingScore, at: date, expired: false, answers: merged, unwrittenJSON: unwritten)
        }
    }

    public func attempts(accountID: Int64, courseID: String, quizID: String, passingScore: Double, at date: Date) async throws -> [QuizAttempt] {
        let attempts = try await pool.read { db in
            try Row.fetchAll(
                db, sql: "SELECT * FROM quiz_attempt WHERE account_id = ? AND course_id = ? AND quiz_id = ? ORDER BY number",
                arguments: [accountID, courseID, quizID]
            ).map { try self.attempt(from: $0, db) }
        }
        guard attempts.contains(where: { $0.submittedAt == nil && $0.isPastDeadline(date) }) else { return attempts }
        // Read again inside the write: a submission may have landed since.
        return try await groupCommit.write { db in
            try Row.fetchAll(
                db, sql: "SELECT * FROM quiz_attempt WHERE account_id = ? AND course_id = ? AND quiz_id = ? ORDER BY number",
                arguments: [accountID, courseID, quizID]
            ).map { try Self.gradeIfExpired(db, try self.attempt(from: $0, db), passingScore: passingScore, at: date) }
        }
    }

    public func gradeExpiredAttempts(at date: Date, passingScore: @escaping @Sendable (_ courseID: String, _ quizID: String) -> Double?) async throws
        -> [QuizAttempt]
    {
        try await groupCommit.write { db in
            let rows = try Row.fetchAll(
                db, sql: "SELECT * FROM quiz_attempt WHERE submitted_at IS NULL AND deadline IS NOT NULL AND deadline < ?",
                arguments: [date.addingTimeInterval(-QuizAttempt.grace)]
            )
            return try rows.map { try self.attempt(from: $0, db, keep: false) }.map { attempt in
                try Self.gradeIfExpired(db, attempt, passingScore: passingScore(attempt.courseID, attempt.quizID) ?? 100, at: date)
            }
        }
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

    public func gradeEssay(attemptID: Int64, itemID: String, points: Double, passingScore: Double, at date: Date) async throws -> QuizAttempt {
        try await pool.write { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT * FROM quiz_attempt WHERE id = ?", arguments: [attemptID]) else {
                throw QuizRefusal.notFound
            }
            let attempt = try self.attempt(from: row, db)
            guard attempt.submittedAt != nil, let item = attempt.item(id: itemID), case .essay = item.interaction,
                var answer = try Self.loadAnswers(db, attemptID: attemptID)[itemID]
            else { throw QuizRefusal.notFound }
            answer.points = min(max(0, points), max(0, item.points))
            try Self.storeAnswer(db, answer)
            return try Self.grade(db, attempt, passingScore: passingScore, at: attempt.submittedAt ?? date, expired: false)
        }
    }
}
