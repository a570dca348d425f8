import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import LenteraCore
import Testing

@testable import LenteraWeb

/// Development programs over HTTP: who sees a program, what an operator sees of it, and files that change (issue 14).
@Suite struct ProgramHTTPTests {
    /// A day `days` from today, as a program file writes it (WIB).
    static func day(_ days: Int) -> String {
        ProgramDay(Date().addingTimeInterval(Double(days) * 86_400), in: .wib).description
    }

    /// A program for BKPSDM and Diskominfo of Sleman: the course `dasar`, due in a week (so it is reminded).
    static func program(title: String = "Program Literasi Data") -> String {
        """
        <program id="literasi">
          <title>\(title)</title>
          <goal>Mengolah data kepegawaian.</goal>
          <period start="\(day(-30))" end="\(day(60))"/>
          <target>
            <unit>Pemkab Sleman &gt; BKPSDM</unit>
            <unit>Pemkab Sleman &gt; Diskominfo</unit>
          </target>
          <course id="dasar" deadline="\(day(7))"/>
        </program>
        """
    }

    /// Budi (BKPSDM) has completed `dasar`; Ani (Diskominfo) has not; Citra is in Bantul; Dodi in Sleman's Dinsos.
    /// Made after the program file is written and the application built (the program loads with it).
    func scenario(_ fixture: SiteFixture) async throws -> [String: String] {
        var cookies: [String: String] = [:]
        cookies["budi"] = try await fixture.sessionCookie(role: .learner, nip: "198503152010011001", unit: "Pemkab Sleman > BKPSDM")
        cookies["ani"] = try await fixture.sessionCookie(role: .learner, nip: "199001012022212002", unit: "Pemkab Sleman > Diskominfo")
        cookies["citra"] = try await fixture.sessionCookie(role: .learner, nip: "199101012015032003", unit: "Pemkab Bantul > BKPSDM")
        cookies["dodi"] = try await fixture.sessionCookie(role: .learner, nip: "199201012015031004", unit: "Pemkab Sleman > Dinsos")
        cookies["sleman"] = try await fixture.sessionCookie(role: .operator, nip: "197001012000031001", unit: "Pemkab Sleman")
        cookies["diskominfo"] = try await fixture.sessionCookie(role: .operator, nip: "197201012000031003", unit: "Pemkab Sleman > Diskominfo")
        cookies["bantul"] = try await fixture.sessionCookie(role: .operator, nip: "197101012000031002", unit: "Pemkab Bantul")
        let store = try await fixture.openStore()
        let budi = try #require(try await store.account(nip: NIP(validating: "198503152010011001")))
        let now = Date()
        _ = try await store.credit(
            LedgerEntry(accountID: budi.id, courseID: "dasar", courseTitle: "Kursus Dasar", courseVersion: "1", year: JPLedger.year(of: now),
                        jp: JP(hundredths: 200), startedAt: now, completedAt: now, score: nil, certificateNumber: JPLedger.certificateNumber(year: 2026))
        )
        return cookies
    }

    @Test func learnersSeeTheProgramsThatTargetThemWithWhatIsDue() async throws {
        let fixture = try SiteFixture()
        try fixture.write("programs/literasi.xml", Self.program())
        let app = try await fixture.application()
        let cookies = try await scenario(fixture)

        try await app.test(.router) { client in
            func home(_ who: String) async throws -> String {
                String(buffer: try await client.execute(uri: "/beranda", method: .get, headers: [.cookie: cookies[who]!]).body)
            }
            let ani = try await home("ani")
            // Ani has not done the course: the program, its course with its link, and a reminder of the deadline.
            #expect(ani.contains("Program Literasi Data") && ani.contains(#"<a href="/kursus/dasar">Kursus Dasar (2 JP)</a>"#))
            #expect(ani.contains("Pengingat tenggat") && ani.contains("Kursus Dasar (2 JP): selesaikan paling lambat"))
            #expect(ani.contains("Sesuai jadwal") && ani.contains("Belum selesai"))
            // Budi has: completed, its JP counted, nothing to remind.
            let budi = try await home("budi")
            #expect(budi.contains("Program Literasi Data") && budi.contains("JP dari program ini: 2") && !budi.contains("Pengingat tenggat"))
            // Learners of other units see nothing of it.
            for other in ["citra", "dodi"] {
                #expect(!(try await home(other)).contains("Program Literasi Data"), "\(other)")
            }
        }
    }

