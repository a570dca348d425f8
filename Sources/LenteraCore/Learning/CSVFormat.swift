/// How Lentera writes CSV for spreadsheets as Indonesian offices use them: UTF-8 with a byte-order mark (so Excel
/// reads names with accents right), a comma or, for Excel set to Indonesian, a semicolon between fields, NIPs kept as
/// text (an 18-digit number would lose its last digits), and nothing that a spreadsheet would run as a formula.
public struct CSVFormat: Sendable, Equatable {
    /// One field and how a spreadsheet should read it.
    public enum Field: Sendable {
        case text(String)
        /// A NIP: digits kept as text.
        case nip(String)
        case number(String)
    }

    public var separator: Character
    public var byteOrderMark: Bool

    public init(separator: Character = ",", byteOrderMark: Bool = true) {
        self.separator = separator
        self.byteOrderMark = byteOrderMark
    }

    /// The first line: the byte-order mark and the column names.
    public func header(_ names: [String]) -> String {
        (byteOrderMark ? "\u{FEFF}" : "") + row(names.map(Field.text))
    }

    /// One line, ending in CRLF.
    public func row(_ fields: [Field]) -> String {
        fields.map(encode).joined(separator: String(separator)) + "\r\n"
    }

    func encode(_ field: Field) -> String {
        switch field {
        case .nip(let digits) where !digits.isEmpty && digits.allSatisfy({ $0.isASCII && $0.isNumber }):
            // A constant text formula: Excel shows the digits as they are, never as 1.98E+17.
            return "=\"\(digits)\""
        case .nip(let text), .text(let text):
            return quoted(Self.neutralised(text))
        case .number(let text):
            return quoted(text)
        }
    }

    /// A field in quotes when it holds a separator (this file's, or `,`, `;` or a tab, which a spreadsheet set to
    /// another language splits at: a `;` in a comma file could start a cell with `=`), a quote or a line break.
    /// Looked for by Unicode scalar, never by character: "\r\n" (what a browser sends for a line break in a text
    /// area) is one character that is neither "\r" nor "\n", and a `,` or `"` followed by a combining mark is one that is
    /// not `,` or `"`; a spreadsheet reads each byte alone, so such a field would end the row or the field early.
    func quoted(_ value: String) -> String {
        let separators = separator.unicodeScalars
        guard value.unicodeScalars.contains(where: { "\"\n\r,;\t".unicodeScalars.contains($0) || separators.contains($0) }) else { return value }
        var quoted = "\""
        for scalar in value.unicodeScalars {
            if scalar == "\"" { quoted += "\"\"" } else { quoted.unicodeScalars.append(scalar) }
        }
        return quoted + "\""
    }

    /// Text a spreadsheet would run as a formula (`=`, `+`, `-`, `@`, a tab or a carriage return first) gets a
    /// leading apostrophe; numbers stay numbers.
    public static func neutralised(_ value: String) -> String {
        if let first = value.unicodeScalars.first, "=+-@\t\r".unicodeScalars.contains(first), Double(value) == nil { return "'" + value }
        return value
    }
}
