import Foundation
import LenteraCore

// MARK: - Reading one item

/// Reads one `assessmentItem` element into a quiz item, collecting problems.
struct QTIItemReader {
    static let supportedInteractions: Set<String> = [
        "choiceinteraction", "textentryinteraction", "inlinechoiceinteraction", "orderinteraction", "matchinteraction",
        "associateinteraction", "extendedtextinteraction", "gapmatchinteraction", "endattemptinteraction",
    ]
    static let gapInteractions: Set<String> = ["textentryinteraction", "inlinechoiceinteraction", "gapmatchinteraction", "choiceinteraction"]
    static let conditionalContainers: Set<String> = ["feedbackblock", "feedbackinline", "templateblock", "templateinline", "modalfeedback"]

    let root: XMLElement
    var problems: [QuizProblem] = []
    var declarations: [String: QTIResponseDeclaration] = [:]
    var scoreOutcomes: Set<String> = ["SCORE"]
    var constants: [String: Double] = [:]
    var normalMaximum: Double?
    var maximumScore: Double?
    var scoring: [String: QTIResponseScoring] = [:]
    var constantIdentifiers: [String: Set<String>] = [:]
    /// Outcomes that response processing sets from a response (per-choice feedback), with those responses.
    var responseDrivenOutcomes: [String: Set<String>] = [:]
    var scoredResponseCount = 1
    /// How the interaction read answers the item's response variables (set by the interaction readers).
    var binding: QTIBinding?

    init(root: XMLElement) {
        self.root = root
    }

    mutating func read() -> QuizItem? {
        for element in root.qtiChildren("responsedeclaration") {
            let declaration = QTIResponseDeclaration(element)
            if !declaration.identifier.isEmpty { declarations[declaration.identifier] = declaration }
        }
        // Numeric outcomes that processing sets hold scores; the others (MAXSCORE...) are constants.
        let processing = root.qtiChild("responseprocessing")
        let targets = Set((processing?.qtiDescendants ?? []).filter { $0.qtiName == "setoutcomevalue" }.compactMap { $0.qtiAttribute("identifier") })
        for element in root.qtiChildren("outcomedeclaration") {
            guard let identifier = element.qtiAttribute("identifier") else { continue }
            let baseType = (element.qtiAttribute("baseType") ?? "").lowercased()
            let numeric = baseType == "float" || baseType == "integer"
            let defaultValue = element.qtiChild("defaultvalue")?.qtiChild("value").flatMap { Double($0.trimmedText) }
            if identifier.uppercased() == "MAXSCORE" {
                maximumScore = defaultValue.flatMap { Self.usablePoints($0) }
            }
            if numeric && targets.contains(identifier) {
                scoreOutcomes.insert(identifier)
            } else if numeric, let defaultValue, identifier != "SCORE" {
                constants[identifier] = defaultValue
            }
            if identifier == "SCORE", let value = element.qtiNumber("normalMaximum"), value.isFinite, value >= 0 {
                normalMaximum = value
            }
        }
        for name in ["templateprocessing", "templatedeclaration"] {
            if let template = root.qtiChild(name) {
                problems.append(QTIMessage.templateItem(template.name, line: template.line))
                return nil
            }
        }
        guard let body = root.qtiChild("itembody") else {
            problems.append(QTIMessage.missingItemBody(line: root.line))
            return nil
        }
        let interactions = collectInteractions(body)
        guard problems.isEmpty else { return nil }
        readResponseProcessing()
        let scored = interactions.filter { $0.qtiName != "endattemptinteraction" }
        scoredResponseCount = max(1, Set(scored.compactMap { $0.qtiAttribute("responseIdentifier") }).count)
        for interaction in scored where interaction.qtiAttribute("responseIdentifier") == nil {
            problems.append(QTIMessage.noResponseIdentifier(interaction.name, line: interaction.line))
        }
        guard problems.isEmpty else { return nil }

        let title = root.qtiAttribute("title")?.trimmingSpaces()
        var item = QuizItem(
            id: QTIImporter.itemID(root.qtiAttribute("identifier") ?? ""), prompt: "", interaction: .description, points: 1,
            title: title?.isEmpty == false ? title : nil, format: .html, line: root.line)
        item.generalFeedback = generalFeedback()

        let names = Set(scored.map(\.qtiName))
        if scored.isEmpty {
            item.prompt = prompt(body, replace: { _ in nil })
            item.points = normalMaximum ?? 0
            return item
        }
        if scored.count == 1 || names == ["extendedtextinteraction"] {
            let interaction = scored[0]
            switch interaction.qtiName {
            case "choiceinteraction":
                readChoice(interaction, body: body, into: &item)
            case "textentryinteraction":
                readTextEntry(interaction, body: body, into: &item)
            case "inlinechoiceinteraction", "gapmatchinteraction":
                readGaps(scored, body: body, into: &item)
            case "orderinteraction":
                readOrder(interaction, body: body, into: &item)
            case "matchinteraction", "associateinteraction":
                readMatch(interaction, body: body, into: &item)
            default:  // extendedTextInteraction
                item.interaction = .essay
                item.prompt = prompt(body, replace: blockPrompt)
                item.points = normalMaximum ?? maximumScore ?? 1
            }
        } else if let other = scored.first(where: { !Self.gapInteractions.contains($0.qtiName) || !isSingleChoice($0) }) {
            problems.append(QTIMessage.mixedInteractions(other.name, line: other.line))
        } else {
            readGaps(scored, body: body, into: &item)
        }
        guard problems.isEmpty else { return nil }
        attachProgram(to: &item)
        return problems.isEmpty ? item : nil
    }

