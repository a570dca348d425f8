import LenteraCore
import Mustache

// The typed contexts of the training office's reports (`/operator`) and of the feedback and quiz links on the status
// page. Each answers Mustache's look-ups by name (``MustacheParent``), as ``CataloguePage`` does: an optional left nil
// is absent, as a missing key of a dictionary was.

/// One course or module's feedback, in the operator's reports and on the status page.
struct FeedbackRow: Sendable {
    /// The course's title (its id when it is no longer served).
    var course: String
    /// The module's title; "—" for feedback on the whole course.
    var module: String
    /// How many learners answered.
    var count: Int
    /// The average relevance, with one decimal.
    var average: String
    /// What learners wrote.
    var comments: [String]
}

/// `/operator`: compliance per unit, JP per employee, completion per course, quizzes and feedback, in a unit and year.
struct OperatorPage: Sendable {
    /// A unit's compliance: its PNS, how many meet the JP target, and its PPPK.
    struct UnitRow: Sendable {
        /// The unit's own name, the last part of its path.
        var name: String
        var pns: Int
        /// PNS meeting the target, and their share of the PNS in percent with one decimal.
        var meeting: Int
        var percent: String
        var pppk: Int
        /// The unit's JP this year, as the language writes numbers.
        var jp: String
        /// The unit's own reports, when it has units under it.
        var drillHref: String?
    }

    /// An employee's JP this year in a ledger.
    struct LedgerRow: Sendable {
        var nip: String
        var name: String
        var unit: String
        /// Courses completed this year.
        var courses: Int
        /// The JP credited, as the language writes numbers.
        var jp: String
        /// Whether the JP meet the target, as a flag and in words.
        var meets: Bool
        var meetsText: String
    }

    /// A course's learners who started and completed it.
    struct CourseRow: Sendable {
        var title: String
        /// The course's JP, as the language writes numbers.
        var jp: String
        var started: Int
        var completed: Int
    }

    /// A course with quizzes, linked to its quiz results.
    struct QuizCourse: Sendable {
        var title: String
        var href: String
    }

    var chrome: Chrome
    var labels: [String: String]
    /// Which units the reports cover, in a sentence.
    var intro: String
    /// When a large scope's totals were summed, in a sentence; nil when they are summed now.
    var summedAt: String?
    var year: Int
    /// The unit chosen under the operator's scope: encoded for links (`unitKey`), as it is for forms (`unitName`).
    var unitKey: String?
    var unitName: String?
    /// The unit above the one chosen, when one is chosen.
    var upHref: String?
    var units: [UnitRow]
    /// This page of each ledger, and how many employees it has in all.
    var pns: [LedgerRow]
    var pppk: [LedgerRow]
    var pnsTotal: Int
    var pppkTotal: Int
    /// What the ledgers are searched for.
    var search: String
    /// The ledgers' page, and the pages before and after it when there are.
    var pageNumber: Int
    var previousHref: String?
    var nextHref: String?
    var courseRows: [CourseRow]
    var quizCourses: [QuizCourse]
    var feedback: [FeedbackRow]
}

/// The feedback table on the status page (`feedbackTable`), across all units.
struct FeedbackTable: Sendable {
    var labels: [String: String]
    var feedback: [FeedbackRow]
}

/// The status page's links to each quiz's item statistics (`quizStatisticsLinks`).
struct QuizStatisticsLinks: Sendable {
    /// A quiz's statistics page.
    struct Link: Sendable {
        var href: String
        /// "Course: quiz", escaped (written unescaped).
        var titleHTML: String
    }

    var labels: [String: String]
    var quizzes: [Link]
}

// MARK: Mustache

extension FeedbackRow: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "course": course
        case "module": module
        case "count": count
        case "average": average
        case "comments": comments
        default: nil
        }
    }
}

extension OperatorPage: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "chrome": chrome
        case "labels": labels
        case "intro": intro
        case "summedAt": summedAt
        case "year": year
        case "unitKey": unitKey
        case "unitName": unitName
        case "upHref": upHref
        case "units": units
        case "pns": pns
        case "pppk": pppk
        case "pnsTotal": pnsTotal
        case "pppkTotal": pppkTotal
        case "search": search
        case "pageNumber": pageNumber
        case "previousHref": previousHref
        case "nextHref": nextHref
        // The pager is a navigation region only when it has a link (an empty one would still be announced).
        case "hasPages": previousHref != nil || nextHref != nil
        case "courseRows": courseRows
        case "hasQuizCourses": !quizCourses.isEmpty
        case "quizCourses": quizCourses
        case "hasFeedback": !feedback.isEmpty
        case "feedback": feedback
        default: nil
        }
    }
}

extension OperatorPage.UnitRow: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "name": self.name
        case "pns": pns
        case "meeting": meeting
        case "percent": percent
        case "pppk": pppk
        case "jp": jp
        case "drillHref": drillHref
        default: nil
        }
    }
}

extension OperatorPage.LedgerRow: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "nip": nip
        case "name": self.name
        case "unit": unit
        case "courses": courses
        case "jp": jp
        case "meets": meets
        case "meetsText": meetsText
        default: nil
        }
    }
}

extension OperatorPage.CourseRow: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "title": title
        case "jp": jp
        case "started": started
        case "completed": completed
        default: nil
        }
    }
}

extension OperatorPage.QuizCourse: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "title": title
        case "href": href
        default: nil
        }
    }
}

extension FeedbackTable: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "labels": labels
        case "feedback": feedback
        case "hasFeedback": !feedback.isEmpty
        default: nil
        }
    }
}

extension QuizStatisticsLinks: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "labels": labels
        case "quizzes": quizzes
        case "hasQuizzes": !quizzes.isEmpty
        default: nil
        }
    }
}

extension QuizStatisticsLinks.Link: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "href": href
        case "titleHTML": titleHTML
        default: nil
        }
    }
}
