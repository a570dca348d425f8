import Foundation
import LenteraCore
import Synchronization

/// Turns quiz items into HTML: the questions of an open attempt (inputs only, never a key or a weight) and the
/// review of a graded one (answers, keys and feedback).
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

    // MARK: Questions of an open attempt

    /// One question as a fieldset with its inputs, filled with the saved answer; checked answers show their feedback.
    func question(_ item: QuizItem, number: Int, attempt: QuizAttempt, answer: QuizAnswer?, course: Course, directory: String = "",
                  language: Language, immediate: Bool) -> String {
        let locked = answer?.checked == true
        let disabled = locked ? " disabled" : ""
        var out = "<fieldset class=\"question\" id=\"soal-\(escapeAttribute(item.id))\">"
        out += "<legend>\(Text.Quiz.quizQuestion(language)) \(number)"
        if item.isAnswerable {
            out += " <span class=\"meta\">(\(Self.number(item.points, language)) \(Text.Quiz.quizPoints(language)))</span>"
        }
        out += "</legend><input type=\"hidden\" name=\"h:\(escapeAttribute(item.id))\" value=\"1\">"
        var prompt = html(item.prompt, item.format, course: course, directory: directory)
        let field = Self.field(item)
        switch item.interaction {
        case .choice(let choices, let multiple):
            out += "<div class=\"prompt\">\(prompt)</div><div class=\"choices\">"
            var chosen: Set<String> = []
            if case .choices(let saved) = answer?.response { chosen = saved }
            for (position, choice) in choices.enumerated() {
                out += "<label class=\"choice\"><input type=\"\(multiple ? "checkbox" : "radio")\" name=\"\(escapeAttribute(field))\" value=\"\(position + 1)\""
                out += (chosen.contains(choice.id) ? " checked" : "") + disabled + "> "
                out += html(choice.text, item.format, course: course, directory: directory, inline: true) + "</label>"
            }
            out += "</div>"
        case .text:
            var saved = ""
            if case .text(let text) = answer?.response { saved = text }
            out += "<div class=\"prompt\">\(prompt)</div><input type=\"text\" name=\"\(escapeAttribute(field))\" value=\"\(escapeAttribute(saved))\" maxlength=\"500\" aria-label=\"\(Text.Quiz.quizYourAnswer(language))\"\(disabled)>"
        case .numeric:
            var saved = ""
            if case .number(let value) = answer?.response { saved = Self.number(value, .english) }
            out += "<div class=\"prompt\">\(prompt)</div><input type=\"text\" inputmode=\"decimal\" name=\"\(escapeAttribute(field))\" value=\"\(escapeAttribute(saved))\" maxlength=\"40\" aria-label=\"\(Text.Quiz.quizYourAnswer(language))\"\(disabled)>"
        case .matching(let pairs, let responses):
            var saved: [String: String] = [:]
            if case .matches(let matches) = answer?.response { saved = matches }
            // Shuffled by the attempt's seed even when the quiz does not shuffle: in the order written, each premise's
            // answer would sit at its own row's position.
            var generator = SeededGenerator(seed: attempt.seed ^ item.id.stableHash)
            let options = Self.matchingOptions(pairs, responses).shuffled(using: &generator)
            out += "<div class=\"prompt\">\(prompt)</div>" + optionList(options, item, course: course, directory: directory, language: language)
            out += "<table class=\"matching\"><tbody>"
            for (index, pair) in pairs.enumerated() {
                let name = Self.field(item, String(index))
                out += "<tr><td><label for=\"\(escapeAttribute(name))\">\(html(pair.premise, item.format, course: course, directory: directory, inline: true))</label></td>"
                out += "<td><select id=\"\(escapeAttribute(name))\" name=\"\(escapeAttribute(name))\"\(disabled)><option value=\"\">\(Text.Quiz.quizChoose(language))</option>"
                for (position, option) in options.enumerated() {
                    out += "<option value=\"\(escapeAttribute(option))\"\(saved[pair.premise] == option ? " selected" : "")>"
                    out += "\(escapeText(Self.letter(position) + ". " + label(option, item.format, course: course)))</option>"
                }
                out += "</select></td></tr>"
            }
            out += "</tbody></table>"
        case .ordering(let correctOrder, _):
            var saved: [String] = []
            if case .order(let order) = answer?.response { saved = order }
            let shown = Self.orderingDisplay(item, correctOrder, seed: attempt.seed)
            out += "<div class=\"prompt\">\(prompt)</div>" + optionList(shown, item, course: course, directory: directory, language: language)
            out += "<ol class=\"ordering\">"
            for position in shown.indices {
                let name = Self.field(item, String(position + 1))
                out += "<li><label for=\"\(escapeAttribute(name))\">\(Text.Quiz.quizPosition(language))\(position + 1)</label> "
                out += "<select id=\"\(escapeAttribute(name))\" name=\"\(escapeAttribute(name))\"\(disabled)><option value=\"\">\(Text.Quiz.quizChoose(language))</option>"
                for (index, option) in shown.enumerated() {
                    let selected = saved.indices.contains(position) && saved[position] == option
                    out += "<option value=\"\(escapeAttribute(option))\"\(selected ? " selected" : "")>"
                    out += "\(escapeText(Self.letter(index) + ". " + label(option, item.format, course: course)))</option>"
                }
                out += "</select></li>"
            }
            out += "</ol>"
        case .gaps(let gaps):
            var saved: [String: String] = [:]
            if case .gaps(let filled) = answer?.response { saved = filled }
            var controls: [String: String] = [:]
            for (index, gap) in gaps.enumerated() {
                let name = Self.field(item, gap.id)
                // Named by position ("Isian 1") for screen readers: the id ("g1", or a QTI identifier) means nothing to a learner.
                let spoken = escapeAttribute("\(Text.Quiz.quizGap(language)) \(index + 1)")
                var control: String
                if gap.options.isEmpty {
                    control = "<input type=\"text\" class=\"gap\" name=\"\(escapeAttribute(name))\" value=\"\(escapeAttribute(saved[gap.id] ?? ""))\" maxlength=\"200\" aria-label=\"\(spoken)\"\(disabled)>"
                } else {
                    control = "<select class=\"gap\" name=\"\(escapeAttribute(name))\" aria-label=\"\(spoken)\"\(disabled)><option value=\"\">\(Text.Quiz.quizChoose(language))</option>"
                    for (position, option) in gap.options.enumerated() {
                        control += "<option value=\"\(position + 1)\"\(saved[gap.id] == option.id ? " selected" : "")>\(escapeText(label(option.text, item.format, course: course)))</option>"
                    }
                    control += "</select>"
                }
                controls["[[\(gap.id)]]"] = control
            }
            prompt = html(item.prompt, item.format, course: course, directory: directory, placeholders: controls)
            // A gap whose placeholder is not in the text (or only inside markup or code) gets its control after it.
            for gap in gaps where !prompt.contains("name=\"\(escapeAttribute(Self.field(item, gap.id)))\"") {
                prompt += " " + (controls["[[\(gap.id)]]"] ?? "")
            }
            out += "<div class=\"prompt\">\(prompt)</div>"
        case .essay:
            var saved = ""
            if case .essay(let text) = answer?.response { saved = text }
            out += "<div class=\"prompt\">\(prompt)</div><textarea name=\"\(escapeAttribute(field))\" rows=\"8\" maxlength=\"20000\" aria-label=\"\(Text.Quiz.quizYourAnswer(language))\"\(disabled)>\(escapeText(saved))</textarea>"
        case .description:
            out += "<div class=\"prompt\">\(prompt)</div>"
        }
        if immediate, !locked, item.isAnswerable {
            out += "<p><button type=\"submit\" name=\"aksi\" value=\"periksa:\(escapeAttribute(item.id))\" class=\"secondary\">\(Text.Quiz.quizCheck(language))</button></p>"
        }
        if locked, let answer {
            out += feedback(item, answer: answer, course: course, directory: directory, language: language)
        }
        return out + "</fieldset>"
    }

    /// The options of a matching or ordering question as a lettered list (A, B, C, as in `<select>` labels). A select
    /// shows an option on one line only: here the full texts wrap on a phone and keep their Markdown.
    func optionList(_ options: [String], _ item: QuizItem, course: Course, directory: String, language: Language) -> String {
        var out = "<div class=\"options\"><p class=\"meta\">\(Text.Quiz.quizOptions(language))</p><ol type=\"A\">"
        for option in options { out += "<li>\(html(option, item.format, course: course, directory: directory, inline: true))</li>" }
        return out + "</ol></div>"
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

    // MARK: Verdicts

    /// The verdict and feedback for an answer.
    func feedback(_ item: QuizItem, answer: QuizAnswer, course: Course, directory: String = "", language: Language) -> String {
        var out = verdict(Scoring.score(item, answer.response), points: answer.points, language: language)
        var notes: [String] = []
        switch (item.interaction, answer.response) {
        case (.choice(let choices, _), .choices(let chosen)):
            notes = choices.filter { chosen.contains($0.id) }.compactMap(\.feedback)
        case (.text(let answers, let caseSensitive), .text(let text)):
            let given = Scoring.normalize(text, caseSensitive: caseSensitive)
            notes = answers.filter { Scoring.wildcardMatch(given, Scoring.normalize($0.pattern, caseSensitive: caseSensitive)) }.prefix(1).compactMap(\.feedback)
        case (.numeric(let answers), .number(let value)):
            notes = answers.filter { value >= $0.minimum && value <= $0.maximum }.prefix(1).compactMap(\.feedback)
        default:
            break
        }
        for note in notes { out += "<div class=\"feedback\">\(html(note, item.format, course: course, directory: directory))</div>" }
        if let general = item.generalFeedback { out += "<div class=\"feedback\">\(html(general, item.format, course: course, directory: directory))</div>" }
        return out
    }

    func verdict(_ score: ItemScore, points: Double?, language: Language) -> String {
        if score.needsGrading, points == nil {
            return "<p class=\"verdict pending\">\(Text.Quiz.quizEssayPending(language))</p>"
        }
        let earned = score.needsGrading ? (points ?? 0) : score.points
        let key: Text.Quiz = earned >= score.maximum - 1e-9 && score.maximum > 0 ? .quizCorrect : (earned > 0 ? .quizPartlyCorrect : .quizIncorrect)
        let css = key == .quizCorrect ? "right" : (key == .quizIncorrect ? "wrong" : "partial")
        return "<p class=\"verdict \(css)\">\(key(language)) · \(Self.number(earned, language))/\(Self.number(score.maximum, language)) \(Text.Quiz.quizPoints(language))</p>"
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
