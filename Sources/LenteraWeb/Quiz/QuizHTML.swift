import Foundation
import LenteraCore
import LenteraContent
import Synchronization

/// Turns what quiz authors wrote into HTML (prompts, choices, feedback, titles), and quiz items into the typed views
/// of their templates: the questions of an open attempt (`QuizHTML+Question`) and the review of a graded one
/// (`QuizHTML+Review`).
final class QuizHTML: Sendable {
    let markdown = MarkdownRenderer()
    /// Rendered texts by format, course and source: the same questions are shown to many learners.
    private let cache = Mutex<[String: String]>([:])

    /// A text of an item as HTML: Markdown rendered, HTML filtered, plain text escaped. `inline` drops a lone paragraph.
    ///
    /// `placeholders` puts the server's own HTML (gap controls) where `[[id]]` stands in the text. It is done by the
    /// renderer and the filter while they write, in text only: nothing edits the HTML after they return it.
    func html(_ text: String, _ format: QuizItem.TextFormat, course: Course, directory: String = "", inline: Bool = false,
              placeholders: [String: String] = [:]) -> String {
        let placed = placeholders.sorted { $0.key < $1.key }.map { "\($0.key)\u{1E}\($0.value)" }.joined(separator: "\u{1D}")
        let key = "\(format.rawValue)\u{1F}\(course.id)\u{1F}\(course.contentVersion)\u{1F}\(directory)\u{1F}\(inline)\u{1F}\(placed)\u{1F}\(text)"
        if let cached = cache.withLock({ $0[key] }) { return cached }
        var html: String
        switch format {
        case .markdown:
            html = markdown.render(text, rewrite: { reference in QuizResources.url(reference.destination, directory: directory, course: course) },
                                   inline: inline, placeholders: placeholders).html
        case .html:
            html = RawHTMLFilter.filter(text, lazyImages: true, placeholders: placeholders) { url, _ in
                QuizResources.url(url, directory: directory, course: course)
            }
        case .plain:
            html = RawHTMLFilter.escapedText(text, placeholders: placeholders)
        }
        html = html.trimmingSpaces()
        cache.withLock { cache in
            if cache.count > 20_000 { cache.removeAll() }
            cache[key] = html
        }
        return html
    }

    /// The field name of an answer: `a:<item id>` and, for parts, `a:<item id>:<part>`.
    static func field(_ item: QuizItem, _ part: String? = nil) -> String {
        "a:" + item.id + (part.map { ":" + $0 } ?? "")
    }

    /// The options of a matching question in the attempt's order (responses, with the right ones first if missing).
    static func matchingOptions(_ pairs: [QuizItem.Pair], _ responses: [String]) -> [String] {
        var options: [String] = []
        for response in responses + pairs.map(\.response) where !options.contains(response) { options.append(response) }
        return options
    }

    /// An ordering question's items in a seeded order that is not the answer (unless there is only one order).
    static func orderingDisplay(_ item: QuizItem, _ correctOrder: [String], seed: UInt64) -> [String] {
        var generator = SeededGenerator(seed: seed ^ 0x5DEE_CE66)
        var shown = correctOrder.shuffled(using: &generator)
        if shown == correctOrder, shown.count > 1 { shown.append(shown.removeFirst()) }
        return shown
    }

    // MARK: Titles

    /// A quiz title as inline HTML: Markdown (`*Pre-test*` in italics) through the same renderer and filter as the
    /// questions. For headings; links, `<title>` and `<option>`s take ``titleText(_:)``.
    static func titleHTML(_ title: String) -> String {
        MarkdownRenderer().render(inlineMarkdown(title), inline: true).html.trimmingSpaces()
    }

    /// A quiz title as plain text: its Markdown rendered, then stripped of tags.
    static func titleText(_ title: String) -> String {
        plain(titleHTML(title))
    }

