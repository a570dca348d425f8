import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import LenteraCore
import Testing

@testable import LenteraWeb

/// Needs analysis over HTTP: an operator opens a survey for their units, its learners answer, the gap matrix and its
/// CSV come from the answers, and nobody sees another office's survey or staff (issue 14).
@Suite struct NeedsHTTPTests {
    static let dictionary = """
        <competencies>
          <competency id="pengelolaan-data" kind="teknis"><name>Pengelolaan Data</name><level n="3">Mengolah data</level></competency>
          <competency id="pelayanan-publik" kind="sosial-kultural"><name>Pelayanan Publik</name></competency>
          <standard position="Pengelola Data"><require competency="pengelolaan-data" level="3"/></standard>
        </competencies>
        """

    @Test func anOperatorOpensASurveyLearnersAnswerAndTheMatrixShowsTheGap() async throws {
        let fixture = try SiteFixture()
        try fixture.write("programs/kompetensi.xml", Self.dictionary)
        // The course `dasar` develops data management to level 3: it is suggested for the gap.
        try fixture.write("courses/dasar/course.xml", """
            <course jp="2" lang="id"><title>Kursus Dasar</title><competency ref="pengelolaan-data" level="3"/>
            <module id="satu" href="satu.md"/><module id="dua" href="dua.md"/></course>
            """)
        let app = try await fixture.application()
        let store = try await fixture.openStore()
        var accounts: [String: String] = [:]
        for (key, nip, unit, position) in [
            ("ani", "199001012022212002", "Pemkab Sleman > Dinkes", "Pengelola Data"), ("budi", "198503152010011001", "Pemkab Sleman > Dinkes", "Pengelola Data"),
            ("eko", "199201012016031004", "Pemkab Sleman > Dinkes > Puskesmas", "pengelola  data"),
            ("dodi", "199301012017031005", "Pemkab Sleman > Dinkes", "Sopir"), ("citra", "199101012015032003", "Pemkab Bantul > Dinkes", "Pengelola Data"),
        ] {
            accounts[key] = try await fixture.sessionCookie(role: .learner, nip: nip, unit: unit)
            var account = try #require(try await store.account(nip: NIP(validating: nip)))
            account.position = position
            // Dodi supervises the three data managers of Sleman.
            if ["ani", "budi", "eko"].contains(key) { account.supervisorNIP = try NIP(validating: "199301012017031005") }
            try await store.updateAccount(account, audit: [])
        }
        let cookies = accounts
        let slemanCookie = try await fixture.sessionCookie(role: .operator, nip: "197001012000031001", unit: "Pemkab Sleman")
        let bantulCookie = try await fixture.sessionCookie(role: .operator, nip: "197101012000031002", unit: "Pemkab Bantul")

        try await app.test(.router) { client in
            var sleman = ProgramEventHTTPTests.browser(slemanCookie)
            var bantul = ProgramEventHTTPTests.browser(bantulCookie)
            var ani = ProgramEventHTTPTests.browser(cookies["ani"]!)
            var budi = ProgramEventHTTPTests.browser(cookies["budi"]!)
            var citra = ProgramEventHTTPTests.browser(cookies["citra"]!)
            var eko = ProgramEventHTTPTests.browser(cookies["eko"]!)
            var dodi = ProgramEventHTTPTests.browser(cookies["dodi"]!)
            let subUnitCookie = try await fixture.sessionCookie(role: .operator, nip: "197201012000031003", unit: "Pemkab Sleman > Dinkes > Puskesmas")
            var puskesmas = ProgramEventHTTPTests.browser(subUnitCookie)
            // The status page counts the dictionary, in the reader's language.
            let authorCookie = try await fixture.sessionCookie(role: .author, nip: "198101012005011003", unit: "Pemkab Sleman")
            var author = ProgramEventHTTPTests.browser(authorCookie)
            #expect(String(buffer: try await author.get(client, "/status").body).contains("2 kompetensi, 1 standar jabatan"))
            #expect(String(buffer: try await author.get(client, "/status?lang=en").body).contains("2 competencies, 1 position standards"))
            let csrf = try #require(Browser.csrf(in: try await sleman.get(client, "/operator/kebutuhan")))
            let closes = ProgramHTTPTests.day(14)
            // Another office's unit is refused, and so is a day gone by.
            let outside = try await sleman.post(client, "/operator/kebutuhan", ["csrf": csrf, "judul": "Survei", "unit": "Pemkab Bantul", "tutup": closes])
            #expect(outside.status == .badRequest && String(buffer: outside.body).contains("di luar unit Anda"))
            let past = try await sleman.post(client, "/operator/kebutuhan", ["csrf": csrf, "judul": "Survei", "unit": "Pemkab Sleman", "tutup": "2020-01-01"])
            #expect(past.status == .badRequest)
            let opened = try await sleman.post(client, "/operator/kebutuhan", ["csrf": csrf, "judul": "Survei Kebutuhan 2027", "unit": "Pemkab Sleman", "tutup": closes])
            let location = try #require(opened.headers[.location])
            #expect(opened.status == .seeOther && location.hasPrefix("/operator/kebutuhan/"))

            // Ani and Budi find it on their home page and answer; Citra, in Bantul, does not see it.
            let home = String(buffer: try await ani.get(client, "/beranda").body)
            #expect(home.contains("Survei Kebutuhan 2027"))
            let formPath = location.replacingOccurrences(of: "/operator", with: "")
            let form = try await ani.get(client, formPath)
            #expect(String(buffer: form.body).contains("Pengelolaan Data") && !String(buffer: form.body).contains("Pelayanan Publik"))
            let aniCSRF = try #require(Browser.csrf(in: form))
            // Every competency must be answered.
            #expect(try await ani.post(client, formPath, ["csrf": aniCSRF]).status == .badRequest)
            #expect(try await ani.post(client, formPath, ["csrf": aniCSRF, "k.pengelolaan-data": "2"]).status == .seeOther)
            let budiCSRF = try #require(Browser.csrf(in: try await budi.get(client, formPath)))
            // A level that is no level, and an answer to a competency not asked, store nothing.
            for forged in ["0", "6", "tiga", ""] {
                #expect(try await budi.post(client, formPath, ["csrf": budiCSRF, "k.pengelolaan-data": forged]).status == .badRequest)
            }
            #expect(try await budi.post(client, formPath, ["csrf": budiCSRF, "k.pengelolaan-data": "1", "k.pelayanan-publik": "5"]).status == .seeOther)
            let ekoCSRF = try #require(Browser.csrf(in: try await eko.get(client, formPath)))
            #expect(try await eko.post(client, formPath, ["csrf": ekoCSRF, "k.pengelolaan-data": "3"]).status == .seeOther)
            // Dodi's position has no standard: the survey asks him nothing and is not on his home page.
            let dodiForm = String(buffer: try await dodi.get(client, formPath).body)
            #expect(dodiForm.contains("belum memiliki standar kompetensi") && !dodiForm.contains("type=\"radio\""))
            #expect(!String(buffer: try await dodi.get(client, "/beranda").body).contains("href=\"\(formPath)\""))
            #expect(String(buffer: try await ani.get(client, "/beranda").body).contains("sudah dijawab"))
            #expect(!String(buffer: try await citra.get(client, "/beranda").body).contains("Survei Kebutuhan 2027"))
            #expect(try await citra.get(client, formPath).status == .notFound)

            // Their supervisor Dodi assesses each of them from his home page; nobody else may, about anyone.
            let dodiHome = String(buffer: try await dodi.get(client, "/beranda").body)
            let staffNIPs = ["ani": "199001012022212002", "budi": "198503152010011001", "eko": "199201012016031004"]
            for nip in staffNIPs.values { #expect(dodiHome.contains("href=\"\(formPath)/pegawai/\(nip)\"")) }
            let aboutAni = formPath + "/pegawai/" + staffNIPs["ani"]!
            let supervisorForm = try await dodi.get(client, aboutAni)
            #expect(String(buffer: supervisorForm.body).contains("Sebagai atasan langsung") && String(buffer: supervisorForm.body).contains("Pengelolaan Data"))
            #expect(String(buffer: supervisorForm.body).contains("Nilai level pegawai ini saat ini") && !String(buffer: supervisorForm.body).contains("Nilai level Anda"))
            let dodiCSRF = try #require(Browser.csrf(in: supervisorForm))
            #expect(try await dodi.post(client, aboutAni, ["csrf": dodiCSRF, "k.pengelolaan-data": "9"]).status == .badRequest)
            for (key, level) in [("ani", "3"), ("budi", "3"), ("eko", "4")] {
                let path = formPath + "/pegawai/" + staffNIPs[key]!
                let saved = try await dodi.post(client, path, ["csrf": dodiCSRF, "k.pengelolaan-data": level])
                #expect(saved.status == .seeOther && saved.headers[.location] == path + "?tersimpan=1")
            }
            #expect(String(buffer: try await dodi.get(client, aboutAni).body).contains("value=\"3\" required checked"))
            // Ani's own answer is untouched; Ani, Citra and the operator cannot assess anyone.
            #expect(try await store.answers(surveyID: Int64(location.split(separator: "/").last!)!, accountID: nil).count == 3)
            #expect(try await ani.get(client, formPath + "/pegawai/" + staffNIPs["budi"]!).status == .notFound)
            #expect(try await ani.get(client, aboutAni).status == .notFound)
            #expect(try await citra.get(client, aboutAni).status == .notFound)
            #expect(try await dodi.get(client, formPath + "/pegawai/199101012015032003").status == .notFound)  // Citra: not his

            // The matrix: standard 3, mean (2+1+3)/3 = 2, gap 1 for 3 staff (3 weighted: low), the course suggested; the
            // supervisors' mean (3+3+4)/3 beside it.
            let matrix = String(buffer: try await sleman.get(client, location).body)
            #expect(matrix.contains("<td>Pengelola Data</td><td>Pengelolaan Data</td><td>3</td><td>2</td><td>1</td><td>3</td><td>3</td><td>3,33 <span class=\"meta\">(3)</span></td><td class=\"\">Rendah</td>"))
            #expect(matrix.contains(#"<a href="/kursus/dasar">Kursus Dasar</a>"#) && matrix.contains("3 dari 4 pegawai di Pemkab Sleman sudah menjawab."))
            let csv = String(buffer: try await sleman.get(client, location + "/matriks.csv").body)
            #expect(csv.contains("Pengelola Data,pengelolaan-data,Pengelolaan Data,3,2,1,3,3,rendah,dasar,3.33,3"))
            // The Puskesmas office sees its own part only (one answer: no mean shown), and cannot close the regency's survey.
            let part = String(buffer: try await puskesmas.get(client, location).body)
            #expect(part.contains("1 dari 1 pegawai di Pemkab Sleman &gt; Dinkes &gt; Puskesmas sudah menjawab."))
            #expect(part.contains("<td>Pengelola Data</td><td>Pengelolaan Data</td><td>3</td><td>—</td><td>—</td><td>1</td><td>1</td><td>— <span class=\"meta\">(1)</span></td>"))
            let puskesmasCSRF = try #require(Browser.csrf(in: try await puskesmas.get(client, "/operator/kebutuhan")))
            #expect(try await puskesmas.post(client, location + "/tutup", ["csrf": puskesmasCSRF]).status == .notFound)
            // Bantul's operator sees nothing of it.
            #expect(try await bantul.get(client, location).status == .notFound)
            #expect(try await bantul.get(client, location + "/matriks.csv").status == .notFound)
            #expect(!String(buffer: try await bantul.get(client, "/operator/kebutuhan").body).contains("Survei Kebutuhan 2027"))
            // Closed: learners can no longer answer.
            #expect(try await sleman.post(client, location + "/tutup", ["csrf": csrf]).status == .seeOther)
            #expect(try await ani.post(client, formPath, ["csrf": aniCSRF, "k.pengelolaan-data": "3"]).status == .forbidden)
            #expect(try await dodi.post(client, aboutAni, ["csrf": dodiCSRF, "k.pengelolaan-data": "2"]).status == .forbidden)
        }
    }

    @Test func aDictionaryBrokenAtARestartIsServedFromItsKeptCopyUntilItIsRemoved() async throws {
        let fixture = try SiteFixture()
        try fixture.write("programs/kompetensi.xml", Self.dictionary)
        _ = try await fixture.application()
        let author = try await fixture.sessionCookie(role: .author, nip: "198101012005011003", unit: "Pemkab Sleman")
        func status(_ app: some ApplicationProtocol) async throws -> String {
            try await app.test(.router) { client in
                String(buffer: try await client.execute(uri: "/status", method: .get, headers: [.cookie: author]).body)
            }
        }
        // Broken while the server was down: the restarted server serves the copy kept in the data folder, and says why.
        try fixture.write("programs/kompetensi.xml", Self.dictionary.replacingOccurrences(of: "</competencies>", with: ""))
        let broken = try await status(try await fixture.application())
        #expect(broken.contains("2 kompetensi, 1 standar jabatan") && broken.contains("Versi terakhir yang baik tetap ditayangkan"))
        // Removed by its author: gone, and a broken file of that name later does not bring the copy back.
        try FileManager.default.removeItem(atPath: fixture.root + "/programs/kompetensi.xml")
        #expect(!(try await status(try await fixture.application())).contains("standar jabatan"))
        try fixture.write("programs/kompetensi.xml", Self.dictionary.replacingOccurrences(of: "</competencies>", with: ""))
        let again = try await status(try await fixture.application())
        #expect(again.contains("kompetensi.xml") && !again.contains("standar jabatan"))
    }
}
