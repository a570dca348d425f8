import Foundation
import LenteraCore

// MARK: - One item

/// Writes one quiz item as a QTI 2.1 `assessmentItem`.
struct QTIItemWriter {
    enum Processing {
        case none
        case template(String)
        case rules([String])
    }

    let item: QuizItem
    /// For an item read from QTI, its own response processing, written back instead of one made from its answers
    /// (``QTIProgramWriter``); nil for Lentera's own items.
    let program: QTIProgram?
    /// The identifiers the interactions answer with: Lentera's own, or those the program's rules read.
    let names: QTINames
    let renderHTML: (String, QuizItem.TextFormat) -> String
    /// What scores are multiplied by: the points, or 1 for an item worth nothing.
    let scale: Double
    var declarations: [String] = []
    var outcomes: [String] = []
    var body = ""
    var processing = Processing.none
    var feedbackRules: [String] = []
    var modalFeedback: [String] = []

    init(item: QuizItem, renderHTML: @escaping (String, QuizItem.TextFormat) -> String) {
        self.item = Self.withQTIIdentifiers(item)
        if let program = item.qti, let names = QTINames(program: program, item: item) {
            self.program = program
            self.names = names
        } else {
            program = nil
            names = QTINames()
        }
        self.renderHTML = renderHTML
        scale = item.points > 0 ? item.points : 1
    }

    /// The item with its choice, option and gap ids as QTI identifiers (``QTIXML/identifier(_:)``), gap placeholders
    /// in the prompt renamed with them.
    static func withQTIIdentifiers(_ item: QuizItem) -> QuizItem {
        var item = item
        switch item.interaction {
        case .choice(let choices, let multiple):
            item.interaction = .choice(choices: choices.map { var choice = $0; choice.id = QTIXML.identifier($0.id); return choice }, multiple: multiple)
        case .gaps(let gaps):
            var renamed: [QuizItem.Gap] = []
            for gap in gaps {
                var copy = gap
                copy.id = QTIXML.identifier(gap.id)
                copy.options = gap.options.map { var option = $0; option.id = QTIXML.identifier($0.id); return option }
                if copy.id != gap.id { item.prompt = item.prompt.replacingOccurrences(of: "[[" + gap.id + "]]", with: "[[" + copy.id + "]]") }
                renamed.append(copy)
            }
            item.interaction = .gaps(renamed)
        default:
            break
        }
        return item
    }

