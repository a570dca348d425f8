import Foundation
import LenteraCore
import Testing

@testable import LenteraStore

/// The contract of progress logs, the JP ledger and feedback.
extension RepositoryContractTests {
    // MARK: Progress

    @Test(arguments: StoreKind.allCases)
    func heartbeatsCountOnceAndOnlyForTheirOwner(_ kind: StoreKind) async throws {
        let store = try await kind.open()
        let learner = try await Self.makeAccount(store, Self.budi, "Budi Santoso")
        let other = try await Self.makeAccount(store, Self.dewi, "Dewi Lestari")
        let start = Self.t0
        let (session, first) = try await store.recordView(
            accountID: learner.id, courseID: "c", moduleID: "m", rule: .timeSpent(minutes: 1), at: start
        )
        #expect(first.progress == 0)
        let rule: @Sendable (String, String) -> CompletionRule = { _, _ in .timeSpent(minutes: 1) }

        let after30 = try await store.recordHeartbeat(sessionID: session.id, accountID: learner.id, sequence: 1, at: start + 30, rule: rule)
        #expect(after30?.timeSpent == 30)
        let replay = try await store.recordHeartbeat(sessionID: session.id, accountID: learner.id, sequence: 1, at: start + 45, rule: rule)
        #expect(replay?.timeSpent == 30)
        let stolen = try await store.recordHeartbeat(sessionID: session.id, accountID: other.id, sequence: 2, at: start + 60, rule: rule)
        #expect(stolen == nil)
        let after60 = try await store.recordHeartbeat(sessionID: session.id, accountID: learner.id, sequence: 2, at: start + 60, rule: rule)
        #expect(after60?.timeSpent == 60)
        #expect(after60?.isComplete == true && after60?.completedAt == start + 60)
        #expect(try await store.summaries(accountID: other.id, courseID: "c").isEmpty)

        // Several heartbeats in one call: each applied as it would be alone, the results in the order given.
        let (second, _) = try await store.recordView(
            accountID: learner.id, courseID: "c", moduleID: "m2", rule: .timeSpent(minutes: 1), at: start + 120
        )
        let results = try await store.recordHeartbeats(
            [
                HeartbeatRequest(sessionID: second.id, accountID: learner.id, sequence: 1, date: start + 150),
                HeartbeatRequest(sessionID: second.id, accountID: other.id, sequence: 2, date: start + 160),
                HeartbeatRequest(sessionID: second.id, accountID: learner.id, sequence: 1, date: start + 170),
                HeartbeatRequest(sessionID: "tidak-ada", accountID: learner.id, sequence: 1, date: start + 170),
            ], rule: rule
        )
        #expect(results.map { $0?.timeSpent } == [30, nil, 30, nil])
        #expect(try await store.summaries(accountID: learner.id, courseID: "c")["m2"]?.timeSpent == 30)
    }

    @Test(arguments: StoreKind.allCases)
    func parallelVisitsOfOneModuleCountTimeOnce(_ kind: StoreKind) async throws {
        let store = try await kind.open()
        let learner = try await Self.makeAccount(store, Self.budi, "Budi Santoso")
        let start = Self.t0
        let rule: @Sendable (String, String) -> CompletionRule = { _, _ in .timeSpent(minutes: 30) }
        // Thirty tabs opened on the same module, each sending one heartbeat a minute later.
        var sessions: [ContentSession] = []
        for _ in 0..<30 {
            let (session, _) = try await store.recordView(
                accountID: learner.id, courseID: "c", moduleID: "m", rule: .timeSpent(minutes: 30), at: start
            )
            sessions.append(session)
        }
        var last: ContentSummary?
        for (index, session) in sessions.enumerated() {
            last = try await store.recordHeartbeat(
                sessionID: session.id, accountID: learner.id, sequence: 1, at: start.addingTimeInterval(60 + Double(index) * 0.1), rule: rule
            )
        }
        let summary = try #require(last)
        #expect(summary.timeSpent < 64)  // about one minute, not thirty
        #expect(!summary.isComplete)
    }

