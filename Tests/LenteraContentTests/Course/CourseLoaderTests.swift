import Foundation
import Testing

@testable import LenteraCore
@testable import LenteraContent
import LenteraTestSupport

@Suite struct CourseLoaderTests {
    @Test func loadsAValidCourse() throws {
        let fixture = try CoursesFixture()
        try fixture.writeValidCourse()

        let result = CourseLoader(coursesDirectory: fixture.root).loadCourse(folderName: "dasar")

        let course = try #require(result.course, "\(result.problems)")
        #expect(result.problems.isEmpty)
        #expect(course.id == "dasar")
        #expect(course.jp == JP(hundredths: 250))
        #expect(course.category == .teknis)
        #expect(course.keywords == ["data", "laporan"])
        #expect(course.modules.map(\.id) == ["pengantar", "lanjutan", "penutup"])
        #expect(course.modules.map(\.title) == ["Pengantar", "Lanjutan", "Penutup"])
        #expect(course.modules[0].minutes == 10)
        #expect(course.modules[0].sectionPath == ["Bagian Satu"])
        #expect(course.modules[2].sectionPath == [])
        #expect(course.modules[0].html.contains(#"href="/kursus/dasar/lanjutan#bagian""#))
        #expect(course.modules[0].html.contains(#"src="/berkas/dasar/gambar/bagan.png""#))
        #expect(course.modules[1].html.contains(#"href="/berkas/dasar/lampiran/berkas.pdf""#))
        #expect(course.modules[0].tableOfContents.map(\.text) == ["Tujuan"])
        #expect(course.files["gambar/bagan.png"] != nil)
    }

    @Test func rawHTMLPathsResolveLikeMarkdownLinks() throws {
        let fixture = try CoursesFixture()
        try fixture.writeValidCourse()
        try fixture.write(
            "dasar/03-penutup.md",
            "# Penutup\n\n<video controls src=\"media/film.mp4\"></video>\n\n<a href=\"01-pengantar.md\">awal</a> "
                + "[panduan](lampiran/berkas.pdf#page=3)\n\n<img src=\"gambar/hilang.png\" alt=\"x\">\n"
        )
        try fixture.write("dasar/media/film.mp4", "MP4")

        let result = CourseLoader(coursesDirectory: fixture.root).loadCourse(folderName: "dasar")

        #expect(result.problems == [Problem(file: "dasar/03-penutup.md", line: 7, kind: .missingImage("gambar/hilang.png"))])
        try fixture.write("dasar/gambar/hilang.png", "PNG")
        let course = try #require(CourseLoader(coursesDirectory: fixture.root).loadCourse(folderName: "dasar").course)
        let html = try #require(course.module(withID: "penutup")).html
        #expect(html.contains(#"<video controls src="/berkas/dasar/media/film.mp4">"#))
        #expect(html.contains(#"<a href="/kursus/dasar/pengantar">awal</a>"#))
        #expect(html.contains(#"href="/berkas/dasar/lampiran/berkas.pdf#page=3""#))
        #expect(html.contains(#"<img loading="lazy" src="/berkas/dasar/gambar/hilang.png" alt="x" />"#))
    }

    @Test func moduleIDsSurviveMovingAndRenamingFiles() throws {
        let fixture = try CoursesFixture()
        try fixture.writeValidCourse()
        let before = try #require(CourseLoader(coursesDirectory: fixture.root).loadCourse(folderName: "dasar").course)
        try FileManager.default.moveItem(atPath: fixture.root + "/dasar/03-penutup.md", toPath: fixture.root + "/dasar/akhir.md")
        try fixture.write(
            "dasar/course.xml",
            """
            <course jp="2.5"><title>Kursus Dasar</title>
            <module id="penutup" href="akhir.md"/>
            <module id="pengantar" href="01-pengantar.md"/><module id="lanjutan" href="02-lanjutan.md"/></course>
            """
        )

        let after = try #require(CourseLoader(coursesDirectory: fixture.root).loadCourse(folderName: "dasar").course)

        #expect(Set(after.modules.map(\.id)) == Set(before.modules.map(\.id)))
        #expect(after.modules.first?.id == "penutup")
        #expect(after.contentVersion != before.contentVersion)
    }

