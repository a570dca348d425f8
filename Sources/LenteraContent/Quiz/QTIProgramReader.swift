import LenteraCore

/// Reads an item's declarations and `responseProcessing` (its rules, or a standard template by its definition) into a
/// ``QTIProgram``. Anything the interpreter cannot run (an operator, a rule, a template, a value of the wrong form, a
/// variable that is not declared) is a problem naming it and its line: the item is refused, never scored by a guess.
struct QTIProgramReader {
    let root: XMLElement
    var problems: [QuizProblem] = []
    var responses: [QTIProgram.ResponseVariable] = []
    var outcomes: [QTIProgram.OutcomeVariable] = []
    /// How deep the rule or expression being read is nested.
    var depth = 0
    /// The deepest nesting of rules and expressions read: items nest a few levels; a file nesting more is refused
    /// before anything recursive runs over it (the interpreter recurses once per level).
    static let maximumDepth = 40

    init(root: XMLElement) {
        self.root = root
    }

    /// The standard templates Lentera runs by their definitions, by the last part of their URL (without `.xml`).
    static let templates: Set<String> = ["match_correct", "map_response"]

    /// Whether the item has response processing to run: rules, or a template.
    var hasProcessing: Bool {
        guard let processing = root.qtiChild("responseprocessing") else { return false }
        return !processing.children.isEmpty || !(processing.qtiAttribute("template") ?? "").trimmingSpaces().isEmpty
    }

    /// The program, without its binding; nil with problems when the item cannot be run as written.
    mutating func read(binding: QTIBinding) -> QTIProgram? {
        readDeclarations()
        guard let processing = root.qtiChild("responseprocessing") else { return nil }
        var rules: [QTIRule] = []
        if !processing.children.isEmpty {
            rules = readRules(processing.children)
        } else {
            rules = template(processing)
        }
        guard problems.isEmpty else { return nil }
        return QTIProgram(responses: responses, outcomes: outcomes, rules: rules, binding: binding)
    }

    // MARK: Declarations

    mutating func readDeclarations() {
        for element in root.qtiChildren("responsedeclaration") {
            guard let identifier = element.qtiAttribute("identifier")?.trimmingSpaces(), !identifier.isEmpty else { continue }
            let cardinality = QTICardinality(attribute: element.qtiAttribute("cardinality") ?? "single") ?? .single
            guard let baseType = baseType(element, default: .identifier) else { continue }
            let correct = values(element.qtiChild("correctresponse"), cardinality: cardinality, baseType: baseType)
            var mapping: QTIValueMapping?
            if let map = element.qtiChild("mapping") {
                var entries: [QTIValueMapping.Entry] = []
                for entry in map.qtiChildren("mapentry") {
                    guard let key = entry.qtiAttribute("mapKey"), let value = entry.qtiNumber("mappedValue"), value.isFinite,
                        let scalar = QTIScalar.parse(key, as: baseType)
                    else {
                        problems.append(QTIProgramMessage.badValue(entry.qtiAttribute("mapKey") ?? "", baseType: baseType, line: entry.line))
                        continue
                    }
                    entries.append(QTIValueMapping.Entry(key: scalar, value: value, caseSensitive: entry.qtiBool("caseSensitive") ?? true))
                }
                func finite(_ name: String) -> Double? { map.qtiNumber(name).flatMap { $0.isFinite ? $0 : nil } }
                mapping = QTIValueMapping(
                    entries: entries, defaultValue: finite("defaultValue") ?? 0, lowerBound: finite("lowerBound"), upperBound: finite("upperBound"))
            }
            responses.append(QTIProgram.ResponseVariable(identifier: identifier, cardinality: cardinality, baseType: baseType, correct: correct, mapping: mapping))
        }
        for element in root.qtiChildren("outcomedeclaration") {
            guard let identifier = element.qtiAttribute("identifier")?.trimmingSpaces(), !identifier.isEmpty else { continue }
            let cardinality = QTICardinality(attribute: element.qtiAttribute("cardinality") ?? "single") ?? .single
            let type = element.qtiAttribute("baseType") == nil ? nil : baseType(element, default: nil)
            var outcome = QTIProgram.OutcomeVariable(identifier: identifier, cardinality: cardinality, baseType: type)
            if let type {
                outcome.defaultValue = values(element.qtiChild("defaultvalue"), cardinality: cardinality, baseType: type)
                outcome.lookupTable = lookupTable(element, baseType: type)
            }
            outcomes.append(outcome)
        }
        // The built-in variables of an item session: one attempt (Lentera scores each submission as the first),
        // its duration, and its completion status.
        if !responses.contains(where: { $0.identifier == "numAttempts" }) {
            responses.append(QTIProgram.ResponseVariable(identifier: "numAttempts", cardinality: .single, baseType: .integer, correct: .null))
        }
        if !responses.contains(where: { $0.identifier == "duration" }) {
            responses.append(QTIProgram.ResponseVariable(identifier: "duration", cardinality: .single, baseType: .duration, correct: .null))
        }
        if !outcomes.contains(where: { $0.identifier == "completionStatus" }) {
            outcomes.append(
                QTIProgram.OutcomeVariable(identifier: "completionStatus", cardinality: .single, baseType: .identifier, defaultValue: .single(.identifier("unknown"))))
        }
    }

