import Foundation
import Testing

@testable import LenteraCore
@testable import LenteraContent

/// Response processing run as QTI defines it: the failures the issue names, refusals by name, and operators whose
/// edge cases differ from a plain reading (expected values worked out by hand from the QTI 2.1 specification, and
/// agreeing with qti-sdk where it was run on the same rules).
@Suite struct QTIInterpreterTests {
    static let choices = """
        <choiceInteraction responseIdentifier="RESPONSE" maxChoices="0">
          <simpleChoice identifier="A">Alfa</simpleChoice><simpleChoice identifier="B">Beta</simpleChoice>
          <simpleChoice identifier="C">Gama</simpleChoice><simpleChoice identifier="D">Delta</simpleChoice>
        </choiceInteraction>
        """

    @Test func customProcessingOverAMappingGivesItsOwnMaximumForTheCorrectAnswer() throws {
        // As stomp's chc_mulS: mapping ±2 bounded at 5, and custom rules that set 5 when the answer is correct.
        let bytes = QTITests.document(
            """
            <responseDeclaration identifier="RESPONSE" cardinality="multiple" baseType="identifier">
              <correctResponse><value>A</value><value>B</value><value>C</value></correctResponse>
              <mapping lowerBound="0" upperBound="5" defaultValue="0">
                <mapEntry mapKey="A" mappedValue="2"/><mapEntry mapKey="B" mappedValue="2"/><mapEntry mapKey="C" mappedValue="2"/>
                <mapEntry mapKey="D" mappedValue="-2"/>
              </mapping>
            </responseDeclaration>
            <outcomeDeclaration identifier="MAXSCORE" cardinality="single" baseType="float"><defaultValue><value>5</value></defaultValue></outcomeDeclaration>
            """,
            body: Self.choices,
            processing: """
                <responseProcessing><responseCondition>
                  <responseIf><match><variable identifier="RESPONSE"/><correct identifier="RESPONSE"/></match>
                    <setOutcomeValue identifier="SCORE"><variable identifier="MAXSCORE"/></setOutcomeValue></responseIf>
                  <responseElse><setOutcomeValue identifier="SCORE"><mapResponse identifier="RESPONSE"/></setOutcomeValue></responseElse>
                </responseCondition></responseProcessing>
                """)
        let item = try #require(QTITests.only(bytes))
        #expect(item.points == 5)
        #expect(QTITests.points(item, .choices(["A", "B", "C"])) == 5)
        #expect(QTITests.points(item, .choices(["A", "B"])) == 4)
        #expect(QTITests.points(item, .choices(["A", "D"])) == 0)  // 2 - 2
        #expect(QTITests.points(item, .choices(["A", "B", "C", "D"])) == 4)  // 6 - 2, not the correct set
    }

    @Test func anAnswerBeyondTheInteractionsLimitsScoresNothing() throws {
        // Four true statements worth 0.5 each, "choose two", no upper bound: ticking all four would give 2.
        let choose = QTITests.document(
            """
            <responseDeclaration identifier="RESPONSE" cardinality="multiple" baseType="identifier">
              <correctResponse><value>A</value><value>B</value></correctResponse>
              <mapping><mapEntry mapKey="A" mappedValue="0.5"/><mapEntry mapKey="B" mappedValue="0.5"/>
                <mapEntry mapKey="C" mappedValue="0.5"/><mapEntry mapKey="D" mappedValue="0.5"/></mapping>
            </responseDeclaration>
            """,
            body: Self.choices.replacingOccurrences(of: "maxChoices=\"0\"", with: "maxChoices=\"2\""), processing: QTITests.mapResponse)
        let item = try #require(QTITests.only(choose))
        #expect(QTITests.points(item, .choices(["A", "C"])) == 1)
        #expect(QTITests.points(item, .choices(["A", "B", "C", "D"])) == 0)
        // One text in two gaps where its matchMax is 1.
        let gaps = QTITests.document(
            """
            <responseDeclaration identifier="RESPONSE" cardinality="multiple" baseType="directedPair">
              <correctResponse><value>W G1</value><value>S G2</value></correctResponse>
              <mapping><mapEntry mapKey="W G1" mappedValue="1"/><mapEntry mapKey="W G2" mappedValue="1"/>
                <mapEntry mapKey="S G1" mappedValue="1"/><mapEntry mapKey="S G2" mappedValue="1"/></mapping>
            </responseDeclaration>
            """,
            body: """
                <gapMatchInteraction responseIdentifier="RESPONSE">
                  <gapText identifier="W" matchMax="1">winter</gapText><gapText identifier="S" matchMax="1">summer</gapText>
                  <p>The <gap identifier="G1"/> and the <gap identifier="G2"/>.</p>
                </gapMatchInteraction>
                """,
            processing: QTITests.mapResponse)
        let gapItem = try #require(QTITests.only(gaps))
        #expect(QTITests.points(gapItem, .gaps(["G1": "W", "G2": "S"])) == 2)
        #expect(QTITests.points(gapItem, .gaps(["G1": "W", "G2": "W"])) == 0)
    }

