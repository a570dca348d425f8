import Foundation

/// A courses folder in a fresh temporary directory, removed when the test ends.
public final class CoursesFixture {
    public let root: String

    public init() throws {
        root = NSTemporaryDirectory() + "lentera-test-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
    }

    deinit {
        try? FileManager.default.removeItem(atPath: root)
    }

    /// Writes a file (creating folders) relative to the courses folder.
    public func write(_ relative: String, _ content: String) throws {
        try write(relative, Data(content.utf8))
    }

    /// Writes bytes to a file (creating folders) relative to the courses folder.
    public func write(_ relative: String, _ data: Data) throws {
        let path = root + "/" + relative
        try FileManager.default.createDirectory(
            atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true
        )
        try data.write(to: URL(fileURLWithPath: path))
    }

    /// A small valid course with two modules in a section and one outside.
    public func writeValidCourse(folder: String = "dasar", id: String? = nil) throws {
        let idAttribute = id.map { " id=\"\($0)\"" } ?? ""
        try write(
            "\(folder)/course.xml",
            """
            <?xml version="1.0" encoding="UTF-8"?>
            <course\(idAttribute) lang="id" jp="2.5">
              <title>Kursus Dasar</title>
              <summary>Ringkasan kursus.</summary>
              <category>teknis</category>
              <keywords>data, laporan</keywords>
              <section title="Bagian Satu">
                <module id="pengantar" href="01-pengantar.md"/>
                <module id="lanjutan" href="02-lanjutan.md"/>
              </section>
              <module id="penutup" href="03-penutup.md"/>
            </course>
            """
        )
        try write(
            "\(folder)/01-pengantar.md",
            """
            ---
            title: Pengantar
            minutes: 10
            ---
            # Pengantar

            Lihat [lanjutan](02-lanjutan.md#bagian) dan ![bagan](gambar/bagan.png).

            ## Tujuan

            Teks.
            """
        )
        try write("\(folder)/02-lanjutan.md", "# Lanjutan\n\n## Bagian\n\n[unduh](lampiran/berkas.pdf)\n")
        try write("\(folder)/03-penutup.md", "---\ntitle: Penutup\n---\nSelesai.\n")
        try write("\(folder)/gambar/bagan.png", "PNG")
        try write("\(folder)/lampiran/berkas.pdf", "%PDF-1.4")
    }
}
