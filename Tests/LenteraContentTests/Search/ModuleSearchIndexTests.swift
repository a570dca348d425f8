import Testing

@testable import LenteraCore
@testable import LenteraContent
import LenteraTestSupport

/// Issue 12, "Search inside the modules": module text, titles, keywords and summaries, found per module with a snippet.
@Suite struct ModuleSearchIndexTests {
    /// A course folder written from its modules' titles and Markdown bodies (module ids `m1`, `m2`, ...), then loaded.
    static func course(
        _ fixture: CoursesFixture, id: String, title: String = "Kursus Uji", keywords: String = "", modules: [(title: String, body: String)]
    ) throws -> Course {
        let entries = modules.indices.map { "<module id=\"m\($0 + 1)\" href=\"m\($0 + 1).md\"/>" }.joined(separator: "\n")
        let manifest = "<course id=\"\(id)\" jp=\"1\"><title>\(title)</title><keywords>\(keywords)</keywords>\n\(entries)\n</course>"
        try fixture.write("\(id)/course.xml", manifest)
        for (offset, module) in modules.enumerated() {
            try fixture.write("\(id)/m\(offset + 1).md", "# \(module.title)\n\n\(module.body)\n")
        }
        let result = CourseLoader(coursesDirectory: fixture.root).loadCourse(folderName: id)
        return try #require(result.course, "\(result.problems)")
    }

    static func index(_ courses: [Course]) -> ModuleSearchIndex {
        ModuleSearchIndex(documents: courses.flatMap { ModuleSearchIndex.documents(of: $0) })
    }

    /// The modules a query finds in every course of the index, best first, as `course/module`.
    static func found(_ index: ModuleSearchIndex, _ query: String) -> [String] {
        index.search(query, inCourses: Set(index.documents.map(\.courseID))).map { "\($0.courseID)/\($0.moduleID)" }
    }

    @Test func caseAndAccentsAreIgnoredOnBothSides() throws {
        let fixture = try CoursesFixture()
        let course = try Self.course(fixture, id: "a", modules: [("Pengantar", "Ringkasan *résumé* kegiatan di KAFÉ."), ("Lain", "Teks.")])
        let index = Self.index([course])

        #expect(Self.found(index, "resume") == ["a/m1"])
        #expect(Self.found(index, "RÉSUMÉ") == ["a/m1"])
        #expect(Self.found(index, "Kafe") == ["a/m1"])
    }

    @Test func aWordFindsTheWordsItBegins() throws {
        let fixture = try CoursesFixture()
        let index = Self.index([try Self.course(fixture, id: "a", modules: [("Satu", "Ikuti latihan berikut."), ("Dua", "Teks lain.")])])

        #expect(Self.found(index, "latih") == ["a/m1"])
        #expect(Self.found(index, "latiha") == ["a/m1"])
        #expect(Self.found(index, "la").isEmpty)  // two letters stand for themselves only
    }

    @Test func aSmallTypoStillFinds() throws {
        let fixture = try CoursesFixture()
        let index = Self.index([
            try Self.course(fixture, id: "a", modules: [("Data", "Buka aplikasi spreadsheet lalu tulis rumus."), ("Lain", "Teks.")])
        ])

        #expect(Self.found(index, "spreadshet") == ["a/m1"])  // one letter missing, 10 letters: two edits allowed
        #expect(Self.found(index, "rumsu") == ["a/m1"])  // two letters swapped
        #expect(Self.found(index, "rumah").isEmpty)  // two edits in five letters is another word
        #expect(Self.found(index, "xpreadsheet").isEmpty)  // typos are looked for among words that start alike
    }

    @Test func indonesianWordFormsMeet() throws {
        let fixture = try CoursesFixture()
        let index = Self.index([
            try Self.course(fixture, id: "a", modules: [
                ("Satu", "Pelatihan pegawai dilaksanakan tiap tahun."), ("Dua", "Pengelolaan arsip."), ("Tiga", "Teks."),
            ])
        ])

        #expect(Self.found(index, "melatih") == ["a/m1"])
        #expect(Self.found(index, "laksanakan") == ["a/m1"])
        #expect(Self.found(index, "kelola") == ["a/m2"])
        #expect(Self.found(index, "tahunnya") == ["a/m1"])
    }