    @Test func reportsMalformedXMLWithItsLine() throws {
        let fixture = try CoursesFixture()
        try fixture.write("rusak/course.xml", "<course jp=\"1\">\n  <title>Rusak</title>\n  <module id=\"a\" href=\"a.md\">\n</course>\n")

        let result = CourseLoader(coursesDirectory: fixture.root).loadCourse(folderName: "rusak")

        #expect(result.course == nil)
        let problem = try #require(result.problems.first)
        #expect(problem.file == "rusak/course.xml")
        #expect(problem.line == 4)
        guard case .malformedXML = problem.kind else {
            Issue.record("expected malformed XML, got \(problem.kind)")
            return
        }
        #expect(problem.formatted(in: .english).hasPrefix("rusak/course.xml:4: malformed XML:"))
    }

    @Test func reportsEachManifestErrorWithItsLine() throws {
        let fixture = try CoursesFixture()
        try fixture.write(
            "salah/course.xml",
            """
            <course jp="dua">
              <title>Salah</title>
              <category>olahraga</category>
              <durasi>3</durasi>
              <module id="a" href="a.md"/>
              <module id="a" href="b.md"/>
              <module id="c" href="tidak-ada.md"/>
              <module id="d" href="../luar.md"/>
              <module id="e" href="gambar.png"/>
              <module href="f.md"/>
            </course>
            """
        )
        try fixture.write("salah/a.md", "# A\n\n![x](hilang.png)\n\n[modul](b.md) [berkas](tidak/ada.pdf)\n")
        try fixture.write("salah/b.md", "# B\n")
        try fixture.write("salah/gambar.png", "PNG")

        let result = CourseLoader(coursesDirectory: fixture.root).loadCourse(folderName: "salah")

        #expect(result.course == nil)
        let found = result.problems.map { "\($0.file):\($0.line ?? 0) \($0.kind)" }
        let expected: [(String, Int, ProblemKind)] = [
            ("salah/course.xml", 1, .invalidJP("dua")),
            ("salah/course.xml", 3, .unknownCategory("olahraga")),
            ("salah/course.xml", 4, .unknownElement("durasi")),
            ("salah/course.xml", 6, .duplicateModuleID("a", firstLine: 5)),
            ("salah/course.xml", 7, .moduleFileMissing("tidak-ada.md")),
            ("salah/course.xml", 8, .pathOutsideCourse("../luar.md")),
            ("salah/course.xml", 9, .moduleFileNotMarkdown("gambar.png")),
            ("salah/course.xml", 10, .missingAttribute(element: "module", attribute: "id")),
            ("salah/a.md", 3, .missingImage("hilang.png")),
            ("salah/a.md", 5, .linkToUnknownModule("b.md")),
            ("salah/a.md", 5, .missingLinkTarget("tidak/ada.pdf")),
        ]
        for (file, line, kind) in expected {
            #expect(
                result.problems.contains(Problem(file: file, line: line, kind: kind)),
                "missing \(file):\(line) \(kind) in \(found)"
            )
        }
        #expect(result.problems.count == expected.count, "\(found)")
        #expect(result.problems.first { $0.kind == .unknownElement("durasi") }?.severity == .warning)
    }

    @Test func unknownElementsAreOnlyWarnings() throws {
        let fixture = try CoursesFixture()
        try fixture.write("w/course.xml", "<course jp=\"1\"><title>W</title><penulis>Budi</penulis><module id=\"a\" href=\"a.md\"/></course>")
        try fixture.write("w/a.md", "# A\n")

        let result = CourseLoader(coursesDirectory: fixture.root).loadCourse(folderName: "w")

        #expect(result.course != nil)
        #expect(result.problems == [Problem(file: "w/course.xml", line: 1, kind: .unknownElement("penulis"))])
    }

    @Test func refusesDoctypesAndExternalEntities() throws {
        let fixture = try CoursesFixture()
        try fixture.write(
            "xxe/course.xml",
            """
            <?xml version="1.0"?>
            <!DOCTYPE course [<!ENTITY rahasia SYSTEM "file:///etc/passwd">]>
            <course jp="1"><title>&rahasia;</title><module id="a" href="a.md"/></course>
            """
        )
        try fixture.write("xxe/a.md", "# A\n")
        try fixture.write(
            "bom/course.xml",
            """
            <?xml version="1.0"?>
            <!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
            <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>
            <course jp="1"><title>&lol3;</title><module id="a" href="a.md"/></course>
            """
        )
        try fixture.write("bom/a.md", "# A\n")

        let loader = CourseLoader(coursesDirectory: fixture.root)
        for folder in ["xxe", "bom"] {
            let result = loader.loadCourse(folderName: folder)
            #expect(result.course == nil)
            #expect(result.problems.map(\.kind) == [.doctypeNotAllowed], "\(folder): \(result.problems)")
            #expect(result.problems.first?.line == 2)
        }
    }

    @Test func folderWithoutManifestIsReported() throws {
        let fixture = try CoursesFixture()
        try fixture.write("kosong/catatan.txt", "x")

        let result = CourseLoader(coursesDirectory: fixture.root).loadCourse(folderName: "kosong")

        #expect(result.course == nil)
        #expect(result.problems == [Problem(file: "kosong", line: nil, kind: .missingManifest)])
    }

    @Test func duplicateCourseIDsAcrossFolders() throws {
        let fixture = try CoursesFixture()
        try fixture.writeValidCourse(folder: "a", id: "sama")
        try fixture.writeValidCourse(folder: "b", id: "sama")

        let results = try CourseLoader(coursesDirectory: fixture.root).loadAll()

        #expect(results.map { $0.course?.id } == ["sama", nil])
        #expect(results[1].problems.contains(Problem(file: "b/course.xml", line: 1, kind: .duplicateCourseID("sama", otherFolder: "a"))))
    }

    @Test func symlinksLeavingTheCourseAreNotIndexed() throws {
        let fixture = try CoursesFixture()
        try fixture.writeValidCourse()
        try fixture.write("rahasia.txt", "jangan")
        try FileManager.default.createSymbolicLink(atPath: fixture.root + "/dasar/bocor.txt", withDestinationPath: fixture.root + "/rahasia.txt")
        try FileManager.default.createSymbolicLink(atPath: fixture.root + "/dasar/salinan.pdf", withDestinationPath: "lampiran/berkas.pdf")

        let course = try #require(CourseLoader(coursesDirectory: fixture.root).loadCourse(folderName: "dasar").course)

        #expect(course.files["bocor.txt"] == nil)
        #expect(course.files["salinan.pdf"] != nil)
    }

    @Test func shippedCoursesAreValid() throws {
        let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../../courses").standardized.path
        let results = try CourseLoader(coursesDirectory: directory).loadAll()

        #expect(results.count >= 2)
        for result in results {
            #expect(result.problems.isEmpty, "\(result.folderName): \(result.problems)")
            #expect(result.course != nil)
        }
        #expect(results.compactMap(\.course).contains { $0.title == "Penyusunan Program Pembinaan ASN" })
    }

    @Test func checkingACourseFolderChecksThatCourseNotItsSubfolders() throws {
        let fixture = try CoursesFixture()
        try fixture.writeValidCourse()
        try fixture.write("dasar/course.xml", "<course jp=\"2.5\">\n<title>Rusak</title>\n<module id=\"a\" href=\"01-pengantar.md\">\n</course>\n")

        let target = CourseLoader.checkTarget(fixture.root + "/dasar/")
        let results = try CourseLoader.check(target)

        #expect(target == .course(coursesDirectory: URL(fileURLWithPath: fixture.root).standardizedFileURL.path, folderName: "dasar"))
        #expect(CourseLoader.checkTarget(fixture.root) == .courses(directory: fixture.root))
        #expect(results.map(\.folderName) == ["dasar"])
        #expect(results[0].problems.map(\.file) == ["dasar/course.xml"])
        #expect(results[0].problems.first?.line == 4)
    }
}

