import Foundation

/// One learner's attempt at a quiz (the mastery log): what was shown, when it started and must end, and its result.
public struct QuizAttempt: Sendable, Equatable {
    public var id: Int64
    public var accountID: Int64
    public var courseID: String
    public var quizID: String
    /// 1 for the first attempt.
    public var number: Int
    /// The seed the draw and shuffles came from.
    public var seed: UInt64
    /// The questions exactly as shown (drawn, choices shuffled), so that a review or re-grade sees what the learner saw
    /// even after the quiz file changes.
    public var items: [QuizItem]
    /// The digest of the quiz pool the attempt was drawn from.
    public var quizVersion: String
    public var startedAt: Date
    /// The server's deadline, if the quiz has a time limit.
    public var deadline: Date?
    /// When it was graded: at submission, or at the deadline for an attempt left open.
    public var submittedAt: Date?
    /// Points earned (including graded essays), once graded.
    public var score: Double?
    public var maximum: Double
    /// Whether essays still wait for a person.
    public var needsGrading: Bool
    /// Whether the attempt passed; nil until it is graded completely.
    public var passed: Bool?
    /// Whether the deadline passed before the learner submitted.
    public var expired: Bool

    /// Creates an attempt value.
    public init(
        id: Int64, accountID: Int64, courseID: String, quizID: String, number: Int, seed: UInt64, items: [QuizItem], quizVersion: String,
        startedAt: Date, deadline: Date?, submittedAt: Date? = nil, score: Double? = nil, maximum: Double, needsGrading: Bool = false,
        passed: Bool? = nil, expired: Bool = false
    ) {
        self.id = id
        self.accountID = accountID
        self.courseID = courseID
        self.quizID = quizID
        self.number = number
        self.seed = seed
        self.items = items
        self.quizVersion = quizVersion
        self.startedAt = startedAt
        self.deadline = deadline
        self.submittedAt = submittedAt
        self.score = score
        self.maximum = maximum
        self.needsGrading = needsGrading
        self.passed = passed
        self.expired = expired
    }

    /// Whether answers may still be given.
    public func isOpen(at date: Date) -> Bool {
        submittedAt == nil && !isPastDeadline(date)
    }

    /// Whether the time limit ran out (a short grace covers the last autosave in flight).
    public func isPastDeadline(_ date: Date) -> Bool {
        deadline.map { date > $0.addingTimeInterval(QuizAttempt.grace) } ?? false
    }

    /// Seconds accepted after the deadline for answers already on their way.
    public static let grace: TimeInterval = 2

    /// The score as a percentage of the maximum.
    public var percentage: Double? {
        guard let score else { return nil }
        return maximum > 0 ? (score / maximum * 1000).rounded() / 10 : 100
    }

    /// The item with an id, if the attempt shows it.
    public func item(id: String) -> QuizItem? {
        items.first { $0.id == id }
    }
}

/// One answer in an attempt (the attempt log): the response as last saved and, once graded, its points.
public struct QuizAnswer: Sendable, Equatable {
    public var attemptID: Int64
    public var itemID: String
    public var response: QuizResponse
    public var savedAt: Date
    /// Points once graded (an essay's when a person has graded it).
    public var points: Double?
    /// Whether the learner asked to check it (immediate feedback): a checked answer is final.
    public var checked: Bool

    public init(attemptID: Int64, itemID: String, response: QuizResponse, savedAt: Date, points: Double? = nil, checked: Bool = false) {
        self.attemptID = attemptID
        self.itemID = itemID
        self.response = response
        self.savedAt = savedAt
        self.points = points
        self.checked = checked
    }
}

/// Why an attempt or an answer was refused. Each leaves the stored attempt as it was.
public enum QuizRefusal: Error, Sendable, Equatable {
    /// Every attempt allowed has been used.
    case noAttemptsLeft
    /// The quiz closed.
    case closed
    /// The attempt was submitted already (a second submission).
    case alreadySubmitted
    /// The time limit ran out; the attempt was graded from its saved answers.
    case pastDeadline
    /// An answer names a question the attempt does not show.
    case unknownItem(String)
    /// An answer does not fit its question: an unknown choice id, two answers to a single choice, a number that is not one.
    case invalidAnswer(itemID: String)
    /// A checked answer (immediate feedback) cannot be changed.
    case answerFinal(itemID: String)
    /// The text typed holds a control character other than a tab or a line break (see ``ControlCharacters``).
    case controlCharacter(itemID: String)
    /// The attempt does not exist or is someone else's.
    case notFound
}

/// Grading an attempt from its answers, as pure functions.
public enum AttemptGrading {
    /// The points per item and in total. Essays count what a person gave them, or wait for grading.
    public static func grade(items: [QuizItem], answers: [String: QuizAnswer]) -> (perItem: [String: ItemScore], score: Double, needsGrading: Bool) {
        var perItem: [String: ItemScore] = [:]
        var total = 0.0
        var pending = false
        for item in items {
            var result = Scoring.score(item, answers[item.id]?.response)
            if result.needsGrading {
                if let points = answers[item.id]?.points {
                    result = ItemScore(points: min(result.maximum, max(0, points)), maximum: result.maximum, needsGrading: false)
                } else if answers[item.id] == nil || answers[item.id]?.response == .essay("") {
                    result = ItemScore(points: 0, maximum: result.maximum, needsGrading: false)  // nothing written: nothing to grade
                } else {
                    pending = true
                }
            }
            perItem[item.id] = result
            total += result.needsGrading ? 0 : result.points
        }
        return (perItem, (total * 1e6).rounded() / 1e6, pending)
    }

