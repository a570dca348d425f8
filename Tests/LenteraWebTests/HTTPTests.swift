import CompressNIO
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing

@testable import LenteraWeb

@Suite struct HTTPTests {
    @Test func pagesAnswerWithSecurityHeaders() async throws {
        let fixture = try SiteFixture()
        let app = try await fixture.application()

        try await app.test(.router) { client in
            for uri in ["/", "/kursus/dasar", "/kursus/dasar/satu", "/masuk", "/tidak-ada"] {
                try await client.execute(uri: uri, method: .get) { response in
                    let csp = try #require(response.headers[.contentSecurityPolicy], "\(uri)")
                    #expect(csp.contains("script-src 'self'"))
                    #expect(csp.contains("frame-ancestors 'none'"))
                    #expect(!csp.contains("unsafe-inline"))
                    #expect(response.headers[HTTPField.Name("X-Content-Type-Options")!] == "nosniff")
                    #expect(response.headers[HTTPField.Name("Referrer-Policy")!] != nil)
                    #expect(response.headers[.contentType] == "text/html; charset=utf-8")
                }
            }
        }
    }

    @Test func modulePageHasBreadcrumbTableOfContentsAndNavigation() async throws {
        let fixture = try SiteFixture()
        let app = try await fixture.application()

        try await app.test(.router) { client in
            try await client.execute(uri: "/kursus/dasar/satu", method: .get) { response in
                let html = String(buffer: response.body)
                #expect(response.status == .ok)
                #expect(html.contains(#"<h1 id="modul-satu">Modul Satu</h1>"#))
                #expect(html.contains(##"<a href="#bagian-a">Bagian A</a>"##))
                #expect(html.contains(#"aria-label="Navigasi remah roti""#))
                #expect(html.contains(#"<a href="/kursus/dasar">Kursus Dasar</a>"#))
                #expect(html.contains(#"rel="next" href="/kursus/dasar/dua""#))
                #expect(!html.contains(#"rel="prev""#))  // the first module leads back to the course instead
                #expect(html.contains(#"<span aria-current="page">Modul Satu</span>"#))
                #expect(!html.contains(#"href="""#))
                #expect(html.contains(#"src="/berkas/dasar/gambar.png""#))
                // The only script is the site's own heartbeat file; nothing inline.
                #expect(html.components(separatedBy: "<script").count == html.components(separatedBy: #"<script src="/aset/"#).count)
            }
            try await client.execute(uri: "/kursus/dasar/dua", method: .get) { response in
                let html = String(buffer: response.body)
                #expect(html.contains(#"rel="prev" href="/kursus/dasar/satu""#))
                #expect(html.contains(#"<a href="/kursus/dasar/satu">kembali</a>"#))
            }
            try await client.execute(uri: "/kursus/dasar", method: .get) { response in
                let html = String(buffer: response.body)
                #expect(html.contains("Bagian"))
                #expect(html.contains(#"<a href="/kursus/dasar/satu">Modul Satu</a>"#))
                #expect(html.contains("2 JP") || html.contains("<dd>2</dd>"))
            }
        }
    }

    @Test func conditionalRequestsAnswer304() async throws {
        let fixture = try SiteFixture()
        let app = try await fixture.application()

        try await app.test(.router) { client in
            for uri in ["/kursus/dasar/satu", "/berkas/dasar/gambar.png"] {
                let first = try await client.execute(uri: uri, method: .get)
                let etag = try #require(first.headers[.eTag])
                let lastModified = try #require(first.headers[.lastModified])
                #expect(etag.hasPrefix("\"") && !etag.hasPrefix("W/"))

                for value in [etag, "\"other\", \(etag)", "W/\(etag)", "*"] {
                    let again = try await client.execute(uri: uri, method: .get, headers: [.ifNoneMatch: value])
                    #expect(again.status == .notModified, "\(uri) If-None-Match: \(value)")
                    #expect(again.body.readableBytes == 0)
                    #expect(again.headers[.eTag] == etag)
                }
                let changed = try await client.execute(uri: uri, method: .get, headers: [.ifNoneMatch: "\"other\""])
                #expect(changed.status == .ok)
                let since = try await client.execute(uri: uri, method: .get, headers: [.ifModifiedSince: lastModified])
                #expect(since.status == .notModified)
                let old = try await client.execute(uri: uri, method: .get, headers: [.ifModifiedSince: "Mon, 01 Jan 2001 00:00:00 GMT"])
                #expect(old.status == .ok)
            }
        }
    }

