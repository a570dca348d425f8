import Foundation
import GRDB
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import NIOCore
import Testing

@testable import LenteraWeb

/// What wraps every request (issue 10): the error page with its request id, a full disk named as such, the route
/// template in metrics, and addresses read as CIDR blocks.
@Suite struct ObservabilityTests {
    struct Failure: Error {}

    static func application() throws -> some ApplicationProtocol {
        let router = Router(context: LenteraContext.self)
        router.get("/baik") { _, _ in "ok" }
        router.get("/rusak") { _, _ -> String in throw Failure() }
        router.get("/penuh") { _, _ -> String in throw DatabaseError(resultCode: .SQLITE_FULL, message: "database or disk is full") }
        router.get("/tolak") { _, _ -> String in throw HTTPError(.badRequest) }
        let renderer = try PageRenderer(assets: .init(style: "/s.css", icon: "/i.svg", script: "/l.js"))
        return Application(
            responder: ObservedResponder(inner: router.buildResponder(), renderer: renderer, network: NetworkPolicy(), logger: Logger(label: "test")),
            configuration: .init(address: .hostname("127.0.0.1", port: 0))
        )
    }

    @Test func failuresAnswerAPageWithTheRequestID() async throws {
        try await Self.application().test(.live) { client in
            let ok = try await client.execute(uri: "/baik", method: .get)
            #expect(ok.status == .ok && ok.headers[.xRequestID]?.count == 16)
            let broken = try await client.execute(uri: "/rusak", method: .get)
            let id = try #require(broken.headers[.xRequestID])
            let page = String(buffer: broken.body)
            #expect(broken.status == .internalServerError)
            #expect(page.contains("Terjadi galat di server") && page.contains("Kode permintaan: \(id)"))
            let english = try await client.execute(uri: "/rusak?lang=en", method: .get)
            #expect(String(buffer: english.body).contains("Request id: \(english.headers[.xRequestID] ?? "?")"))
            let full = try await client.execute(uri: "/penuh", method: .get)
            #expect(full.status.code == 507 && String(buffer: full.body).contains("Penyimpanan penuh"))
            // A refusal of the request is the client's, not a server error: it keeps its own status.
            #expect(try await client.execute(uri: "/tolak", method: .get).status == .badRequest)
        }
    }

    @Test func addressRangesReadAsCIDR() throws {
        let loopback = try #require(AddressRange("127.0.0.0/8"))
        #expect(loopback.contains(try #require(AddressRange.parse("127.1.2.3"))))
        #expect(!loopback.contains(try #require(AddressRange.parse("128.0.0.1"))))
        // An IPv4 client on a dual-stack socket arrives as ::ffff:a.b.c.d.
        #expect(loopback.contains(try #require(AddressRange.parse("::ffff:127.0.0.1"))))
        let v6 = try #require(AddressRange("fd00::/8"))
        #expect(v6.contains(try #require(AddressRange.parse("fd12:3456::1"))))
        #expect(!v6.contains(try #require(AddressRange.parse("fe80::1"))))
        let narrow = try #require(AddressRange("10.1.2.0/23"))
        #expect(narrow.contains(try #require(AddressRange.parse("10.1.3.255"))))
        #expect(!narrow.contains(try #require(AddressRange.parse("10.1.4.0"))))
        for bad in ["10.0.0.300/8", "10.0.0.0/33", "::1/129", "bukan-alamat", "10.0.0.0/"] {
            #expect(AddressRange(bad) == nil, "\(bad)")
        }
    }

