import Foundation
import LenteraCore
import LenteraMirror
import Logging
import ServiceLifecycle
import Synchronization

/// What the status page shows about syncing: per upstream, the last successful sync, versions held and the last error.
final class SyncBoard: Sendable {
    struct Entry: Sendable {
        var kind: String
        var upstream: String
        var lastSuccess: Date?
        var lastError: String?
        var detail: String
    }

    private let entries = Mutex<[String: Entry]>([:])

    func update(_ key: String, _ change: (inout Entry) -> Void, default entry: Entry) {
        entries.withLock { entries in
            var value = entries[key] ?? entry
            change(&value)
            entries[key] = value
        }
    }

    var all: [Entry] { entries.withLock { $0.values.sorted { ($0.kind, $0.upstream) < ($1.kind, $1.upstream) } } }
}

/// Mirrors the courses from an upstream on a schedule; an upstream that is down is retried with backoff while the
/// local site keeps serving what it holds.
struct MirrorService: Service {
    let client: MirrorClient
    let upstream: String
    let key: String?
    let interval: Duration
    let board: SyncBoard
    let builder: SiteBuilder
    let logger: Logger

    func run() async throws {
        try await untilShutdown {
            var backoff = Duration.seconds(30)
            while !Task.isCancelled {
                let logger = logger
                let report = await client.sync(from: HTTPMirrorSource(base: upstream, key: key)) { line in logger.info("\(line)") }
                await builder.refresh()
                let held = client.loadState().courses.filter { $0.value.upstream == upstream }
                    .map { "\($0.key)@\($0.value.sha256.prefix(8))" }.sorted().joined(separator: ", ")
                board.update("mirror", { entry in
                    if report.succeeded { entry.lastSuccess = Date() }
                    entry.lastError = report.failure ?? (report.rejected.isEmpty ? nil : report.rejected.map { "\($0.folder): \($0.reason)" }.joined(separator: "; "))
                    entry.detail = held.isEmpty ? "—" : held
                }, default: SyncBoard.Entry(kind: "mirror", upstream: upstream, detail: ""))
                LenteraMetrics.sync(kind: "mirror", upstream: Self.label(upstream), succeeded: report.succeeded)
                if let failure = report.failure {
                    logger.warning("mirror failed; the courses held here stay served", metadata: [
                        "upstream": "\(Self.label(upstream))", "error": "\(failure)", "retry_in": "\(min(backoff, interval))",
                    ])
                    try await Task.sleep(for: min(backoff, interval))
                    backoff = min(backoff * 2, interval)
                } else {
                    backoff = .seconds(30)
                    try await Task.sleep(for: interval)
                }
            }
        }
    }
}

/// Pushes progress upward on a schedule, resuming from the high-water mark after an outage.
struct PushService: Service {
    let client: PushClient
    let interval: Duration
    let board: SyncBoard
    let leases: any JobLeaseRepository
    let logger: Logger

    func run() async throws {
        try await untilShutdown {
            var backoff = Duration.seconds(5)
            while !Task.isCancelled {
                // One node pushes at a time when several share the database (the outbox and its high-water mark are
                // shared); the lease outlives a few rounds, so another node takes over only when this one is gone.
                let lease = "push " + MirrorService.label(client.upstream)
                let seconds = max(60, Double(interval.components.seconds) * 3)
                do {
                    guard try await leases.holdLease(lease, holder: LeaseHolder.current, for: seconds, at: Date()) else {
                        try await Task.sleep(for: interval)
                        continue
                    }
                } catch {
                    logger.warning("cannot take the push lease; trying again", metadata: ["error": "\(error)"])
                    try await Task.sleep(for: interval)
                    continue
                }
                let report = await client.push()
                board.update("push", { entry in
                    if report.failure == nil { entry.lastSuccess = Date() }
                    entry.lastError = report.failure
                        ?? (report.refused.isEmpty ? nil : "\(report.refused.count) refused by the upstream (kept here): " + (report.refused.last?.reason ?? ""))
                    if report.sent > 0 { entry.detail = "\(report.sent) statements sent at the last push" }
                }, default: SyncBoard.Entry(kind: "push", upstream: client.upstream, detail: ""))
                LenteraMetrics.sync(kind: "push", upstream: MirrorService.label(client.upstream), succeeded: report.failure == nil)
                for refusal in report.refused {
                    logger.warning("the upstream refused a statement; kept here", metadata: ["statement": "\(refusal.statementID)", "reason": "\(refusal.reason)"])
                }
                if let failure = report.failure {
                    logger.warning("push failed; progress stays queued here", metadata: [
                        "upstream": "\(MirrorService.label(client.upstream))", "error": "\(failure)",
                    ])
                    try await Task.sleep(for: min(backoff, interval * 10))
                    backoff = min(backoff * 2, .seconds(600))
                } else {
                    backoff = .seconds(5)
                    try await Task.sleep(for: interval)
                }
            }
        }
    }
}

extension MirrorService {
    /// An upstream's address for logs and metrics: scheme, host and port, never credentials or a query.
    static func label(_ upstream: String) -> String {
        guard let url = URL(string: upstream), let scheme = url.scheme, let host = url.host else { return "invalid" }
        return "\(scheme)://\(host)" + (url.port.map { ":\($0)" } ?? "")
    }
}

/// Runs a background loop until the server stops. Its cancellation at shutdown is how it is meant to end, so it
/// returns normally then, and a stop is not reported as a failure.
func untilShutdown(_ body: @escaping @Sendable () async throws -> Void) async throws {
    do {
        try await cancelWhenGracefulShutdown(body)
    } catch is CancellationError {
        return
    }
}
