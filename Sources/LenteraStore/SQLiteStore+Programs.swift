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
                var sql = "SELECT * FROM account WHERE "
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
                        Self.account(from: row).map { ($0, row["unit"] as String) }
                    }
                    guard !found.isEmpty, !courseIDs.isEmpty else { return found.map { (LearnerCredits(account: $0.0, credits: []), $0.1) } }
                    // Their entries for the program's courses, by the ledger's key (account_id, course_id, version).
                    let accountMarks = Array(repeating: "?", count: found.count).joined(separator: ",")
                    let courseMarks = Array(repeating: "?", count: courseIDs.count).joined(separator: ",")
                    var credits: [Int64: [LedgerEntry]] = [:]
                    for row in try Row.fetchAll(
                        db, sql: "SELECT * FROM ledger_entry WHERE account_id IN (\(accountMarks)) AND course_id IN (\(courseMarks))",
                        arguments: StatementArguments(found.map(\.0.id)) + StatementArguments(courseIDs)
                    ) {
                        let entry = Self.entry(from: row)
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
}
