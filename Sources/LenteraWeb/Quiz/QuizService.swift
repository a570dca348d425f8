import Foundation
import LenteraCore
import Logging

/// Quiz attempts as the server runs them: it draws the questions, keeps the deadline, grades, and completes the
/// modules a passed quiz completes. Nothing the browser sends is trusted beyond which answers were given.
struct QuizService: Sendable {
    let store: any LearningStore
    let learning: LearningService
    let logger: Logger
    /// The questions of the attempts this service has started or read, for ``knownItems(_:course:quiz:id:)``.
    let attemptItems = AttemptItemsCache()

    var site: SiteStore { learning.site }

    /// The course and quiz a path names, if the site serves them.
    func quiz(courseID: String, quizID: String) -> (Course, Quiz)? {
        guard let course = site.site.courses.first(where: { $0.id == courseID }), let quiz = course.quiz(withID: quizID) else { return nil }
        return (course, quiz)
    }


    /// Starts an attempt or returns the open one. The seed, the draw and the deadline are the server's.
    func start(_ account: Account, course: Course, quiz: Quiz, now: Date = Date()) async throws -> QuizAttempt {
        LenteraMetrics.quizStarted()
        if quiz.settings.isClosed(at: now) { throw QuizRefusal.closed }
        let seed = UInt64.random(in: .min ... .max)
        let settings = quiz.settings
        let items = quiz.draw(seed: seed)
        var deadline = settings.timeLimit.map { now.addingTimeInterval($0) }
        if let closes = settings.closes { deadline = min(deadline ?? closes, closes) }
        let attempt = try await store.startAttempt(
            QuizAttempt(
                id: 0, accountID: account.id, courseID: course.id, quizID: quiz.id, number: 0, seed: seed, items: items,
                quizVersion: quiz.version, startedAt: now, deadline: deadline, maximum: Quiz.maximum(items)
            ),
            pool: quiz.items, policy: QuizPolicy(settings), at: now
        )
        attemptItems.keep([attempt])
        return attempt
    }

    /// The key of the caller's attempt at a quiz: an attempt is found only under the course and quiz it belongs to.
    static func key(_ account: Account, course: Course, quiz: Quiz, id: Int64) -> AttemptKey {
        AttemptKey(id: id, accountID: account.id, courseID: course.id, quizID: quiz.id)
    }

    /// The questions of the caller's attempt if this process holds them already (no database read); nil otherwise.
    func knownItems(_ account: Account, course: Course, quiz: Quiz, id: Int64) -> [QuizItem]? {
        attemptItems.items(Self.key(account, course: course, quiz: quiz, id: id))
    }

    /// The caller's attempt with its answers; one left open past its deadline is graded now from its saved answers.
    func attempt(_ account: Account, course: Course, quiz: Quiz, id: Int64, now: Date = Date()) async throws
        -> (QuizAttempt, [String: QuizAnswer])?
    {
        guard let (attempt, answers) = try await store.attempt(
            Self.key(account, course: course, quiz: quiz, id: id), policy: QuizPolicy(quiz.settings), at: now
        ) else { return nil }
        attemptItems.keep([attempt])
        try await completeModulesIfPassed(account, course: course, quiz: quiz, attempts: [attempt])
        return (attempt, answers)
    }

    /// A learner's attempts at a quiz, oldest first.
    func attempts(_ account: Account, course: Course, quiz: Quiz, now: Date = Date()) async throws -> [QuizAttempt] {
        let attempts = try await store.attempts(
            accountID: account.id, courseID: course.id, quizID: quiz.id, policy: QuizPolicy(quiz.settings), at: now
        )
        attemptItems.keep(attempts)
        try await completeModulesIfPassed(account, course: course, quiz: quiz, attempts: attempts)
        return attempts
    }

