import Foundation
import LenteraCore

extension QuizReader {
    // MARK: Answers

    /// What kind of answers a block holds, if it holds answers.
    func answerShape(_ block: Block, lines: [SourceLine]) -> QuestionType? {
        switch block.kind {
        case .list:
            if block.items.contains(where: { Self.checkbox($0.content) != nil }) { return .singleChoice }
            if block.ordered { return .ordering }
            return block.items.contains(where: { Self.arrow(in: $0.content) != nil }) ? .matching : nil
        case .paragraph:
            return lines[block.start..<block.end].contains(where: { Self.inlineAnswer($0.text) != nil || Self.isAnswerMarker($0.text) })
                ? .shortAnswer : nil
        default:
            return nil
        }
    }

    /// Finds the answers in the last block; returns the interaction, the kind found and where the prompt ends.
    func readAnswers(
        _ blocks: [Block], lines: [SourceLine], settings: Settings, section: inout Section, title: String
    ) -> (QuizItem.Interaction?, QuestionType?, Int) {
        guard let last = blocks.last else {
            section.problems.append(problem(section.headingLine, .noAnswers(title)))
            return (nil, nil, lines.count)
        }
        let previous = blocks.count >= 2 ? blocks[blocks.count - 2] : nil
        var problems: [QuizProblem] = []
        defer { section.problems += problems }

        if last.kind == .list {
            // `Jawaban:` on the line above the list (possibly the last line of a paragraph).
            var above = last.start - 1
            while above >= 0, lines[above].isBlank, !lines[above].inFence { above -= 1 }
            let markerAbove = above >= 0 && !lines[above].inFence && Self.isAnswerMarker(lines[above].text) ? above : nil
            let hasBoxes = last.items.contains { Self.checkbox($0.content) != nil }
            if hasBoxes || (markerAbove == nil && last.items.contains { Self.looksLikeBox($0.content) != nil }) {
                let (interaction, type) = readChoices(last, settings: settings, problems: &problems)
                return (interaction, type, markerAbove ?? last.start)
            }
            if let markerAbove {
                let answers = last.items.map { item in
                    let parts = itemParts(item, problems: &problems)
                    return (line: item.line, text: parts.text, feedback: parts.feedback)
                }
                let (interaction, type) = readTypedAnswers(answers, settings: settings, problems: &problems)
                return (interaction, type, markerAbove)
            }
            if last.ordered {
                return (readOrdering(last, settings: settings, problems: &problems), .ordering, last.start)
            }
            if last.items.contains(where: { Self.arrow(in: $0.content) != nil }) {
                return (readMatching(last, problems: &problems), .matching, last.start)
            }
            problems.append(problem(last.items[0].line, .unrecognizedList))
            return (nil, nil, last.start)
        }

        if last.kind == .paragraph {
            // `Jawaban: text` lines at the end of the last paragraph.
            var first = last.end
            while first > last.start, Self.inlineAnswer(lines[first - 1].text) != nil { first -= 1 }
            if first < last.end {
                let answers = lines[first..<last.end].map { (line: $0.number, text: Self.inlineAnswer($0.text) ?? "", feedback: String?.none) }
                let (interaction, type) = readTypedAnswers(answers, settings: settings, problems: &problems)
                return (interaction, type, first)
            }
            if Self.isAnswerMarker(lines[last.end - 1].text) {
                problems.append(problem(lines[last.end - 1].number, .markerWithoutAnswers(lines[last.end - 1].trimmed)))
                return (nil, nil, last.end - 1)
            }
        }

        // No answers at the end: say why as precisely as possible.
        if last.kind == .quote, let previous, previous.kind == .list {
            problems.append(problem(lines[last.start].number, .feedbackNotIndented))
        } else if blocks.dropLast().contains(where: { answerShape($0, lines: lines) != nil && answerShape($0, lines: lines) != .ordering }) {
            let firstLine = lines[last.start]
            let isSetting = Self.keyValue(firstLine.text).map { Self.settingKeys[$0.0] != nil } ?? false
            problems.append(problem(firstLine.number, isSetting ? .settingsAfterAnswers : .textAfterAnswers))
        } else {
            problems.append(problem(section.headingLine, .noAnswers(title)))
        }
        return (nil, nil, lines.count)
    }

