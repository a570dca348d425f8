import Foundation
import LenteraCore
import Testing

@testable import LenteraStore

/// Quiz attempts and answers on a real SQLite file.
@Suite struct QuizStoreTests {
    let folder = NSTemporaryDirectory() + "lentera-quiz-store-" + UUID().uuidString

    func open() throws -> SQLiteStore {
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        return try SQLiteStore(path: folder + "/lentera.sqlite")
    }

    static let items = [
        QuizItem(id: "q1", prompt: "Ibu kota?", interaction: .choice(choices: [
            .init(id: "a", text: "Jakarta", weight: 1), .init(id: "b", text: "Bandung", weight: 0),
        ], multiple: false)),
        QuizItem(id: "q2", prompt: "Jelaskan.", interaction: .essay, points: 2),
    ]

    func learner(_ store: SQLiteStore) async throws -> Account {
        try await store.createAccount(
            NewAccount(nip: try NIP(validating: "198503152010011001"), name: "Budi", unit: UnitPath(parsing: "Pemkab Sleman")!, role: .learner,
                       passwordHash: "x", mustChangePassword: false)
        )
    }

    func start(_ store: SQLiteStore, _ account: Account, maximum: Int = 1, deadline: Date? = nil, at date: Date = Date()) async throws
        -> QuizAttempt
    {
        try await store.startAttempt(
            QuizAttempt(id: 0, accountID: account.id, courseID: "c", quizID: "k", number: 0, seed: 42, items: Self.items, quizVersion: "v",
                        startedAt: date, deadline: deadline, maximum: 3),
            pool: Self.items.reversed(), policy: QuizPolicy(maximumAttempts: maximum, passingScore: 50), at: date
        )
    }

    static let policy = QuizPolicy(maximumAttempts: 1, passingScore: 50)

    @Test func parallelStartsNeverExceedTheAttemptsAllowed() async throws {
        let store = try open()
        let account = try await learner(store)
        let ids = try await withThrowingTaskGroup(of: Int64.self) { group in
            for _ in 0..<20 { group.addTask { try await self.start(store, account).id } }
            return try await group.reduce(into: Set<Int64>()) { $0.insert($1) }
        }
        #expect(ids.count == 1)  // everyone got the one open attempt
        let attempt = try await start(store, account)
        _ = try await store.submit(attempt.key, answers: [:], cleared: [], policy: Self.policy, at: Date())
        await #expect(throws: QuizRefusal.noAttemptsLeft) { _ = try await start(store, account) }
    }

    @Test func answersAreCheckedSavedAndGradedWithEssaysWaitingForAPerson() async throws {
        let store = try open()
        let account = try await learner(store)
        let attempt = try await start(store, account)
        // The seed and the items as shown come back exactly.
        let (loaded, _) = try #require(try await store.attempt(attempt.key, policy: Self.policy, at: Date()))
        #expect(loaded.items == Self.items && loaded.seed == 42)
        // A fresh process rebuilds the questions from the version's pool and the attempt's layout.
        let reopened = try SQLiteStore(path: folder + "/lentera.sqlite")
        let (rebuilt, _) = try #require(try await reopened.attempt(attempt.key, policy: Self.policy, at: Date()))
        #expect(rebuilt.items == Self.items)
        await #expect(throws: QuizRefusal.invalidAnswer(itemID: "q1")) {
            _ = try await store.saveAnswers(attempt.key, answers: ["q1": .choices(["z"])], cleared: [], check: false, at: Date())
        }
        await #expect(throws: QuizRefusal.unknownItem("q9")) {
            _ = try await store.saveAnswers(attempt.key, answers: ["q9": .choices(["a"])], cleared: [], check: false, at: Date())
        }
        await #expect(throws: QuizRefusal.notFound) {
            _ = try await store.saveAnswers(AttemptKey(id: attempt.id, accountID: account.id + 1, courseID: "c", quizID: "k"), answers: [:], cleared: [], check: false, at: Date())
        }
        _ = try await store.saveAnswers(attempt.key, answers: ["q1": .choices(["a"])], cleared: [], check: false, at: Date())
        let graded = try await store.submit(
            attempt.key, answers: ["q2": .essay("Karena...")], cleared: [], policy: Self.policy, at: Date()
        )
        #expect(graded.score == 1 && graded.needsGrading && graded.passed == nil)
        #expect(try await store.attemptsNeedingGrading(courseIDs: nil).map(\.id) == [attempt.id])
        let final = try await store.gradeEssay(attempt.key, itemID: "q2", points: 5, policy: Self.policy, at: Date())
        #expect(final.score == 3 && !final.needsGrading && final.passed == true)  // points capped at the item's 2
        #expect(try await store.attemptsNeedingGrading(courseIDs: nil).isEmpty)
        await #expect(throws: QuizRefusal.alreadySubmitted) {
            _ = try await store.submit(attempt.key, answers: [:], cleared: [], policy: Self.policy, at: Date())
        }
    }

    @Test func anAttemptPastItsDeadlineIsGradedAtTheDeadlineFromSavedAnswers() async throws {
        let store = try open()
        let account = try await learner(store)
        let start = Date(timeIntervalSince1970: 1_800_000_000)
        let deadline = start.addingTimeInterval(60)
        let attempt = try await self.start(store, account, maximum: 2, deadline: deadline, at: start)
        _ = try await store.saveAnswers(attempt.key, answers: ["q1": .choices(["a"])], cleared: [], check: false, at: start)
        let late = deadline.addingTimeInterval(QuizAttempt.grace + 1)
        await #expect(throws: QuizRefusal.pastDeadline) {
            _ = try await store.saveAnswers(attempt.key, answers: ["q1": .choices(["b"])], cleared: [], check: false, at: late)
        }
        let graded = try await store.gradeExpiredAttempts(at: late) { _, _ in Self.policy }
        #expect(graded.count == 1 && graded[0].submittedAt == deadline && graded[0].score == 1 && graded[0].expired)
        // A second attempt may start now.
        #expect(try await self.start(store, account, maximum: 2, at: late).number == 2)
    }

    /// An attempt is reached only under its own course and quiz: every other key is "not found" and changes nothing.
    @Test func anAttemptIsFoundOnlyByItsWholeKey() async throws {
        let store = try open()
        let account = try await learner(store)
        let attempt = try await start(store, account)
        let wrongKeys = [
            AttemptKey(id: attempt.id, accountID: account.id, courseID: "c", quizID: "other"),
            AttemptKey(id: attempt.id, accountID: account.id, courseID: "other", quizID: "k"),
            AttemptKey(id: attempt.id, accountID: account.id + 1, courseID: "c", quizID: "k"),
            AttemptKey(id: attempt.id + 1, accountID: account.id, courseID: "c", quizID: "k"),
        ]
        for key in wrongKeys {
            #expect(try await store.attempt(key, policy: Self.policy, at: Date()) == nil)
            #expect(store.knownItems(key) == nil)
            await #expect(throws: QuizRefusal.notFound) {
                _ = try await store.saveAnswers(key, answers: ["q1": .choices(["a"])], cleared: [], check: false, at: Date())
            }
            await #expect(throws: QuizRefusal.notFound) {
                _ = try await store.submit(key, answers: [:], cleared: [], policy: QuizPolicy(maximumAttempts: 1, passingScore: 0), at: Date())
            }
        }
        let (unchanged, answers) = try #require(try await store.attempt(attempt.key, policy: Self.policy, at: Date()))
        #expect(unchanged.submittedAt == nil && unchanged.passed == nil && answers.isEmpty)
        #expect(store.knownItems(attempt.key) == Self.items)
    }
}
