import Crypto
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import LenteraCore
import Testing

@testable import LenteraWeb

/// Classroom events over HTTP: registration and the waiting list, attendance by the venue's rotating code (and the
/// codes that are refused), the operator's ticks and the credit, and who sees what (issue 14).
@Suite struct ProgramEventHTTPTests {
    /// A moment `minutes` from now as a program file writes it, in WIB.
    static func at(_ minutes: Double) -> String {
        let formatter = DateFormatter()
        formatter.dateFormat = "yyyy-MM-dd'T'HH:mm"
        formatter.timeZone = IndonesianTimeZone.wib.timeZone
        return formatter.string(from: Date().addingTimeInterval(minutes * 60))
    }

    /// The lokakarya (one seat, learners register): session 1 on now, session 2 tomorrow. The seminar (assigned by
    /// operators): one session on now.
    static let program = """
        <program id="literasi">
          <title>Program Literasi Data</title>
          <goal>Mengolah data kepegawaian.</goal>
          <period start="\(ProgramHTTPTests.day(-30))" end="\(ProgramHTTPTests.day(60))"/>
          <target>
            <unit>Pemkab Sleman &gt; BKPSDM</unit>
            <unit>Pemkab Sleman &gt; Diskominfo</unit>
          </target>
          <event id="lokakarya" jp="6" capacity="1">
            <title>Lokakarya Analisis Kebutuhan</title>
            <place>Aula BKPSDM</place>
            <session start="\(at(-10))" end="\(at(50))"/>
            <session start="\(at(24 * 60))" end="\(at(25 * 60))"/>
          </event>
          <event id="seminar" jp="2" registration="operator">
            <title>Seminar Pelayanan Publik</title>
            <link>https://rapat.example.go.id/seminar</link>
            <session start="\(at(-10))" end="\(at(50))"/>
          </event>
        </program>
        """

    static let ani = "199001012022212002"
    static let budi = "198503152010011001"

    /// A browser signed in with a session cookie.
    static func browser(_ cookie: String) -> Browser {
        var browser = Browser()
        browser.cookies["sesi"] = String(cookie.dropFirst("sesi=".count))
        return browser
    }