    mutating func baseType(_ element: XMLElement, default fallback: QTIBaseType?) -> QTIBaseType? {
        guard let attribute = element.qtiAttribute("baseType") else { return fallback }
        if let type = QTIBaseType(attribute: attribute) { return type }
        problems.append(QTIProgramMessage.unsupported("baseType \"\(attribute)\"", line: element.line))
        return nil
    }

    /// The `<value>`s of a `correctResponse` or `defaultValue`.
    mutating func values(_ element: XMLElement?, cardinality: QTICardinality, baseType: QTIBaseType) -> QTIValue {
        guard let element else { return .null }
        var scalars: [QTIScalar] = []
        for value in element.qtiChildren("value") {
            let type = value.qtiAttribute("baseType").flatMap(QTIBaseType.init(attribute:)) ?? baseType
            guard let scalar = QTIScalar.parse(type == .string ? value.text : value.trimmedText, as: type) else {
                problems.append(QTIProgramMessage.badValue(value.text, baseType: type, line: value.line))
                continue
            }
            scalars.append(scalar)
        }
        if cardinality == .single { return scalars.first.map(QTIValue.single) ?? .null }
        return .container(cardinality, scalars)
    }

    mutating func lookupTable(_ element: XMLElement, baseType: QTIBaseType) -> QTILookupTable? {
        if let table = element.qtiChild("matchtable") {
            let fallback = table.qtiAttribute("defaultValue").flatMap { QTIScalar.parse($0, as: baseType) }.map(QTIValue.single) ?? .null
            var entries: [QTILookupTable.MatchEntry] = []
            for entry in table.qtiChildren("matchtableentry") {
                guard let source = entry.qtiAttribute("sourceValue").flatMap({ Int($0.trimmingSpaces()) }),
                    let target = entry.qtiAttribute("targetValue").flatMap({ QTIScalar.parse($0, as: baseType) })
                else {
                    problems.append(QTIProgramMessage.badValue(entry.qtiAttribute("targetValue") ?? "", baseType: baseType, line: entry.line))
                    continue
                }
                entries.append(QTILookupTable.MatchEntry(source: source, target: target))
            }
            return .match(entries: entries, defaultValue: fallback)
        }
        if let table = element.qtiChild("interpolationtable") {
            let fallback = table.qtiAttribute("defaultValue").flatMap { QTIScalar.parse($0, as: baseType) }.map(QTIValue.single) ?? .null
            var entries: [QTILookupTable.InterpolationEntry] = []
            for entry in table.qtiChildren("interpolationtableentry") {
                guard let source = entry.qtiNumber("sourceValue"), source.isFinite,
                    let target = entry.qtiAttribute("targetValue").flatMap({ QTIScalar.parse($0, as: baseType) })
                else {
                    problems.append(QTIProgramMessage.badValue(entry.qtiAttribute("targetValue") ?? "", baseType: baseType, line: entry.line))
                    continue
                }
                entries.append(QTILookupTable.InterpolationEntry(source: source, includeBoundary: entry.qtiBool("includeBoundary") ?? true, target: target))
            }
            return .interpolation(entries: entries, defaultValue: fallback)
        }
        return nil
    }

    // MARK: Templates

