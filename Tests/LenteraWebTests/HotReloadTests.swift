import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

@testable import LenteraWeb

/// Hot reload against a live server on loopback: the watcher runs as the application's service.
@Suite struct HotReloadTests {
    /// Polls until the condition holds, for at most ten seconds.
    func eventually(_ condition: () async throws -> Bool) async throws -> Bool {
        for _ in 0..<100 {
            if try await condition() { return true }
            try await Task.sleep(for: .milliseconds(100))
        }
        return false
    }

    @Test func coursesAppearChangeBreakAndDisappearWithoutARestart() async throws {
        let fixture = try SiteFixture()
        let app = try await fixture.application()
        let author = try await fixture.sessionCookie(role: .author)

        try await app.test(.live) { client in
            func body(_ uri: String) async throws -> (HTTPResponse.Status, String) {
                let headers: HTTPFields = uri == "/status" ? [.cookie: author] : [:]
                let response = try await client.execute(uri: uri, method: .get, headers: headers)
                return (response.status, String(buffer: response.body))
            }
            #expect(try await body("/kursus/baru").0 == .notFound)

            // A new folder appears.
            try fixture.writeCourse(folder: "baru", title: "Kursus Baru")
            try fixture.write("courses/baru/course.xml", try String(contentsOfFile: fixture.courses + "/baru/course.xml").replacingOccurrences(of: "<course ", with: "<course id=\"baru\" "))
            #expect(try await eventually { try await body("/kursus/baru").0 == .ok })
            #expect(try await body("/").1.contains("Kursus Baru"))

            // An edited module shows its new text.
            try fixture.write("courses/baru/satu.md", "# Modul Satu\n\nTeks yang diperbarui.\n")
            #expect(try await eventually { try await body("/kursus/baru/satu").1.contains("Teks yang diperbarui.") })

            // A broken manifest keeps the last good version online and is listed on the status page.
            try fixture.write("courses/baru/course.xml", "<course id=\"baru\" jp=\"1\">\n<title>Rusak</title>\n<module id=\"satu\" href=\"satu.md\">\n</course>\n")
            #expect(try await eventually { try await body("/status").1.contains("baru/course.xml:4") })
            let (status, page) = try await body("/kursus/baru/satu")
            #expect(status == .ok)
            #expect(page.contains("Teks yang diperbarui."))
            #expect(try await body("/kursus/dasar").0 == .ok)

            // Fixed again, it comes back in its new version.
            try fixture.write("courses/baru/course.xml", "<course id=\"baru\" jp=\"1\"><title>Kursus Baru Lagi</title><module id=\"satu\" href=\"satu.md\"/></course>")
            #expect(try await eventually { try await body("/kursus/baru").1.contains("Kursus Baru Lagi") })

            // A removed folder disappears.
            try FileManager.default.removeItem(atPath: fixture.courses + "/baru")
            #expect(try await eventually { try await body("/kursus/baru").0 == .notFound })
            #expect(!(try await body("/").1.contains("Kursus Baru")))
        }
    }

    @Test func aCourseBrokenFromTheStartIsListedButNotServed() async throws {
        let fixture = try SiteFixture()
        try fixture.write("courses/rusak/course.xml", "<course jp=\"x\"><title>Rusak</title><module id=\"a\" href=\"hilang.md\"/></course>")
        let app = try await fixture.application()
        let author = try await fixture.sessionCookie(role: .author)
        let learner = try await fixture.sessionCookie(role: .learner, nip: "198001012005011002")

        try await app.test(.router) { client in
            // Only authors, operators and admins see the status page.
            #expect(try await client.execute(uri: "/status", method: .get).headers[.location] == "/masuk?kembali=%2Fstatus")
            #expect(try await client.execute(uri: "/status", method: .get, headers: [.cookie: learner]).status == .notFound)
            let status = String(buffer: try await client.execute(uri: "/status", method: .get, headers: [.cookie: author]).body)
            #expect(status.contains("rusak/course.xml:1"))
            #expect(status.contains("Umpan balik per modul"))
            #expect(status.contains("hilang.md"))
            #expect(try await client.execute(uri: "/kursus/rusak", method: .get).status == .notFound)
            #expect(try await client.execute(uri: "/kursus/dasar", method: .get).status == .ok)
        }
    }

    @Test func anUnwritableDataFolderFailsAtStartUp() async throws {
        let fixture = try SiteFixture()
        try fixture.write("bukan-folder", "file")
        var configuration = fixture.configuration
        configuration.dataDirectory = fixture.root + "/bukan-folder/data"

        await #expect(throws: StartupError.self) {
            _ = try await buildApplication(configuration)
        }
    }
}
