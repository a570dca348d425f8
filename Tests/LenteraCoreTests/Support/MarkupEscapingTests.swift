import Testing

@testable import LenteraCore

/// The one escaper for the HTML and XML Lentera writes, in each of its uses.
@Suite struct MarkupEscapingTests {
    @Test func htmlTextAndAttributes() {
        #expect(escapeText("a < b & \"c\" > 'd'") == "a &lt; b &amp; &quot;c&quot; &gt; 'd'")
        #expect(escapeText("tanpa tanda") == "tanpa tanda")
    }

    @Test func templatesAlsoEscapeApostrophes() {
        #expect(MarkupEscaping([.quotes, .apostrophes]).escape("O'Brien \"x\"") == "O&#39;Brien &quot;x&quot;")
    }

    /// XML 1.0 forbids most control characters: they are left out, never written as references a parser refuses.
    @Test func xmlLeavesOutWhatXMLForbidsAndKeepsLineBreaksExact() {
        #expect(MarkupEscaping.xmlText.escape("a\u{1}b\u{FFFE}c\r\nd\te") == "abc&#13;\nd\te")
        #expect(MarkupEscaping.xmlAttribute.escape("a\"b\nc\td\re") == "a&quot;b&#10;c&#9;d&#13;e")
        // Text keeps quotes as they are (no attribute around it).
        #expect(MarkupEscaping.xmlText.escape("\"Sleman\" & 'Bantul'") == "\"Sleman\" &amp; 'Bantul'")
        #expect(MarkupEscaping.xmlText.escape("Bahasa Jawa: ꦲꦏ꧀ꦱꦫ") == "Bahasa Jawa: ꦲꦏ꧀ꦱꦫ")
    }

    /// Scalars, never characters: a quote with a combining mark after it is still a quote.
    @Test func aCombiningMarkHidesNothing() {
        #expect(MarkupEscaping.xmlAttribute.escape("\"\u{0338}") == "&quot;\u{0338}")
        #expect(MarkupEscaping([.quotes, .apostrophes]).escape("'\u{0338}") == "&#39;\u{0338}")
    }
}
