import Foundation
import LenteraCore
import Logging
import PostgresNIO

// MARK: - Accounts

extension PostgresStore: AccountRepository {
    /// An account from a row with the account's columns (nil when its NIP is not a valid one, as in SQLite).
    static func account(from row: PostgresRow) throws -> Account? {
        let cells = row.makeRandomAccess()
        let digits = try cells["nip"].decode(String.self)
        guard let nip = try? NIP(validating: digits) else { return nil }
        let deactivatedAt = try cells["deactivated_at"].decode(Date?.self)
        let reason = try cells["deactivation_reason"].decode(String?.self)
        return try Account(
            id: cells["id"].decode(Int64.self), nip: nip, name: cells["name"].decode(String.self),
            unit: UnitPath(storageKey: cells["unit"].decode(String.self)), position: cells["position"].decode(String.self),
            status: EmployeeStatus(rawValue: cells["status"].decode(String.self)) ?? .pns, email: cells["email"].decode(String?.self),
            role: Role(rawValue: cells["role"].decode(String.self)) ?? .learner, passwordHash: cells["password_hash"].decode(String.self),
            mustChangePassword: cells["must_change_password"].decode(Bool.self),
            deactivation: deactivatedAt.map { Deactivation(reason: reason.flatMap(Deactivation.Reason.init(rawValue:)) ?? .other, date: $0) },
            supervisorNIP: cells["supervisor_nip"].decode(String?.self).flatMap { try? NIP(validating: $0) }
        )
    }

    /// The accounts of rows, leaving out those SQLite would leave out (an invalid NIP).
    static func accounts(from rows: [PostgresRow]) throws -> [Account] {
        try rows.compactMap(Self.account(from:))
    }

    public func createAccount(_ account: NewAccount) async throws -> Account {
        do {
            return try await transaction { connection in
                if try await connection.row("SELECT 1 FROM account WHERE nip = \(account.nip.digits)", logger: logger) != nil {
                    throw StoreError.duplicateNIP
                }
                guard
                    let row = try await connection.row(
                        """
                        INSERT INTO account (nip, name, unit, position, status, email, role, password_hash, must_change_password, created_at,
                            supervisor_nip)
                        VALUES (\(account.nip.digits), \(account.name), \(account.unit.storageKey), \(account.position), \(account.status.rawValue),
                            \(account.email), \(account.role.rawValue), \(account.passwordHash), \(account.mustChangePassword), \(Date()),
                            \(account.supervisorNIP?.digits))
                        RETURNING id
                        """,
                        logger: logger
                    )
                else { throw StoreError.notFound }
                return try Account(
                    id: row.value("id", as: Int64.self), nip: account.nip, name: account.name, unit: account.unit,
                    position: account.position, status: account.status, email: account.email, role: account.role,
                    passwordHash: account.passwordHash, mustChangePassword: account.mustChangePassword, supervisorNIP: account.supervisorNIP
                )
            }
        } catch where Self.sqlState(error) == "23505" {
            // A concurrent transaction took the NIP between the check and the insert.
            throw StoreError.duplicateNIP
        }
    }

    public func account(nip: NIP) async throws -> Account? {
        try await rows("SELECT * FROM account WHERE nip = \(nip.digits)").first.flatMap(Self.account(from:))
    }

    public func account(id: Int64) async throws -> Account? {
        try await rows("SELECT * FROM account WHERE id = \(id)").first.flatMap(Self.account(from:))
    }

    /// Replaces the hash; the account's sessions stay (this store keeps no copy of them to forget).
    public func setPassword(accountID: Int64, hash: String, mustChange: Bool) async throws {
        try await transaction { connection in
            let updated = try await connection.rows(
                "UPDATE account SET password_hash = \(hash), must_change_password = \(mustChange) WHERE id = \(accountID) RETURNING id",
                logger: logger
            )
            if updated.isEmpty { throw StoreError.notFound }
        }
    }

    /// The accounts of a unit subtree (all when nil), ordered by unit, name and (for equal names) id.
    public func accounts(under unit: UnitPath?) async throws -> [Account] {
        var sql = SQLBuilder()
        // Storage keys end with a separator, so the key range is exactly the subtree.
        let condition = Self.under(unit, column: "unit", &sql)
        sql.append("SELECT * FROM account WHERE \(condition) ORDER BY unit, name, id")
        return try Self.accounts(from: await rows(sql.query))
    }
}