    @Test func forwardedForIsReadFromTheRightUpToTheFirstUntrustedHop() throws {
        let policy = NetworkPolicy(trustedProxies: [try #require(AddressRange("10.0.0.0/8"))])
        // The client wrote the first entry itself; the proxies appended the rest.
        #expect(policy.clientAddress(peer: nil, forwardedFor: ["198.51.100.1, 203.0.113.7, 10.0.0.2"], fromProxy: true) == "203.0.113.7")
        #expect(policy.clientAddress(peer: nil, forwardedFor: ["203.0.113.7"], fromProxy: false) == nil)
        #expect(policy.clientAddress(peer: nil, forwardedFor: ["bukan-alamat"], fromProxy: true) == nil)
        // Hops split by bytes: U+0600 before the comma the proxy added joins it into one Swift character, and the
        // client's own entry then swallowed the address the proxy wrote.
        let joined = "198.51.100.1\u{0600}, 203.0.113.7"
        #expect(policy.clientAddress(peer: nil, forwardedFor: [joined], fromProxy: true) == "203.0.113.7")
        // A forwarded request whose client cannot be read is never taken for the proxy itself (a loopback proxy is
        // allowed the metrics); one the proxy sends itself, without the header, is.
        let loopback = try SocketAddress(ipAddress: "127.0.0.1", port: 8080)
        let local = NetworkPolicy(trustedProxies: [try #require(AddressRange("127.0.0.0/8"))])
        #expect(!local.mayReadMetrics(peer: loopback, clientAddress: nil, forwarded: true))
        #expect(local.mayReadMetrics(peer: loopback, clientAddress: nil, forwarded: false))
        #expect(local.mayReadMetrics(peer: loopback, clientAddress: "127.0.0.1", forwarded: true))
        #expect(!local.mayReadMetrics(peer: loopback, clientAddress: "203.0.113.7", forwarded: true))
        // Every hop a trusted proxy (a scraper on the proxy's host, through it): the one the proxy wrote.
        #expect(local.clientAddress(peer: loopback, forwardedFor: ["127.0.0.2, 127.0.0.1"], fromProxy: true) == "127.0.0.1")
    }

    /// A message is one line whatever text it carries: a folder name an upstream sent could hold a line break and
    /// write a line that reads like the server's own.
    @Test func aLogMessageStaysOneLine() {
        #expect(LenteraLogHandler.oneLine("mirror: a\n2026-12-06T00:00:00+0000 info lentera: palsu") == "mirror: a\\n2026-12-06T00:00:00+0000 info lentera: palsu")
        #expect(LenteraLogHandler.oneLine(#"biasa: "kutip" dan spasi"#) == #"biasa: "kutip" dan spasi"#)
        #expect(LenteraLogHandler.oneLine("a\u{2028}b\u{1B}[2J\r") == "a\\u{2028}b\\u{1b}[2J\\r")
        #expect(LenteraLogHandler.oneLine("a\u{85}b\u{9B}c\u{202E}d") == "a\\u{85}b\\u{9b}c\\u{202e}d")
        #expect(LenteraLogHandler.quoted("a \"b\"\n") == #""a \"b\"\n""#)
    }

    /// A cookie is found by its name among the pairs of every `Cookie` header, split at `;` bytes.
    @Test func aCookieIsReadByItsName() {
        func request(_ headers: [String]) -> Request {
            var fields = HTTPFields()
            for header in headers { fields.append(HTTPField(name: .cookie, value: header)) }
            let head = HTTPRequest(method: .get, scheme: "http", authority: "lentera", path: "/", headerFields: fields)
            return Request(head: head, body: .init(buffer: ByteBuffer()))
        }
        #expect(request(["lang=en; sesi=abc"]).cookie(named: "sesi") == "abc")
        #expect(request(["xsesi=1;sesi2=2; sesi = 3", "sesi=4"]).cookie(named: "sesi") == "4")
        #expect(request(["\t sesi=abc  ;lang=id"]).cookie(named: "sesi") == "abc")
        #expect(request(["sesi=a\u{0600};lang=en"]).cookie(named: "lang") == "en")
        #expect(request(["sesi=; lang=en"]).cookie(named: "sesi") == "")
        #expect(request(["lang=en"]).cookie(named: "sesi") == nil && request([]).cookie(named: "sesi") == nil)
    }

    /// Durations in the access log: milliseconds with two decimals, rounded.
    @Test func durationsAreWrittenInMilliseconds() {
        #expect(Duration.zero.loggedMilliseconds == "0.00")
        #expect(Duration.microseconds(2_934).loggedMilliseconds == "2.93")
        #expect(Duration.microseconds(2_935).loggedMilliseconds == "2.94")
        #expect(Duration.microseconds(50).loggedMilliseconds == "0.05")
        #expect((Duration.seconds(12) + .microseconds(3_400)).loggedMilliseconds == "12003.40")
    }

    @Test func memoryAnswersAreNamedByTheirRouteTemplate() {
        #expect(SiteController.routeTemplate("/") == "/")
        #expect(SiteController.routeTemplate("/kursus/a") == "/kursus/{course}")
        #expect(SiteController.routeTemplate("/kursus/a/b") == "/kursus/{course}/{module}")
        #expect(SiteController.routeTemplate("/berkas/a/gambar/x.png") == "/berkas/{course}/**")
        #expect(SiteController.routeTemplate("/aset/abc/style.css") == "/aset/{version}/**")
    }
}
