import Foundation
import Testing

@testable import LenteraContent
@testable import LenteraCore
import LenteraTestSupport

/// Program files as `lentera check` and the server read them: every problem by file and line (issue 14).
@Suite struct ProgramLoaderTests {
    static let valid = """
        <?xml version="1.0" encoding="UTF-8"?>
        <program id="data-2027" version="2" timezone="WITA">
          <title>Program   Data</title>
          <goal>Mengolah data.</goal>
          <period start="2027-01-04" end="2027-06-30"/>
          <target>
            <unit>Pemkab Sleman &gt; BKPSDM</unit>
            <position>Analis SDM Aparatur</position>
          </target>
          <course id="dasar" deadline="2027-02-26"/>
          <course id="lanjut" deadline="2027-04-30" required="tidak"/>
        </program>
        """

    @Test func readsAValidProgram() throws {
        let fixture = try CoursesFixture()
        try fixture.write("data.xml", Self.valid)
        let result = ProgramLoader(programsDirectory: fixture.root).load(fileName: "data.xml", courseIDs: ["dasar", "lanjut"])
        #expect(result.problems.isEmpty)
        let program = try #require(result.program)
        #expect(program.id == "data-2027" && program.versionLabel == "2" && program.title == "Program Data" && program.zone == .wita)
        #expect(program.period.lowerBound.description == "2027-01-04" && program.period.upperBound.description == "2027-06-30")
        #expect(program.target.units.map(\.description) == ["Pemkab Sleman > BKPSDM"] && program.target.positions == ["Analis SDM Aparatur"])
        #expect(program.activities.map(\.key) == ["dasar", "lanjut"] && program.activities.map(\.required) == [true, false])
        #expect(program.activities.map(\.line) == [10, 11])
    }

