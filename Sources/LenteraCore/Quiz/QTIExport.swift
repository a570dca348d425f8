/// Writes quiz items as an IMS content package of QTI 2.1 items, which ``QTIImporter`` reads back to the same
/// questions (ids, titles, points, kinds, choice ids and weights, answers, ranges, pairs, order, gaps, scores).
///
/// How items are written:
/// - Scoring: `match_correct` for all-or-nothing items worth 1 point; `map_response` with `mapEntry`s in points when
///   answers carry weights or the item is worth more; custom processing (still plain QTI 2.1) where no template can
///   say it: all-or-nothing worth more than 1, wildcard text answers (`patternMatch`), numeric tolerances and ranges,
///   ordering with partial credit (`index`), and gaps (`mapResponse` per gap, summed). `SCORE` declares the points
///   as `normalMaximum`, and `MAXSCORE` holds them for processing.
/// - Feedback: per-choice feedback of choice items as `modalFeedback` keyed by the choice (a `FEEDBACK` outcome set
///   from the response), feedback on text and numeric answers as `modalFeedback` keyed `A1`, `A2`… (`FEEDBACK` set by
///   the first answer the response matches), general feedback as a `modalFeedback` always shown. Feedback on gap
///   answers is not written.
/// - Texts go through `renderHTML` and become well-formed XHTML: the HTML is read with libxml2's HTML parser, which
///   repairs it as browsers' HTML 4 parsers do, and written back with the elements and attributes QTI 2.1 allows
///   (other known layout elements become `div` or `span`, active and media elements are dropped, MathML is kept in its
///   namespace). Should that still not parse as XML, the text goes in escaped. Inline choices take plain text.
/// - Gaps: each gap becomes a `textEntryInteraction` or `inlineChoiceInteraction` where the prompt has its
///   `[[` gap id `]]` placeholder, or in a paragraph after the prompt. A text or numeric item's entry goes where the
///   prompt has a run of three or more underscores (``QTIImporter/blank``), else after the prompt.
/// - `.description` items become items with no interaction, which the importer reads back as descriptions.
/// - Valid against IMS's QTI 2.1 schema (checked in the tests): ids that are not QTI identifiers (`20-jp`, a choice
///   text starting with a digit) are written `_20-jp` (``QTIXML/identifier(_:)``; an item's own id comes back
///   without the `_`), text and inline elements between blocks of an item body or blockquote are put in paragraphs,
///   and an item body with nothing in it holds an empty `div`.
/// - The quiz category is not written (QTI items have no place for it).
public enum QTIExporter {
    /// The package's files: `imsmanifest.xml` (IMS CP 1.1, one `imsqti_item_xmlv2p1` resource per item), then
    /// `items/<id>.xml` per item. `renderHTML` turns an item's texts (prompt, choices, feedback) into HTML.
    public static func package(
        title: String, items: [QuizItem], renderHTML: (String, QuizItem.TextFormat) -> String
    ) -> [(path: String, bytes: [UInt8])] {
        var files: [(path: String, bytes: [UInt8])] = []
        var resources: [(identifier: String, href: String)] = []
        var names: Set<String> = []
        for item in items {
            var name = QTIImporter.sanitizedID(item.id)
            if name.hasPrefix(".") { name = "_" + name }
            let base = name
            var suffix = 2
            while names.contains(name.lowercased()) {  // also distinct on case-insensitive file systems
                name = "\(base)-\(suffix)"
                suffix += 1
            }
            names.insert(name.lowercased())
            let href = "items/\(name).xml"
            let document = withoutActuallyEscaping(renderHTML) { render in
                var writer = QTIItemWriter(item: item, renderHTML: render)
                return writer.document()
            }
            files.append((href, Array(document.utf8)))
            resources.append(("RES-" + name, href))
        }
        return [("imsmanifest.xml", Array(manifest(title: title, resources: resources).utf8))] + files
    }