    @Test func operatorsSeeOnlyProgramsAndLearnersOfTheirSubtree() async throws {
        let fixture = try SiteFixture()
        try fixture.write("programs/literasi.xml", Self.program())
        let app = try await fixture.application()
        let cookies = try await scenario(fixture)

        try await app.test(.router) { client in
            func get(_ uri: String, _ who: String) async throws -> TestResponse {
                try await client.execute(uri: uri, method: .get, headers: [.cookie: cookies[who]!])
            }
            #expect(String(buffer: try await get("/operator/program", "sleman").body).contains(#"<a href="/operator/program/literasi">"#))
            let report = String(buffer: try await get("/operator/program/literasi", "sleman").body)
            // Per unit one level below Sleman: BKPSDM (Budi, completed, 2 JP) and Diskominfo (Ani, on track); Dinsos is not targeted.
            #expect(report.contains("<tr><td>BKPSDM</td><td>1</td><td>0</td><td>0</td><td>1</td><td>2</td></tr>"))
            #expect(report.contains("<tr><td>Diskominfo</td><td>1</td><td>1</td><td>0</td><td>0</td><td>0</td></tr>"))
            #expect(report.contains("<tr><th scope=\"row\">Jumlah</th><td>2</td><td>1</td><td>0</td><td>1</td><td>2</td></tr>") && !report.contains("Dinsos"))
            let csv = String(buffer: try await get("/operator/program/literasi/peserta.csv", "sleman").body)
            let lines = csv.split(separator: "\r\n").map(String.init)
            try #require(lines.count == 3)
            #expect(lines[0].hasSuffix("nip,nama,unit,jabatan,status_program,kegiatan_selesai,jp_program,selesai_dasar"))
            #expect(lines[1].contains("Pemkab Sleman > BKPSDM") && lines[1].contains(",selesai,1,2,\(Self.day(0))"))
            #expect(lines[2].contains("Pemkab Sleman > Diskominfo") && lines[2].hasSuffix(",sesuai_jadwal,0,0,"))

            // Diskominfo's operator sees only Ani.
            let narrow = String(buffer: try await get("/operator/program/literasi/peserta.csv", "diskominfo").body)
            #expect(narrow.contains("199001012022212002") && !narrow.contains("198503152010011001"))
            // Bantul's operator: the program does not exist for them; nor does Sleman's unit; learners see no operator page.
            #expect(!String(buffer: try await get("/operator/program", "bantul").body).contains("literasi"))
            #expect(try await get("/operator/program/literasi", "bantul").status == .notFound)
            #expect(try await get("/operator/program/literasi/peserta.csv", "bantul").status == .notFound)
            #expect(try await get("/operator/program/literasi?unit=Pemkab%20Bantul", "sleman").status == .notFound)
            #expect(try await get("/operator/program/literasi?unit=Pemkab%20Sleman", "diskominfo").status == .notFound)
            #expect(try await get("/operator/program/tidak-ada", "sleman").status == .notFound)
            #expect(try await get("/operator/program/literasi", "ani").status == .notFound)
        }
    }

    @Test func programFilesChangeBreakAndGoWithoutARestart() async throws {
        let fixture = try SiteFixture()
        try fixture.write("programs/literasi.xml", Self.program())
        let app = try await fixture.application()
        let cookies = try await scenario(fixture)
        let author = try await fixture.sessionCookie(role: .author, nip: "196901012000031009")

        try await app.test(.live) { client in
            func body(_ uri: String, _ cookie: String) async throws -> String {
                String(buffer: try await client.execute(uri: uri, method: .get, headers: [.cookie: cookie]).body)
            }
            func eventually(_ condition: () async throws -> Bool) async throws -> Bool {
                for _ in 0..<100 {
                    if try await condition() { return true }
                    try await Task.sleep(for: .milliseconds(100))
                }
                return false
            }
            let ani = cookies["ani"]!
            #expect(try await body("/beranda", ani).contains("Program Literasi Data"))
            // Edited: the new title shows.
            try fixture.write("programs/literasi.xml", Self.program(title: "Program Literasi Data Edisi Dua"))
            #expect(try await eventually { try await body("/beranda", ani).contains("Program Literasi Data Edisi Dua") })
            // Broken: the last good version stays, and the status page names the file and line.
            try fixture.write("programs/literasi.xml", Self.program(title: "Rusak").replacingOccurrences(of: "id=\"dasar\"", with: "id=\"hilang\""))
            #expect(try await eventually { try await body("/status", author).contains("programs/literasi.xml:9") })
            #expect(try await body("/beranda", ani).contains("Program Literasi Data Edisi Dua"))
            // The course the program names is withdrawn: the program is checked again, and stays at its last good version.
            try fixture.write("programs/literasi.xml", Self.program(title: "Program Ketiga"))
            #expect(try await eventually { try await body("/beranda", ani).contains("Program Ketiga") })
            try FileManager.default.removeItem(atPath: fixture.courses + "/dasar")
            #expect(try await eventually { try await body("/status", author).contains("kursus &quot;dasar&quot; tidak ada di folder kursus") })
            let home = try await body("/beranda", ani)
            #expect(home.contains("Program Ketiga") && home.contains("dasar (kursus tidak tersedia saat ini)"))
            // Removed: gone.
            try FileManager.default.removeItem(atPath: fixture.programs + "/literasi.xml")
            #expect(try await eventually { !(try await body("/beranda", ani).contains("Program Ketiga")) })
        }
    }

