import Foundation
import LenteraCore
import Synchronization

/// Signed-in sessions as looked up in the last few seconds: every signed-in request needs one, and a database round
/// trip per request cost a quarter of the heartbeat throughput.
///
/// Deleting sessions or changing a password through the store forgets the entries at once
/// (``forget(where:)``); other processes on the same file (the command-line tools: `lentera user passwd`,
/// `deactivate`) are seen within ``lifetime``, because no entry is used once it is older than that.
///
/// An entry older than half its lifetime is still used, but looked up again in the background (one look-up per
/// session at a time), so a learner who keeps reading never waits for one: under load a read waits behind every
/// request queued on the cooperative threads, and requests that waited on them took a quarter to half a second.
final class SessionCache: Sendable {
    typealias Found = (session: StoredSession, account: Account)

    /// How long an entry is used at most, from the moment its look-up began.
    let lifetime: TimeInterval
    /// At most this many sessions are kept; when full, the cache starts again.
    static let limit = 50_000

    private struct Entry {
        var found: Found
        var lookedUpAt: Date
    }

    private struct State {
        var entries: [String: Entry] = [:]
        var refreshing: Set<String> = []
        /// Counts ``forget(where:)`` calls: a look-up that began before one does not store what it found.
        var generation: UInt64 = 0
    }

    private let state = Mutex(State())

    init(lifetime: TimeInterval) {
        self.lifetime = lifetime
    }

    /// The session of `tokenHash` with its account, from the cache when its entry is young enough, else by `lookUp`.
    func signedIn(
        tokenHash: String, now: Date = Date(), lookUp: @escaping @Sendable () async throws -> Found?
    ) async throws -> Found? {
        enum Use { case fresh(Found), refresh(Found, UInt64), miss(UInt64) }
        let use: Use = state.withLock { state in
            if let entry = state.entries[tokenHash], entry.found.session.expires > now {
                let age = now.timeIntervalSince(entry.lookedUpAt)
                if age >= 0, age < lifetime / 2 { return .fresh(entry.found) }
                if age >= 0, age < lifetime, !state.refreshing.contains(tokenHash) {
                    state.refreshing.insert(tokenHash)
                    return .refresh(entry.found, state.generation)
                }
                if age >= 0, age < lifetime { return .fresh(entry.found) }  // a look-up is under way
            }
            return .miss(state.generation)
        }
        switch use {
        case .fresh(let found):
            return found
        case .refresh(let found, let generation):
            Task {
                // What a look-up finds (a session, or none any more) replaces the entry; a failed one leaves it to age out.
                let again: Found??
                do { again = .some(try await lookUp()) } catch { again = nil }
                state.withLock { state in
                    state.refreshing.remove(tokenHash)
                    guard state.generation == generation, let again else { return }
                    Self.store(again, tokenHash: tokenHash, lookedUpAt: now, in: &state)
                }
            }
            return found
        case .miss(let generation):
            let found = try await lookUp()
            state.withLock { state in
                guard state.generation == generation else { return }
                Self.store(found, tokenHash: tokenHash, lookedUpAt: now, in: &state)
            }
            return found
        }
    }

    /// Forgets the sessions that match, at once (sign-out, a password changed, an account deactivated).
    func forget(where matches: (StoredSession) -> Bool) {
        state.withLock { state in
            state.generation += 1
            state.entries = state.entries.filter { !matches($0.value.found.session) }
        }
    }

    private static func store(_ found: Found?, tokenHash: String, lookedUpAt: Date, in state: inout State) {
        guard let found else {
            state.entries[tokenHash] = nil
            return
        }
        if state.entries.count >= limit { state.entries.removeAll(keepingCapacity: true) }
        state.entries[tokenHash] = Entry(found: found, lookedUpAt: lookedUpAt)
    }
}
