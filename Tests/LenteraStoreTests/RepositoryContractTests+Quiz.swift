import Foundation
import LenteraCore
import Testing

@testable import LenteraStore

/// The contract of quiz attempts (the mastery log) and their answers (the attempt log).
extension RepositoryContractTests {
    static let items = [
        QuizItem(id: "q1", prompt: "Ibu kota?", interaction: .choice(choices: [
            .init(id: "a", text: "Jakarta", weight: 1), .init(id: "b", text: "Bandung", weight: 0),
        ], multiple: false)),
        QuizItem(id: "q2", prompt: "Jelaskan.", interaction: .essay, points: 2),
    ]

    static let policy = QuizPolicy(maximumAttempts: 1, passingScore: 50)

    /// Starts (or resumes) an attempt at quiz `k` of course `c`: three points, q1 worth one, the essay q2 two.
    static func start(
        _ store: any LenteraDatabase, _ account: Account, maximum: Int = 1, deadline: Date? = nil, at date: Date = RepositoryContractTests.t0
    ) async throws -> QuizAttempt {
        try await store.startAttempt(
            QuizAttempt(id: 0, accountID: account.id, courseID: "c", quizID: "k", number: 0, seed: 42, items: Self.items, quizVersion: "v",
                        startedAt: date, deadline: deadline, maximum: 3),
            pool: Self.items.reversed(), policy: QuizPolicy(maximumAttempts: maximum, passingScore: 50), at: date
        )
    }

    @Test(arguments: StoreKind.allCases)
    func parallelStartsNeverExceedTheAttemptsAllowed(_ kind: StoreKind) async throws {
        let store = try await kind.open()
        let account = try await Self.makeAccount(store, Self.budi, "Budi Santoso")
        let policy = QuizPolicy(maximumAttempts: 2, passingScore: 50)
        for round in 1...2 {
            let started = try await withThrowingTaskGroup(of: QuizAttempt.self) { group in
                for _ in 0..<20 { group.addTask { try await Self.start(store, account, maximum: 2) } }
                return try await group.reduce(into: [QuizAttempt]()) { $0.append($1) }
            }
            #expect(Set(started.map(\.id)).count == 1)  // everyone got the one open attempt
            #expect(started.allSatisfy { $0.number == round })
            _ = try await store.submit(started[0].key, answers: [:], cleared: [], policy: policy, at: Self.t0)
        }
        // Every attempt allowed is used: twenty more starts at once are all refused, and none is stored.
        let refused = try await withThrowingTaskGroup(of: Bool.self) { group in
            for _ in 0..<20 {
                group.addTask {
                    do {
                        _ = try await Self.start(store, account, maximum: 2)
                        return false
                    } catch QuizRefusal.noAttemptsLeft {
                        return true
                    }
                }
            }
            return try await group.reduce(into: 0) { $0 += $1 ? 1 : 0 }
        }
        #expect(refused == 20)
        let attempts = try await store.attempts(accountID: account.id, courseID: "c", quizID: "k", policy: policy, at: Self.t0)
        #expect(attempts.map(\.number) == [1, 2])
    }

    @Test(arguments: StoreKind.allCases)
    func twoSubmissionsOfOneAttemptAtOnceGradeItOnce(_ kind: StoreKind) async throws {
        let store = try await kind.open()
        let account = try await Self.makeAccount(store, Self.budi, "Budi Santoso")
        let policy = QuizPolicy(maximumAttempts: 3, passingScore: 50)
        for round in 1...3 {
            let attempt = try await Self.start(store, account, maximum: 3)
            #expect(attempt.number == round)
            let date = Self.t0 + Double(round * 60)
            async let right = Self.outcome {
                try await store.submit(attempt.key, answers: ["q1": .choices(["a"])], cleared: [], policy: policy, at: date)
            }
            async let wrong = Self.outcome {
                try await store.submit(attempt.key, answers: ["q1": .choices(["b"])], cleared: [], policy: policy, at: date)
            }
            let outcomes = await [right, wrong]

            // Exactly one is graded; the other is refused as a second submission.
            let graded = outcomes.compactMap { try? $0.get() }
            var refusals: [QuizRefusal?] = []
            for case .failure(let error) in outcomes { refusals.append(error as? QuizRefusal) }
            try #require(graded.count == 1)
            #expect(refusals == [.alreadySubmitted])
            // What is stored is that submission's grade and answer.
            let (stored, answers) = try #require(try await store.attempt(attempt.key, policy: policy, at: date + 10))
            #expect(stored == graded[0])
            let counted: QuizResponse = graded[0].score == 1 ? .choices(["a"]) : .choices(["b"])
            #expect(answers["q1"]?.response == counted)
        }
        #expect(try await store.attempts(accountID: account.id, courseID: "c", quizID: "k", policy: policy, at: Self.t0 + 600).count == 3)
    }

