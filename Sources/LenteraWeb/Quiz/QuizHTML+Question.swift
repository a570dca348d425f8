import Foundation
import LenteraCore

/// The questions of an open attempt as the `quizQuestion` template shows them: inputs only, never a key or a weight,
/// filled with the saved answer; a checked answer is locked and shows its verdict and feedback.
extension QuizHTML {
    /// One question: its prompt and the controls of its kind. Blanks' controls (`quizGapControl`) are rendered here,
    /// to stand where `[[id]]` is in the text: the renderer and filter place them as they write.
    func question(_ item: QuizItem, number: Int, attempt: QuizAttempt, answer: QuizAnswer?, course: Course, directory: String = "",
                  language: Language, immediate: Bool, renderer: PageRenderer) -> QuizQuestionView {
        let locked = answer?.checked == true
        let labels = Text.table(language)
        var view = QuizQuestionView(
            labels: labels, id: item.id, number: number,
            points: item.isAnswerable ? Self.number(item.points, language) : nil,
            promptHTML: "", locked: locked, checkButton: immediate && !locked && item.isAnswerable,
            feedback: locked ? answer.map { feedback(item, answer: $0, course: course, directory: directory, language: language) } : nil
        )
        let field = Self.field(item)
        let inline = { (text: String) in self.html(text, item.format, course: course, directory: directory, inline: true) }
        let optionLabel = { (text: String) in self.label(text, item.format, course: course) }
        switch item.interaction {
        case .choice(let choices, let multiple):
            var chosen: Set<String> = []
            if case .choices(let saved) = answer?.response { chosen = saved }
            view.choices = choices.enumerated().map { position, choice in
                .init(type: multiple ? "checkbox" : "radio", name: field, value: position + 1, checked: chosen.contains(choice.id),
                      textHTML: inline(choice.text))
            }
            // An item that limits the choices says so: an answer beyond the limit scores nothing.
            if multiple, let program = item.qti, case .single(let response) = program.binding,
                let maximum = program.limits?.maximumValues[response], maximum < choices.count
            {
                view.choiceLimit = Text.Quiz.quizChooseAtMost(language, maximum)
            }
        case .text:
            var saved = ""
            if case .text(let text) = answer?.response { saved = text }
            view.textField = .init(name: field, value: saved, numeric: false, maxLength: 500)
        case .numeric:
            var saved = ""
            if case .number(let value) = answer?.response { saved = Self.number(value, .english) }
            view.textField = .init(name: field, value: saved, numeric: true, maxLength: 40)
        case .matching(let pairs, let responses):
            var saved: [String: String] = [:]
            if case .matches(let matches) = answer?.response { saved = matches }
            // Shuffled by the attempt's seed even when the quiz does not shuffle: in the order written, each premise's
            // answer would sit at its own row's position. What the item's own file fixes stays (QTI `shuffle="false"`).
            var generator = SeededGenerator(seed: attempt.seed ^ item.id.stableHash)
            let options = Draw.shuffled(Self.matchingOptions(pairs, responses), key: { $0 }, fixed: item.fixedChoices, using: &generator)
            let keys = QuizItem.Pair.keys(pairs)
            // A premise on several rows (a QTI source with several targets) says so: each row wants another answer.
            if keys.contains(where: { $0 != QuizItem.Pair.premise(ofKey: $0) }) { view.choiceLimit = Text.Quiz.quizRowPerMatch(language) }
            view.matching = .init(
                listedHTML: options.map(inline),
                rows: pairs.enumerated().map { index, pair in
                    .init(
                        name: Self.field(item, String(index)), premiseHTML: inline(pair.premise), position: nil,
                        options: options.enumerated().map { position, option in
                            .init(value: option, letter: Self.letter(position), label: optionLabel(option), selected: saved[keys[index]] == option)
                        }
                    )
                }
            )
        case .ordering(let correctOrder, _):
            var saved: [String] = []
            if case .order(let order) = answer?.response { saved = order }
            let shown = Self.orderingDisplay(item, correctOrder, seed: attempt.seed)
            view.ordering = .init(
                listedHTML: shown.map(inline),
                rows: shown.indices.map { position in
                    .init(
                        name: Self.field(item, String(position + 1)), premiseHTML: nil, position: position + 1,
                        options: shown.enumerated().map { index, option in
                            .init(value: option, letter: Self.letter(index), label: optionLabel(option),
                                  selected: saved.indices.contains(position) && saved[position] == option)
                        }
                    )
                }
            )
        case .gaps(let gaps):
            var saved: [String: String] = [:]
            if case .gaps(let filled) = answer?.response { saved = filled }
            var controls: [String: String] = [:]
            for (index, gap) in gaps.enumerated() {
                let control = QuizGapControl(
                    labels: labels, name: Self.field(item, gap.id), number: index + 1, value: saved[gap.id] ?? "",
                    options: gap.options.isEmpty ? nil : gap.options.enumerated().map { position, option in
                        .init(value: String(position + 1), letter: nil, label: optionLabel(option.text), selected: saved[gap.id] == option.id)
                    },
                    locked: locked
                )
                controls["[[\(gap.id)]]"] = renderer.render(control, "quizGapControl")
            }
            view.promptHTML = html(item.prompt, item.format, course: course, directory: directory, placeholders: controls)
            // A gap whose placeholder is not in the text (or only inside markup or code) gets its control after it.
            for gap in gaps where !view.promptHTML.contains("name=\"\(HTMLScalarEscaping.escape(Self.field(item, gap.id)))\"") {
                view.promptHTML += " " + (controls["[[\(gap.id)]]"] ?? "")
            }
            return view
        case .essay:
            var saved = ""
            if case .essay(let text) = answer?.response { saved = text }
            view.essay = .init(name: field, value: saved, numeric: false, maxLength: 20000)
        case .description:
            break
        }
        view.promptHTML = html(item.prompt, item.format, course: course, directory: directory)
        return view
    }

