import PostgresNIO
import Testing

@testable import LenteraStore

/// Leases on PostgreSQL run by the database's clock, whatever the clocks of the nodes say.
extension PostgresStoreTests {
    /// The remaining seconds of a lease, by the database's clock.
    static func remainingSeconds(of job: String, in store: PostgresStore) async throws -> Double {
        let rows = try await store.rows("SELECT extract(epoch FROM expires - now())::float8 AS remaining FROM job_lease WHERE job = \(job)")
        return try #require(rows.first).value("remaining", as: Double.self)
    }

    /// A lease taken or renewed for a duration expires that long after the database's now, as the row stores it.
    @Test func aLeaseExpiresByTheDatabasesClock() async throws {
        let store = try #require(try await StoreKind.postgres.open() as? PostgresStore)
        #expect(try await store.holdLease("push", holder: "a", for: 600))
        let taken = try await Self.remainingSeconds(of: "push", in: store)
        #expect(abs(taken - 600) < 5, "remaining \(taken) s")

        #expect(try await store.holdLease("push", holder: "a", for: 1800))
        let renewed = try await Self.remainingSeconds(of: "push", in: store)
        #expect(abs(renewed - 1800) < 5, "remaining \(renewed) s")
    }
}
