import Foundation
import LenteraCore

/// Writes quiz items as a Moodle XML file (`lentera quiz export FILE --to moodle-xml`), the types Moodle's question bank
/// and ``MoodleXMLImporter`` read alike: choice (as multichoice, weights as fractions), short answer, numerical,
/// matching, ordering (qtype_ordering), blanks (cloze `multianswer`), essay and description, with categories, feedback
/// and points. A blank that does not stand in its question's text once is refused by id, never written as
/// something else.
public enum MoodleXMLExporter {
    /// Why items cannot be written: each one Moodle XML cannot carry, by id and kind.
    public struct Refusal: Error, Sendable, Equatable {
        public var items: [(id: String, kind: String)]

        public static func == (left: Refusal, right: Refusal) -> Bool {
            left.items.map(\.id) == right.items.map(\.id) && left.items.map(\.kind) == right.items.map(\.kind)
        }
    }

    /// The document; a category element before each run of items of one category.
    /// `files`: the files the items' texts show, by the key ``QuizParseResult/files`` gives them (pictures that came
    /// embedded in a Moodle XML file): each is written back beside each text that shows it, as Moodle writes them.
    public static func document(_ items: [QuizItem], files: [String: EmbeddedFile] = [:]) throws(Refusal) -> String {
        let refused = items.compactMap { item -> (id: String, kind: String)? in
            guard case .gaps(let gaps) = item.interaction else { return nil }
            // Every blank must stand in the text once, to become its embedded answer.
            return gaps.allSatisfy({ gap in item.prompt.components(separatedBy: "[[" + gap.id + "]]").count == 2 }) ? nil : (item.id, "gaps")
        }
        guard refused.isEmpty else { throw Refusal(items: refused) }
        let shown = ShownFiles(files)
        var out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<quiz>\n"
        var category: String?
        for item in items {
            if item.category != category, let name = item.category {
                out += "  <question type=\"category\">\n    <category><text>\(QTIXML.text(name))</text></category>\n  </question>\n"
            }
            category = item.category
            out += question(item, files: shown)
            // Moodle wants a text's files beside it: a picture shown by many texts is written many times, up to a bound.
            if shown.written > ShownFiles.maximumBytes {
                throw Refusal(items: [(item.id, "files")])
            }
        }
        return out + "</quiz>\n"
    }

    static func question(_ item: QuizItem, files: ShownFiles = ShownFiles([:])) -> String {
        let format = switch item.format {
        case .markdown: "markdown"
        case .html: "html"
        case .plain: "plain_text"
        }
        func text(_ value: String) -> String { files.textArea(value) }
        func feedback(_ value: String?) -> String { value.map { "<feedback format=\"\(format)\">\(text($0))</feedback>" } ?? "" }
        func fraction(_ weight: Double) -> String { QuizNumber.plain(weight * 100) }
        let type: String
        var body = ""
        var prompt = item.prompt
        switch item.interaction {
        case .choice(let choices, let multiple):
            type = "multichoice"
            body += "    <single>\(multiple ? "false" : "true")</single>\n"
            body += "    <shuffleanswers>\(item.keepsOrder ? "false" : "true")</shuffleanswers>\n"
            for choice in choices {
                body += "    <answer fraction=\"\(fraction(choice.weight))\" format=\"\(format)\">\(text(choice.text))\(feedback(choice.feedback))</answer>\n"
            }
        case .text(let answers, let caseSensitive):
            type = "shortanswer"
            body += "    <usecase>\(caseSensitive ? 1 : 0)</usecase>\n"
            for answer in answers {
                body += "    <answer fraction=\"\(fraction(answer.weight))\" format=\"moodle_auto_format\">\(text(answer.pattern))\(feedback(answer.feedback))</answer>\n"
            }
        case .numeric(let answers):
            type = "numerical"
            for answer in answers {
                // The whole line (any number) is Moodle's `*`; a range is its middle and half its width.
                if answer.minimum == -.greatestFiniteMagnitude, answer.maximum == .greatestFiniteMagnitude {
                    body += "    <answer fraction=\"\(fraction(answer.weight))\" format=\"moodle_auto_format\">\(text("*"))\(feedback(answer.feedback))</answer>\n"
                    continue
                }
                let value = answer.minimum / 2 + answer.maximum / 2
                let tolerance = answer.maximum / 2 - answer.minimum / 2
                body += "    <answer fraction=\"\(fraction(answer.weight))\" format=\"moodle_auto_format\">\(text(QuizNumber.plain(value)))"
                    + "<tolerance>\(QuizNumber.plain(tolerance))</tolerance>\(feedback(answer.feedback))</answer>\n"
            }
        case .matching(let pairs, let responses):
            type = "matching"
            body += "    <shuffleanswers>\(item.keepsOrder ? "false" : "true")</shuffleanswers>\n"
            for pair in pairs {
                body += "    <subquestion format=\"\(format)\">\(text(pair.premise))<answer>\(text(pair.response))</answer></subquestion>\n"
            }
            // The extra responses (a subquestion without text, in Moodle): those no pair has.
            for response in responses where !pairs.contains(where: { $0.response == response }) {
                body += "    <subquestion format=\"\(format)\"><text></text><answer>\(text(response))</answer></subquestion>\n"
            }
        case .ordering(let order, let partialCredit):
            // qtype_ordering: each answer's fraction is its position.
            type = "ordering"
            body += "    <layouttype>VERTICAL</layouttype>\n    <selecttype>ALL</selecttype>\n    <selectcount>0</selectcount>\n"
            body += "    <gradingtype>\(partialCredit ? "ABSOLUTE_POSITION" : "ALL_OR_NOTHING")</gradingtype>\n"
            for (position, entry) in order.enumerated() {
                body += "    <answer fraction=\"\(position + 1)\" format=\"\(format)\">\(text(entry))</answer>\n"
            }
        case .gaps(let gaps):
            // Cloze: each blank becomes its embedded answer, of weight 1 (Lentera's blanks are worth the same).
            type = "multianswer"
            prompt = item.prompt
            for (number, gap) in gaps.enumerated() {
                prompt = prompt.replacingOccurrences(of: "[[" + gap.id + "]]", with: cloze(gap, number: number + 1))
            }
        case .essay:
            type = "essay"
        case .description:
            type = "description"
        }
        var out = "  <question type=\"\(type)\">\n"
        out += "    <name>\(text(item.title ?? item.id))</name>\n"
        out += "    <questiontext format=\"\(format)\">\(text(prompt))</questiontext>\n"
        if let general = item.generalFeedback { out += "    <generalfeedback format=\"\(format)\">\(text(general))</generalfeedback>\n" }
        out += "    <defaultgrade>\(QuizNumber.plain(item.points))</defaultgrade>\n"
        out += "    <idnumber>\(QTIXML.text(item.id))</idnumber>\n"
        return out + body + "  </question>\n"
    }
}