    @Test(arguments: StoreKind.allCases)
    func twoHeartbeatsWithOneSequenceNumberAtOnceCountOnce(_ kind: StoreKind) async throws {
        let store = try await kind.open()
        let learner = try await Self.makeAccount(store, Self.budi, "Budi Santoso")
        let start = Self.t0
        let rule: @Sendable (String, String) -> CompletionRule = { _, _ in .timeSpent(minutes: 30) }
        let (session, _) = try await store.recordView(accountID: learner.id, courseID: "c", moduleID: "m", rule: .timeSpent(minutes: 30), at: start)

        async let first = store.recordHeartbeat(sessionID: session.id, accountID: learner.id, sequence: 1, at: start + 30, rule: rule)
        async let second = store.recordHeartbeat(sessionID: session.id, accountID: learner.id, sequence: 1, at: start + 30, rule: rule)
        let results = try await [first, second]

        // One of them counts; the other is a repeat and answers the summary as it is.
        #expect(results.map { $0?.timeSpent } == [30, 30])
        #expect(try await store.summaries(accountID: learner.id, courseID: "c")["m"]?.timeSpent == 30)
    }

    @Test(arguments: StoreKind.allCases)
    func viewsAndMarksBuildSummariesByCourseByRecencyAndByUnit(_ kind: StoreKind) async throws {
        let store = try await kind.open()
        let budi = try await Self.makeAccount(store, Self.budi, "Budi Santoso")
        let eko = try await Self.makeAccount(store, Self.eko, "Eko Budiman", unit: Self.bantul)
        let t0 = Self.t0

        let (visit, viewed) = try await store.recordView(accountID: budi.id, courseID: "c1", moduleID: "m1", rule: .viewed, at: t0)
        #expect(visit.accountID == budi.id && visit.courseID == "c1" && visit.moduleID == "m1" && visit.start == t0)
        #expect(visit.timeSpent == 0 && visit.lastSequence == 0)
        #expect(viewed.progress == 1 && viewed.completedAt == t0 && viewed.firstAccess == t0 && viewed.lastAccess == t0 && !viewed.markedDone)

        let done = try await store.markDone(accountID: budi.id, courseID: "c1", moduleID: "m2", rule: .markedDone, at: t0 + 60)
        #expect(done.markedDone && done.progress == 1 && done.completedAt == t0 + 60 && done.firstAccess == t0 + 60)
        let (_, unfinished) = try await store.recordView(accountID: budi.id, courseID: "c2", moduleID: "m1", rule: .markedDone, at: t0 + 120)
        #expect(unfinished.progress == 0 && unfinished.completedAt == nil)
        _ = try await store.recordView(accountID: eko.id, courseID: "c1", moduleID: "m1", rule: .viewed, at: t0 + 10)
        // A later view moves the last access only: the first access and the completion are stamped once.
        let (_, again) = try await store.recordView(accountID: budi.id, courseID: "c1", moduleID: "m1", rule: .viewed, at: t0 + 180)
        #expect(again.completedAt == t0 && again.firstAccess == t0 && again.lastAccess == t0 + 180 && again.progress == 1)
        // Read again within a minute, the page changes nothing recorded (no write); a minute later it moves again.
        let (sameVisit, unchanged) = try await store.recordView(accountID: budi.id, courseID: "c1", moduleID: "m1", rule: .viewed, at: t0 + 230)
        #expect(unchanged == again)
        let (laterVisit, later) = try await store.recordView(accountID: budi.id, courseID: "c1", moduleID: "m1", rule: .viewed, at: t0 + 240)
        #expect(later.lastAccess == t0 + 240 && later.completedAt == t0)
        #expect(sameVisit.id == laterVisit.id)

        #expect(try await store.summaries(accountID: budi.id, courseID: "c1") == ["m1": later, "m2": done])
        #expect(try await store.summaries(accountID: eko.id, courseID: "c2").isEmpty)
        let recent = try await store.recentSummaries(accountID: budi.id)
        #expect(recent.map { "\($0.courseID)/\($0.moduleID)" } == ["c1/m1", "c2/m1", "c1/m2"])
        #expect(try await store.recentSummaries(accountID: eko.id).map(\.moduleID) == ["m1"])
    }

