import Foundation
import Testing

@testable import LenteraCore
@testable import LenteraContent
import LenteraTestSupport

@Suite struct LastGoodCopiesTests {
    /// The course `dasar` in a courses folder, and the copies' directory in a hidden folder beside it (which the loader
    /// never lists as a course).
    func setUp() throws -> (CoursesFixture, CourseLoader, LastGoodCopies) {
        let fixture = try CoursesFixture()
        try fixture.writeValidCourse()
        return (fixture, CourseLoader(coursesDirectory: fixture.root), LastGoodCopies(directory: fixture.root + "/.data/courses-last-good", reserve: 0))
    }

    func keep(_ loader: CourseLoader, _ copies: LastGoodCopies, previous: LastGoodCopies.Copy? = nil) throws -> (Course, LastGoodCopies.Copy) {
        let fingerprint = loader.fingerprint(folderName: "dasar")
        let course = try #require(loader.loadCourse(folderName: "dasar").course)
        return (course, try copies.keep(course, from: loader, fingerprint: fingerprint, previous: previous))
    }

    func versions(_ copies: LastGoodCopies) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: copies.directory + "/.versions")
    }

    @Test func aKeptCopyLoadsAsTheCourseDidAfterTheFolderBreaks() throws {
        let (fixture, loader, copies) = try setUp()
        let (course, _) = try keep(loader, copies)
        try fixture.write("dasar/course.xml", "<course jp=\"2.5\"><title>Rusak</title>")
        try fixture.write("dasar/01-pengantar.md", "# Diubah\n")

        let listing = try copies.list()
        let copy = try #require(listing.copies["dasar"])
        let served = try copies.load(copy)

        #expect(listing.damaged.isEmpty)
        #expect(copy.manifest.folder == "dasar")
        #expect(served.id == "dasar")
        #expect(served.folderName == "dasar")
        #expect(served.title == "Kursus Dasar")
        #expect(served.modules.map(\.id) == course.modules.map(\.id))
        #expect(served.modules[0].html == course.modules[0].html)
        #expect(served.contentVersion == course.contentVersion)
        #expect(try #require(served.files["gambar/bagan.png"]).path.contains("/courses-last-good/.versions/dasar@"))
        #expect(loader.loadCourse(folderName: "dasar").course == nil)
    }

    @Test func aNewVersionReplacesTheOldOneAndLinksTheFilesThatDidNotChange() throws {
        let (fixture, loader, copies) = try setUp()
        let (_, first) = try keep(loader, copies)
        let image = first.path + "/dasar/gambar/bagan.png"
        let inode = try FileManager.default.attributesOfItem(atPath: image)[.systemFileNumber] as? NSNumber
        try fixture.write("dasar/03-penutup.md", "---\ntitle: Penutup\n---\nSelesai, versi kedua.\n")

        let (course, second) = try keep(loader, copies, previous: first)

        #expect(try copies.list().copies["dasar"]?.manifest.contentVersion == course.contentVersion)
        #expect(try versions(copies) == [(second.path as NSString).lastPathComponent])
        #expect(!FileManager.default.fileExists(atPath: first.path))
        let linked = try FileManager.default.attributesOfItem(atPath: second.path + "/dasar/gambar/bagan.png")[.systemFileNumber] as? NSNumber
        #expect(inode != nil && linked == inode)
        #expect(try copies.load(second).modules.last?.html.contains("versi kedua") == true)
    }

    @Test func aFolderChangedSinceItLoadedIsNotCopied() throws {
        let (fixture, loader, copies) = try setUp()
        let fingerprint = loader.fingerprint(folderName: "dasar")
        let course = try #require(loader.loadCourse(folderName: "dasar").course)
        try fixture.write("dasar/course.xml", "<course jp=\"2.5\"><title>Rusak</title>")

        let thrown = #expect(throws: LastGoodCopies.Failure.self) {
            try copies.keep(course, from: loader, fingerprint: fingerprint, previous: nil)
        }

        #expect(thrown?.folderChanged == true)
        #expect(try copies.list().copies.isEmpty)
        #expect((try? versions(copies))?.isEmpty ?? true)
    }

    @Test func aCopyWhoseFilesNoLongerMatchTheirDigestsIsNotServed() throws {
        let (fixture, loader, copies) = try setUp()
        defer { withExtendedLifetime(fixture) {} }  // its folder goes when it does
        let (_, copy) = try keep(loader, copies)
        let module = copy.path + "/dasar/01-pengantar.md"
        var bytes = try Data(contentsOf: URL(fileURLWithPath: module))
        bytes[bytes.startIndex] ^= 1  // same size, other bytes
        try bytes.write(to: URL(fileURLWithPath: module))

        #expect(throws: LastGoodCopies.Failure.self) { try copies.load(copy) }
    }

    @Test func onlyTheCopiesOfCoursesKeptSurviveAPruneAndATidy() throws {
        let (fixture, loader, copies) = try setUp()
        defer { withExtendedLifetime(fixture) {} }  // its folder goes when it does
        _ = try keep(loader, copies)
        try FileManager.default.createDirectory(atPath: copies.directory + "/.staging/dasar@sisa", withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: copies.directory + "/.versions/lain@yatim", withIntermediateDirectories: true)

        copies.tidy()
        #expect(try FileManager.default.contentsOfDirectory(atPath: copies.directory + "/.staging").isEmpty)
        #expect(try versions(copies).count == 1)
        #expect(try copies.prune(keeping: ["dasar"]).isEmpty)
        #expect(try copies.prune(keeping: []) == ["dasar"])
        #expect(try copies.list().copies.isEmpty)
        #expect(try versions(copies).isEmpty)
    }
}
