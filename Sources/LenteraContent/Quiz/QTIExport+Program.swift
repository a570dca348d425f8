import Foundation
import LenteraCore

/// An item read from QTI written back with its own response processing: its declarations, outcomes and rules as it
/// came (``QTIProgram``), so that exported and imported again it scores exactly as its author's system scores it,
/// not as the answers and weights Lentera shows for it.
enum QTIProgramWriter {
    /// The variables QTI declares for every item.
    static let builtIn: Set<String> = ["numAttempts", "duration", "completionStatus"]

    static func responseDeclaration(_ response: QTIProgram.ResponseVariable) -> String {
        var content = ""
        if !response.correct.isNull {
            content += QTIXML.element("correctResponse", [], values(response.correct))
        }
        if let mapping = response.mapping {
            var attributes = [("defaultValue", QTIXML.number(mapping.defaultValue))]
            if let lower = mapping.lowerBound { attributes.append(("lowerBound", QTIXML.number(lower))) }
            if let upper = mapping.upperBound { attributes.append(("upperBound", QTIXML.number(upper))) }
            let entries = mapping.entries.map { entry in
                QTIXML.element(
                    "mapEntry",
                    [("mapKey", text(entry.key)), ("mappedValue", QTIXML.number(entry.value))]
                        + (entry.caseSensitive ? [] : [("caseSensitive", "false")]))
            }
            // An empty mapping is not valid QTI; it gives every response its default, as no mapping with a constant would.
            if !entries.isEmpty { content += QTIXML.element("mapping", attributes, entries.joined()) }
        }
        return QTIXML.element(
            "responseDeclaration",
            [("identifier", response.identifier), ("cardinality", response.cardinality.rawValue), ("baseType", response.baseType.rawValue)],
            content.isEmpty ? nil : content)
    }

    /// An `outcomeDeclaration`; `normalMaximum` for the score outcome, so that the item is worth as much when read back.
    static func outcomeDeclaration(_ outcome: QTIProgram.OutcomeVariable, normalMaximum: Double?) -> String {
        var attributes = [("identifier", outcome.identifier), ("cardinality", outcome.cardinality.rawValue)]
        if let baseType = outcome.baseType { attributes.append(("baseType", baseType.rawValue)) }
        if let normalMaximum { attributes.append(("normalMaximum", QTIXML.number(normalMaximum))) }
        var content = ""
        if !outcome.defaultValue.isNull { content += QTIXML.element("defaultValue", [], values(outcome.defaultValue)) }
        switch outcome.lookupTable {
        case .match(let entries, let fallback)?:
            content += QTIXML.element(
                "matchTable", fallback.scalar.map { [("defaultValue", text($0))] } ?? [],
                entries.map { QTIXML.element("matchTableEntry", [("sourceValue", String($0.source)), ("targetValue", text($0.target))]) }.joined())
        case .interpolation(let entries, let fallback)?:
            content += QTIXML.element(
                "interpolationTable", fallback.scalar.map { [("defaultValue", text($0))] } ?? [],
                entries.map {
                    QTIXML.element(
                        "interpolationTableEntry",
                        [("sourceValue", QTIXML.number($0.source)), ("includeBoundary", $0.includeBoundary ? "true" : "false"), ("targetValue", text($0.target))])
                }.joined())
        case nil:
            break
        }
        return QTIXML.element("outcomeDeclaration", attributes, content.isEmpty ? nil : content)
    }

    /// A value as the `value` elements of a declaration (a record's fields named).
    static func values(_ value: QTIValue) -> String {
        switch value {
        case .null: ""
        case .single(let scalar): QTIXML.element("value", [], QTIXML.text(text(scalar)))
        case .multiple(let scalars), .ordered(let scalars): scalars.map { QTIXML.element("value", [], QTIXML.text(text($0))) }.joined()
        case .record(let fields):
            fields.keys.sorted().map { key in
                QTIXML.element("value", [("fieldIdentifier", key), ("baseType", fields[key]!.baseType.rawValue)], QTIXML.text(text(fields[key]!)))
            }.joined()
        }
    }

    static func rules(_ rules: [QTIRule]) -> String {
        rules.map(rule).joined()
    }

