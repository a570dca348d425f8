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

/// A browser's cookie jar and the forms it submits, for router tests.
struct Browser {
    var cookies: [String: String] = [:]

    var cookieHeader: String { cookies.map { "\($0.key)=\($0.value)" }.joined(separator: "; ") }

    mutating func remember(_ response: TestResponse) {
        for header in response.headers[values: .setCookie] {
            let pair = header.split(separator: ";")[0].split(separator: "=", maxSplits: 1)
            let name = String(pair[0])
            let value = pair.count > 1 ? String(pair[1]) : ""
            if value.isEmpty || header.contains("Max-Age=0") { cookies[name] = nil } else { cookies[name] = value }
        }
    }

    mutating func get(_ client: some TestClientProtocol, _ uri: String, headers: HTTPFields = [:]) async throws -> TestResponse {
        var headers = headers
        if !cookies.isEmpty { headers[.cookie] = cookieHeader }
        let response = try await client.execute(uri: uri, method: .get, headers: headers)
        remember(response)
        return response
    }

    mutating func post(_ client: some TestClientProtocol, _ uri: String, _ fields: [String: String]) async throws -> TestResponse {
        var headers: HTTPFields = [.contentType: "application/x-www-form-urlencoded"]
        if !cookies.isEmpty { headers[.cookie] = cookieHeader }
        let body = fields.map { "\($0.key)=\($0.value.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")" }.joined(separator: "&")
        let response = try await client.execute(uri: uri, method: .post, headers: headers, body: ByteBuffer(string: body))
        remember(response)
        return response
    }

    /// The value of a hidden `csrf` field on a page.
    static func csrf(in page: TestResponse) -> String? {
        let html = String(buffer: page.body)
        guard let range = html.range(of: #"name="csrf" value=""#) else { return nil }
        return String(html[range.upperBound...].prefix { $0 != "\"" })
    }

    /// Signs in through the form, as a person would.
    mutating func signIn(_ client: some TestClientProtocol, nip: String, password: String) async throws -> TestResponse {
        let form = try await get(client, "/masuk")
        return try await post(client, "/masuk", ["nip": nip, "sandi": password, "csrf": Self.csrf(in: form) ?? ""])
    }
}

extension SiteFixture {
    /// Opens the application's database and creates an account with a cheap hash.
    func addAccount(_ nip: String, name: String, unit: String, role: Role = .learner, password: String = "rahasia-123",
                    mustChange: Bool = false, status: EmployeeStatus = .pns) async throws -> Account {
        let store = try await openStore()
        return try await store.createAccount(
            NewAccount(nip: try NIP(validating: nip), name: name, unit: UnitPath(parsing: unit)!, status: status, role: role,
                       passwordHash: Bcrypt.hash(password, cost: 4), mustChangePassword: mustChange)
        )
    }
}

extension SiteFixture {
    /// A session cookie for a new account of the given role, made directly in the database.
    func sessionCookie(role: Role, nip: String = "197001012000031001", unit: String = "Pemkab Sleman") async throws -> String {
        let account = try await addAccount(nip, name: "Pengguna \(role.rawValue)", unit: unit, role: role)
        let store = try await openStore()
        let token = SessionToken.random()
        try await store.createSession(
            StoredSession(tokenHash: SessionToken.hash(token), accountID: account.id, csrfToken: SessionToken.random(), expires: Date().addingTimeInterval(3600))
        )
        return "sesi=\(token)"
    }
}

@Suite struct LearnerHTTPTests {
    static let budi = "198503152010011001"
    static let siti = "199001012015032002"

    @Test func signInRenewsTheSessionAndSignOutEndsIt() async throws {
        let fixture = try SiteFixture()
        let app = try await fixture.application()
        _ = try await fixture.addAccount(Self.budi, name: "Budi", unit: "Pemkab Sleman > BKPSDM")

        try await app.test(.router) { client in
            var browser = Browser()
            let first = try await browser.signIn(client, nip: Self.budi, password: "rahasia-123")
            #expect(first.status == .seeOther)
            #expect(first.headers[.location] == "/beranda")
            let cookie = try #require(first.headers[values: .setCookie].first { $0.hasPrefix("sesi=") })
            #expect(cookie.contains("HttpOnly"))
            #expect(cookie.contains("SameSite=Lax"))
            let firstToken = try #require(browser.cookies["sesi"])

            let home = try await browser.get(client, "/beranda")
            #expect(home.status == .ok)
            #expect(String(buffer: home.body).contains("Budi"))
            #expect(!String(buffer: home.body).contains(Self.budi))  // the NIP never appears on pages
            #expect(home.headers[.cacheControl] == "private, no-store")  // gzipped but never stored (PrivatePage)

            // A session id planted before sign-in (session fixation) is never the one issued.
            var planted = Browser()
            planted.cookies["sesi"] = firstToken + "0"
            _ = try await planted.signIn(client, nip: Self.budi, password: "rahasia-123")
            let secondToken = try #require(planted.cookies["sesi"])
            #expect(secondToken != firstToken + "0")
            #expect(secondToken != firstToken)
            let stale = try await client.execute(uri: "/beranda", method: .get, headers: [.cookie: "sesi=\(firstToken)0"])
            #expect(stale.status == .seeOther)

            let csrf = try #require(Browser.csrf(in: try await browser.get(client, "/beranda")))
            let out = try await browser.post(client, "/keluar", ["csrf": csrf])
            #expect(out.status == .seeOther)
            let afterwards = try await client.execute(uri: "/beranda", method: .get, headers: [.cookie: "sesi=\(firstToken)"])
            #expect(afterwards.headers[.location] == "/masuk?kembali=%2Fberanda")
        }
    }

