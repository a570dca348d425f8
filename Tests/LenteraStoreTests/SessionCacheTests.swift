import Foundation
import LenteraCore
import Synchronization
import Testing

@testable import LenteraStore

/// Sessions are looked up again in the background after half their lifetime, waited for after all of it, and never
/// stored by a look-up that began before they were forgotten.
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
        let lookUp: @Sendable () async throws -> SessionCache.Found? = { database.lookUp() }

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
        let answer = try await cache.signedIn(tokenHash: "h", now: t0) {
            cache.forget { $0.tokenHash == "h" }
            return first
        }
        #expect(answer?.session.csrfToken == "a")
        let calls = Atomic<Int>(0)
        let again = try await cache.signedIn(tokenHash: "h", now: t0 + 1) {
            calls.add(1, ordering: .sequentiallyConsistent)
            return nil
        }
        #expect(again == nil && calls.load(ordering: .sequentiallyConsistent) == 1)
    }
}
