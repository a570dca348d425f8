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
        var reading = Reading()
        for block in GIFTSource.blocks(GIFTSource.lines(text)) {
            reading.read(block)
        }
        return QuizParseResult(items: reading.items(), problems: reading.problems)
    }
}

// MARK: - Reading a file

/// The state of reading a file: the current category and what each question became.
private struct Reading {
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
        var reader = QuestionReader(units: GIFTSource.units(lines))
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
private struct Unit {
    var character: Character
    var escaped: Bool
    var line: Int

    /// Whether this is the control character `marker`, unescaped.
    func isMarker(_ marker: Character) -> Bool { !escaped && character == marker }
}

private typealias Units = ArraySlice<Unit>

/// Splitting a file into lines and questions, and resolving escapes.
private enum GIFTSource {
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
    static func units(_ lines: ArraySlice<Line>) -> [Unit] {
        var units: [Unit] = []
        for line in lines {
            if let last = units.last { units.append(Unit(character: "\n", escaped: false, line: last.line)) }
            let characters = Array(line.text)
            var index = 0
            while index < characters.count {
                let character = characters[index]
                if character == "\\", index + 1 < characters.count, let meaning = escapes[characters[index + 1]] {
                    units.append(Unit(character: meaning, escaped: true, line: line.number))
                    index += 2
                } else {
                    units.append(Unit(character: character, escaped: character == "\\", line: line.number))
                    index += 1
                }
            }
        }
        return units
    }
}

// MARK: - Reading one question

/// A question as read, before it gets its id.
private struct GIFTQuestion {
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
private struct QuestionReader {
    let units: [Unit]
    /// The title, once read (kept for ids even when the question fails later).
    private(set) var title: String?

    init(units: [Unit]) {
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
        let interaction = try AnswerReader.interaction(content.trimmed, questionLine: line)
        return GIFTQuestion(
            title: title, prompt: layout.prompt, format: format, interaction: interaction,
            generalFeedback: generalFeedback, line: line
        )
    }