extension MoodleXMLExporter {
    /// A blank as a cloze embedded answer: `{1:SHORTANSWER:=a#feedback~%50%b}` or `{1:MULTICHOICE:…}`.
    static func cloze(_ gap: QuizItem.Gap, number: Int) -> String {
        func answer(_ text: String, _ weight: Double, _ feedback: String?) -> String {
            let prefix = weight >= 1 - 1e-9 ? "=" : "%" + QuizNumber.plain(weight * 100) + "%"
            return prefix + escaped(text) + (feedback.map { "#" + escaped($0) } ?? "")
        }
        if gap.options.isEmpty {
            return "{1:SHORTANSWER:" + gap.answers.map { answer($0.pattern, $0.weight, $0.feedback) }.joined(separator: "~") + "}"
        }
        return "{1:MULTICHOICE:" + gap.options.map { answer($0.text, $0.weight, $0.feedback) }.joined(separator: "~") + "}"
    }

    /// Text inside an embedded answer, Moodle's special characters escaped; other backslashes are kept (a `\*` stays
    /// a literal star, as in Moodle's short answers).
    static func escaped(_ text: String) -> String {
        var result = ""
        let characters = Array(text)
        for (index, character) in characters.enumerated() {
            if "}~#/\"".contains(character) { result.append("\\") }
            // A backslash before a special character, or at the end, is escaped too: read back, `C:\` stays `C:\`
            // instead of escaping the `#` of its feedback.
            if character == "\\", index + 1 == characters.count || "}~#/\"\\".contains(characters[index + 1]) { result.append("\\") }
            result.append(character)
        }
        return result
    }
}

/// Numbers as Moodle XML writes them: a dot, no exponent, no trailing zeros.
enum QuizNumber {
    static func plain(_ value: Double) -> String {
        guard value.isFinite else { return "0" }
        let rounded = (value * 1_000_000).rounded() / 1_000_000
        if rounded == rounded.rounded(), abs(rounded) < 1e15 { return String(Int64(rounded)) }
        var text = String(rounded)
        if text.contains("e") { text = String(format: "%.6f", rounded) }
        while text.contains("."), text.hasSuffix("0") { text.removeLast() }
        return text
    }
}

/// The files the items' texts show, prepared once for a document: where texts address each (its folder, its name
/// as written) and its base64; and how much has been written beside texts.
package final class ShownFiles {
    /// What the files written beside texts may come to in one document (a picture is written once per text showing it).
    package static let maximumBytes = 256 * 1024 * 1024

    struct Entry {
        var folder: String
        var name: String
        var encodedName: String
        var base64: String
    }

    let entries: [Entry]
    private(set) var written = 0

    init(_ files: [String: EmbeddedFile]) {
        entries = files.keys.sorted().compactMap { key in
            guard let (fileName, digest, name) = MoodleXMLFiles.parts(ofKey: key) else { return nil }
            return Entry(
                folder: MoodleXMLFiles.folderAddress(fileName: fileName, digest: digest), name: name, encodedName: MoodleXMLFiles.encoded(name),
                base64: Data(files[key]!.bytes).base64EncodedString())
        }
    }

    /// A text area's `<text>`, and a base64 `<file>` beside it for each file it shows, its address written back as
    /// `@@PLUGINFILE@@/name` (a name in a folder as Moodle writes it: `path="/sub/"`, `name="x.png"`).
    func textArea(_ value: String) -> String {
        guard !entries.isEmpty, value.contains("./") else { return "<text>\(QTIXML.text(value))</text>" }
        var text = value
        var files = ""
        var folders: Set<String> = []
        for entry in entries where value.contains(entry.folder + entry.encodedName) || value.contains(entry.folder + entry.name) {
            folders.insert(entry.folder)
            let slash = entry.name.lastIndex(of: "/")
            let path = slash.map { "/" + entry.name[..<$0] + "/" } ?? "/"
            let name = slash.map { String(entry.name[entry.name.index(after: $0)...]) } ?? entry.name
            files += QTIXML.element("file", [("name", name), ("path", path), ("encoding", "base64")], entry.base64)
            written += entry.base64.utf8.count
        }
        for folder in folders { text = text.replacingOccurrences(of: folder, with: MoodleXMLFiles.placeholder) }
        return "<text>\(QTIXML.text(text))</text>" + files
    }
}
