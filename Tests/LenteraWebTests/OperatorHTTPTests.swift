import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import LenteraCore
import LenteraStore
import NIOCore
import Testing

@testable import LenteraWeb

@Suite struct OperatorHTTPTests {
    /// Budi (PNS, BKPSDM) completes the course; Ani (PPPK, Diskominfo) starts it; Citra is in another regency.
    func scenario(_ fixture: SiteFixture) async throws -> (operatorSleman: String, operatorBantul: String, learner: String) {
        let budi = try await fixture.addAccount("198503152010011001", name: "Budi", unit: "Pemkab Sleman > BKPSDM")
        let ani = try await fixture.addAccount("199001012022212002", name: "Ani", unit: "Pemkab Sleman > Diskominfo", status: .pppk)
        let citra = try await fixture.addAccount("199101012015032003", name: "Citra", unit: "Pemkab Bantul > BKPSDM")
        let store = try await fixture.openStore()
        let now = Date()
        for account in [budi, citra] {
            _ = try await store.recordView(accountID: account.id, courseID: "dasar", moduleID: "satu", rule: .viewed, at: now)
            _ = try await store.credit(
                LedgerEntry(accountID: account.id, courseID: "dasar", courseTitle: "Kursus Dasar", courseVersion: "v", year: JPLedger.year(of: now),
                            jp: JP(hundredths: 2000), startedAt: now, completedAt: now, score: 100, certificateNumber: JPLedger.certificateNumber(year: 2026))
            )
        }
        _ = try await store.recordView(accountID: ani.id, courseID: "dasar", moduleID: "satu", rule: .viewed, at: now)
        try await store.saveFeedback(Feedback(accountID: budi.id, courseID: "dasar", moduleID: "satu", relevance: 4, comment: "berguna", createdAt: now))
        try await store.saveFeedback(Feedback(accountID: citra.id, courseID: "dasar", moduleID: "satu", relevance: 1, comment: "rahasia bantul", createdAt: now))
        return (
            try await fixture.sessionCookie(role: .operator, nip: "197001012000031001", unit: "Pemkab Sleman"),
            try await fixture.sessionCookie(role: .operator, nip: "197101012000031002", unit: "Pemkab Bantul"),
            try await fixture.sessionCookie(role: .learner, nip: "198001012005011002", unit: "Pemkab Sleman > Dinsos")
        )
    }

    @Test func reportsAreScopedToTheOperatorsUnits() async throws {
        let fixture = try SiteFixture()
        let app = try await fixture.application()
        let (sleman, bantul, learner) = try await scenario(fixture)

        try await app.test(.router) { client in
            let page = String(buffer: try await client.execute(uri: "/operator", method: .get, headers: [.cookie: sleman]).body)
            #expect(page.contains("198503152010011001"))  // the office's own report shows NIPs
            #expect(page.contains("Budi") && page.contains("Ani"))
            #expect(!page.contains("Citra") && !page.contains("rahasia bantul"))
            #expect(page.contains("berguna"))

            let other = String(buffer: try await client.execute(uri: "/operator", method: .get, headers: [.cookie: bantul]).body)
            #expect(other.contains("Citra") && !other.contains("Budi"))
            // Asking for another office's unit is "not found".
            let escape = try await client.execute(uri: "/operator?unit=Pemkab%20Sleman", method: .get, headers: [.cookie: bantul])
            #expect(escape.status == .notFound)
            let csvEscape = try await client.execute(uri: "/operator/laporan/jp.csv?unit=Pemkab%20Sleman", method: .get, headers: [.cookie: bantul])
            #expect(csvEscape.status == .notFound)
            // Learners and strangers see no reports.
            #expect(try await client.execute(uri: "/operator", method: .get, headers: [.cookie: learner]).status == .notFound)
            #expect(try await client.execute(uri: "/operator/laporan/jp.csv", method: .get).headers[.location] == "/masuk?kembali=%2Foperator%2Flaporan%2Fjp.csv")
        }
    }

