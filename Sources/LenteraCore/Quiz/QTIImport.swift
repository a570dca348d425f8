/// Reads QTI 2.1 and 2.2 items, alone or listed in an IMS content package, into Lentera's quiz items.
///
/// What an imported item looks like:
/// - `format` is `.html`. The prompt is the `itemBody` written back as HTML (namespace prefixes dropped, so MathML
///   `m:math` becomes `math`), without the interactions: a block interaction leaves its `prompt` where it stood,
///   feedback, template and scorer-only rubric blocks are left out. Choice, premise and order texts are the HTML of
///   their elements, without a single wrapping `<p>`.
/// - In a `.gaps` item each inline interaction leaves ``gapPlaceholder(_:)``, `[[` gap id `]]`, where it stood; gap
///   ids are the `responseIdentifier`s (for a `gapMatchInteraction`, the `gap` identifiers). The renderer replaces the
///   placeholder with the gap's input; ``QTIExporter`` turns it back into the interaction.
/// - In a `.text` or `.numeric` item read from an inline `textEntryInteraction`, ``blank`` marks where the entry stood.
/// - Matching pairs and ordering items are keyed by their texts, as the model keys them.
///
/// Scoring is read from the `match_correct`, `map_response` and `map_response_point` templates (any QTI version or
/// host), from `mapping`s, and from custom `responseProcessing` that compares a response with its correct value, a
/// constant, a string, a pattern, a substring or a numeric range and sets a score; when custom processing cannot be
/// read, the `correctResponse` (and `mapping`) still score the item. Weights are the mapped or set scores divided by
/// the item's best score; points come from the `SCORE` outcome's `normalMaximum`, else `MAXSCORE`, else the mapping
/// (its `upperBound` or best sum), else the rules, else 1. Adaptive items are read as one attempt.
///
/// Refused, each with a problem naming the element: graphic, hotspot, hottext, slider, upload, drawing, media,
/// position, select-point and custom interactions; `gapMatchInteraction`s whose gaps take several texts or images;
/// interactions shown only by feedback or template blocks; template processing (values drawn per attempt);
/// several interactions in one item unless all are gaps (text entries, inline choices, simple gap matches, single
/// choices) or all are extended texts.
public enum QTIImporter {
    /// The text that stands for a gap in the prompt of a `.gaps` item: `[[` gap id `]]`.
    public static func gapPlaceholder(_ gapID: String) -> String { "[[" + gapID + "]]" }

    /// The text that marks where the text entry stood in the prompt of a `.text` or `.numeric` item.
    public static let blank = "_____"

    /// Reads one `assessmentItem` document: one item, or the problems that keep it out.
    public static func item(_ bytes: [UInt8]) -> QuizParseResult {
        let root: XMLElement
        do {
            root = try SafeXMLParser.parse(bytes)
        } catch {
            return QuizParseResult(problems: [QTIMessage.unreadable(error)])
        }
        guard root.qtiName == "assessmentitem" else {
            return QuizParseResult(problems: [QTIMessage.wrongRoot(root.name, expected: "assessmentItem", line: root.line)])
        }
        var reader = QTIItemReader(root: root)
        if let item = reader.read(), reader.problems.isEmpty {
            return QuizParseResult(items: [item])
        }
        return QuizParseResult(problems: reader.problems)
    }

