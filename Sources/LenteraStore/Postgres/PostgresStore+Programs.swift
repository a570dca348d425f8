import Foundation
import LenteraCore
import PostgresNIO

// MARK: - Learners with their credits, streamed (programs)

extension PostgresStore: ProgramRepository {
    public func eachLearnerCredits(under units: [UnitPath?], courseIDs: [String], batch: Int, _ body: ([LearnerCredits]) async throws -> Void)
        async throws
    {
        for unit in units {
            // The subtree as a range of the (unit, name, id) index: keys end with a separator, so the next one closes it.
            let low = unit?.storageKey ?? ""
            let high = unit.map { String($0.storageKey.dropLast()) + "\u{20}" } ?? "\u{10FFFF}"
            // The next batch is read while the caller works on this one: the database's time hides behind the report's.
            var next: Task<LearnerPage, any Error>? = Task { [self] in try await page(low: low, high: high, after: nil, courseIDs: courseIDs, batch: batch) }
            defer { next?.cancel() }
            while let reading = next {
                let page = try await reading.value
                next = page.last.map { last in
                    Task { [self] in try await self.page(low: low, high: high, after: last, courseIDs: courseIDs, batch: batch) }
                }
                if !page.learners.isEmpty { try await body(page.learners) }
            }
        }
    }

    /// One batch of learners with their credits, and where the next batch starts (nil: this was the last).
    struct LearnerPage: Sendable {
        var learners: [LearnerCredits]
        var last: (unit: String, name: String, id: Int64)?
    }

    func page(low: String, high: String, after: (unit: String, name: String, id: Int64)?, courseIDs: [String], batch: Int) async throws
        -> LearnerPage
    {
        var sql = SQLBuilder("SELECT \(SQLiteStore.accountColumns) FROM account WHERE ")
        if let after {
            let (afterUnit, afterName, afterID, highValue) = (sql.bind(after.unit), sql.bind(after.name), sql.bind(after.id), sql.bind(high))
            sql.append("(unit, name, id) > (\(afterUnit), \(afterName), \(afterID)) AND unit < \(highValue)")
        } else {
            let (lowValue, highValue) = (sql.bind(low), sql.bind(high))
            sql.append("unit >= \(lowValue) AND unit < \(highValue)")
        }
        let batchValue = sql.bind(batch)
        sql.append(" AND role = 'learner' AND deactivated_at IS NULL ORDER BY unit, name, id LIMIT \(batchValue)")
        let found = try await rows(sql.query)
        var accounts: [Account] = []
        accounts.reserveCapacity(found.count)
        for row in found {
            if let account = try Self.account(positional: row) { accounts.append(account) }
        }
        var credits: [Int64: [LedgerEntry]] = [:]
        if !accounts.isEmpty, !courseIDs.isEmpty {
            let ids = accounts.map(\.id)
            let query: PostgresQuery = "SELECT \(unescaped: SQLiteStore.entryColumns) FROM ledger_entry WHERE account_id = ANY(\(ids)) AND course_id = ANY(\(courseIDs))"
            for row in try await rows(query) {
                let entry = try Self.entry(positional: row)
                credits[entry.accountID, default: []].append(entry)
            }
        }
        var last: (unit: String, name: String, id: Int64)?
        if found.count == batch, let row = found.last {
            let (id, _, name, unitKey) = try row.decode((Int64, String, String, String).self)
            last = (unitKey, name, id)
        }
        return LearnerPage(learners: accounts.map { LearnerCredits(account: $0, credits: credits[$0.id] ?? []) }, last: last)
    }

    // A report over 100,000 learners reads every column of every row: by position (the columns of
    // ``SQLiteStore/accountColumns`` and ``SQLiteStore/entryColumns``, in that order), not by name, as SQLite does.

    /// An account from a row of ``SQLiteStore/accountColumns``; nil when its NIP is not a valid one.
    static func account(positional row: PostgresRow) throws -> Account? {
        let (id, digits, name, unit, position, status, email, role, passwordHash, mustChange, deactivatedAt, reason, supervisor) = try row.decode(
            (Int64, String, String, String, String, String, String?, String, String, Bool, Date?, String?, String?).self
        )
        guard let nip = try? NIP(validating: digits) else { return nil }
        return Account(
            id: id, nip: nip, name: name, unit: UnitPath(storageKey: unit), position: position, status: EmployeeStatus(rawValue: status) ?? .pns,
            email: email, role: Role(rawValue: role) ?? .learner, passwordHash: passwordHash, mustChangePassword: mustChange,
            deactivation: deactivatedAt.map { Deactivation(reason: reason.flatMap(Deactivation.Reason.init(rawValue:)) ?? .other, date: $0) },
            supervisorNIP: supervisor.flatMap { try? NIP(validating: $0) }
        )
    }

    /// A ledger entry from a row of ``SQLiteStore/entryColumns``.
    static func entry(positional row: PostgresRow) throws -> LedgerEntry {
        let (accountID, courseID, title, version, year, jp, started, completed, score, certificate, digest) = try row.decode(
            (Int64, String, String, String, Int, Int, Date, Date, Int?, String, String?).self
        )
        var entry = LedgerEntry(
            accountID: accountID, courseID: courseID, courseTitle: title, courseVersion: version, year: year, jp: JP(hundredths: jp),
            startedAt: started, completedAt: completed, score: score, certificateNumber: certificate
        )
        entry.contentDigest = digest
        return entry
    }
}