    @Test func stateChangingRequestsWithoutTheRightCSRFTokenAreRefused() async throws {
        let fixture = try SiteFixture()
        let app = try await fixture.application()
        _ = try await fixture.addAccount(Self.budi, name: "Budi", unit: "Pemkab Sleman")

        try await app.test(.router) { client in
            var anonymous = Browser()
            _ = try await anonymous.get(client, "/masuk")
            let noToken = try await anonymous.post(client, "/masuk", ["nip": Self.budi, "sandi": "rahasia-123"])
            #expect(noToken.status == .forbidden)
            let wrongToken = try await anonymous.post(client, "/masuk", ["nip": Self.budi, "sandi": "rahasia-123", "csrf": "salah"])
            #expect(wrongToken.status == .forbidden)
            #expect(anonymous.cookies["sesi"] == nil)

            var browser = Browser()
            _ = try await browser.signIn(client, nip: Self.budi, password: "rahasia-123")
            let page = try await browser.get(client, "/kursus/dasar/satu")
            let sessionID = try #require(String(buffer: page.body).components(separatedBy: #"data-sesi=""#).dropFirst().first?.prefix { $0 != "\"" })
            for (uri, fields) in [
                ("/keluar", [String: String]()), ("/api/detak", ["sesi": String(sessionID), "urutan": "1"]),
                ("/kursus/dasar/satu/umpan-balik", ["relevansi": "5"]), ("/sandi", ["lama": "rahasia-123", "baru": "baru-12345", "ulang": "baru-12345"]),
            ] {
                let missing = try await browser.post(client, uri, fields)
                #expect(missing.status == .forbidden, "\(uri) without a token")
                var wrong = fields
                wrong["csrf"] = String(repeating: "0", count: 64)
                let refused = try await browser.post(client, uri, wrong)
                #expect(refused.status == .forbidden, "\(uri) with a wrong token")
            }
            // Nothing happened: still signed in, same password.
            #expect(try await browser.get(client, "/beranda").status == .ok)
        }
    }

    @Test func repeatedWrongPasswordsAreRateLimited() async throws {
        let fixture = try SiteFixture()
        let app = try await fixture.application()
        _ = try await fixture.addAccount(Self.budi, name: "Budi", unit: "Pemkab Sleman")

        try await app.test(.router) { client in
            var browser = Browser()
            for attempt in 1...5 {
                let response = try await browser.signIn(client, nip: Self.budi, password: "salah-\(attempt)")
                #expect(response.status == .unauthorized)
                #expect(String(buffer: response.body).contains("NIP atau kata sandi salah"))
            }
            let limited = try await browser.signIn(client, nip: Self.budi, password: "rahasia-123")
            #expect(limited.status == .tooManyRequests)
            #expect(limited.headers[.retryAfter] != nil)
            #expect(String(buffer: limited.body).contains("Terlalu banyak percobaan masuk"))
            #expect(browser.cookies["sesi"] == nil)  // even the right password waits
        }
    }