    /// Saves answers as they are given; `check` makes them final and shows their feedback (immediate feedback).
    func save(_ account: Account, course: Course, quiz: Quiz, attemptID: Int64, answers: [String: QuizResponse], cleared: Set<String> = [],
              check: Bool, now: Date = Date()) async throws -> [String: QuizAnswer] {
        if check, quiz.settings.feedback != .immediate { throw QuizRefusal.invalidAnswer(itemID: answers.keys.sorted().first ?? "") }
        return try await store.saveAnswers(
            Self.key(account, course: course, quiz: quiz, id: attemptID), answers: answers, cleared: cleared, check: check, at: now
        )
    }

    /// Saves the last answers and grades the attempt; a pass completes the modules the quiz completes.
    func submit(_ account: Account, course: Course, quiz: Quiz, attemptID: Int64, answers: [String: QuizResponse], cleared: Set<String> = [],
                now: Date = Date()) async throws -> QuizAttempt {
        LenteraMetrics.quizSubmitted()
        let attempt = try await store.submit(
            Self.key(account, course: course, quiz: quiz, id: attemptID), answers: answers, cleared: cleared, policy: QuizPolicy(quiz.settings),
            at: now
        )
        logger.info("quiz attempt graded", metadata: [
            "course": "\(course.id)", "quiz": "\(quiz.id)", "account": "\(account.id)", "score": "\(attempt.score ?? 0)",
        ])
        // The learner is answered without waiting for the module and the course to be completed: that happens
        // right after, and again (idempotently) when the result page or the quiz page is opened, so a pass is
        // never lost even if this task is cut short.
        if attempt.passed == true {
            Task { [self] in
                do {
                    // A moment later: the result page the learner is sent to does it first, and a burst of
                    // submissions is not slowed by the completions of the first ones.
                    try await Task.sleep(for: .seconds(1))
                    try await completeModulesIfPassed(account, course: course, quiz: quiz, attempts: [attempt])
                } catch {
                    logger.error("completing modules after a pass failed", metadata: ["error": "\(error)"])
                }
            }
        }
        return attempt
    }

    /// Marks done every module whose rule is passing this quiz, once an attempt passed.
    func completeModulesIfPassed(_ account: Account, course: Course, quiz: Quiz, attempts: [QuizAttempt]) async throws {
        let modules = AttemptRules.modulesCompleted(in: course, quizID: quiz.id, by: attempts)
        guard !modules.isEmpty else { return }
        let summaries = try await store.summaries(accountID: account.id, courseID: course.id)
        var marked = false
        for module in modules where summaries[module.id]?.isComplete != true {
            _ = try await learning.markDone(account, course: course, module: module)
            marked = true
        }
        // Whoever marked the module (this call, or the one just after the submission) credits the course only
        // when its own mark completed it; so the course is credited here whenever it is complete and not yet
        // credited. Crediting twice is impossible: the ledger keeps one entry per learner, course and version.
        if marked || CourseRequirements(course).isComplete(summaries),
            try await !store.entries(accountID: account.id).contains(where: { $0.courseID == course.id && $0.courseVersion == course.creditVersion })
        {
            try await learning.creditIfComplete(account, course: course)
        }
    }

    /// Grades attempts whose deadline passed while nobody looked, and completes modules for those that passed.
    func gradeExpired(now: Date = Date()) async throws {
        let courses = site.site.courses
        let graded = try await store.gradeExpiredAttempts(at: now) { courseID, quizID in
            courses.first { $0.id == courseID }?.quiz(withID: quizID).map { QuizPolicy($0.settings) }
        }
        for attempt in graded where attempt.passed == true {
            guard let (course, quiz) = quiz(courseID: attempt.courseID, quizID: attempt.quizID),
                let account = try await store.account(id: attempt.accountID)
            else { continue }
            try await completeModulesIfPassed(account, course: course, quiz: quiz, attempts: [attempt])
        }
    }

    /// Whether a learner may see which answers were right in a graded attempt.
    static func reviewVisible(_ quiz: Quiz, attempt: QuizAttempt, now: Date = Date()) -> Bool {
        guard quiz.settings.review, attempt.submittedAt != nil else { return false }
        switch quiz.settings.feedback {
        case .immediate, .afterSubmit: return true
        case .afterClose: return quiz.settings.isClosed(at: now)
        }
    }
}
