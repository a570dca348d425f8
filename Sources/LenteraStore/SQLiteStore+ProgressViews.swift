import GRDB
import LenteraCore
import Synchronization

/// Module views as this process last read or wrote them (the learner's latest visit of the module, its summary and
/// their ledger entries of the course), so that a learner who opens a page again with nothing recorded since costs no
/// database access at all.
///
/// Only a SQLite database's own server process writes progress (no other process and no other node does; the
/// command-line tools write accounts, courses and nodes), so the process knows every change. Temporary triggers on
/// the writer's connection name each account whose visits, summaries or ledger entries a statement changed
/// (``touchFunction``), and at each commit or rollback those accounts' views are dropped: whatever path wrote them
/// (a heartbeat, "Tandai selesai", a quiz, a credit, an upward sync), and before any later read. Views and heartbeats stage
/// the view they leave (``stage(_:accountID:)``), put at the commit after the drop.
///
/// A view read from the database is kept only if no commit touched its account since the read began (``version(of:)``
/// is taken before the read): a read that saw the database before a write never replaces what the write left.
final class ProgressViews: Sendable {
    /// At most this many accounts' views are kept (about 1 KB per module view; a write drops all of an account's); when
    /// full, the cache starts again.
    static let accountLimit = 20_000
    /// The SQL function the triggers call with an account id.
    static let touchFunction = "lentera_progress_touched"

    struct Key: Hashable, Sendable {
        var courseID: String
        var moduleID: String
    }

    private struct State {
        var views: [Int64: [Key: ModuleVisit]] = [:]
        /// The commit count at which each account's progress last changed; accounts not listed changed at `floor`.
        var versions: [Int64: UInt64] = [:]
        var clock: UInt64 = 0
        var floor: UInt64 = 0
        /// Accounts the current transaction's statements changed.
        var touched: Set<Int64> = []
        /// Views the current transaction leaves, by account and module, put at its commit; nil where two writes in it
        /// disagree on which visit is the latest (the module's view is then read again).
        var staged: [Int64: [Key: ModuleVisit?]] = [:]
    }

    private let state = Mutex(State())

    /// The account's version now; pass it to ``keep(_:_:for:ifVersion:)`` after reading.
    func version(of accountID: Int64) -> UInt64 {
        state.withLock { $0.versions[accountID] ?? $0.floor }
    }

    /// The kept view of a module, if any: a visit as a view that writes nothing would answer it (`recorded` false).
    func view(accountID: Int64, courseID: String, moduleID: String) -> ModuleVisit? {
        state.withLock { $0.views[accountID]?[Key(courseID: courseID, moduleID: moduleID)] }
    }

    /// Keeps a view read from the database, unless a commit touched the account since `version` was taken.
    func keep(_ view: ModuleVisit, accountID: Int64, ifVersion version: UInt64) {
        state.withLock { state in
            guard (state.versions[accountID] ?? state.floor) == version else { return }
            Self.insert(view, accountID: accountID, into: &state)
        }
    }

    /// Stages the view a write transaction leaves, inside it: put at its commit (``transactionEnded(committed:)``),
    /// after what it touched is dropped; discarded if it does not commit.
    func stage(_ view: ModuleVisit, accountID: Int64) {
        state.withLock { state in
            let key = Key(courseID: view.session.courseID, moduleID: view.session.moduleID)
            state.staged[accountID, default: [:]][key] = .some(view)
        }
    }

    /// Cancels what the transaction staged for a module: a write in it left a view that is not known here.
    func unstage(accountID: Int64, courseID: String, moduleID: String) {
        state.withLock { state in
            state.staged[accountID, default: [:]][Key(courseID: courseID, moduleID: moduleID)] = .some(nil)
        }
    }

    /// Discards staged views of a transaction that did not commit: SQLite rolls back some failures (a full disk) on
    /// its own, and no observer hears of it. Every write that stages calls this after it ends.
    func discardStaged() {
        state.withLock { $0.staged.removeAll() }
    }

