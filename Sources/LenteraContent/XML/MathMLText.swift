import LenteraCore

/// A formula read out as one line of text (`1/2 + 1/4`, `E = m c^2`, `√(2)`): the text alternative of a `<math>` that
/// came without one (MathML's `alttext`), so that a choice or prompt made of a formula still has a name for screen
/// readers and for tools that check pages for one (axe reads no name from inside a formula).
public enum MathMLText {
    /// The formula's text: the tokens in order, with fractions, scripts, roots and fences written the usual way.
    public static func linear(_ element: XMLElement) -> String {
        squeezed(text(of: element))
    }

    static func text(of element: XMLElement) -> String {
        let parts = element.children.map { text(of: $0) }
        func part(_ index: Int) -> String { index < parts.count ? grouped(parts[index]) : "" }
        switch element.name.lowercased() {
        case "mi", "mn", "mo", "mtext", "ms":
            return element.trimmedText
        case "mfrac":
            return part(0) + "/" + part(1)
        case "msup":
            return part(0) + "^" + part(1)
        case "msub":
            return part(0) + "_" + part(1)
        case "msubsup":
            return part(0) + "_" + part(1) + "^" + part(2)
        case "msqrt":
            return "√(" + parts.joined(separator: " ") + ")"
        case "mroot":
            return "root(" + (parts.count > 1 ? parts[1] : "") + ", " + (parts.first ?? "") + ")"
        case "munder", "mover", "munderover":
            return parts.joined(separator: " ")
        case "mfenced":
            let open = element.attributes["open"] ?? "("
            let close = element.attributes["close"] ?? ")"
            let separator = element.attributes["separators"].map { $0.trimmingSpaces().first.map(String.init) ?? "" } ?? ","
            return open + parts.joined(separator: separator + " ") + close
        case "mtr", "mlabeledtr":
            return parts.joined(separator: ", ")
        case "mtable":
            return "[" + parts.joined(separator: "; ") + "]"
        case "semantics":
            return parts.first ?? ""
        case "annotation", "annotation-xml", "mprescripts", "none", "mspace", "mphantom":
            return ""
        default:
            return parts.joined(separator: " ")
        }
    }

    /// A part of more than one token in parentheses, so `(a + b)/2` reads as written.
    static func grouped(_ text: String) -> String {
        let text = squeezed(text)
        guard text.contains(" "), !(text.hasPrefix("(") && text.hasSuffix(")")) else { return text }
        return "(" + text + ")"
    }

    static func squeezed(_ text: String) -> String {
        text.split(whereSeparator: \.isWhitespace).joined(separator: " ")
    }
}
