import Foundation
import GRDB
import LenteraCore
import Synchronization

/// The learning store on an embedded SQLite file, through GRDB, in WAL mode.
///
/// Every write is one transaction; with WAL and `synchronous = NORMAL`, a write that returned survives the process
/// being killed (SIGKILL). `synchronous = FULL` (the `durability: .powerLoss` option) also survives power loss.
public final class SQLiteStore: Sendable {
    /// How far an acknowledged write must survive.
    public enum Durability: Sendable {
        /// Survives the process dying (SIGKILL, crash).
        case processCrash
        /// Survives losing power: every commit is synced to disk.
        case powerLoss
    }

    let pool: DatabasePool
    /// The database file.
    public let location: String
    /// The copy taken before this start-up migrated the database to a newer schema, if it did.
    public let upgradeBackup: String?
    /// Quiz writes, grouped into shared transactions under load.
    let groupCommit: GroupCommit
    /// The decoded questions of attempts by attempt id (they never change once an attempt starts), so that a save or a
    /// submission does not decode them, or rebuild them from their pool, again. The store's own, not part of
    /// ``QuizRepository``.
    let attemptItems = Mutex<[Int64: (key: AttemptKey, items: [QuizItem])]>([:])
    /// Quiz pools by version, decoded or known to be stored.
    let pools = Mutex<[String: [QuizItem]]>([:])
    /// Pool writes in flight, by version.
    let poolWrites = Mutex<[String: Task<Void, any Error>]>([:])
    /// Signed-in sessions looked up in the last few seconds (``SessionCache``).
    let sessionCache = SessionCache(lifetime: sessionCacheLifetime)
    /// How long a cached session is used at most: what another process changes (`lentera user deactivate`) applies
    /// within this time.
    public static let sessionCacheLifetime: TimeInterval = 5
    /// Module views as last read or written, kept until a commit touches the account's progress.
    let progressViews: ProgressViews

    /// Why the database cannot be used, in words an operator can act on.
    public struct OpenError: Error, CustomStringConvertible {
        public var description: String
    }

    /// Opens (or creates) the database file and runs the migrations.
    public init(path: String, durability: Durability = .processCrash) throws {
        var configuration = Configuration()
        configuration.busyMode = .timeout(5)
        let views = ProgressViews()
        configuration.prepareDatabase { db in
            try db.execute(sql: "PRAGMA synchronous = \(durability == .powerLoss ? "FULL" : "NORMAL")")
            try db.execute(sql: "PRAGMA foreign_keys = ON")
            db.add(function: views.function)
        }
        progressViews = views
        location = path
        try Self.prepareFile(at: path)
        do {
            pool = try DatabasePool(path: path, configuration: configuration)
            groupCommit = GroupCommit(pool: pool)
            // A damaged file is refused, never used or silently recreated: learners' records are in it.
            let check = try pool.read { db in try String.fetchAll(db, sql: "PRAGMA quick_check") }
            guard check == ["ok"] else {
                throw OpenError(description: "the database at \(path) is damaged (PRAGMA quick_check: \(check.prefix(3).joined(separator: "; "))); "
                    + "restore it from a backup; Lentera does not start on it")
            }
            upgradeBackup = try Self.migrateSafely(pool, path: path)
            // Fail now, not at the first learner's click, when the file cannot be written.
            try pool.write { db in try db.execute(sql: "UPDATE meta SET checked_at = ?", arguments: [Date()]) }
            pool.add(transactionObserver: ProgressViewsObserver(views), extent: .databaseLifetime)
            try pool.writeWithoutTransaction { db in try db.execute(sql: ProgressViews.triggers) }
        } catch let error as OpenError {
            throw error
        } catch let error as DatabaseError where [.SQLITE_NOTADB, .SQLITE_CORRUPT].contains(error.resultCode) {
            throw OpenError(description: "the database at \(path) is damaged or not a Lentera database (\(error.message ?? "\(error)")); "
                + "restore it from a backup; Lentera does not start on it")
        } catch {
            throw OpenError(description: "cannot open the database at \(path): \(error)")
        }
    }