    /// A standard template as the rules it stands for.
    mutating func template(_ processing: XMLElement) -> [QTIRule] {
        let url = (processing.qtiAttribute("template") ?? "").trimmingSpaces()
        let last = url.split(separator: "/").last.map { String($0).lowercased() } ?? ""
        let name = last.hasSuffix(".xml") ? String(last.dropLast(4)) : last
        guard Self.templates.contains(name) else {
            problems.append(QTIProgramMessage.unsupported("response processing template \"\(url)\"", line: processing.line))
            return []
        }
        guard responses.contains(where: { $0.identifier == "RESPONSE" }) else {
            problems.append(QTIProgramMessage.templateNeedsResponse(name, line: processing.line))
            return []
        }
        if !outcomes.contains(where: { $0.identifier == "SCORE" }) {
            outcomes.append(QTIProgram.OutcomeVariable(identifier: "SCORE", cardinality: .single, baseType: .float))
        }
        let zero = QTIRule.setOutcome("SCORE", .value(.single(.float(0))))
        if name == "match_correct" {
            let matches = QTIExpression.apply("match", [:], [.variable("RESPONSE"), .correct("RESPONSE")])
            return [.condition([QTIBranch(condition: matches, rules: [.setOutcome("SCORE", .value(.single(.float(1))))]), QTIBranch(condition: nil, rules: [zero])])]
        }
        return QTIProgram.mapResponseRules
    }

    // MARK: Rules and expressions

    mutating func readRules(_ elements: [XMLElement]) -> [QTIRule] {
        guard enter(elements.first) else { return [] }
        defer { depth -= 1 }
        var rules: [QTIRule] = []
        for element in elements {
            switch element.qtiName {
            case "responsecondition":
                var branches: [QTIBranch] = []
                for branch in element.children {
                    switch branch.qtiName {
                    case "responseif", "responseelseif":
                        guard let condition = branch.children.first else {
                            problems.append(QTIProgramMessage.missingExpression(branch.name, line: branch.line))
                            continue
                        }
                        branches.append(QTIBranch(condition: expression(condition), rules: readRules(Array(branch.children.dropFirst()))))
                    case "responseelse":
                        branches.append(QTIBranch(condition: nil, rules: readRules(branch.children)))
                    default:
                        problems.append(QTIProgramMessage.unsupported("<\(branch.name)>", line: branch.line))
                    }
                }
                rules.append(.condition(branches))
            case "setoutcomevalue", "lookupoutcomevalue":
                guard let identifier = element.qtiAttribute("identifier")?.trimmingSpaces(), let child = element.children.first else {
                    problems.append(QTIProgramMessage.missingExpression(element.name, line: element.line))
                    continue
                }
                if element.qtiName == "setoutcomevalue", identifier != "SCORE", !outcomes.contains(where: { $0.identifier == identifier }) {
                    // An outcome set but not declared (feedback in hand-written items): declared here, of no fixed type.
                    outcomes.append(QTIProgram.OutcomeVariable(identifier: identifier, cardinality: .single, baseType: nil))
                }
                guard let outcome = outcomes.first(where: { $0.identifier == identifier }) else {
                    problems.append(QTIProgramMessage.undeclared(identifier, line: element.line))
                    continue
                }
                if element.qtiName == "lookupoutcomevalue", outcome.lookupTable == nil {
                    problems.append(QTIProgramMessage.noLookupTable(identifier, line: element.line))
                    continue
                }
                let value = expression(child)
                rules.append(element.qtiName == "setoutcomevalue" ? .setOutcome(identifier, value) : .lookupOutcome(identifier, value))
            case "exitresponse":
                rules.append(.exit)
            case "responseprocessingfragment":
                rules += readRules(element.children)
            default:
                problems.append(QTIProgramMessage.unsupported("<\(element.name)>", line: element.line))
            }
        }
        return rules
    }

    /// Goes one level deeper; false (with a problem, once) past ``maximumDepth``.
    mutating func enter(_ element: XMLElement?) -> Bool {
        depth += 1
        guard depth > Self.maximumDepth else { return true }
        if !problems.contains(where: { $0.english.hasPrefix("QTI response processing is nested") }) {
            problems.append(QTIProgramMessage.tooDeep(line: element?.line ?? root.line))
        }
        depth -= 1
        return false
    }

