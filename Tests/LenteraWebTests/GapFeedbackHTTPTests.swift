import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import LenteraCore
import NIOCore
import Testing

@testable import LenteraWeb

/// The feedback an author wrote on a blank's answers (Moodle's cloze `=answer#feedback`) shows in the review, for
/// each blank, as it shows for a choice: it was read and then never shown.
@Suite struct GapFeedbackHTTPTests {
    static let cloze = """
        <quiz><question type="cloze"><name><text>Wilayah DIY</text></name>
        <questiontext format="html"><text><![CDATA[<p>Ibu kota DIY adalah {1:SHORTANSWER:=Yogyakarta#Benar, Kota Yogyakarta.~%50%Jogja#Nama sehari-harinya; tulis nama resminya.~*#Periksa lagi peta provinsi.},
        dan kabupaten di utaranya {1:MULTICHOICE:=Sleman#Tepat, Sleman di utara.~Bantul#Bukan, Bantul di selatan.}.</p>]]></text></questiontext>
        </question></quiz>
        """

    @Test func eachBlankShowsTheFeedbackOfTheAnswerGiven() async throws {
        let site = try SiteFixture()
        try site.writeQuizCourse("wilayah", quiz: "kuis/wilayah.xml")
        try site.write("courses/wilayah/kuis/wilayah.xml", Self.cloze)
        let app = try await site.application()
        _ = try await site.addAccount(QuizHTTPTests.budi, name: "Budi", unit: "Pemkab Sleman")
        try await app.test(.router) { client in
            var browser = Browser()
            _ = try await browser.signIn(client, nip: QuizHTTPTests.budi, password: "rahasia-123")
            for (typed, chosen, expected, absent) in [
                ("jogja", "Bantul", ["Isian 1: Nama sehari-harinya; tulis nama resminya.", "Isian 2: Bukan, Bantul di selatan."], ["Benar, Kota", "Tepat"]),
                (" Yogyakarta ", "Sleman", ["Isian 1: Benar, Kota Yogyakarta.", "Isian 2: Tepat, Sleman di utara."], ["sehari-hari", "Bukan"]),
                ("Surakarta", "", ["Isian 1: Periksa lagi peta provinsi."], ["Tepat", "Bukan", "Benar, Kota"]),
            ] {
                let (location, token, started) = try await QuizHTTPTests.startAttempt(&browser, client, course: "wilayah", quiz: "uji")
                let page = String(buffer: started.body)
                #expect(!location.isEmpty, "\(page)")
                // The dropdown's options are numbered in the order shown; find the one whose label is the town.
                let option = chosen.isEmpty ? "" : try #require(
                    page.firstMatch(of: try Regex(#"<option value="(\d+)"[^>]*>[^<]*\#(chosen)"#)).map { String($0.output[1].substring ?? "") }, "\(page)")
                var pairs: [(String, String)] = [("csrf", token), ("h:wilayah-diy", "1"), ("a:wilayah-diy:g1", typed)]
                if !option.isEmpty { pairs.append(("a:wilayah-diy:g2", option)) }
                pairs.append(("aksi", "kumpulkan"))
                let submitted = try await browser.post(client, location, pairs: pairs)
                #expect(submitted.status == .seeOther)
                let result = String(buffer: try await browser.get(client, location + "/hasil").body)
                for text in expected { #expect(result.contains(text), "\(text)\n\(result)") }
                for text in absent { #expect(!result.contains(text), "\(text)") }
            }
        }
    }

    /// A typed answer gets the feedback of the answer it is scored by, the best it matches, wherever a catch-all `*`
    /// stands in the list (before, the first match in file order: the catch-all's "check again" for a right answer).
    @Test func aTypedAnswerGetsTheFeedbackOfTheAnswerItIsScoredBy() async throws {
        let site = try SiteFixture()
        try site.writeQuizCourse("wilayah", quiz: "kuis/ibu-kota.gift")
        try site.write("courses/wilayah/kuis/ibu-kota.gift", "::Ibu kota::Ibu kota DIY? {=%0%*#Periksa lagi peta provinsi. =Yogyakarta#Benar, Kota Yogyakarta.}\n")
        let app = try await site.application()
        _ = try await site.addAccount(QuizHTTPTests.budi, name: "Budi", unit: "Pemkab Sleman")
        try await app.test(.router) { client in
            var browser = Browser()
            _ = try await browser.signIn(client, nip: QuizHTTPTests.budi, password: "rahasia-123")
            for (typed, expected, absent) in [("yogyakarta", "Benar, Kota Yogyakarta.", "Periksa lagi"), ("Solo", "Periksa lagi peta provinsi.", "Benar, Kota")] {
                let (location, token, started) = try await QuizHTTPTests.startAttempt(&browser, client, course: "wilayah", quiz: "uji")
                #expect(!location.isEmpty, "\(String(buffer: started.body))")
                let submitted = try await browser.post(
                    client, location, pairs: [("csrf", token), ("h:ibu-kota", "1"), ("a:ibu-kota", typed), ("aksi", "kumpulkan")])
                #expect(submitted.status == .seeOther)
                let result = String(buffer: try await browser.get(client, location + "/hasil").body)
                #expect(result.contains(expected), "\(result)")
                #expect(!result.contains(absent), "\(absent)")
            }
        }
    }
}