    /// `Jawaban:`, `Answer:` or `Answers:` alone on a line.
    static func isAnswerMarker(_ text: String) -> Bool {
        guard let (key, value) = keyValue(text) else { return false }
        return value.isEmpty && ["jawaban", "answer", "answers"].contains(key)
    }

    /// The answer in a `Jawaban: text` line.
    static func inlineAnswer(_ text: String) -> String? {
        guard let (key, value) = keyValue(text), !value.isEmpty, ["jawaban", "answer", "answers"].contains(key) else { return nil }
        return value
    }

    /// The text and the `>` feedback of a list item.
    func itemParts(_ item: ListItem, problems: inout [QuizProblem]) -> (text: String, feedback: String?, feedbackLine: Int?) {
        var text = [item.content]
        var feedback: [String] = []
        var feedbackLine: Int?
        var blankSinceFeedback = false
        for line in item.continuation {
            let content = line.text.droppingLeadingSpaces
            if line.isBlank {
                if feedbackLine == nil { text.append("") } else { blankSinceFeedback = true }
            } else if content.hasPrefix(">"), !line.inFence {
                feedbackLine = feedbackLine ?? line.number
                var quoted = content.dropFirst()
                if quoted.first == " " { quoted = quoted.dropFirst() }
                if blankSinceFeedback { feedback.append("") }
                blankSinceFeedback = false
                feedback.append(String(quoted))
            } else if feedbackLine != nil {
                if blankSinceFeedback {
                    problems.append(problem(line.number, .textAfterAnswerFeedback))
                } else {
                    feedback.append(content)  // a lazy continuation of the quote
                }
            } else if !line.inFence, Self.feedbackMarker(content) != nil {
                problems.append(problem(line.number, .feedbackLineInAnswer))
            } else {
                text.append(line.text.droppingIndent(item.contentOffset))
            }
        }
        while text.last?.isEmpty == true { text.removeLast() }
        let feedbackText = feedback.joined(separator: "\n").trimmingSpaces()
        return (text.joined(separator: "\n").trimmingSpaces(), feedbackText.isEmpty ? nil : feedbackText, feedbackLine)
    }

    /// `[ ]`, `[x]` or `[X]` at the start of an item: whether it is checked, and the text after it.
    static func checkbox(_ content: String) -> (checked: Bool, rest: String)? {
        for (box, checked) in [("[ ]", false), ("[x]", true), ("[X]", true)] where content.hasPrefix(box) {
            let rest = content.dropFirst(3)
            guard rest.isEmpty || rest.first == " " || rest.first == "\t" else { continue }
            return (checked, rest.trimmingSpaces())
        }
        return nil
    }

    /// A box that is not `[ ]` or `[x]` (such as `[]` or `[v]`), for a helpful message.
    static func looksLikeBox(_ content: String) -> String? {
        guard content.hasPrefix("["), !content.hasPrefix("[["), let close = content.firstIndex(of: "]") else { return nil }
        let inside = content[content.index(after: content.startIndex)..<close]
        let after = content[content.index(after: close)...]
        guard inside.count <= 3, after.isEmpty || after.first == " " else { return nil }
        return String(content[...close])
    }

    /// A leading `(50%)`: the weight, or the text when it is malformed; and the rest.
    static func weightPrefix(_ text: String) -> (weight: Result<Double, WeightError>?, rest: String) {
        guard text.hasPrefix("("), let close = text.firstIndex(of: ")") else { return (nil, text) }
        let inside = text[text.index(after: text.startIndex)..<close].trimmingSpaces()
        guard inside.hasSuffix("%") else { return (nil, text) }
        let rest = text[text.index(after: close)...].trimmingSpaces()
        let written = String(text[...close])
        guard case .number(let percent) = NumberText.parse(String(inside.dropLast()).trimmingSpaces()), (-100...100).contains(percent) else {
            return (.failure(WeightError(written: written)), rest)
        }
        return (.success(percent / 100), rest)
    }

