import Foundation
import LenteraCore

/// What a Markdown quiz file holds: its title, the text above its first question, and its questions.
public struct MarkdownQuizDocument: Sendable, Equatable {
    /// `title` (or `judul`) in the front matter, else the `#` heading above the first question; nil when neither is given.
    public var title: String?
    /// The Markdown between the top of the file (front matter and `#` title excluded) and the first question.
    public var introduction: String?
    /// The questions, and every problem found.
    public var result: QuizParseResult

    /// Creates a document.
    public init(title: String? = nil, introduction: String? = nil, result: QuizParseResult = QuizParseResult()) {
        self.title = title
        self.introduction = introduction
        self.result = result
    }
}

/// Reads Lentera's Markdown quiz files (`*.quiz.md`): each question is a `##` heading, its text, then its answers.
///
/// The syntax is documented for authors in `docs/authoring.md` ("Kuis"). The reader is line-based rather than
/// built on cmark: what makes a question (a heading, a settings block, the last list) is decided by lines, and
/// every message must name the exact source line, while the texts themselves stay Markdown and are rendered later
/// by the same renderer as modules.
public enum MarkdownQuizParser {
    /// Reads a quiz file into items (format `.markdown`) and problems; a question with a problem is left out.
    public static func parse(_ text: String) -> QuizParseResult {
        parseDocument(text).result
    }

    /// Reads a quiz file into its title, introduction, items and problems.
    public static func parseDocument(_ text: String) -> MarkdownQuizDocument {
        var reader = QuizReader()
        return reader.read(text)
    }

    /// The quiz title alone: front matter `title`, else the `#` heading above the first question.
    public static func title(of text: String) -> String? {
        parseDocument(text).title
    }
}

// MARK: - Lines

/// One line of the source, with its 1-based number and whether it lies inside a fenced code block.
struct SourceLine {
    var number: Int
    var text: String
    var inFence = false

    var isBlank: Bool { text.allSatisfy(\.isWhitespace) }
    var indent: Int { text.indentColumns }
    var trimmed: String { text.trimmingSpaces() }
}

extension String {
    /// The columns of leading whitespace (a tab counts 4).
    var indentColumns: Int {
        var columns = 0
        for character in self {
            if character == " " { columns += 1 } else if character == "\t" { columns += 4 } else { break }
        }
        return columns
    }

    /// The text without up to `columns` columns of leading whitespace.
    func droppingIndent(_ columns: Int) -> String {
        var removed = 0
        var index = startIndex
        while index < endIndex, removed < columns, self[index] == " " || self[index] == "\t" {
            removed += self[index] == "\t" ? 4 : 1
            index = self.index(after: index)
        }
        return String(self[index...])
    }

    /// The text without leading whitespace.
    var droppingLeadingSpaces: String {
        String(drop { $0 == " " || $0 == "\t" })
    }
}

/// Follows fenced code blocks (``` or ~~~), inside which nothing is quiz syntax.
struct FenceTracker {
    var open: (character: Character, count: Int)?

    /// Whether the line opens, continues or closes a fence.
    mutating func consume(_ line: String) -> Bool {
        let content = line.droppingLeadingSpaces
        let fenceCharacter = content.first
        let run = fenceCharacter.map { character in content.prefix { $0 == character }.count } ?? 0
        if let current = open {
            if fenceCharacter == current.character, run >= current.count,
                content.dropFirst(run).allSatisfy(\.isWhitespace)
            {
                open = nil
            }
            return true
        }
        if let fenceCharacter, fenceCharacter == "`" || fenceCharacter == "~", run >= 3, line.indentColumns < 8 {
            if fenceCharacter == "`", content.dropFirst(run).contains("`") { return false }  // an inline code span
            open = (fenceCharacter, run)
            return true
        }
        return false
    }
}

// MARK: - Blocks

/// The start of a list item: `- `, `* `, `+ `, `1. ` or `1) `.
struct ListMarker {
    var indent: Int
    var bullet: Character?
    var number: Int?
    var delimiter: Character?
    /// The column where the item's text starts.
    var contentOffset: Int
    var content: String

    init?(_ text: String) {
        indent = text.indentColumns
        guard indent <= 3, !Syntax.isThematicBreak(text) else { return nil }
        let rest = text.droppingLeadingSpaces
        guard let first = rest.first else { return nil }
        var markerLength: Int
        if "-*+".contains(first) {
            bullet = first
            markerLength = 1
        } else {
            let digits = rest.prefix { $0.isASCII && $0.isNumber }
            guard (1...9).contains(digits.count), let after = rest.dropFirst(digits.count).first, after == "." || after == ")"
            else { return nil }
            number = Int(digits)
            delimiter = after
            markerLength = digits.count + 1
        }
        let afterMarker = rest.dropFirst(markerLength)
        guard afterMarker.isEmpty || afterMarker.first == " " || afterMarker.first == "\t" else { return nil }
        let spaces = afterMarker.prefix { $0 == " " || $0 == "\t" }.count
        contentOffset = indent + markerLength + (spaces > 4 || afterMarker.allSatisfy(\.isWhitespace) ? 1 : spaces)
        content = afterMarker.trimmingSpaces()
    }

    var isOrdered: Bool { number != nil }

    func continuesList(of other: ListMarker) -> Bool {
        bullet == other.bullet && delimiter == other.delimiter
    }
}

