import Foundation
import LenteraCore

/// The review of a graded attempt: each question with the learner's answer (in a fill-in-the-blanks text, in place
/// of each blank), the key and the feedback. Every text an author wrote goes through ``QuizHTML/html(_:_:course:directory:inline:placeholders:)``,
/// the renderer and filter of the questions themselves, so Markdown reads as it does in the attempt.
extension QuizHTML {
    /// A graded question with the learner's answer, the key and the feedback.
    func review(_ item: QuizItem, number: Int, answer: QuizAnswer?, course: Course, directory: String = "", language: Language) -> String {
        var out = "<section class=\"question review\" id=\"soal-\(escapeAttribute(item.id))\"><h3>\(Text.Quiz.quizQuestion(language)) \(number)</h3>"
        var prompt: String
        if case .gaps(let gaps) = item.interaction {
            var filled: [String: String] = [:]
            if case .gaps(let given) = answer?.response { filled = given }
            var marks: [String: String] = [:]
            for (index, gap) in gaps.enumerated() {
                marks["[[\(gap.id)]]"] = gapAnswer(gap, number: index + 1, given: filled[gap.id], item: item, course: course, directory: directory,
                                                   language: language)
            }
            prompt = html(item.prompt, item.format, course: course, directory: directory, placeholders: marks)
            // A gap whose placeholder is not in the text (or only inside markup or code) gets its answer after it, as
            // its control comes after it in the attempt.
            for (index, gap) in gaps.enumerated() where !prompt.contains("data-isian=\"\(index + 1)\"") {
                prompt += " " + (marks["[[\(gap.id)]]"] ?? "")
            }
        } else {
            prompt = html(item.prompt, item.format, course: course, directory: directory)
        }
        out += "<div class=\"prompt\">\(prompt)</div>"
        guard item.isAnswerable else { return out + "</section>" }
        out += "<dl class=\"review-answer\"><dt>\(Text.Quiz.quizYourAnswer(language))</dt><dd>\(answerText(item, answer?.response, course: course, directory: directory, language: language))</dd>"
        // An essay has no key to show: its verdict says, once, that a person grades it.
        if item.interaction != .essay {
            out += "<dt>\(Text.Quiz.quizCorrectAnswer(language))</dt><dd>\(keyText(item, course: course, directory: directory, language: language))</dd>"
        }
        out += "</dl>"
        if let answer {
            out += feedback(item, answer: answer, course: course, directory: directory, language: language)
        } else {
            out += verdict(Scoring.score(item, nil), points: nil, language: language)
            if let general = item.generalFeedback { out += "<div class=\"feedback\">\(html(general, item.format, course: course, directory: directory))</div>" }
        }
        return out + "</section>"
    }

    /// What the learner gave in a blank, for its place in the text: screen readers hear "isian 1, jawaban Anda:"
    /// (never the blank's id), the answer and whether it was right; the eye sees the answer, coloured, with ✓ or ✗.
    func gapAnswer(_ gap: QuizItem.Gap, number: Int, given: String?, item: QuizItem, course: Course, directory: String, language: Language)
        -> String
    {
        let answered = given.flatMap { $0.isEmpty ? nil : $0 }
        let shown = answered.map { gapValue(gap, $0, item: item, course: course, directory: directory) }
        // Scored by the same rule as the whole question, on this blank alone.
        let blank = QuizItem(id: item.id, prompt: "", interaction: .gaps([gap]))
        let score = Scoring.score(blank, answered.map { QuizResponse.gaps([gap.id: $0]) })
        let outcome: (css: String, key: Text.Quiz, mark: String)
        if score.isCorrect {
            outcome = ("right", .quizCorrect, "✓")
        } else if score.points > 0 {
            outcome = ("partial", .quizPartlyCorrect, "◐")
        } else {
            outcome = ("wrong", .quizIncorrect, "✗")
        }
        let spoken = Text.Quiz.quizGapAnswer(language, number)
        return "<span class=\"gap-answer \(outcome.css)\" data-isian=\"\(number)\"><span class=\"visually-hidden\">\(escapeText(spoken)) </span>"
            + (shown ?? Text.Quiz.quizNoAnswer(language))
            + "<span aria-hidden=\"true\"> \(outcome.mark)</span><span class=\"visually-hidden\"> (\(outcome.key(language)))</span></span>"
    }

