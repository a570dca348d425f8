/// The one rule for control characters in text that people type and other machines send, decided here so that every
/// store keeps the same text: PostgreSQL refuses U+0000 in text where SQLite keeps it, U+001F separates the levels of
/// a stored unit and a line feed a node's units, and none of them belongs in a name, a unit or an answer.
///
/// One line of text (a name, a unit, a position, an e-mail address, a certificate number) holds no C0 control
/// (U+0000 to U+001F, tab and line breaks included) and no DEL (U+007F). Free text of several lines (an essay, a
/// comment, an uploaded file) may hold the whitespace among them: tab, line feed, vertical tab, form feed and carriage
/// return. Validators refuse such text with a message of their own; nothing is stripped.
public enum ControlCharacters {
    /// The first control character that one line of text may not hold; nil when it holds none.
    public static func first(in text: String) -> Unicode.Scalar? {
        text.unicodeScalars.first(where: { isRefused($0, inFreeText: false) })
    }

    /// The first control character that free text of several lines may not hold; nil when it holds none.
    public static func first(inFreeText text: String) -> Unicode.Scalar? {
        text.unicodeScalars.first(where: { isRefused($0, inFreeText: true) })
    }

    /// Whether a scalar is refused: every C0 control and DEL, except the whitespace ones in free text.
    static func isRefused(_ scalar: Unicode.Scalar, inFreeText: Bool) -> Bool {
        guard scalar.value < 0x20 || scalar.value == 0x7F else { return false }
        return !(inFreeText && (0x09...0x0D).contains(scalar.value))
    }

    /// How a message names a control character: `U+0000`.
    public static func name(_ scalar: Unicode.Scalar) -> String {
        let hex = String(scalar.value, radix: 16, uppercase: true)
        return "U+" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
    }
}