    /// Creates the database file readable by this user only (0600; SQLite gives its WAL and shared-memory files the
    /// same mode), tightens an existing one, and refuses an empty file: a zero-byte database is a lost one, and
    /// opening it would start an empty site over it.
    static func prepareFile(at path: String) throws {
        let manager = FileManager.default
        if let attributes = try? manager.attributesOfItem(atPath: path) {
            if (attributes[.size] as? NSNumber)?.intValue == 0 {
                throw OpenError(description: "the database at \(path) is an empty file (0 bytes): its records are lost or were never written; "
                    + "restore it from a backup, or move it away to start a new, empty site")
            }
            for suffix in ["", "-wal", "-shm"] where manager.fileExists(atPath: path + suffix) {
                try? manager.setAttributes([.posixPermissions: 0o600], ofItemAtPath: path + suffix)
            }
        } else {
            let descriptor = open(path, O_CREAT | O_EXCL | O_WRONLY, 0o600)
            if descriptor >= 0 { close(descriptor) }
        }
    }

    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1: accounts, sessions, progress, ledger, feedback") { db in
            try db.execute(
                sql: """
                    CREATE TABLE meta (checked_at DATETIME);
                    INSERT INTO meta (checked_at) VALUES (CURRENT_TIMESTAMP);
                    CREATE TABLE account (
                        id INTEGER PRIMARY KEY AUTOINCREMENT,
                        nip TEXT NOT NULL UNIQUE,
                        name TEXT NOT NULL,
                        unit TEXT NOT NULL,
                        position TEXT NOT NULL DEFAULT '',
                        status TEXT NOT NULL,
                        email TEXT,
                        role TEXT NOT NULL,
                        password_hash TEXT NOT NULL,
                        must_change_password BOOLEAN NOT NULL,
                        created_at DATETIME NOT NULL
                    );
                    CREATE INDEX account_unit ON account(unit);
                    CREATE TABLE session (
                        token_hash TEXT PRIMARY KEY,
                        account_id INTEGER NOT NULL REFERENCES account(id) ON DELETE CASCADE,
                        csrf_token TEXT NOT NULL,
                        expires DATETIME NOT NULL
                    );
                    CREATE INDEX session_account ON session(account_id);
                    CREATE TABLE content_session_log (
                        id TEXT PRIMARY KEY,
                        account_id INTEGER NOT NULL REFERENCES account(id) ON DELETE CASCADE,
                        course_id TEXT NOT NULL,
                        module_id TEXT NOT NULL,
                        start DATETIME NOT NULL,
                        end DATETIME NOT NULL,
                        time_spent DOUBLE NOT NULL,
                        last_sequence INTEGER NOT NULL
                    );
                    CREATE TABLE content_summary_log (
                        account_id INTEGER NOT NULL REFERENCES account(id) ON DELETE CASCADE,
                        course_id TEXT NOT NULL,
                        module_id TEXT NOT NULL,
                        progress DOUBLE NOT NULL,
                        time_spent DOUBLE NOT NULL,
                        first_access DATETIME,
                        last_access DATETIME,
                        completed_at DATETIME,
                        marked_done BOOLEAN NOT NULL,
                        PRIMARY KEY (account_id, course_id, module_id)
                    );
                    CREATE INDEX summary_recent ON content_summary_log(account_id, last_access);
                    CREATE TABLE ledger_entry (
                        account_id INTEGER NOT NULL REFERENCES account(id) ON DELETE CASCADE,
                        course_id TEXT NOT NULL,
                        course_title TEXT NOT NULL,
                        course_version TEXT NOT NULL,
                        year INTEGER NOT NULL,
                        jp_hundredths INTEGER NOT NULL,
                        started_at DATETIME NOT NULL,
                        completed_at DATETIME NOT NULL,
                        score INTEGER NOT NULL,
                        certificate_number TEXT NOT NULL UNIQUE,
                        PRIMARY KEY (account_id, course_id, course_version)
                    );
                    CREATE INDEX ledger_year ON ledger_entry(year);
                    CREATE TABLE feedback (
                        account_id INTEGER NOT NULL REFERENCES account(id) ON DELETE CASCADE,
                        course_id TEXT NOT NULL,
                        module_id TEXT NOT NULL,
                        relevance INTEGER NOT NULL CHECK (relevance BETWEEN 1 AND 5),
                        comment TEXT NOT NULL,
                        created_at DATETIME NOT NULL,
                        PRIMARY KEY (account_id, course_id, module_id)
                    );
                    """
            )
        }
        migrator.registerMigration("v2: version labels on the ledger") { db in
            try db.execute(sql: "ALTER TABLE ledger_entry ADD COLUMN course_version_label TEXT")
        }
        migrator.registerMigration("v3: the ledger keeps the content digest; JP is credited per version label") { db in
            try db.execute(sql: "ALTER TABLE ledger_entry RENAME COLUMN course_version_label TO content_digest")
        }
        migrator.registerMigration("v4: time credited once across parallel visits") { db in
            try db.execute(sql: "ALTER TABLE content_summary_log ADD COLUMN last_heartbeat DATETIME")
        }
        migrator.registerMigration("v5: quiz attempts (mastery log) and answers (attempt log)") { db in
            try db.execute(
                sql: """
                    CREATE TABLE quiz_attempt (
                        id INTEGER PRIMARY KEY AUTOINCREMENT,
                        account_id INTEGER NOT NULL REFERENCES account(id) ON DELETE CASCADE,
                        course_id TEXT NOT NULL,
                        quiz_id TEXT NOT NULL,
                        number INTEGER NOT NULL,
                        seed INTEGER NOT NULL,
                        items TEXT NOT NULL,
                        quiz_version TEXT NOT NULL,
                        started_at DATETIME NOT NULL,
                        deadline DATETIME,
                        submitted_at DATETIME,
                        score DOUBLE,
                        maximum DOUBLE NOT NULL,
                        needs_grading BOOLEAN NOT NULL DEFAULT 0,
                        passed BOOLEAN,
                        expired BOOLEAN NOT NULL DEFAULT 0,
                        UNIQUE (account_id, course_id, quiz_id, number)
                    );
                    CREATE INDEX quiz_attempt_open ON quiz_attempt(deadline) WHERE submitted_at IS NULL;
                    CREATE INDEX quiz_attempt_course ON quiz_attempt(course_id, quiz_id);
                    CREATE TABLE quiz_answer (
                        attempt_id INTEGER NOT NULL REFERENCES quiz_attempt(id) ON DELETE CASCADE,
                        item_id TEXT NOT NULL,
                        response TEXT NOT NULL,
                        saved_at DATETIME NOT NULL,
                        points DOUBLE,
                        checked BOOLEAN NOT NULL DEFAULT 0,
                        PRIMARY KEY (attempt_id, item_id)
                    );
                    """
            )
        }
        migrator.registerMigration("v6: quiz pools kept once per version; attempts store their layout") { db in
            try db.execute(sql: "CREATE TABLE quiz_pool (version TEXT PRIMARY KEY, items TEXT NOT NULL)")
        }
        migrator.registerMigration("v7: nodes, xAPI statements received, and the outbox of completions to report upward") { db in
            try db.execute(
                sql: """
                    CREATE TABLE sync_node (
                        id INTEGER PRIMARY KEY AUTOINCREMENT,
                        name TEXT NOT NULL UNIQUE,
                        key_hash TEXT NOT NULL UNIQUE,
                        created_at DATETIME NOT NULL,
                        last_sync DATETIME,
                        statements INTEGER NOT NULL DEFAULT 0
                    );
                    CREATE TABLE xapi_statement (
                        id TEXT PRIMARY KEY,
                        node_id INTEGER NOT NULL REFERENCES sync_node(id),
                        body TEXT NOT NULL,
                        stored_at DATETIME NOT NULL
                    );
                    CREATE TABLE sync_state (upstream TEXT PRIMARY KEY, last_seq INTEGER NOT NULL);
                    CREATE TABLE sync_outbox (
                        seq INTEGER PRIMARY KEY AUTOINCREMENT,
                        kind TEXT NOT NULL,
                        account_id INTEGER NOT NULL,
                        course_id TEXT NOT NULL,
                        module_id TEXT NOT NULL DEFAULT '',
                        course_version TEXT NOT NULL DEFAULT '',
                        at DATETIME NOT NULL
                    );
                    CREATE TRIGGER outbox_module_insert AFTER INSERT ON content_summary_log
                    WHEN NEW.completed_at IS NOT NULL BEGIN
                        INSERT INTO sync_outbox (kind, account_id, course_id, module_id, at)
                        VALUES ('module', NEW.account_id, NEW.course_id, NEW.module_id, NEW.completed_at);
                    END;
                    CREATE TRIGGER outbox_module_update AFTER UPDATE OF completed_at ON content_summary_log
                    WHEN OLD.completed_at IS NULL AND NEW.completed_at IS NOT NULL BEGIN
                        INSERT INTO sync_outbox (kind, account_id, course_id, module_id, at)
                        VALUES ('module', NEW.account_id, NEW.course_id, NEW.module_id, NEW.completed_at);
                    END;
                    CREATE TRIGGER outbox_course AFTER INSERT ON ledger_entry BEGIN
                        INSERT INTO sync_outbox (kind, account_id, course_id, course_version, at)
                        VALUES ('course', NEW.account_id, NEW.course_id, NEW.course_version, NEW.completed_at);
                    END;
                    -- Completions recorded before this version are reported too.
                    INSERT INTO sync_outbox (kind, account_id, course_id, module_id, at)
                        SELECT 'module', account_id, course_id, module_id, completed_at FROM content_summary_log
                        WHERE completed_at IS NOT NULL ORDER BY completed_at;
                    INSERT INTO sync_outbox (kind, account_id, course_id, course_version, at)
                        SELECT 'course', account_id, course_id, course_version, completed_at FROM ledger_entry ORDER BY completed_at;
                    """
            )
        }
        migrator.registerMigration("v8: nodes scoped to units; versions published here; the centre's own certificate numbers") { db in
            try db.execute(
                sql: """
                    ALTER TABLE sync_node ADD COLUMN units TEXT NOT NULL DEFAULT '';
                    CREATE TABLE published_version (
                        course_id TEXT NOT NULL,
                        version TEXT NOT NULL,
                        jp_hundredths INTEGER NOT NULL,
                        title TEXT NOT NULL,
                        modules TEXT NOT NULL,
                        published_at DATETIME NOT NULL,
                        PRIMARY KEY (course_id, version)
                    );
                    ALTER TABLE ledger_entry ADD COLUMN node_certificate TEXT;
                    CREATE TABLE published_course (
                        course_id TEXT PRIMARY KEY,
                        folder TEXT NOT NULL,
                        withdrawn_at DATETIME
                    );
                    """
            )
        }
        migrator.registerMigration("v9: a page view finds its sitting's visit by an index") { db in
            try db.execute(sql: "CREATE INDEX visit_latest ON content_session_log(account_id, course_id, module_id, end)")
        }
        migrator.registerMigration("v10: completions an upstream refused, kept with its reason") { db in
            try db.execute(
                sql: """
                    CREATE TABLE sync_refused (
                        upstream TEXT NOT NULL,
                        seq INTEGER NOT NULL,
                        statement_id TEXT NOT NULL,
                        reason TEXT NOT NULL,
                        refused_at DATETIME NOT NULL,
                        PRIMARY KEY (upstream, seq)
                    )
                    """
            )
        }
        migrator.registerMigration("v11: accounts can be deactivated; the audit trail") { db in
            try db.execute(
                sql: """
                    ALTER TABLE account ADD COLUMN deactivated_at DATETIME;
                    ALTER TABLE account ADD COLUMN deactivation_reason TEXT;
                    CREATE TABLE audit_event (
                        id INTEGER PRIMARY KEY AUTOINCREMENT,
                        at DATETIME NOT NULL,
                        action TEXT NOT NULL,
                        actor TEXT,
                        subject TEXT,
                        unit TEXT,
                        detail TEXT NOT NULL,
                        address TEXT
                    );
                    CREATE INDEX audit_event_at ON audit_event (at);
                    CREATE INDEX audit_event_subject ON audit_event (subject, at);
                    CREATE INDEX audit_event_actor ON audit_event (actor, at);
                    CREATE INDEX audit_event_unit ON audit_event (unit, at);
                    CREATE INDEX account_name ON account (name);
                    """
            )
        }
        registerRosterImportMigration(&migrator)
        migrator.registerMigration("v13: sign-in throttles in the database") { db in
            try db.execute(
                sql: """
                    CREATE TABLE sign_in_failure (key TEXT NOT NULL, at DATETIME NOT NULL);
                    CREATE INDEX sign_in_failure_key ON sign_in_failure (key, at);
                    """
            )
        }
        migrator.registerMigration("v14: leases on background jobs") { db in
            try db.execute(sql: "CREATE TABLE job_lease (job TEXT PRIMARY KEY, holder TEXT NOT NULL, expires DATETIME NOT NULL)")
        }
        migrator.registerMigration("v15: indexes for the reports summed in the database") { db in
            // A learner's JP and courses in a year, read from the index alone; it starts with the year, so it replaces
            // the year index. The accounts of a subtree by unit and status, for the unit totals without a sort.
            try db.execute(
                sql: """
                    CREATE INDEX ledger_year_account ON ledger_entry (year, account_id, course_id, jp_hundredths);
                    DROP INDEX IF EXISTS ledger_year;
                    CREATE INDEX account_report ON account (unit, status, role, deactivated_at);
                    """
            )
        }
        migrator.registerMigration("v16: the report snapshot, each year's totals by unit for large scopes") { db in
            // Derived from accounts and the ledger, and summed again by the report job.
            try db.execute(
                sql: """
                    CREATE TABLE report_build (year INTEGER PRIMARY KEY, target_hundredths INTEGER NOT NULL, built_at DATETIME NOT NULL);
                    CREATE TABLE report_unit_total (
                        year INTEGER NOT NULL, unit TEXT NOT NULL, status TEXT NOT NULL, accounts INTEGER NOT NULL,
                        meeting INTEGER NOT NULL, jp_hundredths INTEGER NOT NULL, PRIMARY KEY (year, unit, status)
                    );
                    CREATE TABLE report_course_total (
                        year INTEGER NOT NULL, unit TEXT NOT NULL, course_id TEXT NOT NULL, started INTEGER NOT NULL,
                        completed INTEGER NOT NULL, PRIMARY KEY (year, unit, course_id)
                    );
                    """
            )
        }
        migrator.registerMigration("v17: the status of the last push to each upstream, shown by every node") { db in
            try db.execute(
                sql: """
                    CREATE TABLE sync_status (
                        kind TEXT NOT NULL,
                        upstream TEXT NOT NULL,
                        node TEXT NOT NULL,
                        attempted_at DATETIME NOT NULL,
                        succeeded_at DATETIME,
                        outcome TEXT NOT NULL,
                        message TEXT,
                        detail TEXT NOT NULL,
                        sent INTEGER NOT NULL,
                        refused INTEGER NOT NULL,
                        PRIMARY KEY (kind, upstream)
                    )
                    """
            )
        }
        migrator.registerMigration("v18: the ledger's score is the learner's grade or none; published versions name their grade quiz") { db in
            // SQLite cannot drop NOT NULL from a column: the table is made again (with its index and its outbox
            // trigger, which go with the old table). The scores kept so far were module progress, 100 for every
            // completion and never a grade: they become NULL rather than stay on certificates as one. Grades cannot be
            // worked out here (which quiz grades a course is in course.xml), and the copy taken before the upgrade
            // keeps the old values. Nothing is reported upward again: the trigger is not there while rows are copied.
            try db.execute(
                sql: """
                    CREATE TABLE ledger_entry_graded (
                        account_id INTEGER NOT NULL REFERENCES account(id) ON DELETE CASCADE,
                        course_id TEXT NOT NULL,
                        course_title TEXT NOT NULL,
                        course_version TEXT NOT NULL,
                        year INTEGER NOT NULL,
                        jp_hundredths INTEGER NOT NULL,
                        started_at DATETIME NOT NULL,
                        completed_at DATETIME NOT NULL,
                        score INTEGER,
                        certificate_number TEXT NOT NULL UNIQUE,
                        content_digest TEXT,
                        node_certificate TEXT,
                        PRIMARY KEY (account_id, course_id, course_version)
                    );
                    INSERT INTO ledger_entry_graded (account_id, course_id, course_title, course_version, year, jp_hundredths,
                        started_at, completed_at, score, certificate_number, content_digest, node_certificate)
                    SELECT account_id, course_id, course_title, course_version, year, jp_hundredths,
                        started_at, completed_at, NULL, certificate_number, content_digest, node_certificate
                    FROM ledger_entry ORDER BY rowid;
                    DROP TABLE ledger_entry;
                    ALTER TABLE ledger_entry_graded RENAME TO ledger_entry;
                    CREATE INDEX ledger_year_account ON ledger_entry (year, account_id, course_id, jp_hundredths);
                    CREATE TRIGGER outbox_course AFTER INSERT ON ledger_entry BEGIN
                        INSERT INTO sync_outbox (kind, account_id, course_id, course_version, at)
                        VALUES ('course', NEW.account_id, NEW.course_id, NEW.course_version, NEW.completed_at);
                    END;
                    ALTER TABLE published_version ADD COLUMN grade_quiz TEXT;
                    """
            )
        }
        registerEventMigration(&migrator)
        registerNeedsMigration(&migrator)
        registerEventOutboxMigration(&migrator)
        registerFollowUpMigration(&migrator)
        registerSupervisorMigration(&migrator)
        registerSupervisorAssessmentMigration(&migrator)
        registerProgramPublicationMigration(&migrator)
        registerReminderMigration(&migrator)
        return migrator
    }
}

