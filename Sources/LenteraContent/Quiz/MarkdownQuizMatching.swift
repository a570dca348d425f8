import Foundation
import LenteraCore

extension QuizReader {
    // MARK: Matching and ordering

    /// The premise and response of `premise -> response` (`→` also works).
    static func arrow(in text: String) -> (premise: String, response: String)? {
        for arrow in ["->", "→"] {
            if let range = text.range(of: arrow) {
                return (text[..<range.lowerBound].trimmingSpaces(), text[range.upperBound...].trimmingSpaces())
            }
        }
        return nil
    }

    func readMatching(_ block: Block, problems: inout [QuizProblem]) -> QuizItem.Interaction? {
        let before = problems.count
        var pairs: [QuizItem.Pair] = []
        var responses: [String] = []
        var distractors: [(line: Int, text: String)] = []
        for item in block.items {
            let parts = itemParts(item, problems: &problems)
            if parts.feedback != nil { problems.append(problem(parts.feedbackLine, .answerFeedbackNotSupported(.matching))) }
            guard let (premise, response) = Self.arrow(in: parts.text) else {
                problems.append(problem(item.line, .matchingWithoutArrow))
                continue
            }
            if case .some = Self.weightPrefix(premise).weight { problems.append(problem(item.line, .weightNotUsed(.matching))) }
            if response.isEmpty {
                problems.append(problem(item.line, .emptyResponse))
                continue
            }
            if premise.isEmpty {
                distractors.append((item.line, response))
                continue
            }
            if pairs.contains(where: { $0.premise == premise }) {
                problems.append(problem(item.line, .duplicatePremise(premise)))
            }
            pairs.append(QuizItem.Pair(premise: premise, response: response))
            if !responses.contains(response) { responses.append(response) }
        }
        for distractor in distractors {
            if responses.contains(distractor.text) {
                problems.append(problem(distractor.line, .distractorIsAnswer(distractor.text)))
            } else {
                responses.append(distractor.text)
            }
        }
        if pairs.count < 2, problems.count == before { problems.append(problem(block.items[0].line, .tooFewPairs)) }
        return problems.count == before ? .matching(pairs: pairs, responses: responses) : nil
    }

    func readOrdering(_ block: Block, settings: Settings, problems: inout [QuizProblem]) -> QuizItem.Interaction? {
        let before = problems.count
        var order: [String] = []
        let numbers = block.items.compactMap(\.number)
        let consecutive = zip(numbers, numbers.dropFirst()).allSatisfy { $1 == $0 + 1 }
        if !consecutive, Set(numbers).count > 1 {
            problems.append(problem(block.items[0].line, .orderNumbering))
        }
        for item in block.items {
            let parts = itemParts(item, problems: &problems)
            if parts.feedback != nil { problems.append(problem(parts.feedbackLine, .answerFeedbackNotSupported(.ordering))) }
            if case .some = Self.weightPrefix(parts.text).weight { problems.append(problem(item.line, .weightNotUsed(.ordering))) }
            if parts.text.isEmpty {
                problems.append(problem(item.line, .emptyAnswer))
            } else if order.contains(parts.text) {
                problems.append(problem(item.line, .duplicateOrderItem(parts.text)))
            }
            order.append(parts.text)
        }
        if order.count < 2, problems.count == before { problems.append(problem(block.items[0].line, .tooFewOrderItems)) }
        return problems.count == before ? .ordering(correctOrder: order, partialCredit: settings.partialCredit?.value ?? false) : nil
    }

    // MARK: Gaps

    /// Finds `[[...]]` blanks outside code; returns the text with `[[g1]]`, `[[g2]]`... in their place, and the gaps.
    func readGaps(_ lines: [SourceLine], problems: inout [QuizProblem]) -> (String, [QuizItem.Gap]) {
        var gaps: [QuizItem.Gap] = []
        var output: [SourceLine] = []
        for line in lines {
            guard !line.inFence, line.text.contains("[[") else {
                output.append(line)
                continue
            }
            var result = ""
            let characters = Array(line.text)
            var index = 0
            while index < characters.count {
                let character = characters[index]
                if character == "\\", index + 1 < characters.count {
                    result.append(character)
                    result.append(characters[index + 1])
                    index += 2
                } else if character == "`" {
                    // An inline code span: copied as written, with any [[ inside it.
                    let run = characters[index...].prefix { $0 == "`" }.count
                    var search = index + run
                    var closing: Int?
                    while search < characters.count {
                        if characters[search] == "`" {
                            let length = characters[search...].prefix { $0 == "`" }.count
                            if length == run {
                                closing = search
                                break
                            }
                            search += length
                        } else {
                            search += 1
                        }
                    }
                    let end = closing.map { $0 + run } ?? index + run
                    result += String(characters[index..<end])
                    index = end
                } else if character == "[", index + 1 < characters.count, characters[index + 1] == "[" {
                    guard let close = Self.closingBrackets(characters, from: index + 2) else {
                        problems.append(problem(line.number, .unclosedGap))
                        result += String(characters[index...])
                        index = characters.count
                        continue
                    }
                    let id = "g\(gaps.count + 1)"
                    if let gap = readGap(String(characters[(index + 2)..<close]), id: id, line: line.number, problems: &problems) {
                        gaps.append(gap)
                    } else {
                        gaps.append(QuizItem.Gap(id: id))  // keeps the numbering of the following blanks
                    }
                    result += "[[\(id)]]"
                    index = close + 2
                } else {
                    result.append(character)
                    index += 1
                }
            }
            output.append(SourceLine(number: line.number, text: result, inFence: false))
        }
        return (Self.joined(output[...]) ?? "", gaps)
    }

