import Testing

@testable import LenteraCore
@testable import LenteraContent

/// MathML through the raw-HTML filter: formulas render as formulas, and nothing a formula can hold runs script.
@Suite struct MathMLFilterTests {
    @Test func presentationMathMLIsWrittenAsFormulas() {
        let html = RawHTMLFilter.filter(
            #"<p>Luas <math display="inline" alttext="L = pi r^2"><mi>L</mi><mo form="infix">=</mo><mi>&pi;</mi><msup><mi>r</mi><mn>2</mn></msup></math>.</p>"#
        )
        #expect(
            html == #"<p>Luas <math display="inline" alttext="L = pi r^2" aria-label="L = pi r^2"><mi>L</mi><mo form="infix">=</mo><mi>&pi;</mi><msup><mi>r</mi><mn>2</mn></msup></math>.</p>"#
        )
        #expect(RawHTMLFilter.filter("<math><mfrac linethickness=0><mi>a</mi><mspace width=\"1em\"/></mfrac></math>")
            == #"<math><mfrac linethickness="0"><mi>a</mi><mspace width="1em" /></mfrac></math>"#)
        #expect(RawHTMLFilter.filter("a <math/> b") == "a <math></math> b")
    }

    @Test func formulasHoldNoLinkNoEventNoStyleAndNoHTML() {
        let cases: [(String, String)] = [
            (#"<math href="javascript:alert(1)"><mi xlink:href="javascript:alert(1)" onclick="x()" style="color:red">x</mi></math>"#,
             "<math><mi>x</mi></math>"),
            (#"<math><mi>a</mi><img src=x onerror=alert(1)><b>b</b><a href="https://contoh.go.id">c</a></math>"#,
             "<math><mi>a</mi>bc</math>"),
            (#"<math><maction actiontype="statusline" xlink:href="javascript:alert(1)">y</maction></math>"#,
             #"<math><maction actiontype="statusline">y</maction></math>"#),
            (#"<math><mtext><table><mglyph><style><!--</style><img title="--&gt;&lt;/mglyph&gt;&lt;img&Tab;src=1&Tab;onerror=alert(1)&gt;">"#,
             "<math><mtext></mtext></math>"),
            ("<math><mi><malignmark><mglyph src=x.png>x</mi></math>", "<math><mi>x</mi></math>"),
            ("<math><![CDATA[</math><img src=x onerror=alert(1)>]]></math>", "<math>]]></math>"),
            ("<math><style><img src=x onerror=alert(1)></style><mi>x</mi></math>", "<math><mi>x</mi></math>"),
            (#"<math><semantics><mi>x</mi><annotation-xml encoding="text/html"><img src=x onerror=alert(1)>tersembunyi<annotation-xml>y</annotation-xml>z</annotation-xml><annotation>x</annotation></semantics></math>"#,
             "<math><semantics><mi>x</mi><annotation>x</annotation></semantics></math>"),
            (#"<math><mi id="isi" class="k" title='a"b'>x</mi></math>"#, #"<math><mi class="k" title="a&quot;b">x</mi></math>"#),
        ]
        for (input, expected) in cases {
            let html = RawHTMLFilter.filter(input)
            #expect(html == expected, "\(input)")
            #expect(HTMLOracle.problems(in: html).isEmpty, "\(html): \(HTMLOracle.problems(in: html))")
        }
    }

    /// A formula left open is closed where the fragment ends, so it never takes in the page after it; an end tag
    /// without a formula is dropped.
    @Test func aFormulaLeftOpenIsClosedAtTheEndOfItsFragment() {
        #expect(RawHTMLFilter.filter("<math><mi>x") == "<math><mi>x</mi></math>")
        #expect(RawHTMLFilter.filter("<math><math><mi>x</mi></math>") == "<math><math><mi>x</mi></math></math>")
        #expect(RawHTMLFilter.filter("</math><mi>x</mi><b>y</b>") == "<mi>x</mi><b>y</b>")
        #expect(RawHTMLFilter.filter("<math><annotation-xml><mi>x</mi></math><b>y</b>") == "<math></math>")
        var math = RawHTMLFilter.MathContext()
        let pieces = ["<math>", "<mi>", "x", "</mi>"].map { RawHTMLFilter.filter($0, math: &math) }
        #expect(pieces == ["<math>", "<mi>", "x", "</mi>"])
        #expect(math.close() == "</math>")
        #expect(!math.isOpen)
    }

    @Test func markdownCarriesAFormulaThroughAParagraphAndClosesItThere() {
        let renderer = MarkdownRenderer()
        let inline = renderer.render("Luas <math><mi>L</mi><mo>=</mo><msup><mi>r</mi><mn>2</mn></msup></math> saja.").html
        #expect(inline.contains("<p>Luas <math><mi>L</mi><mo>=</mo><msup><mi>r</mi><mn>2</mn></msup></math> saja.</p>"), "\(inline)")
        let open = renderer.render("Tak ditutup <math><mi>x</mi> <b>tebal</b>\n\nParagraf <b>dua</b>").html
        #expect(open.contains("<p>Tak ditutup <math><mi>x</mi> tebal</math></p>"), "\(open)")
        #expect(open.contains("<p>Paragraf <b>dua</b></p>"), "\(open)")
        let block = renderer.render("<math display=\"block\">\n<mfrac><mi>a</mi><mi>b</mi></mfrac>\n</math>\n\nSesudah").html
        #expect(block.contains("<math display=\"block\">\n<mfrac><mi>a</mi><mi>b</mi></mfrac>\n</math>"), "\(block)")
        let cell = renderer.render("| a | b |\n|---|---|\n| <math><mi>x</mi> | y |").html
        #expect(cell.contains("<td><math><mi>x</mi></math></td>"), "\(cell)")
        for html in [inline, open, block, cell] { #expect(HTMLOracle.problems(in: html).isEmpty) }
    }

    /// What the filter drops with its content (`annotation-xml`) is dropped in a Markdown paragraph too, where cmark
    /// reads the text between the tags as its own.
    @Test func markdownDropsTheTextOfAnAnnotation() {
        let html = MarkdownRenderer().render(
            #"Rumus <math><semantics><mi>x</mi><annotation-xml encoding="MathML-Content"><ci>rahasia</ci> juga</annotation-xml></semantics></math> selesai."#
        ).html
        #expect(!html.contains("rahasia") && !html.contains("juga"), "\(html)")
        #expect(html.contains("<p>Rumus <math><semantics><mi>x</mi></semantics></math> selesai.</p>"), "\(html)")
        #expect(HTMLOracle.problems(in: html).isEmpty)
    }

    /// A formula without `alttext` read out as one line, for a choice made of a formula to have a name.
    @Test func aFormulaReadsOutAsOneLine() throws {
        let cases: [(String, String)] = [
            ("<mfrac><mn>1</mn><mn>2</mn></mfrac><mo>+</mo><mfrac><mrow><mi>a</mi><mo>+</mo><mi>b</mi></mrow><mn>4</mn></mfrac>", "1/2 + (a + b)/4"),
            ("<mi>E</mi><mo>=</mo><mi>m</mi><msup><mi>c</mi><mn>2</mn></msup>", "E = m c^2"),
            ("<msqrt><mn>2</mn></msqrt><mo>,</mo><mroot><mi>x</mi><mn>3</mn></mroot><mo>,</mo><msub><mi>x</mi><mi>i</mi></msub>", "√(2) , root(3, x) , x_i"),
            ("<mfenced><mi>a</mi><mi>b</mi></mfenced><semantics><mi>y</mi><annotation>y</annotation></semantics>", "(a, b) y"),
        ]
        for (inner, expected) in cases {
            let math = try SafeXMLParser.parse(Array("<math xmlns=\"http://www.w3.org/1998/Math/MathML\">\(inner)</math>".utf8))
            #expect(MathMLText.linear(math) == expected, "\(inner)")
        }
    }

    /// What a browser builds from a formula is what the filter tracked: a tag inside a token element (which a browser
    /// reads as HTML, out of reach of end tags) is dropped, an end tag closes only what is open, everything open is
    /// closed at the end. Otherwise the rest of the page could end up inside an author's `<mi>` (found by review).
    @Test func aFormulaIsAlwaysWrittenWellNested() {
        #expect(RawHTMLFilter.filter(#"<math><mstyle mathsize="2px" mathcolor="red"><mi><mi>x</math>"#)
            == #"<math><mstyle mathsize="2px" mathcolor="red"><mi>x</mi></mstyle></math>"#)
        #expect(RawHTMLFilter.filter("<math><mi><mi/><math>x</mi></mrow></math>") == "<math><mi>x</mi></math>")
        #expect(RawHTMLFilter.filter("<math><mrow><mi>a</mrow><mo>+</mo>") == "<math><mrow><mi>a</mi></mrow><mo>+</mo></math>")
        // A gap control is HTML: the formula ends before it.
        #expect(RawHTMLFilter.filter("<math><mi>[[g1]]</mi></math>", placeholders: ["[[g1]]": "<input class=\"gap\">"])
            == "<math><mi></mi></math><input class=\"gap\"></mi>")  // a stray end tag, which browsers ignore
        let renderer = MarkdownRenderer()
        // cmark's own HTML (emphasis, an image's description, a link) never lands inside an open formula.
        #expect(renderer.render("<math><mi>*x</math>* sesudah").html.contains("<p><math><mi></mi></math><em>x</em> sesudah</p>"))
        let image = renderer.render("<math><mi>![</math>](i.png) sesudah").html
        #expect(image.contains("<p><math><mi></mi></math><img"), "\(image)")
        #expect(renderer.render("[<math><mi>x](https://contoh.go.id) sesudah").html
            .contains(#"<p><a href="https://contoh.go.id"><math><mi>x</mi></math></a> sesudah</p>"#))
    }

    /// Sizes and shifts stay small and never negative, and nothing is moved off its line: a formula cannot be drawn
    /// over the page's header or buttons (found by review).
    @Test func aFormulaCannotBeDrawnOverThePage() {
        #expect(RawHTMLFilter.filter(
            #"<math><mpadded voffset="60px" height="0" depth="0" width="0" lspace="-3em"><mspace width="1200px" height="120px" mathbackground="white"/></mpadded></math>"#)
            == #"<math><mpadded height="0" depth="0" width="0"><mspace mathbackground="white" /></mpadded></math>"#)
        #expect(RawHTMLFilter.filter(#"<math><mspace width="1.5em" height="thickmathspace" depth="2ex"/><mfrac linethickness="thick"></mfrac></math>"#)
            == #"<math><mspace width="1.5em" height="thickmathspace" depth="2ex" /><mfrac linethickness="thick"></mfrac></math>"#)
    }

    /// The server's own element ids cannot be spelt with character references (found by review, in HTML too).
    @Test func reservedIDsCannotBeSpeltWithReferences() {
        #expect(RawHTMLFilter.filter(#"<math><mi id="hitung&#45;mundur">0</mi></math>"#) == "<math><mi>0</mi></math>")
        #expect(RawHTMLFilter.filter(#"<span id="&#105;si">x</span> <b id="a&amp;b">z</b>"#) == "<span>x</span> <b>z</b>")
        #expect(RawHTMLFilter.filter(#"<span id="isi-tambahan">x</span>"#) == #"<span id="isi-tambahan">x</span>"#)
    }
}
