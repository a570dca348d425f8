import Foundation
import LenteraCore

extension QTIItemReader {
    // MARK: Interactions

    mutating func readChoice(_ interaction: XMLElement, body: XMLElement, into item: inout QuizItem) {
        let declaration = declaration(for: interaction)
        let scoring = scoring[declaration.identifier] ?? QTIResponseScoring()
        guard !scoring.isEmpty else {
            problems.append(QTIMessage.noCorrectAnswer(declaration.identifier, line: interaction.line))
            return
        }
        let elements = interaction.qtiChildren("simplechoice")
        let ids = elements.map { $0.qtiAttribute("identifier")?.trimmingSpaces() ?? "" }
        let multiple = isMultiple(interaction)
        var weights: [Double]
        if multiple && !(scoring.usesMapping && declaration.mapping != nil) {
            // All or nothing: the best-scoring set of choices.
            var best: (Set<String>, Double)?
            for rule in scoring.rules {
                let set: Set<String>
                switch rule.accepted {
                case .correct: set = Set(declaration.correct)
                case .value(let value): set = [value]
                case .values(let values): set = Set(values)
                default: continue
                }
                if rule.score > (best?.1 ?? 0) { best = (set, rule.score) }
            }
            let correct = best?.0 ?? Set(declaration.correct)
            weights = ids.map { correct.contains($0) ? 1 : 0 }
        } else {
            let normalizer = normalizer(scoring, declaration)
            weights = ids.map { id in
                let raw: Double
                if multiple, let mapping = declaration.mapping {
                    raw = mapping.value(of: id)
                } else {
                    raw = score(of: id, scoring: scoring, declaration: declaration)
                }
                return Self.rounded(raw / normalizer)
            }
        }
        if !weights.contains(where: { $0 > 0 }) {
            problems.append(QTIMessage.noCorrectAnswer(declaration.identifier, line: interaction.line))
            return
        }
        let choices = zip(elements, zip(ids, weights)).map { element, pair in
            QuizItem.Choice(
                id: pair.0, text: QTIImporter.choiceHTML(element), weight: pair.1,
                feedback: choiceFeedback(element, identifier: pair.0, response: declaration.identifier))
        }
        item.interaction = .choice(choices: choices, multiple: multiple)
        item.fixedChoices = Self.fixed(interaction, zip(elements, ids).map { ($0, $1) })
        item.prompt = prompt(body, replace: blockPrompt)
        item.points = points(for: [declaration.identifier])
        binding = .single(declaration.identifier)
    }

    mutating func readTextEntry(_ interaction: XMLElement, body: XMLElement, into item: inout QuizItem) {
        let declaration = declaration(for: interaction)
        let scoring = scoring[declaration.identifier] ?? QTIResponseScoring()
        let normalizer = normalizer(scoring, declaration)
        item.prompt = prompt(body, replace: { $0.qtiName == "textentryinteraction" ? QTIImporter.blank : blockPrompt($0) })
        item.points = points(for: [declaration.identifier])
        binding = .single(declaration.identifier)
        if declaration.isNumeric {
            var answers: [QuizItem.NumericAnswer] = []
            func add(_ minimum: Double, _ maximum: Double, _ score: Double) {
                answers.append(QuizItem.NumericAnswer(minimum: minimum, maximum: maximum, weight: Self.rounded(score / normalizer)))
            }
            if scoring.usesMapping, let mapping = declaration.mapping {
                for entry in mapping.entries {
                    if let value = Double(entry.key) { add(value, value, min(entry.value, mapping.upperBound ?? entry.value)) }
                }
            }
            for rule in scoring.rules {
                switch rule.accepted {
                case .correct: declaration.correct.compactMap { Double($0) }.forEach { add($0, $0, rule.score) }
                case .value(let text), .text(let text, _): if let value = Double(text.trimmingSpaces()) { add(value, value, rule.score) }
                case .values(let values): values.compactMap { Double($0) }.forEach { add($0, $0, rule.score) }
                case .range(let low, let high): add(low, high, rule.score)
                default: continue
                }
            }
            guard answers.contains(where: { $0.weight > 0 }) else {
                problems.append(QTIMessage.noCorrectAnswer(declaration.identifier, line: interaction.line))
                return
            }
            item.interaction = .numeric(answers: answers)
            return
        }
        let (answers, caseSensitive) = textAnswers(scoring, declaration, normalizer: normalizer)
        guard answers.contains(where: { $0.weight > 0 }) else {
            problems.append(QTIMessage.noCorrectAnswer(declaration.identifier, line: interaction.line))
            return
        }
        item.interaction = .text(answers: answers, caseSensitive: caseSensitive)
    }

