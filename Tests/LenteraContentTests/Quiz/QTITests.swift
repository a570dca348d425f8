import Foundation
import Testing

@testable import LenteraCore
@testable import LenteraContent

@Suite struct QTITests {
    typealias Choice = QuizItem.Choice

    // MARK: Helpers

    /// A QTI 2.1 item document around declarations, a body and processing.
    static func document(
        _ declarations: String, body: String, processing: String = "", after: String = "", identifier: String = "q1",
        title: String = "Soal", namespace: String = "http://www.imsglobal.org/xsd/imsqti_v2p1",
        score: String = "<outcomeDeclaration identifier=\"SCORE\" cardinality=\"single\" baseType=\"float\"/>"
    ) -> [UInt8] {
        let xmlns = namespace.isEmpty ? "" : " xmlns=\"\(namespace)\""
        return Array(
            """
            <?xml version="1.0" encoding="UTF-8"?>
            <assessmentItem\(xmlns) identifier="\(identifier)" title="\(title)" adaptive="false" timeDependent="false">
            \(declarations)
            \(score)
            <itemBody>\(body)</itemBody>
            \(processing)
            \(after)
            </assessmentItem>
            """.utf8)
    }

    static let matchCorrect = "<responseProcessing template=\"http://www.imsglobal.org/question/qti_v2p1/rptemplates/match_correct\"/>"
    static let mapResponse = "<responseProcessing template=\"http://www.imsglobal.org/question/qti_v2p2/rptemplates/map_response\"/>"

    /// The one item a document gives; records an issue when there is none.
    static func only(_ bytes: [UInt8], sourceLocation: SourceLocation = #_sourceLocation) -> QuizItem? {
        let result = QTIImporter.item(bytes)
        if result.items.count != 1 || !result.problems.isEmpty {
            Issue.record("expected one item, got \(result.items.count) and problems \(result.problems)", sourceLocation: sourceLocation)
        }
        return result.items.first
    }

    static func points(_ item: QuizItem, _ response: QuizResponse) -> Double { Scoring.score(item, response).points }

    /// Text without markup, entities decoded and whitespace collapsed: what "the same text modulo HTML" compares.
    static func plain(_ html: String) -> String {
        QTIXHTMLWriter.plainText(SafeXMLParser.parseHTMLFragment(html)).split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
    }

    /// The renderer tests pass to the exporter: HTML as is, other text escaped into a paragraph (as Markdown would).
    static func render(_ text: String, _ format: QuizItem.TextFormat) -> String {
        if format == .html { return text }
        let escaped = text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;")
        return "<p>" + escaped + "</p>\n"
    }

    /// Exports items and reads the package back.
    static func roundTrip(_ items: [QuizItem], render: (String, QuizItem.TextFormat) -> String = QTITests.render) -> (
        QuizParseResult, [String: [UInt8]]
    ) {
        let files = QTIExporter.package(title: "Kuis & <uji>", items: items, renderHTML: render)
        var byPath: [String: [UInt8]] = [:]
        for file in files { byPath[file.path] = file.bytes }
        let result = QTIImporter.package(manifest: byPath["imsmanifest.xml"] ?? []) { byPath[$0] }
        return (result, byPath)
    }

    // MARK: XML tree

    @Test func xmlTreeKeepsMixedContentInOrder() throws {
        let root = try SafeXMLParser.parse(Array("<p>Ibu <b>kota</b> negara<![CDATA[ & ]]>ini<br/></p>".utf8))
        #expect(root.text == "Ibu kota negara & ini")
        #expect(root.children.map(\.name) == ["b", "br"])
        #expect(root.content.count == 4)
        guard root.content.count == 4 else { return }
        #expect(root.content[0] == .text("Ibu "))
        #expect(root.content[2] == .text(" negara & ini"))  // text and CDATA merged
        if case .element(let bold) = root.content[1] {
            #expect(bold.content == [.text("kota")])
        } else {
            Issue.record("the second node should be <b>")
        }
    }

    // MARK: Choice

