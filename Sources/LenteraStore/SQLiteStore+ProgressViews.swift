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
/// (a heartbeat, "Tandai selesai", a quiz, a credit, an upward sync, an account deleted), and before any later read.
///
/// A view read from the database is kept only if no commit touched its account since the read began (``version(of:)``
/// is taken before the read): a read that saw the database before a write never replaces what the write left.
final class ProgressViews: Sendable {
    /// At most this many accounts' views are kept (about 1 KB each); when full, the cache starts again.
    static let accountLimit = 20_000
    /// The SQL function the triggers call with an account id.
    static let touchFunction = "lentera_progress_touched"

    struct Key: Hashable, Sendable {
        var courseID: String
        var moduleID: String
    }

    struct View: Sendable, Equatable {
        var session: ContentSession
        var summary: ContentSummary
        var courseEntries: [LedgerEntry]
    }

    private struct State {
        var views: [Int64: [Key: View]] = [:]
        /// The commit count at which each account's progress last changed; accounts not listed changed at `floor`.
        var versions: [Int64: UInt64] = [:]
        var clock: UInt64 = 0
        var floor: UInt64 = 0
        /// Accounts the current transaction's statements changed.
        var touched: Set<Int64> = []
    }

    private let state = Mutex(State())

    /// The account's version now; pass it to ``keep(_:_:for:ifVersion:)`` after reading.
    func version(of accountID: Int64) -> UInt64 {
        state.withLock { $0.versions[accountID] ?? $0.floor }
    }

    /// The kept view of a module, if any.
    func view(accountID: Int64, courseID: String, moduleID: String) -> View? {
        state.withLock { $0.views[accountID]?[Key(courseID: courseID, moduleID: moduleID)] }
    }

    /// Keeps a view read from the database, unless a commit touched the account since `version` was taken.
    func keep(_ view: View, accountID: Int64, ifVersion version: UInt64) {
        state.withLock { state in
            guard (state.versions[accountID] ?? state.floor) == version else { return }
            Self.insert(view, accountID: accountID, into: &state)
        }
    }

    /// Keeps a view as a write transaction left it: called at its commit, on the writer's queue, after
    /// ``transactionEnded()`` dropped what the transaction touched.
    func put(_ view: View, accountID: Int64) {
        state.withLock { state in
            state.clock += 1
            state.versions[accountID] = state.clock
            Self.insert(view, accountID: accountID, into: &state)
        }
    }

    /// Notes an account whose progress the current transaction changed (from the triggers).
    func touched(_ accountID: Int64) {
        state.withLock { _ = $0.touched.insert(accountID) }
    }

    /// At a commit or a rollback: drops the views of every account the transaction touched.
    func transactionEnded() {
        state.withLock { state in
            guard !state.touched.isEmpty else { return }
            state.clock += 1
            for account in state.touched {
                state.versions[account] = state.clock
                state.views[account] = nil
            }
            state.touched.removeAll(keepingCapacity: true)
        }
    }

    private static func insert(_ view: View, accountID: Int64, into state: inout State) {
        if state.views[accountID] == nil, state.views.count >= accountLimit {
            // Starting again: every version taken before is now stale.
            state.views.removeAll(keepingCapacity: true)
            state.versions.removeAll(keepingCapacity: true)
            state.clock += 1
            state.floor = state.clock
            return
        }
        state.views[accountID, default: [:]][Key(courseID: view.session.courseID, moduleID: view.session.moduleID)] = view
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
    func databaseDidCommit(_ db: Database) { views.transactionEnded() }
    func databaseDidRollback(_ db: Database) { views.transactionEnded() }
}
