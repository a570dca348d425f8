/// The languages of Lentera's interface.
public enum Language: String, Sendable, CaseIterable {
    /// Bahasa Indonesia, the default.
    case indonesian = "id"
    /// English.
    case english = "en"

    /// The language for a code such as `en`, `en-US` or `id`; nil when unsupported.
    public init?(code: String) {
        let prefix = code.lowercased().prefix(2)
        guard let language = Language(rawValue: String(prefix)) else { return nil }
        self = language
    }
}