    /// Takes a leading `::title::`, unescaped and with its spaces collapsed; nil when there is none or it is empty.
    static func takeTitle(_ rest: inout Units) throws(GIFTFault) -> String? {
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
    static func takeFormat(_ rest: inout Units) -> QuizItem.TextFormat? {
        guard rest.first?.isMarker("[") == true, let close = rest.firstIndex(where: { $0.isMarker("]") }) else { return nil }
        guard let format = GIFTText.format(named: String(rest[(rest.startIndex + 1)..<close].map(\.character))) else { return nil }
        rest = rest[(close + 1)...]
        return format
    }

    /// The text before, inside and after the answer block, checking that braces pair up.
    static func layout(_ units: Units) throws(GIFTFault) -> Layout {
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
    static func takeGeneralFeedback(_ content: inout Units) -> String? {
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
        var before: Units
        var block: Units?
        var after: Units

        /// The question text: with `_____` where the block was, unless the block ends the question (Moodle's missing word).
        var prompt: String {
            let after = self.after.text
            guard !after.trimmedString.isEmpty else { return before.text.trimmedString }
            return (before.text + "_____" + after).trimmedString
        }
    }
}

// MARK: - Reading an answer block

/// One answer of a block: its marker (`=`, `~` or none), its text units and where it starts.
private struct Answer {
    var marker: Character?
    var body: Units
    var line: Int
}

/// Turns the content of an answer block into an interaction, choosing the type as Moodle does.
private enum AnswerReader {
    static let trueFalse: [String: Bool] = ["T": true, "TRUE": true, "F": false, "FALSE": false]

    static func interaction(_ content: Units, questionLine: Int) throws(GIFTFault) -> QuizItem.Interaction {
        if content.isEmpty { return .essay }
        if content.first?.isMarker("#") == true { return try numeric(content.dropFirst(), questionLine: questionLine) }
        if content.contains(where: { $0.isMarker("~") }) { return try choice(content, questionLine: questionLine) }
        if content.contains(where: { $0.isMarker("=") }), content.firstMarker("->") != nil {
            return try matching(content, questionLine: questionLine)
        }
        let beforeFeedback = content.prefix(while: { !$0.isMarker("#") })
        if let isTrue = trueFalse[beforeFeedback.text.trimmedString] {
            return try trueOrFalse(content, isTrue: isTrue)
        }
        return try shortAnswer(content, questionLine: questionLine)
    }

    /// Splits a block at the unescaped `markers`; the text before the first marker is returned apart.
    static func split(_ content: Units, at markers: Set<Character>) -> (leading: Units, answers: [Answer]) {
        var answers: [Answer] = []
        var leading = content
        var start: Int?
        for index in content.indices where !content[index].escaped && markers.contains(content[index].character) {
            if let start { answers[answers.count - 1].body = content[(start + 1)..<index] } else { leading = content[..<index] }
            answers.append(Answer(marker: content[index].character, body: content[(index + 1)...], line: content[index].line))
            start = index
        }
        return (leading, answers)
    }

    /// Refuses text before the first answer marker (Moodle would take it as one more answer).
    static func checkNothingBefore(_ leading: Units, markers: [Character]) throws(GIFTFault) {
        let leading = leading.trimmed
        guard let first = leading.first else { return }
        throw GIFTFault(line: first.line, message: .textBeforeFirstAnswer(GIFTText.excerpt(leading.text), markers: markers))
    }

    // MARK: Multiple choice

    static func choice(_ content: Units, questionLine: Int) throws(GIFTFault) -> QuizItem.Interaction {
        let (leading, answers) = split(content, at: ["=", "~"])
        try checkNothingBefore(leading, markers: ["=", "~"])
        var choices: [QuizItem.Choice] = []
        for (index, answer) in answers.enumerated() {
            var body = answer.body
            let weight = try AnswerParts.takeWeight(&body) ?? (answer.marker == "=" ? 1 : 0)
            let parts = try AnswerParts(body, line: answer.line)
            guard !parts.text.isEmpty else { throw GIFTFault(line: answer.line, message: .emptyAnswer(answer.marker ?? "=")) }
            choices.append(QuizItem.Choice(id: choiceID(index), text: parts.text, weight: weight, feedback: parts.feedback))
        }
        guard choices.count >= 2 else { throw GIFTFault(line: questionLine, message: .tooFewChoices) }
        // Moodle: a block with an `=` answer is single choice; one with only `~` answers is multiple response.
        let multiple = !answers.contains { $0.marker == "=" }
        try checkWeights(choices.map(\.weight), multiple: multiple, line: questionLine)
        return .choice(choices: choices, multiple: multiple)
    }

    /// Moodle's rules on saving: a single answer needs one answer worth 100%; multiple responses need their
    /// positive weights to add up to 100%.
    static func checkWeights(_ weights: [Double], multiple: Bool, line: Int) throws(GIFTFault) {
        if !multiple {
            guard let best = weights.max(), abs(best - 1) < 1e-6 else { throw GIFTFault(line: line, message: .noFullMarks) }
            return
        }
        let total = weights.filter { $0 > 0 }.reduce(0, +)
        guard total > 0 else { throw GIFTFault(line: line, message: .noRightAnswer) }
        guard abs(total - 1) < 0.005 else { throw GIFTFault(line: line, message: .weightsDoNotAddUp(GIFTText.percent(total))) }
    }

    /// `a`, `b`, … `z`, then `c27`, `c28`…
    static func choiceID(_ index: Int) -> String {
        index < 26 ? String(UnicodeScalar(UInt8(97 + index))) : "c\(index + 1)"
    }

    // MARK: True/false

    static func trueOrFalse(_ content: Units, isTrue: Bool) throws(GIFTFault) -> QuizItem.Interaction {
        if let stray = content.first(where: { $0.isMarker("=") }) {
            throw GIFTFault(line: stray.line, message: .unescaped("="))
        }
        let parts = content.split(omittingEmptySubsequences: false, whereSeparator: { $0.isMarker("#") })
        guard parts.count <= 3 else {
            let third = content.filter { $0.isMarker("#") }[2]
            throw GIFTFault(line: third.line, message: .tooManyTrueFalseFeedbacks)
        }
        let wrong = parts.count > 1 ? GIFTText.optionalText(parts[1]) : nil
        let right = parts.count > 2 ? GIFTText.optionalText(parts[2]) : nil
        return .choice(
            choices: [
                QuizItem.Choice(id: "true", text: "Benar", weight: isTrue ? 1 : 0, feedback: isTrue ? right : wrong),
                QuizItem.Choice(id: "false", text: "Salah", weight: isTrue ? 0 : 1, feedback: isTrue ? wrong : right),
            ], multiple: false)
    }

    // MARK: Short answer

    static func shortAnswer(_ content: Units, questionLine: Int) throws(GIFTFault) -> QuizItem.Interaction {
        var (leading, answers) = split(content, at: ["="])
        if answers.isEmpty {
            answers = [Answer(marker: nil, body: leading, line: leading.first?.line ?? questionLine)]  // `{answer}` alone
        } else {
            try checkNothingBefore(leading, markers: ["="])
        }
        var accepted: [QuizItem.TextAnswer] = []
        for answer in answers {
            var body = answer.body
            let weight = try AnswerParts.takeWeight(&body) ?? 1
            let parts = try AnswerParts(body, line: answer.line)
            guard !parts.text.isEmpty else { throw GIFTFault(line: answer.line, message: .emptyAnswer("=")) }
            accepted.append(QuizItem.TextAnswer(pattern: GIFTText.wildcardPattern(parts.text), weight: weight, feedback: parts.feedback))
        }
        try checkWeights(accepted.map(\.weight), multiple: false, line: questionLine)
        return .text(answers: accepted, caseSensitive: false)
    }

    // MARK: Matching

    static func matching(_ content: Units, questionLine: Int) throws(GIFTFault) -> QuizItem.Interaction {
        let (leading, answers) = split(content, at: ["="])
        try checkNothingBefore(leading, markers: ["="])
        var pairs: [QuizItem.Pair] = []
        var responses: [String] = []
        for answer in answers {
            if let hash = answer.body.first(where: { $0.isMarker("#") }) {
                throw GIFTFault(line: hash.line, message: .feedbackInMatching)
            }
            guard let arrow = answer.body.firstMarker("->") else { throw GIFTFault(line: answer.line, message: .pairWithoutArrow) }
            let premise = GIFTText.stripFormat(GIFTText.blockText(answer.body[..<arrow]))
            let response = GIFTText.blockText(answer.body[(arrow + 2)...])
            guard !response.isEmpty else { throw GIFTFault(line: answer.line, message: .pairWithoutResponse) }
            if !responses.contains(response) { responses.append(response) }
            guard !premise.isEmpty else { continue }  // `= -> response`: a distractor
            guard !pairs.contains(where: { $0.premise == premise }) else {
                throw GIFTFault(line: answer.line, message: .repeatedPremise(GIFTText.excerpt(premise)))
            }
            pairs.append(QuizItem.Pair(premise: premise, response: response))
        }
        guard pairs.count >= 2 else { throw GIFTFault(line: questionLine, message: .tooFewPairs) }
        return .matching(pairs: pairs, responses: responses)
    }

    // MARK: Numerical

    static func numeric(_ content: Units, questionLine: Int) throws(GIFTFault) -> QuizItem.Interaction {
        var content = content
        let otherwise = try takeOtherwiseFeedback(&content)
        var (leading, answers) = split(content, at: ["="])
        if !leading.trimmed.isEmpty {
            answers.insert(Answer(marker: nil, body: leading, line: leading.trimmed.first?.line ?? questionLine), at: 0)  // `{#3:2}`
        }
        guard !answers.isEmpty else { throw GIFTFault(line: questionLine, message: .noNumericAnswer) }
        var accepted: [QuizItem.NumericAnswer] = []
        for answer in answers {
            var body = answer.body
            let weight = try AnswerParts.takeWeight(&body) ?? 1
            let parts = try AnswerParts(body, line: answer.line)
            accepted.append(try numericAnswer(parts.text, weight: weight, feedback: parts.feedback, line: answer.line))
        }
        try checkWeights(accepted.map(\.weight), multiple: false, line: questionLine)
        if let otherwise {
            let largest = Double.greatestFiniteMagnitude
            accepted.append(QuizItem.NumericAnswer(minimum: -largest, maximum: largest, weight: 0, feedback: otherwise))
        }
        return .numeric(answers: accepted)
    }

    /// Takes `~#feedback` (Moodle's feedback for any other number) from the end of a numerical block.
    /// Nil when there is none or it is empty.
    static func takeOtherwiseFeedback(_ content: inout Units) throws(GIFTFault) -> String? {
        guard let tilde = content.firstIndex(where: { $0.isMarker("~") }) else { return nil }
        let line = content[tilde].line
        let tail = content[(tilde + 1)...].trimmed
        content = content[..<tilde]
        guard tail.first?.isMarker("#") == true else { throw GIFTFault(line: line, message: .numericOtherwiseWithoutFeedback) }
        if let stray = tail.dropFirst().first(where: { $0.isMarker("#") || $0.isMarker("=") || $0.isMarker("~") }) {
            throw GIFTFault(line: stray.line, message: .unescaped(stray.character))
        }
        return GIFTText.optionalText(tail.dropFirst())
    }

    /// `value`, `value:tolerance` or `minimum..maximum`.
    static func numericAnswer(_ text: String, weight: Double, feedback: String?, line: Int) throws(GIFTFault) -> QuizItem.NumericAnswer {
        func number(_ text: Substring) throws(GIFTFault) -> Double {
            guard let value = GIFTText.number(text.trimmed) else { throw GIFTFault(line: line, message: .notANumber(GIFTText.excerpt(String(text.trimmed)))) }
            return value
        }
        guard !text.isEmpty else { throw GIFTFault(line: line, message: .emptyAnswer("=")) }
        if let range = text.firstRange(of: ".."), range.lowerBound > text.startIndex {
            let minimum = try number(text[..<range.lowerBound])
            let maximum = try number(text[range.upperBound...])
            return QuizItem.NumericAnswer(minimum: minimum, maximum: maximum, weight: weight, feedback: feedback)
        }
        if let colon = text.firstIndex(of: ":"), colon > text.startIndex {
            let value = try number(text[..<colon])
            let tolerance = try number(text[text.index(after: colon)...])
            let answer = QuizItem.NumericAnswer(value: value, tolerance: tolerance, weight: weight, feedback: feedback)
            guard answer.minimum.isFinite, answer.maximum.isFinite else {
                throw GIFTFault(line: line, message: .notANumber(GIFTText.excerpt(text)))
            }
            return answer
        }
        return QuizItem.NumericAnswer(value: try number(text[...]), weight: weight, feedback: feedback)
    }
}

/// An answer's text and feedback (`text#feedback`), its format marker removed.
private struct AnswerParts {
    var text: String
    var feedback: String?

    init(_ body: Units, line: Int) throws(GIFTFault) {
        let hashes = body.indices.filter { body[$0].isMarker("#") }
        if hashes.count > 1 { throw GIFTFault(line: body[hashes[1]].line, message: .secondHashInAnswer) }
        guard let hash = hashes.first else {
            text = GIFTText.stripFormat(GIFTText.blockText(body))
            return
        }
        text = GIFTText.stripFormat(GIFTText.blockText(body[..<hash]))
        feedback = GIFTText.optionalText(body[(hash + 1)...])
    }

    /// Takes a leading `%50%` (or `%-100%`, `%33.333%`) as a weight from -1 to 1; a malformed one is a fault.
    static func takeWeight(_ body: inout Units) throws(GIFTFault) -> Double? {
        let trimmed = body.trimmed
        guard let first = trimmed.first, first.isMarker("%") else { return nil }
        let rest = trimmed.dropFirst()
        guard let close = rest.firstIndex(where: { $0.isMarker("%") }) else { return nil }
        let written = String(rest[..<close].map(\.character))
        if let percent = GIFTText.number(Substring(written)), (-100...100).contains(percent) {
            body = rest[(close + 1)...]
            return percent / 100
        }
        // `%…%` that is plainly meant as a number; other text that starts with `%` stays answer text.
        guard written.allSatisfy({ "0123456789.,+- ".contains($0) }) else { return nil }
        throw GIFTFault(line: first.line, message: .invalidWeight(written))
    }
}

// MARK: - Text helpers

private enum GIFTText {
    /// The text format a GIFT `[name]` marker names.
    static func format(named name: String) -> QuizItem.TextFormat? {
        switch name {
        case "html", "moodle": .html
        case "markdown": .markdown
        case "plain": .plain
        default: nil
        }
    }

    /// Text inside an answer block: each line trimmed (indentation there is layout), the whole trimmed.
    static func blockText(_ units: Units) -> String {
        units.split(omittingEmptySubsequences: false, whereSeparator: { $0.isMarker("\n") })
            .map { $0.text.trimmedString }.joined(separator: "\n").trimmedString
    }

    /// Feedback text, format marker removed; nil when empty.
    static func optionalText(_ units: Units) -> String? {
        let text = stripFormat(blockText(units))
        return text.isEmpty ? nil : text
    }

    /// Removes a leading `[html]`, `[moodle]`, `[plain]` or `[markdown]` (the item keeps the question's format).
    static func stripFormat(_ text: String) -> String {
        guard text.hasPrefix("["), let close = text.firstIndex(of: "]"),
            format(named: String(text[text.index(after: text.startIndex)..<close])) != nil
        else { return text }
        return text[text.index(after: close)...].trimmedString
    }

    /// A GIFT short answer as a scoring pattern: `*` stays a wildcard, `\*` a star, and any other `\` a backslash.
    static func wildcardPattern(_ text: String) -> String {
        var pattern = ""
        var characters = text.makeIterator()
        var pending = characters.next()
        while let character = pending {
            pending = characters.next()
            if character == "\\" && pending != "*" {
                pattern += "\\\\"
            } else {
                pattern.append(character)
            }
        }
        return pattern
    }

    /// A decimal number (sign, digits, point, exponent), as PHP's `is_numeric` reads one; nil for anything else.
    static func number(_ text: Substring) -> Double? {
        var rest = text[...]
        if rest.first == "+" || rest.first == "-" { rest = rest.dropFirst() }
        let integer = rest.prefix(while: \.isASCIIDigit)
        rest = rest.dropFirst(integer.count)
        var fraction: Substring = ""
        if rest.first == "." {
            fraction = rest.dropFirst().prefix(while: \.isASCIIDigit)
            rest = rest.dropFirst(fraction.count + 1)
        }
        guard !integer.isEmpty || !fraction.isEmpty else { return nil }
        if rest.first == "e" || rest.first == "E" {
            var exponent = rest.dropFirst()
            if exponent.first == "+" || exponent.first == "-" { exponent = exponent.dropFirst() }
            let digits = exponent.prefix(while: \.isASCIIDigit)
            guard !digits.isEmpty else { return nil }
            rest = exponent.dropFirst(digits.count)
        }
        guard rest.isEmpty, let value = Double(String(text)), value.isFinite else { return nil }
        return value
    }

    /// A percentage for messages: `90`, `33.33`.
    static func percent(_ fraction: Double) -> String {
        let hundredths = (fraction * 10000).rounded()
        let whole = Int(hundredths / 100)
        let rest = Int(abs(hundredths).truncatingRemainder(dividingBy: 100))
        return rest == 0 ? "\(whole)" : "\(whole).\(rest < 10 ? "0" : "")\(rest)"
    }

    /// At most 40 characters of a text, on one line, for messages.
    static func excerpt(_ text: String) -> String {
        let line = text.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        return line.count > 40 ? String(line.prefix(39)) + "…" : line
    }
}

// MARK: - Problems

/// Why a question cannot be read, and where.
private struct GIFTFault: Error {
    var line: Int
    var message: GIFTMessage

    var problem: QuizProblem {
        QuizProblem(line: line, indonesian: message.indonesian, english: message.english)
    }
}

/// Every message of the GIFT reader, in both interface languages.
private enum GIFTMessage {
    case titleNotClosed
    case titleWithSingleColon
    case closingBraceWithoutOpening
    case answerBlockNotClosed(openedOn: Int)
    case openingBraceInsideAnswerBlock
    case secondAnswerBlock
    case textBeforeFirstAnswer(String, markers: [Character])
    case emptyAnswer(Character)
    case secondHashInAnswer
    case invalidWeight(String)
    case tooFewChoices
    case noFullMarks
    case noRightAnswer
    case weightsDoNotAddUp(String)
    case unescaped(Character)
    case tooManyTrueFalseFeedbacks
    case feedbackInMatching
    case pairWithoutArrow
    case pairWithoutResponse
    case repeatedPremise(String)
    case tooFewPairs
    case noNumericAnswer
    case numericOtherwiseWithoutFeedback
    case notANumber(String)

    var indonesian: String {
        switch self {
        case .titleNotClosed: "judul ::…:: tidak ditutup dengan ::"
        case .titleWithSingleColon: "judul harus diawali :: (di sini hanya satu :); tulis \\: untuk titik dua biasa"
        case .closingBraceWithoutOpening: "} tanpa { pembuka; tulis \\} untuk kurung kurawal biasa"
        case .answerBlockNotClosed(let openedOn):
            "blok jawaban yang dibuka di baris \(openedOn) tidak ditutup dengan } sebelum baris kosong atau akhir berkas"
        case .openingBraceInsideAnswerBlock: "{ di dalam blok jawaban; tulis \\{ untuk kurung kurawal biasa"
        case .secondAnswerBlock: "soal hanya boleh memiliki satu blok jawaban {…}; tulis \\{ dan \\} untuk kurung kurawal biasa"
        case .textBeforeFirstAnswer(let text, let markers):
            "teks \"\(text)\" sebelum jawaban pertama tidak diawali \(markers.map(String.init).joined(separator: " atau "))"
        case .emptyAnswer(let marker): "jawaban kosong setelah \(marker)"
        case .secondHashInAnswer: "# kedua dalam satu jawaban (umpan balik dimulai pada # pertama); tulis \\# untuk tanda # biasa"
        case .invalidWeight(let written): "bobot %\(written)% bukan persentase antara -100 dan 100"
        case .tooFewChoices: "soal pilihan ganda memerlukan sedikitnya 2 pilihan"
        case .noFullMarks: "tidak ada jawaban bernilai 100%; tandai jawaban benar dengan ="
        case .noRightAnswer: "tidak ada jawaban benar; tandai dengan = atau beri bobot seperti ~%50%"
        case .weightsDoNotAddUp(let total): "bobot positif jawaban berjumlah \(total)%, bukan 100%"
        case .unescaped(let character): "\(character) tanpa garis miring terbalik di dalam jawaban; tulis \\\(character)"
        case .tooManyTrueFalseFeedbacks: "soal benar/salah menerima paling banyak dua umpan balik (#salah#benar); tulis \\# untuk tanda # biasa"
        case .feedbackInMatching: "soal menjodohkan tidak mendukung umpan balik #; tulis \\# untuk tanda # biasa"
        case .pairWithoutArrow: "pasangan soal menjodohkan tanpa ->"
        case .pairWithoutResponse: "pasangan soal menjodohkan tanpa jawaban setelah ->"
        case .repeatedPremise(let premise): "pernyataan \"\(premise)\" muncul dua kali dalam soal menjodohkan"
        case .tooFewPairs: "soal menjodohkan memerlukan sedikitnya 2 pasangan"
        case .noNumericAnswer: "soal numerik tidak memiliki jawaban"
        case .numericOtherwiseWithoutFeedback: "~ dalam soal numerik harus langsung diikuti #umpan balik"
        case .notANumber(let text): "\"\(text)\" bukan angka (gunakan titik desimal, misalnya 3.14)"
        }
    }

    var english: String {
        switch self {
        case .titleNotClosed: "the ::title:: is not closed with ::"
        case .titleWithSingleColon: "a title starts with :: (here a single :); write \\: for a literal colon"
        case .closingBraceWithoutOpening: "} without an opening {; write \\} for a literal brace"
        case .answerBlockNotClosed(let openedOn):
            "the answer block opened on line \(openedOn) is not closed with } before a blank line or the end of the file"
        case .openingBraceInsideAnswerBlock: "{ inside an answer block; write \\{ for a literal brace"
        case .secondAnswerBlock: "a question has only one answer block {…}; write \\{ and \\} for literal braces"
        case .textBeforeFirstAnswer(let text, let markers):
            "the text \"\(text)\" before the first answer does not start with \(markers.map(String.init).joined(separator: " or "))"
        case .emptyAnswer(let marker): "an empty answer after \(marker)"
        case .secondHashInAnswer: "a second # in one answer (feedback starts at the first #); write \\# for a literal #"
        case .invalidWeight(let written): "the weight %\(written)% is not a percentage between -100 and 100"
        case .tooFewChoices: "a multiple-choice question needs at least 2 choices"
        case .noFullMarks: "no answer is worth 100%; mark the right answer with ="
        case .noRightAnswer: "no answer is right; mark it with = or give weights such as ~%50%"
        case .weightsDoNotAddUp(let total): "the positive weights of the answers add up to \(total)%, not 100%"
        case .unescaped(let character): "an unescaped \(character) inside an answer; write \\\(character)"
        case .tooManyTrueFalseFeedbacks: "a true/false question takes at most two feedbacks (#wrong#right); write \\# for a literal #"
        case .feedbackInMatching: "matching questions take no # feedback; write \\# for a literal #"
        case .pairWithoutArrow: "a matching pair without ->"
        case .pairWithoutResponse: "a matching pair with nothing after ->"
        case .repeatedPremise(let premise): "the premise \"\(premise)\" appears twice in a matching question"
        case .tooFewPairs: "a matching question needs at least 2 pairs"
        case .noNumericAnswer: "a numerical question has no answer"
        case .numericOtherwiseWithoutFeedback: "~ in a numerical question must be followed directly by #feedback"
        case .notANumber(let text): "\"\(text)\" is not a number (use a decimal point, as in 3.14)"
        }
    }
}

// MARK: - Small extensions

extension ArraySlice where Element == Unit {
    /// The characters, escapes resolved.
    fileprivate var text: String { String(map(\.character)) }

    /// Without leading and trailing whitespace.
    fileprivate var trimmed: ArraySlice<Unit> {
        let start = firstIndex { !$0.character.isWhitespace } ?? endIndex
        let end = lastIndex { !$0.character.isWhitespace }.map { $0 + 1 } ?? start
        return self[start..<Swift.max(start, end)]
    }

    /// Whether the slice starts with the unescaped characters of `marker`.
    fileprivate func startsWithMarker(_ marker: String) -> Bool {
        firstMarker(marker) == startIndex
    }

    /// The index of the first run of unescaped characters spelling `marker`.
    fileprivate func firstMarker(_ marker: String) -> Int? {
        let characters = Array(marker)
        guard count >= characters.count else { return nil }
        for index in startIndex...(endIndex - characters.count)
        where characters.indices.allSatisfy({ self[index + $0].isMarker(characters[$0]) }) {
            return index
        }
        return nil
    }
}

extension StringProtocol {
    /// Without leading and trailing whitespace.
    fileprivate var trimmed: SubSequence {
        let start = firstIndex { !$0.isWhitespace } ?? endIndex
        let end = lastIndex { !$0.isWhitespace }.map { index(after: $0) } ?? start
        return self[start..<end]
    }

    fileprivate var trimmedString: String { String(trimmed) }
}

extension Character {
    fileprivate var isASCIIDigit: Bool { isASCII && isNumber }
}
