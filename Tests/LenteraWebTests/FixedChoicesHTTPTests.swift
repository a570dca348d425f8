import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import LenteraCore
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
        try fixture.write(
            "courses/bagasi/course.xml",
            """
            <course jp="1" lang="id">
              <title>Bagasi</title>
              <module id="baca" href="baca.md"/>
              <quiz id="uji" title="Uji" href="kuis/bank/" attempts="0" shuffle="true"/>
            </course>
            """)
        try fixture.write("courses/bagasi/baca.md", "# Baca\n\nBagasi.\n")
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
                let intro = try await browser.get(client, "/kursus/bagasi/kuis/uji")
                let token = try #require(Browser.csrf(in: intro))
                let started = try await browser.post(client, "/kursus/bagasi/kuis/uji/mulai", ["csrf": token])
                let location = try #require(started.headers[.location])
                let page = String(buffer: try await browser.get(client, location).body)
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
}
