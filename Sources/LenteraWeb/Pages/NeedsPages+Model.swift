import Foundation
import LenteraCore
import Mustache

/// The operator's needs surveys (`/operator/kebutuhan`): open one, and the list of those of their units.
struct NeedsListPage: Sendable {
    struct Row: Sendable {
        var title: String
        var href: String
        var unit: String
        var closes: String
        var state: String
    }

    var chrome: Chrome
    var labels: [String: String]
    var csrf: String
    var error: String?
    var title: String
    var unit: String
    var closes: String
    var surveys: [Row]
    var dictionaryMissing: Bool
}

/// One survey's gap matrix for an operator (`/operator/kebutuhan/ID`).
struct NeedsMatrixPage: Sendable {
    struct Row: Sendable {
        var position: String
        var competency: String
        var standard: Int
        var average: String
        var gap: String
        var staff: Int
        var respondents: Int
        var supervisorAverage: String
        var supervisorRespondents: Int
        var priority: String
        var priorityClass: String
        var suggested: [Suggestion]
    }

    struct Suggestion: Sendable {
        var title: String
        var href: String
    }

    var chrome: Chrome
    var labels: [String: String]
    var title: String
    var state: String
    var respondents: String
    var rows: [Row]
    var csvHref: String
    var closeAction: String?
    var csrf: String
    var dictionaryMissing: Bool
}

/// A learner's survey form (`/kebutuhan/ID`): their current level in each competency their position requires.
struct NeedsFormPage: Sendable {
    struct Question: Sendable {
        var id: String
        var name: String
        var kind: String
        var options: [Option]
    }

    struct Option: Sendable {
        var value: Int
        var label: String
        var checked: Bool
        var inputID: String
    }

    var chrome: Chrome
    var labels: [String: String]
    var title: String
    var closes: String
    /// Whom a supervisor assesses (name, NIP, position); nil when the learner answers for themselves.
    var about: String?
    var action: String?
    var csrf: String
    var questions: [Question]
    var error: String?
    var saved: Bool
    /// The learner's position has no standard in the dictionary: nothing to ask.
    var nothingAsked: Bool
}

/// An open survey on the learner's home.
struct NeedsHomeItem: Sendable {
    var text: String
    var href: String
    var answered: Bool
}

extension NeedsListPage: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "chrome": chrome
        case "labels": labels
        case "csrf": csrf
        case "error": error
        case "title": title
        case "unit": unit
        case "closes": closes
        case "surveys": surveys
        case "hasSurveys": !surveys.isEmpty
        case "dictionaryMissing": dictionaryMissing
        default: nil
        }
    }
}

extension NeedsListPage.Row: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "title": title
        case "href": href
        case "unit": unit
        case "closes": closes
        case "state": state
        default: nil
        }
    }
}

extension NeedsMatrixPage: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "chrome": chrome
        case "labels": labels
        case "title": title
        case "state": state
        case "respondents": respondents
        case "rows": rows
        case "hasRows": !rows.isEmpty
        case "csvHref": csvHref
        case "closeAction": closeAction
        case "csrf": csrf
        case "dictionaryMissing": dictionaryMissing
        default: nil
        }
    }
}

extension NeedsMatrixPage.Row: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "position": position
        case "competency": competency
        case "standard": standard
        case "average": average
        case "gap": gap
        case "staff": staff
        case "respondents": respondents
        case "supervisorAverage": supervisorAverage
        case "supervisorRespondents": supervisorRespondents
        case "priority": priority
        case "priorityClass": priorityClass
        case "suggested": suggested
        default: nil
        }
    }
}

extension NeedsMatrixPage.Suggestion: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "title": title
        case "href": href
        default: nil
        }
    }
}

extension NeedsFormPage: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "chrome": chrome
        case "labels": labels
        case "title": title
        case "closes": closes
        case "about": about
        case "action": action
        case "csrf": csrf
        case "questions": questions
        case "error": error
        case "saved": saved
        case "nothingAsked": nothingAsked
        default: nil
        }
    }
}

extension NeedsFormPage.Question: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "id": id
        case "name": self.name
        case "kind": kind
        case "options": options
        default: nil
        }
    }
}

extension NeedsFormPage.Option: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "value": value
        case "label": label
        case "checked": checked
        case "inputID": inputID
        default: nil
        }
    }
}

extension NeedsHomeItem: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "text": text
        case "href": href
        case "answered": answered
        default: nil
        }
    }
}
