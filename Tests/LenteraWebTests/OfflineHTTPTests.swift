import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import LenteraCore
import LenteraStore
import NIOCore
import Testing

@testable import LenteraWeb

/// Offline reading (issue 12): the manifest and service worker, the list of what a device keeps of a course, saving that
/// is no visit, and signing out that leaves nothing behind. The service worker and lentera.js themselves run in
/// Tests/browser/test_browser.py.
@Suite struct OfflineHTTPTests {
    static let budi = "198503152010011001"
    static let siti = "199001012015032002"

    @Test func everyPageLinksTheManifestAndTheWorkerIsServedFromTheRoot() async throws {
        let fixture = try SiteFixture()
        let app = try await fixture.application()

        try await app.test(.router) { client in
            for uri in ["/", "/kursus/dasar", "/kursus/dasar/satu", "/masuk", "/tidak-ada"] {
                let html = String(buffer: try await client.execute(uri: uri, method: .get).body)
                #expect(html.contains(#"<link rel="manifest" href="/manifest.webmanifest">"#), "\(uri)")
            }
            let manifest = try await client.execute(uri: "/manifest.webmanifest", method: .get)
            #expect(manifest.status == .ok)
            #expect(manifest.headers[.contentType] == "application/manifest+json")
            let fields = try #require(try JSONSerialization.jsonObject(with: Data(buffer: manifest.body)) as? [String: Any])
            #expect(fields["name"] as? String == "Lentera")
            #expect(fields["start_url"] as? String == "/beranda")
            #expect(fields["display"] as? String == "standalone")
            #expect(fields["theme_color"] as? String == "#0b5d4b")
            let icon = try #require((fields["icons"] as? [[String: Any]])?.first?["src"] as? String)
            #expect(icon.hasPrefix("/aset/"))
            #expect(try await client.execute(uri: icon, method: .get).headers[.contentType] == "image/svg+xml")

            // At the root, so that its scope is the whole site; revalidated, so that a new version reaches browsers.
            let worker = try await client.execute(uri: "/sw.js", method: .get)
            #expect(worker.status == .ok)
            #expect(worker.headers[.contentType] == "text/javascript; charset=utf-8")
            #expect(worker.headers[.cacheControl] == "no-cache")
            #expect(String(buffer: worker.body).contains("lentera-course-"))
            let etag = try #require(worker.headers[.eTag])
            #expect(try await client.execute(uri: "/sw.js", method: .get, headers: [.ifNoneMatch: etag]).status == .notModified)
        }
    }

    @Test func theListNamesWhatTheCourseNeedsWithSizesForASignedInLearnerOnly() async throws {
        let fixture = try SiteFixture()
        let app = try await fixture.application()
        _ = try await fixture.addAccount(Self.budi, name: "Budi", unit: "Pemkab Sleman")

        try await app.test(.router) { client in
            #expect(try await client.execute(uri: "/api/luring/dasar", method: .get).status == .unauthorized)
            var browser = Browser()
            _ = try await browser.signIn(client, nip: Self.budi, password: "rahasia-123")
            let answer = try await browser.get(client, "/api/luring/dasar")
            #expect(answer.status == .ok)
            #expect(answer.headers[.cacheControl] == "private, no-store")
            let list = try JSONDecoder().decode(OfflineList.self, from: Data(buffer: answer.body))
            let urls = list.files.map(\.url)
            // The course page, its modules in order, the image a module shows, then the stylesheet, script and icon.
            #expect(Array(urls.prefix(4)) == ["/kursus/dasar", "/kursus/dasar/satu", "/kursus/dasar/dua", "/berkas/dasar/gambar.png"])
            #expect(urls.filter { $0.hasPrefix("/aset/") }.count == 3)
            #expect(urls.count == 7)
            // Not what no page shows: the note beside the course, the Markdown sources, course.xml.
            #expect(!urls.contains { $0.contains("catatan.txt") || $0.hasSuffix(".md") || $0.hasSuffix("course.xml") })
            #expect(list.files.first { $0.url == "/berkas/dasar/gambar.png" }?.size == 200)
            #expect(list.files.allSatisfy { $0.size > 0 })
            #expect(list.size == list.files.reduce(0) { $0 + $1.size })
            #expect(list.course == "dasar" && list.title == "Kursus Dasar")
            // Every address listed answers, so that a copy can be made of all of it.
            for url in urls {
                #expect(try await browser.get(client, url).status == .ok, "\(url)")
            }
            #expect(try await browser.get(client, "/api/luring/tidak-ada").status == .notFound)
        }
    }