    @Test(arguments: StoreKind.allCases)
    func aModuleViewShowsEveryWriteBeforeIt(_ kind: StoreKind) async throws {
        // Views answered without a write (and, on SQLite, from what the process last read) still show each heartbeat,
        // mark and credit made since.
        let store = try await kind.open()
        let learner = try await Self.makeAccount(store, Self.budi, "Budi Santoso")
        let other = try await Self.makeAccount(store, Self.dewi, "Dewi Lestari")
        let t0 = Self.t0
        let rule: @Sendable (String, String) -> CompletionRule = { _, _ in .markedDone }
        let first = try await store.visitModule(accountID: learner.id, courseID: "c", moduleID: "m", rule: .markedDone, at: t0)
        #expect(first.recorded && first.courseEntries.isEmpty && first.session.lastSequence == 0)
        let again = try await store.visitModule(accountID: learner.id, courseID: "c", moduleID: "m", rule: .markedDone, at: t0 + 5)
        #expect(!again.recorded && again.session == first.session && again.summary == first.summary)
        _ = try await store.visitModule(accountID: other.id, courseID: "c", moduleID: "m", rule: .markedDone, at: t0 + 6)

        _ = try await store.recordHeartbeat(sessionID: first.session.id, accountID: learner.id, sequence: 1, at: t0 + 20, rule: rule)
        let afterBeat = try await store.visitModule(accountID: learner.id, courseID: "c", moduleID: "m", rule: .markedDone, at: t0 + 25)
        #expect(!afterBeat.recorded && afterBeat.session.lastSequence == 1 && afterBeat.session.timeSpent == 20)
        #expect(afterBeat.summary.timeSpent == 20 && afterBeat.summary.lastHeartbeat == t0 + 20)

        _ = try await store.markDone(accountID: learner.id, courseID: "c", moduleID: "m", rule: .markedDone, at: t0 + 30)
        let afterMark = try await store.visitModule(accountID: learner.id, courseID: "c", moduleID: "m", rule: .markedDone, at: t0 + 35)
        #expect(!afterMark.recorded && afterMark.summary.isComplete && afterMark.summary.completedAt == t0 + 30)

        let entry = LedgerEntry(
            accountID: learner.id, courseID: "c", courseTitle: "Kursus", courseVersion: "v1", year: 2026, jp: JP(hundredths: 200),
            startedAt: t0, completedAt: t0 + 30, score: nil, certificateNumber: "LTR-2026-KKKK-MMMM-NNNN"
        )
        _ = try await store.credit(entry)
        let afterCredit = try await store.visitModule(accountID: learner.id, courseID: "c", moduleID: "m", rule: .markedDone, at: t0 + 40)
        #expect(!afterCredit.recorded && afterCredit.courseEntries == [entry])
        // Another learner's writes and views change nothing for this one; this one's never reach the other.
        let others = try await store.visitModule(accountID: other.id, courseID: "c", moduleID: "m", rule: .markedDone, at: t0 + 41)
        #expect(!others.recorded && others.courseEntries.isEmpty && !others.summary.isComplete && others.session.lastSequence == 0)
    }

    // MARK: The JP ledger

    @Test(arguments: StoreKind.allCases)
    func theLedgerCreditsACourseVersionOnce(_ kind: StoreKind) async throws {
        let store = try await kind.open()
        let learner = try await Self.makeAccount(store, Self.budi, "Budi Santoso")
        var entry = LedgerEntry(
            accountID: learner.id, courseID: "c", courseTitle: "Kursus", courseVersion: "v1", year: 2026, jp: JP(hundredths: 250),
            startedAt: Date(timeIntervalSince1970: 1_790_000_000), completedAt: Date(timeIntervalSince1970: 1_790_000_600), score: 100,
            certificateNumber: "LTR-2026-AAAA-BBBB-CCCC"
        )
        entry.contentDigest = "9f86d081884c7d65"
        let first = try await store.credit(entry)
        #expect(first == entry)
        // A second credit for the same learner, course and version returns the entry already stored.
        var again = entry
        again.certificateNumber = "LTR-2026-DDDD-EEEE-FFFF"
        again.jp = JP(hundredths: 900)
        #expect(try await store.credit(again) == entry)
        #expect(try await store.entry(certificateNumber: "LTR-2026-DDDD-EEEE-FFFF") == nil)

        var newVersion = entry
        newVersion.courseVersion = "v2"
        newVersion.contentDigest = nil
        newVersion.certificateNumber = "LTR-2026-GGGG-HHHH-JJJJ"
        newVersion.completedAt = entry.completedAt + 3600
        #expect(try await store.credit(newVersion) == newVersion)

        #expect(try await store.entries(accountID: learner.id) == [newVersion, entry])  // newest first
        #expect(try await store.entry(certificateNumber: "LTR-2026-AAAA-BBBB-CCCC") == entry)
        #expect(try await store.entry(certificateNumber: "LTR-2026-AAAA-BBBB-CCCX") == nil)
    }

