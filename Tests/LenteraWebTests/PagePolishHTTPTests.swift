import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdBcrypt
import HummingbirdTesting
import LenteraCore
import LenteraStore
import NIOCore
import Testing

@testable import LenteraWeb

/// "Learners on weak links", the polish: a certificate that prints on one landscape A4 sheet, meta lines without
/// "· ·", times on `/status` as the other pages write them, a quiz's time in minutes without JavaScript, the feedback
/// button styled, and the progress of a module completed by time answered to each heartbeat.
@Suite struct PagePolishHTTPTests {
    static let budi = "198503152010011001"
    static let siti = "199001012015032002"

    /// The stylesheet a page links to, as the server sends it.
    static func stylesheet(of page: String, _ client: some TestClientProtocol) async throws -> String {
        let start = try #require(page.range(of: "/aset/"))
        let end = try #require(page[start.lowerBound...].range(of: "style.css"))
        return String(buffer: try await client.execute(uri: String(page[start.lowerBound..<end.upperBound]), method: .get).body)
    }

    @Test func theCertificateHasAPrintButtonAndPrintsOnOneLandscapeSheet() async throws {
        let fixture = try SiteFixture()
        // The stylesheet built into the binary, not the fixture's stand-in.
        let app = try await fixture.application { $0.publicDirectory = nil }
        let budi = try await fixture.addAccount(Self.budi, name: "Budi Santoso", unit: "Pemkab Sleman")

        try await app.test(.router) { client in
            var browser = Browser()
            _ = try await browser.signIn(client, nip: Self.budi, password: "rahasia-123")
            _ = try await browser.get(client, "/kursus/dasar/satu")
            _ = try await browser.get(client, "/kursus/dasar/dua")
            let store = try await fixture.openStore()
            let number = try #require(try await store.entries(accountID: budi.id).first?.certificateNumber)

            let page = String(buffer: try await browser.get(client, "/sertifikat/\(number)").body)
            // Hidden until lentera.js shows it and wires it to window.print(); without JavaScript the browser's Print works.
            #expect(page.contains(#"<p class="certificate-actions no-print"><button type="button" data-print hidden>Cetak</button> "#))
            #expect(page.contains(#"<div class="qr-box"><svg"#) && page.contains("<strong>\(number)</strong>"))
            let css = try await Self.stylesheet(of: page, client)
            #expect(css.contains("@page certificate{size:A4 landscape;"))
            #expect(css.contains(".certificate{page:certificate;"))
            #expect(css.contains("@media print{.no-print{display:none}"))
            #expect(css.contains("@media print{header.site,.breadcrumb,.toc,.pager,footer.site,.skip{display:none}"))
            let english = String(buffer: try await browser.get(client, "/sertifikat/\(number)?lang=en").body)
            #expect(english.contains(#"<button type="button" data-print hidden>Print</button>"#))
        }
    }

    @Test func theHomeMetaLineLeavesOutAnEmptyPosition() async throws {
        let fixture = try SiteFixture()
        let app = try await fixture.application()
        _ = try await fixture.addAccount(Self.budi, name: "Budi", unit: "Pemkab Sleman")
        let store = try await fixture.openStore()
        _ = try await store.createAccount(
            NewAccount(nip: try NIP(validating: Self.siti), name: "Siti", unit: UnitPath(parsing: "Pemkab Sleman")!, position: "Analis SDM",
                       status: .pppk, passwordHash: Bcrypt.hash("rahasia-123", cost: 4), mustChangePassword: false)
        )

        try await app.test(.router) { client in
            var budi = Browser()
            _ = try await budi.signIn(client, nip: Self.budi, password: "rahasia-123")
            let withoutPosition = String(buffer: try await budi.get(client, "/beranda").body)
            #expect(withoutPosition.contains(#"<p class="meta">Pemkab Sleman · PNS</p>"#))
            #expect(!withoutPosition.contains("· ·") && !withoutPosition.contains("·  ·"))
            var siti = Browser()
            _ = try await siti.signIn(client, nip: Self.siti, password: "rahasia-123")
            let withPosition = String(buffer: try await siti.get(client, "/beranda").body)
            #expect(withPosition.contains(#"<p class="meta">Pemkab Sleman · Analis SDM · PPPK</p>"#))
        }
    }

