import Foundation
import LenteraCore

// MARK: - Declarations and scoring rules

/// A `responseDeclaration`.
struct QTIResponseDeclaration {
    var identifier: String
    /// `single`, `multiple`, `ordered` or `record`, in lower case.
    var cardinality: String
    /// `identifier`, `string`, `float`, `directedPair`..., in lower case.
    var baseType: String
    var correct: [String]
    var mapping: QTIMapping?
    var line: Int

    init(_ element: XMLElement) {
        identifier = element.qtiAttribute("identifier") ?? ""
        cardinality = (element.qtiAttribute("cardinality") ?? "single").trimmingSpaces().lowercased()
        baseType = (element.qtiAttribute("baseType") ?? "identifier").trimmingSpaces().lowercased()
        correct = element.qtiChild("correctresponse")?.qtiChildren("value").map { $0.trimmedText } ?? []
        mapping = element.qtiChild("mapping").map(QTIMapping.init)
        line = element.line
    }

    init(identifier: String, cardinality: String, baseType: String, line: Int) {
        self.identifier = identifier
        self.cardinality = cardinality
        self.baseType = baseType
        correct = []
        mapping = nil
        self.line = line
    }

    var isNumeric: Bool { baseType == "float" || baseType == "integer" }
}

/// A `mapping` of response values to scores.
struct QTIMapping {
    struct Entry {
        var key: String
        var value: Double
        var caseSensitive: Bool
    }

    var entries: [Entry]
    var lowerBound: Double?
    var upperBound: Double?
    var defaultValue: Double

    init(_ element: XMLElement) {
        entries = element.qtiChildren("mapentry").compactMap { entry in
            guard let key = entry.qtiAttribute("mapKey"), let value = entry.qtiNumber("mappedValue") else { return nil }
            return Entry(key: key.trimmingSpaces(), value: value, caseSensitive: entry.qtiBool("caseSensitive") ?? true)
        }
        lowerBound = element.qtiNumber("lowerBound")
        upperBound = element.qtiNumber("upperBound")
        defaultValue = element.qtiNumber("defaultValue") ?? 0
    }

    /// The mapped value of one response value (the default when unmapped).
    func value(of key: String) -> Double {
        entries.first { $0.caseSensitive ? $0.key == key : $0.key.lowercased() == key.lowercased() }?.value ?? defaultValue
    }

    /// The best score the mapping can give: the best entry, or for a container the sum of the positive entries,
    /// capped by `upperBound`.
    func best(container: Bool) -> Double {
        let values = entries.map(\.value)
        let best = container ? values.filter { $0 > 0 }.reduce(0, +) : (values + [defaultValue]).max() ?? 0
        return upperBound.map { min($0, best) } ?? best
    }
}

/// What a rule of response processing compares a response with.
enum QTIAccepted: Equatable {
    /// The declared `correctResponse`.
    case correct
    case value(String)
    /// A `multiple` or `ordered` container of values.
    case values([String])
    case text(String, caseSensitive: Bool)
    /// A Lentera wildcard pattern (`*` for any run, `\` escapes); case sensitivity nil when the pattern has no cased letter.
    case pattern(String, caseSensitive: Bool?)
    case range(Double, Double)
    /// The value at a 1-based position of an ordered response.
    case position(Int, String)
}

/// A score set when a response compares as `accepted`; rules of one `responseCondition` share a chain (first match wins).
struct QTIScoreRule {
    var accepted: QTIAccepted
    var score: Double
    var chain: Int
}

/// How one response is scored.
struct QTIResponseScoring {
    var rules: [QTIScoreRule] = []
    /// Whether the response's `mapping` gives its score (`map_response`, `mapResponse`).
    var usesMapping = false
    /// Whether the rules were read from custom processing (rather than a template or the fallback).
    var custom = false

    var isEmpty: Bool { rules.isEmpty && !usesMapping }
}

/// Reads custom `responseProcessing` into per-response score rules, or notes that it cannot.
struct QTIRuleReader {
    let declarations: [String: QTIResponseDeclaration]
    let scoreOutcomes: Set<String>
    let constants: [String: Double]
    var scoring: [String: QTIResponseScoring] = [:]
    /// Outcomes set at the top level to constant identifiers (for feedback shown whatever the answer).
    var constantIdentifiers: [String: Set<String>] = [:]
    var failed = false
    var chains = 0

    init(declarations: [String: QTIResponseDeclaration], scoreOutcomes: Set<String>, constants: [String: Double]) {
        self.declarations = declarations
        self.scoreOutcomes = scoreOutcomes
        self.constants = constants
    }

    enum Condition {
        case none
        case unknown
        case responses([(String, QTIAccepted)])
    }

    enum ScoreValue {
        case constant(Double)
        case mapping(String)
        case aggregate
        case unknown
    }

