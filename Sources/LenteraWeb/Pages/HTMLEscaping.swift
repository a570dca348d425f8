import LenteraCore
import Mustache

/// How every template escapes the values it writes: `<`, `>`, `&`, `"` and `'` as entities, looked at one Unicode
/// scalar at a time.
///
/// swift-mustache's own HTML escaping looks at characters (grapheme clusters): a `"` followed by a combining mark
/// (U+0338) is one character that is not `"`, so it was written as it stood and closed the attribute it was in
/// (`/?q=%22%CC%B8%20autofocus` added an attribute to the search box). Browsers read the `"` alone.
struct HTMLScalarEscaping: MustacheContentType {
    /// The name templates select it by (``pragma``).
    static let name = "LENTERA_HTML"
    /// The line every template starts with, so that no template falls back to swift-mustache's escaping.
    static let pragma = "{{% CONTENT_TYPE: \(name)}}"

    /// Registers the escaping under ``name``, before templates are parsed (they look it up by name as they are read).
    static func register() {
        MustacheContentTypes.register(HTMLScalarEscaping(), named: name)
    }

    func escapeText(_ text: String) -> String {
        Self.escape(text)
    }

    /// The text with the five characters HTML gives meaning to written as entities, the same ones swift-mustache writes.
    static func escape(_ text: String) -> String {
        MarkupEscaping([.quotes, .apostrophes]).escape(text)
    }
}
