import LenteraCore
import Mustache

// The typed contexts of quiz questions: one question of an open attempt (`quizQuestion`), one of a review
// (`quizReview`), and the parts set inside a question's text (`quizGapControl`, `quizGapAnswer`). Texts an author wrote
// arrive as HTML from ``QuizHTML/html(_:_:course:directory:inline:placeholders:)`` (names ending in `HTML`, written
// unescaped); every other value is text the templates escape.

/// One question of an open attempt: its prompt and the controls of its kind, filled with the saved answer; a checked
/// answer is locked and shows its verdict and feedback.
struct QuizQuestionView: Sendable {
    /// A radio button or checkbox of a choice question.
    struct Choice: Sendable {
        /// `radio` or `checkbox`.
        var type: String
        var name: String
        /// The choice's position, 1 first: never its id, which could name the key.
        var value: Int
        var checked: Bool
        var textHTML: String
    }

    /// A one-line answer: text, or a number (`inputmode="decimal"`).
    struct TextField: Sendable {
        var name: String
        var value: String
        var numeric: Bool
        var maxLength: Int
    }

    /// A `<select>`'s option: the value posted, its label as text, and whether it is the saved answer.
    struct Option: Sendable {
        var value: String
        /// "A", "B"… as the options' list letters them; nil where there is no list.
        var letter: String?
        var label: String
        var selected: Bool
    }

    /// A row of a matching or ordering question: a premise (or a position) and its select.
    struct Row: Sendable {
        var name: String
        /// The premise as HTML, for matching; the position, 1 first, for ordering.
        var premiseHTML: String?
        var position: Int?
        var options: [Option]
    }

    /// A matching or ordering question's options in full (their HTML, lettered A, B…) and its rows of selects.
    struct Selects: Sendable {
        var listedHTML: [String]
        var rows: [Row]
    }

    var labels: [String: String]
    /// The item's id (the question's anchor and its fields' names), and its number among the answerable questions.
    var id: String
    var number: Int
    /// What it is worth, as the language writes numbers; nil for a description.
    var points: String?
    /// The prompt as HTML, a fill-in-the-blanks text with its controls in place.
    var promptHTML: String
    /// The controls of its kind; none for a description or blanks (whose controls are in the prompt).
    var choices: [Choice]?
    /// "Choose at most 2 answers.", for a question whose item limits the choices (QTI `maxChoices`).
    var choiceLimit: String?
    var textField: TextField?
    var matching: Selects?
    var ordering: Selects?
    var essay: TextField?
    /// Whether the answer is final (checked), and its controls disabled.
    var locked: Bool
    /// Under immediate feedback, "check this answer" until it is checked.
    var checkButton: Bool
    /// The verdict and feedback of a checked answer.
    var feedback: QuizFeedbackView?
}

/// A blank's control in a fill-in-the-blanks text: a text field, or a select of the blank's options.
struct QuizGapControl: Sendable {
    var labels: [String: String]
    var name: String
    /// The blank's position, 1 first: screen readers hear "Isian 1", never its id.
    var number: Int
    /// What was typed, for a text field.
    var value: String
    /// The options of a select; nil for a text field.
    var options: [QuizQuestionView.Option]?
    var locked: Bool
}

/// The verdict on an answer, and the author's feedback on it.
struct QuizFeedbackView: Sendable {
    /// Whether a person has yet to grade it (an essay): the verdict says so instead of a score.
    var pending: Bool
    /// `right`, `partial` or `wrong`, and the same in words.
    var outcome: String
    var outcomeText: String
    /// The points earned and the maximum, as the language writes numbers.
    var earned: String
    var maximum: String
    /// The feedback of the answer given, then the question's general feedback, as HTML.
    var notesHTML: [String]
}

/// One question of a graded attempt's review: the prompt (with each blank's answer in place), the learner's answer,
/// the key and the feedback.
struct QuizReviewView: Sendable {
    var labels: [String: String]
    var id: String
    var number: Int
    var promptHTML: String
    /// Whether it asks for an answer: a description shows its text alone.
    var answerable: Bool
    var answer: QuizReviewValue
    /// The key; nil for an essay, whose verdict says that a person grades it.
    var key: QuizReviewValue?
    var feedback: QuizFeedbackView
}