    @Test func anOrderScoredPositionByPositionScoresEachPlace() throws {
        let bytes = QTITests.document(
            """
            <responseDeclaration identifier="RESPONSE" cardinality="ordered" baseType="identifier">
              <correctResponse><value>A</value><value>B</value><value>C</value></correctResponse>
            </responseDeclaration>
            """,
            body: """
                <orderInteraction responseIdentifier="RESPONSE" shuffle="true">
                  <simpleChoice identifier="A">Rencana</simpleChoice><simpleChoice identifier="B">Pelaksanaan</simpleChoice>
                  <simpleChoice identifier="C">Evaluasi</simpleChoice>
                </orderInteraction>
                """,
            processing: """
                <responseProcessing>
                  <responseCondition><responseIf><match><index n="1"><variable identifier="RESPONSE"/></index><baseValue baseType="identifier">A</baseValue></match>
                    <setOutcomeValue identifier="SCORE"><sum><variable identifier="SCORE"/><baseValue baseType="float">0.5</baseValue></sum></setOutcomeValue></responseIf></responseCondition>
                  <responseCondition><responseIf><match><index n="3"><variable identifier="RESPONSE"/></index><baseValue baseType="identifier">C</baseValue></match>
                    <setOutcomeValue identifier="SCORE"><sum><variable identifier="SCORE"/><baseValue baseType="float">1.5</baseValue></sum></setOutcomeValue></responseIf></responseCondition>
                </responseProcessing>
                """)
        let item = try #require(QTITests.only(bytes))
        #expect(item.points == 2)
        #expect(QTITests.points(item, .order(["Rencana", "Pelaksanaan", "Evaluasi"])) == 2)
        #expect(QTITests.points(item, .order(["Rencana", "Evaluasi", "Pelaksanaan"])) == 0.5)
        #expect(QTITests.points(item, .order(["Pelaksanaan", "Rencana", "Evaluasi"])) == 1.5)
    }