// MARK: - Account records and pages

extension PostgresStore {
    /// Stores an account's record as ``AccountRules`` produced it, with its audit entries, in one transaction.
    /// A changed role or a deactivation ends the account's sessions at once, on every node sharing the database
    /// (sessions are read from the database on every request, never from a copy).
    public func updateAccount(_ account: Account, audit: [AuditEvent]) async throws {
        try await transaction { connection in
            guard let before = try await connection.row("SELECT role FROM account WHERE id = \(account.id)", logger: logger) else {
                throw StoreError.notFound
            }
            let previousRole = try Role(rawValue: before.value("role", as: String.self))
            try await connection.execute(
                """
                UPDATE account SET name = \(account.name), unit = \(account.unit.storageKey), position = \(account.position),
                    status = \(account.status.rawValue), email = \(account.email), role = \(account.role.rawValue),
                    deactivated_at = \(account.deactivation?.date), deactivation_reason = \(account.deactivation?.reason.rawValue),
                    supervisor_nip = \(account.supervisorNIP?.digits)
                WHERE id = \(account.id)
                """,
                logger: logger
            )
            try await Self.insert(audit, connection, logger: logger)
            if AccountRules.endsSessions(storing: account, previousRole: previousRole) {
                try await connection.execute("DELETE FROM session WHERE account_id = \(account.id)", logger: logger)
            }
        }
    }

    /// A page of the accounts in a unit subtree, matching a search by NIP (digits from the start) or name (any
    /// part, ASCII letters in any case, as SQLite's LIKE), ordered by unit and name, and how many match in all.
    public func accountsPage(under unit: UnitPath?, search: String, learnersOnly: Bool, offset: Int, limit: Int) async throws
        -> (accounts: [Account], total: Int)
    {
        let wanted = AccountSearch(search)
        var count = SQLBuilder()
        let countCondition = Self.accountConditions(under: unit, search: wanted, learnersOnly: learnersOnly, &count)
        count.append("SELECT COUNT(*) AS total FROM account WHERE \(countCondition)")
        var page = SQLBuilder()
        let pageCondition = Self.accountConditions(under: unit, search: wanted, learnersOnly: learnersOnly, &page)
        let (limitValue, offsetValue) = (page.bind(limit), page.bind(offset))
        page.append("SELECT * FROM account WHERE \(pageCondition) ORDER BY unit, name, id LIMIT \(limitValue) OFFSET \(offsetValue)")
        let (countQuery, pageQuery) = (count.query, page.query)
        // One transaction: the total and the page are counted from the same snapshot.
        return try await transaction(.repeatableReadOnly) { connection in
            let total = try await connection.row(countQuery, logger: logger)?.value("total", as: Int.self) ?? 0
            let accounts = try Self.accounts(from: await connection.rows(pageQuery, logger: logger))
            return (accounts, total)
        }
    }

    /// The condition of ``accountsPage``, with its values bound in `sql`.
    ///
    /// SQLite's LIKE folds ASCII letters only; here the name is lowered with `lower(... COLLATE "C")`, which folds
    /// ASCII letters only too, and the pattern is lowered the same way before it is bound (so `É` matches `É`, never
    /// `é`, in both stores). `%`, `_` and `\` in the search are escaped as SQLite's `escapeLike` does.
    static func accountConditions(under unit: UnitPath?, search: AccountSearch?, learnersOnly: Bool, _ sql: inout SQLBuilder) -> String {
        var conditions: [String] = learnersOnly ? ["role = 'learner'"] : []
        if unit != nil {
            conditions.append(Self.under(unit, column: "unit", &sql))
        }
        switch search {
        case .nipPrefix(let digits)?:
            conditions.append("nip LIKE \(sql.bind(digits + "%")) ESCAPE '\\'")
        case .name(let part)? where part.unicodeScalars.contains("\u{0}"):
            // PostgreSQL text cannot hold U+0000, so no stored name contains it (and binding it would be refused).
            conditions.append("FALSE")
        case .name(let part)?:
            let pattern = "%" + asciiLowercased(SQLiteStore.escapeLike(part)) + "%"
            conditions.append("lower(name COLLATE \"C\") LIKE \(sql.bind(pattern)) ESCAPE '\\'")
        case nil:
            break
        }
        return conditions.isEmpty ? "TRUE" : conditions.joined(separator: " AND ")
    }