    /// A one-line text as Markdown that can only be inline. What would make it a block (a heading `#`, a quotation
    /// `>`, a list `- `, `* ` or `1. `, a fence, a rule, a link definition) is escaped to read as written, so that
    /// "1. Pengantar" stays a title; `*Pre-test*` and `**JP**` stay emphasis.
    static func inlineMarkdown(_ text: String) -> String {
        let line = text.split(whereSeparator: \.isNewline).joined(separator: " ").trimmingSpaces()
        guard let first = line.first else { return line }
        let second = line.dropFirst().first
        let endsMarker = second == nil || second == " " || second == "\t"
        switch first {
        case "#", ">", "-", "+":
            return "\\" + line
        case "*", "_":
            let rule = line.allSatisfy { $0 == first || $0 == " " || $0 == "\t" } && line.filter { $0 == first }.count >= 3
            return endsMarker || rule ? "\\" + line : line
        case "`", "~":
            return line.hasPrefix(String(repeating: first, count: 3)) ? "\\" + line : line
        case "[":
            return line.range(of: #"^\[[^\]]*\]:"#, options: .regularExpression) != nil ? "\\" + line : line
        default:
            // An ordered list: up to nine digits, then "." or ")" and a space (or nothing).
            let digits = line.prefix { $0.isASCII && $0.isNumber }
            guard (1...9).contains(digits.count) else { return line }
            let rest = line.dropFirst(digits.count)
            guard let marker = rest.first, marker == "." || marker == ")" else { return line }
            let after = rest.dropFirst().first
            guard after == nil || after == " " || after == "\t" else { return line }
            return String(digits) + "\\" + String(rest)
        }
    }

    /// The letter of the option at a 0-based position, as an `<ol type="A">` numbers it: A to Z, then AA, AB...
    static func letter(_ position: Int) -> String {
        var number = position + 1
        var letters = ""
        while number > 0 {
            number -= 1
            letters = String(Character(Unicode.Scalar(UInt8(65 + number % 26)))) + letters
            number /= 26
        }
        return letters
    }

    /// A number for people: up to three decimals, with a comma in Indonesian.
    static func number(_ value: Double, _ language: Language) -> String {
        guard value.isFinite else { return "–" }
        let rounded = (value * 1000).rounded() / 1000
        var text: String
        if rounded == rounded.rounded(), abs(rounded) < 1e15 {
            text = String(Int64(rounded))
        } else {
            text = String(format: "%.3f", rounded)
            while text.hasSuffix("0") { text.removeLast() }
        }
        return language == .indonesian ? text.replacingOccurrences(of: ".", with: ",") : text
    }

    /// A text as an `<option>` label (which cannot hold markup): rendered in its format, then stripped of tags, so
    /// that `*e-learning*` reads as e-learning.
    func label(_ text: String, _ format: QuizItem.TextFormat, course: Course) -> String {
        Self.plain(html(text, format, course: course, inline: true))
    }

    /// What a learner typed, line by line (a browser sends a text area's line breaks as "\r\n"), for templates that
    /// escape each line and break between them.
    static func lines(_ text: String) -> [String] {
        text.replacingOccurrences(of: "\r\n", with: "\n").components(separatedBy: "\n")
    }

    /// Text without markup, for `<option>` labels (which cannot hold HTML).
    static func plain(_ text: String) -> String {
        var out = ""
        var inTag = false
        // By Unicode scalars: a tag's `>` followed by a combining mark is one character that is not `>`.
        for scalar in text.unicodeScalars {
            if scalar == "<" { inTag = true } else if scalar == ">" { inTag = false } else if !inTag { out.unicodeScalars.append(scalar) }
        }
        return out.replacingOccurrences(of: "&amp;", with: "&").replacingOccurrences(of: "&lt;", with: "<")
            .replacingOccurrences(of: "&gt;", with: ">").replacingOccurrences(of: "&quot;", with: "\"")
    }
}