@Suite struct ValueTests {
    @Test func jpParsing() {
        #expect(JP(parsing: "2") == JP(hundredths: 200))
        #expect(JP(parsing: "2.5") == JP(hundredths: 250))
        #expect(JP(parsing: "2,25") == JP(hundredths: 225))
        #expect(JP(parsing: " 0.05 ") == JP(hundredths: 5))
        for bad in ["", "-1", "dua", "1.234", "1.", ".5", "1e3", "١"] {
            #expect(JP(parsing: bad) == nil, "\(bad)")
        }
        #expect(JP(hundredths: 250).formatted(for: .indonesian) == "2,5")
        #expect(JP(hundredths: 205).description == "2.05")
    }

    @Test func pathNormalization() {
        #expect(CoursePath.normalize("a/./b/../c.md") == "a/c.md")
        #expect(CoursePath.normalize("../c.md", relativeTo: "sub") == "c.md")
        #expect(CoursePath.normalize("../../c.md", relativeTo: "sub") == nil)
        #expect(CoursePath.normalize("/etc/passwd") == nil)
        #expect(CoursePath.normalize("a\\..\\..\\b") == nil)
        // By bytes: `/` followed by a combining mark (one Swift character) still ends a component, as for the file system.
        #expect(CoursePath.normalize("../\u{338}x") == nil)
        #expect(CoursePath.normalize("/\u{338}etc/passwd") == nil)
        #expect(CoursePath.normalize("a/../\u{338}b") == "\u{338}b")
        #expect(QTIImporter.packagePath("../\u{338}x") == nil && QTIImporter.packagePath("soal/\u{338}x.xml") == "soal/\u{338}x.xml")
        #expect(CoursePath.isValidID("modul-1_a.b"))
        #expect(!CoursePath.isValidID("../x"))
        #expect(!CoursePath.isValidID("a b"))
    }

