import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import LenteraCore
import LenteraStore
import NIOCore
import Testing

@testable import LenteraWeb

extension SiteFixture {
    /// The course `bernilai`: two modules anyone completes by reading them, a pre-test and the post-test that grades the
    /// course, both of 25 true statements.
    func writeGradedCourse() throws {
        try write(
            "courses/bernilai/course.xml",
            """
            <course jp="2" lang="id">
              <title>Kursus Bernilai</title>
              <module id="baca" href="baca.md"/>
              <module id="penutup" href="penutup.md"/>
              <quiz id="pre-test" title="Pra-tes" href="kuis/soal.gift" kind="pre" pair="post-test" passing-score="0"/>
              <quiz id="post-test" title="Pasca-tes" href="kuis/soal.gift" kind="post" attempts="2" passing-score="70"/>
            </course>
            """
        )
        try write("courses/bernilai/baca.md", "# Bacaan\n\nTeks.\n")
        try write("courses/bernilai/penutup.md", "# Penutup\n\nSelesai.\n")
        try write("courses/bernilai/kuis/soal.gift", (1...25).map { "::s\($0):: Pernyataan \($0) benar. {T}\n" }.joined(separator: "\n"))
    }
}

/// "Learners on weak links": every certificate said "Nilai 100", which was module progress. The certificate and its
/// verification show the post-test's result where the learner has one, and no score at all otherwise.
@Suite struct CertificateGradeHTTPTests {
    static let budi = "198503152010011001"
    static let siti = "199001012015032002"

    /// Takes a quiz of `bernilai` answering the first `right` of its 25 statements "Benar" and the rest "Salah".
    static func take(_ browser: inout Browser, _ client: some TestClientProtocol, quiz: String, right: Int) async throws {
        let intro = try await browser.get(client, "/kursus/bernilai/kuis/\(quiz)")
        let token = try #require(Browser.csrf(in: intro))
        let started = try await browser.post(client, "/kursus/bernilai/kuis/\(quiz)/mulai", ["csrf": token])
        let location = try #require(started.headers[.location])
        let page = String(buffer: try await browser.get(client, location).body)
        var fields = [("csrf", token), ("aksi", "kumpulkan")]
        for number in 1...25 {
            let item = "s\(number)"
            let choice = try #require(QuizHTTPTests.choiceID(page, item: item, text: number <= right ? "Benar" : "Salah"))
            fields.append(("a:\(item)", choice))
        }
        let submitted = try await browser.post(client, location, pairs: fields)
        #expect(submitted.status == .seeOther)
    }

    /// Completes the course by reading both modules, and returns the ledger entry it credited.
    static func complete(_ browser: inout Browser, _ client: some TestClientProtocol, store: any LenteraDatabase, account: Account) async throws
        -> LedgerEntry
    {
        _ = try await browser.get(client, "/kursus/bernilai/baca")
        _ = try await browser.get(client, "/kursus/bernilai/penutup")
        let entries = try await store.entries(accountID: account.id)
        #expect(entries.count == 1)
        return try #require(entries.first)
    }

    /// The percentages of a learner's graded attempts at a quiz.
    static func percentages(_ store: any LenteraDatabase, _ account: Account, quiz: String) async throws -> [Double] {
        try await store.attempts(
            accountID: account.id, courseID: "bernilai", quizID: quiz, policy: QuizPolicy(maximumAttempts: 0, passingScore: 70), at: Date()
        ).compactMap(\.percentage)
    }

    @Test func aPreTestAloneGivesACertificateWithoutAScore() async throws {
        let fixture = try SiteFixture()
        try fixture.writeGradedCourse()
        let app = try await fixture.application()
        let budi = try await fixture.addAccount(Self.budi, name: "Budi Santoso", unit: "Pemkab Sleman")
        let store = try await fixture.openStore()
        try await app.test(.router) { client in
            var browser = Browser()
            _ = try await browser.signIn(client, nip: Self.budi, password: "rahasia-123")
            try await Self.take(&browser, client, quiz: "pre-test", right: 8)
            #expect(try await Self.percentages(store, budi, quiz: "pre-test") == [32])

            let entry = try await Self.complete(&browser, client, store: store, account: budi)
            #expect(entry.score == nil)

            let certificate = try await browser.get(client, "/sertifikat/\(entry.certificateNumber)")
            #expect(certificate.status == .ok)
            let html = String(buffer: certificate.body)
            #expect(html.contains("Kursus Bernilai") && html.contains("<dt>JP</dt>"))
            #expect(!html.contains("<dt>Nilai</dt>"))
            let pdf = try await CertificatePDFHTTPTests.pdfText(&browser, client, entry.certificateNumber)
            #expect(pdf.contains("(Kursus Bernilai) Tj") && pdf.contains("(JP) Tj") && !pdf.contains("(Nilai) Tj"))
            let verification = String(buffer: try await client.execute(uri: "/verifikasi/\(entry.certificateNumber)", method: .get).body)
            #expect(verification.contains("Budi Santoso") && !verification.contains("<dt>Nilai</dt>"))
            let english = String(buffer: try await client.execute(uri: "/verifikasi/\(entry.certificateNumber)?lang=en", method: .get).body)
            #expect(english.contains("Budi Santoso") && !english.contains("<dt>Score</dt>"))

            let json = try await client.execute(
                uri: "/verifikasi/\(entry.certificateNumber)", method: .get, headers: [.accept: "application/json"]
            )
            let record = try JSONDecoder().decode([String: JSONValue].self, from: Data(buffer: json.body))
            #expect(record["name"] == .string("Budi Santoso") && record["jp"] == .number(2))
            #expect(record["score"] == nil)
            #expect(!String(buffer: json.body).contains("score"))
        }
    }

    @Test func aPostTestAfterThePreTestIsTheScore() async throws {
        let fixture = try SiteFixture()
        try fixture.writeGradedCourse()
        let app = try await fixture.application()
        let siti = try await fixture.addAccount(Self.siti, name: "Siti Aminah", unit: "Pemkab Sleman")
        let store = try await fixture.openStore()
        try await app.test(.router) { client in
            var browser = Browser()
            _ = try await browser.signIn(client, nip: Self.siti, password: "rahasia-123")
            try await Self.take(&browser, client, quiz: "pre-test", right: 8)
            try await Self.take(&browser, client, quiz: "post-test", right: 20)
            #expect(try await Self.percentages(store, siti, quiz: "post-test") == [80])

            let entry = try await Self.complete(&browser, client, store: store, account: siti)
            #expect(entry.score == 80)

            let html = String(buffer: try await browser.get(client, "/sertifikat/\(entry.certificateNumber)").body)
            #expect(html.contains("<dt>Nilai</dt><dd>80</dd>"))
            let pdf = try await CertificatePDFHTTPTests.pdfText(&browser, client, entry.certificateNumber)
            #expect(pdf.contains("(Nilai) Tj") && pdf.contains("(80) Tj"))
            let english = String(buffer: try await client.execute(uri: "/verifikasi/\(entry.certificateNumber)?lang=en", method: .get).body)
            #expect(english.contains("<dt>Score</dt><dd>80</dd>"))
            let json = try await client.execute(
                uri: "/verifikasi/\(entry.certificateNumber)", method: .get, headers: [.accept: "application/json"]
            )
            let record = try JSONDecoder().decode([String: JSONValue].self, from: Data(buffer: json.body))
            #expect(record["score"] == .number(80))
        }
    }
}
