// The fuzz target (`make fuzz`) compiles these files on their own, with the two LenteraCore files they use.
#if canImport(LenteraCore)
import LenteraCore
#endif

/// The filter for raw HTML written inside Markdown.
///
/// Raw HTML is tokenized with the tokenizer states of the WHATWG HTML standard (13.2.5), the ones browsers run, so the
/// filter sees every tag, attribute and comment exactly where a browser will. libxml2's HTML parser was tried first:
/// it follows HTML 4 rules and repairs structure, so it reads some tags differently from browsers (a security risk for
/// a filter) and rewrites markup authors wrote on purpose, such as a `<details>` opened in one Markdown block and
/// closed in another.
///
/// Policy: elements are allowlisted among the known HTML elements (unknown names, which browsers treat as inert, stay);
/// script, style, iframe and the other active elements never reach the page, raw-text ones with their content; event
/// handlers, `style` and the other active attributes are removed; URL attributes with `javascript:`, `vbscript:`,
/// `file:` or non-image `data:` URLs are removed. A tag that passes unchanged is written exactly as the author wrote
/// it; any other is written anew from its tokens. MathML inside `<math>` passes through its own allowlist
/// (`RawHTMLFilter+MathML.swift`).
public enum RawHTMLFilter {
    /// Known HTML elements that stay.
    public static let allowedElements: Set<String> = [
        "a", "abbr", "acronym", "address", "article", "aside", "audio", "b", "bdi", "bdo", "big", "blockquote", "br",
        "caption", "center", "cite", "code", "col", "colgroup", "data", "dd", "del", "details", "dfn", "div", "dl", "dt",
        "em", "figcaption", "figure", "footer", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hgroup", "hr", "i", "img",
        "input", "ins", "kbd", "li", "main", "mark", "meter", "nav", "nobr", "ol", "p", "picture", "pre", "progress", "q",
        "rb", "rp", "rt", "rtc", "ruby", "s", "samp", "section", "small", "source", "span", "strike", "strong", "sub",
        "summary", "sup", "table", "tbody", "td", "tfoot", "th", "thead", "time", "tr", "track", "tt", "u", "ul", "var",
        "video", "wbr",
    ]
    /// Every element name of HTML (current and obsolete) and the roots of SVG and MathML; a name outside this list is
    /// an unknown element, which browsers treat as an inert span.
    static let knownElements: Set<String> = allowedElements.union([
        "applet", "area", "base", "basefont", "bgsound", "blink", "body", "button", "canvas", "datalist", "dialog", "dir",
        "embed", "fencedframe", "fieldset", "font", "form", "frame", "frameset", "head", "html", "iframe", "image",
        "isindex", "keygen", "label", "legend", "link", "listing", "map", "marquee", "math", "menu", "menuitem", "meta",
        "multicol", "nextid", "noembed", "noframes", "noscript", "object", "optgroup", "option", "output", "param",
        "plaintext", "portal", "script", "search", "select", "selectedcontent", "slot", "spacer", "style", "svg",
        "template", "textarea", "title", "xmp",
    ])
    /// Elements whose content browsers read as raw text: they are dropped together with that content.
    static let rawTextElements: Set<String> = [
        "script", "style", "xmp", "iframe", "noembed", "noframes", "textarea", "title", "noscript",
    ]
    /// Element ids the server's own pages and script use (`Templates.swift`, `lentera.js`): an author's element
    /// with one of them could stand in for the server's (a countdown at zero submits a quiz), so such ids are dropped.
    public static let reservedIDs: Set<String> = [
        "baru", "berkas", "csv", "hitung-mundur", "isi", "kategori", "kemajuan", "komentar", "lama", "nip", "q", "sandi", "tahun",
        "toc-title", "ulang", "umpan-balik",
    ]
    /// Attributes never written (besides every `on...` event handler and `data-*`).
    static let deniedAttributes: Set<String> = [
        "style", "srcdoc", "srcset", "imagesrcset", "formaction", "action", "form", "formmethod", "formtarget",
        "formenctype", "formnovalidate", "is", "http-equiv", "background", "ping", "autofocus", "popover",
        "popovertarget", "popovertargetaction", "contenteditable", "nonce", "slot", "dynsrc", "lowsrc", "xmlns",
        "attributionsrc", "shadowrootmode", "writingsuggestions",
    ]
    /// Attributes that hold URLs and are checked with ``isSafeURL(_:allowDataImages:)``.
    static let urlAttributes: Set<String> = [
        "href", "src", "cite", "poster", "data", "codebase", "longdesc", "usemap", "manifest", "xlink:href", "icon",
    ]
    static let voidElements: Set<String> = [
        "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr",
    ]