    // MARK: Verdicts

    /// The verdict on an answer and the feedback on it: the chosen choices' (or the first matching answer's), then the
    /// question's general feedback.
    func feedback(_ item: QuizItem, answer: QuizAnswer, course: Course, directory: String = "", language: Language) -> QuizFeedbackView {
        var notes: [String] = []
        switch (item.interaction, answer.response) {
        case (.choice(let choices, _), .choices(let chosen)):
            notes = choices.filter { chosen.contains($0.id) }.compactMap(\.feedback)
        case (.text(let answers, let caseSensitive), .text(let text)):
            notes = [Scoring.matchedAnswer(text, answers, caseSensitive: caseSensitive)?.feedback].compactMap { $0 }
        case (.numeric(let answers), .number(let value)):
            notes = [Scoring.matchedAnswer(value, answers)?.feedback].compactMap { $0 }
        case (.gaps(let gaps), .gaps(let filled)):
            // Each blank's feedback, for the option chosen or the best answer the typed text matches (as it scores),
            // named by the blank's number.
            for (index, gap) in gaps.enumerated() {
                guard let given = filled[gap.id], !given.isEmpty else { continue }
                let note: String?
                if gap.options.isEmpty {
                    note = Scoring.matchedAnswer(given, gap.answers, caseSensitive: false)?.feedback
                } else {
                    note = gap.options.first { $0.id == given }?.feedback
                }
                if let note, !note.trimmingSpaces().isEmpty { notes.append("\(Text.Quiz.quizGap(language)) \(index + 1): " + note) }
            }
        default:
            break
        }
        return verdict(Scoring.score(item, answer.response), points: answer.points, item: item, notes: notes, course: course, directory: directory,
                       language: language)
    }

    /// The verdict on a score (the points a person gave, for an essay), with the notes and the general feedback.
    func verdict(_ score: ItemScore, points: Double?, item: QuizItem, notes: [String] = [], course: Course, directory: String, language: Language)
        -> QuizFeedbackView
    {
        let earned = score.needsGrading ? (points ?? 0) : score.points
        let key: Text.Quiz = earned >= score.maximum - 1e-9 && score.maximum > 0 ? .quizCorrect : (earned > 0 ? .quizPartlyCorrect : .quizIncorrect)
        return QuizFeedbackView(
            pending: score.needsGrading && points == nil,
            outcome: key == .quizCorrect ? "right" : (key == .quizIncorrect ? "wrong" : "partial"), outcomeText: key(language),
            earned: Self.number(earned, language), maximum: Self.number(score.maximum, language),
            notesHTML: (notes + [item.generalFeedback].compactMap { $0 }).map { html($0, item.format, course: course, directory: directory) }
        )
    }
}
