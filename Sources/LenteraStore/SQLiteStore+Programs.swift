import Foundation
import GRDB
import LenteraCore

// MARK: - Learners with their credits, streamed (programs)

extension SQLiteStore: ProgramRepository {
    public func eachLearnerCredits(under units: [UnitPath?], courseIDs: [String], batch: Int, _ body: ([LearnerCredits]) async throws -> Void)
        async throws
    {
        for unit in units {
            // The subtree as a range of the (unit, name, id) index: keys end with a separator, so the next one closes it.
            let low = unit?.storageKey ?? ""
            let high = unit.map { String($0.storageKey.dropLast()) + "\u{20}" } ?? "\u{10FFFF}"
            var after: (String, String, Int64)?
            while true {
                var sql = "SELECT \(Self.accountColumns) FROM account WHERE "
                var arguments = StatementArguments()
                if let after {
                    sql += "(unit, name, id) > (?, ?, ?) AND unit < ?"
                    arguments += [after.0, after.1, after.2, high]
                } else {
                    sql += "unit >= ? AND unit < ?"
                    arguments += [low, high]
                }
                sql += " AND role = 'learner' AND deactivated_at IS NULL ORDER BY unit, name, id LIMIT ?"
                arguments += [batch]
                let (query, bound) = (sql, arguments)
                let page = try await pool.read { db -> [(LearnerCredits, String)] in
                    let found = try Row.fetchAll(db, sql: query, arguments: bound).compactMap { row in
                        Self.account(at: row).map { ($0, row[3] as String) }
                    }
                    guard !found.isEmpty, !courseIDs.isEmpty else { return found.map { (LearnerCredits(account: $0.0, credits: []), $0.1) } }
                    // Their entries for the program's courses, by the ledger's key (account_id, course_id, version).
                    let accountMarks = Array(repeating: "?", count: found.count).joined(separator: ",")
                    let courseMarks = Array(repeating: "?", count: courseIDs.count).joined(separator: ",")
                    var credits: [Int64: [LedgerEntry]] = [:]
                    for row in try Row.fetchAll(
                        db, sql: "SELECT \(Self.entryColumns) FROM ledger_entry WHERE account_id IN (\(accountMarks)) AND course_id IN (\(courseMarks))",
                        arguments: StatementArguments(found.map(\.0.id)) + StatementArguments(courseIDs)
                    ) {
                        let entry = Self.entry(at: row)
                        credits[entry.accountID, default: []].append(entry)
                    }
                    return found.map { (LearnerCredits(account: $0.0, credits: credits[$0.0.id] ?? []), $0.1) }
                }
                if page.isEmpty { break }
                try await body(page.map(\.0))
                guard page.count == batch, let last = page.last else { break }
                after = (last.1, last.0.account.name, last.0.account.id)
            }
        }
    }

    // A report over 100,000 learners reads every column of every row: by position, not by name (a name is looked up
    // among the row's columns each time), which halves the report's time.

    static let accountColumns =
        "id, nip, name, unit, position, status, email, role, password_hash, must_change_password, deactivated_at, deactivation_reason, supervisor_nip"

    /// An account from a row of ``accountColumns``, in that order.
    static func account(at row: Row) -> Account? {
        guard let nip = try? NIP(validating: row[1] as String) else { return nil }
        return Account(
            id: row[0], nip: nip, name: row[2], unit: UnitPath(storageKey: row[3]), position: row[4],
            status: EmployeeStatus(rawValue: row[5]) ?? .pns, email: row[6], role: Role(rawValue: row[7]) ?? .learner, passwordHash: row[8],
            mustChangePassword: row[9],
            deactivation: (row[10] as Date?).map {
                Deactivation(reason: (row[11] as String?).flatMap(Deactivation.Reason.init(rawValue:)) ?? .other, date: $0)
            },
            supervisorNIP: (row[12] as String?).flatMap { try? NIP(validating: $0) }
        )
    }

    static let entryColumns =
        "account_id, course_id, course_title, course_version, year, jp_hundredths, started_at, completed_at, score, certificate_number, content_digest"

    /// A ledger entry from a row of ``entryColumns``, in that order.
    static func entry(at row: Row) -> LedgerEntry {
        var entry = LedgerEntry(
            accountID: row[0], courseID: row[1], courseTitle: row[2], courseVersion: row[3], year: row[4], jp: JP(hundredths: row[5]),
            startedAt: row[6], completedAt: row[7], score: row[8], certificateNumber: row[9]
        )
        entry.contentDigest = row[10]
        return entry
    }
}