    /// Rewrites a URL attribute: given the decoded value and whether it is an image source, returns the value to
    /// write, or nil to keep it.
    public typealias URLRewrite = (_ url: String, _ isImage: Bool) -> String?

    /// Filters one raw HTML fragment.
    ///
    /// - Parameters:
    ///   - lazyImages: adds `loading="lazy"` to images, for pages read over slow links.
    ///   - placeholders: the server's own HTML to write where a placeholder (`[[g1]]`) stands in text; placeholders
    ///     inside tags, attributes or comments stay as they are.
    ///   - rewriteURL: resolves `href`, `src` and `poster` values the way Markdown links are resolved.
    public static func filter(
        _ html: String, lazyImages: Bool = false, placeholders: [String: String] = [:], rewriteURL: URLRewrite? = nil
    ) -> String {
        var math = MathContext()
        let filtered = filter(html, math: &math, lazyImages: lazyImages, placeholders: placeholders, rewriteURL: rewriteURL)
        return filtered + math.close()
    }

    /// Filters one piece of a fragment that goes on in further pieces (the raw HTML of one Markdown paragraph comes in
    /// as one piece per tag): `math` carries an open `<math>` from piece to piece, and the caller closes it where the
    /// fragment ends (``MathContext/close()``).
    public static func filter(
        _ html: String, math: inout MathContext, lazyImages: Bool = false, placeholders: [String: String] = [:],
        rewriteURL: URLRewrite? = nil
    ) -> String {
        var tokenizer = Tokenizer(Array(html.utf8))
        var output: [UInt8] = []
        output.reserveCapacity(tokenizer.input.count)
        while let token = tokenizer.next() {
            if math.skipping > 0, case .tag(let tag) = token, !RawHTMLFilter.mathSkippedElements.contains(tag.name) { continue }
            switch token {
            case .text(let range):
                if math.skipping > 0 { continue }
                // A `<` that a browser reads as text is written `&lt;`: once a tag next to it is dropped, it could
                // otherwise open a new tag with the text that follows.
                var text: [UInt8] = []
                text.reserveCapacity(range.count)
                for byte in tokenizer.input[range] {
                    if byte == UInt8(ascii: "<") { text += Array("&lt;".utf8) } else { text.append(byte) }
                }
                if placeholders.isEmpty {
                    output += text
                } else {
                    // A gap control is HTML: a formula open around it ends before it.
                    if math.isOpen, placeholders.keys.contains(where: { !$0.isEmpty && String(decoding: text, as: UTF8.self).contains($0) }) {
                        output += Array(math.close().utf8)
                    }
                    output += Array(replacingPlaceholders(String(decoding: text, as: UTF8.self), placeholders).utf8)
                }
            case .comment(let range, let isComplete):
                if math.skipping > 0 { continue }
                // Only a plain comment is kept: `<!--`, text with no `<`, `>` or `--`, `-->`. Everything else that
                // browsers read as a comment (`<!x>`, `</1>`, `<?x>`, `<![CDATA[`, one left open, which would hide the
                // rest of the page) is dropped: parsers differ on where such markup ends, and a filter must never
                // pass bytes whose reading depends on the parser. So is a comment that looks like the server's own
                // page markers (`<!--lentera:...-->`).
                if isComplete, isPlainComment(tokenizer.input[range]), !isReservedMarker(tokenizer.input[range]) {
                    output += tokenizer.input[range]
                }
            case .tag(let tag):
                if !tag.isEnd, rawTextElements.contains(tag.name), tag.isComplete {
                    tokenizer.skipRawText(until: tag.name)
                    continue
                }
                if tag.name == "plaintext" && !tag.isEnd {
                    return String(decoding: output, as: UTF8.self)
                }
                if math.isOpen || tag.name == "math" {
                    output += writeMath(tag, math: &math)
                } else {
                    output += write(tag, from: tokenizer.input, lazyImages: lazyImages, rewriteURL: rewriteURL)
                }
            }
        }
        return String(decoding: output, as: UTF8.self)
    }