    @Test func whatCannotBeRunIsRefusedByNameOnItsLine() throws {
        /// The problems of an item with this processing, each as "line: message", and the line `marker` is on.
        func refusal(_ processing: String, marker: String = "") -> ([String], Int) {
            let bytes = QTITests.document(
                "<responseDeclaration identifier=\"RESPONSE\" cardinality=\"single\" baseType=\"identifier\"><correctResponse><value>A</value></correctResponse></responseDeclaration>",
                body: Self.choices.replacingOccurrences(of: "maxChoices=\"0\"", with: "maxChoices=\"1\""), processing: processing)
            let text = String(decoding: bytes, as: UTF8.self)
            let line = text.range(of: marker).map { text[..<$0.lowerBound].filter { $0 == "\n" }.count + 1 } ?? 0
            return (QTIImporter.item(bytes).problems.map { "\($0.line ?? 0): \($0.english)" }, line)
        }
        let (random, randomLine) = refusal(
            "<responseProcessing>\n<setOutcomeValue identifier=\"SCORE\"><random><multiple><baseValue baseType=\"float\">1</baseValue></multiple></random></setOutcomeValue></responseProcessing>",
            marker: "<random>")
        #expect(random == ["\(randomLine): QTI response processing: operator <random> is not supported, so the item cannot be scored as its author meant"])
        let point = "http://www.imsglobal.org/question/qti_v2p1/rptemplates/map_response_point"
        let (template, templateLine) = refusal("<responseProcessing template=\"\(point)\"/>", marker: "<responseProcessing")
        #expect(
            template == ["\(templateLine): QTI response processing: response processing template \"\(point)\" is not supported, so the item cannot be scored as its author meant"])
        let (undeclared, undeclaredLine) = refusal(
            "<responseProcessing><setOutcomeValue identifier=\"SCORE\"><variable identifier=\"NOPE\"/></setOutcomeValue></responseProcessing>",
            marker: "<responseProcessing")
        #expect(undeclared == ["\(undeclaredLine): QTI response processing names variable \"NOPE\", which is not declared"])
        #expect(randomLine > 1 && templateLine > 1)
        // A hostile file nesting expressions thousands deep is refused before anything recurses over it.
        let deep = String(repeating: "<not>", count: 60) + "<baseValue baseType=\"boolean\">true</baseValue>" + String(repeating: "</not>", count: 60)
        let (nested, _) = refusal(
            "<responseProcessing><responseCondition><responseIf>\(deep)<setOutcomeValue identifier=\"SCORE\"><baseValue baseType=\"float\">1</baseValue></setOutcomeValue></responseIf></responseCondition></responseProcessing>"
        )
        #expect(nested.count == 1 && nested[0].hasSuffix("QTI response processing is nested more than 40 levels deep"), "\(nested)")
    }

    @Test func aBareDoctypeIsReadAndOneWithDeclarationsIsNot() throws {
        let item = String(decoding: QTITests.document(
            "<responseDeclaration identifier=\"RESPONSE\" cardinality=\"single\" baseType=\"identifier\"><correctResponse><value>A</value></correctResponse></responseDeclaration>",
            body: Self.choices.replacingOccurrences(of: "maxChoices=\"0\"", with: "maxChoices=\"1\""), processing: QTITests.matchCorrect), as: UTF8.self)
        let bare = item.replacingOccurrences(of: "?>\n", with: "?>\n<!DOCTYPE assessmentItem>\n")
        #expect(QTIImporter.item(Array(bare.utf8)).items.count == 1)
        for doctype in [
            "<!DOCTYPE assessmentItem SYSTEM \"imsqti_v2p1.dtd\">", "<!DOCTYPE assessmentItem [<!ENTITY x \"y\">]>",
            "<!DOCTYPE assessmentItem PUBLIC \"-//IMS//DTD QTI//EN\" \"http://example.org/qti.dtd\">",
        ] {
            let refused = QTIImporter.item(Array(item.replacingOccurrences(of: "?>\n", with: "?>\n" + doctype + "\n").utf8))
            #expect(refused.items.isEmpty && refused.problems.count == 1, "\(doctype)")
            #expect(refused.problems.first?.english.contains("DOCTYPE") == true, "\(refused.problems)")
        }
    }

    /// Runs one expression (an XML fragment) in an item with a float response `X` set to `x`.
    static func evaluate(_ expression: String, x: Double? = nil, outcomes: String = "") throws -> QTIValue {
        let bytes = QTITests.document(
            "<responseDeclaration identifier=\"X\" cardinality=\"single\" baseType=\"float\"/>" + outcomes
                + "<outcomeDeclaration identifier=\"R\" cardinality=\"single\" baseType=\"string\"/>",
            body: "<p><textEntryInteraction responseIdentifier=\"X\"/></p>",
            processing: "<responseProcessing><setOutcomeValue identifier=\"SCORE\"><baseValue baseType=\"float\">1</baseValue></setOutcomeValue></responseProcessing>")
        var reader = QTIProgramReader(root: try SafeXMLParser.parse(bytes))
        reader.readDeclarations()
        let parsed = reader.expression(try SafeXMLParser.parse(Array(expression.utf8)))
        #expect(reader.problems.isEmpty, "\(reader.problems)")
        let program = QTIProgram(responses: reader.responses, outcomes: reader.outcomes, rules: [], binding: .single("X"))
        return try QTIInterpreter(program: program, responses: x.map { ["X": .single(.float($0))] } ?? [:]).evaluate(parsed)
    }

    @Test func operatorsAtTheirEdges() throws {
        let tolerant = #"<equal toleranceMode="absolute" tolerance="0.5 1"><baseValue baseType="float">10</baseValue><variable identifier="X"/></equal>"#
        #expect(try Self.evaluate(tolerant, x: 9.5) == .single(.boolean(true)))
        #expect(try Self.evaluate(tolerant, x: 11) == .single(.boolean(true)))
        #expect(try Self.evaluate(tolerant, x: 11.01) == .single(.boolean(false)))
        #expect(try Self.evaluate(tolerant) == .null)  // NULL in, NULL out: a condition that is not true
        // Halves round towards positive infinity; roundTo rounds the decimal as written (1.005 is 1.01).
        #expect(try Self.evaluate(#"<round><baseValue baseType="float">-6.5</baseValue></round>"#) == .single(.integer(-6)))
        #expect(try Self.evaluate(#"<round><baseValue baseType="float">6.5</baseValue></round>"#) == .single(.integer(7)))
        #expect(try Self.evaluate(#"<truncate><baseValue baseType="float">-6.7</baseValue></truncate>"#) == .single(.integer(-6)))
        #expect(
            try Self.evaluate(#"<roundTo figures="2" roundingMode="decimalPlaces"><baseValue baseType="float">1.005</baseValue></roundTo>"#)
                == .single(.float(1.01)))
        #expect(
            try Self.evaluate(#"<equalRounded figures="3"><baseValue baseType="float">3.14159</baseValue><baseValue baseType="float">3.1418</baseValue></equalRounded>"#)
                == .single(.boolean(true)))
        // Integers stay integers through sums; a float anywhere makes a float; division by zero is NULL.
        #expect(try Self.evaluate(#"<sum><baseValue baseType="integer">2</baseValue><baseValue baseType="integer">3</baseValue></sum>"#) == .single(.integer(5)))
        #expect(try Self.evaluate(#"<sum><baseValue baseType="integer">2</baseValue><baseValue baseType="float">0.5</baseValue></sum>"#) == .single(.float(2.5)))
        #expect(try Self.evaluate(#"<divide><baseValue baseType="integer">1</baseValue><baseValue baseType="integer">0</baseValue></divide>"#) == .null)
        // Patterns are anchored, as XML Schema patterns are.
        #expect(try Self.evaluate(#"<patternMatch pattern="[0-9]{3}"><baseValue baseType="string">1234</baseValue></patternMatch>"#) == .single(.boolean(false)))
        #expect(try Self.evaluate(#"<patternMatch pattern="^[0-9]{4}$"><baseValue baseType="string">1234</baseValue></patternMatch>"#) == .single(.boolean(true)))
        // An ordered container contains a run of values in order; a bag counts repeats.
        let ordered = #"<ordered><baseValue baseType="identifier">A</baseValue><baseValue baseType="identifier">B</baseValue><baseValue baseType="identifier">C</baseValue></ordered>"#
        #expect(try Self.evaluate("<contains>\(ordered)<ordered><baseValue baseType=\"identifier\">B</baseValue><baseValue baseType=\"identifier\">C</baseValue></ordered></contains>") == .single(.boolean(true)))
        #expect(try Self.evaluate("<contains>\(ordered)<ordered><baseValue baseType=\"identifier\">A</baseValue><baseValue baseType=\"identifier\">C</baseValue></ordered></contains>") == .single(.boolean(false)))
        #expect(try Self.evaluate(#"<match><multiple><baseValue baseType="identifier">A</baseValue><baseValue baseType="identifier">B</baseValue></multiple><multiple><baseValue baseType="identifier">B</baseValue><baseValue baseType="identifier">A</baseValue><baseValue baseType="identifier">A</baseValue></multiple></match>"#) == .single(.boolean(false)))
        // anyN: NULL when the NULLs could decide it.
        #expect(try Self.evaluate(#"<anyN min="2" max="3"><baseValue baseType="boolean">true</baseValue><null/><baseValue baseType="boolean">false</baseValue></anyN>"#) == .null)
        // Unordered pairs are equal either way round.
        #expect(try Self.evaluate(#"<match><baseValue baseType="pair">A B</baseValue><baseValue baseType="pair">B A</baseValue></match>"#) == .single(.boolean(true)))
    }

    @Test func lookupTablesMapAScoreToABand() throws {
        let tables = """
            <outcomeDeclaration identifier="BAND" cardinality="single" baseType="identifier">
              <interpolationTable defaultValue="kurang">
                <interpolationTableEntry sourceValue="80" targetValue="baik"/>
                <interpolationTableEntry sourceValue="60" includeBoundary="false" targetValue="cukup"/>
              </interpolationTable>
            </outcomeDeclaration>
            <outcomeDeclaration identifier="GRADE" cardinality="single" baseType="string">
              <matchTable defaultValue="-"><matchTableEntry sourceValue="1" targetValue="satu"/></matchTable>
            </outcomeDeclaration>
            """
        let bytes = QTITests.document(
            "<responseDeclaration identifier=\"X\" cardinality=\"single\" baseType=\"float\"><correctResponse><value>90</value></correctResponse></responseDeclaration>"
                + tables,
            body: "<p><textEntryInteraction responseIdentifier=\"X\"/></p>",
            processing: """
                <responseProcessing>
                  <lookupOutcomeValue identifier="BAND"><variable identifier="X"/></lookupOutcomeValue>
                  <lookupOutcomeValue identifier="GRADE"><baseValue baseType="integer">1</baseValue></lookupOutcomeValue>
                  <responseCondition><responseIf><match><variable identifier="BAND"/><baseValue baseType="identifier">baik</baseValue></match>
                    <setOutcomeValue identifier="SCORE"><baseValue baseType="float">1</baseValue></setOutcomeValue></responseIf></responseCondition>
                </responseProcessing>
                """)
        let item = try #require(QTITests.only(bytes))
        let program = try #require(item.qti)
        func band(_ x: Double) throws -> QTIValue? {
            var interpreter = QTIInterpreter(program: program, responses: ["X": .single(.float(x))])
            return try interpreter.run()["BAND"]
        }
        #expect(try band(90) == .single(.identifier("baik")))
        #expect(try band(80) == .single(.identifier("baik")))  // includeBoundary defaults to true
        #expect(try band(60) == .single(.identifier("kurang")))  // boundary excluded
        #expect(try band(61) == .single(.identifier("cukup")))
        var interpreter = QTIInterpreter(program: program, responses: [:])
        #expect(try interpreter.run()["GRADE"] == .single(.string("satu")))
        #expect(QTITests.points(item, .number(85)) == 1)
        #expect(QTITests.points(item, .number(70)) == 0)
    }
}

