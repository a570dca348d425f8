import Foundation
import GRDB
import LenteraCore

// MARK: - Account records and pages

extension SQLiteStore {
    /// Stores an account's record as ``AccountRules`` produced it, with its audit entries, in one transaction.
    /// A changed role or a deactivation ends the account's sessions at once, on every node sharing the database.
    public func updateAccount(_ account: Account, audit: [AuditEvent]) async throws {
        try await pool.write { db in
            guard let before = try Row.fetchOne(db, sql: "SELECT role, deactivated_at FROM account WHERE id = ?", arguments: [account.id]) else {
                throw StoreError.notFound
            }
            try db.execute(
                sql: """
                    UPDATE account SET name = ?, unit = ?, position = ?, status = ?, email = ?, role = ?, deactivated_at = ?,
                    deactivation_reason = ?, supervisor_nip = ? WHERE id = ?
                    """,
                arguments: [
                    account.name, account.unit.storageKey, account.position, account.status.rawValue, account.email, account.role.rawValue,
                    account.deactivation?.date, account.deactivation?.reason.rawValue, account.supervisorNIP?.digits, account.id,
                ]
            )
            try Self.insert(audit, db)
            if AccountRules.endsSessions(storing: account, previousRole: Role(rawValue: before["role"] as String)) {
                try db.execute(sql: "DELETE FROM session WHERE account_id = ?", arguments: [account.id])
            }
        }
        // Cached sessions carry the account as it was: forget them, so the change applies to the next request.
        forgetSessions { $0.accountID == account.id }
    }

    /// A page of the accounts in a unit subtree, matching a search by NIP (digits from the start) or name (any
    /// part, any case), ordered by unit and name, and how many match in all.
    public func accountsPage(under unit: UnitPath?, search: String, learnersOnly: Bool, offset: Int, limit: Int) async throws
        -> (accounts: [Account], total: Int)
    {
        var conditions: [String] = learnersOnly ? ["role = 'learner'"] : []
        var arguments = StatementArguments()
        do {
            if let unit {
                conditions.append("substr(unit, 1, length(?)) = ?")
                arguments += [unit.storageKey, unit.storageKey]
            }
            switch AccountSearch(search) {
            case .nipPrefix(let digits)?:
                conditions.append("nip LIKE ? ESCAPE '\\'")
                arguments += [digits + "%"]
            case .name(let part)?:
                conditions.append("name LIKE ? ESCAPE '\\'")
                arguments += ["%" + Self.escapeLike(part) + "%"]
            case nil:
                break
            }
        }
        let whereClause = conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND ")
        let bound = arguments
        return try await pool.read { db in
            let total = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM account \(whereClause)", arguments: bound) ?? 0
            let rows = try Row.fetchAll(
                db, sql: "SELECT * FROM account \(whereClause) ORDER BY unit, name, id LIMIT ? OFFSET ?", arguments: bound + [limit, offset]
            )
            return (rows.compactMap(Self.account(from:)), total)
        }
    }

    /// The accounts with these NIPs (a roster's), looked up a chunk at a time.
    public func accounts(nips: [NIP]) async throws -> [Account] {
        let digits = nips.map(\.digits)
        return try await pool.read { db in
            var found: [Account] = []
            for start in stride(from: 0, to: digits.count, by: 500) {
                let chunk = Array(digits[start..<min(start + 500, digits.count)])
                let marks = Array(repeating: "?", count: chunk.count).joined(separator: ",")
                found += try Row.fetchAll(db, sql: "SELECT * FROM account WHERE nip IN (\(marks))", arguments: StatementArguments(chunk))
                    .compactMap(Self.account(from:))
            }
            return found
        }
    }

    static func escapeLike(_ text: String) -> String {
        text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "%", with: "\\%").replacingOccurrences(of: "_", with: "\\_")
    }
}

// MARK: - Yearly JP, streamed

