import LenteraCore

// MARK: - Reading an answer block

/// One answer of a block: its marker (`=`, `~` or none), its text units and where it starts.
struct GIFTAnswer {
    var marker: Character?
    var body: GIFTUnits
    var line: Int
}

/// Turns the content of an answer block into an interaction, choosing the type as Moodle does.
enum GIFTAnswerReader {
    static let trueFalse: [String: Bool] = ["T": true, "TRUE": true, "F": false, "FALSE": false]

    static func interaction(_ content: GIFTUnits, questionLine: Int) throws(GIFTFault) -> QuizItem.Interaction {
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
    static func split(_ content: GIFTUnits, at markers: Set<Character>) -> (leading: GIFTUnits, answers: [GIFTAnswer]) {
        var answers: [GIFTAnswer] = []
        var leading = content
        var start: Int?
        for index in content.indices where !content[index].escaped && markers.contains(content[index].character) {
            if let start { answers[answers.count - 1].body = content[(start + 1)..<index] } else { leading = content[..<index] }
            answers.append(GIFTAnswer(marker: content[index].character, body: content[(index + 1)...], line: content[index].line))
            start = index
        }
        return (leading, answers)
    }

    /// Refuses text before the first answer marker (Moodle would take it as one more answer).
    static func checkNothingBefore(_ leading: GIFTUnits, markers: [Character]) throws(GIFTFault) {
        let leading = leading.trimmed
        guard let first = leading.first else { return }
        throw GIFTFault(line: first.line, message: .textBeforeFirstAnswer(GIFTText.excerpt(leading.text), markers: markers))
    }

    // MARK: Multiple choice

    static func choice(_ content: GIFTUnits, questionLine: Int) throws(GIFTFault) -> QuizItem.Interaction {
        let (leading, answers) = split(content, at: ["=", "~"])
        try checkNothingBefore(leading, markers: ["=", "~"])
        var choices: [QuizItem.Choice] = []
        for (index, answer) in answers.enumerated() {
            var body = answer.body
            let weight = try GIFTAnswerParts.takeWeight(&body) ?? (answer.marker == "=" ? 1 : 0)
            let parts = try GIFTAnswerParts(body, line: answer.line)
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

    static func trueOrFalse(_ content: GIFTUnits, isTrue: Bool) throws(GIFTFault) -> QuizItem.Interaction {
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

    static func shortAnswer(_ content: GIFTUnits, questionLine: Int) throws(GIFTFault) -> QuizItem.Interaction {
        var (leading, answers) = split(content, at: ["="])
        if answers.isEmpty {
            answers = [GIFTAnswer(marker: nil, body: leading, line: leading.first?.line ?? questionLine)]  // `{answer}` alone
        } else {
            try checkNothingBefore(leading, markers: ["="])
        }
        var accepted: [QuizItem.TextAnswer] = []
        for answer in answers {
            var body = answer.body
            let weight = try GIFTAnswerParts.takeWeight(&body) ?? 1
            let parts = try GIFTAnswerParts(body, line: answer.line)
            guard !parts.text.isEmpty else { throw GIFTFault(line: answer.line, message: .emptyAnswer("=")) }
            accepted.append(QuizItem.TextAnswer(pattern: GIFTText.wildcardPattern(parts.text), weight: weight, feedback: parts.feedback))
        }
        try checkWeights(accepted.map(\.weight), multiple: false, line: questionLine)
        return .text(answers: accepted, caseSensitive: false)
    }

    // MARK: Matching

    static func matching(_ content: GIFTUnits, questionLine: Int) throws(GIFTFault) -> QuizItem.Interaction {
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

    static func numeric(_ content: GIFTUnits, questionLine: Int) throws(GIFTFault) -> QuizItem.Interaction {
        var content = content
        let otherwise = try takeOtherwiseFeedback(&content)
        var (leading, answers) = split(content, at: ["="])
        if !leading.trimmed.isEmpty {
            answers.insert(GIFTAnswer(marker: nil, body: leading, line: leading.trimmed.first?.line ?? questionLine), at: 0)  // `{#3:2}`
        }
        guard !answers.isEmpty else { throw GIFTFault(line: questionLine, message: .noNumericAnswer) }
        var accepted: [QuizItem.NumericAnswer] = []
        for answer in answers {
            var body = answer.body
            let weight = try GIFTAnswerParts.takeWeight(&body) ?? 1
            let parts = try GIFTAnswerParts(body, line: answer.line)
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
    static func takeOtherwiseFeedback(_ content: inout GIFTUnits) throws(GIFTFault) -> String? {
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
struct GIFTAnswerParts {
    var text: String
    var feedback: String?

    init(_ body: GIFTUnits, line: Int) throws(GIFTFault) {
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
    static func takeWeight(_ body: inout GIFTUnits) throws(GIFTFault) -> Double? {
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