    static func manifest(title: String, resources: [(identifier: String, href: String)]) -> String {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in (title + "\n" + resources.map(\.href).joined(separator: "\n")).utf8 {
            hash ^= UInt64(byte)
            hash &*= 0x100_0000_01B3
        }
        var xml = """
            <?xml version="1.0" encoding="UTF-8"?>
            <manifest xmlns="http://www.imsglobal.org/xsd/imscp_v1p1" xmlns:imsmd="http://ltsc.ieee.org/xsd/LOM" \
            xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" identifier="MANIFEST-\(String(hash, radix: 16))" \
            xsi:schemaLocation="http://www.imsglobal.org/xsd/imscp_v1p1 http://www.imsglobal.org/xsd/imscp_v1p1.xsd \
            http://ltsc.ieee.org/xsd/LOM http://www.imsglobal.org/xsd/imsmd_loose_v1p3p2.xsd">
              <metadata>
                <schema>QTIv2.1 Package</schema>
                <schemaversion>1.0.0</schemaversion>
                <imsmd:lom>
                  <imsmd:general>
                    <imsmd:title>
                      <imsmd:string>\(QTIXML.text(title))</imsmd:string>
                    </imsmd:title>
                  </imsmd:general>
                </imsmd:lom>
              </metadata>
              <organizations/>
              <resources>

            """
        for resource in resources {
            xml += """
                    <resource identifier="\(QTIXML.attribute(resource.identifier))" type="imsqti_item_xmlv2p1" href="\(QTIXML.attribute(resource.href))">
                      <file href="\(QTIXML.attribute(resource.href))"/>
                    </resource>

                """
        }
        return xml + "  </resources>\n</manifest>\n"
    }
}

// MARK: - XML text

/// Escaping and small builders for the XML the exporter writes.
enum QTIXML {
    /// Whether a scalar may appear in XML 1.0.
    static func isAllowed(_ scalar: Unicode.Scalar) -> Bool {
        let value = scalar.value
        if value < 0x20 { return value == 0x9 || value == 0xA || value == 0xD }
        return !(value == 0xFFFE || value == 0xFFFF)
    }

    static func text(_ text: String) -> String {
        var result = ""
        for scalar in text.unicodeScalars where isAllowed(scalar) {
            switch scalar {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "\r": result += "&#13;"
            default: result.unicodeScalars.append(scalar)
            }
        }
        return result
    }

    static func attribute(_ text: String) -> String {
        var result = ""
        for scalar in text.unicodeScalars where isAllowed(scalar) {
            switch scalar {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "\"": result += "&quot;"
            case "\n": result += "&#10;"
            case "\r": result += "&#13;"
            case "\t": result += "&#9;"
            default: result.unicodeScalars.append(scalar)
            }
        }
        return result
    }

    /// Whether a name can be written as an XML element or attribute name (ASCII subset, no prefix).
    static func isName(_ name: String) -> Bool {
        guard let first = name.unicodeScalars.first, first.properties.isAlphabetic || first == "_" else { return false }
        return name.unicodeScalars.allSatisfy { $0.properties.isAlphabetic || ("0"..."9").contains($0) || $0 == "-" || $0 == "_" || $0 == "." }
    }

    /// A number as XML Schema writes it: integers without a fraction, others in their shortest exact form.
    static func number(_ value: Double) -> String {
        if value.isInfinite { return value > 0 ? "INF" : "-INF" }
        if value.isNaN { return "NaN" }
        if value == value.rounded(), abs(value) < 1e15 { return String(Int(value)) }
        return "\(value)"
    }

    static func element(_ name: String, _ attributes: [(String, String)] = [], _ content: String? = nil) -> String {
        var xml = "<" + name
        for (key, value) in attributes { xml += " \(key)=\"\(attribute(value))\"" }
        guard let content else { return xml + "/>" }
        return xml + ">" + content + "</" + name + ">"
    }

    static func baseValue(_ type: String, _ value: String) -> String { element("baseValue", [("baseType", type)], text(value)) }

    static func variable(_ identifier: String) -> String { element("variable", [("identifier", identifier)]) }