    @Test func aUnitSentByAFormReadsAsTheUnitItNames() async throws {
        let fixture = try SiteFixture()
        let app = try await fixture.application()
        let (sleman, _, _) = try await scenario(fixture)

        try await app.test(.router) { client in
            func get(_ uri: String) async throws -> TestResponse {
                try await client.execute(uri: uri, method: .get, headers: [.cookie: sleman])
            }
            // A form sends "Pemkab Sleman > BKPSDM" as `Pemkab+Sleman+%3E+BKPSDM`, a link as `%20`: the same unit.
            let year = JPLedger.year(of: Date())
            for uri in ["/operator?unit=Pemkab+Sleman+%3E+BKPSDM&tahun=\(year)", "/operator?unit=Pemkab%20Sleman%20%3E%20BKPSDM"] {
                let response = try await get(uri)
                #expect(response.status == .ok, "\(uri)")
                let page = String(buffer: response.body)
                // Budi of BKPSDM, and not Ani of Diskominfo.
                #expect(page.contains("198503152010011001") && !page.contains("199001012022212002"), "\(uri)")
                // The page's forms send the unit again as it is (the browser encodes it); its links carry it encoded.
                #expect(page.contains(#"<input type="hidden" name="unit" value="Pemkab Sleman &gt; BKPSDM">"#), "\(uri)")
                #expect(page.contains("unit=Pemkab%20Sleman%20%3E%20BKPSDM"), "\(uri)")
            }
            let csv = String(buffer: try await get("/operator/laporan/jp.csv?unit=Pemkab+Sleman+%3E+BKPSDM").body)
            #expect(csv.contains("198503152010011001") && !csv.contains("199001012022212002"))
        }
    }

    @Test func csvNumbersAreNumbersAndMatchTheScreen() async throws {
        let fixture = try SiteFixture()
        let app = try await fixture.application()
        let (sleman, _, _) = try await scenario(fixture)

        try await app.test(.router) { client in
            let csv = try await client.execute(uri: "/operator/laporan/jp.csv", method: .get, headers: [.cookie: sleman])
            #expect(csv.headers[.contentType] == "text/csv; charset=utf-8")
            let text = String(buffer: csv.body)
            // For spreadsheets: a byte-order mark first, and NIPs as text (="…"), never as 1.98E+17.
            #expect(text.hasPrefix("\u{FEFF}nip,"))
            let lines = text.dropFirst().split(separator: "\r\n").map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
            #expect(lines[0] == ["nip", "nama", "unit", "status", "tahun", "kursus_selesai", "jp", "memenuhi_20_jp"])
            let budi = try #require(lines.first { $0[0] == "=\"198503152010011001\"" })
            #expect(Double(budi[6]) == 20)
            #expect(budi[7] == "1")
            let ani = try #require(lines.first { $0[0] == "=\"199001012022212002\"" })
            #expect(Double(ani[6]) == 0)
            #expect(ani[3] == "PPPK" && ani[7] == "")  // PPPK carry no 20 JP flag

            let compliance = String(buffer: try await client.execute(uri: "/operator/laporan/kepatuhan.csv", method: .get, headers: [.cookie: sleman]).body)
            let rows = compliance.split(separator: "\r\n").dropFirst().map { $0.split(separator: ",").map(String.init) }
            let semicolons = String(buffer: try await client.execute(uri: "/operator/laporan/kepatuhan.csv?pemisah=titik-koma", method: .get,
                                                                     headers: [.cookie: sleman]).body)
            #expect(semicolons.hasPrefix("\u{FEFF}unit;pns;"))
            let bkpsdm = try #require(rows.first { $0[0] == "Pemkab Sleman > BKPSDM" })
            #expect(bkpsdm.dropFirst().compactMap(Double.init).count == 5)  // every figure parses as a number
            #expect(Double(bkpsdm[3]) == 100)
            let screen = String(buffer: try await client.execute(uri: "/operator", method: .get, headers: [.cookie: sleman]).body)
            #expect(screen.contains("<td>100.0</td>"))
            let courses = String(buffer: try await client.execute(uri: "/operator/laporan/kursus.csv", method: .get, headers: [.cookie: sleman]).body)
            #expect(courses.contains("dasar,Kursus Dasar,2,2,1"))  // started by Budi and Ani, completed by Budi
        }
    }

