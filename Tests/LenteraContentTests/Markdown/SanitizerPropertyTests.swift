import Foundation
import Testing

@testable import LenteraCore
@testable import LenteraContent

/// The renderer and the raw-HTML filter against generated input, with libxml2's HTML parser as a second parser: every
/// output is parsed again and searched for anything that runs script (issue 9, finding 2).
@Suite struct SanitizerPropertyTests {
    /// Pieces the generator strings together: Markdown syntax, HTML fragments, quotes, comments, entities, and the
    /// shapes of known bypasses.
    static let pieces: [String] = [
        // Markdown
        "# ", "## ", "\n", "\n\n", "    ", "> ", "- ", "1. ", "*", "**", "_", "`", "```\n", "~~", "|", " | ", "---\n", "[", "]", "(", ")",
        "![", "](", "[x](", "](javascript:alert(1))", "<https://a.example/>", "<javascript:alert(1)>", "\\", "- [ ] ", "[ref]: ", "[[g1]]",
        "https://contoh.go.id/a?b=c&d=e ", "www.example.com ",
        // HTML
        "<span", "<a", "<a href=", "<img", "<img src=", "<div", "<p>", "</p>", "<details>", "<summary>", "</span>", "</a>", "<br>",
        "<script>", "</script>", "<script src=/berkas/c/e.js>", "<style>", "</style>", "<iframe", "<iframe srcdoc=", "<object", "<embed",
        "<base href=", "<meta http-equiv=refresh content=", "<svg>", "<svg onload=alert(1)>", "<math>", "<mi xlink:href=", "<form action=",
        "<button formaction=", "<input type=checkbox", "<textarea>", "</textarea>", "<title>", "<noscript>", "<xmp>", "<plaintext>",
        "<template>", "<select>", "<option>", "<video poster=", "<source src=", "<table background=", "<isindex", "<keygen", "<frameset",
        "<!--", "-->", "--!>", "<!-->", "<![CDATA[", "]]>", "<?", "<!DOCTYPE html>", "</", "<", ">", "/>", "/", "=", " ",
        // Attributes
        " title=", " class=", " href=", " src=", " onmouseover=", " onerror=", " OnClick=", " style=", " xlink:href=", " formaction=",
        " srcset=", " data-sourcepos=", " data-sourcepos=\"", " id=", " alt=", " poster=", " lentera:", "<!--lentera:nama-->",
        // Quotes and values
        "\"", "'", "`", "\"x\"", "'x'", "alert(1)", "javascript:", "JaVaScRiPt:", " javascript:", "java\tscript:", "java\nscript:",
        "vbscript:", "data:text/html,<script>alert(1)</script>", "data:image/png;base64,AAAA", "livescript:", "file:///etc/passwd",
        // Character references
        "&", "&amp;", "&lt;", "&gt;", "&quot;", "&#39;", "&#106;", "&#106", "&#0000106", "&#x6A;", "&#x6a", "&#X6A", "&#58;", "&#0000058",
        "&colon;", "&colon", "&Tab;", "&NewLine;", "&#9;", "&#x0;", "&#1114112;", "&#0;", "&nbsp;",
        // Known bypass shapes, whole
        "<span title=' data-sourcepos=\"' class=\"x' onmouseover='alert(1)' y\">z</span>",
        "<!-- data-sourcepos=\"--><script src=\"/berkas/c/e.js\"></script><!-- \" -->",
        "<a href=\"&#0000106&#0000097&#0000118&#0000097&#0000115&#0000099&#0000114&#0000105&#0000112&#0000116&#0000058alert(1)\">x</a>",
        "<a href=&#106&#97&#118&#97&#115&#99&#114&#105&#112&#116&#58alert(1)>x</a>",
        "<img src=x onerror=alert(1)>", "<a href=\"jav&#x09;ascript:alert(1)\">x</a>", "<svg><script>alert(1)</script></svg>",
        "<math><mi xlink:href=\"javascript:alert(1)\">x</mi></math>", "<a href=\" javascript:alert(1)\">x</a>",
        "[x](&#106;avascript:alert(1))", "[x]( javascript:alert(1) )", "![x](javascript:alert(1))",
        // MathML and the namespace-confusion shapes
        "</math>", "<mi>", "</mi>", "<mtext>", "<mglyph>", "<malignmark>", "<mo form=prefix>", "<mspace/>", "<math/>", "<semantics>",
        "<annotation-xml encoding=\"text/html\">", "</annotation-xml>", " mathvariant=", " href=javascript:alert(1)", "<math href=",
        "<math><mtext><table><mglyph><style><!--</style><img title=\"--&gt;&lt;/mglyph&gt;&lt;img&Tab;src=1&Tab;onerror=alert(1)&gt;\">",
        "<math><![CDATA[</math><img src=x onerror=alert(1)>]]>", "<math><style><img src=x onerror=alert(1)></style></math>",
    ]