    /// Gives an answerable, automatically scored item its response processing to run, and its points: `MAXSCORE`'s
    /// default, else what its declared correct response scores by its own rules (or, scored by `map_response`, the
    /// most its mapping gives, if more), else `SCORE`'s `normalMaximum`, else what the declarations give.
    /// `normalMaximum` comes last because it only bounds the score (the IMS example declares 10 where the correct
    /// answer earns 2). An item whose declared correct response scores nothing by its own rules is refused. An item without response processing keeps the scoring read from its declarations.
    mutating func attachProgram(to item: inout QuizItem) {
        guard item.isAnswerable, item.interaction != .essay, let binding else { return }
        var reader = QTIProgramReader(root: root)
        guard reader.hasProcessing else { return }
        guard let program = reader.read(binding: binding) else {
            problems += reader.problems
            return
        }
        item.qti = program
        item.qti?.limits = responseLimits()
        var correct: [String: QTIValue] = [:]
        for declaration in program.responses { correct[declaration.identifier] = declaration.correct }
        let correctScore = try? QTIInterpreter.score(program, responses: correct)
        if program.responses.contains(where: { $0.correct != .null }), (correctScore ?? 0) <= 0 {
            problems.append(QTIMessage.correctScoresNothing(line: root.qtiChild("responseprocessing")?.line ?? root.line))
            return
        }
        attachAnswerFeedback(to: &item, program: program)
        if let maximumScore {
            item.points = maximumScore
        } else if let points = correctScore.flatMap({ Self.usablePoints(max($0, program.bestMapping ?? 0)) }) {
            item.points = points
        } else if let best = program.bestMapping.flatMap(Self.usablePoints) {
            item.points = best
        } else if let normalMaximum = normalMaximum.flatMap(Self.usablePoints) {
            item.points = normalMaximum
        }
    }

    /// The interactions of the body in document order; refuses unsupported ones and ones shown conditionally.
    mutating func collectInteractions(_ body: XMLElement) -> [XMLElement] {
        var found: [XMLElement] = []
        var refused: Set<String> = []
        func walk(_ element: XMLElement, container: XMLElement?) {
            for child in element.children {
                let name = child.qtiName
                if name.hasSuffix("interaction") {
                    if !Self.supportedInteractions.contains(name) {
                        if refused.insert(name).inserted { problems.append(QTIMessage.unsupportedInteraction(child.name, line: child.line)) }
                    } else if let container, name != "endattemptinteraction" {
                        problems.append(QTIMessage.conditionalInteraction(child.name, container: container.name, line: child.line))
                    } else {
                        found.append(child)
                    }
                    continue
                }
                walk(child, container: container ?? (Self.conditionalContainers.contains(name) ? child : nil))
            }
        }
        walk(body, container: nil)
        return found
    }

