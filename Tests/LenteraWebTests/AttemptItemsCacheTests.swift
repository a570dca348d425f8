import Foundation
import LenteraCore
import LenteraContent
import LenteraStore
import Logging
import Testing

@testable import LenteraWeb

/// The questions of attempts kept in memory, so that the usual autosave or submission reads no attempt first.
@Suite struct AttemptItemsCacheTests {
    static let items = [QuizItem(id: "q1", prompt: "Jelaskan tugas ASN.", interaction: .essay)]

    /// An attempt of account 1 at quiz `k` of course `c`.
    static func attempt(id: Int64) -> QuizAttempt {
        QuizAttempt(
            id: id, accountID: 1, courseID: "c", quizID: "k", number: 1, seed: 42, items: items, quizVersion: "v1",
            startedAt: Date(timeIntervalSince1970: 0), deadline: nil, maximum: 1
        )
    }

    /// A quiz service on a store, as the application builds it.
    static func quizService(_ store: any LenteraDatabase) -> QuizService {
        let logger = Logger(label: "lentera-test")
        let site = SiteStore(Site(notFound: LocalizedResource(render: { _ in "" }, modified: Date())))
        return QuizService(store: store, learning: LearningService(store: store, site: site, logger: logger), logger: logger)
    }

    @Test func questionsAreFoundOnlyUnderTheWholeKey() {
        let cache = AttemptItemsCache()
        let kept = Self.attempt(id: 7)

        cache.keep([kept])

        #expect(cache.items(kept.key) == Self.items)
        let otherKeys = [
            AttemptKey(id: 7, accountID: 2, courseID: "c", quizID: "k"),  // another learner
            AttemptKey(id: 7, accountID: 1, courseID: "other", quizID: "k"),
            AttemptKey(id: 7, accountID: 1, courseID: "c", quizID: "other"),
            AttemptKey(id: 8, accountID: 1, courseID: "c", quizID: "k"),
        ]
        for key in otherKeys {
            #expect(cache.items(key) == nil)
        }
    }

    @Test func aFullCacheEmptiesBeforeKeepingMore() {
        let cache = AttemptItemsCache(limit: 3)
        let first = [Self.attempt(id: 1), Self.attempt(id: 2), Self.attempt(id: 3)]
        let fourth = Self.attempt(id: 4)

        cache.keep(first)
        for attempt in first {
            #expect(cache.items(attempt.key) == Self.items)
        }
        cache.keep([fourth])

        for attempt in first {
            #expect(cache.items(attempt.key) == nil)
        }
        #expect(cache.items(fourth.key) == Self.items)
        #expect(AttemptItemsCache().limit == 5_000)
    }

    /// The quiz service keeps the questions of the attempts it starts or reads, and gives them only to their learner.
    @Test func theQuizServiceKeepsTheQuestionsOfAttemptsItStartsOrReads() async throws {
        let fixture = try SiteFixture()
        try fixture.writeQuizCourse()
        let course = try #require(CourseLoader(coursesDirectory: fixture.courses).loadCourse(folderName: "ujian").course)
        let quiz = try #require(course.quiz(withID: "akhir"))
        let budi = try await fixture.addAccount(QuizHTTPTests.budi, name: "Budi", unit: "Pemkab Sleman > BKPSDM")
        let siti = try await fixture.addAccount(LearnerHTTPTests.siti, name: "Siti", unit: "Pemkab Sleman > BKPSDM")
        let store = try await fixture.openStore()
        let quizzes = Self.quizService(store)

        let started = try await quizzes.start(budi, course: course, quiz: quiz)

        #expect(quizzes.knownItems(budi, course: course, quiz: quiz, id: started.id) == started.items)
        #expect(quizzes.knownItems(siti, course: course, quiz: quiz, id: started.id) == nil)
        // Another node knows the questions only once it has read the attempt.
        let other = Self.quizService(store)
        #expect(other.knownItems(budi, course: course, quiz: quiz, id: started.id) == nil)
        _ = try await other.attempt(budi, course: course, quiz: quiz, id: started.id)
        #expect(other.knownItems(budi, course: course, quiz: quiz, id: started.id) == started.items)
    }
}