    @Test func largeScopesAreReportedFromTheSnapshotWithTheTimeItWasSummed() async throws {
        let fixture = try SiteFixture()
        // A scope of 2 learners or more counts as large here (a million in production is the point).
        let app = try await fixture.application { $0.reportSnapshotScope = 2 }
        let (sleman, bantul, _) = try await scenario(fixture)
        let store = try await fixture.openStore()
        let now = Date()
        let year = JPLedger.year(of: now)

        try await app.test(.router) { client in
            func get(_ uri: String, _ cookie: String) async throws -> String {
                String(buffer: try await client.execute(uri: uri, method: .get, headers: [.cookie: cookie]).body)
            }
            // No snapshot yet: everything is summed live, and nothing says otherwise.
            #expect(try await get("/operator/laporan/kursus.csv", sleman).contains("dasar,Kursus Dasar,2,2,1"))
            #expect(!(try await get("/operator", sleman).contains("WIB dan diperbarui tiap 10 menit")))

            let summed = Date(timeIntervalSince1970: 1_796_000_000)
            try await store.buildReportSnapshot(year: year, target: JPLedger.target, at: summed)
            // Ani completes the course after the sum.
            let ani = try #require(try await store.account(nip: try NIP(validating: "199001012022212002")))
            _ = try await store.credit(
                LedgerEntry(accountID: ani.id, courseID: "dasar", courseTitle: "Kursus Dasar", courseVersion: "v", year: year,
                            jp: JP(hundredths: 2000), startedAt: now, completedAt: now, score: 100, certificateNumber: JPLedger.certificateNumber(year: year))
            )
            // Sleman (two learners) is large: its course totals are the summed ones, and the page says when they were summed.
            #expect(try await get("/operator/laporan/kursus.csv", sleman).contains("dasar,Kursus Dasar,2,2,1"))
            let page = try await get("/operator", sleman)
            #expect(page.contains("Ringkasan unit dan kursus dijumlahkan pada \(AuditController.timestamp(summed)) WIB"))
            // The JP table per employee is read live: Ani's 20 JP are there already.
            let aniRow = try #require(page.range(of: "199001012022212002").map { String(page[$0.upperBound...].prefix(400)) })
            #expect(aniRow.contains("<td>20</td>"))
            // Bantul (one learner) is small: summed live, without the note.
            #expect(!(try await get("/operator", bantul).contains("WIB dan diperbarui tiap 10 menit")))

            // Summed again, the snapshot has Ani's completion.
            try await store.buildReportSnapshot(year: year, target: JPLedger.target, at: summed + 600)
            #expect(try await get("/operator/laporan/kursus.csv", sleman).contains("dasar,Kursus Dasar,2,2,2"))
            #expect(try await get("/operator", sleman).contains(AuditController.timestamp(summed + 600)))
        }
    }