    mutating func document() -> String {
        switch item.interaction {
        case .choice(let choices, let multiple): writeChoice(choices, multiple: multiple)
        case .text(let answers, let caseSensitive): writeText(answers, caseSensitive: caseSensitive)
        case .numeric(let answers): writeNumeric(answers)
        case .matching(let pairs, let responses): writeMatching(pairs, responses: responses)
        case .ordering(let order, let partialCredit): writeOrdering(order, partialCredit: partialCredit)
        case .gaps(let gaps): writeGaps(gaps)
        case .essay:
            declarations.append(
                QTIXML.element("responseDeclaration", [("identifier", names.response), ("cardinality", "single"), ("baseType", "string")]))
            body = prompt() + QTIXML.element("extendedTextInteraction", [("responseIdentifier", names.response)])
        case .description:
            body = prompt()
        }
        // An item body holds at least one block.
        if body.trimmingSpaces().isEmpty { body = "<div></div>" }
        if let feedback = item.generalFeedback, !feedback.trimmingSpaces().isEmpty {
            let outcome = names.outcome("GENERAL_FEEDBACK")
            outcomes.append(QTIXML.element("outcomeDeclaration", [("identifier", outcome), ("cardinality", "single"), ("baseType", "identifier")]))
            feedbackRules.append(QTIXML.setOutcome(outcome, QTIXML.baseValue("identifier", "GENERAL")))
            modalFeedback.append(feedbackElement(outcome: outcome, identifier: "GENERAL", text: feedback))
        }

        var xml = """
            <?xml version="1.0" encoding="UTF-8"?>
            <assessmentItem xmlns="http://www.imsglobal.org/xsd/imsqti_v2p1" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" \
            xsi:schemaLocation="http://www.imsglobal.org/xsd/imsqti_v2p1 http://www.imsglobal.org/xsd/qti/qtiv2p1/imsqti_v2p1.xsd" \
            identifier="\(QTIXML.attribute(QTIXML.identifier(item.id, item: true)))" title="\(QTIXML.attribute(item.title ?? ""))" adaptive="false" timeDependent="false" \
            toolName="Lentera">

            """
        if let program {
            // Its own declarations, outcomes and rules; Lentera's feedback rules first, as the item's rules may stop
            // processing (`exitResponse`) before they would run.
            // QTI's built-in variables (`numAttempts`, `duration`, `completionStatus`) are declared by every player;
            // the reader adds them to every program, and they are not written.
            for response in program.responses where !QTIProgramWriter.builtIn.contains(response.identifier) {
                xml += "  " + QTIProgramWriter.responseDeclaration(response) + "\n"
            }
            for outcome in program.outcomes where !QTIProgramWriter.builtIn.contains(outcome.identifier) {
                let normalMaximum = outcome.identifier == program.scoreOutcome ? max(0, item.points) : nil
                xml += "  " + QTIProgramWriter.outcomeDeclaration(outcome, normalMaximum: normalMaximum) + "\n"
            }
            for outcome in outcomes { xml += "  " + outcome + "\n" }
            xml += "  <itemBody>" + body + "</itemBody>\n"
            xml += "  <responseProcessing>" + feedbackRules.joined() + QTIProgramWriter.rules(program.rules) + "</responseProcessing>\n"
            for feedback in modalFeedback { xml += "  " + feedback + "\n" }
            return xml + "</assessmentItem>\n"
        }
        for declaration in declarations { xml += "  " + declaration + "\n" }
        xml +=
            "  "
            + QTIXML.element(
                "outcomeDeclaration",
                [("identifier", "SCORE"), ("cardinality", "single"), ("baseType", "float"), ("normalMaximum", QTIXML.number(max(0, item.points)))],
                "<defaultValue><value>0</value></defaultValue>") + "\n"
        if !declarations.isEmpty {
            xml +=
                "  "
                + QTIXML.element(
                    "outcomeDeclaration", [("identifier", "MAXSCORE"), ("cardinality", "single"), ("baseType", "float")],
                    "<defaultValue><value>\(QTIXML.number(scale))</value></defaultValue>") + "\n"
        }
        for outcome in outcomes { xml += "  " + outcome + "\n" }
        xml += "  <itemBody>" + body + "</itemBody>\n"
        switch processing {
        case .template(let name) where feedbackRules.isEmpty:
            xml += "  " + QTIXML.element("responseProcessing", [("template", Self.templateURL(name))]) + "\n"
        case .template(let name):
            xml += "  <responseProcessing>" + Self.expanded(name) + feedbackRules.joined() + "</responseProcessing>\n"
        case .rules(let rules):
            xml += "  <responseProcessing>" + rules.joined() + feedbackRules.joined() + "</responseProcessing>\n"
        case .none:
            if !feedbackRules.isEmpty { xml += "  <responseProcessing>" + feedbackRules.joined() + "</responseProcessing>\n" }
        }
        for feedback in modalFeedback { xml += "  " + feedback + "\n" }
        return xml + "</assessmentItem>\n"
    }

    static func templateURL(_ name: String) -> String { "http://www.imsglobal.org/question/qti_v2p1/rptemplates/" + name }

    /// A standard template written out as its rules, so that feedback rules can follow it.
    static func expanded(_ name: String) -> String {
        let response = QTIXML.variable("RESPONSE")
        if name == "map_response" {
            return QTIXML.condition(
                [("<isNull>\(response)</isNull>", QTIXML.setOutcome("SCORE", QTIXML.baseValue("float", "0")))],
                otherwise: QTIXML.setOutcome("SCORE", QTIXML.element("mapResponse", [("identifier", "RESPONSE")])))
        }
        return QTIXML.condition(
            [("<match>\(response)<correct identifier=\"RESPONSE\"/></match>", QTIXML.setOutcome("SCORE", QTIXML.baseValue("float", "1")))],
            otherwise: QTIXML.setOutcome("SCORE", QTIXML.baseValue("float", "0")))
    }

    // MARK: Texts

    func html(_ text: String) -> String { renderHTML(text, item.format) }

    /// The prompt as item-body XHTML.
    func prompt() -> String {
        var writer = QTIXHTMLWriter()
        return writer.convert(html(item.prompt))
    }