    /// Plain text as HTML: escaped, line breaks as `<br>`, placeholders replaced by their HTML.
    public static func escapedText(_ text: String, placeholders: [String: String] = [:]) -> String {
        var pieces: [String] = []
        for line in text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" }) {
            var escaped = escapeText(String(line))
            // The escaped text holds no markup, so a placeholder found in it is text, never part of a tag.
            if !placeholders.isEmpty { escaped = replacingPlaceholders(escaped, placeholders.filter { escapeText($0.key) == $0.key }) }
            pieces.append(escaped)
        }
        return pieces.joined(separator: "<br>")
    }

    /// Text with each placeholder replaced by its HTML, in one pass from left to right.
    static func replacingPlaceholders(_ text: String, _ placeholders: [String: String]) -> String {
        guard placeholders.keys.contains(where: { !$0.isEmpty && text.contains($0) }) else { return text }
        var result = ""
        var rest = Substring(text)
        while let (key, range) = placeholders.keys.filter({ !$0.isEmpty }).compactMap({ key in rest.range(of: key).map { (key, $0) } })
            .min(by: { $0.1.lowerBound < $1.1.lowerBound })
        {
            result += rest[..<range.lowerBound]
            result += placeholders[key] ?? ""
            rest = rest[range.upperBound...]
        }
        return result + rest
    }

    /// Whether a comment token is `<!--`, text without `<`, `>` or `--` (nor a `-` next to the ends), and `-->`.
    static func isPlainComment(_ bytes: ArraySlice<UInt8>) -> Bool {
        let open = Array("<!--".utf8)
        let close = Array("-->".utf8)
        guard bytes.count >= open.count + close.count, bytes.prefix(4).elementsEqual(open), bytes.suffix(3).elementsEqual(close) else { return false }
        let inner = bytes.dropFirst(4).dropLast(3)
        if inner.first == UInt8(ascii: "-") || inner.last == UInt8(ascii: "-") { return false }
        var previous: UInt8 = 0
        for byte in inner {
            if byte == UInt8(ascii: "<") || byte == UInt8(ascii: ">") || (byte == UInt8(ascii: "-") && previous == UInt8(ascii: "-")) { return false }
            previous = byte
        }
        return true
    }

    /// Whether an element name is one browsers and every HTML parser read the same way: ASCII letters and digits,
    /// with single hyphens between them (custom elements). Any other name is dropped with its tag.
    static func isPlainElementName(_ name: String) -> Bool {
        guard let first = name.utf8.first, Tokenizer.isAlpha(first), name.utf8.last != UInt8(ascii: "-"),
            name.utf8.count <= longestName
        else { return false }
        var previous: UInt8 = 0
        for byte in name.utf8 {
            let isAlphanumeric = Tokenizer.isAlpha(byte) || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
            guard isAlphanumeric || (byte == UInt8(ascii: "-") && previous != UInt8(ascii: "-")) else { return false }
            previous = byte
        }
        return true
    }

    static func isReservedMarker(_ comment: ArraySlice<UInt8>) -> Bool {
        let text = String(decoding: comment, as: UTF8.self).lowercased().filter { !$0.isWhitespace }
        return text.hasPrefix("<!--lentera:") || text.hasPrefix("<!--/lentera:")
    }

    /// The bytes to write for a tag: the original when it passes unchanged, a rewritten tag, or nothing.
    static func write(_ tag: Tag, from input: [UInt8], lazyImages: Bool, rewriteURL: URLRewrite?) -> [UInt8] {
        let known = knownElements.contains(tag.name)
        guard !known || allowedElements.contains(tag.name), isPlainElementName(tag.name) else { return [] }
        if tag.isEnd {
            // Written anew: whatever stood after the name in an end tag is read differently by different parsers.
            return Array("</\(tag.name)>".utf8)
        }
        var kept: [Attribute] = []
        var seen: Set<String> = []
        // A `<` inside the tag (in a value) is written escaped: nothing tag-like survives inside attributes. A `/`
        // between attributes (`<span a/b='…' c="…">`) is read as a separator by browsers and as part of a name by
        // other parsers (libxml2), which then find attributes browsers do not: such a tag is written anew too.
        let inside = input[tag.range].dropFirst()
        var changed = !tag.isComplete || inside.contains(UInt8(ascii: "<")) || inside.dropLast(2).contains(UInt8(ascii: "/"))
            || inside.contains(UInt8(ascii: "'"))
        for var attribute in tag.attributes {
            guard !seen.contains(attribute.name) else { continue }  // browsers keep the first of duplicates
            seen.insert(attribute.name)
            if urlAttributes.contains(attribute.name), attribute.value.contains("&") {
                // Written from the decoded value, so what a browser reads is what was checked (a named reference the
                // filter does not know stays as written, and refuses the URL if it stands in the scheme).
                (attribute.value, attribute.html) = readCharacterReferences(attribute.value)
                changed = true
            }
            if let rewriteURL, ["href", "src", "poster"].contains(attribute.name), attribute.hasValue,
                let replacement = rewriteURL(attribute.value, tag.name == "img" && attribute.name == "src")
            {
                attribute.value = replacement
                attribute.html = nil
                changed = true
            }
            if isWritableName(attribute.name), isAllowed(attribute, on: tag.name) {
                kept.append(attribute)
            } else {
                changed = true
            }
        }
        if tag.name == "input" {
            // Only the checkboxes of task lists, and never live ones.
            guard kept.contains(where: { $0.name == "type" && $0.value.lowercased() == "checkbox" }) else { return [] }
            if !kept.contains(where: { $0.name == "disabled" }) {
                kept.append(Attribute(name: "disabled", value: "", hasValue: true))
                changed = true
            }
        }
        let addLazy = lazyImages && tag.name == "img" && !kept.contains { $0.name == "loading" }
        if !changed {
            var bytes = Array(input[tag.range])
            if addLazy { bytes.insert(contentsOf: Array(" loading=\"lazy\"".utf8), at: 4) }
            return bytes
        }
        // `loading` goes first, as in the unchanged case, so the renderer's pass for Markdown images skips the tag.
        var text = "<" + tag.name + (addLazy ? " loading=\"lazy\"" : "")
        for attribute in kept where isWritableName(attribute.name) {
            text += attribute.hasValue ? " \(attribute.name)=\"\(attribute.html ?? escapeAttribute(attribute.value))\"" : " \(attribute.name)"
        }
        text += voidElements.contains(tag.name) ? " />" : ">"
        return Array(text.utf8)
    }

    static func isAllowed(_ attribute: Attribute, on element: String) -> Bool {
        let name = attribute.name
        if name.hasPrefix("on") || deniedAttributes.contains(name) || name.hasPrefix("xmlns") || name.hasPrefix("xlink:") {
            return false
        }
        // The server's script reads `data-*` and looks elements up by id; `name` makes document properties.
        if name.hasPrefix("data-") || name == "name" { return false }
        if name == "id" || name == "for", isReservedID(attribute.value) { return false }
        if urlAttributes.contains(name) {
            // Values holding `&` were decoded already (see `write`): checked as written.
            return isSafeURL(attribute.value, allowDataImages: element == "img" && name == "src")
        }
        return true
    }

    /// The longest element or attribute name written. libxml2's HTML parser reads at most 100 bytes of a name and the
    /// rest as another one (`<g bbb…baction=x>` has an `action` for it), where browsers read one long name: a name
    /// past this length is dropped, so parsers agree (a fuzzer finding, kept in the corpus).
    static let longestName = 64

    /// Whether an attribute name is one every parser reads alike: ASCII letters, digits, `-`, `_`, `:` and `.`, starting
    /// with a letter, at most ``longestName`` bytes. Browsers take almost any character into a name; other parsers stop
    /// early and read what follows as another attribute, so any other name is dropped.
    static func isWritableName(_ name: String) -> Bool {
        guard let first = name.utf8.first, Tokenizer.isAlpha(first), name.utf8.count <= longestName else { return false }
        return name.utf8.allSatisfy { byte in
            Tokenizer.isAlpha(byte) || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) || "-_:.".utf8.contains(byte)
        }
    }

    /// Whether a URL may be written: anything but `javascript:`, `vbscript:`, `file:` and non-image `data:` URLs.
    ///
    /// Schemes are read the way browsers read them, after dropping whitespace and control characters. A value whose
    /// scheme part holds a character reference the filter cannot decode is refused.
    public static func isSafeURL(_ value: String, allowDataImages: Bool = false) -> Bool {
        // By Unicode scalars, as a browser reads a URL: compared as Swift characters, `javascript:` followed by a
        // combining mark does not start with "javascript:".
        let compact = Array(String(String.UnicodeScalarView(value.unicodeScalars.filter { $0.value > 0x20 && $0.value != 0x7F }))
            .lowercased().unicodeScalars)
        let schemeEnd = compact.firstIndex { $0 == "/" || $0 == "?" || $0 == "#" } ?? compact.endIndex
        if let colon = compact[..<schemeEnd].firstIndex(of: ":"), compact[..<colon].contains("&") { return false }
        let starts = { (prefix: String) in compact.starts(with: prefix.unicodeScalars) }
        for scheme in ["javascript:", "vbscript:", "file:", "livescript:", "mocha:"] where starts(scheme) {
            return false
        }
        if starts("data:") {
            let rest = compact.dropFirst(5)
            return allowDataImages && ["image/png", "image/gif", "image/jpeg", "image/webp"].contains { rest.starts(with: $0.unicodeScalars) }
        }
        return true
    }

    /// Decodes numeric character references and the named ones that can spell a scheme.
    static func decodeCharacterReferences(_ value: String) -> String {
        readCharacterReferences(value).decoded
    }

    /// An attribute value read as a browser reads it (`decoded`: numeric references and the named ones that can spell a
    /// scheme), and the same value written again for a double-quoted attribute (`html`), in which a named reference the
    /// filter does not know is kept as written, so that a browser decodes it as before.
    static func readCharacterReferences(_ value: String) -> (decoded: String, html: String) {
        guard value.contains("&") else { return (value, escapeAttribute(value)) }
        let named: [String: String] = [
            "amp": "&", "lt": "<", "gt": ">", "quot": "\"", "apos": "'", "colon": ":", "tab": "\t", "newline": "\n",
            "nbsp": "\u{A0}", "sol": "/", "num": "#", "quest": "?", "period": ".", "lpar": "(", "rpar": ")",
        ]
        var result = ""
        var html = ""
        var index = value.startIndex
        while index < value.endIndex {
            guard value[index] == "&" else {
                result.append(value[index])
                html += escapeAttribute(String(value[index]))
                index = value.index(after: index)
                continue
            }
            var end = value.index(after: index)
            var decoded: String?
            if end < value.endIndex, value[end] == "#" {
                // Numeric, as browsers read it: the digits of its base only, the `;` optional, out-of-range values
                // as U+FFFD.
                end = value.index(after: end)
                var radix = 10
                if end < value.endIndex, value[end] == "x" || value[end] == "X" {
                    radix = 16
                    end = value.index(after: end)
                }
                let digitsStart = end
                while end < value.endIndex, value[end].isASCII, value[end].isHexDigit, radix == 16 || value[end].isNumber {
                    end = value.index(after: end)
                }
                let digits = value[digitsStart..<end].drop { $0 == "0" }
                if digitsStart < end {
                    let code = digits.count > 8 ? nil : UInt32(digits.isEmpty ? "0" : String(digits), radix: radix)
                    let scalar = code.flatMap { $0 == 0 ? nil : Unicode.Scalar($0) } ?? "\u{FFFD}"
                    decoded = String(scalar)
                }
            } else {
                while end < value.endIndex, value[end].isASCII, value[end].isLetter || value[end].isNumber { end = value.index(after: end) }
                decoded = named[value[value.index(after: index)..<end].lowercased()]
            }
            let next = end < value.endIndex && value[end] == ";" ? value.index(after: end) : end
            if let decoded {
                result += decoded
                html += escapeAttribute(decoded)
                index = next
            } else if end > value.index(after: index), end < value.endIndex, value[end] == ";", !value[value.index(after: index)..<end].hasPrefix("#") {
                // A named reference the filter does not know (`&ouml;`): kept whole as written, so a browser decodes it
                // as before; it is refused if it stands in the scheme, where only known ones could matter.
                let reference = value[index...end]
                result += reference
                html += reference
                index = value.index(after: end)
            } else {
                // A bare `&`: written as `&amp;`, so nothing after it can join it into a reference.
                result.append("&")
                html += "&amp;"
                index = value.index(after: index)
            }
        }
        return (result, html)
    }
}
