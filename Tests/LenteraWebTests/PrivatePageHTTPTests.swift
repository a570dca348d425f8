import CompressNIO
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import LenteraCore
import NIOCore
import Testing

@testable import LenteraWeb

/// Signed-in pages that stay the same until progress changes: private, revalidated by ETag, gzipped (``PrivatePage``).
@Suite struct PrivatePageHTTPTests {
    static let budi = "198503152010011001"
    static let siti = "199001012015032002"
    static let module = "/kursus/dasar/dua"

    /// The course `dasar` with a second module the learner marks done.
    static func fixture() throws -> SiteFixture {
        let fixture = try SiteFixture()
        try fixture.write(
            "courses/dasar/course.xml",
            """
            <course jp="2"><title>Kursus Dasar</title>
            <module id="satu" href="satu.md"/>
            <module id="dua" href="dua.md" completion="marked"/>
            </course>
            """
        )
        return fixture
    }

    /// A gzipped answer's page (zlib checks its CRC and length).
    static func inflated(_ response: TestResponse) throws -> String {
        var body = response.body
        return String(buffer: try body.decompress(with: .gzip()))
    }

    /// The value of a `data-` attribute of the progress panel.
    static func panel(_ attribute: String, in html: String) -> String? {
        html.components(separatedBy: "data-\(attribute)=\"").dropFirst().first.map { rest in String(rest.prefix { $0 != "\"" }) }
    }

    @Test func aSignedInModulePageIsGzippedPrivateAndAnswers304() async throws {
        let fixture = try Self.fixture()
        let app = try await fixture.application()
        _ = try await fixture.addAccount(Self.budi, name: "Budi", unit: "Pemkab Sleman")

        try await app.test(.router) { client in
            var browser = Browser()
            _ = try await browser.signIn(client, nip: Self.budi, password: "rahasia-123")
            _ = try await browser.get(client, Self.module)  // the first view opens the visit; the next ones continue it
            let plain = try await browser.get(client, Self.module)
            let gzipped = try await browser.get(client, Self.module, headers: [.acceptEncoding: "gzip, deflate, br"])

            #expect(plain.status == .ok)
            #expect(plain.headers[.contentEncoding] == nil)
            #expect(gzipped.headers[.contentEncoding] == "gzip")
            let html = try Self.inflated(gzipped)
            #expect(html == String(buffer: plain.body))
            #expect(html.contains("Kemajuan: 0%") && html.contains("Tandai selesai") && html.contains("Keluar"))  // the person's part
            #expect(gzipped.body.readableBytes < plain.body.readableBytes)
            for response in [plain, gzipped] {
                #expect(response.headers[.cacheControl] == "private, no-cache")
                #expect(response.headers[.vary]?.contains("Cookie") == true)
                #expect(response.headers[.vary]?.contains("Accept-Encoding") == true)
                #expect(response.headers[.lastModified] == nil)
            }
            let etag = try #require(gzipped.headers[.eTag])
            let plainETag = try #require(plain.headers[.eTag])
            #expect(etag.hasPrefix("\"") && !etag.hasPrefix("W/") && etag != plainETag)

            for value in [etag, plainETag, "\"other\", W/\(etag)"] {
                let again = try await browser.get(client, Self.module, headers: [.acceptEncoding: "gzip", .ifNoneMatch: value])
                #expect(again.status == .notModified, "If-None-Match: \(value)")
                #expect(again.body.readableBytes == 0)
                #expect(again.headers[.eTag] == etag)
                #expect(again.headers[.cacheControl] == "private, no-cache")
            }
            // The anonymous page's validators never stand for the signed-in page.
            let anonymous = try await client.execute(uri: Self.module, method: .get)
            let lastModified = try #require(anonymous.headers[.lastModified])
            let anonymousETag = try #require(anonymous.headers[.eTag])
            #expect(try await browser.get(client, Self.module, headers: [.ifModifiedSince: lastModified]).status == .ok)
            #expect(try await browser.get(client, Self.module, headers: [.ifNoneMatch: anonymousETag]).status == .ok)
        }
    }