    @Test func completingACourseCreditsJPOnceAndGivesAVerifiableCertificate() async throws {
        let fixture = try SiteFixture()
        let app = try await fixture.application()
        let budi = try await fixture.addAccount(Self.budi, name: "Budi Santoso", unit: "Pemkab Sleman > BKPSDM")
        _ = try await fixture.addAccount(Self.siti, name: "Siti", unit: "Pemkab Sleman > BKPSDM")
        _ = try await fixture.addAccount("199101012015031003", name: "Operator Bantul", unit: "Pemkab Bantul", role: .operator)
        _ = try await fixture.addAccount("199202022015031004", name: "Operator Sleman", unit: "Pemkab Sleman", role: .operator)

        try await app.test(.router) { client in
            var browser = Browser()
            _ = try await browser.signIn(client, nip: Self.budi, password: "rahasia-123")
            let first = try await browser.get(client, "/kursus/dasar/satu")
            #expect(String(buffer: first.body).contains("Kemajuan: 100%"))
            #expect(String(buffer: first.body).contains("Keluar"))
            let homeBefore = String(buffer: try await browser.get(client, "/beranda").body)
            #expect(homeBefore.contains("0 JP"))
            #expect(homeBefore.contains(#"href="/kursus/dasar/dua""#))  // continue where you left off: the next module

            _ = try await browser.get(client, "/kursus/dasar/dua")
            _ = try await browser.get(client, "/kursus/dasar/dua")  // a second visit credits nothing more
            let home = String(buffer: try await browser.get(client, "/beranda").body)
            #expect(home.contains("2 JP"))
            let store = try await fixture.openStore()
            let entries = try await store.entries(accountID: budi.id)
            #expect(entries.count == 1)
            let number = try #require(entries.first?.certificateNumber)
            #expect(home.contains(number))
            #expect(!home.contains("Lanjutkan belajar"))  // nothing left to continue in a completed course

            // Feedback after a module and after the course.
            let token = try #require(Browser.csrf(in: try await browser.get(client, "/beranda")))
            let moduleFeedback = try await browser.post(client, "/kursus/dasar/satu/umpan-balik", ["csrf": token, "relevansi": "4", "komentar": "Sangat membantu"])
            #expect(moduleFeedback.status == .seeOther)
            #expect(String(buffer: try await browser.get(client, "/kursus/dasar/satu?umpan-balik=terima-kasih").body).contains("Terima kasih atas umpan balik"))
            let outOfRange = try await browser.post(client, "/kursus/dasar/satu/umpan-balik", ["csrf": token, "relevansi": "9"])
            #expect(outOfRange.status == .badRequest)
            #expect(String(buffer: outOfRange.body).contains("Permintaan tidak dapat diproses"))
            let coursePage = String(buffer: try await browser.get(client, "/kursus/dasar").body)
            #expect(coursePage.contains(#"action="/kursus/dasar/umpan-balik""#))
            _ = try await browser.post(client, "/kursus/dasar/umpan-balik", ["csrf": token, "relevansi": "5"])
            let feedback = try await store.feedbackSummaries(under: nil)
            #expect(feedback.map(\.moduleID).sorted() == ["", "satu"])
            #expect(feedback.first { $0.moduleID == "satu" }?.comments == ["Sangat membantu"])

            let certificate = try await browser.get(client, "/sertifikat/\(number)")
            #expect(certificate.status == .ok)
            #expect(String(buffer: certificate.body).contains("Budi Santoso"))
            #expect(String(buffer: certificate.body).contains("/verifikasi/\(number)"))

            // Anyone can verify, in HTML or JSON, with the NIP masked.
            let verified = try await client.execute(uri: "/verifikasi/\(number)", method: .get)
            #expect(verified.status == .ok)
            #expect(String(buffer: verified.body).contains("••••••••••••••1001"))
            #expect(!String(buffer: verified.body).contains(Self.budi))
            let json = try await client.execute(uri: "/verifikasi/\(number)", method: .get, headers: [.accept: "application/json"])
            let record = try JSONDecoder().decode([String: JSONValue].self, from: Data(buffer: json.body))
            #expect(record["name"] == .string("Budi Santoso"))
            #expect(record["nip"] == .string("••••••••••••••1001"))
            #expect(record["jp"] == .number(2))
            let altered = String(number.dropLast()) + (number.last == "A" ? "B" : "A")
            let unknown = try await client.execute(uri: "/verifikasi/\(altered)", method: .get)
            #expect(unknown.status == .notFound)
            #expect(String(buffer: unknown.body).contains("Sertifikat dengan nomor ini tidak ditemukan"))
            #expect(try await client.execute(uri: "/verifikasi/\(altered)", method: .get, headers: [.accept: "application/json"]).status == .notFound)

            // Another learner, or an operator of another unit, cannot open it; an operator of Budi's unit can.
            var siti = Browser()
            _ = try await siti.signIn(client, nip: Self.siti, password: "rahasia-123")
            #expect(try await siti.get(client, "/sertifikat/\(number)").status == .notFound)
            var bantul = Browser()
            _ = try await bantul.signIn(client, nip: "199101012015031003", password: "rahasia-123")
            #expect(try await bantul.get(client, "/sertifikat/\(number)").status == .notFound)
            var sleman = Browser()
            _ = try await sleman.signIn(client, nip: "199202022015031004", password: "rahasia-123")
            #expect(try await sleman.get(client, "/sertifikat/\(number)").status == .ok)

            // Nor can Siti feed heartbeats into Budi's visit.
            let sessionID = try #require(String(buffer: first.body).components(separatedBy: #"data-sesi=""#).dropFirst().first?.prefix { $0 != "\"" })
            let sitiToken = try #require(Browser.csrf(in: try await siti.get(client, "/beranda")))
            let stolen = try await siti.post(client, "/api/detak", ["sesi": String(sessionID), "urutan": "1", "csrf": sitiToken])
            #expect(stolen.status == .notFound)
        }
    }