    /// The accepted texts of a string response, and whether case matters for all of them.
    func textAnswers(
        _ scoring: QTIResponseScoring, _ declaration: QTIResponseDeclaration, normalizer: Double
    ) -> ([QuizItem.TextAnswer], Bool) {
        var answers: [QuizItem.TextAnswer] = []
        var flags: [Bool] = []
        func add(_ pattern: String, _ score: Double, _ sensitive: Bool?) {
            if let sensitive { flags.append(sensitive) }
            let weight = Self.rounded(score / normalizer)
            if let index = answers.firstIndex(where: { $0.pattern == pattern }) {
                answers[index].weight = max(answers[index].weight, weight)
            } else {
                answers.append(QuizItem.TextAnswer(pattern: pattern, weight: weight))
            }
        }
        if scoring.usesMapping, let mapping = declaration.mapping {
            for entry in mapping.entries {
                add(QTIPattern.escaped(entry.key), min(entry.value, mapping.upperBound ?? entry.value), entry.caseSensitive)
            }
            if mapping.defaultValue > 0 { add("*", mapping.defaultValue, nil) }
        }
        for rule in scoring.rules {
            switch rule.accepted {
            case .correct: declaration.correct.forEach { add(QTIPattern.escaped($0), rule.score, true) }
            case .value(let value): add(QTIPattern.escaped(value), rule.score, true)
            case .values(let values): values.forEach { add(QTIPattern.escaped($0), rule.score, true) }
            case .text(let text, let sensitive): add(QTIPattern.escaped(text), rule.score, sensitive)
            case .pattern(let pattern, let sensitive): add(pattern, rule.score, sensitive)
            default: continue
            }
        }
        // Case matters when every comparison that can tell says so; patterns without cased letters cannot tell.
        return (answers, !flags.isEmpty && flags.allSatisfy { $0 })
    }

