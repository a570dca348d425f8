import Foundation

/// Leases on background jobs (pushing progress upward, grading attempts past their deadline, applying a roster
/// import), so that a job runs on one node at a time when several share a database. A lease is held until it expires
/// unless its holder renews it; a node that dies loses its leases when they run out, and another node takes over.
public protocol JobLeaseRepository: Sendable {
    /// Takes the lease on `job` for `holder` for `duration` seconds from now, or renews it when `holder` has it; false
    /// when another holder's lease has not expired.
    ///
    /// "Now" is the database's clock, never the caller's: the store computes the expiry and compares it by one clock
    /// (PostgreSQL's `clock_timestamp()`; for SQLite, whose file only processes on one machine open, that machine's
    /// clock), so nodes whose clocks disagree still never hold one lease together.
    func holdLease(_ job: String, holder: String, for duration: TimeInterval) async throws -> Bool
    /// Gives a lease up at once (when its job is done, or the node stops).
    func releaseLease(_ job: String, holder: String) async throws
}

/// Who this process is, when it holds a lease: its host and a random part, new at every start.
public enum LeaseHolder {
    public static let current: String = {
        var name = [CChar](repeating: 0, count: 256)
        gethostname(&name, 255)
        let host = String(decoding: name.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        return "\(host)/\(getpid())/\(UUID().uuidString.prefix(8).lowercased())"
    }()
}