    /// Whether an interaction can stand as one gap: anything but a choice interaction taking several choices.
    func isSingleChoice(_ interaction: XMLElement) -> Bool {
        guard interaction.qtiName == "choiceinteraction" else { return true }
        return !isMultiple(interaction)
    }

    /// Whether a choice interaction takes several choices: by its declared cardinality (unless `maxChoices` is 1),
    /// else by `maxChoices` (QTI's default is 1).
    func isMultiple(_ interaction: XMLElement) -> Bool {
        let maxChoices = interaction.qtiAttribute("maxChoices").flatMap { Int($0.trimmingSpaces()) }
        if let declaration = interaction.qtiAttribute("responseIdentifier").flatMap({ declarations[$0] }) {
            return declaration.cardinality == "multiple" && maxChoices != 1
        }
        return (maxChoices ?? 1) != 1
    }

    // MARK: Response processing

    mutating func readResponseProcessing() {
        var rules = QTIRuleReader(declarations: declarations, scoreOutcomes: scoreOutcomes, constants: constants)
        if let processing = root.qtiChild("responseprocessing") {
            let template = (processing.qtiAttribute("template") ?? "").trimmingSpaces()
            if !processing.children.isEmpty {
                rules.read(processing.children)
                constantIdentifiers = rules.constantIdentifiers
                if !rules.failed { scoring = rules.scoring }
            } else if !template.isEmpty {
                let name = template.split(separator: "/").last.map { String($0).lowercased() } ?? ""
                let base = name.hasSuffix(".xml") ? String(name.dropLast(4)) : name
                for identifier in declarations.keys {
                    switch base {
                    case "match_correct":
                        scoring[identifier] = QTIResponseScoring(rules: [QTIScoreRule(accepted: .correct, score: 1, chain: 0)])
                    case "map_response", "map_response_point":
                        scoring[identifier] = QTIResponseScoring(usesMapping: true)
                    default:
                        break
                    }
                }
            }
            for setter in processing.qtiDescendants where setter.qtiName == "setoutcomevalue" {
                guard let outcome = setter.qtiAttribute("identifier") else { continue }
                for variable in setter.qtiDescendants where variable.qtiName == "variable" {
                    if let name = variable.qtiAttribute("identifier"), declarations[name] != nil {
                        responseDrivenOutcomes[outcome, default: []].insert(name)
                    }
                }
            }
        }
        // What the processing does not score falls back on the declaration: its mapping, else its correct response.
        for (identifier, declaration) in declarations {
            if let current = scoring[identifier], !current.isEmpty {
                if current.usesMapping && declaration.mapping == nil && current.rules.isEmpty {
                    scoring[identifier] = fallback(declaration)
                }
                continue
            }
            scoring[identifier] = fallback(declaration)
        }
    }

    func fallback(_ declaration: QTIResponseDeclaration) -> QTIResponseScoring {
        if declaration.mapping != nil { return QTIResponseScoring(usesMapping: true) }
        if !declaration.correct.isEmpty { return QTIResponseScoring(rules: [QTIScoreRule(accepted: .correct, score: 1, chain: 0)]) }
        return QTIResponseScoring()
    }

