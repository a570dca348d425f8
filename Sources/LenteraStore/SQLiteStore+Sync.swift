import Foundation
import GRDB
import LenteraCore

// MARK: - Upward sync

extension SQLiteStore: SyncRepository {
    static func node(from row: Row) -> SyncNode {
        let units: String = row["units"]
        return SyncNode(
            id: row["id"], name: row["name"], lastSync: row["last_sync"], statements: row["statements"],
            units: units.split(separator: "\n").map { UnitPath(storageKey: String($0)) }
        )
    }

    public func createNode(name: String, keyHash: String, units: [UnitPath]) async throws -> SyncNode {
        try await pool.write { db in
            try db.execute(
                sql: "INSERT INTO sync_node (name, key_hash, created_at, units) VALUES (?, ?, ?, ?)",
                arguments: [name, keyHash, Date(), units.map(\.storageKey).joined(separator: "\n")]
            )
            return SyncNode(id: db.lastInsertedRowID, name: name, lastSync: nil, statements: 0, units: units)
        }
    }

    public func recordPublication(_ versions: [PublishedVersion], folders: [String: String], present: Set<String>?, at date: Date) async throws
        -> [ContentMirror.Withdrawal]
    {
        try await pool.write { db in
            for (courseID, folder) in folders {
                try db.execute(
                    sql: """
                        INSERT INTO published_course (course_id, folder, withdrawn_at) VALUES (?, ?, NULL)
                        ON CONFLICT (course_id) DO UPDATE SET folder = excluded.folder, withdrawn_at = NULL
                        """,
                    arguments: [courseID, folder]
                )
            }
            // A course not served whose folder is still there is broken, not withdrawn: only a removed folder withdraws.
            for row in try Row.fetchAll(db, sql: "SELECT course_id, folder FROM published_course WHERE withdrawn_at IS NULL") {
                let courseID: String = row["course_id"]
                let folder: String = row["folder"]
                if let present, folders[courseID] == nil, !present.contains(folder) {
                    try db.execute(sql: "UPDATE published_course SET withdrawn_at = ? WHERE course_id = ?", arguments: [date, courseID])
                }
            }
            for version in versions {
                try db.execute(
                    sql: """
                        INSERT INTO published_version (course_id, version, jp_hundredths, title, modules, published_at, grade_quiz)
                        VALUES (?, ?, ?, ?, ?, ?, ?)
                        ON CONFLICT (course_id, version) DO UPDATE SET jp_hundredths = excluded.jp_hundredths, title = excluded.title,
                            modules = excluded.modules, grade_quiz = excluded.grade_quiz
                        """,
                    arguments: [version.courseID, version.version, version.jp.hundredths, version.title,
                                version.moduleIDs.sorted().joined(separator: "\n"), date, version.gradeQuizID]
                )
            }
            return try Row.fetchAll(db, sql: "SELECT * FROM published_course WHERE withdrawn_at IS NOT NULL ORDER BY folder").map { row in
                ContentMirror.Withdrawal(id: row["course_id"], folder: row["folder"], at: row["withdrawn_at"])
            }
        }
    }

    /// The versions of a course published here, by version.
    static func publishedVersions(_ db: Database, courseID: String) throws -> [String: PublishedVersion] {
        var versions: [String: PublishedVersion] = [:]
        for row in try Row.fetchAll(db, sql: "SELECT * FROM published_version WHERE course_id = ?", arguments: [courseID]) {
            let modules: String = row["modules"]
            let version = PublishedVersion(
                courseID: courseID, version: row["version"], jp: JP(hundredths: row["jp_hundredths"]), title: row["title"],
                moduleIDs: Set(modules.split(separator: "\n").map(String.init)), gradeQuizID: row["grade_quiz"]
            )
            versions[version.version] = version
        }
        return versions
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
                var admitted: [(id: String, body: String, completion: XAPI.Completion)] = []
                var versions: [String: [String: PublishedVersion]] = [:]
                // A batch holds many statements about few learners: each is looked up once.
                var learners: [String: KnownLearner?] = [:]
                let storedBody = try db.cachedStatement(sql: "SELECT body FROM xapi_statement WHERE id = ?")
                let learner = try db.cachedStatement(sql: "SELECT role, unit FROM account WHERE nip = ?")
                // Every statement is checked before anything is written: one refusal refuses the batch.
                for statement in statements {
                    let body = String(decoding: statement.canonical, as: UTF8.self)
                    if let stored = try String.fetchOne(storedBody, arguments: [statement.id]) {
                        guard stored == body else { throw ConflictingStatement(id: statement.id) }
                        duplicates += 1
                        continue
                    }
                    let courseID = statement.completion.courseID
                    if versions[courseID] == nil { versions[courseID] = try Self.publishedVersions(db, courseID: courseID) }
                    let nip = statement.completion.nip.digits
                    if learners[nip] == nil {
                        learners[nip] = .some(try Row.fetchOne(learner, arguments: [nip])
                            .map { KnownLearner(role: Role(rawValue: $0["role"]) ?? .admin, unit: UnitPath(storageKey: $0["unit"])) })
                    }
                    let known = learners[nip] ?? nil
                    let completion = try StatementAdmission.admit(
                        statement.completion, statementID: statement.id, units: node.units, versions: versions[courseID] ?? [:], known: known,
                        now: date
                    )
                    admitted.append((statement.id, body, completion))
                }
                for statement in admitted {
                    try db.cachedStatement(sql: "INSERT INTO xapi_statement (id, node_id, body, stored_at) VALUES (?, ?, ?, ?)")
                        .execute(arguments: [statement.id, node.id, statement.body, date])
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
        } catch let refusal as StatementRefusal {
            return .refused(refusal)
        }
    }

