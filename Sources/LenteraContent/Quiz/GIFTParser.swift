import LenteraCore

/// Reads Moodle GIFT quiz files (`.gift`, `.gift.txt`) into quiz items.
///
/// The reading follows Moodle's own importer (`question/format/gift/format.php`): questions are separated by blank
/// lines, `//` lines are comments (Moodle's `// [id:…]` and `// [tag:…]` among them), the first `{…}` is the answer
/// block and its content decides the type, and `=`/`:` in a question text are just text, as in Moodle's own examples.
/// What Moodle refuses on import or on saving the question (no answer worth 100%, multiple-response weights that do
/// not add up to 100%, fewer than two choices, a matching pair without `->`, a number that is not one), this refuses
/// too; and it is stricter where Moodle silently imports something the author cannot have meant: a second answer
/// block, an unescaped `{`, `}` or second `#` inside an answer, a blank line inside an answer block, text before the
/// first `=` or `~`, a malformed `::title::` or `%weight%`. Each such question is left out and reported with its line.
///
/// As in Moodle, a choice question with an `=` answer is single choice (`~%50%` answers beside it give partial
/// credit) and one with only `~` answers is multiple response. The item has one text format, the question's:
/// `[format]` markers on single answers or feedbacks are removed.
public enum GIFTParser {
    /// Parses a GIFT file: an item for every question read, a problem for every question that cannot be.
    public static func parse(_ text: String) -> QuizParseResult {
        var reading = GIFTReading()
        for block in GIFTSource.blocks(GIFTSource.lines(text)) {
            reading.read(block)
        }
        return QuizParseResult(items: reading.items(), problems: reading.problems)
    }
}

// MARK: - Reading a file

/// The state of reading a file: the current category and what each question became.
struct GIFTReading {
    var category: String?
    var questions: [(title: String?, question: GIFTQuestion?)] = []
    var problems: [QuizProblem] = []

    /// Reads one blank-line separated block: a `$CATEGORY:` line, a question, or both.
    mutating func read(_ block: [GIFTSource.Line]) {
        var lines = block[...]
        if let first = lines.first, let category = GIFTSource.category(first.text) {
            self.category = category.isEmpty ? nil : category
            lines = lines.dropFirst()
        }
        guard !lines.isEmpty else { return }
        var reader = GIFTQuestionReader(units: GIFTSource.units(lines))
        do {
            var question = try reader.read()
            question.category = category
            questions.append((question.title, question))
        } catch {
            problems.append(error.problem)
            questions.append((reader.title, nil))
        }
    }

    /// The items read, with ids: the slug of the title when no other question has it, else `q<N>` by position.
    func items() -> [QuizItem] {
        var slugCounts: [String: Int] = [:]
        for entry in questions {
            if let slug = entry.title.flatMap(QuestionID.slug) { slugCounts[slug, default: 0] += 1 }
        }
        var used = Set(slugCounts.filter { $0.value == 1 }.keys)
        var items: [QuizItem] = []
        for (index, entry) in questions.enumerated() {
            guard let question = entry.question else { continue }
            var id = question.title.flatMap(QuestionID.slug) ?? ""
            if slugCounts[id] != 1 {
                id = QuestionID.unused("q\(index + 1)", in: &used)
            }
            items.append(question.item(id: id))
        }
        return items
    }
}

// MARK: - Lines, blocks and escapes

/// One character of a question after escapes are resolved: `escaped` characters are never syntax.
struct GIFTUnit {
    var character: Character
    var escaped: Bool
    var line: Int

    /// Whether this is the control character `marker`, unescaped.
    func isMarker(_ marker: Character) -> Bool { !escaped && character == marker }
}

typealias GIFTUnits = ArraySlice<GIFTUnit>

/// Splitting a file into lines and questions, and resolving escapes.
enum GIFTSource {
    struct Line {
        var number: Int
        var text: Substring
    }

