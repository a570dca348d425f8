import Foundation
import GRDB
import LenteraCore
import Synchronization
import Testing

@testable import LenteraStore

/// What only the SQLite store does: a file that is reopened, or cannot be written.
@Suite struct SQLiteStoreTests {
    let folder = NSTemporaryDirectory() + "lentera-store-" + UUID().uuidString

    func open() throws -> SQLiteStore {
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        return try SQLiteStore(path: folder + "/lentera.sqlite")
    }

    func newAccount(_ nip: String, unit: String = "Pemkab Sleman > BKPSDM", role: Role = .learner) throws -> NewAccount {
        NewAccount(nip: try NIP(validating: nip), name: "Nama \(nip.suffix(3))", unit: UnitPath(parsing: unit)!, role: role, passwordHash: "x",
                   mustChangePassword: false)
    }

    /// Reopening the file finds everything again; a fresh process rebuilds an attempt's questions from the pool of
    /// its quiz version and the attempt's layout. (The behaviour both stores share is in ``RepositoryContractTests``.)
    @Test func aReopenedFileFindsItsRecordsAgain() async throws {
        let store = try open()
        let budi = try await store.createAccount(try newAccount("198503152010011001"))
        let attempt = try await RepositoryContractTests.start(store, budi)

        let reopened = try SQLiteStore(path: folder + "/lentera.sqlite")
        #expect(try await reopened.account(nip: budi.nip) == budi)
        let kept = reopened.attemptItems.withLock { $0[attempt.id] != nil }
        #expect(!kept)
        let (rebuilt, _) = try #require(try await reopened.attempt(attempt.key, policy: RepositoryContractTests.policy, at: Date()))
        #expect(rebuilt.items == RepositoryContractTests.items && rebuilt.seed == 42)
    }

    @Test func anUnwritableDatabaseFailsAtOpening() throws {
        try FileManager.default.createDirectory(atPath: folder + "/db.sqlite", withIntermediateDirectories: true)
        #expect(throws: SQLiteStore.OpenError.self) { _ = try SQLiteStore(path: folder + "/db.sqlite") }
    }

    /// Views kept in memory (``ProgressViews``) are dropped by any write to the learner's progress, whatever statement
    /// makes it: in a transaction or alone, committed or rolled back; and a read that began before a write never
    /// replaces what the write left.
    @Test func keptModuleViewsFollowEveryWrite() async throws {
        let store = try open()
        let budi = try await store.createAccount(try newAccount("198503152010011001"))
        let eko = try await store.createAccount(try newAccount("198503152010011002"))
        let t0 = Date(timeIntervalSince1970: 1_790_000_000)
        func view(_ account: Account, at seconds: TimeInterval) async throws -> ModuleVisit {
            try await store.visitModule(accountID: account.id, courseID: "c", moduleID: "m", rule: .markedDone, at: t0 + seconds)
        }
        _ = try await view(budi, at: 0)
        _ = try await view(eko, at: 0)
        #expect(store.progressViews.view(accountID: budi.id, courseID: "c", moduleID: "m") != nil)

        // A statement on its own (no explicit transaction).
        try await store.pool.writeWithoutTransaction { db in
            try db.execute(sql: "UPDATE content_summary_log SET time_spent = 7 WHERE account_id = ?", arguments: [budi.id])
        }
        #expect(store.progressViews.view(accountID: budi.id, courseID: "c", moduleID: "m") == nil)
        #expect(store.progressViews.view(accountID: eko.id, courseID: "c", moduleID: "m") != nil)
        #expect(try await view(budi, at: 5).summary.timeSpent == 7)

        // In a transaction that is rolled back, the kept view is dropped too (and read again as it was).
        struct Abandoned: Error {}
        await #expect(throws: Abandoned.self) {
            try await store.pool.write { db in
                try db.execute(sql: "UPDATE content_summary_log SET time_spent = 9 WHERE account_id = ?", arguments: [budi.id])
                throw Abandoned()
            }
        }
        #expect(store.progressViews.view(accountID: budi.id, courseID: "c", moduleID: "m") == nil)
        #expect(try await view(budi, at: 6).summary.timeSpent == 7)

        // A ledger entry inserted by any path, and the learner's rows deleted with the account.
        try await store.pool.write { db in
            try db.execute(
                sql: """
                    INSERT INTO ledger_entry (account_id, course_id, course_title, course_version, year, jp_hundredths, started_at,
                        completed_at, score, certificate_number)
                    VALUES (?, 'c', 'Kursus', 'v1', 2026, 100, ?, ?, NULL, 'LTR-2026-PPPP-QQQQ-RRRR')
                    """,
                arguments: [budi.id, t0, t0]
            )
        }
        #expect(try await view(budi, at: 7).courseEntries.map(\.certificateNumber) == ["LTR-2026-PPPP-QQQQ-RRRR"])
        #expect(try await view(eko, at: 7).courseEntries.isEmpty)

