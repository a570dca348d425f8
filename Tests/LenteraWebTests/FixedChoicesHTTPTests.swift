import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import LenteraCore
import LenteraStore
import NIOCore
import Testing

@testable import LenteraWeb

/// A QTI item that fixes a choice in place, taken over HTTP in a quiz that shuffles: every attempt shows "None of the
/// above" last while the other choices move.
@Suite struct FixedChoicesHTTPTests {
    static let sample = URL(fileURLWithPath: #filePath)
        .appendingPathComponent("../../Fixtures/conformance/qti/oat-sa/ims/items/2_1/choice_fixed.xml").standardized

    @Test func aFixedChoiceKeepsItsPlaceInEveryAttempt() async throws {
        let fixture = try SiteFixture()
        try fixture.writeQuizCourse("bagasi", quiz: "kuis/bank/", attributes: #"attempts="0" shuffle="true""#)
        try fixture.write("courses/bagasi/kuis/bank/choice_fixed.xml", try Data(contentsOf: Self.sample))
        // The sample shows a sign it does not ship: any picture stands in for it.
        try fixture.write("courses/bagasi/kuis/bank/images/sign.png", try Data(contentsOf: URL(fileURLWithPath: #filePath)
            .appendingPathComponent("../../Fixtures/images/logo.png").standardized))
        let app = try await fixture.application()
        _ = try await fixture.addAccount(QuizHTTPTests.budi, name: "Budi", unit: "Pemkab Sleman")
        try await app.test(.router) { client in
            var browser = Browser()
            _ = try await browser.signIn(client, nip: QuizHTTPTests.budi, password: "rahasia-123")
            var orders: Set<[String]> = []
            for _ in 0..<8 {
                let (location, token, started) = try await QuizHTTPTests.startAttempt(&browser, client, course: "bagasi", quiz: "uji")
                #expect(!location.isEmpty, "\(String(buffer: started.body))")
                let page = String(buffer: started.body)
                let shown = ["You must stay", "Do not let", "Remember your", "None of the above"]
                    .compactMap { text in page.range(of: text).map { (text, $0.lowerBound) } }
                    .sorted { $0.1 < $1.1 }.map(\.0)
                #expect(shown.count == 4, "\(page)")
                #expect(shown.last == "None of the above", "\(shown)")
                orders.insert(shown)
                let submitted = try await browser.post(client, location, pairs: [("csrf", token), ("aksi", "kumpulkan")])
                #expect(submitted.status == .seeOther)
            }
            #expect(orders.count > 1, "the other choices move from attempt to attempt")
        }
    }

    /// A QTI matching that keeps its order (`shuffle="false"`) and whose source takes two targets: the page lists the
    /// responses as written in every attempt, shows the source on two rows, and the correct rows earn every point.
    @Test func aMatchingKeepsItsOrderAndGivesASourceARowPerTarget() async throws {
        let fixture = try SiteFixture()
        try fixture.writeQuizCourse("wilayah", quiz: "kuis/bank/", attributes: #"attempts="0" shuffle="true""#)
        let xml = """
            <?xml version="1.0" encoding="UTF-8"?>
            <assessmentItem xmlns="http://www.imsglobal.org/xsd/imsqti_v2p1" identifier="q1" title="Wilayah" adaptive="false" timeDependent="false">
              <responseDeclaration identifier="RESPONSE" cardinality="multiple" baseType="directedPair">
                <correctResponse><value>A X</value><value>A Y</value><value>B Z</value></correctResponse>
                <mapping defaultValue="0" upperBound="3"><mapEntry mapKey="A X" mappedValue="1"/><mapEntry mapKey="A Y" mappedValue="1"/>
                  <mapEntry mapKey="B Z" mappedValue="1"/></mapping>
              </responseDeclaration>
              <outcomeDeclaration identifier="SCORE" cardinality="single" baseType="float"/>
              <itemBody>
                <matchInteraction responseIdentifier="RESPONSE" shuffle="false" maxAssociations="3">
                  <prompt>Pasangkan provinsi dengan kabupatennya.</prompt>
                  <simpleMatchSet>
                    <simpleAssociableChoice identifier="A" matchMax="2">Yogyakarta</simpleAssociableChoice>
                    <simpleAssociableChoice identifier="B" matchMax="1">Jawa Tengah</simpleAssociableChoice>
                  </simpleMatchSet>
                  <simpleMatchSet>
                    <simpleAssociableChoice identifier="X" matchMax="1">Sleman</simpleAssociableChoice>
                    <simpleAssociableChoice identifier="Y" matchMax="1">Bantul</simpleAssociableChoice>
                    <simpleAssociableChoice identifier="Z" matchMax="1">Klaten</simpleAssociableChoice>
                  </simpleMatchSet>
                </matchInteraction>
              </itemBody>
              <responseProcessing template="http://www.imsglobal.org/question/qti_v2p1/rptemplates/map_response"/>
            </assessmentItem>
            """
        try fixture.write("courses/wilayah/kuis/bank/wilayah.xml", xml)
        let app = try await fixture.application()
        let budi = try await fixture.addAccount(QuizHTTPTests.budi, name: "Budi", unit: "Pemkab Sleman")
        let store = try await fixture.openStore()
        try await app.test(.router) { client in
            var browser = Browser()
            _ = try await browser.signIn(client, nip: QuizHTTPTests.budi, password: "rahasia-123")
            for rows in [["Sleman", "Bantul", "Klaten"], ["Bantul", "Sleman", ""]] {
                let (location, token, started) = try await QuizHTTPTests.startAttempt(&browser, client, course: "wilayah", quiz: "uji")
                #expect(!location.isEmpty, "\(String(buffer: started.body))")
                let page = String(buffer: started.body)
                // Each row's select lists the responses in the item's order.
                let firstSelect = try #require(page.range(of: #"<select[^>]*name="a:q1:0"[\s\S]*?</select>"#, options: .regularExpression))
                let values = page[firstSelect].matches(of: /value="([^"]+)"/).map { String($0.1) }
                #expect(values == ["Sleman", "Bantul", "Klaten"], "\(page[firstSelect])")
                #expect(page.components(separatedBy: "Yogyakarta").count - 1 >= 2, "the source on two rows")
                #expect(page.contains("Pernyataan yang muncul di beberapa baris punya jawaban yang berbeda di setiap baris."))
                var pairs: [(String, String)] = [("csrf", token), ("h:q1", "1")]
                for (index, row) in rows.enumerated() { pairs.append(("a:q1:\(index)", row)) }
                pairs.append(("aksi", "kumpulkan"))
                #expect(try await browser.post(client, location, pairs: pairs).status == .seeOther)
            }
            let attempts = try await store.attempts(
                accountID: budi.id, courseID: "wilayah", quizID: "uji", policy: QuizPolicy(maximumAttempts: 0, passingScore: 50), at: Date())
            #expect(attempts.map(\.score) == [3, 2], "all three rows, then two of three")
        }
    }
}