    /// Notes an account whose progress the current transaction changed (from the triggers).
    func touched(_ accountID: Int64) {
        state.withLock { _ = $0.touched.insert(accountID) }
    }

    /// At a commit or a rollback: drops the views of every account the transaction touched, then, at a commit, puts
    /// the views it staged.
    func transactionEnded(committed: Bool) {
        state.withLock { state in
            let staged = state.staged
            state.staged.removeAll()
            guard !state.touched.isEmpty || !staged.isEmpty else { return }
            state.clock += 1
            for account in state.touched.union(staged.keys) {
                state.versions[account] = state.clock
                state.views[account] = nil
            }
            state.touched.removeAll(keepingCapacity: true)
            guard committed else { return }
            for (account, views) in staged {
                for case let view? in views.values { Self.insert(view, accountID: account, into: &state) }
            }
        }
    }

    private static func insert(_ view: ModuleVisit, accountID: Int64, into state: inout State) {
        if state.views[accountID] == nil, state.views.count >= accountLimit {
            // Starting again: every version taken before is now stale.
            state.views.removeAll(keepingCapacity: true)
            state.versions.removeAll(keepingCapacity: true)
            state.clock += 1
            state.floor = state.clock
            return
        }
        var kept = view
        kept.recorded = false
        state.views[accountID, default: [:]][Key(courseID: view.session.courseID, moduleID: view.session.moduleID)] = kept
        if state.versions.count > 4 * accountLimit {
            // Versions of accounts without views: forgetting them raises each to the floor, which no reader holds.
            state.versions = state.versions.filter { state.views[$0.key] != nil }
            state.clock += 1
            state.floor = state.clock
        }
    }

    /// The SQL function the triggers call.
    var function: DatabaseFunction {
        DatabaseFunction(Self.touchFunction, argumentCount: 1, pure: false) { [self] values in
            if let account = Int64.fromDatabaseValue(values[0]) { touched(account) }
            return nil
        }
    }

    /// Temporary triggers (this connection's only; nothing in the file) on every table a module view is read from.
    static let triggers: String = {
        let tables = ["content_session_log", "content_summary_log", "ledger_entry"]
        return tables.map { table in
            """
            CREATE TEMP TRIGGER IF NOT EXISTS \(table)_views_insert AFTER INSERT ON main.\(table)
                BEGIN SELECT \(touchFunction)(NEW.account_id); END;
            CREATE TEMP TRIGGER IF NOT EXISTS \(table)_views_update AFTER UPDATE ON main.\(table)
                BEGIN SELECT \(touchFunction)(OLD.account_id); SELECT \(touchFunction)(NEW.account_id); END;
            CREATE TEMP TRIGGER IF NOT EXISTS \(table)_views_delete AFTER DELETE ON main.\(table)
                BEGIN SELECT \(touchFunction)(OLD.account_id); END;
            """
        }.joined(separator: "\n")
    }()
}

/// Ends each write transaction for ``ProgressViews``.
final class ProgressViewsObserver: TransactionObserver {
    let views: ProgressViews

    init(_ views: ProgressViews) {
        self.views = views
    }

    func observes(eventsOfKind eventKind: DatabaseEventKind) -> Bool { false }
    func databaseDidChange(with event: DatabaseEvent) {}
    func databaseDidCommit(_ db: Database) { views.transactionEnded(committed: true) }
    func databaseDidRollback(_ db: Database) { views.transactionEnded(committed: false) }
}

extension DatabasePool {
    /// A write transaction whose staged views (``ProgressViews/stage(_:accountID:)``) are put at its commit, and
    /// discarded however else it ends, before the writer runs anything else.
    func writeStaging<T: Sendable>(_ views: ProgressViews, _ updates: @Sendable (Database) throws -> T) async throws -> T {
        try await writeWithoutTransaction { db in
            defer { views.discardStaged() }
            var result: T?
            try db.inTransaction {
                result = try updates(db)
                return .commit
            }
            guard let result else { throw DatabaseError(resultCode: .SQLITE_ERROR, message: "the transaction left no result") }
            return result
        }
    }
}
