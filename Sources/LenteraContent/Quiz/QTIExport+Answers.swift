import Foundation
import LenteraCore

/// Writing typed answers, matching, ordering and blanks.
extension QTIItemWriter {
    /// The literal text of a wildcard pattern; nil when it has an unescaped `*`.
    static func literal(_ pattern: String) -> String? {
        let (text, hasWildcard) = QTIPattern.unescaped(pattern)
        return hasWildcard ? nil : text
    }

    /// The condition that a string response matches a text answer.
    static func textCondition(_ response: String, _ pattern: String, caseSensitive: Bool) -> String {
        let variable = QTIXML.variable(response)
        if let literal = literal(pattern), !literal.contains(where: \.isWhitespace) {
            return QTIXML.element(
                "stringMatch", [("caseSensitive", caseSensitive ? "true" : "false")], variable + QTIXML.baseValue("string", literal))
        }
        return QTIXML.element("patternMatch", [("pattern", QTIPattern.regex(fromWildcard: pattern, caseSensitive: caseSensitive))], variable)
    }

    /// Mapping entries for literal text answers, one per key (the best weight where keys meet).
    static func textEntries(_ answers: [QuizItem.TextAnswer], caseSensitive: Bool, scale: Double) -> [(key: String, value: Double)] {
        var entries: [(key: String, value: Double)] = []
        for answer in answers {
            guard let key = literal(answer.pattern) else { continue }
            if let index = entries.firstIndex(where: { caseSensitive ? $0.key == key : $0.key.lowercased() == key.lowercased() }) {
                entries[index].value = max(entries[index].value, answer.weight * scale)
            } else {
                entries.append((key, answer.weight * scale))
            }
        }
        return entries
    }

    /// The best literal answer, for `correctResponse`.
    static func bestLiteral(_ answers: [QuizItem.TextAnswer]) -> [String] {
        let literals = answers.filter { $0.weight > 0 && literal($0.pattern) != nil }
        guard let best = literals.max(by: { $0.weight < $1.weight }) else { return [] }
        return [literals.first { $0.weight == best.weight }.flatMap { literal($0.pattern) } ?? ""]
    }

    /// Answers from the best weight down (stable), so that a first-match chain gives the best match.
    static func byWeight<Answer>(_ answers: [Answer], weight: (Answer) -> Double) -> [Answer] {
        answers.enumerated().sorted { lhs, rhs in
            weight(lhs.element) != weight(rhs.element) ? weight(lhs.element) > weight(rhs.element) : lhs.offset < rhs.offset
        }.map(\.element)
    }

    mutating func writeText(_ answers: [QuizItem.TextAnswer], caseSensitive: Bool) {
        var declaration = QTIXML.correctResponse(Self.bestLiteral(answers))
        // A mapping compares texts exactly; an answer with spaces inside (which Lentera matches however many spaces are
        // typed) is written as a pattern.
        if answers.allSatisfy({ Self.literal($0.pattern).map { !$0.contains(where: \.isWhitespace) } ?? false }) {
            if answers.count == 1, answers[0].weight == 1, caseSensitive, scale == 1 {
                processing = .template("match_correct")
            } else {
                declaration += QTIXML.mapping(
                    Self.textEntries(answers, caseSensitive: caseSensitive, scale: scale), upperBound: scale, caseSensitive: caseSensitive)
                processing = .template("map_response")
            }
        } else {
            let branches = Self.byWeight(answers, weight: \.weight).map { answer in
                (
                    Self.textCondition(names.response, answer.pattern, caseSensitive: caseSensitive),
                    QTIXML.setOutcome("SCORE", QTIXML.baseValue("float", QTIXML.number(answer.weight * scale)))
                )
            }
            processing = .rules([QTIXML.condition(branches)])
        }
        declarations.append(
            QTIXML.element("responseDeclaration", [("identifier", names.response), ("cardinality", "single"), ("baseType", "string")], declaration))
        body = entryBody(QTIXML.element("textEntryInteraction", [("responseIdentifier", names.response)]))
        answerFeedback(Self.byWeight(answers, weight: \.weight).map { (Self.textCondition(names.response, $0.pattern, caseSensitive: caseSensitive), $0.feedback) })
    }

    /// The prompt with the text entry at its blank, or after it.
    func entryBody(_ entry: String) -> String {
        var writer = QTIXHTMLWriter()
        writer.blank = entry
        let xhtml = writer.convert(html(item.prompt))
        return writer.blankPlaced ? xhtml : xhtml + "<p>" + entry + "</p>"
    }