    mutating func read(_ rules: [XMLElement], condition: Condition = .none, chain: Int = 0, topLevel: Bool = true) {
        for rule in rules {
            switch rule.qtiName {
            case "responsecondition":
                chains += 1
                let current = chains
                for branch in rule.children {
                    switch branch.qtiName {
                    case "responseif", "responseelseif":
                        guard let expression = branch.children.first else { continue }
                        read(Array(branch.children.dropFirst()), condition: self.condition(expression), chain: current, topLevel: false)
                    case "responseelse":
                        read(branch.children, condition: .none, chain: current, topLevel: false)
                    default:
                        continue
                    }
                }
            case "responseprocessingfragment":
                read(rule.children, condition: condition, chain: chain, topLevel: topLevel)
            case "setoutcomevalue":
                guard let outcome = rule.qtiAttribute("identifier"), let expression = rule.children.first else { continue }
                if topLevel {
                    let values = expression.qtiName == "basevalue" ? [expression] : expression.qtiChildren("basevalue")
                    constantIdentifiers[outcome, default: []].formUnion(values.map(\.trimmedText))
                }
                guard scoreOutcomes.contains(outcome) else { continue }
                switch scoreValue(expression, outcome: outcome) {
                case .aggregate:
                    continue
                case .mapping(let response):
                    scoring[response, default: QTIResponseScoring()].usesMapping = true
                case .unknown:
                    failed = true
                case .constant(let score):
                    switch condition {
                    case .responses(let list):
                        for (response, accepted) in list {
                            scoring[response, default: QTIResponseScoring()].rules.append(
                                QTIScoreRule(accepted: accepted, score: score, chain: chain))
                            scoring[response]?.custom = true
                        }
                    case .none, .unknown:
                        if score > 0 { failed = true }  // a score not tied to a comparison this reader understands
                    }
                }
            default:
                continue
            }
        }
    }

    /// The value a `setOutcomeValue` gives a score outcome.
    func scoreValue(_ expression: XMLElement, outcome: String) -> ScoreValue {
        switch expression.qtiName {
        case "basevalue":
            return Double(expression.trimmedText).map(ScoreValue.constant) ?? .unknown
        case "variable":
            let name = expression.qtiAttribute("identifier") ?? ""
            if let constant = constants[name] { return .constant(constant) }
            return declarations[name] == nil ? .aggregate : .unknown
        case "mapresponse", "mapresponsepoint":
            guard let response = expression.qtiAttribute("identifier"), declarations[response] != nil else { return .unknown }
            return .mapping(response)
        case "sum":
            let terms = expression.children.filter { !($0.qtiName == "variable" && $0.qtiAttribute("identifier") == outcome) }
            if terms.count == 1 { return scoreValue(terms[0], outcome: outcome) }
            var total = 0.0
            var aggregate = false
            for term in terms {
                switch scoreValue(term, outcome: outcome) {
                case .constant(let value): total += value
                case .aggregate: aggregate = true
                default: return .unknown
                }
            }
            return aggregate ? .aggregate : .constant(total)
        default:
            let mentionsResponse = ([expression] + expression.qtiDescendants).contains {
                ($0.qtiName == "variable" || $0.qtiName == "mapresponse") && declarations[$0.qtiAttribute("identifier") ?? ""] != nil
            }
            return mentionsResponse ? .unknown : .aggregate
        }
    }

    /// The response variable an expression reads, if it is one.
    func responseVariable(_ element: XMLElement) -> String? {
        guard element.qtiName == "variable", let name = element.qtiAttribute("identifier"), declarations[name] != nil else { return nil }
        return name
    }

    /// The response and the other operand of a two-operand comparison.
    func operands(_ expression: XMLElement) -> (String, XMLElement)? {
        guard expression.children.count == 2 else { return nil }
        if let response = responseVariable(expression.children[0]) { return (response, expression.children[1]) }
        if let response = responseVariable(expression.children[1]) { return (response, expression.children[0]) }
        return nil
    }

    /// A numeric operand: a constant, or the response's correct value.
    func number(_ operand: XMLElement, response: String) -> Double? {
        switch operand.qtiName {
        case "basevalue": return Double(operand.trimmedText)
        case "correct": return declarations[response]?.correct.first.flatMap { Double($0) }
        default: return nil
        }
    }

