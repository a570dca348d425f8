import Foundation
import LenteraCore
import Testing

@testable import LenteraStore

/// The contract of leases on background jobs. Leases run by the database's clock, so time passes for real: short
/// leases and one sleep past their end.
extension RepositoryContractTests {
    @Test(arguments: StoreKind.allCases)
    func aJobsLeaseHasOneHolderUntilItExpiresOrIsGivenUp(_ kind: StoreKind) async throws {
        let (nodeA, nodeB) = try await kind.openTwice()
        #expect(try await nodeA.holdLease("push", holder: "a", for: 60))
        #expect(try await !nodeB.holdLease("push", holder: "b", for: 60))
        // Another job is free; the holder renews its own, for the duration it asks from now: "report-snapshot", taken
        // for 1 s, for a minute; "push", taken for a minute, for 1 s.
        #expect(try await nodeB.holdLease("quiz-deadlines", holder: "b", for: 60))
        #expect(try await nodeA.holdLease("report-snapshot", holder: "a", for: 1))
        #expect(try await nodeA.holdLease("report-snapshot", holder: "a", for: 60))
        #expect(try await nodeA.holdLease("push", holder: "a", for: 1))

        try await Task.sleep(for: .milliseconds(1200))
        // Renewed, "report-snapshot" outlives its first second; "push" has expired: taken over, and its old holder refused.
        #expect(try await !nodeB.holdLease("report-snapshot", holder: "b", for: 60))
        #expect(try await nodeB.holdLease("push", holder: "b", for: 60))
        #expect(try await !nodeA.holdLease("push", holder: "a", for: 60))
        // Given up: free at once; giving up a lease one does not hold changes nothing.
        try await nodeA.releaseLease("quiz-deadlines", holder: "a")
        #expect(try await !nodeA.holdLease("quiz-deadlines", holder: "a", for: 60))
        try await nodeB.releaseLease("push", holder: "b")
        #expect(try await nodeA.holdLease("push", holder: "a", for: 60))
    }

    @Test(arguments: StoreKind.allCases)
    func manyNodesAskingForOneLeaseAtOnceGiveItToOne(_ kind: StoreKind) async throws {
        let (nodeA, nodeB) = try await kind.openTwice()
        let held = try await withThrowingTaskGroup(of: Bool.self) { group in
            for index in 0..<16 {
                let store = index.isMultiple(of: 2) ? nodeA : nodeB
                group.addTask { try await store.holdLease("roster-import 1", holder: "node-\(index)", for: 60) }
            }
            return try await group.reduce(into: 0) { $0 += $1 ? 1 : 0 }
        }
        #expect(held == 1)
    }
}