    mutating func writeNumeric(_ answers: [QuizItem.NumericAnswer]) {
        let usable = answers.filter { $0.minimum.isFinite || $0.maximum.isFinite }
        let best = usable.max { $0.weight < $1.weight }
        var correct: [String] = []
        if let best, best.weight > 0 {
            let value =
                best.minimum.isFinite && best.maximum.isFinite
                ? (best.minimum == best.maximum ? best.minimum : (best.minimum + best.maximum) / 2)
                : (best.minimum.isFinite ? best.minimum : best.maximum)
            correct = [QTIXML.number(value)]
        }
        if usable.count == 1, let only = usable.first, only.minimum == only.maximum, only.weight == 1, scale == 1 {
            processing = .template("match_correct")
        } else {
            let branches = Self.byWeight(usable, weight: \.weight).map { answer -> (String, String) in
                (Self.numericCondition(answer, response: names.response), QTIXML.setOutcome("SCORE", QTIXML.baseValue("float", QTIXML.number(answer.weight * scale))))
            }
            processing = branches.isEmpty ? .none : .rules([QTIXML.condition(branches)])
        }
        answerFeedback(Self.byWeight(usable, weight: \.weight).map { (Self.numericCondition($0, response: names.response), $0.feedback) })
        declarations.append(
            QTIXML.element(
                "responseDeclaration", [("identifier", names.response), ("cardinality", "single"), ("baseType", "float")], QTIXML.correctResponse(correct)
            ))
        body = entryBody(QTIXML.element("textEntryInteraction", [("responseIdentifier", names.response)]))
    }

    /// The condition that a float response lies in a numeric answer's range.
    static func numericCondition(_ answer: QuizItem.NumericAnswer, response: String) -> String {
        let variable = QTIXML.variable(response)
        if answer.minimum == answer.maximum {
            return QTIXML.element("equal", [("toleranceMode", "exact")], variable + QTIXML.baseValue("float", QTIXML.number(answer.minimum)))
        }
        var bounds: [String] = []
        if answer.minimum.isFinite { bounds.append("<gte>\(variable)\(QTIXML.baseValue("float", QTIXML.number(answer.minimum)))</gte>") }
        if answer.maximum.isFinite { bounds.append("<lte>\(variable)\(QTIXML.baseValue("float", QTIXML.number(answer.maximum)))</lte>") }
        return bounds.count == 1 ? bounds[0] : "<and>" + bounds.joined() + "</and>"
    }

    /// Feedback on typed answers (text, numbers): the first answer the response matches, best first as Lentera
    /// scores, sets `FEEDBACK` to `A<n>`, shown by the `modalFeedback` of that identifier; an answer without feedback
    /// still stops the chain, so a lesser answer's feedback never shows for it.
    mutating func answerFeedback(_ answers: [(condition: String, feedback: String?)], outcome name: String = "FEEDBACK") {
        guard answers.contains(where: { !($0.feedback?.trimmingSpaces().isEmpty ?? true) }) else { return }
        let outcome = names.outcome(name)
        outcomes.append(QTIXML.element("outcomeDeclaration", [("identifier", outcome), ("cardinality", "single"), ("baseType", "identifier")]))
        var branches: [(condition: String, body: String)] = []
        for (index, answer) in answers.enumerated() {
            guard let feedback = answer.feedback, !feedback.trimmingSpaces().isEmpty else {
                branches.append((answer.condition, ""))
                continue
            }
            branches.append((answer.condition, QTIXML.setOutcome(outcome, QTIXML.baseValue("identifier", "A\(index + 1)"))))
            modalFeedback.append(feedbackElement(outcome: outcome, identifier: "A\(index + 1)", text: feedback))
        }
        feedbackRules.append(QTIXML.condition(branches))
    }