    mutating func readGaps(_ interactions: [XMLElement], body: XMLElement, into item: inout QuizItem) {
        var gaps: [QuizItem.Gap] = []
        var gapIDs: [String: String] = [:]  // gapMatch gap identifier → gap id
        var responseGapIDs: [String: String] = [:]  // response identifier → gap id
        var used: Set<String> = []
        func unique(_ id: String) -> String { QuestionID.unused(id, in: &used) }
        var responses: [String] = []
        var targets: [String: QTIBinding.GapTarget] = [:]
        var fixed: Set<String> = []
        for interaction in interactions {
            let declaration = declaration(for: interaction)
            responses.append(declaration.identifier)
            let scoring = scoring[declaration.identifier] ?? QTIResponseScoring()
            guard !scoring.isEmpty else {
                problems.append(QTIMessage.noCorrectAnswer(declaration.identifier, line: interaction.line))
                continue
            }
            let normalizer = normalizer(scoring, declaration)
            switch interaction.qtiName {
            case "textentryinteraction":
                var (answers, _) = textAnswers(scoring, declaration, normalizer: normalizer)
                if declaration.isNumeric {
                    for rule in scoring.rules {
                        if case .range(let low, let high) = rule.accepted, low == high {
                            answers.append(
                                QuizItem.TextAnswer(pattern: QTIPattern.escaped(QTIScalar.numberText(low)), weight: Self.rounded(rule.score / normalizer)))
                        }
                    }
                }
                guard answers.contains(where: { $0.weight > 0 }) else {
                    problems.append(QTIMessage.noCorrectAnswer(declaration.identifier, line: interaction.line))
                    continue
                }
                let id = unique(declaration.identifier)
                responseGapIDs[declaration.identifier] = id
                targets[id] = .value(response: declaration.identifier)
                gaps.append(QuizItem.Gap(id: id, answers: answers))
            case "inlinechoiceinteraction", "choiceinteraction":
                let elements = interaction.qtiChildren(interaction.qtiName == "choiceinteraction" ? "simplechoice" : "inlinechoice")
                let options = elements.map { element -> QuizItem.Choice in
                    let id = element.qtiAttribute("identifier")?.trimmingSpaces() ?? ""
                    return QuizItem.Choice(
                        id: id, text: QTIImporter.choiceHTML(element),
                        weight: Self.rounded(score(of: id, scoring: scoring, declaration: declaration) / normalizer))
                }
                guard options.contains(where: { $0.weight > 0 }) else {
                    problems.append(QTIMessage.noCorrectAnswer(declaration.identifier, line: interaction.line))
                    continue
                }
                let id = unique(declaration.identifier)
                responseGapIDs[declaration.identifier] = id
                targets[id] = .value(response: declaration.identifier)
                gaps.append(QuizItem.Gap(id: id, options: options))
                fixed.formUnion(Self.fixed(interaction, zip(elements, options).map { ($0, QuizItem.fixedKey(gap: id, option: $1.id)) }) ?? [])
            default:  // gapMatchInteraction
                guard let matched = gapMatchGaps(interaction, declaration: declaration, scoring: scoring) else {
                    problems.append(QTIMessage.complexGapMatch(interaction.name, line: interaction.line))
                    continue
                }
                let texts = interaction.qtiChildren("gaptext")
                for gap in matched {
                    let id = unique(gap.id)
                    gapIDs[gap.id] = id
                    targets[id] = .gapMatch(response: declaration.identifier, gap: gap.id)
                    gaps.append(QuizItem.Gap(id: id, options: gap.options))
                    let keyed = texts.map { ($0, QuizItem.fixedKey(gap: id, option: $0.qtiAttribute("identifier")?.trimmingSpaces() ?? "")) }
                    fixed.formUnion(Self.fixed(interaction, keyed) ?? [])
                }
            }
        }
        guard problems.isEmpty else { return }
        func replace(_ element: XMLElement) -> String? {
            switch element.qtiName {
            case "textentryinteraction", "inlinechoiceinteraction":
                let response = element.qtiAttribute("responseIdentifier") ?? ""
                return QTIImporter.gapPlaceholder(responseGapIDs[response] ?? response)
            case "choiceinteraction":
                let response = element.qtiAttribute("responseIdentifier") ?? ""
                return (blockPrompt(element) ?? "") + "<p>" + QTIImporter.gapPlaceholder(responseGapIDs[response] ?? response) + "</p>"
            case "gapmatchinteraction":
                let inner = element.content.filter {
                    guard case .element(let child) = $0 else { return true }
                    return !["gaptext", "gapimg", "prompt"].contains(child.qtiName)
                }
                return (blockPrompt(element) ?? "") + QTIHTML.write(inner, replace: replace)
            case "gap":
                let id = element.qtiAttribute("identifier") ?? ""
                return QTIImporter.gapPlaceholder(gapIDs[id] ?? id)
            default:
                return nil
            }
        }
        item.prompt = prompt(body, replace: replace)
        item.interaction = .gaps(gaps)
        item.fixedChoices = fixed.isEmpty ? nil : fixed
        item.points = points(for: responses)
        binding = .gaps(targets)
    }

    /// The gaps of a simple `gapMatchInteraction`: each gap a dropdown of the texts, weighted by the correct pairs or
    /// the mapping. Nil when a gap takes several texts or the choices are images.
    func gapMatchGaps(_ interaction: XMLElement, declaration: QTIResponseDeclaration, scoring: QTIResponseScoring) -> [QuizItem.Gap]? {
        guard interaction.qtiChildren("gapimg").isEmpty else { return nil }
        let texts = interaction.qtiChildren("gaptext")
        let gapElements = interaction.qtiDescendants.filter { $0.qtiName == "gap" }
        guard !texts.isEmpty, !gapElements.isEmpty else { return nil }
        func pairs(_ values: [String]) -> [(String, String)] {
            values.compactMap { value in
                let parts = value.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" }).map(String.init)
                return parts.count == 2 ? (parts[0], parts[1]) : nil
            }
        }
        var weights: [String: [String: Double]] = [:]  // gap → text → weight
        if scoring.usesMapping, let mapping = declaration.mapping, scoring.rules.isEmpty {
            for entry in mapping.entries {
                guard let (text, gap) = pairs([entry.key]).first else { continue }
                weights[gap, default: [:]][text] = entry.value
            }
            for (gap, values) in weights {
                let best = values.values.max() ?? 1
                weights[gap] = values.mapValues { best > 0 ? $0 / best : 0 }
            }
        } else {
            var best: ([String], Double)?
            for rule in scoring.rules {
                let values: [String]
                switch rule.accepted {
                case .correct: values = declaration.correct
                case .values(let list): values = list
                case .value(let value): values = [value]
                default: continue
                }
                if rule.score > (best?.1 ?? 0) { best = (values, rule.score) }
            }
            let correct = pairs(best?.0 ?? declaration.correct)
            guard Set(correct.map { $0.1 }).count == correct.count else { return nil }  // a gap taking several texts
            for (text, gap) in correct { weights[gap, default: [:]][text] = 1 }
        }
        return gapElements.map { gap in
            let id = gap.qtiAttribute("identifier") ?? ""
            let options = texts.map { text -> QuizItem.Choice in
                let textID = text.qtiAttribute("identifier") ?? ""
                return QuizItem.Choice(id: textID, text: QTIImporter.choiceHTML(text), weight: Self.rounded(weights[id]?[textID] ?? 0))
            }
            return QuizItem.Gap(id: id, options: options)
        }
    }

