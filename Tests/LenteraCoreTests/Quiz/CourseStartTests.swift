import Foundation
import Testing

@testable import LenteraCore

/// Issue "Learners on weak links": where a course declares a pre-test, "Mulai belajar" leads to it first.
@Suite struct CourseStartTests {
    static let now = Date(timeIntervalSince1970: 1_800_000_000)

    @Test func aCourseWithAPreTestStartsThereUntilItIsAttempted() throws {
        let course = try CourseGradeTests.course(CourseGradeTests.prePost)
        let preTest = try #require(CourseStart.preTest(of: course))
        #expect(preTest.id == "pre-test")
        #expect(CourseStart.leadsToPreTest(preTest, attempts: [], at: Self.now))
        // Any attempt ends the detour, a graded one or one still open.
        #expect(!CourseStart.leadsToPreTest(preTest, attempts: [CourseGradeTests.attempt("pre-test", points: 8)], at: Self.now))
        var open = CourseGradeTests.attempt("pre-test", points: 0)
        open.submittedAt = nil
        open.score = nil
        open.passed = nil
        #expect(!CourseStart.leadsToPreTest(preTest, attempts: [open], at: Self.now))
    }

    @Test func withoutAnOpenPreTestTheCourseStartsAtItsFirstModule() throws {
        #expect(CourseStart.preTest(of: try CourseGradeTests.course("")) == nil)
        #expect(CourseStart.preTest(of: try CourseGradeTests.course(#"<quiz id="post-test" href="kuis/soal.gift" kind="post"/>"#)) == nil)
        // A closed pre-test would be a dead end: the course starts at its first module.
        let closing = try CourseGradeTests.course(#"<quiz id="pre-test" href="kuis/soal.gift" kind="pre" closes="2030-01-01"/>"#)
        let preTest = try #require(CourseStart.preTest(of: closing))
        #expect(CourseStart.leadsToPreTest(preTest, attempts: [], at: Date(timeIntervalSince1970: 1_850_000_000)))
        #expect(!CourseStart.leadsToPreTest(preTest, attempts: [], at: Date(timeIntervalSince1970: 1_950_000_000)))
    }
}
