import Foundation
import Hummingbird
import LenteraStore
import LenteraTestSupport
import Logging

@testable import LenteraWeb

/// A courses folder, a public folder and a data folder in a fresh temporary directory.
final class SiteFixture: @unchecked Sendable {
    let root: String
    var courses: String { root + "/courses" }
    /// The programs folder (not made until a test writes a program into it).
    var programs: String { root + "/programs" }
    var publicDirectory: String { root + "/public" }
    var data: String { root + "/data" }
    /// The PostgreSQL database of this fixture when the tests run on PostgreSQL (`LENTERA_TEST_DATABASE=postgres`);
    /// nil for SQLite in the data folder.
    let databaseURL: String?
    /// A file outside every served folder, which no request may ever reveal.
    static let secret = "RAHASIA-JANGAN-BOCOR"

    init() throws {
        root = NSTemporaryDirectory() + "lentera-web-" + UUID().uuidString
        databaseURL = TestPostgres.applicationTestsUsePostgres ? try TestPostgres.newDatabaseURL() : nil
        for folder in ["courses", "public", "data"] {
            try FileManager.default.createDirectory(atPath: root + "/" + folder, withIntermediateDirectories: true)
        }
        try write("secret.txt", Self.secret)
        try write("public/style.css", "body{color:#123}\n" + String(repeating: "p{margin:0}\n", count: 100))
        try write("public/lentera.svg", "<svg xmlns=\"http://www.w3.org/2000/svg\"/>")
        try writeCourse()
    }

    deinit {
        try? FileManager.default.removeItem(atPath: root)
    }

    /// A course of one short module and one quiz, the quiz's `href` and attributes as given: the frame the quiz
    /// HTTP tests put the question files they take into.
    func writeQuizCourse(_ id: String, quiz href: String, attributes: String = #"attempts="0""#) throws {
        try write(
            "courses/\(id)/course.xml",
            """
            <course jp="1" lang="id">
              <title>\(id)</title>
              <module id="baca" href="baca.md"/>
              <quiz id="uji" title="Uji" href="\(href)" \(attributes)/>
            </course>
            """)
        try write("courses/\(id)/baca.md", "# Baca\n\nBacaan.\n")
    }

    func write(_ relative: String, _ content: String) throws {
        try write(relative, Data(content.utf8))
    }

    func write(_ relative: String, _ data: Data) throws {
        let path = root + "/" + relative
        try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try data.write(to: URL(fileURLWithPath: path))
    }

    /// The course `dasar`: two modules, an image, a text attachment, a large video-sized file.
    func writeCourse(folder: String = "dasar", title: String = "Kursus Dasar", firstModuleText: String = "Teks pertama.") throws {
        try write(
            "courses/\(folder)/course.xml",
            """
            <course jp="2" lang="id">
              <title>\(title)</title>
              <summary>Ringkasan.</summary>
              <category>teknis</category>
              <section title="Bagian">
                <module id="satu" href="satu.md"/>
              </section>
              <module id="dua" href="dua.md"/>
            </course>
            """
        )
        try write("courses/\(folder)/satu.md", "---\ntitle: Modul Satu\n---\n# Modul Satu\n\n\(firstModuleText)\n\n## Bagian A\n\n![gambar](gambar.png)\n")
        try write("courses/\(folder)/dua.md", "# Modul Dua\n\n[kembali](satu.md)\n")
        try write("courses/\(folder)/gambar.png", Data((0..<200).map { UInt8($0) }))
        try write("courses/\(folder)/catatan.txt", String(repeating: "0123456789", count: 100))
    }

    /// Bytes 0, 1, ..., 255, 0, 1, ... so that any slice can be checked.
    static func pattern(_ count: Int) -> Data {
        Data((0..<count).map { UInt8($0 % 256) })
    }

    var configuration: ServerConfiguration {
        var configuration = ServerConfiguration(
            coursesDirectory: courses, dataDirectory: data, publicDirectory: publicDirectory, host: "127.0.0.1", port: 0,
            reloadInterval: .milliseconds(100)
        )
        configuration.databaseURL = databaseURL
        configuration.programsDirectory = programs
        return configuration
    }

    /// The application's database, opened beside it (to make accounts and read records directly).
    func openStore() async throws -> any LenteraDatabase {
        if let databaseURL { return try await PostgresStore(url: databaseURL, maximumConnections: 4) }
        return try SQLiteStore(path: data + "/lentera.sqlite")
    }

    func application() async throws -> some ApplicationProtocol {
        try await application { _ in }
    }

    /// The application with its configuration changed by `configure`.
    func application(_ configure: (inout ServerConfiguration) -> Void) async throws -> some ApplicationProtocol {
        var logger = Logger(label: "lentera-test")
        logger.logLevel = .critical
        var configuration = configuration
        configure(&configuration)
        return try await buildApplication(configuration, logger: logger)
    }
}
