import LenteraCore
import Mustache

// The typed contexts of the staff's quiz pages: a course's results per learner, a quiz's item statistics, and the
// essays waiting for a grade. Each answers Mustache's look-ups by name (``MustacheParent``): an optional left nil is
// absent, as a missing key of a dictionary was.

/// A course's quiz results per learner (`quizReports`), with the learning gain from pre-test to post-test.
struct QuizReportsPage: Sendable {
    /// One quiz's results, with its CSV and item statistics.
    struct QuizResults: Sendable {
        /// A learner's result in the quiz.
        struct Row: Sendable {
            var nip: String
            var name: String
            var unit: String
            /// Attempts graded.
            var attempts: Int
            /// The best percentage, "–" without one.
            var best: String
            /// "Lulus" or "Tidak lulus".
            var passedText: String
        }

        /// The quiz's title as text.
        var title: String
        var csvHref: String
        var statsHref: String
        var rows: [Row]
    }

    /// The learning gain of learners who took both the pre-test and the post-test.
    struct Gain: Sendable {
        /// The two quizzes' titles.
        var pre: String
        var post: String
        var learners: Int
        /// The average percentages, the gain in points, and the normalized gain ("–" when there is none).
        var averagePre: String
        var averagePost: String
        var gain: String
        var normalized: String
    }

    var chrome: Chrome
    var labels: [String: String]
    var courseTitle: String
    var quizzes: [QuizResults]
    /// Nil when the course has no pre-test paired with a post-test, or no learner took both.
    var gain: Gain?
}

/// An author's statistics of a quiz's questions (`quizItemStatistics`); the quiz's own text escaped.
struct ItemStatisticsPage: Sendable {
    var chrome: Chrome
    var labels: [String: String]
    var quizTitleHTML: String
    var courseTitleHTML: String
    var csvHref: String
    var rows: [ItemStatisticRow]
}

/// One question's row of an author's item statistics (template `quizItemStatistics`); the quiz's text escaped.
struct ItemStatisticRow: Sendable {
    /// A choice of the question, with how often it was picked.
    struct Pick: Sendable {
        var labelHTML: String
        /// Whether the choice is worth points (marked ✓).
        var correct: Bool
        /// How many answers picked it.
        var picked: Int
    }

    var idHTML: String
    var labelHTML: String
    /// Attempts that showed the question.
    var responses: Int
    /// The difficulty and discrimination as people read them, "–" where there is none.
    var difficulty: String
    var discrimination: String
    var picks: [Pick]
}

/// The essays waiting for a grade (`quizGrading`).
struct GradingPage: Sendable {
    /// One essay answer, with its question and the form for its points.
    struct Essay: Sendable {
        /// The quiz's title as text.
        var quizTitle: String
        /// The learner's name and masked NIP.
        var learner: String
        /// The question as HTML (written unescaped).
        var prompt: String
        /// The answer as the learner wrote it, line by line (the template escapes it and breaks the lines).
        var answerLines: [String]
        /// The points the question is worth, as the language writes numbers.
        var maximum: String
        /// Where the form posts, with the session's CSRF token.
        var csrf: String
        var action: String
    }

    var chrome: Chrome
    var labels: [String: String]
    var essays: [Essay]
}

// MARK: Mustache

extension QuizReportsPage: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "chrome": chrome
        case "labels": labels
        case "courseTitle": courseTitle
        case "quizzes": quizzes
        case "gain": gain
        default: nil
        }
    }
}

extension QuizReportsPage.QuizResults: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "title": title
        case "csvHref": csvHref
        case "statsHref": statsHref
        case "hasRows": !rows.isEmpty
        case "rows": rows
        default: nil
        }
    }
}

extension QuizReportsPage.QuizResults.Row: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "nip": nip
        case "name": self.name
        case "unit": unit
        case "attempts": attempts
        case "best": best
        case "passedText": passedText
        default: nil
        }
    }
}

extension QuizReportsPage.Gain: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "pre": pre
        case "post": post
        case "learners": learners
        case "averagePre": averagePre
        case "averagePost": averagePost
        case "gain": gain
        case "normalized": normalized
        default: nil
        }
    }
}

extension ItemStatisticsPage: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "chrome": chrome
        case "labels": labels
        case "quizTitleHTML": quizTitleHTML
        case "courseTitleHTML": courseTitleHTML
        case "csvHref": csvHref
        case "rows": rows
        default: nil
        }
    }
}

extension ItemStatisticRow: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "idHTML": idHTML
        case "labelHTML": labelHTML
        case "responses": responses
        case "difficulty": difficulty
        case "discrimination": discrimination
        case "picks": picks
        default: nil
        }
    }
}

extension ItemStatisticRow.Pick: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "labelHTML": labelHTML
        case "correct": correct
        case "picked": picked
        default: nil
        }
    }
}

extension GradingPage: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "chrome": chrome
        case "labels": labels
        case "essays": essays
        default: nil
        }
    }
}

extension GradingPage.Essay: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "quizTitle": quizTitle
        case "learner": learner
        case "prompt": prompt
        case "answerLines": answerLines
        case "maximum": maximum
        case "csrf": csrf
        case "action": action
        default: nil
        }
    }
}
