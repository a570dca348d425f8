import Foundation
import LenteraCore
import Synchronization
import Testing

@testable import LenteraStore

/// Sessions are looked up again in the background after half their lifetime, waited for after all of it, never
/// stored by a look-up that began before they were forgotten, and read in batches when many are wanted at once.
@Suite struct SessionCacheTests {
    let t0 = Date(timeIntervalSince1970: 1_790_000_000)

    func found(_ csrf: String) throws -> SessionCache.Found {
        let account = Account(
            id: 7, nip: try NIP(validating: "198503152010011001"), name: "Budi", unit: UnitPath(parsing: "Pemkab Sleman")!, position: "",
            status: .pns, email: nil, role: .learner, passwordHash: "x", mustChangePassword: false
        )
        return (StoredSession(tokenHash: "h", accountID: 7, csrfToken: csrf, expires: t0 + 3_600), account)
    }

    /// A look-up that counts its calls and answers what `answer` holds at the time.
    final class Database: Sendable {
        let calls = Atomic<Int>(0)
        let answer: Mutex<SessionCache.Found?>

        init(_ answer: SessionCache.Found?) {
            self.answer = Mutex(answer)
        }

        func lookUp() -> SessionCache.Found? {
            calls.add(1, ordering: .sequentiallyConsistent)
            return answer.withLock { $0 }
        }
    }

    @Test func aSessionIsLookedUpAgainBeforeItIsTooOldToUse() async throws {
        let cache = SessionCache(lifetime: 10)
        let database = Database(try found("a"))
        let lookUp: SessionCache.LookUp = { hashes in database.lookUp().map { [hashes[0]: $0] } ?? [:] }

        #expect(try await cache.signedIn(tokenHash: "h", now: t0, lookUp: lookUp)?.session.csrfToken == "a")
        #expect(try await cache.signedIn(tokenHash: "h", now: t0 + 4, lookUp: lookUp)?.session.csrfToken == "a")
        #expect(database.calls.load(ordering: .sequentiallyConsistent) == 1)

        // After half its lifetime: answered from the cache at once, looked up again behind the answer.
        database.answer.withLock { $0 = nil }  // deactivated meanwhile, by another process
        #expect(try await cache.signedIn(tokenHash: "h", now: t0 + 6, lookUp: lookUp)?.session.csrfToken == "a")
        for _ in 0..<200 where database.calls.load(ordering: .sequentiallyConsistent) < 2 { try await Task.sleep(for: .milliseconds(5)) }
        try await Task.sleep(for: .milliseconds(20))
        #expect(database.calls.load(ordering: .sequentiallyConsistent) == 2)
        // The look-up found no session: the next request looks up and is signed out.
        #expect(try await cache.signedIn(tokenHash: "h", now: t0 + 7, lookUp: lookUp) == nil)
        #expect(database.calls.load(ordering: .sequentiallyConsistent) == 3)

        // An entry older than its lifetime is never used: the request waits for a look-up.
        database.answer.withLock { $0 = try? found("b") }
        #expect(try await cache.signedIn(tokenHash: "h", now: t0 + 8, lookUp: lookUp)?.session.csrfToken == "b")
        #expect(try await cache.signedIn(tokenHash: "h", now: t0 + 19, lookUp: lookUp)?.session.csrfToken == "b")
        #expect(database.calls.load(ordering: .sequentiallyConsistent) == 5)
    }

    @Test func aLookUpThatBeganBeforeSignOutStoresNothing() async throws {
        let cache = SessionCache(lifetime: 10)
        let first = try found("a")
        // The look-up reads the session, then the session is deleted and forgotten before the look-up returns.
        let answer = try await cache.signedIn(tokenHash: "h", now: t0) { _ in
            cache.forget { $0.tokenHash == "h" }
            return ["h": first]
        }
        #expect(answer?.session.csrfToken == "a")
        let calls = Atomic<Int>(0)
        let again = try await cache.signedIn(tokenHash: "h", now: t0 + 1) { _ in
            calls.add(1, ordering: .sequentiallyConsistent)
            return [:]
        }
        #expect(again == nil && calls.load(ordering: .sequentiallyConsistent) == 1)
    }

    /// Two hundred learners back at once: their sessions are read in a few batches, not one read each, and every
    /// request gets its own session (or none, for a token that has none); a failed read fails its requests only.
    @Test func sessionsWantedAtOnceAreReadTogether() async throws {
        let cache = SessionCache(lifetime: 10)
        let template = try found("a")
        let reads = Mutex<[Int]>([])
        let lookUp: SessionCache.LookUp = { hashes in
            reads.withLock { $0.append(hashes.count) }
            try await Task.sleep(for: .milliseconds(20))  // a read takes a while: others queue meanwhile
            var found: [String: SessionCache.Found] = [:]
            for hash in hashes where hash != "tanpa-sesi" {
                var session = template.session
                session.tokenHash = hash
                found[hash] = (session, template.account)
            }
            return found
        }
        let hashes = (0..<200).map { "sesi-\($0)" } + ["tanpa-sesi"]
        let answers = try await withThrowingTaskGroup(of: (String, String?).self) { group in
            for hash in hashes {
                group.addTask { (hash, try await cache.signedIn(tokenHash: hash, now: self.t0, lookUp: lookUp)?.session.tokenHash) }
            }
            return try await group.reduce(into: [String: String?]()) { $0.updateValue($1.1, forKey: $1.0) }
        }
        #expect(answers.count == 201 && answers.allSatisfy { $0.key == "tanpa-sesi" ? $0.value == nil : $0.value == $0.key })
        let batches = reads.withLock { $0 }
        #expect(batches.reduce(0, +) == 201 && batches.count < 20, "\(batches)")
        // Kept: asked again, none is read.
        #expect(try await cache.signedIn(tokenHash: "sesi-7", now: t0 + 1, lookUp: lookUp)?.session.tokenHash == "sesi-7")
        #expect(reads.withLock { $0.count } == batches.count)

        // More than a batch holds at once: batches of at most 500, every session read once and every request answered.
        let many = (0..<1_200).map { "banyak-\($0)" }
        let before = reads.withLock { $0.count }
        let found = try await withThrowingTaskGroup(of: Bool.self) { group in
            for hash in many {
                group.addTask { try await cache.signedIn(tokenHash: hash, now: self.t0, lookUp: lookUp)?.session.tokenHash == hash }
            }
            return try await group.reduce(0) { $0 + ($1 ? 1 : 0) }
        }
        let more = reads.withLock { Array($0.dropFirst(before)) }
        #expect(found == 1_200 && more.reduce(0, +) == 1_200 && more.allSatisfy { $0 <= SessionCache.batchSize }, "\(more)")

        struct Broken: Error {}
        await #expect(throws: Broken.self) { try await cache.signedIn(tokenHash: "lain", now: self.t0) { _ in throw Broken() } }
        #expect(try await cache.signedIn(tokenHash: "lain", now: t0, lookUp: lookUp)?.session.tokenHash == "lain")
    }
}