    mutating func readOrder(_ interaction: XMLElement, body: XMLElement, into item: inout QuizItem) {
        let declaration = declaration(for: interaction)
        let scoring = scoring[declaration.identifier] ?? QTIResponseScoring()
        let elements = interaction.qtiChildren("simplechoice")
        var texts: [String: String] = [:]
        for element in elements { texts[element.qtiAttribute("identifier")?.trimmingSpaces() ?? ""] = QTIImporter.choiceHTML(element) }
        var order = declaration.correct
        var best = scoring.rules.filter { if case .correct = $0.accepted { return true } else { return false } }.map(\.score).max() ?? 0
        var partial = false
        var positions: [Int: String] = [:]
        for rule in scoring.rules {
            switch rule.accepted {
            case .values(let values) where rule.score > best:
                if !order.isEmpty && values != order { partial = true }
                order = values
                best = rule.score
            case .values(let values) where values != order && rule.score > 0:
                partial = true
            case .position(let index, let value):
                positions[index] = value
                partial = true
            default:
                continue
            }
        }
        if scoring.usesMapping { partial = true }
        if order.isEmpty, !positions.isEmpty { order = positions.keys.sorted().compactMap { positions[$0] } }
        guard !order.isEmpty else {
            problems.append(QTIMessage.noCorrectAnswer(declaration.identifier, line: interaction.line))
            return
        }
        var correctOrder: [String] = []
        for identifier in order {
            guard let text = texts[identifier] else {
                problems.append(QTIMessage.unknownChoice(identifier, response: declaration.identifier, line: declaration.line))
                return
            }
            correctOrder.append(text)
        }
        item.interaction = .ordering(correctOrder: correctOrder, partialCredit: partial)
        item.prompt = prompt(body, replace: blockPrompt)
        var identifiers: [String: String] = [:]
        for (identifier, text) in texts where !text.isEmpty {
            guard identifiers.updateValue(identifier, forKey: text) == nil else {
                problems.append(QTIMessage.sameText(text, response: declaration.identifier, line: interaction.line))
                return
            }
        }
        binding = .ordering(response: declaration.identifier, identifiers: identifiers)
        if let normalMaximum {
            item.points = normalMaximum
        } else if scoring.custom, let maximumScore {
            item.points = maximumScore
        } else if !positions.isEmpty {
            item.points = scoring.rules.reduce(0) { $0 + max(0, $1.score) }
        } else {
            item.points = max(best, scoring.rules.map(\.score).max() ?? 0) > 0 ? max(best, scoring.rules.map(\.score).max() ?? 0) : 1
        }
    }