    /// A course without a grade quiz, or a learner without a graded attempt at it, credits an entry without a score:
    /// every store keeps "no score" as none, never as 0 or 100.
    @Test(arguments: StoreKind.allCases)
    func anEntryWithoutAScoreKeepsNone(_ kind: StoreKind) async throws {
        let store = try await kind.open()
        let learner = try await Self.makeAccount(store, Self.budi, "Budi Santoso")
        let ungraded = LedgerEntry(
            accountID: learner.id, courseID: "c", courseTitle: "Kursus", courseVersion: "1", year: 2027, jp: JP(hundredths: 200),
            startedAt: Self.t0, completedAt: Self.t0 + 600, score: nil, certificateNumber: "LTR-2027-TANP-NILA-I001"
        )
        var graded = ungraded
        graded.courseID = "d"
        graded.score = 80
        graded.certificateNumber = "LTR-2027-DENG-ANNI-LAI1"
        #expect(try await store.credit(ungraded) == ungraded)
        #expect(try await store.credit(graded) == graded)

        #expect(try await store.entry(certificateNumber: "LTR-2027-TANP-NILA-I001") == ungraded)
        #expect(try await store.entry(certificateNumber: "LTR-2027-DENG-ANNI-LAI1")?.score == 80)
        let entries = try await store.entries(accountID: learner.id)
        let expected: [String: Int?] = ["c": nil, "d": 80]
        #expect(Dictionary(uniqueKeysWithValues: entries.map { ($0.courseID, $0.score) }) == expected)
        // The completion reported upward carries no score either.
        let reported = try await store.outbox(after: 0, limit: 10, node: "n").map(\.completion).filter { $0.courseID == "c" }
        #expect(reported.count == 1 && reported.first?.score == nil)
    }

