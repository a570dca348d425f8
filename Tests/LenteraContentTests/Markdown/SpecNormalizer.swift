/// The HTML normalisation of the CommonMark spec's test runner (test/normalize.py), ported for comparing output:
/// attributes sorted, entities decoded and re-escaped, whitespace collapsed outside `pre` and trimmed at block tags,
/// `<br />` read as `<br>`. What the renderer adds for authors' pages can be left out: heading ids (`dropHeadingIDs`),
/// and the accessibility markup (`dropAccessibilityMarkup`): `tabindex` on `pre` and `table`, `label` tags around a
/// task list item's checkbox and text.
enum SpecNormalizer {
    static let blockTags: Set<String> = [
        "article", "header", "aside", "hgroup", "blockquote", "hr", "iframe", "body", "li", "map", "button", "object",
        "canvas", "ol", "caption", "output", "col", "p", "colgroup", "pre", "dd", "progress", "div", "section", "dl",
        "table", "td", "dt", "tbody", "embed", "textarea", "fieldset", "tfoot", "figcaption", "th", "figure", "thead",
        "footer", "tr", "form", "ul", "h1", "h2", "h3", "h4", "h5", "h6", "video", "script", "style",
    ]
    static let entities: [String: String] = ["amp": "&", "lt": "<", "gt": ">", "quot": "\"", "apos": "'", "nbsp": "\u{A0}", "copy": "©", "ouml": "ö"]

    enum Last { case none, startTag, endTag, data }