    static func setOutcome(_ identifier: String, _ expression: String) -> String {
        element("setOutcomeValue", [("identifier", identifier)], expression)
    }

    /// A `responseCondition` chain: the first branch whose condition holds runs.
    static func condition(_ branches: [(condition: String, body: String)], otherwise: String? = nil) -> String {
        var xml = "<responseCondition>"
        for (index, branch) in branches.enumerated() {
            let name = index == 0 ? "responseIf" : "responseElseIf"
            xml += "<\(name)>" + branch.condition + branch.body + "</\(name)>"
        }
        if let otherwise { xml += "<responseElse>" + otherwise + "</responseElse>" }
        return xml + "</responseCondition>"
    }

    static func mapping(_ entries: [(key: String, value: Double)], upperBound: Double, caseSensitive: Bool? = nil) -> String {
        // A mapping holds at least one entry; without one, mapResponse is 0 all the same.
        guard !entries.isEmpty else { return "" }
        let body = entries.map { entry in
            var attributes = [("mapKey", entry.key), ("mappedValue", number(entry.value))]
            if let caseSensitive { attributes.append(("caseSensitive", caseSensitive ? "true" : "false")) }
            return element("mapEntry", attributes)
        }.joined()
        return element("mapping", [("lowerBound", "0"), ("upperBound", number(upperBound)), ("defaultValue", "0")], body)
    }

    /// An id as a QTI identifier (an XML name: a letter or `_` first, then letters, digits, `-`, `.` and `_`): as it is
    /// when it is one, else `_` before it, other characters made `-`. Lentera's ids start with a digit where a choice
    /// text does ("20 JP" is `20-jp`); ``QTIImporter`` reads an item's `_` + digit identifier back as the id.
    static func identifier(_ id: String) -> String {
        let scalars = Array(id.unicodeScalars)
        func isLetter(_ scalar: Unicode.Scalar) -> Bool { (scalar >= "a" && scalar <= "z") || (scalar >= "A" && scalar <= "Z") || scalar == "_" }
        func isOther(_ scalar: Unicode.Scalar) -> Bool { isLetter(scalar) || (scalar >= "0" && scalar <= "9") || scalar == "-" || scalar == "." }
        if let first = scalars.first, isLetter(first), scalars.allSatisfy(isOther) { return id }
        return "_" + String(String.UnicodeScalarView(scalars.map { isOther($0) ? $0 : "-" }))
    }

    static func correctResponse(_ values: [String]) -> String {
        values.isEmpty ? "" : element("correctResponse", [], values.map { element("value", [], text($0)) }.joined())
    }
}

// MARK: - XHTML from rendered HTML

/// Turns rendered HTML into the XHTML QTI 2.1 item bodies hold, putting interactions at gap placeholders and blanks.
struct QTIXHTMLWriter {
    /// QTI 2.1's XHTML elements and the attributes kept on each (`class` is kept on all).
    static let allowed: [String: Set<String>] = {
        var table: [String: Set<String>] = [
            "a": ["href", "type"], "blockquote": ["cite"], "q": ["cite"], "col": ["span"], "colgroup": ["span"],
            "img": ["src", "alt", "width", "height", "longdesc"], "object": ["data", "type", "width", "height"],
            "param": ["name", "value", "valuetype", "type"], "table": ["summary"],
            "td": ["headers", "scope", "abbr", "axis", "rowspan", "colspan", "align", "valign"],
            "th": ["headers", "scope", "abbr", "axis", "rowspan", "colspan", "align", "valign"],
        ]
        for name in [
            "abbr", "acronym", "address", "b", "big", "br", "caption", "cite", "code", "dd", "dfn", "div", "dl", "dt", "em",
            "h1", "h2", "h3", "h4", "h5", "h6", "hr", "i", "kbd", "li", "ol", "p", "pre", "samp", "small", "span", "strong",
            "sub", "sup", "tbody", "tfoot", "thead", "tr", "tt", "ul", "var",
        ] where table[name] == nil {
            table[name] = []
        }
        return table
    }()
    /// HTML elements written as the nearest QTI element.
    static let renamed: [String: String] = [
        "figure": "div", "figcaption": "div", "section": "div", "article": "div", "aside": "div", "header": "div",
        "footer": "div", "main": "div", "nav": "div", "details": "div", "summary": "div", "center": "div", "hgroup": "div",
        "u": "span", "ins": "span", "del": "span", "s": "span", "strike": "span", "mark": "span", "time": "span",
        "data": "span", "bdi": "span", "bdo": "span", "nobr": "span", "label": "span", "ruby": "span", "rb": "span",
        "rt": "span",
    ]
    /// Elements dropped with their content: active, form, media and metadata elements.
    static let dropped: Set<String> = [
        "script", "style", "iframe", "noscript", "template", "textarea", "select", "button", "svg", "canvas", "video",
        "audio", "source", "track", "embed", "input", "head", "title", "meta", "link", "base", "rp", "object", "applet",
        "frame", "frameset", "noembed", "noframes", "xmp",
    ]
    static let voidElements: Set<String> = ["br", "hr", "img", "col", "param"]

