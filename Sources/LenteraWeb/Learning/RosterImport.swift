import Foundation
import HummingbirdBcrypt
import LenteraCore
import LenteraStore
import Logging
import NIOPosix

/// Password hashing settings, in one place.
public enum RosterImport {
    /// The bcrypt cost of passwords people choose: OWASP's minimum of 10, which lets this 2-core machine take a
    /// morning rush of about 25 sign-ins a second (cost 12 took a quarter of that).
    public static let bcryptCost: UInt8 = 10

    /// The cost for temporary passwords Lentera makes: they are random (12 characters from 31, about 59 bits), so a
    /// low cost is as hard to guess as a chosen password at cost 10, and 10,000 of them hash in seconds. They must be
    /// changed at the first sign-in, which hashes the new one at ``bcryptCost``.
    public static let temporaryBcryptCost: UInt8 = 6

    /// Hashes on NIO's thread pool: bcrypt must not hold up the async executor.
    public static func passwordHash(_ password: String, cost: UInt8 = bcryptCost) async throws -> String {
        try await NIOThreadPool.singleton.runIfActive { Bcrypt.hash(password, cost: cost) }
    }

    /// The cost a bcrypt hash was made with (`$2b$10$...`), or nil for anything else.
    public static func cost(of hash: String) -> UInt8? {
        let parts = hash.split(separator: "$")
        guard parts.count >= 3, parts[0].hasPrefix("2") else { return nil }
        return UInt8(parts[1])
    }

    /// Twelve characters from an alphabet without look-alikes.
    public static func temporaryPassword() -> String {
        let alphabet = Array("abcdefghjkmnpqrstuvwxyz23456789")
        var generator = SystemRandomNumberGenerator()
        return String((0..<12).map { _ in alphabet[Int(generator.next() % UInt64(alphabet.count))] })
    }
}

/// Roster imports from upload to confirmation: the plan for the preview, then the writes in the background, a batch
/// of rows per transaction, resumed after a restart. The web pages and `lentera user import` share it.
public actor RosterImportService {
    let store: any LenteraDatabase
    let logger: Logger
    private var running: Set<Int64> = []

    /// Rows written per transaction.
    static let batchSize = 250

    public init(store: any LenteraDatabase, logger: Logger) {
        self.store = store
        self.logger = logger
    }

    /// What the import would do now, as its preview shows it and its start applies it.
    public func plan(for record: RosterImportRecord, actor: Account?, at date: Date = Date()) async throws -> RosterPlan {
        let roster = Roster(csv: record.csv)
        let existing = try await store.accounts(nips: roster.rows.map(\.nip))
        var inScope: [Account] = []
        if record.deactivateMissing {
            for unit in RosterPlan.completeScope(of: roster, actor: actor) { inScope += try await store.accounts(under: unit) }
        }
        return RosterPlan.make(
            roster, existing: Dictionary(existing.map { ($0.nip, $0) }, uniquingKeysWith: { first, _ in first }), actor: actor,
            deactivateMissing: record.deactivateMissing, inScope: inScope, at: date
        )
    }

    /// Fixes the plan and starts writing it; false when the import was not waiting to start.
    public func start(_ record: RosterImportRecord, actor: Account?) async throws -> Bool {
        let plan = try await plan(for: record, actor: actor)
        guard try await store.startRosterImport(id: record.id, plan: plan) else { return false }
        launch(record.id, actor: record.actorNIP)
        return true
    }

    /// Picks up the imports a stop interrupted (`announce`: log each one; the periodic look does not, since another
    /// node may be applying it).
    public func resumeInterrupted(announce: Bool = true) async {
        do {
            for record in try await store.rosterImportsApplying() where !running.contains(record.id) {
                if announce { logger.notice("resuming a roster import", metadata: ["import": "\(record.id)", "done": "\(record.done)", "total": "\(record.total)"]) }
                launch(record.id, actor: record.actorNIP)
            }
        } catch {
            logger.error("cannot look for interrupted roster imports", metadata: ["error": "\(error)"])
        }
    }

    private func launch(_ id: Int64, actor: String) {
        guard running.insert(id).inserted else { return }
        Task {
            do {
                try await self.applyAll(id, actor: actor)
            } catch {
                self.logger.error("roster import stopped; it resumes at the next start", metadata: ["import": "\(id)", "error": "\(error)"])
            }
            self.finished(id)
        }
    }

    private func finished(_ id: Int64) {
        running.remove(id)
    }

    /// Writes every row still pending, a batch at a time: passwords are made and hashed on all cores outside the
    /// transaction, then the batch is written in one. One node applies an import at a time (a lease renewed at every
    /// batch); when another holds it, this returns at once.
    public func applyAll(_ id: Int64, actor: String) async throws {
        let lease = "roster-import \(id)"
        while true {
            guard try await store.holdLease(lease, holder: LeaseHolder.current, for: 120) else { return }
            let pending = try await store.pendingRosterRows(importID: id, limit: Self.batchSize)
            if pending.isEmpty {
                try await store.releaseLease(lease, holder: LeaseHolder.current)
                return
            }
            let prepared = try await withThrowingTaskGroup(of: (Int, String?, String?).self) { group in
                for (index, item) in pending.enumerated() {
                    group.addTask {
                        guard item.row.kind == .add else { return (index, nil, nil) }
                        let password = RosterImport.temporaryPassword()
                        return (index, password, try await RosterImport.passwordHash(password, cost: RosterImport.temporaryBcryptCost))
                    }
                }
                var results = [(String?, String?)](repeating: (nil, nil), count: pending.count)
                for try await (index, password, hash) in group { results[index] = (password, hash) }
                return results
            }
            try await store.applyRosterRows(
                importID: id, rows: zip(pending, prepared).map { ($0.0.row, $0.0.payload, $0.1.0, $0.1.1) }, actor: actor, at: Date()
            )
        }
    }
}
