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
            var after: (unit: String, name: String, id: Int64)?
            while true {
                var sql = SQLBuilder("SELECT * FROM account WHERE ")
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
                if found.isEmpty { break }
                var accounts: [Account] = []
                for row in found {
                    if let account = try Self.account(from: row) { accounts.append(account) }
                }
                var credits: [Int64: [LedgerEntry]] = [:]
                if !accounts.isEmpty, !courseIDs.isEmpty {
                    let ids = accounts.map(\.id)
                    for row in try await rows("SELECT * FROM ledger_entry WHERE account_id = ANY(\(ids)) AND course_id = ANY(\(courseIDs))") {
                        let entry = try Self.entry(from: row)
                        credits[entry.accountID, default: []].append(entry)
                    }
                }
                if !accounts.isEmpty { try await body(accounts.map { LearnerCredits(account: $0, credits: credits[$0.id] ?? []) }) }
                guard found.count == batch, let last = found.last else { break }
                after = try (
                    unit: last.value("unit", as: String.self), name: last.value("name", as: String.self), id: last.value("id", as: Int64.self)
                )
            }
        }
    }
}
