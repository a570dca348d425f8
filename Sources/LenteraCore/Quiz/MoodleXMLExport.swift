import Foundation

/// Writes quiz items as a Moodle XML file (`lentera quiz export FILE --to moodle-xml`), the types Moodle's question bank
/// and ``MoodleXMLImporter`` read alike: choice (as multichoice, weights as fractions), short answer, numerical,
/// matching, essay and description, with categories, feedback and points. Ordering questions and blanks have no
/// Moodle XML form here yet: they are refused by id, never written as something else.
public enum MoodleXMLExporter {
    /// Why items cannot be written: each one Moodle XML cannot carry, by id and kind.
    public struct Refusal: Error, Sendable, Equatable {
        public var items: [(id: String, kind: String)]

        public static func == (left: Refusal, right: Refusal) -> Bool {
            left.items.map(\.id) == right.items.map(\.id) && left.items.map(\.kind) == right.items.map(\.kind)
        }
    }

    /// The document; a category element before each run of items of one category.
    public static func document(_ items: [QuizItem]) throws(Refusal) -> String {
        let refused = items.compactMap { item -> (id: String, kind: String)? in
            switch item.interaction {
            case .ordering: (item.id, "ordering")
            case .gaps: (item.id, "gaps")
            default: nil
            }
        }
        guard refused.isEmpty else { throw Refusal(items: refused) }
        var out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<quiz>\n"
        var category: String?
        for item in items {
            if item.category != category, let name = item.category {
                out += "  <question type=\"category\">\n    <category><text>\(QTIXML.text(name))</text></category>\n  </question>\n"
            }
            category = item.category
            out += question(item)
        }
        return out + "</quiz>\n"
    }

    static func question(_ item: QuizItem) -> String {
        let format = switch item.format {
        case .markdown: "markdown"
        case .html: "html"
        case .plain: "plain_text"
        }
        func text(_ value: String) -> String { "<text>\(QTIXML.text(value))</text>" }
        func feedback(_ value: String?) -> String { value.map { "<feedback format=\"\(format)\">\(text($0))</feedback>" } ?? "" }
        func fraction(_ weight: Double) -> String { QuizNumber.plain(weight * 100) }
        let type: String
        var body = ""
        switch item.interaction {
        case .choice(let choices, let multiple):
            type = "multichoice"
            body += "    <single>\(multiple ? "false" : "true")</single>\n"
            for choice in choices {
                body += "    <answer fraction=\"\(fraction(choice.weight))\" format=\"\(format)\">\(text(choice.text))\(feedback(choice.feedback))</answer>\n"
            }
        case .text(let answers, let caseSensitive):
            type = "shortanswer"
            body += "    <usecase>\(caseSensitive ? 1 : 0)</usecase>\n"
            for answer in answers {
                body += "    <answer fraction=\"\(fraction(answer.weight))\" format=\"moodle_auto_format\">\(text(answer.pattern))\(feedback(answer.feedback))</answer>\n"
            }
        case .numeric(let answers):
            type = "numerical"
            for answer in answers {
                // The whole line (any number) is Moodle's `*`; a range is its middle and half its width.
                if answer.minimum == -.greatestFiniteMagnitude, answer.maximum == .greatestFiniteMagnitude {
                    body += "    <answer fraction=\"\(fraction(answer.weight))\" format=\"moodle_auto_format\">\(text("*"))\(feedback(answer.feedback))</answer>\n"
                    continue
                }
                let value = answer.minimum / 2 + answer.maximum / 2
                let tolerance = answer.maximum / 2 - answer.minimum / 2
                body += "    <answer fraction=\"\(fraction(answer.weight))\" format=\"moodle_auto_format\">\(text(QuizNumber.plain(value)))"
                    + "<tolerance>\(QuizNumber.plain(tolerance))</tolerance>\(feedback(answer.feedback))</answer>\n"
            }
        case .matching(let pairs, let responses):
            type = "matching"
            for pair in pairs {
                body += "    <subquestion format=\"\(format)\">\(text(pair.premise))<answer>\(text(pair.response))</answer></subquestion>\n"
            }
            // The extra responses (a subquestion without text, in Moodle): those no pair has.
            for response in responses where !pairs.contains(where: { $0.response == response }) {
                body += "    <subquestion format=\"\(format)\"><text></text><answer>\(text(response))</answer></subquestion>\n"
            }
        case .essay:
            type = "essay"
        case .description:
            type = "description"
        case .ordering, .gaps:
            type = ""  // refused by document(_:) before any is written
        }
        var out = "  <question type=\"\(type)\">\n"
        out += "    <name>\(text(item.title ?? item.id))</name>\n"
        out += "    <questiontext format=\"\(format)\">\(text(item.prompt))</questiontext>\n"
        if let general = item.generalFeedback { out += "    <generalfeedback format=\"\(format)\">\(text(general))</generalfeedback>\n" }
        out += "    <defaultgrade>\(QuizNumber.plain(item.points))</defaultgrade>\n"
        out += "    <idnumber>\(QTIXML.text(item.id))</idnumber>\n"
        return out + body + "  </question>\n"
    }
}

/// Numbers as Moodle XML writes them: a dot, no exponent, no trailing zeros.
enum QuizNumber {
    static func plain(_ value: Double) -> String {
        guard value.isFinite else { return "0" }
        let rounded = (value * 1_000_000).rounded() / 1_000_000
        if rounded == rounded.rounded(), abs(rounded) < 1e15 { return String(Int64(rounded)) }
        var text = String(rounded)
        if text.contains("e") { text = String(format: "%.6f", rounded) }
        while text.contains("."), text.hasSuffix("0") { text.removeLast() }
        return text
    }
}