    /// Whether a percentage passes.
    public static func passes(score: Double, maximum: Double, passingScore: Double) -> Bool {
        let percentage = maximum > 0 ? score / maximum * 100 : 100
        return percentage + 1e-9 >= passingScore
    }

    /// Checks that a response fits its item: the right kind, known choice and option ids, sizes within reason.
    public static func validate(_ response: QuizResponse, for item: QuizItem) -> Bool {
        let limit = 10_000
        switch (item.interaction, response) {
        case (.choice(let choices, let multiple), .choices(let chosen)):
            return chosen.isSubset(of: Set(choices.map(\.id))) && (multiple || chosen.count <= 1)
        case (.text, .text(let text)):
            return text.utf8.count <= limit
        case (.numeric, .number(let value)):
            return value.isFinite
        case (.matching(let pairs, let responses), .matches(let matches)):
            let premises = Set(QuizItem.Pair.keys(pairs))
            let allowed = Set(responses).union(pairs.map(\.response))
            return matches.keys.allSatisfy(premises.contains) && matches.values.allSatisfy(allowed.contains)
        case (.ordering(let correctOrder, _), .order(let order)):
            return order.count == correctOrder.count && Set(order) == Set(correctOrder)
        case (.gaps(let gaps), .gaps(let filled)):
            let byID = Dictionary(gaps.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
            return filled.allSatisfy { id, value in
                guard let gap = byID[id] else { return false }
                return gap.options.isEmpty ? value.utf8.count <= limit : gap.options.contains { $0.id == value }
            }
        case (.essay, .essay(let text)):
            return text.utf8.count <= 100_000
        default:
            return false
        }
    }
}

/// Quiz attempts and their answers, as stored. Every look-up of one attempt takes its whole ``AttemptKey``; the rules
/// (``AttemptRules``) decide, the store persists what they decide, inside one transaction.
public protocol QuizRepository: Sendable {
    /// Starts an attempt, or returns the learner's open one: in one transaction, so that parallel starts cannot
    /// exceed the attempts allowed. An open attempt past its deadline is graded first.
    ///
    /// - Parameter attempt: the new attempt (its account, course and quiz, seed, questions and deadline); the store
    ///   gives it its id and number.
    ///   - pool: every question of the quiz version the attempt was drawn from, kept once per version.
    func startAttempt(_ attempt: QuizAttempt, pool: [QuizItem], policy: QuizPolicy, at date: Date) async throws -> QuizAttempt
    /// The attempt a key names, with its answers; an attempt left past its deadline is graded first.
    func attempt(_ key: AttemptKey, policy: QuizPolicy, at date: Date) async throws -> (QuizAttempt, [String: QuizAnswer])?
    /// Saves answers to an open attempt and removes those the learner emptied (`cleared`); `check` makes the answers
    /// given final and graded (immediate feedback).
    func saveAnswers(_ key: AttemptKey, answers: [String: QuizResponse], cleared: Set<String>, check: Bool, at date: Date) async throws
        -> [String: QuizAnswer]
    /// Saves the last answers (removing the emptied ones) and grades the attempt; a second submission or one past
    /// the deadline is refused.
    func submit(_ key: AttemptKey, answers: [String: QuizResponse], cleared: Set<String>, policy: QuizPolicy, at date: Date) async throws
        -> QuizAttempt
    /// A learner's attempts at a quiz, oldest first; open attempts past their deadline are graded first.
    func attempts(accountID: Int64, courseID: String, quizID: String, policy: QuizPolicy, at date: Date) async throws -> [QuizAttempt]
    /// Grades every attempt whose deadline passed, with its quiz's policy (attempts at quizzes no longer served wait);
    /// returns those it graded.
    ///
    /// The attempts are graded in transactions of at most `batchSize` each, so that an exam of thousands ending at
    /// once never holds the writer (or one long serializable transaction) for all of them. Each transaction reads its
    /// attempts again and grades only those still open: an attempt is graded once even when two nodes run this at
    /// the same moment. Cancelled, it stops between transactions and returns those graded so far.
    func gradeExpiredAttempts(
        at date: Date, batchSize: Int, policy: @escaping @Sendable (_ courseID: String, _ quizID: String) -> QuizPolicy?
    ) async throws -> [QuizAttempt]
    /// Every graded attempt at a course's quizzes by learners in a unit subtree (all when nil), with their accounts' ids.
    func gradedAttempts(courseID: String, under unit: UnitPath?) async throws -> [QuizAttempt]
    /// The answers of attempts, by attempt id.
    func answers(attemptIDs: [Int64]) async throws -> [Int64: [String: QuizAnswer]]
    /// Attempts with an essay waiting for a grade, in courses given (all when nil).
    func attemptsNeedingGrading(courseIDs: Set<String>?) async throws -> [QuizAttempt]
    /// Grades an essay answer of the attempt a key names and re-grades the attempt.
    func gradeEssay(_ key: AttemptKey, itemID: String, points: Double, policy: QuizPolicy, at date: Date) async throws -> QuizAttempt
}

extension QuizRepository {
    /// How many expired attempts ``gradeExpiredAttempts(at:policy:)`` grades in one transaction.
    public static var expiredGradingBatchSize: Int { 200 }

    /// Grades every attempt whose deadline passed, ``expiredGradingBatchSize`` per transaction (see
    /// ``gradeExpiredAttempts(at:batchSize:policy:)``); returns those it graded.
    public func gradeExpiredAttempts(at date: Date, policy: @escaping @Sendable (_ courseID: String, _ quizID: String) -> QuizPolicy?)
        async throws -> [QuizAttempt]
    {
        try await gradeExpiredAttempts(at: date, batchSize: Self.expiredGradingBatchSize, policy: policy)
    }
}