    mutating func writeMatching(_ pairs: [QuizItem.Pair], responses: [String]) {
        var targets: [String] = []
        for response in responses + pairs.map(\.response) where !targets.contains(response) { targets.append(response) }
        // A premise shown on several rows (one source matched to several targets) is one source of that many matches.
        var premises: [String] = []
        for pair in pairs where !premises.contains(pair.premise) { premises.append(pair.premise) }
        let premiseIDs = premises.enumerated().map { names.premises[$1] ?? "P\($0 + 1)" }
        let targetIDs = targets.enumerated().map { names.targets[$1] ?? "R\($0 + 1)" }
        let values = pairs.map { pair in
            "\(premiseIDs[premises.firstIndex(of: pair.premise) ?? 0]) \(targetIDs[targets.firstIndex(of: pair.response) ?? 0])"
        }
        let share = pairs.isEmpty ? 0 : scale / Double(pairs.count)
        declarations.append(
            QTIXML.element(
                "responseDeclaration", [("identifier", names.response), ("cardinality", "multiple"), ("baseType", "directedPair")],
                QTIXML.correctResponse(values) + QTIXML.mapping(values.map { ($0, share) }, upperBound: scale)))
        processing = .template("map_response")
        if names.unorderedPairs {
            // An item whose rules compare unordered pairs (an `associateInteraction`): one set of choices, each either side.
            var written: [String] = []
            var choices = ""
            for (text, id) in zip(premises + targets, premiseIDs + targetIDs) where !written.contains(id) {
                written.append(id)
                choices += QTIXML.element(
                    "simpleAssociableChoice", [("identifier", id), ("matchMax", names.uses(id))] + fixedAttribute(text), choiceXHTML(text))
            }
            body =
                prompt()
                + QTIXML.element(
                    "associateInteraction",
                    [("responseIdentifier", names.response), ("shuffle", shuffleAttribute), ("maxAssociations", names.limit(pairs.count))], choices)
            return
        }
        // Premises keep their order (Lentera shows them as written); responses move unless fixed.
        let answers = zip(targets, targetIDs).map { text, id in
            QTIXML.element("simpleAssociableChoice", [("identifier", id), ("matchMax", names.uses(id, else: 0))] + fixedAttribute(text), choiceXHTML(text))
        }.joined()
        let premisesFixed = item.keepsOrder ? [] : [("fixed", "true")]
        let premisesWritten = zip(premises, premiseIDs).map { premise, id in
            let matches = pairs.filter { $0.premise == premise }.count
            return QTIXML.element(
                "simpleAssociableChoice", [("identifier", id), ("matchMax", names.uses(id, else: matches))] + premisesFixed, choiceXHTML(premise))
        }.joined()
        body =
            prompt()
            + QTIXML.element(
                "matchInteraction", [("responseIdentifier", names.response), ("shuffle", shuffleAttribute), ("maxAssociations", names.limit(pairs.count))],
                QTIXML.element("simpleMatchSet", [], premisesWritten) + QTIXML.element("simpleMatchSet", [], answers))
    }

    mutating func writeOrdering(_ order: [String], partialCredit: Bool) {
        let ids = order.enumerated().map { names.order[$1] ?? "C\($0 + 1)" }
        declarations.append(
            QTIXML.element(
                "responseDeclaration", [("identifier", names.response), ("cardinality", "ordered"), ("baseType", "identifier")],
                QTIXML.correctResponse(ids)))
        if partialCredit && !order.isEmpty {
            let share = scale / Double(order.count)
            processing = .rules(
                ids.enumerated().map { index, id in
                    QTIXML.condition([
                        (
                            "<match><index n=\"\(index + 1)\">\(QTIXML.variable(names.response))</index>\(QTIXML.baseValue("identifier", id))</match>",
                            QTIXML.setOutcome("SCORE", "<sum>\(QTIXML.variable("SCORE"))\(QTIXML.baseValue("float", QTIXML.number(share)))</sum>")
                        )
                    ])
                })
        } else if scale == 1 {
            processing = .template("match_correct")
        } else {
            processing = .rules([allOrNothing()])
        }
        let choices = zip(ids, order).map { id, text in QTIXML.element("simpleChoice", [("identifier", id)], choiceXHTML(text)) }.joined()
        body = prompt() + QTIXML.element("orderInteraction", [("responseIdentifier", names.response), ("shuffle", "true")], choices)
    }

