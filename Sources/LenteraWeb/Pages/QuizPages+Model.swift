import LenteraCore
import Mustache

// The typed contexts of a learner's quiz pages: the quiz with its attempts, an open attempt, and a submitted one's
// result. Each answers Mustache's look-ups by name (``MustacheParent``); an optional left nil is absent.

/// A quiz (`quizIntro`): its facts, the button to start or go on, and the learner's attempts.
struct QuizIntroPage: Sendable {
    /// One of the learner's attempts in the table.
    struct AttemptRow: Sendable {
        /// The attempt's number, 1 first.
        var number: Int
        /// When it was started: the day and the time.
        var started: String
        /// In progress, awaiting grading, timed out or graded, in words.
        var state: String
        /// The attempt while it is open, its result once submitted.
        var href: String
        /// The percentage scored, "–" before grading; nil while the attempt is open.
        var score: String?
        /// "Lulus" or "Tidak lulus", once that is decided.
        var passedText: String?
        /// Whether the attempt passed.
        var passed: Bool
    }

    var chrome: Chrome
    var labels: [String: String]
    /// The quiz's title as text, and as escaped HTML with its inline formatting.
    var title: String
    var titleHTML: String
    var courseTitle: String
    var courseHref: String
    /// The quiz's introduction as sanitized HTML, when it has one.
    var introduction: String?
    /// How many questions an attempt draws.
    var questions: Int
    /// The time limit in words; nil without one.
    var timeLimit: String?
    /// How many attempts are allowed ("tanpa batas" when unlimited), and how many are used.
    var attemptsAllowed: String
    var used: Int
    /// The passing score, as the language writes numbers.
    var passingScore: String
    /// The day the quiz closes, when it does.
    var closes: String?
    /// Whether the quiz is closed.
    var closed: Bool
    /// Whether the learner may start an attempt, posting to `startAction` with `csrf`.
    var canStart: Bool
    var csrf: String
    var startAction: String
    /// The open attempt to go on with, if any.
    var continueHref: String?
    /// Whether every allowed attempt is used.
    var noAttemptsLeft: Bool
    /// The modules that passing completes.
    var completes: [ModuleLink]
    /// The learner's attempts, latest first.
    var attempts: [AttemptRow]
}

/// An open attempt (`quizAttempt`): the questions as one form, with the countdown where there is a limit.
struct QuizAttemptPage: Sendable {
    var chrome: Chrome
    var labels: [String: String]
    /// The quiz's title as text, and as escaped HTML with its inline formatting.
    var title: String
    var titleHTML: String
    /// The attempt's number.
    var number: Int
    var courseTitle: String
    var quizHref: String
    /// Where the form posts, with the session's CSRF token.
    var action: String
    var csrf: String
    /// The questions (`quizQuestion`).
    var questions: [QuizQuestionView]
    /// The deadline in milliseconds since 1970 for lentera.js, and as a time of day; nil without a time limit.
    var deadline: String?
    var deadlineText: String?
    /// Seconds left, and the same in words for a page without JavaScript.
    var remaining: String?
    var remainingText: String?
    /// Whether the answers were just saved.
    var saved: Bool
    /// Which question's answer was not a number, in words.
    var numberProblem: String?
}

/// A submitted attempt (`quizResult`): the score, what it completed or leads to, and the review when shown.
struct QuizResultPage: Sendable {
    var chrome: Chrome
    var labels: [String: String]
    /// The quiz's title as text, and as escaped HTML with its inline formatting.
    var title: String
    var titleHTML: String
    /// The attempt's number.
    var number: Int
    var quizHref: String
    /// The points scored (nil before grading) out of the maximum, and the percentage, as the language writes numbers.
    var score: String?
    var maximum: String
    var percent: String?
    /// Passed, failed, or waiting for an essay's grade.
    var passed: Bool
    var failed: Bool
    var pending: Bool
    /// Whether time ran out before the learner submitted.
    var expired: Bool
    var passingScore: String
    /// The review's questions (`quizReview`); nil when it is not shown.
    var review: [QuizReviewView]?
    /// Whether the review shows once the quiz closes, or never.
    var reviewLater: Bool
    var reviewOff: Bool
    /// The modules the pass completed.
    var completes: [ModuleLink]
    /// After a pre-test, the course's first module.
    var nextModule: ModuleLink?
}

// MARK: Mustache

extension QuizIntroPage: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "chrome": chrome
        case "labels": labels
        case "title": title
        case "titleHTML": titleHTML
        case "courseTitle": courseTitle
        case "courseHref": courseHref
        case "introduction": introduction
        case "questions": questions
        case "timeLimit": timeLimit
        case "attemptsAllowed": attemptsAllowed
        case "used": used
        case "passingScore": passingScore
        case "closes": closes
        case "closed": closed
        case "canStart": canStart
        case "csrf": csrf
        case "startAction": startAction
        case "continueHref": continueHref
        case "noAttemptsLeft": noAttemptsLeft
        case "completes": completes
        case "hasAttempts": !attempts.isEmpty
        case "attempts": attempts
        default: nil
        }
    }
}

extension QuizIntroPage.AttemptRow: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "number": number
        case "started": started
        case "state": state
        case "href": href
        case "score": score
        case "passedText": passedText
        case "passed": passed
        default: nil
        }
    }
}

extension QuizAttemptPage: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "chrome": chrome
        case "labels": labels
        case "title": title
        case "titleHTML": titleHTML
        case "number": number
        case "courseTitle": courseTitle
        case "quizHref": quizHref
        case "action": action
        case "csrf": csrf
        case "questions": questions
        case "deadline": deadline
        case "deadlineText": deadlineText
        case "remaining": remaining
        case "remainingText": remainingText
        case "saved": saved
        case "numberProblem": numberProblem
        default: nil
        }
    }
}

extension QuizResultPage: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "chrome": chrome
        case "labels": labels
        case "title": title
        case "titleHTML": titleHTML
        case "number": number
        case "quizHref": quizHref
        case "score": score
        case "maximum": maximum
        case "percent": percent
        case "passed": passed
        case "failed": failed
        case "pending": pending
        case "expired": expired
        case "passingScore": passingScore
        case "review": review
        case "showsReview": review != nil
        case "reviewLater": reviewLater
        case "reviewOff": reviewOff
        case "completes": completes
        case "nextModule": nextModule
        default: nil
        }
    }
}