/// A list item with the lines indented under it.
struct ListItem {
    var line: Int
    var number: Int?
    var content: String
    var contentOffset: Int
    /// Lines after the first, blank ones included.
    var continuation: [SourceLine] = []
}

/// A top-level Markdown block of a question, as far as the quiz syntax needs to know.
struct Block {
    enum Kind { case paragraph, list, fence, quote, heading, thematicBreak }

    var kind: Kind
    /// Index of the first line in the question body.
    var start: Int
    /// Index after the last line.
    var end: Int
    var items: [ListItem] = []
    var ordered = false
}

enum Syntax {
    static func isThematicBreak(_ text: String) -> Bool {
        guard text.indentColumns <= 3 else { return false }
        let characters = text.filter { !$0.isWhitespace }
        guard characters.count >= 3, let first = characters.first, "-*_".contains(first) else { return false }
        return characters.allSatisfy { $0 == first }
    }

    /// The level of an ATX heading (`#` to `######` followed by a space), or nil.
    static func headingLevel(_ text: String) -> Int? {
        guard text.indentColumns <= 3 else { return nil }
        let rest = text.droppingLeadingSpaces
        let hashes = rest.prefix { $0 == "#" }.count
        guard (1...6).contains(hashes) else { return nil }
        let after = rest.dropFirst(hashes)
        guard after.isEmpty || after.first == " " || after.first == "\t" else { return nil }
        return hashes
    }

    /// The text of an ATX heading, without the closing hashes.
    static func headingText(_ text: String) -> String {
        var rest = Substring(text.droppingLeadingSpaces.drop { $0 == "#" }).trimmingSpaces()
        if rest.allSatisfy({ $0 == "#" }) { return "" }
        if let lastSpace = rest.lastIndex(where: { $0 == " " || $0 == "\t" }),
            rest[rest.index(after: lastSpace)...].allSatisfy({ $0 == "#" })
        {
            rest = rest[..<lastSpace].trimmingSpaces()
        }
        return rest
    }

    static func isQuoteStart(_ text: String) -> Bool {
        text.indentColumns <= 3 && text.droppingLeadingSpaces.hasPrefix(">")
    }

    /// Whether a line starts a new block, ending a paragraph.
    static func interruptsParagraph(_ line: SourceLine) -> Bool {
        if line.inFence || isThematicBreak(line.text) || headingLevel(line.text) != nil || isQuoteStart(line.text) { return true }
        if let marker = ListMarker(line.text), !marker.content.isEmpty { return !marker.isOrdered || marker.number == 1 }
        return false
    }

    /// Splits a question body into blocks: fenced code, headings, rules, quotes, lists and paragraphs.
    static func blocks(_ lines: [SourceLine]) -> [Block] {
        var blocks: [Block] = []
        var index = 0
        while index < lines.count {
            let line = lines[index]
            let start = index
            if line.inFence {
                while index < lines.count, lines[index].inFence { index += 1 }
                blocks.append(Block(kind: .fence, start: start, end: index))
            } else if line.isBlank {
                index += 1
            } else if isThematicBreak(line.text) {
                index += 1
                blocks.append(Block(kind: .thematicBreak, start: start, end: index))
            } else if headingLevel(line.text) != nil {
                index += 1
                blocks.append(Block(kind: .heading, start: start, end: index))
            } else if let marker = ListMarker(line.text) {
                blocks.append(list(lines, from: &index, first: marker))
            } else if isQuoteStart(line.text) {
                index += 1
                while index < lines.count, !lines[index].isBlank, !lines[index].inFence,
                    isQuoteStart(lines[index].text) || !interruptsParagraph(lines[index])
                {
                    index += 1
                }
                blocks.append(Block(kind: .quote, start: start, end: index))
            } else {
                index += 1
                while index < lines.count, !lines[index].isBlank, !interruptsParagraph(lines[index]) { index += 1 }
                blocks.append(Block(kind: .paragraph, start: start, end: index))
            }
        }
        return blocks
    }

    /// Reads a list starting at `index`: its items and the lines indented (or lazily continued) under them.
    static func list(_ lines: [SourceLine], from index: inout Int, first: ListMarker) -> Block {
        var block = Block(kind: .list, start: index, end: index + 1, ordered: first.isOrdered)
        block.items.append(ListItem(line: lines[index].number, number: first.number, content: first.content, contentOffset: first.contentOffset))
        index += 1
        var blanks: [SourceLine] = []
        while index < lines.count {
            let line = lines[index]
            if line.isBlank, !line.inFence {
                blanks.append(line)
                index += 1
                continue
            }
            let current = block.items[block.items.count - 1]
            let marker = line.inFence ? nil : ListMarker(line.text)
            if line.indent >= current.contentOffset || (line.indent >= 1 && marker == nil) {
                block.items[block.items.count - 1].continuation += blanks + [line]
            } else if let marker, marker.continuesList(of: first) {
                block.items.append(ListItem(line: line.number, number: marker.number, content: marker.content, contentOffset: marker.contentOffset))
            } else if blanks.isEmpty, marker == nil, !interruptsParagraph(line) {
                block.items[block.items.count - 1].continuation.append(line)  // a lazy continuation line
            } else {
                break
            }
            blanks = []
            index += 1
            block.end = index
        }
        index = block.end
        return block
    }
}