    @Test func theEvaluationReportsReactionAndTheCommentsOfMaterialThatDidNotFit() async throws {
        let fixture = try SiteFixture()
        try fixture.write("programs/literasi.xml", Self.program())
        let app = try await fixture.application()
        let cookies = try await scenario(fixture)
        let store = try await fixture.openStore()
        let now = Date()
        for (nip, relevance, comment) in [("198503152010011001", 5, "berguna"), ("199001012022212002", 1, "tidak sesuai tugas saya di loket")] {
            let account = try #require(try await store.account(nip: NIP(validating: nip)))
            try await store.saveFeedback(Feedback(accountID: account.id, courseID: "dasar", moduleID: "satu", relevance: relevance, comment: comment,
                                                  createdAt: now))
        }
        // A rating from a unit the program does not target is not the program's.
        let dodi = try #require(try await store.account(nip: NIP(validating: "199201012015031004")))
        try await store.saveFeedback(Feedback(accountID: dodi.id, courseID: "dasar", moduleID: "satu", relevance: 1, comment: "rahasia dinsos", createdAt: now))

        try await app.test(.router) { client in
            func get(_ uri: String, _ who: String) async throws -> TestResponse {
                try await client.execute(uri: uri, method: .get, headers: [.cookie: cookies[who]!])
            }
            let page = String(buffer: try await get("/operator/program/literasi/evaluasi", "sleman").body)
            // Kursus Dasar: done by 1, rated twice with a mean of 3, no pre/post tests; the program row the same.
            #expect(page.contains("<tr><td>Kursus Dasar (2 JP)</td><td>1</td><td>2</td><td>3,0</td><td>—</td><td>—</td><td>—</td><td>—</td></tr>"))
            #expect(page.contains("<tr><th scope=\"row\">Jumlah</th><td>1</td><td>2</td><td>3,0</td><td>—</td>"))
            #expect(page.contains("tidak sesuai tugas saya di loket") && !page.contains("berguna") && !page.contains("rahasia dinsos"))
            #expect(page.contains("data-print"))
            let csv = String(buffer: try await get("/operator/program/literasi/evaluasi.csv", "sleman").body)
            #expect(csv.contains("Kursus Dasar (2 JP),1,2,3.00,,,,") && csv.contains("program,1,2,3.00,,,,"))
            // Another office, and learners: not found.
            #expect(try await get("/operator/program/literasi/evaluasi", "bantul").status == .notFound)
            #expect(try await get("/operator/program/literasi/evaluasi.csv", "bantul").status == .notFound)
            #expect(try await get("/operator/program/literasi/evaluasi", "ani").status == .notFound)
        }
    }

    @Test func aProgramBrokenAtARestartIsServedFromItsKeptCopyUntilItIsRemoved() async throws {
        let fixture = try SiteFixture()
        try fixture.write("programs/literasi.xml", Self.program())
        _ = try await fixture.application()
        let cookies = try await scenario(fixture)
        // Broken while the server was down: the restarted server serves the copy kept in the data folder, and says so.
        try fixture.write("programs/literasi.xml", Self.program().replacingOccurrences(of: "</program>", with: ""))
        let restarted = try await fixture.application()
        let author = try await fixture.sessionCookie(role: .author, nip: "198101012005011003", unit: "Pemkab Sleman")
        try await restarted.test(.router) { client in
            let home = String(buffer: try await client.execute(uri: "/beranda", method: .get, headers: [.cookie: cookies["budi"]!]).body)
            #expect(home.contains("Program Literasi Data"))
            let status = String(buffer: try await client.execute(uri: "/status", method: .get, headers: [.cookie: author]).body)
            #expect(status.contains("programs/literasi.xml") && status.contains("Program Literasi Data"))
        }
        // Removed by its author: gone, and a restart does not bring it back.
        try FileManager.default.removeItem(atPath: fixture.root + "/programs/literasi.xml")
        let removed = try await fixture.application()
        try await removed.test(.router) { client in
            let home = String(buffer: try await client.execute(uri: "/beranda", method: .get, headers: [.cookie: cookies["budi"]!]).body)
            #expect(!home.contains("Program Literasi Data"))
        }
        try fixture.write("programs/literasi.xml", Self.program().replacingOccurrences(of: "</program>", with: ""))
        let again = try await fixture.application()
        try await again.test(.router) { client in
            let home = String(buffer: try await client.execute(uri: "/beranda", method: .get, headers: [.cookie: cookies["budi"]!]).body)
            #expect(!home.contains("Program Literasi Data"))
        }
    }
}