/// An answer or a key in words: "not answered", choices or alternatives on a line, a line per pair or blank, or items
/// in order.
struct QuizReviewValue: Sendable {
    /// A line of a matching answer (premise → response) or of blanks ("Isian 1: …").
    struct Line: Sendable {
        var blank: Int?
        var premiseHTML: String?
        var value: QuizReviewValue
    }

    var none = false
    /// Pieces as HTML, or as text, between `separator` (`; `, ` / ` or a line break).
    var partsHTML: [String] = []
    var texts: [String] = []
    var separator = "; "
    var lines: [Line] = []
    /// Items in order, as HTML, for a numbered list.
    var orderedHTML: [String] = []
}

/// A blank's answer in place in a reviewed text: what was given, whether it was right, and words for screen readers.
struct QuizGapAnswer: Sendable {
    var labels: [String: String]
    var number: Int
    /// "isian 1, jawaban Anda:" for screen readers.
    var spoken: String
    /// The answer as HTML; nil when the blank was left empty.
    var givenHTML: String?
    /// `right`, `partial` or `wrong`, its mark (✓ ◐ ✗) and its words.
    var outcome: String
    var mark: String
    var outcomeText: String
}

// MARK: Mustache

extension QuizQuestionView: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "labels": labels
        case "id": id
        case "number": number
        case "points": points
        case "promptHTML": promptHTML
        case "hasChoices": choices != nil
        case "choices": choices
        case "choiceLimit": choiceLimit
        case "textField": textField
        case "matching": matching
        case "ordering": ordering
        case "essay": essay
        case "locked": locked
        case "checkButton": checkButton
        case "feedback": feedback
        default: nil
        }
    }
}

extension QuizQuestionView.Choice: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "type": type
        case "name": self.name
        case "value": value
        case "checked": checked
        case "textHTML": textHTML
        default: nil
        }
    }
}

extension QuizQuestionView.TextField: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "name": self.name
        case "value": value
        case "numeric": numeric
        case "maxLength": maxLength
        default: nil
        }
    }
}

extension QuizQuestionView.Option: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "value": value
        case "letter": letter
        case "label": label
        case "selected": selected
        default: nil
        }
    }
}

extension QuizQuestionView.Row: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "name": self.name
        case "premiseHTML": premiseHTML
        case "position": position
        case "options": options
        default: nil
        }
    }
}

extension QuizQuestionView.Selects: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "listedHTML": listedHTML
        case "rows": rows
        default: nil
        }
    }
}

extension QuizGapControl: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "labels": labels
        case "name": self.name
        case "number": number
        case "value": value
        case "options": options
        case "select": options != nil
        case "locked": locked
        default: nil
        }
    }
}

extension QuizFeedbackView: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "pending": pending
        case "outcome": outcome
        case "outcomeText": outcomeText
        case "earned": earned
        case "maximum": maximum
        case "notesHTML": notesHTML
        default: nil
        }
    }
}

extension QuizReviewView: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "labels": labels
        case "id": id
        case "number": number
        case "promptHTML": promptHTML
        case "answerable": answerable
        case "answer": answer
        case "key": key
        case "feedback": feedback
        default: nil
        }
    }
}

extension QuizReviewValue: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "none": none
        case "partsHTML": partsHTML
        case "texts": texts
        case "separator": separator
        case "lines": lines
        case "orderedHTML": orderedHTML
        case "hasOrdered": !orderedHTML.isEmpty
        default: nil
        }
    }
}

extension QuizReviewValue.Line: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "blank": blank
        case "premiseHTML": premiseHTML
        case "value": value
        default: nil
        }
    }
}

extension QuizGapAnswer: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "labels": labels
        case "number": number
        case "spoken": spoken
        case "givenHTML": givenHTML
        case "answered": givenHTML != nil
        case "outcome": outcome
        case "mark": mark
        case "outcomeText": outcomeText
        default: nil
        }
    }
}
