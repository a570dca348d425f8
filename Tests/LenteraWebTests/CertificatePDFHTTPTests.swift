import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import LenteraCore
import LenteraStore
import NIOCore
import Testing

@testable import LenteraWeb

/// Issue 12, "Certificates people can hand in": `/sertifikat/NUMBER/pdf` gives the owner the certificate as a PDF,
/// with the issuer the server or the course names, to the same people as the certificate's page.
@Suite struct CertificatePDFHTTPTests {
    static let budi = "198503152010011001"
    static let siti = "199001012015032002"
    /// The logos made for the tests (`Tests/Fixtures/images`).
    static let images = URL(fileURLWithPath: #filePath).appendingPathComponent("../../Fixtures/images").standardized.path

    /// The PDF of a certificate as text: its operators and strings are ASCII, what is not (image data, WinAnsi
    /// letters) is replaced and never searched for.
    static func pdfText(_ browser: inout Browser, _ client: some TestClientProtocol, _ number: String, query: String = "") async throws -> String {
        let response = try await browser.get(client, "/sertifikat/\(number)/pdf" + query)
        #expect(response.status == .ok && response.headers[.contentType] == "application/pdf")
        return String(decoding: Array(response.body.readableBytesView), as: UTF8.self)
    }

    /// Signs Budi in and completes the course `dasar` by reading both modules; returns the certificate number.
    static func completeDasar(_ browser: inout Browser, _ client: some TestClientProtocol, fixture: SiteFixture, budi: Account) async throws
        -> String
    {
        _ = try await browser.signIn(client, nip: Self.budi, password: "rahasia-123")
        _ = try await browser.get(client, "/kursus/dasar/satu")
        _ = try await browser.get(client, "/kursus/dasar/dua")
        let store = try await fixture.openStore()
        return try #require(try await store.entries(accountID: budi.id).first?.certificateNumber)
    }

    @Test func theOwnerGetsAPDFAnotherLearnerNothingAndAStrangerTheSignInPage() async throws {
        let fixture = try SiteFixture()
        let app = try await fixture.application {
            $0.baseURL = "https://lentera.example.go.id"
            $0.certificateIssuer = CertificateIssuer(
                office: "BKPSDM Kabupaten Sleman", signatory: CertificateIssuer.Signatory(name: "Dr. Siti Aminah, M.Si.", title: "Kepala BKPSDM")
            )
            $0.certificateLogo = Self.images + "/logo.png"
        }
        let budi = try await fixture.addAccount(Self.budi, name: "Budi Santoso", unit: "Pemkab Sleman")
        _ = try await fixture.addAccount(Self.siti, name: "Siti", unit: "Pemkab Sleman")

        try await app.test(.router) { client in
            var browser = Browser()
            let number = try await Self.completeDasar(&browser, client, fixture: fixture, budi: budi)
            let page = String(buffer: try await browser.get(client, "/sertifikat/\(number)").body)
            #expect(page.contains(#"<a class="button" href="/sertifikat/\#(number)/pdf" download>Unduh PDF</a>"#))

            let response = try await browser.get(client, "/sertifikat/\(number)/pdf")
            #expect(response.status == .ok)
            #expect(response.headers[.contentType] == "application/pdf")
            #expect(response.headers[.contentDisposition] == "inline; filename=\"sertifikat-\(number).pdf\"")
            #expect(response.headers[.cacheControl] == "private, no-store")
            #expect(response.headers[.contentSecurityPolicy] == "frame-ancestors 'none'")
            #expect(response.headers[HTTPField.Name("X-Content-Type-Options")!] == "nosniff")
            let bytes = Array(response.body.readableBytesView)
            #expect(bytes.starts(with: Array("%PDF-1.4\n".utf8)) && bytes.suffix(6).elementsEqual(Array("%%EOF\n".utf8)))
            let pdf = String(decoding: bytes, as: UTF8.self)
            for shown in [
                "Sertifikat Penyelesaian Kursus", "Budi Santoso", "Kursus Dasar", "JP", "2", "Nomor sertifikat", number,
                "https://lentera.example.go.id/verifikasi/\(number)", "BKPSDM Kabupaten Sleman", "Dr. Siti Aminah, M.Si.", "Kepala BKPSDM",
            ] {
                #expect(pdf.contains("(\(shown)) Tj"), "\(shown)")
            }
            #expect(!pdf.contains("(Nilai) Tj") && !pdf.contains(Self.budi))  // no quiz grades the course; the NIP masked
            #expect(pdf.contains("/Filter /FlateDecode /DecodeParms << /Predictor 15 /Colors 3 /BitsPerComponent 8 /Columns 20 >>"))
            let english = try await Self.pdfText(&browser, client, number, query: "?lang=en")
            #expect(english.contains("(Certificate of Course Completion) Tj") && english.contains("(Certificate number) Tj"))

            // Someone else's certificate does not exist for another learner; a stranger signs in first and comes back.
            var siti = Browser()
            _ = try await siti.signIn(client, nip: Self.siti, password: "rahasia-123")
            #expect(try await siti.get(client, "/sertifikat/\(number)/pdf").status == .notFound)
            #expect(try await siti.get(client, "/sertifikat/LTR-2026-AAAA-BBBB-CCCC/pdf").status == .notFound)
            let stranger = try await client.execute(uri: "/sertifikat/\(number)/pdf", method: .get)
            #expect(stranger.status == .seeOther)
            #expect(stranger.headers[.location] == "/masuk?kembali=" + FormFields.encode("/sertifikat/\(number)/pdf"))
            #expect(String(buffer: stranger.body).isEmpty)
        }
    }

    @Test func aCoursesOwnCertificateSettingsGoOverTheServers() async throws {
        let fixture = try SiteFixture()
        try fixture.write(
            "courses/dasar/course.xml",
            """
            <course jp="2" lang="id">
              <title>Kursus Dasar</title>
              <certificate>
                <office>BPSDM Provinsi Jawa Tengah</office>
                <logo>gambar/logo.jpg</logo>
              </certificate>
              <module id="satu" href="satu.md"/>
              <module id="dua" href="dua.md"/>
            </course>
            """
        )
        try fixture.write("courses/dasar/gambar/logo.jpg", Data(contentsOf: URL(fileURLWithPath: Self.images + "/logo.jpg")))
        let app = try await fixture.application {
            $0.certificateIssuer = CertificateIssuer(
                office: "BKPSDM Kabupaten Sleman", signatory: CertificateIssuer.Signatory(name: "Dr. Siti Aminah")
            )
        }
        let budi = try await fixture.addAccount(Self.budi, name: "Budi Santoso", unit: "Pemkab Sleman")

        try await app.test(.router) { client in
            var browser = Browser()
            let number = try await Self.completeDasar(&browser, client, fixture: fixture, budi: budi)
            let pdf = try await Self.pdfText(&browser, client, number)
            #expect(pdf.contains("(BPSDM Provinsi Jawa Tengah) Tj") && !pdf.contains("BKPSDM Kabupaten Sleman"))
            #expect(pdf.contains("(Dr. Siti Aminah) Tj"))  // the course names no signatory: the server's
            #expect(pdf.contains("/Width 24 /Height 12 /ColorSpace /DeviceRGB /BitsPerComponent 8 /Filter /DCTDecode"))
        }
    }

    @Test func aServerLogoThatCannotBeShownStopsTheStart() async throws {
        let fixture = try SiteFixture()
        try fixture.write("logo.gif", "GIF89a")
        for (path, message) in [(fixture.root + "/logo.gif", "must be a JPEG or PNG"), (fixture.root + "/tidak-ada.png", "cannot read")] {
            do {
                _ = try await fixture.application { $0.certificateLogo = path }
                Issue.record("the server started with the logo \(path)")
            } catch let error as StartupError {
                #expect(error.description.contains(message), "\(error.description)")
            }
        }
    }
}