    /// The characters a backslash escapes, and what they stand for.
    static let escapes: [Character: Character] = ["\\": "\\", ":": ":", "#": "#", "=": "=", "{": "{", "}": "}", "~": "~", "n": "\n"]

    /// The file's lines, numbered from 1, without a byte order mark; LF, CRLF and CR all end a line.
    static func lines(_ text: String) -> [Line] {
        var scalars = Substring(text).unicodeScalars
        if scalars.first == "\u{FEFF}" { scalars = scalars.dropFirst() }
        let body = Substring(scalars)
        return body.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" || $0 == "\r" })
            .enumerated().map { Line(number: $0.offset + 1, text: $0.element) }
    }

    /// Groups lines into questions at blank lines, leaving out `//` comment lines (as Moodle does).
    static func blocks(_ lines: [Line]) -> [[Line]] {
        var blocks: [[Line]] = []
        var current: [Line] = []
        for line in lines {
            let trimmed = line.text.trimmed
            if trimmed.isEmpty {
                if !current.isEmpty { blocks.append(current) }
                current = []
            } else if !trimmed.hasPrefix("//") {
                current.append(line)
            }
        }
        if !current.isEmpty { blocks.append(current) }
        return blocks
    }

    /// The category a `$CATEGORY:` line switches to (escapes resolved), or nil for any other line.
    static func category(_ line: Substring) -> String? {
        let trimmed = line.trimmed
        guard trimmed.hasPrefix("$CATEGORY:") else { return nil }
        let units = units([Line(number: 0, text: trimmed.dropFirst("$CATEGORY:".count))])
        return String(units.map(\.character)).trimmedString
    }

    /// The characters of a question's lines joined by newlines, each knowing its line and whether it was escaped.
    static func units(_ lines: ArraySlice<Line>) -> [GIFTUnit] {
        var units: [GIFTUnit] = []
        for line in lines {
            if let last = units.last { units.append(GIFTUnit(character: "\n", escaped: false, line: last.line)) }
            let characters = Array(line.text)
            var index = 0
            while index < characters.count {
                let character = characters[index]
                if character == "\\", index + 1 < characters.count, let meaning = escapes[characters[index + 1]] {
                    units.append(GIFTUnit(character: meaning, escaped: true, line: line.number))
                    index += 2
                } else {
                    units.append(GIFTUnit(character: character, escaped: character == "\\", line: line.number))
                    index += 1
                }
            }
        }
        return units
    }
}

// MARK: - Reading one question

/// A question as read, before it gets its id.
struct GIFTQuestion {
    var title: String?
    var prompt: String
    var format: QuizItem.TextFormat
    var interaction: QuizItem.Interaction
    var generalFeedback: String?
    var category: String?
    var line: Int

    func item(id: String) -> QuizItem {
        let isDescription = if case .description = interaction { true } else { false }
        return QuizItem(
            id: id, prompt: prompt, interaction: interaction, points: isDescription ? 0 : 1, generalFeedback: generalFeedback,
            category: category, title: title, format: format, line: line
        )
    }
}

/// Reads the title, text and answer block of one question.
struct GIFTQuestionReader {
    let units: [GIFTUnit]
    /// The title, once read (kept for ids even when the question fails later).
    private(set) var title: String?

    init(units: [GIFTUnit]) {
        self.units = units
    }

    mutating func read() throws(GIFTFault) -> GIFTQuestion {
        var rest = units[...].trimmed
        let line = rest.first?.line ?? 0
        title = try Self.takeTitle(&rest)
        rest = rest.trimmed
        // Moodle's default format, [moodle], lets authors write HTML: it is read as HTML (and filtered on display).
        let format = Self.takeFormat(&rest) ?? .html
        let layout = try Self.layout(rest)
        guard let block = layout.block else {
            return GIFTQuestion(title: title, prompt: layout.prompt, format: format, interaction: .description, line: line)
        }
        var content = block.trimmed
        let generalFeedback = Self.takeGeneralFeedback(&content)
        let interaction = try GIFTAnswerReader.interaction(content.trimmed, questionLine: line)
        return GIFTQuestion(
            title: title, prompt: layout.prompt, format: format, interaction: interaction,
            generalFeedback: generalFeedback, line: line
        )
    }

