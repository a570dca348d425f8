import Foundation
import LenteraCore

/// The review of a graded attempt as the `quizReview` template shows it: each question with the learner's answer (in a
/// fill-in-the-blanks text, in place of each blank), the key and the feedback. Every text an author wrote goes through
/// ``QuizHTML/html(_:_:course:directory:inline:placeholders:)``, the renderer and filter of the questions themselves,
/// so Markdown reads as it does in the attempt.
extension QuizHTML {
    /// A graded question with the learner's answer, the key and the feedback.
    func review(_ item: QuizItem, number: Int, answer: QuizAnswer?, course: Course, directory: String = "", language: Language,
                renderer: PageRenderer) -> QuizReviewView {
        let labels = Text.table(language)
        var prompt: String
        if case .gaps(let gaps) = item.interaction {
            var filled: [String: String] = [:]
            if case .gaps(let given) = answer?.response { filled = given }
            var marks: [String: String] = [:]
            for (index, gap) in gaps.enumerated() {
                let mark = gapAnswer(gap, number: index + 1, given: filled[gap.id], item: item, course: course, directory: directory, language: language)
                marks["[[\(gap.id)]]"] = renderer.render(mark, "quizGapAnswer")
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
        return QuizReviewView(
            labels: labels, id: item.id, number: number, promptHTML: prompt, answerable: item.isAnswerable,
            answer: answerValue(item, answer?.response, course: course, directory: directory, language: language),
            // An essay has no key to show: its verdict says, once, that a person grades it.
            key: item.interaction == .essay ? nil : keyValue(item, course: course, directory: directory, language: language),
            feedback: answer.map { feedback(item, answer: $0, course: course, directory: directory, language: language) }
                ?? verdict(Scoring.score(item, nil), points: nil, item: item, course: course, directory: directory, language: language)
        )
    }

    /// What the learner gave in a blank, for its place in the text, scored by the same rule as the whole question on
    /// this blank alone.
    func gapAnswer(_ gap: QuizItem.Gap, number: Int, given: String?, item: QuizItem, course: Course, directory: String, language: Language)
        -> QuizGapAnswer
    {
        let answered = given.flatMap { $0.isEmpty ? nil : $0 }
        let blank = QuizItem(id: item.id, prompt: "", interaction: .gaps([gap]))
        let score = Scoring.score(blank, answered.map { QuizResponse.gaps([gap.id: $0]) })
        let outcome: (css: String, key: Text.Quiz, mark: String) =
            score.isCorrect ? ("right", .quizCorrect, "✓") : (score.points > 0 ? ("partial", .quizPartlyCorrect, "◐") : ("wrong", .quizIncorrect, "✗"))
        return QuizGapAnswer(
            labels: Text.table(language), number: number, spoken: Text.Quiz.quizGapAnswer(language, number),
            givenHTML: answered.map { gapValue(gap, $0, item: item, course: course, directory: directory) },
            outcome: outcome.css, mark: outcome.mark, outcomeText: outcome.key(language)
        )
    }

    /// A blank's answer as HTML: the chosen option's text, rendered like the question, or what was typed, escaped.
    func gapValue(_ gap: QuizItem.Gap, _ given: String, item: QuizItem, course: Course, directory: String) -> String {
        if let option = gap.options.first(where: { $0.id == given }) {
            return html(option.text, item.format, course: course, directory: directory, inline: true)
        }
        return HTMLScalarEscaping.escape(given)
    }

    /// The learner's answer in words.
    func answerValue(_ item: QuizItem, _ response: QuizResponse?, course: Course, directory: String = "", language: Language) -> QuizReviewValue {
        let none = QuizReviewValue(none: true)
        guard let response else { return none }
        let inline = { (source: String) in self.html(source, item.format, course: course, directory: directory, inline: true) }
        switch (item.interaction, response) {
        case (.choice(let choices, _), .choices(let chosen)):
            let texts = choices.filter { chosen.contains($0.id) }.map { inline($0.text) }
            return texts.isEmpty ? none : QuizReviewValue(partsHTML: texts)
        case (_, .text(let typed)), (_, .essay(let typed)):
            return typed.isEmpty ? none : QuizReviewValue(texts: Self.lines(typed), separator: "<br>")
        case (_, .number(let value)):
            return QuizReviewValue(texts: [Self.number(value, language)])
        case (.matching(let pairs, _), .matches(let matches)):
            return QuizReviewValue(lines: zip(pairs, QuizItem.Pair.keys(pairs)).map { pair, key in
                .init(premiseHTML: inline(pair.premise), value: QuizReviewValue(partsHTML: [matches[key].map(inline) ?? "–"]))
            })
        case (_, .order(let order)):
            return QuizReviewValue(orderedHTML: order.map(inline))
        case (.gaps(let gaps), .gaps(let filled)):
            return QuizReviewValue(lines: gaps.enumerated().map { index, gap in
                let given = filled[gap.id].flatMap { $0.isEmpty ? nil : $0 }
                return .init(blank: index + 1, value: given.map { QuizReviewValue(partsHTML: [gapValue(gap, $0, item: item, course: course, directory: directory)]) } ?? none)
            })
        default:
            return none
        }
    }

    /// The scoring key in words.
    func keyValue(_ item: QuizItem, course: Course, directory: String = "", language: Language) -> QuizReviewValue {
        let inline = { (source: String) in self.html(source, item.format, course: course, directory: directory, inline: true) }
        switch item.interaction {
        case .choice(let choices, _):
            return QuizReviewValue(partsHTML: choices.filter { $0.weight > 0 }.map { inline($0.text) })
        case .text(let answers, _):
            return QuizReviewValue(texts: answers.filter { $0.weight >= 1 }.map(\.pattern), separator: " / ")
        case .numeric(let answers):
            return QuizReviewValue(texts: answers.filter { $0.weight >= 1 }.map { answer in
                answer.minimum == answer.maximum
                    ? Self.number(answer.minimum, language)
                    : "\(Self.number(answer.minimum, language)) – \(Self.number(answer.maximum, language))"
            }, separator: " / ")
        case .matching(let pairs, _):
            return QuizReviewValue(lines: pairs.map { .init(premiseHTML: inline($0.premise), value: QuizReviewValue(partsHTML: [inline($0.response)])) })
        case .ordering(let correctOrder, _):
            return QuizReviewValue(orderedHTML: correctOrder.map(inline))
        case .gaps(let gaps):
            return QuizReviewValue(lines: gaps.enumerated().map { index, gap in
                .init(blank: index + 1, value: gap.options.isEmpty
                    ? QuizReviewValue(texts: gap.answers.filter { $0.weight >= 1 }.map(\.pattern), separator: " / ")
                    : QuizReviewValue(partsHTML: gap.options.filter { $0.weight > 0 }.map { inline($0.text) }, separator: " / "))
            })
        case .essay, .description:
            return QuizReviewValue()
        }
    }
}