    /// Interaction markup by gap id, placed at the gap's first `[[id]]`.
    var gaps: [String: String] = [:]
    var placed: Set<String> = []
    /// Interaction markup placed at the first run of three or more underscores.
    var blank: String?
    var blankPlaced = false

    /// The XHTML of rendered HTML; with `unwrap`, a lone `<p>` around everything is taken off.
    /// Elements QTI 2.1 counts as blocks: where only blocks may stand (an item body, a blockquote), any other content
    /// is gathered into paragraphs.
    static let blocks: Set<String> = [
        "p", "div", "pre", "blockquote", "ul", "ol", "dl", "table", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "address",
    ]

    mutating func convert(_ html: String, unwrap: Bool = false) -> String {
        var nodes = SafeXMLParser.parseHTMLFragment(html)
        let significant = nodes.filter {
            if case .text(let text) = $0 { return !text.trimmingSpaces().isEmpty }
            return true
        }
        if unwrap, significant.count == 1, case .element(let only) = significant[0], only.name.lowercased() == "p" {
            nodes = only.content
        }
        let saved = (placed, blankPlaced)
        let xhtml = write(nodes, inMath: false, blocks: !unwrap).trimmingSpaces()
        let check = "<div xmlns=\"http://www.imsglobal.org/xsd/imsqti_v2p1\">" + xhtml + "</div>"
        if (try? SafeXMLParser.parse(Array(check.utf8))) != nil { return xhtml }
        (placed, blankPlaced) = saved
        return unwrap ? QTIXML.text(Self.plainText(nodes)) : "<p>" + QTIXML.text(Self.plainText(nodes)) + "</p>"
    }

    /// The text of nodes without markup.
    static func plainText(_ nodes: [XMLNode]) -> String {
        nodes.map { node in
            switch node {
            case .text(let text): return text
            case .element(let element): return plainText(element.content)
            }
        }.joined()
    }

    /// Writes nodes; with `blocks`, text and inline elements between blocks are gathered into `<p>`s (QTI 2.1 allows
    /// only blocks in an item body and a blockquote).
    mutating func write(_ nodes: [XMLNode], inMath: Bool, blocks: Bool = false) -> String {
        guard blocks else { return writeInline(nodes, inMath: inMath) }
        var output = ""
        var run: [XMLNode] = []
        func flush(_ writer: inout QTIXHTMLWriter) {
            defer { run = [] }
            let inline = writer.writeInline(run, inMath: false)
            if !inline.trimmingSpaces().isEmpty { output += "<p>" + inline.trimmingSpaces() + "</p>" }
        }
        for node in nodes {
            if case .element(let element) = node {
                let name = String(element.name.lowercased().split(separator: ":").last ?? "")
                if Self.blocks.contains(Self.renamed[name] ?? name) {
                    flush(&self)
                    output += writeInline([node], inMath: false)
                    continue
                }
                // An element QTI has no place for keeps its content, which may hold blocks of its own.
                if Self.allowed[Self.renamed[name] ?? name] == nil, !Self.dropped.contains(name), name != "math" {
                    flush(&self)
                    output += write(element.content, inMath: false, blocks: true)
                    continue
                }
            }
            run.append(node)
        }
        flush(&self)
        return output
    }