    mutating func expression(_ element: XMLElement) -> QTIExpression {
        guard enter(element) else { return .value(.null) }
        defer { depth -= 1 }
        let name = element.qtiName
        func declared(_ kinds: [String]) -> String? {
            guard let identifier = element.qtiAttribute("identifier")?.trimmingSpaces() else {
                problems.append(QTIProgramMessage.missingExpression(element.name, line: element.line))
                return nil
            }
            let isResponse = responses.contains { $0.identifier == identifier }
            let isOutcome = outcomes.contains { $0.identifier == identifier }
            guard (kinds.contains("response") && isResponse) || (kinds.contains("outcome") && isOutcome) else {
                problems.append(QTIProgramMessage.undeclared(identifier, line: element.line))
                return nil
            }
            return identifier
        }
        switch name {
        case "basevalue":
            guard let type = element.qtiAttribute("baseType").flatMap(QTIBaseType.init(attribute:)) else {
                problems.append(QTIProgramMessage.unsupported("baseType \"\(element.qtiAttribute("baseType") ?? "")\"", line: element.line))
                return .value(.null)
            }
            if type == .string { return .value(element.text.isEmpty ? .null : .single(.string(element.text))) }
            guard let scalar = QTIScalar.parse(element.text, as: type) else {
                problems.append(QTIProgramMessage.badValue(element.text, baseType: type, line: element.line))
                return .value(.null)
            }
            return .value(.single(scalar))
        case "null":
            return .value(.null)
        case "variable":
            return declared(["response", "outcome"]).map(QTIExpression.variable) ?? .value(.null)
        case "correct":
            return declared(["response"]).map(QTIExpression.correct) ?? .value(.null)
        case "default":
            return declared(["response", "outcome"]).map(QTIExpression.defaultValue) ?? .value(.null)
        case "mapresponse":
            return declared(["response"]).map(QTIExpression.mapResponse) ?? .value(.null)
        default:
            guard QTIOperators.supported.contains(name) else {
                problems.append(QTIProgramMessage.unsupported("operator <\(element.name)>", line: element.line))
                return .value(.null)
            }
            var attributes: [String: String] = [:]
            for (key, value) in element.attributes { attributes[key.lowercased()] = value }
            if name == "patternmatch" {
                // Compiled here so that a pattern Lentera cannot run refuses the item; one taken from a variable
                // (`{NAME}`) could come from a learner and is refused too.
                let pattern = attributes["pattern"] ?? ""
                if pattern.trimmingSpaces().hasPrefix("{") {
                    problems.append(QTIProgramMessage.unsupported("a patternMatch pattern taken from a variable (\(pattern))", line: element.line))
                } else {
                    do {
                        _ = try XSDPattern.compiled(pattern)
                    } catch {
                        problems.append(QTIProgramMessage.unsupported("pattern \"\(pattern)\" (\(error))", line: element.line))
                    }
                }
            }
            return .apply(name, attributes, element.children.map { expression($0) })
        }
    }
}

/// The problems of reading response processing, in both interface languages.
enum QTIProgramMessage {
    static func unsupported(_ what: String, line: Int) -> QuizProblem {
        QuizProblem(
            line: line, indonesian: "pemrosesan respons QTI: \(what) tidak didukung, jadi skor item tidak dapat dihitung seperti penulisnya",
            english: "QTI response processing: \(what) is not supported, so the item cannot be scored as its author meant")
    }

    static func badValue(_ value: String, baseType: QTIBaseType, line: Int) -> QuizProblem {
        QuizProblem(
            line: line, indonesian: "nilai \"\(value.trimmingSpaces())\" bukan \(baseType.rawValue) yang sah",
            english: "value \"\(value.trimmingSpaces())\" is not a valid \(baseType.rawValue)")
    }

    static func undeclared(_ identifier: String, line: Int) -> QuizProblem {
        QuizProblem(
            line: line, indonesian: "pemrosesan respons QTI menyebut variabel \"\(identifier)\" yang tidak dideklarasikan",
            english: "QTI response processing names variable \"\(identifier)\", which is not declared")
    }

    static func missingExpression(_ name: String, line: Int) -> QuizProblem {
        QuizProblem(line: line, indonesian: "<\(name)> tidak lengkap (identifier atau ekspresi tidak ada)", english: "<\(name)> is incomplete (no identifier or expression)")
    }

    static func noLookupTable(_ identifier: String, line: Int) -> QuizProblem {
        QuizProblem(
            line: line, indonesian: "lookupOutcomeValue: outcome \"\(identifier)\" tidak memiliki matchTable atau interpolationTable",
            english: "lookupOutcomeValue: outcome \"\(identifier)\" has no matchTable or interpolationTable")
    }

    static func tooDeep(line: Int) -> QuizProblem {
        QuizProblem(
            line: line, indonesian: "pemrosesan respons QTI bersarang lebih dari \(QTIProgramReader.maximumDepth) tingkat",
            english: "QTI response processing is nested more than \(QTIProgramReader.maximumDepth) levels deep")
    }

    static func templateNeedsResponse(_ template: String, line: Int) -> QuizProblem {
        QuizProblem(
            line: line, indonesian: "templat \(template) memerlukan respons bernama RESPONSE",
            english: "template \(template) needs a response named RESPONSE")
    }
}
