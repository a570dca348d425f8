// The fuzz target (`make fuzz`) compiles these files on their own, with the two LenteraCore files they use.
#if canImport(LenteraCore)
import LenteraCore
#endif

/// The tokens the raw-HTML filter reads, and the tokenizer that reads them as browsers do.
extension RawHTMLFilter {
    struct Attribute {
        var name: String
        var value: String
        var hasValue: Bool
        /// The value as it is to be written, when it is not simply `value` escaped.
        var html: String?
    }

    struct Tag {
        var name: String
        var isEnd: Bool
        var attributes: [Attribute]
        /// The bytes of the tag in the input.
        var range: Range<Int>
        /// False when the input ended inside the tag.
        var isComplete: Bool
        /// Whether the tag ends `/>` (the self-closing flag, which foreign elements such as MathML's acknowledge).
        var isSelfClosing = false
    }

    enum Token {
        case text(Range<Int>)
        case comment(Range<Int>, isComplete: Bool)
        case tag(Tag)
    }

    /// The WHATWG tokenizer states that decide where tags, attributes and comments begin and end.
    struct Tokenizer {
        let input: [UInt8]
        var position = 0

        init(_ input: [UInt8]) {
            self.input = input
        }

        static func isWhitespace(_ byte: UInt8) -> Bool {
            byte == 0x09 || byte == 0x0A || byte == 0x0C || byte == 0x0D || byte == 0x20
        }

        static func isAlpha(_ byte: UInt8) -> Bool {
            (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte)
        }

        static func lower(_ byte: UInt8) -> UInt8 {
            (0x41...0x5A).contains(byte) ? byte + 32 : byte
        }

        func peek(_ offset: Int = 0) -> UInt8? {
            position + offset < input.count ? input[position + offset] : nil
        }

        mutating func next() -> Token? {
            guard position < input.count else { return nil }
            let start = position
            if input[position] == UInt8(ascii: "<"), let token = markup() {
                return token
            }
            // Data: text up to the next `<` that opens markup.
            position = start + 1
            while position < input.count, input[position] != UInt8(ascii: "<") { position += 1 }
            return .text(start..<position)
        }

        /// At a `<`: a tag, a comment or bogus comment, or nil when the `<` is just text.
        mutating func markup() -> Token? {
            let start = position
            guard let next = peek(1) else { return nil }
            if next == UInt8(ascii: "!") {
                position += 2
                let complete: Bool
                if peek() == UInt8(ascii: "-"), peek(1) == UInt8(ascii: "-") {
                    position += 2
                    complete = comment()
                } else {
                    complete = bogusComment()
                }
                return .comment(start..<position, isComplete: complete)
            }
            if next == UInt8(ascii: "?") {
                position += 1
                let complete = bogusComment()
                return .comment(start..<position, isComplete: complete)
            }
            if next == UInt8(ascii: "/") {
                guard let first = peek(2) else { return nil }  // `</` at the end is text
                if Self.isAlpha(first) {
                    position += 2
                    return .tag(tag(start: start, isEnd: true))
                }
                if first == UInt8(ascii: ">") {
                    position += 3
                    return .comment(start..<start, isComplete: true)  // `</>` is dropped by browsers
                }
                position += 2
                let complete = bogusComment()
                return .comment(start..<position, isComplete: complete)
            }
            guard Self.isAlpha(next) else { return nil }
            position += 1
            return .tag(tag(start: start, isEnd: false))
        }

        /// Bogus comment state: everything up to the next `>`; false when the input ends first.
        mutating func bogusComment() -> Bool {
            while position < input.count, input[position] != UInt8(ascii: ">") { position += 1 }
            guard position < input.count else { return false }
            position += 1
            return true
        }