    mutating func writeInline(_ nodes: [XMLNode], inMath: Bool) -> String {
        var output = ""
        for node in nodes {
            switch node {
            case .text(let text):
                output += inMath ? QTIXML.text(text) : place(text)
            case .element(let element):
                let name = String(element.name.lowercased().split(separator: ":").last ?? "")
                if inMath {
                    guard QTIXML.isName(name) else { continue }
                    let attributes = element.attributes.keys.sorted().filter(QTIXML.isName).map { ($0, element.attributes[$0] ?? "") }
                    let inner = write(element.content, inMath: true)
                    output += QTIXML.element(name, attributes, inner.isEmpty ? nil : inner)
                    continue
                }
                if name == "math" {
                    let attributes =
                        [("xmlns", "http://www.w3.org/1998/Math/MathML")]
                        + element.attributes.keys.sorted().filter { QTIXML.isName($0) && $0 != "xmlns" }.map { ($0, element.attributes[$0] ?? "") }
                    output += QTIXML.element("math", attributes, write(element.content, inMath: true))
                    continue
                }
                if Self.dropped.contains(name) { continue }
                let target = Self.renamed[name] ?? name
                guard let kept = Self.allowed[target] else {
                    output += write(element.content, inMath: false)  // unknown: keep the content
                    continue
                }
                var attributes: [(String, String)] = []
                for key in element.attributes.keys.sorted() {
                    let lowered = key.lowercased()
                    if (kept.contains(lowered) || lowered == "class") && !attributes.contains(where: { $0.0 == lowered }) {
                        attributes.append((lowered, element.attributes[key] ?? ""))
                    }
                }
                if target == "img", !attributes.contains(where: { $0.0 == "alt" }) { attributes.append(("alt", "")) }
                if target == "img", !attributes.contains(where: { $0.0 == "src" }) { continue }
                if Self.voidElements.contains(target) {
                    output += QTIXML.element(target, attributes)
                } else {
                    output += QTIXML.element(target, attributes, write(element.content, inMath: false, blocks: target == "blockquote"))
                }
            }
        }
        return output
    }

    /// Escapes text, putting interaction markup at gap placeholders and at the first blank.
    mutating func place(_ text: String) -> String {
        var output = ""
        let characters = Array(text)
        var index = 0
        var literal = ""
        func flush() {
            output += QTIXML.text(literal)
            literal = ""
        }
        while index < characters.count {
            if characters[index] == "[", index + 1 < characters.count, characters[index + 1] == "[" {
                var end = index + 2
                while end + 1 < characters.count, !(characters[end] == "]" && characters[end + 1] == "]"), characters[end] != "[" { end += 1 }
                if end + 1 < characters.count, characters[end] == "]", characters[end + 1] == "]" {
                    let id = String(characters[(index + 2)..<end])
                    if let markup = gaps[id], !placed.contains(id) {
                        flush()
                        output += markup
                        placed.insert(id)
                        index = end + 2
                        continue
                    }
                }
            }
            if let blank, !blankPlaced, characters[index] == "_" {
                var end = index
                while end < characters.count, characters[end] == "_" { end += 1 }
                if end - index >= 3 {
                    flush()
                    output += blank
                    blankPlaced = true
                    index = end
                    continue
                }
            }
            literal.append(characters[index])
            index += 1
        }
        flush()
        return output
    }
}

// MARK: - One item

/// Writes one quiz item as a QTI 2.1 `assessmentItem`.
struct QTIItemWriter {
    enum Processing {
        case none
        case template(String)
        case rules([String])
    }