    /// Reads an IMS content package: its `imsmanifest.xml`, then every item resource (`imsqti_item_xmlv2p1` or
    /// `imsqti_item_xmlv2p2`) through `readFile`, which gets the resource's path relative to the manifest's folder.
    /// Problems inside an item are prefixed with its path; an id used twice gets a `-2`, `-3`... suffix.
    public static func package(manifest: [UInt8], readFile: (String) -> [UInt8]?) -> QuizParseResult {
        let root: XMLElement
        do {
            root = try SafeXMLParser.parse(manifest)
        } catch {
            return QuizParseResult(problems: [QTIMessage.prefixed("imsmanifest.xml", QTIMessage.unreadable(error))])
        }
        guard root.qtiName == "manifest" else {
            return QuizParseResult(problems: [
                QTIMessage.prefixed("imsmanifest.xml", QTIMessage.wrongRoot(root.name, expected: "manifest", line: root.line))
            ])
        }
        var result = QuizParseResult()
        var used: [String: Int] = [:]
        var found = false
        let rootBase = root.qtiAttribute("base") ?? ""
        for resources in root.qtiChildren("resources") {
            let resourcesBase = rootBase + (resources.qtiAttribute("base") ?? "")
            for resource in resources.qtiChildren("resource") {
                let type = (resource.qtiAttribute("type") ?? "").lowercased()
                guard type.hasPrefix("imsqti_item_xmlv2p") else { continue }
                found = true
                guard let href = resource.qtiAttribute("href") ?? resource.qtiChild("file")?.qtiAttribute("href") else {
                    result.problems.append(QTIMessage.prefixed("imsmanifest.xml", QTIMessage.resourceWithoutHref(line: resource.line)))
                    continue
                }
                guard let path = packagePath(resourcesBase + (resource.qtiAttribute("base") ?? "") + href) else {
                    result.problems.append(QTIMessage.prefixed("imsmanifest.xml", QTIMessage.hrefOutside(href, line: resource.line)))
                    continue
                }
                guard let bytes = readFile(path) else {
                    result.problems.append(QTIMessage.prefixed("imsmanifest.xml", QTIMessage.missingFile(path, line: resource.line)))
                    continue
                }
                let read = item(bytes)
                result.problems += read.problems.map { QTIMessage.prefixed(path, $0) }
                for var item in read.items {
                    let count = (used[item.id] ?? 0) + 1
                    used[item.id] = count
                    if count > 1 {
                        var suffix = count
                        while used["\(item.id)-\(suffix)"] != nil { suffix += 1 }
                        item.id = "\(item.id)-\(suffix)"
                        used[item.id] = 1
                    }
                    result.items.append(item)
                }
            }
        }
        if !found {
            result.problems.append(QTIMessage.prefixed("imsmanifest.xml", QTIMessage.noItemResources(line: root.line)))
        }
        return result
    }

    /// A resource href as a clean relative path (percent escapes decoded, `.` dropped), or nil when it is absolute,
    /// has a scheme or climbs out with `..`.
    static func packagePath(_ href: String) -> String? {
        let decoded = percentDecoded(href.trimmingSpaces())
        guard !decoded.isEmpty, !decoded.hasPrefix("/"), !decoded.contains("\\"), !decoded.contains("\0") else { return nil }
        if let colon = decoded.firstIndex(of: ":"), !decoded[..<colon].contains("/") { return nil }
        var parts: [Substring] = []
        for part in decoded.split(separator: "/", omittingEmptySubsequences: true) {
            if part == "." { continue }
            if part == ".." { return nil }
            parts.append(part)
        }
        return parts.isEmpty ? nil : parts.joined(separator: "/")
    }

