import Foundation
import GRDB
import LenteraCore
import Testing

@testable import LenteraStore

/// Repository tests on a real SQLite file in a temporary folder.
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

    @Test func accountsByNIPAndUnitSubtree() async throws {
        let store = try open()
        let budi = try await store.createAccount(try newAccount("198503152010011001", unit: "Pemkab Sleman > BKPSDM > Bidang A"))
        _ = try await store.createAccount(try newAccount("199001012015032002", unit: "Pemkab Sleman > Diskominfo"))
        _ = try await store.createAccount(try newAccount("199101012015031003", unit: "Pemkab Sleman > BKPSDM2"))

        #expect(try await store.account(nip: budi.nip) == budi)
        #expect(try await store.account(id: budi.id) == budi)
        let bkpsdm = try await store.accounts(under: UnitPath(parsing: "Pemkab Sleman > BKPSDM"))
        #expect(bkpsdm.map(\.id) == [budi.id])
        #expect(try await store.accounts(under: nil).count == 3)
        await #expect(throws: StoreError.duplicateNIP) { _ = try await store.createAccount(try newAccount("198503152010011001")) }

        // Reopening the same file finds everything again.
        let reopened = try SQLiteStore(path: folder + "/lentera.sqlite")
        #expect(try await reopened.account(nip: budi.nip)?.name == budi.name)
    }

    @Test func heartbeatsCountOnceAndOnlyForTheirOwner() async throws {
        let store = try open()
        let learner = try await store.createAccount(try newAccount("198503152010011001"))
        let other = try await store.createAccount(try newAccount("199001012015032002"))
        let start = Date(timeIntervalSince1970: 1_800_000_000)
        let (session, first) = try await store.recordView(accountID: learner.id, courseID: "c", moduleID: "m", rule: .timeSpent(minutes: 1), at: start)
        #expect(first.progress == 0)
        let rule: @Sendable (String, String) -> CompletionRule = { _, _ in .timeSpent(minutes: 1) }

        let after30 = try await store.recordHeartbeat(sessionID: session.id, accountID: learner.id, sequence: 1, at: start.addingTimeInterval(30), rule: rule)
        #expect(after30?.timeSpent == 30)
        let replay = try await store.recordHeartbeat(sessionID: session.id, accountID: learner.id, sequence: 1, at: start.addingTimeInterval(45), rule: rule)
        #expect(replay?.timeSpent == 30)
        let stolen = try await store.recordHeartbeat(sessionID: session.id, accountID: other.id, sequence: 2, at: start.addingTimeInterval(60), rule: rule)
        #expect(stolen == nil)
        let after60 = try await store.recordHeartbeat(sessionID: session.id, accountID: learner.id, sequence: 2, at: start.addingTimeInterval(60), rule: rule)
        #expect(after60?.timeSpent == 60)
        #expect(after60?.isComplete == true)
        #expect(try await store.summaries(accountID: other.id, courseID: "c").isEmpty)
    }

    @Test func parallelVisitsOfOneModuleCountTimeOnce() async throws {
        let store = try open()
        let learner = try await store.createAccount(try newAccount("198503152010011001"))
        let start = Date(timeIntervalSince1970: 1_800_000_000)
        let rule: @Sendable (String, String) -> CompletionRule = { _, _ in .timeSpent(minutes: 30) }
        // Thirty tabs opened on the same module, each sending one heartbeat a minute later.
        var sessions: [ContentSession] = []
        for _ in 0..<30 {
            sessions.append(try await store.recordView(accountID: learner.id, courseID: "c", moduleID: "m", rule: .timeSpent(minutes: 30), at: start).0)
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

    @Test func unitsWithNonASCIINamesScopeCorrectly() async throws {
        let store = try open()
        let a = try await store.createAccount(try newAccount("198503152010011001", unit: "Dinas Pendidikan – Kab. Sleman > Bidang Guru"))
        _ = try await store.createAccount(try newAccount("199001012015032002", unit: "Dinas Pendidikan – Kab. Slemanx"))
        #expect(try await store.accounts(under: UnitPath(parsing: "Dinas Pendidikan – Kab. Sleman")).map(\.id) == [a.id])
    }

    @Test func theLedgerCreditsACourseVersionOnce() async throws {
        let store = try open()
        let learner = try await store.createAccount(try newAccount("198503152010011001"))
        let entry = LedgerEntry(
            accountID: learner.id, courseID: "c", courseTitle: "Kursus", courseVersion: "v1", year: 2026, jp: JP(hundredths: 250),
            startedAt: Date(timeIntervalSince1970: 1_790_000_000), completedAt: Date(timeIntervalSince1970: 1_790_000_600), score: 100,
            certificateNumber: "LTR-2026-AAAA-BBBB-CCCC"
        )
        let first = try await store.credit(entry)
        var again = entry
        again.certificateNumber = "LTR-2026-DDDD-EEEE-FFFF"
        let second = try await store.credit(again)
        #expect(second == first)
        var newVersion = entry
        newVersion.courseVersion = "v2"
        newVersion.certificateNumber = "LTR-2026-GGGG-HHHH-JJJJ"
        _ = try await store.credit(newVersion)
        #expect(try await store.entries(accountID: learner.id).count == 2)
        #expect(try await store.entry(certificateNumber: "LTR-2026-AAAA-BBBB-CCCC")?.courseVersion == "v1")
        #expect(try await store.entry(certificateNumber: "LTR-2026-AAAA-BBBB-CCCX") == nil)
        #expect(try await store.entries(year: 2026, under: UnitPath(parsing: "Pemkab Sleman")).count == 2)
        #expect(try await store.entries(year: 2026, under: UnitPath(parsing: "Pemkab Bantul")).isEmpty)
    }

    @Test func sessionsExpireAndEnd() async throws {
        let store = try open()
        let learner = try await store.createAccount(try newAccount("198503152010011001"))
        try await store.createSession(StoredSession(tokenHash: "a", accountID: learner.id, csrfToken: "t", expires: Date().addingTimeInterval(60)))
        try await store.createSession(StoredSession(tokenHash: "b", accountID: learner.id, csrfToken: "t", expires: Date().addingTimeInterval(-1)))
        #expect(try await store.signedInAccount(tokenHash: "a")?.0.accountID == learner.id)
        #expect(try await store.signedInAccount(tokenHash: "b") == nil)
        try await store.deleteSessions(accountID: learner.id)
        #expect(try await store.signedInAccount(tokenHash: "a") == nil)
    }

    @Test func feedbackAggregatesPerModule() async throws {
        let store = try open()
        let a = try await store.createAccount(try newAccount("198503152010011001"))
        let b = try await store.createAccount(try newAccount("199001012015032002", unit: "Pemkab Bantul"))
        try await store.saveFeedback(Feedback(accountID: a.id, courseID: "c", moduleID: "m", relevance: 2, comment: "", createdAt: Date()))
        try await store.saveFeedback(Feedback(accountID: a.id, courseID: "c", moduleID: "m", relevance: 4, comment: "bagus", createdAt: Date()))
        try await store.saveFeedback(Feedback(accountID: b.id, courseID: "c", moduleID: "m", relevance: 5, comment: "", createdAt: Date()))
        let all = try await store.feedbackSummaries(under: nil)
        #expect(all.count == 1)
        #expect(all[0].count == 2)
        #expect(all[0].averageRelevance == 4.5)
        #expect(all[0].comments == ["bagus"])
        #expect(try await store.feedbackSummaries(under: UnitPath(parsing: "Pemkab Bantul")).first?.count == 1)
    }

    @Test func anUnwritableDatabaseFailsAtOpening() throws {
        try FileManager.default.createDirectory(atPath: folder + "/db.sqlite", withIntermediateDirectories: true)
        #expect(throws: SQLiteStore.OpenError.self) { _ = try SQLiteStore(path: folder + "/db.sqlite") }
    }

    @Test func aRevokedNodeKeyOpensNothing() async throws {
        let store = try open()
        let node = try await store.createNode(name: "bkpsdm-sleman", keyHash: "hash-of-key", units: [UnitPath(parsing: "Pemkab Sleman")!])
        #expect(try await store.node(keyHash: "hash-of-key") == node)
        #expect(try await store.revokeNode(name: "bkpsdm-sleman"))
        #expect(try await store.node(keyHash: "hash-of-key") == nil)
        #expect(try await store.nodes().map(\.name) == ["bkpsdm-sleman"])  // its history stays
        #expect(try await store.revokeNode(name: "tidak-ada") == false)
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
