import Foundation
import LenteraCore
import Testing

@testable import LenteraStore

/// The contract of leases on background jobs.
extension RepositoryContractTests {
    @Test(arguments: StoreKind.allCases)
    func aJobsLeaseHasOneHolderUntilItExpiresOrIsGivenUp(_ kind: StoreKind) async throws {
        let (nodeA, nodeB) = try await kind.openTwice()
        #expect(try await nodeA.holdLease("push", holder: "a", for: 60, at: Self.t0))
        #expect(try await !nodeB.holdLease("push", holder: "b", for: 60, at: Self.t0 + 30))
        // Another job is free; the holder renews its own.
        #expect(try await nodeB.holdLease("quiz-deadlines", holder: "b", for: 60, at: Self.t0 + 30))
        #expect(try await nodeA.holdLease("push", holder: "a", for: 60, at: Self.t0 + 50))
        #expect(try await !nodeB.holdLease("push", holder: "b", for: 60, at: Self.t0 + 100))
        // Expired (renewed until t0 + 110): taken over.
        #expect(try await nodeB.holdLease("push", holder: "b", for: 60, at: Self.t0 + 111))
        #expect(try await !nodeA.holdLease("push", holder: "a", for: 60, at: Self.t0 + 120))
        // Given up: free at once; giving up a lease one does not hold changes nothing.
        try await nodeA.releaseLease("quiz-deadlines", holder: "a")
        #expect(try await !nodeA.holdLease("quiz-deadlines", holder: "a", for: 60, at: Self.t0 + 40))
        try await nodeB.releaseLease("push", holder: "b")
        #expect(try await nodeA.holdLease("push", holder: "a", for: 60, at: Self.t0 + 121))
    }

    @Test(arguments: StoreKind.allCases)
    func manyNodesAskingForOneLeaseAtOnceGiveItToOne(_ kind: StoreKind) async throws {
        let (nodeA, nodeB) = try await kind.openTwice()
        let held = try await withThrowingTaskGroup(of: Bool.self) { group in
            for index in 0..<16 {
                let store = index.isMultiple(of: 2) ? nodeA : nodeB
                group.addTask { try await store.holdLease("roster-import 1", holder: "node-\(index)", for: 60, at: Self.t0) }
            }
            return try await group.reduce(into: 0) { $0 += $1 ? 1 : 0 }
        }
        #expect(held == 1)
    }
}
