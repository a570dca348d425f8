import Foundation
import GRDB
import LenteraCore

// MARK: - Upward sync

extension SQLiteStore: SyncRepository {
    static func node(from row: Row) -> SyncNode {
        SyncNode(id: row["id"], name: row["name"], lastSync: row["last_sync"], statements: row["statements"])
    }

    public func createNode(name: String, keyHash: String) async throws -> SyncNode {
        try await pool.write { db in
            try db.execute(
                sql: "INSERT INTO sync_node (name, key_hash, created_at) VALUES (?, ?, ?)", arguments: [name, keyHash, Date()]
            )
            return SyncNode(id: db.lastInsertedRowID, name: name, lastSync: nil, statements: 0)
        }
    }

    public func node(keyHash: String) async throws -> SyncNode? {
        try await pool.read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM sync_node WHERE key_hash = ?", arguments: [keyHash]).map(Self.node(from:))
        }
    }

    /// Revokes a node's key: its statements stay, the key no longer opens anything. False when no node has the name.
    public func revokeNode(name: String) async throws -> Bool {
        try await pool.write { db in
            var generator = SystemRandomNumberGenerator()
            let tombstone = "revoked:" + (0..<16).map { _ in UInt8.random(in: 0...255, using: &generator) }.hexString
            try db.execute(sql: "UPDATE sync_node SET key_hash = ? WHERE name = ?", arguments: [tombstone, name])
            return db.changesCount > 0
        }
    }

    public func nodes() async throws -> [SyncNode] {
        try await pool.read { db in try Row.fetchAll(db, sql: "SELECT * FROM sync_node ORDER BY name").map(Self.node(from:)) }
    }

    public func receive(_ statements: [(id: String, canonical: [UInt8], completion: XAPI.Completion)], from node: SyncNode, at date: Date)
        async throws -> StatementOutcome
    {
        do {
            return try await groupCommit.write { db in
                var new = 0
                var duplicates = 0
                for statement in statements {
                    let body = String(decoding: statement.canonical, as: UTF8.self)
                    if let stored = try String.fetchOne(db, sql: "SELECT body FROM xapi_statement WHERE id = ?", arguments: [statement.id]) {
                        guard stored == body else { throw ConflictingStatement(id: statement.id) }
                        duplicates += 1
                        continue
                    }
                    try db.execute(
                        sql: "INSERT INTO xapi_statement (id, node_id, body, stored_at) VALUES (?, ?, ?, ?)",
                        arguments: [statement.id, node.id, body, date]
                    )
                    try Self.merge(db, statement.completion)
                    new += 1
                }
                try db.execute(
                    sql: "UPDATE sync_node SET last_sync = ?, statements = statements + ? WHERE id = ?", arguments: [date, new, node.id]
                )
                return .stored(new: new, duplicates: duplicates)
            }
        } catch let conflict as ConflictingStatement {
            return .conflict(conflict.id)
        }
    }

    struct ConflictingStatement: Error {
        var id: String
    }

    /// Merges a completion into the learner's account, progress and ledger, by NIP.
    static func merge(_ db: Database, _ completion: XAPI.Completion) throws {
        var accountID = try Int64.fetchOne(db, sql: "SELECT id FROM account WHERE nip = ?", arguments: [completion.nip.digits])
        if accountID == nil {
            // A learner the node created: known here from now on, without a password until an operator sets one.
            try db.execute(
                sql: """
                    INSERT INTO account (nip, name, unit, position, status, email, role, password_hash, must_change_password, created_at)
                    VALUES (?, ?, ?, '', ?, NULL, 'learner', '!', 1, ?)
                    """,
                arguments: [completion.nip.digits, completion.name, completion.unit.storageKey, completion.status.rawValue, Date()]
            )
            accountID = db.lastInsertedRowID
        }
        guard let accountID else { return }
        switch completion.object {
        case .module(let moduleID):
            var summary = try loadSummary(db, accountID: accountID, courseID: completion.courseID, moduleID: moduleID)
            guard summary.completedAt == nil else { return }
            summary.progress = 1
            summary.completedAt = completion.timestamp
            if summary.firstAccess == nil { summary.firstAccess = completion.timestamp }
            summary.lastAccess = max(summary.lastAccess ?? completion.timestamp, completion.timestamp)
            try saveSummary(db, summary)
        case .course(let jp, let version, let certificate, let title):
            let exists = try Bool.fetchOne(
                db, sql: "SELECT 1 FROM ledger_entry WHERE account_id = ? AND course_id = ? AND course_version = ?",
                arguments: [accountID, completion.courseID, version]
            ) ?? false
            guard !exists else { return }
            var number = certificate
            if try Bool.fetchOne(db, sql: "SELECT 1 FROM ledger_entry WHERE certificate_number = ?", arguments: [number]) ?? false {
                number = JPLedger.certificateNumber(year: JPLedger.year(of: completion.timestamp))
            }
            try db.execute(
                sql: """
                    INSERT INTO ledger_entry (account_id, course_id, course_title, course_version, content_digest, year,
                        jp_hundredths, started_at, completed_at, score, certificate_number)
                    VALUES (?, ?, ?, ?, NULL, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    accountID, completion.courseID, title, version, JPLedger.year(of: completion.timestamp), jp.hundredths,
                    completion.started ?? completion.timestamp, completion.timestamp, completion.score ?? 100, number,
                ]
            )
        }
    }

    public func outbox(after sequence: Int64, limit: Int, node: String) async throws -> [(sequence: Int64, completion: XAPI.Completion)] {
        try await pool.read { db in
            let rows = try Row.fetchAll(
                db,
                sql: """
                    SELECT sync_outbox.*, account.nip, account.name, account.unit, account.status,
                        ledger_entry.jp_hundredths, ledger_entry.certificate_number, ledger_entry.course_title, ledger_entry.started_at,
                        ledger_entry.score
                    FROM sync_outbox JOIN account ON account.id = sync_outbox.account_id
                    LEFT JOIN ledger_entry ON sync_outbox.kind = 'course' AND ledger_entry.account_id = sync_outbox.account_id
                        AND ledger_entry.course_id = sync_outbox.course_id AND ledger_entry.course_version = sync_outbox.course_version
                    WHERE seq > ? ORDER BY seq LIMIT ?
                    """,
                arguments: [sequence, limit]
            )
            return rows.compactMap { row -> (Int64, XAPI.Completion)? in
                guard let nip = try? NIP(validating: row["nip"]) else { return nil }
                let kind: String = row["kind"]
                let object: XAPI.Completion.Object
                if kind == "course" {
                    guard let hundredths: Int = row["jp_hundredths"], let certificate: String = row["certificate_number"] else { return nil }
                    object = .course(jp: JP(hundredths: hundredths), version: row["course_version"], certificate: certificate, title: row["course_title"])
                } else {
                    object = .module(row["module_id"])
                }
                let completion = XAPI.Completion(
                    node: node, nip: nip, name: row["name"], unit: UnitPath(storageKey: row["unit"]),
                    status: EmployeeStatus(rawValue: row["status"]) ?? .pns, courseID: row["course_id"], object: object, timestamp: row["at"],
                    started: kind == "course" ? row["started_at"] : nil, score: kind == "course" ? row["score"] : nil
                )
                return (row["seq"], completion)
            }
        }
    }

    public func highWaterMark(upstream: String) async throws -> Int64 {
        try await pool.read { db in
            try Int64.fetchOne(db, sql: "SELECT last_seq FROM sync_state WHERE upstream = ?", arguments: [upstream]) ?? 0
        }
    }

    public func setHighWaterMark(upstream: String, to sequence: Int64) async throws {
        try await pool.write { db in
            try db.execute(
                sql: "INSERT INTO sync_state (upstream, last_seq) VALUES (?, ?) ON CONFLICT (upstream) DO UPDATE SET last_seq = MAX(last_seq, excluded.last_seq)",
                arguments: [upstream, sequence]
            )
        }
    }
}

extension SQLiteStore {
    /// Adds or updates a learner from an upstream's roster; returns whether the account is new. A password hash is
    /// written only when the upstream shares it; otherwise a new account has none until an operator sets one.
    public func upsertRosterLearner(nip: NIP, name: String, unit: UnitPath, status: EmployeeStatus, position: String, passwordHash: String?)
        async throws -> Bool
    {
        try await pool.write { db in
            if let id = try Int64.fetchOne(db, sql: "SELECT id FROM account WHERE nip = ?", arguments: [nip.digits]) {
                try db.execute(
                    sql: "UPDATE account SET name = ?, unit = ?, status = ?, position = ? WHERE id = ?",
                    arguments: [name, unit.storageKey, status.rawValue, position, id]
                )
                if let passwordHash {
                    try db.execute(sql: "UPDATE account SET password_hash = ? WHERE id = ?", arguments: [passwordHash, id])
                }
                return false
            }
            try db.execute(
                sql: """
                    INSERT INTO account (nip, name, unit, position, status, email, role, password_hash, must_change_password, created_at)
                    VALUES (?, ?, ?, ?, ?, NULL, 'learner', ?, ?, ?)
                    """,
                arguments: [nip.digits, name, unit.storageKey, position, status.rawValue, passwordHash ?? "!", passwordHash == nil, Date()]
            )
            return true
        }
    }
}
