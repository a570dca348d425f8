import LenteraCore
import Synchronization

/// The questions of the attempts this process has started or read, by attempt id. An attempt's questions never change
/// once it starts, so every node may keep them: the usual autosave or submission then reads the form against them
/// without a database read first (the store still checks owner, state, deadline and every answer inside its write).
///
/// Questions are found only under the whole ``AttemptKey`` they were kept with: another learner, course or quiz that
/// names the same attempt id finds nothing. The cache empties when it holds ``limit`` attempts, so it never grows
/// without bound.
final class AttemptItemsCache: Sendable {
    /// How many attempts are kept before the cache empties.
    let limit: Int
    private let entries = Mutex<[Int64: (key: AttemptKey, items: [QuizItem])]>([:])

    /// Creates an empty cache that empties when it holds `limit` attempts.
    init(limit: Int = 5_000) {
        self.limit = limit
    }

    /// The questions of the attempt a key names, if kept under that whole key; nil otherwise.
    func items(_ key: AttemptKey) -> [QuizItem]? {
        entries.withLock { entries in entries[key.id].flatMap { $0.key == key ? $0.items : nil } }
    }

    /// Keeps the questions of attempts (as the store returned them) under their keys.
    func keep(_ attempts: [QuizAttempt]) {
        entries.withLock { entries in
            for attempt in attempts {
                if entries.count >= self.limit { entries.removeAll(keepingCapacity: true) }
                entries[attempt.id] = (attempt.key, attempt.items)
            }
        }
    }
}
