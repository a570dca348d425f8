import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import LenteraCore
import LenteraStore
import NIOCore
import Testing

@testable import LenteraWeb

/// QTI items nobody here wrote (oat-sa/qti-sdk's samples), taken as a learner takes them over HTTP: the score recorded
/// is what the items' own rules give, the mapping's default value and bounds included.
@Suite struct QTIQuizHTTPTests {
    static let samples = URL(fileURLWithPath: #filePath).appendingPathComponent("../../Fixtures/conformance/qti/oat-sa/ims/items/2_1").standardized

    func fixture() throws -> SiteFixture {
        let fixture = try SiteFixture()
        try fixture.write(
            "courses/kimia/course.xml",
            """
            <course jp="2" lang="id">
              <title>Kimia Dasar</title>
              <module id="uji" href="uji.md" completion="quiz" quiz="uji"/>
              <quiz id="uji" title="Uji" href="kuis/bank/" attempts="4" passing-score="50"/>
            </course>
            """)
        try fixture.write("courses/kimia/uji.md", "# Uji\n\nKerjakan kuisnya.\n")
        // The sample as published, but for "choose at most three" (its maxChoices is 0, no limit).
        let choice = try String(contentsOf: Self.samples.appendingPathComponent("choice_multiple.xml"), encoding: .utf8)
        try fixture.write("courses/kimia/kuis/bank/choice_multiple.xml", choice.replacingOccurrences(of: #"maxChoices="0""#, with: #"maxChoices="3""#))
        try fixture.write("courses/kimia/kuis/bank/text_entry.xml", try Data(contentsOf: Self.samples.appendingPathComponent("text_entry.xml")))
        return fixture
    }

    /// Takes one attempt: ticks the named elements, types `city`, submits, and returns the attempt's score.
    func take(
        _ browser: inout Browser, _ client: some TestClientProtocol, elements: [String], city: String, store: any LenteraDatabase, account: Int64
    ) async throws -> Double? {
        let (location, token, started) = try await QuizHTTPTests.startAttempt(&browser, client, course: "kimia", quiz: "uji")
        #expect(!location.isEmpty, "\(String(buffer: started.body))")
        let page = String(buffer: started.body)
        #expect(page.contains("Which of the following elements are used to form water?"))
        #expect(page.contains("Pilih paling banyak 3 jawaban."))
        var pairs: [(String, String)] = [("csrf", token), ("h:choiceMultiple", "1"), ("h:textEntry", "1"), ("a:textEntry", city)]
        for element in elements {
            pairs.append(("a:choiceMultiple", try #require(QuizHTTPTests.choiceID(page, item: "choiceMultiple", text: element), "\(element)")))
        }
        pairs.append(("aksi", "kumpulkan"))
        let submitted = try await browser.post(client, location, pairs: pairs)
        #expect(submitted.status == .seeOther)
        let attempts = try await store.attempts(
            accountID: account, courseID: "kimia", quizID: "uji", policy: QuizPolicy(maximumAttempts: 0, passingScore: 50), at: Date())
        return attempts.last?.score
    }

    @Test func aLearnerGetsTheScoreTheItemsOwnRulesGive() async throws {
        let fixture = try fixture()
        let app = try await fixture.application()
        let budi = try await fixture.addAccount(QuizHTTPTests.budi, name: "Budi", unit: "Pemkab Sleman")
        let store = try await fixture.openStore()
        try await app.test(.router) { client in
            // The item files hold the answers and are never served.
            #expect(try await client.execute(uri: "/berkas/kimia/kuis/bank/text_entry.xml", method: .get).status == .notFound)
            var browser = Browser()
            _ = try await browser.signIn(client, nip: QuizHTTPTests.budi, password: "rahasia-123")
            // Hydrogen 1 + Oxygen 1 + Chlorine -1 = 1 of 2; "york" is mapped to 0.5 (case-sensitive keys): 1.5 of 3.
            #expect(try await take(&browser, client, elements: ["Hydrogen", "Oxygen", "Chlorine"], city: "york", store: store, account: budi.id) == 1.5)
            // Hydrogen 1 + Helium (unmapped: the default, -2) = -1, raised to the lower bound 0; " York " trimmed is York, 1.
            #expect(try await take(&browser, client, elements: ["Hydrogen", "Helium"], city: " York ", store: store, account: budi.id) == 1)
            // The correct response earns every point.
            #expect(try await take(&browser, client, elements: ["Hydrogen", "Oxygen"], city: "York", store: store, account: budi.id) == 3)
            // Four elements where the item takes at most three: the choice question scores nothing, the city still counts.
            #expect(
                try await take(&browser, client, elements: ["Hydrogen", "Oxygen", "Helium", "Carbon"], city: "York", store: store, account: budi.id) == 1)
        }
    }
}

/// MathML in QTI prompts and choices reaches the learner as formulas, through the filter's allowlist: no link, no
/// event, no HTML integration point survives inside one.
@Suite struct QTIMathMLHTTPTests {
    static let instructure = URL(fileURLWithPath: #filePath)
        .appendingPathComponent("../../Fixtures/conformance/qti/instructure/spec/fixtures/items_2.2/math.xml").standardized
    /// A fraction in the prompt and in each choice, with what an attacker would add to a formula.
    static let fractions = """
        <?xml version="1.0" encoding="UTF-8"?>
        <assessmentItem xmlns="http://www.imsglobal.org/xsd/imsqti_v2p1" xmlns:m="http://www.w3.org/1998/Math/MathML"
            xmlns:xlink="http://www.w3.org/1999/xlink" identifier="pecahan" title="Pecahan" adaptive="false" timeDependent="false">
          <responseDeclaration identifier="RESPONSE" cardinality="single" baseType="identifier">
            <correctResponse><value>B</value></correctResponse>
          </responseDeclaration>
          <outcomeDeclaration identifier="SCORE" cardinality="single" baseType="float"/>
          <itemBody>
            <choiceInteraction responseIdentifier="RESPONSE" shuffle="false" maxChoices="1">
              <prompt>Berapa <m:math display="inline"><m:mfrac><m:mn>1</m:mn><m:mn>2</m:mn></m:mfrac><m:mo>+</m:mo>
                <m:mfrac><m:mn>1</m:mn><m:mn>4</m:mn></m:mfrac></m:math>?
                <m:math><m:mi xlink:href="javascript:alert(1)" onclick="alert(2)">z</m:mi><m:semantics><m:mi>y</m:mi>
                <m:annotation-xml encoding="text/html"><img xmlns="http://www.w3.org/1999/xhtml" src="x" onerror="alert(3)"/></m:annotation-xml>
                </m:semantics></m:math></prompt>
              <simpleChoice identifier="A"><m:math><m:mfrac><m:mn>2</m:mn><m:mn>6</m:mn></m:mfrac></m:math></simpleChoice>
              <simpleChoice identifier="B"><m:math><m:mfrac><m:mn>3</m:mn><m:mn>4</m:mn></m:mfrac></m:math></simpleChoice>
            </choiceInteraction>
          </itemBody>
          <responseProcessing template="http://www.imsglobal.org/question/qti_v2p1/rptemplates/match_correct"/>
        </assessmentItem>
        """

    @Test func formulasInPromptsAndChoicesAreShownAsMathML() async throws {
        let fixture = try SiteFixture()
        try fixture.writeQuizCourse("fisika", quiz: "kuis/bank/", attributes: #"attempts="0" shuffle="false""#)
        try fixture.write("courses/fisika/kuis/bank/math.xml", try Data(contentsOf: Self.instructure))
        try fixture.write("courses/fisika/kuis/bank/pecahan.xml", Self.fractions)
        let app = try await fixture.application()
        let budi = try await fixture.addAccount(QuizHTTPTests.budi, name: "Budi", unit: "Pemkab Sleman")
        let store = try await fixture.openStore()
        try await app.test(.router) { client in
            var browser = Browser()
            _ = try await browser.signIn(client, nip: QuizHTTPTests.budi, password: "rahasia-123")
            let (location, token, started) = try await QuizHTTPTests.startAttempt(&browser, client, course: "fisika", quiz: "uji")
            #expect(!location.isEmpty, "\(String(buffer: started.body))")
            let page = String(buffer: started.body)
            let squeezed = page.replacingOccurrences(of: #">\s+<"#, with: "><", options: .regularExpression)
            #expect(squeezed.contains(#"<math alttext="E = m c^2" aria-label="E = m c^2"><mrow><mi>E</mi><mo>=</mo><mi>m</mi><msup><mi>c</mi><mn>2</mn></msup></mrow></math>"#), "\(page)")
            #expect(squeezed.contains(#"<math alttext="1/2 + 1/4" display="inline" aria-label="1/2 + 1/4"><mfrac><mn>1</mn><mn>2</mn></mfrac><mo>+</mo>"#), "\(page)")
            #expect(squeezed.contains(#"<math alttext="3/4" aria-label="3/4"><mfrac><mn>3</mn><mn>4</mn></mfrac></math>"#), "\(page)")
            #expect(squeezed.contains(#"<math alttext="z y" aria-label="z y"><mi>z</mi><semantics><mi>y</mi></semantics></math>"#), "\(page)")
            for hostile in ["javascript:", "alert(", "annotation-xml", "onclick", "onerror", "xmlns:m"] {
                #expect(!page.contains(hostile), "\(hostile)")
            }
            // Answered: the formula choice scores as the item's rules say.
            let pattern = #"name="a:pecahan" value="([^"]+)"[^>]*>\s*<math[^>]*><mfrac><mn>3</mn>"#
            let found = try #require(squeezed.range(of: pattern, options: .regularExpression), "\(page)")
            let choice = String(squeezed[found].split(separator: "\"")[3])
            let submitted = try await browser.post(
                client, location, pairs: [("csrf", token), ("h:pecahan", "1"), ("a:pecahan", choice), ("aksi", "kumpulkan")])
            #expect(submitted.status == .seeOther)
            let attempts = try await store.attempts(
                accountID: budi.id, courseID: "fisika", quizID: "uji", policy: QuizPolicy(maximumAttempts: 0, passingScore: 0), at: Date())
            #expect(attempts.last?.score == 1)
        }
    }
}