    /// The address in a code page, as a path with its query.
    static func codeAddress(_ page: TestResponse) -> String? {
        let html = String(buffer: page.body)
        guard let start = html.range(of: #"data-address="http"#), let end = html[start.upperBound...].range(of: "\"") else { return nil }
        let url = "http" + html[start.upperBound..<end.lowerBound].replacingOccurrences(of: "&#x3D;", with: "=").replacingOccurrences(of: "&amp;", with: "&")
        return URLComponents(string: url).map { $0.percentEncodedPath + "?" + ($0.percentEncodedQuery ?? "") }
    }

    @Test func learnersCheckInWithTheVenuesCodeAndRefusedCodesRecordNothing() async throws {
        let fixture = try SiteFixture()
        try fixture.write("programs/literasi.xml", Self.program)
        let app = try await fixture.application()
        let aniCookie = try await fixture.sessionCookie(role: .learner, nip: Self.ani, unit: "Pemkab Sleman > Diskominfo")
        let budiCookie = try await fixture.sessionCookie(role: .learner, nip: Self.budi, unit: "Pemkab Sleman > BKPSDM")
        let citraCookie = try await fixture.sessionCookie(role: .learner, nip: "199101012015032003", unit: "Pemkab Bantul > BKPSDM")
        let officeCookie = try await fixture.sessionCookie(role: .operator, nip: "197001012000031001", unit: "Pemkab Sleman")
        let store = try await fixture.openStore()
        let event = "/program/literasi/acara/lokakarya"

        try await app.test(.router) { client in
            var ani = Self.browser(aniCookie)
            var budi = Self.browser(budiCookie)
            var citra = Self.browser(citraCookie)
            var office = Self.browser(officeCookie)
            // Ani registers first and gets the one seat; Budi waits.
            let csrf = try #require(Browser.csrf(in: try await ani.get(client, event)))
            #expect(try await ani.post(client, event + "/daftar", ["csrf": csrf]).status == .seeOther)
            let budiCSRF = try #require(Browser.csrf(in: try await budi.get(client, event)))
            #expect(try await budi.post(client, event + "/daftar", ["csrf": budiCSRF]).status == .seeOther)
            #expect(String(buffer: try await budi.get(client, event).body).contains("Anda dalam daftar tunggu, urutan ke-1."))

            // The venue's screen: a QR code of the check-in address, renewed every 15 seconds, never stored.
            let screen = try await office.get(client, "/operator/program/literasi/acara/lokakarya/kode/1")
            #expect(screen.status == .ok && screen.headers[HTTPField.Name("Refresh")!] == "15" && screen.headers[.cacheControl] == "private, no-store")
            #expect(String(buffer: screen.body).contains("<svg"))
            let address = try #require(Self.codeAddress(screen))
            #expect(address.hasPrefix(event + "/hadir?kode="))

            // Ani scans it: recorded. Again: refused as reused.
            let recorded = try await ani.get(client, address)
            #expect(recorded.status == .ok && String(buffer: recorded.body).contains("Kehadiran Anda di sesi 1"))
            #expect(try await ani.get(client, address).status == .conflict)
            // Budi waits for a seat; Citra is not targeted: refused, nothing recorded.
            #expect(try await budi.get(client, address).status == .forbidden)
            #expect(try await citra.get(client, address).status == .notFound)

            // A forged code, an expired one, another event's, one for a session that is not on: refused.
            let token = String(address.split(separator: "=", maxSplits: 1)[1])
            // The payload's first character changed (never the last, whose low bits are base64 padding that decodes alike).
            let forged = (token.hasPrefix("M") ? "N" : "M") + String(token.dropFirst())
            #expect(try await ani.get(client, event + "/hadir?kode=" + forged).status == .forbidden)
            let key = SymmetricKey(data: Data(try await store.secret(named: "attendance-code", proposed: "tidak-dipakai").utf8))
            let old = AttendanceCode.issue(programID: "literasi", eventID: "lokakarya", session: 0, at: Date().addingTimeInterval(-200)).token(key: key)
            #expect(try await ani.get(client, event + "/hadir?kode=" + old).status == .gone)
            let seminarScreen = try await office.get(client, "/operator/program/literasi/acara/seminar/kode/1")
            let seminarToken = try #require(Self.codeAddress(seminarScreen)).split(separator: "=", maxSplits: 1)[1]
            #expect(try await ani.get(client, event + "/hadir?kode=" + seminarToken).status == .forbidden)
            let tomorrow = AttendanceCode.issue(programID: "literasi", eventID: "lokakarya", session: 1, at: Date()).token(key: key)
            #expect(try await ani.get(client, event + "/hadir?kode=" + tomorrow).status == .conflict)
            #expect(!String(buffer: try await office.get(client, "/operator/program/literasi/acara/lokakarya/kode/2").body).contains("<svg"))
            // Presence is kept under the event and the program's edition.
            #expect(try await store.attendance(programID: "literasi", eventID: "lokakarya@1").count == 1)

            // The operator's list never runs ahead of a session: tomorrow's cannot be ticked today.
            let officeCSRF = try #require(Browser.csrf(in: try await office.get(client, "/operator/program/literasi/acara/lokakarya")))
            let early = try await office.post(client, "/operator/program/literasi/acara/lokakarya", ["csrf": officeCSRF, "aksi": "hadir", "nip": Self.ani, "sesi": "1"])
            #expect(early.status == .badRequest && String(buffer: early.body).contains("Presensi sesi itu belum dibuka"))
            #expect(try await store.attendance(programID: "literasi", eventID: "lokakarya@1").count == 1)

            // The seminar: the operator assigns Ani; she scans its code; its one session attended, its JP credited once.
            let seminar = "/operator/program/literasi/acara/seminar"
            let assigned = try await office.post(client, seminar, ["csrf": officeCSRF, "aksi": "daftar", "nip": Self.ani])
            #expect(assigned.status == .seeOther)
            let seminarAddress = try #require(Self.codeAddress(try await office.get(client, seminar + "/kode/1")))
            let scanned = try await ani.get(client, seminarAddress)
            #expect(scanned.status == .ok && String(buffer: scanned.body).contains("Semua sesi sudah Anda hadiri: 2 JP dikreditkan"))
            let ticked = try await office.post(client, seminar, ["csrf": officeCSRF, "aksi": "hadir", "nip": Self.ani, "sesi": "0"])
            #expect(ticked.status == .seeOther)
            let aniAccount = try #require(try await store.account(nip: NIP(validating: Self.ani)))
            let credits = try await store.entries(accountID: aniAccount.id).filter { $0.courseID.hasPrefix("acara:") }
            #expect(credits.map(\.courseID) == ["acara:literasi/seminar"] && credits.first?.jp == JP(hundredths: 200))
            #expect(credits.first?.courseTitle == "Seminar Pelayanan Publik" && credits.first?.courseVersion == "1")
            // Her page links the certificate; her home shows the event done and its JP.
            let page = String(buffer: try await ani.get(client, "/program/literasi/acara/seminar").body)
            let number = try #require(credits.first?.certificateNumber)
            #expect(page.contains("/sertifikat/\(number)"))
            #expect(try await ani.get(client, "/sertifikat/\(number)").status == .ok)
            let home = String(buffer: try await ani.get(client, "/beranda").body)
            #expect(home.contains("JP dari program ini: 2") && home.contains(#"<a href="/program/literasi/acara/seminar">"#))

            // Credited, she rates how relevant it was (level 1); Budi, who did not attend, cannot.
            #expect(page.contains(#"action="/program/literasi/acara/seminar/nilai""#) && page.contains("Seberapa relevan acara ini"))
            let aniCSRF = try #require(Browser.csrf(in: try await ani.get(client, "/program/literasi/acara/seminar")))
            let rated = try await ani.post(client, "/program/literasi/acara/seminar/nilai", ["csrf": aniCSRF, "relevansi": "2", "komentar": "Contohnya bukan dari layanan kami"])
            #expect(rated.status == .seeOther && rated.headers[.location] == "/program/literasi/acara/seminar?umpan-balik=terima-kasih")
            #expect(try await ani.post(client, "/program/literasi/acara/seminar/nilai", ["csrf": aniCSRF, "relevansi": "9"]).status == .badRequest)
            #expect(!String(buffer: try await budi.get(client, "/program/literasi/acara/seminar").body).contains("/nilai"))
            #expect(try await budi.post(client, "/program/literasi/acara/seminar/nilai", ["csrf": budiCSRF, "relevansi": "5"]).status == .forbidden)
            let citraCSRF = try #require(Browser.csrf(in: try await citra.get(client, "/beranda")))
            #expect(try await citra.post(client, "/program/literasi/acara/seminar/nilai", ["csrf": citraCSRF, "relevansi": "5"]).status == .notFound)
            // The evaluation shows the event's level 1 and its comment; the operator's feedback table names the event.
            let evaluation = String(buffer: try await office.get(client, "/operator/program/literasi/evaluasi").body)
            #expect(evaluation.contains("<td>1</td><td>1</td><td>2,0</td>") && evaluation.contains("Contohnya bukan dari layanan kami"))
            #expect(String(buffer: try await office.get(client, "/operator").body).contains("Acara: Seminar Pelayanan Publik"))
            // The feedback CSV names it too, after the columns it always had.
            let feedbackCSV = String(buffer: try await office.get(client, "/operator/laporan/umpan-balik.csv").body)
            #expect(feedbackCSV.contains("kursus_id,modul_id,tanggapan,rata_rata_relevansi,judul,judul_modul"))
            #expect(feedbackCSV.contains("acara:literasi/seminar,") && feedbackCSV.contains(",Acara: Seminar Pelayanan Publik,"))
        }
    }

    @Test func theWaitingListMovesUpAndEachSideSeesOnlyItsOwn() async throws {
        let fixture = try SiteFixture()
        try fixture.write("programs/literasi.xml", Self.program)
        let app = try await fixture.application()
        let aniCookie = try await fixture.sessionCookie(role: .learner, nip: Self.ani, unit: "Pemkab Sleman > Diskominfo")
        let budiCookie = try await fixture.sessionCookie(role: .learner, nip: Self.budi, unit: "Pemkab Sleman > BKPSDM")
        let citraCookie = try await fixture.sessionCookie(role: .learner, nip: "199101012015032003", unit: "Pemkab Bantul > BKPSDM")
        let diskominfoCookie = try await fixture.sessionCookie(role: .operator, nip: "197201012000031003", unit: "Pemkab Sleman > Diskominfo")
        let bantulCookie = try await fixture.sessionCookie(role: .operator, nip: "197101012000031002", unit: "Pemkab Bantul")
        let event = "/program/literasi/acara/lokakarya"

        try await app.test(.router) { client in
            var ani = Self.browser(aniCookie)
            var budi = Self.browser(budiCookie)
            var citra = Self.browser(citraCookie)
            var diskominfo = Self.browser(diskominfoCookie)
            var bantul = Self.browser(bantulCookie)
            let aniCSRF = try #require(Browser.csrf(in: try await ani.get(client, event)))
            _ = try await ani.post(client, event + "/daftar", ["csrf": aniCSRF])
            let budiCSRF = try #require(Browser.csrf(in: try await budi.get(client, event)))
            _ = try await budi.post(client, event + "/daftar", ["csrf": budiCSRF])
            // Ani cancels: Budi gets her seat.
            _ = try await ani.post(client, event + "/batal", ["csrf": aniCSRF])
            #expect(String(buffer: try await budi.get(client, event).body).contains("Anda terdaftar dan mendapat kursi."))
            // The seminar's participants are assigned by operators: a learner cannot register.
            #expect(try await ani.post(client, "/program/literasi/acara/seminar/daftar", ["csrf": aniCSRF]).status == .forbidden)
            // A learner the program does not target does not find its events.
            #expect(try await citra.get(client, event).status == .notFound)

            // Diskominfo's operator registers Ani, sees only Diskominfo's participants and their units, and cannot touch Budi.
            let csrf = try #require(Browser.csrf(in: try await diskominfo.get(client, "/operator/program/literasi/acara/seminar")))
            #expect(try await diskominfo.post(client, "/operator/program/literasi/acara/seminar", ["csrf": csrf, "aksi": "daftar", "nip": Self.ani]).status == .seeOther)
            let roster = String(buffer: try await diskominfo.get(client, "/operator/program/literasi/acara/seminar").body)
            #expect(roster.contains(Self.ani) && roster.contains("<td>Pemkab Sleman &gt; Diskominfo</td><td>1</td>"))
            let outside = try await diskominfo.post(client, "/operator/program/literasi/acara/seminar", ["csrf": csrf, "aksi": "daftar", "nip": Self.budi])
            // The same answer as for a NIP nobody has: nothing about another office's staff.
            #expect(outside.status == .badRequest && String(buffer: outside.body).contains("NIP itu tidak ditemukan di antara pegawai sasaran program di unit Anda."))
            let lokakarya = String(buffer: try await diskominfo.get(client, "/operator/program/literasi/acara/lokakarya").body)
            #expect(!lokakarya.contains(Self.budi))
            // A code admits everyone the program targets: an office that holds only some of them shows none.
            #expect(try await diskominfo.get(client, "/operator/program/literasi/acara/lokakarya/kode/1").status == .notFound)
            // Bantul's operator: no such event, no code.
            #expect(try await bantul.get(client, "/operator/program/literasi/acara/lokakarya").status == .notFound)
            #expect(try await bantul.get(client, "/operator/program/literasi/acara/lokakarya/kode/1").status == .notFound)
            // Learners see no operator page.
            #expect(try await ani.get(client, "/operator/program/literasi/acara/lokakarya/kode/1").status == .notFound)
        }
    }
}
