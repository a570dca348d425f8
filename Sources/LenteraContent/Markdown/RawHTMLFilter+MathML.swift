// The fuzz target (`make fuzz`) compiles these files on their own, with the two LenteraCore files they use.
#if canImport(LenteraCore)
import LenteraCore
#endif

/// MathML in raw HTML: formulas in QTI prompts and choices, in GIFT `[html]` and Moodle XML texts, and in Markdown.
///
/// Inside `<math>` only presentation MathML passes: the elements of MathML Core and the few of MathML 3 that items
/// still carry (`mfenced`, `menclose`, elementary math), each written anew from its tokens with the attributes of an
/// allowlist and their values escaped. Nothing else inside a formula is written: no HTML element (a browser would end
/// the formula there), no `href` or other URL (Firefox made MathML elements into links), no `mglyph` or `malignmark`
/// (the elements of the known namespace-confusion bypasses), no `annotation-xml` with its content (an HTML
/// integration point, and never shown). CDATA sections, which browsers read only inside foreign content, are dropped
/// by the filter everywhere, so no byte of the output is read differently inside a formula than outside one.
///
/// The formula written is always well nested, so a browser builds the tree the filter tracks: the filter keeps the
/// stack of open elements, writes an end tag only for an open element (closing those inside it), takes only text
/// inside the token elements (`mi`, `mn`, `mo`, `ms`, `mtext`: a browser reads a tag there as HTML, which end tags
/// cannot close), and closes whatever is open where the fragment ends. Sizes and shifts are bounded and `voffset`
/// dropped, so a formula cannot be drawn over the page around it (`style.css` clips it to its box as well). A
/// formula's `alttext` becomes its `aria-label`, the name a choice made of a formula is read by.
extension RawHTMLFilter {
    /// Elements written inside `<math>`.
    public static let mathElements: Set<String> = [
        "math", "annotation", "maction", "menclose", "merror", "mfenced", "mfrac", "mi", "mlabeledtr", "mlongdiv",
        "mmultiscripts", "mn", "mo", "mover", "mpadded", "mphantom", "mprescripts", "mroot", "mrow", "ms", "mscarries",
        "mscarry", "msgroup", "msline", "mspace", "msqrt", "msrow", "mstack", "mstyle", "msub", "msubsup", "msup", "mtable",
        "mtd", "mtext", "mtr", "munder", "munderover", "none", "semantics",
    ]
    /// MathML's token elements (and `annotation`), which hold text only: a browser reads any tag inside them as HTML.
    static let mathTokenElements: Set<String> = ["mi", "mn", "mo", "ms", "mtext", "annotation"]
    /// Elements inside `<math>` dropped together with their content.
    static let mathSkippedElements: Set<String> = ["annotation-xml"]
    /// Attributes written on MathML elements: presentation only, no URL, no event, no style, no shift.
    public static let mathAttributes: Set<String> = [
        "accent", "accentunder", "actiontype", "align", "alttext", "aria-label", "bevelled", "class", "close", "columnalign",
        "columnlines", "columnspacing", "columnspan", "denomalign", "depth", "dir", "display", "displaystyle", "equalcolumns",
        "equalrows", "fence", "form", "frame", "framespacing", "height", "id", "largeop", "linethickness", "lquote", "lspace",
        "mathbackground", "mathcolor", "mathsize", "mathvariant", "maxsize", "minsize", "movablelimits", "notation", "numalign",
        "open", "rowalign", "rowlines", "rowspacing", "rowspan", "rquote", "rspace", "scriptlevel", "selection", "separator",
        "separators", "stretchy", "subscriptshift", "superscriptshift", "symmetric", "title", "width",
    ]
    /// Attributes that size or move what they stand on: written only as a small, non-negative length.
    static let mathLengthAttributes: Set<String> = [
        "depth", "height", "lspace", "mathsize", "maxsize", "minsize", "rspace", "subscriptshift", "superscriptshift", "width",
        "linethickness",
    ]

    /// Where the filter stands in MathML: the elements open, outermost first, and the skipped elements open inside them.
    public struct MathContext: Sendable {
        /// The MathML elements open, the formula's `math` first.
        var open: [String] = []
        /// Skipped elements (``RawHTMLFilter/mathSkippedElements``) opened and not yet closed: their content is dropped.
        var skipping = 0