    @Test func textIsGzippedWhenTheClientAcceptsIt() async throws {
        let fixture = try SiteFixture()
        let app = try await fixture.application()

        try await app.test(.router) { client in
            let plain = try await client.execute(uri: "/kursus/dasar/satu", method: .get)
            #expect(plain.headers[.contentEncoding] == nil)
            #expect(plain.headers[.vary]?.contains("Accept-Encoding") == true)

            let gzipped = try await client.execute(uri: "/kursus/dasar/satu", method: .get, headers: [.acceptEncoding: "br, gzip;q=0.8"])
            #expect(gzipped.headers[.contentEncoding] == "gzip")
            #expect(gzipped.headers[.eTag] != plain.headers[.eTag])
            var body = gzipped.body
            let inflated = try body.decompress(with: .gzip())
            #expect(inflated == plain.body)
            #expect(gzipped.body.readableBytes < plain.body.readableBytes)

            let refused = try await client.execute(uri: "/kursus/dasar/satu", method: .get, headers: [.acceptEncoding: "gzip;q=0"])
            #expect(refused.headers[.contentEncoding] == nil)

            let text = try await client.execute(uri: "/berkas/dasar/catatan.txt", method: .get, headers: [.acceptEncoding: "gzip"])
            #expect(text.headers[.contentEncoding] == "gzip")
            #expect(text.headers[.contentType] == "text/plain; charset=utf-8")
            let image = try await client.execute(uri: "/berkas/dasar/gambar.png", method: .get, headers: [.acceptEncoding: "gzip"])
            #expect(image.headers[.contentEncoding] == nil)
            #expect(image.headers[.contentType] == "image/png")
        }
    }

    @Test(arguments: [false, true]) func byteRanges(largeFile: Bool) async throws {
        let fixture = try SiteFixture()
        let size = largeFile ? 3 * 1024 * 1024 + 17 : 1000
        try fixture.write("courses/dasar/video.mp4", SiteFixture.pattern(size))
        let app = try await fixture.application()
        let expected = SiteFixture.pattern(size)

        try await app.test(.router) { client in
            let uri = "/berkas/dasar/video.mp4"
            let cases: [(String, Range<Int>)] = [
                ("bytes=0-9", 0..<10), ("bytes=100-", 100..<size), ("bytes=-4", (size - 4)..<size),
                ("bytes=\(size - 2)-\(size + 50)", (size - 2)..<size), ("bytes=-\(size * 2)", 0..<size),
            ]
            for (header, range) in cases {
                let response = try await client.execute(uri: uri, method: .get, headers: [.range: header])
                #expect(response.status == .partialContent, "\(header)")
                #expect(response.headers[.contentRange] == "bytes \(range.lowerBound)-\(range.upperBound - 1)/\(size)", "\(header)")
                #expect(Data(buffer: response.body) == expected.subdata(in: range), "\(header)")
                #expect(response.headers[.contentEncoding] == nil)
            }
            for header in ["bytes=\(size)-", "bytes=\(size + 10)-\(size + 20)", "bytes=-0"] {
                let response = try await client.execute(uri: uri, method: .get, headers: [.range: header])
                #expect(response.status == .rangeNotSatisfiable, "\(header)")
                #expect(response.headers[.contentRange] == "bytes */\(size)")
            }
            for header in ["bytes=0-1,5-6", "bytes=9-3", "items=0-5", "bytes=abc"] {
                let response = try await client.execute(uri: uri, method: .get, headers: [.range: header])
                #expect(response.status == .ok, "\(header)")
                #expect(response.body.readableBytes == size)
            }
            let full = try await client.execute(uri: uri, method: .get)
            #expect(full.headers[.acceptRanges] == "bytes")
            let etag = try #require(full.headers[.eTag])
            let matching = try await client.execute(uri: uri, method: .get, headers: [.range: "bytes=0-0", .ifRange: etag])
            #expect(matching.status == .partialContent)
            let stale = try await client.execute(uri: uri, method: .get, headers: [.range: "bytes=0-0", .ifRange: "\"old\""])
            #expect(stale.status == .ok)
        }
    }