    /// A small deterministic generator (SplitMix64): a failure names the seed that reproduces it.
    struct Generator: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    static func input(seed: UInt64) -> String {
        var generator = Generator(state: seed)
        let count = Int.random(in: 1...24, using: &generator)
        var text = ""
        for _ in 0..<count {
            if Int.random(in: 0..<6, using: &generator) == 0 {
                text += String(UnicodeScalar(UInt8.random(in: 0x20...0x7E, using: &generator)))
            } else {
                text += pieces.randomElement(using: &generator)!
            }
        }
        return text
    }

    static func problems(in html: String) -> [String] {
        HTMLOracle.problems(in: html)
    }

    @Test func theOracleSeesEveryKindOfActiveContent() {
        // The checks below are only worth what the oracle sees: it must flag each of these when they are not filtered.
        for active in [
            "<script>alert(1)</script>", "<span onmouseover='alert(1)'>x</span>", "<a href='jav&#x09;ascript:alert(1)'>x</a>",
            "<a href=\"&#106;avascript:alert(1)\">x</a>", "<svg><circle/></svg>", "<img src='data:text/html,x'>", "<meta http-equiv=refresh content=0>",
            "<p title='a' onmouseover='alert(1)'>z</p>",
        ] {
            #expect(!Self.problems(in: active).isEmpty, "\(active)")
        }
        #expect(Self.problems(in: "<p><a href=\"https://a.example/\">x</a> <img src=\"data:image/png;base64,AAAA\" alt=\"\"></p>").isEmpty)
    }

    @Test func theKnownBypassesComeOutInert() {
        let renderer = MarkdownRenderer()
        for piece in Self.pieces.suffix(12) {
            let html = renderer.render(piece) { _ in nil }.html
            #expect(Self.problems(in: html).isEmpty, "\(piece) -> \(html)")
            let filtered = RawHTMLFilter.filter(piece)
            #expect(Self.problems(in: filtered).isEmpty, "\(piece) -> \(filtered)")
        }
    }

    /// 100,000 generated inputs through the renderer (as modules and Markdown quiz texts are rendered, with and without
    /// link rewriting, inline and with placeholders) and through the filter alone (HTML quiz texts).
    @Test(arguments: 0..<4) func generatedInputsNeverComeOutActive(shard: UInt64) {
        let renderer = MarkdownRenderer()
        let control = "<input type=\"text\" name=\"a:q:g1\">"
        var failures: [String] = []
        for index in 0..<UInt64(25_000) {
            let seed = shard << 32 | index
            let source = Self.input(seed: seed)
            let outputs = [
                renderer.render(source).html,
                renderer.render(source, rewrite: { "/berkas/c/" + $0.destination }, inline: index % 2 == 0, placeholders: ["[[g1]]": control]).html,
                RawHTMLFilter.filter(source, lazyImages: true, placeholders: ["[[g1]]": control]) { url, _ in url.hasPrefix("x") ? "/berkas/c/" + url : nil },
            ]
            for output in outputs {
                let problems = Self.problems(in: output)
                if !problems.isEmpty, failures.count < 5 {
                    failures.append("seed \(seed): \(problems.joined(separator: ", "))\n  input: \(source.debugDescription)\n  output: \(output.debugDescription)")
                }
            }
        }
        #expect(failures.isEmpty, "\(failures.joined(separator: "\n"))")
    }
}
