import Foundation

/// Everything that names an attempt: its learner, course, quiz and id. An attempt is found only when all four match,
/// so a URL naming one quiz can never reach an attempt at another.
public struct AttemptKey: Sendable, Hashable, CustomStringConvertible {
    /// The attempt's id (the number in its URL).
    public var id: Int64
    /// The learner who owns it.
    public var accountID: Int64
    /// The course the URL names.
    public var courseID: String
    /// The quiz the URL names.
    public var quizID: String

    /// Creates a key.
    public init(id: Int64, accountID: Int64, courseID: String, quizID: String) {
        self.id = id
        self.accountID = accountID
        self.courseID = courseID
        self.quizID = quizID
    }

    /// Whether an attempt is the one this key names.
    public func names(_ attempt: QuizAttempt) -> Bool {
        attempt.id == id && attempt.accountID == accountID && attempt.courseID == courseID && attempt.quizID == quizID
    }

    /// A readable form for logs.
    public var description: String { "\(courseID)/\(quizID)/\(id) of account \(accountID)" }
}

extension QuizAttempt {
    /// The key that names this attempt.
    public var key: AttemptKey { AttemptKey(id: id, accountID: accountID, courseID: courseID, quizID: quizID) }
}

/// What a quiz allows, as the rules need it: taken from the quiz the attempt belongs to, never from the request.
public struct QuizPolicy: Sendable, Equatable {
    /// Attempts allowed (0: unlimited).
    public var maximumAttempts: Int
    /// The percentage that passes.
    public var passingScore: Double

    /// Creates a policy.
    public init(maximumAttempts: Int, passingScore: Double) {
        self.maximumAttempts = maximumAttempts
        self.passingScore = passingScore
    }

    /// The policy of a quiz as declared.
    public init(_ settings: QuizSettings) {
        self.init(maximumAttempts: settings.attempts, passingScore: settings.passingScore)
    }
}

/// The rules of quiz attempts, as pure functions: whether an attempt may start, whether it still takes answers,
/// which answers it accepts, and its grade. Stores call these inside their transactions and only persist the result.
public enum AttemptRules {
    /// What a start does, given the learner's attempts at the quiz (each already graded if its deadline passed).
    public enum Start: Sendable, Equatable {
        /// An attempt is open: the learner continues it.
        case resume(QuizAttempt)
        /// A new attempt with this number.
        case create(number: Int)
    }

    /// Decides a start: the open attempt if there is one, otherwise the next number while attempts remain.
    public static func start(existing: [QuizAttempt], policy: QuizPolicy) throws(QuizRefusal) -> Start {
        if let open = existing.first(where: { $0.submittedAt == nil }) { return .resume(open) }
        if policy.maximumAttempts > 0, existing.count >= policy.maximumAttempts { throw .noAttemptsLeft }
        return .create(number: existing.count + 1)
    }

    /// Refuses a change to an attempt that no longer takes answers.
    public static func requireOpen(_ attempt: QuizAttempt, at date: Date) throws(QuizRefusal) {
        if attempt.submittedAt != nil { throw attempt.expired ? .pastDeadline : .alreadySubmitted }
        if attempt.isPastDeadline(date) { throw .pastDeadline }
    }

    /// Checks every answer against the attempt before any is written: one bad answer refuses them all.
    public static func validate(_ answers: [String: QuizResponse], attempt: QuizAttempt, stored: [String: QuizAnswer]) throws(QuizRefusal) {
        for (itemID, response) in answers {
            guard let item = attempt.item(id: itemID) else { throw .unknownItem(itemID) }
            guard response.refusedControlCharacter == nil else { throw .controlCharacter(itemID: itemID) }
            guard AttemptGrading.validate(response, for: item) else { throw .invalidAnswer(itemID: itemID) }
            if let previous = stored[itemID], previous.checked, previous.response != response { throw .answerFinal(itemID: itemID) }
        }
    }

    /// The answers after a save: the emptied ones removed (unless checked), the given ones written (unless checked);
    /// `check` grades the given ones and makes them final (immediate feedback).
    public static func merge(
        _ answers: [String: QuizResponse], cleared: Set<String>, into stored: [String: QuizAnswer], attempt: QuizAttempt, check: Bool, at date: Date
    ) -> (answers: [String: QuizAnswer], written: [String], removed: [String]) {
        var merged = stored
        var removed: [String] = []
        for itemID in cleared where merged[itemID]?.checked == false {
            merged[itemID] = nil
            removed.append(itemID)
        }
        var written: [String] = []
        for (itemID, response) in answers where merged[itemID]?.checked != true {
            if !check, merged[itemID]?.response == response { continue }
            var answer = QuizAnswer(attemptID: attempt.id, itemID: itemID, response: response, savedAt: date)
            if check, let item = attempt.item(id: itemID) {
                let score = Scoring.score(item, response)
                answer.checked = true
                answer.points = score.needsGrading ? nil : score.points
            }
            merged[itemID] = answer
            written.append(itemID)
        }
        return (merged, written, removed)
    }

    /// Grades an attempt from its answers: the attempt with its score and pass, and the answers with their points.
    /// The moment is the submission, or the deadline for an attempt left open.
    public static func grade(
        _ attempt: QuizAttempt, answers: [String: QuizAnswer], policy: QuizPolicy, at date: Date, expired: Bool
    ) -> (attempt: QuizAttempt, answers: [String: QuizAnswer]) {
        let result = AttemptGrading.grade(items: attempt.items, answers: answers)
        var scored = answers
        for item in attempt.items {
            guard var answer = scored[item.id], let score = result.perItem[item.id], !score.needsGrading else { continue }
            answer.points = score.points
            scored[item.id] = answer
        }
        var graded = attempt
        graded.submittedAt = graded.submittedAt ?? date
        graded.score = result.score
        graded.needsGrading = result.needsGrading
        graded.passed = result.needsGrading ? nil : AttemptGrading.passes(score: result.score, maximum: attempt.maximum, passingScore: policy.passingScore)
        graded.expired = graded.expired || expired
        return (graded, scored)
    }

    /// Whether an attempt left open must be graded now, dated at its deadline.
    public static func expiredDeadline(_ attempt: QuizAttempt, at date: Date) -> Date? {
        guard attempt.submittedAt == nil, attempt.isPastDeadline(date), let deadline = attempt.deadline else { return nil }
        return deadline
    }

    /// The points a grader gives an essay, within what the item is worth; nil when the answer is not a submitted essay.
    public static func essayPoints(_ points: Double, item: QuizItem, attempt: QuizAttempt) -> Double? {
        guard attempt.submittedAt != nil, case .essay = item.interaction, points.isFinite else { return nil }
        return min(max(0, points), max(0, item.points))
    }

    /// The modules of a course that a quiz completes once one of these attempts passed (none when none passed).
    public static func modulesCompleted(in course: Course, quizID: String, by attempts: [QuizAttempt]) -> [Module] {
        guard attempts.contains(where: { $0.quizID == quizID && $0.courseID == course.id && $0.passed == true }) else { return [] }
        return course.modules.filter { $0.completion == .quizPassed(quizID: quizID) }
    }
}