    let item: QuizItem
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
                QTIXML.element("responseDeclaration", [("identifier", "RESPONSE"), ("cardinality", "single"), ("baseType", "string")]))
            body = prompt() + QTIXML.element("extendedTextInteraction", [("responseIdentifier", "RESPONSE")])
        case .description:
            body = prompt()
        }
        // An item body holds at least one block.
        if body.trimmingSpaces().isEmpty { body = "<div></div>" }
        if let feedback = item.generalFeedback, !feedback.trimmingSpaces().isEmpty {
            outcomes.append(
                QTIXML.element("outcomeDeclaration", [("identifier", "GENERAL_FEEDBACK"), ("cardinality", "single"), ("baseType", "identifier")]))
            feedbackRules.append(QTIXML.setOutcome("GENERAL_FEEDBACK", QTIXML.baseValue("identifier", "GENERAL")))
            modalFeedback.append(feedbackElement(outcome: "GENERAL_FEEDBACK", identifier: "GENERAL", text: feedback))
        }

        var xml = """
            <?xml version="1.0" encoding="UTF-8"?>
            <assessmentItem xmlns="http://www.imsglobal.org/xsd/imsqti_v2p1" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" \
            xsi:schemaLocation="http://www.imsglobal.org/xsd/imsqti_v2p1 http://www.imsglobal.org/xsd/qti/qtiv2p1/imsqti_v2p1.xsd" \
            identifier="\(QTIXML.attribute(QTIXML.identifier(item.id)))" title="\(QTIXML.attribute(item.title ?? ""))" adaptive="false" timeDependent="false" \
            toolName="Lentera">

            """
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
                "responseDeclaration", [("identifier", "RESPONSE"), ("cardinality", multiple ? "multiple" : "single"), ("baseType", "identifier")],
                declaration))
        let simpleChoices = choices.map { choice in
            QTIXML.element("simpleChoice", [("identifier", choice.id)], choiceXHTML(choice.text))
        }.joined()
        body =
            prompt()
            + QTIXML.element(
                "choiceInteraction", [("responseIdentifier", "RESPONSE"), ("shuffle", "false"), ("maxChoices", multiple ? "0" : "1")], simpleChoices)
        let withFeedback = choices.filter { ($0.feedback?.trimmingSpaces().isEmpty ?? true) == false }
        if !withFeedback.isEmpty {
            outcomes.append(
                QTIXML.element(
                    "outcomeDeclaration", [("identifier", "FEEDBACK"), ("cardinality", multiple ? "multiple" : "single"), ("baseType", "identifier")])
            )
            feedbackRules.append(QTIXML.setOutcome("FEEDBACK", QTIXML.variable("RESPONSE")))
            for choice in withFeedback {
                modalFeedback.append(feedbackElement(outcome: "FEEDBACK", identifier: choice.id, text: choice.feedback ?? ""))
            }
        }
    }

    /// All or nothing, worth `scale`: the response matches the correct response.
    func allOrNothing() -> String {
        QTIXML.condition(
            [
                (
                    "<match>\(QTIXML.variable("RESPONSE"))<correct identifier=\"RESPONSE\"/></match>",
                    QTIXML.setOutcome("SCORE", QTIXML.baseValue("float", QTIXML.number(scale)))
                )
            ],
            otherwise: QTIXML.setOutcome("SCORE", QTIXML.baseValue("float", "0")))
    }

    /// Whether a wildcard pattern has an unescaped `*`, and its literal text otherwise.
    static func literal(_ pattern: String) -> String? {
        var result = ""
        var escaped = false
        for character in pattern {
            if escaped {
                result.append(character)
                escaped = false
            } else if character == "\\" {
                escaped = true
            } else if character == "*" {
                return nil
            } else {
                result.append(character)
            }
        }
        if escaped { result.append("\\") }
        return result
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
                    Self.textCondition("RESPONSE", answer.pattern, caseSensitive: caseSensitive),
                    QTIXML.setOutcome("SCORE", QTIXML.baseValue("float", QTIXML.number(answer.weight * scale)))
                )
            }
            processing = .rules([QTIXML.condition(branches)])
        }
        declarations.append(
            QTIXML.element("responseDeclaration", [("identifier", "RESPONSE"), ("cardinality", "single"), ("baseType", "string")], declaration))
        body = entryBody(QTIXML.element("textEntryInteraction", [("responseIdentifier", "RESPONSE")]))
        answerFeedback(Self.byWeight(answers, weight: \.weight).map { (Self.textCondition("RESPONSE", $0.pattern, caseSensitive: caseSensitive), $0.feedback) })
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
                (Self.numericCondition(answer), QTIXML.setOutcome("SCORE", QTIXML.baseValue("float", QTIXML.number(answer.weight * scale))))
            }
            processing = branches.isEmpty ? .none : .rules([QTIXML.condition(branches)])
        }
        answerFeedback(Self.byWeight(usable, weight: \.weight).map { (Self.numericCondition($0), $0.feedback) })
        declarations.append(
            QTIXML.element(
                "responseDeclaration", [("identifier", "RESPONSE"), ("cardinality", "single"), ("baseType", "float")], QTIXML.correctResponse(correct)
            ))
        body = entryBody(QTIXML.element("textEntryInteraction", [("responseIdentifier", "RESPONSE")]))
    }

    /// The condition that a float response lies in a numeric answer's range.
    static func numericCondition(_ answer: QuizItem.NumericAnswer) -> String {
        let variable = QTIXML.variable("RESPONSE")
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
    mutating func answerFeedback(_ answers: [(condition: String, feedback: String?)]) {
        guard answers.contains(where: { !($0.feedback?.trimmingSpaces().isEmpty ?? true) }) else { return }
        outcomes.append(QTIXML.element("outcomeDeclaration", [("identifier", "FEEDBACK"), ("cardinality", "single"), ("baseType", "identifier")]))
        var branches: [(condition: String, body: String)] = []
        for (index, answer) in answers.enumerated() {
            guard let feedback = answer.feedback, !feedback.trimmingSpaces().isEmpty else {
                branches.append((answer.condition, ""))
                continue
            }
            branches.append((answer.condition, QTIXML.setOutcome("FEEDBACK", QTIXML.baseValue("identifier", "A\(index + 1)"))))
            modalFeedback.append(feedbackElement(outcome: "FEEDBACK", identifier: "A\(index + 1)", text: feedback))
        }
        feedbackRules.append(QTIXML.condition(branches))
    }

    mutating func writeMatching(_ pairs: [QuizItem.Pair], responses: [String]) {
        var targets: [String] = []
        for response in responses + pairs.map(\.response) where !targets.contains(response) { targets.append(response) }
        let values = pairs.enumerated().map { index, pair in "P\(index + 1) R\((targets.firstIndex(of: pair.response) ?? 0) + 1)" }
        let share = pairs.isEmpty ? 0 : scale / Double(pairs.count)
        declarations.append(
            QTIXML.element(
                "responseDeclaration", [("identifier", "RESPONSE"), ("cardinality", "multiple"), ("baseType", "directedPair")],
                QTIXML.correctResponse(values) + QTIXML.mapping(values.map { ($0, share) }, upperBound: scale)))
        processing = .template("map_response")
        let premises = pairs.enumerated().map { index, pair in
            QTIXML.element("simpleAssociableChoice", [("identifier", "P\(index + 1)"), ("matchMax", "1")], choiceXHTML(pair.premise))
        }.joined()
        let answers = targets.enumerated().map { index, text in
            QTIXML.element("simpleAssociableChoice", [("identifier", "R\(index + 1)"), ("matchMax", "0")], choiceXHTML(text))
        }.joined()
        body =
            prompt()
            + QTIXML.element(
                "matchInteraction", [("responseIdentifier", "RESPONSE"), ("shuffle", "false"), ("maxAssociations", "\(pairs.count)")],
                QTIXML.element("simpleMatchSet", [], premises) + QTIXML.element("simpleMatchSet", [], answers))
    }

    mutating func writeOrdering(_ order: [String], partialCredit: Bool) {
        let ids = order.indices.map { "C\($0 + 1)" }
        declarations.append(
            QTIXML.element(
                "responseDeclaration", [("identifier", "RESPONSE"), ("cardinality", "ordered"), ("baseType", "identifier")],
                QTIXML.correctResponse(ids)))
        if partialCredit && !order.isEmpty {
            let share = scale / Double(order.count)
            processing = .rules(
                ids.enumerated().map { index, id in
                    QTIXML.condition([
                        (
                            "<match><index n=\"\(index + 1)\">\(QTIXML.variable("RESPONSE"))</index>\(QTIXML.baseValue("identifier", id))</match>",
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
        body = prompt() + QTIXML.element("orderInteraction", [("responseIdentifier", "RESPONSE"), ("shuffle", "true")], choices)
    }

    mutating func writeGaps(_ gaps: [QuizItem.Gap]) {
        let share = gaps.isEmpty ? 0 : scale / Double(gaps.count)
        var rules: [String] = []
        var markup: [String: String] = [:]
        for gap in gaps {
            if !gap.options.isEmpty {
                let best = gap.options.map(\.weight).max() ?? 0
                let correct = gap.options.first { $0.weight > 0 && $0.weight == best }.map { [$0.id] } ?? []
                let entries = gap.options.filter { $0.weight != 0 }.map { (key: $0.id, value: $0.weight * share) }
                declarations.append(
                    QTIXML.element(
                        "responseDeclaration", [("identifier", gap.id), ("cardinality", "single"), ("baseType", "identifier")],
                        QTIXML.correctResponse(correct) + QTIXML.mapping(entries, upperBound: share)))
                rules.append(
                    QTIXML.setOutcome("SCORE", "<sum>\(QTIXML.variable("SCORE"))\(QTIXML.element("mapResponse", [("identifier", gap.id)]))</sum>"))
                let choices = gap.options.map { QTIXML.element("inlineChoice", [("identifier", $0.id)], QTIXML.text(plain($0.text))) }.joined()
                markup[gap.id] = QTIXML.element("inlineChoiceInteraction", [("responseIdentifier", gap.id), ("shuffle", "false")], choices)
            } else {
                var declaration = QTIXML.correctResponse(Self.bestLiteral(gap.answers))
                if gap.answers.allSatisfy({ Self.literal($0.pattern).map { !$0.contains(where: \.isWhitespace) } ?? false }) {
                    declaration += QTIXML.mapping(
                        Self.textEntries(gap.answers, caseSensitive: false, scale: share), upperBound: share, caseSensitive: false)
                    rules.append(
                        QTIXML.setOutcome("SCORE", "<sum>\(QTIXML.variable("SCORE"))\(QTIXML.element("mapResponse", [("identifier", gap.id)]))</sum>")
                    )
                } else {
                    let branches = Self.byWeight(gap.answers, weight: \.weight).map { answer in
                        (
                            Self.textCondition(gap.id, answer.pattern, caseSensitive: false),
                            QTIXML.setOutcome(
                                "SCORE", "<sum>\(QTIXML.variable("SCORE"))\(QTIXML.baseValue("float", QTIXML.number(answer.weight * share)))</sum>")
                        )
                    }
                    rules.append(QTIXML.condition(branches))
                }
                declarations.append(
                    QTIXML.element("responseDeclaration", [("identifier", gap.id), ("cardinality", "single"), ("baseType", "string")], declaration))
                markup[gap.id] = QTIXML.element("textEntryInteraction", [("responseIdentifier", gap.id)])
            }
        }
        var writer = QTIXHTMLWriter()
        writer.gaps = markup
        let xhtml = writer.convert(html(item.prompt))
        let rest = gaps.filter { !writer.placed.contains($0.id) }.compactMap { markup[$0.id] }
        body = xhtml + (rest.isEmpty ? "" : "<p>" + rest.joined(separator: " ") + "</p>")
        processing = .rules(rules)
    }
}
