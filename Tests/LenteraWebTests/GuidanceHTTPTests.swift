import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import LenteraCore
import NIOCore
import Testing

@testable import LenteraWeb

/// Issue "Learners on weak links": a certificate number typed by hand at `/verifikasi`, "Mulai belajar" through the
/// pre-test, and the catalogue's cards showing a signed-in learner where they stand.
@Suite struct GuidanceHTTPTests {
    static let budi = LearnerHTTPTests.budi
    static let siti = LearnerHTTPTests.siti

    /// The card of a course on a catalogue page; empty when the page has none.
    static func card(_ page: String, course: String) -> String {
        let card = page.components(separatedBy: #"<li class="card">"#).dropFirst().first { $0.contains(#"href="/kursus/\#(course)""#) }
        return card?.components(separatedBy: "</li>").first ?? ""
    }

    /// The course `awal`, which declares a pre-test: two modules and a one-question quiz taken before them.
    static func writePreTestCourse(_ fixture: SiteFixture) throws {
        try fixture.write(
            "courses/awal/course.xml",
            """
            <course jp="2" lang="id">
              <title>Kursus Berpra-tes</title>
              <module id="pengantar" href="pengantar.md"/>
              <module id="lanjutan" href="lanjutan.md"/>
              <quiz id="pra" title="Pra-tes" href="kuis/pra.gift" kind="pre" passing-score="0"/>
            </course>
            """
        )
        try fixture.write("courses/awal/pengantar.md", "# Pengantar\n\nTeks.\n")
        try fixture.write("courses/awal/lanjutan.md", "# Lanjutan\n\nTeks.\n")
        try fixture.write("courses/awal/kuis/pra.gift", "::a:: Satu tambah satu? {=2 ~3}\n")
    }

    @Test func regionsNamedAreFilledInOnePassAndOthersLeftAsTheyAre() {
        let html = "<p>é</p><!--lentera:kursus:a-->x<!--/lentera:kursus:a--><!--lentera:akun-->n<!--/lentera:akun-->"
            + "<!--lentera:kursus:b--><!--/lentera:kursus:b-->ü<!--lentera:kursus:c-->z"
        let filled = Personalizer.replaceRegions(html, ["kursus:a": "A", "kursus:b": "<b>B</b>", "kursus:c": "C", "kursus:d": "D"])
        // `akun` is not named; `kursus:c` has no end, so it is left alone too.
        #expect(filled == "<p>é</p><!--lentera:kursus:a-->A<!--/lentera:kursus:a--><!--lentera:akun-->n<!--/lentera:akun-->"
            + "<!--lentera:kursus:b--><b>B</b><!--/lentera:kursus:b-->ü<!--lentera:kursus:c-->z")
        #expect(Personalizer.replaceRegions(html, [:]) == html)
    }

    @Test func aNumberTypedAnyWayLeadsToItsVerification() async throws {
        let fixture = try SiteFixture()
        let app = try await fixture.application()
        let budi = try await fixture.addAccount(Self.budi, name: "Budi Santoso", unit: "Pemkab Sleman > BKPSDM")
        try await app.test(.router) { client in
            var browser = Browser()
            _ = try await browser.signIn(client, nip: Self.budi, password: "rahasia-123")
            _ = try await browser.get(client, "/kursus/dasar/satu")
            _ = try await browser.get(client, "/kursus/dasar/dua")
            let entries = try await fixture.openStore().entries(accountID: budi.id)
            let number = try #require(entries.first?.certificateNumber)

            // Anyone may open the form: a label for its one field, and a button.
            let form = try await client.execute(uri: "/verifikasi", method: .get)
            #expect(form.status == .ok)
            let empty = String(buffer: form.body)
            #expect(empty.contains(#"<form method="get" action="/verifikasi""#))
            #expect(empty.contains(#"<label for="nomor">Nomor sertifikat</label>"#) && empty.contains(#"id="nomor" name="nomor""#))
            #expect(empty.contains(#"<button type="submit">Periksa</button>"#))
            #expect(!empty.contains("Sertifikat tidak ditemukan"))

            // As a person copies it off paper: lower case, spaces for some dashes (a form sends a space as `+`).
            let parts = number.lowercased().split(separator: "-").map(String.init)
            #expect(parts.count == 5)
            let typed = "\(parts[0])+\(parts[1])+\(parts[2])-\(parts[3])+\(parts[4])"
            let found = try await client.execute(uri: "/verifikasi?nomor=" + typed, method: .get)
            #expect(found.status == .seeOther)
            #expect(found.headers[.location] == "/verifikasi/\(number)")
            let spaced = try await client.execute(uri: "/verifikasi?nomor=" + typed.replacingOccurrences(of: "+", with: "%20"), method: .get)
            #expect(spaced.headers[.location] == "/verifikasi/\(number)")
            #expect(String(buffer: try await client.execute(uri: "/verifikasi/\(number)", method: .get).body).contains("Budi Santoso"))

            // A number not on record: 404, and the form again with what was typed, to correct it.
            let unknown = try await client.execute(uri: "/verifikasi?nomor=ltr-2026-zzzz-zzzz-zzzz", method: .get)
            #expect(unknown.status == .notFound)
            let unknownPage = String(buffer: unknown.body)
            #expect(unknownPage.contains("Sertifikat tidak ditemukan"))
            #expect(unknownPage.contains(#"<form method="get" action="/verifikasi""#))
            #expect(unknownPage.contains(#"value="ltr-2026-zzzz-zzzz-zzzz""#))
            #expect(!unknownPage.contains("Budi"))
            // A mistyped address leads to the form as well.
            let mistyped = try await client.execute(uri: "/verifikasi/LTR-2026-ZZZZ-ZZZZ-ZZZZ", method: .get)
            #expect(mistyped.status == .notFound && String(buffer: mistyped.body).contains(#"<a href="/verifikasi">Ketik nomor sertifikat</a>"#))
            // Text that cannot be a number is answered alike, and never written back as markup.
            let markup = try await client.execute(uri: "/verifikasi?nomor=%3Cscript%3Ealert(1)%3C/script%3E", method: .get)
            #expect(markup.status == .notFound)
            #expect(!String(buffer: markup.body).contains("<script>alert(1)") && String(buffer: markup.body).contains("&lt;script&gt;"))
        }
    }