    static func rule(_ rule: QTIRule) -> String {
        switch rule {
        case .setOutcome(let identifier, let value):
            return QTIXML.element("setOutcomeValue", [("identifier", identifier)], expression(value))
        case .lookupOutcome(let identifier, let value):
            return QTIXML.element("lookupOutcomeValue", [("identifier", identifier)], expression(value))
        case .exit:
            return "<exitResponse/>"
        case .condition(let branches):
            var content = ""
            for (index, branch) in branches.enumerated() {
                let inner = branch.rules.map(self.rule).joined()
                if let condition = branch.condition {
                    content += QTIXML.element(index == 0 ? "responseIf" : "responseElseIf", [], expression(condition) + inner)
                } else {
                    content += QTIXML.element("responseElse", [], inner.isEmpty ? nil : inner)
                }
            }
            return QTIXML.element("responseCondition", [], content)
        }
    }

    static func expression(_ expression: QTIExpression) -> String {
        switch expression {
        case .value(let value):
            switch value {
            case .null: return "<null/>"
            case .single(let scalar): return baseValue(scalar)
            case .multiple(let scalars): return QTIXML.element("multiple", [], scalars.isEmpty ? nil : scalars.map(baseValue).joined())
            case .ordered(let scalars): return QTIXML.element("ordered", [], scalars.isEmpty ? nil : scalars.map(baseValue).joined())
            case .record: return "<null/>"  // no expression writes a record constant; the reader never makes one
            }
        case .variable(let identifier): return QTIXML.element("variable", [("identifier", identifier)])
        case .correct(let identifier): return QTIXML.element("correct", [("identifier", identifier)])
        case .defaultValue(let identifier): return QTIXML.element("default", [("identifier", identifier)])
        case .mapResponse(let identifier): return QTIXML.element("mapResponse", [("identifier", identifier)])
        case .apply(let name, let attributes, let operands):
            // Only the attributes operators read, by QTI's names: another one (a namespaced name from the source, say)
            // means nothing to the rules and could make the document ill-formed.
            let written = attributes.keys.sorted().compactMap { key in attributeNames[key].map { ($0, attributes[key]!) } }
            return QTIXML.element(operatorNames[name] ?? name, written, operands.isEmpty ? nil : operands.map(self.expression).joined())
        }
    }

    static func baseValue(_ scalar: QTIScalar) -> String {
        QTIXML.baseValue(scalar.baseType.rawValue, text(scalar))
    }

    /// A scalar as QTI writes it in a `value`, `baseValue` or `mapKey`.
    static func text(_ scalar: QTIScalar) -> String {
        switch scalar {
        case .identifier(let text), .string(let text), .uri(let text): text
        case .integer(let number): String(number)
        case .float(let number), .duration(let number): QTIXML.number(number)
        case .boolean(let value): value ? "true" : "false"
        case .unorderedPair(let a, let b), .directedPair(let a, let b): a + " " + b
        case .point(let x, let y): "\(x) \(y)"
        }
    }

    /// QTI's names of the operators the reader keeps in lower case (``QTIOperators/supported``).
    static let operatorNames: [String: String] = Dictionary(
        uniqueKeysWithValues: [
            "multiple", "ordered", "containerSize", "isNull", "index", "fieldValue", "member", "delete", "contains", "substring", "not", "and",
            "or", "anyN", "match", "stringMatch", "patternMatch", "equal", "equalRounded", "lt", "gt", "lte", "gte", "durationLT", "durationGTE",
            "sum", "product", "subtract", "divide", "power", "integerDivide", "integerModulus", "truncate", "round", "roundTo", "integerToFloat",
            "max", "min", "gcd", "lcm",
        ].map { ($0.lowercased(), $0) })

    /// QTI's names of the attributes operators read (``QTIOperators``), kept in lower case.
    static let attributeNames: [String: String] = Dictionary(
        uniqueKeysWithValues: [
            "caseSensitive", "substring", "pattern", "toleranceMode", "tolerance", "includeLowerBound", "includeUpperBound", "roundingMode",
            "figures", "fieldIdentifier", "n", "min", "max",
        ].map { ($0.lowercased(), $0) })
}