    @Test(arguments: StoreKind.allCases)
    func yearlyTotalsComeInBatchesInOrderOfUnitAndName(_ kind: StoreKind) async throws {
        let store = try await kind.open()
        let budi = try await Self.makeAccount(store, Self.budi, "Budi Santoso")
        _ = try await Self.makeAccount(store, Self.citra, "Citra Dewi", status: .pppk)
        _ = try await Self.makeAccount(store, Self.agus, "Agus Salim", role: .operator)
        _ = try await Self.makeAccount(store, Self.hadi, "Hadi Wijaya", unit: "Pemkab Sleman > BKPSDM > Bidang A")
        let dewi = try await Self.makeAccount(store, Self.dewi, "Dewi Lestari", unit: Self.diskominfo)
        let fajar = try await Self.makeAccount(store, Self.fajar, "Fajar Nugroho", unit: Self.diskominfo)
        let eko = try await Self.makeAccount(store, Self.eko, "Eko Budiman", unit: Self.bantul)
        // Fajar left the service: with no credit in the year, he is no longer counted.
        let (gone, _) = try AccountRules.apply(AccountChange(deactivation: .some(Deactivation(reason: .left, date: Self.t0))), to: fajar, by: nil)
        try await store.updateAccount(gone, audit: [])

        let lastYear = Date(timeIntervalSince1970: 1_770_000_000)
        let credits: [(Account, String, Int, Int, Date)] = [
            (budi, "c1", 2027, 1000, Self.t0), (budi, "c2", 2027, 250, Self.t0 + 60), (dewi, "c1", 2027, 2000, Self.t0),
            (eko, "c1", 2027, 500, Self.t0), (eko, "c2", 2026, 3000, lastYear),
        ]
        for (number, (account, course, year, hundredths, date)) in credits.enumerated() {
            _ = try await store.credit(
                LedgerEntry(
                    accountID: account.id, courseID: course, courseTitle: "Kursus \(course)", courseVersion: "1", year: year,
                    jp: JP(hundredths: hundredths), startedAt: date - 3600, completedAt: date, score: 100,
                    certificateNumber: "LTR-\(year)-TEST-TEST-000\(number)"
                )
            )
        }

        /// Each batch handed over, a row as `name JP-in-hundredths courses meets-target`.
        func totals(_ year: Int, under unit: UnitPath?, batch: Int) async throws -> [[String]] {
            var batches: [[String]] = []
            try await store.eachLedgerTotal(year: year, under: unit, batch: batch) { rows in
                batches.append(rows.map { "\($0.account.name) \($0.jp.hundredths) \($0.courses) \($0.meetsTarget)" })
            }
            return batches
        }

        #expect(
            try await totals(2027, under: nil, batch: 2) == [
                ["Eko Budiman 500 1 false", "Budi Santoso 1250 2 false"],
                ["Citra Dewi 0 0 false", "Hadi Wijaya 0 0 false"],
                ["Dewi Lestari 2000 1 true"],
            ]
        )
        #expect(
            try await totals(2027, under: Self.unit(Self.sleman), batch: 10) == [
                ["Budi Santoso 1250 2 false", "Citra Dewi 0 0 false", "Hadi Wijaya 0 0 false", "Dewi Lestari 2000 1 true"]
            ]
        )
        #expect(
            try await totals(2027, under: Self.unit(Self.bkpsdm), batch: 3) == [
                ["Budi Santoso 1250 2 false", "Citra Dewi 0 0 false", "Hadi Wijaya 0 0 false"]
            ]
        )
        #expect(
            try await totals(2026, under: nil, batch: 10) == [
                ["Eko Budiman 3000 1 true", "Budi Santoso 0 0 false", "Citra Dewi 0 0 false", "Hadi Wijaya 0 0 false", "Dewi Lestari 0 0 false"]
            ]
        )
        #expect(try await totals(2027, under: Self.unit("Pemkab Gunungkidul"), batch: 10).isEmpty)
        // Each row carries the account as stored.
        var firstRow: Reports.LedgerRow?
        try await store.eachLedgerTotal(year: 2027, under: Self.unit(Self.bantul), batch: 10) { rows in firstRow = firstRow ?? rows.first }
        #expect(firstRow?.account == eko)
    }

    // MARK: Feedback

    @Test(arguments: StoreKind.allCases)
    func feedbackAggregatesPerModuleAndALaterOneReplacesTheEarlier(_ kind: StoreKind) async throws {
        let store = try await kind.open()
        let a = try await Self.makeAccount(store, Self.budi, "Budi Santoso")
        let b = try await Self.makeAccount(store, Self.eko, "Eko Budiman", unit: Self.bantul)
        try await store.saveFeedback(Feedback(accountID: a.id, courseID: "c", moduleID: "m", relevance: 2, comment: "", createdAt: Self.t0))
        try await store.saveFeedback(Feedback(accountID: a.id, courseID: "c", moduleID: "m", relevance: 4, comment: "bagus", createdAt: Self.t0 + 60))
        try await store.saveFeedback(Feedback(accountID: b.id, courseID: "c", moduleID: "m", relevance: 5, comment: "", createdAt: Self.t0 + 120))
        try await store.saveFeedback(
            Feedback(accountID: b.id, courseID: "c", moduleID: "n", relevance: 1, comment: "terlalu umum", createdAt: Self.t0 + 180)
        )

        func summaries(_ unit: UnitPath?) async throws -> [FeedbackSummary] {
            try await store.feedbackSummaries(under: unit).sorted { ($0.courseID, $0.moduleID) < ($1.courseID, $1.moduleID) }
        }
        #expect(
            try await summaries(nil) == [
                FeedbackSummary(courseID: "c", moduleID: "m", count: 2, averageRelevance: 4.5, comments: ["bagus"]),
                FeedbackSummary(courseID: "c", moduleID: "n", count: 1, averageRelevance: 1, comments: ["terlalu umum"]),
            ]
        )
        #expect(
            try await summaries(Self.unit(Self.bantul)) == [
                FeedbackSummary(courseID: "c", moduleID: "m", count: 1, averageRelevance: 5, comments: []),
                FeedbackSummary(courseID: "c", moduleID: "n", count: 1, averageRelevance: 1, comments: ["terlalu umum"]),
            ]
        )
        #expect(
            try await summaries(Self.unit(Self.sleman)) == [
                FeedbackSummary(courseID: "c", moduleID: "m", count: 1, averageRelevance: 4, comments: ["bagus"])
            ]
        )
        #expect(try await summaries(Self.unit("Pemkab Gunungkidul")).isEmpty)
    }
}