// MARK: - Accounts

extension SQLiteStore: AccountRepository {
    static func account(from row: Row) -> Account? {
        guard let nip = try? NIP(validating: row["nip"]) else { return nil }
        return Account(
            id: row["id"], nip: nip, name: row["name"], unit: UnitPath(storageKey: row["unit"]), position: row["position"],
            status: EmployeeStatus(rawValue: row["status"]) ?? .pns, email: row["email"], role: Role(rawValue: row["role"]) ?? .learner,
            passwordHash: row["password_hash"], mustChangePassword: row["must_change_password"],
            deactivation: (row["deactivated_at"] as Date?).map {
                Deactivation(reason: (row["deactivation_reason"] as String?).flatMap(Deactivation.Reason.init(rawValue:)) ?? .other, date: $0)
            },
            supervisorNIP: (row["supervisor_nip"] as String?).flatMap { try? NIP(validating: $0) }
        )
    }

    public func createAccount(_ account: NewAccount) async throws -> Account {
        try await pool.write { db in
            if try Row.fetchOne(db, sql: "SELECT 1 FROM account WHERE nip = ?", arguments: [account.nip.digits]) != nil {
                throw StoreError.duplicateNIP
            }
            try db.execute(
                sql: """
                    INSERT INTO account (nip, name, unit, position, status, email, role, password_hash, must_change_password, created_at, supervisor_nip)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    account.nip.digits, account.name, account.unit.storageKey, account.position, account.status.rawValue,
                    account.email, account.role.rawValue, account.passwordHash, account.mustChangePassword, Date(), account.supervisorNIP?.digits,
                ]
            )
            return Account(
                id: db.lastInsertedRowID, nip: account.nip, name: account.name, unit: account.unit, position: account.position,
                status: account.status, email: account.email, role: account.role, passwordHash: account.passwordHash,
                mustChangePassword: account.mustChangePassword, supervisorNIP: account.supervisorNIP
            )
        }
    }

    public func account(nip: NIP) async throws -> Account? {
        try await pool.read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM account WHERE nip = ?", arguments: [nip.digits]).flatMap(Self.account(from:))
        }
    }

    public func account(id: Int64) async throws -> Account? {
        try await pool.read { db in
            try Row.fetchOne(db.cachedStatement(sql: "SELECT * FROM account WHERE id = ?"), arguments: [id]).flatMap(Self.account(from:))
        }
    }

    public func setPassword(accountID: Int64, hash: String, mustChange: Bool) async throws {
        try await pool.write { db in
            try db.execute(
                sql: "UPDATE account SET password_hash = ?, must_change_password = ? WHERE id = ?", arguments: [hash, mustChange, accountID]
            )
            if db.changesCount == 0 { throw StoreError.notFound }
        }
        forgetSessions { $0.accountID == accountID }
    }

    public func accounts(under unit: UnitPath?) async throws -> [Account] {
        try await pool.read { db in
            let rows: [Row]
            if let unit {
                // Storage keys end with a separator, so a prefix match is exactly the subtree.
                rows = try Row.fetchAll(
                    db, sql: "SELECT * FROM account WHERE substr(unit, 1, length(?1)) = ?1 ORDER BY unit, name",
                    arguments: [unit.storageKey]
                )
            } else {
                rows = try Row.fetchAll(db, sql: "SELECT * FROM account ORDER BY unit, name")
            }
            return rows.compactMap(Self.account(from:))
        }
    }
}

// MARK: - Sessions

extension SQLiteStore: SessionRepository {
    public func createSession(_ session: StoredSession) async throws {
        try await pool.write { db in
            try db.execute(sql: "DELETE FROM session WHERE expires < ?", arguments: [Date()])
            try db.execute(
                sql: "INSERT INTO session (token_hash, account_id, csrf_token, expires) VALUES (?, ?, ?, ?)",
                arguments: [session.tokenHash, session.accountID, session.csrfToken, session.expires]
            )
        }
    }

    public func signedInAccount(tokenHash: String) async throws -> (StoredSession, Account)? {
        try await sessionCache.signedIn(tokenHash: tokenHash) { [self] hashes in try await lookUpSignedInAccounts(tokenHashes: hashes) }.map {
            ($0.session, $0.account)
        }
    }

    func forgetSessions(where matches: (StoredSession) -> Bool) {
        sessionCache.forget(where: matches)
    }

    /// The live sessions of the given token hashes with their active accounts, read together (``SessionCache``).
    func lookUpSignedInAccounts(tokenHashes: [String]) async throws -> [String: SessionCache.Found] {
        try await pool.read { db in
            let marks = Array(repeating: "?", count: tokenHashes.count).joined(separator: ", ")
            let rows = try Row.fetchAll(
                db,
                sql: """
                    SELECT account.*, session.token_hash, session.csrf_token, session.expires FROM session
                    JOIN account ON account.id = session.account_id
                    WHERE session.token_hash IN (\(marks)) AND session.expires > ? AND account.deactivated_at IS NULL
                    """,
                arguments: StatementArguments(tokenHashes + [Date()] as [any DatabaseValueConvertible])
            )
            var found: [String: SessionCache.Found] = [:]
            for row in rows {
                guard let account = Self.account(from: row) else { continue }
                let session = StoredSession(tokenHash: row["token_hash"], accountID: account.id, csrfToken: row["csrf_token"], expires: row["expires"])
                found[session.tokenHash] = (session, account)
            }
            return found
        }
    }

    public func deleteSession(tokenHash: String) async throws {
        try await pool.write { db in try db.execute(sql: "DELETE FROM session WHERE token_hash = ?", arguments: [tokenHash]) }
        forgetSessions { $0.tokenHash == tokenHash }
    }

    public func deleteSessions(accountID: Int64) async throws {
        try await pool.write { db in try db.execute(sql: "DELETE FROM session WHERE account_id = ?", arguments: [accountID]) }
        forgetSessions { $0.accountID == accountID }
    }
}

// MARK: - Progress

extension SQLiteStore: ProgressRepository {
    static func summary(from row: Row) -> ContentSummary {
        var summary = ContentSummary(accountID: row["account_id"], courseID: row["course_id"], moduleID: row["module_id"])
        summary.progress = row["progress"]
        summary.timeSpent = row["time_spent"]
        summary.firstAccess = row["first_access"]
        summary.lastAccess = row["last_access"]
        summary.completedAt = row["completed_at"]
        summary.markedDone = row["marked_done"]
        summary.lastHeartbeat = row["last_heartbeat"]
        return summary
    }

    static func loadSummary(_ db: Database, accountID: Int64, courseID: String, moduleID: String) throws -> ContentSummary {
        try Row.fetchOne(
            db.cachedStatement(sql: "SELECT * FROM content_summary_log WHERE account_id = ? AND course_id = ? AND module_id = ?"),
            arguments: [accountID, courseID, moduleID]
        ).map(summary(from:)) ?? ContentSummary(accountID: accountID, courseID: courseID, moduleID: moduleID)
    }

    static func saveSummary(_ db: Database, _ summary: ContentSummary) throws {
        try db.cachedStatement(
            sql: """
                INSERT INTO content_summary_log
                    (account_id, course_id, module_id, progress, time_spent, first_access, last_access, completed_at, marked_done,
                     last_heartbeat)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (account_id, course_id, module_id) DO UPDATE SET
                    progress = excluded.progress, time_spent = excluded.time_spent, first_access = excluded.first_access,
                    last_access = excluded.last_access, completed_at = excluded.completed_at, marked_done = excluded.marked_done,
                    last_heartbeat = excluded.last_heartbeat
                """
        ).execute(
            arguments: [
                summary.accountID, summary.courseID, summary.moduleID, summary.progress, summary.timeSpent, summary.firstAccess,
                summary.lastAccess, summary.completedAt, summary.markedDone, summary.lastHeartbeat,
            ]
        )
    }

    public func visitModule(accountID: Int64, courseID: String, moduleID: String, rule: CompletionRule, at date: Date) async throws
        -> ModuleVisit
    {
        // A page read again in the same sitting, a minute after the last recorded view, changes nothing: what this
        // process last read or wrote answers if no commit touched the learner's progress since (ProgressViews), else
        // a read.
        if let kept = progressViews.view(accountID: accountID, courseID: courseID, moduleID: moduleID),
            ModuleVisit.needsNoWrite(session: kept.session, summary: kept.summary, at: date, rule: rule)
        {
            return kept
        }
        let version = progressViews.version(of: accountID)
        let unchanged: ModuleVisit? = try await pool.read { db in
            guard let latest = try Self.latestVisit(db, accountID: accountID, courseID: courseID, moduleID: moduleID) else { return nil }
            let summary = try Self.loadSummary(db, accountID: accountID, courseID: courseID, moduleID: moduleID)
            guard ModuleVisit.needsNoWrite(session: latest, summary: summary, at: date, rule: rule) else { return nil }
            return ModuleVisit(
                session: latest, summary: summary, recorded: false,
                courseEntries: try Self.courseEntries(db, accountID: accountID, courseID: courseID)
            )
        }
        if let unchanged {
            progressViews.keep(unchanged, accountID: accountID, ifVersion: version)
            return unchanged
        }
        let views = progressViews
        return try await pool.writeStaging(views) { db in
            // The same sitting continues its visit (one row per learner, module and sitting, not per page view).
            let latest = try Self.latestVisit(db, accountID: accountID, courseID: courseID, moduleID: moduleID)
            let session: ContentSession
            if let latest, latest.continues(at: date) {
                session = latest
            } else {
                session = ContentSession(
                    id: UUID().uuidString.lowercased(), accountID: accountID, courseID: courseID, moduleID: moduleID, start: date, end: date,
                    timeSpent: 0, lastSequence: 0
                )
                try db.execute(
                    sql: """
                        INSERT INTO content_session_log (id, account_id, course_id, module_id, start, end, time_spent, last_sequence)
                        VALUES (?, ?, ?, ?, ?, ?, 0, 0)
                        """,
                    arguments: [session.id, accountID, courseID, moduleID, date, date]
                )
            }
            var summary = try Self.loadSummary(db, accountID: accountID, courseID: courseID, moduleID: moduleID)
            summary.recordAccess(at: date, rule: rule)
            try Self.saveSummary(db, summary)
            let entries = try Self.courseEntries(db, accountID: accountID, courseID: courseID)
            // What this transaction wrote is the view until the next commit that touches the learner.
            let visit = ModuleVisit(session: session, summary: summary, recorded: true, courseEntries: entries)
            views.stage(visit, accountID: accountID)
            return visit
        }
    }

    /// A learner's ledger entries of one course, every version.
    static func courseEntries(_ db: Database, accountID: Int64, courseID: String) throws -> [LedgerEntry] {
        try Row.fetchAll(
            db.cachedStatement(sql: "SELECT * FROM ledger_entry WHERE account_id = ? AND course_id = ? ORDER BY completed_at DESC"),
            arguments: [accountID, courseID]
        ).map(Self.entry(from:))
    }

    /// The learner's latest visit of a module.
    static func latestVisit(_ db: Database, accountID: Int64, courseID: String, moduleID: String) throws -> ContentSession? {
        try Row.fetchOne(
            db.cachedStatement(
                sql: "SELECT * FROM content_session_log WHERE account_id = ? AND course_id = ? AND module_id = ? ORDER BY end DESC LIMIT 1"
            ),
            arguments: [accountID, courseID, moduleID]
        ).map(Self.session(from:))
    }

    static func session(from row: Row) -> ContentSession {
        ContentSession(
            id: row["id"], accountID: row["account_id"], courseID: row["course_id"], moduleID: row["module_id"], start: row["start"],
            end: row["end"], timeSpent: row["time_spent"], lastSequence: row["last_sequence"]
        )
    }

    public func recordHeartbeat(
        sessionID: String, accountID: Int64, sequence: Int, at date: Date,
        rule: @escaping @Sendable (_ courseID: String, _ moduleID: String) -> CompletionRule
    ) async throws -> ContentSummary? {
        try await recordHeartbeats([HeartbeatRequest(sessionID: sessionID, accountID: accountID, sequence: sequence, date: date)], rule: rule)[0]
    }

    public func recordHeartbeats(
        _ beats: [HeartbeatRequest], rule: @escaping @Sendable (_ courseID: String, _ moduleID: String) -> CompletionRule
    ) async throws -> [ContentSummary?] {
        try await pool.writeStaging(progressViews) { db in
            try beats.map { beat in try Self.applyHeartbeat(db, beat, rule: rule, views: progressViews) }
        }
    }

    static func applyHeartbeat(
        _ db: Database, _ beat: HeartbeatRequest, rule: (_ courseID: String, _ moduleID: String) -> CompletionRule, views: ProgressViews
    ) throws -> ContentSummary? {
        let (sessionID, accountID, sequence, date) = (beat.sessionID, beat.accountID, beat.sequence, beat.date)
        guard
            let row = try Row.fetchOne(
                db.cachedStatement(sql: "SELECT * FROM content_session_log WHERE id = ? AND account_id = ?"),
                arguments: [sessionID, accountID]
            )
        else { return nil }
        let session = Self.session(from: row)
        let summary = try Self.loadSummary(db, accountID: accountID, courseID: session.courseID, moduleID: session.moduleID)
        // The rule (Heartbeat.apply) decides what counts; the store writes what changed.
        let learnerLast = try Date.fetchOne(
            db.cachedStatement(sql: "SELECT MAX(last_heartbeat) FROM content_summary_log WHERE account_id = ?"), arguments: [accountID]
        )
        guard let applied = Heartbeat.apply(
            sequence: sequence, at: date, session: session, summary: summary, rule: rule(session.courseID, session.moduleID),
            learnerLastCredited: learnerLast
        ) else { return summary }
        try db.cachedStatement(sql: "UPDATE content_session_log SET end = ?, time_spent = ?, last_sequence = ? WHERE id = ?")
            .execute(arguments: [applied.session.end, applied.session.timeSpent, applied.session.lastSequence, sessionID])
        // Most heartbeats change only time: the summary row is written only when something else moved.
        if applied.summary.isComplete != summary.isComplete || applied.summary.progress < 1 {
            try Self.saveSummary(db, applied.summary)
        } else {
            try db.cachedStatement(
                sql: "UPDATE content_summary_log SET time_spent = ?, last_heartbeat = ? WHERE account_id = ? AND course_id = ? AND module_id = ?"
            ).execute(arguments: [applied.summary.timeSpent, applied.summary.lastHeartbeat, accountID, session.courseID, session.moduleID])
        }
        // The module's kept view, if this visit is its latest (a heartbeat only moves a visit's end forward), is the
        // view with the heartbeat applied; it is taken inside the transaction, where no other write can come between.
        // A heartbeat of another visit of the module (a tab from another sitting) cancels what the batch staged.
        if let kept = views.view(accountID: accountID, courseID: session.courseID, moduleID: session.moduleID), kept.session.id == sessionID {
            views.stage(
                ModuleVisit(session: applied.session, summary: applied.summary, recorded: true, courseEntries: kept.courseEntries),
                accountID: accountID
            )
        } else {
            views.unstage(accountID: accountID, courseID: session.courseID, moduleID: session.moduleID)
        }
        return applied.summary
    }

    public func markDone(accountID: Int64, courseID: String, moduleID: String, rule: CompletionRule, at date: Date) async throws
        -> ContentSummary
    {
        try await groupCommit.write { db in
            var summary = try Self.loadSummary(db, accountID: accountID, courseID: courseID, moduleID: moduleID)
            summary.markDone(at: date, rule: rule)
            try Self.saveSummary(db, summary)
            return summary
        }
    }

    public func summaries(accountID: Int64, courseID: String) async throws -> [String: ContentSummary] {
        try await pool.read { db in
            let rows = try Row.fetchAll(
                db.cachedStatement(sql: "SELECT * FROM content_summary_log WHERE account_id = ? AND course_id = ?"),
                arguments: [accountID, courseID]
            )
            return Dictionary(rows.map(Self.summary(from:)).map { ($0.moduleID, $0) }, uniquingKeysWith: { first, _ in first })
        }
    }

    public func recentSummaries(accountID: Int64) async throws -> [ContentSummary] {
        try await pool.read { db in
            try Row.fetchAll(
                db.cachedStatement(sql: "SELECT * FROM content_summary_log WHERE account_id = ? ORDER BY last_access DESC"),
                arguments: [accountID]
            ).map(Self.summary(from:))
        }
    }
}

// MARK: - Ledger

extension SQLiteStore: LedgerRepository {
    static func entry(from row: Row) -> LedgerEntry {
        var entry = LedgerEntry(
            accountID: row["account_id"], courseID: row["course_id"], courseTitle: row["course_title"], courseVersion: row["course_version"],
            year: row["year"], jp: JP(hundredths: row["jp_hundredths"]), startedAt: row["started_at"], completedAt: row["completed_at"],
            score: row["score"], certificateNumber: row["certificate_number"]
        )
        entry.contentDigest = row["content_digest"]
        return entry
    }

    public func credit(_ entry: LedgerEntry) async throws -> LedgerEntry {
        try await groupCommit.write { db in
            if let existing = try Row.fetchOne(
                db, sql: "SELECT * FROM ledger_entry WHERE account_id = ? AND course_id = ? AND course_version = ?",
                arguments: [entry.accountID, entry.courseID, entry.courseVersion]
            ) {
                return Self.entry(from: existing)
            }
            try db.execute(
                sql: """
                    INSERT INTO ledger_entry (account_id, course_id, course_title, course_version, content_digest, year,
                        jp_hundredths, started_at, completed_at, score, certificate_number)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    entry.accountID, entry.courseID, entry.courseTitle, entry.courseVersion, entry.contentDigest, entry.year,
                    entry.jp.hundredths, entry.startedAt, entry.completedAt, entry.score, entry.certificateNumber,
                ]
            )
            return entry
        }
    }

    public func entries(accountID: Int64) async throws -> [LedgerEntry] {
        try await pool.read { db in
            try Row.fetchAll(
                db.cachedStatement(sql: "SELECT * FROM ledger_entry WHERE account_id = ? ORDER BY completed_at DESC"), arguments: [accountID]
            ).map(Self.entry(from:))
        }
    }

    public func entry(certificateNumber: String) async throws -> LedgerEntry? {
        try await pool.read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM ledger_entry WHERE certificate_number = ?", arguments: [certificateNumber])
                .map(Self.entry(from:))
        }
    }
}

extension SQLiteStore {
    /// Writes one row, to show the database takes writes (for `/readyz`).
    public func checkWritable() async throws {
        try await pool.write { db in try db.execute(sql: "UPDATE meta SET checked_at = ?", arguments: [Date()]) }
    }
}

/// Recognises the failures an operator fixes by freeing disk space.
public enum StorageFailure {
    /// Whether an error is SQLite's or the system's "no space left on device".
    public static func isDiskFull(_ error: any Error) -> Bool {
        if let error = error as? DatabaseError { return error.resultCode == .SQLITE_FULL }
        if let state = PostgresStore.sqlState(error) { return state == "53100" }
        if let error = error as? CocoaError, let underlying = error.userInfo[NSUnderlyingErrorKey] as? NSError {
            return underlying.domain == NSPOSIXErrorDomain && underlying.code == Int(ENOSPC)
        }
        let error = error as NSError
        return error.domain == NSPOSIXErrorDomain && error.code == Int(ENOSPC)
    }
}
