import Foundation
import LenteraCore
import LenteraTestSupport
import Logging
import Testing

@testable import LenteraStore

/// `lentera migrate-to`: a data folder's SQLite database copied into an empty PostgreSQL one, read back through the
/// repository contract.
@Suite struct MigrateToPostgresTests {
    typealias C = RepositoryContractTests

    @Test func everyRecordReadsTheSameAfterTheCopyAndNewRowsContinueAfterIt() async throws {
        let path = try StoreKind.newSQLitePath()
        let source = try SQLiteStore(path: path)
        let budi = try await C.makeAccount(source, C.budi, "Budi Santoso")
        let dewi = try await C.makeAccount(source, C.dewi, "Dewi Lestari", unit: C.diskominfo, role: .operator)
        let (visit, _) = try await source.recordView(accountID: budi.id, courseID: "c", moduleID: "m1", rule: .timeSpent(minutes: 1), at: C.t0)
        _ = try await source.recordHeartbeat(sessionID: visit.id, accountID: budi.id, sequence: 1, at: C.t0 + 60, rule: { _, _ in .timeSpent(minutes: 1) })
        _ = try await source.markDone(accountID: budi.id, courseID: "c", moduleID: "m2", rule: .markedDone, at: C.t0 + 90)
        var entry = LedgerEntry(
            accountID: budi.id, courseID: "c", courseTitle: "Kursus", courseVersion: "v1", year: 2027, jp: JP(hundredths: 250),
            startedAt: C.t0, completedAt: C.t0 + 120, score: 80, certificateNumber: "LTR-2027-AAAA-BBBB-CCCC"
        )
        entry.contentDigest = "9f86d081884c7d65"
        _ = try await source.credit(entry)
        try await source.saveFeedback(Feedback(accountID: budi.id, courseID: "c", moduleID: "m1", relevance: 4, comment: "Relevan", createdAt: C.t0))
        let attempt = try await C.start(source, budi)
        _ = try await source.submit(attempt.key, answers: ["q1": .choices(["a"]), "q2": .essay("Karena…")], cleared: [], policy: C.policy, at: C.t0 + 200)
        try await source.record([AuditEvent(date: C.t0, action: .signIn, actor: C.budi, subject: C.budi, unit: C.unit(C.bkpsdm), address: "10.0.0.1")])
        _ = try await source.createNode(name: "bkpsdm-sleman", keyHash: "hash", units: [C.unit(C.sleman)])
        try await source.createSession(StoredSession(tokenHash: "t", accountID: dewi.id, csrfToken: "c", expires: Date().addingTimeInterval(3600)))
        let pushed = SyncStatus(
            kind: .push, upstream: "https://pusat.example", node: "node-a/101/1a2b3c4d", attemptedAt: C.t0 + 500, succeededAt: C.t0 + 470,
            outcome: .failed, message: "https://pusat.example answered 503", sent: 3
        )
        try await source.saveSyncStatus(pushed)
        try source.shutDown()

        let url = try await TestPostgres.newDatabase()
        let copies = try await PostgresStore.copy(fromSQLite: path, to: url, logger: Logger(label: "test")) { _ in }
        #expect(copies.map(\.table) == PostgresStore.copyOrder)
        #expect(Dictionary(uniqueKeysWithValues: copies.map { ($0.table, $0.rows) }).filter { $0.value > 0 } == [
            "account": 2, "session": 1, "content_session_log": 1, "content_summary_log": 2, "ledger_entry": 1, "feedback": 1, "quiz_pool": 1,
            "quiz_attempt": 1, "quiz_answer": 2, "sync_node": 1, "sync_outbox": 3, "audit_event": 1, "sync_status": 1,
        ])

        let reopened = try SQLiteStore(path: path)
        let copied = try await PostgresStore(url: url, maximumConnections: 4)
        for store in [reopened as any LenteraDatabase, copied] {
            #expect(try await store.accounts(under: nil).map(\.name) == ["Budi Santoso", "Dewi Lestari"])
        }
        #expect(try await copied.accounts(under: nil) == reopened.accounts(under: nil))
        #expect(try await copied.summaries(accountID: budi.id, courseID: "c") == reopened.summaries(accountID: budi.id, courseID: "c"))
        #expect(try await copied.entries(accountID: budi.id) == [entry])
        #expect(try await copied.feedbackSummaries(under: nil) == reopened.feedbackSummaries(under: nil))
        let attempts = try await copied.attempts(accountID: budi.id, courseID: "c", quizID: "k", policy: C.policy, at: C.t0 + 300)
        #expect(attempts == (try await reopened.attempts(accountID: budi.id, courseID: "c", quizID: "k", policy: C.policy, at: C.t0 + 300)))
        #expect(try await copied.answers(attemptIDs: [attempt.id]) == reopened.answers(attemptIDs: [attempt.id]))
        #expect(try await copied.auditEvents(AuditFilter(), offset: 0, limit: 10).events == reopened.auditEvents(AuditFilter(), offset: 0, limit: 10).events)
        #expect(try await copied.nodes().map(\.name) == ["bkpsdm-sleman"])
        #expect(try await copied.syncStatuses() == [pushed])
        #expect(try await copied.signedInAccount(tokenHash: "t")?.1.id == dewi.id)
        let outbox = try await copied.outbox(after: 0, limit: 10, node: "n")
        #expect(outbox.map(\.sequence) == [1, 2, 3])
        #expect(outbox.map(\.sequence) == (try await reopened.outbox(after: 0, limit: 10, node: "n")).map(\.sequence))

        // Ids go on after the copied ones, and the copy did not report its own rows upward again.
        let citra = try await C.makeAccount(copied, C.citra, "Citra Dewi")
        #expect(citra.id == max(budi.id, dewi.id) + 1)
        _ = try await copied.markDone(accountID: citra.id, courseID: "c", moduleID: "m2", rule: .markedDone, at: C.t0 + 400)
        #expect(try await copied.outbox(after: 0, limit: 10, node: "n").map(\.sequence) == [1, 2, 3, 4])

        // A database that is not empty is refused, and keeps what it has.
        await #expect(throws: PostgresStore.OpenError.self) {
            _ = try await PostgresStore.copy(fromSQLite: path, to: url, logger: Logger(label: "test")) { _ in }
        }
        #expect(try await copied.accounts(under: nil).count == 3)
    }
}
