import Foundation
import Testing

@testable import LenteraCore
@testable import LenteraContent
import LenteraTestSupport

/// The grade on a certificate ("Learners on weak links": "Nilai 100" was module progress): the post-test's or the
/// final quiz's best graded result, never the pre-test's, and none for a course without such a quiz.
@Suite struct CourseGradeTests {
    /// The course `k`: a module to read, a closing module with the rule given, and the quizzes declared.
    static func course(_ quizzes: String, closing: String = #"<module id="penutup" href="penutup.md" completion="marked"/>"#) throws -> Course {
        let fixture = try CoursesFixture()
        try fixture.write("k/course.xml", """
            <course jp="2">
              <title>K</title>
              <module id="baca" href="baca.md"/>
              \(closing)
              \(quizzes)
            </course>
            """)
        try fixture.write("k/baca.md", "# Baca\n")
        try fixture.write("k/penutup.md", "# Penutup\n")
        try fixture.write("k/kuis/soal.gift", "::a:: Satu tambah satu? {=2 ~3}\n")
        let result = CourseLoader(coursesDirectory: fixture.root).loadCourse(folderName: "k")
        #expect(result.problems.isEmpty, "\(result.problems)")
        return try #require(result.course)
    }

    static let prePost = #"""
        <quiz id="pre-test" title="Pra-tes" href="kuis/soal.gift" kind="pre" pair="post-test" passing-score="0"/>
        <quiz id="post-test" title="Pasca-tes" href="kuis/soal.gift" kind="post" attempts="3" passing-score="70"/>
        """#

    /// A graded attempt at a quiz of course `k`, out of 25 points; `pending` leaves an essay waiting for a grade.
    static func attempt(_ quiz: String, number: Int = 1, points: Double, pending: Bool = false) -> QuizAttempt {
        QuizAttempt(
            id: Int64(number), accountID: 1, courseID: "k", quizID: quiz, number: number, seed: 1, items: [], quizVersion: "v",
            startedAt: Date(timeIntervalSince1970: 1_800_000_000), deadline: nil, submittedAt: Date(timeIntervalSince1970: 1_800_000_600),
            score: points, maximum: 25, needsGrading: pending, passed: pending ? nil : points / 25 >= 0.7
        )
    }

    @Test func aPreTestAloneIsNoGrade() throws {
        let course = try Self.course(Self.prePost)
        #expect(CourseGrade.quiz(of: course)?.id == "post-test")
        // 8 of 25 on the pre-test and no post-test: no grade, not 32 and not 100.
        #expect(CourseGrade.score(in: course, attempts: [Self.attempt("pre-test", points: 8)]) == nil)

        let onlyPre = try Self.course(#"<quiz id="pre-test" href="kuis/soal.gift" kind="pre" passing-score="0"/>"#)
        #expect(CourseGrade.quiz(of: onlyPre) == nil)
        #expect(CourseGrade.score(in: onlyPre, attempts: [Self.attempt("pre-test", points: 8)]) == nil)
        // Even when a module is completed by passing it, a pre-test measures what was known before, not a grade.
        let gatedPre = try Self.course(
            #"<quiz id="pre-test" href="kuis/soal.gift" kind="pre" passing-score="0"/>"#,
            closing: #"<module id="penutup" href="penutup.md" completion="quiz" quiz="pre-test"/>"#
        )
        #expect(CourseGrade.quiz(of: gatedPre) == nil)
    }

    @Test func thePostTestAfterAPreTestIsTheGrade() throws {
        let course = try Self.course(Self.prePost)
        let attempts = [Self.attempt("pre-test", points: 8), Self.attempt("post-test", points: 20)]
        #expect(CourseGrade.score(in: course, attempts: attempts) == 80)
        // Named by the pre-test's pair without kind="post", it is the post-test all the same.
        let paired = try Self.course(#"""
            <quiz id="awal" href="kuis/soal.gift" kind="pre" pair="akhir"/>
            <quiz id="akhir" href="kuis/soal.gift"/>
            """#)
        #expect(CourseGrade.quiz(of: paired)?.id == "akhir")
    }

    @Test func aCourseWithoutAGradeQuizHasNoGrade() throws {
        let course = try Self.course("")
        #expect(CourseGrade.quiz(of: course) == nil)
        #expect(CourseGrade.score(in: course, attempts: []) == nil)
        // A practice quiz that completes nothing is not a grade either.
        let practice = try Self.course(#"<quiz id="latihan" href="kuis/soal.gift" attempts="0"/>"#)
        #expect(CourseGrade.quiz(of: practice) == nil)
        #expect(CourseGrade.score(in: practice, attempts: [Self.attempt("latihan", points: 25)]) == nil)
    }

    @Test func theFinalQuizThatCompletesTheCourseIsTheGradeWithoutAPostTest() throws {
        let course = try Self.course(
            #"<quiz id="latihan" href="kuis/soal.gift" attempts="0"/><quiz id="akhir" href="kuis/soal.gift" attempts="2"/>"#,
            closing: #"<module id="penutup" href="penutup.md" completion="quiz" quiz="akhir"/>"#
        )
        #expect(CourseGrade.quiz(of: course)?.id == "akhir")
        #expect(CourseGrade.score(in: course, attempts: [Self.attempt("latihan", points: 25), Self.attempt("akhir", points: 15)]) == 60)
        // An optional module's quiz completes nothing the course waits for.
        let optional = try Self.course(
            #"<quiz id="akhir" href="kuis/soal.gift"/>"#,
            closing: #"<module id="penutup" href="penutup.md" completion="quiz" quiz="akhir" required="false"/>"#
        )
        #expect(CourseGrade.quiz(of: optional) == nil)
    }

    @Test func theBestFullyGradedAttemptCountsRoundedDown() throws {
        let course = try Self.course(Self.prePost)
        let attempts = [
            Self.attempt("post-test", number: 1, points: 15),  // 60%
            Self.attempt("post-test", number: 2, points: 22),  // 88%: the best
            Self.attempt("post-test", number: 3, points: 18),  // 72%: the last
            Self.attempt("post-test", number: 4, points: 24, pending: true),  // an essay still to grade: not yet
        ]
        #expect(CourseGrade.score(in: course, attempts: attempts) == 88)
        #expect(CourseGrade.score(in: course, attempts: [Self.attempt("post-test", points: 24, pending: true)]) == nil)
        // An attempt still open has no result.
        var open = Self.attempt("post-test", points: 0)
        open.submittedAt = nil
        open.score = nil
        #expect(CourseGrade.score(in: course, attempts: [open]) == nil)
        // 69.5% failed a 70% pass mark: the grade reads 69, never 70.
        #expect(CourseGrade.score([Self.attempt("post-test", points: 17.375)]) == 69)
        // Attempts at another course's quiz of the same id do not count.
        var elsewhere = Self.attempt("post-test", points: 25)
        elsewhere.courseID = "lain"
        #expect(CourseGrade.score(in: course, attempts: [elsewhere]) == nil)
    }

    @Test func aPublishedVersionNamesItsGradeQuiz() throws {
        let graded = try Self.course(Self.prePost)
        let ungraded = try Self.course("")
        #expect(PublishedVersion(graded).gradeQuizID == "post-test")
        #expect(PublishedVersion(ungraded).gradeQuizID == nil)
    }
}