    struct WeightError: Error {
        var written: String
    }

    static func percentText(_ weight: Double) -> String {
        let percent = (weight * 1000).rounded() / 10
        return percent == percent.rounded() ? "\(Int(percent))%" : "\(percent)%"
    }

    // MARK: Choices

    func readChoices(_ block: Block, settings: Settings, problems: inout [QuizProblem]) -> (QuizItem.Interaction?, QuestionType) {
        struct Draft {
            var line: Int
            var checked: Bool
            var weight: Double?
            var text: String
            var feedback: String?
        }
        var drafts: [Draft] = []
        let before = problems.count
        for item in block.items {
            guard let (checked, rest) = Self.checkbox(item.content) else {
                if let box = Self.looksLikeBox(item.content) {
                    problems.append(problem(item.line, .invalidCheckbox(box)))
                } else {
                    problems.append(problem(item.line, .mixedChoiceList))
                }
                continue
            }
            var parts = itemParts(
                ListItem(line: item.line, content: rest, contentOffset: item.contentOffset, continuation: item.continuation), problems: &problems)
            let (weight, text) = Self.weightPrefix(parts.text)
            parts.text = text
            var value: Double?
            switch weight {
            case .failure(let error): problems.append(problem(item.line, .invalidWeight(error.written)))
            case .success(let number): value = number
            case nil: break
            }
            if parts.text.isEmpty { problems.append(problem(item.line, .emptyChoice)) }
            if drafts.contains(where: { $0.text == parts.text }), !parts.text.isEmpty {
                problems.append(problem(item.line, .duplicateChoice(parts.text)))
            }
            drafts.append(Draft(line: item.line, checked: checked, weight: value, text: parts.text, feedback: parts.feedback))
        }
        let checkedCount = drafts.filter(\.checked).count
        let declared = settings.type?.value
        let multiple = declared == .multipleResponse || (declared == nil && checkedCount > 1)
        let found: QuestionType = multiple ? .multipleResponse : .singleChoice
        guard problems.count == before else { return (nil, found) }
        let firstLine = block.items[0].line
        if drafts.count < 2 { problems.append(problem(firstLine, .tooFewChoices)) }
        if checkedCount == 0 { problems.append(problem(firstLine, .noCorrectChoice)) }
        if declared == .trueFalse, drafts.count != 2 || checkedCount != 1 { problems.append(problem(firstLine, .trueFalseNeedsTwo)) }
        guard problems.count == before else { return (nil, found) }

        var weights: [Double] = []
        if !multiple {
            for draft in drafts {
                let percent = draft.weight.map(Self.percentText) ?? ""
                if draft.checked {
                    if let weight = draft.weight, abs(weight - 1) > 1e-9 { problems.append(problem(draft.line, .weightOnSingleCorrect(percent))) }
                    weights.append(1)
                } else if let weight = draft.weight {
                    if weight < 0 { problems.append(problem(draft.line, .negativeWeightInSingleChoice(percent))) }
                    if weight >= 1 - 1e-9 { problems.append(problem(draft.line, .fullWeightUnchecked(percent))) }
                    weights.append(weight)
                } else {
                    weights.append(0)
                }
            }
        } else if !drafts.contains(where: { $0.weight != nil }) {
            weights = drafts.map { $0.checked ? 1 : 0 }  // all or nothing
        } else {
            var explicitShare = 0.0
            for draft in drafts {
                guard let weight = draft.weight else { continue }
                let percent = Self.percentText(weight)
                if draft.checked {
                    if weight <= 0 { problems.append(problem(draft.line, .nonPositiveWeightChecked(percent))) }
                    explicitShare += weight
                } else if weight > 0 {
                    problems.append(problem(draft.line, .positiveWeightUnchecked(percent)))
                }
            }
            let unweighted = drafts.filter { $0.checked && $0.weight == nil }.count
            var scale = 1.0
            var share = 0.0
            if unweighted > 0 {
                share = (1 - explicitShare) / Double(unweighted)
                if share <= 1e-9 { problems.append(problem(firstLine, .noShareLeft)) }
            } else if abs(explicitShare - 1) <= 0.011 {
                scale = 1 / explicitShare  // 33% three times counts as a third each
            } else if explicitShare > 0 {
                problems.append(problem(firstLine, .weightsDoNotAddUp(Self.percentText(explicitShare))))
            }
            weights = drafts.map { draft in
                guard let weight = draft.weight else { return draft.checked ? share : 0 }
                return draft.checked ? weight * scale : weight
            }
        }
        guard problems.count == before else { return (nil, found) }
        var ids = UniqueIDs(fallback: "pilihan")
        let choices = zip(drafts, weights).map { draft, weight in
            QuizItem.Choice(id: ids.next(for: draft.text), text: draft.text, weight: weight, feedback: draft.feedback)
        }
        return (.choice(choices: choices, multiple: multiple), found)
    }