    /// Which responses and values a condition accepts.
    func condition(_ expression: XMLElement) -> Condition {
        switch expression.qtiName {
        case "match":
            guard expression.children.count == 2 else { return .unknown }
            for (first, second) in [(0, 1), (1, 0)] {
                let index = expression.children[first]
                if index.qtiName == "index", let response = index.children.first.flatMap(responseVariable),
                    let position = index.qtiAttribute("n").flatMap({ Int($0.trimmingSpaces()) }),
                    expression.children[second].qtiName == "basevalue"
                {
                    return .responses([(response, .position(position, expression.children[second].trimmedText))])
                }
            }
            guard let (response, other) = operands(expression) else { return .unknown }
            switch other.qtiName {
            case "correct": return .responses([(response, .correct)])
            case "basevalue": return .responses([(response, .value(other.trimmedText))])
            case "multiple", "ordered":
                guard other.children.allSatisfy({ $0.qtiName == "basevalue" }) else { return .unknown }
                return .responses([(response, .values(other.children.map(\.trimmedText)))])
            default: return .unknown
            }
        case "stringmatch":
            guard let (response, other) = operands(expression), other.qtiName == "basevalue" else { return .unknown }
            let caseSensitive = expression.qtiBool("caseSensitive") ?? true
            if expression.qtiBool("substring") == true {
                return .responses([(response, .pattern("*" + QTIPattern.escaped(other.text) + "*", caseSensitive: caseSensitive))])
            }
            return .responses([(response, .text(other.text, caseSensitive: caseSensitive))])
        case "patternmatch":
            guard let response = expression.children.first.flatMap(responseVariable), let regex = expression.qtiAttribute("pattern"),
                let (pattern, caseSensitive) = QTIPattern.wildcard(fromRegex: regex)
            else { return .unknown }
            return .responses([(response, .pattern(pattern, caseSensitive: caseSensitive))])
        case "substring":
            guard expression.children.count == 2, expression.children[0].qtiName == "basevalue",
                let response = responseVariable(expression.children[1])
            else { return .unknown }
            let caseSensitive = expression.qtiBool("caseSensitive") ?? true
            return .responses([(response, .pattern("*" + QTIPattern.escaped(expression.children[0].text) + "*", caseSensitive: caseSensitive))])
        case "equal":
            guard let (response, other) = operands(expression), let value = number(other, response: response) else { return .unknown }
            let tolerances = (expression.qtiAttribute("tolerance") ?? "0").split(whereSeparator: { $0 == " " }).compactMap { Double($0) }
            let below = tolerances.first ?? 0
            let above = tolerances.count > 1 ? tolerances[1] : below
            switch (expression.qtiAttribute("toleranceMode") ?? "exact").trimmingSpaces().lowercased() {
            case "absolute":
                return .responses([(response, .range(value - below, value + above))])
            case "relative":
                let low = value * (1 - below / 100)
                let high = value * (1 + above / 100)
                return .responses([(response, .range(min(low, high), max(low, high)))])
            default:
                return .responses([(response, .range(value, value))])
            }
        case "equalrounded":
            guard let (response, other) = operands(expression), let value = number(other, response: response),
                let figures = expression.qtiAttribute("figures").flatMap({ Int($0.trimmingSpaces()) })
            else { return .unknown }
            // Values that round to `value`: half a unit of the last kept digit either side (bounds rounded one digit further).
            let exponent: Int
            if (expression.qtiAttribute("roundingMode") ?? "").lowercased() == "decimalplaces" {
                exponent = -figures
            } else {
                exponent = (value == 0 ? 0 : abs(value).log10Floor) - figures + 1
            }
            let half = 0.5 * powerOfTen(exponent)
            let scale = powerOfTen(1 - exponent)
            func tidy(_ bound: Double) -> Double { (bound * scale).rounded() / scale }
            return .responses([(response, .range(tidy(value - half), tidy(value + half)))])
        case "gte", "gt", "lte", "lt":
            guard let (response, other) = operands(expression), let value = number(other, response: response) else { return .unknown }
            let responseFirst = responseVariable(expression.children[0]) != nil
            let lower = (expression.qtiName.hasPrefix("g")) == responseFirst
            return .responses([(response, lower ? .range(value, .infinity) : .range(-.infinity, value))])
        case "and":
            var low = -Double.infinity
            var high = Double.infinity
            var only: String?
            for child in expression.children {
                guard case .responses(let list) = condition(child), list.count == 1, case .range(let a, let b) = list[0].1,
                    only == nil || only == list[0].0
                else { return .unknown }
                only = list[0].0
                low = max(low, a)
                high = min(high, b)
            }
            guard let response = only else { return .unknown }
            return .responses([(response, .range(low, high))])
        case "or":
            var all: [(String, QTIAccepted)] = []
            for child in expression.children {
                guard case .responses(let list) = condition(child) else { return .unknown }
                all += list
            }
            return all.isEmpty ? .unknown : .responses(all)
        default:
            return .unknown
        }
    }

    func powerOfTen(_ exponent: Int) -> Double {
        var result = 1.0
        for _ in 0..<abs(exponent) { result *= 10 }
        return exponent < 0 ? 1 / result : result
    }
}