        // A read whose version was taken before a commit touched the account is not kept.
        let version = store.progressViews.version(of: eko.id)
        try await store.pool.write { db in
            try db.execute(sql: "UPDATE content_session_log SET last_sequence = 3 WHERE account_id = ?", arguments: [eko.id])
        }
        let stale = try #require(store.progressViews.view(accountID: budi.id, courseID: "c", moduleID: "m"))
        var old = stale
        old.session.accountID = eko.id
        store.progressViews.keep(old, accountID: eko.id, ifVersion: version)
        #expect(store.progressViews.view(accountID: eko.id, courseID: "c", moduleID: "m") == nil)
        #expect(try await view(eko, at: 8).session.lastSequence == 3)

        // A heartbeat of the latest visit leaves the view kept, with the heartbeat applied: what the database holds.
        let visit = try await view(eko, at: 9)
        let beat = try await store.recordHeartbeat(sessionID: visit.session.id, accountID: eko.id, sequence: 4, at: t0 + 20) { _, _ in .markedDone }
        let kept = try #require(store.progressViews.view(accountID: eko.id, courseID: "c", moduleID: "m"))
        let stored = try await store.pool.read { db in
            (try SQLiteStore.latestVisit(db, accountID: eko.id, courseID: "c", moduleID: "m"),
             try SQLiteStore.loadSummary(db, accountID: eko.id, courseID: "c", moduleID: "m"))
        }
        #expect(kept.session.lastSequence == 4 && kept.session == stored.0 && kept.summary == stored.1 && kept.summary == beat)
        // A heartbeat of an older visit (a tab left open from another sitting) is not the view's: the view is dropped,
        // and read again finds that visit the latest now (its end moved past the newer one's).
        let newer = try await view(eko, at: 3_600)
        #expect(newer.recorded && newer.session.id != visit.session.id)
        _ = try await store.recordHeartbeat(sessionID: visit.session.id, accountID: eko.id, sequence: 5, at: t0 + 3_610) { _, _ in .markedDone }
        #expect(store.progressViews.view(accountID: eko.id, courseID: "c", moduleID: "m") == nil)
        let latest = try await view(eko, at: 3_620).session
        #expect(latest.id == visit.session.id && latest.lastSequence == 5)

        // Both visits' heartbeats in one batch: which is the latest is left to the database, not guessed.
        _ = try await view(eko, at: 3_625)
        #expect(store.progressViews.view(accountID: eko.id, courseID: "c", moduleID: "m")?.session.id == visit.session.id)
        let both = try await store.recordHeartbeats(
            [
                HeartbeatRequest(sessionID: visit.session.id, accountID: eko.id, sequence: 6, date: t0 + 3_630),
                HeartbeatRequest(sessionID: newer.session.id, accountID: eko.id, sequence: 1, date: t0 + 3_640),
            ]
        ) { _, _ in .markedDone }
        #expect(both.allSatisfy { $0 != nil })
        #expect(store.progressViews.view(accountID: eko.id, courseID: "c", moduleID: "m") == nil)
        #expect(try await view(eko, at: 3_645).session.id == newer.session.id)

        // A write that staged a view and failed puts nothing, then or at the next commit.
        let seen = try await view(eko, at: 3_646)
        var bogusSession = seen.session
        bogusSession.lastSequence = 99
        let bogus = ModuleVisit(session: bogusSession, summary: seen.summary, recorded: true, courseEntries: [])
        await #expect(throws: Abandoned.self) {
            try await store.pool.writeStaging(store.progressViews) { _ in
                store.progressViews.stage(bogus, accountID: eko.id)
                throw Abandoned()
            }
        }
        try await store.pool.write { db in try db.execute(sql: "UPDATE meta SET checked_at = ?", arguments: [t0]) }
        #expect(store.progressViews.view(accountID: eko.id, courseID: "c", moduleID: "m")?.session.lastSequence != 99)
        #expect(try await view(eko, at: 3_647).session.lastSequence == 1)
    }

}

/// A database that cannot grow is recognised as a full disk, so the page and the log say what to fix (issue 10).
@Suite struct StorageFailureTests {
    @Test func aDatabaseThatCannotGrowIsAFullDisk() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("lentera-full-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let queue = try DatabaseQueue(path: folder + "/penuh.sqlite")
        let thrown = #expect(throws: DatabaseError.self) {
            try queue.write { db in
                try db.execute(sql: "CREATE TABLE t (x BLOB)")
                try db.execute(sql: "PRAGMA max_page_count = \(try Int.fetchOne(db, sql: "PRAGMA page_count")! + 1)")
                for _ in 0..<10 { try db.execute(sql: "INSERT INTO t VALUES (zeroblob(8192))") }
            }
        }
        #expect(thrown.map(StorageFailure.isDiskFull) == true)
        #expect(StorageFailure.isDiskFull(NSError(domain: NSPOSIXErrorDomain, code: Int(ENOSPC))))
        #expect(!StorageFailure.isDiskFull(NSError(domain: NSPOSIXErrorDomain, code: Int(EACCES))))
    }
}
