import LenteraCore

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
        var used: Set<String> = []
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
                    item.id = QuestionID.unused(item.id, in: &used)
                    item = rebased(item, from: CoursePath.directory(of: path))
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
        let bytes = Array(decoded.utf8)
        guard !bytes.isEmpty, bytes.first != UInt8(ascii: "/"), !bytes.contains(UInt8(ascii: "\\")), !bytes.contains(0) else { return nil }
        // A scheme (`http:`) is a colon before any slash, looked for byte by byte as a URL parser does.
        if let colon = bytes.firstIndex(of: UInt8(ascii: ":")), !bytes[..<colon].contains(UInt8(ascii: "/")) { return nil }
        var parts: [String] = []
        for part in CoursePath.components(decoded) {
            if part.utf8.elementsEqual(".".utf8) { continue }
            if part.utf8.elementsEqual("..".utf8) { return nil }
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

    /// An item read from a folder of its package (`items/a.xml`) with the relative images and links of its texts
    /// made relative to the manifest's folder, as every path of the package is read (`../media/x.png` becomes
    /// `media/x.png`); one that would leave the package stays as written, and is reported missing where the quiz is
    /// loaded. (Matching and ordering texts stay as written: a QTI item's rules read the answers by them.)
    static func rebased(_ item: QuizItem, from directory: String) -> QuizItem {
        guard !directory.isEmpty, item.format == .html else { return item }
        return item.mappingShownTexts { html in
            mappingRelativeURLs(html) { path in CoursePath.normalize(path, relativeTo: directory) }
        }
    }

    /// HTML or XML with the relative paths of its `src`, `href` and `data` attributes (written in double quotes, as
    /// Lentera writes them) changed by `change`, percent escapes decoded first; nil keeps one as written. Query and
    /// fragment stay.
    static func mappingRelativeURLs(_ html: String, _ change: (String) -> String?) -> String {
        guard html.contains("=\"") else { return html }
        return html.replacing(/\b(src|href|data)="([^"]*)"/) { match in
            let value = String(match.output.2).replacingOccurrences(of: "&amp;", with: "&")
            let end = value.firstIndex { $0 == "#" || $0 == "?" } ?? value.endIndex
            let path = String(value[..<end])
            let scheme = path.firstIndex(of: ":").map { $0 < (path.firstIndex(of: "/") ?? path.endIndex) } ?? false
            guard !path.isEmpty, !path.hasPrefix("/"), !scheme, let decoded = path.removingPercentEncoding, let changed = change(decoded) else {
                return String(match.output.0)
            }
            let encoded = changed.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed) ?? changed
            return "\(match.output.1)=\"" + escapeAttribute(encoded + value[end...]) + "\""
        }
    }

    /// An item's id from its identifier, as Lentera writes ids (``QTIXML/identifier(_:)``): `_` before a digit taken
    /// off, `_xHHHH_` read back to its character; then only letters, digits (any script), marks, `-`, `_` and `.`, any
    /// other character `-`.
    static func itemID(_ identifier: String) -> String {
        var identifier = identifier.trimmingSpaces()
        if identifier.hasPrefix("_"), let second = identifier.unicodeScalars.dropFirst().first, second >= "0" && second <= "9" {
            identifier.removeFirst()
        }
        return sanitizedID(decodedName(identifier))
    }

    /// `_xHHHH_` sequences (four to six hexadecimal digits) as the characters they name.
    static func decodedName(_ text: String) -> String {
        guard text.contains("_x") else { return text }
        var result = ""
        var rest = Substring(text)
        while let start = rest.range(of: "_x") {
            result += rest[..<start.lowerBound]
            let after = rest[start.upperBound...]
            let hex = after.prefix(while: \.isHexDigit)
            if (4...6).contains(hex.count), after.dropFirst(hex.count).first == "_", let value = UInt32(hex, radix: 16),
                let scalar = Unicode.Scalar(value)
            {
                result.unicodeScalars.append(scalar)
                rest = after.dropFirst(hex.count + 1)
            } else {
                result += "_x"
                rest = after
            }
        }
        return result + rest
    }

    /// An id Lentera can use: letters, digits and marks of any script, `-`, `_` and `.`; any other character `-`.
    static func sanitizedID(_ identifier: String) -> String {
        let allowed = identifier.unicodeScalars.map { scalar -> Character in
            let value = scalar.value
            let ascii =
                (value >= 0x30 && value <= 0x39) || (value >= 0x41 && value <= 0x5A) || (value >= 0x61 && value <= 0x7A)
                || scalar == "-" || scalar == "_" || scalar == "."
            let other =
                !scalar.isASCII
                && (scalar.properties.isAlphabetic
                    || [.decimalNumber, .nonspacingMark, .spacingMark].contains(scalar.properties.generalCategory))
            return ascii || other ? Character(scalar) : "-"
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

    static func sameText(_ text: String, response: String, line: Int) -> QuizProblem {
        QuizProblem(
            line: line, indonesian: "respons \"\(response)\": dua pilihan bertuliskan sama (\"\(text)\"), pembelajar tidak dapat membedakannya",
            english: "response \"\(response)\": two choices read the same (\"\(text)\"), so a learner cannot tell them apart")
    }

    static func correctScoresNothing(line: Int) -> QuizProblem {
        QuizProblem(
            line: line, indonesian: "menurut pemrosesan respons item ini sendiri, jawaban benar yang dideklarasikan tidak mendapat nilai",
            english: "by the item's own response processing, its declared correct response scores nothing")
    }

    static func missingItemBody(line: Int) -> QuizProblem {
        QuizProblem(line: line, indonesian: "elemen <itemBody> wajib ada", english: "the <itemBody> element is required")
    }
}