    @Test func theInMemoryShortcutAnswersLikeTheRouter() async throws {
        let fixture = try SiteFixture()
        let app = try await fixture.application()

        try await app.test(.router) { client in
            // A query (or a percent-encoded path) sends the request through the router instead of the shortcut.
            for (direct, routed) in [("/kursus/dasar/satu", "/kursus/dasar/satu?x=1"), ("/berkas/dasar/gambar.png", "/berkas/dasar/gambar%2Epng")] {
                let a = try await client.execute(uri: direct, method: .get, headers: [.acceptEncoding: "gzip"])
                let b = try await client.execute(uri: routed, method: .get, headers: [.acceptEncoding: "gzip"])
                #expect(a.status == .ok && b.status == .ok)
                #expect(a.body == b.body, "\(direct)")
                for name in [HTTPField.Name.eTag, .contentType, .cacheControl, .contentSecurityPolicy, .contentEncoding, .vary] {
                    #expect(a.headers[name] == b.headers[name], "\(direct) \(name)")
                }
            }
        }
    }

    @Test func headAnswersWithoutABody() async throws {
        let fixture = try SiteFixture()
        let app = try await fixture.application()

        try await app.test(.router) { client in
            let get = try await client.execute(uri: "/kursus/dasar/satu", method: .get)
            let head = try await client.execute(uri: "/kursus/dasar/satu", method: .head)
            #expect(head.status == .ok)
            #expect(head.body.readableBytes == 0)
            #expect(head.headers[.contentLength] == String(get.body.readableBytes))
            #expect(head.headers[.eTag] == get.headers[.eTag])
        }
    }

    @Test func pathsThatEscapeTheirRootAnswer404() async throws {
        let fixture = try SiteFixture()
        try FileManager.default.createSymbolicLink(atPath: fixture.courses + "/dasar/bocor.txt", withDestinationPath: fixture.root + "/secret.txt")
        try FileManager.default.createSymbolicLink(atPath: fixture.courses + "/dasar/folder-luar", withDestinationPath: fixture.root)
        try fixture.write("courses/dasar/.rahasia", SiteFixture.secret)
        try fixture.write("public/.env", SiteFixture.secret)
        let app = try await fixture.application()

        try await app.test(.router) { client in
            let attempts = [
                "/berkas/dasar/../../secret.txt", "/berkas/dasar/%2e%2e/%2e%2e/secret.txt", "/berkas/dasar/..%2f..%2fsecret.txt",
                "/berkas/dasar/..%5c..%5csecret.txt", "/berkas/dasar/%252e%252e/secret.txt", "/berkas/dasar/bocor.txt",
                "/berkas/dasar/folder-luar/secret.txt", "/berkas/dasar/.rahasia", "/berkas/dasar/%2erahasia",
                "/aset/0/../secret.txt", "/aset/0/.env", "/aset/0/%2e%2e/secret.txt", "/berkas/dasar//etc/passwd",
                "/berkas/dasar/%00", "/berkas/..%2f/secret.txt", "/kursus/..%2f..%2fsecret.txt",
                "/berkas/dasar/satu.md/..", "/berkas/dasar/./gambar.png",
            ]
            for uri in attempts {
                try await client.execute(uri: uri, method: .get) { response in
                    #expect(response.status == .notFound, "\(uri)")
                    #expect(!String(buffer: response.body).contains(SiteFixture.secret), "\(uri)")
                }
            }
            // No directory listings, not even of real folders.
            for uri in ["/berkas/dasar", "/berkas/dasar/", "/aset/0/", "/aset", "/berkas"] {
                let response = try await client.execute(uri: uri, method: .get)
                #expect(response.status == .notFound, "\(uri)")
            }
            // The same file by its honest name is served, sandboxed so that an uploaded page runs no script.
            let honest = try await client.execute(uri: "/berkas/dasar/gambar.png", method: .get)
            #expect(honest.status == .ok)
            #expect(honest.headers[.contentSecurityPolicy]?.hasPrefix("sandbox;") == true)
        }
    }