    /// The declaration of an interaction's response (a default one when undeclared).
    func declaration(for interaction: XMLElement) -> QTIResponseDeclaration {
        let identifier = interaction.qtiAttribute("responseIdentifier") ?? ""
        if let declaration = declarations[identifier] { return declaration }
        let cardinality: String
        switch interaction.qtiName {
        case "orderinteraction": cardinality = "ordered"
        case "matchinteraction", "associateinteraction", "gapmatchinteraction": cardinality = "multiple"
        case "choiceinteraction": cardinality = isMultiple(interaction) ? "multiple" : "single"
        default: cardinality = "single"
        }
        let baseType = interaction.qtiName == "textentryinteraction" || interaction.qtiName == "extendedtextinteraction" ? "string" : "identifier"
        return QTIResponseDeclaration(identifier: identifier, cardinality: cardinality, baseType: baseType, line: interaction.line)
    }

    /// The score a response's rules and mapping give one value (for single-valued responses).
    func score(of candidate: String, scoring: QTIResponseScoring, declaration: QTIResponseDeclaration) -> Double {
        var total = 0.0
        if scoring.usesMapping, let mapping = declaration.mapping {
            var value = mapping.value(of: candidate)
            if let upper = mapping.upperBound { value = min(value, upper) }
            total += value
        }
        var chains: [Int] = []
        for rule in scoring.rules where !chains.contains(rule.chain) { chains.append(rule.chain) }
        for chain in chains {
            if let rule = scoring.rules.first(where: { $0.chain == chain && accepts($0.accepted, candidate, declaration) }) {
                total += rule.score
            }
        }
        return total
    }

    func accepts(_ accepted: QTIAccepted, _ candidate: String, _ declaration: QTIResponseDeclaration) -> Bool {
        switch accepted {
        case .correct: return declaration.correct.contains(candidate)
        case .value(let value): return value == candidate
        case .values(let values): return values == [candidate]
        case .text(let text, let caseSensitive): return caseSensitive ? text == candidate : text.lowercased() == candidate.lowercased()
        case .pattern(let pattern, let caseSensitive):
            let sensitive = caseSensitive ?? true
            return Scoring.wildcardMatch(sensitive ? candidate : candidate.lowercased(), sensitive ? pattern : pattern.lowercased())
        case .range(let low, let high): return Double(candidate).map { $0 >= low && $0 <= high } ?? false
        case .position: return false
        }
    }

    /// What one response's weights are divided by: the mapping's cap or best, `MAXSCORE` shared among the
    /// responses for custom rules, else the best the rules give.
    func normalizer(_ scoring: QTIResponseScoring, _ declaration: QTIResponseDeclaration) -> Double {
        if scoring.usesMapping, let mapping = declaration.mapping, scoring.rules.isEmpty {
            let best = mapping.upperBound ?? mapping.best(container: declaration.cardinality != "single")
            return best > 0 ? best : 1
        }
        if scoring.custom, let maximumScore { return maximumScore / Double(scoredResponseCount) }
        var best: [Int: Double] = [:]
        for rule in scoring.rules { best[rule.chain] = max(best[rule.chain] ?? 0, rule.score) }
        var total = best.values.reduce(0, +)
        if scoring.usesMapping, let mapping = declaration.mapping { total += mapping.best(container: declaration.cardinality != "single") }
        return total > 0 ? total : 1
    }

    /// The item's points: the declared maximum, else the sum of what its responses can give.
    func points(for responses: [String]) -> Double {
        if let normalMaximum { return normalMaximum }
        let custom = responses.contains { scoring[$0]?.custom == true }
        if custom, let maximumScore { return maximumScore }
        let total = responses.reduce(0.0) { sum, identifier in
            guard let declaration = declarations[identifier], let scoring = scoring[identifier], !scoring.isEmpty else { return sum + 1 }
            return sum + normalizer(scoring, declaration)
        }
        return total > 0 && total.isFinite ? total : 1
    }

    /// Points an item can have: above 0, finite and at most a million (what a pool stores and a score multiplies).
    static func usablePoints(_ value: Double) -> Double? {
        value.isFinite && value > 0 && value <= 1_000_000 ? value : nil
    }

    static func rounded(_ weight: Double) -> Double {
        let clamped = min(1, max(-1, weight))
        return (clamped * 1e9).rounded() / 1e9
    }

