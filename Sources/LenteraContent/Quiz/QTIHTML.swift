import Foundation
import LenteraCore

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
                output += escapeText(preformatted ? text : collapsed(text))
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
                var attributes = element.attributes
                if name == "math", attributes["alttext"] == nil {
                    // A formula's text alternative, for a choice made of a formula to have a name (`MathMLText`).
                    let text = MathMLText.linear(element)
                    if !text.isEmpty { attributes["alttext"] = text }
                }
                output += "<" + element.name
                for key in attributes.keys.sorted() {
                    output += " " + key + "=\"" + escapeAttribute(attributes[key] ?? "") + "\""
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
}