/// Hostile numbers and patterns: what a file or a learner's typed text could use to stop the server, each handled as a
/// value (NULL) or refused, never a trap or a hang.
@Suite struct QTIHostileInputTests {
    static func value(_ expression: String) throws -> QTIValue { try QTIInterpreterTests.evaluate(expression) }

    static func integer(_ value: Int) -> String { "<baseValue baseType=\"integer\">\(value)</baseValue>" }

    @Test func integerOverflowsAreNullNotTraps() throws {
        let max = Self.integer(Int.max)
        let min = Self.integer(Int.min)
        #expect(try Self.value("<sum>\(max)\(Self.integer(1))</sum>") == .null)
        #expect(try Self.value("<product>\(max)\(Self.integer(2))</product>") == .null)
        #expect(try Self.value("<subtract>\(min)\(Self.integer(1))</subtract>") == .null)
        #expect(try Self.value("<max>\(max)\(Self.integer(1))</max>") == .single(.integer(Int.max)))
        #expect(try Self.value("<integerDivide>\(min)\(Self.integer(-1))</integerDivide>") == .null)
        #expect(try Self.value("<integerModulus>\(min)\(Self.integer(-1))</integerModulus>") == .null)
        #expect(try Self.value("<gcd>\(min)</gcd>") == .null)
        #expect(try Self.value("<lcm>\(Self.integer(4_611_686_018_427_387_904))\(Self.integer(3))</lcm>") == .null)
        #expect(try Self.value(#"<round><baseValue baseType="float">1e300</baseValue></round>"#) == .null)
        #expect(try Self.value(#"<truncate><baseValue baseType="float">-1e300</baseValue></truncate>"#) == .null)
        #expect(try Self.value(#"<product><baseValue baseType="float">1e308</baseValue><baseValue baseType="float">10</baseValue></product>"#) == .null)
        #expect(try Self.value(#"<roundTo figures="9223372036854775807" roundingMode="decimalPlaces"><baseValue baseType="float">0.05</baseValue></roundTo>"#) == .single(.float(0.05)))
        // Floor division and a remainder with the dividend's sign, as qti-sdk gives them.
        #expect(try Self.value("<integerDivide>\(Self.integer(-7))\(Self.integer(2))</integerDivide>") == .single(.integer(-4)))
        #expect(try Self.value("<integerModulus>\(Self.integer(-7))\(Self.integer(2))</integerModulus>") == .single(.integer(-1)))
        #expect(try Self.value("<sum>\(Self.integer(2))\(Self.integer(3))</sum>") == .single(.integer(5)))
    }

