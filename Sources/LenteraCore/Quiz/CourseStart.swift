import Foundation

/// Where "Mulai belajar" on a course page leads a learner: to the course's pre-test before anything else, then to its
/// first module (the pre-test's result page leads on there too).
public enum CourseStart {
    /// The quiz a course is started with: its first quiz declared `kind="pre"`; nil when it declares none.
    public static func preTest(of course: Course) -> Quiz? {
        course.quizzes.first { $0.settings.kind == .pre }
    }

    /// Whether the learner is sent to the pre-test first: while they have no attempt at it and it is still open (a
    /// closed pre-test would be a dead end). Once any attempt exists, finished or not, they go to the first module.
    public static func leadsToPreTest(_ preTest: Quiz, attempts: [QuizAttempt], at date: Date) -> Bool {
        attempts.isEmpty && !preTest.settings.isClosed(at: date)
    }
}