    /// The text with ASCII capitals made small and every other character kept, as SQLite's LIKE compares letters.
    static func asciiLowercased(_ text: String) -> String {
        var scalars = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            scalars.append((65...90).contains(scalar.value) ? Unicode.Scalar(UInt8(scalar.value + 32)) : scalar)
        }
        return String(scalars)
    }

    /// The accounts with these NIPs (a roster's), in one look-up: PostgreSQL takes the whole list as one array value.
    public func accounts(nips: [NIP]) async throws -> [Account] {
        guard !nips.isEmpty else { return [] }
        let digits = nips.map(\.digits)
        return try Self.accounts(from: await rows("SELECT * FROM account WHERE nip = ANY(\(digits)) ORDER BY nip"))
    }

    /// Adds or updates a learner from an upstream's roster. A password hash is written only when the upstream shares
    /// it; otherwise a new account has none until an operator sets one. An account with another role is never touched.
    public func upsertRosterLearner(nip: NIP, name: String, unit: UnitPath, status: EmployeeStatus, position: String, passwordHash: String?)
        async throws -> RosterOutcome
    {
        try await transaction { connection in
            if let row = try await connection.row("SELECT id, role FROM account WHERE nip = \(nip.digits)", logger: logger) {
                let id = try row.value("id", as: Int64.self)
                let role = try Role(rawValue: row.value("role", as: String.self)) ?? .admin
                guard role == .learner else { return .collision(role) }
                try await connection.execute(
                    """
                    UPDATE account SET name = \(name), unit = \(unit.storageKey), status = \(status.rawValue), position = \(position),
                        supervisor_nip = CASE WHEN unit = \(unit.storageKey) THEN supervisor_nip ELSE NULL END
                    WHERE id = \(id)
                    """,
                    logger: logger
                )
                if let passwordHash {
                    try await connection.execute("UPDATE account SET password_hash = \(passwordHash) WHERE id = \(id)", logger: logger)
                }
                return .updated
            }
            try await connection.execute(
                """
                INSERT INTO account (nip, name, unit, position, status, email, role, password_hash, must_change_password, created_at)
                VALUES (\(nip.digits), \(name), \(unit.storageKey), \(position), \(status.rawValue), NULL, 'learner', \(passwordHash ?? "!"),
                    \(passwordHash == nil), \(Date()))
                """,
                logger: logger
            )
            return .added
        }
    }
}

// MARK: - Yearly JP, streamed

extension PostgresStore {
    /// Every learner's JP in a year (and anyone else credited in it), in order of unit, name and id, handed over in
    /// batches: a report over a million accounts needs the memory of one batch. Deactivated learners without credit in
    /// the year are left out (they are no longer in service). Whether a total meets the target is the domain's call.
    public func eachLedgerTotal(year: Int, under unit: UnitPath?, batch: Int, _ body: ([Reports.LedgerRow]) async throws -> Void) async throws {
        // The subtree as a range of the (unit, name, id) index: keys end with a separator, so the next one closes it.
        let low = unit?.storageKey ?? ""
        let high = unit.map { String($0.storageKey.dropLast()) + "\u{20}" } ?? "\u{10FFFF}"
        var after: (unit: String, name: String, id: Int64)?
        while true {
            // Each batch is an index range scan from the row value after the last row; the year's JP per account is
            // looked up by the ledger's (year, account_id) index.
            var sql = SQLBuilder()
            let yearValue = sql.bind(year)
            sql.append(
                """
                SELECT account.*,
                    (SELECT COALESCE(SUM(jp_hundredths), 0)::BIGINT FROM ledger_entry WHERE account_id = account.id AND year = \(yearValue))
                        AS jp_total,
                    (SELECT COUNT(*) FROM ledger_entry WHERE account_id = account.id AND year = \(yearValue)) AS credited
                FROM account WHERE
                """
            )
            if let after {
                let (afterUnit, afterName, afterID, highValue) = (sql.bind(after.unit), sql.bind(after.name), sql.bind(after.id), sql.bind(high))
                sql.append(" (unit, name, id) > (\(afterUnit), \(afterName), \(afterID)) AND unit < \(highValue)")
            } else {
                let (lowValue, highValue) = (sql.bind(low), sql.bind(high))
                sql.append(" unit >= \(lowValue) AND unit < \(highValue)")
            }
            let batchValue = sql.bind(batch)
            sql.append(
                """
                 AND ((role = 'learner' AND deactivated_at IS NULL)
                    OR EXISTS (SELECT 1 FROM ledger_entry WHERE account_id = account.id AND year = \(yearValue)))
                ORDER BY unit, name, id LIMIT \(batchValue)
                """
            )
            let found = try await rows(sql.query)
            if found.isEmpty { return }
            var page: [Reports.LedgerRow] = []
            page.reserveCapacity(found.count)
            for row in found {
                guard let account = try Self.account(from: row) else { continue }
                let jp = try JP(hundredths: row.value("jp_total", as: Int.self))
                let courses = try row.value("credited", as: Int.self)
                page.append(Reports.LedgerRow(account: account, jp: jp, courses: courses, meetsTarget: JPLedger.meetsTarget(jp)))
            }
            if !page.isEmpty { try await body(page) }
            guard found.count == batch, let last = found.last else { return }
            after = try (
                unit: last.value("unit", as: String.self), name: last.value("name", as: String.self), id: last.value("id", as: Int64.self)
            )
        }
    }
}