    @Test func markedAndTimedModulesCompleteOnlyByTheirRule() async throws {
        let fixture = try SiteFixture()
        try fixture.write(
            "courses/dasar/course.xml",
            """
            <course jp="1.5"><title>Kursus Dasar</title>
            <module id="satu" href="satu.md" completion="marked"/>
            <module id="dua" href="dua.md" completion="time" minutes="1"/>
            </course>
            """
        )
        let app = try await fixture.application()
        _ = try await fixture.addAccount(Self.budi, name: "Budi", unit: "Pemkab Sleman")

        try await app.test(.router) { client in
            var browser = Browser()
            _ = try await browser.signIn(client, nip: Self.budi, password: "rahasia-123")
            let first = String(buffer: try await browser.get(client, "/kursus/dasar/satu").body)
            #expect(first.contains("Kemajuan: 0%"))
            #expect(first.contains("Tandai selesai"))
            let csrf = try #require(Browser.csrf(in: try await browser.get(client, "/kursus/dasar/satu")))
            let marked = try await browser.post(client, "/kursus/dasar/satu/selesai", ["csrf": csrf])
            #expect(marked.headers[.location] == "/kursus/dasar/satu")
            let after = String(buffer: try await browser.get(client, "/kursus/dasar/satu").body)
            #expect(after.contains("Kemajuan: 100%") && !after.contains(">Tandai selesai<"))
            // A module completed by time cannot be marked done instead.
            #expect(try await browser.post(client, "/kursus/dasar/dua/selesai", ["csrf": csrf]).status == .badRequest)

            let second = String(buffer: try await browser.get(client, "/kursus/dasar/dua").body)
            #expect(second.contains("Kemajuan: 0%"))
            // Heartbeats sent faster than time passes add only the time that passed: far from a minute.
            let sessionID = try #require(second.components(separatedBy: #"data-sesi=""#).dropFirst().first?.prefix { $0 != "\"" })
            for sequence in 1...20 {
                let beat = try await browser.post(client, "/api/detak", ["sesi": String(sessionID), "urutan": String(sequence), "csrf": csrf])
                #expect(beat.status == .noContent)
            }
            let store = try await fixture.openStore()
            let budi = try #require(try await store.account(nip: NIP(validating: Self.budi)))
            let summary = try #require(try await store.summaries(accountID: budi.id, courseID: "dasar")["dua"])
            #expect(summary.timeSpent < 30)
            #expect(!summary.isComplete)
            #expect(try await store.entries(accountID: budi.id).isEmpty)
        }
    }

    @Test func signInIsAlsoLimitedPerAddress() async throws {
        let fixture = try SiteFixture()
        let app = try await fixture.application()

        try await app.test(.router) { client in
            var browser = Browser()
            // Twenty different NIPs from one address: guessing across accounts is limited too.
            for index in 0..<20 {
                let response = try await browser.signIn(client, nip: "19850315201001100\(index % 10)", password: "x\(index)")
                #expect(response.status == .unauthorized)
            }
            let limited = try await browser.signIn(client, nip: "199001012015032002", password: "x")
            #expect(limited.status == .tooManyRequests)
        }
    }

    @Test func anOperatorIssuedPasswordMustBeChangedFirst() async throws {
        let fixture = try SiteFixture()
        let app = try await fixture.application()
        _ = try await fixture.addAccount(Self.budi, name: "Budi", unit: "Pemkab Sleman", password: "sementara1", mustChange: true)

        try await app.test(.router) { client in
            var browser = Browser()
            let signIn = try await browser.signIn(client, nip: Self.budi, password: "sementara1")
            #expect(signIn.headers[.location] == "/sandi")
            #expect(try await browser.get(client, "/beranda").headers[.location] == "/sandi")
            let form = try await browser.get(client, "/sandi")
            let csrf = try #require(Browser.csrf(in: form))
            let short = try await browser.post(client, "/sandi", ["csrf": csrf, "lama": "sementara1", "baru": "pendek", "ulang": "pendek"])
            #expect(short.status == .badRequest)
            let changed = try await browser.post(client, "/sandi", ["csrf": csrf, "lama": "sementara1", "baru": "kata-sandi-baru", "ulang": "kata-sandi-baru"])
            #expect(changed.headers[.location] == "/beranda")
            #expect(try await browser.get(client, "/beranda").status == .ok)
        }
    }
}

/// Enough of JSON to read a verification answer.
enum JSONValue: Decodable, Equatable {
    case string(String)
    case number(Double)

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let number = try? container.decode(Double.self) {
            self = .number(number)
        } else {
            self = .string(try container.decode(String.self))
        }
    }
}
