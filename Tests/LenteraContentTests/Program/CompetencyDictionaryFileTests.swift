import Foundation
import Testing

@testable import LenteraContent
@testable import LenteraCore
import LenteraTestSupport

/// The competency dictionary, `programs/kompetensi.xml`, and the competencies courses declare (issue 14).
@Suite struct CompetencyDictionaryFileTests {
    @Test func readsCompetenciesAndStandards() throws {
        let fixture = try CoursesFixture()
        try fixture.write("kompetensi.xml", """
            <competencies>
              <competency id="data" kind="teknis"><name>Pengelolaan  Data</name><level n="3">Mengolah data</level></competency>
              <competency id="layanan" kind="sosial-kultural"><name>Pelayanan Publik</name></competency>
              <standard position="Pengelola Data"><require competency="data" level="3"/><require competency="layanan" level="2"/></standard>
            </competencies>
            """)
        let (dictionary, problems) = CompetencyDictionaryFile.load(programsDirectory: fixture.root)
        #expect(problems.isEmpty)
        let loaded = try #require(dictionary)
        #expect(loaded.competencies.map(\.name) == ["Pengelolaan Data", "Pelayanan Publik"] && loaded.competencies[0].levels[2] == "Mengolah data")
        #expect(loaded.competencies[1].kind == .sosialKultural && loaded.competencies[1].levels.isEmpty)
        #expect(loaded.standard(for: "pengelola  DATA")?.required == ["data": 3, "layanan": 2])
        // No file: no dictionary, and nothing wrong.
        let empty = try CoursesFixture()
        #expect(CompetencyDictionaryFile.load(programsDirectory: empty.root).dictionary == nil)
        #expect(CompetencyDictionaryFile.load(programsDirectory: empty.root).problems.isEmpty)
    }

    @Test func everyProblemIsNamedByLine() throws {
        let fixture = try CoursesFixture()
        try fixture.write("kompetensi.xml", """
            <competencies>
              <competency id="data" kind="teknis"><name>Data</name><level n="7">x</level></competency>
              <competency id="data" kind="teknis"><name>Lagi</name></competency>
              <competency id="x" kind="umum"><name>X</name></competency>
              <competency id="y" kind="teknis"/>
              <standard position="Analis"><require competency="tidak-ada" level="3"/><require competency="data" level="9"/></standard>
              <standard position="analis"><require competency="data" level="2"/></standard>
              <catatan/>
            </competencies>
            """)
        let (dictionary, problems) = CompetencyDictionaryFile.load(programsDirectory: fixture.root)
        #expect(dictionary == nil)
        #expect(problems.map { "\($0.line ?? 0) \($0.kind.message(in: .english))" } == [
            "2 <level n> must be 1 to 5",
            "3 competency id \"data\" is already used on line 2",
            "4 kind=\"umum\" must be teknis, manajerial or sosial-kultural",
            "5 the <name> element is required",
            "6 competency \"tidak-ada\" is not in this dictionary",
            "6 level must be 1 to 5",
            "6 the standard of \"Analis\" requires no competency: add <require>",
            "7 the standard of \"analis\" is already written on line 6",
            "8 unknown element <catatan> is ignored",
        ])
    }

    @Test func coursesDeclareTheCompetenciesTheyDevelopAndUnknownOnesAreWarned() throws {
        let fixture = try CoursesFixture()
        try fixture.writeValidCourse()
        let manifest = try String(contentsOfFile: fixture.root + "/dasar/course.xml", encoding: .utf8)
        try fixture.write("dasar/course.xml", manifest.replacingOccurrences(
            of: "<title>", with: "<competency ref=\"data\" level=\"3\"/><competency ref=\"asing\" level=\"2\"/><competency ref=\"salah\" level=\"8\"/><title>"))
        let result = CourseLoader(coursesDirectory: fixture.root).loadCourse(folderName: "dasar")
        #expect(result.course == nil)
        #expect(result.problems.map { $0.kind.message(in: .english) }.contains("<competency ref=\"salah\"> must give the level 1 to 5 learners reach"))
        try fixture.write("dasar/course.xml", manifest.replacingOccurrences(
            of: "<title>", with: "<competency ref=\"data\" level=\"3\"/><competency ref=\"asing\" level=\"2\"/><title>"))
        let course = try #require(CourseLoader(coursesDirectory: fixture.root).loadCourse(folderName: "dasar").course)
        #expect(course.competencies == ["data": 3, "asing": 2])
        let dictionary = CompetencyDictionary(competencies: [Competency(id: "data", name: "Data", kind: .teknis)])
        let warnings = CompetencyDictionaryFile.unknownReferences(dictionary, courses: [course])
        #expect(warnings.map { $0.formatted(in: .english) } == [
            "dasar/course.xml: warning: competency \"asing\" is not in programs/kompetensi.xml: this course will not be suggested for it"
        ])
    }

    @Test func theShippedDictionaryIsValidAndTheShippedCoursesUseIt() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../..").standardized.path
        let (dictionary, problems) = CompetencyDictionaryFile.load(programsDirectory: root + "/programs")
        #expect(problems.isEmpty)
        let loaded = try #require(dictionary)
        let courses = try CourseLoader(coursesDirectory: root + "/courses").loadAll().compactMap(\.course)
        #expect(CompetencyDictionaryFile.unknownReferences(loaded, courses: courses).isEmpty)
        #expect(courses.allSatisfy { !$0.competencies.isEmpty })
    }
}