    @Test func notFoundIsAPageInTheLearnersLanguage() async throws {
        let fixture = try SiteFixture()
        let app = try await fixture.application()

        try await app.test(.router) { client in
            let indonesian = try await client.execute(uri: "/kursus/dasar/tidak-ada", method: .get)
            #expect(indonesian.status == .notFound)
            #expect(String(buffer: indonesian.body).contains("Halaman tidak ditemukan"))
            let english = try await client.execute(uri: "/tidak/ada", method: .get, headers: [.cookie: "lang=en"])
            #expect(english.status == .notFound)
            #expect(String(buffer: english.body).contains("Page not found"))
        }
    }

    @Test func languageIsChosenWithAQueryAndRemembered() async throws {
        let fixture = try SiteFixture()
        let app = try await fixture.application()

        try await app.test(.router) { client in
            let indonesian = try await client.execute(uri: "/", method: .get)
            #expect(String(buffer: indonesian.body).contains("<html lang=\"id\">"))
            let english = try await client.execute(uri: "/?lang=en", method: .get)
            #expect(String(buffer: english.body).contains("Course Catalogue"))
            let cookie = try #require(english.headers[.setCookie])
            #expect(cookie.contains("lang=en"))
            #expect(cookie.contains("HttpOnly"))
            let remembered = try await client.execute(uri: "/kursus/dasar", method: .get, headers: [.cookie: "lang=en"])
            #expect(String(buffer: remembered.body).contains("Start learning"))
            #expect(remembered.headers[.vary]?.contains("Cookie") == true)
        }
    }

    @Test func catalogueSearchAndCategoryFilter() async throws {
        let fixture = try SiteFixture()
        try fixture.write(
            "courses/lain/course.xml",
            "<course jp=\"1\"><title>Etika Pelayanan</title><category>sosial-kultural</category><keywords>integritas</keywords><module id=\"a\" href=\"a.md\"/></course>"
        )
        try fixture.write("courses/lain/a.md", "# A\n")
        let app = try await fixture.application()

        try await app.test(.router) { client in
            let all = String(buffer: try await client.execute(uri: "/", method: .get).body)
            #expect(all.contains("Kursus Dasar") && all.contains("Etika Pelayanan"))
            let search = String(buffer: try await client.execute(uri: "/?q=INTEGRITAS", method: .get).body)
            #expect(search.contains("Etika Pelayanan") && !search.contains(">Kursus Dasar<"))
            let category = String(buffer: try await client.execute(uri: "/?kategori=teknis", method: .get).body)
            #expect(category.contains(">Kursus Dasar<") && !category.contains(">Etika Pelayanan<"))
            let none = String(buffer: try await client.execute(uri: "/?q=%3Cscript%3Ealert(1)%3C/script%3E", method: .get).body)
            #expect(none.contains("Tidak ada kursus yang cocok"))
            #expect(!none.contains("<script>alert(1)"))
            // A quote with a combining mark after it is one character to Swift, and still a quote to a browser.
            let marked = String(buffer: try await client.execute(uri: "/?q=%22%CC%B8%20autofocus%20%27%CC%B8", method: .get).body)
            #expect(marked.contains("value=\"&quot;\u{0338} autofocus &#39;\u{0338}\""))
            #expect(!marked.contains("\"\u{0338}") && !marked.contains("'\u{0338}"))
        }
    }

