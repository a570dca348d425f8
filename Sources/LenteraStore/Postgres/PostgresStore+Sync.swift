import Foundation
import LenteraCore
import Logging
import PostgresNIO

// MARK: - Upward sync

extension PostgresStore: SyncRepository {
    static func node(from row: PostgresRow) throws -> SyncNode {
        let units = try row.value("units", as: String.self)
        return try SyncNode(
            id: row.value("id", as: Int64.self), name: row.value("name", as: String.self), lastSync: row.value("last_sync", as: Date?.self),
            statements: row.value("statements", as: Int.self), units: units.split(separator: "\n").map { UnitPath(storageKey: String($0)) }
        )
    }

    public func createNode(name: String, keyHash: String, units: [UnitPath]) async throws -> SyncNode {
        try await transaction { connection in
            let row = try await connection.row(
                """
                INSERT INTO sync_node (name, key_hash, created_at, units)
                VALUES (\(name), \(keyHash), \(Date()), \(units.map(\.storageKey).joined(separator: "\n"))) RETURNING id
                """,
                logger: logger
            )
            guard let id = try row?.value("id", as: Int64.self) else { throw MissingReturnedRow(table: "sync_node") }
            return SyncNode(id: id, name: name, lastSync: nil, statements: 0, units: units)
        }
    }

    public func recordPublication(_ versions: [PublishedVersion], folders: [String: String], present: Set<String>?, at date: Date) async throws
        -> [ContentMirror.Withdrawal]
    {
        try await transaction { connection in
            for (courseID, folder) in folders {
                try await connection.execute(
                    """
                    INSERT INTO published_course (course_id, folder, withdrawn_at) VALUES (\(courseID), \(folder), NULL)
                    ON CONFLICT (course_id) DO UPDATE SET folder = excluded.folder, withdrawn_at = NULL
                    """,
                    logger: logger
                )
            }
            // A course not served whose folder is still there is broken, not withdrawn: only a removed folder withdraws.
            for row in try await connection.rows("SELECT course_id, folder FROM published_course WHERE withdrawn_at IS NULL", logger: logger) {
                let courseID = try row.value("course_id", as: String.self)
                let folder = try row.value("folder", as: String.self)
                if let present, folders[courseID] == nil, !present.contains(folder) {
                    try await connection.execute(
                        "UPDATE published_course SET withdrawn_at = \(date) WHERE course_id = \(courseID)", logger: logger
                    )
                }
            }
            for version in versions {
                try await connection.execute(
                    """
                    INSERT INTO published_version (course_id, version, jp_hundredths, title, modules, published_at, grade_quiz)
                    VALUES (\(version.courseID), \(version.version), \(version.jp.hundredths), \(version.title),
                        \(version.moduleIDs.sorted().joined(separator: "\n")), \(date), \(version.gradeQuizID))
                    ON CONFLICT (course_id, version) DO UPDATE SET jp_hundredths = excluded.jp_hundredths, title = excluded.title,
                        modules = excluded.modules, grade_quiz = excluded.grade_quiz
                    """,
                    logger: logger
                )
            }
            // The folder column is not COLLATE "C": byte order is asked for here, as SQLite sorts.
            let rows = try await connection.rows(
                #"SELECT * FROM published_course WHERE withdrawn_at IS NOT NULL ORDER BY folder COLLATE "C""#, logger: logger
            )
            return try rows.map { row in
                try ContentMirror.Withdrawal(
                    id: row.value("course_id", as: String.self), folder: row.value("folder", as: String.self),
                    at: row.value("withdrawn_at", as: Date.self)
                )
            }
        }
    }

    static func publishedVersion(from row: PostgresRow) throws -> PublishedVersion {
        let modules = try row.value("modules", as: String.self)
        return try PublishedVersion(
            courseID: row.value("course_id", as: String.self), version: row.value("version", as: String.self),
            jp: JP(hundredths: row.value("jp_hundredths", as: Int.self)), title: row.value("title", as: String.self),
            moduleIDs: Set(modules.split(separator: "\n").map(String.init)), gradeQuizID: row.value("grade_quiz", as: String?.self)
        )
    }