/// The identifiers an exported item's interactions answer with. Lentera's own items: `RESPONSE`, `P1`/`R1` for
/// matching, `C1` for ordering, a blank's id. An item read from QTI: those its own rules read (``QTIBinding``), with
/// the limits its interactions set (`maxChoices`, `maxAssociations`, `matchMax`), so that read back it takes the same
/// answers.
struct QTINames {
    var response = "RESPONSE"
    /// Matching: each shown text's identifier.
    var premises: [String: String] = [:]
    var targets: [String: String] = [:]
    /// Ordering: each shown text's identifier.
    var order: [String: String] = [:]
    /// Blanks by id: the response a typed or chosen blank answers, or the gap of a gap match it is.
    var gapResponses: [String: String] = [:]
    var gapMatches: [String: (response: String, gap: String)] = [:]
    /// Whether the matching's rules compare unordered pairs (an `associateInteraction`).
    var unorderedPairs = false
    /// Whether the names are an imported item's own (limits then come from it alone).
    var fromProgram = false
    /// The program's responses of single cardinality (one choice at most, whatever the interaction said).
    var singleResponses: Set<String> = []
    var limits: QTIResponseLimits?
    /// The program's variables, which Lentera's feedback outcomes must not reuse.
    var taken: Set<String> = []

    init() {}

    /// Nil when the item's interactions cannot answer with the identifiers its rules read (a text shown without an
    /// identifier behind it, gaps of two gap matches), and the item is written from its answers instead.
    init?(program: QTIProgram, item: QuizItem) {
        fromProgram = true
        limits = program.limits
        taken = Set(program.outcomes.map(\.identifier) + program.responses.map(\.identifier))
        singleResponses = Set(program.responses.filter { $0.cardinality == .single }.map(\.identifier))
        // The rules compare the choices' identifiers as the item wrote them: one that is no QTI identifier (`2`) would
        // be written otherwise (``QTIXML/identifier(_:)``) and no longer match them. Such an item is written from its
        // answers instead.
        var ids: [String] = []
        switch item.interaction {
        case .choice(let choices, _): ids = choices.map(\.id)
        case .gaps(let gaps): ids = gaps.flatMap { [$0.id] + $0.options.map(\.id) }
        default: break
        }
        guard ids.allSatisfy({ QTIXML.identifier($0) == $0 }) else { return nil }
        switch (program.binding, item.interaction) {
        case (.single(let identifier), .choice), (.single(let identifier), .text), (.single(let identifier), .numeric),
            (.single(let identifier), .essay):
            response = identifier
        case (.ordering(let identifier, let identifiers), .ordering(let shown, _)):
            guard shown.allSatisfy({ identifiers[$0] != nil }) else { return nil }
            response = identifier
            order = identifiers
        case (.matching(let identifier, let premises, let targets, _), .matching(let pairs, let responses)):
            guard pairs.allSatisfy({ premises[$0.premise] != nil && targets[$0.response] != nil }),
                responses.allSatisfy({ targets[$0] != nil })
            else { return nil }
            response = identifier
            self.premises = premises
            self.targets = targets
            unorderedPairs = program.responses.first { $0.identifier == identifier }?.baseType == .pair
        case (.gaps(let targets), .gaps(let gaps)):
            for gap in gaps {
                switch targets[gap.id] {
                case .value(let identifier)?: gapResponses[gap.id] = identifier
                case .gapMatch(let identifier, let gapIdentifier)?: gapMatches[gap.id] = (identifier, gapIdentifier)
                case nil: return nil
                }
            }
            guard Set(gapMatches.values.map(\.response)).count <= 1 else { return nil }
        default:
            return nil
        }
    }

    /// The one gap match's response, when blanks are gaps of one.
    var gapMatchResponse: String? { gapMatches.values.first?.response }

    /// A feedback outcome's name, renamed (`FEEDBACK-2`) when the item's own rules use it.
    func outcome(_ name: String) -> String {
        QuestionID.unused(name) { taken.contains($0) }
    }

    /// `maxChoices` or `maxAssociations`: the item's own; for an imported item without one, 1 for a single response
    /// and none (`0`) otherwise, as Lentera took it; else `fallback`.
    func limit(_ fallback: Int) -> String {
        if let own = limits?.maximumValues[response] { return String(own) }
        guard fromProgram else { return String(fallback) }
        return singleResponses.contains(response) ? "1" : "0"
    }

    /// A choice's `matchMax`: the item's own, else none for an imported item, else `fallback`.
    func uses(_ identifier: String, of response: String? = nil, else fallback: Int = 0) -> String {
        String(limits?.uses[response ?? self.response]?[identifier] ?? (fromProgram ? 0 : fallback))
    }
}
