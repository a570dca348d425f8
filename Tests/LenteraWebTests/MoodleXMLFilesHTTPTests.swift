import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import LenteraCore
import LenteraContent
import NIOCore
import Testing

@testable import LenteraWeb

/// Moodle's own true/false fixture, whose questions embed their pictures, as a quiz: the questions show the
/// pictures, which are served like the course's files, while the file holding the answers is not.
@Suite struct MoodleXMLFilesHTTPTests {
    static let fixture = URL(fileURLWithPath: #filePath)
        .appendingPathComponent("../../Fixtures/conformance/moodle-xml/moodle/question/format/xml/tests/fixtures/truefalse.xml").standardized

    @Test func embeddedPicturesAreServedWhereTheQuestionsShowThem() async throws {
        let site = try SiteFixture()
        try site.writeQuizCourse("moodle", quiz: "kuis/truefalse.xml")
        let xml = try Data(contentsOf: Self.fixture)
        try site.write("courses/moodle/kuis/truefalse.xml", xml)
        let parsed = MoodleXMLImporter.parse([UInt8](xml), fileName: "truefalse.xml").files
        let key = try #require(parsed.keys.first { $0.hasSuffix("/logo.jpg") })
        let expected = try #require(parsed[key])
        let app = try await site.application()
        _ = try await site.addAccount(QuizHTTPTests.budi, name: "Budi", unit: "Pemkab Sleman")
        try await app.test(.router) { client in
            var browser = Browser()
            _ = try await browser.signIn(client, nip: QuizHTTPTests.budi, password: "rahasia-123")
            let (location, _, started) = try await QuizHTTPTests.startAttempt(&browser, client, course: "moodle", quiz: "uji")
            #expect(!location.isEmpty, "\(String(buffer: started.body))")
            let page = String(buffer: started.body)
            let address = "/berkas/moodle/kuis/" + key
            #expect(page.contains(#"src="\#(address)""#), "\(page)")
            #expect(!page.contains("@@PLUGINFILE@@"))
            let picture = try await client.execute(uri: address, method: .get)
            #expect(picture.status == .ok)
            #expect(picture.headers[.contentType] == "image/jpeg")
            #expect(picture.headers[.contentSecurityPolicy]?.contains("sandbox") == true)
            #expect(Array(buffer: picture.body) == expected.bytes)
            #expect(expected.bytes.starts(with: [0xFF, 0xD8, 0xFF]), "a JPEG, decoded from the file's base64")
            // The quiz file holds the answers: never served, nor anything under it but its pictures.
            #expect(try await client.execute(uri: "/berkas/moodle/kuis/truefalse.xml", method: .get).status == .notFound)
            #expect(try await client.execute(uri: address.replacingOccurrences(of: "logo.jpg", with: "tidak-ada.jpg"), method: .get).status == .notFound)
        }
    }
}