    /// A blank's answer as HTML: the chosen option's text, rendered like the question, or what was typed, escaped.
    func gapValue(_ gap: QuizItem.Gap, _ given: String, item: QuizItem, course: Course, directory: String) -> String {
        if let option = gap.options.first(where: { $0.id == given }) {
            return html(option.text, item.format, course: course, directory: directory, inline: true)
        }
        return escapeText(given)
    }

    /// The learner's answer in words.
    func answerText(_ item: QuizItem, _ response: QuizResponse?, course: Course, directory: String = "", language: Language) -> String {
        guard let response else { return Text.Quiz.quizNoAnswer(language) }
        let inline = { (source: String) in self.html(source, item.format, course: course, directory: directory, inline: true) }
        switch (item.interaction, response) {
        case (.choice(let choices, _), .choices(let chosen)):
            let texts = choices.filter { chosen.contains($0.id) }.map { inline($0.text) }
            return texts.isEmpty ? Text.Quiz.quizNoAnswer(language) : texts.joined(separator: "; ")
        case (_, .text(let typed)), (_, .essay(let typed)):
            return typed.isEmpty ? Text.Quiz.quizNoAnswer(language) : escapeText(typed).replacingOccurrences(of: "\n", with: "<br>")
        case (_, .number(let value)):
            return Self.number(value, language)
        case (.matching(let pairs, _), .matches(let matches)):
            return pairs.map { "\(inline($0.premise)) → \(matches[$0.premise].map(inline) ?? "–")" }.joined(separator: "<br>")
        case (_, .order(let order)):
            return Self.orderedList(order.map(inline))
        case (.gaps(let gaps), .gaps(let filled)):
            return gaps.enumerated().map { index, gap in
                let given = filled[gap.id].flatMap { $0.isEmpty ? nil : $0 }
                let value = given.map { gapValue(gap, $0, item: item, course: course, directory: directory) }
                return "\(Text.Quiz.quizGap(language)) \(index + 1): \(value ?? Text.Quiz.quizNoAnswer(language))"
            }.joined(separator: "<br>")
        default:
            return Text.Quiz.quizNoAnswer(language)
        }
    }

    /// The scoring key in words.
    func keyText(_ item: QuizItem, course: Course, directory: String = "", language: Language) -> String {
        let inline = { (source: String) in self.html(source, item.format, course: course, directory: directory, inline: true) }
        switch item.interaction {
        case .choice(let choices, _):
            return choices.filter { $0.weight > 0 }.map { inline($0.text) }.joined(separator: "; ")
        case .text(let answers, _):
            return answers.filter { $0.weight >= 1 }.map { escapeText($0.pattern) }.joined(separator: " / ")
        case .numeric(let answers):
            return answers.filter { $0.weight >= 1 }.map { answer in
                answer.minimum == answer.maximum
                    ? Self.number(answer.minimum, language)
                    : "\(Self.number(answer.minimum, language)) – \(Self.number(answer.maximum, language))"
            }.joined(separator: " / ")
        case .matching(let pairs, _):
            return pairs.map { "\(inline($0.premise)) → \(inline($0.response))" }.joined(separator: "<br>")
        case .ordering(let correctOrder, _):
            return Self.orderedList(correctOrder.map(inline))
        case .gaps(let gaps):
            return gaps.enumerated().map { index, gap in
                let right = gap.options.isEmpty
                    ? gap.answers.filter { $0.weight >= 1 }.map { escapeText($0.pattern) }.joined(separator: " / ")
                    : gap.options.filter { $0.weight > 0 }.map { inline($0.text) }.joined(separator: " / ")
                return "\(Text.Quiz.quizGap(language)) \(index + 1): \(right)"
            }.joined(separator: "<br>")
        case .essay:
            return Text.Quiz.quizEssayPending(language)
        case .description:
            return ""
        }
    }

    /// Items in an order as a numbered list (HTML already made).
    static func orderedList(_ items: [String]) -> String {
        "<ol class=\"order\">" + items.map { "<li>\($0)</li>" }.joined() + "</ol>"
    }
}
