import Foundation
import Testing

@testable import LenteraCore
@testable import LenteraContent
import LenteraTestSupport

/// Issue "Learners on weak links": catalogue cards show a signed-in learner's standing in each course.
@Suite struct CourseStandingTests {
    /// The course `dasar` (three required modules) and a second one, `kedua`.
    func courses() throws -> [Course] {
        let fixture = try CoursesFixture()
        try fixture.writeValidCourse()
        try fixture.writeValidCourse(folder: "kedua", id: "kedua")
        let loader = CourseLoader(coursesDirectory: fixture.root)
        var courses: [Course] = []
        for folder in ["dasar", "kedua"] {
            courses.append(try #require(loader.loadCourse(folderName: folder).course))
        }
        return courses
    }

    func viewed(_ courseID: String, _ moduleID: String) -> ContentSummary {
        var summary = ContentSummary(accountID: 1, courseID: courseID, moduleID: moduleID)
        summary.firstAccess = Date()
        summary.apply(.viewed, at: Date())
        return summary
    }

    func entry(_ courseID: String, version: String) -> LedgerEntry {
        LedgerEntry(
            accountID: 1, courseID: courseID, courseTitle: "Kursus", courseVersion: version, year: 2026, jp: JP(hundredths: 250),
            startedAt: Date(), completedAt: Date(), score: nil, certificateNumber: "LTR-2026-AAAA-BBBB-CCCC"
        )
    }

    @Test func eachCourseIsNotStartedInProgressOrCompleted() throws {
        let courses = try courses()
        let untouched: [String: CourseStanding] = ["dasar": .notStarted, "kedua": .notStarted]
        #expect(CourseStanding.standings(of: courses, entries: [], summaries: []) == untouched)

        // One module of three opened in `dasar`: a third, rounded down; `kedua` untouched.
        let started = CourseStanding.standings(of: courses, entries: [], summaries: [viewed("dasar", "pengantar")])
        let oneThird: [String: CourseStanding] = ["dasar": .inProgress(percent: 33), "kedua": .notStarted]
        #expect(started == oneThird)

        // Credited for the version served now: completed, whatever the summaries say.
        let credited = CourseStanding.standings(
            of: courses, entries: [entry("kedua", version: "1")],
            summaries: [viewed("dasar", "pengantar"), viewed("dasar", "lanjutan"), viewed("kedua", "pengantar")]
        )
        let twoThirdsAndCompleted: [String: CourseStanding] = ["dasar": .inProgress(percent: 66), "kedua": .completed]
        #expect(credited == twoThirdsAndCompleted)
    }

    @Test func aCreditForAnotherVersionIsNotTheCurrentOne() throws {
        let course = try #require(try courses().first)
        #expect(CourseStanding.standing(in: course, entries: [entry("dasar", version: "lama")], summaries: []) == CourseStanding.notStarted)
        #expect(CourseStanding.standing(in: course, entries: [entry("dasar", version: "1")], summaries: []) == CourseStanding.completed)
    }
}