    @Test func everyProblemIsNamedByLine() throws {
        let fixture = try CoursesFixture()
        try fixture.write(
            "rusak.xml",
            """
            <program timezone="WITB">
              <title>Rusak</title>
              <period start="2027-03-01" end="2027-01-01"/>
              <target><position> </position></target>
              <course id="hilang" deadline="2027-02-01" jp="3"/>
              <course id="dasar" deadline="2027-13-01"/>
              <course id="dasar" deadline="2027-02-01"/>
              <course deadline="2027-02-01"/>
              <acara/>
            </program>
            """)
        let result = ProgramLoader(programsDirectory: fixture.root).load(fileName: "rusak.xml", courseIDs: ["dasar"])
        #expect(result.program == nil)
        let lines = result.problems.map { "\($0.line ?? 0) \($0.severity.rawValue) \($0.kind.message(in: .english))" }
        #expect(lines == [
            "1 error unknown time zone \"WITB\": write WIB, WITA or WIT",
            "1 error the <goal> element is required",
            "3 error the period ends (2027-01-01) before it starts (2027-03-01)",
            "4 error empty <position>: write the position's name",
            "4 error <target> names no <unit> or <position>: the program would reach nobody",
            "5 error course \"hilang\" is not in the courses folder (or has errors): write the id from its course.xml",
            "5 error a course's JP is set in its course.xml, not in the program: remove the jp attribute",
            "6 error deadline \"2027-13-01\" is not a date: write YYYY-MM-DD, such as 2027-03-31",
            "7 error course \"dasar\" is already in this program (line 6)",
            "8 error the <course> element has no id attribute",
            "9 warning unknown element <acara> is ignored",
        ])
    }

    @Test func aFollowUpIsReadInWeeksAndAWrongOneIsNamedByLine() throws {
        let fixture = try CoursesFixture()
        let closing = "</program>"
        try fixture.write("tindak.xml", Self.valid.replacingOccurrences(of: closing, with: "  <follow-up weeks=\"8\"/>\n" + closing))
        try fixture.write("salah.xml", Self.valid.replacingOccurrences(
            of: closing, with: "  <follow-up weeks=\"0\"/>\n  <follow-up weeks=\"8\"/>\n  <follow-up/>\n" + closing))
        let loader = ProgramLoader(programsDirectory: fixture.root)
        let read = loader.load(fileName: "tindak.xml", courseIDs: ["dasar", "lanjut"])
        #expect(read.problems.isEmpty && read.program?.followUpWeeks == 8)
        #expect(loader.load(fileName: "data.xml", courseIDs: []).program?.followUpWeeks == nil)
        let wrong = loader.load(fileName: "salah.xml", courseIDs: ["dasar", "lanjut"])
        #expect(wrong.problems.map { "\($0.line ?? 0): \($0.kind.message(in: .english))" } == [
            "12: weeks=\"0\" is not a number of weeks: write a whole number from 1 to 52",
            "13: <follow-up> is already written on line 12: one program, one follow-up",
            "14: <follow-up> is already written on line 12: one program, one follow-up",
        ])
        #expect(wrong.program?.followUpWeeks == nil)
    }

    @Test func aDeadlineOutsideThePeriodAndAWrongRootAreRefused() throws {
        let fixture = try CoursesFixture()
        try fixture.write("luar.xml", Self.valid.replacingOccurrences(of: "2027-04-30", with: "2027-07-01"))
        try fixture.write("kursus.xml", "<course jp=\"1\"><title>x</title></course>")
        try fixture.write("bukan-xml.xml", "<program><title>")
        let loader = ProgramLoader(programsDirectory: fixture.root)
        let outside = loader.load(fileName: "luar.xml", courseIDs: ["dasar", "lanjut"])
        #expect(outside.problems.map { $0.kind.message(in: .indonesian) } == ["tenggat 2027-07-01 di luar periode program (2027-01-04 s.d. 2027-06-30)"])
        #expect(outside.problems.first?.line == 11)
        let root = loader.load(fileName: "kursus.xml", courseIDs: [])
        #expect(root.problems.map { $0.kind.message(in: .english) } == ["the root element of a program file must be <program>, not <course>"])
        #expect(loader.load(fileName: "bukan-xml.xml", courseIDs: []).problems.first?.kind.message(in: .english).hasPrefix("malformed XML") == true)
    }

    @Test func theFirstFileByNameKeepsAProgramIDAndOtherFilesAreLeftAlone() throws {
        let fixture = try CoursesFixture()
        try fixture.write("a.xml", Self.valid)
        try fixture.write("b.xml", Self.valid)
        try fixture.write("catatan.txt", "bukan program")
        try fixture.write(".tersembunyi.xml", "<rusak")
        try fixture.write("kompetensi.xml", "<competencies/>")
        let results = try ProgramLoader(programsDirectory: fixture.root).loadAll(courseIDs: ["dasar", "lanjut"])
        #expect(results.map(\.fileName) == ["a.xml", "b.xml"])
        #expect(results[0].program != nil && results[1].program == nil)
        #expect(results[1].problems.map { $0.kind.message(in: .english) } == ["program id \"data-2027\" is already used by a.xml"])
    }

    @Test func aMissingFolderIsNoProgramsAndAnUnreadableOneIsAnError() throws {
        let fixture = try CoursesFixture()
        #expect(try ProgramLoader(programsDirectory: fixture.root + "/tidak-ada").fileNames() == nil)
        // A path that cannot be listed (here a file, which fails for root too) is not "no programs".
        try fixture.write("berkas", "bukan folder")
        #expect(throws: CourseLoader.ListingError.self) { try ProgramLoader(programsDirectory: fixture.root + "/berkas").fileNames() }
    }

    @Test func theShippedProgramsAreValidAgainstTheShippedCourses() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../..").standardized.path
        let courses = try CourseLoader(coursesDirectory: root + "/courses").loadAll().compactMap { $0.course?.id }
        let results = try ProgramLoader(programsDirectory: root + "/programs").loadAll(courseIDs: Set(courses))
        #expect(!results.isEmpty)
        for result in results {
            #expect(result.problems.isEmpty, "\(result.fileName): \(result.problems)")
            #expect(result.program != nil)
        }
    }
}
