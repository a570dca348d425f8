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
