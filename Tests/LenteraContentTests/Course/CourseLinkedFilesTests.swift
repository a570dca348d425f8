import Foundation
import Testing

@testable import LenteraCore
@testable import LenteraContent
import LenteraTestSupport

@Suite struct CourseLinkedFilesTests {
    @Test func theFilesModulesShowOrLinkToAreListedOnceAndNothingElse() throws {
        let fixture = try CoursesFixture()
        try fixture.writeValidCourse()
        // A video in raw HTML, a PDF opened at a page, a name with a space, the same image twice; a note no module names.
        try fixture.write(
            "dasar/03-penutup.md",
            "# Penutup\n\n<video controls src=\"media/film.mp4\"></video>\n\n[panduan](lampiran/berkas.pdf#page=3) "
                + "![peta](gambar/peta%20kota.png) ![lagi](gambar/bagan.png)\n"
        )
        try fixture.write("dasar/media/film.mp4", "MP4")
        try fixture.write("dasar/gambar/peta kota.png", "PNG")
        try fixture.write("dasar/catatan.txt", "not linked")

        let course = try #require(CourseLoader(coursesDirectory: fixture.root).loadCourse(folderName: "dasar").course)

        #expect(course.linkedFiles == ["gambar/bagan.png", "gambar/peta kota.png", "lampiran/berkas.pdf", "media/film.mp4"])
        #expect(course.files["catatan.txt"] != nil)
    }

    @Test func aCourseWithoutFilesListsNone() throws {
        let fixture = try CoursesFixture()
        try fixture.write("kosong/course.xml", "<course jp=\"1\"><title>Kosong</title><module id=\"satu\" href=\"satu.md\"/></course>")
        try fixture.write("kosong/satu.md", "# Satu\n\nTanpa gambar. [Ke situs lain](https://example.org/berkas/kosong/x.png)\n")

        let course = try #require(CourseLoader(coursesDirectory: fixture.root).loadCourse(folderName: "kosong").course)

        #expect(course.linkedFiles.isEmpty)
    }
}