    @Test func mulaiBelajarLeadsToThePreTestUntilItIsAttempted() async throws {
        let fixture = try SiteFixture()
        try Self.writePreTestCourse(fixture)
        let app = try await fixture.application()
        _ = try await fixture.addAccount(Self.budi, name: "Budi", unit: "Pemkab Sleman")
        try await app.test(.router) { client in
            let toModule = #"<a class="button" href="/kursus/awal/pengantar">Mulai belajar</a>"#
            let toPreTest = #"<a class="button" href="/kursus/awal/kuis/pra">Mulai belajar</a>"#
            // Visitors who are not signed in get the page every visitor gets: to the first module.
            let anonymous = String(buffer: try await client.execute(uri: "/kursus/awal", method: .get).body)
            #expect(anonymous.contains(toModule) && !anonymous.contains(toPreTest))

            var browser = Browser()
            _ = try await browser.signIn(client, nip: Self.budi, password: "rahasia-123")
            let before = String(buffer: try await browser.get(client, "/kursus/awal").body)
            #expect(before.contains(toPreTest) && !before.contains(toModule))
            #expect(before.contains("Kursus ini diawali pra-tes"))
            // A course without a pre-test starts at its first module for a signed-in learner too.
            let plain = String(buffer: try await browser.get(client, "/kursus/dasar").body)
            #expect(plain.contains(#"<a class="button" href="/kursus/dasar/satu">Mulai belajar</a>"#))

            // Once the pre-test has an attempt, "Mulai belajar" leads to module 1.
            let intro = try await browser.get(client, "/kursus/awal/kuis/pra")
            let token = try #require(Browser.csrf(in: intro))
            let started = try await browser.post(client, "/kursus/awal/kuis/pra/mulai", ["csrf": token])
            let location = try #require(started.headers[.location])
            let submitted = try await browser.post(client, location, pairs: [("csrf", token), ("aksi", "kumpulkan")])
            #expect(submitted.headers[.location] == location + "/hasil")
            let after = String(buffer: try await browser.get(client, "/kursus/awal").body)
            #expect(after.contains(toModule) && !after.contains(toPreTest))
            #expect(!after.contains("Kursus ini diawali pra-tes"))
        }
    }

    @Test func catalogueCardsShowASignedInLearnersStanding() async throws {
        let fixture = try SiteFixture()
        try fixture.writeCourse(folder: "lanjut", title: "Kursus Lanjut")
        let app = try await fixture.application()
        _ = try await fixture.addAccount(Self.budi, name: "Budi", unit: "Pemkab Sleman")
        _ = try await fixture.addAccount(Self.siti, name: "Siti", unit: "Pemkab Sleman")
        try await app.test(.router) { client in
            var budi = Browser()
            _ = try await budi.signIn(client, nip: Self.budi, password: "rahasia-123")
            _ = try await budi.get(client, "/kursus/dasar/satu")
            _ = try await budi.get(client, "/kursus/dasar/dua")  // both modules: `dasar` is completed
            var siti = Browser()
            _ = try await siti.signIn(client, nip: Self.siti, password: "rahasia-123")
            _ = try await siti.get(client, "/kursus/dasar/satu")  // one module of two

            let budiPage = String(buffer: try await budi.get(client, "/").body)
            #expect(Self.card(budiPage, course: "dasar").contains(#"<p class="standing done">Selesai</p>"#))
            #expect(!Self.card(budiPage, course: "dasar").contains("Sedang berjalan"))
            #expect(Self.card(budiPage, course: "lanjut").contains(#"<p class="standing">Belum dimulai</p>"#))
            let sitiPage = String(buffer: try await siti.get(client, "/").body)
            let sitiCard = Self.card(sitiPage, course: "dasar")
            #expect(sitiCard.contains("Sedang berjalan 50%") && sitiCard.contains(#"<progress max="100" value="50" aria-hidden="true">"#))
            #expect(!sitiCard.contains("Selesai"))
            #expect(Self.card(sitiPage, course: "lanjut").contains("Belum dimulai"))
            // A search shows the same cards, with the same standing.
            let search = String(buffer: try await siti.get(client, "/?q=dasar").body)
            #expect(Self.card(search, course: "dasar").contains("Sedang berjalan 50%"))
            let english = String(buffer: try await budi.get(client, "/?lang=en").body)
            #expect(Self.card(english, course: "dasar").contains("Completed") && Self.card(english, course: "lanjut").contains("Not started"))

            // Anyone not signed in gets the catalogue every visitor gets, cached, with nobody's standing.
            for uri in ["/", "/?q=kursus"] {
                let anonymous = try await client.execute(uri: uri, method: .get)
                let html = String(buffer: anonymous.body)
                #expect(html.contains(">Kursus Dasar<") && html.contains(">Kursus Lanjut<"), "\(uri)")
                #expect(!html.contains(#"class="standing"#) && !html.contains("Belum dimulai") && !html.contains("Sedang berjalan"), "\(uri)")
                #expect(!Self.card(html, course: "dasar").contains("Selesai"), "\(uri)")
                #expect(anonymous.headers[.cacheControl] != "private, no-store", "\(uri)")
            }
        }
    }
}
