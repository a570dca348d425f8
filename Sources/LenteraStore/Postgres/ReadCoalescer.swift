import Synchronization

/// Reads by key that arrive together share one query: while a query runs, the keys asked for meanwhile wait and go
/// into the next one together. Each caller's answer comes from a query that started after it asked, so nothing is
/// older than a read of its own would be (a sign-out on another node is seen at once); under load, one round trip
/// serves many requests instead of one each.
final class ReadCoalescer<Key: Hashable & Sendable, Value: Sendable>: Sendable {
    private struct State: ~Copyable {
        var waiting: [Key: [CheckedContinuation<Value?, any Error>]] = [:]
        var reading = false
    }

    private let state = Mutex(State())
    private let read: @Sendable ([Key]) async throws -> [Key: Value]
    private let limit: Int

    /// - Parameters:
    ///   - limit: the most keys one read asks for; the others wait for the next.
    ///   - read: the values of the keys asked for; a key without a value is absent from the answer.
    init(limit: Int = 1_000, read: @escaping @Sendable ([Key]) async throws -> [Key: Value]) {
        self.limit = max(1, limit)
        self.read = read
    }

    /// The value of `key`, nil when there is none.
    func value(of key: Key) async throws -> Value? {
        try await withCheckedThrowingContinuation { continuation in
            let starts = state.withLock { state -> Bool in
                state.waiting[key, default: []].append(continuation)
                guard !state.reading else { return false }
                state.reading = true
                return true
            }
            if starts { Task { await self.drain() } }
        }
    }

    private func drain() async {
        while true {
            let batch = state.withLock { state -> [Key: [CheckedContinuation<Value?, any Error>]] in
                var batch: [Key: [CheckedContinuation<Value?, any Error>]] = [:]
                for key in Array(state.waiting.keys.prefix(limit)) { batch[key] = state.waiting.removeValue(forKey: key) }
                if batch.isEmpty { state.reading = false }
                return batch
            }
            guard !batch.isEmpty else { return }
            do {
                let found = try await read(Array(batch.keys))
                for (key, continuations) in batch { for continuation in continuations { continuation.resume(returning: found[key]) } }
            } catch {
                for continuations in batch.values { for continuation in continuations { continuation.resume(throwing: error) } }
            }
        }
    }
}
