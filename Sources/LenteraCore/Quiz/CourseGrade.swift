/// A course's grade, the score its certificate shows: the result of the quiz that assesses the course, as pure functions.
///
/// The grade is the post-test's, or, in a course without one, that of the final quiz that completes it. It is never the
/// pre-test's, which measures what the learner knew before the course, and never module progress, which is 100 for
/// everyone who completed the course. A course without such a quiz has no grade.
///
/// Of a learner's attempts, the best fully graded one counts, as with Moodle's default grading method for quizzes
/// ("Highest grade"): taking a post-test again can only raise the grade. An attempt whose essay still waits for a
/// person does not count until it is graded.
public enum CourseGrade {
    /// The quiz whose result is the course's grade (see ``quizID(quizzes:requiredRules:)``); nil when it has none.
    public static func quiz(of course: Course) -> Quiz? {
        quizID(quizzes: course.quizzes.map(\.settings), requiredRules: course.modules.filter(\.required).map(\.completion))
            .flatMap(course.quiz(withID:))
    }

    /// The id of the grade quiz, from the quizzes declared (in `course.xml` order) and the completion rules of the
    /// required modules (in reading order):
    ///
    /// 1. the post-test: a quiz declared `kind="post"` or named by a pre-test's `pair` (the last one, if several);
    /// 2. otherwise the quiz the last required module completed by a quiz (`completion="quiz"`) asks for;
    /// 3. otherwise none: a practice quiz that completes nothing is not a grade.
    ///
    /// A pre-test (`kind="pre"`) is never the grade quiz.
    public static func quizID(quizzes: [QuizSettings], requiredRules: [CompletionRule]) -> String? {
        let preTests = quizzes.filter { $0.kind == .pre }
        let preTestIDs = Set(preTests.map(\.id))
        let paired = Set(preTests.compactMap(\.pair))
        if let post = quizzes.last(where: { !preTestIDs.contains($0.id) && ($0.kind == .post || paired.contains($0.id)) }) {
            return post.id
        }
        let declared = Set(quizzes.map(\.id))
        let completing = requiredRules.compactMap { rule -> String? in
            guard case .quizPassed(let quizID) = rule, declared.contains(quizID), !preTestIDs.contains(quizID) else { return nil }
            return quizID
        }
        return completing.last
    }

    /// A learner's grade in a course from their attempts (any of the course's quizzes may be among them: only those at
    /// the grade quiz count); nil when the course has no grade quiz or no attempt at it is fully graded.
    public static func score(in course: Course, attempts: [QuizAttempt]) -> Int? {
        guard let quiz = quiz(of: course) else { return nil }
        return score(attempts.filter { $0.courseID == course.id && $0.quizID == quiz.id })
    }

    /// The best percentage among fully graded attempts at one quiz, in whole percent rounded down (so a 69.5% that
    /// failed a 70% pass mark never reads as 70); nil when none is fully graded.
    public static func score(_ attempts: [QuizAttempt]) -> Int? {
        let graded = attempts.filter { $0.submittedAt != nil && !$0.needsGrading }.compactMap(\.percentage)
        return graded.max().map { min(100, max(0, Int($0.rounded(.down)))) }
    }
}