    static func percentDecoded(_ text: String) -> String {
        guard text.contains("%") else { return text }
        var bytes: [UInt8] = []
        let source = Array(text.utf8)
        var index = 0
        while index < source.count {
            if source[index] == UInt8(ascii: "%"), index + 2 < source.count,
                let value = UInt8(String(decoding: source[(index + 1)...(index + 2)], as: UTF8.self), radix: 16)
            {
                bytes.append(value)
                index += 3
            } else {
                bytes.append(source[index])
                index += 1
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// The HTML of a choice-like element (`simpleChoice`, `inlineChoice`, `gapText`...): its content without feedback,
    /// trimmed, without a single wrapping `<p>`.
    static func choiceHTML(_ element: XMLElement) -> String {
        let content = element.content.filter {
            if case .text(let text) = $0 { return !text.trimmingSpaces().isEmpty }
            return true
        }
        if content.count == 1, case .element(let only) = content[0], only.qtiName == "p", only.attributes.isEmpty {
            return QTIHTML.write(only.content).trimmingSpaces()
        }
        return QTIHTML.write(element.content).trimmingSpaces()
    }

    /// A QTI identifier as a Lentera item id: ASCII letters, digits, `-`, `_` and `.`; anything else becomes `-`.
    static func sanitizedID(_ identifier: String) -> String {
        let allowed = identifier.unicodeScalars.map { scalar -> Character in
            let value = scalar.value
            let ok =
                (value >= 0x30 && value <= 0x39) || (value >= 0x41 && value <= 0x5A) || (value >= 0x61 && value <= 0x7A)
                || scalar == "-" || scalar == "_" || scalar == "."
            return ok ? Character(scalar) : "-"
        }
        let id = String(allowed)
        return id.isEmpty ? "item" : id
    }
}

// MARK: - Lenient element access

extension XMLElement {
    /// The local name in lower case: QTI files in the wild vary the case of element names.
    var qtiName: String { name.lowercased() }

    /// An attribute by name, matched exactly, else ignoring case.
    func qtiAttribute(_ name: String) -> String? {
        if let value = attributes[name] { return value }
        let lowered = name.lowercased()
        return attributes.keys.sorted().first { $0.lowercased() == lowered }.flatMap { attributes[$0] }
    }

    /// The child elements with a name (given in lower case).
    func qtiChildren(_ name: String) -> [XMLElement] { children.filter { $0.qtiName == name } }

    /// The first child element with a name (given in lower case).
    func qtiChild(_ name: String) -> XMLElement? { children.first { $0.qtiName == name } }

    /// Every element inside, in document order.
    var qtiDescendants: [XMLElement] {
        var result: [XMLElement] = []
        func walk(_ element: XMLElement) {
            for child in element.children {
                result.append(child)
                walk(child)
            }
        }
        walk(self)
        return result
    }

    /// A QTI boolean attribute, read leniently (`true`, `TRUE`, `1`).
    func qtiBool(_ name: String) -> Bool? {
        guard let value = qtiAttribute(name)?.trimmingSpaces().lowercased() else { return nil }
        if value == "true" || value == "1" { return true }
        if value == "false" || value == "0" { return false }
        return nil
    }

    /// A numeric attribute.
    func qtiNumber(_ name: String) -> Double? {
        qtiAttribute(name).flatMap { Double($0.trimmingSpaces()) }
    }
}

// MARK: - Messages

/// The problems the QTI importer reports, in both interface languages.
enum QTIMessage {
    static func unreadable(_ error: XMLParseError) -> QuizProblem {
        QuizProblem(
            line: error.line, indonesian: "QTI: " + error.kind.message(in: .indonesian), english: "QTI: " + error.kind.message(in: .english))
    }

    static func wrongRoot(_ name: String, expected: String, line: Int) -> QuizProblem {
        QuizProblem(
            line: line, indonesian: "elemen akar harus <\(expected)>, bukan <\(name)>",
            english: "the root element must be <\(expected)>, not <\(name)>")
    }

    static func prefixed(_ file: String, _ problem: QuizProblem) -> QuizProblem {
        QuizProblem(line: problem.line, indonesian: file + ": " + problem.indonesian, english: file + ": " + problem.english)
    }

    static func resourceWithoutHref(line: Int) -> QuizProblem {
        QuizProblem(line: line, indonesian: "<resource> item QTI tanpa atribut href", english: "a QTI item <resource> has no href attribute")
    }

    static func hrefOutside(_ href: String, line: Int) -> QuizProblem {
        QuizProblem(
            line: line, indonesian: "href \"\(href)\" harus berupa jalur relatif di dalam paket (tanpa .. atau /)",
            english: "href \"\(href)\" must be a relative path inside the package (no .. or leading /)")
    }

    static func missingFile(_ path: String, line: Int) -> QuizProblem {
        QuizProblem(line: line, indonesian: "berkas item \"\(path)\" tidak ada di paket", english: "item file \"\(path)\" is not in the package")
    }

    static func noItemResources(line: Int) -> QuizProblem {
        QuizProblem(
            line: line, indonesian: "paket tidak memuat resource item QTI (imsqti_item_xmlv2p1/v2p2)",
            english: "the package lists no QTI item resources (imsqti_item_xmlv2p1/v2p2)")
    }

    static func unsupportedInteraction(_ name: String, line: Int) -> QuizProblem {
        QuizProblem(line: line, indonesian: "interaksi QTI <\(name)> tidak didukung", english: "QTI interaction <\(name)> is not supported")
    }

    static func complexGapMatch(_ name: String, line: Int) -> QuizProblem {
        QuizProblem(
            line: line, indonesian: "interaksi QTI <\(name)> tidak didukung: celah yang menerima beberapa teks atau gambar",
            english: "QTI interaction <\(name)> is not supported: gaps that take several texts or images")
    }

    static func conditionalInteraction(_ name: String, container: String, line: Int) -> QuizProblem {
        QuizProblem(
            line: line,
            indonesian: "interaksi QTI <\(name)> di dalam <\(container)> (soal adaptif yang berubah antarpercobaan) tidak didukung",
            english: "QTI interaction <\(name)> inside <\(container)> (an adaptive item that changes between attempts) is not supported")
    }

    static func templateItem(_ name: String, line: Int) -> QuizProblem {
        QuizProblem(
            line: line, indonesian: "item templat QTI (<\(name)>, nilai diacak tiap percobaan) tidak didukung",
            english: "QTI template items (<\(name)>, values drawn for each attempt) are not supported")
    }

    static func mixedInteractions(_ name: String, line: Int) -> QuizProblem {
        QuizProblem(
            line: line, indonesian: "interaksi QTI <\(name)> tidak didukung bersama interaksi lain dalam satu item",
            english: "QTI interaction <\(name)> is not supported together with other interactions in one item")
    }

    static func noResponseIdentifier(_ name: String, line: Int) -> QuizProblem {
        QuizProblem(line: line, indonesian: "<\(name)> tidak memiliki responseIdentifier", english: "<\(name)> has no responseIdentifier")
    }

    static func noCorrectAnswer(_ response: String, line: Int) -> QuizProblem {
        QuizProblem(
            line: line, indonesian: "jawaban benar untuk respons \"\(response)\" tidak dapat ditentukan (tidak ada correctResponse atau mapping)",
            english: "the correct answer to response \"\(response)\" cannot be determined (no correctResponse or mapping)")
    }

    static func unknownChoice(_ identifier: String, response: String, line: Int) -> QuizProblem {
        QuizProblem(
            line: line, indonesian: "respons \"\(response)\" menyebut pilihan \"\(identifier)\" yang tidak ada",
            english: "response \"\(response)\" names choice \"\(identifier)\", which does not exist")
    }

    static func missingItemBody(line: Int) -> QuizProblem {
        QuizProblem(line: line, indonesian: "elemen <itemBody> wajib ada", english: "the <itemBody> element is required")
    }
}

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
    private var chains = 0

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

    private func powerOfTen(_ exponent: Int) -> Double {
        var result = 1.0
        for _ in 0..<abs(exponent) { result *= 10 }
        return exponent < 0 ? 1 / result : result
    }
}

extension Double {
    /// ⌊log10(self)⌋ for a positive finite value, without Foundation.
    fileprivate var log10Floor: Int {
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

// MARK: - HTML written back from XHTML

/// Writes parsed XHTML back as HTML for display.
enum QTIHTML {
    static let voidElements: Set<String> = [
        "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source", "track", "wbr",
    ]
    static let blockElements: Set<String> = [
        "p", "div", "ul", "ol", "dl", "table", "blockquote", "pre", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "address",
        "figure",
    ]
    /// QTI elements of the item body that are never shown as part of the question.
    static let hiddenElements: Set<String> = [
        "feedbackinline", "feedbackblock", "modalfeedback", "templateinline", "templateblock", "printedvariable", "include",
        "prompt", "stylesheet",
    ]

    /// Writes nodes as HTML; `replace` gives the HTML for an interaction (or other element) it takes over.
    static func write(_ nodes: [XMLNode], preformatted: Bool = false, replace: (XMLElement) -> String? = { _ in nil }) -> String {
        var output = ""
        for node in nodes {
            switch node {
            case .text(let text):
                output += Self.escapeText(preformatted ? text : collapsed(text))
            case .element(let element):
                if let replacement = replace(element) {
                    output += replacement
                    continue
                }
                let name = element.qtiName
                if name.hasSuffix("interaction") || hiddenElements.contains(name) { continue }
                if name == "rubricblock" {
                    let views = (element.qtiAttribute("view") ?? "").lowercased().split(separator: " ")
                    if views.contains("candidate") { output += write(element.content, preformatted: preformatted, replace: replace) }
                    continue
                }
                let inner = voidElements.contains(name) ? "" : write(element.content, preformatted: preformatted || name == "pre", replace: replace)
                if ["p", "div", "span"].contains(name), element.attributes.isEmpty, inner.trimmingSpaces().isEmpty {
                    output += " "  // emptied by the interactions and feedback taken out
                    continue
                }
                output += "<" + element.name
                for key in element.attributes.keys.sorted() {
                    output += " " + key + "=\"" + Self.escapeAttribute(element.attributes[key] ?? "") + "\""
                }
                output += ">"
                if voidElements.contains(name) { continue }
                output += inner + "</" + element.name + ">"
            }
        }
        return output
    }

    /// Whether nodes hold a block element (so that a prompt needs a `<div>` rather than a `<p>`).
    static func hasBlock(_ nodes: [XMLNode]) -> Bool {
        nodes.contains {
            guard case .element(let element) = $0 else { return false }
            return blockElements.contains(element.qtiName) || hasBlock(element.content)
        }
    }

    /// Runs of whitespace as one space.
    static func collapsed(_ text: String) -> String {
        var result = ""
        var space = false
        for character in text {
            if character.isWhitespace {
                space = true
            } else {
                if space { result.append(" ") }
                space = false
                result.append(character)
            }
        }
        if space { result.append(" ") }
        return result
    }

    static func escapeText(_ text: String) -> String {
        var result = ""
        for character in text {
            switch character {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            default: result.append(character)
            }
        }
        return result
    }

    static func escapeAttribute(_ text: String) -> String {
        Self.escapeText(text).replacingAll("\"", with: "&quot;")
    }
}

extension String {
    /// The string with every occurrence of a character replaced, without Foundation.
    fileprivate func replacingAll(_ character: Character, with replacement: String) -> String {
        var result = ""
        for current in self {
            if current == character { result += replacement } else { result.append(current) }
        }
        return result
    }
}

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
                maximumScore = defaultValue.flatMap { $0 > 0 ? $0 : nil }
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

        let identifier = root.qtiAttribute("identifier") ?? ""
        let title = root.qtiAttribute("title")?.trimmingSpaces()
        var item = QuizItem(
            id: QTIImporter.sanitizedID(identifier.trimmingSpaces()), prompt: "", interaction: .description, points: 1,
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
        return problems.isEmpty ? item : nil
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

    static func rounded(_ weight: Double) -> Double {
        let clamped = min(1, max(-1, weight))
        return (clamped * 1e9).rounded() / 1e9
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
        item.prompt = prompt(body, replace: blockPrompt)
        item.points = points(for: [declaration.identifier])
    }

    mutating func readTextEntry(_ interaction: XMLElement, body: XMLElement, into item: inout QuizItem) {
        let declaration = declaration(for: interaction)
        let scoring = scoring[declaration.identifier] ?? QTIResponseScoring()
        let normalizer = normalizer(scoring, declaration)
        item.prompt = prompt(body, replace: { $0.qtiName == "textentryinteraction" ? QTIImporter.blank : blockPrompt($0) })
        item.points = points(for: [declaration.identifier])
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
        func unique(_ id: String) -> String {
            var candidate = id
            var suffix = 2
            while used.contains(candidate) {
                candidate = "\(id)-\(suffix)"
                suffix += 1
            }
            used.insert(candidate)
            return candidate
        }
        var responses: [String] = []
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
                                QuizItem.TextAnswer(pattern: QTIPattern.escaped(Self.numberText(low)), weight: Self.rounded(rule.score / normalizer)))
                        }
                    }
                }
                guard answers.contains(where: { $0.weight > 0 }) else {
                    problems.append(QTIMessage.noCorrectAnswer(declaration.identifier, line: interaction.line))
                    continue
                }
                let id = unique(declaration.identifier)
                responseGapIDs[declaration.identifier] = id
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
                gaps.append(QuizItem.Gap(id: id, options: options))
            default:  // gapMatchInteraction
                guard let matched = gapMatchGaps(interaction, declaration: declaration, scoring: scoring) else {
                    problems.append(QTIMessage.complexGapMatch(interaction.name, line: interaction.line))
                    continue
                }
                for gap in matched {
                    let id = unique(gap.id)
                    gapIDs[gap.id] = id
                    gaps.append(QuizItem.Gap(id: id, options: gap.options))
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
        item.points = points(for: responses)
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
        item.interaction = .matching(pairs: pairs, responses: responses)
        item.prompt = prompt(body, replace: blockPrompt)
        item.points = points(for: [declaration.identifier])
    }

    static func numberText(_ value: Double) -> String {
        if value == value.rounded(), abs(value) < 1e15 { return String(Int(value)) }
        return "\(value)"
    }
}