    @Test(arguments: StoreKind.allCases)
    func answersAreCheckedSavedAndGradedWithEssaysWaitingForAPerson(_ kind: StoreKind) async throws {
        let store = try await kind.open()
        let account = try await Self.makeAccount(store, Self.budi, "Budi Santoso")
        let attempt = try await Self.start(store, account)
        #expect(attempt.number == 1 && attempt.accountID == account.id && attempt.items == Self.items && attempt.submittedAt == nil)
        // The seed and the items as shown come back exactly.
        let (loaded, none) = try #require(try await store.attempt(attempt.key, policy: Self.policy, at: Self.t0))
        #expect(loaded == attempt && loaded.seed == 42 && none.isEmpty)
        // The same learner starting again resumes the open attempt.
        #expect(try await Self.start(store, account).id == attempt.id)

        await #expect(throws: QuizRefusal.invalidAnswer(itemID: "q1")) {
            _ = try await store.saveAnswers(attempt.key, answers: ["q1": .choices(["z"])], cleared: [], check: false, at: Self.t0)
        }
        await #expect(throws: QuizRefusal.unknownItem("q9")) {
            _ = try await store.saveAnswers(attempt.key, answers: ["q9": .choices(["a"])], cleared: [], check: false, at: Self.t0)
        }
        let saved = try await store.saveAnswers(attempt.key, answers: ["q1": .choices(["a"])], cleared: [], check: false, at: Self.t0 + 10)
        #expect(saved == ["q1": QuizAnswer(attemptID: attempt.id, itemID: "q1", response: .choices(["a"]), savedAt: Self.t0 + 10)])

        let graded = try await store.submit(attempt.key, answers: ["q2": .essay("Karena...")], cleared: [], policy: Self.policy, at: Self.t0 + 20)
        #expect(graded.score == 1 && graded.needsGrading && graded.passed == nil && graded.submittedAt == Self.t0 + 20 && !graded.expired)
        #expect(try await store.attemptsNeedingGrading(courseIDs: nil).map(\.id) == [attempt.id])
        #expect(try await store.attemptsNeedingGrading(courseIDs: ["c"]).map(\.id) == [attempt.id])
        #expect(try await store.attemptsNeedingGrading(courseIDs: ["lain"]).isEmpty)

        await #expect(throws: QuizRefusal.notFound) {
            _ = try await store.gradeEssay(
                AttemptKey(id: attempt.id, accountID: account.id, courseID: "c", quizID: "lain"), itemID: "q2", points: 2, policy: Self.policy,
                at: Self.t0
            )
        }
        let final = try await store.gradeEssay(attempt.key, itemID: "q2", points: 5, policy: Self.policy, at: Self.t0 + 30)
        #expect(final.score == 3 && !final.needsGrading && final.passed == true)  // points capped at the item's 2
        #expect(final.submittedAt == Self.t0 + 20)  // still when it was submitted
        #expect(try await store.attemptsNeedingGrading(courseIDs: nil).isEmpty)
        let answers = try await store.answers(attemptIDs: [attempt.id])[attempt.id]
        #expect(answers?["q1"]?.points == 1 && answers?["q2"]?.points == 2 && answers?["q2"]?.response == .essay("Karena..."))

        await #expect(throws: QuizRefusal.alreadySubmitted) {
            _ = try await store.submit(attempt.key, answers: [:], cleared: [], policy: Self.policy, at: Self.t0 + 40)
        }
        await #expect(throws: QuizRefusal.alreadySubmitted) {
            _ = try await store.saveAnswers(attempt.key, answers: ["q1": .choices(["b"])], cleared: [], check: false, at: Self.t0 + 40)
        }
        #expect(try await store.attempt(attempt.key, policy: Self.policy, at: Self.t0 + 50)?.0 == final)
    }

    @Test(arguments: StoreKind.allCases)
    func typedAnswersWithAControlCharacterAreRefusedByEveryStore(_ kind: StoreKind) async throws {
        let store = try await kind.open()
        let account = try await Self.makeAccount(store, Self.budi, "Budi Santoso")
        let attempt = try await Self.start(store, account)

        // The domain's rule, checked inside the write: the same refusal whatever the store, and nothing of the form kept.
        await #expect(throws: QuizRefusal.controlCharacter(itemID: "q2")) {
            _ = try await store.saveAnswers(
                attempt.key, answers: ["q1": .choices(["a"]), "q2": .essay("Karena\u{0}")], cleared: [], check: false, at: Self.t0 + 10
            )
        }
        await #expect(throws: QuizRefusal.controlCharacter(itemID: "q2")) {
            _ = try await store.submit(attempt.key, answers: ["q2": .essay("\u{1B}[31m")], cleared: [], policy: Self.policy, at: Self.t0 + 20)
        }
        let (open, none) = try #require(try await store.attempt(attempt.key, policy: Self.policy, at: Self.t0 + 30))
        #expect(open.submittedAt == nil && none.isEmpty)

        // Tabs and line breaks are text like any other.
        let saved = try await store.saveAnswers(
            attempt.key, answers: ["q2": .essay("Karena:\r\n\tsatu")], cleared: [], check: false, at: Self.t0 + 40
        )
        #expect(saved["q2"]?.response == .essay("Karena:\r\n\tsatu"))
    }

    @Test(arguments: StoreKind.allCases)
    func emptiedAnswersAreRemovedAndCheckedAnswersAreFinal(_ kind: StoreKind) async throws {
        let store = try await kind.open()
        let account = try await Self.makeAccount(store, Self.budi, "Budi Santoso")
        let attempt = try await Self.start(store, account)

        var saved = try await store.saveAnswers(
            attempt.key, answers: ["q1": .choices(["b"]), "q2": .essay("Draf")], cleared: [], check: false, at: Self.t0 + 10
        )
        #expect(Set(saved.keys) == ["q1", "q2"])
        saved = try await store.saveAnswers(attempt.key, answers: [:], cleared: ["q2"], check: false, at: Self.t0 + 20)
        #expect(Set(saved.keys) == ["q1"])

        // Checking an answer grades it and makes it final.
        saved = try await store.saveAnswers(attempt.key, answers: ["q1": .choices(["a"])], cleared: [], check: true, at: Self.t0 + 30)
        #expect(
            saved["q1"] == QuizAnswer(attemptID: attempt.id, itemID: "q1", response: .choices(["a"]), savedAt: Self.t0 + 30, points: 1, checked: true)
        )
        await #expect(throws: QuizRefusal.answerFinal(itemID: "q1")) {
            _ = try await store.saveAnswers(attempt.key, answers: ["q1": .choices(["b"])], cleared: [], check: false, at: Self.t0 + 40)
        }
        saved = try await store.saveAnswers(attempt.key, answers: [:], cleared: ["q1"], check: false, at: Self.t0 + 40)
        #expect(saved["q1"]?.checked == true)  // a checked answer is not emptied

        let (_, stored) = try #require(try await store.attempt(attempt.key, policy: Self.policy, at: Self.t0 + 50))
        #expect(stored == saved)
        let graded = try await store.submit(attempt.key, answers: [:], cleared: [], policy: Self.policy, at: Self.t0 + 60)
        #expect(graded.score == 1 && graded.passed == false && !graded.needsGrading)
    }

    @Test(arguments: StoreKind.allCases)
    func attemptsPastTheirDeadlineAreGradedAtTheDeadlineFromSavedAnswers(_ kind: StoreKind) async throws {
        let store = try await kind.open()
        let budi = try await Self.makeAccount(store, Self.budi, "Budi Santoso")
        let dewi = try await Self.makeAccount(store, Self.dewi, "Dewi Lestari")
        let eko = try await Self.makeAccount(store, Self.eko, "Eko Budiman")
        let start = Self.t0
        let deadline = start + 60
        let late = deadline + QuizAttempt.grace + 1

        let attempt = try await Self.start(store, budi, maximum: 2, deadline: deadline, at: start)
        #expect(attempt.deadline == deadline)
        _ = try await store.saveAnswers(attempt.key, answers: ["q1": .choices(["a"])], cleared: [], check: false, at: start + 10)
        await #expect(throws: QuizRefusal.pastDeadline) {
            _ = try await store.saveAnswers(attempt.key, answers: ["q1": .choices(["b"])], cleared: [], check: false, at: late)
        }
        await #expect(throws: QuizRefusal.pastDeadline) {
            _ = try await store.submit(attempt.key, answers: ["q1": .choices(["b"])], cleared: [], policy: Self.policy, at: late)
        }

        // Opening an attempt left past its deadline grades it first; so does listing a learner's attempts.
        let left = try await Self.start(store, dewi, deadline: deadline, at: start)
        let (seen, _) = try #require(try await store.attempt(left.key, policy: Self.policy, at: late))
        #expect(seen.submittedAt == deadline && seen.expired && seen.score == 0 && seen.passed == false)
        let forgotten = try await Self.start(store, eko, deadline: deadline, at: start)
        let listed = try await store.attempts(accountID: eko.id, courseID: "c", quizID: "k", policy: Self.policy, at: late)
        #expect(listed.map(\.id) == [forgotten.id] && listed.first?.submittedAt == deadline && listed.first?.expired == true)

        // A quiz no longer served has no policy to grade by: its attempts wait.
        let waiting = try await store.gradeExpiredAttempts(at: late) { _, _ in nil }
        #expect(waiting.isEmpty)
        let graded = try await store.gradeExpiredAttempts(at: late) { _, _ in Self.policy }
        #expect(graded.map(\.id) == [attempt.id])
        let result = try #require(graded.first)
        #expect(result.submittedAt == deadline && result.score == 1 && result.expired && result.passed == false)
        let again = try await store.gradeExpiredAttempts(at: late + 60) { _, _ in Self.policy }
        #expect(again.isEmpty)  // graded once
        #expect(try await store.attempt(attempt.key, policy: Self.policy, at: late + 60)?.0 == result)
        // A second attempt may start now.
        #expect(try await Self.start(store, budi, maximum: 2, at: late).number == 2)
    }

    /// An exam ending for many at once is graded a batch per transaction: every attempt, each once, even when two
    /// nodes grade at the same moment; a batch of attempts at quizzes no longer served does not stop the rest.
    @Test(arguments: StoreKind.allCases)
    func expiredAttemptsAreGradedInBatchesEachOnce(_ kind: StoreKind) async throws {
        let (nodeA, nodeB) = try await kind.openTwice()
        let budi = try await Self.makeAccount(nodeA, Self.budi, "Budi Santoso")
        let batchSize = 3
        let deadline = Self.t0 + 60
        // Ten attempts at a quiz each, four batches of three; the first batch to expire is all at quizzes no longer served.
        let quizIDs = (0..<batchSize).map { "gone\($0)" } + (0..<(2 * batchSize + 1)).map { "k\($0)" }
        var started: [QuizAttempt] = []
        for (offset, quizID) in quizIDs.enumerated() {
            started.append(
                try await nodeA.startAttempt(
                    QuizAttempt(id: 0, accountID: budi.id, courseID: "c", quizID: quizID, number: 0, seed: 42, items: Self.items,
                                quizVersion: "v", startedAt: Self.t0, deadline: deadline + Double(offset), maximum: 3),
                    pool: Self.items.reversed(), policy: Self.policy, at: Self.t0
                )
            )
        }
        let late = deadline + Double(quizIDs.count) + QuizAttempt.grace
        let served: @Sendable (String, String) -> QuizPolicy? = { _, quizID in quizID.hasPrefix("gone") ? nil : Self.policy }

        async let gradedByA = nodeA.gradeExpiredAttempts(at: late, batchSize: batchSize, policy: served)
        async let gradedByB = nodeB.gradeExpiredAttempts(at: late, batchSize: batchSize, policy: served)
        let graded = try await gradedByA + gradedByB

        let expected = started.filter { !$0.quizID.hasPrefix("gone") }
        #expect(graded.count == expected.count)  // none graded twice
        #expect(Set(graded.map(\.id)) == Set(expected.map(\.id)))
        for attempt in expected {
            let (stored, _) = try #require(try await nodeB.attempt(attempt.key, policy: Self.policy, at: late))
            #expect(stored.submittedAt == attempt.deadline && stored.expired && stored.score == 0 && stored.passed == false)
        }
        for attempt in started where attempt.quizID.hasPrefix("gone") {
            #expect(try await nodeA.attempt(attempt.key, policy: Self.policy, at: Self.t0)?.0.submittedAt == nil)  // waits
        }
        #expect(try await nodeA.gradeExpiredAttempts(at: late + 60, batchSize: batchSize, policy: served).isEmpty)
    }

    /// An attempt is reached only under its own course and quiz: every other key is "not found" and changes nothing.
    @Test(arguments: StoreKind.allCases)
    func anAttemptIsFoundOnlyByItsWholeKey(_ kind: StoreKind) async throws {
        let store = try await kind.open()
        let account = try await Self.makeAccount(store, Self.budi, "Budi Santoso")
        let attempt = try await Self.start(store, account)
        let wrongKeys = [
            AttemptKey(id: attempt.id, accountID: account.id, courseID: "c", quizID: "other"),
            AttemptKey(id: attempt.id, accountID: account.id, courseID: "other", quizID: "k"),
            AttemptKey(id: attempt.id, accountID: account.id + 1, courseID: "c", quizID: "k"),
            AttemptKey(id: attempt.id + 1, accountID: account.id, courseID: "c", quizID: "k"),
        ]
        for key in wrongKeys {
            #expect(try await store.attempt(key, policy: Self.policy, at: Self.t0) == nil)
            await #expect(throws: QuizRefusal.notFound) {
                _ = try await store.saveAnswers(key, answers: ["q1": .choices(["a"])], cleared: [], check: false, at: Self.t0)
            }
            await #expect(throws: QuizRefusal.notFound) {
                _ = try await store.submit(key, answers: [:], cleared: [], policy: QuizPolicy(maximumAttempts: 1, passingScore: 0), at: Self.t0)
            }
        }
        let (unchanged, answers) = try #require(try await store.attempt(attempt.key, policy: Self.policy, at: Self.t0))
        #expect(unchanged.submittedAt == nil && unchanged.passed == nil && answers.isEmpty)
        #expect(unchanged.items == Self.items)
    }

    @Test(arguments: StoreKind.allCases)
    func attemptsAndAnswersAreListedForLearnersAndReports(_ kind: StoreKind) async throws {
        let store = try await kind.open()
        let budi = try await Self.makeAccount(store, Self.budi, "Budi Santoso")
        let eko = try await Self.makeAccount(store, Self.eko, "Eko Budiman", unit: Self.bantul)
        let twice = QuizPolicy(maximumAttempts: 2, passingScore: 50)

        let first = try await Self.start(store, budi, maximum: 2)
        let firstGraded = try await store.submit(first.key, answers: ["q1": .choices(["a"])], cleared: [], policy: twice, at: Self.t0 + 10)
        let second = try await Self.start(store, budi, maximum: 2, at: Self.t0 + 20)
        #expect(second.number == 2 && second.id != first.id)
        let other = try await Self.start(store, eko)
        let otherGraded = try await store.submit(other.key, answers: ["q1": .choices(["b"])], cleared: [], policy: Self.policy, at: Self.t0 + 30)
        _ = try await store.saveAnswers(second.key, answers: ["q2": .essay("Draf")], cleared: [], check: false, at: Self.t0 + 40)

        // A learner's attempts, oldest first.
        #expect(try await store.attempts(accountID: budi.id, courseID: "c", quizID: "k", policy: twice, at: Self.t0 + 50) == [firstGraded, second])
        #expect(try await store.attempts(accountID: budi.id, courseID: "c", quizID: "lain", policy: twice, at: Self.t0 + 50).isEmpty)

        // Graded attempts of a course, within a unit subtree.
        let everyone = try await store.gradedAttempts(courseID: "c", under: nil)
        #expect(Set(everyone.map(\.id)) == [first.id, other.id])
        #expect(everyone.first { $0.id == other.id } == otherGraded)
        #expect(try await store.gradedAttempts(courseID: "c", under: Self.unit(Self.sleman)) == [firstGraded])
        #expect(try await store.gradedAttempts(courseID: "lain", under: nil).isEmpty)

        // Answers by attempt, with the points grading gave them.
        let answers = try await store.answers(attemptIDs: [first.id, other.id, second.id])
        #expect(
            answers == [
                first.id: ["q1": QuizAnswer(attemptID: first.id, itemID: "q1", response: .choices(["a"]), savedAt: Self.t0 + 10, points: 1)],
                other.id: ["q1": QuizAnswer(attemptID: other.id, itemID: "q1", response: .choices(["b"]), savedAt: Self.t0 + 30, points: 0)],
                second.id: ["q2": QuizAnswer(attemptID: second.id, itemID: "q2", response: .essay("Draf"), savedAt: Self.t0 + 40)],
            ]
        )
        #expect(try await store.answers(attemptIDs: []).isEmpty)
        #expect(try await store.answers(attemptIDs: [second.id + other.id + 1000]).isEmpty)
    }
}