    /// Takes a leading `::title::`, unescaped and with its spaces collapsed; nil when there is none or it is empty.
    static func takeTitle(_ rest: inout GIFTUnits) throws(GIFTFault) -> String? {
        guard rest.startsWithMarker("::") else {
            if rest.first?.isMarker(":") == true, rest.firstMarker("::") != nil {
                throw GIFTFault(line: rest.first?.line ?? 0, message: .titleWithSingleColon)
            }
            return nil
        }
        let start = rest.startIndex + 2
        guard let end = rest[start...].firstMarker("::") else {
            throw GIFTFault(line: rest.first?.line ?? 0, message: .titleNotClosed)
        }
        let title = rest[start..<end].text.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        rest = rest[(end + 2)...]
        return title.isEmpty ? nil : title
    }

    /// Takes a leading `[html]`, `[moodle]`, `[plain]` or `[markdown]`; Moodle's `[moodle]` auto-format, the default, reads as HTML.
    static func takeFormat(_ rest: inout GIFTUnits) -> QuizItem.TextFormat? {
        guard rest.first?.isMarker("[") == true, let close = rest.firstIndex(where: { $0.isMarker("]") }) else { return nil }
        guard let format = GIFTText.format(named: String(rest[(rest.startIndex + 1)..<close].map(\.character))) else { return nil }
        rest = rest[(close + 1)...]
        return format
    }

    /// The text before, inside and after the answer block, checking that braces pair up.
    static func layout(_ units: GIFTUnits) throws(GIFTFault) -> Layout {
        guard let open = units.firstIndex(where: { $0.isMarker("{") || $0.isMarker("}") }) else {
            return Layout(before: units, block: nil, after: units[units.endIndex...])
        }
        guard units[open].isMarker("{") else {
            throw GIFTFault(line: units[open].line, message: .closingBraceWithoutOpening)
        }
        let inside = units[(open + 1)...]
        guard let close = inside.firstIndex(where: { $0.isMarker("{") || $0.isMarker("}") }) else {
            // Reported where the `}` is missing: at the end of the question (a blank line or the file's end).
            throw GIFTFault(line: units.last?.line ?? units[open].line, message: .answerBlockNotClosed(openedOn: units[open].line))
        }
        guard units[close].isMarker("}") else {
            throw GIFTFault(line: units[close].line, message: .openingBraceInsideAnswerBlock)
        }
        let after = units[(close + 1)...]
        if let brace = after.first(where: { $0.isMarker("{") || $0.isMarker("}") }) {
            throw GIFTFault(line: brace.line, message: .secondAnswerBlock)
        }
        return Layout(before: units[..<open], block: units[(open + 1)..<close], after: after)
    }

    /// Takes the general feedback after the last `####` of the answer block; nil when there is none or it is empty.
    static func takeGeneralFeedback(_ content: inout GIFTUnits) -> String? {
        var index = content.endIndex - 4
        while index >= content.startIndex {
            if content[index..<(index + 4)].allSatisfy({ $0.isMarker("#") }) {
                let feedback = GIFTText.blockText(content[(index + 4)...])
                content = content[..<index]
                return feedback.isEmpty ? nil : feedback
            }
            index -= 1
        }
        return nil
    }

    struct Layout {
        var before: GIFTUnits
        var block: GIFTUnits?
        var after: GIFTUnits

        /// The question text: with `_____` where the block was, unless the block ends the question (Moodle's missing word).
        var prompt: String {
            let after = self.after.text
            guard !after.trimmedString.isEmpty else { return before.text.trimmedString }
            return (before.text + "_____" + after).trimmedString
        }
    }
}
