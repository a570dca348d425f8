import Foundation

/// A plain-text mail, written as RFC 5322 with MIME: UTF-8 text in base64, non-ASCII headers as encoded words, so no
/// byte of a name or a title can end a header or the message.
public struct MailMessage: Sendable, Equatable {
    /// The sender's address (the envelope's and the From header's) and display name.
    public var from: String
    public var fromName: String
    public var to: String
    public var toName: String
    public var subject: String
    public var body: String

    public init(from: String, fromName: String, to: String, toName: String, subject: String, body: String) {
        self.from = from
        self.fromName = fromName
        self.to = to
        self.toName = toName
        self.subject = subject
        self.body = body
    }

    /// The message as sent after DATA (CRLF line ends, dot-stuffed, without the final `.` line).
    public func formatted(date: Date, messageID: String) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(secondsFromGMT: 0)
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss '+0000'"
        let text = body.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\n", with: "\r\n")
        let encoded = Data(text.utf8).base64EncodedString()
        var lines = [
            "From: " + Self.mailbox(fromName, from),
            "To: " + Self.mailbox(toName, to),
            "Subject: " + Self.header(subject),
            "Date: " + formatter.string(from: date),
            "Message-ID: <\(messageID)>",
            "MIME-Version: 1.0",
            "Content-Type: text/plain; charset=utf-8",
            "Content-Transfer-Encoding: base64",
            "Auto-Submitted: auto-generated",
            "",
        ]
        var index = encoded.startIndex
        while index < encoded.endIndex {
            let end = encoded.index(index, offsetBy: 76, limitedBy: encoded.endIndex) ?? encoded.endIndex
            lines.append(String(encoded[index..<end]))
            index = end
        }
        // Base64 lines never start with a dot; the headers are ASCII without line breaks. Dot-stuffed all the same.
        return lines.map { $0.hasPrefix(".") ? "." + $0 : $0 }.joined(separator: "\r\n") + "\r\n"
    }

    /// `"Name" <address>`, the name as encoded words.
    static func mailbox(_ name: String, _ address: String) -> String {
        let cleaned = Self.singleLine(name)
        return cleaned.isEmpty ? "<\(address)>" : "\(header(cleaned)) <\(address)>"
    }

    /// A header's text: printable ASCII as it is, anything else as UTF-8 encoded words (RFC 2047) of at most 75
    /// characters each, folded onto lines of their own.
    static func header(_ text: String) -> String {
        let line = singleLine(text)
        let printable = line.utf8.allSatisfy { (0x20..<0x7F).contains($0) }
        // A name with specials is an encoded word too, as a quoted string would need escaping.
        if printable && !line.contains(where: { "\"(),.:;<>@[\\]=?".contains($0) }) && line.utf8.count <= 900 { return line }
        var words: [String] = []
        var chunk = ""
        for character in line {
            if !chunk.isEmpty, (chunk + String(character)).utf8.count > 45 {
                words.append(chunk)
                chunk = ""
            }
            chunk.append(character)
        }
        if !chunk.isEmpty { words.append(chunk) }
        return words.map { "=?UTF-8?B?\(Data($0.utf8).base64EncodedString())?=" }.joined(separator: "\r\n ")
    }

    /// Control characters (line breaks included) as spaces: a header stays one line.
    static func singleLine(_ text: String) -> String {
        String(String.UnicodeScalarView(text.unicodeScalars.map { $0.value < 0x20 || $0.value == 0x7F ? " " : $0 }))
            .trimmingCharacters(in: .whitespaces)
    }
}