    @Test func frontMatter() {
        let (front, body, offset, problems) = FrontMatter.split("---\ntitle: \"Judul: Satu\"\nminutes: 15\n---\n# Isi\n")
        #expect(front.title == "Judul: Satu")
        #expect(front.minutes == 15)
        #expect(body == "# Isi\n")
        #expect(offset == 4)
        #expect(problems.isEmpty)

        let (_, _, _, bad) = FrontMatter.split("---\nminutes: lima\n---\n")
        #expect(bad == [FrontMatter.Problem(line: 2, kind: .invalidMinutes("lima"))])
        let (_, unclosedBody, _, unclosed) = FrontMatter.split("---\ntitle: x\n")
        #expect(unclosed.map(\.kind) == [.unterminatedFrontMatter])
        #expect(unclosedBody == "---\ntitle: x\n")

        // Saved on Windows: CRLF line ends read the same.
        let (windows, windowsBody, windowsOffset, windowsProblems) = FrontMatter.split("---\r\ntitle: Judul\r\nminutes: 5\r\n---\r\n# Isi\r\n")
        #expect(windows.title == "Judul" && windows.minutes == 5)
        #expect(windowsBody == "# Isi\r\n" && windowsOffset == 4 && windowsProblems.isEmpty)
    }

    @Test func searchIsCaseAndAccentInsensitive() throws {
        let fixture = try CoursesFixture()
        try fixture.writeValidCourse()
        let course = try #require(CourseLoader(coursesDirectory: fixture.root).loadCourse(folderName: "dasar").course)

        #expect(CourseSearch.matches(course, terms: CourseSearch.terms(of: "KURSUS dásar")))
        #expect(CourseSearch.matches(course, terms: CourseSearch.terms(of: "laporan")))
        #expect(CourseSearch.matches(course, terms: CourseSearch.terms(of: "penutup")))
        #expect(!CourseSearch.matches(course, terms: CourseSearch.terms(of: "dasar olahraga")))
    }
}
