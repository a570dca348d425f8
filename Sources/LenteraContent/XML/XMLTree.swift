import CLibXML2
import LenteraCore

/// An element of a parsed XML document, copied out of libxml2 into plain Swift values.
public struct XMLElement: Sendable, Equatable {
    /// The local name (without prefix).
    public var name: String
    /// The namespace URI, if any.
    public var namespace: String?
    /// Attributes by local name.
    public var attributes: [String: String]
    /// Child elements in document order.
    public var children: [XMLElement]
    /// The concatenated text directly and indirectly inside the element.
    public var text: String
    /// The 1-based line the element starts on.
    public var line: Int
    /// The child elements and the text between them, in document order: what mixed content (XHTML with inline
    /// elements) needs to be written back. `children` and `text` are views of the same content.
    public var content: [XMLNode] = []

    /// The first child element with the given name.
    public func child(named name: String) -> XMLElement? {
        children.first { $0.name == name }
    }

    /// The text trimmed of surrounding whitespace.
    public var trimmedText: String { text.trimmingSpaces() }
}

/// One node of an element's mixed content: a child element or a run of text (adjacent text and CDATA merged).
public enum XMLNode: Sendable, Equatable {
    /// A child element.
    case element(XMLElement)
    /// Character data, with references already replaced.
    case text(String)
}

/// Why an XML document could not be read.
public struct XMLParseError: Error, Sendable, Equatable {
    /// The 1-based line of the problem, when known.
    public var line: Int?
    /// What is wrong.
    public var kind: ProblemKind
}

/// Parses XML safely with libxml2: no network, no DTD loading, no entity substitution, and no DOCTYPE but a bare one.
public enum SafeXMLParser {
    /// The largest document accepted, in bytes.
    public static let maximumSize = 8 * 1024 * 1024

    /// Parses a document and returns its root element.
    public static func parse(_ bytes: [UInt8]) throws(XMLParseError) -> XMLElement {
        guard bytes.count <= maximumSize else {
            throw XMLParseError(line: nil, kind: .malformedXML("document larger than \(maximumSize / 1024 / 1024) MB"))
        }
        guard let context = xmlNewParserCtxt() else {
            throw XMLParseError(line: nil, kind: .malformedXML("parser could not start"))
        }
        defer { xmlFreeParserCtxt(context) }
        // No XML_PARSE_NOENT (no entity substitution), no DTDLOAD/DTDATTR, no HUGE (libxml2 keeps its limits).
        let options = Int32(
            XML_PARSE_NONET.rawValue | XML_PARSE_NOERROR.rawValue | XML_PARSE_NOWARNING.rawValue
                | XML_PARSE_NOCDATA.rawValue
        )
        let collector = ErrorCollector()
        let unmanaged = Unmanaged.passRetained(collector)
        defer { unmanaged.release() }
        context.pointee._private = unmanaged.toOpaque()
        context.pointee.sax.pointee.serror = { data, error in
            guard let data, let error else { return }
            let context = data.assumingMemoryBound(to: xmlParserCtxt.self)
            guard let stored = context.pointee._private else { return }
            let collector = Unmanaged<ErrorCollector>.fromOpaque(stored).takeUnretainedValue()
            guard collector.first == nil, error.pointee.level.rawValue >= XML_ERR_ERROR.rawValue else { return }
            let message = error.pointee.message.map { String(cString: $0).trimmingSpaces() } ?? "unknown error"
            collector.first = (Int(error.pointee.line), message)
        }
        let document: xmlDocPtr? = bytes.withUnsafeBufferPointer { buffer in
            buffer.baseAddress.map { base in
                base.withMemoryRebound(to: CChar.self, capacity: buffer.count) { pointer in
                    xmlCtxtReadMemory(context, pointer, Int32(buffer.count), nil, nil, options)
                }
            } ?? nil
        }
        guard let document else {
            // A document that does not parse is refused for its DOCTYPE only when that is not a bare one (a bare one
            // is allowed, and the real error is the one to report).
            if let line = doctypeLine(bytes), !isBareDoctype(bytes) {
                throw XMLParseError(line: line, kind: .doctypeNotAllowed)
            }
            if let (line, message) = collector.first {
                throw XMLParseError(line: line > 0 ? line : nil, kind: .malformedXML(message))
            }
            if let error = xmlCtxtGetLastError(context), let message = error.pointee.message {
                let text = String(cString: message).trimmingSpaces()
                let line = Int(error.pointee.line)
                throw XMLParseError(line: line > 0 ? line : nil, kind: .malformedXML(text))
            }
            throw XMLParseError(line: nil, kind: .malformedXML(bytes.isEmpty ? "the file is empty" : "unknown error"))
        }
        defer { xmlFreeDoc(document) }
        // A bare `<!DOCTYPE name>` (no public or system id, no declarations: what OpenOLAT writes before every QTI item)
        // declares nothing and is read past; any other DOCTYPE is refused.
        if let subset = document.pointee.intSubset,
            subset.pointee.ExternalID != nil || subset.pointee.SystemID != nil || subset.pointee.children != nil
                || subset.pointee.entities != nil || subset.pointee.pentities != nil || subset.pointee.notations != nil
                || subset.pointee.elements != nil || subset.pointee.attributes != nil || document.pointee.extSubset != nil
                || !isBareDoctype(bytes)
        {
            throw XMLParseError(line: doctypeLine(bytes), kind: .doctypeNotAllowed)
        }
        guard let root = xmlDocGetRootElement(document) else {
            throw XMLParseError(line: nil, kind: .malformedXML("no root element"))
        }
        return element(from: root)
    }

