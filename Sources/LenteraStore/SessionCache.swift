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
/// An entry older than half its lifetime is still used, but looked up again in the background, so a learner who keeps
/// reading never waits for one. Look-ups go in batches: all the sessions waiting when one starts are read together,
/// one read at a time. Two hundred learners coming back at once (after a pause of more than the lifetime) each waited
/// up to a second for a read of their own, queued behind the others on the reader pool's threads; they now share a
/// few reads.
final class SessionCache: Sendable {
    typealias Found = (session: StoredSession, account: Account)
    /// Reads the sessions of the given token hashes with their accounts; a hash with no live session is left out.
    typealias LookUp = @Sendable ([String]) async throws -> [String: Found]
    typealias Waiter = CheckedContinuation<Found?, any Error>

    /// How long an entry is used at most, from the moment its look-up began.
    let lifetime: TimeInterval
    /// At most this many sessions are kept; when full, the cache starts again.
    static let limit = 50_000
    /// At most this many sessions are read together.
    static let batchSize = 500

    private struct Entry {
        var found: Found
        var lookedUpAt: Date
    }

    /// A session to look up: the requests waiting for it (none for a look-up in the background), the earliest
    /// moment one of them asked, which the entry counts its age from, and when it joined the queue.
    private struct Pending {
        var waiters: [Waiter] = []
        var since: Date
        var arrival: UInt64
    }

    private struct State {
        var entries: [String: Entry] = [:]
        var pending: [String: Pending] = [:]
        /// Counts sessions joining the queue, so batches take them in order.
        var arrivals: UInt64 = 0
        /// The sessions of the batch being read: a look-up in the background is not queued again meanwhile.
        var inFlight: Set<String> = []
        /// Whether a batch is being read (one at a time; it takes what is pending when it starts).
        var reading = false
        /// Counts ``forget(where:)`` calls: a look-up that began before one does not store what it found.
        var generation: UInt64 = 0
    }

    private let state = Mutex(State())

    init(lifetime: TimeInterval) {
        self.lifetime = lifetime
    }

    /// The session of `tokenHash` with its account, from the cache when its entry is young enough, else by `lookUp`.
    func signedIn(tokenHash: String, now: Date = Date(), lookUp: @escaping LookUp) async throws -> Found? {
        enum Use { case fresh(Found), refresh(Found), miss }
        let use: Use = state.withLock { state in
            if let entry = state.entries[tokenHash], entry.found.session.expires > now {
                let age = now.timeIntervalSince(entry.lookedUpAt)
                if age >= 0, age < lifetime / 2 { return .fresh(entry.found) }
                if age >= 0, age < lifetime { return .refresh(entry.found) }
            }
            return .miss
        }
        switch use {
        case .fresh(let found):
            return found
        case .refresh(let found):
            // Answered from the cache; looked up again behind the answer, unless a look-up is pending or under way.
            let start = state.withLock { state in
                state.inFlight.contains(tokenHash) || state.pending[tokenHash] != nil
                    ? false : Self.enqueue(tokenHash, since: now, waiter: nil, in: &state)
            }
            if start { startReading(lookUp) }
            return found
        case .miss:
            return try await withCheckedThrowingContinuation { (waiter: Waiter) in
                if state.withLock({ state in Self.enqueue(tokenHash, since: now, waiter: waiter, in: &state) }) { startReading(lookUp) }
            }
        }
    }

    /// Forgets the sessions that match, at once (sign-out, a password changed, an account deactivated).
    func forget(where matches: (StoredSession) -> Bool) {
        state.withLock { state in
            state.generation += 1
            state.entries = state.entries.filter { !matches($0.value.found.session) }
        }
    }

    /// Adds a session to look up (a background one when `waiter` is nil, and only if none is pending); whether a
    /// batch must be started to read it.
    private static func enqueue(_ tokenHash: String, since: Date, waiter: Waiter?, in state: inout State) -> Bool {
        if var pending = state.pending[tokenHash] {
            if let waiter { pending.waiters.append(waiter) }
            pending.since = min(pending.since, since)
            state.pending[tokenHash] = pending
        } else {
            state.arrivals += 1
            state.pending[tokenHash] = Pending(waiters: waiter.map { [$0] } ?? [], since: since, arrival: state.arrivals)
        }
        guard !state.reading else { return false }
        state.reading = true
        return true
    }

    /// Reads batches until nothing is pending: each takes what waits when it starts (sessions a request waits for
    /// first, then look-ups in the background, each in the order they came), stores what it found (unless a session
    /// was forgotten since it began) and answers its waiters; a failed read fails its waiters only.
    private func startReading(_ lookUp: @escaping LookUp) {
        Task {
            while true {
                let (batch, generation): ([String: Pending], UInt64) = state.withLock { state in
                    let next = state.pending.sorted { left, right in
                        left.value.waiters.isEmpty != right.value.waiters.isEmpty
                            ? !left.value.waiters.isEmpty : left.value.arrival < right.value.arrival
                    }.prefix(Self.batchSize)
                    var batch: [String: Pending] = [:]
                    for (key, pending) in next {
                        batch[key] = pending
                        state.pending[key] = nil
                    }
                    state.inFlight = Set(batch.keys)
                    if batch.isEmpty { state.reading = false }
                    return (batch, state.generation)
                }
                if batch.isEmpty { return }
                do {
                    let found = try await lookUp(Array(batch.keys))
                    state.withLock { state in
                        guard state.generation == generation else { return }
                        for (tokenHash, pending) in batch {
                            Self.store(found[tokenHash], tokenHash: tokenHash, lookedUpAt: pending.since, in: &state)
                        }
                    }
                    for (tokenHash, pending) in batch {
                        for waiter in pending.waiters { waiter.resume(returning: found[tokenHash]) }
                    }
                } catch {
                    for waiter in batch.values.flatMap(\.waiters) { waiter.resume(throwing: error) }
                }
            }
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