    @Test func aTwoWordSearchSentByTheFormFindsWhatItsWordsFind() async throws {
        let fixture = try SiteFixture()
        try fixture.write(
            "courses/pembinaan/course.xml",
            "<course jp=\"1\"><title>Penyusunan Program Pembinaan ASN</title><module id=\"a\" href=\"a.md\"/></course>"
        )
        try fixture.write("courses/pembinaan/a.md", "# A\n")
        let app = try await fixture.application()

        try await app.test(.router) { client in
            // The search form sends a space as `+`, exactly so; a link may send it as `%20`: the same search.
            for uri in ["/?q=pembinaan+asn&kategori=", "/?q=pembinaan%20asn"] {
                let page = String(buffer: try await client.execute(uri: uri, method: .get).body)
                #expect(page.contains(">Penyusunan Program Pembinaan ASN<") && !page.contains(">Kursus Dasar<"), "\(uri)")
                #expect(page.contains(#"name="q" type="search" value="pembinaan asn""#), "\(uri)")
            }
            // `%2B` is a plus typed into the box, not a space: no course holds "pembinaan+asn".
            let plus = String(buffer: try await client.execute(uri: "/?q=pembinaan%2Basn", method: .get).body)
            #expect(plus.contains(#"value="pembinaan+asn""#) && plus.contains("Tidak ada kursus yang cocok"))
        }
    }

    @Test func assetsAreImmutableAtTheirVersionedURL() async throws {
        let fixture = try SiteFixture()
        let app = try await fixture.application()

        try await app.test(.router) { client in
            let page = String(buffer: try await client.execute(uri: "/", method: .get).body)
            let start = try #require(page.range(of: "/aset/"))
            let end = try #require(page[start.lowerBound...].range(of: "style.css"))
            let url = String(page[start.lowerBound..<end.upperBound])
            let current = try await client.execute(uri: url, method: .get)
            #expect(current.status == .ok)
            #expect(current.headers[.cacheControl] == "public, max-age=31536000, immutable")
            #expect(current.headers[.contentType] == "text/css; charset=utf-8")
            let stale = try await client.execute(uri: "/aset/0123456789ab/style.css", method: .get)
            #expect(stale.status == .ok)
            #expect(stale.headers[.cacheControl] == "no-cache")
        }
    }

    @Test func shippedModulePagesStayUnder50KBCompressed() async throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../..").standardized.path
        let fixture = try SiteFixture()
        let app = try await buildApplication(
            ServerConfiguration(coursesDirectory: root + "/courses", dataDirectory: fixture.data, publicDirectory: root + "/public")
        )

        try await app.test(.router) { client in
            let catalogue = String(buffer: try await client.execute(uri: "/", method: .get).body)
            let styleStart = try #require(catalogue.range(of: "/aset/"))
            let styleEnd = try #require(catalogue[styleStart.lowerBound...].range(of: "style.css"))
            let css = try await client.execute(uri: String(catalogue[styleStart.lowerBound..<styleEnd.upperBound]), method: .get, headers: [.acceptEncoding: "gzip"])
            let coursePage = String(buffer: try await client.execute(uri: "/kursus/penyusunan-program-pembinaan-asn", method: .get).body)
            let moduleLinks = coursePage.components(separatedBy: "href=\"/kursus/penyusunan-program-pembinaan-asn/").dropFirst().map { $0.prefix { $0 != "\"" } }
                .filter { !$0.contains("/") }  // quizzes live under kuis/
            #expect(!moduleLinks.isEmpty)
            for link in Set(moduleLinks) {
                let page = try await client.execute(uri: "/kursus/penyusunan-program-pembinaan-asn/\(link)", method: .get, headers: [.acceptEncoding: "gzip"])
                let total = page.body.readableBytes + css.body.readableBytes
                #expect(page.headers[.contentEncoding] == "gzip")
                #expect(total < 50 * 1024, "\(link): \(total) bytes")
                print("module page \(link): \(page.body.readableBytes) bytes HTML + \(css.body.readableBytes) bytes CSS, gzip")
            }
        }
    }
}