extension Double {
    /// ⌊log10(self)⌋ for a positive finite value, without Foundation.
    var log10Floor: Int {
        var value = self
        var exponent = 0
        while value >= 10 {
            value /= 10
            exponent += 1
        }
        while value < 1 && value > 0 {
            value *= 10
            exponent -= 1
        }
        return exponent
    }
}

/// Conversion between Lentera wildcard patterns and the XML Schema regular expressions of QTI `patternMatch`.
enum QTIPattern {
    static let metacharacters: Set<Character> = ["\\", "|", ".", "-", "^", "?", "*", "+", "{", "}", "(", ")", "[", "]"]

    /// A wildcard pattern read: its text with escapes undone and wildcards dropped (a trailing backslash kept, as
    /// ``Scoring/wildcardMatch(_:_:)`` reads it), and whether it had a wildcard.
    static func unescaped(_ pattern: String) -> (text: String, hasWildcard: Bool) {
        var result = ""
        var escaped = false
        var wildcard = false
        for character in pattern {
            if escaped {
                result.append(character)
                escaped = false
            } else if character == "\\" {
                escaped = true
            } else if character == "*" {
                wildcard = true
            } else {
                result.append(character)
            }
        }
        if escaped { result.append("\\") }
        return (result, wildcard)
    }

    /// A text a wildcard pattern matches: its wildcards taken out, its escapes undone.
    static func sample(_ pattern: String) -> String { unescaped(pattern).text }

    /// A literal text as a wildcard pattern.
    static func escaped(_ text: String) -> String {
        var result = ""
        for character in text {
            if character == "*" || character == "\\" { result.append("\\") }
            result.append(character)
        }
        return result
    }

    /// A wildcard pattern as a regular expression; letters become `[xX]` classes (written case first) when case is ignored,
    /// and whitespace is as lenient as Lentera's matching.
    static func regex(fromWildcard pattern: String, caseSensitive: Bool) -> String {
        var result = "\\s*"
        var escaped = false
        var pendingSpace = false
        var started = false
        for character in pattern {
            if !escaped, character == "\\" {
                escaped = true
                continue
            }
            if !escaped, character == "*" {
                if pendingSpace, started { result += "\\s+" }
                pendingSpace = false
                result += ".*"
                started = true
                continue
            }
            if character.isWhitespace {
                pendingSpace = true
                escaped = false
                continue
            }
            if pendingSpace, started { result += "\\s+" }
            pendingSpace = false
            started = true
            escaped = false
            let lower = String(character).lowercased()
            let upper = String(character).uppercased()
            if !caseSensitive, lower != upper, lower.count == 1, upper.count == 1 {
                let other = String(character) == lower ? upper : lower
                result += "[" + String(character) + other + "]"
            } else if metacharacters.contains(character) {
                result += "\\" + String(character)
            } else {
                result.append(character)
            }
        }
        if escaped { result += "\\\\" }
        return result + "\\s*"
    }

    /// A regular expression as a wildcard pattern, when it only uses what wildcards can say: literals, escaped
    /// metacharacters, `.*`, `\s*`/`\s+` and `[xX]` case classes. Returns the pattern and whether case matters
    /// (nil when no letter has case).
    static func wildcard(fromRegex regex: String) -> (String, Bool?)? {
        let characters = Array(regex)
        var index = 0
        var result = ""
        var caseSensitive: Bool?
        if characters.first == "^" { index = 1 }
        let end = characters.last == "$" && characters.count > 1 && characters[characters.count - 2] != "\\" ? characters.count - 1 : characters.count
        while index < end {
            let character = characters[index]
            if character == "\\", index + 1 < end {
                let next = characters[index + 1]
                if next == "s", index + 2 < end, characters[index + 2] == "*" || characters[index + 2] == "+" {
                    let atEdge = result.isEmpty || index + 3 >= end
                    if !atEdge, characters[index + 2] == "+" { result += " " }
                    index += 3
                    continue
                }
                guard metacharacters.contains(next) || next == "$" else { return nil }
                result += escaped(String(next))
                index += 2
                continue
            }
            if character == ".", index + 1 < end, characters[index + 1] == "*" {
                result += "*"
                index += 2
                continue
            }
            if character == "[", index + 3 < end, characters[index + 3] == "]" {
                let first = characters[index + 1]
                let second = characters[index + 2]
                guard first != second, String(first).lowercased() == String(second).lowercased() else { return nil }
                caseSensitive = false
                result += escaped(String(first))
                index += 4
                continue
            }
            if metacharacters.contains(character) { return nil }
            if caseSensitive == nil, String(character).lowercased() != String(character).uppercased() { caseSensitive = true }
            result += escaped(String(character))
            index += 1
        }
        return (result, caseSensitive)
    }
}
