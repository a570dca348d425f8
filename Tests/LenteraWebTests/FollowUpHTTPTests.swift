import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import LenteraCore
import Testing

@testable import LenteraWeb

/// Evaluation level 3 over HTTP: weeks after completing a program, a learner is asked whether it changed how they
/// work; before then, or outside the program, nothing is taken; the evaluation report counts the answers (issue 14).
@Suite struct FollowUpHTTPTests {
    /// The program of ``ProgramHTTPTests``, followed up a week after completion.
    static let program = ProgramHTTPTests.program().replacingOccurrences(of: "</program>", with: "  <follow-up weeks=\"1\"/>\n</program>")

    @Test func aLearnerIsAskedWeeksAfterCompletingAndTheReportCountsTheAnswers() async throws {
        let fixture = try SiteFixture()
        try fixture.write("programs/literasi.xml", Self.program)
        let app = try await fixture.application()
        // Budi completed `dasar` today (ProgramHTTPTests' scenario) and, in another version, ten days ago: his first
        // completion counts, so he is asked since three days. Ani completed it today: asked in a week.
        let cookies = try await ProgramHTTPTests().scenario(fixture)
        let store = try await fixture.openStore()
        let budi = try #require(try await store.account(nip: NIP(validating: "198503152010011001")))
        let ani = try #require(try await store.account(nip: NIP(validating: "199001012022212002")))
        let tenDaysAgo = Date().addingTimeInterval(-10 * 86_400)
        for (account, date, version) in [(budi, tenDaysAgo, "0"), (ani, Date(), "1")] {
            _ = try await store.credit(LedgerEntry(
                accountID: account.id, courseID: "dasar", courseTitle: "Kursus Dasar", courseVersion: version, year: JPLedger.year(of: date),
                jp: JP(hundredths: 200), startedAt: date, completedAt: date, score: nil, certificateNumber: JPLedger.certificateNumber(year: 2026)
            ))
        }
        let path = "/program/literasi/tindak-lanjut"

        try await app.test(.router) { client in
            var budiBrowser = ProgramEventHTTPTests.browser(cookies["budi"]!)
            var aniBrowser = ProgramEventHTTPTests.browser(cookies["ani"]!)
            var citra = ProgramEventHTTPTests.browser(cookies["citra"]!)
            var sleman = ProgramEventHTTPTests.browser(cookies["sleman"]!)

            // Budi's home asks him; the form has the question and five answers.
            let home = String(buffer: try await budiBrowser.get(client, "/beranda").body)
            #expect(home.contains("Evaluasi pasca-program") && home.contains("href=\"\(path)\""))
            let form = try await budiBrowser.get(client, path)
            let page = String(buffer: form.body)
            #expect(form.status == .ok && page.contains("Apakah program ini mengubah cara Anda bekerja?") && page.contains("5 · Sangat berubah"))
            let csrf = try #require(Browser.csrf(in: form))
            // No answer, an answer off the scale, a comment with a control character: refused, nothing kept.
            for fields in [["csrf": csrf], ["csrf": csrf, "nilai": "6"], ["csrf": csrf, "nilai": "tiga"], ["csrf": csrf, "nilai": "3", "komentar": "a\u{0}b"]] {
                #expect(try await budiBrowser.post(client, path, fields).status == .badRequest)
            }
            #expect(try await store.followUps(programID: "literasi", accountID: budi.id).isEmpty)
            #expect(try await budiBrowser.post(client, path, ["csrf": csrf, "nilai": "4", "komentar": "Laporan bulanan lebih cepat"]).status == .seeOther)
            // Changed later: one answer, the last.
            let changed = try await budiBrowser.post(client, path, ["csrf": csrf, "nilai": "2", "komentar": "Belum ada kesempatan menerapkan"])
            #expect(changed.status == .seeOther && changed.headers[.location] == path + "?tersimpan=1")
            let kept = try await store.followUps(programID: "literasi", accountID: budi.id)
            #expect(kept.map(\.rating) == [2] && kept.first?.respondent == .learner && kept.first?.respondentID == budi.id)
            let saved = String(buffer: try await budiBrowser.get(client, path + "?tersimpan=1").body)
            #expect(saved.contains("jawaban Anda tersimpan") && saved.contains("value=\"2\" required checked"))
            #expect(String(buffer: try await budiBrowser.get(client, "/beranda").body).contains("sudah dijawab"))

            // Ani is not asked yet: told when, and an answer posted anyway is refused.
            let early = String(buffer: try await aniBrowser.get(client, path).body)
            #expect(early.contains("Evaluasi ini dibuka pada") && !early.contains("name=\"nilai\""))
            #expect(!String(buffer: try await aniBrowser.get(client, "/beranda").body).contains(path))
            let aniCSRF = try #require(Browser.csrf(in: try await aniBrowser.get(client, "/beranda")))
            #expect(try await aniBrowser.post(client, path, ["csrf": aniCSRF, "nilai": "5"]).status == .forbidden)
            #expect(try await store.followUps(programID: "literasi", accountID: ani.id).isEmpty)
            // Citra (Bantul) is not in the program, and no program asks about another id.
            #expect(try await citra.get(client, path).status == .notFound)
            #expect(try await budiBrowser.get(client, "/program/lain/tindak-lanjut").status == .notFound)

            // The report: in BKPSDM one asked and one answer of 2; Diskominfo's Ani not asked yet. Her unit's row
            // shows it, and Budi's comment is among those of material that changed nothing.
            let report = String(buffer: try await sleman.get(client, "/operator/program/literasi/evaluasi").body)
            #expect(report.contains("Level 3 (perilaku)") && report.contains("Peserta ditanya 1 minggu setelah menyelesaikan program"))
            #expect(report.contains("<tr><td>BKPSDM</td><td>1</td><td>1</td><td>2,0</td></tr>"))
            #expect(report.contains("<tr><th scope=\"row\">Jumlah</th><td>1</td><td>1</td><td>2,0</td></tr>"))
            #expect(report.contains("<strong>Tindak lanjut (L3)</strong>: Belum ada kesempatan menerapkan"))
            let csv = String(buffer: try await sleman.get(client, "/operator/program/literasi/evaluasi.csv").body)
            #expect(csv.contains("l3_ditanya,l3_jawaban,l3_rata_rata") && csv.contains(",1,1,2.00\r\n"))
        }
    }
}