    @Test func singleChoiceWithMatchCorrectInAnyNamespaceAndCase() throws {
        let bytes = Self.document(
            """
            <responseDeclaration identifier="RESPONSE" cardinality="single" baseType="identifier">
              <correctResponse><value>B</value></correctResponse>
            </responseDeclaration>
            """,
            body: """
                <p>Lihat <img src="peta.png" alt="peta"/> berikut.</p>
                <ChoiceInteraction ResponseIdentifier="RESPONSE" shuffle="TRUE" MAXCHOICES="1">
                  <prompt>Ibu kota <em>Indonesia</em>?</prompt>
                  <simpleChoice identifier="A">Bandung</simpleChoice>
                  <simpleChoice identifier="B"><p>Jakarta</p></simpleChoice>
                </ChoiceInteraction>
                """,
            processing: "<responseProcessing template=\"https://qti.example.org/templates/qti_v2p0/MATCH_CORRECT.xml\"/>",
            identifier: "soal 1/ä", title: " Ibu kota ", namespace: "")
        let item = try #require(Self.only(bytes))
        // Characters no id holds become `-`; letters of any script stay.
        #expect(item.id == "soal-1-ä")
        #expect(item.title == "Ibu kota")
        #expect(item.format == .html)
        #expect(item.points == 1)
        #expect(item.prompt == "<p>Lihat <img alt=\"peta\" src=\"peta.png\"> berikut.</p> <p>Ibu kota <em>Indonesia</em>?</p>")
        #expect(
            item.interaction
                == .choice(choices: [Choice(id: "A", text: "Bandung", weight: 0), Choice(id: "B", text: "Jakarta", weight: 1)], multiple: false))
        #expect(Self.points(item, .choices(["B"])) == 1)
        #expect(Self.points(item, .choices(["A"])) == 0)
    }

    @Test func multipleChoiceMappingGivesWeightsWithinBounds() throws {
        let bytes = Self.document(
            """
            <responseDeclaration identifier="RESPONSE" cardinality="multiple" baseType="identifier">
              <correctResponse><value>H</value><value>O</value></correctResponse>
              <mapping lowerBound="0" upperBound="2" defaultValue="-2">
                <mapEntry mapKey="H" mappedValue="1"/><mapEntry mapKey="O" mappedValue="1"/><mapEntry mapKey="Cl" mappedValue="-1"/>
              </mapping>
            </responseDeclaration>
            """,
            body: """
                <choiceInteraction responseIdentifier="RESPONSE" maxChoices="0">
                  <simpleChoice identifier="H">Hidrogen</simpleChoice><simpleChoice identifier="He">Helium</simpleChoice>
                  <simpleChoice identifier="O">Oksigen</simpleChoice><simpleChoice identifier="Cl">Klorin</simpleChoice>
                </choiceInteraction>
                """,
            processing: Self.mapResponse)
        let item = try #require(Self.only(bytes))
        #expect(item.points == 2)
        guard case .choice(let choices, let multiple) = item.interaction else {
            Issue.record("not a choice item: \(item.interaction)")
            return
        }
        #expect(multiple)
        #expect(choices.map(\.weight) == [0.5, -1, 0.5, -0.5])  // unmapped He takes the default, -2 of 2
        #expect(Self.points(item, .choices(["H", "O"])) == 2)
        #expect(Self.points(item, .choices(["H"])) == 1)
        #expect(Self.points(item, .choices(["H", "O", "Cl"])) == 1)
        #expect(Self.points(item, .choices(["H", "He"])) == 0)
    }

    @Test func multipleChoiceMatchCorrectIsAllOrNothing() throws {
        let bytes = Self.document(
            """
            <responseDeclaration identifier="RESPONSE" cardinality="multiple" baseType="identifier">
              <correctResponse><value>a</value><value>c</value></correctResponse>
            </responseDeclaration>
            """,
            body: """
                <choiceInteraction responseIdentifier="RESPONSE" maxChoices="3">
                  <simpleChoice identifier="a">A</simpleChoice><simpleChoice identifier="b">B</simpleChoice><simpleChoice identifier="c">C</simpleChoice>
                </choiceInteraction>
                """,
            processing: Self.matchCorrect)
        let item = try #require(Self.only(bytes))
        #expect(Self.points(item, .choices(["a", "c"])) == 1)
        #expect(Self.points(item, .choices(["a"])) == 0)
        #expect(Self.points(item, .choices(["a", "b", "c"])) == 0)
    }

    @Test func perChoiceAndGeneralFeedback() throws {
        let bytes = Self.document(
            """
            <responseDeclaration identifier="RESPONSE" cardinality="single" baseType="identifier">
              <correctResponse><value>y</value></correctResponse>
            </responseDeclaration>
            <outcomeDeclaration identifier="FEEDBACK" cardinality="single" baseType="identifier"/>
            <outcomeDeclaration identifier="ALWAYS" cardinality="single" baseType="identifier"/>
            """,
            body: """
                <choiceInteraction responseIdentifier="RESPONSE" maxChoices="1">
                  <simpleChoice identifier="y">Ya <feedbackInline outcomeIdentifier="FEEDBACK" identifier="y" showHide="show">Benar.</feedbackInline></simpleChoice>
                  <simpleChoice identifier="t">Tidak</simpleChoice>
                </choiceInteraction>
                """,
            processing: """
                <responseProcessing>
                  <setOutcomeValue identifier="FEEDBACK"><variable identifier="RESPONSE"/></setOutcomeValue>
                  <setOutcomeValue identifier="ALWAYS"><baseValue baseType="identifier">all</baseValue></setOutcomeValue>
                  <responseCondition><responseIf><match><variable identifier="RESPONSE"/><correct identifier="RESPONSE"/></match>
                    <setOutcomeValue identifier="SCORE"><baseValue baseType="float">1</baseValue></setOutcomeValue></responseIf></responseCondition>
                </responseProcessing>
                """,
            after: """
                <modalFeedback outcomeIdentifier="FEEDBACK" identifier="t" showHide="show">Salah, <b>coba lagi</b>.</modalFeedback>
                <modalFeedback outcomeIdentifier="ALWAYS" identifier="all" showHide="show">Lihat modul 2.</modalFeedback>
                <modalFeedback outcomeIdentifier="OTHER" identifier="x" showHide="show">Tidak dipakai.</modalFeedback>
                """)
        let item = try #require(Self.only(bytes))
        #expect(item.generalFeedback == "Lihat modul 2.")
        #expect(
            item.interaction
                == .choice(
                    choices: [
                        Choice(id: "y", text: "Ya", weight: 1, feedback: "Benar."),
                        Choice(id: "t", text: "Tidak", weight: 0, feedback: "Salah, <b>coba lagi</b>."),
                    ],
                    multiple: false))
    }

    // MARK: Text and numbers

    @Test func textEntryWithMappingIsCaseSensitiveAsQTI() throws {
        let bytes = Self.document(
            """
            <responseDeclaration identifier="RESPONSE" cardinality="single" baseType="string">
              <correctResponse><value>York</value></correctResponse>
              <mapping defaultValue="0"><mapEntry mapKey="York" mappedValue="1"/><mapEntry mapKey="york" mappedValue="0.5"/></mapping>
            </responseDeclaration>
            """,
            body: "<p>Made glorious summer by this sun of <textEntryInteraction responseIdentifier=\"RESPONSE\"/>;</p>",
            processing: Self.mapResponse)
        let item = try #require(Self.only(bytes))
        #expect(item.prompt == "<p>Made glorious summer by this sun of \(QTIImporter.blank);</p>")
        #expect(item.interaction == .text(answers: [.init(pattern: "York", weight: 1), .init(pattern: "york", weight: 0.5)], caseSensitive: true))
        #expect(Self.points(item, .text(" York ")) == 1)
        #expect(Self.points(item, .text("york")) == 0.5)
        #expect(Self.points(item, .text("YORK")) == 0)
    }

    @Test func customTextRulesGivePartialCreditAndWildcards() throws {
        let bytes = Self.document(
            """
            <responseDeclaration identifier="R" cardinality="single" baseType="string">
              <correctResponse><value>wicked king</value></correctResponse>
            </responseDeclaration>
            <outcomeDeclaration identifier="SCORE3" cardinality="single" baseType="float"/>
            """,
            body: "<p>The <textEntryInteraction responseIdentifier=\"R\"/>.</p>",
            processing: """
                <responseProcessing>
                  <responseCondition>
                    <responseIf><match><variable identifier="R"/><correct identifier="R"/></match>
                      <setOutcomeValue identifier="SCORE3"><baseValue baseType="float">2</baseValue></setOutcomeValue></responseIf>
                    <responseElseIf><or><match><variable identifier="R"/><baseValue baseType="string">bad king</baseValue></match>
                        <stringMatch caseSensitive="false"><variable identifier="R"/><baseValue baseType="string">Evil King</baseValue></stringMatch></or>
                      <setOutcomeValue identifier="SCORE3"><baseValue baseType="float">1</baseValue></setOutcomeValue></responseElseIf>
                    <responseElseIf><substring caseSensitive="false"><baseValue baseType="string">king</baseValue><variable identifier="R"/></substring>
                      <setOutcomeValue identifier="SCORE3"><baseValue baseType="float">0.4</baseValue></setOutcomeValue></responseElseIf>
                    <responseElse><setOutcomeValue identifier="SCORE3"><baseValue baseType="float">0</baseValue></setOutcomeValue></responseElse>
                  </responseCondition>
                  <setOutcomeValue identifier="SCORE"><sum><variable identifier="SCORE3"/></sum></setOutcomeValue>
                </responseProcessing>
                """)
        let item = try #require(Self.only(bytes))
        #expect(item.points == 2)
        #expect(Self.points(item, .text("wicked king")) == 2)
        #expect(Self.points(item, .text("bad king")) == 1)
        #expect(Self.points(item, .text("EVIL KING")) == 1)
        #expect(Self.points(item, .text("the King of York")) == 0.4)
        #expect(Self.points(item, .text("queen")) == 0)
    }

    @Test func numericTextEntryWithExactToleranceAndRange() throws {
        let exact = Self.document(
            """
            <responseDeclaration identifier="RESPONSE" cardinality="single" baseType="integer">
              <correctResponse><value>1800</value></correctResponse>
            </responseDeclaration>
            """,
            body: "<p>Jarak: <textEntryInteraction responseIdentifier=\"RESPONSE\"/> km</p>", processing: Self.matchCorrect)
        let item = try #require(Self.only(exact))
        #expect(item.interaction == .numeric(answers: [.init(value: 1800)]))
        #expect(Self.points(item, .number(1800)) == 1)
        #expect(Self.points(item, .number(1801)) == 0)

        let tolerant = Self.document(
            """
            <responseDeclaration identifier="RESPONSE" cardinality="single" baseType="float">
              <correctResponse><value>3.14</value></correctResponse>
            </responseDeclaration>
            <outcomeDeclaration identifier="MAXSCORE" cardinality="single" baseType="float"><defaultValue><value>4</value></defaultValue></outcomeDeclaration>
            """,
            body: "<p>π = <textEntryInteraction responseIdentifier=\"RESPONSE\"/></p>",
            processing: """
                <responseProcessing><responseCondition>
                  <responseIf><equal toleranceMode="absolute" tolerance="0.01"><variable identifier="RESPONSE"/><correct identifier="RESPONSE"/></equal>
                    <setOutcomeValue identifier="SCORE"><variable identifier="MAXSCORE"/></setOutcomeValue></responseIf>
                  <responseElseIf><and><gte><variable identifier="RESPONSE"/><baseValue baseType="float">3</baseValue></gte>
                      <lt><variable identifier="RESPONSE"/><baseValue baseType="float">3.5</baseValue></lt></and>
                    <setOutcomeValue identifier="SCORE"><baseValue baseType="float">1</baseValue></setOutcomeValue></responseElseIf>
                </responseCondition></responseProcessing>
                """)
        let approximate = try #require(Self.only(tolerant))
        #expect(approximate.points == 4)
        #expect(Self.points(approximate, .number(3.145)) == 4)
        #expect(Self.points(approximate, .number(3.3)) == 1)
        #expect(Self.points(approximate, .number(2.9)) == 0)
    }

    // MARK: Gaps

    @Test func severalInlineInteractionsBecomeGapsWithPlaceholders() throws {
        let bytes = Self.document(
            """
            <responseDeclaration identifier="KOTA" cardinality="single" baseType="string">
              <correctResponse><value>Jakarta</value></correctResponse>
            </responseDeclaration>
            <responseDeclaration identifier="PULAU" cardinality="single" baseType="identifier">
              <correctResponse><value>jawa</value></correctResponse>
            </responseDeclaration>
            """,
            body: """
                <p>Ibu kota lama adalah <textEntryInteraction responseIdentifier="KOTA"/> di pulau
                <inlineChoiceInteraction responseIdentifier="PULAU" shuffle="false">
                  <inlineChoice identifier="jawa">Jawa</inlineChoice><inlineChoice identifier="bali">Bali</inlineChoice>
                </inlineChoiceInteraction>.</p>
                """,
            processing: """
                <responseProcessing>
                  <responseCondition><responseIf><match><variable identifier="KOTA"/><correct identifier="KOTA"/></match>
                    <setOutcomeValue identifier="SCORE"><sum><variable identifier="SCORE"/><baseValue baseType="float">1</baseValue></sum></setOutcomeValue></responseIf></responseCondition>
                  <responseCondition><responseIf><match><variable identifier="PULAU"/><correct identifier="PULAU"/></match>
                    <setOutcomeValue identifier="SCORE"><sum><variable identifier="SCORE"/><baseValue baseType="float">1</baseValue></sum></setOutcomeValue></responseIf></responseCondition>
                </responseProcessing>
                """)
        let item = try #require(Self.only(bytes))
        #expect(item.prompt == "<p>Ibu kota lama adalah [[KOTA]] di pulau [[PULAU]].</p>")
        #expect(item.points == 2)
        #expect(
            item.interaction
                == .gaps([
                    .init(id: "KOTA", answers: [.init(pattern: "Jakarta")]),
                    .init(id: "PULAU", options: [Choice(id: "jawa", text: "Jawa", weight: 1), Choice(id: "bali", text: "Bali", weight: 0)]),
                ]))
        #expect(Self.points(item, .gaps(["KOTA": "Jakarta ", "PULAU": "jawa"])) == 2)
        // The item's own rules run: <match> on a string is exact, so case matters as the author wrote it.
        #expect(Self.points(item, .gaps(["KOTA": "jakarta", "PULAU": "jawa"])) == 1)
        #expect(Self.points(item, .gaps(["KOTA": "Bandung", "PULAU": "jawa"])) == 1)
    }

    @Test func simpleGapMatchBecomesDropdownsAndComplexOneIsRefused() throws {
        let simple = Self.document(
            """
            <responseDeclaration identifier="RESPONSE" cardinality="multiple" baseType="directedPair">
              <correctResponse><value>W G1</value><value>Su G2</value></correctResponse>
            </responseDeclaration>
            """,
            body: """
                <gapMatchInteraction responseIdentifier="RESPONSE">
                  <gapText identifier="W" matchMax="1">winter</gapText><gapText identifier="Su" matchMax="1">summer</gapText>
                  <p>Now is the <gap identifier="G1"/> of our discontent, made glorious <gap identifier="G2"/>.</p>
                </gapMatchInteraction>
                """,
            processing: Self.matchCorrect)
        let item = try #require(Self.only(simple))
        #expect(item.prompt == "<p>Now is the [[G1]] of our discontent, made glorious [[G2]].</p>")
        #expect(Self.points(item, .gaps(["G1": "W", "G2": "Su"])) == 1)
        // match_correct is all or nothing, as its definition says.
        #expect(Self.points(item, .gaps(["G1": "W", "G2": "W"])) == 0)

        let complex = Self.document(
            """
            <responseDeclaration identifier="RESPONSE" cardinality="multiple" baseType="directedPair">
              <correctResponse><value>circle C1</value><value>circle C1</value></correctResponse>
            </responseDeclaration>
            """,
            body: """
                <gapMatchInteraction responseIdentifier="RESPONSE">
                  <gapText identifier="circle" matchMax="5">O</gapText><p><gap identifier="C1"/></p>
                </gapMatchInteraction>
                """,
            processing: Self.matchCorrect)
        let result = QTIImporter.item(complex)
        #expect(result.items.isEmpty)
        #expect(result.problems.first?.english.contains("<gapMatchInteraction>") == true)
        #expect(result.problems.first?.line == 7)
    }

    // MARK: Order, match, essay

    @Test func orderAllOrNothingAndPartialCreditFromCustomRule() throws {
        let declarations = """
            <responseDeclaration identifier="RESPONSE" cardinality="ordered" baseType="identifier">
              <correctResponse><value>C</value><value>A</value><value>B</value></correctResponse>
            </responseDeclaration>
            """
        let body = """
            <orderInteraction responseIdentifier="RESPONSE" shuffle="true"><prompt>Urutkan.</prompt>
              <simpleChoice identifier="A">Dua</simpleChoice><simpleChoice identifier="B">Tiga</simpleChoice><simpleChoice identifier="C">Satu</simpleChoice>
            </orderInteraction>
            """
        let strict = try #require(Self.only(Self.document(declarations, body: body, processing: Self.matchCorrect)))
        #expect(strict.prompt == "<p>Urutkan.</p>")
        #expect(strict.interaction == .ordering(correctOrder: ["Satu", "Dua", "Tiga"], partialCredit: false))

        let partial = try #require(
            Self.only(
                Self.document(
                    declarations, body: body,
                    processing: """
                        <responseProcessing><responseCondition>
                          <responseIf><match><variable identifier="RESPONSE"/><correct identifier="RESPONSE"/></match>
                            <setOutcomeValue identifier="SCORE"><baseValue baseType="float">2</baseValue></setOutcomeValue></responseIf>
                          <responseElseIf><match><variable identifier="RESPONSE"/><ordered><baseValue baseType="identifier">C</baseValue>
                              <baseValue baseType="identifier">B</baseValue><baseValue baseType="identifier">A</baseValue></ordered></match>
                            <setOutcomeValue identifier="SCORE"><baseValue baseType="float">1</baseValue></setOutcomeValue></responseElseIf>
                        </responseCondition></responseProcessing>
                        """)))
        #expect(partial.points == 2)
        #expect(partial.interaction == .ordering(correctOrder: ["Satu", "Dua", "Tiga"], partialCredit: true))
        #expect(Self.points(partial, .order(["Satu", "Dua", "Tiga"])) == 2)
    }

    @Test func matchAndAssociatePairByTexts() throws {
        let match = Self.document(
            """
            <responseDeclaration identifier="RESPONSE" cardinality="multiple" baseType="directedPair">
              <correctResponse><value>C R</value><value>P T</value></correctResponse>
              <mapping defaultValue="0"><mapEntry mapKey="C R" mappedValue="1"/><mapEntry mapKey="P T" mappedValue="1"/></mapping>
            </responseDeclaration>
            """,
            body: """
                <matchInteraction responseIdentifier="RESPONSE" shuffle="true" maxAssociations="2">
                  <simpleMatchSet><simpleAssociableChoice identifier="C" matchMax="1">Capulet</simpleAssociableChoice>
                    <simpleAssociableChoice identifier="P" matchMax="1">Prospero</simpleAssociableChoice></simpleMatchSet>
                  <simpleMatchSet><simpleAssociableChoice identifier="R" matchMax="2">Romeo &amp; Juliet</simpleAssociableChoice>
                    <simpleAssociableChoice identifier="T" matchMax="2">The Tempest</simpleAssociableChoice>
                    <simpleAssociableChoice identifier="H" matchMax="2">Hamlet</simpleAssociableChoice></simpleMatchSet>
                </matchInteraction>
                """,
            processing: Self.mapResponse)
        let item = try #require(Self.only(match))
        #expect(item.points == 2)
        #expect(
            item.interaction
                == .matching(
                    pairs: [.init(premise: "Capulet", response: "Romeo &amp; Juliet"), .init(premise: "Prospero", response: "The Tempest")],
                    responses: ["Romeo &amp; Juliet", "The Tempest", "Hamlet"]))
        #expect(Self.points(item, .matches(["Capulet": "Romeo &amp; Juliet", "Prospero": "Hamlet"])) == 1)

        let associate = Self.document(
            """
            <responseDeclaration identifier="RESPONSE" cardinality="multiple" baseType="pair">
              <correctResponse><value>A P</value><value>C M</value></correctResponse>
            </responseDeclaration>
            """,
            body: """
                <associateInteraction responseIdentifier="RESPONSE" maxAssociations="2">
                  <simpleAssociableChoice identifier="A" matchMax="1">Antonio</simpleAssociableChoice>
                  <simpleAssociableChoice identifier="C" matchMax="1">Capulet</simpleAssociableChoice>
                  <simpleAssociableChoice identifier="M" matchMax="1">Montague</simpleAssociableChoice>
                  <simpleAssociableChoice identifier="P" matchMax="1">Prospero</simpleAssociableChoice>
                  <simpleAssociableChoice identifier="X" matchMax="1">Hamlet</simpleAssociableChoice>
                </associateInteraction>
                """,
            processing: Self.matchCorrect)
        let pairs = try #require(Self.only(associate))
        #expect(
            pairs.interaction
                == .matching(
                    pairs: [.init(premise: "Antonio", response: "Prospero"), .init(premise: "Capulet", response: "Montague")],
                    responses: ["Montague", "Prospero", "Hamlet"]))
    }

    @Test func extendedTextIsAnEssayWithItsPoints() throws {
        let bytes = Self.document(
            "<responseDeclaration identifier=\"RESPONSE\" cardinality=\"single\" baseType=\"string\"/>",
            body: """
                <p>Baca teks.</p><extendedTextInteraction responseIdentifier="RESPONSE"><prompt>Tulis <b>ringkasan</b>.</prompt></extendedTextInteraction>
                <rubricBlock view="scorer"><p>Skor maksimum 5.</p></rubricBlock>
                """,
            score: "<outcomeDeclaration identifier=\"SCORE\" cardinality=\"single\" baseType=\"float\" normalMaximum=\"5\"/>")
        let item = try #require(Self.only(bytes))
        #expect(item.interaction == .essay)
        #expect(item.points == 5)
        #expect(item.prompt == "<p>Baca teks.</p><p>Tulis <b>ringkasan</b>.</p>")
        #expect(Scoring.score(item, .essay("…")).needsGrading)
    }

    // MARK: Fallbacks and refusals

    @Test func processingWhoseCorrectResponseScoresNothingIsRefused() throws {
        let bytes = Self.document(
            """
            <responseDeclaration identifier="RESPONSE" cardinality="single" baseType="identifier">
              <correctResponse><value>b</value></correctResponse>
            </responseDeclaration>
            """,
            body:
                "<choiceInteraction responseIdentifier=\"RESPONSE\" maxChoices=\"1\"><simpleChoice identifier=\"a\">A</simpleChoice><simpleChoice identifier=\"b\">B</simpleChoice></choiceInteraction>",
            processing: """
                <responseProcessing><setOutcomeValue identifier="SCORE">
                  <product><baseValue baseType="float">2</baseValue><mapResponse identifier="RESPONSE"/></product>
                </setOutcomeValue></responseProcessing>
                """)
        // Without a mapping mapResponse is 0, so by the item's own rules nothing ever scores: refused, not guessed.
        let result = QTIImporter.item(bytes)
        #expect(result.items.isEmpty)
        #expect(result.problems.map(\.english) == ["by the item's own response processing, its declared correct response scores nothing"])
    }

    @Test func unsupportedInteractionsTemplatesAndMalformedXMLAreNamed() {
        let upload = QTIImporter.item(
            Self.document(
                "<responseDeclaration identifier=\"RESPONSE\" cardinality=\"single\" baseType=\"file\"/>",
                body: "<p>Unggah.</p>\n<uploadInteraction responseIdentifier=\"RESPONSE\"/>"))
        #expect(upload.items.isEmpty)
        #expect(upload.problems.map(\.english) == ["QTI interaction <uploadInteraction> is not supported"])
        #expect(upload.problems.map(\.indonesian) == ["interaksi QTI <uploadInteraction> tidak didukung"])
        #expect(upload.problems.first?.line == 6)

        let hotspot = QTIImporter.item(
            Self.document(
                "",
                body:
                    "<hotspotInteraction responseIdentifier=\"R\"/><sliderInteraction responseIdentifier=\"S\"/><hotspotInteraction responseIdentifier=\"T\"/>"
            ))
        #expect(
            hotspot.problems.map(\.english) == [
                "QTI interaction <hotspotInteraction> is not supported", "QTI interaction <sliderInteraction> is not supported",
            ])

        let template = QTIImporter.item(
            Self.document(
                "<templateDeclaration identifier=\"A\" cardinality=\"single\" baseType=\"integer\"/>",
                body: "<p><printedVariable identifier=\"A\"/></p>"))
        #expect(template.problems.first?.english.contains("<templateDeclaration>") == true)

        let malformed = QTIImporter.item(Array("<assessmentItem>\n<itemBody>\n<p>tanpa penutup</itemBody>\n</assessmentItem>".utf8))
        #expect(malformed.items.isEmpty)
        #expect(malformed.problems.first?.line == 3)
        #expect(malformed.problems.first?.english.contains("malformed XML") == true)

        let wrongRoot = QTIImporter.item(Array("<questestinterop/>".utf8))
        #expect(wrongRoot.problems.first?.english.contains("<questestinterop>") == true)
    }

    @Test func adaptiveItemsAreReadAsOneAttemptUnlessTheBodyChanges() throws {
        let hint = Self.document(
            """
            <responseDeclaration identifier="RESPONSE" cardinality="single" baseType="identifier"><correctResponse><value>b</value></correctResponse></responseDeclaration>
            <responseDeclaration identifier="HINT" cardinality="single" baseType="boolean"/>
            """,
            body: """
                <choiceInteraction responseIdentifier="RESPONSE" maxChoices="1"><simpleChoice identifier="a">A</simpleChoice><simpleChoice identifier="b">B</simpleChoice></choiceInteraction>
                <p><endAttemptInteraction responseIdentifier="HINT" title="Petunjuk"/></p>
                """,
            processing: """
                <responseProcessing><responseCondition>
                  <responseIf><variable identifier="HINT"/><setOutcomeValue identifier="FEEDBACK"><baseValue baseType="identifier">HINT</baseValue></setOutcomeValue></responseIf>
                  <responseElse><responseCondition><responseIf><match><variable identifier="RESPONSE"/><correct identifier="RESPONSE"/></match>
                    <setOutcomeValue identifier="SCORE"><baseValue baseType="float">1</baseValue></setOutcomeValue></responseIf></responseCondition></responseElse>
                </responseCondition></responseProcessing>
                """)
        let item = try #require(Self.only(hint))
        #expect(item.prompt.isEmpty)
        #expect(Self.points(item, .choices(["b"])) == 1)

        let parts = QTIImporter.item(
            Self.document(
                "<responseDeclaration identifier=\"R\" cardinality=\"single\" baseType=\"string\"/>",
                body:
                    "<feedbackBlock outcomeIdentifier=\"BODY\" identifier=\"part2\" showHide=\"show\"><p><textEntryInteraction responseIdentifier=\"R\"/></p></feedbackBlock>"
            ))
        #expect(parts.items.isEmpty)
        #expect(
            parts.problems.map(\.english) == [
                "QTI interaction <textEntryInteraction> inside <feedbackBlock> (an adaptive item that changes between attempts) is not supported"
            ])
    }

    @Test func patternsConvertBetweenWildcardsAndRegularExpressions() {
        #expect(QTIPattern.regex(fromWildcard: "Ab* c.d", caseSensitive: false) == "\\s*[Aa][bB].*\\s+[cC]\\.[dD]\\s*")
        #expect(QTIPattern.regex(fromWildcard: "5\\*", caseSensitive: true) == "\\s*5\\*\\s*")
        for (pattern, caseSensitive) in [("Ab* c.d", false), ("kemen* PAN", true), ("a.b\\*(c)", false), ("*x*", false), ("2+2=4", true)] {
            let converted = QTIPattern.wildcard(fromRegex: QTIPattern.regex(fromWildcard: pattern, caseSensitive: caseSensitive))
            #expect(converted?.0 == pattern)
            #expect(converted?.1 == caseSensitive || converted?.1 == nil)
        }
        #expect(QTIPattern.wildcard(fromRegex: "^[0-9]+$") == nil)  // not expressible as a wildcard
        #expect(QTIPattern.wildcard(fromRegex: "ab.*") ?? ("", nil) == ("ab*", true))
    }

    // MARK: Packages

    @Test func packageReadsItemResourcesAndRefusesEscapingPaths() {
        let choice = Self.document(
            "<responseDeclaration identifier=\"RESPONSE\" cardinality=\"single\" baseType=\"identifier\"><correctResponse><value>a</value></correctResponse></responseDeclaration>",
            body:
                "<choiceInteraction responseIdentifier=\"RESPONSE\" maxChoices=\"1\"><simpleChoice identifier=\"a\">A</simpleChoice></choiceInteraction>",
            processing: Self.matchCorrect, identifier: "sama")
        let upload = Self.document("", body: "<uploadInteraction responseIdentifier=\"R\"/>")
        let manifest = """
            <manifest xmlns="http://www.imsglobal.org/xsd/imscp_v1p1" identifier="M">
              <organizations/>
              <resources>
                <resource identifier="r1" type="imsqti_item_xmlv2p1" href="items/satu%20a.xml"><file href="items/satu%20a.xml"/></resource>
                <resource identifier="r2" type="imsqti_item_xmlv2p2" href="./items/dua.xml"/>
                <resource identifier="r3" type="imsqti_item_xmlv2p1" href="../rahasia.xml"/>
                <resource identifier="r4" type="imsqti_item_xmlv2p1" href="/etc/passwd"/>
                <resource identifier="r5" type="imsqti_item_xmlv2p1" href="items/hilang.xml"/>
                <resource identifier="r6" type="IMSQTI_ITEM_XMLV2P1" href="items/unggah.xml"/>
                <resource identifier="r7" type="webcontent" href="gambar.png"/>
              </resources>
            </manifest>
            """
        let files = ["items/satu a.xml": choice, "items/dua.xml": choice, "items/unggah.xml": upload]
        var asked: [String] = []
        let result = QTIImporter.package(manifest: Array(manifest.utf8)) { path in
            asked.append(path)
            return files[path]
        }
        #expect(asked == ["items/satu a.xml", "items/dua.xml", "items/hilang.xml", "items/unggah.xml"])
        #expect(result.items.map(\.id) == ["sama", "sama-2"])
        #expect(result.problems.count == 4)
        #expect(result.problems.filter { $0.english.contains("../rahasia.xml") && $0.line == 6 }.count == 1)
        #expect(result.problems.filter { $0.english.contains("/etc/passwd") }.count == 1)
        #expect(result.problems.filter { $0.english.hasPrefix("imsmanifest.xml: item file \"items/hilang.xml\"") }.count == 1)
        #expect(result.problems.filter { $0.english == "items/unggah.xml: QTI interaction <uploadInteraction> is not supported" }.count == 1)
    }

    // MARK: Export

    @Test func exportWritesWellFormedEscapedXHTML() throws {
        let item = QuizItem(
            id: "html-1",
            prompt:
                "<p>Baris<br>dua & <b>tebal<i>miring</b></i> <img src=\"a.png\"><script>alert(1)</script> [[x]] 5 < 6</p><figure>F</figure><u>u</u>",
            interaction: .choice(
                choices: [Choice(id: "a", text: "<p>A &amp; B</p>", weight: 1), Choice(id: "b", text: "x<y", weight: 0)], multiple: false),
            title: "Judul \"kutip\" & <tag>", format: .html)
        let files = QTIExporter.package(title: "Kuis \"1\" & <2>", items: [item], renderHTML: { text, _ in text })
        #expect(files.map(\.path) == ["imsmanifest.xml", "items/html-1.xml"])
        for file in files {
            #expect(throws: Never.self) { try SafeXMLParser.parse(file.bytes) }
        }
        let manifest = try SafeXMLParser.parse(files[0].bytes)
        let resource = try #require(manifest.child(named: "resources")?.child(named: "resource"))
        #expect(resource.attributes["type"] == "imsqti_item_xmlv2p1")
        #expect(resource.attributes["href"] == "items/html-1.xml")
        let xml = String(decoding: files[1].bytes, as: UTF8.self)
        #expect(!xml.contains("<script") && !xml.contains("alert"))
        // The item stands in items/: a path relative to the quiz (the package root) gets ../ there.
        #expect(xml.contains("<br/>") && xml.contains("<img src=\"../a.png\" alt=\"\"/>"))
        #expect(xml.contains("<simpleChoice identifier=\"a\">A &amp; B</simpleChoice>"))
        let back = try #require(QTIImporter.item(files[1].bytes).items.first)
        #expect(back.title == "Judul \"kutip\" & <tag>")
        #expect(Self.plain(back.prompt).contains("dua & tebalmiring [[x]] 5 < 6"))
    }

    // MARK: Round trip

    struct RoundTripCase {
        var item: QuizItem
        var responses: [QuizResponse]
    }

    static let roundTripCases: [RoundTripCase] = [
        RoundTripCase(
            item: QuizItem(
                id: "pg.1", prompt: "Ibu kota Indonesia?",
                interaction: .choice(
                    choices: [
                        Choice(id: "a", text: "Jakarta", weight: 1, feedback: "Benar, *Jakarta*."),
                        Choice(id: "b", text: "Bandung & Bogor", weight: 0, feedback: "Bukan."),
                        Choice(id: "c", text: "Surabaya", weight: 0),
                    ], multiple: false),
                generalFeedback: "Lihat modul 1.", title: "Ibu kota"),
            responses: [.choices(["a"]), .choices(["b"]), .choices([])]),
        RoundTripCase(
            item: QuizItem(
                id: "pg-bobot", prompt: "Pilih yang paling tepat.",
                interaction: .choice(
                    choices: [
                        Choice(id: "a", text: "Tepat", weight: 1), Choice(id: "b", text: "Hampir", weight: 0.5),
                        Choice(id: "c", text: "Salah", weight: -0.25),
                    ],
                    multiple: false), points: 3),
            responses: [.choices(["a"]), .choices(["b"]), .choices(["c"])]),
        RoundTripCase(
            item: QuizItem(
                id: "mr-1", prompt: "Pilih semua bilangan prima.",
                interaction: .choice(
                    choices: [Choice(id: "2", text: "2", weight: 1), Choice(id: "3", text: "3", weight: 1), Choice(id: "4", text: "4", weight: 0)],
                    multiple: true)),
            responses: [.choices(["2", "3"]), .choices(["2"]), .choices(["2", "3", "4"])]),
        RoundTripCase(
            item: QuizItem(
                id: "mr-2", prompt: "Pilih semua bilangan genap.",
                interaction: .choice(
                    choices: [
                        Choice(id: "a", text: "2", weight: 1, feedback: "Ya."), Choice(id: "b", text: "4", weight: 1),
                        Choice(id: "c", text: "5", weight: 0),
                    ],
                    multiple: true), points: 2),
            responses: [.choices(["a", "b"]), .choices(["a"]), .choices(["a", "b", "c"])]),
        RoundTripCase(
            item: QuizItem(
                id: "mr-sebagian", prompt: "Unsur pembentuk air?",
                interaction: .choice(
                    choices: [
                        Choice(id: "H", text: "Hidrogen", weight: 0.5), Choice(id: "O", text: "Oksigen", weight: 0.5),
                        Choice(id: "Cl", text: "Klorin", weight: -1),
                    ],
                    multiple: true), points: 4),
            responses: [.choices(["H", "O"]), .choices(["H"]), .choices(["H", "Cl"]), .choices(["H", "O", "Cl"])]),
        RoundTripCase(
            item: QuizItem(
                id: "isian", prompt: "Singkatan dari Badan Kepegawaian Negara adalah ___.",
                interaction: .text(
                    answers: [
                        .init(pattern: "BKN", feedback: "Tepat."), .init(pattern: "B.K.N.", weight: 0.5, feedback: "Tanpa titik."),
                        .init(pattern: "b k n", weight: 0.25), .init(pattern: "5\\*", weight: 0.1, feedback: "Bintang?"),
                    ],
                    caseSensitive: false), points: 2),
            responses: [.text("bkn"), .text(" B.K.N. "), .text("B   K N"), .text("5*"), .text("BKD")]),
        RoundTripCase(
            item: QuizItem(
                id: "isian-pola", prompt: "Sebutkan instansi pembina ASN.",
                interaction: .text(
                    answers: [
                        .init(pattern: "Badan Kepegawaian*", feedback: "Ya, BKN."), .init(pattern: "*BKN*", weight: 0.8), .init(pattern: "kemen* PAN", weight: 0.3),
                        .init(pattern: "a.b\\*(c)", weight: 0.2),
                    ],
                    caseSensitive: false), points: 2),
            responses: [.text("badan kepegawaian negara"), .text("ya BKN"), .text("Kemenpan PAN"), .text("A.B*(C)"), .text("lain")]),
        RoundTripCase(
            item: QuizItem(
                id: "isian-tepat", prompt: "Kode negara Indonesia?", interaction: .text(answers: [.init(pattern: "ID")], caseSensitive: true)),
            responses: [.text("ID"), .text("id")]),
        RoundTripCase(
            item: QuizItem(
                id: "isian-pola-peka", prompt: "Nama?",
                interaction: .text(answers: [.init(pattern: "Budi*"), .init(pattern: "budi", weight: 0.5)], caseSensitive: true)),
            responses: [.text("Budi Santoso"), .text("budi"), .text("BUDI")]),
        RoundTripCase(
            item: QuizItem(id: "angka", prompt: "Berapa JP pelatihan dasar?", interaction: .numeric(answers: [.init(value: 20)])),
            responses: [.number(20), .number(21)]),
        RoundTripCase(
            item: QuizItem(
                id: "angka-rentang", prompt: "Nilai π sampai dua desimal: ____",
                interaction: .numeric(answers: [
                    .init(value: 3.14, feedback: "Tepat."), .init(value: 3.14, tolerance: 0.005, weight: 0.75, feedback: "Hampir."),
                    .init(minimum: 3, maximum: 3.5, weight: 0.1), .init(minimum: 100, maximum: .infinity, weight: 0.05, feedback: "Terlalu besar."),
                ]), points: 5),
            responses: [.number(3.14), .number(3.143), .number(3.3), .number(2), .number(1000)]),
        RoundTripCase(
            item: QuizItem(
                id: "jodohkan", prompt: "Jodohkan.",
                interaction: .matching(
                    pairs: [
                        .init(premise: "PNS", response: "20 JP"), .init(premise: "SKP", response: "kinerja"),
                        .init(premise: "CPNS", response: "20 JP"),
                    ],
                    responses: ["20 JP", "kinerja", "cuti & izin"]), points: 2),
            responses: [
                .matches(["PNS": "20 JP", "SKP": "kinerja", "CPNS": "20 JP"]), .matches(["PNS": "20 JP", "SKP": "cuti & izin"]), .matches([:]),
            ]),
        RoundTripCase(
            item: QuizItem(id: "urut", prompt: "Urutkan.", interaction: .ordering(correctOrder: ["Satu", "Dua", "Tiga"], partialCredit: false)),
            responses: [.order(["Satu", "Dua", "Tiga"]), .order(["Dua", "Satu", "Tiga"])]),
        RoundTripCase(
            item: QuizItem(
                id: "urut-sebagian", prompt: "Urutkan tahapan.", interaction: .ordering(correctOrder: ["a", "b", "c", "d"], partialCredit: true),
                points: 4),
            responses: [.order(["a", "b", "c", "d"]), .order(["a", "b", "d", "c"]), .order(["d", "c", "b", "a"])]),
        RoundTripCase(
            item: QuizItem(id: "urut-dua", prompt: "Urutkan.", interaction: .ordering(correctOrder: ["x", "y"], partialCredit: false), points: 2),
            responses: [.order(["x", "y"]), .order(["y", "x"])]),
        RoundTripCase(
            item: QuizItem(
                id: "rumpang", prompt: "Ibu kota [[kota]] terletak di pulau [[pulau]]; kode [[kode]].",
                interaction: .gaps([
                    .init(id: "kota", answers: [.init(pattern: "Jakarta"), .init(pattern: "DKI", weight: 0.5)]),
                    .init(
                        id: "pulau",
                        options: [
                            Choice(id: "jawa", text: "Jawa", weight: 1), Choice(id: "bali", text: "Bali", weight: 0.25),
                            Choice(id: "x", text: "<Lain>", weight: 0),
                        ]),
                    .init(id: "kode", answers: [.init(pattern: "ID*"), .init(pattern: "I*", weight: 0.5)]),
                    .init(id: "tambahan", answers: [.init(pattern: "ya")]),
                ]), points: 4),
            responses: [
                .gaps(["kota": "jakarta", "pulau": "jawa", "kode": "IDN", "tambahan": "YA"]), .gaps(["kota": "DKI", "pulau": "bali", "kode": "Ina"]),
                .gaps(["pulau": "x"]), .gaps([:]),
            ]),
        RoundTripCase(
            item: QuizItem(
                id: "esai", prompt: "Jelaskan **nilai** dasar ASN.", interaction: .essay, points: 10, generalFeedback: "Dinilai oleh fasilitator."),
            responses: [.essay("BerAKHLAK")]),
        RoundTripCase(
            item: QuizItem(id: "teks", prompt: "Bagian berikut tentang *etika*.", interaction: .description, points: 0, title: "Pengantar"),
            responses: []),
        RoundTripCase(
            item: QuizItem(
                id: "html-pg", prompt: "<p>Lihat <img src=\"x.png\" alt=\"x\"><br>gambar</p>",
                interaction: .choice(
                    choices: [Choice(id: "a", text: "<b>Ya</b>", weight: 1), Choice(id: "b", text: "Tidak", weight: 0)], multiple: false),
                format: .html),
            responses: [.choices(["a"]), .choices(["b"])]),
    ]

    @Test func roundTripEveryInteraction() throws {
        let items = Self.roundTripCases.map(\.item)
        let (result, files) = Self.roundTrip(items)
        #expect(result.problems.isEmpty, "\(result.problems)")
        #expect(files.count == items.count + 1)
        for (path, bytes) in files {
            #expect(throws: Never.self, "\(path) is well-formed") { try SafeXMLParser.parse(bytes) }
        }
        #expect(result.items.count == items.count)
        for (original, back) in zip(Self.roundTripCases, result.items) {
            Self.expectSameQuestion(original.item, back)
            for response in original.responses {
                let translated = Self.translate(response, from: original.item, to: back)
                #expect(
                    Scoring.score(original.item, response).points == Scoring.score(back, translated).points,
                    "\(original.item.id): \(response) scores \(Scoring.score(original.item, response).points), after the round trip \(Scoring.score(back, translated).points)"
                )
                #expect(Scoring.score(original.item, response).needsGrading == Scoring.score(back, translated).needsGrading)
            }
        }
    }

    @Test func roundTripIsStableOnTheSecondPass() throws {
        let (first, _) = Self.roundTrip(Self.roundTripCases.map(\.item))
        let (second, _) = Self.roundTrip(first.items)
        #expect(second.problems.isEmpty)
        #expect(second.items == first.items)
    }

    /// The same question modulo the HTML of its texts.
    static func expectSameQuestion(_ original: QuizItem, _ back: QuizItem, sourceLocation: SourceLocation = #_sourceLocation) {
        let id = original.id
        func source(_ text: String) -> String { plain(render(text, original.format)) }
        #expect(back.id == original.id, sourceLocation: sourceLocation)
        #expect(back.title == original.title, "\(id)", sourceLocation: sourceLocation)
        #expect(back.points == original.points, "\(id)", sourceLocation: sourceLocation)
        #expect(back.format == .html, sourceLocation: sourceLocation)
        #expect(
            promptText(back.prompt) == promptText(render(original.prompt, original.format)), "\(id): \(back.prompt)", sourceLocation: sourceLocation)
        #expect(back.generalFeedback.map(plain) == original.generalFeedback.map(source), "\(id)", sourceLocation: sourceLocation)
        switch (original.interaction, back.interaction) {
        case (.choice(let a, let multipleA), .choice(let b, let multipleB)):
            #expect(multipleA == multipleB, "\(id)", sourceLocation: sourceLocation)
            // Ids come back as QTI identifiers: `20-jp` is `_20-jp` (an identifier cannot start with a digit).
            #expect(a.map { QTIXML.identifier($0.id) } == b.map(\.id), "\(id)", sourceLocation: sourceLocation)
            #expect(a.map(\.weight) == b.map(\.weight), "\(id)", sourceLocation: sourceLocation)
            #expect(a.map { source($0.text) } == b.map { plain($0.text) }, "\(id)", sourceLocation: sourceLocation)
            #expect(a.map { $0.feedback.map(source) } == b.map { $0.feedback.map(plain) }, "\(id)", sourceLocation: sourceLocation)
        case (.text(let a, let caseA), .text(let b, let caseB)):
            // Feedback comes back as the HTML it was written as.
            #expect(a.map { [$0.pattern, "\($0.weight)"] } == b.map { [$0.pattern, "\($0.weight)"] }, "\(id)", sourceLocation: sourceLocation)
            #expect(a.map { $0.feedback.map(source) } == b.map { $0.feedback.map(plain) }, "\(id)", sourceLocation: sourceLocation)
            #expect(caseA == caseB, "\(id)", sourceLocation: sourceLocation)
        case (.numeric(let a), .numeric(let b)):
            #expect(a.map { [$0.minimum, $0.maximum, $0.weight] } == b.map { [$0.minimum, $0.maximum, $0.weight] }, "\(id)", sourceLocation: sourceLocation)
            #expect(a.map { $0.feedback.map(source) } == b.map { $0.feedback.map(plain) }, "\(id)", sourceLocation: sourceLocation)
        case (.matching(let pairsA, let responsesA), .matching(let pairsB, let responsesB)):
            #expect(
                pairsA.map { [source($0.premise), source($0.response)] } == pairsB.map { [plain($0.premise), plain($0.response)] }, "\(id)",
                sourceLocation: sourceLocation)
            #expect(responsesA.map(source) == responsesB.map(plain), "\(id)", sourceLocation: sourceLocation)
        case (.ordering(let orderA, let partialA), .ordering(let orderB, let partialB)):
            #expect(orderA.map(source) == orderB.map(plain), "\(id)", sourceLocation: sourceLocation)
            #expect(partialA == partialB, "\(id)", sourceLocation: sourceLocation)
        case (.gaps(let a), .gaps(let b)):
            #expect(a.map { QTIXML.identifier($0.id) } == b.map(\.id), "\(id)", sourceLocation: sourceLocation)
            #expect(a.map(\.answers) == b.map(\.answers), "\(id)", sourceLocation: sourceLocation)
            #expect(a.map { $0.options.map { QTIXML.identifier($0.id) } } == b.map { $0.options.map(\.id) }, "\(id)", sourceLocation: sourceLocation)
            #expect(a.map { $0.options.map(\.weight) } == b.map { $0.options.map(\.weight) }, "\(id)", sourceLocation: sourceLocation)
            #expect(
                a.map { $0.options.map { source($0.text) } } == b.map { $0.options.map { plain($0.text) } }, "\(id)", sourceLocation: sourceLocation)
        case (.essay, .essay), (.description, .description):
            break
        default:
            Issue.record("\(id): \(original.interaction) came back as \(back.interaction)", sourceLocation: sourceLocation)
        }
    }

    /// A prompt's text without markup, gap placeholders or blanks (which the round trip moves into place).
    static func promptText(_ html: String) -> String {
        var text = plain(html)
        while let open = text.range(of: "[["), let close = text.range(of: "]]", range: open.upperBound..<text.endIndex) {
            text.removeSubrange(open.lowerBound..<close.upperBound)
        }
        while let run = text.range(of: "___") {
            var end = run.upperBound
            while end < text.endIndex, text[end] == "_" { end = text.index(after: end) }
            text.removeSubrange(run.lowerBound..<end)
        }
        return text.split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
    }

    /// A response to the original item as the learner would give it to the imported one (texts come back as HTML).
    static func translate(_ response: QuizResponse, from original: QuizItem, to back: QuizItem) -> QuizResponse {
        func texts(_ item: QuizItem) -> [String] {
            switch item.interaction {
            case .matching(let pairs, let responses): return pairs.map(\.premise) + responses
            case .ordering(let order, _): return order
            default: return []
            }
        }
        let backs = texts(back)
        func map(_ text: String) -> String { backs.first { plain($0) == plain(render(text, original.format)) } ?? text }
        switch response {
        case .matches(let matches): return .matches(Dictionary(matches.map { (map($0.key), map($0.value)) }, uniquingKeysWith: { a, _ in a }))
        case .order(let order): return .order(order.map(map))
        default: return identified(response, original)
        }
    }

    /// A response with its choice, gap and option ids as the QTI identifiers an export writes them as (typed text stays).
    static func identified(_ response: QuizResponse, _ item: QuizItem) -> QuizResponse {
        switch (response, item.interaction) {
        case (.choices(let chosen), _):
            return .choices(Set(chosen.map { QTIXML.identifier($0) }))
        case (.gaps(let filled), .gaps(let gaps)):
            return .gaps(Dictionary(filled.map { id, value in
                let chosen = gaps.first { $0.id == id }.map { !$0.options.isEmpty } ?? false
                return (QTIXML.identifier(id), chosen ? QTIXML.identifier(value) : value)
            }, uniquingKeysWith: { a, _ in a }))
        default:
            return response
        }
    }

    // MARK: Conformance

    @Test func conformanceOverInstructureFixtures() throws {
        let root = URL(fileURLWithPath: #filePath).appendingPathComponent("../../../Fixtures/conformance").standardized.path
        let fixtures = root + "/qti/instructure/spec/fixtures"
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: fixtures, isDirectory: &isDirectory), isDirectory.boolValue else {
            Issue.record("QTI conformance: \(fixtures) not found; the QTI corpus belongs in Tests/Fixtures (see Tests/Fixtures/SOURCES.md)")
            return
        }
        let paths = (FileManager.default.enumerator(atPath: fixtures)?.allObjects as? [String] ?? []).filter { $0.hasSuffix(".xml") }.sorted()
        var imported = 0
        var rejected = 0
        var other: [String] = []
        var packageItems = 0
        var packageProblems = 0
        for path in paths {
            let url = URL(fileURLWithPath: fixtures).appendingPathComponent(path)
            let bytes = [UInt8](try Data(contentsOf: url))
            if url.lastPathComponent == "imsmanifest.xml" {
                let folder = url.deletingLastPathComponent()
                let result = QTIImporter.package(manifest: bytes) { href in
                    (try? Data(contentsOf: folder.appendingPathComponent(href))).map { [UInt8]($0) }
                }
                packageItems += result.items.count
                packageProblems += result.problems.count
                for problem in result.problems where !problem.english.contains("is not in the package") && !problem.english.contains("QTI") {
                    other.append("\(path): \(problem)")
                }
                continue
            }
            guard Self.rootName(bytes) == "assessmentItem" else { continue }
            let source = String(decoding: bytes, as: UTF8.self)
            let result = QTIImporter.item(bytes)
            if let item = result.items.first {
                let tree = try SafeXMLParser.parse(bytes)
                if case .description = item.interaction {
                    other.append("\(path): read as a description")
                    continue
                }
                guard let response = Self.correctResponse(of: tree, for: item) else {
                    other.append("\(path): no correct response could be built for \(item.interaction)")
                    continue
                }
                let score = Scoring.score(item, response)
                if score.isCorrect || (score.needsGrading && item.interaction == .essay) {
                    imported += 1
                } else {
                    other.append("\(path): the correct response scores \(score.points) of \(score.maximum)")
                }
            } else if result.problems.contains(where: { problem in
                problem.english.contains("malformed XML")
                    || Self.namedElements(problem.english).contains { source.range(of: "<" + $0, options: .caseInsensitive) != nil }
            }) {
                rejected += 1
            } else {
                other.append("\(path): \(result.problems)")
            }
        }
        print(
            "QTI conformance: \(imported) items imported and score their correct response in full, \(rejected) rejected naming the interaction, \(other.count) other"
        )
        print("QTI conformance: packages gave \(packageItems) items and \(packageProblems) problems (missing item files)")
        for line in other { print("  other: \(line)") }
        #expect(other.isEmpty)
        #expect(imported >= 32)
        #expect(packageItems >= 1)
    }

    /// The local name of a document's root element, read without parsing (so a malformed document still has one).
    static func rootName(_ bytes: [UInt8]) -> String? {
        let text = String(decoding: bytes.prefix(4096), as: UTF8.self)
        var rest = Substring(text)
        while let open = rest.firstIndex(of: "<") {
            rest = rest[rest.index(after: open)...]
            guard let first = rest.first else { return nil }
            if first == "?" || first == "!" { continue }
            let name = rest.prefix { !$0.isWhitespace && $0 != ">" && $0 != "/" }
            return String(name.split(separator: ":").last ?? name)
        }
        return nil
    }

    /// The element names a message mentions as `<name>`.
    static func namedElements(_ message: String) -> [String] {
        message.components(separatedBy: "<").dropFirst().compactMap { $0.components(separatedBy: ">").first }.filter { !$0.isEmpty }
    }

    /// The response a learner gives when answering with the item's declared correct response (or, when none is
    /// declared, the first value the processing compares with).
    static func correctResponse(of root: XMLElement, for item: QuizItem) -> QuizResponse? {
        var values: [String: [String]] = [:]
        for declaration in root.qtiChildren("responsedeclaration") {
            guard let id = declaration.qtiAttribute("identifier") else { continue }
            values[id] = declaration.qtiChild("correctresponse")?.qtiChildren("value").map(\.trimmedText) ?? []
        }
        for match in root.qtiDescendants where match.qtiName == "match" && match.children.count == 2 {
            guard match.children[0].qtiName == "variable", let id = match.children[0].qtiAttribute("identifier"), values[id]?.isEmpty == true else {
                continue
            }
            let other = match.children[1]
            values[id] = other.qtiName == "basevalue" ? [other.trimmedText] : other.qtiChildren("basevalue").map(\.trimmedText)
        }
        let interactions = (root.qtiChild("itembody")?.qtiDescendants ?? []).filter {
            $0.qtiName.hasSuffix("interaction") && $0.qtiName != "endattemptinteraction"
        }
        func text(_ id: String, in interaction: XMLElement) -> String? {
            interaction.qtiDescendants.first { $0.qtiAttribute("identifier") == id }.map(QTIImporter.choiceHTML)
        }
        guard let first = interactions.first, let correct = values[first.qtiAttribute("responseIdentifier") ?? ""] else { return nil }
        switch item.interaction {
        case .choice: return .choices(Set(correct))
        case .text: return correct.first.map { .text($0) }
        case .numeric: return correct.first.flatMap(Double.init).map { .number($0) }
        case .ordering: return .order(correct.compactMap { text($0, in: first) })
        case .matching(let pairs, _):
            var matches: [String: String] = [:]
            for value in correct {
                let ids = value.split(separator: " ").map(String.init)
                guard ids.count == 2, let a = text(ids[0], in: first), let b = text(ids[1], in: first) else { continue }
                if pairs.contains(where: { $0.premise == a }) { matches[a] = b } else { matches[b] = a }
            }
            return .matches(matches)
        case .gaps:
            var filled: [String: String] = [:]
            for interaction in interactions {
                let answers = values[interaction.qtiAttribute("responseIdentifier") ?? ""] ?? []
                if interaction.qtiName == "gapmatchinteraction" {
                    for value in answers {
                        let ids = value.split(separator: " ").map(String.init)
                        if ids.count == 2 { filled[ids[1]] = ids[0] }
                    }
                } else if let answer = answers.first {
                    filled[interaction.qtiAttribute("responseIdentifier") ?? ""] = answer
                }
            }
            return .gaps(filled)
        case .essay: return .essay("…")
        case .description: return nil
        }
    }
}