        public init() {}

        /// Whether a formula is open.
        public var isOpen: Bool { !open.isEmpty }

        /// The end tags of everything still open, written where the fragment ends, so that a formula left open never
        /// takes in the page that follows.
        public mutating func close() -> String {
            defer { self = MathContext() }
            return open.reversed().map { "</\($0)>" }.joined()
        }
    }

    /// The bytes to write for a tag inside a formula, or for a `<math>` tag: written anew, or nothing.
    static func writeMath(_ tag: Tag, math: inout MathContext) -> [UInt8] {
        if mathSkippedElements.contains(tag.name) {
            if tag.isEnd {
                math.skipping = max(0, math.skipping - 1)
            } else if !tag.isSelfClosing {
                math.skipping += 1
            }
            return []
        }
        guard math.skipping == 0, tag.isComplete else { return [] }
        if tag.isEnd {
            // Only an open element is closed, with whatever is open inside it, as a browser closes it.
            guard let index = math.open.lastIndex(of: tag.name) else { return [] }
            let closing = math.open[index...].reversed().map { "</\($0)>" }.joined()
            math.open.removeSubrange(index...)
            return Array(closing.utf8)
        }
        guard mathElements.contains(tag.name) else { return [] }
        if let current = math.open.last, mathTokenElements.contains(current) { return [] }
        var text = "<" + tag.name
        var seen: Set<String> = []
        var alternative: String?
        for attribute in tag.attributes where !seen.contains(attribute.name) {
            seen.insert(attribute.name)  // browsers keep the first of duplicates
            guard mathAttributes.contains(attribute.name) else { continue }
            let value = readCharacterReferences(attribute.value)
            if attribute.name == "id", isReservedID(attribute.value) { continue }
            if mathLengthAttributes.contains(attribute.name), !isModestLength(value.decoded) { continue }
            if attribute.name == "alttext" { alternative = value.decoded }
            text += attribute.hasValue ? " \(attribute.name)=\"\(value.html)\"" : " \(attribute.name)"
        }
        if tag.name == "math", !seen.contains("aria-label"), let alternative, alternative.contains(where: { !$0.isWhitespace }) {
            // Screen readers and checkers read no name from inside a formula (a choice made of one would have none):
            // its text alternative becomes its label.
            text += " aria-label=\"\(escapeAttribute(alternative))\""
        }
        if tag.isSelfClosing {
            // Outside the token elements a browser acknowledges the flag: `<mspace/>` is empty, `<math/>` an empty formula.
            return Array((tag.name == "math" ? text + "></math>" : text + " />").utf8)
        }
        math.open.append(tag.name)
        return Array((text + ">").utf8)
    }

    /// Whether a length is non-negative and small enough to stay near its formula: a number with `em`, `ex`, `px`,
    /// `pt` or `%`, or one of MathML's named sizes and spaces that are not negative.
    static func isModestLength(_ value: String) -> Bool {
        let value = value.lowercased().filter { !$0.isWhitespace }
        if ["thin", "medium", "thick", "small", "normal", "big", "infinity", "veryverythinmathspace", "verythinmathspace",
            "thinmathspace", "mediummathspace", "thickmathspace", "verythickmathspace", "veryverythickmathspace"].contains(value)
        {
            return true
        }
        let limits: [(unit: String, limit: Double)] = [("em", 5), ("ex", 10), ("px", 80), ("pt", 60), ("%", 300), ("", 5)]
        for (unit, limit) in limits where value.hasSuffix(unit) {
            let number = value.dropLast(unit.count)
            guard !number.isEmpty, number.allSatisfy({ $0.isASCII && ($0.isNumber || $0 == ".") }), let amount = Double(number) else { continue }
            return amount <= limit
        }
        return false
    }

    /// Whether an `id` (or `for`) value names one of the server's own elements once a browser decodes it; a value with a
    /// character reference the filter cannot decode is refused too.
    static func isReservedID(_ value: String) -> Bool {
        let decoded = readCharacterReferences(value).decoded
        if decoded.contains("&") { return true }
        return reservedIDs.contains(decoded.lowercased().filter { !$0.isWhitespace })
    }
}