    public func node(keyHash: String) async throws -> SyncNode? {
        try await rows("SELECT * FROM sync_node WHERE key_hash = \(keyHash)").first.map(Self.node(from:))
    }

    /// Revokes a node's key: its statements stay, the key no longer opens anything. False when no node has the name.
    public func revokeNode(name: String) async throws -> Bool {
        try await transaction { connection in
            var generator = SystemRandomNumberGenerator()
            let tombstone = "revoked:" + (0..<16).map { _ in UInt8.random(in: 0...255, using: &generator) }.hexString
            let changed = try await connection.rows(
                "UPDATE sync_node SET key_hash = \(tombstone) WHERE name = \(name) RETURNING id", logger: logger
            )
            return !changed.isEmpty
        }
    }

    public func nodes() async throws -> [SyncNode] {
        // The name column is not COLLATE "C": byte order is asked for here, as SQLite sorts.
        try await rows(#"SELECT * FROM sync_node ORDER BY name COLLATE "C""#).map(Self.node(from:))
    }

    public func receive(_ statements: [(id: String, canonical: [UInt8], completion: XAPI.Completion)], from node: SyncNode, at date: Date)
        async throws -> StatementOutcome
    {
        var attempt = 0
        while true {
            attempt += 1
            do {
                return try await transaction { connection in
                    try await Self.storeBatch(statements, from: node, at: date, connection, logger: logger)
                }
            } catch let conflict as ConflictingStatement {
                return .conflict(conflict.id)
            } catch let refusal as StatementRefusal {
                return .refused(refusal)
            } catch where attempt < 5 && Self.sqlState(error) == "23505" {
                // A batch stored at the same moment wrote one of these statements (or created one of these learners)
                // first: read again, the statement is found stored, a duplicate or a conflict, as after SQLite's
                // single writer. PostgreSQL usually reports such a race as a serialization failure, which
                // `transaction` retries itself.
                continue
            }
        }
    }

    /// Checks a batch, then stores and merges it (the body of `receive`'s transaction).
    static func storeBatch(
        _ statements: [(id: String, canonical: [UInt8], completion: XAPI.Completion)], from node: SyncNode, at date: Date,
        _ connection: PostgresConnection, logger: Logger
    ) async throws -> StatementOutcome {
        // A batch holds many statements about few learners and courses: what the checks need is read in three queries.
        var storedBodies: [String: String] = [:]
        let ids = statements.map { $0.id }
        for row in try await connection.rows("SELECT id, body FROM xapi_statement WHERE id = ANY(\(ids))", logger: logger) {
            let id = try row.value("id", as: String.self)
            storedBodies[id] = try row.value("body", as: String.self)
        }
        var versions: [String: [String: PublishedVersion]] = [:]
        let courseIDs = Array(Set(statements.map { $0.completion.courseID }))
        for row in try await connection.rows("SELECT * FROM published_version WHERE course_id = ANY(\(courseIDs))", logger: logger) {
            let version = try publishedVersion(from: row)
            versions[version.courseID, default: [:]][version.version] = version
        }
        var learners: [String: KnownLearner] = [:]
        let nips = Array(Set(statements.map { $0.completion.nip.digits }))
        for row in try await connection.rows("SELECT nip, role, unit FROM account WHERE nip = ANY(\(nips))", logger: logger) {
            let nip = try row.value("nip", as: String.self)
            learners[nip] = try KnownLearner(
                role: Role(rawValue: row.value("role", as: String.self)) ?? .admin, unit: UnitPath(storageKey: row.value("unit", as: String.self))
            )
        }
        var duplicates = 0
        var admitted: [(id: String, body: String, completion: XAPI.Completion)] = []
        // Every statement is checked before anything is written: one refusal refuses the batch.
        for statement in statements {
            let body = String(decoding: statement.canonical, as: UTF8.self)
            if let stored = storedBodies[statement.id] {
                guard stored == body else { throw ConflictingStatement(id: statement.id) }
                duplicates += 1
                continue
            }
            let completion = try StatementAdmission.admit(
                statement.completion, statementID: statement.id, units: node.units, versions: versions[statement.completion.courseID] ?? [:],
                known: learners[statement.completion.nip.digits], now: date
            )
            admitted.append((statement.id, body, completion))
        }
        if !admitted.isEmpty {
            try await connection.execute(
                """
                INSERT INTO xapi_statement (id, node_id, body, stored_at)
                SELECT batch.id, \(node.id), batch.body, \(date)
                FROM unnest(\(admitted.map { $0.id }), \(admitted.map { $0.body })) AS batch (id, body)
                """,
                logger: logger
            )
        }
        var accounts: [String: Int64] = [:]
        for statement in admitted {
            try await merge(connection, statement.completion, accounts: &accounts, logger: logger)
        }
        try await connection.execute(
            "UPDATE sync_node SET last_sync = \(date), statements = statements + \(admitted.count) WHERE id = \(node.id)", logger: logger
        )
        return .stored(new: admitted.count, duplicates: duplicates)
    }

    struct ConflictingStatement: Error {
        var id: String
    }

    /// Merges a completion into the learner's account, progress and ledger, by NIP.
    ///
    /// - Parameter accounts: the account ids of NIPs already merged in this batch.
    static func merge(_ connection: PostgresConnection, _ completion: XAPI.Completion, accounts: inout [String: Int64], logger: Logger) async throws {
        let nip = completion.nip.digits
        var accountID = accounts[nip]
        if accountID == nil {
            accountID = try await connection.row("SELECT id FROM account WHERE nip = \(nip)", logger: logger)?.value("id", as: Int64.self)
        }
        if accountID == nil {
            // A learner the node created: known here from now on, without a password until an operator sets one.
            accountID = try await connection.row(
                """
                INSERT INTO account (nip, name, unit, position, status, email, role, password_hash, must_change_password, created_at)
                VALUES (\(nip), \(completion.name), \(completion.unit.storageKey), '', \(completion.status.rawValue), NULL, 'learner', '!', TRUE,
                    \(Date()))
                RETURNING id
                """,
                logger: logger
            )?.value("id", as: Int64.self)
        }
        guard let accountID else { return }
        accounts[nip] = accountID
        switch completion.object {
        case .module(let moduleID):
            var summary = try await loadSummary(connection, logger: logger, accountID: accountID, courseID: completion.courseID, moduleID: moduleID)
            guard summary.recordReportedCompletion(at: completion.timestamp) else { return }
            try await saveSummary(connection, logger: logger, summary)
        case .course(let jp, let version, let certificate, let title):
            let exists = try await connection.row(
                """
                SELECT 1 FROM ledger_entry WHERE account_id = \(accountID) AND course_id = \(completion.courseID) AND course_version = \(version)
                """,
                logger: logger
            ) != nil
            guard !exists else { return }
            // The certificate is this server's: its own number, which its verification page answers for. The
            // node's number is kept as a reference to the node's own record.
            let year = JPLedger.year(of: completion.timestamp)
            var number = JPLedger.certificateNumber(year: year)
            while try await connection.row("SELECT 1 FROM ledger_entry WHERE certificate_number = \(number)", logger: logger) != nil {
                number = JPLedger.certificateNumber(year: year)
            }
            try await connection.execute(
                """
                INSERT INTO ledger_entry (account_id, course_id, course_title, course_version, content_digest, year,
                    jp_hundredths, started_at, completed_at, score, certificate_number, node_certificate)
                VALUES (\(accountID), \(completion.courseID), \(title), \(version), NULL, \(year), \(jp.hundredths),
                    \(completion.started ?? completion.timestamp), \(completion.timestamp), \(completion.score), \(number), \(certificate))
                """,
                logger: logger
            )
        }
    }

    public func outbox(after sequence: Int64, limit: Int, node: String) async throws -> [(sequence: Int64, completion: XAPI.Completion)] {
        try await transaction { connection in
            // Sequence numbers are handed out before commit, so a transaction still open may yet commit a number
            // lower than one already visible: a reader that moved its high-water mark past it would never report it.
            // The share lock waits for every transaction writing the outbox to end (and holds new ones back for the
            // read), so that no lower number can appear afterwards. It is taken before the read, which fixes the
            // transaction's snapshot.
            try await connection.execute("LOCK TABLE sync_outbox IN SHARE MODE", logger: logger)
            let rows = try await connection.rows(
                """
                SELECT sync_outbox.*, account.nip, account.name, account.unit, account.status,
                    ledger_entry.jp_hundredths, ledger_entry.certificate_number, ledger_entry.course_title, ledger_entry.started_at,
                    ledger_entry.score
                FROM sync_outbox JOIN account ON account.id = sync_outbox.account_id
                LEFT JOIN ledger_entry ON sync_outbox.kind = 'course' AND ledger_entry.account_id = sync_outbox.account_id
                    AND ledger_entry.course_id = sync_outbox.course_id AND ledger_entry.course_version = sync_outbox.course_version
                WHERE seq > \(sequence) ORDER BY seq LIMIT \(limit)
                """,
                logger: logger
            )
            var result: [(sequence: Int64, completion: XAPI.Completion)] = []
            for row in rows {
                guard let nip = try? NIP(validating: row.value("nip", as: String.self)) else { continue }
                let kind = try row.value("kind", as: String.self)
                let object: XAPI.Completion.Object
                if kind == "course" {
                    guard let hundredths = try row.value("jp_hundredths", as: Int?.self),
                        let certificate = try row.value("certificate_number", as: String?.self),
                        let title = try row.value("course_title", as: String?.self)
                    else { continue }
                    object = try XAPI.Completion.Object.course(
                        jp: JP(hundredths: hundredths), version: row.value("course_version", as: String.self), certificate: certificate, title: title
                    )
                } else {
                    object = try XAPI.Completion.Object.module(row.value("module_id", as: String.self))
                }
                let completion = try XAPI.Completion(
                    node: node, nip: nip, name: row.value("name", as: String.self), unit: UnitPath(storageKey: row.value("unit", as: String.self)),
                    status: EmployeeStatus(rawValue: row.value("status", as: String.self)) ?? .pns, courseID: row.value("course_id", as: String.self),
                    object: object, timestamp: row.value("at", as: Date.self),
                    started: kind == "course" ? row.value("started_at", as: Date?.self) : nil,
                    score: kind == "course" ? row.value("score", as: Int?.self) : nil
                )
                let seq = try row.value("seq", as: Int64.self)
                result.append((seq, completion))
            }
            return result
        }
    }

    public func recordRefused(upstream: String, sequence: Int64, statementID: String, reason: String, at date: Date) async throws {
        try await transaction { connection in
            try await connection.execute(
                """
                INSERT INTO sync_refused (upstream, seq, statement_id, reason, refused_at)
                VALUES (\(upstream), \(sequence), \(statementID), \(String(reason.prefix(2000))), \(date))
                ON CONFLICT (upstream, seq) DO UPDATE SET reason = excluded.reason, refused_at = excluded.refused_at
                """,
                logger: logger
            )
        }
    }

    public func refusedStatements(upstream: String) async throws -> [(sequence: Int64, statementID: String, reason: String, at: Date)] {
        try await rows("SELECT * FROM sync_refused WHERE upstream = \(upstream) ORDER BY seq").map { row in
            try (
                sequence: row.value("seq", as: Int64.self), statementID: row.value("statement_id", as: String.self),
                reason: row.value("reason", as: String.self), at: row.value("refused_at", as: Date.self)
            )
        }
    }

    public func highWaterMark(upstream: String) async throws -> Int64 {
        try await rows("SELECT last_seq FROM sync_state WHERE upstream = \(upstream)").first?.value("last_seq", as: Int64.self) ?? 0
    }

    public func setHighWaterMark(upstream: String, to sequence: Int64) async throws {
        try await transaction { connection in
            try await connection.execute(
                """
                INSERT INTO sync_state (upstream, last_seq) VALUES (\(upstream), \(sequence))
                ON CONFLICT (upstream) DO UPDATE SET last_seq = GREATEST(sync_state.last_seq, excluded.last_seq)
                """,
                logger: logger
            )
        }
    }
}

/// An `INSERT ... RETURNING` that returned nothing (which PostgreSQL does not do).
private struct MissingReturnedRow: Error, CustomStringConvertible {
    var table: String
    var description: String { "the insert into \(table) returned no row" }
}