    /// The limits the item's interactions set: `maxChoices` and `maxAssociations` above 0, `matchMax` above 0 of
    /// associable choices and gap texts. Nil when there are none.
    func responseLimits() -> QTIResponseLimits? {
        var limits = QTIResponseLimits()
        for interaction in (root.qtiChild("itembody")?.qtiDescendants ?? []) where interaction.qtiName.hasSuffix("interaction") {
            guard let response = interaction.qtiAttribute("responseIdentifier")?.trimmingSpaces() else { continue }
            // An order's maxChoices (order a subset) is not Lentera's ordering, which orders every item: not a limit here.
            for name in ["maxChoices", "maxAssociations"] where interaction.qtiName != "orderinteraction" {
                if let maximum = interaction.qtiAttribute(name).flatMap({ Int($0.trimmingSpaces()) }), maximum > 0 {
                    limits.maximumValues[response] = min(limits.maximumValues[response] ?? .max, maximum)
                }
            }
            for choice in interaction.qtiDescendants where ["simpleassociablechoice", "gaptext", "gapimg"].contains(choice.qtiName) {
                guard let identifier = choice.qtiAttribute("identifier")?.trimmingSpaces(),
                    let maximum = choice.qtiAttribute("matchMax").flatMap({ Int($0.trimmingSpaces()) }), maximum > 0
                else { continue }
                limits.uses[response, default: [:]][identifier] = maximum
            }
        }
        return limits.isEmpty ? nil : limits
    }

    /// Feedback on typed answers, found by running the item's own rules: each text or numeric answer is given (a
    /// text with its wildcards taken out, a range's middle), and the `modalFeedback`s its outcomes show, beyond those
    /// shown with no answer at all (general feedback), are that answer's feedback.
    func attachAnswerFeedback(to item: inout QuizItem, program: QTIProgram) {
        let feedbacks = root.qtiChildren("modalfeedback").filter { ($0.qtiAttribute("showHide") ?? "show").lowercased() == "show" }
        guard !feedbacks.isEmpty else { return }
        let binding = program.binding
        func shown(_ answer: QuizResponse?) -> String? {
            var interpreter = QTIInterpreter(program: program, responses: binding.values(for: answer, declarations: program.responses))
            guard let outcomes = try? interpreter.run() else { return nil }
            let texts = feedbacks.compactMap { feedback -> String? in
                guard let outcome = feedback.qtiAttribute("outcomeIdentifier"), let identifier = feedback.qtiAttribute("identifier"),
                    outcomes[outcome]?.values.contains(.identifier(identifier.trimmingSpaces())) == true
                else { return nil }
                let html = QTIHTML.write(feedback.content).trimmingSpaces()
                return html.isEmpty ? nil : html
            }
            return texts.isEmpty ? nil : texts.joined(separator: "\n")
        }
        let always = shown(nil)
        // Answers overlap (3.14 exactly, and 3.14 ± 0.005): a feedback belongs to the first answer (best first, as the
        // rules test them) whose sample shows it; a later answer tries its other samples for one not yet claimed.
        var claimed: Set<String> = []
        func feedback(for samples: [QuizResponse]) -> String? {
            for sample in samples {
                guard var text = shown(sample), text != always else { continue }
                if let always, text.hasSuffix("\n" + always) { text = String(text.dropLast(always.count + 1)) }
                if let always, text.hasPrefix(always + "\n") { text = String(text.dropFirst(always.count + 1)) }
                if claimed.insert(text).inserted { return text }
            }
            return nil
        }
        switch item.interaction {
        case .text(var answers, let caseSensitive):
            for index in answers.indices where answers[index].feedback == nil {
                answers[index].feedback = feedback(for: [.text(QTIPattern.sample(answers[index].pattern))])
            }
            item.interaction = .text(answers: answers, caseSensitive: caseSensitive)
        case .numeric(var answers):
            for index in answers.indices where answers[index].feedback == nil {
                let answer = answers[index]
                let ends = [answer.minimum, answer.maximum].filter { $0.isFinite && abs($0) < 1e300 }
                let middle = ends.count == 2 ? [(ends[0] + ends[1]) / 2] : []
                answers[index].feedback = feedback(for: (middle + ends + (ends.isEmpty ? [0] : [])).map { QuizResponse.number($0) })
            }
            item.interaction = .numeric(answers: answers)
        case .gaps(var gaps):
            // Each blank alone (the others unanswered): its answers' and options' feedback, claimed within the blank.
            for index in gaps.indices {
                claimed = []
                let id = gaps[index].id
                for answer in gaps[index].answers.indices where gaps[index].answers[answer].feedback == nil {
                    gaps[index].answers[answer].feedback = feedback(for: [.gaps([id: QTIPattern.sample(gaps[index].answers[answer].pattern)])])
                }
                for option in gaps[index].options.indices where gaps[index].options[option].feedback == nil {
                    gaps[index].options[option].feedback = feedback(for: [.gaps([id: gaps[index].options[option].id])])
                }
            }
            item.interaction = .gaps(gaps)
        default:
            break
        }
    }