    @Test func aLearnersHugeNumberScoresNothingAndStopsNothing() throws {
        let bytes = QTITests.document(
            """
            <responseDeclaration identifier="A" cardinality="single" baseType="integer"><correctResponse><value>4</value></correctResponse></responseDeclaration>
            <responseDeclaration identifier="B" cardinality="single" baseType="integer"><correctResponse><value>6</value></correctResponse></responseDeclaration>
            """,
            body: #"<p><textEntryInteraction responseIdentifier="A"/> + <textEntryInteraction responseIdentifier="B"/> = 10</p>"#,
            processing: """
                <responseProcessing><responseCondition><responseIf><equal toleranceMode="exact"><sum><variable identifier="A"/><variable identifier="B"/></sum>
                <baseValue baseType="integer">10</baseValue></equal><setOutcomeValue identifier="SCORE"><baseValue baseType="float">1</baseValue></setOutcomeValue>
                </responseIf></responseCondition></responseProcessing>
                """)
        let item = try #require(QTITests.only(bytes))
        #expect(QTITests.points(item, .gaps(["A": "4", "B": "6"])) == 1)
        #expect(QTITests.points(item, .gaps(["A": "9223372036854775807", "B": "6"])) == 0)
    }

    @Test func patternsMatchInLinearTimeAsXMLSchemaReadsThem() throws {
        // A pattern a backtracking engine takes 2^40 steps on.
        let exponential = try XSDPattern(#"(\w+\s?)+"#)
        #expect(!exponential.matches(String(repeating: "a", count: 40) + "!"))
        #expect(exponential.matches("dua kata"))
        let cases: [(String, String, Bool)] = [
            ("[0-9]{3}", "123", true), ("[0-9]{3}", "1234", false), ("[0-9]{2,3}", "12", true), ("[0-9]{2,}", "12345", true),
            ("a|bc", "bc", true), ("a|bc", "ab", false), ("(ab)*c", "ababc", true), ("(ab)*c", "abac", false),
            (#"[a-z-[aeiou]]+"#, "bcd", true), (#"[a-z-[aeiou]]+"#, "bad", false), (#"\p{Lu}\p{Ll}+"#, "Jakarta", true),
            (#"\p{Lu}\p{Ll}+"#, "jakarta", false), (#"\d+(\.\d+)?"#, "3.14", true), ("[^x]+", "abc", true), ("[^x]+", "axc", false),
            ("^Jakarta$", "Jakarta", true), (#"J\.karta"#, "J.karta", true), (#"J\.karta"#, "Jakarta", false), ("colou?r", "color", true),
            ("(?:ya|tidak)", "tidak", true), (".*", "apa saja", true), ("a{0}", "", true),
        ]
        for (pattern, text, expected) in cases {
            #expect(try XSDPattern(pattern).matches(text) == expected, "\(pattern) on \(text)")
        }
        for invalid in ["(a", "a)", "[a", "a{2,1}", "a**", #"\q"#, #"\p{Xx}"#, "a{1001}", "(?=a)"] {
            #expect(throws: XSDPattern.Invalid.self, "\(invalid)") { try XSDPattern(invalid) }
        }
        // A pattern that would compile to a huge automaton is refused before it is built.
        #expect(throws: XSDPattern.Invalid.self) { try XSDPattern("((a{1000}){1000})") }
    }

    @Test func patternsFromVariablesOrThatCannotBeReadAreRefused() {
        func problems(_ pattern: String) -> [String] {
            let bytes = QTITests.document(
                "<responseDeclaration identifier=\"RESPONSE\" cardinality=\"single\" baseType=\"string\"><correctResponse><value>abc</value></correctResponse></responseDeclaration>",
                body: "<p><textEntryInteraction responseIdentifier=\"RESPONSE\"/></p>",
                processing: """
                    <responseProcessing><responseCondition><responseIf><patternMatch pattern="\(pattern)"><variable identifier="RESPONSE"/></patternMatch>
                    <setOutcomeValue identifier="SCORE"><baseValue baseType="float">1</baseValue></setOutcomeValue></responseIf></responseCondition></responseProcessing>
                    """)
            return QTIImporter.item(bytes).problems.map(\.english)
        }
        #expect(problems("[a-c]+").isEmpty)
        #expect(problems("{RESPONSE}").first?.contains("a patternMatch pattern taken from a variable") == true)
        #expect(problems("(abc").first?.contains("pattern \"(abc\"") == true)
    }

    @Test func aDoctypeWithAnythingInItIsRefusedAndABareOnesRealErrorIsReported() {
        let notation = #"<?xml version="1.0"?><!DOCTYPE a [<!NOTATION n SYSTEM "x">]><a/>"#
        #expect(throws: XMLParseError.self) { try SafeXMLParser.parse(Array(notation.utf8)) }
        do {
            _ = try SafeXMLParser.parse(Array(#"<?xml version="1.0"?><!DOCTYPE a [<!NOTATION n SYSTEM "x">]><a/>"#.utf8))
        } catch {
            #expect(error.kind == .doctypeNotAllowed)
        }
        do {
            _ = try SafeXMLParser.parse(Array("<?xml version=\"1.0\"?>\n<!DOCTYPE a>\n<a><b></a>".utf8))
            Issue.record("a malformed document was read")
        } catch {
            #expect(error.kind != .doctypeNotAllowed, "\(error)")
        }
        #expect((try? SafeXMLParser.parse(Array("<!DOCTYPE a>\n<a/>".utf8)))?.name == "a")
    }

    @Test func clozeTextsOfManyBracesAreReadInLinearTime() {
        let braces = String(repeating: "{1:", count: 200_000)
        #expect((try? MoodleXMLGaps.cloze(braces).get()) == nil)
        let blanks = String(repeating: "[[", count: 200_000)
        let xml = try? SafeXMLParser.parse(Array("<question><selectoption><text>a</text><group>1</group></selectoption></question>".utf8))
        #expect(xml != nil)
        if let xml {
            let read = try? MoodleXMLGaps.selectGaps(xml, type: "gapselect", prompt: blanks + "[[1]]").get()
            #expect(read?.1.count == 1)
            #expect(read?.0 == blanks + "[[g1]]")
        }
    }
}