    @Test func theETagChangesWhenTheLearnersProgressChanges() async throws {
        let fixture = try Self.fixture()
        let app = try await fixture.application()
        _ = try await fixture.addAccount(Self.budi, name: "Budi", unit: "Pemkab Sleman")

        try await app.test(.router) { client in
            var browser = Browser()
            _ = try await browser.signIn(client, nip: Self.budi, password: "rahasia-123")
            let first = try await browser.get(client, Self.module, headers: [.acceptEncoding: "gzip"])
            let etag = try #require(first.headers[.eTag])
            let page = try Self.inflated(first)
            let unchanged = try await browser.get(client, Self.module, headers: [.acceptEncoding: "gzip", .ifNoneMatch: etag])
            #expect(unchanged.status == .notModified)

            // A heartbeat moves the visit's sequence number, which the page hands to the next heartbeats.
            let visit = try #require(Self.panel("sesi", in: page))
            let csrf = try #require(Self.panel("csrf", in: page))
            #expect(try await browser.post(client, "/api/detak", ["sesi": visit, "urutan": "1", "csrf": csrf]).status == .noContent)
            let afterBeat = try await browser.get(client, Self.module, headers: [.acceptEncoding: "gzip", .ifNoneMatch: etag])
            #expect(afterBeat.status == .ok)
            let beatETag = try #require(afterBeat.headers[.eTag])
            #expect(beatETag != etag)
            let beatPage = try Self.inflated(afterBeat)
            #expect(Self.panel("urutan", in: beatPage) == "1")

            // Marking the module done changes it again.
            #expect(try await browser.post(client, Self.module + "/selesai", ["csrf": csrf]).status == .seeOther)
            let done = try await browser.get(client, Self.module, headers: [.acceptEncoding: "gzip", .ifNoneMatch: beatETag])
            #expect(done.status == .ok)
            #expect(done.headers[.eTag] != beatETag)
            #expect(try Self.inflated(done).contains("Kemajuan: 100%"))
        }
    }

    @Test func anotherLearnersOrAnotherSessionsCopyNeverValidates() async throws {
        let fixture = try Self.fixture()
        let app = try await fixture.application()
        _ = try await fixture.addAccount(Self.budi, name: "Budi", unit: "Pemkab Sleman")
        _ = try await fixture.addAccount(Self.siti, name: "Siti", unit: "Pemkab Sleman")

        try await app.test(.router) { client in
            var budi = Browser()
            _ = try await budi.signIn(client, nip: Self.budi, password: "rahasia-123")
            var siti = Browser()
            _ = try await siti.signIn(client, nip: Self.siti, password: "rahasia-123")
            // The course page: the same progress (none) for both, and still not the same page.
            let budiPage = try await budi.get(client, "/kursus/dasar", headers: [.acceptEncoding: "gzip"])
            let sitiPage = try await siti.get(client, "/kursus/dasar", headers: [.acceptEncoding: "gzip"])
            let budiETag = try #require(budiPage.headers[.eTag])
            #expect(budiPage.headers[.cacheControl] == "private, no-cache")
            #expect(try Self.inflated(budiPage).contains("Kemajuan kursus: 0%"))
            #expect(sitiPage.headers[.eTag] != budiETag)
            let borrowed = try await siti.get(client, "/kursus/dasar", headers: [.acceptEncoding: "gzip", .ifNoneMatch: budiETag])
            #expect(borrowed.status == .ok)

            // Budi signed in on a second browser: that session's page is another copy.
            var second = Browser()
            _ = try await second.signIn(client, nip: Self.budi, password: "rahasia-123")
            let other = try await second.get(client, "/kursus/dasar", headers: [.acceptEncoding: "gzip", .ifNoneMatch: budiETag])
            #expect(other.status == .ok)
            #expect(other.headers[.eTag] != budiETag)
            #expect(try await budi.get(client, "/kursus/dasar", headers: [.acceptEncoding: "gzip", .ifNoneMatch: budiETag]).status == .notModified)
        }
    }