    mutating func writeGaps(_ gaps: [QuizItem.Gap]) {
        let share = gaps.isEmpty ? 0 : scale / Double(gaps.count)
        var rules: [String] = []
        var markup: [String: String] = [:]
        var gapTexts: [(id: String, text: String)] = []
        for (number, gap) in gaps.enumerated() {
            // Each blank's feedback: its own outcome, set by the option chosen or the best answer the text matches.
            let feedbackOutcome = "FEEDBACK_\(number + 1)"
            if let target = names.gapMatches[gap.id] {
                // A gap of the item's `gapMatchInteraction`: its texts go into the gap, a pair (text, gap) each.
                answerFeedback(gap.options.map { option in
                    (QTIXML.element("member", [], QTIXML.baseValue("directedPair", option.id + " " + target.gap) + QTIXML.variable(target.response)),
                        option.feedback)
                }, outcome: feedbackOutcome)
                for option in gap.options where !gapTexts.contains(where: { $0.id == option.id }) { gapTexts.append((option.id, plain(option.text))) }
                markup[gap.id] = QTIXML.element("gap", [("identifier", target.gap)])
                continue
            }
            let response = names.gapResponses[gap.id] ?? gap.id
            if !gap.options.isEmpty {
                answerFeedback(gap.options.map { option in
                    ("<match>\(QTIXML.variable(response))\(QTIXML.baseValue("identifier", option.id))</match>", option.feedback)
                }, outcome: feedbackOutcome)
                let best = gap.options.map(\.weight).max() ?? 0
                let correct = gap.options.first { $0.weight > 0 && $0.weight == best }.map { [$0.id] } ?? []
                let entries = gap.options.filter { $0.weight != 0 }.map { (key: $0.id, value: $0.weight * share) }
                declarations.append(
                    QTIXML.element(
                        "responseDeclaration", [("identifier", response), ("cardinality", "single"), ("baseType", "identifier")],
                        QTIXML.correctResponse(correct) + QTIXML.mapping(entries, upperBound: share)))
                rules.append(
                    QTIXML.setOutcome("SCORE", "<sum>\(QTIXML.variable("SCORE"))\(QTIXML.element("mapResponse", [("identifier", response)]))</sum>"))
                let choices = gap.options.map {
                    QTIXML.element("inlineChoice", [("identifier", $0.id)] + fixedAttribute(QuizItem.fixedKey(gap: gap.id, option: $0.id)), QTIXML.text(plain($0.text)))
                }.joined()
                markup[gap.id] = QTIXML.element("inlineChoiceInteraction", [("responseIdentifier", response), ("shuffle", shuffleAttribute)], choices)
            } else {
                var declaration = QTIXML.correctResponse(Self.bestLiteral(gap.answers))
                if gap.answers.allSatisfy({ Self.literal($0.pattern).map { !$0.contains(where: \.isWhitespace) } ?? false }) {
                    declaration += QTIXML.mapping(
                        Self.textEntries(gap.answers, caseSensitive: false, scale: share), upperBound: share, caseSensitive: false)
                    rules.append(
                        QTIXML.setOutcome("SCORE", "<sum>\(QTIXML.variable("SCORE"))\(QTIXML.element("mapResponse", [("identifier", response)]))</sum>")
                    )
                } else {
                    let branches = Self.byWeight(gap.answers, weight: \.weight).map { answer in
                        (
                            Self.textCondition(response, answer.pattern, caseSensitive: false),
                            QTIXML.setOutcome(
                                "SCORE", "<sum>\(QTIXML.variable("SCORE"))\(QTIXML.baseValue("float", QTIXML.number(answer.weight * share)))</sum>")
                        )
                    }
                    rules.append(QTIXML.condition(branches))
                }
                declarations.append(
                    QTIXML.element("responseDeclaration", [("identifier", response), ("cardinality", "single"), ("baseType", "string")], declaration))
                markup[gap.id] = QTIXML.element("textEntryInteraction", [("responseIdentifier", response)])
                answerFeedback(Self.byWeight(gap.answers, weight: \.weight).map {
                    (Self.textCondition(response, $0.pattern, caseSensitive: false), $0.feedback)
                }, outcome: feedbackOutcome)
            }
        }
        var writer = QTIXHTMLWriter()
        writer.gaps = markup
        let xhtml = writer.convert(html(item.prompt))
        let rest = gaps.filter { !writer.placed.contains($0.id) }.compactMap { markup[$0.id] }
        body = xhtml + (rest.isEmpty ? "" : "<p>" + rest.joined(separator: " ") + "</p>")
        if let response = names.gapMatchResponse {
            // The blocks holding its gaps go into one `gapMatchInteraction`, its texts first; the blocks before and
            // after (other interactions among them) stay outside it: interactions do not nest.
            var blocks = writer.topBlocks.joined() == xhtml ? writer.topBlocks : [xhtml]
            if !rest.isEmpty { blocks.append("<p>" + rest.joined(separator: " ") + "</p>") }
            let holding = blocks.indices.filter { blocks[$0].contains("<gap identifier=") }
            let choices = gapTexts.map {
                QTIXML.element("gapText", [("identifier", $0.id), ("matchMax", names.uses($0.id, of: response, else: 1))], QTIXML.text($0.text))
            }
            if let first = holding.first, let last = holding.last {
                body =
                    blocks[..<first].joined()
                    + QTIXML.element(
                        "gapMatchInteraction", [("responseIdentifier", response), ("shuffle", shuffleAttribute)],
                        choices.joined() + blocks[first...last].joined())
                    + blocks[(last + 1)...].joined()
            }
        }
        processing = .rules(rules)
    }
}