    @Test func aModuleSavedForOfflineReadingIsNoVisitAndKeepsItsMarkDoneForm() async throws {
        let fixture = try SiteFixture()
        try fixture.write(
            "courses/dasar/course.xml",
            """
            <course jp="1"><title>Kursus Dasar</title>
            <module id="satu" href="satu.md"/>
            <module id="dua" href="dua.md" completion="marked"/>
            </course>
            """
        )
        let app = try await fixture.application()
        let budi = try await fixture.addAccount(Self.budi, name: "Budi", unit: "Pemkab Sleman")

        try await app.test(.router) { client in
            var browser = Browser()
            _ = try await browser.signIn(client, nip: Self.budi, password: "rahasia-123")
            let saving: HTTPFields = [OfflineFiles.savingHeader: "1"]
            let first = String(buffer: try await browser.get(client, "/kursus/dasar/satu", headers: saving).body)
            let second = String(buffer: try await browser.get(client, "/kursus/dasar/dua", headers: saving).body)
            // No visit, so no heartbeats from the copy; the learner's progress as it stands, and the form to mark done.
            #expect(first.contains(#"data-sesi="""#))
            #expect(first.contains("Kemajuan: 0%"))
            #expect(second.contains(">Tandai selesai<"))
            #expect(second.contains(#"data-antre="Luring: akan dikirim saat tersambung.""#))
            let store = try await fixture.openStore()
            // Saving completes nothing: a module completed by being viewed is not viewed by being saved.
            #expect(try await store.summaries(accountID: budi.id, courseID: "dasar").isEmpty)
            #expect(try await store.entries(accountID: budi.id).isEmpty)

            let visited = String(buffer: try await browser.get(client, "/kursus/dasar/satu").body)
            #expect(!visited.contains(#"data-sesi="""#))
            #expect(visited.contains("Kemajuan: 100%"))
            #expect(try await store.summaries(accountID: budi.id, courseID: "dasar")["satu"]?.isComplete == true)
        }
    }

    @Test func theCoursePageOffersSavingToASignedInLearnerAndSigningOutClearsTheDevice() async throws {
        let fixture = try SiteFixture()
        let app = try await fixture.application()
        let budi = try await fixture.addAccount(Self.budi, name: "Budi", unit: "Pemkab Sleman")
        _ = try await fixture.addAccount(Self.siti, name: "Siti", unit: "Pemkab Sleman", mustChange: true)

        try await app.test(.router) { client in
            let anonymous = String(buffer: try await client.execute(uri: "/kursus/dasar", method: .get).body)
            #expect(!anonymous.contains("data-luring"))
            #expect(try await client.execute(uri: "/api/sesi", method: .get).status == .unauthorized)

            var browser = Browser()
            _ = try await browser.signIn(client, nip: Self.budi, password: "rahasia-123")
            let page = String(buffer: try await browser.get(client, "/kursus/dasar").body)
            // Hidden until lentera.js finds that service workers run; the size is the list's.
            #expect(page.contains(#"data-luring="/api/luring/dasar" data-kursus="dasar""#))
            #expect(page.contains(#"aria-label="Baca tanpa sambungan" hidden>"#))
            #expect(page.contains(">Simpan untuk dibaca luring<"))
            let list = try JSONDecoder().decode(OfflineList.self, from: Data(buffer: try await browser.get(client, "/api/luring/dasar").body))
            #expect(page.contains("<span data-ukuran>\(Text.Offline.size(list.size, .indonesian))</span>"))
            #expect(page.contains(#"action="/keluar" data-akun="\#(budi.id)""#))

            // What was recorded offline is sent with the token of the session open now, under the account that recorded it.
            let session = try JSONDecoder().decode(OfflineSession.self, from: Data(buffer: try await browser.get(client, "/api/sesi").body))
            #expect(session.account == String(budi.id))
            #expect(session.csrf == Browser.csrf(in: try await browser.get(client, "/beranda")))

            let out = try await browser.post(client, "/keluar", ["csrf": session.csrf])
            #expect(out.status == .seeOther)
            #expect(out.headers[.clearSiteData] == #""cache", "storage""#)

            // Someone who must change an operator-issued password first still gets the worker and the manifest.
            var siti = Browser()
            _ = try await siti.signIn(client, nip: Self.siti, password: "rahasia-123")
            #expect(try await siti.get(client, "/beranda").status == .seeOther)
            #expect(try await siti.get(client, "/sw.js").status == .ok)
            #expect(try await siti.get(client, "/manifest.webmanifest").status == .ok)
        }
    }

    /// The worker puts the server's security policies on every answer from a kept copy: its copies of them are the
    /// server's, letter for letter, so a policy changed in one place cannot be left weaker in the other.
    @Test func theWorkerAnswersKeptCopiesWithTheServersPolicies() {
        let worker = String(decoding: PackageResources.sw_js, as: UTF8.self)
        /// The text of `var NAME = "…" + "…";`: the string literals up to the statement's end, joined.
        func policy(_ name: String) -> String? {
            guard let start = worker.range(of: "var \(name) = ") else { return nil }
            let statement = worker[start.upperBound...].components(separatedBy: "\";")[0] + "\""
            return statement.components(separatedBy: "\"").enumerated().filter { $0.offset % 2 == 1 }.map(\.element).joined()
        }
        #expect(policy("PAGE_POLICY") == SecurityHeaders.pagePolicy)
        #expect(policy("FILE_POLICY") == SecurityHeaders.courseFilePolicy)
    }

    @Test func sizesReadAsPeopleWriteThem() {
        #expect(Text.Offline.size(0, .indonesian) == "1 KB")
        #expect(Text.Offline.size(200, .english) == "1 KB")
        #expect(Text.Offline.size(850 * 1024, .indonesian) == "850 KB")
        #expect(Text.Offline.size(2_411_725, .indonesian) == "2,3 MB")
        #expect(Text.Offline.size(2_411_725, .english) == "2.3 MB")
    }
}
