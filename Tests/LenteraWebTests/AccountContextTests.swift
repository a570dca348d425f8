import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import LenteraCore
import NIOCore
import Testing

@testable import LenteraWeb

/// Who reaches which route is decided by the route group a route is in (issue 9): a stranger is sent to sign in, a
/// learner finds no staff or operator page, an author no operator page.
@Suite struct AccountContextTests {
    static let signedInPages = ["/beranda", "/sandi", "/sertifikat/LTR-2026-X", "/sertifikat/LTR-2026-X/pdf", "/kursus/ujian/kuis/akhir",
                                "/kursus/ujian/kuis/akhir/percobaan/1", "/kursus/ujian/kuis/akhir/percobaan/1/hasil"]
    static let staffPages = ["/status", "/penulis/kuis/ujian/akhir", "/penulis/kuis/ujian/akhir/statistik.csv", "/penilaian"]
    static let operatorPages = ["/operator", "/operator/laporan/jp.csv", "/operator/pengguna", "/operator/kuis/ujian", "/operator/kuis/ujian/akhir.csv"]

    @Test func eachRouteGroupLetsInOnlyItsAccounts() async throws {
        let fixture = try SiteFixture()
        try fixture.writeQuizCourse()
        let app = try await fixture.application()
        let learner = try await fixture.sessionCookie(role: .learner, nip: "198001012005011002", unit: "Pemkab Sleman")
        let author = try await fixture.sessionCookie(role: .author, nip: "198101012005011003", unit: "Pemkab Sleman")
        let operatorCookie = try await fixture.sessionCookie(role: .operator, nip: "197001012000031001", unit: "Pemkab Sleman")
        try await app.test(.router) { client in
            for path in Self.signedInPages + Self.staffPages + Self.operatorPages {
                let stranger = try await client.execute(uri: path, method: .get)
                #expect(stranger.status == .seeOther && stranger.headers[.location]?.hasPrefix("/masuk?kembali=") == true, "\(path)")
            }
            // The JSON endpoint answers 401 rather than a sign-in page.
            #expect(try await client.execute(uri: "/api/detak", method: .post, headers: [.contentType: "application/x-www-form-urlencoded", HTTPField.Name("X-CSRF-Token")!: "x"]).status != .seeOther)
            for path in Self.staffPages + Self.operatorPages {
                #expect(try await client.execute(uri: path, method: .get, headers: [.cookie: learner]).status == .notFound, "learner: \(path)")
            }
            for path in Self.operatorPages {
                #expect(try await client.execute(uri: path, method: .get, headers: [.cookie: author]).status == .notFound, "author: \(path)")
            }
            for path in Self.staffPages + Self.operatorPages {
                #expect(try await client.execute(uri: path, method: .get, headers: [.cookie: operatorCookie]).status == .ok, "operator: \(path)")
            }
            #expect(try await client.execute(uri: "/status", method: .get, headers: [.cookie: author]).status == .ok)
            #expect(try await client.execute(uri: "/beranda", method: .get, headers: [.cookie: learner]).status == .ok)
        }
    }
}