    static func closingBrackets(_ characters: [Character], from start: Int) -> Int? {
        var index = start
        while index + 1 < characters.count {
            if characters[index] == "\\" {
                index += 2
                continue
            }
            if characters[index] == "]", characters[index + 1] == "]" { return index }
            index += 1
        }
        return nil
    }

    /// One blank: a dropdown when it has a `~` option, else typed answers separated by `|`.
    func readGap(_ content: String, id: String, line: Int, problems: inout [QuizProblem]) -> QuizItem.Gap? {
        let before = problems.count
        guard !content.trimmingSpaces().isEmpty else {
            problems.append(problem(line, .emptyGap))
            return nil
        }
        let characters = Array(content)
        func isMarker(_ index: Int, _ markers: String) -> Bool {
            markers.contains(characters[index]) && (index == 0 || characters[index - 1] == " " || characters[index - 1] == "\t")
                && !(index > 0 && characters[index - 1] == "\\")
        }
        let trimmedStart = characters.firstIndex { $0 != " " && $0 != "\t" } ?? 0
        let isDropdown = characters.indices.contains { characters[$0] == "~" && (isMarker($0, "~") || $0 == trimmedStart) }
        if isDropdown {
            // Options start with `=` (right) or `~` (wrong) at the start or after a space.
            var options: [(correct: Bool, text: String)] = []
            var current: (correct: Bool, text: String)?
            var leading = ""
            for index in characters.indices {
                if isMarker(index, "=~") || (index == trimmedStart && "=~".contains(characters[index])) {
                    if let current { options.append(current) }
                    current = (characters[index] == "=", "")
                } else if current != nil {
                    current?.text.append(characters[index])
                } else {
                    leading.append(characters[index])
                }
            }
            if let current { options.append(current) }
            if !leading.trimmingSpaces().isEmpty {
                problems.append(problem(line, .gapTextBeforeOption(leading.trimmingSpaces())))
                return nil
            }
            var ids = UniqueIDs(fallback: "pilihan")
            var choices: [QuizItem.Choice] = []
            for option in options {
                let (weight, text) = Self.weightPrefix(Self.unescape(option.text.trimmingSpaces(), "=~"))
                var value = option.correct ? 1.0 : 0
                switch weight {
                case .failure(let error): problems.append(problem(line, .invalidWeight(error.written)))
                case .success(let number):
                    let percent = Self.percentText(number)
                    if option.correct, abs(number - 1) > 1e-9 { problems.append(problem(line, .weightOnSingleCorrect(percent))) }
                    if !option.correct, number < 0 { problems.append(problem(line, .negativeWeightInSingleChoice(percent))) }
                    if !option.correct, number >= 1 - 1e-9 { problems.append(problem(line, .fullWeightUnchecked(percent))) }
                    value = number
                case nil: break
                }
                if text.isEmpty { problems.append(problem(line, .emptyGapOption)) }
                if choices.contains(where: { $0.text == text }), !text.isEmpty { problems.append(problem(line, .duplicateChoice(text))) }
                choices.append(QuizItem.Choice(id: ids.next(for: text), text: text, weight: value))
            }
            if problems.count == before, choices.count < 2 { problems.append(problem(line, .tooFewGapOptions)) }
            if problems.count == before, !options.contains(where: \.correct) { problems.append(problem(line, .noCorrectGapOption)) }
            return problems.count == before ? QuizItem.Gap(id: id, options: choices) : nil
        }
        // Typed: alternatives separated by an unescaped `|`.
        var alternatives: [String] = [""]
        var escaped = false
        for character in characters {
            if escaped {
                alternatives[alternatives.count - 1] += character == "|" ? "|" : "\\\(character)"
                escaped = false
            } else if character == "\\" {
                escaped = true
            } else if character == "|" {
                alternatives.append("")
            } else {
                alternatives[alternatives.count - 1].append(character)
            }
        }
        if escaped { alternatives[alternatives.count - 1] += "\\" }
        var answers: [QuizItem.TextAnswer] = []
        for alternative in alternatives {
            let (weight, text) = Self.weightPrefix(alternative.trimmingSpaces())
            var value = 1.0
            switch weight {
            case .failure(let error): problems.append(problem(line, .invalidWeight(error.written)))
            case .success(let number):
                value = number
                if number < 0 { problems.append(problem(line, .negativeWeightInSingleChoice(Self.percentText(number)))) }
            case nil: break
            }
            if text.isEmpty { problems.append(problem(line, .emptyGap)) }
            answers.append(QuizItem.TextAnswer(pattern: text, weight: value))
        }
        if problems.count == before, !answers.contains(where: { $0.weight >= 1 - 1e-9 }) { problems.append(problem(line, .noFullCreditAnswer)) }
        return problems.count == before ? QuizItem.Gap(id: id, answers: answers) : nil
    }

    /// Removes the backslash before the given characters.
    static func unescape(_ text: String, _ characters: String) -> String {
        var result = ""
        var escaped = false
        for character in text {
            if escaped {
                if !characters.contains(character) { result.append("\\") }
                result.append(character)
                escaped = false
            } else if character == "\\" {
                escaped = true
            } else {
                result.append(character)
            }
        }
        if escaped { result.append("\\") }
        return result
    }
}

/// Choice ids from choice texts, unique within one question: stable when choices are reordered or added.
struct UniqueIDs {
    var fallback: String
    var used: Set<String> = []
    var count = 0

    init(fallback: String) {
        self.fallback = fallback
    }

    mutating func next(for text: String) -> String {
        count += 1
        return QuestionID.unused(QuizReader.slug(text, maxLength: 40) ?? "\(fallback)-\(count)", in: &used)
    }
}