// MARK: - Sessions

extension PostgresStore: SessionRepository {
    public func createSession(_ session: StoredSession) async throws {
        try await transaction { connection in
            try await connection.execute("DELETE FROM session WHERE expires < \(Date())", logger: logger)
            try await connection.execute(
                """
                INSERT INTO session (token_hash, account_id, csrf_token, expires)
                VALUES (\(session.tokenHash), \(session.accountID), \(session.csrfToken), \(session.expires))
                """,
                logger: logger
            )
        }
    }

    /// A live session with its account.
    struct SignedIn: Sendable {
        var session: StoredSession
        var account: Account
    }

    /// The live session with its account, read from the database on every call: a sign-out, a password reset or a
    /// deactivation on one node is refused at once on every other. Reads that arrive together share one query.
    public func signedInAccount(tokenHash: String) async throws -> (StoredSession, Account)? {
        try await sessionReads.value(of: tokenHash).map { ($0.session, $0.account) }
    }

    /// The live sessions of token hashes, with their accounts, in one query.
    static func signedIn(tokenHashes: [String], client: PostgresClient, logger: Logger) async throws -> [String: SignedIn] {
        var found: [String: SignedIn] = [:]
        for row in try await client.query(
            """
            SELECT account.*, session.token_hash, session.csrf_token, session.expires FROM session
            JOIN account ON account.id = session.account_id
            WHERE session.token_hash = ANY(\(tokenHashes)::text[]) AND session.expires > \(Date()) AND account.deactivated_at IS NULL
            """,
            logger: logger
        ).collect() {
            guard let account = try Self.account(from: row) else { continue }
            let session = try StoredSession(
                tokenHash: row.value("token_hash", as: String.self), accountID: account.id, csrfToken: row.value("csrf_token", as: String.self),
                expires: row.value("expires", as: Date.self)
            )
            found[session.tokenHash] = SignedIn(session: session, account: account)
        }
        return found
    }

    public func deleteSession(tokenHash: String) async throws {
        try await transaction { connection in
            try await connection.execute("DELETE FROM session WHERE token_hash = \(tokenHash)", logger: logger)
        }
    }

    public func deleteSessions(accountID: Int64) async throws {
        try await transaction { connection in
            try await connection.execute("DELETE FROM session WHERE account_id = \(accountID)", logger: logger)
        }
    }
}

// MARK: - Audit trail

extension PostgresStore: AuditRepository {
    /// Writes audit entries on a connection in a transaction, up to 1,000 rows per statement (7 values each, well
    /// below PostgreSQL's 65,535 parameters).
    static func insert(_ events: [AuditEvent], _ connection: PostgresConnection, logger: Logger) async throws {
        for start in stride(from: 0, to: events.count, by: 1000) {
            var sql = SQLBuilder("INSERT INTO audit_event (at, action, actor, subject, unit, detail, address) VALUES ")
            for (index, event) in events[start..<min(start + 1000, events.count)].enumerated() {
                let values = [
                    sql.bind(event.date), sql.bind(event.action.rawValue), sql.bind(event.actor), sql.bind(event.subject),
                    sql.bind(event.unit?.storageKey), sql.bind(event.detail), sql.bind(event.address),
                ]
                sql.append((index == 0 ? "(" : ", (") + values.joined(separator: ", ") + ")")
            }
            try await connection.execute(sql.query, logger: logger)
        }
    }

