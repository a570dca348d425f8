/// The one escaper for the HTML and XML Lentera writes: module and quiz HTML, the pages' templates, QTI and Moodle XML
/// export. What differs between them is an option, never a second copy of the loop.
///
/// One Unicode scalar at a time, never by characters: a `"` or `<` followed by a combining mark (U+0338) is one Swift
/// character that equals neither, and a browser reads the `"` alone, closing the attribute the text was written in.
public struct MarkupEscaping: OptionSet, Sendable {
    public let rawValue: Int
    public init(rawValue: Int) { self.rawValue = rawValue }

    /// `"` as `&quot;`: the text may stand in a double-quoted attribute.
    public static let quotes = MarkupEscaping(rawValue: 1)
    /// `'` as `&#39;`: the text may stand in a single-quoted attribute (templates, as swift-mustache escapes).
    public static let apostrophes = MarkupEscaping(rawValue: 2)
    /// XML 1.0: characters it does not allow are left out, and a carriage return is written `&#13;` (a parser would
    /// turn it into a line feed).
    public static let xml = MarkupEscaping(rawValue: 4)
    /// In an XML attribute, line feeds and tabs as references too (a parser would turn them into spaces).
    public static let attributeWhitespace = MarkupEscaping(rawValue: 8)

    /// HTML text and double-quoted attribute values (``escapeText(_:)``).
    public static let html: MarkupEscaping = [.quotes]
    /// An XML element's text.
    public static let xmlText: MarkupEscaping = [.xml]
    /// A double-quoted XML attribute value.
    public static let xmlAttribute: MarkupEscaping = [.xml, .quotes, .attributeWhitespace]

    /// The text with `&`, `<`, `>` and what the options name written as references.
    public func escape(_ text: String) -> String {
        let special = text.utf8.contains { byte in
            byte == 0x26 || byte == 0x3C || byte == 0x3E || (byte == 0x22 && contains(.quotes)) || (byte == 0x27 && contains(.apostrophes))
                || (byte < 0x20 && contains(.xml)) || (byte >= 0x80 && contains(.xml))
        }
        guard special else { return text }
        var result = ""
        result.reserveCapacity(text.utf8.count + 16)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "\"" where contains(.quotes): result += "&quot;"
            case "'" where contains(.apostrophes): result += "&#39;"
            case "\r" where contains(.xml): result += "&#13;"
            case "\n" where contains(.attributeWhitespace): result += "&#10;"
            case "\t" where contains(.attributeWhitespace): result += "&#9;"
            default:
                if contains(.xml), !Self.isAllowedInXML(scalar) { continue }
                result.unicodeScalars.append(scalar)
            }
        }
        return result
    }

    /// Whether a scalar may appear in an XML 1.0 document.
    public static func isAllowedInXML(_ scalar: Unicode.Scalar) -> Bool {
        let value = scalar.value
        if value < 0x20 { return value == 0x9 || value == 0xA || value == 0xD }
        return !(value == 0xFFFE || value == 0xFFFF)
    }
}

/// Escapes text for an HTML text node or a double-quoted attribute value: `&`, `<`, `>` and `"`.
public func escapeText(_ text: String) -> String {
    MarkupEscaping.html.escape(text)
}

/// Escapes text for a double-quoted HTML attribute value.
public func escapeAttribute(_ text: String) -> String {
    escapeText(text)
}