extension SQLiteStore {
    /// Every learner's JP in a year (and anyone else credited in it), in order of unit, name and id, handed over in
    /// batches: a report over a million accounts needs the memory of one batch. Deactivated learners without credit in
    /// the year are left out (they are no longer in service). Whether a total meets the target is the domain's call.
    public func eachLedgerTotal(year: Int, under unit: UnitPath?, batch: Int, _ body: ([Reports.LedgerRow]) async throws -> Void) async throws {
        // The subtree as a range of the (unit, name, id) index: keys end with a separator, so the next one closes it.
        let low = unit?.storageKey ?? ""
        let high = unit.map { String($0.storageKey.dropLast()) + "\u{20}" } ?? "\u{10FFFF}"
        var after: (String, String, Int64)?
        while true {
            // Each batch is an index range scan; the year's JP per account is looked up by its key.
            // `+year` keeps SQLite on the ledger's key (account_id) rather than its year index, which would read every
            // entry of the year for each account; the row value after the last row starts each batch's index range.
            var sql = """
                SELECT account.*,
                    (SELECT COALESCE(SUM(jp_hundredths), 0) FROM ledger_entry WHERE account_id = account.id AND +year = ?) AS jp_total,
                    (SELECT COUNT(*) FROM ledger_entry WHERE account_id = account.id AND +year = ?) AS credited
                FROM account WHERE
                """
            var arguments: StatementArguments = [year, year]
            if let after {
                sql += " (unit, name, id) > (?, ?, ?) AND unit < ?"
                arguments += [after.0, after.1, after.2, high]
            } else {
                sql += " unit >= ? AND unit < ?"
                arguments += [low, high]
            }
            sql += """
                 AND ((role = 'learner' AND deactivated_at IS NULL)
                    OR EXISTS (SELECT 1 FROM ledger_entry WHERE account_id = account.id AND +year = ?))
                ORDER BY unit, name, id LIMIT ?
                """
            arguments += [year, batch]
            let (query, bound) = (sql, arguments)
            let page = try await pool.read { db -> [(Reports.LedgerRow, String)] in
                try Row.fetchAll(db, sql: query, arguments: bound).compactMap { row in
                    guard let account = Self.account(from: row) else { return nil }
                    let jp = JP(hundredths: row["jp_total"])
                    return (Reports.LedgerRow(account: account, jp: jp, courses: row["credited"], meetsTarget: JPLedger.meetsTarget(jp)), row["unit"])
                }
            }
            if page.isEmpty { return }
            try await body(page.map(\.0))
            guard page.count == batch, let last = page.last else { return }
            after = (last.1, last.0.account.name, last.0.account.id)
        }
    }
}

// MARK: - Audit trail

extension SQLiteStore: AuditRepository {
    static func insert(_ events: [AuditEvent], _ db: Database) throws {
        guard !events.isEmpty else { return }
        let statement = try db.cachedStatement(
            sql: "INSERT INTO audit_event (at, action, actor, subject, unit, detail, address) VALUES (?, ?, ?, ?, ?, ?, ?)"
        )
        for event in events {
            try statement.execute(arguments: [
                event.date, event.action.rawValue, event.actor, event.subject, event.unit?.storageKey, event.detail, event.address,
            ])
        }
    }

    public func record(_ events: [AuditEvent]) async throws {
        try await pool.write { db in try Self.insert(events, db) }
    }

    static func auditQuery(_ filter: AuditFilter) -> (String, StatementArguments) {
        var conditions: [String] = []
        var arguments: [any DatabaseValueConvertible] = []
        if let unit = filter.unit {
            conditions.append("substr(unit, 1, length(?)) = ?")
            arguments += [unit.storageKey, unit.storageKey]
        }
        if let action = filter.action {
            conditions.append("action = ?")
            arguments.append(action.rawValue)
        }
        if let nip = filter.nip {
            // The start of a NIP finds every NIP that begins so (as a range, which the indexes serve).
            let end = nip + "\u{3A}"
            conditions.append("((subject >= ? AND subject < ?) OR (actor >= ? AND actor < ?))")
            arguments += [nip, end, nip, end]
        }
        if let from = filter.from {
            conditions.append("at >= ?")
            arguments.append(from)
        }
        if let until = filter.until {
            conditions.append("at < ?")
            arguments.append(until)
        }
        return (conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND "), StatementArguments(arguments))
    }

    static func auditEvent(from row: Row) -> AuditEvent? {
        guard let action = AuditAction(rawValue: row["action"]) else { return nil }
        return AuditEvent(
            id: row["id"], date: row["at"], action: action, actor: row["actor"], subject: row["subject"],
            unit: (row["unit"] as String?).map(UnitPath.init(storageKey:)), detail: row["detail"], address: row["address"]
        )
    }

    public func auditEvents(_ filter: AuditFilter, offset: Int, limit: Int) async throws -> (events: [AuditEvent], total: Int) {
        let (whereClause, arguments) = Self.auditQuery(filter)
        return try await pool.read { db in
            let total = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM audit_event \(whereClause)", arguments: arguments) ?? 0
            let rows = try Row.fetchAll(
                db, sql: "SELECT * FROM audit_event \(whereClause) ORDER BY at DESC, id DESC LIMIT ? OFFSET ?",
                arguments: arguments + [limit, offset]
            )
            return (rows.compactMap(Self.auditEvent(from:)), total)
        }
    }

    public func eachAuditEvent(_ filter: AuditFilter, batch: Int, _ body: ([AuditEvent]) async throws -> Void) async throws {
        let (whereClause, arguments) = Self.auditQuery(filter)
        // Keyset pagination on (at, id): each batch is one short read, and the writer is never held up.
        var after: (Date, Int64)?
        while true {
            var sql = "SELECT * FROM audit_event \(whereClause)"
            var values = arguments
            if let after {
                sql += (whereClause.isEmpty ? " WHERE " : " AND ") + "(at < ? OR (at = ? AND id < ?))"
                values += [after.0, after.0, after.1]
            }
            sql += " ORDER BY at DESC, id DESC LIMIT ?"
            values += [batch]
            let (query, bound) = (sql, values)
            let page = try await pool.read { db -> [AuditEvent] in
                try Row.fetchAll(db, sql: query, arguments: bound).compactMap(Self.auditEvent(from:))
            }
            if page.isEmpty { return }
            try await body(page)
            guard let last = page.last, page.count == batch else { return }
            after = (last.date, last.id)
        }
    }
}