    // MARK: Prompt and feedback

    func prompt(_ body: XMLElement, replace: (XMLElement) -> String?) -> String {
        let html = QTIHTML.write(body.content, replace: replace).trimmingSpaces()
        return html.contains("<pre") ? html : QTIHTML.collapsed(html)
    }

    /// A block interaction's prompt, in a `<p>` or `<div>`, where the interaction stood.
    func blockPrompt(_ element: XMLElement) -> String? {
        guard element.qtiName.hasSuffix("interaction") else { return nil }
        guard let prompt = element.qtiChild("prompt") else { return "" }
        let html = QTIHTML.write(prompt.content).trimmingSpaces()
        if html.isEmpty { return "" }
        return QTIHTML.hasBlock(prompt.content) ? "<div>" + html + "</div>" : "<p>" + html + "</p>"
    }

    /// Feedback shown whatever the answer: a modal feedback whose outcome processing sets unconditionally.
    func generalFeedback() -> String? {
        let texts = root.qtiChildren("modalfeedback").compactMap { feedback -> String? in
            guard (feedback.qtiAttribute("showHide") ?? "show").lowercased() == "show",
                let outcome = feedback.qtiAttribute("outcomeIdentifier"), let identifier = feedback.qtiAttribute("identifier"),
                constantIdentifiers[outcome]?.contains(identifier) == true
            else { return nil }
            let html = QTIHTML.write(feedback.content).trimmingSpaces()
            return html.isEmpty ? nil : html
        }
        return texts.isEmpty ? nil : texts.joined(separator: "\n")
    }

    /// Feedback for one choice: a `feedbackInline` inside it with its identifier, else feedback elsewhere shown when
    /// an outcome set from the response holds the choice's identifier.
    func choiceFeedback(_ choice: XMLElement, identifier: String, response: String) -> String? {
        if let inline = choice.qtiDescendants.first(where: {
            $0.qtiName == "feedbackinline" && $0.qtiAttribute("identifier") == identifier
                && ($0.qtiAttribute("showHide") ?? "show").lowercased() == "show"
        }) {
            let html = QTIHTML.write(inline.content).trimmingSpaces()
            if !html.isEmpty { return html }
        }
        let candidates =
            root.qtiChildren("modalfeedback")
            + (root.qtiChild("itembody")?.qtiDescendants ?? []).filter {
                $0.qtiName == "feedbackblock" || $0.qtiName == "feedbackinline"
            }
        for feedback in candidates where feedback.qtiAttribute("identifier") == identifier {
            guard (feedback.qtiAttribute("showHide") ?? "show").lowercased() == "show",
                let outcome = feedback.qtiAttribute("outcomeIdentifier"), responseDrivenOutcomes[outcome]?.contains(response) == true
            else { continue }
            let html = QTIHTML.write(feedback.content).trimmingSpaces()
            if !html.isEmpty { return html }
        }
        return nil
    }
}