    static func normalize(_ html: String, dropHeadingIDs: Bool = false, dropAccessibilityMarkup: Bool = false) -> String {
        var output = ""
        var last = Last.none
        var lastTag = ""
        var inPre = false
        var index = html.startIndex
        func isBlock(_ tag: String) -> Bool { blockTags.contains(tag) }
        func handleData(_ raw: String) {
            var data = decode(raw)
            let afterTag = last == .endTag || last == .startTag
            let afterBlock = afterTag && isBlock(lastTag)
            if afterTag && lastTag == "br" {
                while data.hasPrefix("\n") { data.removeFirst() }
            }
            if !inPre { data = collapse(data) }
            if afterBlock && !inPre {
                if last == .startTag {
                    data = String(data.drop(while: { $0.isWhitespace }))
                } else if last == .endTag {
                    data = data.trimmingCharacters(in: .whitespacesAndNewlines)
                }
            }
            output += escape(data)
            last = .data
        }
        var pendingText = ""
        func flush() {
            if !pendingText.isEmpty { handleData(pendingText) }
            pendingText = ""
        }
        while index < html.endIndex {
            let rest = html[index...]
            if rest.hasPrefix("<!--"), let end = rest.range(of: "-->") {
                flush()
                output += String(rest[..<end.upperBound])
                index = end.upperBound
                last = .data
                continue
            }
            if rest.hasPrefix("<"), let tag = parseTag(rest) {
                // A label tag is skipped as if it were not there: the text on either side stays one run of text.
                if dropAccessibilityMarkup, tag.name == "label" {
                    index = html.index(index, offsetBy: tag.length)
                    continue
                }
                flush()
                if tag.isEnd {
                    if isBlock(tag.name) { output = rtrim(output) }
                    output += "</\(tag.name)>"
                    if tag.name == "pre" { inPre = false }
                    last = .endTag
                } else {
                    if isBlock(tag.name) { output = rtrim(output) }
                    var attributes = tag.attributes
                    if dropHeadingIDs, tag.name.count == 2, tag.name.hasPrefix("h"), tag.name.last!.isNumber {
                        attributes.removeAll { $0.0 == "id" }
                    }
                    if dropAccessibilityMarkup, tag.name == "pre" || tag.name == "table" {
                        attributes.removeAll { $0.0 == "tabindex" }
                    }
                    attributes.sort { $0.0 < $1.0 }
                    output += "<\(tag.name)"
                    for (name, value) in attributes {
                        output += value.map { " \(name)=\"\(escape(decode($0)))\"" } ?? " \(name)"
                    }
                    output += ">"
                    if tag.name == "pre" { inPre = true }
                    last = .startTag
                }
                lastTag = tag.name
                index = html.index(index, offsetBy: tag.length)
                continue
            }
            pendingText.append(html[index])
            index = html.index(after: index)
        }
        flush()
        return output.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    struct Tag {
        var name: String
        var isEnd: Bool
        var attributes: [(String, String?)]
        var length: Int
    }

    static func parseTag(_ text: Substring) -> Tag? {
        var index = text.index(after: text.startIndex)
        var isEnd = false
        if index < text.endIndex, text[index] == "/" {
            isEnd = true
            index = text.index(after: index)
        }
        var name = ""
        while index < text.endIndex, text[index].isLetter || text[index].isNumber || text[index] == "-" {
            name.append(text[index])
            index = text.index(after: index)
        }
        guard !name.isEmpty, name.first!.isLetter else { return nil }
        var attributes: [(String, String?)] = []
        while index < text.endIndex {
            while index < text.endIndex, text[index].isWhitespace { index = text.index(after: index) }
            guard index < text.endIndex else { return nil }
            if text[index] == ">" {
                index = text.index(after: index)
                return Tag(name: name.lowercased(), isEnd: isEnd, attributes: attributes, length: text.distance(from: text.startIndex, to: index))
            }
            if text[index] == "/" {
                index = text.index(after: index)
                continue
            }
            var attributeName = ""
            while index < text.endIndex, !text[index].isWhitespace, !"=>/".contains(text[index]) {
                attributeName.append(text[index])
                index = text.index(after: index)
            }
            guard !attributeName.isEmpty else { return nil }
            while index < text.endIndex, text[index].isWhitespace { index = text.index(after: index) }
            if index < text.endIndex, text[index] == "=" {
                index = text.index(after: index)
                while index < text.endIndex, text[index].isWhitespace { index = text.index(after: index) }
                guard index < text.endIndex else { return nil }
                var value = ""
                if text[index] == "\"" || text[index] == "'" {
                    let quote = text[index]
                    index = text.index(after: index)
                    while index < text.endIndex, text[index] != quote {
                        value.append(text[index])
                        index = text.index(after: index)
                    }
                    guard index < text.endIndex else { return nil }
                    index = text.index(after: index)
                } else {
                    while index < text.endIndex, !text[index].isWhitespace, text[index] != ">" {
                        value.append(text[index])
                        index = text.index(after: index)
                    }
                }
                attributes.append((attributeName.lowercased(), value))
            } else {
                attributes.append((attributeName.lowercased(), nil))
            }
        }
        return nil
    }

    static func decode(_ text: String) -> String {
        guard text.contains("&") else { return text }
        var result = ""
        var index = text.startIndex
        while index < text.endIndex {
            if text[index] == "&", let semicolon = text[index...].firstIndex(of: ";"),
                text.distance(from: index, to: semicolon) <= 12
            {
                let name = text[text.index(after: index)..<semicolon]
                var replacement: String?
                if name.hasPrefix("#x") || name.hasPrefix("#X") {
                    replacement = UInt32(name.dropFirst(2), radix: 16).flatMap(Unicode.Scalar.init).map { String($0) }
                } else if name.hasPrefix("#") {
                    replacement = UInt32(name.dropFirst()).flatMap(Unicode.Scalar.init).map { String($0) }
                } else {
                    replacement = entities[String(name)]
                }
                if let replacement {
                    result += replacement
                    index = text.index(after: semicolon)
                    continue
                }
            }
            result.append(text[index])
            index = text.index(after: index)
        }
        return result
    }

    static func escape(_ text: String) -> String {
        var result = ""
        for character in text {
            switch character {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "\"": result += "&quot;"
            default: result.append(character)
            }
        }
        return result
    }

    static func collapse(_ text: String) -> String {
        var result = ""
        var inSpace = false
        for character in text {
            if character == " " || character == "\t" || character == "\n" || character == "\r" || character == "\u{0C}" {
                if !inSpace { result.append(" ") }
                inSpace = true
            } else {
                result.append(character)
                inSpace = false
            }
        }
        return result
    }

    static func rtrim(_ text: String) -> String {
        var text = text
        while let last = text.last, last.isWhitespace { text.removeLast() }
        return text
    }
}

import Foundation