    /// Parses an HTML fragment (such as rendered Markdown) with libxml2's HTML parser, which repairs it as HTML 4
    /// parsers do (void elements, unclosed and misnested tags, named character references), and returns the content
    /// of the body: a tree that can always be written back as well-formed XML. No network; an empty or oversized
    /// fragment gives its text unparsed.
    public static func parseHTMLFragment(_ html: String) -> [XMLNode] {
        let bytes = Array(html.utf8)
        guard !bytes.isEmpty else { return [] }
        guard bytes.count <= maximumSize else { return [.text(html)] }
        let options = Int32(
            HTML_PARSE_RECOVER.rawValue | HTML_PARSE_NONET.rawValue | HTML_PARSE_NOERROR.rawValue | HTML_PARSE_NOWARNING.rawValue
                | HTML_PARSE_NODEFDTD.rawValue
        )
        let document: xmlDocPtr? = bytes.withUnsafeBufferPointer { buffer in
            buffer.baseAddress.map { base in
                base.withMemoryRebound(to: CChar.self, capacity: buffer.count) { pointer in
                    htmlReadMemory(pointer, Int32(buffer.count), nil, "UTF-8", options)
                }
            } ?? nil
        }
        guard let document else { return [.text(html)] }
        defer { xmlFreeDoc(document) }
        var node = xmlDocGetRootElement(document)?.pointee.children
        while let current = node {
            if current.pointee.type == XML_ELEMENT_NODE, current.pointee.name.map({ String(cString: $0) }) == "body" {
                return element(from: current).content
            }
            node = current.pointee.next
        }
        return []
    }

    final class ErrorCollector {
        var first: (Int, String)?
    }

    /// Whether the document's `<!DOCTYPE` is a bare one: a name and `>`, no `[`, `SYSTEM` or `PUBLIC`.
    static func isBareDoctype(_ bytes: [UInt8]) -> Bool {
        let marker = Array("<!DOCTYPE".utf8)
        guard bytes.count >= marker.count,
            let start = (0...(bytes.count - marker.count)).first(where: { bytes[$0] == marker[0] && Array(bytes[$0..<($0 + marker.count)]) == marker })
        else { return false }
        guard let end = bytes[(start + marker.count)...].firstIndex(of: UInt8(ascii: ">")) else { return false }
        let words = String(decoding: bytes[(start + marker.count)..<end], as: UTF8.self)
            .split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" })
        return words.count == 1 && !words[0].contains("[")
    }

    /// The line of a `<!DOCTYPE` declaration, if the document has one.
    static func doctypeLine(_ bytes: [UInt8]) -> Int? {
        let marker = Array("<!DOCTYPE".utf8)
        guard bytes.count >= marker.count else { return nil }
        var line = 1
        for index in 0...(bytes.count - marker.count) {
            if bytes[index] == 0x0A { line += 1 }
            if bytes[index] == marker[0], Array(bytes[index..<(index + marker.count)]) == marker { return line }
        }
        return nil
    }

    static func element(from node: xmlNodePtr) -> XMLElement {
        let name = node.pointee.name.map { String(cString: $0) } ?? ""
        let namespace = node.pointee.ns?.pointee.href.map { String(cString: $0) }
        var attributes: [String: String] = [:]
        var attribute = node.pointee.properties
        while let current = attribute {
            if let attributeName = current.pointee.name {
                var value = ""
                var child = current.pointee.children
                while let textNode = child {
                    if let content = textNode.pointee.content { value += String(cString: content) }
                    child = textNode.pointee.next
                }
                attributes[String(cString: attributeName)] = value
            }
            attribute = current.pointee.next
        }
        var children: [XMLElement] = []
        var text = ""
        var content: [XMLNode] = []
        var child = node.pointee.children
        while let current = child {
            switch current.pointee.type {
            case XML_ELEMENT_NODE:
                let element = element(from: current)
                text += element.text
                children.append(element)
                content.append(.element(element))
            case XML_TEXT_NODE, XML_CDATA_SECTION_NODE:
                if let pointer = current.pointee.content {
                    let run = String(cString: pointer)
                    text += run
                    if case .text(let previous) = content.last {
                        content[content.count - 1] = .text(previous + run)
                    } else if !run.isEmpty {
                        content.append(.text(run))
                    }
                }
            default:
                break  // entity references are never expanded; comments and PIs carry no content
            }
            child = current.pointee.next
        }
        return XMLElement(
            name: name, namespace: namespace, attributes: attributes, children: children, text: text,
            line: Int(xmlGetLineNo(node)), content: content
        )
    }
}
