import CLibXML2
import Foundation

/// A second parser's view of HTML: libxml2 reads an output of the renderer or the filter, and this lists whatever in
/// it would run script. Shared by the property test and the libFuzzer target (`make fuzz`), which compiles this file.
enum HTMLOracle {
    /// What a formula must never hold: the elements of the known namespace-confusion bypasses and the HTML integration
    /// point. Anything else inside `<math>` is checked as everywhere (Markdown's own `<em>` may stand there).
    static let forbiddenInMath: Set<String> = ["mglyph", "malignmark", "annotation-xml", "svg", "style", "script"]

    /// What is wrong with an HTML fragment as a browser would run it, read by libxml2's HTML parser; empty when nothing.
    static func problems(in html: String) -> [String] {
        let wrapped = "<!DOCTYPE html><html><body>" + html + "</body></html>"
        let options = Int32(HTML_PARSE_RECOVER.rawValue | HTML_PARSE_NOERROR.rawValue | HTML_PARSE_NOWARNING.rawValue | HTML_PARSE_NONET.rawValue)
        let bytes = Array(wrapped.utf8)
        guard let document = bytes.withUnsafeBufferPointer({ buffer in
            buffer.baseAddress!.withMemoryRebound(to: CChar.self, capacity: buffer.count) {
                htmlReadMemory($0, Int32(buffer.count), "about:blank", "UTF-8", options)
            }
        }) else { return ["libxml2 could not parse the output"] }
        defer { xmlFreeDoc(document) }
        var found: [String] = []
        var inMath = false
        func visit(_ node: xmlNodePtr?) {
            var node = node
            while let current = node {
                if current.pointee.type == XML_ELEMENT_NODE {
                    let name = String(cString: current.pointee.name).lowercased()
                    if ["script", "style", "iframe", "object", "embed", "base", "meta", "svg", "form", "frame", "frameset", "applet",
                        "link", "template"].contains(name)
                    {
                        found.append("<\(name)> element")
                    }
                    if inMath, forbiddenInMath.contains(name) { found.append("<\(name)> inside <math>") }
                    var attribute = current.pointee.properties
                    while let property = attribute {
                        let attributeName = String(cString: property.pointee.name).lowercased()
                        var value = ""
                        if let text = xmlNodeListGetString(document, property.pointee.children, 1) {
                            value = String(cString: text)
                            free(text)  // libxml2 allocates with malloc (xmlFree is a global function pointer)
                        }
                        if attributeName.hasPrefix("on") { found.append("\(attributeName) on <\(name)>") }
                        if inMath || name == "math", ["xlink:href", "encoding", "definitionurl"].contains(attributeName) {
                            found.append("\(attributeName) on MathML <\(name)>")
                        }
                        if ["style", "srcdoc", "formaction", "action", "srcset"].contains(attributeName) {
                            found.append("\(attributeName) on <\(name)>")
                        }
                        if ["href", "src", "poster", "xlink:href", "data", "background", "cite", "action", "formaction"].contains(attributeName) {
                            let compact = String(String.UnicodeScalarView(value.unicodeScalars.filter { $0.value > 0x20 && $0.value != 0x7F })).lowercased()
                            let isImage = name == "img" && attributeName == "src"
                            if compact.hasPrefix("javascript:") || compact.hasPrefix("vbscript:") || compact.hasPrefix("livescript:")
                                || (compact.hasPrefix("data:") && !(isImage && compact.hasPrefix("data:image/")))
                            {
                                found.append("\(attributeName)=\(value) on <\(name)>")
                            }
                        }
                        attribute = property.pointee.next
                    }
                }
                if current.pointee.type == XML_CDATA_SECTION_NODE, inMath { found.append("CDATA inside <math>") }
                let wasInMath = inMath
                if current.pointee.type == XML_ELEMENT_NODE, String(cString: current.pointee.name).lowercased() == "math" { inMath = true }
                visit(current.pointee.children)
                inMath = wasInMath
                node = current.pointee.next
            }
        }
        visit(xmlDocGetRootElement(document))
        return found
    }
}