    @Test func operatorsImportRostersAndResetPasswordsInTheirScope() async throws {
        let fixture = try SiteFixture()
        let app = try await fixture.application()
        let (sleman, _, _) = try await scenario(fixture)

        try await app.test(.router) { client in
            var browser = Browser()
            browser.cookies["sesi"] = String(sleman.dropFirst(5))
            let usersPage = try await browser.get(client, "/operator/pengguna")
            let csrf = try #require(Browser.csrf(in: usersPage))
            let roster = "nip,nama,unit\n199202022015031004,Dewi,Pemkab Sleman > Dinkes\n123,Salah,Pemkab Sleman\n199303032016041005,Eko,Pemkab Bantul\n"
            // Uploading shows a preview and changes nothing; applying writes in the background.
            let uploadedRoster = try await browser.post(client, "/operator/pengguna/impor", ["csrf": csrf, "csv": roster])
            let importPage = try #require(uploadedRoster.headers[.location])
            #expect(uploadedRoster.status == .seeOther && importPage.hasPrefix("/operator/pengguna/impor/"))
            let preview = String(buffer: try await browser.get(client, importPage).body)
            #expect(preview.contains("Dewi"))
            #expect(preview.contains("baris 3: NIP harus 18 angka (tertulis 3)"))
            #expect(preview.contains("baris 4: unit kerja Pemkab Bantul di luar wilayah Anda"))
            let store = try await fixture.openStore()
            #expect(try await store.account(nip: NIP(validating: "199202022015031004")) == nil)
            func applyAndWait(_ page: String) async throws -> String {
                _ = try await browser.post(client, page + "/terapkan", ["csrf": csrf])
                for _ in 0..<200 {
                    let shown = String(buffer: try await browser.get(client, page).body)
                    if shown.contains("Impor selesai") { return shown }
                    try await Task.sleep(for: .milliseconds(50))
                }
                return ""
            }
            let result = try await applyAndWait(importPage)
            #expect(result.contains("Dewi") && result.contains("kata-sandi.csv"))
            let dewi = try #require(try await store.account(nip: NIP(validating: "199202022015031004")))
            #expect(dewi.mustChangePassword)
            #expect(try await store.account(nip: NIP(validating: "199303032016041005")) == nil)

            // The same import as an uploaded file (multipart/form-data), as a browser sends it.
            let boundary = "----LenteraBoundary7MA4YWxk"
            let upload = [
                "--\(boundary)\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\n\(csrf)\r\n",
                "--\(boundary)\r\nContent-Disposition: form-data; name=\"berkas\"; filename=\"pegawai.csv\"\r\nContent-Type: text/csv\r\n\r\n",
                "nip;nama;unit\r\n199404042017051006;Fajar;Pemkab Sleman > Dinkes\r\n\r\n",
                "--\(boundary)\r\nContent-Disposition: form-data; name=\"csv\"\r\n\r\n\r\n--\(boundary)--\r\n",
            ].joined()
            let uploaded = try await client.execute(
                uri: "/operator/pengguna/impor", method: .post,
                headers: [.cookie: browser.cookieHeader, .contentType: "multipart/form-data; boundary=\(boundary)"],
                body: ByteBuffer(string: upload)
            )
            #expect(uploaded.status == .seeOther)
            let fajarPage = try #require(uploaded.headers[.location])
            #expect(String(buffer: try await browser.get(client, fajarPage).body).contains("Fajar"))
            #expect(try await applyAndWait(fajarPage).contains("Fajar"))
            #expect(try await store.account(nip: NIP(validating: "199404042017051006")) != nil)
            let forged = try await client.execute(
                uri: "/operator/pengguna/impor", method: .post,
                headers: [.cookie: browser.cookieHeader, .contentType: "multipart/form-data; boundary=\(boundary)"],
                body: ByteBuffer(string: upload.replacingOccurrences(of: csrf, with: String(repeating: "f", count: 64)))
            )
            #expect(forged.status == .forbidden)

            let citra = try #require(try await store.account(nip: NIP(validating: "199101012015032003")))
            let foreign = try await browser.post(client, "/operator/pengguna/\(citra.id)/setel-ulang", ["csrf": csrf])
            #expect(foreign.status == .notFound)
            let reset = try await browser.post(client, "/operator/pengguna/\(dewi.id)/setel-ulang", ["csrf": csrf])
            #expect(reset.status == .ok)
            #expect(String(buffer: reset.body).contains("Kata sandi sementara untuk Dewi"))
        }
    }
}
