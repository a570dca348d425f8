/// A check that runs one at a time and at most once per `interval`, its outcome shared: callers while it runs wait for
/// that run, and callers within `interval` of its end get its outcome again.
///
/// `/readyz` checks the database with a write; through this, a node writes at most once a second for it, however
/// often and by however many it is asked.
actor SharedCheck {
    private let check: @Sendable () async throws -> Void
    private let interval: Duration
    private let now: @Sendable () -> ContinuousClock.Instant
    private var last: (finished: ContinuousClock.Instant, outcome: Result<Void, any Error>)?
    private var running: Task<Result<Void, any Error>, Never>?

    /// A check run at most once per `interval`.
    /// - Parameters:
    ///   - now: the time it is (the continuous clock's; a test gives its own to step over the interval).
    ///   - check: the check; it throws when it fails.
    init(
        every interval: Duration,
        now: @escaping @Sendable () -> ContinuousClock.Instant = { ContinuousClock.now },
        _ check: @escaping @Sendable () async throws -> Void
    ) {
        self.interval = interval
        self.now = now
        self.check = check
    }

    /// The outcome of the last run if it ended less than `interval` ago; else that of the run under way, or of a new one.
    func outcome() async -> Result<Void, any Error> {
        if let last, now() - last.finished < interval { return last.outcome }
        if let running { return await running.value }
        let check = self.check
        // Not cancelled with the request that started it: the callers waiting for it still get its outcome.
        let run = Task<Result<Void, any Error>, Never> {
            do {
                try await check()
                return .success(())
            } catch {
                return .failure(error)
            }
        }
        running = run
        let outcome = await run.value
        last = (now(), outcome)
        running = nil
        return outcome
    }
}