    // MARK: Typed answers (short text and numbers)

    func readTypedAnswers(
        _ answers: [(line: Int, text: String, feedback: String?)], settings: Settings, problems: inout [QuizProblem]
    ) -> (QuizItem.Interaction?, QuestionType) {
        let before = problems.count
        var parsed: [(line: Int, weight: Double, text: String, feedback: String?)] = []
        for answer in answers {
            let (weight, text) = Self.weightPrefix(answer.text)
            var value = 1.0
            switch weight {
            case .failure(let error): problems.append(problem(answer.line, .invalidWeight(error.written)))
            case .success(let number):
                value = number
                if number < 0 { problems.append(problem(answer.line, .negativeWeightInSingleChoice(Self.percentText(number)))) }
            case nil: break
            }
            if text.isEmpty { problems.append(problem(answer.line, .emptyAnswer)) }
            parsed.append((answer.line, value, text, answer.feedback))
        }
        let declared = settings.type?.value
        let numericForms = parsed.map { NumberText.answer($0.text) }
        let looksNumeric = !numericForms.contains { if case .notNumeric = $0 { true } else { false } }
        let numeric = declared == .numeric || (declared != .shortAnswer && looksNumeric)
        let found: QuestionType = numeric ? .numeric : .shortAnswer
        if !numeric, declared == nil {
            for (answer, form) in zip(parsed, numericForms) {
                if case .answer(_, _, let isExact) = form, !isExact { problems.append(problem(answer.line, .numbersMixedWithText(answer.text))) }
            }
        }
        if !parsed.contains(where: { $0.weight >= 1 - 1e-9 }), problems.count == before {
            problems.append(problem(parsed.first?.line, .noFullCreditAnswer))
        }
        guard problems.count == before else { return (nil, found) }
        if numeric {
            var result: [QuizItem.NumericAnswer] = []
            for (answer, form) in zip(parsed, numericForms) {
                switch form {
                case .answer(let minimum, let maximum, _):
                    result.append(QuizItem.NumericAnswer(minimum: minimum, maximum: maximum, weight: answer.weight, feedback: answer.feedback))
                case .invalid(let message): problems.append(problem(answer.line, message))
                case .notNumeric: problems.append(problem(answer.line, .invalidNumber(answer.text)))
                }
            }
            return (problems.count == before ? .numeric(answers: result) : nil, found)
        }
        let textAnswers = parsed.map { QuizItem.TextAnswer(pattern: $0.text, weight: $0.weight, feedback: $0.feedback) }
        return (.text(answers: textAnswers, caseSensitive: settings.caseSensitive?.value ?? false), found)
    }
}