    /// A choice-like text as inline-friendly XHTML.
    func choiceXHTML(_ text: String) -> String {
        var writer = QTIXHTMLWriter()
        return writer.convert(html(text), unwrap: true)
    }

    /// A text as plain characters (inline choices hold no markup).
    func plain(_ text: String) -> String {
        QTIXHTMLWriter.plainText(SafeXMLParser.parseHTMLFragment(html(text))).trimmingSpaces()
    }

    func feedbackElement(outcome: String, identifier: String, text: String) -> String {
        var writer = QTIXHTMLWriter()
        let content = writer.convert(html(text))
        return QTIXML.element("modalFeedback", [("outcomeIdentifier", outcome), ("identifier", identifier), ("showHide", "show")], content)
    }

    // MARK: Interactions

    mutating func writeChoice(_ choices: [QuizItem.Choice], multiple: Bool) {
        let best = choices.map(\.weight).max() ?? 0
        let correct =
            multiple ? choices.filter { $0.weight > 0 }.map(\.id) : Array(choices.filter { $0.weight > 0 && $0.weight == best }.prefix(1).map(\.id))
        let partial = choices.contains { ($0.weight > 0 && $0.weight < 1) || $0.weight < 0 }
        let weighted = choices.filter { $0.weight != 0 }.map { (key: $0.id, value: $0.weight * scale) }
        var declaration = QTIXML.correctResponse(correct)
        if !multiple {
            let plain = choices.filter { $0.weight == 1 }.count == 1 && choices.allSatisfy { $0.weight == 1 || $0.weight == 0 }
            if plain && scale == 1 {
                processing = .template("match_correct")
            } else {
                declaration += QTIXML.mapping(weighted, upperBound: scale)
                processing = .template("map_response")
            }
        } else if partial {
            declaration += QTIXML.mapping(weighted, upperBound: scale)
            processing = .template("map_response")
        } else if scale == 1 {
            processing = .template("match_correct")
        } else {
            processing = .rules([allOrNothing()])
        }
        declarations.append(
            QTIXML.element(
                "responseDeclaration", [("identifier", names.response), ("cardinality", multiple ? "multiple" : "single"), ("baseType", "identifier")],
                declaration))
        let simpleChoices = choices.map { choice in
            QTIXML.element("simpleChoice", [("identifier", choice.id)] + fixedAttribute(choice.id), choiceXHTML(choice.text))
        }.joined()
        body =
            prompt()
            + QTIXML.element(
                "choiceInteraction",
                [("responseIdentifier", names.response), ("shuffle", shuffleAttribute), ("maxChoices", names.limit(multiple ? 0 : 1))],
                simpleChoices)
        let withFeedback = choices.filter { ($0.feedback?.trimmingSpaces().isEmpty ?? true) == false }
        if !withFeedback.isEmpty {
            outcomes.append(
                QTIXML.element(
                    "outcomeDeclaration",
                    [("identifier", names.outcome("FEEDBACK")), ("cardinality", multiple ? "multiple" : "single"), ("baseType", "identifier")])
            )
            feedbackRules.append(QTIXML.setOutcome(names.outcome("FEEDBACK"), QTIXML.variable(names.response)))
            for choice in withFeedback {
                modalFeedback.append(feedbackElement(outcome: names.outcome("FEEDBACK"), identifier: choice.id, text: choice.feedback ?? ""))
            }
        }
    }

    /// All or nothing, worth `scale`: the response matches the correct response.
    func allOrNothing() -> String {
        QTIXML.condition(
            [
                (
                    "<match>\(QTIXML.variable(names.response))\(QTIXML.element("correct", [("identifier", names.response)]))</match>",
                    QTIXML.setOutcome("SCORE", QTIXML.baseValue("float", QTIXML.number(scale)))
                )
            ],
            otherwise: QTIXML.setOutcome("SCORE", QTIXML.baseValue("float", "0")))
    }
}

extension QTIItemWriter {
    /// `shuffle`: false only when the item keeps every choice in place (``QuizItem/keepsOrder``); Lentera otherwise
    /// shuffles per attempt, and so may any other delivery system.
    var shuffleAttribute: String { item.keepsOrder ? "false" : "true" }

    /// `fixed="true"` for a choice that keeps its place among shuffled ones.
    func fixedAttribute(_ key: String) -> [(String, String)] {
        !item.keepsOrder && item.fixedChoices?.contains(key) == true ? [("fixed", "true")] : []
    }
}
