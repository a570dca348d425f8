import Foundation
import LenteraCore

/// Guidance on pages rendered at load, for a signed-in learner: where "Mulai belajar" leads, and where they stand in
/// each course of the catalogue. Anonymous visitors keep the cached pages as they are.
extension LearnerPages {
    /// The catalogue's cards with the learner's standing in each course (``CourseStanding``): two reads for the page,
    /// whatever the number of cards, filled in one pass over it.
    func catalogueRegions(_ html: String, courses: [Course], signedIn: SignedIn, language: Language) async throws -> String {
        let fragments = try await catalogueFragments(courses: courses, signedIn: signedIn, language: language)
        return Personalizer.replaceRegions(html, fragments)
    }

    /// The learner's standing in each course, by the name of its card's region (``cardRegion(_:)``).
    func catalogueFragments(courses: [Course], signedIn: SignedIn, language: Language) async throws -> [String: String] {
        let entries = try await store.entries(accountID: signedIn.account.id)
        let summaries = try await store.recentSummaries(accountID: signedIn.account.id)
        var fragments: [String: String] = [:]
        for (courseID, standing) in CourseStanding.standings(of: courses, entries: entries, summaries: summaries) {
            let line: CourseStandingFragment
            switch standing {
            case .notStarted:
                line = CourseStandingFragment(
                    language: language, text: Text.Learner.standingNotStarted(language), inProgress: false, percent: nil, completed: false
                )
            case .inProgress(let percent):
                line = CourseStandingFragment(
                    language: language, text: Text.Learner.standingInProgress(language, percent), inProgress: true, percent: percent,
                    completed: false
                )
            case .completed:
                line = CourseStandingFragment(
                    language: language, text: Text.Learner.standingCompleted(language), inProgress: false, percent: nil, completed: true
                )
            }
            fragments[Self.cardRegion(courseID)] = renderer.render(line)
        }
        return fragments
    }

    /// The name of a catalogue card's region (`<!--lentera:kursus:ID-->` in the catalogue template).
    static func cardRegion(_ courseID: String) -> String { "kursus:" + courseID }

    /// The course page's "Mulai belajar" (its `mulai` region), leading to the pre-test while the learner has not taken
    /// it (``CourseStart``); nil to leave the page's own (to the first module).
    func startFragment(course: Course, signedIn: SignedIn, language: Language, now: Date = Date()) async throws -> String? {
        guard let preTest = CourseStart.preTest(of: course), !course.modules.isEmpty else { return nil }
        let attempts = try await store.attempts(
            accountID: signedIn.account.id, courseID: course.id, quizID: preTest.id, policy: QuizPolicy(preTest.settings), at: now
        )
        guard CourseStart.leadsToPreTest(preTest, attempts: attempts, at: now) else { return nil }
        return renderer.render(StartCourseFragment(language: language, startHref: QuizController.quizHref(course, preTest), preTest: true))
    }
}