    @Test func metaLinesJoinOnlyThePartsThatHaveSomething() {
        #expect(PageRenderer.metaLine(["Pemkab Sleman", "", "PNS"]) == "Pemkab Sleman · PNS")
        #expect(PageRenderer.metaLine(["Pemkab Sleman", "  ", nil, "PNS"]) == "Pemkab Sleman · PNS")
        #expect(PageRenderer.metaLine(["", nil]) == nil)
    }

    @Test func theStatusPageWritesTimesAsTheOtherPagesDo() async throws {
        let fixture = try SiteFixture()
        let app = try await fixture.application()
        let author = try await fixture.sessionCookie(role: .author)
        let store = try await fixture.openStore()
        let t0 = Date(timeIntervalSince1970: 1_800_000_000)  // 2027-01-15 08:00 UTC, 15:00 WIB
        try await store.saveSyncStatus(SyncStatus(
            kind: .push, upstream: "https://pusat.example", node: "node-b/4242/0badcafe", attemptedAt: t0, succeededAt: t0, outcome: .succeeded,
            message: nil, sent: 3
        ))

        try await app.test(.router) { client in
            let page = String(buffer: try await client.execute(uri: "/status", method: .get, headers: [.cookie: author]).body)
            #expect(page.contains(#"<time datetime="2027-01-15T08:00:00Z">15 Januari 2027 15:00 WIB</time>"#))
            // When the folders were checked: today, in words, in WIB.
            let checked = try #require(page.components(separatedBy: "Diperiksa: <time datetime=\"").dropFirst().first)
            let shown = String(checked.drop(while: { $0 != ">" }).dropFirst().prefix(while: { $0 != "<" }))
            #expect(shown.hasSuffix(" WIB") && shown.contains(" \(JPLedger.year(of: Date())) "))
            let months = ["Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September", "Oktober", "November", "Desember"]
            let namesAMonth = months.contains { shown.contains($0) }
            #expect(namesAMonth, "\(shown)")
            // ISO 8601 only where machines read it, in the datetime attributes; never as text.
            let text = page.replacingOccurrences(of: #"datetime="[^"]*""#, with: "", options: .regularExpression)
            #expect(text.range(of: #"\d{4}-\d\d-\d\dT\d\d:\d\d"#, options: .regularExpression) == nil)

            let english = String(buffer: try await client.execute(uri: "/status?lang=en", method: .get, headers: [.cookie: author]).body)
            #expect(english.contains(#"<time datetime="2027-01-15T08:00:00Z">15 January 2027 15:00 WIB</time>"#))
        }
    }

    @Test func timeIsShownInMinutesAndSeconds() {
        #expect(Text.Quiz.minutesAndSeconds(1799, .indonesian) == "29 menit 59 detik")
        #expect(Text.Quiz.minutesAndSeconds(1799, .english) == "29 min 59 s")
        #expect(Text.Quiz.minutesAndSeconds(1800, .indonesian) == "30 menit")
        #expect(Text.Quiz.minutesAndSeconds(90, .indonesian) == "1 menit 30 detik")
        #expect(Text.Quiz.minutesAndSeconds(45, .english) == "45 s")
        #expect(Text.Quiz.minutesAndSeconds(0, .indonesian) == "0 detik")
    }

    @Test func aQuizWithATimeLimitShowsMinutesWithoutJavaScript() async throws {
        let fixture = try SiteFixture()
        try fixture.writeQuizCourse(attributes: #"attempts="2" passing-score="60" time-limit="30""#)
        let app = try await fixture.application()
        _ = try await fixture.addAccount(Self.budi, name: "Budi", unit: "Pemkab Sleman")

        try await app.test(.router) { client in
            var browser = Browser()
            _ = try await browser.signIn(client, nip: Self.budi, password: "rahasia-123")
            let intro = String(buffer: try await browser.get(client, "/kursus/ujian/kuis/akhir").body)
            #expect(intro.contains("<dd>30 menit</dd>"))
            let (location, _, attempt) = try await QuizHTTPTests.startAttempt(&browser, client)
            let page = String(buffer: attempt.body)
            // The time left as the page is sent; lentera.js counts down from data-remaining where it runs.
            let shown = try #require(page.components(separatedBy: "<strong data-sisa>").dropFirst().first?.prefix { $0 != "<" })
            #expect(shown == "30 menit" || shown.hasPrefix("29 menit 5"), "\(shown)")
            #expect(!page.contains(" s</strong>") && page.contains(#"data-remaining=""#))
            let english = String(buffer: try await browser.get(client, location + "?lang=en").body)
            let shownInEnglish = try #require(english.components(separatedBy: "<strong data-sisa>").dropFirst().first?.prefix { $0 != "<" })
            #expect(shownInEnglish == "30 min" || shownInEnglish.hasPrefix("29 min 5"), "\(shownInEnglish)")
            #expect(String(buffer: try await browser.get(client, "/kursus/ujian/kuis/akhir?lang=en").body).contains("<dd>30 min</dd>"))
        }
    }

    @Test func theFeedbackButtonLooksLikeTheSitesButtons() async throws {
        let fixture = try SiteFixture()
        let app = try await fixture.application { $0.publicDirectory = nil }
        _ = try await fixture.addAccount(Self.budi, name: "Budi", unit: "Pemkab Sleman")

        try await app.test(.router) { client in
            var browser = Browser()
            _ = try await browser.signIn(client, nip: Self.budi, password: "rahasia-123")
            let module = String(buffer: try await browser.get(client, "/kursus/dasar/satu").body)
            #expect(module.contains(#"<button type="submit" class="button">Kirim umpan balik</button>"#))
            let css = try await Self.stylesheet(of: module, client)
            #expect(css.contains("button.button{font:inherit;font-weight:600;border:1px solid var(--brand)"))
            #expect(css.contains(".search button,.button{background:var(--brand);color:var(--brand-ink)"))
        }
    }

    @Test func aHeartbeatAnswersTheProgressOfAModuleCompletedByTime() async throws {
        let fixture = try SiteFixture()
        try fixture.write(
            "courses/dasar/course.xml",
            """
            <course jp="1"><title>Kursus Dasar</title>
            <module id="satu" href="satu.md" completion="time" minutes="1"/>
            <module id="dua" href="dua.md"/>
            </course>
            """
        )
        let app = try await fixture.application()
        let budi = try await fixture.addAccount(Self.budi, name: "Budi", unit: "Pemkab Sleman")
        let store = try await fixture.openStore()

        try await app.test(.router) { client in
            var browser = Browser()
            _ = try await browser.signIn(client, nip: Self.budi, password: "rahasia-123")
            let first = try await browser.get(client, "/kursus/dasar/satu")
            let html = String(buffer: first.body)
            #expect(html.contains("Kemajuan: 0%") && html.contains(#"data-selesai="Modul ini sudah selesai.""#))
            let sessionID = String(try #require(html.components(separatedBy: #"data-sesi=""#).dropFirst().first?.prefix { $0 != "\"" }))
            let csrf = try #require(Browser.csrf(in: first))
            let json: HTTPFields = [.accept: "application/json"]
            // 45 of the module's 60 seconds pass: written with a later clock, as a test cannot wait for them.
            let rule: @Sendable (String, String) -> CompletionRule = { _, _ in .timeSpent(minutes: 1) }
            _ = try await store.recordHeartbeat(sessionID: sessionID, accountID: budi.id, sequence: 1, at: Date() + 45, rule: rule)

            let second = try await browser.post(client, "/api/detak", pairs: [("sesi", sessionID), ("urutan", "2"), ("csrf", csrf)], headers: json)
            #expect(second.status == .ok && second.headers[.contentType] == "application/json")
            let partway = try JSONDecoder().decode(HeartbeatProgress.self, from: Data(buffer: second.body))
            // At least 45 of 60 s: the seconds between the page view and `Date()` above count too (more on a busy machine).
            #expect((75..<100).contains(partway.percent) && !partway.complete)

            // The rest of the minute passes: the next heartbeat answers the module complete.
            _ = try await store.recordHeartbeat(sessionID: sessionID, accountID: budi.id, sequence: 3, at: Date() + 90, rule: rule)
            let fourth = try await browser.post(client, "/api/detak", pairs: [("sesi", sessionID), ("urutan", "4"), ("csrf", csrf)], headers: json)
            let done = try JSONDecoder().decode(HeartbeatProgress.self, from: Data(buffer: fourth.body))
            #expect(done.percent == 100 && done.complete)
            // What the page shows after a reload, the heartbeat said before it.
            let reloaded = String(buffer: try await browser.get(client, "/kursus/dasar/satu").body)
            #expect(reloaded.contains("Kemajuan: 100%") && !reloaded.contains("data-selesai="))

            // A beacon (sent as the page closes) asks for nothing and gets nothing.
            let beacon = try await browser.post(client, "/api/detak", ["sesi": sessionID, "urutan": "5", "csrf": csrf])
            #expect(beacon.status == .noContent)
        }
    }
}