    mutating func readMatch(_ interaction: XMLElement, body: XMLElement, into item: inout QuizItem) {
        let declaration = declaration(for: interaction)
        let scoring = scoring[declaration.identifier] ?? QTIResponseScoring()
        let sets = interaction.qtiChildren("simplematchset")
        let choices = sets.isEmpty ? interaction.qtiChildren("simpleassociablechoice") : sets.flatMap { $0.qtiChildren("simpleassociablechoice") }
        var texts: [String: String] = [:]
        for choice in choices { texts[choice.qtiAttribute("identifier")?.trimmingSpaces() ?? ""] = QTIImporter.choiceHTML(choice) }
        let sources = Set(sets.first?.qtiChildren("simpleassociablechoice").map { $0.qtiAttribute("identifier")?.trimmingSpaces() ?? "" } ?? [])

        var values = declaration.correct
        var best = 0.0
        for rule in scoring.rules {
            if case .values(let list) = rule.accepted, rule.score > best {
                values = list
                best = rule.score
            }
        }
        if values.isEmpty, let mapping = declaration.mapping {
            values = mapping.entries.filter { $0.value > 0 }.map(\.key)
        }
        var pairs: [QuizItem.Pair] = []
        var premiseIDs: Set<String> = []
        var responseIDs: Set<String> = []
        for value in values {
            let parts = value.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" }).map(String.init)
            guard parts.count == 2 else { continue }
            var (premise, response) = (parts[0], parts[1])
            if !sets.isEmpty, !sources.contains(premise), sources.contains(response) { swap(&premise, &response) }
            guard let premiseText = texts[premise], let responseText = texts[response] else {
                let unknown = texts[premise] == nil ? premise : response
                problems.append(QTIMessage.unknownChoice(unknown, response: declaration.identifier, line: declaration.line))
                return
            }
            pairs.append(QuizItem.Pair(premise: premiseText, response: responseText))
            premiseIDs.insert(premise)
            responseIDs.insert(response)
        }
        guard !pairs.isEmpty else {
            problems.append(QTIMessage.noCorrectAnswer(declaration.identifier, line: interaction.line))
            return
        }
        var responses: [String] = []
        let candidates = sets.count >= 2 ? sets[1].qtiChildren("simpleassociablechoice") : choices
        for choice in candidates {
            let id = choice.qtiAttribute("identifier")?.trimmingSpaces() ?? ""
            guard sets.count >= 2 || responseIDs.contains(id) || !premiseIDs.contains(id), let text = texts[id] else { continue }
            if !responses.contains(text) { responses.append(text) }
        }
        // Premises in the order the item lists them (its correct response may list them in any order).
        let sourceOrder = (sets.first?.qtiChildren("simpleassociablechoice") ?? choices).compactMap { texts[$0.qtiAttribute("identifier")?.trimmingSpaces() ?? ""] }
        pairs = pairs.enumerated().sorted {
            (sourceOrder.firstIndex(of: $0.element.premise) ?? Int.max, $0.offset) < (sourceOrder.firstIndex(of: $1.element.premise) ?? Int.max, $1.offset)
        }.map(\.element)
        item.interaction = .matching(pairs: pairs, responses: responses)
        item.fixedChoices = Self.fixed(interaction, candidates.compactMap { element in
            texts[element.qtiAttribute("identifier")?.trimmingSpaces() ?? ""].map { (element, $0) }
        })
        item.prompt = prompt(body, replace: blockPrompt)
        item.points = points(for: [declaration.identifier])
        // Texts shown as premises and as responses, to the identifiers behind them.
        var premiseIdentifiers: [String: String] = [:]
        var targetIdentifiers: [String: String] = [:]
        let premiseSet = sets.isEmpty ? Set(pairs.map(\.premise)) : Set(sources.compactMap { texts[$0] })
        for choice in choices {
            let id = choice.qtiAttribute("identifier")?.trimmingSpaces() ?? ""
            guard let text = texts[id] else { continue }
            let isSource = sets.isEmpty ? premiseSet.contains(text) : sources.contains(id)
            let isTarget = sets.isEmpty ? responses.contains(text) : !sources.contains(id)
            if isSource, premiseIdentifiers.updateValue(id, forKey: text) != nil {
                problems.append(QTIMessage.sameText(text, response: declaration.identifier, line: interaction.line))
                return
            }
            if isTarget, targetIdentifiers.updateValue(id, forKey: text) != nil {
                problems.append(QTIMessage.sameText(text, response: declaration.identifier, line: interaction.line))
                return
            }
        }
        binding = .matching(response: declaration.identifier, premises: premiseIdentifiers, targets: targetIdentifiers, premiseFirst: true)
    }

    /// What an interaction keeps in place, by the keys given for its choices: every one unless `shuffle="true"` (QTI's
    /// default is not to shuffle), else those marked `fixed="true"`; nil when nothing is fixed.
    static func fixed(_ interaction: XMLElement, _ keyed: [(XMLElement, String)]) -> Set<String>? {
        let shuffles = interaction.qtiAttribute("shuffle")?.trimmingSpaces().lowercased() == "true"
        let fixed = Set(keyed.filter { !shuffles || $0.0.qtiAttribute("fixed")?.trimmingSpaces().lowercased() == "true" }.map(\.1))
        return fixed.isEmpty ? nil : fixed
    }
}
