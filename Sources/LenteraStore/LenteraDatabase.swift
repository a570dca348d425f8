import Foundation
import LenteraCore

/// Roster imports: previewed, applied in the background row by row, confirmed once the passwords were handed out.
public protocol RosterImportRepository: Sendable {
    /// Keeps an uploaded file as a previewed import; returns its id.
    func createRosterImport(actor: Account?, csv: String, deactivateMissing: Bool, at date: Date) async throws -> Int64
    func rosterImport(id: Int64) async throws -> RosterImportRecord?
    /// Imports not yet confirmed or cancelled, of one uploader (all when nil), newest first.
    func openRosterImports(actorID: Int64?) async throws -> [RosterImportRecord]
    /// Imports a stop interrupted while they were being applied.
    func rosterImportsApplying() async throws -> [RosterImportRecord]
    /// Writes a previewed import's plan as rows to apply; false when the import is no longer previewed.
    func startRosterImport(id: Int64, plan: RosterPlan) async throws -> Bool
    /// The next rows not yet applied, in order, with what each writes.
    func pendingRosterRows(importID: Int64, limit: Int) async throws -> [(row: RosterImportRow, payload: Data)]
    /// Applies rows in one transaction, with their audit entries, and counts them done.
    func applyRosterRows(
        importID: Int64, rows: [(row: RosterImportRow, payload: Data, password: String?, hash: String?)], actor: String, at date: Date
    ) async throws
    func rosterRows(importID: Int64) async throws -> [RosterImportRow]
    /// Forgets the temporary passwords of an applied import.
    func confirmRosterImport(id: Int64) async throws
    func cancelRosterImport(id: Int64) async throws
}

/// Everything the server and its commands keep in a database: one contract, kept by ``SQLiteStore`` (the embedded
/// default) and ``PostgresStore`` (several nodes on one database).
public protocol LenteraDatabase: LearningStore, RosterImportRepository, SignInThrottleRepository, JobLeaseRepository, SyncStatusRepository {
    /// Writes one row, to show the database takes writes (for `/readyz`).
    func checkWritable() async throws
    /// Removes a node's key; false when no node has the name.
    func revokeNode(name: String) async throws -> Bool
    /// Adds or updates a learner from an upstream's roster (see ``RosterOutcome``).
    func upsertRosterLearner(nip: NIP, name: String, unit: UnitPath, status: EmployeeStatus, position: String, passwordHash: String?)
        async throws -> RosterOutcome
    /// The accounts with these NIPs (those that exist).
    func accounts(nips: [NIP]) async throws -> [Account]
    /// Closes the database when the server stops.
    func shutDown() async throws
    /// Where the database is, for logs (never with a password).
    var location: String { get }
}

extension SQLiteStore: LenteraDatabase {}
extension PostgresStore: LenteraDatabase {}