        /// Comment states after `<!--`, including the abrupt `<!-->` and `<!--->` and the `--!>` ending; false when the
        /// input ends inside the comment.
        mutating func comment() -> Bool {
            if peek() == UInt8(ascii: ">") {
                position += 1
                return true
            }
            if peek() == UInt8(ascii: "-"), peek(1) == UInt8(ascii: ">") {
                position += 2
                return true
            }
            while position < input.count {
                if input[position] == UInt8(ascii: "-"), peek(1) == UInt8(ascii: "-") {
                    var cursor = position + 2
                    while cursor < input.count, input[cursor] == UInt8(ascii: "-") { cursor += 1 }
                    if cursor < input.count, input[cursor] == UInt8(ascii: ">") {
                        position = cursor + 1
                        return true
                    }
                    if cursor + 1 < input.count, input[cursor] == UInt8(ascii: "!"), input[cursor + 1] == UInt8(ascii: ">") {
                        position = cursor + 2
                        return true
                    }
                    position = cursor
                    continue
                }
                position += 1
            }
            return false
        }

        /// Tag name and attribute states; `position` is at the first letter of the name.
        mutating func tag(start: Int, isEnd: Bool) -> Tag {
            var name: [UInt8] = []
            var attributes: [Attribute] = []
            func finish(_ complete: Bool, selfClosing: Bool = false) -> Tag {
                Tag(
                    name: String(decoding: name, as: UTF8.self), isEnd: isEnd, attributes: isEnd ? [] : attributes,
                    range: start..<position, isComplete: complete, isSelfClosing: selfClosing && !isEnd
                )
            }
            while let byte = peek() {
                if Self.isWhitespace(byte) || byte == UInt8(ascii: "/") || byte == UInt8(ascii: ">") { break }
                name.append(Self.lower(byte))
                position += 1
            }
            // Before attribute name / attribute name / after attribute name / values / self-closing.
            while true {
                guard let byte = peek() else { return finish(false) }
                if byte == UInt8(ascii: "/"), peek(1) == UInt8(ascii: ">") {
                    position += 2
                    return finish(true, selfClosing: true)
                }
                if Self.isWhitespace(byte) || byte == UInt8(ascii: "/") {
                    position += 1
                    continue
                }
                if byte == UInt8(ascii: ">") {
                    position += 1
                    return finish(true)
                }
                var attributeName: [UInt8] = [Self.lower(byte)]  // `=` here starts a name, as the standard says
                position += 1
                while let next = peek(), !Self.isWhitespace(next), next != UInt8(ascii: "/"), next != UInt8(ascii: ">"),
                    next != UInt8(ascii: "=")
                {
                    attributeName.append(Self.lower(next))
                    position += 1
                }
                while let next = peek(), Self.isWhitespace(next) { position += 1 }
                guard peek() == UInt8(ascii: "=") else {
                    attributes.append(Attribute(name: String(decoding: attributeName, as: UTF8.self), value: "", hasValue: false))
                    continue
                }
                position += 1
                while let next = peek(), Self.isWhitespace(next) { position += 1 }
                var value: [UInt8] = []
                if let quote = peek(), quote == UInt8(ascii: "\"") || quote == UInt8(ascii: "'") {
                    position += 1
                    while let next = peek(), next != quote {
                        value.append(next)
                        position += 1
                    }
                    guard peek() != nil else { return finish(false) }
                    position += 1
                } else {
                    while let next = peek(), !Self.isWhitespace(next), next != UInt8(ascii: ">") {
                        value.append(next)
                        position += 1
                    }
                }
                attributes.append(
                    Attribute(name: String(decoding: attributeName, as: UTF8.self), value: String(decoding: value, as: UTF8.self), hasValue: true)
                )
            }
        }

        /// Skips the content of a raw-text element up to and including its end tag (or to the end of the input).
        mutating func skipRawText(until name: String) {
            let closing = Array("</\(name)".utf8)
            while position < input.count {
                if input[position] == UInt8(ascii: "<"), position + closing.count <= input.count {
                    var matches = true
                    for offset in 0..<closing.count where Self.lower(input[position + offset]) != closing[offset] {
                        matches = false
                        break
                    }
                    let after = position + closing.count
                    if matches, after == input.count || Self.isWhitespace(input[after]) || input[after] == UInt8(ascii: "/")
                        || input[after] == UInt8(ascii: ">")
                    {
                        _ = tag(start: position, isEnd: true).range  // consume the end tag like the tokenizer does
                        return
                    }
                }
                position += 1
            }
        }
    }
}