    public func record(_ events: [AuditEvent]) async throws {
        guard !events.isEmpty else { return }
        try await transaction { connection in try await Self.insert(events, connection, logger: logger) }
    }

    /// The conditions of a filter, with their values bound in `sql` (empty for no condition).
    static func auditConditions(_ filter: AuditFilter, _ sql: inout SQLBuilder) -> [String] {
        var conditions: [String] = []
        if let unit = filter.unit {
            conditions.append(Self.under(unit, column: "unit", &sql))
        }
        if let action = filter.action {
            conditions.append("action = \(sql.bind(action.rawValue))")
        }
        if let nip = filter.nip {
            // The start of a NIP finds every NIP that begins so (as a range, which the indexes serve).
            let start = sql.bind(nip)
            let end = sql.bind(nip + "\u{3A}")
            conditions.append("((subject >= \(start) AND subject < \(end)) OR (actor >= \(start) AND actor < \(end)))")
        }
        if let from = filter.from {
            conditions.append("at >= \(sql.bind(from))")
        }
        if let until = filter.until {
            conditions.append("at < \(sql.bind(until))")
        }
        return conditions
    }

    /// ` WHERE` and the conditions, or nothing for none.
    static func auditWhereClause(_ conditions: [String]) -> String {
        conditions.isEmpty ? "" : " WHERE " + conditions.joined(separator: " AND ")
    }

    /// An audit entry from its row (nil for an action this build does not know, as in SQLite).
    static func auditEvent(from row: PostgresRow) throws -> AuditEvent? {
        let cells = row.makeRandomAccess()
        guard let action = try AuditAction(rawValue: cells["action"].decode(String.self)) else { return nil }
        return try AuditEvent(
            id: cells["id"].decode(Int64.self), date: cells["at"].decode(Date.self), action: action, actor: cells["actor"].decode(String?.self),
            subject: cells["subject"].decode(String?.self), unit: cells["unit"].decode(String?.self).map(UnitPath.init(storageKey:)),
            detail: cells["detail"].decode(String.self), address: cells["address"].decode(String?.self)
        )
    }

    public func auditEvents(_ filter: AuditFilter, offset: Int, limit: Int) async throws -> (events: [AuditEvent], total: Int) {
        var count = SQLBuilder()
        let countConditions = Self.auditConditions(filter, &count)
        count.append("SELECT COUNT(*) AS total FROM audit_event" + Self.auditWhereClause(countConditions))
        var page = SQLBuilder()
        let pageConditions = Self.auditConditions(filter, &page)
        page.append("SELECT * FROM audit_event" + Self.auditWhereClause(pageConditions))
        let (limitValue, offsetValue) = (page.bind(limit), page.bind(offset))
        page.append(" ORDER BY at DESC, id DESC LIMIT \(limitValue) OFFSET \(offsetValue)")
        let (countQuery, pageQuery) = (count.query, page.query)
        // One transaction: the total and the page are counted from the same snapshot.
        return try await transaction(.repeatableReadOnly) { connection in
            let total = try await connection.row(countQuery, logger: logger)?.value("total", as: Int.self) ?? 0
            let events = try await connection.rows(pageQuery, logger: logger).compactMap(Self.auditEvent(from:))
            return (events, total)
        }
    }

    public func eachAuditEvent(_ filter: AuditFilter, batch: Int, _ body: ([AuditEvent]) async throws -> Void) async throws {
        // Keyset pagination on (at, id): each batch is one short read. (A date read from PostgreSQL binds back to the
        // same microsecond, so the next batch starts exactly after the last entry.)
        var after: (date: Date, id: Int64)?
        while true {
            var sql = SQLBuilder()
            var conditions = Self.auditConditions(filter, &sql)
            if let after {
                let date = sql.bind(after.date)
                conditions.append("(at < \(date) OR (at = \(date) AND id < \(sql.bind(after.id))))")
            }
            sql.append("SELECT * FROM audit_event" + Self.auditWhereClause(conditions))
            let batchValue = sql.bind(batch)
            sql.append(" ORDER BY at DESC, id DESC LIMIT \(batchValue)")
            let found = try await rows(sql.query)
            let page = try found.compactMap(Self.auditEvent(from:))
            if found.isEmpty { return }
            if !page.isEmpty { try await body(page) }
            guard found.count == batch, let last = found.last else { return }
            after = try (date: last.value("at", as: Date.self), id: last.value("id", as: Int64.self))
        }
    }
}