    @Test func theHomePageIsGzippedButNeverStored() async throws {
        let fixture = try Self.fixture()
        let app = try await fixture.application()
        _ = try await fixture.addAccount(Self.budi, name: "Budi", unit: "Pemkab Sleman")

        try await app.test(.router) { client in
            var browser = Browser()
            _ = try await browser.signIn(client, nip: Self.budi, password: "rahasia-123")
            let plain = try await browser.get(client, "/beranda")
            #expect(plain.headers[.contentEncoding] == nil)
            let gzipped = try await browser.get(client, "/beranda", headers: [.acceptEncoding: "gzip"])
            #expect(gzipped.headers[.contentEncoding] == "gzip")
            #expect(try Self.inflated(gzipped) == String(buffer: plain.body))
            // Back after signing out, on a browser that ignores Clear-Site-Data, finds no copy of it.
            #expect(gzipped.headers[.cacheControl] == "private, no-store")
            #expect(gzipped.headers[.eTag] == nil)
            #expect(gzipped.headers[.vary]?.contains("Cookie") == true)

            _ = try await browser.get(client, "/kursus/dasar/satu")  // a course in progress, a module to continue with
            let changed = try await browser.get(client, "/beranda", headers: [.acceptEncoding: "gzip"])
            #expect(try Self.inflated(changed).contains(#"href="/kursus/dasar/dua""#))
        }
    }

    @Test func pagesWithSecretsOrWithWhatTheRequestSentAreNeverStoredNorCompressed() async throws {
        let fixture = try Self.fixture()
        let app = try await fixture.application()
        _ = try await fixture.addAccount("199202022015031004", name: "Operator Sleman", unit: "Pemkab Sleman", role: .operator)
        let dewi = try await fixture.addAccount(Self.siti, name: "Dewi", unit: "Pemkab Sleman > BKPSDM")

        try await app.test(.router) { client in
            func expectNotStored(_ response: TestResponse, _ what: String) {
                #expect(response.headers[.cacheControl] == "private, no-store", "\(what)")
                #expect(response.headers[.contentEncoding] == nil, "\(what)")
                #expect(response.headers[.eTag] == nil, "\(what)")
            }
            var browser = Browser()
            let signInForm = try await browser.get(client, "/masuk?kembali=%2Fberanda", headers: [.acceptEncoding: "gzip"])
            expectNotStored(signInForm, "the sign-in form")
            _ = try await browser.signIn(client, nip: "199202022015031004", password: "rahasia-123")
            for uri in ["/sandi", "/?q=dasar", "/operator/pengguna"] {
                let page = try await browser.get(client, uri, headers: [.acceptEncoding: "gzip"])
                #expect(page.status == .ok, "\(uri)")
                expectNotStored(page, uri)
            }

            // A new temporary password, shown once.
            let csrf = try #require(Browser.csrf(in: try await browser.get(client, "/operator/pengguna")))
            let reset = try await client.execute(
                uri: "/operator/pengguna/\(dewi.id)/setel-ulang", method: .post,
                headers: [.cookie: browser.cookieHeader, .contentType: "application/x-www-form-urlencoded", .acceptEncoding: "gzip"],
                body: ByteBuffer(string: "csrf=\(csrf)")
            )
            #expect(String(buffer: reset.body).contains("Kata sandi sementara untuk Dewi"))
            expectNotStored(reset, "a password reset")

            // Signing out asks the browser to drop the signed-in pages it kept.
            let out = try await browser.post(client, "/keluar", ["csrf": csrf])
            #expect(out.status == .seeOther)
            #expect(out.headers[.clearSiteData] == #""cache", "storage""#)
        }
    }
}
