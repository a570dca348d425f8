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
            #expect(report.contains("<tr><td>BKPSDM</td><td>1</td><td>1</td><td>2,0</td><td>0</td><td>—</td></tr>"))
            #expect(report.contains("<tr><th scope=\"row\">Jumlah</th><td>1</td><td>1</td><td>2,0</td><td>0</td><td>—</td></tr>"))
            #expect(report.contains("<strong>Tindak lanjut (L3)</strong>: Belum ada kesempatan menerapkan"))
            let csv = String(buffer: try await sleman.get(client, "/operator/program/literasi/evaluasi.csv").body)
            #expect(csv.contains("l3_ditanya,l3_jawaban,l3_rata_rata,l3_jawaban_atasan,l3_rata_rata_atasan") && csv.contains(",1,1,2.00,0,\r\n"))
        }
    }

    @Test func aSupervisorNamedByTheRosterAnswersAboutTheirStaffAndNobodyElse() async throws {
        let fixture = try SiteFixture()
        try fixture.write("programs/literasi.xml", Self.program)
        let app = try await fixture.application()
        let cookies = try await ProgramHTTPTests().scenario(fixture)
        let store = try await fixture.openStore()
        let tenDaysAgo = Date().addingTimeInterval(-10 * 86_400)
        // Dodi (Dinsos, outside the program) supervises Budi, asked since three days, and Ani, who completed today.
        let dodi = try #require(try await store.account(nip: NIP(validating: "199201012015031004")))
        var staff: [String: Account] = [:]
        for (key, nip, date) in [("budi", "198503152010011001", tenDaysAgo), ("ani", "199001012022212002", Date())] {
            var account = try #require(try await store.account(nip: NIP(validating: nip)))
            account.supervisorNIP = dodi.nip
            try await store.updateAccount(account, audit: [])
            staff[key] = account
            _ = try await store.credit(LedgerEntry(
                accountID: account.id, courseID: "dasar", courseTitle: "Kursus Dasar", courseVersion: "0", year: JPLedger.year(of: date),
                jp: JP(hundredths: 200), startedAt: date, completedAt: date, score: nil, certificateNumber: JPLedger.certificateNumber(year: 2026)
            ))
        }
        let (budi, ani) = (staff["budi"]!, staff["ani"]!)
        let aboutBudi = "/program/literasi/tindak-lanjut/\(budi.nip.digits)"
        let aboutAni = "/program/literasi/tindak-lanjut/\(ani.nip.digits)"

        try await app.test(.router) { client in
            var supervisor = ProgramEventHTTPTests.browser(cookies["dodi"]!)
            var citra = ProgramEventHTTPTests.browser(cookies["citra"]!)
            var budiBrowser = ProgramEventHTTPTests.browser(cookies["budi"]!)
            var sleman = ProgramEventHTTPTests.browser(cookies["sleman"]!)
            // Dodi's home asks about Budi only (Ani is not due); the form names Budi and asks about him.
            let home = String(buffer: try await supervisor.get(client, "/beranda").body)
            #expect(home.contains("href=\"\(aboutBudi)\"") && !home.contains(aboutAni))
            let form = try await supervisor.get(client, aboutBudi)
            let page = String(buffer: form.body)
            #expect(form.status == .ok && page.contains("Sebagai atasan langsung") && page.contains("Apakah program ini mengubah cara \(budi.name) bekerja?"))
            let csrf = try #require(Browser.csrf(in: form))
            let saved = try await supervisor.post(client, aboutBudi, ["csrf": csrf, "nilai": "5", "komentar": "Laporan kini tepat waktu"])
            #expect(saved.status == .seeOther && saved.headers[.location] == aboutBudi + "?tersimpan=1")
            let kept = try await store.followUps(programID: "literasi", accountID: budi.id)
            #expect(kept.map(\.respondent) == [.supervisor] && kept.first?.respondentID == dodi.id && kept.first?.rating == 5)
            // Not due for Ani: told when, and an answer is refused.
            #expect(String(buffer: try await supervisor.get(client, aboutAni).body).contains("dibuka pada"))
            #expect(try await supervisor.post(client, aboutAni, ["csrf": csrf, "nilai": "5"]).status == .forbidden)
            // Someone who is not Budi's supervisor, Budi himself, and an unknown or malformed NIP: not found.
            let citraCSRF = try #require(Browser.csrf(in: try await citra.get(client, "/beranda")))
            #expect(try await citra.get(client, aboutBudi).status == .notFound)
            #expect(try await citra.post(client, aboutBudi, ["csrf": citraCSRF, "nilai": "1"]).status == .notFound)
            #expect(try await budiBrowser.get(client, aboutBudi).status == .notFound)
            #expect(try await supervisor.get(client, "/program/literasi/tindak-lanjut/199901012020011001").status == .notFound)
            #expect(try await supervisor.get(client, "/program/literasi/tindak-lanjut/bukan-nip").status == .notFound)
            #expect(try await store.followUps(programID: "literasi", accountID: budi.id).count == 1)
            // A new supervisor (the roster changed) does not see their predecessor's answer; theirs replaces it.
            var reassigned = try #require(try await store.account(id: budi.id))
            reassigned.supervisorNIP = try NIP(validating: "197001012000031001")
            try await store.updateAccount(reassigned, audit: [])
            var successor = ProgramEventHTTPTests.browser(cookies["sleman"]!)
            let successorHome = String(buffer: try await successor.get(client, "/beranda").body)
            #expect(successorHome.contains(aboutBudi) && !successorHome.contains("sudah dijawab"))
            let fresh = String(buffer: try await successor.get(client, aboutBudi).body)
            #expect(!fresh.contains("Laporan kini tepat waktu") && !fresh.contains(" checked"))
            #expect(try await supervisor.get(client, aboutBudi).status == .notFound)  // Dodi no longer
            reassigned.supervisorNIP = dodi.nip
            try await store.updateAccount(reassigned, audit: [])
            // A supervisor who left the service answers about nobody.
            var left = dodi
            left.deactivation = Deactivation(reason: .left, date: Date())
            #expect(!left.supervises(budi) && dodi.supervises(budi))

            // The report counts the supervisor's answer apart from the learners' own.
            let report = String(buffer: try await sleman.get(client, "/operator/program/literasi/evaluasi").body)
            #expect(report.contains("<tr><td>BKPSDM</td><td>1</td><td>0</td><td>—</td><td>1</td><td>5,0</td></tr>"))
            let csv = String(buffer: try await sleman.get(client, "/operator/program/literasi/evaluasi.csv").body)
            #expect(csv.contains(",1,0,,1,5.00\r\n"))
        }
    }

    @Test func anOperatorNamesALearnersSupervisorOnTheAccountPage() async throws {
        let fixture = try SiteFixture()
        let app = try await fixture.application()
        let cookies = try await ProgramHTTPTests().scenario(fixture)
        let store = try await fixture.openStore()
        let budi = try #require(try await store.account(nip: NIP(validating: "198503152010011001")))
        let path = "/operator/pengguna/\(budi.id)"
        try await app.test(.router) { client in
            var sleman = ProgramEventHTTPTests.browser(cookies["sleman"]!)
            let csrf = try #require(Browser.csrf(in: try await sleman.get(client, path)))
            // Not a NIP, or Budi's own: refused, with what was typed kept in the form.
            let wrong = try await sleman.post(client, path, ["csrf": csrf, "atasan": "1970"])
            #expect(wrong.status == .badRequest && String(buffer: wrong.body).contains("NIP atasan:") && String(buffer: wrong.body).contains("value=\"1970\""))
            let own = try await sleman.post(client, path, ["csrf": csrf, "atasan": budi.nip.digits])
            #expect(own.status == .badRequest && String(buffer: own.body).contains("NIP atasan sama dengan NIP pegawai itu sendiri"))
            #expect(try await store.account(id: budi.id)?.supervisorNIP == nil)
            let saved = try await sleman.post(client, path, ["csrf": csrf, "atasan": " 199201012015031004 "])
            #expect(saved.status == .ok && String(buffer: saved.body).contains("value=\"199201012015031004\""))
            #expect(try await store.account(id: budi.id)?.supervisorNIP?.digits == "199201012015031004")
            let trail = try await store.auditEvents(AuditFilter(nip: budi.nip.digits), offset: 0, limit: 10)
            #expect(trail.events.contains { $0.detail.contains("atasan: — → 199201012015031004") })
            // Emptied: removed.
            #expect(try await sleman.post(client, path, ["csrf": csrf, "atasan": ""]).status == .ok)
            #expect(try await store.account(id: budi.id)?.supervisorNIP == nil)
        }
    }
}