    struct ConflictingStatement: Error {
        var id: String
    }

    /// Merges a completion into the learner's account, progress and ledger, by NIP.
    static func merge(_ db: Database, _ completion: XAPI.Completion) throws {
        var accountID = try Int64.fetchOne(db.cachedStatement(sql: "SELECT id FROM account WHERE nip = ?"), arguments: [completion.nip.digits])
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
            guard summary.recordReportedCompletion(at: completion.timestamp) else { return }
            try saveSummary(db, summary)
        case .course(let jp, let version, let certificate, let title):
            let exists = try Bool.fetchOne(
                db, sql: "SELECT 1 FROM ledger_entry WHERE account_id = ? AND course_id = ? AND course_version = ?",
                arguments: [accountID, completion.courseID, version]
            ) ?? false
            guard !exists else { return }
            // The certificate is this server's: its own number, which its verification page answers for. The
            // node's number is kept as a reference to the node's own record.
            var number = JPLedger.certificateNumber(year: JPLedger.year(of: completion.timestamp))
            while try Bool.fetchOne(db, sql: "SELECT 1 FROM ledger_entry WHERE certificate_number = ?", arguments: [number]) ?? false {
                number = JPLedger.certificateNumber(year: JPLedger.year(of: completion.timestamp))
            }
            try db.execute(
                sql: """
                    INSERT INTO ledger_entry (account_id, course_id, course_title, course_version, content_digest, year,
                        jp_hundredths, started_at, completed_at, score, certificate_number, node_certificate)
                    VALUES (?, ?, ?, ?, NULL, ?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    accountID, completion.courseID, title, version, JPLedger.year(of: completion.timestamp), jp.hundredths,
                    completion.started ?? completion.timestamp, completion.timestamp, completion.score, number, certificate,
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

    public func recordRefused(upstream: String, sequence: Int64, statementID: String, reason: String, at date: Date) async throws {
        try await pool.write { db in
            try db.execute(
                sql: """
                    INSERT INTO sync_refused (upstream, seq, statement_id, reason, refused_at) VALUES (?, ?, ?, ?, ?)
                    ON CONFLICT (upstream, seq) DO UPDATE SET reason = excluded.reason, refused_at = excluded.refused_at
                    """,
                arguments: [upstream, sequence, statementID, String(reason.prefix(2000)), date]
            )
        }
    }

    public func refusedStatements(upstream: String) async throws -> [(sequence: Int64, statementID: String, reason: String, at: Date)] {
        try await pool.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM sync_refused WHERE upstream = ? ORDER BY seq", arguments: [upstream]).map {
                (sequence: $0["seq"], statementID: $0["statement_id"], reason: $0["reason"], at: $0["refused_at"])
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

/// What a roster entry did to this node's accounts.
public enum RosterOutcome: Sendable, Equatable {
    /// A new learner.
    case added
    /// A learner already here, updated.
    case updated
    /// The NIP belongs to an account with another role here: nothing was changed.
    case collision(Role)
}

extension SQLiteStore {
    /// Adds or updates a learner from an upstream's roster. A password hash is written only when the upstream shares
    /// it; otherwise a new account has none until an operator sets one. An account with another role is never touched.
    public func upsertRosterLearner(nip: NIP, name: String, unit: UnitPath, status: EmployeeStatus, position: String, passwordHash: String?)
        async throws -> RosterOutcome
    {
        try await pool.write { db in
            if let row = try Row.fetchOne(db, sql: "SELECT id, role FROM account WHERE nip = ?", arguments: [nip.digits]) {
                let id: Int64 = row["id"]
                let role = Role(rawValue: row["role"]) ?? .admin
                guard role == .learner else { return .collision(role) }
                // The upstream's roster names no supervisor: one named here stays while the learner stays in their unit,
                // and goes with a transfer (the supervisor was of the old unit).
                try db.execute(
                    sql: """
                        UPDATE account SET name = ?, unit = ?, status = ?, position = ?,
                            supervisor_nip = CASE WHEN unit = ? THEN supervisor_nip ELSE NULL END WHERE id = ?
                        """,
                    arguments: [name, unit.storageKey, status.rawValue, position, unit.storageKey, id]
                )
                if let passwordHash {
                    try db.execute(sql: "UPDATE account SET password_hash = ? WHERE id = ?", arguments: [passwordHash, id])
                }
                return .updated
            }
            try db.execute(
                sql: """
                    INSERT INTO account (nip, name, unit, position, status, email, role, password_hash, must_change_password, created_at)
                    VALUES (?, ?, ?, ?, ?, NULL, 'learner', ?, ?, ?)
                    """,
                arguments: [nip.digits, name, unit.storageKey, position, status.rawValue, passwordHash ?? "!", passwordHash == nil, Date()]
            )
            return .added
        }
    }
}
