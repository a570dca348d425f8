/// Lets an event through once a minute per key (and forgets keys after that), so that what an attacker can repeat
/// cheaply is not written as often as they repeat it.
actor AuditSampler {
    private var last: [String: ContinuousClock.Instant] = [:]

    /// Whether an event with this key is let through now: the first in a minute is.
    func admits(_ key: String, now: ContinuousClock.Instant = .now) -> Bool {
        if last.count > 10_000 { last = last.filter { now - $0.value < .seconds(60) } }
        // Still full of fresh keys (many addresses at once): forget them rather than grow; a few more entries are written.
        if last.count > 10_000 { last.removeAll() }
        if let seen = last[key], now - seen < .seconds(60) { return false }
        last[key] = now
        return true
    }
}