    @Test func everyWordMustMatchUnlessNoModuleHasThemAll() throws {
        let fixture = try CoursesFixture()
        let index = Self.index([
            try Self.course(fixture, id: "a", modules: [("Satu", "Anggaran dan jadwal kegiatan."), ("Dua", "Anggaran saja."), ("Tiga", "Teks.")])
        ])

        let both = index.search("anggaran jadwal", inCourses: ["a"])
        #expect(both.map(\.moduleID) == ["m1"])
        let everyWord = both.allSatisfy { $0.matchedEveryWord }
        #expect(everyWord)
        // No module holds "zebra": modules with any word are listed, flagged as such.
        let some = index.search("anggaran zebra", inCourses: ["a"])
        #expect(Set(some.map(\.moduleID)) == ["m1", "m2"])
        #expect(some.allSatisfy { !$0.matchedEveryWord })
        #expect(index.search("zebra", inCourses: ["a"]).isEmpty)
    }

    @Test func titlesRankAboveKeywordsAboveText() throws {
        let fixture = try CoursesFixture()
        let plain = try Self.course(fixture, id: "a", modules: [("Pengantar", "Tentang anggaran."), ("Anggaran Daerah", "Teks.")])
        let tagged = try Self.course(fixture, id: "b", keywords: "anggaran, keuangan", modules: [("Pengantar", "Teks.")])
        let index = Self.index([plain, tagged])

        #expect(Self.found(index, "anggaran") == ["a/m2", "b/m1", "a/m1"])
    }

    @Test func exactWordsRankAboveOtherFormsOfThem() throws {
        let fixture = try CoursesFixture()
        let index = Self.index([try Self.course(fixture, id: "a", modules: [("Satu", "Sebutkan anggarannya."), ("Dua", "Sebutkan anggaran.")])])

        #expect(Self.found(index, "anggaran") == ["a/m2", "a/m1"])
    }

    @Test func modulesOfCoursesNotGivenAreNeverFound() throws {
        let fixture = try CoursesFixture()
        let index = Self.index([
            try Self.course(fixture, id: "a", modules: [("Satu", "Disdukcapil.")]),
            try Self.course(fixture, id: "b", modules: [("Satu", "Disdukcapil.")]),
        ])

        #expect(index.search("disdukcapil", inCourses: ["b"]).map(\.courseID) == ["b"])
        #expect(index.search("disdukcapil", inCourses: []).isEmpty)
    }

    @Test func theSnippetIsEscapedTextWithTheMatchesMarked() throws {
        let fixture = try CoursesFixture()
        let course = try Self.course(fixture, id: "a", modules: [("Keamanan", "Jangan menempel `<script>alert(1)</script>` ke sel & rumus.")])
        let index = Self.index([course])

        let hit = try #require(index.search("script", inCourses: ["a"]).first)
        #expect(hit.snippetHTML == "Keamanan Jangan menempel &lt;<mark>script</mark>&gt;alert(1)&lt;/<mark>script</mark>&gt; ke sel &amp; rumus.")
    }

    @Test func theSnippetShowsTheTextAroundTheBestMatch() throws {
        let fixture = try CoursesFixture()
        let filler = Array(repeating: "kalimat pengisi tanpa kata yang dicari", count: 20).joined(separator: " ")
        let body = "\(filler) rekap jam pelajaran disusun oleh unit kerja. \(filler)"
        let index = Self.index([try Self.course(fixture, id: "a", modules: [("Satu", body)])])

        let snippet = try #require(index.search("rekap unit", inCourses: ["a"]).first).snippetHTML
        #expect(snippet.hasPrefix("… ") && snippet.hasSuffix(" …"))
        #expect(snippet.contains("<mark>rekap</mark> jam pelajaran disusun oleh <mark>unit</mark> kerja."))
        #expect(snippet.count < 200)
    }

    @Test func imageDescriptionsAreText() throws {
        let fixture = try CoursesFixture()
        try fixture.write("a/grafik.png", "png")
        let index = Self.index([try Self.course(fixture, id: "a", modules: [("Grafik", "![Grafik JP Disdukcapil per unit](grafik.png)")])])

        #expect(Self.found(index, "disdukcapil") == ["a/m1"])
    }

    @Test func manyHitsAreCutAndLongQueriesAreRead() throws {
        let fixture = try CoursesFixture()
        let modules = (1...60).map { (title: "Modul \($0)", body: "Rekap anggaran ke-\($0).") }
        let index = Self.index([try Self.course(fixture, id: "a", modules: modules)])

        #expect(index.search("anggaran", inCourses: ["a"]).count == ModuleSearchIndex.mostHits)
        #expect(index.search("anggaran", inCourses: ["a"], limit: 5).count == 5)
        #expect(index.search(String(repeating: "anggaran ", count: 10_000), inCourses: ["a"]).count == ModuleSearchIndex.mostHits)
        #expect(index.search("!!! ???", inCourses: ["a"]).isEmpty)
    }
}
