import Foundation
import LenteraCore

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
    /// The top-level blocks of the last ``convert(_:unwrap:)``, in order (what it returned, cut at its blocks).
    var topBlocks: [String] = []
    var blockDepth = 0

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
        let top = blockDepth == 0
        if top { topBlocks = [] }
        blockDepth += 1
        defer { blockDepth -= 1 }
        func add(_ block: String, _ writer: inout QTIXHTMLWriter) {
            output += block
            if top, !block.isEmpty { writer.topBlocks.append(block) }
        }
        var run: [XMLNode] = []
        func flush(_ writer: inout QTIXHTMLWriter) {
            defer { run = [] }
            let inline = writer.writeInline(run, inMath: false)
            if !inline.trimmingSpaces().isEmpty { add("<p>" + inline.trimmingSpaces() + "</p>", &writer) }
        }
        for node in nodes {
            if case .element(let element) = node {
                let name = String(element.name.lowercased().split(separator: ":").last ?? "")
                if Self.blocks.contains(Self.renamed[name] ?? name) {
                    flush(&self)
                    add(writeInline([node], inMath: false), &self)
                    continue
                }
                // An element QTI has no place for keeps its content, which may hold blocks of its own.
                if Self.allowed[Self.renamed[name] ?? name] == nil, !Self.dropped.contains(name), name != "math" {
                    flush(&self)
                    add(write(element.content, inMath: false, blocks: true), &self)
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
