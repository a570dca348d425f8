import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import LenteraCore
import NIOCore
import Testing

@testable import LenteraWeb

/// Issue "Learners on weak links": the review reads as the attempt did (Markdown rendered, each blank's answer in its
/// place, the essay note once), and a pre-test's result leads on to the course.
@Suite struct QuizReviewHTTPTests {
    /// A course whose pre-test is a Markdown quiz under a Markdown title: two blanks, a matching question, an essay.
    func fixture() throws -> SiteFixture {
        let fixture = try SiteFixture()
        try fixture.write(
            "courses/awal/course.xml",
            """
            <course jp="2" lang="id">
              <title>Kursus Berpra-tes</title>
              <module id="pengantar" href="pengantar.md"/>
              <module id="lanjutan" href="lanjutan.md"/>
              <quiz id="pra" href="kuis/pra.quiz.md" kind="pre" passing-score="0" shuffle="false"/>
            </course>
            """
        )
        try fixture.write("courses/awal/pengantar.md", "# Pengantar\n\nTeks.\n")
        try fixture.write("courses/awal/lanjutan.md", "# Lanjutan\n\nTeks.\n")
        try fixture.write(
            "courses/awal/kuis/pra.quiz.md",
            """
            ---
            title: "*Pre-test* Pembinaan"
            ---

            ## Tujuan SMART

            Dalam rumusan tujuan SMART, huruf M berarti [[terukur|measurable]] dan huruf T berarti [[berbatas waktu]].

            ## Level evaluasi

            Jodohkan setiap level dengan instrumennya.

            - Reaksi -> Kuesioner kepuasan
            - Pembelajaran -> *Pre-test* dan *post-test*

            ## Refleksi
            tipe: esai

            Jelaskan manfaat pra-tes bagi Anda.

            """
        )
        return fixture
    }

    @Test func theReviewShowsMarkdownRenderedAndEachBlanksAnswerInPlace() async throws {
        let fixture = try fixture()
        let app = try await fixture.application()
        _ = try await fixture.addAccount(QuizHTTPTests.budi, name: "Budi", unit: "Pemkab Sleman")
        try await app.test(.router) { client in
            var browser = Browser()
            _ = try await browser.signIn(client, nip: QuizHTTPTests.budi, password: "rahasia-123")
            let intro = try await browser.get(client, "/kursus/awal/kuis/pra")
            #expect(String(buffer: intro.body).contains("<h1><em>Pre-test</em> Pembinaan</h1>"))
            let token = try #require(Browser.csrf(in: intro))
            let started = try await browser.post(client, "/kursus/awal/kuis/pra/mulai", ["csrf": token])
            let location = try #require(started.headers[.location])
            let attempt = String(buffer: try await browser.get(client, location).body)
            // Screen readers hear "Isian 1", not the blank's id; the page's title is plain text.
            #expect(attempt.contains(#"aria-label="Isian 1""#) && attempt.contains(#"aria-label="Isian 2""#))
            #expect(!attempt.contains(#"aria-label="g1""#))
            #expect(attempt.contains("<title>Pre-test Pembinaan"))
            // The options of the matching question, in full and lettered as in its selects.
            #expect(attempt.contains(#"<ol type="A"><li>"#) && attempt.contains(">A. "))

            let submitted = try await browser.post(
                client, location,
                pairs: [
                    ("csrf", token), ("h:tujuan-smart", "1"), ("a:tujuan-smart:g1", "terukur"), ("a:tujuan-smart:g2", ""),
                    ("h:level-evaluasi", "1"), ("a:level-evaluasi:0", "Kuesioner kepuasan"), ("a:level-evaluasi:1", "*Pre-test* dan *post-test*"),
                    ("h:refleksi", "1"), ("a:refleksi", "Agar tahu titik awal saya."), ("aksi", "kumpulkan"),
                ]
            )
            #expect(submitted.headers[.location] == location + "/hasil")
            let result = String(buffer: try await browser.get(client, location + "/hasil").body)

            // The title and the matching texts are rendered, nowhere raw.
            #expect(result.contains("<em>Pre-test</em> Pembinaan</h1>"))
            #expect(result.contains("<em>Pre-test</em> dan <em>post-test</em>"))
            #expect(!result.contains("*Pre-test*"))
            // Each blank shows what was written in it, in its place, with words for screen readers; none shows "(g1)".
            #expect(result.contains(#"huruf M berarti <span class="gap-answer right" data-isian="1"><span class="visually-hidden">isian 1, jawaban Anda: </span>terukur"#))
            #expect(result.contains(#"huruf T berarti <span class="gap-answer wrong" data-isian="2"><span class="visually-hidden">isian 2, jawaban Anda: </span>(tidak dijawab)"#))
            #expect(!result.contains("(g1)") && !result.contains("(g2)"))
            #expect(result.contains("Isian 1: terukur / measurable"))
            // The essay: its note once, no "correct answer" that repeats it; the score says it is not final.
            #expect(result.components(separatedBy: "Esai Anda akan dinilai").count == 2)
            #expect(result.contains("Nilai ini belum final"))
            // A pre-test leads on to the course's first module.
            #expect(result.contains(#"<a class="button" href="/kursus/awal/pengantar">Mulai belajar: Pengantar</a>"#))
        }
    }

    @Test func onlyAPreTestLeadsOnToTheFirstModule() async throws {
        let fixture = try SiteFixture()
        try fixture.writeQuizCourse(attributes: #"attempts="1" passing-score="0""#)
        let app = try await fixture.application()
        _ = try await fixture.addAccount(QuizHTTPTests.budi, name: "Budi", unit: "Pemkab Sleman")
        try await app.test(.router) { client in
            var browser = Browser()
            _ = try await browser.signIn(client, nip: QuizHTTPTests.budi, password: "rahasia-123")
            let (location, token, _) = try await QuizHTTPTests.startAttempt(&browser, client)
            _ = try await browser.post(client, location, pairs: [("csrf", token), ("aksi", "kumpulkan")])
            let result = String(buffer: try await browser.get(client, location + "/hasil").body)
            #expect(result.contains("Lulus"))
            #expect(!result.contains("Mulai belajar") && !result.contains("Pra-tes selesai"))
        }
    }

    @Test func theCoursePageCountsQuestionsInLowerCase() async throws {
        let fixture = try fixture()
        let app = try await fixture.application()
        try await app.test(.router) { client in
            let indonesian = String(buffer: try await client.execute(uri: "/kursus/awal", method: .get).body)
            #expect(indonesian.contains(#"<a href="/kursus/awal/kuis/pra">Pre-test Pembinaan</a> <span class="minutes">3 soal</span>"#))
            #expect(!indonesian.contains("3 Soal"))
            let english = String(buffer: try await client.execute(uri: "/kursus/awal", method: .get, headers: [.cookie: "lang=en"]).body)
            #expect(english.contains(#"<span class="minutes">3 questions</span>"#))
        }
    }
}
