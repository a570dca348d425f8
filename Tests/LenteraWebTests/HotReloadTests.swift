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

    @Test func aCourseBrokenAtARestartIsServedFromItsLastGoodCopy() async throws {
        let fixture = try SiteFixture()
        let first = try await fixture.application()
        let nip = "198503152010011001"
        _ = try await fixture.addAccount(nip, name: "Budi", unit: "Pemkab Sleman")
        let author = try await fixture.sessionCookie(role: .author)
        try await first.test(.router) { client in
            var browser = Browser()
            _ = try await browser.signIn(client, nip: nip, password: "rahasia-123")
            #expect(try await browser.get(client, "/kursus/dasar/satu").status == .ok)
        }

        // The author breaks the course while the server is stopped.
        try fixture.write("courses/dasar/course.xml", "<course jp=\"2\">\n<title>Rusak</title>\n<module id=\"satu\" href=\"satu.md\">\n</course>\n")
        try fixture.write("courses/dasar/satu.md", "# Modul Satu\n\nTeks yang belum pernah dimuat.\n")
        let restarted = try await fixture.application()

        try await restarted.test(.router) { client in
            let module = try await client.execute(uri: "/kursus/dasar/satu", method: .get)
            #expect(module.status == .ok)
            #expect(String(buffer: module.body).contains("Teks pertama."))
            #expect(try await client.execute(uri: "/berkas/dasar/gambar.png", method: .get).status == .ok)
            #expect(String(buffer: try await client.execute(uri: "/", method: .get).body).contains("Kursus Dasar"))
            var browser = Browser()
            _ = try await browser.signIn(client, nip: nip, password: "rahasia-123")
            #expect(String(buffer: try await browser.get(client, "/beranda").body).contains(#"href="/kursus/dasar/dua""#))
            let status = String(buffer: try await client.execute(uri: "/status", method: .get, headers: [.cookie: author]).body)
            #expect(status.contains("dasar/course.xml:4"))
            #expect(status.contains("dari salinan di <code>\(fixture.data)/courses-last-good/dasar</code>"))
        }
    }

    @Test func aCopiedFolderThatSortsFirstDoesNotTakeOverTheCourse() async throws {
        let fixture = try SiteFixture()
        try fixture.write("courses/dasar/course.xml", try String(contentsOfFile: fixture.courses + "/dasar/course.xml", encoding: .utf8)
            .replacingOccurrences(of: "<course ", with: "<course id=\"dasar\" "))
        let app = try await fixture.application()
        let author = try await fixture.sessionCookie(role: .author)

        try await app.test(.router) { client in
            func body(_ uri: String) async throws -> String {
                let headers: HTTPFields = uri == "/status" ? [.cookie: author] : [:]
                return String(buffer: try await client.execute(uri: uri, method: .get, headers: headers).body)
            }
            // A copy whose name sorts first is refused, naming the folder that serves the id.
            try FileManager.default.copyItem(atPath: fixture.courses + "/dasar", toPath: fixture.courses + "/a-salinan")
            try fixture.write("courses/a-salinan/satu.md", "# Modul Satu\n\nTeks salinan.\n")
            #expect(try await eventually { try await body("/status").contains("a-salinan/course.xml:1") })
            #expect(try await body("/status").contains("sudah dipakai oleh folder dasar"))
            #expect(try await body("/kursus/dasar/satu").contains("Teks pertama."))

            // The original stays editable while the copy is there, and after it is deleted.
            try fixture.write("courses/dasar/satu.md", "# Modul Satu\n\nTeks asli yang diperbarui.\n")
            #expect(try await eventually { try await body("/kursus/dasar/satu").contains("Teks asli yang diperbarui.") })
            try FileManager.default.removeItem(atPath: fixture.courses + "/a-salinan")
            #expect(try await eventually { !(try await body("/status").contains("a-salinan")) })
            try fixture.write("courses/dasar/satu.md", "# Modul Satu\n\nTeks asli lagi.\n")
            #expect(try await eventually { try await body("/kursus/dasar/satu").contains("Teks asli lagi.") })

            // Another copy is refused too; when the original is deleted, the copy is served without being touched.
            try FileManager.default.copyItem(atPath: fixture.courses + "/dasar", toPath: fixture.courses + "/b-salinan")
            try fixture.write("courses/b-salinan/satu.md", "# Modul Satu\n\nTeks salinan kedua.\n")
            #expect(try await eventually { try await body("/status").contains("b-salinan/course.xml:1") })
            #expect(try await body("/kursus/dasar/satu").contains("Teks asli lagi."))
            try FileManager.default.removeItem(atPath: fixture.courses + "/dasar")
            #expect(try await eventually { try await body("/kursus/dasar/satu").contains("Teks salinan kedua.") })
            #expect(!(try await body("/status").contains("sudah dipakai")))
        }
    }

    @Test func atARestartTheFolderThatServedACourseKeepsItsIDAgainstACopy() async throws {
        let fixture = try SiteFixture()
        try fixture.write("courses/dasar/course.xml", try String(contentsOfFile: fixture.courses + "/dasar/course.xml", encoding: .utf8)
            .replacingOccurrences(of: "<course ", with: "<course id=\"dasar\" "))
        let first = try await fixture.application()
        try await first.test(.router) { client in
            let course = try await client.execute(uri: "/kursus/dasar", method: .get)
            #expect(course.status == .ok)
        }

        // While the server is stopped, a copy whose name sorts first appears.
        try FileManager.default.copyItem(atPath: fixture.courses + "/dasar", toPath: fixture.courses + "/a-salinan")
        try fixture.write("courses/a-salinan/satu.md", "# Modul Satu\n\nTeks salinan.\n")
        let restarted = try await fixture.application()
        let author = try await fixture.sessionCookie(role: .author)

        try await restarted.test(.router) { client in
            #expect(String(buffer: try await client.execute(uri: "/kursus/dasar/satu", method: .get).body).contains("Teks pertama."))
            let status = String(buffer: try await client.execute(uri: "/status", method: .get, headers: [.cookie: author]).body)
            #expect(status.contains("a-salinan/course.xml:1"))
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
