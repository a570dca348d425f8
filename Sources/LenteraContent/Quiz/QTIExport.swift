import CLibXML2
import LenteraCore

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
///   the first answer the response matches), feedback on a blank's answers and options likewise with an outcome per
///   blank (`FEEDBACK_1`, `FEEDBACK_2`…), general feedback as a `modalFeedback` always shown.
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
    /// `embedded`: the files the items' texts show, by the key ``QuizParseResult/files`` gives them (pictures that came
    /// embedded in a Moodle XML file): each goes into the package at `media/<digest>/<name>`, listed with the items
    /// that show it, and their texts point at it there.
    public static func package(
        title: String, items: [QuizItem], embedded: [String: EmbeddedFile] = [:], renderHTML: (String, QuizItem.TextFormat) -> String
    ) -> [(path: String, bytes: [UInt8])] {
        var files: [(path: String, bytes: [UInt8])] = []
        var resources: [(identifier: String, href: String, files: [String])] = []
        var media: [String: [UInt8]] = [:]
        var names: Set<String> = []
        for item in items {
            var name = fileName(item.id)
            if name.hasPrefix(".") { name = "_" + name }
            name = QuestionID.unused(name) { names.contains($0.lowercased()) }  // also distinct on case-insensitive file systems
            names.insert(name.lowercased())
            let href = "items/\(name).xml"
            var document = withoutActuallyEscaping(renderHTML) { render in
                var writer = QTIItemWriter(item: item, renderHTML: render)
                return writer.document()
            }
            var shown: [String] = []
            var folders: [String: String] = [:]
            for key in embedded.keys.sorted() {
                guard let (fileName, digest, name) = MoodleXMLFiles.parts(ofKey: key) else { continue }
                let folder = MoodleXMLFiles.folderAddress(fileName: fileName, digest: digest)
                guard document.contains(folder + MoodleXMLFiles.encoded(name)) || document.contains(folder + name) else { continue }
                folders[folder] = "../media/" + digest + "/"
                media["media/" + digest + "/" + name] = embedded[key]!.bytes
                shown.append("media/" + digest + "/" + MoodleXMLFiles.encoded(name))  // an href: a URI
            }
            for (folder, moved) in folders { document = document.replacingOccurrences(of: folder, with: moved) }
            // The item stands in `items/`: a relative path, written from the quiz's folder (the package's), gets `../`.
            document = QTIImporter.mappingRelativeURLs(document) { $0.hasPrefix("../media/") ? nil : "../" + $0 }
            files.append((href, Array(document.utf8)))
            resources.append(("RES-" + name, href, shown))
        }
        let mediaFiles = media.keys.sorted().map { (path: $0, bytes: media[$0]!) }
        return [("imsmanifest.xml", Array(manifest(title: title, resources: resources).utf8))] + files + mediaFiles
    }

    /// An item's file name in the package: its id in ASCII letters, digits, `-`, `_` and `.` (every zip tool and file
    /// system takes them), any other character `-`.
    static func fileName(_ id: String) -> String {
        let name = String(String.UnicodeScalarView(id.unicodeScalars.map { scalar in
            scalar.isASCII && (scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) || "-_.".unicodeScalars.contains(scalar)) ? scalar : "-"
        }))
        return name.isEmpty ? "item" : name
    }

    static func manifest(title: String, resources: [(identifier: String, href: String, files: [String])]) -> String {
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
                      <file href="\(QTIXML.attribute(resource.href))"/>\(resource.files.map { "\n          <file href=\"\(QTIXML.attribute($0))\"/>" }.joined())
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
    static func isAllowed(_ scalar: Unicode.Scalar) -> Bool { MarkupEscaping.isAllowedInXML(scalar) }

    /// An element's text (``MarkupEscaping/xmlText``).
    static func text(_ text: String) -> String { MarkupEscaping.xmlText.escape(text) }

    /// A double-quoted attribute's value (``MarkupEscaping/xmlAttribute``).
    static func attribute(_ text: String) -> String { MarkupEscaping.xmlAttribute.escape(text) }

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

    /// An id as a QTI identifier (an XML `NCName`, as libxml2 checks one): the id itself when it is one. Else a
    /// character outside ASCII that no identifier can hold (Javanese script: libxml2 knows the letters of XML 1.0's
    /// fourth edition) is written `_xA9B1_`, as .NET's XmlConvert writes names, and any other `-`; an id that cannot
    /// start one (`20-jp`: Lentera's ids start with a digit where a text does) gets `_` first. The importer reads an
    /// item's identifier back to its id (``QTIImporter/itemID(_:)``).
    static func identifier(_ id: String, item: Bool = false) -> String {
        let scalars = Array(id.unicodeScalars)
        // An item's id is read back (``QTIImporter/itemID(_:)``), so what would read back as something else is escaped
        // too: a literal `_x` (as `_x005F_x`) and a `_` before a digit at the start (which the importer takes off).
        let underscoreDigit = item && scalars.count > 1 && scalars[0] == "_" && ("0"..."9").contains(scalars[1])
        if isNCName(id), !(item && id.contains("_x")), !underscoreDigit { return id }
        var result = ""
        for (index, scalar) in scalars.enumerated() {
            if scalar == "_", (item && index + 1 < scalars.count && scalars[index + 1] == "x") || (index == 0 && underscoreDigit) {
                result += "_x005F_"
            } else if isNCName("a" + String(scalar)) {
                result.unicodeScalars.append(scalar)
            } else if scalar.isASCII {
                result += "-"
            } else {
                result += "_x" + String(scalar.value, radix: 16, uppercase: true).leftPadded(to: 4) + "_"
            }
        }
        return isNCName(result) ? result : "_" + result
    }

    static func isNCName(_ text: String) -> Bool {
        !text.isEmpty && xmlValidateNCName(text, 0) == 0
    }

    static func correctResponse(_ values: [String]) -> String {
        values.isEmpty ? "" : element("correctResponse", [], values.map { element("value", [], text($0)) }.joined())
    }
}
